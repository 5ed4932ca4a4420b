"""The built site in a real browser: it loads with no console errors and asks nothing of the network."""


def test_home_page_loads_in_chromium(served_site, watched_page):
    page, watch = watched_page
    page.goto(served_site)
    assert page.locator("h1").first.inner_text().startswith("Networking")
    assert page.locator("table.pp-agenda tbody tr").count() >= 5
    assert watch.console_errors == []
    assert watch.offsite_requests == []
