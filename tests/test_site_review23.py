"""The website and its exercises as review 23 found them wanting (issue 16), checked in Chromium on
the built pages of the flagship and the second workshop (tests/fixtures/negotiation): a focus ring
that shows in the dark scheme, the audit's model answer whole on a phone, what a page without
JavaScript can really do, a Handouts page worded for participants, the audit's and role-play's
print, and no invisible stop in the Tab order."""

from __future__ import annotations

import contextlib
import html
import re

import pytest
import yaml
from playwright.sync_api import expect

from conftest import DESKTOP, NARROW, PHONE, REPO, SECOND, unwrapped, viewing


# the page's colours as painted: an element's own (or the first ancestor's) background under it,
# the outline's colour composited onto it; and WCAG's contrast of the two
_COLOURS = """(el) => {
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  let node = el.parentElement, bg = [255, 255, 255, 1];
  while (node) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c[3] > 0) { bg = c; break; }
    node = node.parentElement;
  }
  const style = getComputedStyle(el);
  const ring = rgba(style.outlineColor);
  const over = ring.slice(0, 3).map((v, i) => v * ring[3] + bg[i] * (1 - ring[3]));
  const lum = (c) => { const l = c.map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; });
                       return .2126 * l[0] + .7152 * l[1] + .0722 * l[2]; };
  const [a, b] = [lum(over), lum(bg.slice(0, 3))].sort((x, y) => y - x);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), ratio: (a + .05) / (b + .05),
          ring: style.outlineColor, bg: bg.join(",")};
}"""


def _scheme(page, scheme: str) -> None:
    """The colour scheme a reader picked (the negotiation has no toggle: its pages take it all the same)."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)


def _ring(page, target, painted=None) -> dict:
    """Focus `target` as the keyboard does and measure the ring drawn on `painted` (default: itself)."""
    target.focus()
    page.keyboard.press("Shift")  # a key press: Chromium shows :focus-visible for what follows
    return (painted or target).evaluate(_COLOURS)


def _visible(ring: dict) -> bool:
    return ring["style"] != "none" and ring["width"] >= 2 and ring["ratio"] >= 3


# --- 1. keyboard focus in every colour scheme ------------------------------------------------------

FOCUSED = {
    # site: (page, what takes focus, where the ring is drawn: itself or an ancestor)
    "flagship": [
        ("exercises/would-you-refer-them/", ".pp-question input[type=radio]", "xpath=ancestor::label[1]"),
        ("exercises/make-it-easy-to-refer-you/", ".pp-checklist input", "xpath=ancestor::label[1]"),
        ("exercises/relationship-audit/", ".pp-yesno input", "xpath=ancestor::label[1]"),
        ("exercises/relationship-audit/", ".pp-model-answer > summary", None),
        ("exercises/rewrite-the-cold-message/", ".pp-meta a", None),
        ("print/", ".pp-handout-card__title a", "xpath=ancestor::section[1]"),
    ],
    "second": [
        ("exercises/fair-range-quiz/", ".pp-question input[type=radio]", "xpath=ancestor::label[1]"),
        ("exercises/ready-to-sign/", ".pp-checklist input", "xpath=ancestor::label[1]"),
        ("exercises/offer-audit/", ".pp-yesno input", "xpath=ancestor::label[1]"),
        ("exercises/offer-audit/", ".pp-model-answer > summary", None),
        ("exercises/rewrite-the-acceptance/", ".pp-meta a", None),
        ("print/", ".pp-handout-card__title a", "xpath=ancestor::section[1]"),
    ],
}


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("which", ["flagship", "second"])
def test_focus_ring_shows_in_light_and_dark(which, scheme, request, browser):
    """Review 23 #1: the ring was the light scheme's near-black on slate (1.2:1), invisible."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    seen = {}
    with viewing(browser, DESKTOP) as page:
        for path, focus, painted in FOCUSED[which]:
            page.goto(site + path)
            if ".pp-yesno" in focus:
                expect(page.locator(".pp-yesno input").first).to_be_attached()  # the script drew the rows
            _scheme(page, scheme)
            target = page.locator(focus).first
            ring = _ring(page, target, target.locator(painted) if painted else None)
            seen[f"{path} {focus}"] = ring
    hidden = {k: v for k, v in seen.items() if not _visible(v)}
    assert not hidden, hidden


