"""The flagship teaches well: what a facilitator running it, and an author copying it, rely on.

These read the flagship's own data through the model every output reads. The audit's verdicts
are checked the way the site's script applies the rules (top to bottom, the first rule whose
conditions all hold gives the verdict); test_exercises_browser.py checks the script itself.
"""

from __future__ import annotations

import itertools

from conftest import REPO
from panelpress.project import Project
from panelpress.validate import load_project


def flagship():
    workshop, _ = load_project(Project(REPO))
    return workshop


def first_match(rules, answers: dict[str, bool]) -> str:
    for rule in rules:
        if all(answers[q] == want for q, want in rule.when.items()):
            return rule.verdict
    raise AssertionError(f"no rule matches {answers}")


def audits(workshop):
    return [e for e in workshop.exercises if e.kind == "audit"]


def combinations(audit) -> list[dict[str, bool]]:
    ids = [q.id for q in audit.questions]
    return [dict(zip(ids, bits)) for bits in itertools.product([True, False], repeat=len(ids))]


def model_answer_rows(audit) -> list[tuple[str, dict[str, bool], str]]:
    """(contact, answers by question id, verdict) for each row of the model answer's table."""
    lines = [line.strip() for line in audit.model_answer.splitlines() if line.strip().startswith("|")]
    ids = [q.id for q in audit.questions]
    assert len(lines[0].strip("|").split("|")) == len(ids) + 2, "columns: contact, one per question, verdict"
    rows = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert all(c in ("yes", "no") for c in cells[1:-1]), line
        rows.append((cells[0], dict(zip(ids, (c == "yes" for c in cells[1:-1]))), cells[-1]))
    return rows


def test_every_combination_of_audit_answers_gets_a_verdict_and_every_rule_decides_some():
    for audit in audits(flagship()):
        verdicts = {tuple(sorted(a.items())): first_match(audit.rules, a) for a in combinations(audit)}
        assert {r.verdict for r in audit.rules} <= set(verdicts.values()), "a rule no row can reach"


def test_each_audit_question_changes_some_verdict():
    """A question whose answer never changes the verdict does not discriminate: drop it or fix the rules."""
    for audit in audits(flagship()):
        for question in audit.questions:
            flips = [a for a in combinations(audit) if a[question.id]
                     and first_match(audit.rules, a) != first_match(audit.rules, {**a, question.id: False})]
            assert flips, f"'{question.text}' never changes a verdict"


def test_the_audit_model_answer_gives_each_row_the_rules_verdict():
    for audit in audits(flagship()):
        rows = model_answer_rows(audit)
        for contact, answers, verdict in rows:
            assert verdict == first_match(audit.rules, answers), contact
        assert {r.verdict for r in audit.rules} == {v for _, _, v in rows}, "the model answer shows every verdict"


def test_choice_questions_give_no_tell_in_length_or_position():
    for choice in (e for e in flagship().exercises if e.kind == "choice"):
        positions, longest = [], []
        for question in choice.questions:
            lengths = [len(o.text) for o in question.options]
            best = next(n for n, o in enumerate(question.options) if o.correct)
            positions.append(best)
            longest.append(lengths[best] == max(lengths))
            assert max(lengths) - min(lengths) <= 15, f"option lengths {lengths} in '{question.question[:40]}…'"
        assert len(set(positions)) > 1, "the best answer is always in the same position"
        assert not all(longest), "the best answer is always the longest"
        assert "why" in choice.instructions.lower(), "students write a line of why on paper"


def test_each_story_is_told_before_the_lessons_that_draw_on_it():
    workshop = flagship()
    own_slot = {slot.target.id: slot.number for slot in workshop.agenda if slot.kind == "anecdote"}
    for slot in workshop.agenda:
        if slot.kind == "lesson":
            for story in slot.target.anecdotes:
                assert own_slot.get(story.id, 0) < slot.number, f"{story.title} comes after {slot.title}"


def test_every_scheduled_exercise_fits_its_slot_and_the_agenda_adds_up():
    workshop = flagship()
    assert workshop.overrunning_exercises == ()
    assert workshop.agenda_minutes == workshop.duration_minutes


def test_every_flagship_story_says_where_it_comes_from():
    assert all(story.provenance for story in flagship().anecdotes)
