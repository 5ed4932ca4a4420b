"""Workshop → the presenter deck as plain data: which slides, in what order, with what notes
and how long each is on screen. `slides.py` renders it; nothing here knows HTML.

Order follows the agenda: title and agenda first (in the first segment's time), then each
segment's slides, the takeaways and closing slide in the closing segment's time. Each
segment's minutes are shared among its slides, so the speaker view's pacing matches the
agenda to the second. Text is laid out with `fit`: long lists go over several slides, long
lines are set smaller, and every such change is reported as a `Squeeze` for the build to warn.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

import nh3
from markupsafe import Markup

from .. import evaluation
from . import fit
from ..model import Anecdote, Exercise, Lesson, Question, Slot, Workshop
from ..render import md, md_inline

@dataclass(frozen=True)
class Item:
    """One line of a list slide: plain text, or (html=True) a Markdown field rendered by `md`."""

    text: str
    html: bool = False
    marker: str = ""  # '1.' or 'A' in place of a bullet
    aside: str = ""  # a second, quieter part (the agenda's clock time)
    lead: bool = False  # an introduction (a question, a summary, a prompt): italic, no bullet
    bare: bool = False  # a paragraph, no bullet
    joined: bool = False  # the next line of the same paragraph (a message's lines): no gap above


@dataclass(frozen=True)
class Note:
    """A part of a slide's speaker notes: plain text, a Markdown field, or a list of lines."""

    heading: str
    text: str = ""
    markdown: bool = False
    items: tuple[str, ...] = ()


# What a kind of slide shows beyond Slide's common fields, one class a kind (the rest have none).

@dataclass(frozen=True)
class TitleLayout:
    """The title slide: the sizes that fit, and the panel under the title (empty: it has a slide of its own)."""

    panel: tuple[Any, ...]  # model.Panelist
    title_px: int
    sub_px: int
    roles: bool  # the panel's roles under their names
    columns: int


@dataclass(frozen=True)
class ClosingLayout:
    """The closing slide: the panel's names (empty: they did not fit) and the QR codes' addresses."""

    names: tuple[str, ...]
    names_px: int
    columns: int
    shown_url: str  # the site's address as shown under its QR code
    evaluation_url: str  # the evaluation's address ("" when there is none)
    evaluation_shown: str
    evaluation_qr: Markup = Markup("")  # its QR code, drawn when the deck is rendered (html.py)


@dataclass(frozen=True)
class QuestionLayout:
    """A discussion question: to whom it is asked."""

    to: str


@dataclass(frozen=True)
class QaLayout:
    """The Q&A: where to send questions, and who leads it."""

    shown_url: str
    lead: str


@dataclass(frozen=True)
class BeatLayout:
    """A story's beat; `moral`: the story's point, set apart."""

    moral: bool = False


Layout = TitleLayout | ClosingLayout | QuestionLayout | QaLayout | BeatLayout


@dataclass(frozen=True)
class Slide:
    kind: str  # which template macro draws it: title, agenda, segment, beat, list, exercise, closing
    title: str
    slot: Slot | None
    label: str = ""  # small line above the title
    items: tuple[Item, ...] = ()
    text: str = ""  # a beat or a moral: one idea in large type
    style: str = "pp-size-m"
    part: tuple[int, int] = (1, 1)  # (2, 3): the second of three slides of one list
    notes: tuple[Note, ...] = ()
    minutes: int = 0  # an exercise's countdown
    seconds: int = 0  # planned time on screen (data-timing)
    weight: float = 0  # share of its segment's time, when a segment's slides are not equal (questions)
    layout: Layout | None = None  # what its kind shows beyond the fields above


@dataclass(frozen=True)
class Squeeze:
    """Text that did not fit at its usual size: shrunk or split. `source` is (kind, id)."""

    source: tuple[str, str]
    message: str


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]
    squeezes: tuple[Squeeze, ...]


