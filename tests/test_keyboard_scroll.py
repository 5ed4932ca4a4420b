"""A keyboard user who tabs backwards through an exercise sees each field they land on: the page
scrolls it clear of Material's sticky header, never under it (review 23: Shift+Tab hid three of
the audit's thirty stops behind the header on a phone)."""

from __future__ import annotations

import pytest

from conftest import viewing

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _covered_stops(page, presses: int) -> list[str]:
    """Shift+Tab `presses` times from the page's end; the stops whose box lies under the header."""
    page.keyboard.press("End")
    page.locator("footer").last.focus()
    covered = []
    for _ in range(presses):
        page.keyboard.press("Shift+Tab")
        page.wait_for_timeout(60)  # the scroll that brings focus into view
        where = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || !el.closest('.md-content')) return null;
            const header = document.querySelector('.md-header').getBoundingClientRect();
            const box = (el.offsetParent || el.type === 'radio' ? el : el.parentElement).getBoundingClientRect();
            if (box.width === 0 && box.height === 0) return null;  // a visually hidden control
            return {label: el.getAttribute('aria-label') || el.name || el.textContent.trim().slice(0, 40),
                    top: box.top, bottom: box.bottom, header: header.bottom};
        }""")
        if where and where["top"] < where["header"] - 1:
            covered.append(f"{where['label']} (top {where['top']:.0f} px, header ends {where['header']:.0f})")
    return covered


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_tabbing_backwards_through_the_audit_keeps_each_field_in_sight(browser, served_site, size):
    with viewing(browser, size) as page:
        page.goto(f"{served_site}exercises/relationship-audit/")
        page.locator(".pp-exercise .pp-tools").wait_for()
        covered = _covered_stops(page, 30)
    assert covered == [], f"fields under the sticky header after Shift+Tab: {covered}"
