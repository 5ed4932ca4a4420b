#!/usr/bin/env python3
"""Handouts at scale: how fast the workbook (and any other handout) is typeset, in pages per
second per core, and whether its cost grows faster than its pages (issue 18, item 4).

For each size it writes bench.py's synthetic workshop (one story and two exercises a lesson)
into a temporary folder and, in a fresh process, renders the document's HTML (Jinja) and
typesets it in that one process, as a build's worker does (one font configuration, tagged PDF).
CPU seconds of the process (time.process_time: the machine may be shared, so wall time is
noisier), split into WeasyPrint's layout (`render`) and the PDF it writes (`write_pdf`);
the peak memory of the process, the garbage collector's collections and their CPU (in the
layout and in the PDF), and what freeing the document afterwards costs (one full collection).
Then, from one size to the next: pages × n, CPU × m, and m / n, the cost per page's growth
(1.0 = linear).

--layout patched weasyprint: each size with panelpress's patches of WeasyPrint's layout
(handouts/layout_patches.py, as a build's worker typesets) and without them (WeasyPrint's own),
side by side in one run, to compare before and after under the same load.

--gc deferred default: each size in both ways, side by side in one run: `deferred` as a build's
worker typesets (the collector's full collections held off while a document is typeset, but
one between its layout and its PDF for a long document, see handouts/collector.py), `default`
with Python's own thresholds (as before); `collect` and `no-collect` held off too, with the
collection between layout and PDF always or never (what the page threshold is measured by).
"typeset MB" is what the process's resident memory rose to while the document was typeset,
above what it held before (its peak reset first: /proc/self/clear_refs).

Usage: scripts/bench_handouts.py [--sizes 100 1000] [--documents workbook facilitator-guide]
       [--gc deferred default] [--layout patched weasyprint] [--runs 1] [--profile 25] [--profile-step layout|pdf]
       [--json bench-results/handouts.json]
--profile N runs each typesetting under cProfile and prints its N costliest functions (own time):
what grows when the cost per page does (the times are then the profiler's, slower).
--profile-step layout (or pdf) profiles WeasyPrint's layout alone (or the PDF step alone, the
layout done before, unprofiled), keeps each profile in bench-results/ and prints, from one size
to the next, each function's cumulative and own time and their growth against the pages' (what
grows faster than the document). --profile-pdf is --profile-step pdf.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from bench import generate  # noqa: E402  (the same synthetic workshop as the whole-build benchmark)


def cpu() -> float:
    return time.process_time()


class Collections:
    """The garbage collector's collections while it is on, by generation: how many, CPU seconds."""

    def __init__(self) -> None:
        self.counts, self.seconds, self._started = [0, 0, 0], [0.0, 0.0, 0.0], 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = cpu()
        else:
            self.counts[info["generation"]] += 1
            self.seconds[info["generation"]] += cpu() - self._started

    def __enter__(self) -> "Collections":
        import gc

        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.callbacks.remove(self)

    def report(self) -> dict:
        return {"counts": self.counts, "cpu_s": [round(s, 3) for s in self.seconds]}


@contextlib.contextmanager
def step_profiled(profile_to: Path | None, key: str) -> Iterator[None]:
    """The block under cProfile when `profile_to` is given, its profile kept beside it (one a document)."""
    if profile_to is None:
        yield
        return
    import cProfile

    # CPU time, not the wall clock's: on a shared machine a function's wall time grows with the
    # load, which is not the same in each size's run (a sample's growth then reads as the code's)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(str(document_profile(profile_to, key)))


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS: resident now; VmHWM: its peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> int:
    """Reset the process's peak resident memory to what it holds now (Linux: clear_refs 5);
    returns that, in kB."""
    Path("/proc/self/clear_refs").write_text("5")
    return status_kb("VmRSS")


