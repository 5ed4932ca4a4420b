#!/usr/bin/env python3
"""The flagship's full build: how long `make site` takes once the set-up is done.

Runs `make site` once to finish any set-up (virtualenv, npm, system packages), then times
it --runs more times: the website, the three PDF handouts and the slides, the whole command
as a newcomer types it. Prints each time and the median; writes JSON with --json.
Usage: scripts/bench_site.py [--runs 5] [--json bench-results/site.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_site() -> float:
    started = time.perf_counter()
    subprocess.run(["make", "-s", "site"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "site.json")
    args = parser.parse_args()
    make_site()  # set-up, and a warm file cache
    times = []
    for run in range(1, args.runs + 1):
        times.append(make_site())
        print(f"make site, run {run}: {times[-1]:.2f} s")
    result = {"runs": times, "median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
              "cpus": os.cpu_count()}
    print(f"median {result['median_s']:.2f} s (min {result['min_s']:.2f} s, max {result['max_s']:.2f} s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
