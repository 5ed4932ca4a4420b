#!/usr/bin/env python3
"""The flagship's build as an author meets it: `make site` once the set-up is done.

Runs `make site` once to finish any set-up (virtualenv, npm, system packages), then --runs
rounds of three builds, interleaved so that a busy machine slows each kind alike:

  cold     the build caches emptied first (.panelpress-cache/: PDFs, covers, the leak check's
           memory; the link check's answers are kept): every PDF typeset, every file checked
  nochange nothing changed since the last build: every PDF reused
  docs     a line appended to docs/about.md (removed again afterwards): the PDFs are reused

Each is the whole command as a newcomer types it (website, three PDF handouts, slides). Prints
each time, the medians and the load average; writes JSON with --json.
Usage: scripts/bench_site.py [--runs 5] [--json bench-results/site.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ("cold", "nochange", "docs")


def make_site() -> float:
    started = time.perf_counter()
    subprocess.run(["make", "-s", "site"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def one(kind: str) -> float:
    if kind == "cold":
        for cache in ("pdf", "thumb"):
            shutil.rmtree(REPO / ".panelpress-cache" / cache, ignore_errors=True)
        (REPO / ".panelpress-cache" / "leak-check.json").unlink(missing_ok=True)
        return make_site()
    if kind == "nochange":
        return make_site()
    page = REPO / "docs" / "about.md"
    original = page.read_bytes()
    try:
        page.write_bytes(original + f"\n\nEdited for the benchmark at {time.time()}.\n".encode())
        return make_site()
    finally:
        page.write_bytes(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "site.json")
    args = parser.parse_args()
    make_site()  # set-up, and a warm file cache
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    loads = [os.getloadavg()[0]]
    for run in range(1, args.runs + 1):
        for kind in KINDS:
            times[kind].append(one(kind))
            print(f"make site, run {run}, {kind}: {times[kind][-1]:.2f} s")
        loads.append(os.getloadavg()[0])
    result = {kind: {"runs": t, "median_s": statistics.median(t), "min_s": min(t), "max_s": max(t)}
              for kind, t in times.items()}
    result.update(cpus=os.cpu_count(), load_average=loads)
    for kind in KINDS:
        r = result[kind]
        print(f"{kind:9} median {r['median_s']:.2f} s (min {r['min_s']:.2f} s, max {r['max_s']:.2f} s)")
    print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
