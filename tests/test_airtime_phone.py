"""The moderator script's airtime table on a phone: five or six number columns ran 59 px past a
320 px screen (the interviews' page, stop 29); a row is a card there, each number under its
column's name. The printed script keeps its table."""

from __future__ import annotations

from conftest import NARROW, PHONE, viewing
from pdftext import pdf_text


def test_the_airtime_table_fits_a_phone_each_number_named(third_kit, browser):
    (page_file,) = (third_kit / "panel").glob("*-moderator-script.html")
    for screen in (NARROW, PHONE):
        with viewing(browser, screen) as page:
            page.goto(page_file.as_uri())
            widths = page.evaluate("""() => {
                const table = document.querySelector('.pk-airtime table');
                return {page: document.documentElement.scrollWidth, table: table.getBoundingClientRect().right};
            }""")
            assert widths["page"] <= screen["width"] and widths["table"] <= screen["width"], (screen, widths)
            # the name, then every number under its column's name (the header row is not shown)
            shown = page.evaluate("""() => [...document.querySelector('.pk-airtime tbody tr').cells].slice(1).map(
                cell => getComputedStyle(cell, '::before').content.replace(/^"|"$/g, ''))""")
            headers = page.locator(".pk-airtime thead th").all_text_contents()
            assert shown == headers[1:], (shown, headers)
            assert page.locator(".pk-airtime thead").bounding_box()["height"] <= 1


def test_the_printed_script_keeps_its_airtime_table(third_kit):
    (script,) = (third_kit / "panel").glob("*-moderator-script.pdf")
    text = " ".join(pdf_text(script, layout=True).split())
    # the header row, once, in a row of its own, as before
    assert "Panelist Leading Answering Exercise Total Share" in text
