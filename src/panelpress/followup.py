"""After the event: the follow-up e-mail to the participants and a thank-you note to each member
of the panel, drafts the organiser pastes into an e-mail (kit/follow-up/, never on the site).

Each is written twice from templates in `templates/followup/`: as Markdown (`*.md`, for a mail
client or a tool that renders it) and as plain text (`*.txt`). Neither is HTML: the project's one
environment escapes HTML everywhere, which would print "Pay &amp; perks" in an e-mail, so both
render in an overlay of that environment with autoescaping off and a `t` that fills labels as
plain text. The Markdown templates pass data and labels through `md_prose`, which escapes only
what Markdown would read as markup (a `*` in a name stays a star).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from . import labels as labels_module
from .airtime import stage_answers
from .mentions import by_slot
from .model import Anecdote, Panelist, Question, Slot, Workshop
from .options import Options
from .outputs import Destinations, Download
from .render import bytecode_cache, page_url, render
from .write import staged_folder

FOLDER = "follow-up"
FORMATS = ("md", "txt")
EVALUATION_PAGE = "evaluation.md"  # the site's evaluation page (the `event` work), docs-relative


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Turn:
    """One agenda segment a panel member took part in, as their thank-you note lists it: one line
    a segment, what they did there said once (review 25 #7: "You led:" and "The stories you
    told:" listed the same three stories twice)."""

    slot: Slot
    led: bool
    told: tuple[Anecdote, ...]  # their stories this segment tells
    answered: tuple[int, ...]  # the exercise questions they answered on stage (airtime.stage_answers)
    # the moderator's notes of the segment name them (mentions.py, the briefing's "the moderator
    # may ask you"): they were turned to on stage, though they did not lead it (review 25)
    named: bool = False

    @property
    def if_time(self) -> bool:
        """The segment was marked cut-if-late: the note cannot say it happened (review27 #5)."""
        return bool(self.slot.cut_if_late)


@dataclass(frozen=True)
class Part:
    """What one panel member did in the event, as their thank-you note names it."""

    person: Panelist
    turns: tuple[Turn, ...]  # in agenda order: what the note lists
    # asked in a discussion, aimed at them; not a Q&A's starters, backups for a quiet room that
    # may never have been asked (a note thanking someone for an unasked question reads oddly)
    answered: tuple[Question, ...]
    # aimed at them, but only in segments marked cut-if-late: planned, perhaps never asked, so the
    # note lists them apart instead of in the past tense (review27 #5)
    if_time: tuple[Question, ...] = ()

    @property
    def led(self) -> tuple[Slot, ...]:
        return tuple(turn.slot for turn in self.turns if turn.led)

    @property
    def told(self) -> tuple[Anecdote, ...]:
        """Their stories that a segment tells."""
        return tuple(dict.fromkeys(story for turn in self.turns for story in turn.told))


def part(workshop: Workshop, person: Panelist) -> Part:
    mine = lambda who: who is not None and who.id == person.id  # noqa: E731
    answers = stage_answers(workshop, person)
    named = by_slot(workshop, person)
    turns = []
    for index, slot in enumerate(workshop.agenda):
        # a story where it is told (the segment that presents it), not in a lesson that lists it
        told = tuple(story for story in workshop.segments[index].anecdotes if mine(story.teller))
        answered = tuple(a.number for a in answers if a.slot is slot)
        if mine(slot.lead) or told or answered or id(slot) in named:
            turns.append(Turn(slot, mine(slot.lead), told, answered, id(slot) in named))
    mine_asked = [q for q in workshop.questions_for(person) if any(q in slot.questions for slot in workshop.agenda)]
    surely = [q for q in mine_asked if any(q in slot.questions for slot in workshop.agenda if not slot.cut_if_late)]
    return Part(person, tuple(turns), tuple(surely), tuple(q for q in mine_asked if q not in surely))


def _under(site_url: str | None, path: str) -> str | None:
    return site_url.rstrip("/") + "/" + path if site_url else None


def evaluation_url(workshop: Workshop, options: Options) -> str | None:
    """The organiser's form, else the site's evaluation page; None when the workshop has no
    evaluation (or the site's address is unknown)."""
    spec = getattr(workshop.spec, "evaluation", None)
    if spec is None:
        return None
    if getattr(spec, "url", None):
        return str(spec.url)
    return _under(options.site_url, page_url(EVALUATION_PAGE, options.use_directory_urls))


def workbook_url(workshop: Workshop, options: Options) -> str | None:
    from .handouts import FOLDER as HANDOUTS, HANDOUTS as ALL, file_name

    workbook = next(h for h in ALL if h.key == "workbook")
    return _under(options.site_url, f"{HANDOUTS}/{file_name(workshop, workbook)}")


class _PlainLabels(labels_module.CurrentLabels):
    """`t` for plain text: a filled label is a str set as every output sets it (curly quotes, a
    quoted title's own quotes made single), nothing escaped."""

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        labels = labels_module.current()
        return getattr(labels, key) if key in ("count", "text", "language", "listed") else labels.plain(key)

    def __call__(self, key: str, **values: Any) -> str:  # type: ignore[override]
        return labels_module.current().plain(key, **values)


def plain_environment(env: jinja2.Environment) -> jinja2.Environment:
    """`env` with autoescaping off, for templates whose output is plain text. Its own template cache,
    and its own keys in the bytecode cache (they hold the autoescape setting: code compiled
    without escaping is never read back by `env`)."""
    plain = getattr(env, _PLAIN, None)
    if plain is None:  # one per environment, kept on it: a new one compiled its templates for every draft
        plain = env.overlay(autoescape=False, cache_size=50, bytecode_cache=None)
        plain.bytecode_cache = bytecode_cache(plain) if env.bytecode_cache is not None else None
        plain.globals = dict(env.globals, t=_PlainLabels())
        setattr(env, _PLAIN, plain)
    return plain


_PLAIN = "_panelpress_plain_overlay"


def render_text(env: jinja2.Environment, name: str, options: Options, **context: Any) -> str:
    """Render a follow-up template (Markdown or plain text) without HTML escaping."""
    return render(plain_environment(env), name, options.root, **context)


def context(workshop: Workshop, options: Options) -> dict[str, Any]:
    return dict(workshop=workshop, site_url=options.site_url, workbook_url=workbook_url(workshop, options),
                evaluation_url=evaluation_url(workshop, options),
                take_home=[Link(e.title, _under(options.site_url, page_url(e.page, options.use_directory_urls)) or "",
                                workshop.labels.text("followup_worksheet", number=number))
                           for number, e in enumerate(workshop.worksheet_exercises, start=1) if e.slot is None],
                people_with_links=[p for p in workshop.panel if p.links])


def thanked(workshop: Workshop) -> list[Panelist]:
    """Who gets a thank-you note: the panel, signed by the moderator; the moderator's own note only
    when the data names an organiser to sign it (else the moderator would thank themselves)."""
    return [p for p in workshop.panel if p.id != workshop.moderator.id or workshop.spec.organiser]


def drafts(workshop: Workshop, env: jinja2.Environment, options: Options) -> dict[str, str]:
    """Every draft, by file name: participants.md/.txt and thanks-<id>.md/.txt."""
    shared = context(workshop, options)
    out = {f"participants.{ext}": render_text(env, f"followup/participants.{ext}", options, **shared)
           for ext in FORMATS}
    for person in thanked(workshop):
        for ext in FORMATS:
            out[f"thanks-{person.id}.{ext}"] = render_text(env, f"followup/thanks.{ext}", options,
                                                           part=part(workshop, person), **shared)
    return out


class FollowUpOutput:
    """The drafts as an output of a build (outputs.Output): all in the kit, nothing on the site."""

    name = "followup"

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        pass

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        drafts(workshop, env, options)

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        return ()

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        written = drafts(workshop, env, options)
        with staged_folder(dest.kit / FOLDER) as stage:
            for name, text in written.items():
                (stage / name).write_text(text, encoding="utf-8")
        t = workshop.labels
        # the plain text is the one to paste into a mail (pasted Markdown shows its ** and \\ as typed);
        # the Markdown beside it, for a tool that shows it formatted
        return (Download(t.kit_followup_participants, f"{FOLDER}/participants.txt", t.kit_followup_note, "facilitator",
                         also=(t.kit_followup_markdown, f"{FOLDER}/participants.md")),
                *(Download(t.text("kit_followup_thanks", name=p.display_name), f"{FOLDER}/thanks-{p.id}.txt",
                           t.kit_followup_note, "facilitator", also=(t.kit_followup_markdown, f"{FOLDER}/thanks-{p.id}.md"))
                  for p in thanked(workshop)))

    def cancel(self) -> None:
        pass
