"""The facilitator kit: the private folder beside the public site (`kit_dir`, default `kit/`).

The site is uploaded for participants; the kit holds what only the people running the workshop
may read before it (the facilitator guide as PDF and as one self-contained HTML page, the
presenter deck with its speaker notes, the handouts to print) and an index.html listing them.
Each output puts its files here itself (`outputs.Destinations.kit`); this module stages the
folder, so a failed build leaves the last good kit, and writes the index.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from . import followup, identity
from .diagnostics import DataError, Diagnostic, format_diagnostics
from .errors import ConfigError, PanelpressError
from .model import Workshop
from .options import Options
from .outputs import Destinations, Download, Outputs
from .render import render_document
from .write import staged_folder


def guard(options: Options, site_dir: Path) -> Path:
    """The kit's folder, refused where it would be published or would replace an author's files."""
    kit = options.kit.resolve()
    site = site_dir.resolve()
    root = options.root.resolve()
    if kit == site or site in kit.parents:
        raise ConfigError(f"{root / 'mkdocs.yml'}: error: kit_dir {kit} is inside site_dir {site}, which is "
                          "uploaded to the public web (hint: keep the kit beside it, e.g. `kit_dir: kit`)")
    if kit in site.parents:
        raise ConfigError(f"{root / 'mkdocs.yml'}: error: kit_dir {kit} holds site_dir {site} "
                          "(hint: keep the kit beside the site, e.g. `kit_dir: kit`)")
    own = {options.data_dir.resolve(), options.templates_dir.resolve(), options.docs_dir.resolve()}
    if kit == root or kit in own or any(p in kit.parents for p in own) or any(kit in p.parents for p in own):
        raise ConfigError(f"{root / 'mkdocs.yml'}: error: refusing to build the kit into {kit}: it holds "
                          "the author's own files (hint: `kit_dir: kit`)")
    return kit


def build(workshop: Workshop, env: jinja2.Environment, options: Options, outputs: Outputs,
          site_dir: Path, check: Callable[[], None] | None = None) -> tuple[Download, ...]:
    """Run the outputs into the site and a staged kit, write the kit's index and `check` the
    complete site (the leak check) before the kit is swapped in: an exception leaves the last
    good kit. The outputs' site files come first, so the check reads the complete site while the
    kit's PDFs are still typesetting (the flagship's: 0.27 s of CPU off the build's end)."""
    guard(options, site_dir)
    if outputs.site_first(workshop, options, site_dir):
        if check is not None:
            check()
        check = None
    return _staged(workshop, env, options, outputs, site_dir, check)


def _staged(workshop: Workshop, env: jinja2.Environment, options: Options, outputs: Outputs,
            site_dir: Path, check: Callable[[], None] | None) -> tuple[Download, ...]:
    """The outputs' files (the site's, unless written first) and the kit's index, in a staged kit
    swapped in once `check` has passed."""
    with staged_folder(guard(options, site_dir)) as stage:
        items = outputs.build(workshop, env, options, Destinations(site_dir, stage))
        write_index(workshop, env, options, items, stage)
        if check is not None:
            check()
    return items


log = logging.getLogger("mkdocs.plugins.panelpress")


class Superseded(Exception):
    """A newer build started while this kit was finishing: it is not swapped in."""


class KitJob:
    """`serve`: one build's kit, finishing in a thread after the preview shows its site
    (`build_site_first`). A newer build `supersede`s it rather than waiting for it: its
    documents are cancelled, its workers ended, and it is never swapped in (the newer build's
    kit follows it, `after`), so a quick second edit's workbook neither waits for the first
    edit's facilitator guide nor shares the cores with it."""

    def __init__(self, outputs: Outputs) -> None:
        self.outputs = outputs
        self.superseded = threading.Event()
        self.thread: threading.Thread | None = None

    def supersede(self) -> None:
        self.superseded.set()
        self.outputs.workers.abandon()

    def check(self) -> None:
        if self.superseded.is_set():
            raise Superseded()

    def join(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)


def build_site_first(workshop: Workshop, env: jinja2.Environment, options: Options, outputs: Outputs,
                     site_dir: Path, check: Callable[[], None], after: KitJob | None = None,
                     failed: Callable[[tuple[Diagnostic, ...]], None] = lambda _: None) -> KitJob:
    """`serve`: the site's files of the outputs now (waiting only for the site's PDFs) and `check`
    on the complete site, then the kit in a thread, so the preview shows an edit in the workbook
    without waiting for the kit's PDFs (the facilitator guide has twice the workbook's pages).
    The thread makes the kit as `build` does, staged, once the kit `after` (the last build's,
    superseded) is done with its folder: a failure leaves the last good kit, is logged, and a
    data or template error goes to `failed` (the preview shows it, as it shows a failed build's)."""
    guard(options, site_dir)
    outputs.site_first(workshop, options, site_dir)
    check()
    job = KitJob(outputs)

    def finish() -> None:
        if after is not None:
            after.join()
        try:
            _staged(workshop, env, options, outputs, site_dir, job.check)
        except DataError as exc:
            if not job.superseded.is_set():
                log.error("panelpress: the kit is not updated:\n" + format_diagnostics(exc.diagnostics))
                failed(tuple(exc.diagnostics))
        except PanelpressError as exc:
            if not job.superseded.is_set():
                log.error(f"panelpress: the kit is not updated: {exc.message}")
        except Exception:
            if not job.superseded.is_set():  # its documents cancelled, its workers stopped: expected
                raise

    job.thread = threading.Thread(target=finish, name="panelpress-kit")
    job.thread.start()
    return job


# The kit's index groups its files by when the organisers need them (issue 16: 21 links in one
# list). By Download.key, as each output names its files; a key not named here (an output added
# later) goes under "More" rather than into a group it may not belong to.
GROUPS = ("prepare", "print", "room", "after", "more")
GROUP_OF = {"guide-page": "prepare", "facilitator-guide": "prepare", "panel-briefing": "prepare",
            "workbook": "print", "takeaways": "print", "evaluation": "print", "sign-in": "print",
            "panel-name-tents": "print", "panel-cue-cards": "print", "panel-question-cards": "print",
            "slides": "room", "panel-moderator-script": "room", "panel-script-page": "room",
            "followup": "after"}


@dataclass(frozen=True)
class Group:
    key: str  # label kit_group_<key>
    items: tuple[Download, ...]


def group_of(item: Download) -> str:
    if item.href.startswith(f"{followup.FOLDER}/"):  # the follow-up drafts carry no key
        return "after"
    key = "panel-briefing" if item.key.startswith("panel-briefing-") else item.key
    return GROUP_OF.get(key, "more")


def groups(items: tuple[Download, ...]) -> tuple[Group, ...]:
    """The kit's files by when they are needed, each group in the order the outputs listed them."""
    found = (Group(key, tuple(i for i in items if group_of(i) == key)) for key in GROUPS)
    return tuple(g for g in found if g.items)


def write_index(workshop: Workshop, env: jinja2.Environment, options: Options,
                items: tuple[Download, ...], folder: Path) -> None:
    # the identity's fonts where an output already copied them into the kit (fonts/), else none:
    # the page then falls back to the installed fonts (identity.FONT_STACK), as every output does
    fonts = (folder / identity.FONT_FOLDER).is_dir()
    html = render_document(env, "kit/index.html", options.root, workshop=workshop, items=items, groups=groups(items),
                  site_url=options.site_url or "", identity=identity.Identity.of(options, workshop),
                  font_base=f"{identity.FONT_FOLDER}/" if fonts else "")
    (folder / "index.html").write_text(html, encoding="utf-8")
