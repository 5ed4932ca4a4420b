#!/usr/bin/env python3
"""The flagship's build as an author meets it: `make site` once the set-up is done.

Runs `make site` once to finish any set-up (virtualenv, npm, system packages), then --runs
rounds of three builds, interleaved so that a busy machine slows each kind alike:

  cold     the build caches emptied first (.panelpress-cache/: PDFs, covers, the leak check's
           memory; the link check's answers are kept): every PDF typeset, every file checked
  nochange nothing changed since the last build: every PDF reused
  docs     a line appended to docs/about.md (removed again afterwards): the PDFs are reused

Each is the whole command as a newcomer types it (website, the PDFs, slides). Prints each
time and its CPU seconds, the medians and the load average; writes JSON with --json. CPU seconds
are user + system of `make` and every process under it, the PDF workers included, even those a
fork server started (this script makes itself their "subreaper", so they are reaped, and
counted, here): on a shared machine they move far less than wall time.
Usage: scripts/bench_site.py [--runs 5] [--json bench-results/site.json]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import shutil
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("cold", "nochange", "docs")


def subreaper() -> None:
    """Adopt the processes that outlive their parent (a fork server's workers), so their CPU
    time is counted in this process's children's (Linux; elsewhere they go uncounted)."""
    try:
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap(seconds: float = 5.0) -> None:
    """Wait for adopted processes to exit (a fork server exits when the build has)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.05)
        except ChildProcessError:
            return


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}  # kind → CPU seconds of each of its builds


def make_site(kind: str = "") -> float:
    cpu = children_cpu()
    started = time.perf_counter()
    subprocess.run(["make", "-s", "site"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    reap()
    if kind:
        CPU.setdefault(kind, []).append(children_cpu() - cpu)
    return wall


def one(kind: str) -> float:
    if kind == "cold":
        for cache in ("pdf", "thumb"):
            shutil.rmtree(REPO / ".panelpress-cache" / cache, ignore_errors=True)
        (REPO / ".panelpress-cache" / "leak-check.json").unlink(missing_ok=True)
        return make_site(kind)
    if kind == "nochange":
        return make_site(kind)
    page = REPO / "docs" / "about.md"
    original = page.read_bytes()
    try:
        page.write_bytes(original + f"\n\nEdited for the benchmark at {time.time()}.\n".encode())
        return make_site(kind)
    finally:
        page.write_bytes(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "site.json")
    args = parser.parse_args()
    subreaper()
    make_site()  # set-up, and a warm file cache
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    loads = [os.getloadavg()[0]]
    for run in range(1, args.runs + 1):
        for kind in KINDS:
            times[kind].append(one(kind))
            print(f"make site, run {run}, {kind}: {times[kind][-1]:.2f} s, CPU {CPU[kind][-1]:.2f} s")
        loads.append(os.getloadavg()[0])
    result = {kind: {"runs": t, "median_s": statistics.median(t), "min_s": min(t), "max_s": max(t),
                     "cpu_runs": CPU[kind], "cpu_median_s": statistics.median(CPU[kind])}
              for kind, t in times.items()}
    result.update(cpus=os.cpu_count(), load_average=loads)
    for kind in KINDS:
        r = result[kind]
        print(f"{kind:9} median {r['median_s']:.2f} s (min {r['min_s']:.2f} s, max {r['max_s']:.2f} s), "
              f"CPU median {r['cpu_median_s']:.2f} s")
    print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
