"""Workshop → the presenter deck as plain data: which slides, in what order, with what notes
and how long each is on screen. `slides.py` renders it; nothing here knows HTML.

Order follows the agenda: title and agenda first (in the first segment's time), then each
segment's slides, the takeaways and closing slide in the closing segment's time. Each
segment's minutes are shared among its slides, so the speaker view's pacing matches the
agenda to the second; a slide the data plans a time for (an exercise's quiet work, a choice
question's minutes) keeps it, and the others share the rest. Text is laid out with `fit`: long lists go over several slides, long
lines are set smaller, and every such change is reported as a `Squeeze` for the build to warn.

The slides of each group of kinds are made in a module of their own (opening_closing, stories,
exercises, panel_questions), on top of `layout.Fitting` (fitting) and `notes.SpeakerNotes`.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Anecdote, Exercise, Lesson, Slot, Workshop
from . import fit
from .data import (AgendaLayout, BeatLayout, ClosingLayout, Deck, ExerciseLayout, Item, Layout as SlideLayout, Note, PointLayout, QaLayout,
                   QuestionLayout, Slide, Squeeze, TitleLayout)
from .exercises import Exercises
from .layout import planned_seconds
from .opening_closing import OpeningClosing
from .panel_questions import PanelQuestions
from .stories import Stories
from .text import markdown_items, message_items, plain, plain_html

__all__ = ["BeatLayout", "ClosingLayout", "Deck", "ExerciseLayout", "Item", "Note", "PointLayout", "QaLayout", "QuestionLayout", "Slide",
           "SlideLayout", "Squeeze", "TitleLayout", "build_deck", "markdown_items", "message_items", "plain",
           "plain_html"]


class _Builder(OpeningClosing, Stories, Exercises, PanelQuestions):
    """The deck in agenda order: each slot's slides by the kind of its target, then the timing."""


    def build(self) -> Deck:
        w = self.workshop
        agenda = w.agenda
        closing_index = next((i for i, s in enumerate(agenda) if s.kind == "closing"), len(agenda) - 1)
        first = agenda[0]
        self.title_slides(first)
        rows = [Item(s.title, aside=s.start) for s in agenda]
        self.list_slides(0, Slide("agenda", self.t.agenda, first, label=self.t.text("time_range", start=w.start_time, end=w.end_time),
                                  notes=tuple(self.segment_notes(first)),
                                  layout=AgendaLayout(w.clock_em) if w.clock_em else None),
                         rows, ("workshop", w.id), "the agenda", styles=fit.AGENDA, warn_split=False)
        for index, slot in enumerate(agenda):
            self.segment(index, slot)
            if index == closing_index:
                self.closing(index, slot)
        by_slot: dict[int, list[Slide]] = {}
        for index, slide in self.slides:
            by_slot.setdefault(index, []).append(slide)
        timed: list[Slide] = []
        for index, slides in sorted(by_slot.items()):
            seconds = planned_seconds(agenda[index].minutes * 60, [s.planned for s in slides], [s.weight for s in slides])
            slides = self.per_slide(slides, len(timed) + 1)  # each slide the notes for it
            timed += [replace(s, seconds=n, pace=self.timing_note(s, n)) for s, n in zip(slides, seconds)]
        return Deck(tuple(timed), tuple(self.squeezes))

    def segment(self, index: int, slot: Slot) -> None:
        target = slot.target
        label = f"{self.t['slide_' + slot.kind]} · {self.t.text('time_range', start=slot.start, end=slot.end)}"
        notes = self.segment_notes(slot)
        if isinstance(target, Anecdote):
            self.story(index, slot, target, notes)
        elif isinstance(target, Exercise) and target.slot is slot:  # a second slot for it shows no timer again
            self.exercise(index, slot, target, notes)
        elif isinstance(target, Lesson):
            self.lesson(index, slot, target, notes)
        elif slot.kind == "discussion" and slot.questions:
            self.discussion(index, slot, notes)
        elif slot.kind == "qa" and (slot.themes or self.workshop.questions_url):
            self.qa(index, slot, label, notes)
        elif slot.kind != "closing" and index > 0:
            # the closing segment shows the takeaways and the thanks; the first segment, the title
            # and the agenda (its notes are theirs): a slide of its name would only repeat them
            lead = slot.lead.display_name if slot.lead else ""
            self.add(index, Slide("segment", slot.title, slot, label=label, text=lead, notes=tuple(notes)))


def build_deck(workshop: Workshop, site_url: str = "", feedback_url: str | None = None, workbook: bool = True) -> Deck:
    """`workbook`: the workbook is printed (the room works in it): exercise slides give its wording
    and name the worksheet."""
    return _Builder(workshop, site_url, feedback_url, workbook).build()
