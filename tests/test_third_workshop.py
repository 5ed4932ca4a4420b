"""The third workshop (tests/fixtures/interviews), written by author28 from the README and
DATA-FORMAT.md alone: what only it has. One build (third_site), shared by these tests."""

from __future__ import annotations

import re

import pytest

from conftest import NARROW, PHONE, straight, viewing
from pdftext import pdf_boxes, pdf_pages, pdf_text

REGRET = "What could she have asked in minute fifteen instead?"


def test_a_story_without_a_moral_leaves_its_point_to_the_room(third_site, third_kit):
    """`moral` is optional: "The question I regret" has none, so no output prints an empty "The
    point:"; its question for the room follows its beats on the slides."""
    told = (third_site / "stories" / "the-question-i-regret" / "index.html").read_text(encoding="utf-8")
    assert REGRET in told and "pp-pullquote" not in told
    coffee = (third_site / "stories" / "the-coffee-that-was-not-coffee" / "index.html").read_text(encoding="utf-8")
    assert "pp-pullquote" in coffee
    deck = (third_kit / "slides" / "index.html").read_text(encoding="utf-8")
    assert REGRET in deck
    assert "The question I regret · Marcus Bell · the point" not in deck
    assert "The coffee that was not coffee · Theodora Papadopoulou-Karagianni · the point" in deck
    guide = straight(" ".join(pdf_text(third_kit / "handouts" / "info-interviews-facilitator-guide.pdf").split()))
    told_in_guide = guide.split('Marcus Bell tells "The question I regret"')[1].split("The story to tell")[0]
    assert "The point" not in told_in_guide and REGRET in told_in_guide
    marcus = pdf_text(third_kit / "panel" / "info-interviews-briefing-marcus-bell.pdf")
    theodora = pdf_text(third_kit / "panel" / "info-interviews-briefing-theodora.pdf")
    assert "The point of it" not in marcus and "The point of it" in theodora


def test_the_workbook_is_letter_and_takes_its_take_home_worksheets_home(third_kit):
    workbook = third_kit / "handouts" / "info-interviews-workbook.pdf"
    assert {(round(p.width), round(p.height)) for p in pdf_boxes(workbook)} == {(612, 792)}
    pages = [" ".join(p.split()) for p in pdf_pages(workbook)]
    takeaways = next(n for n, p in enumerate(pages) if p.startswith("Key takeaways"))
    after = next(n for n, p in enumerate(pages) if "After the call After your first" in p)
    assert after > takeaways
    assert "WORKSHEET 5 · TAKE-HOME · ABOUT 10 MIN" in pages[after]


def test_a_briefings_page_number_stays_on_one_line_under_a_long_name(third_kit):
    """Theodora's briefing names her in two scripts in its footer, which runs over two lines: the
    page number beside it said "Page 1 of" above "2"."""
    briefing = third_kit / "panel" / "info-interviews-briefing-theodora.pdf"
    pages = pdf_pages(briefing)
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in page, page[-200:]


@pytest.mark.parametrize("viewport", [NARROW, PHONE], ids=["320", "390"])
def test_a_long_hyphenated_name_stays_inside_its_card_on_a_phone(viewport, served_third, browser):
    """"Papadopoulou-Karagianni" is wider than a phone's panel card: it breaks at its hyphen
    inside the card rather than running out of it."""
    fits = """() => [...document.querySelectorAll('.pp-person__name')].map(name => {
      const card = name.closest('li'), style = getComputedStyle(card);
      const room = card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const box = name.getBoundingClientRect(), inner = card.getBoundingClientRect();
      return [name.textContent.trim(), name.scrollWidth <= room + 1 && box.left >= inner.left && box.right <= inner.right];
    })"""
    with viewing(browser, viewport) as page:
        page.goto(served_third)
        page.evaluate("document.fonts.ready.then(() => true)")
        found = dict(page.evaluate(fits))
        assert "Theodora Papadopoulou-Karagianni" in found
        assert all(found.values()), found


def test_the_third_workshop_speaks_canadian_english(third_site):
    home = (third_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*lang="en-CA"', home)
    # and tells time as Canada does (test_clock_times.py: every output)
    assert "Thursday, February 18, 2027" in home and "12:15\xa0p.m.–1:45\xa0p.m." in home
