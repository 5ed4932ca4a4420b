"""Printed handouts: the participant workbook, the facilitator guide and the takeaways card.

Each is a Jinja template (`templates/handouts/*.html`, print CSS in `handouts/handouts.css`)
rendered to HTML and then to PDF by WeasyPrint. The site's Handouts page shows each PDF's
page count and size, which are only known once a PDF is rendered, and MkDocs writes pages
before the outputs run; so `prepare` starts typesetting when the data is loaded, `links`
waits for the PDFs when the site's pages are made, and `build` writes those same bytes
(typesetting them only if nothing was prepared).
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from . import evaluation
from .model import Exercise, Slot, Workshop
from .pages import Link
from .project import Project
from .render import _url, render
from .write import staged_folder

log = logging.getLogger("mkdocs.plugins.panelpress")

OPTION = "handouts"
FOLDER = "handouts"
PAPER_SIZES = {"letter": "letter", "a4": "A4"}  # option value → CSS @page size


@dataclass(frozen=True)
class Handout:
    key: str  # the file name's suffix
    label: str  # the key of its title in the label catalogue
    template: str
    audience: str  # who the site shows it to: 'all' or 'facilitator'
    title: str = ""  # in the workshop's words: see `titled`
    needs: str = ""  # a workshop field it is made from; without it, the handout is not made

    def titled(self, workshop: Workshop) -> "Handout":
        return replace(self, title=workshop.labels.text(self.label))


HANDOUTS = (
    Handout("workbook", "handout_workbook", "handouts/workbook.html", "all"),
    Handout("facilitator-guide", "handout_facilitator", "handouts/facilitator-guide.html", "facilitator"),
    Handout("takeaways", "handout_takeaways", "handouts/takeaways.html", "all"),
    # the organiser prints it; it is on the Handouts page too, like every PDF
    Handout("evaluation", "handout_evaluation", "handouts/evaluation.html", "facilitator", needs="evaluation"),
)


def handouts_of(workshop: Workshop) -> tuple[Handout, ...]:
    """The handouts this workshop has: the evaluation form only when it has an evaluation."""
    return tuple(h for h in HANDOUTS if not h.needs or getattr(workshop, h.needs))


@dataclass(frozen=True)
class Worksheet:
    """One exercise as the workbook prints it: its number, when it happens, where it lives online."""

    exercise: Exercise
    number: int
    slot: Slot | None  # None: a take-home exercise, printed after the workshop's worksheets
    url: str | None
    qr: str | None  # SVG data URI of a QR code for `url`


@dataclass(frozen=True)
class Pdf:
    handout: Handout
    name: str  # file name, e.g. 'networking-workbook.pdf'
    data: bytes
    pages: int
    seconds: float  # render time, for the build's report
    note: str = ""  # "PDF, 12 pages, 80 KB", in the workshop's words


def _note(workshop: Workshop, pages: int, data: bytes) -> str:
    labels = workshop.labels
    return labels.text("pdf_note", pages=labels.count("pages", pages), size=_size(len(data)))


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


def file_name(workshop: Workshop, handout: Handout) -> str:
    return f"{workshop.id}-{handout.key}.pdf"


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def page_url(site_url: str | None, page: str) -> str | None:
    """Address of a docs page on the hosted site, or None when the site's address is unknown."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + _url(page)


def worksheets(workshop: Workshop, site_url: str | None) -> tuple[Worksheet, ...]:
    """Every exercise's worksheet: the scheduled ones in agenda order, then the take-home ones."""
    sheets = []
    for number, exercise in enumerate(workshop.worksheet_exercises, start=1):
        url = page_url(site_url, exercise.page)
        sheets.append(Worksheet(exercise, number, exercise.slot, url, qr_data_uri(url) if url else None))
    return tuple(sheets)


def authors(workshop: Workshop) -> str:
    return ", ".join(person.name for person in workshop.panel)


def render_html(workshop: Workshop, env: jinja2.Environment, project: Project | None, handout: Handout,
                paper: str, site_url: str | None) -> str:
    sheets = worksheets(workshop, site_url)
    return render(env, handout.template, project.root if project else None, workshop=workshop,
                  handout=handout.titled(workshop), paper=PAPER_SIZES[paper], site_url=site_url,
                  site_qr=qr_data_uri(site_url) if site_url else None,
                  worksheets=sheets, scheduled_sheets=[s for s in sheets if s.slot],
                  take_home_sheets=[s for s in sheets if not s.slot],
                  author=authors(workshop), **_evaluation(workshop, site_url))


