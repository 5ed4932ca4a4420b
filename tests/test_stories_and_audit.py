"""Issue 16, points 2 and 3, as a reader sees them in Chromium.

Stories: the telling is prose at the page's body size (not a small quote box), the story has one
byline (teller, role, setting), and its moral stands apart as a pull quote; lessons embed the same
pieces. The audit on a desktop: no table of contents beside it, the table inside the content
width, short column headers, a name field wide enough to read a name, verdict colours taken from
each rule's `tone`, and "Print my answers" on one page for six rows.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import DESKTOP, PHONE, REPO, SECOND
from panelpress.typography import smarten

TWENTY = "Maria Gonzalez-Smith"  # a name of twenty characters
assert len(TWENTY) == 20


def data(root: Path, kind: str, item_id: str) -> dict:
    return yaml.safe_load((root / "data" / kind / f"{item_id}.yml").read_text(encoding="utf-8"))


def px(page, selector: str, prop: str = "font-size") -> float:
    return page.eval_on_selector(selector, f"e => parseFloat(getComputedStyle(e).getPropertyValue('{prop}'))")


@pytest.fixture
def page_at(browser):
    """page_at(viewport): a fresh context (empty localStorage) at that size."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# --- stories --------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_story_reads_at_body_size_with_one_byline_and_its_moral_as_a_pull_quote(served_site, page_at, viewport):
    # the data as the page sets it: typographic quotes and apostrophes (typography.py)
    story = {k: smarten(v) if isinstance(v, str) else v for k, v in data(REPO, "anecdotes", "family-connection-internship").items()}
    workshop = yaml.safe_load((REPO / "data/workshop.yml").read_text(encoding="utf-8"))
    teller = {k: smarten(v) if isinstance(v, str) else v
              for k, v in next(p for p in workshop["panel"]["panelists"] if p["id"] == story["teller"]).items()}
    page = page_at(viewport)
    page.goto(f"{served_site}stories/{story['id']}/")
    article = page.locator("article")

    # the telling: as large as the page's other prose (the discussion questions under it)
    first_words = " ".join(story["story"].split()[:6])
    telling = article.locator("p", has_text=first_words)
    expect(telling).to_have_count(1)
    told = telling.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    body = px(page, "article .pp-discussion li")
    assert told >= body >= 15, (told, body)

    # one byline: teller, role, setting; the title, the teller and the setting each said once
    byline = article.locator(".pp-byline")
    expect(byline).to_have_count(1)
    for part in (teller["name"], teller["role"], story["setting"]):
        expect(byline).to_contain_text(part)
    text = article.inner_text()
    assert text.count(story["title"]) == 1  # the heading only
    assert text.count(teller["name"]) == 1
    assert text.count(story["setting"]) == 1

    # the moral, set apart and larger than the telling
    quote = article.locator("figure.pp-pullquote blockquote")
    expect(quote).to_have_count(1)
    expect(quote).to_have_text(story["moral"])
    assert quote.locator("p").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") > told


def test_a_lesson_embeds_its_stories_with_the_same_byline_and_pull_quote(served_site, page_at):
    lesson = data(REPO, "lessons", "relationships-run-both-ways")
    page = page_at()
    page.goto(f"{served_site}lessons/{lesson['id']}/")
    cards = page.locator(".pp-story-card")
    expect(cards).to_have_count(len(lesson["anecdotes"]))
    body = px(page, "article .pp-key-points li")
    for n, story_id in enumerate(lesson["anecdotes"]):
        story = data(REPO, "anecdotes", story_id)
        card = cards.nth(n)
        expect(card.locator("h3")).to_have_text(story["title"])
        expect(card.locator(".pp-byline")).to_have_count(1)
        expect(card.locator(".pp-byline")).to_contain_text(smarten(story["setting"]))
        expect(card.locator("figure.pp-pullquote blockquote")).to_have_text(smarten(story["moral"]))
        # the story's opening in prose at body size (not its slide beats: test_site_review)
        opening = card.locator(".pp-story-card__opening p").first
        assert opening.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= body
    expect(page.locator("article .admonition.pp-story")).to_have_count(0)  # no 12.8 px quote box


