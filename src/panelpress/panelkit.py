"""The panel kit (kit/panel/, facilitators only): what is printed for the people on stage.

- the **moderator script**: a page per segment, cue-card size type (clock, who speaks, what to
  say, the questions with their target and follow-ups, the next segment, what to cut if late),
  the panel's names as they are said, spare questions and the airtime table; as a PDF and as
  one page that opens from disk;
- **cue cards**: one question a card, four a sheet, with cut lines;
- a **briefing** per panelist (`<workshop>-briefing-<id>.pdf`): when and where, their parts of
  the run-of-show, the segments they lead and the exercise questions they answer on stage (with
  the best answer and why: their own lines), only *their* questions and stories, the rest of the
  panel, do/don't; never another member's questions, the agenda's notes or the answers of an
  exercise question someone else speaks to;
- **name tents** (one a page, folded: the top half upside down so the name reads from both
  sides) and **audience question cards** (blank, the Q&A's themes to tick).

All are Jinja templates under templates/panelkit/, typeset by the handouts' worker processes
(handouts/typeset.py) as soon as the data is loaded, like the handouts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import identity, panelkit_key, tents, typography
from .airtime import StageAnswer, stage_answers
from .handouts.guide import Plan, plan
from .handouts.output import _note, authors
from .handouts.pdfcache import folder as pdf_cache
from .handouts.typeset import Typesetting, Workers
from .mentions import by_slot
from .labels import SLOT, Labels, css_string
from .lesson_text import in_briefing
from .model import Anecdote, Panelist, Question, Slot, Workshop
from .options import Options
from .outputs import Destinations, Download
from .render import render, render_document
from .write import staged_folder

FOLDER = "panel"


@dataclass(frozen=True)
class Piece:
    """One printed document of the kit."""

    key: str  # the file name's suffix, e.g. 'briefing-dana-whitfield'
    template: str
    title: str
    person: Panelist | None = None  # whose briefing


@dataclass(frozen=True)
class ScriptSegment:
    """One agenda slot as the moderator's script prints it."""

    slot: Slot
    stories: tuple[Anecdote, ...]  # told in this segment (a lesson's stories told in their own slot are not)
    first_mention: bool  # the lead's first turn: the script says how the name is said
    # Everything the moderator needs of the segment, as the facilitator guide's plan has it (each
    # text once): what to say and do, the stories' points, a lesson's key points, how an exercise's
    # minutes go and its best answers, the questions. The script is held alone on stage, with no
    # exercise pages beside it: "as the exercise's notes describe" would point at nothing.
    plan: Plan
    next: Slot | None
    cut: tuple[Slot, ...]  # what may still be cut if late: later slots marked cut_if_late

    # Where the script says what to cut (review 24 #12: the line stood under each of the 14
    # segments before the cuttable one): once on the cover, then where the moderator decides:
    # at the end of the segment just before a cuttable one; and after the last cuttable one,
    # that nothing is left to cut.
    @property
    def cut_next(self) -> bool:
        """The next segment may be cut: this segment's end is where to decide."""
        return self.next is not None and bool(self.next.cut_if_late)

    @property
    def last_cut(self) -> bool:
        """This is the last segment that may be cut, and others follow it."""
        return bool(self.slot.cut_if_late) and not self.cut and self.next is not None


@dataclass(frozen=True)
class Card:
    """A question on a cue card: where it is asked (None: spare)."""

    question: Question
    slot: Slot | None
    starter: bool


def pieces(workshop: Workshop) -> tuple[Piece, ...]:
    t = workshop.labels
    return (
        Piece("moderator-script", "panelkit/script.html", t.pk_script),
        Piece("cue-cards", "panelkit/cue-cards.html", t.pk_cue_cards),
        *(Piece(f"briefing-{p.id}", "panelkit/briefing.html", t.text("pk_briefing", name=p.introduced(t)), p)
          for p in workshop.panelists),
        Piece("name-tents", "panelkit/name-tents.html", t.pk_tents),
        Piece("question-cards", "panelkit/question-cards.html", t.pk_audience_cards),
    )


