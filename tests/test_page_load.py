"""A page loads without moving and without holding the phone's main thread (issue 16: Lighthouse
performance, every page type; `make audit` measures the scores, these what a reader notices).

An exercise's script shows what only works with it (a word count, a checklist's progress, the
print and clear tools): the room for them is kept from the first paint, so the exercise's box
has the same height before the script runs as after. Measured in Chromium: the same page opened
once with the script's download refused (scripts on, so the page is laid out as a reader's
browser lays it out before the script arrives) and once as it is.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, REPO, serve, viewing

sys.path.insert(0, str(REPO / "scripts"))
from audit import exercise_pages, first_page  # noqa: E402  (the pages `make audit` measures, one of each kind)

# the audit builds its table's rows (text boxes, yes/no buttons) from the exercise's data: its rows
# grow by design, and they sit below the first screen; the other kinds only show what was there
STILL_KINDS = ("choice", "rewrite", "checklist", "reflection", "roleplay")


def without_exercise_script(route) -> None:
    """The page as served, less the exercises' script (inline in it: site/inline_scripts.py)."""
    served = route.fetch()
    route.fulfill(response=served, body=re.sub(r'<script type="module" data-script="panelpress-exercises\.js">.*?</script>',
                                               "", served.text(), flags=re.DOTALL))


def exercise_heights(browser, url: str, viewport: dict, script: bool) -> list[float]:
    """The height of every exercise box on the page, with or without the exercises' script."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    if not script:
        page.route(url, without_exercise_script)
        page.route("**/panelpress-exercises.js", lambda route: route.abort())  # a build that links it
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    exercises = page.locator(".pp-exercise")
    if script:
        expect(exercises.first.locator(".pp-tools")).to_be_visible()  # the script has run
    else:
        expect(exercises.first.locator(".pp-tools")).to_be_hidden()
    heights = [box["height"] for box in (e.bounding_box() for e in exercises.all())]
    context.close()
    return heights


def assert_still(browser, base: str, site: Path, kind: str, viewport: dict) -> None:
    path = exercise_pages(site)[kind]
    before = exercise_heights(browser, base + path, viewport, script=False)
    after = exercise_heights(browser, base + path, viewport, script=True)
    assert before and after == pytest.approx(before, abs=0.5), (
        f"{path} at {viewport['width']}px: the exercise is {before} px high before its script runs, {after} after")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", STILL_KINDS)
def test_an_exercise_keeps_its_height_when_its_script_runs(served_site, flagship_site, browser, kind, viewport):
    assert_still(browser, served_site, flagship_site, kind, viewport)


@pytest.mark.parametrize("kind", ["rewrite", "checklist"])
def test_another_workshops_exercise_keeps_its_height_too(served_second, second_site, browser, kind):
    assert_still(browser, served_second, second_site, kind, PHONE)


def test_without_scripts_the_parts_that_need_them_take_no_room(served_site, flagship_site, browser):
    """With scripting off the word count, progress and tools stay out: no empty band in the page."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + exercise_pages(flagship_site)["rewrite"])
    for selector in (".pp-tools", ".pp-words", ".pp-progress"):
        assert page.locator(f".pp-exercise {selector}").first.bounding_box() is None, selector
    context.close()


FIRST_REQUESTS = """() => {
    const resources = performance.getEntriesByType("resource");
    const asked = part => (resources.find(entry => entry.name.includes(part)) || {}).startTime;
    const painted = performance.getEntriesByName("first-contentful-paint")[0];
    return {bundle: asked("/javascripts/bundle."), ours: asked("panelpress-exercises.js"),
            painted: painted && painted.startTime};
}"""


def test_materials_script_waits_for_the_page_and_the_page_still_works(served_site, flagship_site, watched_page):
    """Material's bundle is asked for once the page is on screen (after_paint.py: deferred, it
    still started before the first frame was shown, and Lighthouse counted it in the largest
    paint), panelpress's exercise script is printed before it, an inline module (deferred, so it
    never waits for the bundle's download, and asked for by no request), and the page still
    does all the bundle does: Material's components
    start (`document$` has the page), search answers as a word is typed, the palette toggle
    switches to dark and back."""
    path = exercise_pages(flagship_site)["rewrite"]
    html = (flagship_site / path / "index.html").read_text(encoding="utf-8")
    ours = re.search(r'<script type="module" data-script="panelpress-exercises\.js">', html)
    bundle = re.search(r'<script data-bundle="[^"]*javascripts/bundle\.[0-9a-f]+\.min\.js">', html)
    assert ours and bundle and ours.start() < bundle.start()
    page, watch = watched_page
    page.goto(served_site + path)
    expect(page.locator(".pp-exercise .pp-tools")).to_be_visible()  # ours ran
    page.wait_for_function("window.document$ !== undefined")
    times = page.evaluate(FIRST_REQUESTS)
    # ours is in the page: no request of its own queued before the bundle's (Lighthouse's slow 4G
    # started the bundle a round trip later for it: inline_scripts.py)
    assert times["bundle"] is not None and times["ours"] is None, times
    assert times["painted"] is not None and times["bundle"] >= times["painted"], times  # the page was on screen first
    assert page.evaluate("new Promise(done => document$.subscribe(d => done(d === document)))")
    page.keyboard.press("s")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially("exercise", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    body = page.locator("body")
    scheme = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", scheme)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", scheme)
    assert watch.console_errors == []


