"""The speaker notes a segment, a story or an exercise brings to its slides."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import evaluation
from ..lesson_text import lesson_text, on_paper
from ..model import Anecdote, Exercise, Lesson, Slot
from ..shown_once import segment_notes
from .data import Note, Slide
from .layout import Fitting, clock, option_mark


class SpeakerNotes(Fitting):

    def segment_notes(self, slot: Slot) -> list[Note]:
        t = self.t
        lead = t.text("note_segment_lead", name=slot.lead.display_name) if slot.lead else ""
        notes = [Note(t.note_segment, t.text("note_segment_text", start=slot.start, end=slot.end,
                                             minutes=slot.minutes, lead=lead, title=slot.title))]
        if slot.cut_if_late:
            notes.append(Note(t.note_cut_if_late))
        if slot.say:
            notes.append(Note(t.note_script, slot.say, markdown=True))
        # an exercise segment's notes that restate the exercise's own are left out: the exercise's
        # slides carry the fuller (`exercise_notes`), the rule the facilitator guide follows
        if own := segment_notes(slot):
            notes.append(Note(t.note_facilitator, own, markdown=True))
        return notes

    def asking_first(self, segment: list[Note], asks: list[Note]) -> tuple[Note, ...]:
        """A discussion's or a Q&A's notes as the moderator needs them in the speaker view: what to
        say, then what to ask (the question and its follow-ups, the starters for a quiet room) above
        the fold; the segment's own notes after, and its clock and lead last (the order of a choice
        question's slide). `segment`: `segment_notes`, the clock first."""
        clock, *rest = segment
        said = [note for note in rest if note.heading == self.t.note_script]
        return tuple(said + asks + [note for note in rest if note not in said] + [clock])

    def timing_note(self, slide: Slide, seconds: int) -> Note:
        """How long the slide is on screen, and for a story the time a beat: the speaker view's pacing
        times slides, not the clicks inside one."""
        t = self.t
        if slide.kind == "story":
            text = t.count("note_timing_beats", slide.steps, time=clock(seconds), each=clock(seconds / slide.steps))
        elif slide.countdown and not slide.planned and slide.minutes * 60 > seconds:
            # no phase of its own (no work_minutes): the countdown times the whole exercise, on
            # across the slides after this one; said, so the two clocks do not read as a contradiction
            text = t.text("note_timing_countdown", time=clock(seconds), countdown=clock(slide.minutes * 60))
        elif slide.reveals:  # its one click: the reveal the steps above name
            text = t.text("note_timing_reveal", time=clock(seconds))
        elif slide.steps:
            text = t.count("note_timing_clicks", slide.steps, time=clock(seconds))
        else:
            text = t.text("note_timing_slide", time=clock(seconds))
        if slide.countdown:
            # the projected slide hides its "press T" hint from the room: the moderator reads it
            # here, first of the slide's notes (the key is needed the moment the slide is up)
            text = t.text("note_timer_keys", countdown=clock(slide.minutes * 60)) + " " + text
        return Note(t.note_timing, text)

    def feedback_notes(self, phase: str) -> tuple[Note, ...]:
        """The evaluation's questions for this moment (`before`: the opening, `after`: the close), so
        the moderator asks for them in time: a before/after question shows change only if asked twice."""
        asked = [q for section in evaluation.sections(self.workshop) if section.phase == phase
                 for q in section.questions]
        if not asked:
            return ()
        return (Note(self.t[f"note_evaluation_{phase}"], items=tuple(q.question for q in asked)),)

    def story_notes(self, story: Anecdote) -> list[Note]:
        """The story's own slide: the story as its teller tells it (its point and the room's
        questions are on the slide after: `point_notes`)."""
        return [Note(self.t.text("note_story", name=story.teller.display_name), story.story, markdown=True)]

    def point_notes(self, story: Anecdote) -> list[Note]:
        """The slide of the story's point: the point, then what to ask the room."""
        notes = [Note(self.t.note_point, story.moral)] if story.moral else []
        if story.discussion:
            notes.append(Note(self.t.ask_the_room, items=tuple(story.discussion)))
        return notes

    def best_answer(self, question: Any, n: int, count: int) -> Note:
        """A choice question's best answer as the moderator reveals it: a caption saying which
        question and who on the panel speaks to it, for how long, when the data says so
        (`panelist`, `panelist_minutes`): "Question 1 · best answer · Dana Whitfield, 1 min"; then
        the answer in the notes' own type, bold: its letter (the room answers with fingers for A,
        B, C) and its text (review 24: the answer was the caption, 13 px upper case, the hardest
        line of the pane to read); then why it is best."""
        t = self.t
        k, best = next((k, o) for k, o in enumerate(question.options) if o.correct)
        caption = t.text("note_best_of", n=n) if count > 1 else t.note_best
        person = next((p for p in self.workshop.panel if p.id == question.panelist), None) if question.panelist else None
        if person:
            caption = t.text("note_best_by_timed" if question.panelist_minutes else "note_best_by", line=caption,
                             name=person.display_name, minutes=question.panelist_minutes)
        return Note(caption, best.feedback, markdown=True,
                    line=t.text("note_best_answer", letter=option_mark(t.option_letters, k), text=best.text))

    def lesson_notes(self, lesson: Lesson, with_summary: bool = True) -> list[Note]:
        """A lesson's first slide: the lesson as participants read it, its summary and body
        (review 25 #6: a lesson without the author's notes gave its leader only the slide's key
        points and the clock). `with_summary=False`: the summary is in the notes already ("The
        lesson in a sentence"). Where the author's notes are long enough to lead it by
        (lesson_text.on_paper), the summary alone: the body after them was screens of scrolling."""
        if on_paper(lesson):
            text = lesson_text(lesson, with_summary)
        else:
            text = lesson.summary.strip() if with_summary and lesson.summary else ""
        return [Note(self.t.lesson_text, text, markdown=True, reference=True)] if text else []

    def reveal_steps(self, question: Any) -> Note:
        """A choice question's steps, a caption above its best answer: a show of hands over its
        letters, the reveal, the panelist it turns to. Review 25 #15: the steps were in the
        exercise's notes on its first slide only, and a question's slide gave the answer with no
        word of how to get there."""
        t = self.t
        letters = [option_mark(t.option_letters, k) for k in range(len(question.options))]
        k = next(k for k, o in enumerate(question.options) if o.correct)
        person = next((p for p in self.workshop.panel if p.id == question.panelist), None) if question.panelist else None
        values = dict(first=letters[0], last=letters[-1], letter=option_mark(t.option_letters, k))
        if person:
            return Note(t.text("note_reveal_steps_by", name=person.display_name, **values), own=True)
        return Note(t.text("note_reveal_steps", **values), own=True)

    def running_notes(self, exercise: Exercise) -> list[Note]:
        """The exercise's first slide: how to run it. Its answers are on the slides where they are
        given: a choice question's on its question's slide, the model answer and the debrief on
        the exercise's last slide (`answer_notes`)."""
        if not exercise.facilitator_notes:
            return []
        return [Note(self.t.note_running, exercise.facilitator_notes, markdown=True)]

    def answer_notes(self, exercise: Exercise) -> list[Note]:
        """The exercise's last slide, when the room has done it: the model answer, the debrief."""
        notes = []
        if exercise.model_answer:
            notes.append(Note(self.t.model_answer, exercise.model_answer, markdown=True))
        if exercise.debrief:
            notes.append(Note(self.t.debrief, items=tuple(exercise.debrief)))
        return notes

    def per_slide(self, slides: list[Slide], first: int) -> list[Slide]:
        """A segment's slides (`first`: the deck's number of the first), each with the notes for
        that slide: the segment's clock, what to say and its notes on its first slide only; a
        later slide keeps what is its own (a story's point, a question and its follow-ups, a best
        answer, the model answer at the end) and says in one last line where the segment's notes
        are. Review 24: every slide of a segment repeated its whole notes, so the "Thank you"
        slide told the moderator to ask the opening question again. A note a slide shares with an
        earlier slide of its segment (a list split over two slides, the lesson's notes under a
        story it tells) is left to that earlier slide."""
        seen = set(slides[0].notes)
        slot = slides[0].slot
        title = slot.title if slot else ""
        continues = Note(self.t.text("note_continues", n=first, title=title))
        shown = [slides[0]]
        for slide in slides[1:]:
            own = tuple(note for note in slide.notes if note.own or note not in seen)
            seen.update(slide.notes)
            shown.append(replace(slide, notes=own + (continues,)))
        return shown