# --- 2. the audit's model answer on a phone -----------------------------------------------------

_CARDS = """(details) => {
  const table = details.querySelector("table");
  const rows = [...table.querySelectorAll("tbody tr")].map(tr => {
    const cells = [...tr.cells];
    const last = cells[cells.length - 1].getBoundingClientRect();
    // the column's header drawn before each answer (CSS generated text: not in innerText)
    const labels = cells.map(td => getComputedStyle(td, "::before").content.replace(/^"|"$/g, ""));
    return {text: tr.innerText.replace(/\\s+/g, " ").trim(), labels, right: last.right, width: last.width,
            verdict: cells[cells.length - 1].textContent.trim()};
  });
  const scroller = details.querySelector(".md-typeset__scrollwrap") || table;
  return {rows, view: document.documentElement.clientWidth, box: details.getBoundingClientRect().right,
          hiddenSideways: scroller.scrollWidth - scroller.clientWidth,
          display: getComputedStyle(table.querySelector("tbody tr")).display};
}"""


@pytest.mark.parametrize("size", [NARROW, PHONE], ids=["320", "390"])
@pytest.mark.parametrize("which, exercise_id, verdicts", [
    ("flagship", "relationship-audit", ["Ready to ask for advice or a referral", "Build the relationship first",
                                        "Reconnect first", "Ask for a conversation, not a referral"]),
    ("second", "offer-audit", ["Worth a question", "Ask for it in writing"]),
])
def test_model_answer_shows_every_verdict_on_a_phone(which, exercise_id, verdicts, size, request, browser):
    """Review 23 #2: the 5-column table scrolled sideways with no scrollbar, its Verdict column never seen.
    On a phone each row is a card: its name, each answer beside its question, the verdict, all in view."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, size) as page:
        page.goto(f"{site}exercises/{exercise_id}/")
        details = page.locator(".pp-model-answer")
        details.locator("summary").click()
        seen = details.evaluate(_CARDS)
        headers = details.locator("thead th").all_inner_texts()
    assert seen["hiddenSideways"] <= 1, seen
    assert seen["display"] == "block", seen  # a card, not a table row
    for row in seen["rows"]:
        assert row["right"] <= min(seen["view"], seen["box"]) + 1 and row["width"] > 0, row
    shown = " ".join(row["text"] for row in seen["rows"])
    for verdict in verdicts:
        assert verdict in shown
    # each answer is read with its question: the card shows the column's header beside it
    assert seen["rows"][0]["labels"][1:] == headers[1:], seen["rows"][0]


def test_model_answer_stays_a_table_on_a_desktop(served_site, browser):
    with viewing(browser, DESKTOP) as page:
        page.goto(f"{served_site}exercises/relationship-audit/")
        details = page.locator(".pp-model-answer")
        details.locator("summary").click()
        seen = details.evaluate(_CARDS)
    assert seen["display"] == "table-row", seen
    assert seen["hiddenSideways"] <= 1, seen


# --- 3. without JavaScript, the page says what it can do ---------------------------------------------


def _exercise_kinds(root) -> dict[str, str]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["kind"]
            for p in sorted((root / "data/exercises").glob("*.yml"))}


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_without_javascript_no_exercise_promises_an_answer_back(which, request, browser):
    """Review 23 #6: "the page tells you whether it is the best" and "name each row" on pages that,
    without JavaScript, can do neither. Every kind shows its no-script line instead, and with the
    script the live line alone."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    kinds = _exercise_kinds(REPO if which == "flagship" else SECOND)
    assert set(kinds.values()) >= {"choice", "audit", "checklist", "rewrite"}
    for scripts in (False, True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)
        try:
            page = context.new_page()
            for exercise_id, kind in kinds.items():
                page.goto(f"{site}exercises/{exercise_id}/")
                live, nojs = page.locator(".pp-howto--live"), page.locator(".pp-howto--nojs")
                expect(live if scripts else nojs).to_be_visible()
                expect(nojs if scripts else live).to_be_hidden()
                if not scripts:
                    expect(nojs).to_contain_text("Without JavaScript")
                    if kind == "choice":  # where the answers are, by the name the page gives them
                        expect(nojs).to_contain_text("“Answers and feedback”")
                        expect(nojs).not_to_contain_text("the page tells you")
                    if kind == "audit":
                        expect(nojs).to_contain_text("by hand")
                        expect(nojs).to_contain_text("“How to read your answers”")
        finally:
            context.close()