def _evaluation(workshop: Workshop, site_url: str | None) -> dict[str, Any]:
    """The evaluation's parts and the QR code to it (the paper form, the takeaways card)."""
    url = evaluation.target_url(workshop, site_url)
    return {"evaluation_sections": evaluation.sections(workshop), "evaluation_url": url,
            "evaluation_qr": qr_data_uri(url) if url else None}


def _warm() -> None:
    import weasyprint  # noqa: F401  (each worker imports it while the parent goes on with the site)


def _typeset(html: str, base_url: str | None) -> tuple[bytes, int, float]:
    """HTML → PDF bytes and page count; runs in a worker process."""
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url).render()
    data = document.write_pdf(pdf_tags=True)  # tagged: screen readers get headings, lists, tables
    return data, len(document.pages), time.perf_counter() - started


class Typesetting:
    """The handouts being typeset in worker processes; `result()` waits for them.

    WeasyPrint lays out about 8 pages a second on one core, and importing it takes most of a
    second: the PDFs are typeset side by side in forked workers, which import WeasyPrint
    themselves, so the parent builds the website's pages meanwhile."""

    def __init__(self, workshop: Workshop, env: jinja2.Environment, project: Project | None, paper: str,
                 site_url: str | None) -> None:
        self.workshop = workshop
        self.base = str(project.root) + "/" if project else None  # relative images resolve against the workshop
        self.handouts = handouts_of(workshop)
        self.pages = {h.key: render_html(workshop, env, project, h, paper, site_url) for h in self.handouts}
        workers = min(len(self.handouts), os.cpu_count() or 1)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        if workers > 1:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_warm)
            self.futures = {key: self.pool.submit(_typeset, html, self.base)  # longest first
                            for key, html in sorted(self.pages.items(), key=lambda kv: -len(kv[1]))}

    def result(self) -> tuple[Pdf, ...]:
        if self.pool is None:  # one core: typeset here, one after the other
            done = {key: _typeset(html, self.base) for key, html in self.pages.items()}
        else:
            try:
                done = {key: future.result() for key, future in self.futures.items()}
            finally:
                self.cancel()
        return tuple(Pdf(h.titled(self.workshop), file_name(self.workshop, h), *done[h.key],
                         note=_note(self.workshop, done[h.key][1], done[h.key][0])) for h in self.handouts)

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def render_pdfs(workshop: Workshop, env: jinja2.Environment, project: Project | None, paper: str = "letter",
                site_url: str | None = None) -> tuple[Pdf, ...]:
    """All handouts, typeset now."""
    return Typesetting(workshop, env, project, paper, site_url).result()


def write(pdfs: tuple[Pdf, ...], folder: Path) -> None:
    """Replace `folder` with the PDFs, atomically."""
    with staged_folder(folder) as stage:
        for pdf in pdfs:
            (stage / pdf.name).write_bytes(pdf.data)


# --- the output interface (outputs.py) ------------------------------------------------------

_started: dict[str, Any] = {}  # the typesetting `prepare` started for this build, and what it came from


def _paper(options: Any) -> str:
    return options.get("paper") or "letter"


def prepare(workshop: Workshop, env: jinja2.Environment, project: Project, options: Any) -> None:
    """Start typesetting as soon as the data is loaded; `links` and `build` collect the PDFs."""
    paper, site_url = _paper(options), project.site_url
    cancel()
    _started.update(workshop=workshop, paper=paper, typesetting=Typesetting(workshop, env, project, paper, site_url))


def cancel() -> None:
    """The build failed: stop typesetting (what a worker has begun still finishes)."""
    if _started.get("typesetting"):
        _started["typesetting"].cancel()
    _started.clear()


def _ready(workshop: Workshop, paper: str) -> tuple[Pdf, ...] | None:
    if _started.get("workshop") is not workshop or _started.get("paper") != paper:
        return None
    if "pdfs" not in _started:
        _started["pdfs"] = _started["typesetting"].result()
    return _started["pdfs"]


def links(workshop: Workshop, options: Any) -> tuple[Link, ...]:
    pdfs = {pdf.handout.key: pdf for pdf in _ready(workshop, _paper(options)) or ()}
    return tuple(
        Link(handout.titled(workshop).title, f"{FOLDER}/{file_name(workshop, handout)}",
             pdfs[handout.key].note if handout.key in pdfs else "PDF", handout.audience, handout.key)
        for handout in handouts_of(workshop)
    )


def build(workshop: Workshop, env: jinja2.Environment, project: Project, options: Any, site_dir: Path) -> None:
    paper, site_url = _paper(options), project.site_url
    pdfs = _ready(workshop, paper) or render_pdfs(workshop, env, project, paper, site_url)
    _started.clear()
    if not site_url:
        log.info("panelpress: mkdocs.yml has no site_url, so the workbook has no QR codes to the exercises")
    write(pdfs, site_dir / FOLDER)
