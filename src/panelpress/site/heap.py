"""The build's long-lived objects, kept out of Python's full garbage collections while MkDocs
builds the pages.

What the plugin loads in `on_config` (the workshop model, the label catalogue, the Jinja
environment, the modules of the validation, the outputs and the leak check) lives until the
build ends. MkDocs then makes and drops objects for thousands of pages, and each of Python's
full collections walks every tracked object there is, ours included: the more the plugin holds,
the dearer each of MkDocs' own collections. `gc.freeze()` moves what is alive at the end of
`on_config` into the collector's permanent generation, which no collection walks; the pages'
objects, made later, are collected as before. `release` (the build's end, or its failure) puts
them back, so a `serve` session, which builds again on every save, never keeps a previous
build's garbage.

(Until the freeze, the whole of `on_config` runs with full collections held off: gcdefer.py.)

(CPython 3.11: `gc.freeze` is documented for this, "to avoid collecting objects that are known
to live long". Nothing that is garbage at the freeze is lost: reference counting still frees it,
and `release` hands cycles back to the collector.)
"""

from __future__ import annotations

import gc


class LongLived:
    """Freezes the objects alive now for one build; leaves a collector that is off, or a freeze
    made by someone else (an embedding program), as it is."""

    def __init__(self) -> None:
        self.frozen = False

    def freeze(self) -> None:
        if self.frozen or not gc.isenabled() or gc.get_freeze_count():
            return
        gc.freeze()
        self.frozen = True

    def release(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