# --- 4. the Handouts page speaks to a participant; the organisers' printing is in the kit ---------------


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", unwrapped(path.read_text(encoding="utf-8")))).split())


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_handouts_page_is_for_a_participant_and_the_kit_keeps_the_print_run(which, request):
    """Review 23: "Print these for the room" and "one per participant" on the public site."""
    site = request.getfixturevalue("flagship_site" if which == "flagship" else "second_site")
    page = _text(site / "print" / "index.html")
    for organisers in ("for the room", "per participant", "participants:", "for each facilitator"):
        assert organisers not in page
    assert "print your own copy" in page
    assert "Printing Double-sided" in page
    kit = _text(site.parent / "kit" / "index.html")
    per_sheet = 4 if which == "second" else 2  # A6 cards on A4, half-letter cards on Letter
    for line in ("Participant workbook PDF, ", "· Double-sided, one per participant",
                 f"· Double-sided, one sheet for every {per_sheet} participants: {per_sheet} cards to a sheet",
                 "· Double-sided, one for each facilitator"):
        assert line in kit


def test_published_facilitator_page_gives_the_print_run(published_site):
    """The organisers' own page, when they publish it, lists how many of each to print."""
    page = _text(published_site / "facilitator" / "index.html")
    assert "· Double-sided, one per participant" in page
    assert "· Double-sided, one for each facilitator" in page


# --- 5. print: the audit's rules box, the role-play's roles -----------------------------------------

# the width Chromium lays a printed exercise out in: the paper less the exercise pages' 16 mm side
# margins (@page pp-exercise), in CSS pixels (96 a inch)
PRINTED = {"letter": round(8.5 * 96 - 2 * 16 / 25.4 * 96), "a4": round(210 / 25.4 * 96 - 2 * 16 / 25.4 * 96)}


@contextlib.contextmanager
def _printed(browser, url: str, paper: str):
    """The page as Chromium prints it on `paper`: print styles, the paper's printed width."""
    with viewing(browser, {"width": PRINTED[paper], "height": 1000}) as page:
        page.emulate_media(media="print")
        page.goto(url)
        yield page


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("which, exercise_id", [("flagship", "answering-a-cold-ask"), ("second", "counter-offer-call")])
def test_printed_role_play_puts_its_three_roles_side_by_side(which, exercise_id, paper, request, browser):
    """Review 23: the observer alone on a second row of the printed page; the workbook shows 3 across."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with _printed(browser, f"{site}exercises/{exercise_id}/", paper) as page:
        boxes = page.locator(".pp-role").evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert len(boxes) == 3
    assert len({round(b["top"]) for b in boxes}) == 1, boxes  # one row
    assert max(b["right"] for b in boxes) <= PRINTED[paper] + 1, boxes


@pytest.mark.parametrize("which, exercise_id", [("flagship", "relationship-audit"), ("second", "offer-audit")])
def test_printed_rules_title_starts_where_the_box_text_does(which, exercise_id, request, browser):
    """Review 23: print hides the info icon but kept its ~30 px of room before "How to read your answers"."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with _printed(browser, f"{site}exercises/{exercise_id}/", "letter") as page:
        rules = page.locator(".pp-rules")
        title = rules.locator("summary").evaluate(
            "s => { const r = document.createRange(); r.selectNodeContents(s); return r.getClientRects()[0].left; }")
        box = rules.evaluate("d => d.getBoundingClientRect().left + parseFloat(getComputedStyle(d).borderLeftWidth)")
        item = rules.locator("ol").evaluate("o => o.getBoundingClientRect().left")
    assert title - box <= 16, (title, box)  # the text's inset, no icon's room (was 40 px)
    assert title <= item + 1, (title, item)


# --- 6. keyboard: no invisible stop after the search box; search by keyboard as before -------------------

_ACTIVE = """() => { const a = document.activeElement; const r = a.getBoundingClientRect();
  return {cls: a.className, inSearch: !!a.closest('.md-search__output'), href: a.getAttribute('href'),
          shown: a.checkVisibility({visibilityProperty: true, opacityProperty: true}) && r.width * r.height > 0}; }"""


