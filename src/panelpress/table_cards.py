"""A Markdown table that reads as a card a row on a phone (review 23, #2).

An audit's model answer is a wide table (a name, three answers, a verdict): on a phone Material
scrolls it sideways with no visible scrollbar, and the last column, the verdict the answer is
there to show, is never seen. `label_cells` gives each body cell its column's header as
`data-label`, so the CSS can lay each row out as a card ("Real conversation? yes") on narrow
screens and leave the table as it is on a desktop and on paper. It works on the `md` filter's
output: sanitised by nh3, so its table markup is regular (no attributes but `align`).
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def _plain(cell_html: str) -> str:
    """A header cell's words, for an attribute: its tags dropped, its entities read, re-escaped."""
    return html.escape(" ".join(html.unescape(_TAG.sub("", cell_html)).split()), quote=True)


def _label(table: re.Match) -> str:
    head, found, body = table.group(1).partition("</thead>")
    if not found:
        return table.group(0)
    labels = [_plain(cell) for cell in _HEADER.findall(head)]
    rows = body.split("<tr>")
    for i, row in enumerate(rows[1:], 1):
        names = iter(labels)
        rows[i] = _CELL.sub(lambda cell: f'<td data-label="{next(names, "")}"', row)
    return f"<table>{head}</thead>{'<tr>'.join(rows)}</table>"


def label_cells(markup: str) -> Markup:
    """`markup` (the `md` filter's HTML) with each table's body cells labelled by their column."""
    return Markup(_TABLE.sub(_label, str(markup)))
