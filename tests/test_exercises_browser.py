"""Exercises answer back in Chromium: a participant clicks and types, and sees what the data says.

Every test uses the one flagship build and the one browser of the session; each gets a fresh
browser context, so localStorage starts empty.
"""

from __future__ import annotations

import io
import itertools
import json
import re

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from panelpress.typography import smarten
from conftest import PHONE, REPO, run_panelpress, SECOND, serve


def exercise(exercise_id: str) -> dict:
    return yaml.safe_load((REPO / "data/exercises" / f"{exercise_id}.yml").read_text(encoding="utf-8"))


def words(text: str, count: int = 8) -> str:
    """The first words of a data field, as a page shows them (whitespace folded)."""
    return " ".join(text.split()[:count])


def open_exercise(site: str, watched_page, exercise_id: str):
    """The exercise's page on `site` (a served site's URL), once its script has taken over."""
    page, watch = watched_page
    page.goto(f"{site}exercises/{exercise_id}/")
    root = page.locator(f'.pp-exercise[data-exercise="{exercise_id}"]')
    expect(root.locator(".pp-tools")).to_be_visible()  # the script has taken over
    return page, watch, root


def no_trouble(watch) -> None:
    assert watch.console_errors == []
    assert watch.offsite_requests == []


# --- choice ------------------------------------------------------------------------------


def test_choice_gives_each_options_feedback_and_lets_you_try_again(served_site, watched_page):
    data = exercise("would-you-refer-them")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    question = root.locator(".pp-question").first
    options = data["questions"][0]["options"]
    wrong = next(o for o in options if not o.get("correct"))
    best = next(o for o in options if o.get("correct"))
    result = question.locator(".pp-result")
    expect(result).to_have_attribute("aria-live", "polite")

    question.get_by_label(smarten(wrong["text"])).check()
    expect(result).to_contain_text("Not the best answer. Try another option.")
    expect(result).to_contain_text(words(wrong["feedback"]))

    question.get_by_label(smarten(best["text"])).check()  # try again
    # the author's feedback opens with its own verdict ("Best choice."): the box says it, once
    expect(result).to_have_class(re.compile("pp-result--best"))
    expect(result).to_contain_text(words(best["feedback"]))
    expect(result).not_to_contain_text(words(wrong["feedback"]))
    expect(question.locator(".pp-option--best")).to_contain_text(best["text"])

    page.reload()
    expect(question.get_by_label(smarten(best["text"]))).to_be_checked()
    expect(result).to_contain_text(words(best["feedback"]))
    no_trouble(watch)


def test_choice_works_from_the_keyboard_with_visible_focus(served_site, watched_page):
    data = exercise("would-you-refer-them")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    question = root.locator(".pp-question").first
    options = data["questions"][0]["options"]
    first = question.locator("input[type=radio]").first
    first.focus()
    page.keyboard.press("Space")
    expect(question.locator(".pp-result")).to_contain_text(words(options[0]["feedback"]))
    page.keyboard.press("ArrowDown")
    expect(question.get_by_label(smarten(options[1]["text"]))).to_be_checked()
    expect(question.locator(".pp-result")).to_contain_text(words(options[1]["feedback"]))
    outline = question.locator(".pp-option label").nth(1).evaluate("l => getComputedStyle(l).outlineStyle")
    assert outline not in ("", "none")
    no_trouble(watch)


# --- checklist ----------------------------------------------------------------------------


