"""Python's full garbage collections held off for a block of work that keeps everything it makes
alive until it ends: each full collection would walk it all again and free nothing.

Two such blocks: the plugin's `on_config` (site/plugin.py: loading and validating a workshop's
data, every file's values and positions alive as it goes, then what the build keeps till its end,
frozen at the block's end: site/heap.py) and typesetting one PDF (handouts/typeset.py: every page's
boxes stay alive until the PDF is written; handouts/collector.py measured what it saves). The
young collections still run (they are cheap and free what dies young); the thresholds are put
back afterwards, so the next full collection frees what the block dropped.

(CPython 3.11, where a full collection needs the third threshold exceeded; a CPython whose
incremental collector ignores that threshold is left as it behaves.)"""

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
