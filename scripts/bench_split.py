#!/usr/bin/env python3
"""Where the plugin's extra time over bare MkDocs goes (issue 18 item 1), stage by stage, in CPU seconds.

The same workshop and bare copy as scripts/bench.py's headline (its `generate` and `write_bare`;
handouts and slides off). Each build runs in a fresh worker process, as `mkdocs build` does
(the plugin's imports are part of what it costs), and inside it the build runs in-process
(`load_config`, `on_startup`, `mkdocs.commands.build.build`) with CPU timers (time.process_time)
around:

  - MkDocs' own steps (get_files, theme env, navigation, reading and converting each page's
    Markdown, rendering each page's template, writing files, copying static files, anchors);
  - every plugin event, per plugin (on_config of panelpress, on_page_markdown of search, ...);
  - inside panelpress: load+validate+model, the leak check's secrets, generated pages, theme
    patches, the kit and the leak check;
  - Jinja template loading/compiling, and Python's garbage collector (its own time, per side).

Timers nest (a page's Markdown conversion is inside `_populate_page`); the table prints each
stage's inclusive time. Plugin and bare builds are interleaved (plugin, bare, plugin, ...) after
one untimed first build of each (file cache, compiled templates, the leak check's memory), and the
median of --runs is printed with the difference. `--profile DIR` also runs one build of each side
under cProfile and prints the functions whose own time differs most.

`--baseline DIR` builds the same workshop a third time with another checkout's panelpress
(`git archive main src | tar -x -C DIR`), in the same interleaved order: before and after a
change measured in the same window.

Usage: scripts/bench_split.py [--sizes 100 1000] [--runs 5] [--profile /tmp/split] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
HERE = Path(__file__).resolve().parent


class Timers:
    """Inclusive CPU seconds and calls per stage; a stage called inside itself counts once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.active: set[str] = set()

    def wrap(self, label: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if label in self.active:
                return fn(*args, **kwargs)
            self.active.add(label)
            started = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.process_time() - started
                self.calls[label] = self.calls.get(label, 0) + 1
                self.active.discard(label)
        return timed

    def patch(self, owner, attr: str, label: str) -> None:
        setattr(owner, attr, self.wrap(label, getattr(owner, attr)))


def _gc_timer(timers: Timers) -> None:
    """The garbage collector's own time, all generations and the full (generation 2) ones apart."""
    started = {}

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started["t"] = time.process_time()
            return
        spent = time.process_time() - started.pop("t", time.process_time())
        for label in ("gc (all)", f"gc gen{info['generation']}"):
            timers.seconds[label] = timers.seconds.get(label, 0.0) + spent
            timers.calls[label] = timers.calls.get(label, 0) + 1

    gc.callbacks.append(callback)


def _instrument_events(config, timers: Timers) -> None:
    """Every registered plugin event method, timed per event and plugin."""
    plugins = config.plugins
    for event, methods in plugins.events.items():
        for n, method in enumerate(methods):
            origin = plugins._event_origins.get(method, "?")
            wrapped = timers.wrap(f"event {event}: {origin}", method)
            methods[n] = wrapped
            plugins._event_origins[wrapped] = origin


def worker(root: Path, site: Path, profile: Path | None) -> dict:
    """One `mkdocs build` of `root` into `site`, in this process, timed by stage."""
    timers = Timers()
    total = time.process_time()
    started = time.process_time()
    import jinja2
    import mkdocs.utils
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    timers.seconds["import mkdocs"] = time.process_time() - started

    for name in ("get_files", "get_navigation", "_populate_page", "_build_page", "get_context",
                 "_build_theme_template", "_build_extra_template"):
        timers.patch(mkdocs_build, name, f"mkdocs {name}")
    timers.patch(Page, "read_source", "mkdocs page.read_source")
    timers.patch(Page, "render", "mkdocs page.render (Markdown)")
    timers.patch(Page, "validate_anchor_links", "mkdocs page.validate_anchor_links")
    timers.patch(Files, "copy_static_files", "mkdocs copy_static_files")
    timers.patch(Files, "add_files_from_theme", "mkdocs add_files_from_theme")
    timers.patch(mkdocs.utils, "write_file", "mkdocs write_file")
    timers.patch(mkdocs.utils, "clean_directory", "mkdocs clean_directory")
    timers.patch(jinja2.Template, "render", "jinja Template.render")
    timers.patch(jinja2.Environment, "_load_template", "jinja load template (cache miss)")
    timers.patch(jinja2.Environment, "compile", "jinja compile")

    started = time.process_time()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    timers.seconds["load_config (imports plugins)"] = time.process_time() - started
    timers.patch(type(config.theme), "get_env", "mkdocs theme.get_env")
    if "panelpress" in config.plugins:
        _instrument_panelpress(timers)
    _instrument_events(config, timers)
    _gc_timer(timers)
    profiler = None
    if profile is not None:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    started = time.process_time()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
    timers.seconds["build (whole)"] = time.process_time() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    timers.seconds["process (imports + config + build)"] = time.process_time() - total
    import resource
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the outputs' worker processes
    timers.seconds["worker processes (PDFs)"] = children.ru_utime + children.ru_stime
    return {"seconds": timers.seconds, "calls": timers.calls, "maxrss_mb": _maxrss_mb()}


def _maxrss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _instrument_panelpress(timers: Timers) -> None:
    from panelpress import kit, leak_secrets, leaks
    from panelpress.site import plugin, theme_patches

    for name in ("load_project", "make_environment", "site_pages", "fit_theme_to_nav", "navigation"):
        timers.patch(plugin, name, f"panelpress {name}")
    timers.patch(leak_secrets, "found", "panelpress leak_secrets.found")
    timers.patch(kit, "build", "panelpress kit.build (outputs + index + leak check)")
    timers.patch(leaks, "check", "panelpress leaks.check")
    timers.patch(theme_patches, "install", "panelpress theme_patches.install")
    timers.patch(theme_patches, "edited", "panelpress theme_patches.edited (template source)")
    timers.patch(plugin.PanelpressPlugin, "_identity_files", "panelpress _identity_files")
    timers.patch(plugin.Outputs, "prepare", "panelpress outputs.prepare")
    timers.patch(plugin.Outputs, "links", "panelpress outputs.links")


def run_worker(root: Path, site: Path, profile: Path | None = None, src: Path | None = None) -> dict:
    """One build in a fresh worker; `src`: another copy of panelpress's source to import (the baseline)."""
    command = [sys.executable, __file__, "--worker", str(root), str(site)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    env = dict(os.environ, PYTHONPATH=str(src)) if src is not None else None
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"bench_split: build of {root} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(work: Path, lessons: int) -> dict[str, Path]:
    """The benchmark's workshop and its bare copy (scripts/bench.py), handouts and slides off."""
    sys.path.insert(0, str(HERE))
    import bench

    root, bare = work / "workshop", work / "bare"
    bench.generate(root, lessons)
    bench.write_bare(root, bare)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace(
        "  - panelpress\n", "  - panelpress:\n      handouts: false\n      slides: false\n"), encoding="utf-8")
    return {"plugin": root, "bare": bare}


def split(lessons: int, runs: int, profile: Path | None, baseline: Path | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"panelpress-split-{lessons}-"))
    try:
        sides = prepare(work, lessons)
        source: dict[str, Path | None] = {name: None for name in sides}
        if baseline is not None:  # its own copy of the workshop: its own caches (.panelpress-cache)
            shutil.copytree(sides["plugin"], work / "workshop-baseline")
            sides = {"baseline": work / "workshop-baseline", **sides}
            source["baseline"] = baseline / "src" if (baseline / "src").is_dir() else baseline
        for name, root in sides.items():  # untimed first builds
            run_worker(root, work / f"site-{name}", src=source[name])
        results: dict[str, list[dict]] = {name: [] for name in sides}
        for n in range(runs):
            for name, root in sides.items():
                print(f"bench_split: {lessons} lessons, {name} run {n + 1}/{runs} (load {os.getloadavg()[0]:.1f})",
                      file=sys.stderr, flush=True)
                results[name].append(run_worker(root, work / f"site-{name}", src=source[name]))
        if profile is not None:
            profile.mkdir(parents=True, exist_ok=True)
            for name, root in sides.items():
                run_worker(root, work / f"site-{name}", profile / f"{name}-{lessons}.prof", source[name])
        return {"lessons": lessons, "runs": results, "load_average": os.getloadavg()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def medians(runs: list[dict]) -> dict[str, float]:
    labels = {label for run in runs for label in run["seconds"]}
    return {label: statistics.median(run["seconds"].get(label, 0.0) for run in runs) for label in labels}


def table(result: dict) -> str:
    runs = result["runs"]
    plugin, bare = medians(runs["plugin"]), medians(runs["bare"])
    base = medians(runs["baseline"]) if "baseline" in runs else None
    calls = runs["plugin"][0]["calls"]
    bare_calls = runs["bare"][0]["calls"]
    order = sorted(plugin.keys() | bare.keys(), key=lambda label: -max(plugin.get(label, 0), bare.get(label, 0)))
    head = ["stage", *(["baseline", "baseline − bare"] if base else []), "plugin", "bare", "plugin − bare",
            "calls plugin / bare"]
    lines = [f"{result['lessons']} lessons, median of {len(runs['plugin'])} interleaved runs "
             f"(load average at the end {result['load_average'][0]:.1f}); CPU seconds, inclusive:",
             "", "| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for label in order:
        p, b = plugin.get(label, 0.0), bare.get(label, 0.0)
        o = base.get(label, 0.0) if base else 0.0
        if max(p, b, o) < 0.005:
            continue
        before = [f"{o:.3f}", f"{o - b:+.3f}"] if base else []
        lines.append(f"| {label} | " + " | ".join([*before, f"{p:.3f}", f"{b:.3f}", f"{p - b:+.3f}",
                                                  f"{calls.get(label, '')} / {bare_calls.get(label, '')}"]) + " |")
    whole = "process (imports + config + build)"
    lines.append("")
    for name, stages in (("baseline", base), ("plugin", plugin)):
        if stages:
            lines.append(f"whole process: {name} {stages[whole]:.2f} s, bare {bare[whole]:.2f} s, "
                         f"{(stages[whole] / bare[whole] - 1) * 100:+.1f} %; peak memory "
                         f"{statistics.median(r['maxrss_mb'] for r in runs[name]):.0f} / "
                         f"{statistics.median(r['maxrss_mb'] for r in runs['bare']):.0f} MB")
    return "\n".join(lines)


def profile_diff(profile: Path, lessons: int, top: int = 30) -> str:
    """The functions whose own time (tottime) differs most between the two sides."""
    import pstats

    own = {}
    for side in ("plugin", "bare"):
        stats = pstats.Stats(str(profile / f"{side}-{lessons}.prof")).stats
        own[side] = {f"{Path(f[0]).name}:{f[1]}({f[2]})": (s[2], s[3], s[1]) for f, s in stats.items()}
    names = own["plugin"].keys() | own["bare"].keys()
    rows = sorted(names, key=lambda n: -abs(own["plugin"].get(n, (0,))[0] - own["bare"].get(n, (0,))[0]))
    lines = [f"\ncProfile, {lessons} lessons: own time (tottime) plugin vs bare, the {top} largest differences",
             "", "| function | plugin own s | bare own s | diff | plugin cum s | calls plugin / bare |",
             "|---|---:|---:|---:|---:|---:|"]
    for name in rows[:top]:
        p, b = own["plugin"].get(name, (0.0, 0.0, 0)), own["bare"].get(name, (0.0, 0.0, 0))
        lines.append(f"| {name} | {p[0]:.3f} | {b[0]:.3f} | {p[0] - b[0]:+.3f} | {p[1]:.3f} | {p[2]} / {b[2]} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", type=Path, help="folder for one cProfile run of each side, per size")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--baseline", type=Path, help="another checkout (or its src/) of panelpress, built "
                        "as a third side, interleaved: before/after in the same window")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        import logging
        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # unused-lesson warnings: the agenda is capped
        print(json.dumps(worker(*args.worker, args.profile_to)))
        return
    results = []
    for size in args.sizes:
        result = split(size, args.runs, args.profile, args.baseline)
        results.append(result)
        print(table(result) + "\n", flush=True)
        if args.profile is not None:
            print(profile_diff(args.profile, size) + "\n", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