def test_checklist_counts_what_is_ticked_and_remembers_it(served_site, watched_page):
    data = exercise("make-it-easy-to-refer-you")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    total = len(data["items"])
    progress = root.locator(".pp-progress")
    expect(progress).to_have_text(f"0 of {total} ready")
    for item in data["items"][:4]:
        root.get_by_label(smarten(item)).check()
    expect(progress).to_have_text(f"4 of {total} ready")
    root.get_by_label(smarten(data["items"][1])).uncheck()
    expect(progress).to_have_text(f"3 of {total} ready")
    expect(progress).to_have_attribute("aria-live", "polite")

    page.reload()
    expect(progress).to_have_text(f"3 of {total} ready")
    expect(root.get_by_label(smarten(data["items"][0]))).to_be_checked()
    expect(root.get_by_label(smarten(data["items"][1]))).not_to_be_checked()

    # the answers are kept across pages: go elsewhere, come back
    page.goto(served_site)
    page.goto(f"{served_site}exercises/{data['id']}/")
    expect(progress).to_have_text(f"3 of {total} ready")
    no_trouble(watch)


def test_clear_my_answers_forgets_them_for_good(served_site, watched_page):
    data = exercise("make-it-easy-to-refer-you")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    for item in data["items"][:2]:
        root.get_by_label(smarten(item)).check()
    root.get_by_role("button", name="Clear my answers").click()
    expect(root.locator(".pp-status")).to_have_text("Your answers to this exercise were cleared.")
    expect(root.get_by_label(smarten(data["items"][0]))).not_to_be_checked()
    expect(root.locator(".pp-progress")).to_have_text(f"0 of {len(data['items'])} ready")
    page.reload()
    expect(root.get_by_label(smarten(data["items"][0]))).not_to_be_checked()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('panelpress:'))") == []
    no_trouble(watch)


def test_cleared_answers_come_back_with_undo_until_the_next_answer(served_site, watched_page):
    """"Clear my answers" sits beside "Print my answers": a slip of the thumb is undone, answers
    and all, and kept; once a new answer is given the cleared ones are gone for good."""
    data = exercise("make-it-easy-to-refer-you")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    first, second = (root.get_by_label(smarten(item)) for item in data["items"][:2])
    undo = root.get_by_role("button", name="Undo")
    expect(undo).to_be_hidden()
    first.check()
    second.check()
    root.get_by_role("button", name="Clear my answers").click()
    expect(first).not_to_be_checked()
    undo.click()
    expect(root.locator(".pp-status")).to_have_text("Your answers are back.")
    expect(first).to_be_checked()
    expect(second).to_be_checked()
    expect(root.locator(".pp-progress")).to_have_text(f"2 of {len(data['items'])} ready")
    expect(undo).to_be_hidden()
    page.reload()
    expect(first).to_be_checked()  # kept, not only shown

    root.get_by_role("button", name="Clear my answers").click()
    expect(undo).to_be_visible()
    second.check()  # a new answer: the cleared ones are not offered back
    expect(undo).to_be_hidden()
    expect(first).not_to_be_checked()
    no_trouble(watch)


# --- audit ----------------------------------------------------------------------------------


def expected_verdict(rules: list[dict], answers: dict[str, bool]) -> str:
    """The data's rule, read independently of the page's script: first match wins."""
    for rule in rules:
        if all(answers.get(q) == want for q, want in (rule.get("when") or {}).items()):
            return rule["verdict"]
    raise AssertionError("no rule matched")


def answer_row(row, questions: list[dict], answers: dict[str, bool]) -> None:
    for question in questions:
        if question["id"] in answers:
            group = row.get_by_role("radiogroup", name=re.compile(re.escape(question["text"])))
            group.get_by_label("Yes" if answers[question["id"]] else "No", exact=True).check()


