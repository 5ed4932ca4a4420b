"""A PDF's text as a person finds it on paper, page by page, read by poppler's pdftotext: the one
helper of every test that reads a printed output's pages (each test file had its own, and ran
pdftotext once a page where one run reads them all).

What a test then compares (whitespace folded, typographic quotes made straight) is its own: the
text here is pdftotext's, as printed.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _pdftotext(path: Path, *args: str, page: int | None = None) -> str:
    only = ["-f", str(page), "-l", str(page)] if page is not None else []
    return subprocess.run(["pdftotext", *args, *only, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_text(path: Path, layout: bool = False) -> str:
    """The whole document's text, a form feed after each page. `layout`: as laid out on the page
    (columns side by side, a run-in head on its line); else in reading order."""
    return _pdftotext(path, *(["-layout"] if layout else []))


def pdf_pages(path: Path, layout: bool = False) -> list[str]:
    """Each page's text (`pdf_text`'s, in one run of pdftotext)."""
    return pdf_text(path, layout).split("\f")[:-1]  # pdftotext ends every page, the last one too, with a form feed


def pdf_page(path: Path, page: int, layout: bool = False) -> str:
    """One page's text (1-based)."""
    return _pdftotext(path, *(["-layout"] if layout else []), page=page).rstrip("\f")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # points from the page's top-left corner


@dataclass(frozen=True)
class Page:
    width: float
    height: float  # points
    words: tuple[Word, ...]


def _pages(bbox: str) -> list[Page]:
    return [Page(float(width), float(height),
                 tuple(Word(html.unescape(text), float(a), float(b), float(c), float(d))
                       for a, b, c, d, text in _WORD.findall(body)))
            for width, height, body in _PAGE.findall(bbox)]


def pdf_boxes(path: Path) -> list[Page]:
    """Every page with its words and their boxes, in one run of pdftotext."""
    return _pages(_pdftotext(path, "-bbox"))


def page_words(path: Path, page: int) -> list[Word]:
    """One page's words with their boxes (1-based)."""
    return list(_pages(_pdftotext(path, "-bbox", page=page))[0].words)
