"""The sign-in sheet's pages: whole pages of rows, each tall enough to write a name by hand.

A row for each expected person used to run 23 rows onto the first page and 7 onto a second
(issue 16). Now the rows fill every page they start: as many pages as the expected people need,
each full of rows of at least MIN_ROW_MM (walk-ins find a free row), numbered on from page to
page. The first page's heading (kind, title, date) is estimated here from the text, generously,
with SLACK_MM to spare, so the last row never spills onto a page of its own; each page's rows
then share what is left equally. The sizes are handouts.css's: change both together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PAGE_MM = {"letter": (215.9, 279.4), "A4": (210.0, 297.0)}  # options.page_size → width, height
MARGIN_X_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 17, 16, 18  # handouts.css @page
MIN_ROW_MM = 8.5  # handwriting needs ≥ 8 mm, with a little to spare
MAX_ROW_MM = 12.0  # a few people: rows no taller than this, the rest of the page left blank
THEAD_MM = 8.0  # the table's heading row (8.5 pt, one line; two when the consent column wraps)
SLACK_MM = 5.0  # what an estimate may be short by
PT_MM = 25.4 / 72


@dataclass(frozen=True)
class Page:
    first: int  # the number of its first row
    rows: int
    row_mm: float

    @property
    def cell_mm(self) -> float:
        """A row's cell height: its row less the 0.6 pt rule between rows (handouts.css), so that
        the rules do not add up to a row too many for the page."""
        return self.row_mm - 0.6 * PT_MM

    @property
    def numbers(self) -> range:
        return range(self.first, self.first + self.rows)


def _lines(text: str, pt: float, width_mm: float) -> int:
    """Lines a text takes at `pt`, at a generous average advance of 0.5 em a character (Source Sans 3 sets English at about 0.45)."""
    return max(1, math.ceil(len(text) * 0.5 * pt * PT_MM / width_mm))


def heading_mm(title: str, meta: str, note: str, width_mm: float) -> float:
    """The first page's heading above the table: kind (8 pt caps), title (16 pt), meta line, and
    the consent note when there is one (handouts.css: .pp-doc-kind, .pp-signin …)."""
    height = 8 * 1.4 * PT_MM + 2  # the kind, and its margin
    height += _lines(title, 16, width_mm) * 16 * 1.2 * PT_MM + 1
    height += _lines(meta, 9.5, width_mm) * 9.5 * 1.4 * PT_MM + 3
    if note:
        height += _lines(note, 8.5, width_mm) * 8.5 * 1.4 * PT_MM + 4
    return height


def pages(expected: int, paper: str, title: str, meta: str, note: str = "", consent: bool = False) -> tuple[Page, ...]:
    """Whole pages of rows for at least `expected` people."""
    width, height = PAGE_MM.get(paper, PAGE_MM["A4"])
    body = height - MARGIN_TOP_MM - MARGIN_BOTTOM_MM - SLACK_MM - THEAD_MM * (2 if consent else 1)
    room = (body - heading_mm(title, meta, note, width - 2 * MARGIN_X_MM), body)  # the first page, the others
    made: list[Page] = []
    first = 1
    while first <= expected:
        space = room[0] if not made else room[1]
        fits = max(1, int(space // MIN_ROW_MM))
        left = expected - first + 1
        if not made and left <= fits:  # everyone on one page: rows as tall as the page allows, up to MAX_ROW_MM
            rows = max(left, min(fits, int(space // MAX_ROW_MM)))
        else:
            rows = fits
        made.append(Page(first, rows, min(MAX_ROW_MM, space / rows)))
        first += rows
    return tuple(made)