def test_audit_gives_each_contact_the_verdict_of_the_datas_rules(served_site, watched_page):
    data = exercise("relationship-audit")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    questions, rules = data["questions"], data["rules"]
    ids = [q["id"] for q in questions]
    rows = root.locator("table.pp-audit tbody tr:visible")
    expect(rows).to_have_count(min(3, data["rows"]))  # review22b: three rows to start, more on request
    add = root.get_by_role("button", name="Add a contact")  # the flagship's own label (workshop.yml)

    contacts = {
        "Former summer manager": dict.fromkeys(ids, True),
        "Aunt's colleague": dict.fromkeys(ids, False),
        "High-school coach": {**dict.fromkeys(ids, True), "in-touch": False},
        "Cousin's friend": {"real-conversation": True, "in-touch": True, "seen-my-work": False},
    }
    verdicts = {expected_verdict(rules, a) for a in contacts.values()}
    assert len(verdicts) >= 3  # the contacts cover different rules
    for n, (name, answers) in enumerate(contacts.items()):
        if n == rows.count():
            add.click()
        row = rows.nth(n)
        row.get_by_role("textbox").fill(name)
        verdict = row.locator(".pp-verdict")
        expect(verdict).to_contain_text("Answer the questions")
        answer_row(row, questions, answers)
        expect(verdict).to_contain_text(expected_verdict(rules, answers))
        expect(verdict).to_have_attribute("aria-live", "polite")

    # remove a row, add one back (the table holds the data's rows at most), answer it
    rows.nth(1).get_by_role("button", name=re.compile("Remove")).click()
    expect(rows).to_have_count(len(contacts) - 1)
    expect(rows.nth(1).get_by_role("textbox")).to_have_value("High-school coach")
    add.click()
    expect(rows).to_have_count(len(contacts))
    last = rows.last
    expect(last.get_by_role("textbox")).to_be_focused()
    last.get_by_role("textbox").fill("Teaching assistant")
    answer_row(last, questions, {"real-conversation": False, "in-touch": True, "seen-my-work": True})
    expect(last.locator(".pp-verdict")).to_contain_text(
        expected_verdict(rules, {"real-conversation": False, "in-touch": True, "seen-my-work": True}))

    page.reload()
    expect(rows).to_have_count(len(contacts))  # every row written in comes back, and only those
    expect(rows.first.get_by_role("textbox")).to_have_value("Former summer manager")
    expect(rows.first.locator(".pp-verdict")).to_contain_text(expected_verdict(rules, contacts["Former summer manager"]))
    expect(rows.nth(1).locator(".pp-verdict")).to_contain_text(expected_verdict(rules, contacts["High-school coach"]))
    no_trouble(watch)


def test_audit_page_gives_every_combination_of_answers_the_verdict_first_match_gives(served_site, watched_page):
    """Every yes/no combination, answered in the page: the verdict the site's script shows is the
    one the rules give read top to bottom (first match wins), every rule decides some row, and the
    model answer's rows carry the verdict their answers get."""
    data = exercise("relationship-audit")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    questions, rules = data["questions"], data["rules"]
    combos = [dict(zip([q["id"] for q in questions], bits))
              for bits in itertools.product([True, False], repeat=len(questions))]
    rows = root.locator("table.pp-audit tbody tr:visible")
    while rows.count() < data["rows"]:  # three to start: the rest on request
        root.locator(".pp-add-row").click()
    shown = []
    for n, answers in enumerate(combos):
        row = rows.nth(n % data["rows"])  # the table holds the data's rows at most: answer a row again
        row.get_by_role("textbox").fill(f"Combination {n + 1}")
        answer_row(row, questions, answers)
        verdict = row.locator(".pp-verdict .pp-verdict__title")
        expect(verdict).to_have_text(expected_verdict(rules, answers))
        shown.append(verdict.inner_text())
    assert {r["verdict"] for r in rules} == set(shown), "a rule that no combination of answers reaches"
    for answers, verdict in model_answer_rows(data):
        assert verdict == shown[combos.index(answers)], (answers, verdict)
    no_trouble(watch)


