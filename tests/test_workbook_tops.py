"""The workbook's pages line up: every worksheet that opens a page starts at the same height, the
first as every other (review 25 #20: worksheet 1 began 34 pt lower, its 12 mm sheet margin kept
after the contents page's forced break, so its header and QR code sat lower than the rest when
the booklet is flipped), and the takeaways page's heading at the agenda's height."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdftext import pdf_boxes

pytestmark = pytest.mark.build


@pytest.fixture(scope="module", params=["flagship", "negotiation", "starter"])
def workbook(request) -> Path:
    """The workbook of the session's build of each workshop (the starter: `panelpress new`'s)."""
    kit = request.getfixturevalue({"flagship": "flagship_kit", "negotiation": "second_kit",
                                   "starter": "scaffold_kit"}[request.param])
    return next((kit / "handouts").glob("*-workbook.pdf"))


def first_lines(path: Path) -> list[tuple[float, str]]:
    """Each page's first line as printed: its top (pt from the page's top) and its words."""
    lines = []
    for page in pdf_boxes(path):
        found = page.words
        top = min(w.y0 for w in found)
        line = sorted((w for w in found if abs(w.y0 - top) < 0.5), key=lambda w: w.x0)
        lines.append((top, " ".join(w.text for w in line)))
    return lines


def test_every_worksheet_page_starts_at_the_same_height(workbook):
    lines = first_lines(workbook)
    sheets = [(top, text) for top, text in lines if text.casefold().startswith("worksheet ")]
    if [text.split(" ·")[0] for _, text in sheets][:1] != ["WORKSHEET 1"]:
        # a short first sheet follows the contents on their page (test_workbook_packing.py)
        assert lines[1][1] == "Agenda" and "WORKSHEET 1" in " ".join(w.text for w in pdf_boxes(workbook)[1].words)
    tops = {round(top, 1) for top, _ in sheets}
    assert len(tops) <= 1, f"worksheet pages start at different heights: {sheets}"


def test_the_takeaways_page_starts_where_the_agenda_page_does(workbook):
    lines = dict((text, top) for top, text in first_lines(workbook))
    assert abs(lines["Key takeaways"] - lines["Agenda"]) < 0.5, lines
