"""`panelpress new` makes a repository a team can publish from, and `check` speaks to machines.

The scaffold: a .gitignore that keeps site/ and kit/ out of git, VS Code settings that map the
schemas onto data/, a README for the author, a GitHub Actions workflow that checks pull
requests and publishes site/ (never kit/) to GitHub Pages, and all of it inside the wheel.
`check --format json|github`: the same diagnostics as the text, for programs and for CI.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from conftest import PANELPRESS, REPO, SECOND, run_panelpress
from panelpress import scaffold
from panelpress.diagnostics import Diagnostic, format_diagnostics
from test_bad_input import CASES, apply_edits

REPOSITORY_FILES = [".gitignore", ".vscode/settings.json", ".vscode/extensions.json", "README.md",
                    ".github/workflows/publish.yml", "package.json"]


@pytest.fixture(scope="module")
def new_workshop(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("new") / "panel"
    made = run_panelpress("new", str(root), "--title", "Résumé night: ask me anything")
    assert made.returncode == 0, made.stderr
    return root


# --- the scaffold is a repository ------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("name", REPOSITORY_FILES)
def test_new_writes_each_repository_file(new_workshop, name):
    assert (new_workshop / name).is_file(), f"`panelpress new` did not write {name}"
    assert not re.search(r"__[A-Z_]+__", (new_workshop / name).read_text(encoding="utf-8")), f"{name} kept a placeholder"


@pytest.mark.build
def test_gitignore_keeps_built_and_private_folders_out_of_git(new_workshop, tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(new_workshop, repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for made in ("site/index.html", "site/handouts/x-workbook.pdf", "kit/moderator-script.pdf",
                 ".panelpress-cache/links.json", "node_modules/reveal.js/dist/reveal.js"):
        (repo / made).parent.mkdir(parents=True, exist_ok=True)
        (repo / made).write_text("x", encoding="utf-8")
        ignored = subprocess.run(["git", "check-ignore", "-q", made], cwd=repo)
        assert ignored.returncode == 0, f"{made} is not ignored"
    for own in ("data/workshop.yml", "data/lessons/first-lesson.yml", "docs/about.md", "mkdocs.yml",
                "schema/lesson.schema.json", ".vscode/settings.json", ".github/workflows/publish.yml",
                "README.md", "package.json", "templates/README.md"):
        kept = subprocess.run(["git", "check-ignore", "-q", own], cwd=repo)
        assert kept.returncode == 1, f"{own} is ignored, but the author's repository needs it"


def _schema_for(settings: dict, relative: str) -> list[str]:
    return [schema for schema, globs in settings["yaml.schemas"].items()
            if any(fnmatch(relative, glob) for glob in globs)]


@pytest.mark.build
@pytest.mark.parametrize("workshop", ["new", "flagship", "negotiation"])
def test_vscode_settings_map_every_data_file_to_its_schema(new_workshop, workshop):
    settings = json.loads((new_workshop / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    root = {"new": new_workshop, "flagship": REPO, "negotiation": SECOND}[workshop]
    files = sorted((root / "data").rglob("*.yml"))
    assert {p.parent.name for p in files} >= {"data", "lessons", "anecdotes", "exercises"}
    for path in files:
        relative = path.relative_to(root).as_posix()
        schemas = _schema_for(settings, relative)
        assert len(schemas) == 1, f"{relative}: mapped to {schemas or 'no schema'}"
        assert (new_workshop / schemas[0]).is_file(), f"{schemas[0]} does not exist"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):  # both ways must name the same schema
            inline = (path.parent / first.split("=", 1)[1]).resolve().relative_to(root.resolve())
            assert Path(schemas[0]) == inline, f"{relative}: settings say {schemas[0]}, the file says {inline}"
    extensions = json.loads((new_workshop / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def _workflow(root: Path) -> dict:
    document = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads the key `on` as true
    return document


@pytest.mark.build
def test_workflow_checks_then_builds_and_publishes_site_never_kit(new_workshop):
    workflow = _workflow(new_workshop)
    assert {"push", "pull_request"} <= set(workflow["on"])
    build = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build]
    check = next(i for i, run in enumerate(runs) if "panelpress check --format github" in run)
    built = next(i for i, run in enumerate(runs) if run.strip() == "panelpress build")
    uploads = [step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert check < built < build.index(uploads[0])
    assert [step["with"]["path"] for step in uploads] == ["site"]
    # the private kit is in no step: not uploaded, not copied, not named
    assert "kit" not in json.dumps(workflow["jobs"])
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert "pull_request" in deploy["if"] and "pull_request" in uploads[0]["if"]  # a PR only checks
    # the one line an author changes: where panelpress comes from
    assert workflow["env"]["PANELPRESS"] == scaffold.panelpress_requirement()
    for step in build + deploy["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), step["uses"]


@pytest.mark.build
def test_scaffold_readme_walks_the_author_through_the_loop(new_workshop):
    readme = (new_workshop / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Résumé night: ask me anything\n")  # the title as it reads, not quoted
    for step in ("panelpress check", "panelpress serve", "panelpress build", "GitHub Pages", "site_url",
                 "Never publish `kit/`", "PANELPRESS", "not on PyPI yet"):
        assert step in readme, step


def test_scaffold_uses_the_browser_libraries_the_engine_is_tested_with():
    """reveal.js for the slides, iframe-worker for the offline bundle's search, the identity's
    font (identity.py): the same pins."""
    ours = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]
    theirs = json.loads((scaffold.SCAFFOLD / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert theirs == ours and set(ours) == {"reveal.js", "iframe-worker", "@fontsource/source-sans-3"}


@pytest.mark.build
def test_every_scaffold_file_is_in_the_wheel(tmp_path):
    """Dotfiles escape setuptools' package-data globs unless named: build a wheel and look."""
    source = tmp_path / "source"  # only what the package is made of: building leaves no litter in REPO
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    built = subprocess.run([PANELPRESS[0], "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("panelpress-*.whl"))
    packaged = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("panelpress/scaffold/")}
    wanted = {f"panelpress/scaffold/{p.relative_to(scaffold.SCAFFOLD).as_posix()}"
              for p in scaffold.SCAFFOLD.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {f"panelpress/scaffold/{name}" for name in REPOSITORY_FILES} <= wanted
    assert wanted - packaged == set()


# --- diagnostics for machines ----------------------------------------------------------------

def _broken_copy(tmp_path: Path, case: str) -> tuple[Path, dict]:
    root = tmp_path / "workshop"
    scaffold.create(root, "My career panel")
    spec = yaml.safe_load((CASES / f"{case}.yml").read_text(encoding="utf-8"))
    apply_edits(root, spec.get("edit", {}))
    return root, spec


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PANELPRESS, "check", *args], cwd=root, capture_output=True, text=True, timeout=120)


