"""Where a workshop's files are: its data and its template overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from .diagnostics import display_path


@dataclass(frozen=True)
class Project:
    """Paths only: mkdocs.yml is read once, into `options.Options`, which makes this."""

    root: Path
    data_name: str | Path = "data"  # relative to root (or absolute)
    templates_name: str | Path = "templates"
    docs_name: str | Path = "docs"

    @property
    def data_dir(self) -> Path:
        return self.root / self.data_name

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates_name

    @property
    def docs_dir(self) -> Path:
        """The author's own pages (`docs_dir` of mkdocs.yml, which `options.Options` reads)."""
        return self.root / self.docs_name

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project when it is inside."""
        # the common case, a path built from self.root: its text after the root's (pathlib's
        # relative_to cost more than reading the file, 4,000 times at 1,000 lessons)
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep and len(root) > 1:
            return text[len(root) + 1:].replace(os.sep, "/")
        try:  # no file-system calls (this runs per file)
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path, self.root)

    def data_files(self, folder: str) -> list[Path]:
        """The YAML files of data/<folder>/, by name (one directory listing: no `stat` of each)."""
        where = self.data_dir / folder
        try:
            with os.scandir(where) as entries:
                names = sorted(entry.name for entry in entries if _is_yaml(entry.name) and _is_file(entry))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [where / name for name in names]


def _is_yaml(name: str) -> bool:
    """A `.yml` or `.yaml` suffix as pathlib reads one (a file named `.yml` has none)."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:] in (".yml", ".yaml")


def _is_file(entry: os.DirEntry) -> bool:
    """`Path.is_file` of a listed entry (a link to a file is one), False where it cannot be told."""
    try:
        return entry.is_file()
    except OSError:
        return False

