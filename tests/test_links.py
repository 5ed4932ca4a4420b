"""Links: `build --strict` stops on a broken internal link or anchor in an author's docs/ page,
and `check --links` asks the hosts named in the data, with a cache, positioned at file:line:col.
External links are tested against a server on 127.0.0.1: nothing leaves the machine."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import PANELPRESS, run_panelpress
from panelpress import scaffold

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop


@pytest.fixture
def workshop(tmp_path) -> Path:
    root = tmp_path / "workshop"
    scaffold.create(root, "Links panel")
    return root


def test_strict_build_fails_on_broken_docs_link_and_anchor(workshop):
    (workshop / "docs/about.md").write_text(
        "# About\n\n## Next steps\n\nSee [the schedule](schedule.md) and\n"
        "[our next steps](#next-step), or [home](index.md#no-such-heading).\n", encoding="utf-8")
    result = run_panelpress("build", cwd=workshop)
    lines = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert lines == [
        "docs/about.md:5:20: warning: broken link 'schedule.md': the target is not found among documentation "
        "files (check the file name; links are relative to this page and end in .md, e.g. 'about.md')",
        "docs/about.md:6:18: warning: broken link '#next-step': there is no such anchor on this page "
        "(link to a heading's anchor: a heading 'Next steps' has the anchor '#next-steps')",
        "docs/about.md:6:41: warning: broken link 'index.md#no-such-heading': the doc 'index.md' does not contain "
        "an anchor '#no-such-heading' (link to a heading's anchor: a heading 'Next steps' has the anchor "
        "'#next-steps')",
    ], result.stderr
    assert result.returncode == 1
    assert "fix the warnings above, or build with --no-strict" in result.stderr
    assert not (workshop / "site").exists()

    relaxed = run_panelpress("build", "--no-strict", cwd=workshop)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "docs/about.md:5:20: warning: broken link 'schedule.md'" in relaxed.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_HEAD(self):
        self.asked.append(self.path)
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.asked = []
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def check_links(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    return subprocess.run([*PANELPRESS, "check", "--links"], cwd=root, capture_output=True, text=True, env=env,
                          timeout=120)


def test_check_links_reports_broken_and_unreachable_at_their_position_and_caches(workshop, local_server):
    server, base = local_server
    path = workshop / "data/workshop.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("materials:", f"resources:\n  - title: Careers office\n    url: {base}/ok\nmaterials:")
    text = text.replace("summary: |\n  A short career-panel workshop.",
                        f"summary: |\n  A short career-panel workshop, see [the old page]({base}/missing).")
    path.write_text(text, encoding="utf-8")
    lesson = workshop / "data/lessons/first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "links work.", "links work: <http://127.0.0.1:9/closed>."), encoding="utf-8")

    first = check_links(workshop)
    lines = [line for line in first.stderr.splitlines() if ": error: " in line or ": warning: " in line]
    assert lines == [
        "data/lessons/first-lesson.yml:8:89: warning: could not reach http://127.0.0.1:9/closed: "
        "[Errno 111] Connection refused (check the address; if you are offline, run `panelpress check --links` "
        "again later)",
        f"data/workshop.yml:5:53: error: broken link {base}/missing: HTTP 404 "
        "(open it in a browser and fix the address, or remove the link)",
    ], first.stderr
    assert first.returncode == 1
    assert "Traceback" not in first.stderr
    cache = json.loads((workshop / ".panelpress-cache/links.json").read_text(encoding="utf-8"))
    assert list(cache) == [f"{base}/ok"]  # only good answers are remembered

    asked = len(_Handler.asked)
    second = check_links(workshop)
    assert f"{base}/ok" not in second.stderr
    assert "/ok" not in _Handler.asked[asked:]  # answered from the cache
    assert "/missing" in _Handler.asked[asked:]  # a broken link is asked again
    assert second.returncode == 1


def test_check_links_offline_is_a_warning_not_a_crash(workshop):
    path = workshop / "data/workshop.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "materials:", "resources:\n  - title: Careers office\n    url: http://127.0.0.1:9/\nmaterials:"),
        encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if "url: http://127.0.0.1:9/" in text)
    result = check_links(workshop)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"data/workshop.yml:{line}:10: warning: could not reach http://127.0.0.1:9/" in result.stderr
