"""YAML files → plain Python documents that remember where every value came from.

Safe loading only: the C safe loader composes the node graph (no Python tags are ever
constructed), and this module turns nodes into dicts, lists and scalars itself so that it
can record the line and column of every value, reject duplicate keys (PyYAML keeps the last
one silently) and stop alias bombs before they eat memory.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .diagnostics import Diagnostic

try:  # libyaml is ten times faster; the pure-Python loader is the same safe subset
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Pos = tuple[int, int]
KeyPath = tuple[Any, ...]

MAX_VALUES = 200_000  # far beyond any real workshop file; an alias bomb hits it at once
MAX_BYTES = 5_000_000
MAX_DEPTH = 50  # real files nest 5 deep; a crafted one would overflow Python's stack


@dataclass(frozen=True)
class Document:
    """One loaded file: its data, and the (line, column) of each value and each key."""

    path: Path
    shown: str  # the path as messages show it (relative to the project)
    data: Any
    # (values, keys): where each value and each key is written; or, for a file as the last build
    # parsed it (parsed.py), those two tables marshalled, read only if a position is asked for
    # (a build with nothing to report asks for none: reading them was most of reading the memory)
    positions: tuple[dict[KeyPath, Pos], dict[KeyPath, Pos]] | bytes = field(repr=False, compare=False)
    # a hash of the bytes this document was read from: what depends on the files as read (the
    # leak check's secrets, leak_secrets.py) is keyed by it without reading every file again
    digest: str = field(default="", repr=False, compare=False)

    @property
    def values(self) -> dict[KeyPath, Pos]:
        return self._tables()[0]

    @property
    def keys(self) -> dict[KeyPath, Pos]:
        return self._tables()[1]

    def _tables(self) -> tuple[dict[KeyPath, Pos], dict[KeyPath, Pos]]:
        tables = self.positions
        if type(tables) is bytes:
            tables = marshal.loads(tables)
            object.__setattr__(self, "positions", tables)  # read once (frozen for everyone else)
        return tables

    def position(self, loc: KeyPath, key: bool = False) -> Pos:
        """Where `loc` is written; for a missing value, where its nearest parent is."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def strings(self) -> Iterator[tuple[KeyPath, str]]:
        """Every text value of the file, with where it sits in the data."""
        return strings_in(self.data, ())

    def diagnostic(self, loc: KeyPath, message: str, hint: str = "", key: bool = False, severity="error"):
        line, column = self.position(loc, key=key)
        return Diagnostic(self.shown, line, column, message, hint, severity)


def strings_in(data: Any, loc: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every text value under `data`, with its key path from `loc`."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_in(value, loc + (index,))


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node, message: str, hint: str):
        self.node, self.message, self.hint = node, message, hint


class _Builder:
    def __init__(self, loader: Any):
        self.loader = loader
        self.values: dict[KeyPath, Pos] = {}
        self.keys: dict[KeyPath, Pos] = {}
        self.problems: list[tuple[Pos, str, str]] = []
        self.count = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLarge(node, f"the file expands to more than {MAX_VALUES:,} values",
                            "remove the anchors `&name` and aliases `*name` that repeat data")
        if len(path) > MAX_DEPTH:
            raise _TooLarge(node, f"the data is nested more than {MAX_DEPTH} levels deep",
                            "workshop files nest a few levels at most; check the brackets and indentation")
        self.values[path] = _pos(node)
        if node.tag not in _PLAIN_TAGS:
            # Only YAML's plain types are data. Python tags are never constructed by the safe
            # loader, but name them here so the author learns why (and `!!binary`, `!!set`... too).
            raise yaml.constructor.ConstructorError(
                None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark)
        if node.tag == _TIMESTAMP or node.tag == _STR:  # `date: 2025-03-14` is text to us, shown as written;
            return node.value  # and text needs no constructor (the hot path: most values are text)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problems.append((_pos(key_node), "merge keys (`<<:`) are not supported",
                                          "write the fields out in full"))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problems.append((_pos(key_node), "a key must be a plain word", "remove the brackets"))
                    continue
                if key_node.tag not in _PLAIN_TAGS:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"could not determine a constructor for the tag {key_node.tag!r}",
                        key_node.start_mark)
                # keys are text; `1:` or `yes:` as a key is kept as written
                key = key_node.value if key_node.tag in (_STR, _TIMESTAMP) else str(key_node.value)
                if key in result:
                    first = self.keys[path + (key,)]
                    self.problems.append((_pos(key_node), f"duplicate key '{key}'",
                                          f"it is already set at line {first[0]}; keep one of them"))
                    continue
                self.keys[path + (key,)] = _pos(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node)


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null",
                                                          "timestamp")}


def _pos(node: yaml.Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _mark_diag(shown: str, mark: Any, message: str, hint: str) -> Diagnostic:
    if mark is None:
        return Diagnostic(shown, 1, 1, message, hint)
    return Diagnostic(shown, mark.line + 1, mark.column + 1, message, hint)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Diagnostic]]:
    text, _, problems = _read(path, shown)
    return text, problems


