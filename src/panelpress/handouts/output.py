"""Printed handouts: the participant workbook, the facilitator guide and the takeaways card.

Each is a Jinja template (`templates/handouts/*.html`, print CSS in `handouts/handouts.css`)
rendered to HTML and then to PDF by WeasyPrint. The site's Handouts page shows each PDF's
page count and size, which are only known once a PDF is rendered, and MkDocs writes pages
before the outputs run; so `prepare` starts typesetting when the data is loaded, `links`
waits for the PDFs when the site's pages are made, and `build` writes those same bytes
(typesetting them only if nothing was prepared).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from .. import evaluation, identity
from ..model import Exercise, Slot, Workshop
from ..options import Options
from ..outputs import Destinations, Download, Printed
from ..render import page_url as site_path, render_document
from ..write import staged_folder
from . import card, guide, signin
from .pdfcache import folder as pdf_cache
from .thumbnail import Covers, Thumbnail, folder as cover_cache
from .typeset import Typesetting, Workers

log = logging.getLogger("mkdocs.plugins.panelpress")
# the typesetting's logger: `panelpress build` adds up its counts in the build's closing line
tally = logging.getLogger("mkdocs.plugins.panelpress.pdf")

FOLDER = "handouts"


@dataclass(frozen=True)
class Handout:
    key: str  # the file name's suffix
    label: str  # the key of its title in the label catalogue
    template: str
    audience: str  # who may read it: 'all' (on the site), 'facilitator' (in the kit only, unless published)
    # or 'kit' (for the organisers' table, never on the site: the sign-in sheet)
    title: str = ""  # in the workshop's words: see `titled`
    needs: str = ""  # a workshop field it is made from; without it, the handout is not made
    copies: str = "print_copies_participant"  # label key: how many to print (the Handouts page)
    cards: bool = False  # a sheet of cards (card.py): one sheet serves as many people as it has cards

    def titled(self, workshop: Workshop) -> "Handout":
        return replace(self, title=workshop.labels.text(self.label))


HANDOUTS = (
    Handout("workbook", "handout_workbook", "handouts/workbook.html", "all"),
    Handout("facilitator-guide", "handout_facilitator", "handouts/facilitator-guide.html", "facilitator",
            copies="print_copies_facilitator"),
    Handout("takeaways", "handout_takeaways", "handouts/takeaways.html", "all", copies="print_copies_cards",
            cards=True),
    # participants answer it (nothing private in it): on the public site too, so its page can link it
    Handout("evaluation", "handout_evaluation", "handouts/evaluation.html", "all", needs="evaluation"),
    Handout("sign-in", "handout_signin", "handouts/sign-in.html", "kit", copies="print_copies_door"),
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

    @property
    def verdict_mm(self) -> float:
        """An audit's Verdict column, sized to the longest verdict a participant copies into it by
        hand (about 1.6 mm a letter, on two lines at most in a row's 11 mm) rather than a fixed
        inch (review 22: "Ask for a conversation, not a referral" in 36 mm); the Contact column
        keeps the rest, and at least AUDIT_CONTACT_MM for a name and how you know them."""
        longest = max((len(rule.verdict) for rule in self.exercise.audit_rules), default=0)
        room = AUDIT_TEXT_MM - AUDIT_QUESTION_MM * len(getattr(self.exercise.spec, "questions", None) or ())
        return round(max(AUDIT_VERDICT_MM, min(longest * 1.6, room - AUDIT_CONTACT_MM)), 1)


# the audit table's columns on the workbook's page (handouts.css: 17 mm margins on A4's 210 mm,
# the narrower of the two papers; a question column at 17 mm)
AUDIT_TEXT_MM, AUDIT_QUESTION_MM, AUDIT_VERDICT_MM, AUDIT_CONTACT_MM = 176, 17, 36, 55


@dataclass(frozen=True)
class Pdf:
    handout: Handout
    name: str  # file name, e.g. 'networking-workbook.pdf'
    data: bytes
    pages: int
    seconds: float  # render time, for the build's report
    note: str = ""  # "PDF, 12 pages, 80 KB", in the workshop's words
    cover: Thumbnail | None = None  # its first page as a picture, for the site's Handouts page

    @property
    def cover_name(self) -> str:
        """The cover's file name beside the PDF: 'networking-workbook.webp'."""
        return self.name.removesuffix(".pdf") + ".webp"

    def printed(self, options: Options) -> Printed:
        """The facts the Handouts page gives (words are the template's: see `Printed`)."""
        cover = self.cover
        per_sheet = card.STOCKS[options.page_size].per_sheet if self.handout.cards else 1
        return Printed(self.pages, _size(len(self.data)), cover.paper if cover else "",
                       cover.size_mm if cover else (0, 0), "one" if self.pages == 1 else "both",
                       self.handout.copies, f"handout_about_{self.handout.key.replace('-', '_')}",
                       f"{FOLDER}/{self.cover_name}" if cover else "", cover.width if cover else 0,
                       cover.height if cover else 0, per_sheet)


def kit_note(workshop: Workshop, note: str, printed: Printed) -> str:
    """A PDF as the organisers' lists give it: its size and how many to print for the room
    ("PDF, 9 pages, 146 KB · Double-sided, one per participant"). The participants' Handouts page
    says how to print one's own copy instead (review 23: organiser wording on the public site)."""
    labels = workshop.labels
    how = labels.text("print_how", sides=labels.text(f"print_{printed.sides}"),
                      copies=labels.text(printed.copies, n=printed.per_sheet))
    return labels.text("kit_print_note", note=note, how=how)


def _note(workshop: Workshop, pages: int, data: bytes) -> str:
    labels = workshop.labels
    return labels.text("pdf_note", pages=labels.count("pages", pages), size=_size(len(data)))


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"


def file_name(workshop: Workshop, handout: Handout) -> str:
    return f"{workshop.id}-{handout.key}.pdf"


# each handout's HTML (and the guide's page) lists every worksheet with its QR code: a code is
# computed once per process, not once per document (segno's mask scoring: ~30 ms a code)
@functools.lru_cache(maxsize=1024)
def qr_data_uri(url: str, quiet_zone: bool = False) -> str:
    """A QR code as an SVG data URI. With `quiet_zone`, the code carries its own white border of
    4 modules (what readers need around it), so no tint or line next to it can eat into it."""
    import segno

    if quiet_zone:
        return segno.make(url, error="m").svg_data_uri(border=4, dark="#000", light="#fff")
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def page_url(site_url: str | None, page: str, directory_urls: bool = True) -> str | None:
    """Address of a docs page on the hosted site, or None when the site's address is unknown."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + site_path(page, directory_urls).removeprefix("./")


def worksheets(workshop: Workshop, site_url: str | None, directory_urls: bool = True) -> tuple[Worksheet, ...]:
    """Every exercise's worksheet: the scheduled ones in agenda order, then the take-home ones."""
    sheets = []
    for number, exercise in enumerate(workshop.worksheet_exercises, start=1):
        url = page_url(site_url, exercise.page, directory_urls)
        sheets.append(Worksheet(exercise, number, exercise.slot, url, qr_data_uri(url) if url else None))
    return tuple(sheets)


def authors(workshop: Workshop) -> str:
    """The panel as a byline: the names participants match to the bios (display names); the
    own-script forms are the panel list's to give, once."""
    return ", ".join(person.display_name for person in workshop.panel)


def render_html(workshop: Workshop, env: jinja2.Environment, options: Options, handout: Handout,
                font_base: str | None = None) -> str:
    """The handout's HTML; `font_base`: where a browser finds the identity's fonts (None: the
    file:// URLs WeasyPrint reads, which a page served over http may not load)."""
    site_url = options.site_url
    look = identity.print_context(options, workshop, font_base)
    sheets = worksheets(workshop, site_url, options.use_directory_urls)
    return render_document(env, handout.template, options.root, printed=font_base is None, workshop=workshop,
                  handout=handout.titled(workshop), paper=options.page_size, site_url=site_url,
                  site_qr=qr_data_uri(site_url) if site_url else None,
                  worksheets=sheets, scheduled_sheets=[s for s in sheets if s.slot],
                  take_home_sheets=[s for s in sheets if not s.slot],
                  author=authors(workshop), **_evaluation(workshop, options), **look,
                  plans=guide.plans(workshop) if handout.key == "facilitator-guide" else (),
                  **(_card(workshop, options) if handout.key == "takeaways" else {}),
                  **(_signin(workshop, options) if handout.key == "sign-in" else {}))


def _signin(workshop: Workshop, options: Options) -> dict[str, Any]:
    """The sign-in sheet's whole pages of rows (signin.py), from the heading it prints."""
    labels = workshop.labels
    consent = bool(workshop.recorded or workshop.photographed)
    when = labels.text("time_range", start=workshop.start_time, end=workshop.end_time)
    meta = " · ".join(filter(None, (workshop.date, when, workshop.venue)))
    return {"signin_pages": signin.pages(workshop.expected_attendance, options.page_size, workshop.title, meta,
                                        labels.signin_consent_note if consent else "", consent)}


def _card(workshop: Workshop, options: Options) -> dict[str, Any]:
    """The takeaways card's faces and stock, and its QR codes with their quiet zones."""
    site_url = options.site_url
    evaluation_url = evaluation.target_url(workshop, site_url, options.use_directory_urls)
    labels = workshop.labels
    urls = tuple(labels.text(key, url=url) for key, url in (("card_online", site_url),
                                                            ("evaluation_qr_note", evaluation_url)) if url)
    meta = " · ".join(filter(None, (workshop.date, labels.text("card_with", names=authors(workshop)))))
    shape = card.layout(card.STOCKS[options.page_size], tuple(workshop.takeaways), workshop.title, meta,
                        tuple(f"{r.title}: {r.url}" for r in workshop.resources), urls,
                        qr=bool(site_url or evaluation_url))
    return {"card": shape, "card_site_qr": qr_data_uri(site_url, quiet_zone=True) if site_url else None,
            "card_evaluation_qr": qr_data_uri(evaluation_url, quiet_zone=True) if evaluation_url else None}


def _evaluation(workshop: Workshop, options: Options) -> dict[str, Any]:
    """The evaluation's parts and the QR code to it (the paper form, the takeaways card)."""
    url = evaluation.target_url(workshop, options.site_url, options.use_directory_urls)
    return {"evaluation_sections": evaluation.sections(workshop), "evaluation_url": url,
            "evaluation_qr": qr_data_uri(url) if url else None}


def verify(workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
    """What `build` would stop on, without typesetting: every handout's template renders."""
    for handout in handouts_of(workshop):
        render_html(workshop, env, options, handout)


def start_typesetting(workshop: Workshop, env: jinja2.Environment, options: Options,
                      workers: Workers | None = None) -> Typesetting:
    """Render every handout's HTML now and start typesetting it in worker processes (the
    build's `workers`, else its own)."""
    pages = {h.key: render_html(workshop, env, options, h) for h in handouts_of(workshop)}
    # the site's PDFs go to the workers first: the site's pages wait for them (`HandoutsOutput.links`)
    site = {h.key for h in handouts_of(workshop) if on_site(h, options)}
    # relative images resolve against the workshop; unchanged PDFs come from its cache
    return Typesetting(pages, str(options.root) + "/", cache=pdf_cache(options.root), workers=workers,
                       first=site)


def collect(workshop: Workshop, typesetting: Typesetting, keys: Collection[str] | None = None) -> tuple[Pdf, ...]:
    """The handouts typeset; with `keys`, those alone, without waiting for the others."""
    wanted = tuple(h for h in handouts_of(workshop) if keys is None or h.key in keys)
    done = typesetting.result() if keys is None else typesetting.some([h.key for h in wanted])
    return tuple(Pdf(h.titled(workshop), file_name(workshop, h), *done[h.key],
                     note=_note(workshop, done[h.key][1], done[h.key][0])) for h in wanted)


def render_pdfs(workshop: Workshop, env: jinja2.Environment, options: Options) -> tuple[Pdf, ...]:
    """All handouts, typeset now."""
    return collect(workshop, start_typesetting(workshop, env, options))


def on_site(handout: Handout, options: Options) -> bool:
    """Whether the public site carries `handout`: the facilitator guide only when published, the
    sign-in sheet never (it is printed for the door, and filled in by hand)."""
    return handout.audience == "all" or (handout.audience == "facilitator" and options.publish_facilitator)


GUIDE_PAGE = "facilitator-guide.html"  # the guide as one page in the kit, its CSS inline


def with_covers(pdfs: tuple[Pdf, ...], options: Options, covers: Covers) -> tuple[Pdf, ...]:
    """The PDFs, those on the site with their cover (from the cover cache when unchanged)."""
    done = tuple(replace(pdf, cover=covers.of(pdf.data)) if on_site(pdf.handout, options) else pdf
                 for pdf in pdfs)
    covers_done(covers)
    return done


def covers_done(covers: Covers) -> None:
    """The build's covers are all drawn: report them, and forget older ones."""
    tally.info(f"panelpress: {covers.reused} covers reused, {covers.drawn} drawn")
    covers.prune()


def write(pdfs: tuple[Pdf, ...], folder: Path, covers: bool = False) -> None:
    """Replace `folder` with the PDFs (and, with `covers`, their cover pictures), atomically."""
    with staged_folder(folder) as stage:
        for pdf in pdfs:
            (stage / pdf.name).write_bytes(pdf.data)
            if covers and pdf.cover is not None:
                (stage / pdf.cover_name).write_bytes(pdf.cover.data)


def write_site(pdfs: tuple[Pdf, ...], options: Options, site: Path) -> None:
    """The participants' PDFs, with their covers, into site/handouts/."""
    write(tuple(pdf for pdf in pdfs if on_site(pdf.handout, options)), site / FOLDER, covers=True)


def write_both(workshop: Workshop, env: jinja2.Environment, options: Options, pdfs: tuple[Pdf, ...],
               dest: Destinations, site: bool = True) -> tuple[Download, ...]:
    """The participants' PDFs into site/handouts/ (unless `site` is False: written already);
    every PDF into kit/handouts/ and the guide as a page of its own into the kit. What the kit
    got, for its index."""
    if site:
        write_site(pdfs, options, dest.site)
    write(pdfs, dest.kit / FOLDER)
    guide = next(h for h in HANDOUTS if h.key == "facilitator-guide")
    # the page is opened in a browser, from disk or served: its fonts are copied beside it
    fonts = identity.copy_fonts(options.project, dest.kit, identity.subsets_for(workshop.characters))
    page = render_html(workshop, env, options, guide, font_base=f"{identity.FONT_FOLDER}/" if fonts else "")
    (dest.kit / GUIDE_PAGE).write_text(page, encoding="utf-8")
    t = workshop.labels
    return (Download(t.kit_guide_html, GUIDE_PAGE, t.kit_guide_html_note, "facilitator", "guide-page"),
            *(Download(pdf.handout.title, f"{FOLDER}/{pdf.name}", kit_note(workshop, pdf.note, pdf.printed(options)),
                       pdf.handout.audience, pdf.handout.key)
              for pdf in pdfs))


class HandoutsOutput:
    """The handouts as an output of a build (see outputs.Output): typesetting starts in `prepare`,
    `links` waits for the site's PDFs (the Handouts page shows their page counts and covers; the
    kit's, the guide and the sign-in sheet, go on typesetting meanwhile), `build` waits for the
    rest and writes the same bytes."""

    name = "handouts"
    typesets = True  # it gets the build's worker processes (outputs.Outputs)

    def __init__(self, workers: Workers | None = None) -> None:
        self._workers = workers
        self._typesetting: Typesetting | None = None
        self._for: tuple[Workshop, Options] | None = None  # what the typesetting was started from
        self._site: dict[str, Pdf] | None = None  # the site's PDFs, with their covers
        self._covers: Covers | None = None
        self._site_written = False  # `site_first` wrote the site's PDFs: `build` writes the kit's alone

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        self.cancel()
        self._typesetting = start_typesetting(workshop, env, options, self._workers)
        self._for = (workshop, options)
        self._covers = Covers(cover_cache(options.root))

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        verify(workshop, env, options)

    def _prepared(self, workshop: Workshop, options: Options) -> bool:
        return self._typesetting is not None and self._for is not None and self._for[0] is workshop \
            and self._for[1] == options

    def _site_pdfs(self, workshop: Workshop, options: Options) -> dict[str, Pdf]:
        """The site's PDFs with their covers, by key, waited for alone ({} if not prepared)."""
        if not self._prepared(workshop, options):
            return {}
        if self._site is None:
            assert self._typesetting is not None and self._covers is not None
            keys = {h.key for h in handouts_of(workshop) if on_site(h, options)}
            self._site = {pdf.handout.key: replace(pdf, cover=self._covers.of(pdf.data))
                          for pdf in collect(workshop, self._typesetting, keys)}
        return self._site

    def _ready(self, workshop: Workshop, options: Options) -> tuple[Pdf, ...] | None:
        """Every handout's PDF, the site's with their covers (None if not prepared)."""
        if not self._prepared(workshop, options):
            return None
        site = self._site_pdfs(workshop, options)
        assert self._typesetting is not None and self._covers is not None
        pdfs = tuple(site.get(pdf.handout.key, pdf) for pdf in collect(workshop, self._typesetting))
        covers_done(self._covers)
        return pdfs

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        pdfs = self._site_pdfs(workshop, options)
        return tuple(
            Download(handout.titled(workshop).title, f"{FOLDER}/{file_name(workshop, handout)}",
                     pdfs[handout.key].note if handout.key in pdfs else "PDF", handout.audience, handout.key,
                     pdfs[handout.key].printed(options) if handout.key in pdfs else None)
            for handout in handouts_of(workshop) if on_site(handout, options)
        )

    def site_first(self, workshop: Workshop, options: Options, site: Path) -> bool:
        """Write the site's PDFs now, waiting for them alone: the site is complete (`serve` shows
        it, the leak check reads it) while the kit's (the facilitator guide, twice the workbook's
        pages) are still typesetting. Nothing if the typesetting was not prepared (False): `build`
        then writes both."""
        if not self._prepared(workshop, options):
            return False
        pdfs = self._site_pdfs(workshop, options)
        if pdfs:
            write_site(tuple(pdfs.values()), options, site)
            self._site_written = True
        return True

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        pdfs = self._ready(workshop, options) or with_covers(render_pdfs(workshop, env, options), options,
                                                              Covers(cover_cache(options.root)))
        written = self._site_written
        self._typesetting, self._for, self._site, self._covers, self._site_written = None, None, None, None, False
        if not options.site_url:
            log.info("panelpress: mkdocs.yml has no site_url, so the workbook has no QR codes to the exercises")
        return write_both(workshop, env, options, pdfs, dest, site=not written)

    def cancel(self) -> None:
        """The build failed: stop typesetting (what a worker has begun still finishes)."""
        if self._typesetting is not None:
            self._typesetting.cancel()
        self._typesetting, self._for, self._site, self._covers, self._site_written = None, None, None, None, False
