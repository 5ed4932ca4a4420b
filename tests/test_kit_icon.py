"""The kit's pages carry the workshop's icon inline (review 27: each asked the folder for
/favicon.ico and got a 404)."""

from __future__ import annotations

from conftest import serve

PAGES = ("index.html", "facilitator-guide.html", "panel/networking-secret-sauce-moderator-script.html")


def test_kit_pages_ask_for_no_missing_icon(flagship_kit, browser):
    with serve(flagship_kit) as url:
        context = browser.new_context()
        page = context.new_page()
        missing: list[str] = []
        page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
        for name in PAGES:
            page.goto(url + name)
            page.wait_for_load_state("load")
            icon = page.eval_on_selector('link[rel="icon"]', "l => l.href")
            assert icon.startswith("data:image/svg+xml,"), (name, icon[:60])
            # the icon is the workshop's: its two speech bubbles in the palette's colours
            assert "%3Csvg" in icon and "path" in icon, name
            page.wait_for_timeout(300)  # a browser asks for an icon after the load
        context.close()
    assert missing == []