def script_segments(workshop: Workshop) -> tuple[ScriptSegment, ...]:
    seen: set[str] = set()
    out = []
    agenda = workshop.agenda
    for index, slot in enumerate(agenda):
        first = slot.lead is not None and slot.lead.id not in seen
        if slot.lead is not None:
            seen.add(slot.lead.id)
        segment = workshop.segments[index]
        out.append(ScriptSegment(slot, segment.anecdotes, first, plan(segment, workshop.panel),
                                 agenda[index + 1] if index + 1 < len(agenda) else None,
                                 tuple(s for s in agenda[index + 1:] if s.cut_if_late)))
    return tuple(out)


def cards(workshop: Workshop) -> tuple[Card, ...]:
    """Every question of the bank once: asked ones in agenda order, starters, then spares."""
    where: dict[int, tuple[Slot, bool]] = {}
    for slot in workshop.agenda:
        for q in slot.questions:
            where.setdefault(id(q), (slot, False))
        for q in slot.starters:
            where.setdefault(id(q), (slot, True))
    placed = sorted((q for q in workshop.questions if id(q) in where), key=lambda q: where[id(q)][0].number)
    return (*(Card(q, *where[id(q)]) for q in placed),
            *(Card(q, None, False) for q in workshop.questions if id(q) not in where))


def themes(workshop: Workshop) -> tuple[str, ...]:
    return tuple(dict.fromkeys(theme for slot in workshop.agenda for theme in slot.themes))


def part_of(workshop: Workshop, slot: Slot, person: Panelist) -> tuple[str, ...]:
    """Why a slot is highlighted in `person`'s run-of-show: their parts in it, as words.
    A story counts where it is told (its own slot), not in a lesson that merely lists it; an
    exercise question where they speak to its best answer (airtime.stage_answers, the rule the
    script and the airtime follow) counts in the slot that does the exercise. A turn the
    moderator's notes give them by name (mentions.py) is said only where nothing else is: the
    other part already highlights the row, and "Your segments" quotes the notes either way."""
    t = workshop.labels
    parts = []
    if slot.lead is person:
        parts.append(t.pk_part_lead)
    asked = sum(1 for q in slot.questions if person in q.to)
    if asked:  # counted: "a question for you" on a row where the moderator asks them two misled
        parts.append(t.count("pk_part_question", asked))
    if any(story.teller is person for story in workshop.segments[slot.number - 1].anecdotes):
        parts.append(t.pk_part_story)
    answered = [a.number for a in stage_answers(workshop, person) if a.slot is slot]
    if answered:
        parts.append(t.count("pk_part_answer", len(answered), numbers=t.listed(answered)))
    if not parts and id(slot) in by_slot(workshop, person):
        parts.append(t.pk_part_named)
    return tuple(parts)


# The segments a panelist leads that their briefing details: a story's teller has "Your stories",
# a discussion or Q&A is the moderator's; a lesson or an exercise is the leader's to run.
LED_KINDS = ("lesson", "exercise")


def led_plans(workshop: Workshop, person: Panelist) -> tuple[Plan, ...]:
    """The guide's plans of the lessons and exercises `person` leads, in agenda order: what their
    briefing's "Your segments" prints, so a leader needs no facilitator guide."""
    return tuple(plan(segment, workshop.panel) for segment in workshop.segments
                 if segment.slot.lead is person and segment.slot.kind in LED_KINDS)


@dataclass(frozen=True)
class YourSegment:
    """A segment of a panelist's briefing ("Your segments"): one they lead (the guide's plan),
    one where they speak to an exercise question's best answer, one whose moderator's notes
    name them, or several of these."""

    slot: Slot
    plan: Plan | None  # the guide's plan, when they lead a lesson or an exercise here
    answers: tuple[StageAnswer, ...]  # the questions they answer on stage here, in order
    named: tuple[str, ...] = ()  # Markdown: the notes' sentences that name them (mentions.py)


