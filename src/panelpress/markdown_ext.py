"""Markdown as authors write it, and links inside it that name a page by id.

Python-Markdown nests a list only when it is indented by four spaces; GitHub, editors and
most authors indent by two (or by the width of the marker, `1. `). `normalise_lists`
rewrites list indentation to Python-Markdown's four spaces before rendering, so the same
text makes the same nested list wherever it is rendered. It also lets a list start right
after a paragraph line, and a backslash end a line with a line break, as GitHub does.

A Markdown field can link to a lesson, story or exercise by id: `[the audit](exercise:audit)`
(`[](exercise:audit)` takes the exercise's title). A relative link to a `.md` page is written
relative to `docs/` (`[About](about.md)`), because a field is shown on several pages. Where
such a link points depends on the output: `resolve` rewrites them when a page is rendered
(`datalinks.py` checks them).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Callable

# `story:` is what the site calls an anecdote; both are accepted
LINK_KINDS = {"lesson": "lesson", "story": "anecdote", "anecdote": "anecdote", "exercise": "exercise"}
PAGE_FOLDERS = {"lesson": "lessons", "anecdote": "stories", "exercise": "exercises"}

_MARKER = re.compile(r"^( *)([-*+]|(\d{1,9})[.)])(?: +(.*)|$)")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")  # `* * *` is a horizontal rule, not a list


def page_of(kind: str, item_id: str) -> str:
    """The docs-relative page of a lesson, story or exercise ('exercises/audit.md')."""
    return f"{PAGE_FOLDERS[kind]}/{item_id}.md"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shift(line: str, by: int) -> str:
    if by >= 0:
        return " " * by + line
    return line[min(-by, _indent(line)):]


def normalise_lists(text: str) -> str:
    """List items nested by any indentation an author would use (two spaces, the marker's
    width, four) re-indented to four spaces a level, and a line ending in a backslash made a
    line break (as on GitHub); other text is left as written."""
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # open list items: (marker's indent, content's column) as written
    fence: tuple[str, int] | None = None  # an open code fence and how far its lines move
    previous = ""  # the last line, as written
    loose = False  # a blank line inside the open list: its items hold paragraphs
    after_marker = False  # the last line opened a list item
    for line in text.split("\n"):
        if fence is not None:
            out.append(_shift(line, fence[1]) if line.strip() else line)
            if line.strip().startswith(fence[0]) and not line.strip().strip(fence[0][0]):
                fence = None
            previous = line
            continue
        indent, blank_before = _indent(line), not previous.strip()
        previous = line
        if line.endswith("\\") and not line.endswith("\\\\"):
            line = line[:-1] + "  "  # CommonMark's hard line break; Python-Markdown knows two spaces
        if not line.strip():
            out.append("")
            loose = loose or bool(stack)
            continue
        marker = None if _RULE.match(line) else _MARKER.match(line)
        starts = marker is not None and (stack or indent <= 3) and (
            stack or blank_before or marker.group(3) in (None, "1"))  # as in CommonMark: only `1.` interrupts a paragraph
        if marker is not None and starts:
            in_list = bool(stack)
            while stack and indent < stack[-1][0] + 2:  # less indented than a child of the open item: a sibling
                stack.pop()
            if not blank_before and out and out[-1].strip() and (not in_list or (loose and not after_marker)):
                # Python-Markdown needs a blank line before a list, and before the next item
                # of a list whose items hold paragraphs (else the item joins the paragraph)
                out.append("")
            content = marker.group(4) or ""
            out.append(" " * (4 * len(stack)) + marker.group(2) + " " + content)
            width = len(marker.group(2)) + 1
            stack.append((indent, indent + width))
            after_marker = True
            continue
        after_marker = False
        if stack and blank_before:
            while stack and indent < stack[-1][0] + 2:
                stack.pop()
        if not stack:
            loose = False
            out.append(line)
        else:  # more of the open item: a lazy or indented continuation line, or a paragraph of it
            extra = max(0, indent - stack[-1][1]) if blank_before else 0
            moved = " " * (4 * len(stack) + extra) + line.lstrip(" ")
            out.append(moved)
            opening = _FENCE.match(line)
            if opening:
                fence = (opening.group(1), _indent(moved) - indent)
                continue
        opening = _FENCE.match(line)
        if opening and not stack:
            fence = (opening.group(1), 0)
    return "\n".join(out)


# --- links ----------------------------------------------------------------------------------

# a Markdown link in source text: [text](href "title"); `check` reads hrefs with it
LINK_SOURCE = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?P<href>[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ANCHOR = re.compile(r'<a href="(?P<href>[^"]*)"(?P<attrs>[^>]*)>(?P<text>.*?)</a>', re.S)


def is_internal(href: str) -> bool:
    """A link `resolve` rewrites: an id link, or a relative path (docs-relative)."""
    scheme = href.split(":", 1)[0] if ":" in href else None
    if scheme is not None:
        return scheme in LINK_KINDS
    return not href.startswith(("/", "#"))


def split(href: str) -> tuple[str | None, str, str]:
    """(kind, id or path, '#fragment') of an internal link."""
    href, hash_, fragment = href.partition("#")
    fragment = hash_ + fragment
    if ":" in href:
        scheme, _, target = href.partition(":")
        return LINK_KINDS[scheme], target, fragment
    return None, posixpath.normpath(href) if href else "", fragment


@dataclass(frozen=True)
class Place:
    """Where rendered links point: `page` is the site page being rendered (relative links),
    else `site_url` (absolute links, for PDFs and slides), else links become plain text."""

    titles: dict[tuple[str, str], str]  # (kind, id) → title
    page: str | None = None
    site_url: str | None = None
    rel: Callable[[str, str], str] | None = None


def resolve(rendered: str, place: Place | None) -> str:
    """Rewrite the internal links of rendered, sanitised Markdown for where it is shown."""
    if 'href="' not in rendered:
        return rendered

    def one(match: re.Match) -> str:
        href = html.unescape(match.group("href"))
        if not is_internal(href):
            return match.group(0)
        kind, target, fragment = split(href)
        text = match.group("text")
        if kind is not None:
            title = place.titles.get((kind, target)) if place else None
            text = text or html.escape(title or target, quote=False)
            if title is None:
                return text  # unknown id: `check` reports it; the words stay
            target = page_of(kind, target)
        if place is None or (place.page is None and not place.site_url) or place.rel is None:
            return text
        if place.page is not None:
            url = place.rel(target, place.page)
        else:
            url = place.site_url.rstrip("/") + "/" + place.rel(target, "index.md").removeprefix("./")
        return f'<a href="{html.escape(url + fragment)}">{text}</a>'

    return _ANCHOR.sub(one, rendered)
