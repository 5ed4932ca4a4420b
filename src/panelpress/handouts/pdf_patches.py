"""Run-time patches of the PDF writer's dependencies, each for the one version it was written for.

A patch here changes how fast a PDF is written, never its bytes (tests/test_pdf_patches.py
compares them). It applies only to the version it was read against: another version may have
fixed the cause, or changed the code the patch assumes, so it is left alone (and a test says
so). Each is worth reporting upstream; the text of each report is kept with the team's notes."""

from __future__ import annotations

import logging

log = logging.getLogger("mkdocs.plugins.panelpress.pdf")

# pydyf's `PDF.page_references` as read in pydyf 0.13.0 (WeasyPrint 70 requires pydyf >= 0.11)
PAGE_REFERENCES_FOR = "0.13.0"


def remember_page_references() -> bool:
    """Make pydyf's `PDF.page_references` compute its tuple once per page count, not on every use.
    Whether the patch is in place (False: another pydyf, left alone).

    A tagged PDF (`pdf_tags=True`) names the page of every tagged element, and WeasyPrint asks
    `pdf.page_references[n]` each time, which builds a tuple of every page's reference anew:
    elements × pages, so the workbook's cost per page grew with its length (at 100 lessons 4 %
    of its typesetting, at 1000 lessons much more). The tuple only changes when a page is added,
    so it is kept with the page count it was made for; pydyf's own property makes it. The PDF's
    bytes are the same. (pydyf 0.13.0, WeasyPrint 70; idempotent.)"""
    import pydyf

    original = pydyf.PDF.page_references
    if getattr(original.fget, "remembered", False):
        return True
    if pydyf.__version__ != PAGE_REFERENCES_FOR:
        log.debug(f"panelpress: pydyf {pydyf.__version__} keeps its own page_references "
                  f"(the patch is for {PAGE_REFERENCES_FOR})")
        return False

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        kept = pdf.__dict__.get("_panelpress_page_references")
        if kept is None or kept[0] != count:
            kept = (count, page_references.original.fget(pdf))  # type: ignore[attr-defined]
            pdf.__dict__["_panelpress_page_references"] = kept
        return kept[1]

    page_references.remembered = True  # type: ignore[attr-defined]
    page_references.original = original  # type: ignore[attr-defined]  (the tests compare both)
    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)
    return True


def forget_page_references() -> None:
    """Put pydyf's own `page_references` back (the tests: with and without the patch)."""
    import pydyf

    fget = pydyf.PDF.page_references.fget
    if getattr(fget, "remembered", False):
        pydyf.PDF.page_references = fget.original
