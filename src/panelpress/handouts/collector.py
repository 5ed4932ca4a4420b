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

So while a document is typeset the full collections wait (the young ones still run: they
are cheap and free what dies young), and the thresholds are put back afterwards: the next
full collection frees the document's cycles once it is dropped. One full collection is made
on purpose, between the layout and the PDF (`collect_layout_garbage`): the layout's own
garbage, caught only by a full collection, would otherwise stay while the PDF step adds a
third to the memory (at 300 lessons the peak 1,174 MB instead of 955; Python's own thresholds
961; at 1000 lessons 2,940 MB, Python's own 3,086–3,339), and what it frees is work the
collection after the document would do anyway (that one then costs 0.8 s instead of 2.7). One
collection instead of 18 at 300 lessons, 23 at 1000. The PDF's bytes are the same.

(Measured on CPython 3.11, where a full collection needs the third threshold exceeded; a
CPython whose incremental collector ignores that threshold is left as it behaves.)"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# the third threshold: gen1 collections before a full one may run; this many never come
_NEVER = 2**30


@contextmanager
def full_collections_deferred() -> Iterator[None]:
    """Hold off the collector's full collections for the block; restore the thresholds after.
    Nested blocks and a collector switched off (`gc.disable`) are left as they are."""
    thresholds = gc.get_threshold()
    if thresholds[2] >= _NEVER:  # an outer block holds them off already
        yield
        return
    gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def collect_layout_garbage() -> int:
    """One full collection, between a document's layout and its PDF (inside
    `full_collections_deferred`): frees what the layout left in cycles before the PDF step
    adds its objects, so the peak memory is no higher than with Python's own thresholds."""
    return gc.collect()