@pytest.mark.build
@pytest.mark.parametrize("case", ["unknown-key-did-you-mean", "agenda-overruns", "missing-data-folder"])
def test_check_json_holds_what_the_text_says(tmp_path, case):
    root, spec = _broken_copy(tmp_path, case)
    result = _check(root, "--format", "json")
    assert "Traceback" not in result.stderr
    found = json.loads(result.stdout)  # stdout is one JSON document and nothing else
    assert [str(Diagnostic(**item)) for item in found] == spec["expect"].splitlines()
    assert result.returncode == spec.get("status", 1)


@pytest.mark.build
def test_check_json_names_path_line_column_severity_message_hint(tmp_path):
    root, _ = _broken_copy(tmp_path, "unknown-key-did-you-mean")
    assert json.loads(_check(root, "--format", "json").stdout) == [{
        "path": "data/lessons/first-lesson.yml", "line": 5, "column": 1, "severity": "error",
        "message": "unknown field 'objetives'", "hint": "did you mean 'objectives'?"}]


@pytest.mark.build
def test_check_github_annotates_the_line(tmp_path):
    root, _ = _broken_copy(tmp_path, "unknown-key-did-you-mean")
    result = _check(root, "--format", "github")
    assert result.stdout.splitlines() == [
        "::error file=data/lessons/first-lesson.yml,line=5,col=1,title=panelpress::"
        "unknown field 'objetives' (did you mean 'objectives'?)"]
    assert result.returncode == 1


