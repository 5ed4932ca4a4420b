"""`check` for links written inside Markdown fields, as MkDocs checks the links of docs/ pages.

A link to a lesson, story or exercise by id (`[the audit](exercise:audit)`) must name one
that exists; a relative link to a page (`[About](about.md)`, relative to docs/) must name a
page the site has: a generated one or one of docs/. Each problem is reported where the link
is written (file:line:column), with the id or page the author probably meant.
"""

from __future__ import annotations

import posixpath
import re
import typing
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .diagnostics import Diagnostic, did_you_mean
from .load import Document
from .markdown_ext import LINK_KINDS, LINK_SOURCE, PAGE_FOLDERS, page_of, split

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = {"http", "https", "mailto", "tel"}
SHOWN_KINDS = {"lesson": "lesson", "anecdote": "story", "exercise": "exercise"}
GENERATED = ("index.md", "lessons/index.md", "stories/index.md", "exercises/index.md", "print.md", "facilitator.md",
             "panel.md")


def markdown_fields(spec: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(key path, text) of every non-empty Markdown field of a spec, nested ones included."""
    if not isinstance(spec, BaseModel):
        return
    for name, field in type(spec).model_fields.items():
        value = getattr(spec, name)
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if extra.get("contentMediaType") == "text/markdown" and isinstance(value, str) and value:
            yield loc + (name,), value
        elif isinstance(value, BaseModel):
            yield from markdown_fields(value, loc + (name,))
        elif isinstance(value, tuple):
            lines = _is_markdown(next(iter(typing.get_args(field.annotation)), None))  # tuple[MarkdownLine, ...]
            for index, item in enumerate(value):
                if lines and isinstance(item, str):
                    yield loc + (name, index), item
                else:
                    yield from markdown_fields(item, loc + (name, index))


def _is_markdown(annotation: Any) -> bool:
    return any(isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict)
               and meta.json_schema_extra.get("contentMediaType") == "text/markdown"
               for meta in getattr(annotation, "__metadata__", ()))


def docs_pages(docs_dir: Path) -> set[str]:
    if not docs_dir.is_dir():
        return set()
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md") if p.is_file()}


def check_links(documents: Iterable[tuple[Document, Any]], ids: dict[str, set[str]], pages: set[str],
                broken: dict[str, set[str]]) -> list[Diagnostic]:
    """Every internal link of every Markdown field. `ids` and `broken` map 'lesson', 'anecdote',
    'exercise' to the ids that exist (and those of files with errors of their own, not reported
    again); `pages` are the docs-relative pages of docs/."""
    known_pages = set(pages) | set(GENERATED) | {page_of(k, i) for k, found in ids.items() for i in found}
    diags = []
    for doc, spec in documents:
        file_lines: list[str] | None = None
        for loc, text in markdown_fields(spec):
            seen: dict[str, int] = {}
            for match in LINK_SOURCE.finditer(text):
                href = match.group("href")
                problem = _problem(href, ids, known_pages, broken)
                if problem is None:
                    continue
                if file_lines is None:
                    file_lines = doc.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
                seen[href] = seen.get(href, 0) + 1
                line, column = _locate(file_lines, href, doc.position(loc)[0], seen[href])
                diags.append(Diagnostic(doc.shown, line, column, *problem))
    return diags


def _problem(href: str, ids: dict[str, set[str]], pages: set[str],
             broken: dict[str, set[str]]) -> tuple[str, str] | None:
    """(message, hint) for a link that does not resolve, else None."""
    scheme = _SCHEME.match(href)
    if scheme and scheme.group(1).lower() in _WEB_SCHEMES:
        return None
    if scheme and scheme.group(1) not in LINK_KINDS:
        # a misspelt kind; any other scheme (javascript:, file:) is removed by the sanitiser
        hint = did_you_mean(scheme.group(1), ("lesson", "story", "exercise"))
        return (f"link '{href}' names an unknown kind of page '{scheme.group(1)}'", hint) if hint else None
    kind, target, _ = split(href)
    if kind is not None:
        if target in ids[kind] or target in broken[kind]:
            return None
        elsewhere = [k for k, found in ids.items() if target in found]
        if elsewhere:
            shown = SHOWN_KINDS[elsewhere[0]]
            return f"link '{href}': there is no {SHOWN_KINDS[kind]} '{target}'", f"'{target}' is a {shown}: write {shown}:{target}"
        hint = did_you_mean(target, ids[kind]) or (f"known {SHOWN_KINDS[kind]} ids: {', '.join(sorted(ids[kind]))}"
                                                   if ids[kind] else f"there is no {SHOWN_KINDS[kind]} yet")
        return f"link '{href}': there is no {SHOWN_KINDS[kind]} '{target}'", hint
    if href.startswith(("/", "#")) or not target.endswith(".md"):
        return None  # an anchor on the same page, a site-absolute path, a download or an image
    if target in pages:
        return None
    return f"broken link '{href}': there is no such page", _page_hint(target, ids, pages)


def _page_hint(target: str, ids: dict[str, set[str]], pages: set[str]) -> str:
    stem, folder = posixpath.splitext(posixpath.basename(target))[0], posixpath.basename(posixpath.dirname(target))
    by_folder = {folder_name: kind for kind, folder_name in PAGE_FOLDERS.items()}
    kinds = [by_folder[folder]] if folder in by_folder else list(PAGE_FOLDERS)
    for kind in kinds:
        if stem in ids[kind]:
            return (f"link by id: write {SHOWN_KINDS[kind]}:{stem} (a page path in data is relative to docs/, "
                    "because a field is shown on several pages)")
    # compared without '.md', which every page shares (else 'venue.md' would suggest 'index.md')
    close = did_you_mean(target.lstrip("./")[:-3], sorted(p[:-3] for p in pages))
    return close.replace("'?", ".md'?") if close else "a page path in data is relative to docs/ (e.g. 'about.md'); link to a lesson, story or " \
                    "exercise by id, e.g. exercise:ID"


def _locate(lines: list[str], href: str, start_line: int, nth: int) -> tuple[int, int]:
    """Line and column of the nth time `href` is written at or after its field's first line
    (a block of text starts on the line below its key)."""
    count = 0
    for number in range(max(start_line, 1), len(lines) + 1):
        column = -1
        while True:
            column = lines[number - 1].find(href, column + 1)
            if column < 0:
                break
            count += 1
            if count == nth:
                return number, column + 1
    return start_line, 1
