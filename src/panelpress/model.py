"""The workshop every output reads: validated specs, resolved and cross-linked.

Each class wraps the spec an author wrote (so `lesson.title` reads the spec's field) and
adds what the outputs would otherwise compute: ids resolved to objects, agenda clock
times, where each page lives, which exercises go on the worksheets. Templates only read.

The scheduling rule, which every output follows: an exercise is **scheduled** when an
agenda item of kind `exercise` refers to it; it is done in that slot (the first, if
several refer to it), at that slot's clock time. Every other exercise, including one a
lesson lists, is **take-home**: the lesson's minutes are for the lesson, so nothing
gives the exercise time in the room. Take-home exercises have no clock time; the
workbook prints them after the workshop's worksheets, the facilitator guide lists them
as optional, the deck leaves them out of its timed flow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import event, names, schema
from .clock import Clock, Time
from .labels import Labels

if TYPE_CHECKING:
    from .airtime import Airtime
    from .mentions import Mention
from .markdown_ext import page_of  # one rule for where a page lives (links by id use it too)


class _Wrapper:
    """Reads through to the wrapped spec for every field it does not add itself."""

    spec: Any

    def __getattr__(self, name: str) -> Any:
        if name == "spec" or name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.spec, name)
        # kept on the object (the spec is frozen: the value never changes), so a template that reads
        # the field again finds it without this call; not a dataclass field, so equality and
        # `replace` are as before
        self.__dict__[name] = value
        return value


@dataclass(frozen=True)
class Ref:
    """A link to another page: its title and its path in the site (e.g. 'lessons/x.md')."""

    title: str
    page: str


@dataclass(frozen=True)
class Panelist(_Wrapper):
    spec: schema.Person
    is_moderator: bool = False

    @cached_property
    def _names(self) -> tuple[str, str | None]:
        return names.split(self.spec.name, self.spec.name_latin)

    @property
    def display_name(self) -> str:
        """The name participants can match to the bios: its Latin form when it has one
        ('Mei-Ling Zhou' of 'Mei-Ling Zhou (周美玲)'; `name_latin`), else `name`."""
        return self._names[0]

    @property
    def native_name(self) -> str | None:
        """The name in its own script when that is not the display name ('周美玲'), else None."""
        return self._names[1]

    @property
    def called(self) -> str:
        """What a note to them calls them ('Dear Amara,'): `short_name`, else the display name,
        never a guessed first word ('Kim' of 'Kim Min-jun' is the family name)."""
        return self.spec.short_name or self.display_name

    def introduced(self, t: Labels) -> str:
        """The name where the person is introduced (a panel list, a briefing's title, the deck's
        panel slide), as the site's Meet the panel page has it: the display name with the name in
        its own script beside it ('Layla Haddad (ليلى حداد)'), else the display name. Everywhere
        else (a lead, a story's teller, whom a question is put to) the display name alone: the
        name a reader matches to the introduction, in the letters the room reads."""
        if self.native_name:
            return t.text("name_with_native", name=self.display_name, native=self.native_name)
        return self.display_name

    @property
    def initials(self) -> str:
        """Up to two letters for a card without a photo: the first and last word of the display name."""
        return names.initials(self.display_name)


@dataclass(frozen=True, eq=False)
class Question(_Wrapper):
    """A question of the moderator's bank (facilitators only), its `to` resolved to panelists."""

    spec: schema.QuestionSpec
    to: tuple[Panelist, ...]  # `everyone` resolved to every panelist
    everyone: bool  # aimed at the whole panel
    used: bool  # a discussion or a Q&A of the agenda names it

    @property
    def share(self) -> float:
        """Minutes of answers each panelist it is aimed at gets (airtime.py)."""
        return self.minutes / len(self.to) if self.to else 0.0


@dataclass(frozen=True, eq=False)
class Anecdote(_Wrapper):
    spec: schema.AnecdoteSpec
    teller: Panelist
    lessons: tuple[Ref, ...]
    page: str

    @property
    def opening(self) -> str:
        """The story's first paragraph (Markdown): what a lesson page shows of it, as reading prose,
        before its link to the whole telling (the beats are for slides)."""
        return re.split(r"\n[ \t]*\n", self.spec.story.strip(), maxsplit=1)[0]


@dataclass(frozen=True, eq=False)
class Exercise(_Wrapper):
    spec: Any  # one of schema's exercise classes
    number: int  # scheduled exercises first, in agenda order; then the take-home ones
    lessons: tuple[Ref, ...]
    page: str
    # The agenda slot it is done in, or None for a take-home exercise. Slots refer to their
    # exercise, so `build` sets this once the slots exist (the object is frozen after that).
    slot: Slot | None = None

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def scheduled(self) -> bool:
        """Done in the room, in an agenda item of its own (see the module's docstring)."""
        return self.slot is not None

    @property
    def instructions_on_paper(self) -> str:
        """What the workbook and the guide say to do: the paper wording where the author gave one
        ("circle one letter"), which the site and the deck never show; else the one wording."""
        return self.spec.paper_instructions or self.spec.instructions

    @property
    def single_question(self) -> bool:
        """It asks one question: the page and the worksheet then say "choose one answer" (not "for
        each question") and number nothing, as a list of one is no list."""
        return len(getattr(self.spec, "questions", None) or ()) == 1

    @property
    def overruns(self) -> bool:
        """Its own `minutes` are more than its agenda slot gives it (the build warns)."""
        return self.slot is not None and self.minutes > self.slot.minutes

    @property
    def audit_rules(self) -> tuple[AuditRule, ...]:
        """An audit's rules with the questions their `when` names resolved to their text."""
        by_id = {question.id: question.text for question in getattr(self.spec, "questions", None) or ()}
        return tuple(AuditRule(rule, tuple(Condition(by_id[qid], yes) for qid, yes in (rule.when or {}).items()))
                     for rule in getattr(self.spec, "rules", None) or ())

    @property
    def script_data(self) -> dict[str, Any]:
        """What the audit's script reads (as JSON), so that it applies the author's rules, not its own."""
        return {"row_label": self.row_label, "rows": self.rows,
                "questions": [{"id": question.id, "text": question.text} for question in self.questions],
                "rules": [{"when": rule.when, "verdict": rule.verdict, "advice": rule.advice,
                           "tone": rule.tone or "neutral"} for rule in self.rules]}


@dataclass(frozen=True)
class Condition:
    """One condition of an audit rule: the question's text and the answer it asks for."""

    question: str
    yes: bool


@dataclass(frozen=True, eq=False)
class AuditRule(_Wrapper):
    """An audit rule, its `when` read as conditions on the questions' text (empty: otherwise)."""

    spec: Any  # schema's audit rule
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, eq=False)
class Lesson(_Wrapper):
    spec: schema.LessonSpec
    number: int
    anecdotes: tuple[Anecdote, ...]
    exercises: tuple[Exercise, ...]
    page: str