def model_answer_rows(data: dict) -> list[tuple[dict[str, bool], str]]:
    """The audit's model answer table: (answers by question id, verdict) for each contact."""
    lines = [line.strip() for line in data["model_answer"].splitlines() if line.strip().startswith("|")]
    header, body = lines[0], lines[2:]
    ids = [q["id"] for q in data["questions"]]
    assert len(header.strip("|").split("|")) == len(ids) + 2, "columns: contact, one per question, verdict"
    rows = []
    for line in body:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert all(c in ("yes", "no") for c in cells[1:-1]), line
        rows.append((dict(zip(ids, (c == "yes" for c in cells[1:-1]))), cells[-1]))
    assert len(rows) >= len(data["rules"]), "the model answer shows every verdict at least once"
    return rows


def test_audit_rules_travel_in_the_page_as_the_data_wrote_them(flagship_site):
    data = exercise("relationship-audit")
    html = (flagship_site / "exercises" / data["id"] / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" class="pp-audit-data">(.*?)</script>', html, re.S)
    assert found
    page_rules = json.loads(found.group(1))["rules"]
    assert [r["verdict"] for r in page_rules] == [r["verdict"] for r in data["rules"]]
    assert [r["when"] for r in page_rules] == [r.get("when", {}) for r in data["rules"]]
    script = (REPO / "src/panelpress/assets/panelpress-exercises.js").read_text(encoding="utf-8")
    for rule in data["rules"]:
        assert rule["verdict"] not in script


# --- rewrite, reflection, roleplay ---------------------------------------------------------------


def test_rewrite_checks_against_the_rubric_and_shows_the_model_answer(served_site, watched_page):
    data = exercise("rewrite-the-cold-message")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    expect(root.locator(".pp-original")).to_have_text(data["original"])
    draft = root.get_by_label(smarten("Your rewrite"))
    draft.fill("Hi Dana, I heard you speak at the panel. Would you have 15 minutes?")
    expect(root.locator(".pp-words")).to_have_text("14 words")
    for check in data["rubric"][:2]:
        root.get_by_label(smarten(check)).check()
    total = len(data["rubric"])
    expect(root.locator(".pp-progress")).to_have_text(f"2 of {total} checks met")

    model = root.locator(".pp-model-answer")
    first_line = data["model_answer"].splitlines()[0].lstrip("> ")  # "Subject: …"
    assert first_line.startswith("Subject:")
    expect(model.get_by_text(first_line)).to_be_hidden()
    model.get_by_text("Model answer", exact=True).click()
    expect(model.get_by_text(first_line)).to_be_visible()

    page.reload()
    expect(draft).to_have_value("Hi Dana, I heard you speak at the panel. Would you have 15 minutes?")
    expect(root.locator(".pp-progress")).to_have_text(f"2 of {total} checks met")
    no_trouble(watch)


@pytest.mark.parametrize("exercise_id", ["stay-in-touch-plan", "answering-a-cold-ask"])
def test_text_answers_survive_a_reload_and_print(served_site, watched_page, exercise_id):
    page, watch, root = open_exercise(served_site, watched_page, exercise_id)
    boxes = root.locator("textarea")
    assert boxes.count() >= 1
    for n in range(boxes.count()):
        boxes.nth(n).fill(f"Answer {n + 1}: Sam, my old manager.\nWrite to her on Friday.")
    page.reload()
    for n in range(boxes.count()):
        expect(boxes.nth(n)).to_have_value(f"Answer {n + 1}: Sam, my old manager.\nWrite to her on Friday.")

    # "Print my answers" prints this page, with what was typed shown in full
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    root.get_by_role("button", name="Print my answers").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(boxes.first).to_be_hidden()
    printed = root.locator(".pp-print-text").first
    expect(printed).to_be_visible()
    expect(printed).to_have_text("Answer 1: Sam, my old manager.\nWrite to her on Friday.")
    expect(root.locator(".pp-tools")).to_be_hidden()
    expect(page.locator(".md-header")).to_be_hidden()
    no_trouble(watch)


def test_storage_is_per_exercise(served_site, watched_page):
    page, watch, root = open_exercise(served_site, watched_page, "stay-in-touch-plan")
    root.locator("textarea").first.fill("kept for this exercise only")
    page.goto(f"{served_site}exercises/answering-a-cold-ask/")
    expect(page.locator("textarea").first).to_have_value("")
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('panelpress:'))")
    assert keys == ["panelpress:networking-secret-sauce:stay-in-touch-plan"]
    no_trouble(watch)


