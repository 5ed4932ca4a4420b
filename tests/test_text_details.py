"""Small things a reader notices in the words: a title in the navigation set as the page's own
heading is, one full stop where a quoted title ends in a question mark, a rating's ends named,
a heading printed from the dark scheme in the paper's colour (review 23)."""

from __future__ import annotations

import re
import subprocess

from conftest import DESKTOP, viewing


def test_navigation_titles_are_typographic_and_escaped_once(flagship_site):
    page = (flagship_site / "lessons" / "index.html").read_text(encoding="utf-8")
    nav = " ".join(re.findall(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', page))
    assert "1. A referral puts someone’s name on the line" in nav, nav[:600]
    assert "&#x27;" not in nav and "&#39;" not in nav
    # the footer's "Next:" label a screen reader reads: escaped once, not "&amp;#x27;"
    labels = re.findall(r'aria-label="(Next|Previous): ([^"]*)"', page)
    assert labels, "the flagship shows Material's page footer"
    assert not any("&amp;" in title for _, title in labels), labels


def test_a_quoted_title_ending_in_a_question_mark_takes_no_second_stop(flagship_site):
    panel = (flagship_site / "panel" / "index.html").read_text(encoding="utf-8")
    assert "“Networking: is it the secret sauce?”</p>" in panel
    assert "?”." not in panel


def test_a_rating_without_named_ends_gets_the_catalogues(second_site):
    """The second workshop's 'Was the evening worth your time?' names no ends: a 1-to-5 row on
    paper did not say which end is good."""
    page = (second_site / "evaluation" / "index.html").read_text(encoding="utf-8")
    block = page[page.index("Was the evening worth your time?"):][:1500]
    assert "1 = Not at all, 5 = Very much" in block
    form = next((second_site / "handouts").glob("*-evaluation.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(form), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    # the form's other rating names its own ends ("Not at all … Very confident", asked twice)
    assert text.count("Not at all") == 3 and "Very much" in text, text[:800]


def test_headings_printed_from_the_dark_scheme_keep_the_papers_colour(browser, served_site):
    def heading_colour(scheme: str, media: str) -> str:
        with viewing(browser, DESKTOP) as page:
            page.goto(f"{served_site}lessons/")
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            page.emulate_media(media=media)
            return page.eval_on_selector(".md-content h1", "e => getComputedStyle(e).color")

    paper = heading_colour("default", "print")
    assert heading_colour("slate", "print") == paper
    assert heading_colour("slate", "screen") != paper  # the dark scheme's own light shade on screen