def your_segments(workshop: Workshop, person: Panelist) -> tuple[YourSegment, ...]:
    """What `person`'s briefing details, in agenda order: the segments they lead (`led_plans`),
    those where the moderator turns to them for an exercise's answer, and those whose notes
    name them (`mentions`)."""
    plans = {id(p.segment.slot): p for p in led_plans(workshop, person)}
    answers = stage_answers(workshop, person)
    named = by_slot(workshop, person)
    return tuple(YourSegment(slot, plans.get(id(slot)), tuple(a for a in answers if a.slot is slot),
                             named[id(slot)].sentences if id(slot) in named else ())
                 for slot in workshop.agenda
                 if id(slot) in plans or id(slot) in named or any(a.slot is slot for a in answers))


# the feedback's first sentence, and what follows it
_LEAD_SENTENCE = re.compile(r"^\s*(?P<lead>[^.!?\n]{1,40}[.!?])(?P<marks>[*_]*)\s+(?=\S)")


def reason(feedback: str, t: Labels) -> str:
    """A best option's feedback as its briefing gives it, under "Best answer: C — …": without a
    leading verdict ("Best choice.", "**Best answer.**"), the web's word to a participant who
    chose it, which said "best" a third time there (review 25 #9). A verdict is a first sentence
    of at most three words that shares a word with the `pk_answer_best` label, so any language's
    labels find their own verdicts; feedback that starts with its reason is kept whole."""
    found = _LEAD_SENTENCE.match(feedback)
    if not found:
        return feedback
    words = re.findall(r"[^\W\d_]+", re.sub(r"[*_`]", "", found["lead"]).casefold())
    label = {w for w in re.findall(r"[^\W\d_]+", SLOT.sub("", t.text("pk_answer_best")).casefold()) if len(w) > 2}
    if not 0 < len(words) <= 3 or not label & set(words):
        return feedback
    return feedback[found.end():]  # a bold verdict's closing mark ("**Best answer.**") goes with it


def told_in(workshop: Workshop, story: object) -> Slot | None:
    """The first agenda slot that tells `story` (None: no segment tells it)."""
    return next((slot for slot in workshop.agenda if story in slot.anecdotes), None)


def render_piece(workshop: Workshop, env: jinja2.Environment, options: Options, piece: Piece,
                 font_base: str | None = None, keyed: bool = False) -> str:
    """The piece's HTML; `font_base`: where a browser finds the identity's fonts (None: the
    file:// URLs WeasyPrint reads, which a page served over http may not load). `keyed`: the HTML
    its cache key is made of (`panelkit_key.keying(env)`), not finished for a reader: what
    finishing it does is a function of that HTML and of the code, both in the key."""
    total = sum(a.share for a in workshop.airtime) or 1.0
    look = identity.print_context(options, workshop, font_base)
    person = piece.person
    every = cards(workshop)
    card_of = {id(card.question): card for card in every}
    draw = render if keyed else functools.partial(render_document, printed=font_base is None)
    return draw(env, piece.template, options.root, workshop=workshop, piece=piece, person=person,
                  paper=options.page_size, author=authors(workshop), **look,
                  segments=script_segments(workshop), cards=every,
                  card_of=lambda q: card_of[id(q)], told_in=lambda story: told_in(workshop, story), themes=themes(workshop),
                  airtime=workshop.airtime, airtime_total=total,
                  arrive=workshop.at(-options.arrive_minutes_before),
                  arrive_minutes=options.arrive_minutes_before, part_of=functools.partial(part_of, workshop),
                  questions=workshop.questions_for(person) if person else (),
                  stories=tuple(a for a in workshop.anecdotes if a.teller is person) if person else (),
                  yours=your_segments(workshop, person) if person else (),
                  in_briefing=in_briefing,
                  reason=lambda feedback: reason(feedback, workshop.labels),
                  # the footer names the workshop as the guide's does ("<title> · Facilitator guide"):
                  # a kit printed for two workshops is sorted by its footers (review 25 #17)
                  footer_title=Markup(css_string(typography.smarten(workshop.title, workshop.language))),
                  cards_per_sheet=4, tent_pt=lambda name: tents.name_pt(name, options.page_size))


