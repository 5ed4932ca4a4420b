"""PDFs typeset side by side (handouts/typeset.py): the documents a process typesets share one
font configuration, so the identity's fonts are decoded once for all of them, with the same
PDFs as each typeset alone; and the decoded fonts never stay behind in the temporary folder."""

from __future__ import annotations

import concurrent.futures
import io
import multiprocessing.util
import tempfile
import threading

import pytest
from pypdf import PdfReader

from panelpress import identity
from panelpress.handouts import typeset
from panelpress.handouts.typeset import Typesetting, Workers

pytestmark = pytest.mark.build  # WeasyPrint in worker processes: seconds, not the fast tier

FONTS = identity.file_base(None)
needs_fonts = pytest.mark.skipif(not FONTS, reason="the identity's fonts are not installed (npm ci)")


def document(title: str, text: str) -> str:
    return (f"<html lang=\"en\"><style>{identity.font_faces(FONTS)} body {{ font-family: {identity.FONT_STACK} }}</style>"
            f"<h1>{title}</h1><p><b>{text}</b> <i>{text}</i> {text}</p>")


DOCUMENTS = {"first": document("Zebra quartz", "Jumpy wizards vex"),
             "second": document("Ostrich", "Bright ample glyphs, ÿ ő ŧ")}


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def one_core(monkeypatch) -> None:
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 1)


@needs_fonts
@pytest.mark.parametrize("cores", [1, 2])
def test_no_decoded_font_stays_in_the_temporary_folder(tmp_path, monkeypatch, cores):
    # each document used to leave WeasyPrint's decoded fonts (~0.6 MB) in /tmp for good
    if cores == 1:
        one_core(monkeypatch)
    # multiprocessing's own folder (pymp-…, removed when the process ends) is made by the first
    # pool of a process: made before, so it is not counted here when this test comes first in
    # its process (a pytest-xdist worker)
    multiprocessing.util.get_temp_dir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    workers = Workers()  # the build's, shared by two outputs, as `outputs.Outputs` does
    handouts = Typesetting({"first": DOCUMENTS["first"]}, None, workers=workers)
    kit = Typesetting({"second": DOCUMENTS["second"]}, None, workers=workers)
    made = {**handouts.result(), **kit.result()}
    workers.shutdown()
    alone = Typesetting(DOCUMENTS, None).result()  # its own workers
    assert list(tmp_path.iterdir()) == []
    for pdfs in (made, alone):
        assert any(name.startswith("Source-Sans-3") for name in fonts_of(pdfs["first"][0]))  # the identity's face
        assert "Zebra quartz" in PdfReader(io.BytesIO(pdfs["first"][0])).pages[0].extract_text()


@needs_fonts
def test_documents_sharing_fonts_get_the_pdf_each_gets_alone(monkeypatch):
    alone = {key: Typesetting({key: html}, None).result()[key][0] for key, html in DOCUMENTS.items()}
    one_core(monkeypatch)  # one process typesets both, one after the other, with one font configuration
    together = Typesetting(DOCUMENTS, None).result()
    assert {key: made[0] for key, made in together.items()} == alone


def test_some_documents_are_had_before_the_others(monkeypatch):
    one_core(monkeypatch)
    typesetting = Typesetting({"wanted": "<html lang=\"en\"><p>Wanted</p>", "later": "<html lang=\"en\"><p>Later</p>"}, None)
    some = typesetting.some(["wanted"])
    assert list(some) == ["wanted"] and "later" not in typesetting.made  # the other is not typeset yet
    everything = typesetting.result()
    assert everything["wanted"] == some["wanted"] and everything["later"][1] == 1


def _page(text: str) -> str:
    return f"<html lang=\"en\"><p>{text}</p>"


def test_held_documents_go_to_the_workers_only_once_released(monkeypatch):
    """`serve`: the kit's documents wait while the site's are typeset (outputs.Outputs releases
    them once the site's pages have their PDFs), so the workbook has the cores to itself."""
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 2)
    workers = Workers(hold_later=True)
    try:
        handouts = Typesetting({"workbook": _page("Workbook"), "guide": _page("Guide")}, None, workers=workers,
                               first={"workbook"})
        kit = Typesetting({"script": _page("Script")}, None, workers=workers)
        assert handouts.some(["workbook"])["workbook"][1] == 1
        # the workbook is done, the others were never handed to a worker
        assert not handouts.futures["guide"].done() and not kit.futures["script"].done()
        assert len(workers.held) == 2
        workers.release()
        assert "Guide" in PdfReader(io.BytesIO(handouts.result()["guide"][0])).pages[0].extract_text()
        assert kit.result()["script"][1] == 1
    finally:
        workers.shutdown()


