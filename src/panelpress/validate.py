"""Documents → specs → Workshop, collecting every problem instead of stopping at the first.

Per-file shape comes from `schema.py` (pydantic); this module turns pydantic's errors into
messages an author understands, positioned at the exact line and column, and adds the
rules that span files: unique ids, references that resolve, an agenda that adds up.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import airtime, datalinks, event, glyphs, model, names, questions, schema
from .diagnostics import Diagnostic, did_you_mean, has_errors
from .labels import RETIRED as RETIRED_LABELS
from .load import Document, load_file
from .outside import links_leaving
from .parsed import ParsedFiles
from .project import Project

KINDS = {  # folder under data/ → (what messages call it, the spec it must match)
    "lessons": ("lesson", TypeAdapter(schema.LessonSpec)),
    "anecdotes": ("anecdote", TypeAdapter(schema.AnecdoteSpec)),
    "exercises": ("exercise", TypeAdapter(schema.ExerciseSpec)),
    "questions": ("question", TypeAdapter(schema.QuestionSpec)),
}
WORKSHOP = TypeAdapter(schema.WorkshopSpec)
EXERCISE_CLASSES = {cls.model_fields["kind"].annotation.__args__[0]: cls
                    for cls in schema.ExerciseSpec.__origin__.__args__}  # type: ignore[attr-defined]

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "bool_type": "true or false", "bool_parsing": "true or false",
    "tuple_type": "a list", "list_type": "a list", "dict_type": "a mapping of `key: value` lines",
    "model_type": "a mapping of `key: value` lines", "model_attributes_type": "a mapping of `key: value` lines",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {str: "text", bool: "true/false", int: "a number", float: "a number",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _field_of(loc: tuple) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "value"


def _model_at(root: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that holds the last key of `loc`, to suggest field names."""
    current: Any = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(error: dict, doc: Document, root_model: type[BaseModel] | None) -> Diagnostic:
    """One pydantic error → one diagnostic at the right place, in the author's words."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    field = _field_of(loc)
    if kind == "extra_forbidden":
        holder = _model_at(root_model, loc[:-1])
        choices = list(holder.model_fields) if holder else []
        hint = did_you_mean(str(loc[-1]), choices) or (
            f"known fields here: {', '.join(choices)}" if choices else "remove it")
        return doc.diagnostic(loc, f"unknown field '{loc[-1]}'", hint, key=True)
    if kind == "panelpress_rule":  # a rule inside one file (schema.rule_error): positioned where it is broken
        ctx = error.get("ctx", {})
        return doc.diagnostic(loc + tuple(ctx.get("at", ())), error["msg"], ctx.get("hint", ""), key=True)
    if kind == "panelpress_value":  # a value that cannot be read (schema.value_error): pointed at the value
        return doc.diagnostic(loc, error["msg"], error.get("ctx", {}).get("hint", ""))
    if kind == "missing":
        parent = loc[:-1]
        where = f" in '{_field_of(parent)}'" if parent else ""
        about = _description(root_model, loc)
        return doc.diagnostic(parent, f"missing required field '{field}'{where}",
                              f"add `{field}:`" + (f" with {about}" if about else ""), key=True)
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", value)
        return doc.diagnostic(loc + ("kind",), f"unknown exercise kind '{tag}'",
                              did_you_mean(str(tag), schema.EXERCISE_KINDS)
                              or f"use one of: {', '.join(schema.EXERCISE_KINDS)}")
    if kind == "union_tag_not_found":
        return doc.diagnostic(loc, "missing required field 'kind'",
                              f"add `kind:` with one of: {', '.join(schema.EXERCISE_KINDS)}", key=True)
    if kind in _TYPE_NAMES:
        return doc.diagnostic(loc, f"'{field}' should be {_TYPE_NAMES[kind]}, not {_type_name(value)}",
                              _type_hint(kind, value, field, _required(root_model, loc)))
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern == schema.SLUG_PATTERN:
            example = _slugify(str(value)) or "cold-message"
            return doc.diagnostic(loc, f"'{value}' is not a valid id",
                                  f"use lower-case letters, digits and single hyphens, e.g. '{example}'")
        if pattern == schema.CLOCK_PATTERN:
            return doc.diagnostic(loc, f"'{value}' is not a clock time", "write it as HH:MM, e.g. 18:30")
        return doc.diagnostic(loc, f"'{value}' is not a valid {field}",
                              "start web addresses with https://" if field in ("url",)
                              else "write an address such as careers@example.edu" if field == "email" else "")
    if kind == "string_too_short":
        return doc.diagnostic(loc, f"'{field}' is empty", "write something, or remove the line if it is optional")
    if kind == "too_short":
        need = error.get("ctx", {}).get("min_length", 1)
        return doc.diagnostic(loc, f"'{field}' needs at least {need} item{'s' * (need != 1)}",
                              f"add items as lines starting with `- ` under `{field}:`")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ctx.items())
        return doc.diagnostic(loc, f"'{field}' is {value}, out of range", f"it must be {bound}".replace(" ge ", " at least ")
                              .replace("ge ", "at least ").replace("le ", "at most "))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(value), [s.strip(" '") for s in expected.replace(" or ", ",").split(",")])
        return doc.diagnostic(loc, f"'{value}' is not a valid {field}", hint or f"use one of: {expected}")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return doc.diagnostic(loc, message)
    return doc.diagnostic(loc, f"'{field}': {error['msg']}")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _type_hint(kind: str, value: Any, field: str, required: bool) -> str:
    if value is None:
        return "write the value after the colon" + ("" if required else ", or remove the line")
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return "put the value in quotes"
    if kind == "string_type" and isinstance(value, (dict, list)):
        return "a line with `: ` or starting with `- ` makes a mapping or a list; put the text in quotes"
    if kind in ("tuple_type", "list_type"):
        return "write one item a line, each starting with `- `"
    if kind.startswith("int_"):
        return f"write digits, e.g. `{field}: 10`"
    if kind.startswith("bool_"):
        return f"write `{field}: true` or `{field}: false`"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"write its fields on the lines below `{field}:`, indented by two spaces"
    return ""


def _field_info(root: Any, loc: tuple) -> Any:
    holder = _model_at(root, loc[:-1]) if loc else None
    return holder.model_fields.get(loc[-1]) if holder is not None and isinstance(loc[-1], str) else None


def _required(root: Any, loc: tuple) -> bool:
    info = _field_info(root, loc)
    return info is None or info.is_required()


def _description(root: Any, loc: tuple) -> str:
    """The schema's own words for a field (its first sentence), to say what to write."""
    info = _field_info(root, loc)
    text = (info.description or "") if info is not None else ""
    if not text or text.startswith("An id:"):
        return ""
    first = text.split(". ")[0].rstrip(".")
    markdown = "(Markdown)" in first
    first = re.sub(r"\s*\([^)]*\)", "", first)
    return first[0].lower() + first[1:] + (", in Markdown" if markdown else "")


