"""The facilitator guide's plan of a segment: what to say, and what to do.

A facilitator holding the guide at the front of the room looks for two things per segment: the
lines to say (the segment's own script, the question to put to the room, the story's point, an exercise's debrief, the
panel's questions, the starters for a quiet Q&A) and what to do (the segment's notes, how to run the lesson or the
exercise, whether the segment is the one to cut). `plan` sorts a segment's data into those two,
so the template lays them side by side and shows each text once.

Shown once: an author often writes a segment's `notes` as a summary of the exercise's or
lesson's own `facilitator_notes` ("three minutes of quiet, then two a scenario, as the
exercise's notes describe"); printed one after the other, the same instructions read twice.
When many of the words of an exercise segment's notes are in the exercise's notes
(`_repeats`), the guide shows the exercise's, the fuller, only. The moderator script and speaker notes still carry both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Anecdote, Lesson, Question, Segment, Workshop

# Words that say nothing about what a note instructs: they are left out of the comparison.
_MINOR = frozenset("""about after also been before does each from have here into just like more most only
other over same some such than that their them then there these they this those through very what when
where which while will with would your""".split())
# The share of a summary's words found in the fuller notes that makes it a repeat. Measured on
# the flagship: its exercise segments' notes (summaries ending "as the exercise's notes
# describe") share 44–80 % of their words with the exercises' notes; notes that add something
# of their own (the second workshop's "take a show of hands …") share 0–12 %.
REPEATED = 0.4


@dataclass(frozen=True)
class Plan:
    """One segment of the guide: its data, and its say / do halves."""

    segment: Segment
    script: str  # Markdown: the segment's own words to say (`say:`)
    discussion: tuple[str, ...]  # the lesson's questions for the room
    ask: tuple[str, ...]  # the stories' questions for the room
    points: tuple[Anecdote, ...]  # stories whose point the teller lands (say it)
    questions: tuple[Question, ...]  # a moderated discussion's questions, in order
    starters: tuple[Question, ...]  # a Q&A's questions for a quiet room
    debrief: tuple[str, ...]  # the debrief of the exercise done in this segment
    notes: tuple[str, ...]  # Markdown: the segment's notes (unless a repeat), then the lesson's or exercise's
    cut_if_late: bool

    @property
    def says(self) -> bool:
        return bool(self.script or self.discussion or self.ask or self.points or self.questions or self.starters or self.debrief)

    @property
    def does(self) -> bool:
        return bool(self.notes or self.cut_if_late)


def _words(markdown: str) -> set[str]:
    """The words that carry meaning, cut to five letters (choose/choosing, minute/minutes)."""
    return {w[:5] for w in re.findall(r"\w+", markdown.casefold()) if len(w) > 3 and w not in _MINOR}


def _repeats(summary: str, full: str) -> bool:
    """Whether `summary` says again what `full` says (most of its words are there)."""
    words = _words(summary)
    return bool(words) and len(words & _words(full)) / len(words) >= REPEATED


def plan(segment: Segment) -> Plan:
    slot = segment.slot
    target = slot.target
    own = [slot.notes] if slot.notes else []
    fuller = [n for n in (getattr(target, "facilitator_notes", "") or "",) if n and
              (isinstance(target, Lesson) or target in segment.exercises)]
    # An exercise is its segment's whole activity, so the segment's notes can only restate how
    # to run it; a lesson segment's notes introduce the lesson, its notes detail it: both stay.
    if own and fuller and target in segment.exercises and _repeats(own[0], fuller[0]):
        own = []
    discussion = tuple(target.discussion) if isinstance(target, Lesson) else ()
    ask: list[str] = []
    for story in segment.anecdotes:
        ask += [q for q in story.discussion if q not in ask and q not in discussion]
    debrief = tuple(q for exercise in segment.exercises for q in exercise.debrief)
    return Plan(segment, slot.say, discussion, tuple(ask), tuple(segment.anecdotes), tuple(slot.questions), tuple(slot.starters),
                debrief, tuple(own + fuller), bool(slot.cut_if_late))


def plans(workshop: Workshop) -> tuple[Plan, ...]:
    return tuple(plan(segment) for segment in workshop.segments)
