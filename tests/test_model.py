"""The scheduling rule (model.py): which exercises are done in the room, when, and in what
order; everything else is take-home. Pure: workshops built from small specs, no files."""

from __future__ import annotations

from pydantic import TypeAdapter

from panelpress import model, schema

EXERCISE = TypeAdapter(schema.ExerciseSpec)


def exercise(eid: str, minutes: int = 5) -> object:
    return EXERCISE.validate_python({"id": eid, "kind": "reflection", "title": eid.replace("-", " ").title(),
                                     "minutes": minutes, "prompt": "Think.", "questions": ["Why?"]})


def lesson(lid: str, exercises: list[str]) -> schema.LessonSpec:
    return schema.LessonSpec.model_validate({"id": lid, "title": lid.title(), "summary": "S.", "objectives": ["O"],
                                             "body": "B.", "key_points": ["K"], "exercises": exercises})


def build(agenda: list[tuple], lessons: dict[str, list[str]] = {}, exercises: dict[str, int] = {},
          start: str = "18:00") -> model.Workshop:
    """agenda: (kind, ref or title, minutes); lessons: id → its exercise ids; exercises: id → minutes."""
    items = [{"kind": kind, "minutes": minutes, **({"ref": name} if kind in ("lesson", "exercise") else {"title": name})}
             for kind, name, minutes in agenda]
    spec = schema.WorkshopSpec.model_validate({
        "id": "w", "title": "W", "summary": "S.", "audience": "A", "start_time": start,
        "duration_minutes": sum(m for *_, m in agenda), "objectives": ["O"], "takeaways": ["T"],
        "panel": {"moderator": {"id": "m", "name": "M", "role": "R"}, "panelists": [{"id": "p", "name": "P", "role": "R"}]},
        "agenda": items})
    return model.build(spec, {lid: lesson(lid, ex) for lid, ex in lessons.items()}, {},
                       {eid: exercise(eid, m) for eid, m in exercises.items()})


def ids(exercises) -> list[str]:
    return [e.id for e in exercises]


def test_an_exercise_with_its_own_agenda_item_is_at_that_items_time_not_at_the_lesson_that_lists_it():
    w = build([("opening", "Hi", 3), ("lesson", "l", 10), ("exercise", "ex", 6), ("closing", "Bye", 2)],
              lessons={"l": ["ex"]}, exercises={"ex": 6}, start="17:30")
    ex = w.exercises[0]
    assert ex.scheduled and ex.slot is w.agenda[2]
    assert (ex.slot.start, ex.slot.end) == ("17:43", "17:49")  # not the lesson's 17:33
    assert ids(w.agenda[1].exercises) == [] and ids(w.agenda[2].exercises) == ["ex"]


def test_an_exercise_only_a_lesson_lists_is_take_home_even_when_the_lesson_is_on_the_agenda():
    w = build([("lesson", "l", 10), ("closing", "Bye", 2)], lessons={"l": ["ex"]}, exercises={"ex": 8})
    ex = w.exercises[0]
    assert not ex.scheduled and ex.slot is None
    assert ids(w.scheduled_exercises) == [] and ids(w.take_home_exercises) == ["ex"]
    segment = w.segments[0]
    assert segment.exercises == () and ids(segment.take_home) == ["ex"]


def test_an_exercise_nothing_refers_to_is_take_home_too():
    w = build([("exercise", "a", 5)], exercises={"a": 5, "stray": 3})
    assert ids(w.scheduled_exercises) == ["a"] and ids(w.take_home_exercises) == ["stray"]


def test_scheduled_exercises_come_in_agenda_order_and_are_numbered_first():
    w = build([("lesson", "l1", 5), ("exercise", "late", 5), ("lesson", "l2", 5), ("exercise", "early", 5)],
              lessons={"l1": ["early", "home-1"], "l2": ["late", "home-2"]},
              exercises={"early": 5, "late": 5, "home-1": 5, "home-2": 5})
    assert ids(w.scheduled_exercises) == ["late", "early"]  # the agenda's order, not the lessons'
    assert ids(w.take_home_exercises) == ["home-1", "home-2"]
    assert ids(w.worksheet_exercises) == ["late", "early", "home-1", "home-2"]
    assert [e.number for e in w.worksheet_exercises] == [1, 2, 3, 4]
    assert [(e.id, e.slot.start) for e in w.scheduled_exercises] == [("late", "18:05"), ("early", "18:15")]


def test_an_exercise_two_lessons_list_and_no_agenda_item_schedules_is_one_take_home_exercise():
    w = build([("lesson", "a", 5), ("lesson", "b", 5)], lessons={"a": ["shared"], "b": ["shared"]},
              exercises={"shared": 5})
    assert ids(w.worksheet_exercises) == ["shared"] and ids(w.take_home_exercises) == ["shared"]
    assert [ids(s.take_home) for s in w.segments] == [["shared"], ["shared"]]
    assert all(s.exercises == () for s in w.segments)
    assert [r.title for r in w.exercises[0].lessons] == ["A", "B"]


def test_a_shared_exercise_with_its_own_item_is_done_once_and_the_lessons_point_to_it():
    w = build([("lesson", "a", 5), ("lesson", "b", 5), ("exercise", "shared", 5)],
              lessons={"a": ["shared"], "b": ["shared"]}, exercises={"shared": 5})
    assert [ids(s.exercises) for s in w.segments] == [[], [], ["shared"]]
    assert [[(t, s.number) for t, s in seg.elsewhere] for seg in w.segments[:2]] == [[("Shared", 3)], [("Shared", 3)]]


def test_an_exercise_with_two_agenda_items_is_done_in_the_first():
    w = build([("exercise", "ex", 5), ("break", "Tea", 5), ("exercise", "ex", 5)], exercises={"ex": 5})
    assert w.exercises[0].slot is w.agenda[0]
    assert [ids(s.exercises) for s in w.segments] == [["ex"], [], []]
    assert [t for t, _ in w.segments[2].elsewhere] == ["Ex"]


def test_a_scheduled_exercise_longer_than_its_slot_overruns_and_a_take_home_one_never_does():
    w = build([("exercise", "long", 5), ("exercise", "fits", 5), ("lesson", "l", 2)],
              lessons={"l": ["home"]}, exercises={"long": 9, "fits": 5, "home": 30})
    assert ids(w.overrunning_exercises) == ["long"]
    assert [e.overruns for e in w.exercises] == [True, False, False]
