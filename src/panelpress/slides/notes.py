"""The speaker notes a segment, a story or an exercise brings to its slides."""

from __future__ import annotations

from typing import Any

from .. import evaluation
from ..model import Anecdote, Exercise, Slot
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
        elif slide.kind == "exercise" and not slide.planned and slide.part[0] == slide.part[1] and slide.minutes * 60 > seconds:
            # no phase of its own (no work_minutes): the countdown times the whole exercise, on
            # across the slides after this one; said, so the two clocks do not read as a contradiction
            text = t.text("note_timing_countdown", time=clock(seconds), countdown=clock(slide.minutes * 60))
        elif slide.steps:
            text = t.count("note_timing_clicks", slide.steps, time=clock(seconds))
        else:
            text = t.text("note_timing_slide", time=clock(seconds))
        if slide.kind == "exercise" and slide.part[0] == slide.part[1]:
            # the projected slide hides its "press T" hint from the room: the moderator reads it here
            text += " " + t.text("note_timer_keys", countdown=clock(slide.minutes * 60))
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
        t = self.t
        notes = [Note(t.text("note_story", name=story.teller.display_name), story.story, markdown=True),
                 Note(t.note_point, story.moral)]
        if story.discussion:
            notes.append(Note(t.ask_the_room, items=tuple(story.discussion)))
        return notes

    def best_answer(self, question: Any, key: str, **values: Any) -> tuple[str, Any]:
        """A choice question's best option, and the line naming it: its letter (the room answers with
        fingers for A, B, C) and its text, then who on the panel speaks to it, for how long, when the
        data says so (`panelist`, `panelist_minutes`)."""
        k, best = next((k, o) for k, o in enumerate(question.options) if o.correct)
        line = self.t.text(key, letter=option_mark(self.t.option_letters, k), text=best.text, **values)
        person = next((p for p in self.workshop.panel if p.id == question.panelist), None) if question.panelist else None
        if person:
            line = self.t.text("note_best_by_timed" if question.panelist_minutes else "note_best_by", line=line,
                               name=person.display_name, minutes=question.panelist_minutes)
        return line, best

    def exercise_notes(self, exercise: Exercise) -> list[Note]:
        t = self.t
        notes = []
        if exercise.facilitator_notes:
            notes.append(Note(t.note_running, exercise.facilitator_notes, markdown=True))
        if exercise.kind == "choice":
            for n, question in enumerate(exercise.questions, start=1):
                line, best = self.best_answer(question, "note_best_of", n=n)
                notes.append(Note(line, best.feedback, markdown=True))
        if exercise.model_answer:
            notes.append(Note(t.model_answer, exercise.model_answer, markdown=True))
        if exercise.debrief:
            notes.append(Note(t.debrief, items=tuple(exercise.debrief)))
        return notes
