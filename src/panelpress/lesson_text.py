"""A lesson's own text where the people who lead it read: the speaker notes, the facilitator
guide, the moderator script and the leader's briefing.

The site gives participants a lesson's summary and body; the facilitators' outputs used to give
only its key points and the author's `facilitator_notes` (review 25 #6). The flagship hid the gap
with long notes; a lesson written without notes (the second workshop's "Asking well", every
`panelpress new` workshop) left its leader eight minutes with two key points. So a lesson's
segment carries the lesson: its summary, then its body, after the author's notes (which say how
to lead it, not what it says).

On paper (the guide and the moderator script: guide.plan) the text costs pages, so it is
printed only where the author's notes cannot stand in for it: notes of fewer
than NOTES_WORDS words (none, or a line such as the second workshop's "Layla can say what a
hiring manager's budget band looks like" under "Know your number", review 25) say how to lead
a lesson, not what it teaches. The flagship's notes (63 to 87 words a lesson) are its leaders'
plan and keep the guide at its length. The speaker notes follow the same rule, and where the notes
are long they give the lesson's summary alone: with the whole body after the flagship's notes the
pane of a lesson's first slide ran to four and a half screens (review 26). The leader's briefing,
their short read, prints it only where the author wrote no notes at all (`in_briefing`): with the
short rule Layla Haddad's briefing ran onto a third page for one question and the panel's bios.
"""

from __future__ import annotations

import re

from .model import Lesson

# about three sentences: room to say how to lead a lesson, too little to hold what it teaches
NOTES_WORDS = 40


def lesson_text(lesson: Lesson, with_summary: bool = True) -> str:
    """The lesson as participants read it (Markdown): its summary, then its body.
    `with_summary=False`: the body alone, where the summary is already said just above (the
    speaker notes' "The lesson in a sentence" when the slide had no room for it)."""
    parts = [lesson.summary] if with_summary else []
    return "\n\n".join(part.strip() for part in [*parts, lesson.body] if part and part.strip())


def on_paper(lesson: Lesson) -> bool:
    """Whether a printed plan (guide, script) gives the lesson's text: its notes are
    shorter than NOTES_WORDS words (the module's rule)."""
    return len(re.findall(r"\w+", lesson.facilitator_notes or "")) < NOTES_WORDS


def in_briefing(lesson: Lesson) -> bool:
    """Whether the leader's briefing gives the lesson's text: only where its author wrote no
    notes at all. A leader with a line of notes has them and the key points there, the text in
    the guide and the script (`on_paper`)."""
    return not lesson.facilitator_notes
