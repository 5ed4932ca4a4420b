"""A lesson's own text where the people who lead it read: the speaker notes, the facilitator
guide, the moderator script and the leader's briefing.

The site gives participants a lesson's summary and body; the facilitators' outputs used to give
only its key points and the author's `facilitator_notes` (review 25 #6). The flagship hid the gap
with long notes; a lesson written without notes (the second workshop's "Asking well", every
`panelpress new` workshop) left its leader eight minutes with two key points. So a lesson's
segment carries the lesson: its summary, then its body, after the author's notes (which say how
to lead it, not what it says).
"""

from __future__ import annotations

from .model import Lesson


def lesson_text(lesson: Lesson, with_summary: bool = True) -> str:
    """The lesson as participants read it (Markdown): its summary, then its body.
    `with_summary=False`: the body alone, where the summary is already said just above (the
    speaker notes' "The lesson in a sentence" when the slide had no room for it)."""
    parts = [lesson.summary] if with_summary else []
    return "\n\n".join(part.strip() for part in [*parts, lesson.body] if part and part.strip())
