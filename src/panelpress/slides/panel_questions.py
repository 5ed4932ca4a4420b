"""The panel's questions: a discussion's questions one a slide, and the Q&A."""

from __future__ import annotations

from ..model import Question, Slot
from . import fit
from .data import Item, Note, QaLayout, QuestionLayout, Slide
from .layout import QR_WIDTH, QUESTION_TO_HEIGHT, QUESTION_TO_LINE, clock, shown_url
from .notes import SpeakerNotes


class PanelQuestions(SpeakerNotes):
    def names(self, question: Question) -> str:
        return self.t.slide_to_everyone if question.everyone else ", ".join(p.display_name for p in question.to)

    def discussion(self, index: int, slot: Slot, notes: list[Note]) -> None:
        """The questions in the order asked: on one slide, each shown on a click with to whom it is
        asked, when they all fit there at a large size; else one slide a question, each on screen for
        its share of the segment (by the questions' minutes). The follow-ups are in the notes."""
        count = len(slot.questions)
        to = [self.t.text("slide_question_to", names=self.names(q)) for q in slot.questions]
        if count > 1 and self.one_slide(index, slot, notes, to):
            return
        for n, question in enumerate(slot.questions, start=1):
            # one question alone reads as the discussion's title, not "Question 1 of 1"
            label = f"{slot.title} · {self.t.text('slide_question_of', n=n, count=count)}" if count > 1 else slot.title
            extra_notes = [Note(to[n - 1], question.text)]
            if question.follow_ups:
                extra_notes.append(Note(self.t.note_follow_ups, items=tuple(question.follow_ups)))
            before = len(self.slides)
            self.big_text_slides(index, Slide("question", "", slot, label=label, notes=self.asking_first(notes, extra_notes),
                                              layout=QuestionLayout(to[n - 1])),
                                 question.text, ("question", question.id, "text"), f"the question '{question.id}'",
                                 reserve=QUESTION_TO_HEIGHT)
            self.share(before, question.minutes)

    def one_slide(self, index: int, slot: Slot, notes: list[Note], to: list[str]) -> bool:
        """The discussion's questions on one slide, one a click, if they fit at fit.QUESTIONS' sizes."""
        label = f"{self.t['slide_discussion']} · {self.t.text('time_range', start=slot.start, end=slot.end)}"
        height = self.body_height(slot.title, label)
        total = sum(q.minutes for q in slot.questions) or 1
        items = [Item(q.text, marker=str(n), step=True, aside=who)
                 for n, (q, who) in enumerate(zip(slot.questions, to), start=1)]
        for style in fit.QUESTIONS:
            needed = sum(fit.column_height([fit.Block(q.text, 1.7)], style, fit.CONTENT_WIDTH) + QUESTION_TO_LINE
                         for q in slot.questions) + style.gap * style.font * (len(items) - 1)
            if needed <= height:
                break
        else:
            return False
        extra: list[Note] = []
        for n, (question, who) in enumerate(zip(slot.questions, to), start=1):
            # each question's share of the slide's time, as the speaker view cannot say it per click
            seconds = round(slot.minutes * 60 * question.minutes / total)
            heading = self.t.text("note_question_timed", n=n, count=len(items), time=clock(seconds), to=who)
            extra.append(Note(heading, question.text))
            if question.follow_ups:
                extra.append(Note(self.t.note_follow_ups, items=tuple(question.follow_ups)))
        self.add(index, Slide("questions", slot.title, slot, label=label, items=tuple(items), style=style.name,
                              notes=self.asking_first(notes, extra)))
        return True

    def qa(self, index: int, slot: Slot, label: str, notes: list[Note]) -> None:
        """The Q&A: what the room may ask about, and a QR code to send questions to."""
        url = self.workshop.questions_url or ""
        asks: list[Note] = []
        if slot.starters:
            asks.append(Note(self.t.note_starters, items=tuple(
                self.t.text("note_starter_item", text=q.text, names=self.names(q)) for q in slot.starters)))
        if url:
            asks.append(Note(self.t.slide_send_questions, url))
        items = [Item(self.t.slide_ask_about, lead=True), *(Item(theme) for theme in slot.themes)] if slot.themes else []
        base = Slide("qa", slot.title, slot, label=label, text=url, notes=self.asking_first(notes, asks),
                     layout=QaLayout(shown_url(url) if url else "", slot.lead.display_name if slot.lead else ""))
        if not items:
            self.add(index, base)
            return
        self.list_slides(index, base, items, ("workshop", self.workshop.id, "agenda", index, "themes"),
                         f"the themes of '{slot.title}'",
                         width=fit.CONTENT_WIDTH - (QR_WIDTH + 48 if url else 0))
