"""Exercise and lesson pages printed from the browser, as review 26 found them (print.css, "Exercise
and lesson pages printed whole"): a role-play's "Print my answers" with a title alone on its first
sheet, a choice question's picked answer cut from its stem, a blank checklist printing "0 of 8
ready", a lesson's story card cut after its byline, and the second workshop's rewrite printed
without JavaScript running one rubric line onto a second sheet. Printed by Chromium (page.pdf,
Letter), read back with pypdf: what each sheet holds."""

from __future__ import annotations

import re

import pytest

from conftest import DESKTOP, PHONE
from test_site_print import EXERCISE_CONTENT, LABELS, LETTER, exercise_pages, printed_answers, sheets_of, words

pytestmark = pytest.mark.browser

# about four lines in a role-play's note box on paper (review 26 typed the same)
NOTES = ("I would write to Ms. Alvarez, who supervised my internship last summer, because I admire how she runs "
         "projects. I could send her the write-up of the class project she helped me scope, and ask how she moved "
         "into project management. Next contact: email on the first Monday of next month, then coffee after exams "
         "if she has time.")


def fold(text: str) -> str:
    return " ".join(text.split())


def filled(page, url: str) -> None:
    """The exercise at `url`, its script running, every answer box holding NOTES."""
    page.goto(url)
    page.wait_for_selector(".pp-exercise--live")
    for box in page.locator("textarea.pp-text").all():
        box.fill(NOTES)


def sheet_of(sheets: list[str], text: str) -> list[int]:
    return [n for n, sheet in enumerate(sheets) if text in sheet]


@pytest.mark.parametrize("viewport,model", [(PHONE, False), (DESKTOP, True)], ids=["phone", "desktop-model-answer"])
def test_a_roleplay_with_long_notes_prints_the_exercise_on_its_first_sheet(served_site, browser, viewport, model):
    """Review 26 #1: with four lines in each round's box, the first sheet held only the title and its
    meta line (the rounds chained to each other by `break-after: avoid`: a run Chromium would not
    break before, so it moved the whole exercise on), the model answer a third. The notes are one
    block now: the page turns before "Your notes", the two rounds on one sheet (review 22b), each
    round's label over its own box."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        filled(page, f"{served_site}exercises/answering-a-cold-ask/")
        if model:
            page.locator(".pp-model-answer > summary").click()
        roles = page.locator(".pp-role__name").all_inner_texts()
        for paper in ("Letter", "A4"):
            sheets = sheets_of(page.pdf(format=paper))
            assert len(sheets) == 2, (paper, [s[:120] for s in sheets])
            first = sheets[0]
            assert LABELS["the_situation"] in first and all(role in first for role in roles), (paper, first[:300])
            notes = sheet_of(sheets, LABELS["roleplay_notes"])
            assert notes == [1], (paper, notes)
            for label in (LABELS["roleplay_round_first"], LABELS["roleplay_round_second"]):
                assert sheet_of(sheets, label) == notes, (paper, label)
                assert words(NOTES) in sheets[1].split(label, 1)[1], (paper, label)  # its box under it
            if model:
                assert sheet_of(sheets, LABELS["model_answer"]) == [1], paper
    finally:
        context.close()


def test_a_choice_question_prints_on_one_sheet_with_its_answer(served_site, served_second, browser):
    """Review 26 #2: "Print my answers" on *Would you refer them?* put question 3's picked option
    and its "Not the best answer" on sheet 2, its stem on sheet 1. A question (stem, options, the
    verdict on the one picked) is kept on one sheet."""
    for site, exercise_id in ((served_site, "would-you-refer-them"), (served_second, "fair-range-quiz")):
        context = browser.new_context(viewport=PHONE)
        try:
            page = context.new_page()
            filled(page, f"{site}exercises/{exercise_id}/")
            questions = page.locator("fieldset.pp-question").all()
            assert len(questions) >= 2
            for k, question in enumerate(questions):  # as review 26 answered: the 2nd, 1st, 3rd option
                options = question.locator("input[type=radio]").all()
                options[(2 * k + 1) % len(options)].check()
            parts = [(fold(q.locator("legend").inner_text()), [fold(o) for o in q.locator(".pp-option label > span").all_inner_texts()],
                      fold(q.locator(".pp-result .pp-feedback").inner_text())) for q in questions]
            sheets = sheets_of(page.pdf(format="Letter"))
            for stem, options, feedback in parts:
                where = sheet_of(sheets, words(stem, 6))
                assert len(where) == 1, (stem, where)
                for text in (*options, feedback):
                    assert sheet_of(sheets, words(text, 5)) == where, (exercise_id, stem, text, len(sheets))
        finally:
            context.close()


def progress_words(key: str, done: int, total: int) -> str:
    return LABELS[key].format(done=done, total=total)


def test_a_blank_checklist_prints_no_score(flagship_site, served_site, second_site, served_second, browser):
    """Review 26 #4 (review 25 #5): a checklist or rubric printed blank with JavaScript on showed the
    screen's "0 of 8 ready" and its empty meter, read on paper as a score of zero. The count prints
    once something is ticked: then it is the participant's result."""
    seen = 0
    for site_dir, site in ((flagship_site, served_site), (second_site, served_second)):
        for index in sorted((site_dir / "exercises").glob("*/index.html")):
            # the page's markup holds a checklist (its inline script names the class on every
            # exercise page: lh26)
            if not re.search(r'class="[^"]*\bpp-checklist\b', index.read_text(encoding="utf-8")):
                continue
            context = browser.new_context(viewport=DESKTOP)
            try:
                page = context.new_page()
                page.goto(f"{site}exercises/{index.parent.name}/")
                page.wait_for_selector(".pp-exercise--live")
                key = "rewrite_progress" if page.locator(".pp-rubric").count() else "checklist_progress"
                total = page.locator(".pp-checklist input[type=checkbox]").count()
                blank = " ".join(sheets_of(page.pdf(format="Letter")))
                assert progress_words(key, 0, total) not in blank, index.parent.name
                assert not re.search(r"\b0 of \d+\b", blank), index.parent.name
                page.locator(".pp-checklist input[type=checkbox]").first.check()
                ticked = " ".join(sheets_of(page.pdf(format="Letter")))
                assert progress_words(key, 1, total) in ticked, index.parent.name
                seen += 1
            finally:
                context.close()
    assert seen >= 4


