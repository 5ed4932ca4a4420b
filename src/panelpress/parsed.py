"""The data files as load.py parsed them, kept in the workshop's cache folder between builds.

Parsing is most of loading a workshop: libyaml composes a node for every value, and load.py
walks the nodes to record where each value is written (0.3 s of CPU at 1,000 lessons, every
build, though a rebuild mostly reads the same files). A file's data and positions are kept under
the hash of its bytes (`Document.digest`, taken as it is read), and the whole memory under the
code that parses (load.py, PyYAML and which of its loaders): an edited file is parsed again, and
so is every file after an upgrade. Only files that parsed without a problem are kept, so every
diagnostic comes from a fresh parse.

`marshal`, not JSON or pickle: it keeps tuples (the positions' keys) and loads fastest, and it
builds plain values only. The memory sits in the workshop's own folder, beside its templates.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

import yaml

from . import load
from .project import Project
from .write import replace_file

MEMORY = Path(".panelpress-cache") / "parsed.marshal"

# (data, positions) of one file: what load.py made of it, its positions marshalled apart (a
# Document reads them only when a position is asked for: load.Document.positions)
Parsed = tuple[Any, bytes]


def _code() -> str:
    """What the kept files depend on besides their bytes: the parser's code and versions."""
    what = hashlib.sha256(Path(load.__file__).read_bytes())
    what.update(f"{yaml.__version__}\0{load.SafeLoader.__name__}\0{sys.version_info[:2]}".encode())
    return what.hexdigest()


class ParsedFiles:
    """The files parsed by the last build, by shown path and hash; `save` keeps this build's."""

    def __init__(self, project: Project) -> None:
        self.path = project.root / MEMORY
        self.kept: dict[str, tuple[str, Parsed]] = {}
        self.used: dict[str, tuple[str, Parsed]] = {}
        self.changed = False
        self.code: str | None = None
        try:
            self.code = _code()
            stored = marshal.loads(self.path.read_bytes())
            if isinstance(stored, dict) and stored.get("code") == self.code:
                self.kept = stored["files"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # none yet, or damaged, or the package unreadable: every file is parsed

    def get(self, shown: str, digest: str) -> Parsed | None:
        entry = self.kept.get(shown)
        if entry is None or entry[0] != digest:
            return None
        self.used[shown] = entry
        return entry[1]

    def put(self, shown: str, digest: str, data: Any, positions: tuple[dict, dict]) -> None:
        try:
            self.used[shown] = (digest, (data, marshal.dumps(positions)))
        except ValueError:  # not plain data (none that load.py makes): parsed again next time
            return
        self.changed = True

    def save(self) -> None:
        """Keep the files of this build (a deleted file's entry goes), when any was parsed anew."""
        if self.code is None or not (self.changed or len(self.used) != len(self.kept)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # written whole under a name of its own, then renamed: never half, even when two
            # builds of one workshop (a `serve` and a `build`) save at once
            replace_file(self.path, marshal.dumps({"code": self.code, "files": self.used}))
        except (OSError, ValueError):
            pass  # a read-only workshop: parsed again next time