# --- the audit ---------------------------------------------------------------------------------------


def first_verdict(rules: list[dict], answers: dict[str, bool]) -> dict:
    """The rule the data gives a row (first match wins), read apart from the page's script."""
    return next(r for r in rules if all(answers.get(q) == want for q, want in (r.get("when") or {}).items()))


def one_row_per_rule(audit: dict) -> list[dict]:
    """For each rule, answers that reach it."""
    ids = [q["id"] for q in audit["questions"]]
    found: dict[str, dict] = {}
    for bits in itertools.product([True, False], repeat=len(ids)):
        answers = dict(zip(ids, bits))
        found.setdefault(first_verdict(audit["rules"], answers)["verdict"], answers)
    return [found[r["verdict"]] for r in audit["rules"] if r["verdict"] in found]


def fill_rows(page, audit: dict, rows: list[tuple[str, dict]]) -> None:
    table = page.locator("table.pp-audit")
    body_rows = table.locator("tbody tr:visible")  # (review22b: three on screen to start)
    while body_rows.count() < len(rows):
        page.locator(".pp-add-row").click()
    for n, (name, answers) in enumerate(rows):
        row = body_rows.nth(n)
        row.locator(".pp-audit__name").fill(name)
        for question in audit["questions"]:
            group = row.get_by_role("radiogroup", name=re.compile(re.escape(question["text"])))
            group.locator(f"input[value={'yes' if answers[question['id']] else 'no'}]").check()


def open_audit(page, url: str, audit: dict):
    page.goto(f"{url}exercises/{audit['id']}/")
    expect(page.locator("table.pp-audit--live")).to_be_visible()  # the script has taken over


def test_the_audit_takes_the_content_width_on_a_desktop(served_site, page_at):
    audit = data(REPO, "exercises", "relationship-audit")
    page = page_at(DESKTOP)
    open_audit(page, served_site, audit)
    # no table of contents beside an exercise (its column is hidden, or gone)
    toc = page.locator(".md-sidebar--secondary")
    assert toc.count() == 0 or not toc.is_visible()
    fill_rows(page, audit, [(TWENTY, one_row_per_rule(audit)[0])])
    sizes = page.eval_on_selector(".pp-audit-wrap", """w => ({scroll: w.scrollWidth, client: w.clientWidth,
        table: w.querySelector('table').getBoundingClientRect().right,
        content: document.querySelector('.md-content__inner').getBoundingClientRect().right})""")
    assert sizes["scroll"] <= sizes["client"], sizes  # no horizontal scrolling
    assert sizes["table"] <= sizes["content"] + 1, sizes
    # the content is wider than it was beside a table of contents (about 690 px)
    assert page.eval_on_selector(".md-content__inner", "e => e.clientWidth") > 850


@pytest.mark.parametrize("root, served", [(REPO, "served_site"), (SECOND, "served_second")], ids=["flagship", "second"])
def test_audit_headers_are_the_short_labels(root, served, page_at, request):
    audit = next(data(root, "exercises", p.stem) for p in (root / "data/exercises").glob("*.yml")
                 if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] == "audit")
    page = page_at(DESKTOP)
    open_audit(page, request.getfixturevalue(served), audit)
    headers = page.locator("table.pp-audit thead th.pp-audit__q")
    expect(headers).to_have_text([q["short"] for q in audit["questions"]])
    # one or two lines, never the seven a full question took
    lines = headers.evaluate_all("""hs => hs.map(h => { const r = document.createRange(); r.selectNodeContents(h);
        return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; })""")
    assert max(lines) <= 2, lines
    # the full question is still what a screen reader hears for each answer
    first = audit["questions"][0]
    rows = page.locator("table.pp-audit tbody tr:visible").count()  # (review22b: three to start)
    expect(page.get_by_role("radiogroup", name=re.compile(re.escape(first["text"])))).to_have_count(rows)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_name_field_shows_a_twenty_character_name(served_site, page_at, viewport):
    audit = data(REPO, "exercises", "relationship-audit")
    page = page_at(viewport)
    open_audit(page, served_site, audit)
    name = page.locator(".pp-audit__name").first
    name.fill(TWENTY)
    fits = name.evaluate("e => ({scroll: e.scrollWidth, client: e.clientWidth})")
    assert fits["scroll"] <= fits["client"], fits


