"""An exercise's slides: its instructions beside the countdown, then what the room needs to see."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..model import Exercise, Slot
from ..render import md_inline
from . import fit
from .data import ExerciseLayout, Item, MessageLayout, Note, Slide, Squeeze
from .layout import BODY_HEIGHT, LABEL_HEIGHT, TIMER_WIDTH, option_mark, split
from .notes import SpeakerNotes
from .text import markdown_items, message_items, plain


@lru_cache(maxsize=8)
def pointing(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """"write your version below." / "(see above)": a place on a page, which a slide does not have.
    The words are the language's (the label `slide_pointing_words`); only a word closing a phrase
    (before punctuation or the end) counts, so "below average" or "above all" are not taken for it.
    A warning, never a change of text; no words, no check."""
    if not words:
        return None
    either = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)(?=\s*[.,;:!?)]|\s*$)", re.IGNORECASE | re.MULTILINE)


class Exercises(SpeakerNotes):
    def exercise(self, index: int, slot: Slot, exercise: Exercise, notes: list[Note]) -> None:
        # the first slide: what to say and how to run it above the fold (the countdown's keys come
        # first of all: the slide's timing, html.py); the segment's clock last. The slides after it
        # carry their own notes (a question's best answer), and the last the model answer and the
        # debrief, when the room has done the exercise (deck.py gives each slide only its own)
        first = self.asking_first(notes, self.running_notes(exercise))
        start = len(self.slides)
        label = self.t.text("slide_exercise_label", minutes=exercise.minutes)
        items = [Item(md_inline(exercise.prompt), html=True, lead=True)] if exercise.prompt else []
        # the room holds the workbook when it is printed: the slide says what the worksheet says
        # ("circle one letter", not the site's "choose"), and names the worksheet under the countdown
        wording = exercise.instructions_on_paper if self.workbook else exercise.instructions
        more = markdown_items(wording) if wording else []
        source = ("exercise", exercise.id)
        # the field whose words the first slide shows
        said = ("paper_instructions" if self.workbook and exercise.spec.paper_instructions
                else "instructions" if exercise.instructions else "prompt",)
        points = pointing(self.t.words("slide_pointing_words"))
        if points and (found := points.search(plain(wording))):
            self.squeezes.append(Squeeze((*source, *said), f"the instructions of '{exercise.title}' on its slide say "
                                         f"'{found[0]}', a place on a page that a slide does not have: word them for the worksheet "
                                         "(\"in the box on your worksheet\"), in `paper_instructions` when the "
                                         "site's wording needs the word"))
        sheet = self.worksheet_number(exercise)
        before = len(self.slides)
        # the countdown says what the room is told: its own work (work_minutes) when the data gives
        # it, else the whole exercise
        self.list_slides(index, Slide("exercise", exercise.title, slot, label=label, notes=first,
                                      minutes=exercise.work_minutes or exercise.minutes,
                                      layout=ExerciseLayout(self.t.text("slide_worksheet", number=sheet) if sheet else "")),
                         items + more, (*source, *said), f"the instructions of '{exercise.title}'",
                         width=fit.CONTENT_WIDTH - TIMER_WIDTH)
        if exercise.work_minutes:  # a phase of its own: the slide with the countdown is on screen that long
            self.plan(before, exercise.work_minutes * 60)
        if exercise.kind == "rewrite":
            self.message(index, slot, exercise)
        for n, (title, material, what, field) in enumerate(self.materials(exercise)):
            before = len(self.slides)
            self.list_slides(index, Slide("list", title, slot, label=exercise.title,
                                          notes=self.question_notes(exercise, n)),
                             material, (*source, *field), what, notes_last=True,  # the best answer after every option
                             repeat_lead=exercise.kind == "choice",  # the stem above the later options
                             best=self.best_option(exercise.questions[n], material) if exercise.kind == "choice" else None)
            if exercise.kind == "choice" and len(self.slides) - before > 1:
                self.slides[before:] = self.split_steps(self.slides[before:])
            if exercise.kind == "choice" and exercise.questions[n].minutes:
                self.plan(before, exercise.questions[n].minutes * 60)
        if exercise.kind == "rewrite":  # after the message: what a good rewrite does
            self.list_slides(index, Slide("list", self.t.slide_good_rewrite, slot, label=exercise.title),
                             [Item(r) for r in exercise.rubric], (*source, "rubric"), f"the rubric of '{exercise.title}'")
        if exercise.kind != "choice" and len(self.slides) > start:  # a choice's last question has them
            at, last = self.slides[-1]
            self.slides[-1] = (at, replace(last, notes=last.notes + tuple(self.answer_notes(exercise))))

    def worksheet_number(self, exercise: Exercise) -> int:
        """The exercise's worksheet in the printed workbook (its number there: handouts.output.worksheets
        counts the same list), 0 when no workbook is printed."""
        if not self.workbook:
            return 0
        return next((n for n, e in enumerate(self.workshop.worksheet_exercises, start=1) if e is exercise), 0)

    def question_notes(self, exercise: Exercise, n: int) -> tuple[Note, ...]:
        """A choice question's slide: the steps in one caption (hands, reveal, who speaks), what the
        moderator reveals when the room has answered (the best answer: its letter and text, who
        speaks to it and how long), then why it is best; the
        model answer and the debrief after the last question. Empty for other kinds."""
        if exercise.kind != "choice":
            return ()
        notes = [self.reveal_steps(exercise.questions[n]),
                 self.best_answer(exercise.questions[n], n + 1, len(exercise.questions))]
        if n == len(exercise.questions) - 1:
            notes += self.answer_notes(exercise)
        return tuple(notes)

    @staticmethod
    def best_option(question: Any, material: list[Item]) -> Item:
        """A choice question's best option: its item among `material` (the stem first), which the
        click that the notes call the reveal marks (list_slides' `best`)."""
        return material[1 + next(k for k, o in enumerate(question.options) if o.correct)]

    def split_steps(self, parts: list[tuple[int, Slide]]) -> list[tuple[int, Slide]]:
        """A question split over several slides, with the steps each part needs (left27: the show
        of hands over A–F was asked on a part that showed D–F): an earlier part, to read out its
        options (the hands come on the last); the last, above its steps, to recap the options
        the room saw on the parts before it."""
        def shown(slide: Slide) -> list[str]:
            return [i.marker for i in slide.items if i.marker and not i.answer]

        def span(letters: list[str]) -> str:
            return self.t.text("note_option_span", first=letters[0], last=letters[-1]) if len(letters) > 1 else letters[0]

        earlier = [m for _, slide in parts[:-1] for m in shown(slide)]
        out = [(at, replace(slide, notes=(Note(self.t.text("note_options_more", letters=span(shown(slide))), own=True),
                                          *slide.notes)) if shown(slide) else slide)
               for at, slide in parts[:-1]]
        at, last = parts[-1]
        if earlier:
            recap = Note(self.t.count("note_recap_options", len(parts) - 1, letters=span(earlier)), own=True)
            last = replace(last, notes=(recap, *last.notes))
        return [*out, (at, last)]

    def message(self, index: int, slot: Slot, exercise: Exercise) -> None:
        """The message to rewrite as a large quoted message (fit.MESSAGE), as the site and the workbook
        show it. Under its title and the exercise's name while that costs no size; alone on the slide
        (the title for screen readers only: MessageLayout) when the header's 119 px would set it a size
        smaller (review 24: the negotiation's e-mail at 34 px, 40 px alone). The slide before it
        names the task, the room has it in the workbook, and a quoted card reads as the message.
        Alone, it keeps the exercise's name above it (the kicker every slide of the exercise has)
        where that costs no size either (left27: the negotiation's e-mail had none).
        Its notes give the task, which the slide does not show, to say over it. Too long for one
        slide at 34 px: over several (`message_parts`)."""
        task = [Note(self.t.note_rewrite_task, exercise.prompt, markdown=True)] if exercise.prompt else []
        base = Slide("list", self.t.slide_to_rewrite, slot, label=exercise.title, notes=tuple(task))
        items = message_items(exercise.original)
        width = fit.CONTENT_WIDTH - 2 * fit.MESSAGE_PAD
        headed = self.quiet_style(base, items, fit.MESSAGE, width)
        blocks = self.item_blocks(items, base)
        alone = next((s for s in fit.MESSAGE if s.quiet and fit.fits(blocks, s, width, BODY_HEIGHT)), None)
        if alone and (headed is None or alone.font > headed.font):
            kicker = fit.fits(blocks, alone, width, BODY_HEIGHT - LABEL_HEIGHT)
            self.add(index, replace(base, items=tuple(items), style=alone.name, layout=MessageLayout(kicker=kicker)))
        elif headed:
            self.list_slides(index, base, items, ("exercise", exercise.id, "original"),
                             f"the message of '{exercise.title}'", styles=fit.MESSAGE, width=width)
        else:
            self.message_parts(index, base, items, exercise)

    def message_parts(self, index: int, base: Slide, items: list[Item], exercise: Exercise) -> None:
        """A message too long for one slide at a size read from the back of the room: over as
        few slides as it takes at the smallest such size (34 px, as a story's beats), cut between
        paragraphs (between lines only in a paragraph longer than a slide), as evenly as they go,
        then set as large as every part allows (review29: a long e-mail at 28 px over two slides
        read badly at the back). The message is long by design (the room's task is to cut it),
        so the split is a note, not a warning; a line longer than a slide is cut between words,
        and that is a warning."""
        source = ("exercise", exercise.id, "original")
        width = fit.CONTENT_WIDTH - 2 * fit.MESSAGE_PAD
        # each part fills its slide, to the estimate's edge: the card's padding above and below
        # the text counts (a part at 40 px ran its card into the slide's bottom margin)
        height = self.body_height(base.title + " (1/2)", base.label) - fit.MESSAGE_PAD_Y
        readable = [s for s in fit.MESSAGE if s.quiet]
        smallest = readable[-1]
        paragraphs: list[list[Item]] = []
        for item in items:
            if item.joined and paragraphs:
                paragraphs[-1].append(item)
            else:
                paragraphs.append([item])
        units: list[list[Item]] = []
        for paragraph in paragraphs:  # a paragraph longer than a slide: its lines, and a line longer than one, its words
            if fit.fits(self.item_blocks(paragraph, base), smallest, width, height):
                units.append(paragraph)
                continue
            for line in paragraph:
                if fit.fits(self.blocks(line, base), smallest, width, height):
                    units.append([line])
                    continue
                words = fit.split_words(self.estimate(line), smallest, width, height, 0)
                self.squeezes.append(split(source, f"a line of the message of '{exercise.title}'", len(words)))
                units += [[replace(line, text=w, html=False, joined=False)] for w in words]
        laid = [self.item_blocks(unit, base) for unit in units]
        parts = [[item for i in part for item in units[i]] for part in fit.even_parts(laid, smallest, width, height)]
        style = next((s for s in readable if all(fit.fits(self.item_blocks(p, base), s, width, height) for p in parts)),
                     smallest)
        self.squeezes.append(Squeeze(source, f"the message of '{exercise.title}' goes over {len(parts)} slides at "
                                     f"{style.font} px, cut between paragraphs", severity="note"))
        for n, part in enumerate(parts, start=1):
            self.add(index, replace(base, items=(replace(part[0], joined=False), *part[1:]), style=style.name,
                                    part=(n, len(parts)), notes=base.notes if n == 1 else ()))

    def materials(self, exercise: Exercise) -> list[tuple[str, list[Item], str, tuple]]:
        """What the room needs to see to do the exercise, by kind (answers stay in the notes; a
        rewrite's message and rubric: `message` and `exercise`): each slide's title, items, what
        the warnings call it and the key path of its field in the exercise's file."""
        kind, title, t = exercise.kind, exercise.title, self.t
        if kind == "choice":
            count = len(exercise.questions)
            return [(t.text("slide_question_of", n=n, count=count) if count > 1 else t.slide_question,
                     [Item(question.question, lead=True), *(Item(o.text, marker=option_mark(t.option_letters, k))
                                                            for k, o in enumerate(question.options))],
                     f"question {n} of '{title}'", ("questions", n - 1)) for n, question in enumerate(exercise.questions, 1)]
        if kind == "audit":
            return [(t.slide_audit_questions, [Item(q.text) for q in exercise.questions],
                     f"the questions of '{title}'", ("questions",))]
        if kind == "checklist":
            return [(t.slide_checklist, [Item(md_inline(i), html=True) for i in exercise.items], f"the checklist of '{title}'",
                     ("items",))]
        if kind == "reflection":
            return [(t.slide_reflect, [Item(q) for q in exercise.questions], f"the questions of '{title}'", ("questions",))]
        if kind == "roleplay":
            return [(t.the_situation, markdown_items(exercise.situation), f"the situation of '{title}'", ("situation",)),
                    (t.slide_roles, [Item(Markup("<strong>%s</strong>: ") % r.name + md_inline(r.brief), html=True)
                                   for r in exercise.roles],
                     f"the roles of '{title}'", ("roles",))]
        return []
