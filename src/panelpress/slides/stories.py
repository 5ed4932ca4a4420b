"""The slides of a lesson and of a story.

A story is told on one slide whose beats appear one a click (reveal.js fragments), so the room
follows the teller without a slide change every twenty seconds; its point follows on a slide of
its own with the question for the room under it. A lesson's discussion questions join its key
points, shown on a click, when they fit there without setting anything smaller.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Anecdote, Lesson, Slot
from ..render import md_inline
from . import fit
from .data import BeatLayout, Item, Note, PointLayout, Slide
from .notes import SpeakerNotes

ASK = "?"  # the marker of a question for the room (a sign, not a word: no label needed), on
# every slide that asks the room: a lesson's, a story's point, and their discussion slides
POINT_GAP = 40  # px between a story's point and its questions (slides.css: .pp-point-ask)


class Stories(SpeakerNotes):
    def story(self, index: int, slot: Slot, story: Anecdote, notes: list[Note]) -> None:
        label = f"{story.title} · {story.teller.display_name}"
        source = ("anecdote", story.id)
        base = Slide("story", story.title, slot, label=self.t.text("slide_story_label", name=story.teller.display_name),
                     notes=tuple(notes + self.story_notes(story)))
        self.step_slides(index, base, [Item(beat, step=True) for beat in story.beats], (*source, "beats"),
                         f"the beats of '{story.title}'", lambda n: f"beat {n} of '{story.title}'", fit.STORY)
        # the point's slide: the point and the room's questions, not the story again (review 24);
        # a story without a point leaves it to the room: its questions alone, or nothing more
        if story.moral:
            self.point(index, slot, story, label, tuple(self.point_notes(story)))
        elif story.discussion:
            self.list_slides(index, Slide("list", self.t.ask_the_room, slot, label=label,
                                          notes=tuple(self.point_notes(story))),
                             [Item(q, marker=ASK) for q in story.discussion], (*source, "discussion"),
                             f"the discussion questions of '{story.title}'")

    def point(self, index: int, slot: Slot, story: Anecdote, label: str, notes: tuple[Note, ...]) -> None:
        """The story's point in large type, its questions for the room under it when both fit at
        their usual sizes; else the point alone and the questions on the next slide."""
        source = ("anecdote", story.id)
        point_label = self.t.text("slide_story_point", label=label)
        # one share of the segment for the point, one for the room's answers (as when they were two slides)
        weight = 1.0 + bool(story.discussion)
        questions = [Item(self.t.ask_the_room, lead=True), *(Item(q, marker=ASK) for q in story.discussion)]
        if story.discussion:
            height = self.body_height("", point_label)
            base = Slide("point", "", slot, label=point_label, notes=notes, weight=weight)
            blocks = [b for item in questions for b in self.blocks(item, base)]
            for big in (s for s in fit.BEAT if s.quiet):
                moral = fit.column_height([fit.Block(story.moral, 0)], big, fit.CONTENT_WIDTH)
                body = next((s for s in fit.BODY if s.quiet
                             and fit.fits(blocks, s, fit.CONTENT_WIDTH, height - moral - POINT_GAP)), None)
                if body:
                    self.add(index, replace(base, text=story.moral, items=tuple(questions), style=body.name,
                                            layout=PointLayout(big.name)))
                    return
        before = len(self.slides)
        # apart, the point's slide has the point, the questions' slide what to ask (point_notes)
        self.big_text_slides(index, Slide("beat", "", slot, label=point_label, notes=notes[:1],
                                          layout=BeatLayout(moral=True)),
                             story.moral, (*source, "moral"), f"the moral of '{story.title}'")
        if story.discussion:
            self.list_slides(index, Slide("list", self.t.ask_the_room, slot, label=label, notes=notes[1:]),
                             [Item(q, marker=ASK) for q in story.discussion], (*source, "discussion"),
                             f"the discussion questions of '{story.title}'")
        self.share(before, weight)

    def lesson(self, index: int, slot: Slot, lesson: Lesson, notes: list[Note]) -> None:
        notes += [Note(self.t.note_lesson, lesson.facilitator_notes, markdown=True)] if lesson.facilitator_notes else []
        source = ("lesson", lesson.id)
        label = self.t.text("slide_lesson_label", number=lesson.number, start=slot.start, end=slot.end)
        # the lesson itself after the author's notes (how to lead it), the last of the first
        # slide's notes: the pane scrolls, what to say and the clock stay above the fold
        base = Slide("list", lesson.title, slot, label=label, notes=tuple(notes + self.lesson_notes(lesson)))
        points = [Item(md_inline(lesson.summary), html=True, lead=True), *(Item(p) for p in lesson.key_points)]
        # the discussion under the key points, on a click, when it fits without setting the points
        # smaller (decided at body sizes, as it always was: a lesson keeps its slides); then the
        # slide is set as large as the points and the question fit together (fit.LESSON)
        ask = [Item(q, marker=ASK, step=True) for q in lesson.discussion]
        style = self.quiet_style(base, points + ask) if ask else None
        if style and style != self.quiet_style(base, points):
            style = None
        large = fit.LESSON[:fit.LESSON_SPLIT]  # the sizes read from the back of the room (48, 40 px)
        if lesson.key_points and not self.quiet_style(base, points + ask if style else points, large):
            # review 23: a summary and five points at 30-34 px read badly from the back of the room.
            # When the key points fit at 40 px or more without the summary, the summary moves to
            # the speaker notes (the moderator says it first) and the points are set larger. The
            # lesson keeps its slides: a question that was on the slide stays there (a slide of
            # its own would cost the deck one more), set with the points as large as both fit
            bare = points[1:]
            if self.quiet_style(base, bare, large):
                # above the fold of the speaker view: what to say, then this sentence (asking_first)
                said = Note(self.t.note_lesson_summary, lesson.summary, markdown=True)
                base = replace(base, notes=self.asking_first(notes + self.lesson_notes(lesson, with_summary=False), [said]))
                points = bare
        if style:
            style = self.quiet_style(base, points + ask, fit.LESSON) or style
            self.add(index, replace(base, items=tuple(points + ask), style=style.name))
        else:
            self.list_slides(index, base, points, (*source, "key_points"), f"the key points of '{lesson.title}'",
                             styles=fit.LESSON, split_style=fit.LESSON_SPLIT)
        # a lesson's stories that have no agenda slot of their own are told here; its exercises
        # never are: they run in their own slot, or they are take-home (model.py's rule)
        in_agenda = {s.target.id for s in self.workshop.agenda if isinstance(s.target, Anecdote)}
        for story in lesson.anecdotes:
            if story.id not in in_agenda:  # the lesson's notes are on its first slide
                self.story(index, slot, story, [])
        if lesson.discussion and not style:
            asks = (Note(self.t.ask_the_room, items=tuple(lesson.discussion)),)
            self.list_slides(index, Slide("list", self.t.discussion, slot, label=lesson.title, notes=asks),
                             [Item(q, marker=ASK) for q in lesson.discussion], (*source, "discussion"),
                             f"the discussion of '{lesson.title}'")
