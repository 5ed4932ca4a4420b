"""Lighthouse and the Nu Html Checker on the built site and deck: a table and a JSON file.

    .venv/bin/python scripts/audit.py [--root .] [--site site] [--kit kit] [--no-facilitator]
                                      [--no-lighthouse] [--no-nu] [--out build/audit] [--runs 3]
                                      [--only deck] [--only exercise ...]

Builds nothing of the workshop itself: it reads site/ and kit/ as `make site` left them. Only the
facilitator page, which a default build does not publish, is built with `publish_facilitator:
true` into a temporary folder (skip with --no-facilitator). Lighthouse (mobile profile, its
default) runs on one page of each type through Debian's /usr/bin/chromium, served on localhost
with gzip as a static host serves them (--no-gzip: as stored); the Nu checker on
every HTML page of site/ and on the deck. On a busy machine one Lighthouse run varies by several
points: --runs N runs it N times per page and reports each category's median (and every run's
performance score). Both tools come from npm in scripts/audit/ (installed
there with `npm ci` on first use, never by `make site`).

The Nu errors are split into ours and Material's: Material's are the ones a plain Material page
has too (a one-page MkDocs project, theme material and nothing else, built into a temporary
folder and checked the same way), so the split follows the installed Material version.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "scripts" / "audit"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# the metrics the performance score is made of (Lighthouse 12, mobile), as the table heads them: a
# score of 99 says little on a busy machine; these say which part moved (milliseconds; CLS unitless)
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
EXERCISE_KINDS = ("choice", "rewrite", "audit", "checklist", "reflection", "roleplay")


@dataclasses.dataclass
class Target:
    """One page Lighthouse opens: its type (the table's row), where it is served, its file."""
    kind: str
    base: str  # "site", "published" or "deck": which server serves it
    path: str  # URL path under that server
    file: Path


@dataclasses.dataclass
class NuResult:
    file: str
    ours: list[dict]
    material: list[dict]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Hosted(Quiet):
    """Text files gzip-compressed when the browser asks, as any static host sends them (GitHub
    Pages, Netlify, a default nginx): Lighthouse's simulated slow 4G then times what a
    participant's phone downloads, not an uncompressed local copy."""

    TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics"}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix not in self.TEXT or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = True):
    """`directory` over HTTP on localhost, as it would be hosted (file:// changes what loads)."""
    handler = Hosted if compress else Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def install_tools() -> None:
    """`npm ci` in scripts/audit/ when its lock file is newer than the installed tools."""
    stamp = TOOLS / "node_modules" / ".installed"
    lock = TOOLS / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime and LIGHTHOUSE.exists() and VNU.exists():
        return
    print("installing Lighthouse and the Nu Html Checker into scripts/audit/node_modules (npm ci) ...", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True)
    stamp.touch()


def chromium() -> str:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("audit: Debian's chromium is not installed (apt-get install chromium); Lighthouse needs it")


# --- which pages: one of each type, found in the built site (any workshop, not only the flagship) ---

def first_page(site: Path, section: str) -> str | None:
    pages = sorted(p.parent for p in (site / section).glob("*/index.html"))
    return f"{section}/{pages[0].name}/" if pages else None


def exercise_pages(site: Path) -> dict[str, str]:
    """The first exercise page of each kind, read from the page's `data-kind`."""
    found: dict[str, str] = {}
    for index in sorted((site / "exercises").glob("*/index.html")):
        match = re.search(r'data-kind="([a-z]+)"', index.read_text(encoding="utf-8"))
        if match and match.group(1) not in found:
            found[match.group(1)] = f"exercises/{index.parent.name}/"
    return found


def targets(site: Path, kit: Path, published: Path | None) -> list[Target]:
    wanted: list[tuple[str, str | None]] = [("home", ""), ("lesson", first_page(site, "lessons")),
                                            ("story", first_page(site, "stories"))]
    kinds = exercise_pages(site)
    wanted += [(f"exercise: {kind}", kinds.get(kind)) for kind in EXERCISE_KINDS]
    wanted += [("takeaways", "takeaways/"), ("evaluation", "evaluation/"), ("handouts", "print/")]
    found = [Target(kind, "site", path, site / path / "index.html") for kind, path in wanted
             if path is not None and (site / path / "index.html").exists()]
    missing = [kind for kind, path in wanted if path is None or not (site / path / "index.html").exists()]
    if missing:
        print(f"audit: no page of type {', '.join(missing)} in {site}: not measured", flush=True)
    if published and (published / "facilitator" / "index.html").exists():
        found.append(Target("facilitator (published)", "published", "facilitator/",
                            published / "facilitator" / "index.html"))
    if (kit / "slides" / "index.html").exists():
        found.append(Target("deck", "deck", "", kit / "slides" / "index.html"))
    return found


def build_published(root: Path, into: Path) -> Path | None:
    """The workshop with `publish_facilitator: true`, built into `into` (only the facilitator page
    is read from it). Slides and PDFs stay as configured: the page is what the organiser publishes."""
    copy = into / "workshop"
    copy.mkdir()
    for name in ("data", "docs", "templates"):
        if (root / name).is_dir():
            shutil.copytree(root / name, copy / name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if "publish_facilitator" in config:
        config = re.sub(r"publish_facilitator:\s*\w+", "publish_facilitator: true", config)
    else:
        config, n = re.subn(r"(\n(\s+)- panelpress:\n)", r"\1\2    publish_facilitator: true\n", config, count=1)
        if not n:
            print("audit: mkdocs.yml has no `- panelpress:` block with options: facilitator page not measured")
            return None
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    print("building the workshop with publish_facilitator: true into a temporary folder ...", flush=True)
    result = subprocess.run([sys.executable, "-m", "panelpress", "build", "--root", str(copy)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(f"audit: the publish_facilitator build failed; facilitator page not measured\n{result.stderr[-2000:]}")
        return None
    return copy / "site"


# --- the Nu Html Checker ---

def nu_messages(files: list[Path]) -> dict[str, list[dict]]:
    """Errors by file (absolute path), from one run of vnu.jar over all of them."""
    if not files:
        return {}
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
                            capture_output=True, text=True)
    errors: dict[str, list[dict]] = {str(f.resolve()): [] for f in files}
    for message in json.loads(result.stdout or "{}").get("messages", []):
        if message.get("type") != "error":
            continue
        file = message.get("url", "").removeprefix("file:")
        errors.setdefault(file, []).append(message)
    return errors


def plain_material_errors(tmp: Path) -> list[str]:
    """What a plain Material page (the installed version, default theme options) gets wrong: the
    Nu messages of a one-page MkDocs project with `theme: material` and nothing else."""
    project = tmp / "plain-material"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Plain\n\nA page.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Plain\ntheme:\n  name: material\n", encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q", "-f", str(project / "mkdocs.yml")], check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    page = project / "site" / "index.html"
    return [m["message"] for m in nu_messages([page]).get(str(page.resolve()), [])]


def nu(files: list[Path], material: list[str], root: Path) -> list[NuResult]:
    results = []
    for file, errors in nu_messages(files).items():
        shown = os.path.relpath(file, root) if file.startswith(str(root)) else file
        results.append(NuResult(shown, [e for e in errors if e["message"] not in material],
                                [e for e in errors if e["message"] in material]))
    return sorted(results, key=lambda r: r.file)


# --- Lighthouse ---

def lighthouse(url: str, report: Path, chrome: str) -> dict:
    """Scores (0–100) by category, and what each category holds against the page."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome})
    if result.returncode != 0 or not report.exists():
        return {"error": (result.stderr or result.stdout)[-1500:]}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores, flagged = {}, {}
    for name in CATEGORIES:
        category = data["categories"].get(name, {})
        scores[name] = None if category.get("score") is None else round(category["score"] * 100)
        flagged[name] = [
            {"id": ref["id"], "title": data["audits"][ref["id"]]["title"],
             "score": data["audits"][ref["id"]]["score"],
             "value": data["audits"][ref["id"]].get("displayValue", "")}
            for ref in category.get("auditRefs", [])
            if ref.get("weight", 0) > 0 and data["audits"][ref["id"]].get("score") is not None
            and data["audits"][ref["id"]]["score"] < 1]
    metrics = {name: data["audits"][name].get("numericValue") for name in METRICS if name in data["audits"]}
    return {"scores": scores, "flagged": flagged, "metrics": metrics,
            "runtime_error": data.get("runtimeError", {}).get("message")}


def lighthouse_median(url: str, report: Path, chrome: str, runs: int) -> dict:
    """`runs` Lighthouse runs of one page: each category's median score, the flagged audits of the
    run whose performance is the median (its report is kept as `report`, the others beside it)."""
    results = []
    for n in range(runs):
        path = report if runs == 1 else report.with_name(f"{report.stem}-{n + 1}{report.suffix}")
        result = lighthouse(url, path, chrome)
        if "error" in result:
            return result
        results.append((result, path))
    if runs == 1:
        return results[0][0]
    perf = [r["scores"]["performance"] or 0 for r, _ in results]
    middle, path = sorted(results, key=lambda rp: rp[0]["scores"]["performance"] or 0)[runs // 2]
    shutil.copyfile(path, report)
    scores = {c: round(statistics.median([r["scores"][c] or 0 for r, _ in results])) for c in CATEGORIES}
    metrics = {name: statistics.median(values) for name in METRICS
               if (values := [r["metrics"][name] for r, _ in results if r["metrics"].get(name) is not None])}
    return {**middle, "scores": scores, "metrics": metrics, "performance_runs": perf}


# --- the report ---

def table(rows: list[dict]) -> str:
    head = ["page type", "perf", "a11y", "best pr.", "SEO", "Nu ours", "Nu Material"]
    lines = [head]
    for row in rows:
        scores = row.get("lighthouse", {}).get("scores", {})
        cells = [row["kind"]] + ["–" if scores.get(c) is None else str(scores[c]) for c in CATEGORIES]
        cells += ["–" if row[key] is None else str(row[key]) for key in ("nu_ours", "nu_material")]
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def metrics_table(rows: list[dict]) -> str:
    """Each page's performance metrics (the medians with --runs), in the units a report quotes."""
    lines = [["page type", *METRICS.values()]]
    for row in rows:
        metrics = row.get("lighthouse", {}).get("metrics", {})
        lines.append([row["kind"], *("–" if metrics.get(name) is None else
                                     f"{metrics[name]:.3f}" if name == "cumulative-layout-shift" else
                                     f"{metrics[name]:.0f} ms" for name in METRICS)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the workshop (mkdocs.yml, data/)")
    parser.add_argument("--site", type=Path, help="the built site (default: ROOT/site)")
    parser.add_argument("--kit", type=Path, help="the built kit (default: ROOT/kit)")
    parser.add_argument("--out", type=Path, default=Path("build/audit"), help="where the JSON goes")
    parser.add_argument("--no-facilitator", action="store_true", help="skip the publish_facilitator build")
    parser.add_argument("--no-lighthouse", action="store_true", help="the Nu checker only (seconds)")
    parser.add_argument("--no-nu", action="store_true",
                        help="Lighthouse only: no Nu checker (a narrow performance run with --only)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the median is reported")
    parser.add_argument("--only", action="append", default=[],
                        help="measure only page types containing this text (repeatable), e.g. --only deck")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed (default: gzip, as hosts do)")
    args = parser.parse_args()
    root = args.root.resolve()
    site, kit = (args.site or root / "site").resolve(), (args.kit or root / "kit").resolve()
    if not (site / "index.html").exists():
        sys.exit(f"audit: no built site in {site}: run `make site` first (the audit builds nothing)")
    install_tools()
    chrome = chromium()
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="panelpress-audit-") as tmp_name:
        tmp = Path(tmp_name)
        # the publish_facilitator build (half a minute) only when its page is measured
        wanted = not args.only or any(word in "facilitator (published)" for word in args.only)
        published = build_published(root, tmp) if wanted and not args.no_facilitator else None
        pages = targets(site, kit, published)
        if args.only:
            pages = [t for t in pages if any(word in t.kind for word in args.only)]

        material = [] if args.no_nu else plain_material_errors(tmp)
        html = sorted(site.rglob("*.html")) + [t.file for t in pages if t.base != "site"]
        checked = [] if args.no_nu else nu(html, material, root)
        by_file = {r.file: r for r in checked}

        rows = []
        with contextlib.ExitStack() as stack:
            compress = not args.no_gzip
            servers = {"site": stack.enter_context(serve(site, compress))}
            if published:
                servers["published"] = stack.enter_context(serve(published, compress))
            if (kit / "slides").is_dir():
                servers["deck"] = stack.enter_context(serve(kit / "slides", compress))
            for target in pages:
                shown = os.path.relpath(target.file, root) if str(target.file).startswith(str(root)) else str(target.file)
                nu_row = by_file.get(shown) or NuResult(shown, [], [])
                row = {"kind": target.kind, "url_path": target.path, "file": shown,
                       "nu_ours": None if args.no_nu else len(nu_row.ours),
                       "nu_material": None if args.no_nu else len(nu_row.material)}
                if not args.no_lighthouse:
                    print(f"lighthouse: {target.kind} ({target.base}/{target.path}) ...", flush=True)
                    slug = re.sub(r"[^a-z0-9]+", "-", target.kind.lower()).strip("-")
                    row["lighthouse"] = lighthouse_median(servers[target.base] + target.path,
                                                          args.out / f"lighthouse-{slug}.json", chrome, args.runs)
                    if "error" in row["lighthouse"]:
                        print(f"  failed: {row['lighthouse']['error']}", flush=True)
                rows.append(row)

    print()
    print(table(rows))
    if not args.no_lighthouse:
        print(f"\nperformance metrics{' (medians of ' + str(args.runs) + ' runs)' if args.runs > 1 else ''}:")
        print(metrics_table(rows))
    ours = sum(len(r.ours) for r in checked)
    theirs = sum(len(r.material) for r in checked)
    if not args.no_nu:
        print(f"\nNu Html Checker, every HTML page of the site and the deck ({len(checked)} files): "
              f"{ours} errors in our markup, {theirs} in Material's "
              f"(a plain Material page has {len(material)}: {'; '.join(sorted(set(material))) or 'none'})")
    for result in checked:
        for error in result.ours:
            print(f"  {result.file}:{error.get('lastLine', '?')}: {error['message']}")
    for row in rows:
        if "performance_runs" in row.get("lighthouse", {}):
            print(f"  lighthouse {row['kind']}: performance per run {row['lighthouse']['performance_runs']}")
    for row in rows:
        for category, audits in row.get("lighthouse", {}).get("flagged", {}).items():
            for audit in audits:
                print(f"  lighthouse {row['kind']} / {category}: {audit['title']} {audit['value']}".rstrip())
    summary = {"pages": rows, "material_baseline": material,
               "nu": [dataclasses.asdict(r) for r in checked]}
    report = args.out / "audit.json"
    report.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten {report} (Lighthouse reports beside it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
