"""DATA-FORMAT.md, the author's guide to the data files: complete, right about Markdown, with
examples that load, and never stale (`panelpress schema --check`)."""

from __future__ import annotations

import re

import yaml
from pydantic import TypeAdapter

from conftest import REPO, run_panelpress
from panelpress import schema
from panelpress.dataformat import NAME, render

GUIDE = REPO / NAME


def _section(text: str, anchor: str) -> str:
    """The text from `<a id="anchor">` to the next anchor."""
    start = text.index(f'<a id="{anchor}"></a>')
    following = text.find('<a id="', start + 1)
    return text[start:following if following != -1 else None]


def test_the_committed_guide_is_the_generated_one():
    assert GUIDE.read_text(encoding="utf-8") == render(), "run `panelpress schema` and commit DATA-FORMAT.md"


def test_schema_check_fails_when_the_guide_is_stale(tmp_path):
    run_panelpress("schema", "--out", str(tmp_path), check=True)
    assert (tmp_path / NAME).read_text(encoding="utf-8") == render()
    assert run_panelpress("schema", "--check", "--out", str(tmp_path)).returncode == 0
    guide = tmp_path / NAME
    guide.write_text(guide.read_text(encoding="utf-8").replace("| `summary` |", "| `sumary` |", 1), encoding="utf-8")
    result = run_panelpress("schema", "--check", "--out", str(tmp_path))
    assert result.returncode == 1 and NAME in result.stderr, result.stderr


def test_every_field_of_every_file_is_listed_and_says_whether_it_takes_markdown():
    text = GUIDE.read_text(encoding="utf-8")
    checked = 0
    for name, document in schema.json_schemas().items():
        kind = name.split(".")[0]
        objects = {kind: document} if "discriminator" not in document else {}
        objects |= {n.lower(): d for n, d in document.get("$defs", {}).items() if d.get("properties")}
        for anchor, spec in objects.items():
            section = _section(text, anchor)
            for field_name, field in spec["properties"].items():
                row = re.search(rf"^\| `{re.escape(field_name)}` \|.*$", section, re.M)
                assert row, f"{anchor}: no row for `{field_name}`"
                options = [field, *field.get("anyOf", []), field.get("items") or {}]
                markdown = any(o.get("contentMediaType") == "text/markdown" for o in options)
                assert ("**Markdown**" in row[0]) == markdown, row[0]
                if field_name in spec.get("required", ()):
                    assert "| yes |" in row[0], row[0]
                checked += 1
    assert checked > 300  # the labels alone are most of them
    lesson = _section(text, "lesson")
    assert re.search(r"^\| `body` \| yes \| \*\*Markdown\*\* \|", lesson, re.M)
    assert re.search(r"^\| `title` \| yes \| plain text \|", lesson, re.M)


def test_every_example_loads_as_the_file_it_shows():
    """The scaffold's files and the skeletons of the other exercise kinds pass the specs."""
    text = GUIDE.read_text(encoding="utf-8")
    specs = {"workshop": schema.WorkshopSpec, "lesson": schema.LessonSpec, "anecdote": schema.AnecdoteSpec,
             "exercise": schema.ExerciseSpec, "question": schema.QuestionSpec}
    assert [name.split(".")[0] for name in schema.json_schemas()] == list(specs)  # a new kind of file: add it
    starts = [text.index(f'<a id="{kind}"></a>') for kind in specs]  # the four files, in this order
    shown = 0
    for (kind, spec), start, end in zip(specs.items(), starts, [*starts[1:], len(text)]):
        for block in re.findall(r"```yaml\n(.*?)```", text[start:end], re.S):
            TypeAdapter(spec).validate_python(yaml.safe_load(block))
            shown += 1
    assert shown == len(specs) - 1 + len(schema.EXERCISE_KINDS)  # one per file kind, one per kind of exercise


def test_a_new_workshop_comes_with_the_guide(tmp_path):
    run_panelpress("new", str(tmp_path / "ws"), check=True)
    assert (tmp_path / "ws" / NAME).read_text(encoding="utf-8") == render()
    assert NAME in (tmp_path / "ws" / "README.md").read_text(encoding="utf-8")
