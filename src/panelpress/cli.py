"""`panelpress`: check, build, serve, scaffold and describe a workshop.

Every command reads the workshop in the folder given by --root (default: here): its
mkdocs.yml, read once into `options.Options` (the plugin's options included, e.g. data_dir),
and the data. Bad data never gives a traceback: it prints each diagnostic as
path:line:column and exits with status 1 (errors are `errors.PanelpressError`s).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import shlex
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from . import dataformat, scaffold
from .site.mkdocs_log import EchoHandler
from .diagnostics import FORMATS, DataError, Diagnostic, format_diagnostics, has_errors
from .errors import BuildStopped, PanelpressError, WorkshopDataError
from .model import Workshop
from .options import PLUGIN, Options, load as load_options
from .project import Project
from .schema import json_schemas
from .validate import load_project
from .write import staged_folder

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every run

root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                           show_default=True, help="The workshop's folder (holds mkdocs.yml and data/).")


def _load(options: Options) -> Workshop:
    """The workshop; its diagnostics printed; an error stops the command."""
    workshop, diags = load_project(options.project, options.start_time, options.airtime_tolerance)
    if workshop is None or has_errors(diags):
        raise WorkshopDataError(format_diagnostics(diags))
    if diags:
        click.echo(format_diagnostics(diags), err=True)
    return workshop


def _summary(project: Project, workshop: Any) -> str:
    """What `check` found, counted in the workshop's language: "1 lesson", "3 lessons"."""
    t = workshop.labels
    counts = t.text("check_summary", lessons=t.count("lessons", len(workshop.lessons)),
                    stories=t.count("stories", len(workshop.anecdotes)),
                    exercises=t.count("exercises", len(workshop.exercises)),
                    minutes=t.count("minutes", workshop.agenda_minutes))
    return f"{project.shown(project.data_dir)}: {workshop.title}: {counts}"


def _warnings(count: int) -> str:
    return f"{count} warning{'s' * (count != 1)}"


class _Commands(click.Group):
    """Every command's `DataError` (diagnostics an output found late: a template, a missing
    tool) becomes the `PanelpressError` of its kind, which click prints and exits 1 on."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            raise PanelpressError.from_data(exc) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="panelpress")
def main() -> None:
    """Turn a career panel's workshop, kept as YAML in data/, into a website, handouts and slides."""


@main.command()
@root_option
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on warnings, as `panelpress build` does (--no-strict: as `build --no-strict`).")
@click.option("--links", is_flag=True, help="Also check that the web addresses in the data answer "
              "(needs the network; good answers are cached for a day in .panelpress-cache/).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: for people; json: a JSON list on stdout; github: annotations for GitHub Actions.")
def check(root: Path, strict: bool, links: bool, output_format: str) -> None:
    """Check everything the build checks (data, templates, the links of docs/) and say whether
    `panelpress build` would stop; exits 1 when it would."""
    options, config = load_options(root, strict=strict)
    project = options.project
    workshop, diags = load_project(project, options.start_time, options.airtime_tolerance)
    web: list[Diagnostic] = []  # addresses that do not answer: the build does not look, so they never stop it
    if workshop is not None and not has_errors(diags):
        from .outputs import Outputs
        from .render import make_environment

        env = make_environment(options.templates_dir, options.root, options.use_directory_urls)
        diags = [*diags, *Outputs(options).verify(workshop, env, options), *_site_diagnostics(options, config)]
        if links and not has_errors(diags):
            from .urlcheck import check_links

            web = check_links(project)
    _report([*diags, *web], output_format, root)
    _placeholder_note(options, workshop)
    if workshop is None or has_errors(diags):
        raise WorkshopDataError("`panelpress build` would stop too: fix the errors above")
    if has_errors(web):
        raise PanelpressError("error: some web addresses in the data are wrong (see above)")
    warnings = sum(d.severity == "warning" for d in diags)
    # a machine format keeps stdout to itself; the summary is for whoever reads the log
    if warnings and strict:
        them = "the warning above" if warnings == 1 else f"the {warnings} warnings above"
        raise BuildStopped(f"{project.shown(options.data_dir)}: {workshop.title}: {_warnings(warnings)}\n"
                           f"error: `panelpress build` would stop on {them} (it is strict); "
                           f"fix {'it' if warnings == 1 else 'them'}, or build with --no-strict")
    shown = warnings + sum(d.severity == "warning" for d in web)
    click.echo(_summary(project, workshop) + (f", {_warnings(shown)}" if shown else ""),
               err=output_format != "text")


