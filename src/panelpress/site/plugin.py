"""The MkDocs plugin: hands the workshop's generated pages and assets to MkDocs.

`plugins: [search, panelpress]` in mkdocs.yml is all an author writes, so plain
`mkdocs build` and `mkdocs serve` work too. The plugin's events:
config (load and validate the data, start the outputs that take long), files (add pages and
assets), env (cache the theme's compiled templates), serve (watch data/ and templates/),
post_build (the other outputs, `outputs.Outputs`, one set per build), build_error (stop them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..diagnostics import DataError, format_diagnostics
from ..options import Options
from .. import kit
from ..errors import PanelpressError
from ..outputs import Outputs
from ..render import bytecode_cache, make_environment
from ..validate import load_project
from . import theme_language
from .nav import has_groups, navigation
from .pages import site_pages

log = logging.getLogger("mkdocs.plugins.panelpress")
ASSETS = Path(__file__).parent.parent / "assets"
ASSET_DIR = "assets/panelpress"


class PanelpressConfig(base.Config):
    """Options under `plugins: - panelpress:` in mkdocs.yml."""

    data_dir = opt.Type(str, default="data")
    """Folder of the workshop's YAML files, relative to mkdocs.yml."""
    templates_dir = opt.Type(str, default="templates")
    """Folder of template overrides, relative to mkdocs.yml."""
    start_time = opt.Optional(opt.Type(str))
    """Clock time the agenda starts (HH:MM); overrides `start_time` in workshop.yml."""
    paper = opt.Choice(("letter", "a4"), default="letter")
    """Paper size of the printed handouts."""
    handouts = opt.Type(bool, default=True)
    """Build the PDF handouts with the site."""
    slides = opt.Type(bool, default=True)
    """Build the presenter slides with the site."""
    panelkit = opt.Type(bool, default=True)
    """Build the panel kit (moderator script, cue cards, briefings, name tents, question cards) into the kit."""
    arrive_minutes_before = opt.Type(int, default=30)
    """How long before the start the panel members' briefings ask them to arrive, in minutes."""
    kit_dir = opt.Type(str, default="kit")
    """Folder of the private facilitator kit (guide, presenter deck, handouts to print), relative
    to mkdocs.yml; never inside site_dir, which is uploaded to the public web."""
    publish_facilitator = opt.Type(bool, default=False)
    """Put the facilitator guide (page and PDF) on the public site too; off: it is in the kit only."""
    serve_outputs = opt.Type(bool, default=False)
    """Rebuild handouts and slides on every change during `serve` (slow); off by default."""
    airtime_tolerance = opt.Type((int, float), default=2.0)
    """How lopsided the panel's airtime may be: warn when a panelist's share is under the mean
    divided by this, or over the mean times it (airtime.py)."""


class PanelpressPlugin(BasePlugin[PanelpressConfig]):
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.serving = command == "serve"

    def _outputs_wanted(self) -> bool:
        """PDFs and slides take seconds; a live preview must answer an edit in well under one."""
        return not self.serving or self.config.serve_outputs

    @event_priority(10)  # before the search plugin, which reads the theme's language in its on_config
    def on_config(self, config: Any) -> Any:
        # every option of the run, read once; the outputs get these, never mkdocs.yml
        self.options = Options.from_mkdocs(config, self.config, Path(config.config_file_path).resolve().parent)
        self.project = self.options.project
        workshop, diags = load_project(self.project, self.options.start_time, self.options.airtime_tolerance)
        if workshop is None:  # every diagnostic once, in the error (not logged as well)
            raise PluginError("the workshop data has errors:\n" + format_diagnostics(diags))
        for diag in diags:
            if diag.severity == "warning":
                log.warning(str(diag))
        self.workshop = workshop
        theme_language.apply(config.theme, workshop.language)
        self.env = make_environment(self.project.templates_dir, self.options.root, self.options.use_directory_urls)
        self.outputs = Outputs(self.options)  # this build's handouts and slides, and their state
        if self._outputs_wanted():
            with _reported():
                self.outputs.prepare(self.workshop, self.env, self.options)
        for asset in sorted(ASSETS.glob("*.css")):
            config.extra_css.append(f"{ASSET_DIR}/{asset.name}")
        for asset in sorted(ASSETS.glob("*.js")):
            config.extra_javascript.append(f"{ASSET_DIR}/{asset.name}")
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        with _reported():
            links = self.outputs.links(self.workshop, self.options)
            pages = site_pages(self.workshop, self.env, links, self.project.root,
                               facilitator=self.options.publish_facilitator)
        own = {f.src_uri for f in files.documentation_pages()}
        for page in pages:
            if page.path in own:
                log.info(f"panelpress: docs/{page.path} is the author's own; not generating it")
                continue
            files.append(File.generated(config, page.path, content=page.content))
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))
        if config.nav is None:
            generated = {p.path for p in pages}
            extra = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
            config.nav = navigation([p for p in pages], extra, self.workshop.labels)
            fit_theme_to_nav(config)
        return files

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # the theme's templates (Material's are many) are compiled once, not on every build
        if env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(env)
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # MkDocs polls for changes every 0.5 s; data/ and templates/ are small, so poll them every
        # 0.1 s: a saved YAML file shows in the preview 0.2 s sooner on average. (watchdog's
        # observer applies its timeout to the folders scheduled after this point.)
        observer = getattr(server, "observer", None)
        if observer is not None and hasattr(observer, "_timeout"):
            observer._timeout = 0.1
        for folder in (self.project.data_dir, self.project.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        if hasattr(self, "outputs"):
            self.outputs.cancel()

    def on_post_build(self, *, config: Any) -> None:
        if not self._outputs_wanted():
            log.info("panelpress: handouts and slides are not rebuilt while serving (`panelpress build` makes "
                     "them; `serve_outputs: true` in mkdocs.yml rebuilds them on every change)")
            return
        with _reported():
            try:  # the kit beside the site, staged: a failed build leaves the last good kit
                kit.build(self.workshop, self.env, self.options, self.outputs, Path(config.site_dir))
            except PanelpressError as exc:
                raise PluginError(str(exc.message)) from None


@contextmanager
def _reported() -> Iterator[None]:
    """Data and template errors as MkDocs reports a plugin's: the message, no traceback."""
    try:
        yield
    except DataError as exc:
        raise PluginError(format_diagnostics(exc.diagnostics)) from None


def fit_theme_to_nav(config: Any) -> None:
    """When the navigation has groups: Material's `navigation.sections` (with tabs) renders
    every group of the open tab expanded, so each page would list the whole section again;
    without it a page lists the titles of the groups and the pages of its own group (4,000
    pages: 182 s → 59 s). The benchmark's bare MkDocs build calls this too."""
    features = config.theme["features"] if "features" in config.theme else None
    if config.nav and has_groups(config.nav) and features and "navigation.sections" in features:
        config.theme["features"] = [f for f in features if f != "navigation.sections"]
        log.info("panelpress: a navigation section is split into groups; `navigation.sections` is off so "
                 "each page lists only its own group")
