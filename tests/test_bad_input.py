"""The catalogue of bad input: every file in tests/bad_input/ is one mistake an author makes.

Each case edits a copy of a small valid workshop (`panelpress new`), runs `panelpress check`
(or `build`) on it and compares the diagnostics, line for line, with the exact
`path:line:column: severity: message (hint)` the case expects. Whatever the mistake: the
expected exit status, and never a Python traceback. See tests/bad_input/README.md for the format.
"""

from __future__ import annotations

import codecs
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PANELPRESS
from panelpress import scaffold

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

CASES = Path(__file__).parent / "bad_input"
DIAGNOSTIC = (": error: ", ": warning: ")


@pytest.fixture(scope="session")
def base_workshop(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("base") / "workshop"
    scaffold.create(root, "My career panel")
    return root


def apply_edits(root: Path, edits: dict) -> None:
    for name, edit in edits.items():
        path = root / name.replace("{root}", str(root))
        if edit == "delete":
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            continue
        if "copy_from" in edit:
            source = root / edit["copy_from"]
            if source.is_dir():
                shutil.copytree(source, path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, path)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if "text" in edit:
            text = edit["text"]
        for old, new in edit.get("replace", []):
            assert text.count(old) == 1, f"{name}: {old!r} must occur once in the base workshop"
            text = text.replace(old, new)
        text = text.replace("{root}", str(root))
        text = text * edit.get("repeat", 1)
        data = text.encode("utf-8")
        if "bytes" in edit:  # Python escapes (\xe9, \r, \ufeff) for what YAML text cannot hold
            data = codecs.decode(edit["bytes"], "unicode_escape").encode("latin-1")
        if edit.get("crlf"):
            data = data.replace(b"\n", b"\r\n")
        if edit.get("bom"):
            data = codecs.BOM_UTF8 + data
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _limit_memory(megabytes: int):
    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    return limit


@pytest.mark.parametrize("case_file", sorted(CASES.glob("*.yml")), ids=lambda p: p.stem)
def test_bad_input(case_file: Path, base_workshop: Path, tmp_path: Path):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = tmp_path / "workshop"
    shutil.copytree(base_workshop, root)
    apply_edits(root, case.get("edit", {}))
    command = case.get("run", "check")
    args = [command] + (["--site-dir", str(tmp_path / "site")] if command == "build" else [])
    limit = case.get("memory_limit_mb")
    result = subprocess.run([*PANELPRESS, *args], cwd=root, capture_output=True, text=True, timeout=120,
                            preexec_fn=_limit_memory(limit) if limit else None)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    expected = [line for line in case.get("expect", "").splitlines() if line.strip()]
    got = [line for line in output.splitlines() if any(tag in line for tag in DIAGNOSTIC)]
    assert got == expected, output
    assert result.returncode == case.get("status", 1), output
    for name in case.get("not_created", []):  # what a payload would have written, had it run
        assert not (root / name).exists() and not Path(name).exists(), f"{name} was created: the payload ran"
    for page, text in case.get("site_shows", {}).items():
        assert text in (tmp_path / "site" / page).read_text(encoding="utf-8")
