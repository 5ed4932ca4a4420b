"""The presenter deck: a reveal.js page at kit/slides/index.html, built from the same model
as the site and the handouts (see `deck.py` for what goes on which slide).

The deck lives in the private kit, not on the site: its speaker notes are the moderator's
script and its debrief slides hold the model answers. There is no participant deck on the
site: everything a participant would read on a slide is on the site's own pages already.

reveal.js is an npm dependency (package.json at the repository root, `npm ci`); at build
time only the files a deck needs are copied next to it, so it works from file:// and from
the hosted site with no request off the machine.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import evaluation, identity
from .deck import ClosingLayout, Deck, Slide, Squeeze, build_deck
from .fit import SLIDE_HEIGHT, SLIDE_WIDTH
from ..diagnostics import DataError, Diagnostic
from ..load import load_file
from ..model import Workshop
from ..options import Options
from ..outputs import Destinations, Download
from ..project import Project
from ..render import links_from, render, render_document

FOLDER = "slides"
ASSETS = Path(__file__).parent.parent / "assets" / "slides"
# reveal's slide size and the margin it leaves around it: Reveal.initialize's (slides.js) and the
# first paint's before reveal starts (deck.html), given to both from here; fit.py sizes text for it
DECK_SIZE = {"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT, "margin": 0.04}
REPO_ROOT = Path(__file__).resolve().parents[3]  # a source checkout: where package.json sits
# the reveal.js files a deck uses (relative to node_modules/reveal.js/), and its licence;
# notes.js (68 KB, most of it a Markdown parser) is fetched only when the speaker view opens
REVEAL_FILES = ("dist/reset.css", "dist/reveal.css", "dist/reveal.js", "dist/plugin/notes.js", "LICENSE")
# reveal's white theme is 5 KB of rules and 570 KB of Source Sans Pro inlined as data: URLs
# (every weight, every script): the deck gets the rules, and the identity's own font files
THEME = "dist/theme/white.css"
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
log = logging.getLogger("mkdocs.plugins.panelpress")


def find_reveal(project: Project) -> Path:
    """node_modules/reveal.js of the workshop's folder or a folder above it, else of the
    panelpress checkout (the flagship and a workshop made with `panelpress new` share it)."""
    candidates = [folder / "node_modules" / "reveal.js"
                  for folder in (project.root.resolve(), *project.root.resolve().parents)]
    candidates.append(REPO_ROOT / "node_modules" / "reveal.js")
    for candidate in candidates:
        if (candidate / "dist" / "reveal.js").is_file():
            return candidate
    install = (f"run `npm ci` in {REPO_ROOT}" if (REPO_ROOT / "package-lock.json").is_file()
               else f"run `npm install reveal.js@6` in {project.root.resolve()}")
    raise DataError([Diagnostic(
        "node_modules/reveal.js", 0, 0, "reveal.js is not installed, so the slides cannot be built",
        f"{install} (Node.js: `apt-get install nodejs npm`), "
        "or turn the slides off with `slides: false` under the panelpress plugin in mkdocs.yml")], "tool")


def write_deck(workshop: Workshop, env: jinja2.Environment, options: Options, folder: Path) -> Deck:
    project = options.project
    reveal = find_reveal(project)
    site_url = options.site_url or ""
    with links_from(workshop, env, site_url=site_url):  # links in Markdown fields point at the site
        deck = build_deck(workshop, site_url, _feedback_url(workshop, options), options.wants("handouts"))
    for diag in squeeze_diagnostics(project, deck.squeezes):
        # MkDocs counts the warnings of its loggers: a strict build stops on this one, as on the data's
        if diag.severity == "warning":
            log.warning(str(diag))
        else:  # a note never stops a strict build (diagnostics.py); `check` prints it
            log.info(str(diag))
    folder.mkdir(parents=True, exist_ok=True)
    for name in REVEAL_FILES:
        target = folder / "reveal" / name.removeprefix("dist/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reveal / name, target)
    theme = folder / "reveal" / THEME.removeprefix("dist/")
    theme.parent.mkdir(parents=True, exist_ok=True)
    theme.write_text(_FONT_FACE.sub("", (reveal / THEME).read_text(encoding="utf-8")), encoding="utf-8")
    for asset in sorted(ASSETS.iterdir()):
        shutil.copyfile(asset, folder / asset.name)
    write_identity(workshop, env, options, folder)
    (folder / "index.html").write_text(deck_html(workshop, env, options, deck), encoding="utf-8")
    return deck


def write_identity(workshop: Workshop, env: jinja2.Environment, options: Options, folder: Path) -> None:
    """The identity beside the deck (identity.py): the font files, their CSS with the palette, the icon."""
    look = identity.Identity.of(options, workshop)
    fonts = identity.copy_fonts(options.project, folder, look.subsets)
    css = render(env, "shared/identity.css", options.root, workshop=workshop, identity=look,
                 font_base=f"{identity.FONT_FOLDER}/" if fonts else "")
    (folder / "identity.css").write_text(css, encoding="utf-8")
    icon = render(env, "shared/favicon.svg", options.root, workshop=workshop, identity=look)
    (folder / "favicon.svg").write_text(icon, encoding="utf-8")


def _feedback_url(workshop: Workshop, options: Options) -> str:
    return evaluation.target_url(workshop, options.site_url, options.use_directory_urls) or ""


def _with_evaluation_qr(slide: Slide, workshop: Workshop) -> Slide:
    """The closing slide with its second QR code, to the evaluation (drawn here: the deck is data)."""
    layout = slide.layout
    if not isinstance(layout, ClosingLayout) or not layout.evaluation_url:
        return slide
    url = layout.evaluation_url
    return replace(slide, layout=replace(layout, evaluation_qr=qr_svg(url, workshop.labels.text("qr_code", url=url))))


def deck_html(workshop: Workshop, env: jinja2.Environment, options: Options, deck: Deck) -> str:
    site_url = options.site_url or ""
    deck = replace(deck, slides=tuple(_with_evaluation_qr(slide, workshop) for slide in deck.slides))
    return render_document(env, "slides/deck.html", options.root, workshop=workshop, deck=deck, site_url=site_url,
                  qr=qr_svg(site_url), identity=identity.Identity.of(options, workshop), deck_size=DECK_SIZE,
                  first_paint_fonts=[f"{identity.FONT_FOLDER}/{name}" for name in identity.FIRST_PAINT_FONTS]
                  if identity.find_fonts(options.project) else [],  # none copied: nothing to ask for
                  questions_qr=qr_svg(workshop.questions_url or "",
                                      workshop.labels.text("qr_code", url=workshop.questions_url or "")))


def verify(workshop: Workshop, env: jinja2.Environment, options: Options) -> list[Diagnostic]:
    """What `build` would stop on, without writing: reveal.js is there and the deck renders; and
    what it would warn of (text that does not fit a slide)."""
    find_reveal(options.project)
    with links_from(workshop, env, site_url=options.site_url or ""):
        deck = build_deck(workshop, options.site_url or "", _feedback_url(workshop, options), options.wants("handouts"))
    deck_html(workshop, env, options, deck)
    return squeeze_diagnostics(options.project, deck.squeezes)


def squeeze_diagnostics(project: Project, squeezes: tuple[Squeeze, ...]) -> list[Diagnostic]:
    """The deck's squeezes as diagnostics at the line and column of the text that did not fit.
    The files are read again for it (a few, small, and only when something did not fit): the
    model keeps no positions past the loader."""
    found, docs = [], {}
    for squeeze in squeezes:
        kind, ident, *field = squeeze.source
        path = _source_file(project, kind, ident)
        line = column = 0
        if path is not None:
            if path not in docs:
                docs[path], _ = load_file(path, project.shown(path))
            line, column = docs[path].position(tuple(field)) if docs[path] is not None else (0, 0)
        shown = project.shown(path) if path is not None else f"{project.shown(project.data_dir)} ({kind} '{ident}')"
        found.append(Diagnostic(shown, line, column, squeeze.message, squeeze.hint, squeeze.severity))
    return found


def _source_file(project: Project, kind: str, ident: str) -> Path | None:
    """The data file a squeeze is about: the one whose name is the id, if the author kept to that."""
    if kind == "workshop":
        return next((project.data_dir / n for n in ("workshop.yml", "workshop.yaml")
                     if (project.data_dir / n).is_file()), None)
    folder = {"lesson": "lessons", "anecdote": "anecdotes", "exercise": "exercises", "question": "questions"}[kind]
    files = project.data_files(folder)
    named = next((path for path in files if path.stem == ident), None)
    if named is not None:
        return named
    for path in files:  # a file named otherwise: the one that holds the id
        doc, _ = load_file(path, project.shown(path))
        if doc is not None and doc.data.get("id") == ident:
            return path
    return None


def qr_svg(url: str, label: str = "QR code for the site") -> Markup:
    """An address (the site's, by default) as an inline SVG QR code (no image file, no network)."""
    if not url:
        return Markup("")
    import segno

    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=10, border=2, dark="#000", light="#fff", omitsize=True)
    return Markup(svg.replace("<svg ", Markup('<svg role="img" aria-label="%s" ') % label, 1))


class SlidesOutput:
    """The presenter deck as an output of a build (see outputs.Output); nothing to start early."""

    name = "slides"

    def prepare(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> None:
        pass

    def verify(self, workshop: Workshop, env: jinja2.Environment, options: Options) -> list[Diagnostic]:
        return verify(workshop, env, options)

    def links(self, workshop: Workshop, options: Options) -> tuple[Download, ...]:
        return ()  # the deck is in the kit: the public site does not link it

    def build(self, workshop: Workshop, env: jinja2.Environment, options: Options,
              dest: Destinations) -> tuple[Download, ...]:
        write_deck(workshop, env, options, dest.kit / FOLDER)
        t = workshop.labels
        return (Download(t.slides_link, f"{FOLDER}/index.html", t.slides_link_note, "facilitator", "slides"),)

    def cancel(self) -> None:
        pass