@pytest.mark.parametrize("root, served", [(REPO, "served_site"), (SECOND, "served_second")], ids=["flagship", "second"])
def test_verdict_colours_come_from_each_rules_tone(root, served, page_at, request):
    audit = next(data(root, "exercises", p.stem) for p in (root / "data/exercises").glob("*.yml")
                 if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] == "audit")
    page = page_at(DESKTOP)
    open_audit(page, request.getfixturevalue(served), audit)
    answers = one_row_per_rule(audit)
    fill_rows(page, audit, [(f"Row {n + 1}", a) for n, a in enumerate(answers)])
    cells = page.locator("table.pp-audit tbody td.pp-verdict")
    colours: dict[str, set[str]] = {}
    for n, row_answers in enumerate(answers):
        rule = first_verdict(audit["rules"], row_answers)
        tone = rule.get("tone") or "neutral"  # a rule without a tone gets no colour of its own
        cell = cells.nth(n)
        expect(cell.locator(".pp-verdict__title")).to_have_text(rule["verdict"])
        expect(cell).to_have_class(re.compile(rf"\bpp-verdict--{tone}\b"))
        colours.setdefault(tone, set()).add(cell.locator(".pp-verdict__title").evaluate("e => getComputedStyle(e).color"))
    assert all(len(c) == 1 for c in colours.values()), colours  # one colour a tone
    shown = [next(iter(c)) for c in colours.values()]
    assert len(set(shown)) == len(shown), colours  # and a different colour for each tone
    assert len(colours) >= 3, colours


def test_printed_from_the_dark_scheme_the_verdicts_keep_the_paper_colours(served_site, page_at):
    """The tones are palette tokens, slate's for the screen only (as Material's own colours are):
    printed by a reader in the dark scheme, "Reconnect first" was pale amber on white paper (1.5:1)
    and "Answer the questions" nearly invisible. On paper each tone is the light scheme's colour."""
    audit = data(REPO, "exercises", "relationship-audit")
    answers = one_row_per_rule(audit)

    def verdict_colours(scheme: str, media: str) -> list[str]:
        page = page_at(DESKTOP)
        open_audit(page, served_site, audit)
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        fill_rows(page, audit, [(f"Row {n + 1}", a) for n, a in enumerate(answers)])
        page.emulate_media(media=media)
        return page.eval_on_selector_all("table.pp-audit tbody td.pp-verdict :is(.pp-verdict__title, .pp-verdict__pending)",
                                         "els => els.map(e => getComputedStyle(e).color)")

    paper = verdict_colours("default", "print")
    assert verdict_colours("slate", "print") == paper
    assert verdict_colours("slate", "screen") != paper  # on screen slate keeps its own light tones
    assert "rgb(27, 122, 58)" in paper  # go, 5.3:1 on white


def test_print_my_answers_fits_six_rows_on_one_page(served_site, page_at):
    from pypdf import PdfReader

    audit = data(REPO, "exercises", "relationship-audit")
    page = page_at(DESKTOP)
    open_audit(page, served_site, audit)
    reached = one_row_per_rule(audit)
    names = ["Maria Gonzalez-Smith", "Prof. Okonkwo Adeyemi", "Former summer manager", "Alumna from the panel",
             "High-school coach", "Cousin's friend"]
    fill_rows(page, audit, [(name, reached[n % len(reached)]) for n, name in enumerate(names)])
    page.emulate_media(media="print")
    for paper in ("Letter", "A4"):
        pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(pdf.pages) == 1, paper
        # a long name may wrap in its cell; NFKC unfolds the typesetter's ligatures (ﬁ)
        text = " ".join(unicodedata.normalize("NFKC", pdf.pages[0].extract_text()).split())
        for name in names:
            assert name in text, (paper, name)  # every name whole, not cut at the field's width
        for rule in {first_verdict(audit["rules"], a)["verdict"] for a in reached}:
            assert rule in text


