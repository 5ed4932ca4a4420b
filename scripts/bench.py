#!/usr/bin/env python3
"""Benchmark: the whole build with panelpress against a bare MkDocs build of the same pages, then
where the time goes, stage by stage.

For each size (10, 100, 1000 lessons; one story and two exercises per lesson) it writes a
synthetic workshop into a temporary folder, and beside it the same generated Markdown as plain
files with the same theme, navigation and CSS ("bare"). Then:

  headline   `mkdocs build` of the workshop (the panelpress plugin; handouts and slides off:
             they are timed on their own below) and `mkdocs build` of the bare copy, each in a
             fresh process, interleaved (plugin, bare, plugin, bare, ...), after one first run
             of each, reported apart (it warms the file cache; the plugin build also keeps its compiled
             templates and the leak check's memory of clean files, as every rebuild does).
             Median wall time and CPU seconds (user + system of the child) of --runs runs, and
             the child's peak memory (ru_maxrss). Overhead = plugin / bare - 1, two ways: the
             median plugin wall over the median bare wall (the headline, as every earlier run
             reported it), and beside it the median of each interleaved pair's ratio (run i's
             plugin wall / run i's bare wall, run one right after the other): a machine that gets busier
             or quieter during the run moves both builds of a pair alike, so the pairs' median
             drifts less than a ratio of medians taken from runs far apart.
  stages     in one fresh process: load+validate, pages (Jinja → the site's Markdown), the rest
             of the plugin build, each output (handouts, slides) alone.

Prints two tables and writes JSON. The machine may be shared: the load average is printed.
Usage: scripts/bench.py [--sizes 10 100 1000] [--runs 3] [--json bench-results/bench.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parent.parent
KINDS = ("choice", "rewrite", "audit", "checklist", "reflection", "roleplay")
PANEL = ("moderator", "ana-lopez", "ben-okafor", "chen-wei")

LOREM = ("Networking is mostly about people who already know your work. A referral puts the referrer's "
         "name on the line, so they need to know you well enough to vouch for you. ")


def body(paragraphs: int) -> str:
    text = []
    for n in range(paragraphs):
        text.append(f"  {LOREM * 3}**Point {n + 1}:** keep in touch *before* you need a job.\n")
        text.append("\n  - ask what they are working on\n  - offer something useful\n  - follow up\n\n")
    return "".join(text)


def exercise_yaml(ex_id: str, kind: str, n: int) -> str:
    head = (f"id: {ex_id}\nkind: {kind}\ntitle: Exercise {n} ({kind})\nminutes: 5\n"
            f"prompt: |\n  Practise step {n}: what would you do?\ninstructions: |\n{body(1)}"
            f"facilitator_notes: Give people two minutes alone first.\n")
    if kind == "choice":
        return head + ("questions:\n" + "".join(
            f"  - question: Question {q} about step {n}?\n    options:\n"
            f"      - text: Ask a colleague who knows your work\n        correct: true\n"
            f"        feedback: They can vouch for you.\n"
            f"      - text: Message a stranger\n        feedback: They cannot vouch for you.\n" for q in range(3)))
    if kind == "rewrite":
        return head + ("original: Hi, we both went to the same school. Can you get me a job?\n"
                       "rubric:\n  - Says who you are\n  - Asks for something small\n"
                       "model_answer: |\n  Hello, I enjoyed your talk. Could I ask you two questions?\n")
    if kind == "audit":
        return head + ("questions:\n  - id: know-well\n    text: Do I know them well?\n"
                       "  - id: talked-recently\n    text: Have we talked this year?\n"
                       "rules:\n  - when: {know-well: true, talked-recently: true}\n    verdict: Ask\n"
                       "    advice: Ask them for advice.\n  - verdict: Reconnect\n    advice: Say hello first.\n")
    if kind == "checklist":
        return head + "items:\n" + "".join(f"  - Item {i} of the checklist\n" for i in range(6))
    if kind == "reflection":
        return head + "questions:\n  - Who could vouch for you today?\n  - Who would you vouch for?\n"
    return head + ("situation: |\n  A stranger asks you for a referral.\n"
                   "roles:\n  - name: Student\n    brief: Ask for a referral.\n"
                   "  - name: Professional\n    brief: Answer kindly.\n")


def generate(root: Path, lessons: int) -> int:
    """A valid workshop of `lessons` lessons; returns the number of data files written."""
    data = root / "data"
    for folder in ("lessons", "anecdotes", "exercises"):
        (data / folder).mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs/about.md").write_text("# About\n\nA synthetic workshop for the benchmark.\n", encoding="utf-8")
    on_agenda = min(lessons, 100)  # the agenda holds at most 600 minutes
    people = "".join(f"    - id: {p}\n      name: {p.replace('-', ' ').title()}\n      role: Engineer, Example Co\n"
                     f"      bio: Worked in three industries.\n" for p in PANEL[1:])
    agenda = "".join(f"  - kind: lesson\n    ref: lesson-{i}\n    minutes: 5\n    lead: {PANEL[1 + i % 3]}\n"
                     for i in range(on_agenda))
    (data / "workshop.yml").write_text(
        f"id: bench\ntitle: Benchmark workshop\nsummary: |\n{body(1)}audience: Students\n"
        f"duration_minutes: {on_agenda * 5 + 10}\nobjectives:\n  - Measure panelpress\n"
        f"panel:\n  moderator:\n    id: moderator\n    name: Mo Derator\n    role: Career Center\n"
        f"  panelists:\n{people}"
        f"agenda:\n  - kind: opening\n    title: Welcome\n    minutes: 5\n{agenda}"
        f"  - kind: closing\n    title: Takeaways\n    minutes: 5\ntakeaways:\n  - One thing to do this week\n",
        encoding="utf-8")
    for i in range(lessons):
        exercises = [f"exercise-{2 * i}", f"exercise-{2 * i + 1}"]
        (data / "lessons" / f"lesson-{i}.yml").write_text(
            f"id: lesson-{i}\ntitle: Lesson {i}\nsummary: What lesson {i} teaches.\n"
            f"objectives:\n  - Understand idea {i}\n  - Practise it\nbody: |\n{body(4)}"
            f"key_points:\n  - Point one\n  - Point two\nanecdotes: [story-{i}]\n"
            f"exercises: [{', '.join(exercises)}]\ndiscussion:\n  - What would you do?\nminutes: 5\n",
            encoding="utf-8")
        (data / "anecdotes" / f"story-{i}.yml").write_text(
            f"id: story-{i}\ntitle: Story {i}\nteller: {PANEL[1 + i % 3]}\nsetting: A job fair, year {i}\n"
            f"story: |\n{body(2)}beats:\n  - It began at a fair\n  - A friend vouched\n  - The offer came\n"
            f"moral: People hire people they know.\ntags: [referrals]\n", encoding="utf-8")
        for n, ex_id in enumerate(exercises):
            (data / "exercises" / f"{ex_id}.yml").write_text(
                exercise_yaml(ex_id, KINDS[(2 * i + n) % len(KINDS)], 2 * i + n), encoding="utf-8")
    config = (REPO / "src/panelpress/scaffold/mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("__TITLE__", '"Benchmark workshop"').replace("strict: true", "strict: false")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return 1 + lessons * 4


CPU = {}  # stage → CPU seconds of this process (the machine may be shared: wall time is noisier)


def timed(fn, *args, stage: str = "", **kwargs):
    started, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    if stage:
        CPU[stage] = time.process_time() - cpu
    return result, time.perf_counter() - started


def write_bare(root: Path, bare: Path) -> int:
    """The workshop's generated Markdown as plain files in `bare`, built by MkDocs alone with the
    same theme, navigation and CSS; returns the number of pages."""
    from panelpress import render
    from panelpress.project import Project
    from panelpress.site.nav import navigation
    from panelpress.site.pages import site_pages
    from panelpress.site.plugin import fit_theme_to_nav
    from panelpress.validate import load_project
    from mkdocs.config import load_config

    project = Project(root)
    workshop, diags = load_project(project)
    assert workshop is not None, [str(d) for d in diags if d.severity == "error"][:5]
    pages = site_pages(workshop, render.make_environment(project.templates_dir, root), (), root)
    extra = write_bare_docs(root, pages, bare)
    nav = navigation(pages, ["about.md"])
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - panelpress\n", "")
    probe = bare / "probe.yml"  # the theme features the plugin would keep for this navigation
    probe.write_text(config_text + f"\nnav: {json.dumps(nav)}\n", encoding="utf-8")
    config = load_config(str(probe))
    fit_theme_to_nav(config)
    features = json.dumps(list(config.theme["features"]))
    probe.unlink()
    config_text = re.sub(r"  features:\n(    - .*\n)+", f"  features: {features}\n", config_text)
    config_text += f"\nextra_css:\n{extra}\nnav: {json.dumps(nav)}\n"
    (bare / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    return len(pages) + 1


def write_bare_docs(root: Path, pages: list, bare: Path) -> str:
    """The generated pages and our assets as plain files of `bare/docs` (MkDocs alone builds them);
    returns the `extra_css` lines for its mkdocs.yml."""
    from panelpress.site.plugin import ASSET_DIR, ASSETS

    shutil.copytree(root / "docs", bare / "docs")
    for page in pages:
        target = bare / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    (bare / "docs" / ASSET_DIR).mkdir(parents=True)
    for asset in ASSETS.iterdir():
        if asset.is_file():
            shutil.copy(asset, bare / "docs" / ASSET_DIR / asset.name)
    return "".join(f"  - {ASSET_DIR}/{a.name}\n" for a in sorted(ASSETS.glob("*.css")))


def run_child(command: list[str], cwd: Path) -> dict:
    """Run `command`; its wall time, CPU seconds (user + system) and peak memory (ru_maxrss)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{child.stderr.read().decode()}")
    child.stderr.close()
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024}


