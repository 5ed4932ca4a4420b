"""The MkDocs plugin: hands the workshop's generated pages and assets to MkDocs.

`plugins: [search, panelpress]` in mkdocs.yml is all an author writes, so plain
`mkdocs build` and `mkdocs serve` work too. The plugin's events:
config (load and validate the data, start the outputs that take long), files (add pages and
assets), env (cache the theme's compiled templates; load Material's templates with the edits of
theme_patches.py: valid markup, only the scripts a page uses, fonts preloaded, Material's bundle
deferred), serve (watch data/ and templates/; a failed rebuild shows its errors in the browser:
preview.py), post_build (the other outputs, `outputs.Outputs`, one set per build; under `serve`
the site's part, and the kit after the build in a thread: kit.build_site_first), build_error
(stop them), shutdown (wait for that kit).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from .. import event, identity
from ..diagnostics import DataError, format_diagnostics
from ..options import Options
from ..placeholders import organiser_note, site_url_note
from ..typography import hyphenated, smarten, unbroken, unbroken_known
from .. import kit, leak_secrets, leaks
from ..write import final_path
from ..errors import PanelpressError
from ..gcdefer import full_collections_deferred
from ..outputs import Outputs
from ..render import bytecode_cache, make_environment, render
from ..validate import load_project
from . import heap, preview, smarty, theme_language, theme_patches
from .nav import has_groups, hide_lone_navigation, navigation
from .pages import site_pages

log = logging.getLogger("mkdocs.plugins.panelpress")
ASSETS = Path(__file__).parent.parent / "assets"
ASSET_DIR = "assets/panelpress"
SHARED_SCRIPT = "panelpress-clear.js"  # what the other scripts use (assets/panelpress-clear.js)
IDENTITY_CSS = "identity.css"  # rendered from templates/site/identity.css (identity.py)
FAVICON = "favicon.svg"  # rendered from templates/shared/favicon.svg
MATERIAL_FAVICON = "assets/images/favicon.png"  # Material's default: an author's own icon is kept


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
    followup = opt.Type(bool, default=True)
    """Write the follow-up e-mail and the panel's thank-you notes into the kit."""
    kit_dir = opt.Type(str, default="kit")
    """Folder of the private facilitator kit (guide, presenter deck, handouts to print), relative
    to mkdocs.yml; never inside site_dir, which is uploaded to the public web."""
    publish_facilitator = opt.Type(bool, default=False)
    """Put the facilitator guide (page and PDF) on the public site too; off: it is in the kit only."""
    serve_outputs = opt.Type(bool, default=False)
    """Rebuild handouts and slides on every change during `serve` (slow); off by default."""
    preload_fonts = opt.Type(bool, default=True)
    """Ask for the identity's text faces in each page's head, so the text does not shift when they
    arrive. The offline bundle turns it off (bundle.make_offline): a page opened from disk has no
    origin, and the browser refuses a font preload's CORS request with a console error (the
    @font-face rules still load the fonts)."""
    airtime_tolerance = opt.Type((int, float), default=2.0)
    """How lopsided the panel's airtime may be: warn when a panelist's share is under the mean
    divided by this, or over the mean times it (airtime.py)."""