@pytest.mark.build
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_exit_status_is_the_same_in_every_format(tmp_path, fmt):
    root, _ = _broken_copy(tmp_path, "duplicate-key")
    assert _check(root, "--format", fmt).returncode == 1
    good = tmp_path / "good"
    scaffold.create(good, "Fine panel")
    clean = _check(good, "--format", fmt)
    assert clean.returncode == 0, clean.stderr
    assert (json.loads(clean.stdout) == []) if fmt == "json" else ("::" not in clean.stdout)


def test_github_format_escapes_what_would_end_or_split_a_command():
    tricky = Diagnostic("data/lessons/a,b:c.yml", 3, 7, "100% wrong: a, b\r\nsecond line", "use 'x: y'",
                        severity="warning")
    assert format_diagnostics([tricky], "github") == (
        "::warning file=data/lessons/a%2Cb%3Ac.yml,line=3,col=7,title=panelpress::"
        "100%25 wrong: a, b%0D%0Asecond line (use 'x: y')")
    # no position (a missing file): no line or col, rather than line=0
    assert format_diagnostics([Diagnostic("data", 0, 0, "there is no data/ folder")], "github") == (
        "::error file=data,title=panelpress::there is no data/ folder")


def test_text_format_is_unchanged_by_default():
    items = [Diagnostic("b.yml", 1, 1, "late"), Diagnostic("a.yml", 2, 3, "odd", "fix it", "warning")]
    assert format_diagnostics(items) == format_diagnostics(items, "text") == (
        "a.yml:2:3: warning: odd (fix it)\nb.yml:1:1: error: late\n1 error, 1 warning")


def test_a_note_is_counted_apart_and_is_a_notice_on_github():
    """A note (a label no longer used) is neither an error nor a warning: the count says which."""
    items = [Diagnostic("a.yml", 2, 3, "odd", "fix it", "warning"), Diagnostic("a.yml", 9, 3, "unused", "", "note")]
    assert format_diagnostics(items).splitlines()[-2:] == ["a.yml:9:3: note: unused", "0 errors, 1 warning, 1 note"]
    assert format_diagnostics(items[1:], "github") == "::notice file=a.yml,line=9,col=3,title=panelpress::unused"


class _Installed:
    version = "0.1.0"

    def __init__(self, direct_url: dict | None):
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.direct_url) if name == "direct_url.json" and self.direct_url else None


@pytest.mark.parametrize("origin, wanted", [
    ({"url": "https://github.com/career-centre/panelpress", "vcs_info": {"vcs": "git", "commit_id": "ab12"}},
     "panelpress @ git+https://github.com/career-centre/panelpress@ab12"),
    ({"url": "file:///home/me/panelpress", "dir_info": {"editable": True}}, "panelpress==0.1.0"),  # CI cannot reach it
    ({"url": "https://token@github.com/x/panelpress", "vcs_info": {"vcs": "git", "commit_id": "ab12"}},
     "panelpress==0.1.0"),  # never copy a credential into a file that gets committed
    (None, "panelpress==0.1.0"),  # from an index: by name and version
])
def test_workflow_installs_the_panelpress_that_made_the_scaffold(monkeypatch, origin, wanted):
    monkeypatch.setattr(scaffold.metadata, "distribution", lambda name: _Installed(origin))
    assert scaffold.panelpress_requirement() == wanted


@pytest.mark.build
def test_check_github_names_files_from_where_it_runs(tmp_path):
    """A workshop in a subfolder of the repository: annotations must name the file from the
    repository's root (where the workflow runs), or GitHub cannot place them on the line."""
    root, _ = _broken_copy(tmp_path, "unknown-key-did-you-mean")
    result = subprocess.run([*PANELPRESS, "check", "--root", "workshop", "--format", "github"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.startswith("::error file=workshop/data/lessons/first-lesson.yml,line=5,col=1,"), result


def test_the_new_workshops_id_reads_like_its_title():
    """author28: `new --title "Informational interviews that don't feel like asking for a job"`
    made the id (every handout's file name) "informational-interviews-that-don-t-…-for-a-j"."""
    assert scaffold.slugify("Informational interviews that don't feel like asking for a job") == (
        "informational-interviews-that-dont-feel-like-asking-for-a")
    assert scaffold.slugify("Résumé night: ask me anything") == "resume-night-ask-me-anything"
    assert scaffold.slugify("周美玲") == "workshop"
    assert len(scaffold.slugify("x" * 70)) == scaffold.ID_LENGTH
