"""The speaker notes a segment, a story or an exercise brings to its slides."""

from __future__ import annotations

from .. import evaluation
from ..model import Anecdote, Exercise, Slot
from ..shown_once import segment_notes
from .data import Note, Slide
from .layout import Fitting, clock


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

    def timing_note(self, slide: Slide, seconds: int) -> Note:
        """How long the slide is on screen, and for a story the time a beat: the speaker view's pacing
        times slides, not the clicks inside one."""
        t = self.t
        if slide.kind == "story":
            text = t.count("note_timing_beats", slide.steps, time=clock(seconds), each=clock(seconds / slide.steps))
        elif slide.steps:
            text = t.count("note_timing_clicks", slide.steps, time=clock(seconds))
        else:
            text = t.text("note_timing_slide", time=clock(seconds))
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

    def exercise_notes(self, exercise: Exercise) -> list[Note]:
        t = self.t
        notes = []
        if exercise.facilitator_notes:
            notes.append(Note(t.note_running, exercise.facilitator_notes, markdown=True))
        if exercise.kind == "choice":
            for n, question in enumerate(exercise.questions, start=1):
                best = [o for o in question.options if o.correct]
                notes.append(Note(t.text("note_best_answer", n=n), best[0].text + "\n\n" + best[0].feedback,
                                  markdown=True))
        if exercise.model_answer:
            notes.append(Note(t.model_answer, exercise.model_answer, markdown=True))
        if exercise.debrief:
            notes.append(Note(t.debrief, items=tuple(exercise.debrief)))
        return notes