class PanelpressPlugin(BasePlugin[PanelpressConfig]):
    serving = False
    long_lived = heap.LongLived()  # replaced per instance in on_config (heap.py)
    kit_job: kit.KitJob | None = None  # `serve`: the last build's kit, finishing (kit.build_site_first)
    preview_state: preview.BuildState | None = None  # `serve`: what the browser shows (preview.py)
    warnings: CountHandler | None = None  # a strict build's warnings (on_config to post_build)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.serving = command == "serve"
        if self.serving and self.config.serve_outputs and self.config.handouts:
            from ..handouts.typeset import start_fork_server

            start_fork_server()

    def _kit_failed(self, diagnostics: tuple) -> None:
        """The kit, finished after the site was served, failed: the browser shows why, as it shows
        a failed build's errors, until the next good save."""
        if self.preview_state is not None:
            self.preview_state.finished(diagnostics)

    def on_shutdown(self) -> None:
        # `serve` stopped (Ctrl-C): a kit still being made is abandoned, as a newer edit abandons it
        # (its documents cancelled, its workers ended), and its thread waited for only while it
        # removes its staged folder: the last good kit stays, nothing is left half-staged, and
        # the command does not wait seconds for PDFs nobody will see
        if self.kit_job is not None:
            self.kit_job.supersede()
            self.kit_job.join()

    def _outputs_wanted(self) -> bool:
        """PDFs and slides take seconds; a live preview must answer an edit in well under one."""
        return not self.serving or self.config.serve_outputs

    @event_priority(10)  # before the search plugin, which reads the theme's language in its on_config
    def on_config(self, config: Any) -> Any:
        # Everything made from here to the freeze at the end lives until the build ends: a full
        # collection meanwhile would walk it all and free nothing (gcdefer.py). Two fell here
        # after the data loaded, while the leak check's secrets were read back and while the
        # outputs were prepared: 0.2 s of a 1,000-lesson build, 250 objects freed.
        if self.kit_job is not None:  # `serve`: the last build's kit is stale now (kit.KitJob)
            self.kit_job.supersede()
        self._count_warnings(config.strict)
        with full_collections_deferred():
            return self._configure(config)

    def _configure(self, config: Any) -> Any:
        # every option of the run, read once; the outputs get these, never mkdocs.yml
        self.options = Options.from_mkdocs(config, self.config, Path(config.config_file_path).resolve().parent)
        self.project = self.options.project
        documents: list = []  # the files as validated (every value with its position)
        # remember: the files parsed are kept for the next build (parsed.py)
        workshop, diags = load_project(self.project, self.options.start_time, self.options.airtime_tolerance,
                                       documents, remember=True)
        if workshop is None:  # every diagnostic once, in the error (not logged as well)
            raise PluginError("the workshop data has errors:\n" + format_diagnostics(diags))
        for diag in diags:
            if diag.severity == "warning":
                log.warning(str(diag))
            elif diag.severity == "note":  # never stops a strict build (diagnostics.py)
                log.info(str(diag))
        self.workshop = workshop
        # the leak check's secrets, found now (or read back from the last build: leak_secrets.py) and
        # kept: the documents, with every value's position, are not held through the build (a heap
        # that large made each of MkDocs' garbage collections slower). A preview without the
        # outputs runs no leak check.
        self.secrets = leak_secrets.found(self.project, documents) if self._outputs_wanted() else None
        del documents
        # `serve` puts its own address in site_url (MkDocs does): a note about it would blame the author's
        # real one; check and build say it of what mkdocs.yml holds
        for note in (None if self.serving else site_url_note(self.options.site_url), organiser_note(workshop)):
            if note:  # a note, not a warning: placeholders.py says why
                log.info(note)
        theme_language.apply(config.theme, workshop.language)
        _set_typographically(config, workshop.language)
        # Material prints site_name as written (the header, every tab title, the 404 page): set it
        # in the workshop's quotes and dashes, as the pages' titles from the data are
        config.site_name = smarten(config.site_name, workshop.language)
        if not config.site_description:
            # every page needs a meta description (Lighthouse SEO): the pages without their own
            # (pages.py) get this one, the deck's too; escaped, as Material's template does not
            config.site_description = str(workshop.description)
        self.env = make_environment(self.project.templates_dir, self.options.root, self.options.use_directory_urls)
        # this build's handouts and slides, and their state; `serve` typesets the site's PDFs first
        self.outputs = Outputs(self.options, site_first=self.serving)
        if self._outputs_wanted():
            with _reported():
                self.outputs.prepare(self.workshop, self.env, self.options)
        # the identity's CSS first (generated in on_files from the palette), so every other sheet can use it
        config.extra_css.append(f"{ASSET_DIR}/{IDENTITY_CSS}")
        for asset in sorted(ASSETS.glob("*.css")):
            config.extra_css.append(f"{ASSET_DIR}/{asset.name}")
        if config.theme["favicon"] == MATERIAL_FAVICON:  # Material's own logo: the workshop's instead
            config.theme["favicon"] = f"{ASSET_DIR}/{FAVICON}"
        _use_mark_as_logo(config.theme)
        # "Clear my answers" first: the exercises' and the evaluation's scripts call it as they run
        for asset in sorted(ASSETS.glob("*.js"), key=lambda path: (path.name != SHARED_SCRIPT, path.name)):
            # deferred: they only add behaviour to a page already readable, so it paints first
            script = ExtraScriptValue(f"{ASSET_DIR}/{asset.name}")
            script.defer = True
            config.extra_javascript.append(script)
        # what is loaded now lives until the build ends: out of MkDocs' collections till then (heap.py)
        self.long_lived.release()  # the last build's, had it ended without either event (serve)
        self.long_lived = heap.LongLived()
        self.long_lived.freeze()
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        with _reported():
            links = self.outputs.links(self.workshop, self.options)
            pages = site_pages(self.workshop, self.env, links, self.project.root, self.options.site_url,
                               facilitator=self.options.publish_facilitator)
        own = {f.src_uri for f in files.documentation_pages()}
        for page in pages:
            if page.path in own:
                log.info(f"panelpress: docs/{page.path} is the author's own; not generating it")
                continue
            # a page only another page links (the guide's material) is meant to be out of the navigation
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.content, inclusion=inclusion))
        calendar = event.calendar(self.workshop, self.options.site_url)
        if calendar is not None:  # written by MkDocs with the pages, so it is in every site, served ones too
            files.append(File.generated(config, event.file_name(self.workshop), content=calendar))
        for asset in sorted(ASSETS.iterdir()):
            if asset.is_file():
                files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))
        self._identity_files(files, config)
        if config.nav is None:
            generated = {p.path for p in pages}
            extra = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
            config.nav = navigation([p for p in pages], extra, self.workshop.labels)
            fit_theme_to_nav(config)
        return files

    def _identity_files(self, files: Files, config: Any) -> None:
        """The identity (identity.py): its CSS and icon rendered with the workshop's palette, and
        the font files beside the CSS (none when the font package is not installed: the text is
        then in the installed fonts)."""
        look = identity.Identity.of(self.options, self.workshop)
        fonts = identity.find_fonts(self.project)
        with _reported():
            css = render(self.env, "site/identity.css", self.options.root, identity=look,
                         font_base=f"{identity.FONT_FOLDER}/" if fonts else "")
            icon = render(self.env, "shared/favicon.svg", self.options.root, identity=look)
        files.append(File.generated(config, f"{ASSET_DIR}/{IDENTITY_CSS}", content=css))
        mark = f"{ASSET_DIR}/{FAVICON}"
        if mark in (config.theme["favicon"], config.theme.get("logo")):  # unless the author's own are both
            files.append(File.generated(config, f"{ASSET_DIR}/{FAVICON}", content=icon))
        if fonts is not None:
            for name in look.font_files:
                files.append(File.generated(config, f"{ASSET_DIR}/{identity.FONT_FOLDER}/{name}",
                                            abs_src_path=str(fonts / name)))

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        # every page, the author's own too: no navigation column that lists only the page itself
        features = config.theme["features"] if "features" in config.theme else []
        hide_lone_navigation(page, list(features or []))
        # the pages made here are typographic already: smarty only for the author's (smarty.py)
        smarty.AUTHORS_PAGE.set(page.file.generated_by is None)
        return markdown

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav, self.nav_words = nav, None  # the words: at the first page, when every title is known
        return nav

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        # every page's text keeps a short hyphenated word on one line ("e-/mail" on a phone), once,
        # as written: its content and footer in a pass over their text (typography.unbroken); the
        # header and the navigation before the content, most of a page and made of the site's
        # titles and this page's headings, by looking for those titles' words alone
        content = output.find(MATERIAL_CONTENT)
        if content < 0 or getattr(self, "nav", None) is None:
            return unbroken(output)
        if self.nav_words is None:
            self.nav_words = frozenset(hyphenated(config.site_name or "")).union(*(
                hyphenated(item.title or "") for item in _nav_items(self.nav.items)))
        words = self.nav_words.union(hyphenated(page.title or ""), *(hyphenated(t) for t in _toc_titles(page.toc)))
        return unbroken_known(output[:content], words) + unbroken(output[content:])

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # the theme's templates (Material's are many) are compiled once, not on every build
        if env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(env)
        # the label catalogue for panelpress's own theme pages (templates/material/404.html)
        env.globals["panelpress_labels"] = self.workshop.labels
        # Material's markup mended in its templates, and what a page needs of panelpress's scripts
        # and fonts, as the theme loads them (theme_patches.py): no page's HTML is rewritten
        features = config.theme["features"] if "features" in config.theme else ()
        theme_patches.install(env, list(features or ()), preload_fonts=self.config.preload_fonts,
                              defer_bundle=theme_patches.bundle_can_wait(config.extra_javascript,
                                                                         config.theme.custom_dir))
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
        # a failed rebuild shows its errors in the browser, not a page that never loads
        self.preview_state = preview.install(server, self.options.docs_dir, self.project.shown(self.options.docs_dir),
                                             lambda: self.workshop.labels)
        return server

    def _count_warnings(self, strict: bool) -> None:
        """MkDocs stops a strict build that warned only after every plugin's post_build, which
        swaps the kit in: counted here too (from before the data's warnings to the outputs'
        own), the kit is withheld and the last good one stays beside the last good site."""
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if strict:
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)

    def _stops(self) -> bool:
        return self.warnings is not None and bool(self.warnings.counts)

    def on_build_error(self, *, error: Exception) -> None:
        self._count_warnings(False)
        self.long_lived.release()
        if hasattr(self, "outputs"):
            self.outputs.cancel()

    def on_post_build(self, *, config: Any) -> None:
        try:
            self._post_build(Path(config.site_dir))
        finally:
            self._count_warnings(False)
            self.long_lived.release()

    def _post_build(self, site: Path) -> None:
        if not self._outputs_wanted():
            log.info("panelpress: handouts and slides are not rebuilt while serving (`panelpress build` makes "
                     "them; `serve_outputs: true` in mkdocs.yml rebuilds them on every change)")
            # nor the leak check (0.2 s a rebuild): the preview is not published; build and check run it
            return
        with _reported():
            try:  # the kit beside the site, staged: a failed build leaves the last good kit
                if self.serving:  # the preview waits for the site alone; the kit follows (kit.py)
                    self.kit_job = kit.build_site_first(self.workshop, self.env, self.options, self.outputs,
                                                        site, check=lambda: self._check_leaks(site),
                                                        after=self.kit_job, failed=self._kit_failed)
                else:
                    kit.build(self.workshop, self.env, self.options, self.outputs, site,
                              check=lambda: self._check_leaks(site), withhold=self._stops)
            except PanelpressError as exc:
                raise PluginError(str(exc.message)) from None

    def _published_guide(self) -> leaks.Guide:
        """With `publish_facilitator: true` the guide (page and PDF) shows every note on purpose:
        the check reads everything else."""
        if not self.options.publish_facilitator:
            return leaks.Guide()
        from ..handouts.output import FOLDER, HANDOUTS, file_name
        from ..render import page_url
        from .pages import FACILITATOR_MATERIAL, FACILITATOR_PAGE

        urls = tuple(page_url(path, self.options.use_directory_urls) for path in (FACILITATOR_PAGE, FACILITATOR_MATERIAL))
        pages = tuple(url + "index.html" if url.endswith("/") else url for url in urls)
        pdfs = tuple(f"{FOLDER}/{file_name(self.workshop, h)}" for h in HANDOUTS if h.audience == "facilitator")
        return leaks.Guide(files=(*pages, *pdfs), urls=urls)

    def _check_leaks(self, site: Path) -> None:
        """No facilitators-only text on the public site (leaks.py), read back from the files the
        build wrote: here, the site is complete (pages, search index, PDFs) and, under `panelpress
        build`, still staged, so a leak leaves the last good site."""
        started = time.perf_counter()
        shown = final_path(site.resolve())
        shown_as = self.project.shown(shown) if self.project.root.resolve() in shown.parents else "site"
        found = leaks.check(self.project, site, shown_as, self._published_guide(), found=self.secrets)
        log.debug(f"panelpress: leak check in {(time.perf_counter() - started) * 1000:.0f} ms")
        if found:
            raise PluginError("facilitators-only text is on the public site:\n"
                              + "\n".join(str(leak) for leak in found))