def file_name(workshop: Workshop, piece: Piece) -> str:
    return f"{workshop.id}-{piece.key}.pdf"


def _cache(options: Options) -> Path:
    """The panel kit's own folder of the PDF cache (its PDFs, and its script page's HTML)."""
    return pdf_cache(options.root) / "panel"


def script_page_html(workshop: Workshop, env: jinja2.Environment, options: Options, script: Piece,
                     font_base: str) -> str:
    """The script as a page for kit/, from the cache when its keyed HTML is unchanged
    (panelkit_key.py): it converts every lesson's text otherwise."""
    pages = panelkit_key.PageCache(_cache(options))
    digest = panelkit_key.key(render_piece(workshop, panelkit_key.keying(env), options, script, font_base=font_base, keyed=True),
                              str(options.root) + "/")
    page = pages.get(digest)
    if page is None:
        page = render_piece(workshop, env, options, script, font_base=font_base)
        pages.put(digest, page)
    pages.prune(digest)
    return page


class PanelKitOutput:
    """The panel kit as an output of a build (see outputs.Output)."""

    name = "panelkit"
    typesets = True  # it gets the build's worker processes (outputs.Outputs), after the handouts' documents

    def __init__(self, workers: Workers | None = None) -> None:
        self._workers = workers
        self._typesetting: Typesetting | None = None
        self._for: tuple[Workshop, Options] | None = None
        self.typeset: frozenset[str] = frozenset()  # the pieces the last build typeset (not from the cache)

    def _start(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        # each piece keyed by its HTML without its Markdown converted (panelkit_key.py); the
        # real HTML rendered only for a piece whose PDF is not in the cache
        base, keyed = str(options.root) + "/", panelkit_key.keying(env)
        keys = {p.key: panelkit_key.key(render_piece(workshop, keyed, options, p, keyed=True), base) for p in pieces(workshop)}
        html = {p.key: functools.partial(render_piece, workshop, env, options, p) for p in pieces(workshop)}
        # its own folder of the PDF cache: each cache prunes what its last build did not ask for
        self._typesetting = Typesetting(html, base, cache=_cache(options), workers=self._workers, keys=keys)
        self._for = (workshop, options)

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        self.cancel()
        self._start(workshop, env, options)

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        for piece in pieces(workshop):
            render_piece(workshop, env, options, piece)

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        return ()  # the panel kit is never on the public site

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        if self._typesetting is None or self._for is None or self._for[0] is not workshop or self._for[1] != options:
            self.cancel()
            self._start(workshop, env, options)
        assert self._typesetting is not None
        done = self._typesetting.result()
        self.typeset = frozenset(self._typesetting.made)
        self._typesetting, self._for = None, None
        t = workshop.labels
        items = []
        with staged_folder(dest.kit / FOLDER) as stage:
            script_page = f"{workshop.id}-moderator-script.html"
            # the script as a page (read on a tablet): its fonts in the kit's fonts/ (the guide
            # page's too), not where npm put them, which a served page may not load
            fonts = identity.copy_fonts(options.project, dest.kit, identity.subsets_for(workshop.characters))
            script = next(p for p in pieces(workshop) if p.key == "moderator-script")
            (stage / script_page).write_text(
                script_page_html(workshop, env, options, script, f"../{identity.FONT_FOLDER}/" if fonts else ""),
                encoding="utf-8")
            for piece in pieces(workshop):
                data, pages, _ = done[piece.key]
                name = file_name(workshop, piece)
                (stage / name).write_bytes(data)
                items.append(Download(piece.title, f"{FOLDER}/{name}", _note(workshop, pages, data),
                                      "facilitator", f"panel-{piece.key}"))
                if piece.key == "moderator-script":
                    items.append(Download(t.pk_script_page, f"{FOLDER}/{script_page}", t.pk_script_page_note,
                                          "facilitator", "panel-script-page"))
        return tuple(items)

    def cancel(self) -> None:
        if self._typesetting is not None:
            self._typesetting.cancel()
        self._typesetting, self._for = None, None

