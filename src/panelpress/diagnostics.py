"""Problems found in an author's files, and how they are shown.

A Diagnostic is a user error (or warning), never a crash: it names the file, line and
column, says what is wrong and, where we can tell, what to do about it. A note is for what is
worth knowing but may stay as it is (a label panelpress no longer uses): builds are strict, so a
warning stops them; a note never does.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Literal, Sequence

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


ErrorKind = Literal["data", "template", "tool"]


class DataError(Exception):
    """Raised with every diagnostic when a workshop cannot be built; `kind` says what must be
    fixed: the data, a template override, or a missing tool (reveal.js, Chromium)."""

    def __init__(self, diagnostics: Iterable[Diagnostic], kind: ErrorKind = "data"):
        self.diagnostics = tuple(diagnostics)
        self.kind = kind
        super().__init__(format_diagnostics(self.diagnostics))


def format_diagnostics(diagnostics: Iterable[Diagnostic], fmt: str = "text") -> str:
    """Every diagnostic in one of FORMATS, sorted by file and position."""
    items = sorted(diagnostics, key=lambda d: (d.path, d.line, d.column))
    return FORMATTERS[fmt](items)


def format_text(items: Sequence[Diagnostic]) -> str:
    """For people: `path:line:column: severity: message (hint)`, then a count."""
    lines = [str(d) for d in items]
    errors = sum(d.severity == "error" for d in items)
    warnings = sum(d.severity == "warning" for d in items)
    notes = len(items) - errors - warnings
    if items:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
                     + (f", {notes} note{'s' * (notes != 1)}" if notes else ""))
    return "\n".join(lines)


def format_json(items: Sequence[Diagnostic]) -> str:
    """For programs and editors: a JSON list (`[]` when all is well), one object a diagnostic.
    line and column are 1-based; 0 means the problem has no position (a missing file)."""
    return json.dumps([{"path": d.path, "line": d.line, "column": d.column, "severity": d.severity,
                        "message": d.message, "hint": d.hint} for d in items], ensure_ascii=False, indent=2)


def format_github(items: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each diagnostic becomes an annotation on its file and
    line, shown on the changed line of a pull request. GitHub places a file by its path from
    the repository's root, so the caller gives paths from where the workflow runs."""
    lines = []
    for d in items:
        props = {"file": d.path}
        if d.line:
            props |= {"line": str(d.line), "col": str(d.column)}
        props["title"] = "panelpress"
        shown = ",".join(f"{key}={_github_property(value)}" for key, value in props.items())
        text = f"{d.message} ({d.hint})" if d.hint else d.message
        command = "notice" if d.severity == "note" else d.severity  # GitHub's name for a note
        lines.append(f"::{command} {shown}::{_github_data(text)}")
    return "\n".join(lines)


def _github_data(text: str) -> str:
    # The runner reads one command a line and decodes these three (actions/toolkit, command.ts):
    # a raw newline would end the annotation and print the rest as a plain log line.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    # In a property, ':' would end the properties and ',' would start the next one.
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "text": format_text, "json": format_json, "github": format_github}
FORMATS = tuple(FORMATTERS)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
