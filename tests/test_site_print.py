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
    for path in ("", "lessons/asking-well/", "lessons/know-your-number/"):
        pages, height = printed(browser, served_second + path)
        assert len(pages) == math.ceil(height / CONTENT["height"]), (path, len(pages), height)
