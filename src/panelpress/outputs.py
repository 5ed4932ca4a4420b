"""The outputs built beside the website (handouts, slides), run after MkDocs has written
the site. Each output module offers `links(workshop, options)` (what the site links to)
and `build(workshop, env, options, site_dir)`; this module is the one list of them. `options`
is the run's `options.Options`; a module is built when the option of its `OPTION` name is on.
Each also offers `verify(workshop, env, options)`, which raises what `build` would stop on
without writing anything (`panelpress check` runs it). A module may also offer
`prepare(workshop, env, options)`, run as soon as the data is loaded, when what the site
says about an output (a PDF's page count) needs it made first:
it starts the work, and the module's `links` waits for it; then also `cancel()`, called when
the build fails before the output is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import handouts, slides
from .diagnostics import DataError, Diagnostic
from .model import Workshop
from .options import Options
from .pages import Link

OUTPUTS: tuple[Any, ...] = (handouts, slides)


def _enabled(options: Options) -> list[Any]:
    return [module for module in OUTPUTS if options.wants(module.OPTION)]


def prepare(workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
    for module in _enabled(options):
        if hasattr(module, "prepare"):
            module.prepare(workshop, env, options)


def verify(workshop: Workshop, env: jinja2.Environment, options: Options) -> list[Diagnostic]:
    """What would stop the outputs' build (a template, a missing tool), found without building them."""
    found: list[Diagnostic] = []
    for module in _enabled(options):
        try:
            module.verify(workshop, env, options)
        except DataError as exc:
            found += exc.diagnostics
    return found


def cancel(options: Options) -> None:
    for module in _enabled(options):
        if hasattr(module, "cancel"):
            module.cancel()


def links(workshop: Workshop, options: Options) -> tuple[Link, ...]:
    return tuple(link for module in _enabled(options) for link in module.links(workshop, options))


def build_all(workshop: Workshop, env: jinja2.Environment, options: Options, site_dir: Path) -> None:
    for module in _enabled(options):
        module.build(workshop, env, options, site_dir)