BUNDLE = re.compile(r".*/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def bundle_held_back(page):
    """Material's bundle kept from the page until the returned function lets it through: a slow
    phone, where the reader acts before the bundle has arrived (the page is parsed and painted,
    Material's bundle is asked for once it is on screen)."""
    waiting = []

    def hold(route) -> None:
        waiting.append(route)
    page.route(BUNDLE, hold)

    def let_through() -> None:
        assert waiting, "the page never asked for Material's bundle"
        for route in waiting:
            route.continue_()
        page.wait_for_function("window.document$ !== undefined")
        page.evaluate("new Promise(done => document$.subscribe(() => setTimeout(done, 0)))")  # started
    return let_through


def test_an_answer_given_before_materials_bundle_arrives_is_kept(served_site, flagship_site, watched_page):
    """A reader on a slow phone ticks an answer as soon as the exercise shows, before Material's
    bundle has arrived: the exercise answers at once, Material's late start changes nothing, and
    the answer is still there after a reload (the exercise's own script restored the page's saved
    state before the tap, never after it). On main before this the exercise's script came after
    the bundle and waited for it: no feedback, no tools."""
    page, watch = watched_page
    let_through = bundle_held_back(page)
    page.goto(served_site + exercise_pages(flagship_site)["choice"], wait_until="commit")
    expect(page.locator(".pp-exercise .pp-tools").first).to_be_visible()  # ours ran, the bundle still held
    question = page.locator(".pp-exercise .pp-question").first
    choice = question.locator("input[type=radio]").nth(1)
    choice.check()
    expect(question.locator(".pp-result")).not_to_be_empty()
    assert page.evaluate("window.document$") is None  # Material has not run yet
    let_through()
    expect(choice).to_be_checked()
    expect(question.locator(".pp-result")).not_to_be_empty()
    page.unroute(BUNDLE)
    page.reload()
    expect(question.locator("input[type=radio]").nth(1)).to_be_checked()
    expect(question.locator(".pp-result")).not_to_be_empty()
    assert watch.console_errors == []


def test_an_evaluation_answer_given_before_materials_bundle_arrives_is_kept(served_site, watched_page):
    """The evaluation form, the same way: its script takes over while Material's bundle is held
    back, an answer given then is in the e-mail at once and is still ticked after a reload."""
    page, watch = watched_page
    let_through = bundle_held_back(page)
    page.goto(served_site + "evaluation/", wait_until="commit")
    expect(page.locator(".pp-eval-copy")).to_be_visible()  # the script has taken over
    question = page.locator(".pp-eval-q:has(input[type=radio])").first
    answer = question.locator("input[type=radio]").nth(1)
    answer.check()
    href = page.locator(".pp-eval-mail").get_attribute("href")
    assert "Answer: " + answer.get_attribute("value") in urllib.parse.unquote(href)
    assert page.evaluate("window.document$") is None
    let_through()
    expect(answer).to_be_checked()
    page.unroute(BUNDLE)
    page.reload()
    expect(page.locator(".pp-eval-copy")).to_be_visible()
    expect(question.locator("input[type=radio]").nth(1)).to_be_checked()
    assert watch.console_errors == []


AT_LOAD = """addEventListener("load", () => {
    const painted = performance.getEntriesByName("first-contentful-paint")[0];
    const bundle = performance.getEntriesByType("resource").find(entry => entry.name.includes("/javascripts/bundle."));
    window.__atLoad = {material: window.document$ !== undefined, painted: painted && painted.startTime,
                       bundle: bundle && bundle.startTime};
});"""


@pytest.mark.parametrize("kind", ["home", "story", "handouts"])
def test_material_is_asked_for_after_the_first_paint_and_has_started_when_the_page_loads(
        served_site, flagship_site, browser, kind):
    """Material's bundle is asked for once the page is on screen (after_paint.py: deferred, it
    started before the first frame was shown and Lighthouse counted its download in the largest
    paint), yet the page's `load` waits for it as it waited for the deferred bundle: a reader or a
    test acting once the page has loaded meets Material started (lh27's first try started it after
    `load`: a tap then was lost)."""
    with viewing(browser, PHONE) as page:
        page.add_init_script(AT_LOAD)
        page.goto(served_site + {"home": "", "story": first_page(flagship_site, "stories"), "handouts": "print/"}[kind])
        # (goto returns once the page has fired `load`)
        at_load = page.evaluate("window.__atLoad")
        assert at_load["material"], at_load
        assert at_load["painted"] is not None and at_load["bundle"] >= at_load["painted"], at_load


@pytest.mark.parametrize("scheme, switched", [("dark", "default"), ("light", "slate")])
def test_a_first_visit_paints_in_the_systems_palette_and_keeps_a_tap_made_before_material_starts(
        served_site, flagship_site, browser, scheme, switched):
    """A first visit from a dark-scheme phone is dark from its first frame, with Material's bundle
    still held back (Material picks the palette for `prefers-color-scheme` only once it starts: the
    page painted light, then dark); the toggle shows; a tap on it then is applied at once and is
    what Material keeps when it starts, and after a reload."""
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    try:
        page = context.new_page()
        let_through = bundle_held_back(page)
        page.goto(served_site + first_page(flagship_site, "stories"), wait_until="commit")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        assert page.evaluate("window.document$") is None  # Material has not run
        expected = "slate" if scheme == "dark" else "default"
        body = page.locator("body")
        expect(body).to_have_attribute("data-md-color-scheme", expected)
        dark = page.evaluate("""() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor
                                          .match(/\\d+/g).map(Number); return r + g + b < 3 * 128; }""")
        assert dark is (scheme == "dark")
        toggle = page.locator("form[data-md-component=palette] label:visible")
        expect(toggle).to_have_count(1)
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", switched)
        let_through()
        expect(body).to_have_attribute("data-md-color-scheme", switched)
        page.wait_for_function(f"document.querySelector('meta[name=color-scheme]')?.content === "
                               f"'{'dark' if switched == 'slate' else 'light'}'")  # Material's own, started
        page.unroute(BUNDLE)
        page.reload()
        expect(body).to_have_attribute("data-md-color-scheme", switched)
    finally:
        context.close()


HEADER_BOXES = """() => [".md-header__title", "form[data-md-component=palette]"].map(selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return [box.x, box.y, box.width, box.height].map(Math.round);
})"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_header_stays_still_when_material_starts(served_site, flagship_site, browser, viewport):
    """Material shows its search button (phone) or field (desktop) once it starts, after the first
    paint now: its place is kept from the first frame, so the header's title and palette toggle do
    not move then (without it the title narrowed and rewrapped: Lighthouse, a layout shift)."""
    with viewing(browser, viewport) as page:
        let_through = bundle_held_back(page)
        page.goto(served_site + first_page(flagship_site, "stories"), wait_until="commit")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        page.evaluate("document.fonts.ready")
        before = page.evaluate(HEADER_BOXES)
        let_through()
        page.wait_for_function("document.documentElement.classList.contains('js')")  # Material's search shows
        assert page.evaluate(HEADER_BOXES) == before


def test_the_deck_on_a_phone_is_the_slide_view_with_its_controls(flagship_kit, browser):
    """Under 435 px reveal.js switched to its scroll view, laying out every slide at once (~1 s of
    main thread on a phone); the phone gets the slide view, which answers a swipe."""
    with serve(flagship_kit / "slides") as url:
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.querySelector('.reveal.ready')")
        assert page.locator(".reveal-scroll, .scroll-page").count() == 0
        expect(page.locator(".reveal .slide-number")).to_have_text(re.compile(r"^\s*1\s*/\s*\d+\s*$"))
        expect(page.locator("section.present h1")).to_be_visible()
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_decks_title_shows_before_revealjs_where_reveal_then_keeps_it(flagship_kit, browser, viewport):
    """The title slide is painted without reveal.js (its 31 kB download and its start held the
    deck's first paint: Lighthouse, slow 4G), laid out as reveal lays it out, so reveal's start
    moves nothing; and reveal.js is asked for only once that slide is on screen."""
    boxes, asked = {}, {}
    with serve(flagship_kit / "slides") as url:
        for reveal in (False, True):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            if not reveal:
                page.route("**/reveal.js", lambda route: route.abort())
            page.add_init_script("""window.__ppShifts = 0;
                new PerformanceObserver(list => { for (const e of list.getEntries()) window.__ppShifts += e.value })
                  .observe({type: "layout-shift", buffered: true});""")
            page.goto(url)
            if reveal:
                page.wait_for_function("document.querySelector('.reveal.ready')")
                asked[reveal] = page.evaluate("""performance.getEntriesByType("resource")
                    .find(e => e.name.endsWith("/reveal.js")).startTime""")
            else:
                page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            title = page.locator(".reveal .slides > section").first.locator("h1")
            expect(title).to_be_visible()
            assert title.inner_text() == "Networking: is it the secret sauce?"
            boxes[reveal] = title.bounding_box()
            if reveal:
                assert page.evaluate("window.__ppShifts") < 0.01
                painted = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
                assert asked[reveal] >= painted  # the title was on screen first
            context.close()
    assert boxes[False] == pytest.approx(boxes[True], abs=0.5)
