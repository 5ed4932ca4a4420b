"""Problems found in an author's files, and how they are shown.

A Diagnostic is a user error (or warning), never a crash: it names the file, line and
column, says what is wrong and, where we can tell, what to do about it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


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


def format_diagnostics(diagnostics: Iterable[Diagnostic]) -> str:
    items = sorted(diagnostics, key=lambda d: (d.path, d.line, d.column))
    lines = [str(d) for d in items]
    errors = sum(d.severity == "error" for d in items)
    warnings = len(items) - errors
    if items:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines)


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