@pytest.mark.parametrize("which, word", [("flagship", "audit"), ("second", "offer")])
def test_tab_after_the_search_box_lands_on_something_visible(which, word, request, browser):
    """Review 23: one Tab after the search field went to Material's collapsed results panel (no focus shown)."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, DESKTOP) as page:
        page.goto(f"{site}lessons/")
        page.locator(".md-search__input").focus()
        page.keyboard.press("Tab")
        after = page.evaluate(_ACTIVE)
        assert not after["inSearch"] and after["shown"], after

        # search by keyboard still works: "/" opens it, the arrows walk the results, Enter opens one
        page.goto(f"{site}lessons/")
        page.keyboard.press("/")
        page.keyboard.type(word)
        expect(page.locator(".md-search-result__link").first).to_be_visible()
        page.keyboard.press("ArrowDown")
        result = page.evaluate(_ACTIVE)
        assert result["inSearch"] and result["shown"] and result["href"], result
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(result["href"].split("?")[0])))


def test_search_opens_on_a_phone_with_its_results(served_site, browser):
    with viewing(browser, PHONE) as page:
        page.goto(f"{served_site}lessons/")
        page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.type("audit")
        expect(page.locator(".md-search-result__link").first).to_be_visible()


# --- review 23 #7: Shift+Tab never leaves the focused field under the sticky header ------------------

_COVERED = """() => {
  const a = document.activeElement;
  if (!a.closest('.pp-exercise')) return null;
  const r = (a.closest('label') || a).getBoundingClientRect();
  const head = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const pill = document.querySelector('.md-top');
  const over = pill && !pill.hidden && getComputedStyle(pill).opacity > 0 ? pill.getBoundingClientRect().bottom : 0;
  return {name: a.getAttribute('aria-label') || a.textContent.trim().slice(0, 30) || a.className, top: r.top,
          under: Math.max(head, over)};
}"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("which, exercise_id", [("flagship", "relationship-audit"), ("second", "offer-audit")])
def test_shift_tab_keeps_each_field_clear_of_the_sticky_header(which, exercise_id, size, request, browser):
    """Review 23 #7: tabbing backwards scrolled each field to the very top, under Material's header."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, size) as page:
        page.goto(f"{site}exercises/{exercise_id}/")
        clear = page.locator(".pp-clear")
        expect(clear).to_be_visible()
        clear.focus()
        covered, seen = [], 0
        for _ in range(30):
            page.keyboard.press("Shift+Tab")
            page.wait_for_timeout(30)  # the scroll the focus asked for
            where = page.evaluate(_COVERED)
            if where is None:
                break
            seen += 1
            if where["top"] < where["under"] - 2:
                covered.append(where)
    assert seen >= 8, seen  # the test walked the rows
    assert covered == [], covered


# --- review 23 (further): "Clear my answers" can be undone ------------------------------------------------


@pytest.mark.parametrize("which, exercise_id", [("flagship", "relationship-audit"), ("second", "offer-audit")])
def test_clear_my_answers_can_be_undone(which, exercise_id, request, browser):
    """One mis-tap on "Clear my answers" wiped a filled audit with no way back."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, PHONE) as page:
        page.goto(f"{site}exercises/{exercise_id}/")
        name = page.locator(".pp-audit__name").first
        name.fill("My former manager")
        page.locator(".pp-yesno label").first.click()
        undo = page.locator(".pp-undo button")
        expect(undo).to_be_hidden()

        page.locator(".pp-clear").click()
        expect(page.locator(".pp-status")).to_have_text("Your answers to this exercise were cleared.")
        expect(name).to_have_value("")
        expect(undo).to_be_visible()
        undo.click()
        expect(page.locator(".pp-audit__name").first).to_have_value("My former manager")
        expect(page.locator(".pp-yesno input").first).to_be_checked()
        expect(page.locator(".pp-status")).to_have_text("Your answers are back.")
        expect(undo).to_be_hidden()
        page.reload()  # back for good, not only on the screen
        expect(page.locator(".pp-audit__name").first).to_have_value("My former manager")

        page.locator(".pp-clear").click()
        page.locator(".pp-audit__name").first.fill("Someone new")  # a new answer: the clear stands
        expect(undo).to_be_hidden()
