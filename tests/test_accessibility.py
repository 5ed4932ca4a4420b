"""axe-core on every page of the built sites, in Chromium: no serious or critical violations,
no console errors, no request off the machine. Exercise pages are checked again after a
participant has answered, when feedback and verdicts are on the page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe  # only for the axe-core it bundles
from playwright.sync_api import expect

from conftest import serve, site_pages

BLOCKING = {"serious", "critical"}
WCAG_AA = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
CONTRAST = {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's source (bundled by axe-playwright-python), injected into pages with `with_axe`."""
    return Axe().axe_script


def with_axe(watched_page, axe: str):
    """The watched page, with axe-core loaded into every document it opens (once per context,
    cheaper than sending half a megabyte of script for every page)."""
    page, watch = watched_page
    page.add_init_script(script=axe)
    return page, watch


def blocking_violations(axe: str, page, rules: dict = WCAG_AA) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (WCAG 2.x A and AA)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe)
    # colours are measured as shown: let short transitions (Material fades its tabs on scroll) finish;
    # long ones (the slides' progress bar runs for a segment's minutes) are left running
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => { const t = a.effect && a.effect.getComputedTiming();
                       return t && Number.isFinite(t.endTime) && t.endTime - (t.localTime || 0) <= 2000; })
        .map(a => a.finished.catch(() => null)))""")
    results = page.evaluate("options => axe.run(document, options)", {"resultTypes": ["violations"], "runOnly": rules})
    found = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return found


def check_pages(paths, url, axe, watched_page, color_scheme=None, rules=WCAG_AA) -> dict[str, list[str]]:
    page, watch = with_axe(watched_page, axe)
    if color_scheme:
        page.emulate_media(color_scheme=color_scheme)
    problems = {}
    for path in paths:
        page.goto(url + path)
        found = blocking_violations(axe, page, rules)
        if watch.console_errors or watch.offsite_requests:
            found += [f"console: {e}" for e in watch.console_errors]
            found += [f"request off the machine: {r}" for r in watch.offsite_requests]
            watch.console_errors.clear()
            watch.offsite_requests.clear()
        if found:
            problems[path or "/"] = found
    return problems


def test_every_flagship_page_passes_axe(flagship_site, served_site, axe, watched_page):
    pages = site_pages(flagship_site)
    assert len(pages) >= 15
    assert check_pages(pages, served_site, axe, watched_page) == {}


def test_every_page_of_the_kit_passes_axe(flagship_kit, axe, watched_page):
    """The kit's index, its one-page guide and the presenter deck."""
    with serve(flagship_kit) as url:
        assert check_pages(["", "facilitator-guide.html", "slides/"], url, axe, watched_page) == {}


def test_dark_scheme_has_enough_contrast(flagship_site, served_site, axe, watched_page):
    """One page of each kind (home, lesson, story, every exercise, guides) in the dark scheme."""
    pages = site_pages(flagship_site)
    sample = [p for p in pages if p.startswith("exercises/") and p != "exercises/"]
    for prefix in ("lessons/", "stories/"):
        sample.append(next(p for p in pages if p.startswith(prefix) and p != prefix))
    sample += [""]
    assert check_pages(sample, served_site, axe, watched_page, color_scheme="dark", rules=CONTRAST) == {}


def test_published_facilitator_page_passes_axe_in_both_schemes(published_site, axe, watched_page):
    with serve(published_site) as url:
        assert check_pages(["facilitator/"], url, axe, watched_page) == {}
        assert check_pages(["facilitator/"], url, axe, watched_page, color_scheme="dark", rules=CONTRAST) == {}


def test_every_page_of_a_new_workshop_passes_axe(scaffold_site, served_scaffold, axe, watched_page):
    pages = site_pages(scaffold_site)
    assert len(pages) >= 5
    assert check_pages(pages, served_scaffold, axe, watched_page) == {}


def test_answered_exercises_pass_axe(served_site, axe, watched_page):
    page, watch = with_axe(watched_page, axe)
    page.goto(served_site + "exercises/would-you-refer-them/")
    for question in page.locator(".pp-question").all():
        question.locator("input[type=radio]").first.check()
    expect(page.locator(".pp-result").first).not_to_be_empty()
    page.locator(".pp-model-answer summary").click()  # (the folded "Answers and feedback" is the no-script fallback)
    assert blocking_violations(axe, page) == []

    page.goto(served_site + "exercises/relationship-audit/")
    row = page.locator("table.pp-audit tbody tr").first
    row.get_by_role("textbox").fill("Former manager")
    for group in row.get_by_role("radiogroup").all():
        group.get_by_label("Yes", exact=True).check()
    expect(row.locator(".pp-verdict strong")).to_be_visible()
    assert blocking_violations(axe, page) == []
    for width in (390, 1280):  # the audit changes layout on a phone
        page.set_viewport_size({"width": width, "height": 844})
        assert blocking_violations(axe, page) == []

    page.goto(served_site + "exercises/rewrite-the-cold-message/")
    page.get_by_label("Your rewrite").fill("Hi Dana, would you have 15 minutes?")
    page.locator(".pp-rubric input").first.check()
    page.locator(".pp-model-answer summary").click()
    assert blocking_violations(axe, page) == []
    assert watch.console_errors == []
    assert watch.offsite_requests == []


def test_search_dialog_has_a_name_and_images_have_alt_text(served_site, watched_page):
    page, _ = watched_page
    page.goto(served_site)
    expect(page.locator(".md-search[role=dialog]")).to_have_attribute("aria-label", "Search")
    for image in page.locator("img").all():
        assert image.get_attribute("alt") is not None
