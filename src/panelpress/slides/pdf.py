"""The deck on paper: the slides printed by headless Chromium in reveal.js's print mode
(one page a slide, as the room sees them), and a rehearsal handout for the panel, each
slide's words with its speaker notes, typeset by WeasyPrint on letter or A4 paper."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ..chromium import CHROMIUM_FLAGS, chromium_path
from .deck import Deck
from .. import identity
from ..handouts import text_layer
from ..handouts.fontstamp import fixed_font_timestamps
from ..model import Workshop
from ..errors import MissingToolError
from ..options import Options
from ..render import render_document
from ..stamps import made_on


def print_slides(folder: Path, out: Path) -> Path:
    """folder/index.html → out, one 1280×720 page a slide (reveal's `?print-pdf`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise MissingToolError("printing the slides needs Playwright: pip install playwright "
                               "(never `playwright install`: it drives Debian's chromium)") from None
    browser_path = chromium_path()
    if browser_path is None:
        raise MissingToolError("printing the slides needs Chromium: apt-get install chromium "
                               "(or run `make test`, which installs it)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            # reveal.js lays the print pages out after it is "ready" and says so with a `pdf-ready`
            # event; printing at "ready" gave a one-page PDF on a busy machine. Caught while capturing,
            # since it is dispatched on the deck's own element.
            page.add_init_script("document.addEventListener('pdf-ready', () => { window.__ppPdfReady = true }, true)")
            page.goto((folder / "index.html").as_uri() + "?print-pdf")
            page.wait_for_function("window.__ppPdfReady === true", timeout=60_000)
            page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    out.write_bytes(dated_by_the_day(out.read_bytes()))
    return out


# Chromium's (Skia's) dates in the printed deck's Info dictionary, which it writes uncompressed:
# D:YYYYMMDDHHmmSS and the zone, +00'00' (the same length whatever the zone)
_PRINT_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+-]\d\d'\d\d'\)")


def dated_by_the_day(pdf: bytes) -> bytes:
    """The printed deck dated as panelpress's other dated outputs (stamps.made_on: the day of
    printing, or SOURCE_DATE_EPOCH). Chromium says the second it printed, so the same deck printed
    twice was other bytes. Written over Chromium's own date, the same length, so every offset in
    the file stays right; a PDF without those dates (another Chromium's) is left as it is."""
    stamp = made_on().strftime("D:%Y%m%d%H%M%S+00'00'").encode()
    return _PRINT_DATE.sub(lambda m: b"/" + m.group(1) + b" (" + stamp + b")", pdf)


def notes_handout(workshop: Workshop, deck: Deck, env: jinja2.Environment, options: Options, out: Path) -> Path:
    """Every slide's words and its speaker notes, for panelists to rehearse with."""
    import weasyprint

    html = render_document(env, "slides/notes.html", options.root, printed=True, workshop=workshop, deck=deck, paper=options.page_size,
                  **identity.print_context(options, workshop),
                  site_url=options.site_url)
    with fixed_font_timestamps():  # the same deck, the same bytes (handouts/fontstamp.py)
        weasyprint.HTML(string=html, base_url=str(out.parent)).write_pdf(str(out), finisher=text_layer.typed_quotes)
    return out
