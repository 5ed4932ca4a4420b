"""An audit without JavaScript on a phone: its empty grid was wider than the screen (five columns
at 320-390 px), scrolled sideways with its caption cut. Each row is now a card, its columns' names
down the left with a line to write on (panelpress.css); on a desktop and on paper it stays a grid."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from conftest import DESKTOP

pytestmark = pytest.mark.browser

SMALLEST_PHONE = {"width": 320, "height": 640}


def _no_script_page(browser, viewport: dict):
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    return context, context.new_page()


@pytest.mark.parametrize("which, exercise_id, columns", [
    ("flagship", "relationship-audit", ["Contact", "Real conversation?", "In touch this year?", "Seen my work?",
                                        "What to do"]),
    ("second", "offer-audit", ["Offer", "In writing?", "Researched?", "Matters?", "What to do"]),
])
def test_the_empty_audit_fits_a_320_px_phone_without_the_script(which, exercise_id, columns, request, browser):
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    context, page = _no_script_page(browser, SMALLEST_PHONE)
    try:
        page.goto(f"{site}exercises/{exercise_id}/")
        expect(page.locator(".pp-tools")).to_be_hidden()  # the script did not run
        sideways = page.evaluate("""() => {
            const over = e => e.scrollWidth - e.clientWidth;
            return {page: over(document.documentElement), grid: over(document.querySelector('.pp-audit-wrap'))};
        }""")
        assert sideways == {"page": 0, "grid": 0}, sideways  # nothing scrolls sideways, the page or the grid
        caption = page.locator("table.pp-audit caption").bounding_box()
        assert caption["x"] >= 0 and caption["x"] + caption["width"] <= SMALLEST_PHONE["width"]  # read whole
        first = page.locator("table.pp-audit tbody tr").first
        # a row reads as a card: each column's name beside the place to write its answer
        names = first.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
        assert names == [f'"{name}"' for name in columns]
    finally:
        context.close()

    context, page = _no_script_page(browser, DESKTOP)
    try:  # a desktop keeps the grid: one row of column headers, a row a line
        page.goto(f"{site}exercises/{exercise_id}/")
        expect(page.locator("table.pp-audit thead")).to_be_visible()
        assert page.locator("table.pp-audit thead th").all_inner_texts() == columns
    finally:
        context.close()