def _placeholder_note(options: Options, workshop: Workshop | None = None) -> None:
    """Notes, not warnings (placeholders.py says why): they never change the exit status."""
    from .placeholders import organiser_note, site_url_note

    notes = [site_url_note(options.site_url, options.project.shown(options.root / "mkdocs.yml"))]
    if workshop is not None:
        notes.append(organiser_note(workshop, options.project.shown(options.data_dir / "workshop.yml")))
    for note in notes:
        if note:
            click.echo(note, err=True)


def _report(diags: list, output_format: str, root: Path) -> None:
    """Text goes to stderr, as every command's diagnostics do; a machine format goes to stdout,
    whole (one JSON document, `[]` when all is well), for a program or the CI runner to read."""
    if output_format == "text":
        if diags:
            click.echo(format_diagnostics(diags), err=True)
        return
    if output_format == "github":  # the runner places annotations by paths from where it runs us
        diags = [replace(d, path=Path(os.path.relpath(root / d.path)).as_posix()) for d in diags]
    if diags or output_format == "json":
        click.echo(format_diagnostics(diags, output_format))


def _site_diagnostics(options: Options, config: Any) -> list[Diagnostic]:
    """Build the website (not the handouts or slides) into a temporary folder, as `build` does:
    MkDocs checks the links of docs/, and our templates render. What it reports, as
    diagnostics (the data's own are left out: `check` has them already)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort

    plugin = config.plugins[PLUGIN].config
    plugin["handouts"] = plugin["slides"] = False
    config["strict"] = False  # run to the end and report every warning; `check` decides
    found: list[Diagnostic] = []
    handler = _echo_mkdocs_log(options, quiet=("mkdocs.plugins.panelpress",), collect=found)
    try:
        with tempfile.TemporaryDirectory(prefix="panelpress-check-") as folder:
            config["site_dir"] = str(Path(folder) / "site")
            plugin["kit_dir"] = str(Path(folder) / "kit")  # never over the author's real kit
            mkdocs_build(config)
    except Abort:
        if not has_errors(found):
            found.append(Diagnostic(options.project.shown(options.root / "mkdocs.yml"), 0, 0,
                                    "the website does not build", "see the messages above"))
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return found


@main.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--kit-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the private facilitator kit (default: kit_dir of the plugin, else kit).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Treat warnings as errors.")
def build(root: Path, site_dir: Path | None, kit_dir: Path | None, strict: bool) -> None:
    """Check the data, then build the website into site/ (for participants) and the handouts,
    guide and presenter slides into kit/ (for facilitators), each atomically."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort

    started = time.perf_counter()
    options, config = load_options(root, strict=strict)  # the plugin loads and reports the data
    project = options.project
    target = site_dir.resolve() if site_dir else options.site_dir
    _guard_target(options, target)
    from . import kit

    if kit_dir is not None:  # the plugin reads the kit's folder from its own config
        config.plugins[PLUGIN].config["kit_dir"] = str(kit_dir.resolve())
        options = options.replace(kit_dir=kit_dir.resolve())
    kit_dir = kit.guard(options, target)
    _echo_mkdocs_log(options)
    _placeholder_note(options)
    kept = (f"the previous {project.shown(target)}/ was left as it was" if target.exists()
            else f"nothing was written to {project.shown(target)}/")
    pdfs = _PdfTally("mkdocs.plugins.panelpress.pdf")  # "12 PDFs reused, 0 typeset; 3 covers reused, 0 drawn"
    try:
        with staged_folder(target) as stage:
            config["site_dir"] = str(stage)
            mkdocs_build(config)
    except Abort as exc:
        why = ("fix the warnings above, or build with --no-strict" if "strict" in str(exc)
               else "fix the errors above")
        raise BuildStopped(f"error: the build stopped ({why}); {kept}") from None
    finally:
        pdfs.close()
    shown = f"{project.shown(target)}/ (for participants: upload it)"
    if options.wants("handouts") or options.wants("slides"):
        shown += f" and {project.shown(kit_dir)}/ (for facilitators: keep it private)"
    done = f" ({pdfs.line})" if pdfs.line else ""
    click.echo(f"built {shown} in {time.perf_counter() - started:.2f} s{done}")


