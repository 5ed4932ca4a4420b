"""The build keeps the data files as it parsed them (panelpress/parsed.py) and reads an unchanged
file back instead of parsing it again: the workshop it builds and every diagnostic it gives must
be what a fresh parse gives, an edited file is parsed anew, and a damaged memory costs nothing."""

from __future__ import annotations

import pytest

from panelpress import parsed, scaffold
from panelpress.project import Project
from panelpress.validate import load_project


@pytest.fixture
def workshop(tmp_path) -> Project:
    root = tmp_path / "workshop"
    scaffold.create(root, "My career panel")
    return Project(root)


def messages(diags) -> list[str]:
    return [str(diag) for diag in diags]


def test_an_unchanged_workshop_is_read_back_as_it_was_parsed(workshop):
    fresh, fresh_diags = load_project(workshop)
    assert not (workshop.root / parsed.MEMORY).exists()  # only a build remembers (not `check`)
    first, first_diags = load_project(workshop, remember=True)
    assert (workshop.root / parsed.MEMORY).is_file()
    again, again_diags = load_project(workshop, remember=True)
    assert repr(fresh) == repr(first) == repr(again)  # (the model's objects compare by identity)
    assert messages(fresh_diags) == messages(first_diags) == messages(again_diags)
    # read back, not parsed: the documents come from the memory
    memory = parsed.ParsedFiles(workshop)
    assert len(memory.kept) == len(list((workshop.root / "data").rglob("*.yml")))


def test_an_edited_file_is_parsed_again(workshop):
    load_project(workshop, remember=True)
    lesson = workshop.root / "data/lessons/first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("The first lesson", "The edited lesson"),
                      encoding="utf-8")
    built, _ = load_project(workshop, remember=True)
    assert built.lessons[0].title == "The edited lesson"


@pytest.mark.parametrize("mistake, expected", [
    # a problem of the file itself (load.py): such a file is never kept
    ("title: The first lesson\n", "duplicate key 'title'"),
    # a problem of its values (validate.py), positioned in a file read back from the memory
    ("objetives: [x]\n", "unknown field 'objetives'"),
])
def test_a_mistake_after_a_build_is_reported_as_a_fresh_parse_reports_it(workshop, mistake, expected):
    load_project(workshop, remember=True)
    load_project(workshop, remember=True)  # every file read back from the memory
    lesson = workshop.root / "data/lessons/first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + mistake, encoding="utf-8")
    remembered = [messages(load_project(workshop, remember=True)[1]) for _ in range(2)]
    fresh = messages(load_project(workshop)[1])
    assert any(expected in line and "first-lesson.yml:" in line for line in fresh), fresh
    assert remembered == [fresh, fresh]


def test_a_position_in_a_file_read_back_is_where_the_value_is_written(workshop):
    """A diagnostic about a file that was not edited points into it as written."""
    load_project(workshop, remember=True)
    lesson = workshop.root / "data/lessons/first-lesson.yml"
    copy = workshop.root / "data/lessons/copy.yml"
    copy.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")  # the same id twice
    line = next(i for i, text in enumerate(lesson.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("id:"))
    remembered = messages(load_project(workshop, remember=True)[1])
    assert remembered == messages(load_project(workshop)[1])
    # copy.yml is read first; the lesson read back from the memory is the duplicate, at its own `id:`
    assert f"data/lessons/first-lesson.yml:{line}:5: error: duplicate lesson id 'first-lesson'" in "\n".join(remembered)


def test_a_damaged_memory_is_parsed_over(workshop):
    fresh = repr(load_project(workshop))
    memory = workshop.root / parsed.MEMORY
    memory.parent.mkdir(parents=True)
    memory.write_bytes(b"\x00not marshal at all")
    assert repr(load_project(workshop, remember=True)) == fresh
    assert len(parsed.ParsedFiles(workshop).kept) > 0  # written whole again
    assert repr(load_project(workshop, remember=True)) == fresh
