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
    site_url: str = ""  # where the site is hosted (mkdocs.yml `site_url`): QR codes point there
    primary: str = "indigo"  # the site's primary colour (Material palette name), for the slides

    @property
    def data_dir(self) -> Path:
        return self.root / self.data_name

    @property
    def templates_dir(self) -> Path:
        return self.root / self.templates_name

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project when it is inside."""
        return display_path(path, self.root)

    def data_files(self, folder: str) -> list[Path]:
        where = self.data_dir / folder
        if not where.is_dir():
            return []
        return sorted(p for p in where.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def site_settings(mkdocs_config: Any) -> dict[str, str]:
    """What the outputs need from a loaded mkdocs.yml besides the plugin's own options."""
    palette = mkdocs_config.theme.get("palette") or {}
    first = palette[0] if isinstance(palette, list) and palette else palette
    primary = first.get("primary", "indigo") if isinstance(first, dict) else "indigo"
    return {"site_url": mkdocs_config.site_url or "", "primary": str(primary or "indigo")}