# --- layout budgets (px), matching slides.css ---------------------------------------------

HEADER_GAP = 24
LABEL_HEIGHT = 40
BODY_HEIGHT = fit.SLIDE_HEIGHT - 2 * fit.PAD_Y
TIMER_WIDTH = 330  # the countdown's column on an exercise slide


def plain(markdown_text: str) -> str:
    """A Markdown field's words without markup, for estimating its length."""
    return plain_html(md(markdown_text))


def plain_html(rendered: str) -> str:
    return " ".join(nh3.clean(str(rendered), tags=set()).split())


def markdown_items(text: str) -> list[Item]:
    """A Markdown field as slide items: one per paragraph or list item (so a list can be split),
    each rendered by `md` like everywhere else (a nested list stays inside its item)."""
    items: list[Item] = []
    for tag, inner, number in _top_blocks(str(md(text))):
        if tag == "li":
            items.append(Item(Markup(inner.strip()), html=True, marker=f"{number}." if number else ""))
        else:
            items.append(Item(Markup(inner.strip()), html=True, bare=True))
    return items


def message_items(text: str) -> list[Item]:
    """Plain text whose lines matter (a message as it was sent) as one item a line, so it keeps
    its line breaks and can be split between lines; a paragraph's later lines sit close."""
    items: list[Item] = []
    previous_blank = True
    for line in text.splitlines():
        if line.strip():
            items.append(Item(line.strip(), bare=True, joined=not previous_blank))
        previous_blank = not line.strip()
    return items


