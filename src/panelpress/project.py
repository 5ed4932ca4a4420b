"""Where a workshop's files are: its data, its template overrides, its site configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import display_path


@dataclass(frozen=True)
class Project:
    root: Path
    data_name: str = "data"
    templates_name: str = "templates"

    @property
    def data_dir(self) -> Path:
        return self.root / self.data_name

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates_name

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def _site_config(self) -> dict[str, Any]:
        from mkdocs.utils.yaml import yaml_load

        if not self.config_file.is_file():
            return {}
        with self.config_file.open(encoding="utf-8") as stream:
            config = yaml_load(stream) or {}
        return config if isinstance(config, dict) else {}

    @property
    def site_url(self) -> str | None:
        """`site_url` of mkdocs.yml: where the site is hosted (handouts' QR codes point there)."""
        url = self._site_config().get("site_url")
        return url.strip() if isinstance(url, str) and url.strip() else None

    @property
    def docs_dir(self) -> Path:
        """The author's own pages (`docs_dir` of mkdocs.yml)."""
        name = self._site_config().get("docs_dir")
        return self.root / (name if isinstance(name, str) and name else "docs")

    @property
    def primary(self) -> str:
        """The site's primary colour (Material palette name of the first scheme), for the slides."""
        theme = self._site_config().get("theme")
        palette = theme.get("palette") if isinstance(theme, dict) else None
        first = palette[0] if isinstance(palette, list) and palette else palette
        primary = first.get("primary") if isinstance(first, dict) else None
        return primary if isinstance(primary, str) and primary else "indigo"

    @property
    def airtime_tolerance(self) -> float:
        """The plugin's `airtime_tolerance` (see airtime.py), for commands that do not load MkDocs."""
        plugins = self._site_config().get("plugins") or []
        for entry in plugins if isinstance(plugins, list) else [plugins]:
            if isinstance(entry, dict) and isinstance(entry.get("panelpress"), dict):
                value = entry["panelpress"].get("airtime_tolerance")
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    return float(value)
        return 2.0

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

