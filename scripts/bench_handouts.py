#!/usr/bin/env python3
"""Handouts at scale: how fast the workbook (and any other handout) is typeset, in pages per
second per core, and whether its cost grows faster than its pages (issue 18, item 4).

For each size it writes bench.py's synthetic workshop (one story and two exercises a lesson)
into a temporary folder and, in a fresh process, renders the document's HTML (Jinja) and
typesets it in that one process, as a build's worker does (one font configuration, tagged PDF).
CPU seconds of the process (time.process_time: the machine may be shared, so wall time is
noisier), split into WeasyPrint's layout (`render`) and the PDF it writes (`write_pdf`);
the peak memory of the process. Then, from one size to the next: pages × n, CPU × m, and
m / n, the cost per page's growth (1.0 = linear).

Usage: scripts/bench_handouts.py [--sizes 100 1000] [--documents workbook facilitator-guide]
       [--runs 1] [--profile 25] [--json bench-results/handouts.json]
--profile N runs each typesetting under cProfile and prints its N costliest functions (own time):
what grows when the cost per page does (the times are then the profiler's, slower).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from bench import generate  # noqa: E402  (the same synthetic workshop as the whole-build benchmark)


def cpu() -> float:
    return time.process_time()


def measure(lessons: int, documents: list[str], profile: int) -> dict:
    """One size, in this (fresh) process: each document's HTML, layout and PDF, in CPU seconds."""
    from panelpress.handouts import artifacts, typeset
    from panelpress.handouts.output import HANDOUTS, render_html
    from panelpress.options import Options
    from panelpress.project import Project
    from panelpress.render import make_environment
    from panelpress.validate import load_project
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from mkdocs.config import load_config

    work = Path(tempfile.mkdtemp(prefix=f"panelpress-bench-handouts-{lessons}-"))
    try:
        root = work / "workshop"
        generate(root, lessons)
        workshop, diags = load_project(Project(root))
        assert workshop is not None, [str(d) for d in diags if d.severity == "error"][:5]
        config = load_config(str(root / "mkdocs.yml"))
        options = Options.from_mkdocs(config, config.plugins["panelpress"].config, root)
        env = make_environment(options.templates_dir, root, options.use_directory_urls)
        fonts = FontConfiguration()  # one for every document, as a build's worker has
        typeset.remember_page_references()  # as a build's worker does (pydyf's page list made once per page count)
        artifacts.install()  # … and notes the printed copies that are read once
        results = {}
        for key in documents:
            handout = next(h for h in HANDOUTS if h.key == key)
            started = cpu()
            html = render_html(workshop, env, options, handout)
            t_html = cpu() - started
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started, wall = cpu(), time.perf_counter()
            document = HTML(string=html, base_url=str(root) + "/").render(font_config=fonts)
            t_layout = cpu() - started
            data = document.write_pdf(pdf_tags=True, finisher=typeset.finish)  # as typeset.typeset
            t_total = cpu() - started
            wall = time.perf_counter() - wall
            if profiler is not None:
                import io
                import pstats

                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(profile)
                print(f"--- {key}, {lessons} lessons, under cProfile (own time) ---\n{out.getvalue()}",
                      file=sys.stderr)
            pages = len(document.pages)
            results[key] = {"pages": pages, "html_kb": len(html) // 1024, "pdf_kb": len(data) // 1024,
                            "html_cpu_s": t_html, "layout_cpu_s": t_layout, "pdf_cpu_s": t_total - t_layout,
                            "typeset_cpu_s": t_total, "typeset_wall_s": wall,
                            "pages_per_s_per_core": pages / t_total, "ms_per_page": t_total / pages * 1000}
            del document
        return {"lessons": lessons, "documents": results,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(lessons: int, documents: list[str], profile: int) -> dict:
    command = [sys.executable, __file__, "--one", str(lessons), "--documents", *documents, "--profile", str(profile)]
    child = subprocess.run(command, capture_output=True, text=True)
    if child.returncode != 0:
        sys.exit(f"bench_handouts: {lessons} lessons failed:\n{child.stderr}")
    if profile:
        print(child.stderr, file=sys.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    """The runs of one size as one: each figure's median."""
    first = runs[0]
    docs = {key: {field: statistics.median(r["documents"][key][field] for r in runs) for field in values}
            for key, values in first["documents"].items()}
    return {"lessons": first["lessons"], "documents": docs, "runs": runs,
            "maxrss_mb": statistics.median(r["maxrss_mb"] for r in runs)}


def table(results: list[dict]) -> str:
    head = ["lessons", "document", "pages", "HTML (Jinja)", "layout", "PDF", "typeset CPU", "pages/s per core",
            "ms/page", "peak MB"]
    rows = [[str(r["lessons"]), key, str(int(d["pages"])), f"{d['html_cpu_s']:.2f} s", f"{d['layout_cpu_s']:.2f} s",
             f"{d['pdf_cpu_s']:.2f} s", f"{d['typeset_cpu_s']:.2f} s", f"{d['pages_per_s_per_core']:.1f}",
             f"{d['ms_per_page']:.0f}", f"{r['maxrss_mb']:.0f}"]
            for r in results for key, d in r["documents"].items()]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def growth(results: list[dict]) -> list[str]:
    """From each size to the next: pages × n, CPU × m, and m / n (1.0: the cost grows as the pages)."""
    lines = []
    for small, large in zip(results, results[1:]):
        for key, d in large["documents"].items():
            s = small["documents"][key]
            pages, cost = d["pages"] / s["pages"], d["typeset_cpu_s"] / s["typeset_cpu_s"]
            lines.append(f"{key}: {small['lessons']} → {large['lessons']} lessons: pages ×{pages:.2f}, "
                         f"typeset CPU ×{cost:.2f}, cost per page ×{cost / pages:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--documents", nargs="+", default=["workbook"],
                        help="handout keys: workbook, facilitator-guide, takeaways, evaluation, sign-in")
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (median)")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions of each")
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "handouts.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one size, JSON on stdout
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.documents, args.profile)))
        return
    results = []
    loads = [os.getloadavg()[0]]
    for size in args.sizes:
        runs = []
        for n in range(args.runs):
            print(f"bench_handouts: {size} lessons, run {n + 1} (load {os.getloadavg()[0]:.1f}) ...",
                  file=sys.stderr, flush=True)
            runs.append(run(size, args.documents, args.profile))
            loads.append(os.getloadavg()[0])
        results.append(median_of(runs))
    print(f"Handouts typeset in one process (CPU seconds of one core; median of {args.runs}):\n")
    print(table(results))
    print()
    print("\n".join(growth(results)))
    print(f"\nload average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"cpus": os.cpu_count(), "load_average": loads, "results": results},
                                    indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