@dataclass(frozen=True, eq=False)
class Slot(_Wrapper):
    """One agenda item, placed on the clock."""

    spec: schema.AgendaItem
    number: int
    title: str
    start: Time  # "18:05", "6:05 p.m.": as the workshop's language prints it (clock.py)
    end: Time
    offset: int  # minutes since the workshop began
    target: Lesson | Anecdote | Exercise | None
    lead: Panelist | None
    questions: tuple[Question, ...] = ()  # a discussion's, in the order asked
    starters: tuple[Question, ...] = ()  # a Q&A's, for a quiet room

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercise done in this segment: its own, when this is the slot that schedules it.
        A lesson's exercises are not done in the lesson's minutes (see the module's docstring)."""
        if isinstance(self.target, Exercise) and self.target.slot is self:
            return (self.target,)
        return ()

    @property
    def anecdotes(self) -> tuple[Anecdote, ...]:
        if isinstance(self.target, Anecdote):
            return (self.target,)
        if isinstance(self.target, Lesson):
            return self.target.anecdotes
        return ()


@dataclass(frozen=True)
class Segment:
    """One agenda slot as a run-of-show presents it. A story or exercise is presented in full
    once: in its own slot when the agenda has one, else with the first lesson that holds it;
    `elsewhere` names the slots where the rest of this slot's stories and exercises are."""

    slot: Slot
    anecdotes: tuple[Anecdote, ...]
    exercises: tuple[Exercise, ...]
    elsewhere: tuple[tuple[str, Slot], ...]  # (title, the slot it is presented under)
    take_home: tuple[Exercise, ...] = ()  # the lesson's exercises that no agenda item schedules


@dataclass(frozen=True, eq=False)
class Workshop(_Wrapper):
    spec: schema.WorkshopSpec
    moderator: Panelist
    panelists: tuple[Panelist, ...]
    agenda: tuple[Slot, ...]
    lessons: tuple[Lesson, ...]
    anecdotes: tuple[Anecdote, ...]
    exercises: tuple[Exercise, ...]
    start_time: Time
    end_time: Time
    agenda_minutes: int
    questions: tuple[Question, ...] = ()  # the bank: used ones in agenda order, then the others
    # the characters outside ASCII the data uses: which of the identity's font files the outputs
    # declare beyond Latin (identity.py: a Greek, Cyrillic or Vietnamese name in the family too)
    characters: frozenset[str] = frozenset()
    clock: Clock = Clock()  # how its clock times are printed (the label `time_format`)

    def at(self, minutes: int) -> Time:
        """The clock time `minutes` after the start (before it when negative), printed like the agenda's."""
        return self.clock.at(self.start_time.iso, minutes)

    @property
    def spare_questions(self) -> tuple[Question, ...]:
        """Backups no agenda item names, for a quiet room or spare minutes."""
        return tuple(q for q in self.questions if not q.used)

    def questions_for(self, person: Panelist) -> tuple[Question, ...]:
        """The questions aimed at one panelist (`everyone` included), the asked ones first: what
        their briefing tells them to prepare."""
        return tuple(q for q in self.questions if person in q.to)

    @cached_property
    def airtime(self) -> tuple["Airtime", ...]:
        """Each panelist's planned time in front of the room (airtime.py defines it)."""
        from .airtime import compute

        return compute(self)

    @cached_property
    def mentions(self) -> tuple["Mention", ...]:
        """The sentences of the moderator's notes that turn to a panelist by name (mentions.py),
        found once for every output that asks."""
        from .mentions import find

        return find(self)

    @property
    def panel(self) -> tuple[Panelist, ...]:
        return (self.moderator, *self.panelists)

    @cached_property
    def labels(self) -> Labels:
        """The interface strings in the workshop's language, with the author's overrides."""
        return _labels(self.spec)

    @cached_property
    def description(self) -> Markup:
        """The workshop in a line, for the `<meta name="description">` of the site's pages (unless
        mkdocs.yml has a site_description) and of the deck: the subtitle, else the title and the
        audience (label `site_description`). Escaped: Material prints the site's without escaping."""
        if self.subtitle:
            return escape(self.subtitle)
        return self.labels("site_description", title=self.title, audience=self.audience)

    @cached_property
    def clock_em(self) -> float | None:
        """The width of the agenda's clock column, in em, where the times are wider than "18:05"
        ("12:15 p.m."; the deck's and the site's agenda), or None: the style sheets' own width."""
        from .slides.fit import AGENDA_CLOCK_EM, clock_column

        width = clock_column(slot.start for slot in self.agenda)
        return width if width > AGENDA_CLOCK_EM else None

    @cached_property
    def when(self) -> event.When | None:
        """Start and end on the venue's clock (event.py), or None without an ISO date and a time zone."""
        return event.when(self.spec, self.start_time.iso, self.agenda_minutes)

    @cached_property
    def date(self) -> str | None:
        """The date as every output shows it: in the workshop's language (the label `date_format`),
        or an older workshop's free text as written."""
        return event.shown_date(self.spec, self.labels.date_format)

    @property
    def scheduled_exercises(self) -> tuple[Exercise, ...]:
        """The exercises done in the room, in agenda order, each once."""
        return tuple(e for e in self.exercises if e.slot is not None)  # numbered in agenda order

    @property
    def take_home_exercises(self) -> tuple[Exercise, ...]:
        """The exercises no agenda item schedules: done after the workshop, if at all."""
        return tuple(e for e in self.exercises if e.slot is None)

    @property
    def worksheet_exercises(self) -> tuple[Exercise, ...]:
        """Every exercise as the workbook prints it: the scheduled ones, then the take-home ones."""
        return self.scheduled_exercises + self.take_home_exercises

    @property
    def overrunning_exercises(self) -> tuple[Exercise, ...]:
        """Scheduled exercises whose own minutes are more than their slot's."""
        return tuple(e for e in self.scheduled_exercises if e.overruns)

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        """The agenda as the facilitator guides (printed and on the site) walk through it."""
        home: dict[int, Slot] = {}  # id() of a story or exercise → the slot that presents it
        for slot in self.agenda:  # own slots first, so they win over a lesson's listing
            if isinstance(slot.target, Anecdote):
                home.setdefault(id(slot.target), slot)
        for exercise in self.scheduled_exercises:
            home[id(exercise)] = exercise.slot  # type: ignore[assignment]
        for slot in self.agenda:
            for story in slot.anecdotes:
                home.setdefault(id(story), slot)
        segments = []
        for slot in self.agenda:
            listed = (slot.target.exercises if isinstance(slot.target, Lesson)
                      else (slot.target,) if isinstance(slot.target, Exercise) else ())
            items = (*slot.anecdotes, *(e for e in listed if e.scheduled))
            segments.append(Segment(
                slot,
                tuple(a for a in slot.anecdotes if home[id(a)] is slot),
                slot.exercises,
                tuple(sorted(((item.title, home[id(item)]) for item in items if home[id(item)] is not slot),
                             key=lambda pair: pair[1].number)),
                tuple(e for e in listed if not e.scheduled),
            ))
        return tuple(segments)


def _labels(spec: schema.WorkshopSpec) -> Labels:
    return Labels(spec.language, spec.labels.model_dump(exclude_none=True))


def _order(ids_in_use: list[str], specs: dict[str, Any]) -> list[str]:
    """Ids in the order the workshop uses them, then the unused ones alphabetically."""
    used = list(dict.fromkeys(i for i in ids_in_use if i in specs))
    return used + sorted(set(specs) - set(used))


def build(
    workshop: schema.WorkshopSpec,
    lessons: dict[str, schema.LessonSpec],
    anecdotes: dict[str, schema.AnecdoteSpec],
    exercises: dict[str, Any],
    start_time: str | None = None,
    questions: dict[str, schema.QuestionSpec] | None = None,
    characters: frozenset[str] = frozenset(),
) -> Workshop:
    """Resolve a validated set of specs (all references known to exist) into a Workshop;
    `characters`: those outside ASCII the data uses (validate.py collects them)."""
    people = {p.id: Panelist(p) for p in workshop.panel.panelists}
    people[workshop.panel.moderator.id] = Panelist(workshop.panel.moderator, is_moderator=True)

    agenda_refs = [item.ref for item in workshop.agenda if item.ref]
    lesson_order = _order(agenda_refs, lessons)
    lesson_refs: dict[str, list[Ref]] = {}
    for lesson_id in lesson_order:
        spec = lessons[lesson_id]
        ref = Ref(spec.title, page_of("lesson", lesson_id))
        for child in (*spec.anecdotes, *spec.exercises):
            lesson_refs.setdefault(child, []).append(ref)

    nested = [child for lid in lesson_order for child in (*lessons[lid].anecdotes, *lessons[lid].exercises)]
    in_agenda_order: list[str] = []
    for item in workshop.agenda:
        if item.ref in lessons:
            in_agenda_order += list(lessons[item.ref].anecdotes)
        elif item.ref:
            in_agenda_order.append(item.ref)
    use_order = in_agenda_order + nested
    # exercises are numbered as the workbook prints them: scheduled ones in agenda order first
    scheduled_ids = [item.ref for item in workshop.agenda if item.kind == "exercise" and item.ref]

    story_objs = {
        aid: Anecdote(anecdotes[aid], people[anecdotes[aid].teller], tuple(lesson_refs.get(aid, ())),
                      page_of("anecdote", aid))
        for aid in _order(use_order, anecdotes)
    }
    exercise_objs = {
        eid: Exercise(exercises[eid], n, tuple(lesson_refs.get(eid, ())), page_of("exercise", eid))
        for n, eid in enumerate(_order(scheduled_ids + use_order, exercises), start=1)
    }
    # a lesson lists its stories and exercises in the order of the day where the agenda gives them
    # their own segments (review 24: the 18:06 story above the 18:04 one), else as the lesson lists them
    when = {item.ref: n for n, item in enumerate(workshop.agenda) if item.ref and item.kind in ("anecdote", "exercise")}

    def by_the_day(ids: Sequence[str]) -> list[str]:
        # what no segment gives a time (a take-home exercise) after everything that has one
        return sorted(ids, key=lambda i: when.get(i, len(workshop.agenda)))

    lesson_objs = {
        lid: Lesson(
            lessons[lid], n,
            tuple(story_objs[a] for a in by_the_day(lessons[lid].anecdotes)),
            tuple(exercise_objs[e] for e in by_the_day(lessons[lid].exercises)),
            page_of("lesson", lid),
        )
        for n, lid in enumerate(lesson_order, start=1)
    }
    targets: dict[str, dict[str, Any]] = {"lesson": lesson_objs, "anecdote": story_objs, "exercise": exercise_objs}

    questions = questions or {}
    asked = [ref for item in workshop.agenda for ref in (*item.questions, *item.starters)]
    panelists = tuple(people[p.id] for p in workshop.panel.panelists)
    question_objs = {
        qid: Question(questions[qid], panelists if schema.EVERYONE in questions[qid].to
                      else tuple(people[p] for p in questions[qid].to), schema.EVERYONE in questions[qid].to,
                      qid in asked)
        for qid in _order(asked, questions)
    }

    start = start_time or workshop.start_time
    # the clock in the workshop's language, or as the author set it (the label `time_format`)
    clock = Clock(_labels(workshop).time_format, workshop.language)
    slots, offset = [], 0
    for n, item in enumerate(workshop.agenda, start=1):
        target = targets[item.kind][item.ref] if item.kind in targets and item.ref else None
        title = item.title or (target.title if target is not None else item.kind.title())
        slots.append(Slot(item, n, title, clock.at(start, offset), clock.at(start, offset + item.minutes), offset,
                          target, people.get(item.lead) if item.lead else None,
                          tuple(question_objs[q] for q in item.questions),
                          tuple(question_objs[q] for q in item.starters)))
        offset += item.minutes
    for slot in slots:  # tie each scheduled exercise to the first slot of its own
        if isinstance(slot.target, Exercise) and slot.target.slot is None:
            object.__setattr__(slot.target, "slot", slot)

    return Workshop(
        spec=workshop,
        moderator=people[workshop.panel.moderator.id],
        panelists=tuple(people[p.id] for p in workshop.panel.panelists),
        agenda=tuple(slots),
        lessons=tuple(lesson_objs.values()),
        anecdotes=tuple(story_objs.values()),
        exercises=tuple(exercise_objs.values()),
        start_time=clock.at(start),
        end_time=clock.at(start, offset),
        agenda_minutes=offset,
        questions=tuple(question_objs.values()),
        characters=characters,
        clock=clock,
    )
