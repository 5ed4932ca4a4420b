"""A field's text as the slides lay it out: Markdown as items (one a paragraph or list item),
a message as one item a line, and the plain words for estimating a length."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import nh3
from markupsafe import Markup

from ..render import md
from .data import Item


def plain(markdown_text: str) -> str:
    """A Markdown field's words without markup, for estimating its length."""
    return plain_html(md(markdown_text))


def plain_html(rendered: str) -> str:
    return " ".join(nh3.clean(str(rendered), tags=set()).split())


def markdown_items(text: str) -> list[Item]:
    """A Markdown field as slide items: one per paragraph or list item (so a list can be split),
    each rendered by `md` like everywhere else (a nested list stays inside its item)."""
    items: list[Item] = []
    for tag, inner, number in _top_blocks(str(md(text))):
        if tag == "li":
            items.append(Item(Markup(inner.strip()), html=True, marker=f"{number}." if number else ""))
        else:
            items.append(Item(Markup(inner.strip()), html=True, bare=True))
    return items


def message_items(text: str) -> list[Item]:
    """Plain text whose lines matter (a message as it was sent) as one item a line, so it keeps
    its line breaks and can be split between lines; a paragraph's later lines sit close."""
    items: list[Item] = []
    previous_blank = True
    for line in text.splitlines():
        if line.strip():
            items.append(Item(line.strip(), bare=True, joined=not previous_blank))
        previous_blank = not line.strip()
    return items


class _Blocks(HTMLParser):
    """The top-level blocks of rendered Markdown, with each list's items taken one by one:
    ('p', inner HTML, 0), ('li', inner HTML, number in an ordered list or 0), or
    ('block', the whole element, 0) for a table, a quotation or code."""

    VOID = {"br", "hr", "img", "input"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.open: list[tuple[str, int, int]] = []  # (tag, where its start tag begins, where its content begins)
        self.counts: list[int] = []  # items seen so far in each open top-level list
        self.blocks: list[tuple[str, str, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.VOID:
            return
        if tag in ("ul", "ol") and not self.open:
            self.counts.append(0)
        start = self._offset()
        self.open.append((tag, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.open:
            return
        name, start, content = self.open.pop()
        end = self._offset()
        depth = len(self.open)
        if depth == 0 and name == "p":
            self.blocks.append(("p", self.source[content:end], 0))
        elif depth == 0 and name not in ("ul", "ol"):
            self.blocks.append(("block", self.source[start:end + len(f"</{tag}>")], 0))
        elif depth == 1 and name == "li":
            parent = self.open[0][0]
            self.counts[-1] += 1
            self.blocks.append(("li", self.source[content:end], self.counts[-1] if parent == "ol" else 0))

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        pass

    def feed_all(self) -> list[tuple[str, str, int]]:
        self.feed(self.source)
        self.close()
        return self.blocks


def _top_blocks(rendered: str) -> list[tuple[str, str, int]]:
    return _Blocks(rendered).feed_all()
