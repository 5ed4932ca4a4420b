"""The deck as data: slides, their items and speaker notes, what a kind of slide shows beyond
those (its layout), and the squeezes the build warns about. `deck.py` builds it; nothing here knows HTML."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..diagnostics import Severity
from ..model import Slot


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
    step: bool = False  # shown on the presenter's next click (a reveal.js fragment), not with the slide
    # a choice question's best option: the click that reveals it (step) marks it, in its place
    # (a fragment that stays on screen before the click); with `answer`, its copy on the last part of
    # a split question whose earlier part holds it, shown on that click (layout.list_slides)
    best: bool = False
    answer: bool = False


@dataclass(frozen=True)
class Note:
    """A part of a slide's speaker notes: plain text, a Markdown field, or a list of lines. Its
    heading is a small caption in the speaker view; a heading alone is a one-line caption (where a
    segment's notes are, on a slide after its first)."""

    heading: str
    text: str = ""
    markdown: bool = False
    items: tuple[str, ...] = ()
    line: str = ""  # a line in bold body type under the caption, before `text`: what the moderator reveals (a best answer)
    # the slide's own even where an earlier slide of its segment has the same words (each choice
    # question's steps: two questions may read alike, and each slide needs them)
    own: bool = False
    # to read from, not to act on (a lesson's text as participants read it): after the slide's timing,
    # which names the click or key the moderator needs as the slide comes up
    reference: bool = False


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
    # with no QR code to show (no site address, no evaluation), the thanks and the panel with their
    # roles fill the slide, as on the title slide: these are the sizes that fit (panel empty: not so)
    panel: tuple[Any, ...] = ()  # model.Panelist
    title_px: int = 48
    people_px: int = 28
    roles: bool = True


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


@dataclass(frozen=True)
class PointLayout:
    """A story's point in large type (`Slide.text`, at `style`), its questions for the room under it
    (`Slide.items`, at the slide's own style)."""

    style: str


@dataclass(frozen=True)
class ExerciseLayout:
    """An exercise's slide: where the room writes (under the countdown), when the workbook is printed."""

    workbook: str = ""  # "Worksheet 2": its worksheet in the workbook in people's hands ("" when none)


@dataclass(frozen=True)
class MessageLayout:
    """The message to rewrite, alone on its slide: its title for screen readers only, so that the
    slide's whole height sets the message a size larger (exercises.message)."""

    alone: bool = True
    kicker: bool = False  # the exercise's name above it still fits at the size alone gives


@dataclass(frozen=True)
class AgendaLayout:
    """The agenda, when its clock times are wider than "18:05" ("12:15 p.m.", clock.py): the width
    of its clock column, in em of the list's type (model.Workshop.clock_em)."""

    clock_em: float


Layout = AgendaLayout | TitleLayout | ClosingLayout | QuestionLayout | QaLayout | BeatLayout | PointLayout | ExerciseLayout | MessageLayout


@dataclass(frozen=True)
class Slide:
    kind: str  # which template macro draws it: title, agenda, segment, story, point, beat, list, questions,
    #            question, exercise, qa, closing
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
    pace: Note | None = None  # the notes' line on that time (a story's: the time a beat), after the other notes
    weight: float = 0  # share of its segment's time, when a segment's slides are not equal (questions)
    planned: int = 0  # seconds the data plans for it (an exercise's phases): kept as is, the rest shared (deck.py)
    layout: Layout | None = None  # what its kind shows beyond the fields above

    @property
    def countdown(self) -> bool:
        """The slide that shows the exercise's countdown (the last of its instructions' slides)."""
        return self.kind == "exercise" and self.part[0] == self.part[1]

    @property
    def steps(self) -> int:
        """How many clicks the slide takes before the next one: its items shown one by one."""
        return sum(item.step for item in self.items)

    @property
    def reveals(self) -> bool:
        """A choice question's slide whose click reveals the best answer (its one step)."""
        return any(item.best for item in self.items)


@dataclass(frozen=True)
class Squeeze:
    """Text that did not fit at its usual size: shrunk or split. `source` is (kind, id, *field):
    the file (html.py finds it by id) and the key path of the text in it, so the build's
    diagnostic points at that text's line and column. A warning asks the author to shorten (a
    strict build stops on it); a note only says how the deck laid out text that is long by design."""

    source: tuple[Any, ...]
    message: str
    hint: str = ""
    severity: Severity = "warning"


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]
    squeezes: tuple[Squeeze, ...]
