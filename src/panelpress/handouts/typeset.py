"""HTML → PDF with WeasyPrint, in worker processes beside the build."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from multiprocessing.context import BaseContext


def workers_context() -> BaseContext:
    """How worker processes are started. Forking is the fastest (a worker starts with what the
    build has imported) and safe from a single-threaded `panelpress build`; but `serve` runs a
    web server thread, and a fork taken while another thread holds a lock can hang the child.
    So a process with threads starts its workers from a fork server, a clean single-threaded
    process (about 0.1 s more, once per serve session)."""
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")


def warm() -> None:
    import weasyprint  # noqa: F401  (each worker imports it while the parent goes on with the site)


def typeset(html: str, base_url: str | None) -> tuple[bytes, int, float]:
    """HTML → PDF bytes and page count; runs in a worker process."""
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url).render()
    data = document.write_pdf(pdf_tags=True)  # tagged: screen readers get headings, lists, tables
    return data, len(document.pages), time.perf_counter() - started


class Typesetting:
    """HTML documents being typeset in worker processes; `result()` waits for them.

    WeasyPrint lays out about 8 pages a second on one core, and importing it takes most of a
    second: the documents are typeset side by side in workers, which import WeasyPrint
    themselves, so the build goes on with the website's pages meanwhile."""

    def __init__(self, pages: dict[str, str], base_url: str | None) -> None:
        self.pages, self.base = pages, base_url
        workers = min(len(pages), os.cpu_count() or 1)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        if workers > 1:
            self.pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=workers_context(), initializer=warm)
            self.futures = {key: self.pool.submit(typeset, html, base_url)  # longest first
                            for key, html in sorted(pages.items(), key=lambda kv: -len(kv[1]))}

    def result(self) -> dict[str, tuple[bytes, int, float]]:
        """Each document's PDF bytes, page count and typesetting time, by key."""
        if self.pool is None:  # one core: typeset here, one after the other
            return {key: typeset(html, self.base) for key, html in self.pages.items()}
        try:
            return {key: future.result() for key, future in self.futures.items()}
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
