"""The panel's questions: a discussion's questions one a slide, and the Q&A."""

from __future__ import annotations

from dataclasses import replace

from ..model import Question, Slot
from . import fit
from .data import Item, Note, QaLayout, QuestionLayout, Slide
from .layout import QR_WIDTH, QUESTION_TO_HEIGHT, shown_url
from .notes import SpeakerNotes


class PanelQuestions(SpeakerNotes):
    def names(self, question: Question) -> str:
        return self.t.slide_to_everyone if question.everyone else ", ".join(p.name for p in question.to)

    def discussion(self, index: int, slot: Slot, notes: list[Note]) -> None:
        """One slide a question, in the order asked, each on screen for its share of the segment
        (by the questions' minutes); who answers and the follow-ups are in the notes."""
        count = len(slot.questions)
        for n, question in enumerate(slot.questions, start=1):
            to = self.t.text("slide_question_to", names=self.names(question))
            label = f"{slot.title} · {self.t.text('slide_question_of', n=n, count=count)}"
            extra_notes = [Note(to, question.text)]
            if question.follow_ups:
                extra_notes.append(Note(self.t.note_follow_ups, items=tuple(question.follow_ups)))
            before = len(self.slides)
            self.big_text_slides(index, Slide("question", "", slot, label=label, notes=tuple(notes + extra_notes),
                                              layout=QuestionLayout(to)),
                                 question.text, ("question", question.id), f"the question '{question.id}'",
                                 reserve=QUESTION_TO_HEIGHT)
            pieces = self.slides[before:]
            self.slides[before:] = [(i, replace(s, weight=question.minutes / len(pieces))) for i, s in pieces]

    def qa(self, index: int, slot: Slot, label: str, notes: list[Note]) -> None:
        """The Q&A: what the room may ask about, and a QR code to send questions to."""
        url = self.workshop.questions_url or ""
        notes = list(notes)
        if slot.starters:
            notes.append(Note(self.t.note_starters, items=tuple(
                self.t.text("note_starter_item", text=q.text, names=self.names(q)) for q in slot.starters)))
        if url:
            notes.append(Note(self.t.slide_send_questions, url))
        items = [Item(self.t.slide_ask_about, lead=True), *(Item(theme) for theme in slot.themes)] if slot.themes else []
        base = Slide("qa", slot.title, slot, label=label, text=url, notes=tuple(notes),
                     layout=QaLayout(shown_url(url) if url else "", slot.lead.name if slot.lead else ""))
        if not items:
            self.add(index, base)
            return
        self.list_slides(index, base, items, ("workshop", self.workshop.id), f"the themes of '{slot.title}'",
                         width=fit.CONTENT_WIDTH - (QR_WIDTH + 48 if url else 0))
