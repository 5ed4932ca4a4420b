"""Review 27 #8 (and 27b G): a choice worksheet without writing room left a page two-thirds empty:
the starter's one-question sheet sat alone on page 3 of 4, the contents page forcing a break after
it. Short sheets pack: the first follows the contents when it fits there whole, and no worksheet
is cut across two pages (a choice sheet that fits on a page moves on whole)."""

from __future__ import annotations

import re

from pdftext import pdf_pages


def _cut_sheets(pages: list[str]) -> list[str]:
    """The worksheets whose kicker ("WORKSHEET 2 · …") and last line (its "Online: …" address)
    are on two pages; a workbook without the site's address has no such line to find."""
    text = "".join(f"\f{n}\f{page}" for n, page in enumerate(pages, start=1))
    cut = []
    for head in re.finditer(r"WORKSHEET (\d+)", text, flags=re.I):
        online = text.find("Online:", head.end())
        if online < 0:
            continue
        first, last = (int(re.findall(r"\f(\d+)\f", text[:at])[-1]) for at in (head.start(), online))
        if first != last:
            cut.append(f"worksheet {head[1]}: pages {first}-{last}")
    return cut


def test_a_short_first_sheet_shares_the_contents_page(scaffold_site):
    pages = pdf_pages(next((scaffold_site / "handouts").glob("*-workbook.pdf")))
    assert len(pages) == 3, [p[:60] for p in pages]  # four before: the sheet alone on page 3
    contents = " ".join(pages[1].split())
    assert "Worksheets" in contents and "Your next step" in contents and "Send it the same week" in contents


def test_no_worksheet_is_cut_across_pages(flagship_site, second_site):
    for site in (flagship_site, second_site):
        pages = pdf_pages(next((site / "handouts").glob("*-workbook.pdf")))
        assert len(re.findall(r"Online: ", "".join(pages))) >= 5
        assert _cut_sheets(pages) == [], site
