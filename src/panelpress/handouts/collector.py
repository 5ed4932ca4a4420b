"""Python's garbage collector while one document is typeset: its full collections wait.

Python's collector walks every tracked object it holds on a full (oldest-generation)
collection, and starts one each time the objects that survived the young collections add a
quarter to those that were there before. While WeasyPrint lays out a document every page's
boxes stay alive (the PDF paints them all, then walks them all again for the tag tree), so
each full collection walks the whole document made so far, and a longer document has more of
them: at 150 lessons (314 pages) 13 of them were 22 % of the layout's CPU, at 600 lessons
(1,237 pages) 21 were 23 %, and the PDF step got none or several depending on where the
quarter fell (most likely what made its cost per page jump at 1000 lessons). That was the
term of the workbook's cost that grew faster than its pages.

So while a document is typeset the full collections wait (`gcdefer.full_collections_deferred`,
which the loading of the data uses too; the young ones still run: they are cheap and free what
dies young), and the thresholds are put back afterwards: the next
full collection frees the document's cycles once it is dropped. One full collection is made
on purpose, between the layout and the PDF (`collect_layout_garbage`, for a long document or
once short ones add up to as many pages): the layout's own
garbage, caught only by a full collection, would otherwise stay while the PDF step adds a
third to the memory (at 300 lessons the peak 1,174 MB instead of 955; Python's own thresholds
961; at 1000 lessons 2,940 MB, Python's own 3,086–3,339), and what it frees is work the
collection after the document would do anyway (that one then costs 0.8 s instead of 2.7). One
collection instead of 18 at 300 lessons, 23 at 1000. The PDF's bytes are the same.

(Measured on CPython 3.11, where a full collection needs the third threshold exceeded.)"""

from __future__ import annotations

import gc

# A full collection between layout and PDF once this many pages have been typeset in the process
# since the last one (measured: see collect_layout_garbage).
COLLECT_EVERY_PAGES = 25
_uncollected_pages = 0  # pages typeset in this process since its last full collection


def collect_layout_garbage(pages: int) -> int:
    """One full collection between a document's layout and its PDF (inside
    `gcdefer.full_collections_deferred`), once `COLLECT_EVERY_PAGES` pages have been typeset since the
    last: it frees what the layouts left in cycles before the PDF step adds its objects.
    Returns the objects it freed (0 when it did not collect).

    The collection walks the whole document laid out, and the process's own objects too: about
    0.05-0.08 s for a short document, whatever it frees. Measured on the workbook alone
    (scripts/bench_handouts.py --gc collect no-collect, CPU, median of 3, a busy machine):
    without it 11 pages took 0.05 s less and held 4 MB more, 50 pages 0.08 s less and 17 MB
    more, 200 pages 0.28 s less and 72 MB more (286 -> 358 MB: the PDF step on top of the
    layout's garbage). And as Python's thresholds are held off again by the next document, a
    short document's garbage waits for the next full collection: the flagship's 12 PDFs (82
    pages) typeset in one process, as a worker does, made 13 full collections costing 0.90-1.03 s
    CPU at a peak of 102 MB when every document collected, 1 (0.25 s) at 136-144 MB when none
    did, 3 (0.43-0.48 s) at 105 MB counting pages across documents and collecting every 25
    (every 50: 2, 0.34-0.39 s, 121-137 MB). So a long document collects as before, short ones
    once their pages add up to 25, and no more than about 25 pages' garbage is ever waiting."""
    global _uncollected_pages
    _uncollected_pages += pages
    if _uncollected_pages < COLLECT_EVERY_PAGES:
        return 0
    _uncollected_pages = 0
    return gc.collect()
