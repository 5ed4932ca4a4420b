"""Issue 16: the published facilitator page reads like the printed guide (the run-of-show, then
what to say beside what to do per segment), and an exercise segment's notes that only restate
the exercise's own are shown once there and in the deck's speaker notes (`shown_once`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, SECOND, serve, straight
from panelpress.handouts import guide
from panelpress.project import Project
from panelpress.shown_once import segment_notes
from panelpress.slides.deck import build_deck
from panelpress.validate import load_project
from test_facilitator_guide import words
from test_site import published_guide


def _workshop(root: Path):
    workshop, _ = load_project(Project(root))
    return workshop


def _text(html: str) -> str:
    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(straight("".join(parser.parts)).split())


def _repeating_slots(workshop):
    """The slots whose own notes restate their exercise's (left out wherever both would show)."""
    return [slot for slot in workshop.agenda if slot.notes and not segment_notes(slot)]


# --- the rule, on the model --------------------------------------------------------------------

def test_the_deck_notes_of_an_exercise_leave_out_the_segments_summary_of_them():
    workshop = _workshop(REPO)
    repeating = _repeating_slots(workshop)
    assert repeating, "the flagship's exercise segments summarise the exercises' notes"
    deck = build_deck(workshop)
    for slot in repeating:
        exercise = slot.exercises[0]
        slides = [s for s in deck.slides if s.slot is slot]
        assert slides, slot.title
        for slide in slides:
            texts = [note.text for note in slide.notes]
            assert slot.notes not in texts, slot.title
            assert texts.count(exercise.facilitator_notes) <= 1, slot.title
        # the exercise's own slide has the way to run it (a choice's question slides have their answer)
        assert [note.text for note in slides[0].notes].count(exercise.facilitator_notes) == 1, slot.title


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "second"])
def test_a_choice_questions_slide_notes_lead_with_its_own_best_answer(root):
    """In the speaker view, question N's notes open with question N's best answer: a caption naming
    the question and who on the panel speaks to it, then the answer in bold body type (its letter:
    the room answers with fingers for A, B, C; and its text), then why (not a 2,900-character block
    of every note of the exercise, the same on every question); the model answer and the debrief
    come with the last question. Review 24: the segment's own notes are on the exercise's first
    slide only, so a question's slide ends with the line saying where they are (its clock and lead
    closed these notes before)."""
    workshop = _workshop(root)
    deck = build_deck(workshop)
    t = workshop.labels
    choices = [e for e in workshop.scheduled_exercises if e.kind == "choice"]
    assert choices
    for exercise in choices:
        count = len(exercise.questions)
        for n, question in enumerate(exercise.questions, 1):
            title = t.text("slide_question_of", n=n, count=count) if count > 1 else t.slide_question
            slide = next(s for s in deck.slides if s.title == title and s.label == exercise.title)
            heads = [note.heading for note in slide.notes]
            k, best = next((k, o) for k, o in enumerate(question.options) if o.correct)
            # review 25 #15 (changed deliberately: the best answer led before): the steps first, in
            # one caption, on every question's slide: hands over its letters, the reveal, who speaks
            letters = t.option_letters
            assert heads[0].startswith(f"Steps: hands up ({letters[0]}–{letters[len(question.options) - 1]}), "
                                       f"reveal {letters[k]}"), heads
            assert not slide.notes[0].text and not slide.notes[0].line
            assert heads[1].startswith(t.text("note_best_of", n=n) if count > 1 else t.note_best), heads
            assert slide.notes[1].line == t.text("note_best_answer", letter=t.option_letters[k], text=best.text)
            assert slide.notes[1].text == best.feedback
            if question.panelist:
                who = next(p for p in workshop.panel if p.id == question.panelist)
                assert who.display_name in heads[1] and heads[0].endswith(f", turn to {who.display_name}")
            assert heads[-1].startswith("Segment continues from slide ") and t.note_running not in heads, heads
            assert t.note_segment not in heads and t.note_script not in heads, heads
            others = [o.text for q in exercise.questions if q is not question for o in q.options
                      if o.correct and o.text != best.text]
            assert not [note for note in slide.notes for o in others if o in note.heading + note.line], heads
            assert exercise.facilitator_notes not in [note.text for note in slide.notes]
            if n == count and exercise.debrief:
                assert t.debrief in heads


def test_flagship_question_notes_name_the_letter_and_the_panelist_with_minutes():
    """The review's example, as the moderator reads it (review 24: the answer a line of its own
    under the caption "Question 1 · best answer · Dana Whitfield, 1 min")."""
    deck = build_deck(_workshop(REPO))
    firsts = [s.notes[1] for s in deck.slides if s.label == "Would you refer them?" and len(s.notes) > 1
              and s.notes[0].heading.startswith("Steps:")]  # the best answer under the steps (review 25 #15)
    assert firsts[0].heading == "Question 1 · best answer · Dana Whitfield, 1\u00a0min"
    assert firsts[0].line.startswith("C — Hold off for now")
    assert firsts[1].line.startswith("A — Reply kindly") and "Amara Okafor" in firsts[1].heading
    assert firsts[2].line.startswith("B — Tell them about the role") and "José Ramírez" in firsts[2].heading


