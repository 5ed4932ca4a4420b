"""A name tent's type size: the name as large as fits the tent's width (review 22: every name was
set at 66, 52 or 40 pt by its length, so a short name filled half the tent and the back row read
it no better than a long one).

The width is estimated with the deck's per-letter widths for the same family (slides/fit.py,
measured on Source Sans, a few per cent generous), widened for the bold the tent sets. The size is
capped so that the name, a name in its own script under it and the pronouns line stay inside one
half of the fold, and floored where a very long name wraps onto a second line instead of
shrinking into type the room cannot read.
"""

from __future__ import annotations

import math

from .slides import fit

PT_MM = 25.4 / 72
SHEET_MM = {"letter": (279.4, 215.9), "A4": (297.0, 210.0)}  # landscape: width, height
PAD_MM = 12  # each side of a half (panelkit/name-tents.html .pk-half)
BOLD = 1.08  # bold sets wider than the regular weight fit.py measured
LARGEST_PT = 110  # about 27 mm capitals: a line of it stays well inside a half of either paper
SMALLEST_PT = 40  # a name longer than the width at this size wraps instead


def name_pt(name: str, paper: str) -> int:
    """The name's type size in points on a tent of `paper` ("letter" or "A4")."""
    width_mm = SHEET_MM.get(paper, SHEET_MM["A4"])[0] - 2 * PAD_MM
    em = sum(fit.char_width(c) for c in name) * fit.SAFETY * BOLD or 1.0
    return max(SMALLEST_PT, min(LARGEST_PT, math.floor(width_mm / PT_MM / em)))
