"""Errors a user can act on, as types: the command line prints their message and exits 1.

`PanelpressError` is a `click.ClickException`, so a command raises it instead of printing and
calling `sys.exit` itself; click prints the message (no "Error:" prefix, no traceback) and exits
with status 1. `DataError` (diagnostics.py) carries positioned diagnostics for data and template
problems; `PanelpressError.from_data` turns one into a message.
"""

from __future__ import annotations

from typing import IO, Any

import click

from .diagnostics import DataError, format_diagnostics


class PanelpressError(click.ClickException):
    """Something the author must fix before the command can finish."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)

    @staticmethod
    def from_data(exc: DataError, then: str = "") -> "PanelpressError":
        """The error of the kind `exc` says (data, template, tool), its diagnostics as the message."""
        text = format_diagnostics(exc.diagnostics)
        kind = {"template": TemplateError, "tool": MissingToolError}.get(exc.kind, WorkshopDataError)
        return kind(f"{text}\n{then}" if then else text)


class ConfigError(PanelpressError):
    """mkdocs.yml is missing, unreadable, or does not list the plugin."""


class WorkshopDataError(PanelpressError):
    """The workshop's data or templates have errors (already printed as diagnostics)."""


class TemplateError(WorkshopDataError):
    """A template override does not compile or names something that does not exist."""


class MissingToolError(PanelpressError):
    """A program an output needs (reveal.js, Chromium) is not installed."""


class BuildStopped(PanelpressError):
    """The MkDocs build stopped (strict mode and warnings, or an error)."""