def _tidy(errors: list[dict]) -> list[dict]:
    """Drop errors that only echo another one: a list 'too short' because its items failed,
    a field 'missing' because it is there, misspelled (the unknown key's did-you-mean says so)."""
    locs = [tuple(e["loc"]) for e in errors]
    unknown = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"}
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(other != loc and other[: len(loc)] == loc for other in locs):
            continue
        if error["type"] == "missing" and any(parent == loc[:-1] and did_you_mean(key, [str(loc[-1])])
                                              for parent, key in unknown):
            continue
        kept.append(error)
    return kept


def validate_document(doc: Document, adapter: TypeAdapter, root_model: Any) -> tuple[Any, list[Diagnostic]]:
    try:
        return adapter.validate_python(doc.data), []
    except ValidationError as exc:
        errors = _tidy(exc.errors())
        out = []
        for error in errors:
            loc = tuple(error["loc"])
            model_cls = root_model
            if root_model is None and loc and loc[0] in EXERCISE_CLASSES:  # a discriminated union prefixes the tag
                model_cls, error = EXERCISE_CLASSES[loc[0]], {**error, "loc": loc[1:]}
            out.append(_describe(error, doc, model_cls))
        return None, out


@dataclass
class _Loaded:
    doc: Document
    spec: Any


# Keys only one kind of file has: they tell a file in the wrong folder what it is.
_TELLTALES = {"lessons": ("key_points", "body"), "anecdotes": ("teller", "beats", "story"),
              "exercises": ("kind", "prompt"), "questions": ("follow_ups", "spare"),
              "workshop": ("panel", "agenda")}


