"""Atomic builds: a failed `panelpress build` leaves the last good site/ byte for byte, and no
build ever writes into the author's own files (data/, docs/, templates/, mkdocs.yml)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import leftovers, run_panelpress
from panelpress import scaffold
from panelpress.write import staged_folder

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

AUTHOR_FILES = ("data", "docs", "templates", "mkdocs.yml")


def tree_hash(path: Path) -> str:
    """Every file's relative path and bytes, in order: equal hashes mean equal trees."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def author_hashes(root: Path) -> dict[str, str]:
    return {name: tree_hash(root / name) for name in AUTHOR_FILES}


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A small workshop with its site/ built once; each test works on a copy."""
    root = tmp_path_factory.mktemp("atomic") / "workshop"
    scaffold.create(root, "Atomic panel")
    run_panelpress("build", cwd=root, check=True)
    return root


@pytest.fixture
def workshop(built_once, tmp_path) -> Path:
    root = tmp_path / "workshop"
    shutil.copytree(built_once, root)
    return root


def breaks_data(root: Path) -> None:
    path = root / "data/lessons/first-lesson.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: A\ntitle:", 1), encoding="utf-8")


def breaks_template(root: Path) -> None:
    # a page template that fails on the last story, after the home and lesson pages rendered
    (root / "templates/site").mkdir(parents=True, exist_ok=True)
    (root / "templates/site/story.md").write_text("# {{ story.title }}\n\n{{ story.no_such_field }}\n",
                                                   encoding="utf-8")


def breaks_docs_link(root: Path) -> None:
    # MkDocs writes every page into the staging folder before strict mode aborts on the warning
    with (root / "docs/about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the schedule](schedule.md).\n")


@pytest.mark.parametrize("breaks", [breaks_data, breaks_template, breaks_docs_link],
                         ids=["bad data", "broken template override", "broken link under --strict"])
def test_failed_build_leaves_previous_site_byte_for_byte(workshop, breaks):
    site_before = tree_hash(workshop / "site")
    breaks(workshop)
    authors_before = author_hashes(workshop)
    result = run_panelpress("build", cwd=workshop)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "error: " in result.stderr
    assert tree_hash(workshop / "site") == site_before
    assert author_hashes(workshop) == authors_before
    assert leftovers(workshop, ".site.") == [], "a failed build left its staging folder behind"


def test_successful_build_replaces_site_and_never_writes_author_files(workshop):
    before = author_hashes(workshop)
    page = workshop / "data/lessons/first-lesson.yml"
    page.write_text(page.read_text(encoding="utf-8").replace("The first lesson", "A renamed lesson"),
                    encoding="utf-8")
    before = author_hashes(workshop)
    run_panelpress("build", cwd=workshop, check=True)
    assert author_hashes(workshop) == before
    assert "A renamed lesson" in (workshop / "site/lessons/first-lesson/index.html").read_text(encoding="utf-8")
    assert leftovers(workshop, ".site.") == []  # the replaced site removed, nothing staged left


def test_the_replaced_folder_is_removed_after_the_swap_and_one_left_behind_later(tmp_path):
    """The site a build replaced goes (in the background, so the build does not wait for the disk),
    and one whose removal was cut short (the machine stopped) goes with a later build; one that
    another build is removing right now is left to it."""
    target = tmp_path / "site"
    with staged_folder(target) as stage:
        (stage / "first.html").write_text("1", encoding="utf-8")
    with staged_folder(target) as stage:
        (stage / "second.html").write_text("2", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["second.html"]
    assert leftovers(tmp_path, ".site.") == []

    stale, fresh = tmp_path / ".site.old-stale", tmp_path / ".site.old-fresh"
    (stale / "site").mkdir(parents=True)
    (stale / "site" / "index.html").write_text("old", encoding="utf-8")
    long_ago = time.time() - 3600
    os.utime(stale, (long_ago, long_ago))
    fresh.mkdir()
    with staged_folder(target) as stage:
        (stage / "third.html").write_text("3", encoding="utf-8")
    deadline = time.monotonic() + 60
    while stale.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not stale.exists() and fresh.is_dir()
    assert sorted(p.name for p in target.iterdir()) == ["third.html"]