# where Material's page content begins, after its header and navigation (partials/content.html's box)
MATERIAL_CONTENT = '<div class="md-content"'


def _nav_items(items: Any) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _nav_items(getattr(item, "children", None) or ())


def _toc_titles(toc: Any) -> Iterator[str]:
    for link in toc or ():
        yield link.title or ""
        yield from _toc_titles(link.children)


def _use_mark_as_logo(theme: Any) -> None:
    """The header's logo (and the navigation drawer's, on a phone): the identity's mark, the
    favicon's two speech bubbles, instead of Material's stock book; an author's own
    `theme.logo` or `theme.icon.logo` in mkdocs.yml is kept. The same file as the favicon: one
    download for both."""
    if theme.get("logo") or (theme.get("icon") or {}).get("logo"):
        return
    theme["logo"] = f"{ASSET_DIR}/{FAVICON}"


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


# Material's own separator: whitespace and hyphens. Pages are set typographically (it’s,
# “quotes”, typography.py) while searchers type it's and "quotes": splitting words at either
# form of quote makes both find the same words.
AUTHORS_SMARTY = "panelpress.site.smarty"
_DEFAULT_SEPARATOR = r"[\s\-]+"
_SEPARATOR = r"[\s\-'\"‘’“”„‚«»]+"


def _set_typographically(config: Any, language: str) -> None:
    """The author's own docs/ pages get the quotes and dashes every other page has (Markdown's
    `smarty`, in the workshop's language), unless mkdocs.yml configures smarty itself; the
    search splits words at quotes of either form."""
    from ..typography import smarty_config

    if not any(str(ext).endswith("smarty") for ext in config.markdown_extensions):
        config.markdown_extensions.append(AUTHORS_SMARTY)  # smarty, on the author's pages only (smarty.py)
        config.mdx_configs[AUTHORS_SMARTY] = smarty_config(language)
    search = config.plugins.get("search") or config.plugins.get("material/search")
    if search is not None and getattr(search.config, "separator", None) in (None, _DEFAULT_SEPARATOR):
        search.config.separator = _SEPARATOR