def headline(lessons: int, runs: int) -> dict:
    """The whole plugin build against the bare build of the same pages, interleaved."""
    work = Path(tempfile.mkdtemp(prefix=f"panelpress-bench-{lessons}-"))
    try:
        root, bare = work / "workshop", work / "bare"
        files = generate(root, lessons)
        pages = write_bare(root, bare)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(config.replace(
            "  - panelpress\n", "  - panelpress:\n      handouts: false\n      slides: false\n"), encoding="utf-8")
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]
        commands = {"plugin": (mkdocs + [str(work / "site-plugin")], root),
                    "bare": (mkdocs + [str(work / "site-bare")], bare)}
        times: dict[str, list[dict]] = {"plugin": [], "bare": []}
        # the first build of each, untimed in the median: it fills the file cache, the compiled
        # templates and the leak check's memory (leaks.py), which every later build reuses
        first = {name: run_child(command, cwd) for name, (command, cwd) in commands.items()}
        for _ in range(runs):
            for name, (command, cwd) in commands.items():
                times[name].append(run_child(command, cwd))
        median = {name: {k: statistics.median(t[k] for t in runs_) for k in runs_[0]}
                  for name, runs_ in times.items()}
        # run i's plugin build and run i's bare build ran one after the other: under the same load
        pair_ratios = [p["wall_s"] / b["wall_s"] for p, b in zip(times["plugin"], times["bare"])]
        return {"lessons": lessons, "data_files": files, "pages": pages, "first": first, "runs": times, "median": median,
                "overhead_wall": median["plugin"]["wall_s"] / median["bare"]["wall_s"] - 1,
                "pair_ratios_wall": pair_ratios,
                "overhead_wall_pairs": statistics.median(pair_ratios) - 1,
                "overhead_cpu": median["plugin"]["cpu_s"] / median["bare"]["cpu_s"] - 1,
                "load_average": os.getloadavg()}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def headline_table(results: list[dict]) -> str:
    head = ["lessons", "pages", "plugin wall", "bare wall", "overhead (wall)", "overhead (wall, median of pairs)",
            "plugin CPU", "bare CPU",
            "overhead (CPU)", "plugin peak MB", "bare peak MB", "plugin ms/page", "first build: plugin / bare",
            "load avg"]
    rows = []
    for r in results:
        p, b = r["median"]["plugin"], r["median"]["bare"]
        rows.append([str(r["lessons"]), str(r["pages"]), f"{p['wall_s']:.2f} s", f"{b['wall_s']:.2f} s",
                     f"{r['overhead_wall'] * 100:+.1f} %", f"{r['overhead_wall_pairs'] * 100:+.1f} %",
                     f"{p['cpu_s']:.2f} s", f"{b['cpu_s']:.2f} s",
                     f"{r['overhead_cpu'] * 100:+.1f} %", f"{p['maxrss_mb']:.0f}", f"{b['maxrss_mb']:.0f}",
                     f"{p['wall_s'] / r['pages'] * 1000:.1f}",
                     f"{r['first']['plugin']['wall_s']:.2f} s / {r['first']['bare']['wall_s']:.2f} s",
                     f"{r['load_average'][0]:.1f}"])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def measure(lessons: int) -> dict:
    """One size, in this (fresh) process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from panelpress import outputs, render
    from panelpress.outputs import Destinations
    from panelpress.options import Options
    from panelpress.site.nav import navigation
    from panelpress.site.pages import site_pages
    from panelpress.project import Project
    from panelpress.site.plugin import fit_theme_to_nav
    from panelpress.validate import load_project

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # unused-lesson warnings: the agenda is capped
    work = Path(tempfile.mkdtemp(prefix=f"panelpress-bench-{lessons}-"))
    try:
        root = work / "workshop"
        files = generate(root, lessons)
        project = Project(root)
        (workshop, diags), t_load = timed(load_project, project, stage="load")
        assert workshop is not None, [str(d) for d in diags if d.severity == "error"][:5]
        env = render.make_environment(project.templates_dir, root)
        render._markdown_html.cache_clear()
        pages, t_pages = timed(site_pages, workshop, env, (), root, stage="pages")

        # the same Markdown, built by MkDocs alone: written as files, same theme and navigation
        bare = work / "bare"
        extra = write_bare_docs(root, pages, bare)
        nav = json.dumps(navigation(pages, ["about.md"]))
        bare_config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - panelpress\n", "")
        bare_config += f"\nextra_css:\n{extra}\nnav: {nav}\n"
        (bare / "mkdocs.yml").write_text(bare_config, encoding="utf-8")
        bare_site = load_config(str(bare / "mkdocs.yml"), site_dir=str(work / "bare-site"))
        fit_theme_to_nav(bare_site)  # the theme settings the plugin would use for this navigation
        _, t_bare = timed(mkdocs_build, bare_site, stage="bare")

        render._markdown_html.cache_clear()
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(work / "site"))
        config.plugins["panelpress"].config["handouts"] = False  # timed on their own below
        config.plugins["panelpress"].config["slides"] = False
        _, t_build = timed(mkdocs_build, config, stage="build")  # includes load+validate and pages again

        extra_stages = {}
        options = Options.from_mkdocs(config, config.plugins["panelpress"].config, root)
        options = options.replace(handouts=True, slides=True)  # off for the site build above, timed here alone
        documents = {}
        for output in outputs.Outputs(options).items:
            out_dir = work / f"out-{output.name}"
            out_dir.mkdir()
            if output.name == "handouts":  # as its build does (HTML, then typesetting), each PDF's figures kept
                _, extra_stages[output.name] = timed(typeset_handouts, workshop, env, options, documents)
                continue
            dest = Destinations(out_dir / "site", out_dir / "kit")
            _, extra_stages[output.name] = timed(output.build, workshop, env, options, dest)
        own = t_load + t_pages
        return {
            "lessons": lessons, "data_files": files, "pages": len(pages) + 1,
            "load_validate_s": t_load, "load_validate_per_1000_files_s": t_load / files * 1000,
            "pages_s": t_pages, "mkdocs_s": max(t_build - own, 0.0), "mkdocs_with_plugin_s": t_build,
            "outputs_s": extra_stages, "bare_mkdocs_s": t_bare, "own_s": own,
            "overhead_ratio": own / t_bare, "bare_ms_per_page": t_bare / (len(pages) + 1) * 1000,
            "cpu_s": dict(CPU), "overhead_ratio_cpu": (CPU["load"] + CPU["pages"]) / CPU["bare"],
            "handouts": documents,  # key → pages, typesetting seconds (one worker, one core), pages/s
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def typeset_handouts(workshop, env, options, documents: dict) -> None:
    """The handouts' HTML rendered and typeset in workers, no PDF cache; each PDF's pages and
    time (a worker's own, so pages per second is per core) into `documents`."""
    from panelpress.handouts.output import HANDOUTS, render_html
    from panelpress.handouts.typeset import Typesetting

    pages = {h.key: render_html(workshop, env, options, h) for h in HANDOUTS}
    for key, (_, count, seconds) in Typesetting(pages, str(options.root) + "/").result().items():
        documents[key] = {"pages": count, "seconds": seconds, "pages_per_s": count / seconds}


def handouts_table(results: list[dict]) -> str:
    head = ["lessons", "document", "pages", "typeset (one core)", "pages/s per core", "ms/page"]
    rows = [[str(r["lessons"]), key, str(d["pages"]), f"{d['seconds']:.2f} s", f"{d['pages_per_s']:.1f}",
             f"{d['seconds'] / d['pages'] * 1000:.0f}"]
            for r in results for key, d in r.get("handouts", {}).items()]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def table(results: list[dict], outputs_names: list[str]) -> str:
    head = ["lessons", "files", "pages", "load+validate", "pages", "mkdocs", *outputs_names, "bare mkdocs",
            "own/bare", "own/bare (CPU)", "bare ms/page"]
    if not outputs_names:
        head[6:6] = ["handouts", "slides"]
    rows = []
    for r in results:
        outs = [f"{r['outputs_s'][n]:.2f} s" if n in r["outputs_s"] else "n/a"
                for n in (outputs_names or ["handouts", "slides"])]
        rows.append([str(r["lessons"]), str(r["data_files"]), str(r["pages"]), f"{r['load_validate_s']:.3f} s",
                     f"{r['pages_s']:.3f} s", f"{r['mkdocs_s']:.2f} s", *outs, f"{r['bare_mkdocs_s']:.2f} s",
                     f"{r['overhead_ratio'] * 100:.1f} %", f"{r['overhead_ratio_cpu'] * 100:.1f} %",
                     f"{r['bare_ms_per_page']:.1f}"])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" ---: " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (median)")
    parser.add_argument("--no-stages", action="store_true", help="only the headline")
    parser.add_argument("--json", type=Path, default=REPO / "bench-results" / "bench.json")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a worker: one size, JSON on stdout
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    whole = []
    for size in args.sizes:
        print(f"bench: {size} lessons, whole build x{args.runs} (load {os.getloadavg()[0]:.1f}) ...",
              file=sys.stderr, flush=True)
        whole.append(headline(size, args.runs))
    print("Whole build, `mkdocs build` with panelpress (handouts and slides off) vs bare, median of "
          f"{args.runs} interleaved runs:\n")
    print(headline_table(whole))
    results = []
    if not args.no_stages:
        for size in args.sizes:
            print(f"bench: {size} lessons, stages ...", file=sys.stderr, flush=True)
            worker = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True)
            if worker.returncode != 0:
                sys.exit(f"bench: {size} lessons failed:\n{worker.stderr}")
            results.append(json.loads(worker.stdout.strip().splitlines()[-1]))
        from panelpress import outputs
        from panelpress.options import Options

        names = [output.name for output in outputs.Outputs(Options.defaults(Path("."))).items]
        print("\nStages, one run each (handouts and slides alone):\n")
        print(table(results, names))
        print("\nHandouts, each PDF typeset in its own worker process:\n")
        print(handouts_table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                                 "platform": platform.platform()},
                                     "whole": whole, "results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
