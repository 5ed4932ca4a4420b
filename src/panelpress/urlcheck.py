"""`panelpress check --links`: are the web addresses in the workshop's data still there?

Finds every http(s) address in the data files (resources' `url`, links inside Markdown
fields), asks each host once (HEAD, then GET where HEAD is refused), and reports broken ones
at their file:line:column. An address that answered well is remembered for a day in
`.panelpress-cache/links.json`, so a second check is quick and does not bother the hosts.
A host that cannot be reached (offline, a typo in the host name) is a warning, never a crash.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .load import load_file
from .project import Project

CACHE_FILE = Path(".panelpress-cache") / "links.json"
CACHE_SECONDS = 24 * 3600
TIMEOUT = 10.0
USER_AGENT = "panelpress-link-check/1.0"
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")


@dataclass(frozen=True)
class Found:
    url: str
    path: str
    line: int
    column: int


def find_links(project: Project) -> list[Found]:
    """Every web address in the data files, where it is written."""
    files = [project.data_dir / "workshop.yml"] + [p for folder in ("lessons", "anecdotes", "exercises")
                                                    for p in project.data_files(folder)]
    found: list[Found] = []
    for path in files:
        doc, _ = load_file(path, project.shown(path)) if path.is_file() else (None, [])
        if doc is None:
            continue  # `check` reports why
        lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
        for loc, text in doc.strings():
            start_line = doc.position(loc)[0]
            for match in _URL.finditer(text):
                url = match.group().rstrip(".,;:!?")
                line, column = _locate(lines, url, start_line)
                found.append(Found(url, doc.shown, line, column))
    return found


def _locate(lines: list[str], url: str, start_line: int) -> tuple[int, int]:
    """The URL's line and column: the first time it is written at or after its value's line
    (a Markdown block's text starts on the lines below its key)."""
    for number in range(max(start_line, 1), len(lines) + 1):
        column = lines[number - 1].find(url)
        if column >= 0:
            return number, column + 1
    return start_line, 1


def _ask(url: str) -> tuple[int | None, str]:
    """(HTTP status, '') or (None, why the host could not be reached)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):  # some servers refuse HEAD only
                continue
            return exc.code, ""
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return None, str(reason)
    return None, "no answer"  # pragma: no cover - the loop always returns


def check_links(project: Project, now: float | None = None) -> list[Diagnostic]:
    found = find_links(project)
    now = time.time() if now is None else now
    cache_path = project.root / CACHE_FILE
    cache = _read_cache(cache_path)
    fresh = {url for url, entry in cache.items() if now - entry.get("checked", 0) < CACHE_SECONDS}
    to_ask = sorted({f.url for f in found} - fresh)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = dict(zip(to_ask, pool.map(_ask, to_ask)))
    for url, (status, _) in answers.items():
        if status is not None and status < 400:  # only good answers are remembered
            cache[url] = {"status": status, "checked": now}
        else:
            cache.pop(url, None)
    _write_cache(cache_path, cache)

    diags = []
    for item in found:
        if item.url not in answers:
            continue  # answered well within the last day
        status, why = answers[item.url]
        if status is None:
            diags.append(Diagnostic(item.path, item.line, item.column, f"could not reach {item.url}: {why}",
                                    "check the address; if you are offline, run `panelpress check --links` "
                                    "again later", "warning"))
        elif status >= 400:
            diags.append(Diagnostic(item.path, item.line, item.column, f"broken link {item.url}: HTTP {status}",
                                    "open it in a browser and fix the address, or remove the link"))
    return diags


def _read_cache(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # no cache, or a damaged one: check everything again


def _write_cache(path: Path, cache: dict[str, dict]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only checkout still gets its report
