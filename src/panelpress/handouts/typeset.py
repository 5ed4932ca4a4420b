"""HTML → PDF with WeasyPrint, in worker processes beside the build."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import multiprocessing.util
import os
import shutil
import tempfile
import threading
import time
from multiprocessing.context import BaseContext
from pathlib import Path

from . import pdfcache

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
    # the fork server imports WeasyPrint once per serve session, so the workers of each rebuild
    # start with it (a PDF changed by an edit is out about a second sooner)
    context.set_forkserver_preload(["weasyprint"])
    return context


def start_fork_server() -> None:
    """Start the fork server now (`serve` with its outputs on): it imports WeasyPrint while the
    first build runs, so the first edit's PDFs are not slowed by that import."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    from multiprocessing import forkserver

    forkserver.ensure_running()


# A worker's one font configuration, for every document it typesets (see `warm`)
_fonts = None


def warm() -> None:
    """A worker's start, while the build goes on with the site: import WeasyPrint, and make the
    one FontConfiguration its documents share. Every document declares the identity's eight
    @font-face rules; with a configuration of its own, each decoded all eight woff2 files again
    (fontTools, about 0.25 s of CPU a document, half the flagship's typesetting), and the
    PDFs are the same bytes either way. The decoded fonts go into a temporary folder of the
    worker's own, removed when the worker exits: WeasyPrint removes its folder only when its
    configuration is garbage-collected, which a worker's exit never waits for (each document
    used to leave ~0.6 MB of fonts in /tmp)."""
    global _fonts
    from weasyprint.text.fonts import FontConfiguration

    folder = _fonts_folder()
    _fonts = FontConfiguration()
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                                  exitpriority=0)


def _fonts_folder() -> str:
    """A fresh temporary folder that this process's later temporary files (WeasyPrint's decoded
    fonts) go into."""
    folder = tempfile.mkdtemp(prefix="panelpress-fonts-")
    tempfile.tempdir = folder
    return folder


def typeset(html: str, base_url: str | None, fonts: object = None) -> tuple[bytes, int, float]:
    """HTML → PDF bytes and page count; runs in a worker process (with the worker's fonts), or
    in the build's with the `fonts` of its Typesetting."""
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url).render(font_config=fonts or _fonts)
    data = document.write_pdf(pdf_tags=True)  # tagged: screen readers get headings, lists, tables
    return data, len(document.pages), time.perf_counter() - started


class Workers:
    """The worker processes of one build, shared by every output that typesets (the handouts,
    the panel kit): as many as there are cores, each importing WeasyPrint and decoding the
    fonts once for all the documents it gets (a pool per output started four processes on two
    cores, each paying both). Started on the first document; `shutdown` when the build ends."""

    def __init__(self) -> None:
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def submit(self, html: str, base_url: str | None) -> concurrent.futures.Future:
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(os.cpu_count() or 1, mp_context=workers_context(),
                                                               initializer=warm)
        return self.pool.submit(typeset, html, base_url)

    def shutdown(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=cancel)
            self.pool = None


class Typesetting:
    """HTML documents being typeset in worker processes; `result()` waits for them.

    WeasyPrint lays out about 8 pages a second on one core, and importing it takes most of a
    second: the documents are typeset side by side in workers, which import WeasyPrint
    themselves, so the build goes on with the website's pages meanwhile. The workers are the
    build's `Workers` when given (documents are done in the order they were handed in, so the
    handouts the site's pages wait for go first), else this typesetting's own, stopped when
    its result is in. With a `cache` folder, a document whose HTML and resources are unchanged
    is not typeset again (see pdfcache); when every document is cached no worker starts at all."""

    def __init__(self, pages: dict[str, str], base_url: str | None, cache: Path | None = None,
                 workers: Workers | None = None) -> None:
        self.pages, self.base = pages, base_url
        self.cache = pdfcache.PdfCache(cache) if cache is not None else None
        self.keys = {key: pdfcache.key(html, base_url) for key, html in pages.items()} if self.cache else {}
        self.reused: dict[str, tuple[bytes, int, float]] = {}
        for name, digest in self.keys.items():
            entry = self.cache.get(digest) if self.cache else None
            if entry is not None:
                self.reused[name] = (entry.data, entry.pages, 0.0)
        self.todo = {key: html for key, html in pages.items() if key not in self.reused}
        self.own = workers is None
        self.workers = Workers() if workers is None else workers
        self.futures: dict[str, concurrent.futures.Future] = {}
        # even one document goes to a worker: the build goes on beside it; one core: typeset in `result`
        if self.todo and (os.cpu_count() or 1) > 1:
            self.futures = {key: self.workers.submit(html, base_url)  # longest first
                            for key, html in sorted(self.todo.items(), key=lambda kv: -len(kv[1]))}

    @property
    def started(self) -> bool:
        """Whether any document went to a worker."""
        return bool(self.futures)

    def result(self) -> dict[str, tuple[bytes, int, float]]:
        """Each document's PDF bytes, page count and typesetting time (0 if reused), by key."""
        try:
            if not self.futures:  # one core, or nothing to do: typeset here, one after the other
                made = self._here()
            else:
                made = {key: future.result() for key, future in self.futures.items()}
        finally:
            self.cancel()
        if self.cache is not None:
            for name, (data, pages, _) in made.items():
                self.cache.put(self.keys[name], data, pages)
            self.cache.prune(set(self.keys.values()))
            log.info(f"panelpress: {len(self.reused)} PDFs reused, {len(made)} typeset")
        done = {**self.reused, **made}
        return {key: done[key] for key in self.pages}

    def _here(self) -> dict[str, tuple[bytes, int, float]]:
        """The documents typeset in this process, sharing one font configuration (see `warm`),
        whose decoded fonts are removed afterwards."""
        if not self.todo:
            return {}
        from weasyprint.text.fonts import FontConfiguration

        previous = tempfile.tempdir
        folder = _fonts_folder()
        try:
            fonts = FontConfiguration()
            return {key: typeset(html, self.base, fonts) for key, html in self.todo.items()}
        finally:
            tempfile.tempdir = previous
            shutil.rmtree(folder, ignore_errors=True)

    def cancel(self) -> None:
        """Stop what has not begun (what a worker has begun still finishes); the build's shared
        workers stop with the build."""
        for future in self.futures.values():
            future.cancel()
        if self.own:
            self.workers.shutdown(cancel=True)
