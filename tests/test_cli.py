"""The command line as an author meets it: help, check, schema, new, serve."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PANELPRESS, REPO, run_panelpress

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

COMMANDS = ["build", "serve", "check", "new", "schema", "handouts", "slides"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_panelpress(command, "--help")
    assert result.returncode == 0
    assert "Usage: panelpress" in result.stdout and command in result.stdout


def test_check_passes_on_the_flagship():
    result = run_panelpress("check")
    assert result.returncode == 0, result.stderr
    assert "no errors" in result.stdout


def test_committed_json_schemas_match_the_model():
    result = run_panelpress("schema", "--check")
    assert result.returncode == 0, result.stderr + "\nrun `panelpress schema` and commit schema/"


def test_schema_describes_exercise_kinds_and_markdown_fields():
    schema = json.loads((REPO / "schema" / "exercise.schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema)
    for kind in ("choice", "rewrite", "audit", "checklist", "reflection", "roleplay"):
        assert f'"const": "{kind}"' in text
    assert "text/markdown" in text  # Markdown fields are marked as such for editors
    assert schema["$defs"]["ChoiceExercise"]["additionalProperties"] is False


def test_every_data_file_points_editors_at_its_schema():
    for path in sorted((REPO / "data").rglob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"


def test_new_scaffold_builds_and_takes_edits(tmp_path):
    target = tmp_path / "second-panel"
    made = run_panelpress("new", str(target), "--title", "Résumé night: ask me anything")
    assert made.returncode == 0, made.stderr
    assert run_panelpress("check", "--root", str(target)).returncode == 0
    lesson = target / "data" / "lessons" / "first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("The first lesson", "Reading a job post"),
                      encoding="utf-8")
    built = run_panelpress("build", "--root", str(target))
    assert built.returncode == 0, built.stderr
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "Résumé night: ask me anything" in home
    page = (target / "site" / "lessons" / "first-lesson" / "index.html").read_text(encoding="utf-8")
    assert "Reading a job post" in page
    # a second `new` into the same folder refuses rather than overwrite the author's work
    again = run_panelpress("new", str(target))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_check_reports_errors_with_position_and_exit_status(workshop_copy):
    lesson = workshop_copy / "data" / "lessons" / "networking-is-making-friends.yml"
    text = lesson.read_text(encoding="utf-8").replace("\nobjectives:", "\nobjetives:", 1)
    lesson.write_text(text, encoding="utf-8")
    line = text.splitlines().index("objetives:") + 1
    result = run_panelpress("check", "--root", str(workshop_copy))
    assert result.returncode == 1
    assert (f"data/lessons/networking-is-making-friends.yml:{line}:1: error: unknown field 'objetives' "
            "(did you mean 'objectives'?)") in result.stderr
    assert "Traceback" not in result.stderr
    built = run_panelpress("build", "--root", str(workshop_copy))
    assert built.returncode == 1 and "objetives" in built.stderr
    assert not (workshop_copy / "site").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_when_data_changes(workshop_copy):
    port = _free_port()
    server = subprocess.Popen([*PANELPRESS, "serve", "--root", str(workshop_copy), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(base, timeout=5) as response:  # serve mounts at site_url's path
                    url = response.geturl() + "lessons/networking-is-making-friends/"
                page = _get(url)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("panelpress serve did not start")
        assert "Networking is making friends" in page
        lesson = workshop_copy / "data" / "lessons" / "networking-is-making-friends.yml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited live - ", 1),
                          encoding="utf-8")
        for _ in range(200):
            if "Edited live" in _get(url):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the page did not change after the data file was edited")
    finally:
        server.terminate()
        server.wait(timeout=10)
    log = server.stdout.read()
    # the first request was redirected to site_url's path: an ordinary page load, not a warning
    assert "Serving on" in log and "warning" not in log.lower(), log


def _tree(folder: Path, skip: str = "") -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (skip and p.relative_to(folder).as_posix().startswith(skip + "/"))}


def test_slides_and_handouts_commands_replace_only_their_own_folder(tmp_path):
    root = tmp_path / "panel"
    run_panelpress("new", str(root), "--title", "Part panel", check=True)
    run_panelpress("build", "--root", str(root), check=True)
    site, kit = root / "site", root / "kit"
    for command, base, folder in (("slides", kit, "slides"), ("handouts", site, "handouts"),
                                  ("handouts", kit, "handouts")):
        before = _tree(base, skip=folder)
        (base / folder / "stale.txt").write_text("left from an older build")
        run_panelpress(command, "--root", str(root), check=True)
        assert _tree(base, skip=folder) == before, f"`panelpress {command}` changed files outside {folder}/"
        assert not (base / folder / "stale.txt").exists(), f"{folder}/ was not replaced whole"
        assert any((base / folder).iterdir())


@pytest.mark.parametrize("kit_dir", ["site/kit", "data", "docs/private", "."])
def test_build_refuses_a_kit_inside_the_site_or_over_the_authors_folders(tmp_path, kit_dir):
    """The kit is private: inside site/ it would be uploaded; over data/ it would replace the data."""
    root = tmp_path / "panel"
    run_panelpress("new", str(root), "--title", "Guarded kit", check=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - panelpress\n", f"  - panelpress:\n      kit_dir: {kit_dir}\n"), encoding="utf-8")
    before = _tree(root)
    result = run_panelpress("build", "--root", str(root))
    assert result.returncode != 0
    assert "kit" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert ("public web" in result.stderr) == (kit_dir == "site/kit"), result.stderr
    assert _tree(root) == before


@pytest.mark.parametrize("target", ["docs", "data", "."])
def test_build_refuses_to_write_over_the_authors_own_folders(tmp_path, target):
    root = tmp_path / "panel"
    run_panelpress("new", str(root), "--title", "Guarded panel", check=True)
    before = _tree(root)
    result = run_panelpress("build", "--root", str(root), "--site-dir", str(root / target))
    assert result.returncode != 0
    assert "refusing to build into" in result.stderr and "Traceback" not in result.stderr
    assert _tree(root) == before, "the author's files changed"


def test_a_broken_template_override_stops_handouts_with_its_position_not_a_traceback(tmp_path):
    root = tmp_path / "panel"
    run_panelpress("new", str(root), "--title", "Template panel", check=True)
    override = root / "templates" / "handouts" / "workbook.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<h1>{{ workshop.title }}</h1>\n<p>{{ workshop.titel }}</p>\n", encoding="utf-8")
    result = run_panelpress("handouts", "--root", str(root))
    assert result.returncode == 1
    assert "templates/handouts/workbook.html:2:1: error: template error: workshop has no field 'titel' " \
           "(did you mean 'title'?)" in result.stderr
    assert "Traceback" not in result.stderr and not (root / "site" / "handouts").exists()


def _leaving(code: str) -> subprocess.CompletedProcess:
    """A program that ends through `cli.leave`, as the `panelpress` command does."""
    program = ("import atexit, sys, threading, time\n"
               "from panelpress.cli import leave\n"
               "atexit.register(lambda: print('exit handler ran', flush=True))\n"
               + code)
    return subprocess.run([PANELPRESS[0], "-c", program], capture_output=True,
                          text=True, timeout=60)


def test_the_command_ends_with_its_status_output_and_exit_handlers():
    """`leave` skips the interpreter's teardown, nothing else: what was printed (even unflushed,
    into a pipe), the exit handlers, the status and a message given to sys.exit."""
    done = _leaving("sys.stdout.write('built site/ in 1.0 s')\nleave(3)\n")
    assert (done.returncode, done.stdout) == (3, "built site/ in 1.0 sexit handler ran\n")
    done = _leaving("leave(None)\n")
    assert (done.returncode, done.stdout) == (0, "exit handler ran\n")
    done = _leaving("leave('error: the build stopped')\n")
    assert (done.returncode, done.stderr) == (1, "error: the build stopped\n")
    # a thread still working is waited for, as Python's own exit waits for it
    done = _leaving("threading.Thread(target=lambda: (time.sleep(0.5), print('thread done', flush=True))).start()\n"
                    "leave(0)\n")
    assert (done.returncode, done.stdout) == (0, "thread done\nexit handler ran\n")
