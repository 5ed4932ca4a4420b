"""HTML → PDF with WeasyPrint, in worker processes beside the build."""

from __future__ import annotations

import concurrent.futures
import functools
import gc
import logging
import multiprocessing
import multiprocessing.util
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Mapping
from multiprocessing.context import BaseContext
from multiprocessing.queues import SimpleQueue
from multiprocessing.synchronize import Event
from pathlib import Path

from . import artifacts, layout_patches, pdfcache, text_layer
from .fontstamp import fixed_font_timestamps
from ..gcdefer import full_collections_deferred
from .collector import collect_layout_garbage
from .libraries import import_weasyprint
from .pdf_patches import remember_page_references

# its own logger: `panelpress build` shows its INFO line (how many PDFs were reused) in its summary
log = logging.getLogger("mkdocs.plugins.panelpress.pdf")


def workers_context() -> BaseContext:
    """How worker processes are started. Forking is the fastest (a worker starts with what the
    build has imported) and safe from a single-threaded `panelpress build`; but `serve` runs a
    web server thread, and a fork taken while another thread holds a lock can hang the child.
    So a process with threads starts its workers from a fork server, a clean single-threaded
    process (started once per serve session)."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


# What the fork server imports once per serve session, so the workers of each rebuild start with
# it: WeasyPrint (a PDF changed by an edit is out about a second sooner), and this module with
# the package it is in (0.34 s of CPU a worker, on the way to the workbook: the worker's first
# task is a function of this module)
PRELOAD = ["weasyprint", __name__]


def start_fork_server() -> None:
    """Start the fork server now (`serve` with its outputs on): it imports WeasyPrint while the
    first build runs, so the first edit's PDFs are not slowed by that import."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()


# A worker's one font configuration, for every document it typesets (see `warm`)
_fonts = None
# Set by its Workers' `abandon`: a document this worker takes from then on fails at once
_ended: Event | None = None


def warm(started: SimpleQueue | None = None, ended: Event | None = None) -> None:
    """A worker's start, while the build goes on with the site: tell `started` (its Workers') who
    it is, so that `abandon` can end it, and keep `ended`; import WeasyPrint, and make the
    one FontConfiguration its documents share. Every document declares the identity's eight
    @font-face rules; with a configuration of its own, each decoded all eight woff2 files again
    (fontTools, about 0.25 s of CPU a document, half the flagship's typesetting), and the
    PDFs are the same bytes either way. The decoded fonts go into a temporary folder of the
    worker's own, removed when the worker exits: WeasyPrint removes its folder only when its
    configuration is garbage-collected, which a worker's exit never waits for (each document
    used to leave ~0.6 MB of fonts in /tmp)."""
    global _fonts, _ended
    _ended = ended
    if started is not None:
        started.put(os.getpid())  # before any document: a SimpleQueue's put is written at once
    from weasyprint.text.fonts import FontConfiguration

    folder = tempfile.mkdtemp(prefix="panelpress-fonts-")
    tempfile.tempdir = folder  # the worker's later temporary files (WeasyPrint's fonts) go there
    _fonts = FontConfiguration()
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                                  exitpriority=0)
    # What the worker has now (forked: the build's whole heap, ~97,000 objects for the flagship)
    # lives as long as it does: out of the collector's walks (gc.freeze), so each full collection
    # between documents (collector.py) walks the worker's own objects alone: the flagship's
    # collections in both workers 0.39 -> 0.23 s of CPU, the same PDFs
    gc.freeze()


def finish(document: object, pdf: object) -> None:
    """What is done to every typeset PDF before it is written: the text layer reads quotes as
    typed (text_layer), and printed copies are read once (artifacts)."""
    text_layer.typed_quotes(document, pdf)
    artifacts.copies_as_artifacts(document, pdf)


