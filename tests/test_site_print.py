"""A site page printed from the browser (Chromium, Letter) takes the pages its text needs. A lesson
took 5 where 4 hold it, the last with only "Discussion" and its question, the home page 5 with
"After the workshop" alone: blocks kept whole that are half a page (story cards) or taller than one
(the agenda) jumped to the next page and left the rest of theirs blank (print.css, "Whole pages")."""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

# Letter at CSS pixels, less Material's 25 mm print margins on each side: the box text is laid out in
LETTER = {"width": 816, "height": 1056}
MARGIN = 25 / 25.4 * 96
CONTENT = {"width": round(LETTER["width"] - 2 * MARGIN), "height": LETTER["height"] - 2 * MARGIN}


def printed(browser, url: str) -> tuple[list[str], float]:
    """The page printed to PDF (each page's text), and its article's height laid out for print in
    the width a Letter page gives it."""
    context = browser.new_context(viewport=LETTER)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        pages = [" ".join((p.extract_text() or "").split())
                 for p in PdfReader(io.BytesIO(page.pdf(format="Letter"))).pages]
        page.set_viewport_size({"width": CONTENT["width"], "height": round(CONTENT["height"])})
        page.emulate_media(media="print")
        height = page.evaluate("document.querySelector('article.md-content__inner').getBoundingClientRect().height")
        return pages, height
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "lessons/networking-is-making-friends/", "lessons/relationships-run-both-ways/",
                                  "lessons/referral-puts-a-name-on-the-line/"])
def test_a_printed_page_takes_the_pages_its_text_needs(served_site, browser, path):
    pages, height = printed(browser, served_site + path)
    assert len(pages) == math.ceil(height / CONTENT["height"]), (len(pages), height)
    # the last page is not one section's heading and line left over: it goes on from the one before
    last_heading = {"": "After the workshop"}.get(path, "Discussion")
    assert last_heading in pages[-1]
    assert len(pages[-1].split(last_heading, 1)[0]) > 40, pages[-1]


def test_the_second_workshops_lessons_print_on_the_pages_they_need(served_second, browser):
    for path in ("", "lessons/asking-well/", "lessons/know-your-number/", "print/", "panel/"):
        pages, height = printed(browser, served_second + path)
        # print/: 856 px of cards and their last bottom margin printed a blank second sheet
        assert len(pages) == math.ceil(height / CONTENT["height"]), (path, len(pages), height)
        if path == "":
            # its last section ("After the workshop", two lines) takes the one before it along
            assert len(pages[-1].split("After the workshop", 1)[0]) > 40, pages[-1]


def test_a_story_prints_on_one_sheet_with_where_it_is_told(flagship_site, served_site, browser):
    """A story page 69 px longer than a Letter page printed "Where this story is told" (two links)
    alone on a second sheet (review 24). The print type is 11.7 pt now, not the screen's 12.75 pt
    (print.css), and a page's last section never starts a page on its own."""
    stories = sorted(folder.name for folder in (flagship_site / "stories").iterdir() if folder.is_dir())
    assert len(stories) >= 4
    for story in stories:
        pages, height = printed(browser, f"{served_site}stories/{story}/")
        # before: two-years-of-coffee 936 px and family-connection-internship 901 px, 2 pages each
        assert len(pages) == math.ceil(height / CONTENT["height"]) == 1, (story, len(pages), height)
        assert "Where this story is told" in pages[0], story