def _read(path: Path, shown: str) -> tuple[str | None, str, list[Diagnostic]]:
    """The file's text, a hash of its bytes, and what stops it being read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, "", [Diagnostic(shown, 0, 0, f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, "", [Diagnostic(shown, 1, 1, f"the file is {len(raw):,} bytes, more than the {MAX_BYTES:,} allowed",
                                 "split it into smaller files")]
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from Windows editors is fine
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, "", [Diagnostic(shown, line, column, "the file is not UTF-8 text",
                                 "save it as UTF-8 in your editor")]
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return text.replace("\r\n", "\n").replace("\r", "\n"), digest, []


def load_file(path: Path, shown: str, memory: Any = None) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file; on failure return no document and the problems found. `memory`: the
    files parsed by the last build (parsed.ParsedFiles), this one taken from it if its bytes are
    the same, and kept in it when it parses without a problem."""
    text, digest, problems = _read(path, shown)
    if text is None:
        return None, problems
    kept = memory.get(shown, digest) if memory is not None else None
    if kept is not None:
        data, positions = kept
        return Document(path, shown, data, positions, digest), []
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Diagnostic(shown, 1, 1, "the file is empty", "fill it in or delete it")]
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Diagnostic(shown, 1, 1, "the file is empty", "fill it in or delete it")]
        builder = _Builder(loader)
        data = builder.build(node, ())
    except _TooLarge as exc:
        return None, [_mark_diag(shown, exc.node.start_mark, exc.message, exc.hint)]
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_error(shown, exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked
        return None, [Diagnostic(shown, 1, 1, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    problems = [Diagnostic(shown, line, col, msg, hint) for (line, col), msg, hint in builder.problems]
    if not isinstance(data, dict):
        problems.append(Diagnostic(shown, 1, 1, "the file must be a mapping of `key: value` lines",
                                   "start with `id: ...` at the left margin"))
        return None, problems
    positions = (builder.values, builder.keys)
    if memory is not None and not problems:
        memory.put(shown, digest, data, positions)
    return Document(path, shown, data, positions, digest), problems


# libyaml's wording → what an author understands and can do; matched on its problem text
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "a `: ` inside a value makes YAML read a new key here",
     "put the whole value in double quotes, e.g. title: \"Networking: the secret sauce\""),
    ("could not find expected ':'", "this line is not a `key: value` line",
     "put a space after the colon, as in `title: ...`, or indent the line if it continues the one above"),
    ("did not find expected key", "this line's indentation does not match the lines around it",
     "give items of the same list or mapping the same number of spaces"),
    ("expected <block end>", "this line's indentation does not match the lines around it",
     "give items of the same list or mapping the same number of spaces"),
    ("did not find expected '-' indicator", "this list item is not lined up with the items above it",
     "start every item of a list at the same column"),
    ("found unexpected end of stream", "a quote is opened here and never closed",
     "close the quote at the end of the value, or remove it"),
    ("found unknown escape character", "a backslash in double quotes starts an escape YAML does not know",
     "write \\\\ for a backslash, or use single quotes"),
    ("found undefined alias", "`*name` refers to an anchor `&name` that does not exist",
     "remove the `*`, or define the anchor first"),
    ("did not find expected node content", "a value is missing or starts with a character YAML reserves",
     "put the value in double quotes"),
    ("found character that cannot start any token", "the value starts with a character YAML reserves (` @ %)",
     "put the value in double quotes"),
    ("exceeded maximum nesting depth", "the data is nested too deeply",
     "workshop files nest a few levels at most; check the brackets"),
    ("found a tab character", "a tab character is used for indentation",
     "indent with spaces; set your editor to insert spaces for Tab"),
)


_AT_CONTEXT = ("found unexpected end of stream", "could not find expected ':'")


def _yaml_error(shown: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return _mark_diag(shown, mark, f"the tag {tag} is not allowed",
                          "workshop data is plain text, numbers, lists and mappings; remove the tag")
    line = problem_line(text, mark.line) if mark is not None else ""
    if "\t" in line[: (mark.column if mark is not None else 0) + 1] or ("\t" in line and "tab" in problem):
        return _mark_diag(shown, mark, "a tab character is used for indentation",
                          "indent with spaces; set your editor to insert spaces for Tab")
    quoted = _inner_quote(line, mark.column) if mark is not None else None
    if quoted is not None:
        return _mark_diag(shown, _Mark(mark.line, mark.column - 1), *quoted)
    for needle, message, hint in _YAML_PROBLEMS:
        if needle in problem:
            if needle in _AT_CONTEXT and exc.context_mark is not None:
                mark = exc.context_mark  # where the quote was opened / the key began, not where libyaml gave up
            return _mark_diag(shown, mark, message, hint)
    context = f" {exc.context}" if exc.context else ""
    return _mark_diag(shown, mark, f"not valid YAML:{context} {problem}".replace("  ", " ").strip(),
                      "check the indentation and quoting on this line and the one above")


@dataclass(frozen=True)
class _Mark:
    line: int
    column: int


# a value in quotes, after `key: ` and/or `- `
_QUOTED_VALUE = re.compile(r"""^(?P<lead>\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?)(?P<q>["'])""")


def _inner_quote(line: str, column: int) -> tuple[str, str] | None:
    """(message, hint) when YAML stopped right after a quote that closed a quoted value early,
    as in `title: "The "best" offer"`: libyaml then reports an indentation problem."""
    match = _QUOTED_VALUE.match(line)
    if not match or column <= match.end() or line[column - 1] != match["q"] or not line[column:].strip():
        return None
    q, lead, value = match["q"], match["lead"], line[match.end():].rstrip()
    inner = value[:-1] if value.endswith(q) else value
    if q == '"':
        fixed = lead + '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return ("a double quote inside a double-quoted value ends the value early",
                f"write each inner quote as \\\" ({fixed.strip()}), or put the whole value in single quotes")
    fixed = lead + "'" + inner.replace("'", "''") + "'"
    return ("a single quote inside a single-quoted value ends the value early",
            f"write each inner ' twice ({fixed.strip()}), or put the whole value in double quotes")


def problem_line(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""
