"""The facilitator guide's say / do plan of each segment (handouts/guide.py), from the model:
what is said sits apart from what is done, and an exercise segment's notes that restate the
exercise's own are shown once."""

from __future__ import annotations

from conftest import REPO, SECOND
from panelpress.handouts import guide
from panelpress.project import Project
from panelpress.validate import load_project


def _plans(root):
    workshop, _ = load_project(Project(root))
    return workshop, guide.plans(workshop)


def test_an_exercise_segments_summary_of_the_exercises_notes_is_shown_once():
    workshop, plans = _plans(REPO)
    by_title = {p.segment.slot.title: p for p in plans}
    audit = by_title["Relationship audit"]  # "Two minutes for names, … as the exercise's notes describe."
    assert audit.segment.slot.notes not in audit.notes
    assert audit.notes == (audit.segment.exercises[0].facilitator_notes,)
    lesson = by_title["Networking is making friends"]  # introduces; the lesson's notes detail: both
    assert lesson.notes == (lesson.segment.slot.notes, lesson.segment.slot.target.facilitator_notes)


def test_notes_that_add_something_stay():
    workshop, plans = _plans(SECOND)
    quiz = next(p for p in plans if p.segment.exercises and p.segment.slot.notes)
    assert quiz.segment.slot.notes in quiz.notes and len(quiz.notes) == 2


def test_say_holds_the_lines_and_do_the_actions():
    workshop, plans = _plans(REPO)
    for plan in plans:
        slot = plan.segment.slot
        assert plan.points == plan.segment.anecdotes
        if slot.kind == "discussion":
            assert plan.questions == slot.questions and plan.says
        if slot.kind == "qa":
            assert plan.starters == slot.starters
        for exercise in plan.segment.exercises:
            assert plan.debrief == tuple(exercise.debrief)
        assert plan.cut_if_late == bool(slot.cut_if_late)
        assert plan.does == bool(plan.notes or slot.cut_if_late)
    assert any(p.cut_if_late for p in plans)
