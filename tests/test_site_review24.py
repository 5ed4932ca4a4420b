"""The website as the re-read after review 23 found it (issue 16), checked in Chromium on the built
pages of the flagship and the second workshop (tests/fixtures/negotiation)."""

from __future__ import annotations

import pytest

from conftest import viewing

NARROW = {"width": 320, "height": 700}
PHONE = {"width": 390, "height": 844}

# what the header shows of a title: the text, whether it is cut (a line or more hidden: a glyph's ink
# past the line box is not), and whether it stays in the bar
_TOPIC = """(span) => {
  const bar = document.querySelector('.md-header').getBoundingClientRect();
  const box = span.getBoundingClientRect();
  return {text: span.textContent.trim(), cut: span.scrollHeight > span.clientHeight + 6 || span.scrollWidth > span.clientWidth + 1,
          inside: box.top >= bar.top - 1 && box.bottom <= bar.bottom + 1 && box.height > 0};
}"""


@pytest.mark.parametrize("size", [NARROW, PHONE], ids=["320", "390"])
@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_header_shows_the_whole_workshop_title_on_a_phone(which, size, request, browser):
    """Review 23 (further): Material cut the title to "Networking: is it the sec…" on a phone, the first
    thing a student reads on every page; now it takes two lines in the same bar."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, size) as page:
        page.goto(site)
        title = page.locator("h1").first.inner_text().strip()
        topic = page.locator(".md-header__topic").first.locator(".md-ellipsis").evaluate(_TOPIC)
    assert topic["text"] == title, topic
    assert not topic["cut"] and topic["inside"], topic
