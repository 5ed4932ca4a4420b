#!/usr/bin/env python3
"""Live-preview speed: how long after saving a YAML file the page in `panelpress serve` shows it.

Copies the flagship workshop to a temporary folder, starts `panelpress serve` on 127.0.0.1,
then, several times: changes a lesson's title in its data file and polls the lesson's page
until the new title is served. With --outputs, `serve_outputs: true` is set and an exercise's
title is changed instead, polling the workbook PDF until its text shows it (unchanged PDFs
come from the PDF cache; the changed ones are typeset again). Prints each time and the median;
writes JSON with --json.
Usage: scripts/bench_serve.py [--runs 5] [--outputs] [--json bench-results/serve.json]
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


def pdf_text(url: str) -> str:
    import io

    from pypdf import PdfReader

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            data = response.read()
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # not there yet, or being replaced
        return ""


def wait_for(url: str, text: str, timeout: float, read=fetch, every: float = 0.02) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in read(url):
            return time.perf_counter() - started
        time.sleep(every)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--outputs", action="store_true", help="serve_outputs: true; time the workbook PDF")
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
    times = []
    try:
        first = wait_for(url + PAGE, "</html>", 120)
        if first is None:
            sys.exit("bench_serve: the preview did not start")
        source = work / (EXERCISE if args.outputs else LESSON)
        target, read = (url + PAGE, fetch) if not args.outputs else \
            (url + f"handouts/{workshop_id}-workbook.pdf", pdf_text)
        if args.outputs and wait_for(target, "", 120, read) is None:
            sys.exit("bench_serve: the workbook was never served")
        time.sleep(2)  # the first build's PDFs are written
        original = source.read_text(encoding="utf-8")
        for run in range(args.runs):
            marker = f"Edited{run}x{time.time_ns() % 100000}"
            source.write_text(original.replace("\ntitle: ", f"\ntitle: {marker} ", 1), encoding="utf-8")
            took = wait_for(target, marker, 60, read, every=0.02 if not args.outputs else 0.1)
            if took is None:
                sys.exit(f"bench_serve: run {run}: {target} never showed the change")
            times.append(took)
            print(f"run {run + 1}: {took:.2f} s from saving {source.relative_to(work)} to {target} showing it")
            time.sleep(0.5 if not args.outputs else 2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
          f"over {len(times)} edits")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"edit_to_page_s": times, "median_s": statistics.median(times)}, indent=2)
                         + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