# --- without JavaScript, and with Material's instant navigation -------------------------------------


def test_without_javascript_every_exercise_still_reads_in_full(served_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        choice = exercise("would-you-refer-them")
        page.goto(f"{served_site}exercises/{choice['id']}/")
        option = choice["questions"][0]["options"][0]
        expect(page.get_by_text(option["text"]).first).to_be_visible()
        answers = page.locator(".pp-answers").first
        expect(answers.get_by_text(words(option["feedback"]))).to_be_hidden()  # folded away
        answers.locator("summary").click()
        expect(answers.get_by_text(words(option["feedback"]))).to_be_visible()
        expect(page.locator(".pp-tools")).to_be_hidden()  # buttons that would do nothing are not shown

        rewrite = exercise("rewrite-the-cold-message")
        page.goto(f"{served_site}exercises/{rewrite['id']}/")
        for check in rewrite["rubric"]:
            expect(page.get_by_text(check)).to_be_visible()
        expect(page.locator(".pp-model-answer summary")).to_have_text("Model answer")

        audit = exercise("relationship-audit")
        page.goto(f"{served_site}exercises/{audit['id']}/")
        expect(page.locator("table.pp-audit tbody tr")).to_have_count(audit["rows"])
        for rule in audit["rules"]:
            expect(page.locator(".pp-rules").get_by_text(rule["advice"])).to_be_visible()
    finally:
        context.close()


def test_exercises_work_after_materials_instant_navigation(tmp_path_factory, browser):
    """With `navigation.instant` Material swaps pages without loading them: the script must still
    bring each new page's exercise to life. (Instant navigation needs `site_url` to be where the
    site is served, so the server starts before the build.)"""
    root = tmp_path_factory.mktemp("instant") / "workshop"
    site = root.parent / "site"
    site.mkdir(parents=True)
    run_panelpress("new", str(root), "--title", "Instant panel", check=True)
    checklist = yaml.safe_load((root / "data/exercises/ready-check.yml").read_text(encoding="utf-8"))
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(site) as url:
            config = root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
            config.write_text(f"site_url: {url}\n" + text, encoding="utf-8")
            run_panelpress("build", "--root", str(root), "--site-dir", str(site), check=True)
            page.goto(url)
            page.evaluate("() => { window.__same_document = true; }")
            page.get_by_role("link", name="Exercises").first.click()
            page.get_by_role("link", name=checklist["title"]).first.click()
            expect(page.locator("h1")).to_contain_text(checklist["title"])
            progress = page.locator(".pp-progress")
            expect(progress).to_have_text(f"0 of {len(checklist['items'])} ready")
            assert page.evaluate("window.__same_document") is True  # no reload: instant navigation did it
            page.get_by_label(smarten(checklist["items"][0])).check()
            expect(progress).to_have_text(f"1 of {len(checklist['items'])} ready")
    finally:
        context.close()


# --- issue 16 review: a checklist's note, paper words off the screen, each verdict once, print ----


def second_exercise(exercise_id: str) -> dict:
    return yaml.safe_load((SECOND / "data/exercises" / f"{exercise_id}.yml").read_text(encoding="utf-8"))


def either(workshop: str, served_site: str, served_second: str, flagship_id: str, second_id: str) -> tuple[str, dict]:
    """For a test run on both workshops: the served site and the data of its exercise of the kind."""
    if workshop == "flagship":
        return served_site, exercise(flagship_id)
    return served_second, second_exercise(second_id)


def printed(page, paper: str = "Letter") -> list[str]:
    """What "Print my answers" puts on paper: the text of each sheet (print media, page.pdf)."""
    page.emulate_media(media="print")
    try:
        pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        return [" ".join((sheet.extract_text() or "").split()) for sheet in pdf.pages]
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("workshop", ["flagship", "second"])
def test_checklist_has_the_datas_note_kept_and_printed(workshop, served_site, served_second, watched_page):
    """The checklist's last step ("write one step and its date") has a box on the site, under the
    words the data gives it, kept like every answer and printed by "Print my answers"."""
    site, data = either(workshop, served_site, served_second, "make-it-easy-to-refer-you", "ready-to-sign")
    page, watch, root = open_exercise(site, watched_page, data["id"])
    note = root.get_by_label(smarten(data["note_prompt"]))
    note.fill("Read three postings and list the skills they share, by Friday 4 December.")
    root.get_by_label(smarten(data["items"][-1])).check()  # (the last: plain text in both workshops)
    page.reload()
    expect(note).to_have_value("Read three postings and list the skills they share, by Friday 4 December.")
    sheets = printed(page)
    assert len(sheets) == 1
    assert "by Friday 4 December" in sheets[0]
    assert smarten(data["note_prompt"]) in sheets[0]
    no_trouble(watch)


def test_checklist_note_keeps_its_lines_in_the_workbook(flagship_site):
    data = exercise("make-it-easy-to-refer-you")
    reader = PdfReader(flagship_site / "handouts" / "networking-secret-sauce-workbook.pdf")
    sheet = next(" ".join(p.extract_text().split()) for p in reader.pages
                 if words(smarten(data["paper_instructions"]), 10) in " ".join(p.extract_text().split()))
    assert smarten(data["note_prompt"]) in sheet  # the worksheet's lines carry the same words as the site's box
    assert "circle the unticked one" in sheet  # and the paper wording


def test_paper_words_stay_on_paper(flagship_site, served_site, served_second, watched_page):
    """The choice exercises' paper wording ("circle one letter in your workbook") is in the
    workbook; the site (and so the participant's screen) has the screen wording only."""
    page, watch = watched_page
    for site, data in ((served_site, exercise("would-you-refer-them")), (served_second, second_exercise("fair-range-quiz"))):
        assert data["paper_instructions"].lower().count("circle") == 1
        page.goto(f"{site}exercises/{data['id']}/")
        body = page.locator(".md-content").inner_text()
        assert "circle" not in body.lower()
        assert words(smarten(data["instructions"]), 5) in " ".join(body.split())
    reader = PdfReader(flagship_site / "handouts" / "networking-secret-sauce-workbook.pdf")
    workbook = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert words(smarten(exercise("would-you-refer-them")["paper_instructions"]), 12) in workbook
    no_trouble(watch)


@pytest.mark.parametrize("workshop", ["flagship", "second"])
def test_choice_says_each_verdict_once(workshop, served_site, served_second, watched_page):
    """The verdict box does not say "Best answer." over the author's own "Best choice. …"; the
    folded list of every option's feedback (the no-script fallback) is gone once the script runs."""
    site, data = either(workshop, served_site, served_second, "would-you-refer-them", "fair-range-quiz")
    page, watch, root = open_exercise(site, watched_page, data["id"])
    expect(root.locator(".pp-answers").first).to_be_hidden()
    question = root.locator(".pp-question").first
    options = data["questions"][0]["options"]
    best = next(o for o in options if o.get("correct"))
    result = question.locator(".pp-result")
    question.get_by_label(smarten(best["text"])).check()
    expect(result).to_contain_text(words(smarten(best["feedback"]).replace("*", ""), 3))
    text = " ".join(result.inner_text().split())
    assert text.lower().count("best") == smarten(best["feedback"]).lower().count("best"), text
    wrong = next(o for o in options if not o.get("correct"))
    question.get_by_label(smarten(wrong["text"])).check()
    expect(result).to_contain_text("Not the best answer. Try another option.")  # feedback with no verdict of its own
    expect(result.locator(".pp-result__verdict:visible")).to_have_count(1)  # (paper's own words wait for print)
    no_trouble(watch)


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_print_my_answers_prints_what_was_done_on_few_sheets(paper, served_site, watched_page):
    """Choice: three answered questions on at most two sheets, each with its picked option's
    feedback only; rewrite: one sheet. The screen's how-to, the fallback list of every option's
    feedback and an unopened model answer stay off the paper; an opened model answer prints."""
    choice = exercise("would-you-refer-them")
    page, watch, root = open_exercise(served_site, watched_page, choice["id"])
    for n, question in enumerate(choice["questions"]):
        best = next(o for o in question["options"] if o.get("correct"))
        root.locator(".pp-question").nth(n).get_by_label(smarten(best["text"])).check()
    sheets = printed(page, paper)
    assert len(sheets) <= 2, [len(s) for s in sheets]
    text = " ".join(sheets)
    for question in choice["questions"]:
        wrong = next(o for o in question["options"] if not o.get("correct"))
        assert words(smarten(wrong["feedback"]), 6) not in text  # options not picked: no feedback
    assert "On this page" not in text
    assert "Answers and feedback" not in text
    assert "Model answer" not in text

    rewrite = exercise("rewrite-the-cold-message")
    page.goto(f"{served_site}exercises/{rewrite['id']}/")
    root = page.locator(f'.pp-exercise[data-exercise="{rewrite["id"]}"]')
    draft = "Subject: Your talk on clinic data\n\nHi Dana,\n\nI heard you speak at the career panel on Tuesday. " \
        "Your point about waiting times stayed with me. Would you have 15 minutes next week for two questions " \
        "about how your team started?\n\nThank you,\nSam"
    root.locator("textarea").fill(draft)
    for check in rewrite["rubric"][:3]:
        root.get_by_label(smarten(check)).check()
    sheets = printed(page, paper)
    assert len(sheets) == 1, [len(s) for s in sheets]
    assert "Would you have 15 minutes next week" in sheets[0]
    assert "Model answer" not in sheets[0]
    root.locator(".pp-model-answer summary").click()
    opened = " ".join(printed(page, paper))
    assert "Model answer" in opened
    assert words(rewrite["model_answer"].splitlines()[0].lstrip("> "), 4) in opened
    no_trouble(watch)


def test_audit_stops_at_the_datas_rows_and_says_why(served_site, watched_page):
    data = exercise("relationship-audit")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    rows = root.locator("table.pp-audit tbody tr:visible")
    add = root.locator(".pp-add-row")
    full = root.locator(".pp-audit-full")
    expect(rows).to_have_count(3)  # review22b: three to start, up to the data's rows on request
    for n in range(3, data["rows"]):
        expect(full).to_be_hidden()
        add.click()
        expect(rows).to_have_count(n + 1)
    expect(add).to_be_disabled()
    # (review 22: no "table": on a phone the rows are cards)
    expect(full).to_have_text(f"That is the most, {data['rows']} rows: remove one to add another.")
    rows.first.get_by_role("button", name=re.compile("Remove")).click()
    expect(rows).to_have_count(data["rows"] - 1)
    expect(full).to_be_hidden()
    add.click()  # a removed row can come back
    expect(rows).to_have_count(data["rows"])
    expect(add).to_be_disabled()
    no_trouble(watch)


def test_focus_ring_is_not_the_not_the_best_outline(served_site, watched_page):
    data = exercise("would-you-refer-them")
    page, watch, root = open_exercise(served_site, watched_page, data["id"])
    question = root.locator(".pp-question").first
    wrong = next(o for o in data["questions"][0]["options"] if not o.get("correct"))
    question.get_by_label(smarten(wrong["text"])).check()
    question.locator("input:checked").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")  # back on the wrong answer, focused from the keyboard
    label = question.locator(".pp-option--not-best label")
    style = label.evaluate("l => { const s = getComputedStyle(l); return {ring: s.outlineColor, "
                           "ringStyle: s.outlineStyle, edge: s.borderTopColor}; }")
    assert style["ringStyle"] == "solid"
    assert style["ring"] != style["edge"], style
    no_trouble(watch)


def test_long_titles_on_a_phone_have_no_blank_line_before_their_rule(served_site, browser):
    """The hidden "¶" of a title that fills the phone's width took a line of its own."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{served_site}exercises/rewrite-the-cold-message/")
        box = page.locator("h1").evaluate("h => ({height: h.getBoundingClientRect().height, "
                                          "line: parseFloat(getComputedStyle(h).lineHeight)})")
        assert box["height"] < 1.5 * box["line"], box
    finally:
        context.close()


def test_emphasis_in_an_item_stays_in_its_sentence(served_second, browser):
    """A checklist item written "The salary and **when** it is paid." reads as one sentence: the bold word
    sits a space from its neighbours, not a column apart (the label lays out its box and its text)."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{served_second}exercises/ready-to-sign/")
        item = page.locator(".pp-checklist li", has=page.locator("strong")).first
        gap = item.evaluate("""li => {
            const strong = li.querySelector('strong');
            const before = document.createRange();
            before.selectNodeContents(strong.previousSibling);
            const rects = before.getClientRects();
            const end = rects[rects.length - 1];
            const size = parseFloat(getComputedStyle(strong).fontSize);
            return {gap: strong.getBoundingClientRect().left - end.right, size: size,
                    top: Math.abs(strong.getBoundingClientRect().top - end.top)};
        }""")
        assert gap["gap"] < 0.4 * gap["size"], gap
        assert gap["top"] < 0.5 * gap["size"], gap
    finally:
        context.close()