def lessons_of(site_dir) -> list[str]:
    return sorted(p.parent.name for p in (site_dir / "lessons").glob("*/index.html"))


def test_a_lessons_story_cards_print_whole(flagship_site, served_site, second_site, served_second,
                                           scaffold_site, served_scaffold, browser):
    """Review 26 #5: flagship lessons 1 and 2 printed a story card's title and byline at a page's
    foot, its opening and moral on the next (the second workshop's "Asking well" cut it after the
    byline's first line). Each card prints on one sheet, as the home page's lesson cards do; each
    exercise card too. Set tighter on paper, the flagship's lessons take no more sheets than before
    (4, 4, 3 on Letter)."""
    most = {"networking-is-making-friends": 4, "referral-puts-a-name-on-the-line": 4,
            "relationships-run-both-ways": 3}
    cards = 0
    for site_dir, site in ((flagship_site, served_site), (second_site, served_second), (scaffold_site, served_scaffold)):
        for lesson in lessons_of(site_dir):
            context = browser.new_context(viewport=DESKTOP)
            try:
                page = context.new_page()
                page.goto(f"{site}lessons/{lesson}/")
                page.wait_for_load_state("load")
                stories = page.evaluate("""() => [...document.querySelectorAll('.pp-story-card')].map(card =>
                    [card.querySelector('.pp-story-card__title'), card.querySelector('.pp-byline'),
                     card.querySelector('.pp-story-card__opening'), card.querySelector('.pp-pullquote__text')]
                    .map((e, i) => { const w = e.textContent.trim().split(/\\s+/);  // (the byline: its start)
                                     return (i === 1 ? w.slice(0, 4) : w.slice(-5)).join(' '); }))""")
                exercises = page.evaluate("""() => [...document.querySelectorAll('.pp-exercise-card')].map(card =>
                    [card.querySelector('.admonition-title'), card.querySelector('.pp-exercise-card__meta'),
                     card.querySelector('.pp-exercise-card__meta + p')]
                    .map(e => e.textContent.trim().split(/\\s+/).slice(-4).join(' ')))""")
                sheets = sheets_of(page.pdf(format="Letter"))
            finally:
                context.close()
            for parts in (*stories, *exercises):
                # one sheet holds all of it (a part's words may recur elsewhere on the page)
                assert any(all(fold(part) in sheet for part in parts) for sheet in sheets), (
                    lesson, parts, [sheet_of(sheets, fold(part)) for part in parts])
                cards += 1
            if lesson in most and site_dir == flagship_site:
                assert len(sheets) <= most[lesson], (lesson, len(sheets))
    assert cards >= 20


def test_an_exercise_prints_alike_with_and_without_the_script(flagship_site, served_site, second_site, served_second,
                                                               scaffold_site, served_scaffold, browser):
    """Review 26 #7: the second workshop's *Rewrite the "yes, but" e-mail* printed blank without
    JavaScript put "Ends with an open question." alone on a second Letter sheet: the box printed
    as tall as the data's 12 rows (283 px) where the script's copy is six lines (140 px). Each blank
    answer box prints as tall either way, and the page on as many sheets."""
    seen = 0
    for site_dir, site in ((flagship_site, served_site), (second_site, served_second), (scaffold_site, served_scaffold)):
        for exercise_id in exercise_pages(site_dir):
            heights, counts = {}, {}
            for js in (True, False):
                context = browser.new_context(viewport=LETTER, java_script_enabled=js)
                try:
                    page = context.new_page()
                    page.goto(f"{site}exercises/{exercise_id}/")
                    page.wait_for_load_state("load")
                    counts[js] = len(sheets_of(page.pdf(format="Letter")))
                    page.set_viewport_size({"width": EXERCISE_CONTENT["width"], "height": round(EXERCISE_CONTENT["height"])})
                    heights[js] = [round(a["height"]) for a in printed_answers(page)]
                finally:
                    context.close()
            assert heights[True] and all(abs(a - b) <= 1 for a, b in zip(heights[True], heights[False], strict=True)), (
                exercise_id, heights)
            assert counts[True] == counts[False], (exercise_id, counts)
            seen += 1
    assert seen >= 8