def typeset(html: str, base_url: str | None, fonts: object = None) -> tuple[bytes, int, float]:
    """HTML → PDF bytes and page count; runs in a worker process (with the worker's fonts), or
    in the build's with the `fonts` of its Typesetting."""
    if _ended is not None and _ended.is_set():  # its Workers were abandoned before this worker began it
        raise RuntimeError("typesetting abandoned: a newer build has begun")
    remember_page_references()
    artifacts.install()
    layout_patches.install()  # WeasyPrint 70's layout without its per-page walks over the whole document
    started = time.perf_counter()
    # the collector's full collections walk every page laid out so far: held off for the
    # document, but one, before the PDF step adds its objects (a lower peak memory than before)
    with full_collections_deferred():
        document = layout(html, base_url, fonts or _fonts)
        collect_layout_garbage(len(document.pages))
        data = write(document)
    return data, len(document.pages), time.perf_counter() - started


def layout(html: str, base_url: str | None, fonts: object) -> object:
    """WeasyPrint's layout of the whole document (a weasyprint Document). The files of its
    @font-face rules are decoded here, the first time a process meets them: a .woff is saved
    again through fontTools, which stamps it with the time of the save, so the fixed timestamp
    holds here too (fontstamp: otherwise each build's PDFs embed other bytes)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if fonts is None:  # typeset outside a worker (the tests): the sheets' @font-face rules go
        fonts = FontConfiguration()  # into a configuration of their own, as WeasyPrint's would
    with fixed_font_timestamps():
        html, sheets = _stylesheets(html, base_url, fonts)
        return HTML(string=html, base_url=base_url).render(font_config=fonts, stylesheets=sheets)


# A process's parsed stylesheets, by their text, base URL and font configuration: the handouts
# share one stylesheet, the panel kit's documents another, and WeasyPrint parsed each document's
# again (0.01-0.05 s of CPU each; the flagship's twelve PDFs 0.27 s in one process)
_parsed: dict[tuple[object, str, str | None], object] = {}
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
# what a user stylesheet would not do as the document's own does: another origin beside it, or
# rules WeasyPrint keeps per document rather than per sheet (counter styles, colour profiles)
_OTHER_STYLES = re.compile(r"<style\s|<link\b[^>]*\bstylesheet|@counter-style|@color-profile", re.IGNORECASE)


def _stylesheets(html: str, base_url: str | None, fonts: object) -> tuple[str, list[object]]:
    """The document without its <style> elements, and those parsed (once a process). They are
    given to WeasyPrint as the user's stylesheets, in their order: with no other style sheet in
    the document (no <link>, no <style media=…>: then it is left as it is) the cascade is the same
    and so are the PDFs (every one of the flagship's, byte for byte)."""
    if _OTHER_STYLES.search(html):
        return html, []
    from weasyprint import CSS

    sheets = []
    for text in _STYLE.findall(html):
        key = (fonts, text, base_url)
        if key not in _parsed:
            if len(_parsed) >= 8:  # a long `serve` session's edits: keep the recent ones
                _parsed.clear()
            _parsed[key] = CSS(string=text, base_url=base_url, font_config=fonts)
        sheets.append(_parsed[key])
    return _STYLE.sub("", html), sheets


def write(document: object) -> bytes:
    """The laid-out document's PDF: tagged, so screen readers get headings, lists, tables, and
    each printed copy once (artifacts); the text layer reads quotes as typed (`finish`); the
    fonts it embeds carry a fixed timestamp, not the time of the build (fontstamp)."""
    with fixed_font_timestamps():  # the same document, the same bytes (fontstamp)
        return document.write_pdf(pdf_tags=True, finisher=finish)  # type: ignore[attr-defined]


class Workers:
    """The worker processes of one build, shared by every output that typesets (the handouts,
    the panel kit): as many as there are cores, each decoding the fonts once for all the
    documents it gets (a pool per output started four processes on two cores, each importing
    WeasyPrint and decoding the fonts). Started on the first document, in the order documents
    are handed in; `shutdown` when the build ends.

    `hold_later` (`serve`, whose preview waits for the site's PDFs alone): the documents handed
    in as `later` wait until `release`, so the site's have the cores to themselves (on two cores
    the facilitator guide's worker took a third of the workbook's while the build went on)."""

    def __init__(self, hold_later: bool = False) -> None:
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.started: SimpleQueue | None = None  # the pool's workers say who they are here, as each starts (`warm`)
        self.ended: Event | None = None  # set by `abandon`, read by the workers (`typeset`)
        self.held: list[tuple[concurrent.futures.Future, str, str | None]] | None = [] if hold_later else None

    def submit(self, html: str, base_url: str | None, later: bool = False) -> concurrent.futures.Future:
        if later and self.held is not None:
            waiting: concurrent.futures.Future = concurrent.futures.Future()
            self.held.append((waiting, html, base_url))
            return waiting
        return self._pool().submit(typeset, html, base_url)

    def release(self) -> None:
        """Hand the held documents to the workers, and hold none from now on."""
        held, self.held = self.held or [], None
        for waiting, html, base_url in held:
            if waiting.set_running_or_notify_cancel():  # False: cancelled while held
                self._pool().submit(typeset, html, base_url).add_done_callback(
                    functools.partial(_pass_on, waiting))

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self.pool is None:
            context = workers_context()
            if context.get_start_method() == "fork":
                # imported once here, before the workers are forked, rather than once in each
                # (0.3 s of CPU each; the fork server of `serve` has it preloaded), without
                # ctypes' compiler probes (libraries.py)
                import_weasyprint()
            self.started, self.ended = context.SimpleQueue(), context.Event()
            self.pool = concurrent.futures.ProcessPoolExecutor(os.cpu_count() or 1, mp_context=context,
                                                               initializer=warm,
                                                               initargs=(self.started, self.ended))
        return self.pool

    def abandon(self) -> None:
        """Stop at once: cancel the documents no worker has begun (held ones too) and end the
        workers typesetting the others, whose PDFs nobody will use (`serve`: a newer edit's
        build has begun); their futures fail. Python 3.11's pool has no public way to end its
        workers (3.14's `terminate_workers`): each worker told `started` its process id as it
        started, and those of this process's children (multiprocessing's own list: a process
        that has ended is not in it, so no other process that took its id is touched) end. A
        document the pool had handed to a worker that had not started yet (its future already
        running, no id told) fails as that worker takes it: `ended` is set first, so every worker
        either told its id before this reads them or sees `ended` (CI, stop 28: such a document
        was typeset to the end)."""
        for waiting, _, _ in self.held or ():
            waiting.cancel()
        self.held = []
        if self.pool is not None:
            if self.ended is not None:
                self.ended.set()
            ours = set()
            while self.started is not None and not self.started.empty():
                ours.add(self.started.get())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in multiprocessing.active_children():
                if process.pid in ours:
                    process.terminate()

    def shutdown(self, cancel: bool = False) -> None:
        for waiting, _, _ in self.held or ():
            waiting.cancel()
        if self.held is not None:
            self.held = []
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None


def _pass_on(waiting: concurrent.futures.Future, done: concurrent.futures.Future) -> None:
    """A held document's outcome, from the worker's future to the one its Typesetting waits on."""
    if done.cancelled():
        waiting.set_exception(concurrent.futures.CancelledError())
    elif done.exception() is not None:
        waiting.set_exception(done.exception())
    else:
        waiting.set_result(done.result())


def _html(page: str | Callable[[], str]) -> str:
    """A document's HTML, made now when it was given as a function (`Typesetting`'s `keys`)."""
    return page() if callable(page) else page


class Typesetting:
    """HTML documents being typeset in worker processes; `some(keys)` waits for those, `result()`
    for all of them.

    WeasyPrint lays out about 8 pages a second on one core, and importing it takes most of a
    second: the documents are typeset side by side in workers, so the build goes on with the
    website's pages meanwhile. The workers are the build's `Workers` when given, else this
    typesetting's own, stopped when its result is in. Documents go to the workers in the order
    the caller needs them (`first`: the ones the site's pages wait for), each group longest
    first. With a `cache` folder, a document whose HTML and resources are unchanged is not
    typeset again (see pdfcache); when every document is cached no worker starts at all.

    `keys`: each document's cache key, when the caller works it out without the HTML (the panel
    kit's, panelkit_key.py); a document's HTML may then be a function called only when the
    document is not in the cache."""

    def __init__(self, pages: Mapping[str, str | Callable[[], str]], base_url: str | None,
                 cache: Path | None = None, workers: Workers | None = None, first: Collection[str] = (),
                 keys: Mapping[str, str] | None = None) -> None:
        self.pages, self.base = pages, base_url
        self.cache = pdfcache.PdfCache(cache) if cache is not None else None
        if keys is not None and self.cache is not None:
            self.keys = {name: keys[name] for name in pages}
        else:
            self.keys = {key: pdfcache.key(_html(html), base_url) for key, html in pages.items()} if self.cache else {}
        self.reused: dict[str, tuple[bytes, int, float]] = {}
        for name, digest in self.keys.items():
            entry = self.cache.get(digest) if self.cache else None
            if entry is not None:
                self.reused[name] = (entry.data, entry.pages, 0.0)
        self.todo = {key: _html(html) for key, html in pages.items() if key not in self.reused}
        self.made: dict[str, tuple[bytes, int, float]] = {}
        self.own = workers is None
        self.workers = Workers() if workers is None else workers
        self.futures: dict[str, concurrent.futures.Future] = {}
        self.first = frozenset(first)
        self._fonts: tuple[object, str] | None = None  # typesetting here (one core): fonts and their folder
        # even one document goes to a worker: the build goes on beside it; one core: typeset when asked
        if self.todo and (os.cpu_count() or 1) > 1:
            order = sorted(self.todo.items(), key=lambda kv: (kv[0] not in first, -len(kv[1])))
            self.futures = {key: self.workers.submit(html, base_url, later=key not in first) for key, html in order}

    @property
    def started(self) -> bool:
        """Whether any document went to a worker."""
        return bool(self.futures)

    def some(self, keys: Collection[str]) -> dict[str, tuple[bytes, int, float]]:
        """The PDF bytes, page count and typesetting time (0 if reused) of these documents, by
        key, as soon as they are done: the others may still be typesetting (or held: waiting
        for one of those hands them to the workers)."""
        if not self.first.issuperset(keys):
            self.workers.release()
        for key in keys:
            if key in self.reused or key in self.made:
                continue
            if key in self.futures:
                self.made[key] = self.futures[key].result()
            else:  # one core: typeset here, when first needed, WeasyPrint's fonts in our folder
                fonts, folder = self._here()
                previous, tempfile.tempdir = tempfile.tempdir, folder
                try:
                    self.made[key] = typeset(self.todo[key], self.base, fonts)
                finally:
                    tempfile.tempdir = previous
        return {key: self.reused.get(key) or self.made[key] for key in keys}

    def result(self) -> dict[str, tuple[bytes, int, float]]:
        """Each document's PDF bytes, page count and typesetting time (0 if reused), by key."""
        try:
            done = self.some(list(self.pages))
        finally:
            self.cancel()
        if self.cache is not None:
            for name, (data, pages, _) in self.made.items():
                self.cache.put(self.keys[name], data, pages)
            self.cache.prune(set(self.keys.values()))
            log.info(f"panelpress: {len(self.reused)} PDFs reused, {len(self.made)} typeset")
        return done

    def _here(self) -> tuple[object, str]:
        """The font configuration of documents typeset in this process (one core), one for them
        all (see `warm`), and the folder for its decoded fonts, removed by `cancel`."""
        if self._fonts is None:
            import_weasyprint()
            from weasyprint.text.fonts import FontConfiguration

            self._fonts = (FontConfiguration(), tempfile.mkdtemp(prefix="panelpress-fonts-"))
        return self._fonts

    def cancel(self) -> None:
        """Stop what has not begun (what a worker has begun still finishes); the build's shared
        workers stop with the build."""
        for future in self.futures.values():
            future.cancel()
        if self.own:
            self.workers.shutdown(cancel=True)
        if self._fonts is not None:
            shutil.rmtree(self._fonts[1], ignore_errors=True)
            self._fonts = None
