"""The options of one run, read once: from mkdocs.yml (through MkDocs' own configuration,
so its defaults and checks apply) and the command line, then handed to every output.

The MkDocs plugin builds them in `on_config`; each `panelpress` command builds them with
`load`. Nothing else reads mkdocs.yml.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .project import Project

PLUGIN = "panelpress"


PAPER_SIZES = {"letter": "letter", "a4": "A4"}  # `paper` option value → CSS @page size


@dataclass(frozen=True)
class Options:
    root: Path  # the workshop's folder (holds mkdocs.yml)
    data_dir: Path
    templates_dir: Path
    docs_dir: Path
    site_dir: Path
    kit_dir: Path | None = None  # the private facilitator kit; None: `kit` beside mkdocs.yml (see `kit`)
    publish_facilitator: bool = False  # put the facilitator guide on the public site too
    start_time: str | None = None  # HH:MM; overrides workshop.yml's
    paper: str = "letter"
    handouts: bool = True
    slides: bool = True
    panelkit: bool = True  # the panel kit: moderator script, cue cards, briefings, name tents (kit/panel/)
    arrive_minutes_before: int = 30  # a panel member's arrival time in their briefing: start minus this
    followup: bool = True  # the follow-up e-mail and thank-you notes in kit/follow-up/
    serve_outputs: bool = False
    airtime_tolerance: float = 2.0  # airtime.py: warn outside [mean ÷ this, mean × this]
    site_url: str | None = None  # where the site is hosted; None when mkdocs.yml does not say
    primary: str = "indigo"  # Material palette name of the first colour scheme
    accent: str = "deep orange"  # its accent (identity.py: the same colours in every output)
    primary_dark: str | None = None  # the second (dark) scheme's, when mkdocs.yml has one
    accent_dark: str | None = None
    use_directory_urls: bool = True
    strict: bool = False

    @property
    def project(self) -> Project:
        # Project joins its folders to root; ours already are (and may be relative to the cwd)
        return Project(self.root, os.path.relpath(self.data_dir, self.root),
                       os.path.relpath(self.templates_dir, self.root), os.path.relpath(self.docs_dir, self.root))

    @property
    def page_size(self) -> str:
        """The CSS @page size of the `paper` option, for every PDF."""
        return PAPER_SIZES[self.paper]

    @property
    def kit(self) -> Path:
        return self.kit_dir if self.kit_dir is not None else self.root / "kit"

    def wants(self, output: str) -> bool:
        """Whether the output named `output` ('handouts', 'slides') is built."""
        return bool(getattr(self, output, True))

    def replace(self, **changes: Any) -> "Options":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def defaults(cls, root: Path) -> "Options":
        """The options of a workshop whose mkdocs.yml sets nothing (for scripts and tests)."""
        return cls(root, root / "data", root / "templates", root / "docs", root / "site")

    @classmethod
    def from_mkdocs(cls, config: Any, plugin: Any = None, root: Path | None = None) -> "Options":
        """From a loaded MkDocs config and the plugin's own config (its defaults when not listed)."""
        if plugin is None:
            from .site.plugin import PanelpressConfig

            plugin = PanelpressConfig()
            plugin.load_dict({})
            plugin.validate()
        root = root if root is not None else Path(config.config_file_path).parent
        theme = config.theme
        url = (config.site_url or "").strip()
        return cls(
            root=root,
            data_dir=root / plugin.data_dir,
            templates_dir=root / plugin.templates_dir,
            docs_dir=Path(config.docs_dir),
            site_dir=Path(config.site_dir),
            kit_dir=root / plugin.kit_dir,
            publish_facilitator=plugin.publish_facilitator,
            start_time=plugin.start_time,
            paper=plugin.paper,
            handouts=plugin.handouts,
            slides=plugin.slides,
            panelkit=plugin.panelkit,
            arrive_minutes_before=int(plugin.arrive_minutes_before),
            followup=plugin.followup,
            serve_outputs=plugin.serve_outputs,
            airtime_tolerance=float(plugin.airtime_tolerance),
            site_url=url or None,
            primary=_palette(theme, 0, "primary") or "indigo",
            accent=_palette(theme, 0, "accent") or "deep orange",
            primary_dark=_palette(theme, 1, "primary"),
            accent_dark=_palette(theme, 1, "accent"),
            use_directory_urls=bool(config.use_directory_urls),
            strict=bool(config.strict),
        )


def _palette(theme: Any, scheme: int, key: str) -> str | None:
    """`primary` or `accent` of the palette's first (light) or second (dark) scheme; a palette
    that is one mapping is the first scheme only."""
    palette = theme["palette"] if "palette" in theme else None
    schemes = palette if isinstance(palette, list) else [palette]
    chosen = schemes[scheme] if scheme < len(schemes) else None
    value = chosen.get(key) if isinstance(chosen, dict) else None
    return value if isinstance(value, str) and value else None


def mkdocs_config(root: Path, **overrides: Any) -> Any:
    """mkdocs.yml of the workshop in `root`, loaded and checked by MkDocs."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: error: there is no mkdocs.yml here "
                          "(run in the workshop's folder, or pass --root)")
    try:
        return load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: error: {exc}") from None


def load(root: Path, **overrides: Any) -> tuple[Options, Any]:
    """The options of the workshop in `root` and its MkDocs config; `overrides` are MkDocs'
    own (strict, site_dir), as its command line passes them."""
    config = mkdocs_config(root, **overrides)
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ConfigError(f"{root / 'mkdocs.yml'}: error: the panelpress plugin is not listed under `plugins:` "
                          "(add `- panelpress` below `- search`)")
    return Options.from_mkdocs(config, plugin.config, root), config
