"""Shared fixtures: real builds into temporary folders, read as a user would read them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PANELPRESS = [sys.executable, "-m", "panelpress"]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run_panelpress(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([*PANELPRESS, *args], cwd=cwd or REPO, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"panelpress {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory) -> Path:
    """The flagship workshop, built once per test run with `panelpress build`."""
    out = tmp_path_factory.mktemp("flagship") / "site"
    run_panelpress("build", "--site-dir", str(out), check=True)
    return out


@pytest.fixture
def workshop_copy(tmp_path) -> Path:
    """A private copy of the flagship workshop's sources, for tests that edit data."""
    dest = tmp_path / "workshop"
    dest.mkdir()
    for name in ("data", "docs", "templates", "mkdocs.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy(source, dest / name)
    return dest