class _PdfTally(logging.Handler):
    """What every typesetting of the build reported ("3 PDFs reused, 0 typeset"), added up for
    the build's closing line (the handouts and the panel kit each typeset their own)."""

    _COUNTS = re.compile(r"(\d+) PDFs reused, (\d+) typeset")
    _COVERS = re.compile(r"(\d+) covers reused, (\d+) drawn")  # the Handouts page's pictures

    def __init__(self, name: str) -> None:
        super().__init__(logging.INFO)
        self.reused = self.typeset = 0
        self.covers_reused = self.covers_drawn = 0
        self.seen = self.covers_seen = False
        self.logger = logging.getLogger(name)
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        counts = self._COUNTS.search(record.getMessage())
        if counts:
            self.seen = True
            self.reused += int(counts[1])
            self.typeset += int(counts[2])
        covers = self._COVERS.search(record.getMessage())
        if covers:
            self.covers_seen = True
            self.covers_reused += int(covers[1])
            self.covers_drawn += int(covers[2])

    @property
    def line(self) -> str:
        if not self.seen:
            return ""
        covers = f"; {self.covers_reused} covers reused, {self.covers_drawn} drawn" if self.covers_seen else ""
        return f"{self.reused} PDFs reused, {self.typeset} typeset{covers}"

    def close(self) -> None:
        self.logger.removeHandler(self)
        super().close()


@main.command("bundle")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write site.zip and kit.zip (default: the folder that holds site/).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Treat warnings as errors.")
def bundle_command(root: Path, out: Path | None, strict: bool) -> None:
    """Zip the site and the kit for use without a network: site.zip and kit.zip, each working
    unzipped and opened from disk (navigation, search, exercises, slides). The hosted site/ is
    not touched."""
    from mkdocs.exceptions import Abort

    from . import bundle

    started = time.perf_counter()
    options, _ = load_options(root, strict=strict)
    _echo_mkdocs_log(options)
    target = (out or options.site_dir.parent).resolve()
    if target == options.site_dir.resolve() or options.site_dir.resolve() in target.parents:
        raise PanelpressError(f"error: refusing to write the bundle into {target}: it is inside site_dir, "
                              "which is uploaded (hint: leave --out out, or name a folder beside site/)")
    try:
        made = bundle.build(root, target, strict)
    except Abort as exc:
        why = "fix the warnings above, or bundle with --no-strict" if "strict" in str(exc) else "fix the errors above"
        raise BuildStopped(f"error: the bundle stopped ({why}); nothing was written") from None
    shown = " and ".join(options.project.shown(p) for p in (made.site, made.kit) if p.is_file())
    click.echo(f"bundled {shown} in {time.perf_counter() - started:.2f} s (unzip, then open index.html: "
               "no server or network needed)")