def measure(lessons: int, documents: list[str], profile: int, gc_mode: str, profile_to: Path | None,
            step: str = "pdf", layout: str = "patched") -> dict:
    """One size, in this (fresh) process: each document's HTML, layout and PDF, in CPU seconds."""
    import gc

    from panelpress import gcdefer
    from panelpress.handouts import artifacts, collector, layout_patches, typeset
    from panelpress.handouts.output import HANDOUTS, render_html
    from panelpress.options import Options
    from panelpress.project import Project
    from panelpress.render import make_environment
    from panelpress.validate import load_project
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
        if layout == "patched":  # … and lays out with the patches of WeasyPrint's layout
            assert layout_patches.install(), "the layout patches are not for this WeasyPrint"
        results = {}
        for key in documents:
            handout = next(h for h in HANDOUTS if h.key == key)
            started = cpu()
            html = render_html(workshop, env, options, handout)
            t_html = cpu() - started
            gc.collect()  # each document starts from the same collector state
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            deferred = gcdefer.full_collections_deferred() if gc_mode != "default" else contextlib.nullcontext()
            rss_before = reset_peak()
            started, wall = cpu(), time.perf_counter()
            with deferred:  # as typeset.typeset
                with Collections() as in_layout, step_profiled(profile_to if step == "layout" else None, key):
                    document = typeset.layout(html, str(root) + "/", fonts)
                t_layout = cpu() - started
                with Collections() as between:
                    if gc_mode == "deferred":  # as typeset.typeset: the layout's garbage, once, if long
                        collector.collect_layout_garbage(len(document.pages))
                    elif gc_mode == "collect":
                        gc.collect()
                t_collect = cpu() - started - t_layout
                with Collections() as in_pdf, step_profiled(profile_to if step == "pdf" else None, key):
                    data = typeset.write(document)
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
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            typeset_mb = (status_kb("VmHWM") - rss_before) / 1024
            # freeing the document: one full collection (its cycles), whichever way it was typeset
            started = cpu()
            del document
            gc.collect()
            t_free = cpu() - started
            results[key] = {"pages": pages, "html_kb": len(html) // 1024, "pdf_kb": len(data) // 1024,
                            "pdf_sha256": hashlib.sha256(data).hexdigest(),
                            "html_cpu_s": t_html, "layout_cpu_s": t_layout, "collect_cpu_s": t_collect,
                            "pdf_cpu_s": t_total - t_layout - t_collect,
                            "typeset_cpu_s": t_total, "typeset_wall_s": wall, "free_cpu_s": t_free,
                            "gc_layout": in_layout.report(), "gc_between": between.report(),
                            "gc_pdf": in_pdf.report(),
                            "gc_cpu_s": sum(in_layout.seconds) + sum(between.seconds) + sum(in_pdf.seconds),
                            "pages_per_s_per_core": pages / t_total, "ms_per_page": t_total / pages * 1000,
                            "peak_mb": peak, "typeset_mb": typeset_mb}
        return {"lessons": lessons, "gc": gc_mode, "layout": layout, "documents": results,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(lessons: int, documents: list[str], profile: int, gc_mode: str, profile_to: Path | None,
        step: str, layout: str) -> dict:
    command = [sys.executable, __file__, "--one", str(lessons), "--documents", *documents, "--profile", str(profile),
               "--gc", gc_mode, "--profile-step", step, "--layout", layout]
    if profile_to is not None:
        command += ["--profile-to", str(profile_to)]
    child = subprocess.run(command, capture_output=True, text=True)
    if child.returncode != 0:
        sys.exit(f"bench_handouts: {lessons} lessons failed:\n{child.stderr}")
    if profile:
        print(child.stderr, file=sys.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    """The runs of one size as one: each number's median (the first run's collections and hash)."""
    first = runs[0]
    docs = {key: {field: statistics.median(r["documents"][key][field] for r in runs)
                  if isinstance(value, (int, float)) else value for field, value in values.items()}
            for key, values in first["documents"].items()}
    return {"lessons": first["lessons"], "gc": first["gc"], "layout": first["layout"], "documents": docs, "runs": runs,
            "maxrss_mb": statistics.median(r["maxrss_mb"] for r in runs)}


def table(results: list[dict]) -> str:
    head = ["lessons", "collector, layout", "document", "pages", "HTML (Jinja)", "layout", "collect", "PDF", "typeset CPU",
            "pages/s per core", "ms/page", "of which full collections", "freeing after", "peak MB", "typeset MB"]

    def full(d: dict) -> str:
        phases = ("gc_layout", "gc_between", "gc_pdf")
        counts = sum(d[phase]["counts"][2] for phase in phases)
        return f"{sum(d[phase]['cpu_s'][2] for phase in phases):.2f} s ({counts})"

    rows = [[str(r["lessons"]), mode_of(r), key, str(int(d["pages"])), f"{d['html_cpu_s']:.2f} s",
             f"{d['layout_cpu_s']:.2f} s", f"{d['collect_cpu_s']:.2f} s", f"{d['pdf_cpu_s']:.2f} s",
             f"{d['typeset_cpu_s']:.2f} s",
             f"{d['pages_per_s_per_core']:.1f}", f"{d['ms_per_page']:.0f}", full(d), f"{d['free_cpu_s']:.2f} s",
             f"{d['peak_mb']:.0f}", f"{d['typeset_mb']:.0f}"]
            for r in results for key, d in r["documents"].items()]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def growth(results: list[dict]) -> list[str]:
    """From each size to the next (each collector mode apart): pages × n, CPU × m, and m / n
    (1.0: the cost grows as the pages); and whether both modes wrote the same PDF."""
    lines = []
    modes = list(dict.fromkeys(mode_of(r) for r in results))
    for mode in modes:
        series = [r for r in results if mode_of(r) == mode]
        for small, large in zip(series, series[1:]):
            for key, d in large["documents"].items():
                s = small["documents"][key]
                pages = d["pages"] / s["pages"]
                parts = {part: d[f"{part}_cpu_s"] / s[f"{part}_cpu_s"] for part in ("typeset", "layout", "pdf")}
                lines.append(f"{key} ({mode}): {small['lessons']} → {large['lessons']} lessons: pages ×{pages:.2f}, "
                             f"typeset CPU ×{parts['typeset']:.2f}, cost per page ×{parts['typeset'] / pages:.2f} "
                             f"(layout ×{parts['layout'] / pages:.2f}, PDF ×{parts['pdf'] / pages:.2f} a page)")
    for lessons in dict.fromkeys(r["lessons"] for r in results):
        hashes = {mode_of(r): {k: d["pdf_sha256"] for k, d in r["documents"].items()} for r in results
                  if r["lessons"] == lessons}
        if len(hashes) > 1:
            same = len({json.dumps(h, sort_keys=True) for h in hashes.values()}) == 1
            lines.append(f"{lessons} lessons: the PDFs of {' and '.join(hashes)} are "
                         f"{'the same bytes' if same else 'DIFFERENT'}")
    return lines


def mode_of(result: dict) -> str:
    """How a size was typeset: the collector's mode and whose layout (results of older runs: WeasyPrint's own)."""
    return f"{result['gc']}, {result.get('layout', 'weasyprint')}"


def profile_path(folder: Path, step: str, result: dict) -> Path:
    """Where a child keeps its profiles of one step, one file a document named after this one."""
    return folder / f"handouts-{step}-{result['lessons']}-{result['gc']}-{result['layout']}.prof"


def document_profile(profile_to: Path, key: str) -> Path:
    """One document's profile of a child's (`profile_to`, see profile_path)."""
    return profile_to.with_name(f"{profile_to.stem}-{key}.prof")


def compare_profiles(results: list[dict], folder: Path, mode: str, step: str, top: int = 30) -> list[str]:
    """One step's profiles (layout or PDF), from each size to the next: each function's cumulative
    and own time and their growth per page (x1.00: grows as the pages do); of those worth 1 % of
    the step, the fastest-growing first, by cumulative time, then by own time (where the time is
    spent, not only under what)."""
    import pstats

    series = [r for r in results if mode_of(r) == mode]
    lines = []
    for key in series[0]["documents"]:
        for small, large in zip(series, series[1:]):
            a, b = (pstats.Stats(str(document_profile(profile_path(folder, step, r), key))).stats
                    for r in (small, large))
            pages = large["documents"][key]["pages"] / small["documents"][key]["pages"]
            total_b = max(v[3] for v in b.values())
            rows = []
            for function, (_, calls, own, cumulative, _) in b.items():
                if function in a and a[function][3] > 0:
                    rows.append((function, a[function][3], cumulative, a[function][2], own, a[function][1], calls))

            def line(function, cum_a, cum_b, own_a, own_b, calls_a, calls_b) -> str:
                where = f"{function[0].split('site-packages/')[-1]}:{function[1]}({function[2]})"
                own_growth = f"×{own_b / own_a / pages:5.2f}" if own_a > 0 else "  new"
                return (f"{cum_a:8.2f} s → {cum_b:8.2f} s  ×{cum_b / cum_a / pages:5.2f} a page  (own {own_a:6.2f} → "
                        f"{own_b:6.2f} s {own_growth}; calls ×{calls_b / max(calls_a, 1) / pages:5.2f} a page)  {where}")

            heading = (f"{key} ({mode}), the {step} step from {small['lessons']} to {large['lessons']} lessons "
                       f"(pages ×{pages:.2f}; {sum(v[2] for v in a.values()):.2f} → "
                       f"{sum(v[2] for v in b.values()):.2f} s under cProfile)")
            by_cumulative = sorted((r for r in rows if r[2] > 0.01 * total_b), key=lambda r: -r[2] / r[1])
            lines.append(f"--- {heading}: cumulative CPU, growth per page ---")
            lines += [line(*r) for r in by_cumulative[:top]]
            by_own = sorted((r for r in rows if r[4] > 0.005 * total_b and r[3] > 0), key=lambda r: -r[4] / r[3])
            lines.append(f"--- {heading}: own CPU (worth 0.5 % of the step), growth per page ---")
            lines += [line(*r) for r in by_own[:top]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--documents", nargs="+", default=["workbook"],
                        help="handout keys: workbook, facilitator-guide, takeaways, evaluation, sign-in")
    parser.add_argument("--gc", nargs="+", default=["deferred"], choices=["deferred", "default", "collect", "no-collect"],
                        help="how the garbage collector runs while typesetting (several: side by side)")
    parser.add_argument("--layout", nargs="+", default=["patched"], choices=["patched", "weasyprint"],
                        help="with panelpress's patches of WeasyPrint's layout or WeasyPrint's own (both: side by side)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (median)")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions of each")
    parser.add_argument("--profile-step", choices=["layout", "pdf"],
                        help="profile WeasyPrint's layout alone, or the PDF step alone, and compare sizes")
    parser.add_argument("--profile-pdf", action="store_true", help="the same as --profile-step pdf")
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "handouts.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one size, JSON on stdout
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)  # a child: where its profiles go
    args = parser.parse_args()
    step = args.profile_step or ("pdf" if args.profile_pdf else None)
    if args.one:
        print(json.dumps(measure(args.one, args.documents, args.profile, args.gc[0], args.profile_to,
                                 args.profile_step or "pdf", args.layout[0])))
        return
    folder = args.json.parent
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    loads = [os.getloadavg()[0]]
    for size in args.sizes:
        # side by side: every mode of a size under the same load
        for mode, layout in ((mode, layout) for mode in args.gc for layout in args.layout):
            runs = []
            for n in range(args.runs):
                print(f"bench_handouts: {size} lessons, collector {mode}, layout {layout}, run {n + 1} "
                      f"(load {os.getloadavg()[0]:.1f}) ...", file=sys.stderr, flush=True)
                where = {"lessons": size, "gc": mode, "layout": layout}
                profile_to = profile_path(folder, step, where) if step else None
                runs.append(run(size, args.documents, args.profile, mode, profile_to, step or "pdf", layout))
                loads.append(os.getloadavg()[0])
            results.append(median_of(runs))
    print(f"Handouts typeset in one process (CPU seconds of one core; median of {args.runs}):\n")
    print(table(results))
    print()
    print("\n".join(growth(results)))
    if step and len(args.sizes) > 1:
        for mode in dict.fromkeys(mode_of(r) for r in results):
            print("\n" + "\n".join(compare_profiles(results, folder, mode, step)))
    print(f"\nload average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    args.json.write_text(json.dumps({"cpus": os.cpu_count(), "load_average": loads, "results": results},
                                    indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
