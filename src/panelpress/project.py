"""Where a workshop's files are: its data and its template overrides."""

from __future__ import annotations

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
        try:  # the common case, a path built from self.root: no file-system calls (this runs per file)
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path, self.root)

    def data_files(self, folder: str) -> list[Path]:
        where = self.data_dir / folder
        if not where.is_dir():
            return []
        return sorted(p for p in where.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())

