"""The slides of a lesson and of a story: key points, beats, the moral, discussion questions."""

from __future__ import annotations

from ..model import Anecdote, Lesson, Slot
from ..render import md_inline
from .data import BeatLayout, Item, Note, Slide
from .notes import SpeakerNotes


class Stories(SpeakerNotes):
    def story(self, index: int, slot: Slot, story: Anecdote, notes: list[Note]) -> None:
        label = f"{story.title} · {story.teller.name}"
        notes = tuple(notes + self.story_notes(story))
        for n, beat in enumerate(story.beats, start=1):
            self.big_text_slides(index, Slide("beat", "", slot, label=label, notes=notes, layout=BeatLayout()),
                                 beat, ("anecdote", story.id), f"beat {n} of '{story.title}'")
        self.big_text_slides(index, Slide("beat", "", slot, label=self.t.text("slide_story_point", label=label), notes=notes,
                                          layout=BeatLayout(moral=True)),
                             story.moral, ("anecdote", story.id), f"the moral of '{story.title}'")
        if story.discussion:
            self.list_slides(index, Slide("list", self.t.ask_the_room, slot, label=label, notes=notes),
                             [Item(q) for q in story.discussion], ("anecdote", story.id),
                             f"the discussion questions of '{story.title}'")

    def lesson(self, index: int, slot: Slot, lesson: Lesson, notes: list[Note]) -> None:
        notes += [Note(self.t.note_lesson, lesson.facilitator_notes, markdown=True)] if lesson.facilitator_notes else []
        source = ("lesson", lesson.id)
        label = self.t.text("slide_lesson_label", number=lesson.number, start=slot.start, end=slot.end)
        self.list_slides(index, Slide("list", lesson.title, slot, label=label, notes=tuple(notes)),
                         [Item(md_inline(lesson.summary), html=True, lead=True), *(Item(p) for p in lesson.key_points)], source,
                         f"the key points of '{lesson.title}'")
        # a lesson's stories that have no agenda slot of their own are told here; its exercises
        # never are: they run in their own slot, or they are take-home (model.py's rule)
        in_agenda = {s.target.id for s in self.workshop.agenda if isinstance(s.target, Anecdote)}
        for story in lesson.anecdotes:
            if story.id not in in_agenda:
                self.story(index, slot, story, list(notes))
        if lesson.discussion:
            self.list_slides(index, Slide("list", self.t.discussion, slot, label=lesson.title, notes=tuple(notes)),
                             [Item(q) for q in lesson.discussion], source, f"the discussion of '{lesson.title}'")
