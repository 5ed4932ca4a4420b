"""HTML → PDF with WeasyPrint, in worker processes beside the build."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import threading
import time
from multiprocessing.context import BaseContext
from pathlib import Path

from . import pdfcache, text_layer

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


def warm() -> None:
    import weasyprint  # noqa: F401  (each worker imports it while the parent goes on with the site)


def typeset(html: str, base_url: str | None) -> tuple[bytes, int, float]:
    """HTML → PDF bytes and page count; runs in a worker process."""
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url).render()
    # tagged: screen readers get headings, lists, tables; the text layer reads quotes as typed
    data = document.write_pdf(pdf_tags=True, finisher=text_layer.typed_quotes)
    return data, len(document.pages), time.perf_counter() - started


class Typesetting:
    """HTML documents being typeset in worker processes; `result()` waits for them.

    WeasyPrint lays out about 8 pages a second on one core, and importing it takes most of a
    second: the documents are typeset side by side in workers, which import WeasyPrint
    themselves, so the build goes on with the website's pages meanwhile. With a `cache` folder,
    a document whose HTML and resources are unchanged is not typeset again (see pdfcache); when
    every document is cached no worker starts at all."""

    def __init__(self, pages: dict[str, str], base_url: str | None, cache: Path | None = None) -> None:
        self.pages, self.base = pages, base_url
        self.cache = pdfcache.PdfCache(cache) if cache is not None else None
        self.keys = {key: pdfcache.key(html, base_url) for key, html in pages.items()} if self.cache else {}
        self.reused: dict[str, tuple[bytes, int, float]] = {}
        for name, digest in self.keys.items():
            entry = self.cache.get(digest) if self.cache else None
            if entry is not None:
                self.reused[name] = (entry.data, entry.pages, 0.0)
        self.todo = {key: html for key, html in pages.items() if key not in self.reused}
        workers = min(len(self.todo), os.cpu_count() or 1)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        if workers and (os.cpu_count() or 1) > 1:  # even one document: the build goes on beside it
            self.pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=workers_context(), initializer=warm)
            self.futures = {key: self.pool.submit(typeset, html, base_url)  # longest first
                            for key, html in sorted(self.todo.items(), key=lambda kv: -len(kv[1]))}

    def result(self) -> dict[str, tuple[bytes, int, float]]:
        """Each document's PDF bytes, page count and typesetting time (0 if reused), by key."""
        try:
            if self.pool is None:  # one core, or one document: typeset here, one after the other
                made = {key: typeset(html, self.base) for key, html in self.todo.items()}
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

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
