"""MkDocs' log → lines an author can act on.

MkDocs reports through `logging` and only its own command line prints it; `panelpress build`
and `serve` call MkDocs as a library, so this handler prints its warnings and errors. A broken
link in an author's docs/ page is reported by MkDocs without a position: this module finds
the link in the page and prints it as `docs/page.md:line:column: warning: ...`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic

_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative) link '(?P<link>[^']+)',"
                   r" (?:but )?(?P<why>.+?)\.(?: Did you mean '(?P<suggest>[^']*)'\?)?$")


def link_diagnostic(message: str, docs_dir: Path, shown_docs: str) -> Diagnostic | None:
    """A MkDocs link warning as a positioned diagnostic, or None for any other message."""
    match = _LINK.match(message)
    if not match:
        return None
    page, link, why = match["page"], match["link"], match["why"]
    if match["suggest"]:
        hint = f"did you mean '{match['suggest']}'?"
    elif "anchor" in why:
        hint = "link to a heading's anchor: a heading 'Next steps' has the anchor '#next-steps'"
    else:
        hint = "check the file name; links are relative to this page and end in .md, e.g. 'about.md'"
    source = docs_dir / page
    if not source.is_file():  # a page panelpress generated: the link came from a Markdown field in data/
        return Diagnostic(f"{page} (generated from data/)", 0, 0, f"broken link '{link}': {why}", hint, "warning")
    line, column = _find(source, link)
    return Diagnostic(f"{shown_docs}/{page}", line, column, f"broken link '{link}': {why}", hint, "warning")


def _find(path: Path, link: str) -> tuple[int, int]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0, 0
    for needle in (f"({link})", f"({link} ", f'"{link}"', link):
        for number, text in enumerate(lines, 1):
            if needle in text:
                return number, text.index(needle) + (1 if needle[0] in '("' else 0) + 1
    return 0, 0


_REQUEST = re.compile(r'^(?:\[[\d:]+\] )?"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" code (?P<code>\d+)$')


class EchoHandler(logging.Handler):
    """Prints MkDocs' warnings and errors, link warnings positioned in the author's page, and
    counts them (`check` says whether a strict build would stop). Records of the loggers named
    in `quiet` are counted, not printed: `check` has printed those diagnostics already."""

    def __init__(self, write: Callable[[str], None], docs_dir: Path, shown_docs: str = "docs",
                 quiet: tuple[str, ...] = (), collect: list[Diagnostic] | None = None):
        super().__init__(logging.WARNING)
        self.write, self.docs_dir, self.shown_docs, self.quiet = write, docs_dir, shown_docs, quiet
        self.collect = collect  # a list: warnings and errors go there as diagnostics, not printed
        self.warnings = self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        request = _REQUEST.match(message) if record.name.startswith("mkdocs.livereload") else None
        if request is not None:  # the preview server logs every answer but 200 as a warning
            code = int(request["code"])
            if code >= 400:
                self.write(f"note: the browser asked for {request['path']}: {code} {_REASONS.get(code, '')}".rstrip())
            return  # 304 Not Modified and redirects are ordinary page loads
        if self.quiet and record.name.startswith(self.quiet):
            return
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        diag = link_diagnostic(message, self.docs_dir, self.shown_docs)
        if self.collect is not None:
            severity = "error" if record.levelno >= logging.ERROR else "warning"
            self.collect.extend([diag] if diag else _diagnostics(message, severity))
        elif diag is not None:
            self.write(str(diag))
        elif record.name.startswith("mkdocs.plugins.panelpress") or ": error: " in message:
            self.write(message)  # our own diagnostics are already in the author's words
        else:
            self.write(f"{record.levelname.lower()}: {message}")


_OWN = re.compile(r"^(?P<path>[^\s:]+)(?::(?P<line>\d+):(?P<column>\d+))?: (?P<severity>error|warning): "
                  r"(?P<rest>.*)$")


def _diagnostics(message: str, severity: str) -> list[Diagnostic]:
    """A MkDocs message as diagnostics: ours (a template error raised through the plugin) parsed
    back line by line; any other message as one diagnostic with no position."""
    found = []
    for line in message.splitlines():
        own = _OWN.match(line)
        if own:
            rest, hint = _split_hint(own["rest"])
            found.append(Diagnostic(own["path"], int(own["line"] or 0), int(own["column"] or 0), rest, hint,
                                    own["severity"]))  # type: ignore[arg-type]
    return found or [Diagnostic("mkdocs.yml", 0, 0, message.strip(), "", severity)]  # type: ignore[arg-type]


def _split_hint(text: str) -> tuple[str, str]:
    """`message (hint)` → message, hint: the hint is the last parenthesis, matched from the end
    (a message may hold parentheses of its own, a hint may nest them)."""
    if not text.endswith(")"):
        return text, ""
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[at], 0)
        if depth == 0:
            return (text[:at - 1], text[at + 1:-1]) if at > 0 and text[at - 1] == " " else (text, "")
    return text, ""


_REASONS = {404: "not found", 403: "forbidden", 500: "server error"}