def _echo_mkdocs_log(options: Options, progress: bool = False, quiet: tuple[str, ...] = (),
                     collect: list[Diagnostic] | None = None) -> EchoHandler:
    """MkDocs only prints its log from its own command line: show its warnings and errors here,
    and with `progress` its informational lines too (serve's address, each rebuild)."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO if progress else logging.WARNING)
    for old in [h for h in logger.handlers if isinstance(h, EchoHandler)]:
        logger.removeHandler(old)
    docs = options.docs_dir
    handler = EchoHandler(lambda line: click.echo(line, err=True), docs, options.project.shown(docs), quiet, collect)
    logger.addHandler(handler)
    if progress:
        info = logging.StreamHandler()
        info.addFilter(lambda record: record.levelno < logging.WARNING)
        info.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(info)
    return handler


def _guard_target(options: Options, target: Path) -> None:
    """The build replaces its target whole: never let that be an author's own folder."""
    root = options.root.resolve()
    own = {root, options.data_dir.resolve(), options.templates_dir.resolve(), options.docs_dir.resolve()}
    if target in own or any(target in p.parents for p in own if p != root):
        raise PanelpressError(f"error: refusing to build into {target}: it holds the author's own files")


@main.command("slides")
@root_option
@click.option("--kit-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The facilitator kit; the deck goes to its slides/ (default: kit_dir of the plugin, else kit).")
@click.option("--pdf", is_flag=True, help="Also print the slides, and a speaker-notes handout, to PDF.")
def slides_command(root: Path, kit_dir: Path | None, pdf: bool) -> None:
    """Build only the presenter slides into kit/slides/ (atomically); --pdf prints them too."""
    from . import slides
    from .render import make_environment

    started = time.perf_counter()
    options, _ = load_options(root)
    project = options.project
    workshop = _load(options)
    from . import kit

    options = options.replace(kit_dir=kit_dir.resolve() if kit_dir else None)
    target = kit.guard(options, options.site_dir) / slides.FOLDER
    env = make_environment(options.templates_dir, options.root, options.use_directory_urls)
    with staged_folder(target) as stage:
        deck = slides.write_deck(workshop, env, options, stage)
        made = [stage / "index.html"]
        if pdf:
            from .slides import pdf as slides_pdf

            made.append(slides_pdf.print_slides(stage, stage / f"{workshop.id}-slides.pdf"))
            made.append(slides_pdf.notes_handout(workshop, deck, env, options, stage / f"{workshop.id}-notes.pdf"))
    shown = ", ".join(project.shown(target / p.name) for p in made)
    click.echo(f"built {len(deck.slides)} slides: {shown} in {time.perf_counter() - started:.2f} s")


@main.command("handouts")
@root_option
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False), default=None,
              help="Paper size (default: the `paper` option of the panelpress plugin in mkdocs.yml, else letter).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The site folder; the participants' PDFs go into its handouts/ (default: site_dir of mkdocs.yml).")
@click.option("--kit-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The facilitator kit; every PDF goes into its handouts/ (default: kit_dir of the plugin, else kit).")
def handouts_command(root: Path, paper: str | None, site_dir: Path | None, kit_dir: Path | None) -> None:
    """Build only the printed handouts (workbook, facilitator guide, takeaways card) as PDFs:
    the participants' into site/handouts/, all of them (and the guide as a page) into kit/."""
    from . import handouts
    from .render import make_environment

    options, _ = load_options(root)
    options = options.replace(paper=paper.lower() if paper else None)  # the command line wins
    project = options.project
    workshop = _load(options)
    from . import kit
    from .outputs import Destinations

    options = options.replace(kit_dir=kit_dir.resolve() if kit_dir else None)
    site = site_dir.resolve() if site_dir else options.site_dir
    _guard_target(options, site / handouts.FOLDER)
    kit_folder = kit.guard(options, site)
    env = make_environment(options.templates_dir, options.root, options.use_directory_urls)
    pdfs = handouts.render_pdfs(workshop, env, options)  # a template's DataError: see _Commands
    handouts.write_both(workshop, env, options, pdfs, Destinations(site, kit_folder))
    for pdf in pdfs:
        place = site if handouts.on_site(pdf.handout, options) else kit_folder
        click.echo(f"{project.shown(place / handouts.FOLDER / pdf.name)}: {pdf.note} ({pdf.seconds:.2f} s)")
    if not options.site_url:
        click.echo("note: mkdocs.yml has no site_url, so the workbook has no QR codes to the exercises")


