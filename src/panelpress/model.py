"""The workshop every output reads: validated specs, resolved and cross-linked.

Each class wraps the spec an author wrote (so `lesson.title` reads the spec's field) and
adds what the outputs would otherwise compute: ids resolved to objects, agenda clock
times, where each page lives, which exercises go on the worksheets. Templates only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import schema
from .labels import Labels


class _Wrapper:
    """Reads through to the wrapped spec for every field it does not add itself."""

    spec: Any

    def __getattr__(self, name: str) -> Any:
        if name == "spec" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.spec, name)


@dataclass(frozen=True)
class Ref:
    """A link to another page: its title and its path in the site (e.g. 'lessons/x.md')."""

    title: str
    page: str


@dataclass(frozen=True)
class Panelist(_Wrapper):
    spec: schema.Person
    is_moderator: bool = False


@dataclass(frozen=True, eq=False)
class Anecdote(_Wrapper):
    spec: schema.AnecdoteSpec
    teller: Panelist
    lessons: tuple[Ref, ...]
    page: str


@dataclass(frozen=True, eq=False)
class Exercise(_Wrapper):
    spec: Any  # one of schema's exercise classes
    number: int
    lessons: tuple[Ref, ...]
    page: str

    @property
    def kind(self) -> str:
        return self.spec.kind


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
    start: str  # "18:05"
    end: str
    offset: int  # minutes since the workshop began
    target: Lesson | Anecdote | Exercise | None
    lead: Panelist | None

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """The exercises done in this segment: the exercise itself, or a lesson's."""
        if isinstance(self.target, Exercise):
            return (self.target,)
        if isinstance(self.target, Lesson):
            return self.target.exercises
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


@dataclass(frozen=True, eq=False)
class Workshop(_Wrapper):
    spec: schema.WorkshopSpec
    moderator: Panelist
    panelists: tuple[Panelist, ...]
    agenda: tuple[Slot, ...]
    lessons: tuple[Lesson, ...]
    anecdotes: tuple[Anecdote, ...]
    exercises: tuple[Exercise, ...]
    start_time: str
    end_time: str
    agenda_minutes: int

    @property
    def panel(self) -> tuple[Panelist, ...]:
        return (self.moderator, *self.panelists)

    @cached_property
    def labels(self) -> Labels:
        """The interface strings in the workshop's language, with the author's overrides."""
        return Labels(self.spec.language, self.spec.labels.model_dump(exclude_none=True))

    @property
    def worksheet_exercises(self) -> tuple[Exercise, ...]:
        """Exercises of the agenda, in agenda order, each once (the workbook's worksheets)."""
        seen: dict[str, Exercise] = {}
        for slot in self.agenda:
            for exercise in slot.exercises:
                seen.setdefault(exercise.id, exercise)
        return tuple(seen.values())

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        """The agenda as the facilitator guides (printed and on the site) walk through it."""
        home: dict[int, Slot] = {}  # id() of a story or exercise → the slot that presents it
        for slot in self.agenda:  # own slots first, so they win over a lesson's listing
            if isinstance(slot.target, (Anecdote, Exercise)):
                home.setdefault(id(slot.target), slot)
        for slot in self.agenda:
            for item in (*slot.anecdotes, *slot.exercises):
                home.setdefault(id(item), slot)
        return tuple(Segment(
            slot,
            tuple(a for a in slot.anecdotes if home[id(a)] is slot),
            tuple(e for e in slot.exercises if home[id(e)] is slot),
            tuple(sorted(((item.title, home[id(item)]) for item in (*slot.anecdotes, *slot.exercises)
                          if home[id(item)] is not slot), key=lambda pair: pair[1].number)),
        ) for slot in self.agenda)


def clock(start: str, minutes: int) -> str:
    hours, mins = (int(part) for part in start.split(":"))
    total = (hours * 60 + mins + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


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
) -> Workshop:
    """Resolve a validated set of specs (all references known to exist) into a Workshop."""
    people = {p.id: Panelist(p) for p in workshop.panel.panelists}
    people[workshop.panel.moderator.id] = Panelist(workshop.panel.moderator, is_moderator=True)

    agenda_refs = [item.ref for item in workshop.agenda if item.ref]
    lesson_order = _order(agenda_refs, lessons)
    lesson_refs: dict[str, list[Ref]] = {}
    for lesson_id in lesson_order:
        spec = lessons[lesson_id]
        ref = Ref(spec.title, f"lessons/{lesson_id}.md")
        for child in (*spec.anecdotes, *spec.exercises):
            lesson_refs.setdefault(child, []).append(ref)

    nested = [child for lid in lesson_order for child in (*lessons[lid].anecdotes, *lessons[lid].exercises)]
    in_agenda_order: list[str] = []
    for item in workshop.agenda:
        if item.ref in lessons:
            in_agenda_order += [*lessons[item.ref].exercises, *lessons[item.ref].anecdotes]
        elif item.ref:
            in_agenda_order.append(item.ref)
    use_order = in_agenda_order + nested

    story_objs = {
        aid: Anecdote(anecdotes[aid], people[anecdotes[aid].teller], tuple(lesson_refs.get(aid, ())),
                      f"stories/{aid}.md")
        for aid in _order(use_order, anecdotes)
    }
    exercise_objs = {
        eid: Exercise(exercises[eid], n, tuple(lesson_refs.get(eid, ())), f"exercises/{eid}.md")
        for n, eid in enumerate(_order(use_order, exercises), start=1)
    }
    lesson_objs = {
        lid: Lesson(
            lessons[lid], n,
            tuple(story_objs[a] for a in lessons[lid].anecdotes),
            tuple(exercise_objs[e] for e in lessons[lid].exercises),
            f"lessons/{lid}.md",
        )
        for n, lid in enumerate(lesson_order, start=1)
    }
    targets: dict[str, dict[str, Any]] = {"lesson": lesson_objs, "anecdote": story_objs, "exercise": exercise_objs}

    start = start_time or workshop.start_time
    slots, offset = [], 0
    for n, item in enumerate(workshop.agenda, start=1):
        target = targets[item.kind][item.ref] if item.kind in targets and item.ref else None
        title = item.title or (target.title if target is not None else item.kind.title())
        slots.append(Slot(item, n, title, clock(start, offset), clock(start, offset + item.minutes), offset,
                          target, people.get(item.lead) if item.lead else None))
        offset += item.minutes

    return Workshop(
        spec=workshop,
        moderator=people[workshop.panel.moderator.id],
        panelists=tuple(people[p.id] for p in workshop.panel.panelists),
        agenda=tuple(slots),
        lessons=tuple(lesson_objs.values()),
        anecdotes=tuple(story_objs.values()),
        exercises=tuple(exercise_objs.values()),
        start_time=clock(start, 0),
        end_time=clock(start, offset),
        agenda_minutes=offset,
    )
