"""The panel kit's PDFs and script page are made again exactly when something they show changed,
though an unchanged kit is no longer rendered to find that out (panelkit_key.py): its pieces are
keyed by their HTML with each Markdown field hashed, not converted."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import SECOND, straight
from panelpress import panelkit_key, render
from panelpress.handouts import pdfcache
from panelpress.options import load
from panelpress.outputs import Destinations
from panelpress.panelkit import PanelKitOutput, pieces
from panelpress.render import make_environment
from panelpress.validate import load_project

EVERY: set[str] = set()  # the negotiation's kit pieces, set by `primed`


def build_kit(root: Path, **changes) -> tuple[set[str], dict[str, bytes], str]:
    """The kit of the workshop in `root` as a build makes it: which pieces were typeset (not taken
    from the cache), the PDFs by file name and the script page."""
    options, _ = load(root)
    options = options.replace(**changes)
    workshop, diags = load_project(options.project, options.start_time)
    assert workshop is not None, diags
    env = make_environment(options.project.templates_dir, root, options.use_directory_urls)
    output = PanelKitOutput()
    output.prepare(workshop, env, options)
    output.build(workshop, env, options, Destinations(root / "site", root / "kit"))
    folder = root / "kit" / "panel"
    page = next(folder.glob("*-moderator-script.html")).read_text(encoding="utf-8")
    return set(output.typeset), {p.name: p.read_bytes() for p in folder.glob("*.pdf")}, page


def text(data: bytes) -> str:
    return straight(" ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages))


def script(pdfs: dict[str, bytes]) -> str:
    return text(next(data for name, data in pdfs.items() if name.endswith("-moderator-script.pdf")))


@pytest.fixture(scope="module")
def primed(tmp_path_factory) -> Path:
    """A copy of the second workshop whose cache holds its kit."""
    root = tmp_path_factory.mktemp("kitcache") / "negotiation"
    shutil.copytree(SECOND, root, ignore=shutil.ignore_patterns("site", "kit"))
    options, _ = load(root)
    EVERY.update(p.key for p in pieces(load_project(options.project)[0]))
    made, _, _ = build_kit(root)
    assert made == EVERY and "moderator-script" in EVERY
    return root


@pytest.fixture
def workshop(primed, tmp_path) -> Path:
    root = tmp_path / "negotiation"
    shutil.copytree(primed, root)
    return root


def test_nothing_changed_nothing_typeset_nor_converted(workshop, monkeypatch):
    before = {p.name: p.read_bytes() for p in (workshop / "kit" / "panel").iterdir()}
    converted = []
    monkeypatch.setattr(render, "converted", lambda *a: converted.append(a) or "")  # any Markdown conversion
    render._markdown_html.cache_clear()  # nothing converted before in this process either
    try:
        made, pdfs, page = build_kit(workshop)
    finally:
        render._markdown_html.cache_clear()  # no "" kept for a text
    assert made == set() and not converted
    assert pdfs == {name: data for name, data in before.items() if name.endswith(".pdf")}
    assert page == next(data for name, data in before.items() if name.endswith(".html")).decode()
    assert "Thank them for the offer." in page  # the lesson's text, though nothing converted it


def test_a_lesson_text_changed_typesets_the_script_and_its_page_again(workshop):
    lesson = workshop / "data/lessons/asking-well.yml"
    source = lesson.read_text(encoding="utf-8")
    assert "2. Name the figure or the change you would like." in source
    lesson.write_text(source.replace("2. Name the figure or the change you would like.",
                                     "2. Name the **exact figure** you would like."), encoding="utf-8")
    made, pdfs, page = build_kit(workshop)
    assert "moderator-script" in made and "cue-cards" not in made
    assert "Name the exact figure you would like." in script(pdfs)
    assert "Name the <strong>exact figure</strong> you would like." in page
    assert "change you would like" not in page


def test_a_panelists_name_typesets_what_shows_it(workshop):
    people = workshop / "data/workshop.yml"
    source = people.read_text(encoding="utf-8")
    assert "name: Sofía Castillo-Núñez" in source
    people.write_text(source.replace("name: Sofía Castillo-Núñez", "name: Sofía Zedillo"), encoding="utf-8")
    made, pdfs, page = build_kit(workshop)
    assert {"moderator-script", "name-tents"} <= made
    assert "Zedillo" in text(next(data for n, data in pdfs.items() if n.endswith("-name-tents.pdf")))
    assert "Zedillo" in page and "Castillo-Núñez" not in page


def test_the_paper_option_or_another_converter_typesets_everything_again(workshop, monkeypatch):
    made, pdfs, _ = build_kit(workshop, paper="letter")  # the workshop prints on A4
    assert made == EVERY
    script_pdf = next(data for name, data in pdfs.items() if name.endswith("-moderator-script.pdf"))
    assert round(float(PdfReader(io.BytesIO(script_pdf)).pages[0].mediabox.width)) == 612  # letter
    # Markdown converted by other code (a new version of Markdown or nh3, panelpress edited)
    monkeypatch.setattr(panelkit_key, "converter", lambda: "markdown 9.9")
    made, _, _ = build_kit(workshop, paper="letter")
    assert made == EVERY


def test_a_lost_script_page_entry_is_rendered_afresh(workshop):
    _, _, first = build_kit(workshop)
    entries = list((pdfcache.folder(workshop) / "panel").glob("*.html"))
    assert len(entries) == 1
    entries[0].unlink()
    made, _, page = build_kit(workshop)
    assert made == set() and page == first
    assert len(list((pdfcache.folder(workshop) / "panel").glob("*.html"))) == 1