@main.command()
@root_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding when data/, templates/ or docs/ change."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort

    options, config = load_options(root)
    workshop, diags = load_project(options.project, options.start_time, options.airtime_tolerance)
    if workshop is None or has_errors(diags):  # warnings: the plugin prints them on each build
        raise WorkshopDataError(format_diagnostics(diags))
    _echo_mkdocs_log(options, progress=True)
    try:
        mkdocs_serve(config_file=config.config_file_path, dev_addr=dev_addr, livereload=True, strict=False)
    except Abort as exc:
        raise BuildStopped(f"error: the preview stopped: {exc}") from None


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default="My career panel", show_default=True, help="The new workshop's title.")
def new(directory: Path, title: str) -> None:
    """Create a small new workshop in DIRECTORY that builds out of the box."""
    try:
        written = scaffold.create(directory, title)
    except FileExistsError as exc:
        raise PanelpressError(f"error: {exc}") from None
    command, where = running_command(), shlex.quote(os.path.abspath(directory))
    click.echo(f"created {directory}/ ({len(written)} files). Next (from any folder):\n"
               f"  {command} check --root {where}\n"
               f"  {command} serve --root {where}\n"
               f"  {command} build --root {where}")


def running_command() -> str:
    """How to run this panelpress again, as a shell command that works as printed: `panelpress`
    when that name on the PATH is this program, else its absolute path (a .venv's is not on
    the PATH), or `python -m panelpress` with this Python."""
    argv0 = sys.argv[0] if sys.argv else ""
    if os.path.basename(argv0) == "panelpress" and os.path.isfile(argv0):
        own = os.path.abspath(argv0)  # not resolved: a venv's python is a symlink that must stay one
        on_path = shutil.which("panelpress")
        if on_path and os.path.realpath(on_path) == os.path.realpath(own):
            return "panelpress"
        return shlex.quote(own)
    return f"{shlex.quote(os.path.abspath(sys.executable))} -m panelpress"


@main.command("schema")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the schemas to (default: ROOT/schema).")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the files differ from the model.")
@click.option("--print", "print_kind", type=click.Choice(["workshop", "lesson", "anecdote", "exercise"]),
              help="Print one schema instead of writing files.")
def schema_command(root: Path, out: Path | None, check_only: bool, print_kind: str | None) -> None:
    """Export the JSON Schemas that let editors complete and check data files, and DATA-FORMAT.md
    (every data file's fields, for people)."""
    schemas = {name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n" for name, doc in json_schemas().items()}
    if print_kind:
        click.echo(schemas[f"{print_kind}.schema.json"], nl=False)
        return
    folder = out or root / "schema"
    files = {folder / name: text for name, text in schemas.items()}
    files[(out or root) / dataformat.NAME] = dataformat.render()  # the same format, for people
    if check_only:
        stale = [p.name for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        if stale:
            raise PanelpressError(f"{folder}: out of date: {', '.join(stale)} (run `panelpress schema`)")
        click.echo(f"{folder}: up to date")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(schemas)} schemas to {folder}/ and the format, for people, to {(out or root) / dataformat.NAME}")


def run() -> None:  # pragma: no cover - console entry point
    try:
        main(prog_name="panelpress")
    except SystemExit as stop:
        code = stop.code
    else:
        code = 0
    leave(code)


def leave(code: int | str | None) -> None:
    """End the program as Python would, without its teardown: a build leaves a heap of ~100,000
    objects (MkDocs, Material, the workshop's model, the pages) that the interpreter frees one by
    one on its way out, 0.13-0.25 s after the build's last line was printed (measured on the
    flagship; nothing is left to write by then). The exit handlers still run (logging's, the
    worker pools', temporary folders' finalizers) and the output is flushed; only the freeing is
    skipped. A process with threads still running (none after build/check; `serve` joins its
    own) exits the usual way, which waits for them."""
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`panelpress check | head`): nothing more to say
            pass
    os._exit(code)
