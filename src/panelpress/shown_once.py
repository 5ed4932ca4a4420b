"""A segment's notes shown once, wherever a facilitator reads them (the guide, its published
page, the moderator script, the speaker notes).

An author often writes an exercise segment's `notes` as a summary of the exercise's own
`facilitator_notes` ("three minutes of quiet, then two a scenario, as the exercise's notes
describe"); printed one after the other, the same instructions read twice. When many of the
words of the segment's notes are in the exercise's notes, only the exercise's, the fuller, are
shown. A lesson segment's notes stay: they introduce the lesson, its own notes detail it.
"""

from __future__ import annotations

import re

from .model import Slot

# Words that say nothing about what a note instructs: they are left out of the comparison.
_MINOR = frozenset("""about after also been before does each from have here into just like more most only
other over same some such than that their them then there these they this those through very what when
where which while will with would your""".split())
# The share of a summary's words found in the fuller notes that makes it a repeat. Measured on
# the flagship: its exercise segments' notes (summaries ending "as the exercise's notes
# describe") share 44–80 % of their words with the exercises' notes; notes that add something
# of their own (the second workshop's "take a show of hands …") share 0–12 %.
REPEATED = 0.4


def _words(markdown: str) -> set[str]:
    """The words that carry meaning, cut to five letters (choose/choosing, minute/minutes)."""
    return {w[:5] for w in re.findall(r"\w+", markdown.casefold()) if len(w) > 3 and w not in _MINOR}


def repeats(summary: str, full: str) -> bool:
    """Whether `summary` says again what `full` says (most of its words are there)."""
    words = _words(summary)
    return bool(words) and len(words & _words(full)) / len(words) >= REPEATED


def segment_notes(slot: Slot) -> str:
    """The slot's own notes (Markdown) as a facilitator should read them: "" when they only
    restate the notes of the exercise done in this slot, which are shown with the exercise."""
    if not slot.notes:
        return ""
    for exercise in slot.exercises:
        if exercise.facilitator_notes and repeats(slot.notes, exercise.facilitator_notes):
            return ""
    return slot.notes