def _looks_like(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for folder, keys in _TELLTALES.items():
        if any(key in data for key in keys):
            return folder
    return None


def _stray_yaml(data_dir: Path) -> list[Path]:
    """YAML files outside data/workshop.yml and data/<kind>/*.yml (os.walk: this runs on every check)."""
    stray = []
    for folder, dirs, files in os.walk(data_dir):
        depth = len(Path(folder).relative_to(data_dir).parts)
        for name in files:
            if not name.lower().endswith((".yml", ".yaml")):
                continue
            if depth == 0 and name in ("workshop.yml", "workshop.yaml"):
                continue
            if depth == 1 and Path(folder).name in KINDS and name.endswith((".yml", ".yaml")):
                continue
            stray.append(Path(folder) / name)
    return sorted(stray)


def _misplaced(project: Project) -> list[Diagnostic]:
    """YAML files that panelpress would not read: in data/ itself, or in a folder it does not know."""
    diags = []
    for path in _stray_yaml(project.data_dir):
        relative = path.relative_to(project.data_dir)
        folder = relative.parts[0] if len(relative.parts) > 1 else ""
        close = difflib.get_close_matches(folder, list(KINDS), n=1, cutoff=0.6) if folder else []
        doc, _ = load_file(path, project.shown(path)) if not close else (None, [])
        looks = close[0] if close else _looks_like(doc.data if doc else None)
        if looks in KINDS:
            hint = f"{KINDS[looks][0]} files go in data/{looks}/: move it there"
        else:
            hint = ("lessons go in data/lessons/, stories in data/anecdotes/, exercises in data/exercises/, "
                    "the moderator's questions in data/questions/")
        diags.append(Diagnostic(project.shown(path), 0, 0, "this file is not read: panelpress reads only "
                                "data/workshop.yml and the files in data/lessons/, data/anecdotes/, data/exercises/, "
                                "data/questions/",
                                hint, "warning"))
    return diags


def load_project(project: Project, start_time: str | None = None, airtime_tolerance: float = airtime.TOLERANCE,
                 documents: list[tuple[Document, Any]] | None = None, remember: bool = False,
                 ) -> tuple[model.Workshop | None, list[Diagnostic]]:
    """Load, validate and resolve a whole workshop; return it (or None) and every diagnostic.
    `airtime_tolerance` is the plugin's option of that name (see airtime.py). `documents`, when
    given, receives each valid file with its spec (the leak check reads them instead of parsing
    every file again). `remember`: the files are parsed only if their bytes changed since the
    last build that remembered them, and kept for the next (parsed.py; the build's, not `check`'s)."""
    parsed = ParsedFiles(project) if remember else None
    result = _load_project(project, start_time, airtime_tolerance, documents, parsed)
    if parsed is not None:
        parsed.save()
    return result


def _load_project(project: Project, start_time: str | None, airtime_tolerance: float,
                  documents: list[tuple[Document, Any]] | None, parsed: ParsedFiles | None,
                  ) -> tuple[model.Workshop | None, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    if not project.data_dir.is_dir():
        shown = project.shown(project.data_dir)
        return None, [Diagnostic(shown, 0, 0, f"there is no {shown}/ folder here",
                                 "run panelpress in the workshop's folder (or pass --root), name the folder with `data_dir:` "
                                 "under the panelpress plugin in mkdocs.yml, or create a workshop with `panelpress new DIR`")]
    outside_links = links_leaving(project)  # before reading anything through them
    if outside_links:
        return None, outside_links
    workshop_path = next((project.data_dir / n for n in ("workshop.yml", "workshop.yaml")
                          if (project.data_dir / n).is_file()), None)
    workshop: _Loaded | None = None
    if workshop_path is None:
        shown = project.shown(project.data_dir / "workshop.yml")
        diags.append(Diagnostic(shown, 0, 0, f"{shown} is missing",
                                "create it with the workshop's title, panel and agenda; `panelpress new DIR` "
                                "makes an example to copy"))
    else:
        workshop = _load_one(project, workshop_path, WORKSHOP, schema.WorkshopSpec, "workshop", diags, parsed)
    diags += _misplaced(project)

    found: dict[str, dict[str, _Loaded]] = {}
    broken: dict[str, set[str]] = {}  # ids of files with errors: references to them are not reported again
    for folder, (label, adapter) in KINDS.items():
        root_model = None if folder == "exercises" else adapter._type  # type: ignore[attr-defined]
        found[folder], broken[label] = {}, set()
        for path in project.data_files(folder):
            loaded = _load_one(project, path, adapter, root_model, folder, diags, parsed)
            if isinstance(loaded, str):
                broken[label].add(loaded)
                continue
            other = found[folder].get(loaded.spec.id)
            if other is not None:
                line, col = other.doc.position(("id",))
                diags.append(loaded.doc.diagnostic(("id",), f"duplicate {label} id '{loaded.spec.id}'",
                                                   f"{other.doc.shown}:{line}:{col} has it too; give each file its own id"))
                continue
            found[folder][loaded.spec.id] = loaded

    if not isinstance(workshop, _Loaded):
        return None, diags
    diags += _cross_check(workshop, found, broken, complete=not has_errors(diags))
    diags += event.warnings(workshop.spec, workshop.doc)
    diags += _retired_labels(workshop.spec, workshop.doc)
    loaded = [(workshop.doc, workshop.spec)] + [(l.doc, l.spec) for items in found.values() for l in items.values()]
    if documents is not None:
        documents.extend(loaded)
    ids = {KINDS[folder][0]: set(items) for folder, items in found.items()
           if folder != "questions"}  # questions have no page of their own (facilitators only)
    diags += datalinks.check_links(loaded, ids, datalinks.docs_pages(project.docs_dir), broken)
    characters: set[str] = set()
    diags += glyphs.check_documents([workshop.doc, *(loaded.doc for items in found.values() for loaded in items.values())],
                                    characters)
    if has_errors(diags):
        return None, diags
    specs = {folder: {i: loaded.spec for i, loaded in items.items()} for folder, items in found.items()}
    built = model.build(workshop.spec, specs["lessons"], specs["anecdotes"], specs["exercises"], start_time,
                        specs["questions"], frozenset(characters))
    diags += _schedule_warnings(built, workshop, found["exercises"])
    diags += questions.time_warnings(built, workshop.doc)
    diags += airtime.warnings(built, workshop.doc, airtime_tolerance)
    return built, diags


def _schedule_warnings(built: model.Workshop, workshop: _Loaded, exercises: dict[str, _Loaded]) -> list[Diagnostic]:
    """Where the model's scheduling rule (model.py) meets the author's minutes: a scheduled
    exercise that needs more time than its agenda slot gives it."""
    diags = []
    for exercise in built.overrunning_exercises:
        slot = exercise.slot
        assert slot is not None  # overrunning exercises are scheduled
        own = exercises[exercise.id].doc
        line, col = own.position(("minutes",))
        diags.append(workshop.doc.diagnostic(
            ("agenda", slot.number - 1, "minutes"),
            f"the agenda gives exercise '{exercise.id}' {slot.minutes} minutes, but the exercise takes "
            f"{exercise.minutes} ({own.shown}:{line}:{col})",
            "give its agenda item more minutes, or lower the exercise's `minutes`", severity="warning"))
    return diags


def _retired_labels(spec: Any, doc: Document) -> list[Diagnostic]:
    """A note at each override of a label panelpress no longer shows (labels.RETIRED): the
    workshop builds as before (a warning would stop its strict build), and `check` tells the
    author the wording is not on any page."""
    overrides = spec.labels.model_dump(exclude_none=True)
    return [doc.diagnostic(("labels", key), f"the label '{key}' is no longer used: {instead}",
                           f"delete `{key}:` from `labels:`", key=True, severity="note")
            for key, instead in RETIRED_LABELS.items() if key in overrides]


def _load_one(project: Project, path: Path, adapter: TypeAdapter, root_model: Any, folder: str,
              diags: list[Diagnostic], parsed: ParsedFiles | None = None) -> _Loaded | str:
    """The file's spec, or (when it has errors) the id it was meant to have."""
    doc, problems = load_file(path, project.shown(path), parsed)
    diags += problems
    if doc is None:
        return path.stem
    spec, problems = validate_document(doc, adapter, root_model)
    looks = _looks_like(doc.data) if problems else None  # asked only of a file with errors
    if problems and looks not in (None, folder):  # one clear message instead of a page of field errors
        names = {"workshop": "the workshop file", **{f: f"a{'n' * (KINDS[f][0][0] in 'aeiou')} {KINDS[f][0]}"
                                                       for f in KINDS}}
        where = "data/workshop.yml" if looks == "workshop" else f"data/{looks}/"
        problems = [doc.diagnostic((), f"this file looks like {names[looks]}, not {names[folder]}",
                                   f"move it to {where}")]
    diags += problems
    if spec is None:
        raw_id = doc.data.get("id")
        return raw_id if isinstance(raw_id, str) and raw_id == _slugify(raw_id) else path.stem
    return _Loaded(doc, spec)


def _dangling(doc: Document, loc: tuple, ref: str, label: str, known: Iterable[str]) -> Diagnostic:
    known = list(known)
    hint = did_you_mean(ref, known) or (f"known {label} ids: {', '.join(sorted(known))}" if known
                                         else f"there is no {label} yet")
    return doc.diagnostic(loc, f"unknown {label} '{ref}'", hint)


def _salutations(people: list[Any], doc: Document) -> list[Diagnostic]:
    """A note to a panel member opens with their `short_name`, else their whole name: panelpress
    never takes a name's first word, which may be the family name ('Kim' of 'Kim Min-jun'). When
    some have one and others not, the notes greet some by the given name and others by the full
    name ("Dear Min-jun," beside "Dear Layla Haddad,"): a warning on each one without."""
    named = [p for p in people if p.short_name]
    if not named or len(named) == len(people):
        return []
    example = names.split(named[0].name, named[0].name_latin)[0]
    out = []
    for index, person in enumerate(people):
        if person.short_name:
            continue
        full = names.split(person.name, person.name_latin)[0]
        loc = ("panel", "moderator", "name") if index == 0 else ("panel", "panelists", index - 1, "name")
        out.append(doc.diagnostic(
            loc, f"'{full}' has no short_name while '{example}' has one: the thank-you notes and briefings "
                 f"say \"Dear {full},\" to one and \"Dear {named[0].short_name},\" to the other",
            "add `short_name:` with what you call them in a note, the given name or the form they prefer; "
            "it is never guessed, as a name's first word may be the family name", severity="warning"))
    return out


def _cross_check(workshop: _Loaded, found: dict[str, dict[str, _Loaded]], broken: dict[str, set[str]],
                 complete: bool) -> list[Diagnostic]:
    """Rules across files. References to a file that has errors of its own are not reported
    (its own errors say what to fix), nor, until every file is valid, what is unused."""
    diags: list[Diagnostic] = []
    ws, doc = workshop.spec, workshop.doc
    people = [ws.panel.moderator, *ws.panel.panelists]
    seen: dict[str, int] = {}
    for index, person in enumerate(people):
        loc = ("panel", "moderator", "id") if index == 0 else ("panel", "panelists", index - 1, "id")
        if person.id in seen:
            diags.append(doc.diagnostic(loc, f"duplicate panel id '{person.id}'", "give each person their own id"))
        seen[person.id] = index
    people_ids = list(seen)
    diags += _salutations(people, doc)

    lessons, anecdotes, exercises = found["lessons"], found["anecdotes"], found["exercises"]
    kinds = {"lesson": lessons, "anecdote": anecdotes, "exercise": exercises}
    used: set[tuple[str, str]] = set()
    for n, item in enumerate(ws.agenda):
        if item.ref and item.kind in kinds:
            if item.ref not in kinds[item.kind] and item.ref not in broken[item.kind]:
                diags.append(_dangling(doc, ("agenda", n, "ref"), item.ref, item.kind, kinds[item.kind]))
            used.add((item.kind, item.ref))
        elif item.ref:
            diags.append(doc.diagnostic(("agenda", n, "ref"), f"an agenda item of kind '{item.kind}' takes no `ref:`",
                                        "use kind lesson, anecdote or exercise, or remove `ref:`"))
        if item.lead and item.lead not in people_ids:
            diags.append(_dangling(doc, ("agenda", n, "lead"), item.lead, "panel member", people_ids))
    diags += questions.cross_check(workshop.doc, ws, found["questions"], broken["question"], complete)

    for lesson in lessons.values():
        for field, label, pool in (("anecdotes", "anecdote", anecdotes), ("exercises", "exercise", exercises)):
            for i, ref in enumerate(getattr(lesson.spec, field)):
                if ref not in pool and ref not in broken[label]:
                    diags.append(_dangling(lesson.doc, (field, i), ref, label, pool))
                used.add((label, ref))
    for story in anecdotes.values():
        if story.spec.teller not in people_ids:
            diags.append(_dangling(story.doc, ("teller",), story.spec.teller, "panel member", people_ids))
    for exercise in exercises.values():  # a choice question's panelist, who speaks to its best answer
        for i, question in enumerate(getattr(exercise.spec, "questions", None) or ()):
            who = getattr(question, "panelist", None)
            if who and who not in people_ids:
                diags.append(_dangling(exercise.doc, ("questions", i, "panelist"), who, "panel member", people_ids))

    for label, pool in kinds.items() if complete else ():  # questions: questions.cross_check
        for item_id, loaded in pool.items():
            if (label, item_id) not in used:
                hint = "add it to the agenda or to a lesson, or delete the file"
                if label == "exercise":  # model.py's rule: it is still printed, as a take-home exercise
                    hint = ("it is printed as a take-home exercise; give it an agenda item to do it in the room, "
                            "list it under a lesson, or delete the file")
                diags.append(loaded.doc.diagnostic(("id",), f"{label} '{item_id}' is not used by the agenda or any lesson",
                                                   hint, severity="warning"))

    total = sum(item.minutes for item in ws.agenda)
    if total != ws.duration_minutes:
        diff = total - ws.duration_minutes
        where = "over" if diff > 0 else "under"
        diags.append(doc.diagnostic(("agenda",), f"the agenda adds up to {total} minutes, {abs(diff)} {where} "
                                    f"duration_minutes ({ws.duration_minutes})",
                                    "shorten or lengthen agenda items, or change duration_minutes",
                                    key=True, severity="warning"))
    return diags