@pytest.mark.parametrize("workshop", ["flagship", "second"])
def test_a_roleplays_printed_boxes_leave_room_for_a_pen_and_keep_typed_text(workshop, served_site, served_second,
                                                                           watched_page):
    """Review 22b: "Print my answers" gave each round's notes box two lines: no room to write the
    notes by hand. Printed empty, each box is at least six lines of its text tall, the two rounds on
    one sheet and two sheets at most; typed text longer than that shows whole."""
    site, data = either(workshop, served_site, served_second, "answering-a-cold-ask", "counter-offer-call")
    page, watch, root = open_exercise(site, watched_page, data["id"])
    boxes = root.locator(".pp-print-text")

    def printed_boxes():
        page.emulate_media(media="print")
        try:
            return boxes.evaluate_all("""bs => bs.map(b => ({height: b.getBoundingClientRect().height,
                line: parseFloat(getComputedStyle(b).lineHeight), scroll: b.scrollHeight, client: b.clientHeight}))""")
        finally:
            page.emulate_media(media="screen")

    sizes = printed_boxes()
    assert len(sizes) == 2
    assert all(s["height"] >= 6 * s["line"] for s in sizes), sizes
    for paper in ("Letter", "A4"):
        sheets = printed(page, paper)
        assert len(sheets) <= 2, (paper, len(sheets))
        rounds = [n for n, sheet in enumerate(sheets) if "Round 1" in sheet or "Round 2" in sheet]
        assert len(rounds) == 1, (paper, rounds)  # both rounds on one sheet

    lines = [f"Line {n} of what happened in the first round" for n in range(1, 11)]
    root.locator("textarea.pp-text").first.fill("\n".join(lines))
    sizes = printed_boxes()
    assert sizes[0]["scroll"] <= sizes[0]["client"] + 1, sizes  # nothing cut off
    assert sizes[0]["height"] >= 10 * sizes[0]["line"], sizes
    assert lines[-1] in " ".join(printed(page))
    no_trouble(watch)
