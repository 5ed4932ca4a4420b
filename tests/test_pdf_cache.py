"""PDFs are typeset again only when something they are made from changed (handouts/pdfcache.py)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, run_panelpress
from panelpress.handouts import pdfcache
from panelpress.handouts.output import collect, handouts_of, start_typesetting
from panelpress.handouts.typeset import Typesetting
from panelpress.options import load
from panelpress.render import make_environment
from panelpress.validate import load_project

ALL: set[str] = set()  # the flagship's handouts, set by `primed`


def typeset(root: Path, **changes):
    """Typeset the handouts of the workshop in `root` as a build does; the PDFs by key, and
    which keys were typeset (not taken from the cache)."""
    options, _ = load(root)
    options = options.replace(**changes)
    workshop, diags = load_project(options.project, options.start_time)
    assert workshop is not None, diags
    env = make_environment(options.project.templates_dir, root, options.use_directory_urls)
    typesetting = start_typesetting(workshop, env, options)
    pdfs = {pdf.handout.key: pdf for pdf in collect(workshop, typesetting)}
    return pdfs, set(typesetting.todo)


def text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def primed(tmp_path_factory) -> Path:
    """A copy of the flagship's sources whose PDF cache holds its three handouts."""
    root = tmp_path_factory.mktemp("primed") / "workshop"
    root.mkdir()
    for name in ("data", "docs", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    options, _ = load(root)
    ALL.update(h.key for h in handouts_of(load_project(options.project)[0]))
    _, made = typeset(root)
    assert made == ALL and {"workbook", "takeaways"} <= ALL
    return root


@pytest.fixture
def workshop(primed, tmp_path) -> Path:
    root = tmp_path / "workshop"
    shutil.copytree(primed, root)
    return root


def test_nothing_changed_nothing_typeset(workshop):
    before = {p.name: p.read_bytes() for p in pdfcache.folder(workshop).glob("*.pdf")}
    pdfs, made = typeset(workshop)
    assert made == set()
    assert sorted(pdf.data for pdf in pdfs.values()) == sorted(before.values())
    assert pdfs["workbook"].pages > 1


def test_a_data_field_the_workbook_shows_typesets_it_again(workshop):
    exercise = workshop / "data/exercises/answering-a-cold-ask.yml"
    source = exercise.read_text(encoding="utf-8")
    assert "title: Answering a cold ask" in source
    exercise.write_text(source.replace("title: Answering a cold ask", "title: Answering a chilly ask"),
                        encoding="utf-8")
    pdfs, made = typeset(workshop)
    assert "workbook" in made
    assert "chilly ask" in text(pdfs["workbook"].data)


def test_a_template_override_typesets_that_handout_again(workshop):
    override = workshop / "templates/handouts/takeaways.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    original = (REPO / "src/panelpress/templates/handouts/takeaways.html").read_text(encoding="utf-8")
    override.write_text(original.replace("{% block body %}", "{% block body %}<p>Printed for the spring term</p>", 1),
                        encoding="utf-8")
    pdfs, made = typeset(workshop)
    assert made == {"takeaways"}
    assert "Printed for the spring term" in text(pdfs["takeaways"].data)


def test_the_css_typesets_every_handout_again(workshop):
    css = workshop / "templates/handouts/handouts.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((REPO / "src/panelpress/templates/handouts/handouts.css").read_text(encoding="utf-8")
                   + "\nh2 { letter-spacing: 0.2em; }\n", encoding="utf-8")
    _, made = typeset(workshop)
    assert made == ALL


def test_the_paper_option_typesets_every_handout_again(workshop):
    pdfs, made = typeset(workshop, paper="a4")
    assert made == ALL
    box = PdfReader(io.BytesIO(pdfs["workbook"].data)).pages[0].mediabox
    assert round(float(box.width)) == 595  # A4, where letter is 612 points wide
    _, made = typeset(workshop, paper="a4")
    assert made == set()