def test_an_audit_printed_before_it_is_filled_leaves_room_for_a_pen(served_site, page_at):
    """A student who wants the audit on paper prints it blank: every row has a line for the
    name and both answers to circle, on one page (review 23: 22-px rows with nothing to mark)."""
    from pypdf import PdfReader

    audit = data(REPO, "exercises", "relationship-audit")
    page = page_at(DESKTOP)
    open_audit(page, served_site, audit)
    page.emulate_media(media="print")
    rows = page.locator("table.pp-audit tbody tr")
    heights = rows.evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert len(heights) == audit["rows"] and min(heights) >= 40, heights  # px at 96 dpi: ~11 mm
    for paper in ("Letter", "A4"):
        pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(pdf.pages) == 1, paper
        words = pdf.pages[0].extract_text().split()
        marks = len(audit["questions"]) * audit["rows"]
        assert words.count("Yes") >= marks and words.count("No") >= marks, (paper, words.count("Yes"))


def test_an_audit_without_short_labels_or_tones_still_builds(workshop_copy):
    """Both fields are optional (an older workshop has neither): the headers fall back to the full
    questions and every verdict to the neutral tone."""
    from panelpress.options import Options
    from panelpress.render import make_environment
    from panelpress.site.pages import site_pages
    from panelpress.validate import load_project

    path = workshop_copy / "data/exercises/relationship-audit.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines()
                              if not re.match(r"\s+(short|tone):", line)) + "\n", encoding="utf-8")
    options = Options.defaults(workshop_copy)
    workshop, diags = load_project(options.project)
    assert workshop is not None, diags
    pages = site_pages(workshop, make_environment(options.templates_dir, options.root))
    html = next(p.content for p in pages if p.path == "exercises/relationship-audit.md")
    for question in yaml.safe_load(text)["questions"]:
        assert f'<th scope="col" class="pp-audit__q">{question["text"]}</th>' in html
    assert '"tone": "neutral"' in html and '"tone": "go"' not in html


def test_an_unknown_tone_is_an_error_at_its_line_with_the_tones_to_use(workshop_copy):
    from conftest import run_panelpress

    path = workshop_copy / "data/exercises/relationship-audit.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines) if line.strip() == "tone: go")
    lines[row] = lines[row].replace("tone: go", "tone: green")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_panelpress("check", "--root", str(workshop_copy))
    assert result.returncode == 1
    column = lines[row].index("green") + 1
    assert (f"data/exercises/relationship-audit.yml:{row + 1}:{column}: error: 'green' is not a valid tone "
            "(use one of: 'go', 'caution' or 'stop')") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("root, served", [(REPO, "served_site"), (SECOND, "served_second")], ids=["flagship", "second"])
def test_the_audit_starts_with_three_rows_on_screen_and_prints_all(root, served, page_at, request):
    """Review 22b: on a phone the audit showed six empty cards at once (3,883 px of page before
    anything was typed). Three to start, the add button up to the data's rows; a reload brings
    back every row written in; printed, the page keeps all the data's rows for a pen."""
    audit = next(data(root, "exercises", p.stem) for p in (root / "data/exercises").glob("*.yml")
                 if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] == "audit")
    assert audit["rows"] > 3
    page = page_at(PHONE)
    open_audit(page, request.getfixturevalue(served), audit)
    rows = page.locator("table.pp-audit tbody tr:visible")
    expect(rows).to_have_count(3)
    table = page.locator("table.pp-audit").bounding_box()
    assert table["height"] < 1.5 * PHONE["height"], table  # six cards took about 2.5 screens
    add = page.locator(".pp-add-row")
    expect(add).to_be_visible()
    expect(add).to_be_enabled()
    page.emulate_media(media="print")
    expect(rows).to_have_count(audit["rows"])
    page.emulate_media(media="screen")
    expect(rows).to_have_count(3)

    add.click()
    expect(rows).to_have_count(4)
    name = rows.nth(3).locator(".pp-audit__name")
    expect(name).to_be_focused()
    name.fill("Fourth person")
    page.reload()
    expect(rows).to_have_count(4)
    expect(rows.nth(3).locator(".pp-audit__name")).to_have_value("Fourth person")

