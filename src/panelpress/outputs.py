"""The outputs built beside the website (handouts, slides), run after MkDocs has written
the site. Each output module offers `links(workshop, options)` (what the site links to)
and `build(workshop, env, project, options, site_dir)`; this module is the one list of them.
A module may also offer `prepare(workshop, env, project, options)`, run as soon as the data is
loaded, when what the site says about an output (a PDF's page count) needs it made first:
it starts the work, and the module's `links` waits for it; then also `cancel()`, called when
the build fails before the output is built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import handouts, slides
from .model import Workshop
from .pages import Link
from .project import Project

OUTPUTS: tuple[Any, ...] = (handouts, slides)


def _enabled(options: Any) -> list[Any]:
    return [module for module in OUTPUTS if options.get(module.OPTION, True)]


def prepare(workshop: Workshop, env: jinja2.Environment, project: Project, options: Any) -> None:
    for module in _enabled(options):
        if hasattr(module, "prepare"):
            module.prepare(workshop, env, project, options)


def cancel(options: Any) -> None:
    for module in _enabled(options):
        if hasattr(module, "cancel"):
            module.cancel()


def links(workshop: Workshop, options: Any) -> tuple[Link, ...]:
    return tuple(link for module in _enabled(options) for link in module.links(workshop, options))


def build_all(workshop: Workshop, env: jinja2.Environment, project: Project, options: Any, site_dir: Path) -> None:
    for module in _enabled(options):
        module.build(workshop, env, project, options, site_dir)