def test_a_new_font_or_version_typesets_every_handout_again(workshop, monkeypatch):
    monkeypatch.setattr(pdfcache, "fonts", lambda: "fontconfig lists one more font")
    pdfcache.environment.cache_clear()
    try:
        _, made = typeset(workshop)
        assert made == ALL
        versions = pdfcache.environment()
        assert re.search(r"^weasyprint \d", versions, re.M) and "fontconfig lists one more font" in versions
    finally:
        pdfcache.environment.cache_clear()


def test_a_damaged_cache_entry_is_typeset_afresh(workshop):
    records = list(pdfcache.folder(workshop).glob("*.pdf"))
    assert len(records) == len(ALL)
    for record in records:  # one cut short, one overwritten, the others gone
        data = record.read_bytes()
        if record == records[0]:
            record.write_bytes(data[: len(data) // 2])
        elif record == records[1]:
            record.write_bytes(b"%PDF-1.7 not what was stored")
        else:
            record.unlink()
    pdfs, made = typeset(workshop)
    assert made == ALL
    for pdf in pdfs.values():
        assert len(PdfReader(io.BytesIO(pdf.data)).pages) == pdf.pages


def test_a_stylesheet_or_image_a_document_references_is_part_of_its_key(tmp_path):
    (tmp_path / "print.css").write_text("@import 'more.css'; body { color: black }", encoding="utf-8")
    (tmp_path / "more.css").write_text("h1 { background: url(dot.png) }", encoding="utf-8")
    (tmp_path / "dot.png").write_bytes(b"one")
    html = '<link rel="stylesheet" href="print.css"><h1>Hello</h1><img src="data:image/png;base64,AAAA">'
    base = str(tmp_path) + "/"
    first = pdfcache.key(html, base)
    assert pdfcache.key(html, base) == first
    (tmp_path / "dot.png").write_bytes(b"two")  # referenced by a stylesheet the stylesheet imports
    second = pdfcache.key(html, base)
    assert second != first
    (tmp_path / "print.css").write_text("@import 'more.css'; body { color: navy }", encoding="utf-8")
    assert pdfcache.key(html, base) not in (first, second)


def test_the_cache_keeps_the_last_entries_and_writes_nowhere_else(tmp_path):
    cache = tmp_path / "cache"
    documents = {f"doc{n}": f"<p>Document {n}</p>" for n in range(3)}
    typesetting = Typesetting(documents, str(tmp_path) + "/", cache=cache)
    typesetting.result()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]
    assert len(list(cache.glob("*.pdf"))) == 3 and not list(cache.glob(".tmp-*"))
    again = Typesetting(documents, str(tmp_path) + "/", cache=cache)
    assert again.todo == {} and not again.started and again.workers.pool is None  # nothing to typeset: no worker starts
    pdfcache.PdfCache(cache).prune(set(), most=1)
    assert len(list(cache.glob("*.pdf"))) == len(list(cache.glob("*.json"))) == 1


def test_a_rebuild_after_a_docs_edit_typesets_nothing(workshop):
    site = workshop / "site"
    first = run_panelpress("build", "--root", str(workshop), "--site-dir", str(site), check=True)
    assert f"({len(ALL)} PDFs reused," in first.stdout  # the handouts' cache was primed by the fixture
    page = workshop / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nA line added for the rebuild.\n", encoding="utf-8")
    second = run_panelpress("build", "--root", str(workshop), "--site-dir", str(site), check=True)
    # the panel kit's PDFs too, now; and the Handouts page's covers come from their cache
    reused = re.search(r"\((\d+) PDFs reused, 0 typeset; (\d+) covers reused, 0 drawn\)", second.stdout)
    on_site = len(list((site / "handouts").glob("*.pdf")))  # a cover each, for the Handouts page
    assert reused and int(reused[1]) > len(ALL) and int(reused[2]) == on_site >= 3, second.stdout
    assert f"; 0 covers reused, {on_site} drawn)" in first.stdout  # the fixture typeset, drew nothing
    workbook = next((site / "handouts").glob("*-workbook.pdf"))
    assert "Answering a cold ask" in text(workbook.read_bytes())
    assert not (site / ".panelpress-cache").exists() and pdfcache.folder(workshop).is_dir()
    built = site / "about" / "index.html"
    assert "A line added for the rebuild." in built.read_text(encoding="utf-8")
