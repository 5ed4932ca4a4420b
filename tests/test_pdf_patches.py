"""What panelpress changes in how a PDF is written, for speed, never in what is written:
pydyf's page list made once per page count (handouts/pdf_patches.py, only on the pydyf it was
written for) and the collector's full collections held off while a document is typeset, but
one between a layout and its PDF every 25 pages (handouts/collector.py). Each: the same PDF bytes with and without it."""

from __future__ import annotations

import gc
import io

import pydyf
import pytest
from pypdf import PdfReader

from panelpress import gcdefer
from panelpress.handouts import collector, pdf_patches, typeset

pytestmark = pytest.mark.build  # WeasyPrint: a second or two, not the fast tier

# a dozen pages of headings, paragraphs and a list: a tag tree naming the page of every element
HTML = '<html lang="en"><title>Patches</title>' + "".join(
    f"<h2>Part {n}</h2><p>{'Words to read. ' * 200}</p><ul><li>One</li><li>Two</li></ul>" for n in range(12))


@pytest.fixture
def pydyf_as_shipped():
    """pydyf's own page_references during the test, the patch (if it was on) after."""
    was_on = getattr(pydyf.PDF.page_references.fget, "remembered", False)
    pdf_patches.forget_page_references()
    yield
    if was_on:
        pdf_patches.remember_page_references()


def typeset_alone(html: str = HTML) -> tuple[bytes, int]:
    data, pages, _ = typeset.typeset(html, None)
    return data, pages


def test_page_references_are_made_once_per_page_count_with_the_same_pdf(pydyf_as_shipped, monkeypatch):
    # a tagged PDF names the page of each tagged element: pydyf built the list of every page's
    # reference for each one (elements × pages), so a long workbook cost more per page
    plain, pages = typeset_alone()
    assert pdf_patches.remember_page_references() is True  # pydyf 0.13.0, the one it was written for
    original = pydyf.PDF.page_references.fget.original
    made = []
    monkeypatch.setattr(pydyf.PDF.page_references.fget, "original",
                        property(lambda pdf: made.append(1) or original.fget(pdf)))
    patched, pages_patched = typeset_alone()
    assert pages == pages_patched >= 12 and 0 < len(made) <= 2  # once (with the outline), not once per element
    assert patched == plain  # the same bytes
    text = PdfReader(io.BytesIO(patched)).pages[11].extract_text()
    assert "Part 11" in text and "Words to read." in text


def test_another_pydyf_keeps_its_own_page_references(pydyf_as_shipped, monkeypatch):
    shipped = pydyf.PDF.page_references
    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    assert pdf_patches.remember_page_references() is False
    assert pydyf.PDF.page_references is shipped  # left alone
    data, pages = typeset_alone()  # typeset asks for the patch too: still pydyf's own
    assert pydyf.PDF.page_references is shipped
    assert pages >= 12 and "Part 0" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


class FullCollections:
    """Counts the collector's full (oldest-generation) collections while it is listening."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            self.count += 1


@pytest.fixture
def eager_collector():
    """A collector that starts a full collection at nearly every chance (the long-lived objects
    frozen out of its count, low thresholds), as a long document's layout makes it do: without
    the deferral, a small document sees several."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.collect()  # the collector now counts no long-lived objects: a full collection is always due
    gc.set_threshold(200, 2, 2)
    listener = FullCollections()
    gc.callbacks.append(listener)
    try:
        yield listener
    finally:
        gc.callbacks.remove(listener)
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def test_full_collections_wait_while_documents_are_typeset_but_one_every_25_pages(eager_collector, monkeypatch):
    """Held off while a document is typeset, the full collections come back as one between a
    layout and its PDF once 25 pages have been typeset since the last (collector.py measured it:
    a 13-page document collecting on its own cost its walk of the document, 0.05 s, to free little).
    The deliberate change of mend23: it was one after every document."""
    monkeypatch.setattr(collector, "_uncollected_pages", 0)
    document = typeset.layout(HTML, None, None)  # without the deferral
    undeferred = typeset.write(document)
    del document
    assert eager_collector.count > 1  # the test can fail: these thresholds do start full collections
    assert collector.COLLECT_EVERY_PAGES == 25
    counts = []
    for _ in range(3):  # as a build's worker typesets: 13, 26 (collects), 13 pages
        eager_collector.count = 0
        deferred, pages = typeset_alone()
        counts.append(eager_collector.count)
        assert deferred == undeferred and pages == 13  # the same bytes, collected or not
    assert counts == [0, 1, 0]  # the second reaches 25 pages: one collection, and the count starts again
    assert collector._uncollected_pages == 13
    monkeypatch.setattr(collector, "_uncollected_pages", 0)
    monkeypatch.setattr(collector, "COLLECT_EVERY_PAGES", 13)  # a document as long as the threshold
    eager_collector.count = 0
    typeset_alone()
    assert eager_collector.count == 1  # collects on its own, as every document did before
    assert gc.get_threshold() == (200, 2, 2)  # put back afterwards


def test_thresholds_come_back_when_typesetting_fails():
    thresholds = gc.get_threshold()
    with pytest.raises(ValueError):
        with gcdefer.full_collections_deferred():
            with gcdefer.full_collections_deferred():  # nested: the outer one restores
                assert gc.get_threshold()[2] > 10**6
            assert gc.get_threshold()[2] > 10**6
            raise ValueError("a document that cannot be typeset")
    assert gc.get_threshold() == thresholds
