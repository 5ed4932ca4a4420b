#!/usr/bin/env python3
"""Live-preview speed: how long after saving a YAML file the page in `panelpress serve` shows it.

Copies the flagship workshop to a temporary folder, starts `panelpress serve` on 127.0.0.1,
then, several times: changes a lesson's title in its data file and polls the lesson's page
until the new title is served. With --outputs, `serve_outputs: true` is set and an exercise's
title is changed instead, polling the workbook PDF until its text shows it (unchanged PDFs
come from the PDF cache; the changed ones are typeset again). Prints each time and the median;
writes JSON with --json.

The workbook's poll is cheap, so the bench itself neither slows the build nor adds to the time
it measures: a PDF is read for its text only when its bytes changed, and page by page until the
new title shows (pypdf reads the whole workbook in about 0.45 s of CPU: polled every 0.1 s that
took a core from the build, and the last read added its own time). `--full-read` polls as before
(every poll reads the whole PDF), to compare. With --outputs the time the new workbook was first
served (its bytes changed) is reported beside the time its text was read to show the edit.
Usage: scripts/bench_serve.py [--runs 5] [--outputs [--full-read]] [--json bench-results/serve.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSON = "data/lessons/referral-puts-a-name-on-the-line.yml"
PAGE = "lessons/referral-puts-a-name-on-the-line/"
EXERCISE = "data/exercises/answering-a-cold-ask.yml"  # a worksheet of the workbook


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def fetch_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read()
    except OSError:
        return b""


def page_texts(data: bytes):
    """The PDF's pages' text, one page at a time (nothing for bytes that are not a PDF yet)."""
    import io

    from pypdf import PdfReader

    try:
        for page in PdfReader(io.BytesIO(data)).pages:
            yield page.extract_text()
    except Exception:  # not there yet, or being replaced
        return


class PdfPoll:
    """Whether a served PDF's text shows a string, reading it only when its bytes changed and
    only as far as the first page that shows it (`full`: the whole PDF on every poll, as the
    bench did before). `changed`: when the bytes first differed from `baseline`'s."""

    def __init__(self, full: bool = False) -> None:
        self.full = full
        self.baseline = b""
        self.changed: float | None = None
        self._read: tuple[bytes, str] = (b"", "")  # the last bytes read, and the text they did not show

    def start(self, url: str) -> None:
        self.baseline, self.changed = fetch_bytes(url), None

    def __call__(self, url: str, text: str) -> bool:
        data = fetch_bytes(url)
        if data and data != self.baseline and self.changed is None:
            self.changed = time.perf_counter()
        if self.full:
            return text in " ".join(page_texts(data))
        if not data or self._read == (data, text):
            return False
        if any(text in page for page in page_texts(data)):
            return True
        self._read = (data, text)
        return False


def page_shows(url: str, text: str) -> bool:
    return text in fetch(url)


def wait_for(url: str, text: str, timeout: float, shows=page_shows, every: float = 0.02) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if shows(url, text):
            return time.perf_counter() - started
        time.sleep(every)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--outputs", action="store_true", help="serve_outputs: true; time the workbook PDF")
    parser.add_argument("--full-read", action="store_true",
                        help="with --outputs: read the whole PDF on every poll (the bench before stop 27)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    args.json = args.json or REPO / "bench-results" / ("serve-outputs.json" if args.outputs else "serve.json")
    work = Path(tempfile.mkdtemp(prefix="panelpress-serve-"))
    for name in ("data", "docs", "templates", "mkdocs.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    if args.outputs:
        config = (work / "mkdocs.yml").read_text(encoding="utf-8")
        config, found = re.subn(r"(?m)^  - panelpress:?[ \t]*$", "  - panelpress:\n      serve_outputs: true", config)
        assert found == 1, "bench_serve: no `- panelpress` line in mkdocs.yml"
        (work / "mkdocs.yml").write_text(config, encoding="utf-8")
        workshop_id = re.search(r"(?m)^id:\s*(\S+)", (work / "data/workshop.yml").read_text(encoding="utf-8"))[1]
    port = free_port()
    # mkdocs serve mounts the site at the path of site_url (e.g. /networking/)
    site_url = re.search(r"(?m)^site_url:\s*(\S+)", (work / "mkdocs.yml").read_text(encoding="utf-8"))
    mount = urllib.parse.urlsplit(site_url.group(1)).path if site_url else "/"
    url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/"
    env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "panelpress", "serve", "-a", f"127.0.0.1:{port}"], cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    times, served = [], []
    try:
        first = wait_for(url + PAGE, "</html>", 120)
        if first is None:
            sys.exit("bench_serve: the preview did not start")
        source = work / (EXERCISE if args.outputs else LESSON)
        poll = PdfPoll(full=args.full_read)
        target, shows = (url + PAGE, page_shows) if not args.outputs else \
            (url + f"handouts/{workshop_id}-workbook.pdf", poll)
        if args.outputs and wait_for(target, "%PDF", 120, lambda u, t: fetch_bytes(u).startswith(t.encode())) is None:
            sys.exit("bench_serve: the workbook was never served")
        time.sleep(2)  # the first build's PDFs are written
        original = source.read_text(encoding="utf-8")
        for run in range(args.runs):
            marker = f"Edited{run}x{time.time_ns() % 100000}"
            if args.outputs:
                poll.start(target)
            saved = time.perf_counter()
            source.write_text(original.replace("\ntitle: ", f"\ntitle: {marker} ", 1), encoding="utf-8")
            took = wait_for(target, marker, 60, shows, every=0.02 if not args.outputs else 0.1)
            if took is None:
                sys.exit(f"bench_serve: run {run}: {target} never showed the change")
            times.append(took)
            first = f" (the new PDF first served at {poll.changed - saved:.2f} s)" if args.outputs and poll.changed else ""
            if first:
                served.append(poll.changed - saved)
            print(f"run {run + 1}: {took:.2f} s from saving {source.relative_to(work)} to {target} showing it{first}")
            time.sleep(0.5 if not args.outputs else 2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
          f"over {len(times)} edits" + (f"; the new PDF first served: median {statistics.median(served):.2f} s"
                                        if served else ""))
    result = {"edit_to_page_s": times, "median_s": statistics.median(times)}
    if served:
        result |= {"edit_to_new_pdf_served_s": served, "served_median_s": statistics.median(served),
                   "poll": "full read" if args.full_read else "read when changed, up to the page showing it"}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
