"""The outputs made beside the website (handouts, slides): the interface each implements,
what the site links to, and the one list of them.

An output is a class implementing `Output`. The plugin makes a fresh `Outputs` for each build
from the run's options, so what an output keeps between the steps of one build (the PDFs being
typeset) lives on an object the plugin owns, never in a module. The steps, in build order:
`prepare` as soon as the data is loaded (start long work), `links` when the site's pages are
made (what the home page and the Handouts page list), `build` after MkDocs has written the site,
`cancel` when the build fails before that; `verify` is `panelpress check`'s dry run. An output
that puts files on the site may also have `site_first(workshop, options, site_dir)`: it writes them
before `build`, which then writes the kit's files alone, and says whether it did (kit.build: the
leak check reads the complete site while the kit's PDFs typeset; `serve` shows it meanwhile).

Two audiences: `build` gets a `Destinations`, the public site (`dest.site`, what participants
may read) and the private facilitator kit (`dest.kit`, beside the site, never uploaded), and
puts each file where its audience is; it returns what it put in the kit, which kit/index.html lists.
To add an output: write the class, add it to `_registry`, give it an on/off option in the
plugin's config (`site/plugin.py`) named like the output, and its templates under
`templates/<name>/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import jinja2

from .diagnostics import DataError, Diagnostic
from .model import Workshop
from .options import Options


@dataclass(frozen=True)
class Download:
    """A file an output makes that the site links to (a PDF, the slides), as the home page,
    the Handouts page and the facilitator guide list it."""

    title: str
    href: str  # site-relative path, e.g. 'handouts/x.pdf'
    note: str = ""
    audience: str = "all"  # 'all' or 'facilitator'
    key: str = ""  # what it is, for a page that shows one download (e.g. 'takeaways', the card)
    printed: "Printed | None" = None  # a handout's cover and printing facts, for the Handouts page
    also: tuple[str, str] = ()  # the same text in another form beside it: (link text, kit-relative href)


@dataclass(frozen=True)
class Printed:
    """What the site's Handouts page shows of a PDF besides its link; the words are the
    template's (label keys here, so an author's labels and another language apply)."""

    pages: int
    size: str  # "133 KB"
    paper: str  # 'letter', 'a4', or '' (another size: `size_mm`)
    size_mm: tuple[int, int]
    sides: str  # 'one' or 'both': a single page is printed one-sided, a booklet double-sided
    copies: str  # label key of how many to print, e.g. 'print_copies_participant'
    about: str  # label key of what it is, e.g. 'handout_about_workbook'
    cover: str = ""  # site-relative path of the first page's picture ('' when there is none)
    width: int = 0  # its size in pixels
    height: int = 0
    per_sheet: int = 1  # copies of it on one printed sheet (cards)


@dataclass(frozen=True)
class Destinations:
    """Where an output writes: `site` is uploaded to the public web, `kit` stays with the organisers."""

    site: Path
    kit: Path


class Output(Protocol):
    name: str
    """Its on/off option in mkdocs.yml (`handouts: false`) and its folder under site/."""

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        """Start work that takes long (typesetting), as soon as the data is loaded; may do nothing."""

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> list[Diagnostic] | None:
        """Raise DataError for what would stop `build` (a broken template, a missing tool), writing
        nothing; return the warnings and notes the build would print (the deck's text that does
        not fit), if it has any."""

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        """What the site links to; may wait for the work `prepare` started."""

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        """Write the output into its folder of `dest.site` and/or `dest.kit` (replacing each folder
        whole); return the files it put in the kit (hrefs relative to the kit's folder)."""

    def cancel(self) -> None:
        """The build failed: stop what `prepare` started."""


def _registry() -> tuple[type[Output], ...]:
    from .followup import FollowUpOutput
    from .handouts import HandoutsOutput  # imported here: each output imports Download from this module
    from .panelkit import PanelKitOutput
    from .slides import SlidesOutput

    return (HandoutsOutput, SlidesOutput, FollowUpOutput, PanelKitOutput)


class Outputs:
    """The outputs one build makes (those whose option is on), and their state for that build.

    Those that typeset PDFs (their class says `typesets = True`) share the build's worker
    processes (`handouts.typeset.Workers`), stopped when the build ends or fails. `site_first`
    (`serve`): the documents the site does not wait for go to the workers once the site's
    pages have their PDFs (`links`)."""

    def __init__(self, options: Options, site_first: bool = False) -> None:
        from .handouts.typeset import Workers

        self.workers = Workers(hold_later=site_first)
        self.items: tuple[Output, ...] = tuple(cls(self.workers) if getattr(cls, "typesets", False) else cls()
                                               for cls in _registry() if options.wants(cls.name))

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        for output in self.items:
            output.prepare(workshop, env, options)

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> list[Diagnostic]:
        """What would stop the outputs' build, found without building them."""
        found: list[Diagnostic] = []
        for output in self.items:
            try:
                found += output.verify(workshop, env, options) or []
            except DataError as exc:
                found += exc.diagnostics
        return found

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        links = tuple(link for output in self.items for link in output.links(workshop, options))
        self.workers.release()  # the site's PDFs are in: the others' turn
        return links

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        try:
            return tuple(item for output in self.items for item in output.build(workshop, env, options, dest))
        finally:
            self.workers.shutdown(cancel=True)

    def site_first(self, workshop: Workshop, options: Options, site: Path) -> bool:
        """The site's files of the outputs that have some, written now (see the module's doc).
        Whether the site is complete now: False if an output will write its site files in `build`."""
        done = [output.site_first(workshop, options, site) for output in self.items if hasattr(output, "site_first")]
        return all(done)

    def cancel(self) -> None:
        for output in self.items:
            output.cancel()
        self.workers.shutdown(cancel=True)
