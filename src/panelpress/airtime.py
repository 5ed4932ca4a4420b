"""Airtime: how much of the workshop each panelist is planned to hold the room.

One panelist doing most of the talking is the classic failure of a career panel. A
panelist's **share** is, in planned minutes:

- the minutes of every agenda item they lead (`lead:`), plus
- their part of the minutes of every question a discussion segment asks them: a question's
  `minutes` divided among those it is aimed at (`to: everyone` is every panelist), plus
- the minutes they speak to a best answer in a scheduled choice exercise (a question's
  `panelist` and `panelist_minutes`), unless they lead that exercise's segment already (its
  minutes are theirs then, the answer included).

The moderator is left out (they run the room; their minutes are not airtime). Q&A starters
and spare questions do not count: they may never be asked, nor does a take-home exercise (it is
not done in the room) or a `panelist` without `panelist_minutes` (no time is planned: the table
lists such an answer as "not timed", the author's cue to give it minutes). Stories and the number of
questions are reported beside the share but not added to it (a story's minutes are its
agenda item's, counted for whoever leads that item).

Who answers what on stage is `stage_answers`: the one rule the airtime, the moderator script's
best answers and each panelist's briefing ("Your segments") read.

The build warns at a panelist's entry in workshop.yml when their share is under the panel's
mean divided by the tolerance, or over the mean times it (`airtime_tolerance`, default 2.0:
under half or over twice the mean).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .load import Document
    from .model import Exercise, Panelist, Slot, Workshop

TOLERANCE = 2.0


@dataclass(frozen=True)
class Airtime:
    """One panelist's planned time in front of the room."""

    person: Panelist
    lead_minutes: int  # agenda items they lead
    questions: int  # questions of discussion segments aimed at them (`everyone` included)
    question_minutes: float  # their part of those questions' minutes
    stories: int  # stories they tell that the agenda includes
    answers: int = 0  # best answers of scheduled choice exercises they speak to, with minutes
    answer_minutes: int = 0  # those answers' `panelist_minutes`
    # best answers they speak to with no `panelist_minutes`: on stage, but no time is planned, so
    # the table says "not timed" rather than count them 0 in silence (review 25 #16)
    untimed: int = 0

    @property
    def share(self) -> float:
        return self.lead_minutes + self.question_minutes + self.answer_minutes


@dataclass(frozen=True)
class StageAnswer:
    """A choice question a panel member speaks to on stage once its best answer is revealed
    (the question's `panelist`), in the agenda slot that does the exercise."""

    slot: Slot
    exercise: Exercise
    number: int  # the question's, from 1 (the script's and the slides' "question 1")
    question: Any  # the schema's choice question: text, options, minutes, panelist_minutes
    person: Panelist

    @property
    def best(self) -> tuple[tuple[int, Any], ...]:
        """(index, option) of the best options: the letter to reveal and the reason (its feedback)."""
        return tuple((i, option) for i, option in enumerate(self.question.options) if option.correct)

    @property
    def minutes(self) -> int | None:
        return self.question.panelist_minutes


def stage_answers(workshop: Workshop, person: Panelist | None = None) -> tuple[StageAnswer, ...]:
    """Every best answer a panel member speaks to, in agenda order (only `person`'s, when given).
    Only a scheduled exercise counts: a take-home one is not done in the room."""
    who = {member.id: member for member in workshop.panel}
    return tuple(StageAnswer(slot, exercise, n, q, who[q.panelist])
                 for slot in workshop.agenda for exercise in slot.exercises if exercise.kind == "choice"
                 for n, q in enumerate(exercise.questions, 1)
                 if q.panelist in who and (person is None or who[q.panelist] is person))


def compute(workshop: Workshop) -> tuple[Airtime, ...]:
    told = {id(story) for slot in workshop.agenda for story in slot.anecdotes}
    answers = stage_answers(workshop)
    out = []
    for person in workshop.panelists:
        asked = [q for slot in workshop.agenda if slot.kind == "discussion" for q in slot.questions
                 if person in q.to]
        theirs = [a for a in answers if a.person is person and a.slot.lead is not person]
        spoken = [a.minutes for a in theirs if a.minutes]
        out.append(Airtime(
            person,
            sum(slot.minutes for slot in workshop.agenda if slot.lead is person),
            len(asked),
            sum(q.share for q in asked),
            sum(1 for story in workshop.anecdotes if story.teller is person and id(story) in told),
            len(spoken),
            sum(spoken),
            len(theirs) - len(spoken),
        ))
    return tuple(out)


def mean_share(airtime: tuple[Airtime, ...]) -> float:
    return sum(a.share for a in airtime) / len(airtime) if airtime else 0.0


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def warnings(workshop: Workshop, doc: Document, tolerance: float = TOLERANCE) -> list[Diagnostic]:
    """A warning for each panelist whose share is out of [mean / tolerance, mean × tolerance]."""
    table = workshop.airtime
    mean = mean_share(table)
    if len(table) < 2 or mean <= 0 or tolerance <= 1:
        return []
    diags = []
    for index, row in enumerate(table):
        low, high = mean / tolerance, mean * tolerance
        if low <= row.share <= high:
            continue
        under = row.share < low
        bound = _num(low if under else high)
        if tolerance == 2:
            limit = f"{bound}, {'half' if under else 'twice'} the panel's mean of {_num(mean)}"
        else:
            limit = f"{bound}, the panel's mean of {_num(mean)} {'÷' if under else '×'} {tolerance:g}"
        answers = (f", {row.answer_minutes} speaking to {row.answers} exercise answer{'s' * (row.answers != 1)}"
                   if row.answers else "")
        what = (f"{row.lead_minutes} leading, {_num(row.question_minutes)} answering {row.questions} "
                f"question{'s' * (row.questions != 1)}{answers}; "
                f"{row.stories} stor{'ies' if row.stories != 1 else 'y'}")
        todo = ("aim discussion questions at them or give them an agenda item to lead" if under
                else "aim questions at the others, or let another panelist lead some of their items")
        diags.append(doc.diagnostic(
            ("panel", "panelists", index, "id"),
            f"airtime: {row.person.name} holds the room {_num(row.share)} minutes ({what}), "
            f"{'under' if under else 'over'} {limit}",
            f"{todo}; `airtime_tolerance` under the panelpress plugin in mkdocs.yml sets the limit",
            severity="warning"))
    return diags