class _Blocks(HTMLParser):
    """The top-level blocks of rendered Markdown, with each list's items taken one by one:
    ('p', inner HTML, 0), ('li', inner HTML, number in an ordered list or 0), or
    ('block', the whole element, 0) for a table, a quotation or code."""

    VOID = {"br", "hr", "img", "input"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.open: list[tuple[str, int, int]] = []  # (tag, where its start tag begins, where its content begins)
        self.counts: list[int] = []  # items seen so far in each open top-level list
        self.blocks: list[tuple[str, str, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.VOID:
            return
        if tag in ("ul", "ol") and not self.open:
            self.counts.append(0)
        start = self._offset()
        self.open.append((tag, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.open:
            return
        name, start, content = self.open.pop()
        end = self._offset()
        depth = len(self.open)
        if depth == 0 and name == "p":
            self.blocks.append(("p", self.source[content:end], 0))
        elif depth == 0 and name not in ("ul", "ol"):
            self.blocks.append(("block", self.source[start:end + len(f"</{tag}>")], 0))
        elif depth == 1 and name == "li":
            parent = self.open[0][0]
            self.counts[-1] += 1
            self.blocks.append(("li", self.source[content:end], self.counts[-1] if parent == "ol" else 0))

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        pass

    def feed_all(self) -> list[tuple[str, str, int]]:
        self.feed(self.source)
        self.close()
        return self.blocks


def _top_blocks(rendered: str) -> list[tuple[str, str, int]]:
    return _Blocks(rendered).feed_all()


class _Builder:
    def __init__(self, workshop: Workshop, site_url: str, feedback_url: str | None = None):
        self.workshop = workshop
        self.t = workshop.labels  # every word a slide or a note shows that is not the workshop's
        self.site_url = site_url
        # where the closing slide's second QR code leads: the evaluation (evaluation.target_url)
        self.feedback_url = feedback_url if feedback_url is not None else evaluation.target_url(workshop, site_url) or ""
        self.slides: list[tuple[int, Slide]] = []  # (agenda index, slide)
        self.squeezes: list[Squeeze] = []

    # -- layout ------------------------------------------------------------------------------

    def body_height(self, title: str, label: str = "") -> float:
        return BODY_HEIGHT - fit.title_height(title) - HEADER_GAP - (LABEL_HEIGHT if label else 0)

    def list_slides(self, slot_index: int, base: Slide, items: list[Item], source: tuple[str, str],
                    what: str, styles: tuple[fit.Style, ...] = fit.BODY, width: float = fit.CONTENT_WIDTH,
                    split_style: int = 0) -> None:
        """Add `base` with `items`, over as many slides as it takes to fit (at styles[split_style])."""
        height = self.body_height(base.title + " (1/2)", base.label)
        laid = [self.blocks(i, base) for i in items]
        blocks = [b for item_blocks in laid for b in item_blocks]
        for style in styles:
            if fit.fits(blocks, style, width, height):
                if not style.quiet:
                    self.squeezes.append(self.shrunk(source, what, style))
                self.add(slot_index, replace(base, items=tuple(items), style=style.name))
                return
        style = styles[split_style]
        chunks: list[list[Item]] = [[]]
        for item, item_blocks in zip(items, laid):
            pieces = [item]
            if not fit.fits(item_blocks, style, width, height):
                block = fit.Block(self.estimate(item), self.indent(item, base))
                words = fit.split_words(block.text, style, width, height, block.indent_em)
                pieces = [replace(item, text=w, html=False) for w in words]
            for piece in pieces:
                trial = [b for i in [*chunks[-1], piece] for b in self.blocks(i, base)]
                if chunks[-1] and not fit.fits(trial, style, width, height):
                    chunks.append([])
                chunks[-1].append(piece)
        self.squeezes.append(Squeeze(source, f"{what}: too long for one slide, split over {len(chunks)} slides"))
        for n, chunk in enumerate(chunks, start=1):
            self.add(slot_index, replace(base, items=tuple(chunk), style=style.name, part=(n, len(chunks))))

    def big_text_slides(self, slot_index: int, base: Slide, text: str, source: tuple[str, str], what: str,
                        reserve: float = 0) -> None:
        """One idea in large type; smaller only when it must be, split only when even that fails.
        `reserve`: height taken by a line under the text (a question's "To: …")."""
        height = self.body_height(base.title, base.label) - reserve
        block = fit.Block(text, 0)
        for style in fit.BEAT:
            if fit.fits([block], style, fit.CONTENT_WIDTH, height):
                if not style.quiet:
                    self.squeezes.append(self.shrunk(source, what, style))
                self.add(slot_index, replace(base, text=text, style=style.name))
                return
        style = fit.BEAT[-1]
        pieces = fit.split_words(text, style, fit.CONTENT_WIDTH, height, 0)
        self.squeezes.append(Squeeze(source, f"{what}: too long for one slide, split over {len(pieces)} slides"))
        for n, piece in enumerate(pieces, start=1):
            self.add(slot_index, replace(base, text=piece, style=style.name, part=(n, len(pieces))))

    @staticmethod
    def shrunk(source: tuple[str, str], what: str, style: fit.Style) -> Squeeze:
        return Squeeze(source, f"{what}: too long for one slide at full size, set at {style.font} px")

    @staticmethod
    def indent(item: Item, base: Slide) -> float:
        """Room taken before the text: the agenda's clock time, a number, a bullet."""
        if base.kind == "agenda":
            return 3.4
        if item.lead or item.bare:
            return 0
        return 1.7 if item.marker else 1.3

    def blocks(self, item: Item, base: Slide) -> list[fit.Block]:
        """How an item is laid out: its text, then each item of a list nested in it on a line of
        its own, indented one step more."""
        indent = self.indent(item, base)
        if not item.html or "<li>" not in item.text:
            return [fit.Block(self.estimate(item), indent)]
        own, *nested = str(item.text).split("<li>")
        return [fit.Block(plain_html(own), indent)] + [fit.Block(plain_html(part), indent + 1.3) for part in nested]

    @staticmethod
    def estimate(item: Item) -> str:
        text = plain_html(item.text) if item.html else item.text
        return text

    def add(self, slot_index: int, slide: Slide) -> None:
        self.slides.append((slot_index, slide))

    # -- notes -------------------------------------------------------------------------------

    def segment_notes(self, slot: Slot) -> list[Note]:
        t = self.t
        lead = t.text("note_segment_lead", name=slot.lead.name) if slot.lead else ""
        notes = [Note(t.note_segment, t.text("note_segment_text", start=slot.start, end=slot.end,
                                             minutes=slot.minutes, lead=lead, title=slot.title))]
        if slot.cut_if_late:
            notes.append(Note(t.note_cut_if_late))
        if slot.notes:
            notes.append(Note(t.note_facilitator, slot.notes, markdown=True))
        return notes

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
        notes = [Note(t.text("note_story", name=story.teller.name), story.story, markdown=True),
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

    # -- the deck --------------------------------------------------------------------------------

    def build(self) -> Deck:
        w = self.workshop
        agenda = w.agenda
        closing_index = next((i for i, s in enumerate(agenda) if s.kind == "closing"), len(agenda) - 1)
        first = agenda[0]
        self.title_slides(first)
        rows = [Item(s.title, aside=s.start) for s in agenda]
        self.list_slides(0, Slide("agenda", self.t.agenda, first, label=self.t.text("time_range", start=w.start_time, end=w.end_time),
                                  notes=tuple(self.segment_notes(first))),
                         rows, ("workshop", w.id), "the agenda", styles=fit.AGENDA, split_style=-1)
        for index, slot in enumerate(agenda):
            self.segment(index, slot)
            if index == closing_index:
                self.closing(index, slot)
        by_slot: dict[int, list[Slide]] = {}
        for index, slide in self.slides:
            by_slot.setdefault(index, []).append(slide)
        timed: list[Slide] = []
        for index, slides in sorted(by_slot.items()):
            seconds = split_seconds(agenda[index].minutes * 60, [s.weight for s in slides])
            timed += [replace(s, seconds=n) for s, n in zip(slides, seconds)]
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
        elif slot.kind != "closing":  # the closing segment shows the takeaways and the thanks
            lead = slot.lead.name if slot.lead else ""
            self.add(index, Slide("segment", slot.title, slot, label=label, text=lead, notes=tuple(notes)))

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

    def exercise(self, index: int, slot: Slot, exercise: Exercise, notes: list[Note]) -> None:
        notes_t = tuple(notes + self.exercise_notes(exercise))
        label = self.t.text("slide_exercise_label", minutes=exercise.minutes)
        items = [Item(md_inline(exercise.prompt), html=True, lead=True)] if exercise.prompt else []
        more = markdown_items(exercise.instructions) if exercise.instructions else []
        source = ("exercise", exercise.id)
        self.list_slides(index, Slide("exercise", exercise.title, slot, label=label, notes=notes_t,
                                      minutes=exercise.minutes),
                         items + more, source, f"the instructions of '{exercise.title}'",
                         width=fit.CONTENT_WIDTH - TIMER_WIDTH)
        for title, material, what in self.materials(exercise):
            self.list_slides(index, Slide("list", title, slot, label=exercise.title, notes=notes_t),
                             material, source, what)

    def materials(self, exercise: Exercise) -> list[tuple[str, list[Item], str]]:
        """What the room needs to see to do the exercise, by kind (answers stay in the notes)."""
        kind, title, t = exercise.kind, exercise.title, self.t
        if kind == "choice":
            count = len(exercise.questions)
            return [(t.text("slide_question_of", n=n, count=count),
                     [Item(question.question, lead=True), *(Item(o.text, marker=option_mark(t.option_letters, k))
                                                            for k, o in enumerate(question.options))],
                     f"question {n} of '{title}'") for n, question in enumerate(exercise.questions, 1)]
        if kind == "rewrite":
            return [(t.slide_to_rewrite, message_items(exercise.original), f"the message of '{title}'"),
                    (t.slide_good_rewrite, [Item(r) for r in exercise.rubric], f"the rubric of '{title}'")]
        if kind == "audit":
            return [(t.slide_audit_questions, [Item(q.text) for q in exercise.questions],
                     f"the questions of '{title}'")]
        if kind == "checklist":
            return [(t.slide_checklist, [Item(md_inline(i), html=True) for i in exercise.items], f"the checklist of '{title}'")]
        if kind == "reflection":
            return [(t.slide_reflect, [Item(q) for q in exercise.questions], f"the questions of '{title}'")]
        if kind == "roleplay":
            return [(t.the_situation, markdown_items(exercise.situation), f"the situation of '{title}'"),
                    (t.slide_roles, [Item(Markup("<strong>%s</strong>: ") % r.name + md_inline(r.brief), html=True)
                                   for r in exercise.roles],
                     f"the roles of '{title}'")]
        return []

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

    def title_slides(self, first: Slot) -> None:
        """The title with the panel; when they cannot share a slide, the panel gets its own."""
        w = self.workshop
        notes = (*self.segment_notes(first), Note(self.t.note_introduce, items=tuple(
            f"{self.spoken_name(p)}: {p.role}" for p in w.panel)), *self.feedback_notes("before"))
        base = Slide("title", w.title, first, label=w.date or "", text=w.subtitle or "", notes=notes)
        height = BODY_HEIGHT - (LABEL_HEIGHT if base.label else 0)
        for n, (title_px, sub_px, roles, columns) in enumerate(TITLE_LAYOUTS):
            needed = self.title_block(w, title_px, sub_px) + people_height(w.panel, roles, columns,
                                                                           moderator=self.t.moderator)
            if needed <= height:
                if n >= 2:
                    self.squeezes.append(Squeeze(("workshop", w.id), "the title slide is crowded: the panel's "
                                                 "roles are left out and the title set smaller"))
                self.add(0, replace(base, layout=TitleLayout(w.panel, title_px, sub_px, roles, columns)))
                return
        title_px = next((px for px in TITLE_SIZES if self.title_block(w, px, 28) <= height), TITLE_SIZES[-1])
        self.squeezes.append(Squeeze(("workshop", w.id), "the title and the panel do not fit on one slide: "
                                     "the panel gets a slide of its own"))
        self.add(0, replace(base, layout=TitleLayout((), title_px, 28, False, 1)))
        self.list_slides(0, Slide("list", self.t.the_panel, first, label=w.title, notes=notes),
                         [Item(f"{p.name}: {p.role}") for p in w.panel], ("workshop", w.id), "the panel")

    def spoken_name(self, person: Any) -> str:
        """A name as the moderator introduces it: with how to say it and the person's pronouns."""
        extra = ([self.t.text("note_say", text=person.pronunciation)] if person.pronunciation else []) + \
            ([person.pronouns] if person.pronouns else [])
        return f"{person.name} ({'; '.join(extra)})" if extra else person.name

    @staticmethod
    def title_block(w: Workshop, title_px: int, sub_px: int) -> float:
        height = fit.title_height(w.title, title_px) + 16
        if w.subtitle:
            height += fit.line_count(w.subtitle, sub_px, fit.CONTENT_WIDTH) * sub_px * 1.3 + 32
        return height

    def closing(self, index: int, slot: Slot) -> None:
        w = self.workshop
        notes = tuple(self.segment_notes(slot))
        if w.take_home_exercises:  # not shown: they are not done in the room, only pointed to
            notes += (Note(self.t.note_take_home, items=tuple(
                self.t.text("note_take_home_item", title=e.title, minutes=e.minutes) for e in w.take_home_exercises)),)
        self.list_slides(index, Slide("list", self.t.slide_takeaways, slot, label=slot.title, notes=notes),
                         [Item(t) for t in w.takeaways], ("workshop", w.id), "the takeaways")
        names = tuple(p.name for p in w.panel)
        feedback = self.feedback_url  # its QR code sits beside the site's
        qr_width = QR_PAIR_WIDTH if self.site_url and feedback else QR_WIDTH if self.site_url or feedback else -48
        width = fit.CONTENT_WIDTH - (qr_width + 48)
        height = self.body_height(self.t.slide_thanks, w.title)
        layout = next(((px, cols) for px, cols in ((34, 1), (28, 2), (28, 3))
                       if names_height(names, px, cols, width) <= height), None)
        if layout is None:
            self.squeezes.append(Squeeze(("workshop", w.id), "the panel's names do not fit on the closing "
                                         "slide: they are in the speaker notes only"))
        self.add(index, Slide("closing", self.t.slide_thanks, slot, label=w.title, text=self.site_url,
                              notes=notes + (*self.feedback_notes("after"), Note(self.t.note_thank, items=names)),
                              layout=ClosingLayout(names if layout else (), layout[0] if layout else 0,
                                                   layout[1] if layout else 1, shown_url(self.site_url),
                                                   feedback, shown_url(feedback))))


# the title slide's layouts, roomiest first: (title px, subtitle px, with roles, columns)
TITLE_LAYOUTS = ((64, 34, True, 2), (48, 28, True, 2), (48, 28, False, 3), (40, 28, False, 3))
TITLE_SIZES = (64, 48, 40, 34, 28)
PEOPLE_PX, PEOPLE_LINE, PEOPLE_GAP = 28, 1.25, 16
QR_WIDTH = 520
QR_PAIR_WIDTH = 680  # the site's and the evaluation's codes side by side (slides.css .pp-qrs)
QUESTION_TO_HEIGHT = 28 * 1.4 + 24  # the "To: …" line under a question, and its gap


def split_seconds(total: int, weights: list[float]) -> list[int]:
    """`total` seconds over slides: by weight when any slide has one, else equally; the parts
    always add up to `total` (largest remainders get the odd seconds)."""
    given = [w for w in weights if w]
    # no weights: equal parts; a slide without one beside weighted slides gets their average
    weights = [w or (sum(given) / len(given) if given else 1.0) for w in weights]
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)[:total - sum(parts)]:
        parts[i] += 1
    return parts


def people_height(panel: tuple, roles: bool, columns: int, width: float = fit.CONTENT_WIDTH,
                  moderator: str = "") -> float:
    column = (width - 48 * (columns - 1)) / columns
    line = PEOPLE_PX * PEOPLE_LINE
    heights = []
    for person in panel:
        height = fit.line_count(person.name, PEOPLE_PX, column) * line
        if roles:
            role = (f"{moderator} · " if person.is_moderator else "") + person.role
            height += fit.line_count(role, PEOPLE_PX, column) * line
        heights.append(height)
    rows = [heights[i:i + columns] for i in range(0, len(heights), columns)]
    return sum(max(row) for row in rows) + PEOPLE_GAP * max(len(rows) - 1, 0)


def names_height(names: tuple[str, ...], px: int, columns: int, width: float) -> float:
    column = (width - 32 * (columns - 1)) / columns
    per_column = -(-len(names) // columns)
    lines = sorted((fit.line_count(n, px, column) for n in names), reverse=True)
    return sum(lines[:per_column]) * px * 1.4 + 24


def option_mark(letters: str, index: int) -> str:
    """An option's letter; past the end of the alphabet (an author's shorter one), its number."""
    return letters[index] if index < len(letters) else str(index + 1)


def shown_url(url: str) -> str:
    """The site's address as printed under the QR code: no scheme, shortened when very long."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return bare if len(bare) <= 60 else bare.split("/", 1)[0] + "/…"


def build_deck(workshop: Workshop, site_url: str = "", feedback_url: str | None = None) -> Deck:
    return _Builder(workshop, site_url, feedback_url).build()