def test_waiting_for_a_held_document_releases_it(monkeypatch):
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 2)
    workers = Workers(hold_later=True)
    try:
        kit = Typesetting({"script": _page("Script")}, None, workers=workers)
        assert workers.held  # held, until someone waits for it
        assert kit.result()["script"][1] == 1  # no release was called: waiting for it released it
    finally:
        workers.shutdown()


def test_held_documents_of_a_build_that_stops_are_cancelled(monkeypatch):
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 2)
    workers = Workers(hold_later=True)
    kit = Typesetting({"script": _page("Script")}, None, workers=workers)
    workers.shutdown(cancel=True)
    assert kit.futures["script"].cancelled() and workers.pool is None


def _abandon_while_running() -> None:
    """Hand a long document to the workers, abandon them as soon as the pool marks it running,
    and expect it to fail rather than be typeset to the end."""
    workers = Workers()
    try:
        long = "<html lang=\"en\">" + "".join(f"<p>Paragraph {n} of a long document.</p>" for n in range(3000))
        taken = workers.submit(long, None)
        for _ in range(600):
            if taken.running():
                break
            threading.Event().wait(0.05)
        assert taken.running()
        workers.abandon()
        concurrent.futures.wait([taken], timeout=120)
        assert taken.done() and (taken.cancelled() or taken.exception() is not None)
    finally:
        workers.shutdown()


def test_abandoned_workers_stop_typesetting_what_nobody_will_use(monkeypatch):
    """`serve`: a newer edit's build supersedes the last kit; the document a worker had taken
    (on the pool's call queue: no cancel reaches it) fails at once instead of being finished."""
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 2)
    _abandon_while_running()


def _slow_warm(*args):
    threading.Event().wait(1.5)  # a loaded machine: the pool hands a document over before its worker has started
    typeset.WARM(*args)


def test_a_document_handed_to_a_worker_not_yet_started_fails_when_abandoned(monkeypatch):
    """The pool marks a document running as it hands it over, which may be before the worker has
    started and told its id: abandoned then, the worker must not typeset it to the end (CI, stop
    28: `abandon` found no id to end, and the document was finished)."""
    monkeypatch.setattr(typeset.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(typeset, "WARM", typeset.warm, raising=False)
    monkeypatch.setattr(typeset, "warm", _slow_warm)
    _abandon_while_running()


def _frozen_and_tracked() -> tuple[int, int]:
    import gc

    return gc.get_freeze_count(), len(gc.get_objects())


def test_a_worker_keeps_what_it_inherited_out_of_its_collections():
    """A forked worker's inherited heap lives as long as it does: frozen by `warm`, so the full
    collections between its documents walk only what its documents made."""
    import gc
    import multiprocessing

    inherited = len(gc.get_objects())
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                                initializer=typeset.warm) as pool:
        frozen, tracked = pool.submit(_frozen_and_tracked).result()
    assert frozen >= inherited * 0.9
    assert tracked < inherited / 2


@needs_fonts
def test_a_stylesheet_is_parsed_once_a_process_and_prints_the_same(monkeypatch):
    """The documents of a build share their stylesheet: each process parses it once (the second
    document, here the same one again, parses nothing) and the PDF is the same bytes as with
    the sheet read from the document itself (as WeasyPrint did before)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    parsed = []
    original = CSS.__init__

    def counted(self, *args, **kwargs):
        parsed.append(kwargs.get("string", "")[:20])
        original(self, *args, **kwargs)

    fonts = FontConfiguration()
    # the process's memory of parsed sheets as a fresh worker's: other tests of this process filled it
    # (its eighth sheet empties it, which could fall between this document's two)
    monkeypatch.setattr(typeset, "_parsed", {})
    html = DOCUMENTS["second"].replace("<h1>", '<style>h1 { color: #a33; break-after: avoid }</style><h1>')
    monkeypatch.setattr(CSS, "__init__", counted)
    first = typeset.typeset(html, None, fonts)
    assert len(parsed) == 2  # the document's two <style> elements
    again = typeset.typeset(html, None, fonts)
    assert len(parsed) == 2 and again[0] == first[0]
    monkeypatch.setattr(typeset, "_OTHER_STYLES", typeset.re.compile(""))  # the document's own, as before
    assert typeset.typeset(html, None, fonts)[0] == first[0]


@pytest.mark.parametrize("html", ['<link rel="stylesheet" href="x.css"><style>p { color: red }</style><p>a',
                                  '<style media="print">p { color: red }</style><p>a',
                                  '<style>@counter-style dots { system: cyclic; symbols: "•" }</style><ol><li>a'])
def test_a_document_with_another_kind_of_style_keeps_it_in_the_document(html):
    """A template override that links a stylesheet, or a sheet WeasyPrint reads per document: the
    document keeps its <style> (its cascade as written)."""
    assert typeset._stylesheets(html, None, object()) == (html, [])