def test_deck_notes_that_add_something_to_the_exercises_stay():
    """The second workshop's quiz segment asks for a show of hands: its notes are its own, shown
    on the segment's first slide (review 24: once, not again on every slide of the segment)."""
    workshop = _workshop(SECOND)
    deck = build_deck(workshop)
    kept = [slot for slot in workshop.agenda if slot.exercises and slot.notes and segment_notes(slot)]
    assert kept
    for slot in kept:
        first, *later = [s for s in deck.slides if s.slot is slot]
        assert slot.notes in [note.text for note in first.notes], slot.title
        assert not [s for s in later if slot.notes in [note.text for note in s.notes]], slot.title


# --- the built deck: what the presenter reads -------------------------------------------------

@pytest.mark.build
def test_speaker_notes_in_the_built_deck_say_each_exercises_instructions_once(flagship_kit):
    workshop = _workshop(REPO)
    html = (flagship_kit / "slides" / "index.html").read_text(encoding="utf-8")
    notes = [_text(aside) for aside in re.findall(r'<aside class="notes">(.*?)</aside>', html, re.S)]
    assert notes
    for slot in _repeating_slots(workshop):
        summary = words(slot.notes, 10)
        assert not any(summary in n for n in notes), slot.title
        how = words(slot.exercises[0].facilitator_notes, 10)
        holding = [n for n in notes if how in n]
        assert holding, slot.title
        assert all(n.count(how) == 1 for n in holding), slot.title


# --- the published facilitator page ---------------------------------------------------------

def _segments(page: str) -> dict[int, str]:
    """Each segment's HTML on the page, by its slot number (from its heading to the next h2)."""
    parts = re.split(r'(?=<h2 id="[^"]+")', page[page.index("<article"):page.index("</article>")])
    found = {}
    for part in parts:
        match = re.match(r'<h2 id="slot-(\d+)"', part)
        if match:
            found[int(match.group(1))] = part
    return found


@pytest.mark.build
def test_published_page_is_the_run_of_show_then_say_and_do_per_segment(published_site):
    workshop = _workshop(REPO)
    t = workshop.labels
    page = (published_site / "facilitator" / "index.html").read_text(encoding="utf-8")
    segments = _segments(page)
    plans = guide.plans(workshop)
    assert sorted(segments) == [p.segment.slot.number for p in plans]
    # the run-of-show comes first, each row a link to its segment on the page
    first = page.index('<h2 id="slot-')
    table = page[page.index('<table class="pp-agenda pp-fac-agenda">'):]
    assert page.index('<table class="pp-agenda pp-fac-agenda">') < first
    for slot in workshop.agenda:
        assert f'<a href="#slot-{slot.number}">' in table[:table.index("</table>")], slot.title
    for plan in plans:
        html = segments[plan.segment.slot.number]
        heads = re.findall(r'<p class="pp-saydo-head">([^<]*)</p>', html)
        assert heads == [h for h, shown in ((t.guide_say, plan.says), (t.guide_do, plan.does)) if shown], \
            plan.segment.slot.title
        say = html[html.index('<div class="pp-say">'):html.index('<div class="pp-do">')] if plan.says and plan.does else ""
        do = html[html.index('<div class="pp-do">'):] if plan.does else ""
        for story in plan.points:  # the point is in Do with who tells what; Say hands the story over (review 23, changed deliberately)
            assert straight(story.moral) in _text(do) and straight(story.moral) not in _text(say), story.id
        for line in plan.debrief:
            assert straight(line) in _text(say), line


@pytest.mark.build
def test_published_page_shows_each_note_once(published_site):
    workshop = _workshop(REPO)
    text = published_guide(published_site)
    repeating = _repeating_slots(workshop)
    assert repeating
    for slot in repeating:  # left out: the exercise's fuller notes say it
        assert words(slot.notes, 10) not in text, slot.title
    for plan in guide.plans(workshop):
        for notes in plan.notes:
            assert text.count(words(notes, 10)) == 1, plan.segment.slot.title
    for exercise in workshop.exercises:
        if exercise.facilitator_notes:
            assert text.count(words(exercise.facilitator_notes, 10)) == 1, exercise.id


@pytest.mark.build
def test_published_page_reads_on_a_phone_and_jumps_from_the_run_of_show(published_site, browser):
    """At 390 px say sits above do, each the content's width; from 1280 px they stand side by side.
    Stories and exercise material are on their own page, linked; a run-of-show row brings its
    segment under the header."""
    workshop = _workshop(REPO)
    plan = next(p for p in guide.plans(workshop) if p.says and p.does)
    late = workshop.agenda[-2]
    with serve(published_site) as url:
        for width, height in ((390, 844), (1280, 800)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url + "facilitator/")
            box = page.locator(f'h2#slot-{plan.segment.slot.number} + .pp-fac-segment .pp-saydo')
            box.scroll_into_view_if_needed()
            say = box.locator(".pp-say").bounding_box()
            do = box.locator(".pp-do").bounding_box()
            if width < 600:
                assert say["y"] + say["height"] <= do["y"] and abs(say["width"] - do["width"]) < 2
                assert say["width"] > width * .8
            else:
                assert abs(say["y"] - do["y"]) < 2 and say["x"] + say["width"] <= do["x"]
            assert page.locator("details.pp-fac-story, details.pp-fac-exercise").count() == 0
            assert page.locator('.pp-fac-more a[href^="material/#story-"]').count() >= 1
            page.evaluate("window.scrollTo(0, 0)")
            page.click(f'table.pp-fac-agenda a[href="#slot-{late.number}"]')
            page.wait_for_timeout(300)
            top = page.locator(f"h2#slot-{late.number}").bounding_box()["y"]
            assert 0 <= top < 150, (width, top)
            context.close()
