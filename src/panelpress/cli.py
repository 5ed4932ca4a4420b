"""`panelpress`: check, build, serve, scaffold and describe a workshop.

Every command reads the workshop in the folder given by --root (default: here), whose
mkdocs.yml names the plugin's options. Bad data never gives a traceback: it prints each
diagnostic as path:line:column and exits with status 1.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from . import scaffold
from .buildlog import EchoHandler
from .diagnostics import FORMATS, DataError, format_diagnostics, has_errors
from .project import Project
from .schema import json_schemas
from .validate import load_project
from .write import staged_folder

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every run

root_option = click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                           show_default=True, help="The workshop's folder (holds mkdocs.yml and data/).")


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _check_or_exit(project: Project, quiet_ok: bool = False) -> None:
    workshop, diags = load_project(project, airtime_tolerance=project.airtime_tolerance)
    if diags:
        click.echo(format_diagnostics(diags), err=True)
    if workshop is None or has_errors(diags):
        sys.exit(1)
    if not quiet_ok:
        click.echo(_summary(project, workshop))


def _summary(project: Project, workshop: Any) -> str:
    """What `check` found, counted in the workshop's language: "1 lesson", "3 lessons"."""
    t = workshop.labels
    counts = t.text("check_summary", lessons=t.count("lessons", len(workshop.lessons)),
                    stories=t.count("stories", len(workshop.anecdotes)),
                    exercises=t.count("exercises", len(workshop.exercises)),
                    minutes=t.count("minutes", workshop.agenda_minutes))
    return f"{project.shown(project.data_dir)}: {workshop.title}: {counts}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="panelpress")
def main() -> None:
    """Turn a career panel's workshop, kept as YAML in data/, into a website, handouts and slides."""


@main.command()
@root_option
@click.option("--links", is_flag=True, help="Also check that the web addresses in the data answer "
              "(needs the network; good answers are cached for a day in .panelpress-cache/).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: for people; json: a JSON list on stdout; github: annotations for GitHub Actions.")
def check(root: Path, links: bool, output_format: str) -> None:
    """Check every data file and report all problems as path:line:column."""
    project = Project(root)
    workshop, diags = load_project(project, airtime_tolerance=project.airtime_tolerance)
    if links and workshop is not None and not has_errors(diags):
        from .links import check_links

        diags = [*diags, *check_links(project)]
    _report(diags, output_format, root)
    if workshop is None or has_errors(diags):
        sys.exit(1)
    # a machine format keeps stdout to itself; the summary is for whoever reads the log
    click.echo(_summary(project, workshop), err=output_format != "text")


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


def _mkdocs_config(root: Path, **overrides: object):
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        _fail(f"{config_file}: error: there is no mkdocs.yml here (run in the workshop's folder, or pass --root)")
    return load_config(config_file=str(config_file), **overrides)


@main.command()
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--strict/--no-strict", default=True, show_default=True, help="Treat warnings as errors.")
def build(root: Path, site_dir: Path | None, strict: bool) -> None:
    """Check the data, then build the website, handouts and slides into site/ (atomically)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    project = Project(root)
    _check_or_exit(project, quiet_ok=True)
    started = time.perf_counter()
    config = _mkdocs_config(root, strict=strict)
    target = site_dir.resolve() if site_dir else Path(config.site_dir)
    _guard_target(project, target)
    _echo_mkdocs_log(project, Path(config.docs_dir))
    kept = (f"the previous {project.shown(target)}/ was left as it was" if target.exists()
            else f"nothing was written to {project.shown(target)}/")
    try:
        with staged_folder(target) as stage:
            config = _mkdocs_config(root, strict=strict, site_dir=str(stage))
            mkdocs_build(config)
    except (PluginError, ConfigurationError) as exc:
        _fail(f"error: {exc}\n{kept}")
    except Abort as exc:
        why = ("fix the warnings above, or build with --no-strict" if "strict" in str(exc)
               else "fix the errors above")
        _fail(f"error: the build stopped ({why}); {kept}")
    click.echo(f"built {project.shown(target)}/ in {time.perf_counter() - started:.2f} s")


def _echo_mkdocs_log(project: Project, docs_dir: Path, progress: bool = False) -> None:
    """MkDocs only prints its log from its own command line: show its warnings and errors here,
    and with `progress` its informational lines too (serve's address, each rebuild)."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO if progress else logging.WARNING)
    if not any(isinstance(h, EchoHandler) for h in logger.handlers):
        logger.addHandler(EchoHandler(lambda line: click.echo(line, err=True), docs_dir, project.shown(docs_dir)))
    if progress:
        info = logging.StreamHandler()
        info.addFilter(lambda record: record.levelno < logging.WARNING)
        info.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(info)


def _guard_target(project: Project, target: Path) -> None:
    """The build replaces its target whole: never let that be an author's own folder."""
    own = {project.root.resolve(), project.data_dir.resolve(), project.templates_dir.resolve(),
           (project.root / "docs").resolve()}
    if target in own or any(target in p.parents for p in own if p != project.root.resolve()):
        _fail(f"error: refusing to build into {target}: it holds the author's own files")


@main.command("slides")
@root_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The site folder; the deck goes to its slides/ (default: site_dir of mkdocs.yml).")
@click.option("--pdf", is_flag=True, help="Also print the slides, and a speaker-notes handout, to PDF.")
def slides_command(root: Path, site_dir: Path | None, pdf: bool) -> None:
    """Build only the presenter slides into site/slides/ (atomically); --pdf prints them too."""
    from . import slides, slides_pdf
    from .render import make_environment

    started = time.perf_counter()
    config = _mkdocs_config(root)
    plugin = config.plugins.get("panelpress")
    if plugin is None:
        _fail(f"{root / 'mkdocs.yml'}: error: the panelpress plugin is not listed under `plugins:`")
    options = plugin.config
    project = Project(root, options.data_dir, options.templates_dir)
    workshop, diags = load_project(project, options.start_time, float(options.airtime_tolerance))
    if diags:
        click.echo(format_diagnostics(diags), err=True)
    if workshop is None or has_errors(diags):
        sys.exit(1)
    target = (site_dir.resolve() if site_dir else Path(config.site_dir)) / slides.FOLDER
    _guard_target(project, target)
    env = make_environment(project.templates_dir, project.root)
    with staged_folder(target) as stage:
        deck = slides.write_deck(workshop, env, project, stage)
        made = [stage / "index.html"]
        if pdf:
            made.append(slides_pdf.print_slides(stage, stage / f"{workshop.id}-slides.pdf"))
            made.append(slides_pdf.notes_handout(workshop, deck, env, project, options.paper,
                                                 stage / f"{workshop.id}-notes.pdf"))
    shown = ", ".join(project.shown(target / p.name) for p in made)
    click.echo(f"built {len(deck.slides)} slides: {shown} in {time.perf_counter() - started:.2f} s")


@main.command("handouts")
@root_option
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False), default=None,
              help="Paper size (default: the `paper` option of the panelpress plugin in mkdocs.yml, else letter).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The site folder; the PDFs go into its handouts/ (default: site_dir of mkdocs.yml).")
def handouts_command(root: Path, paper: str | None, site_dir: Path | None) -> None:
    """Build only the printed handouts (workbook, facilitator guide, takeaways card) as PDFs."""
    from . import handouts
    from .render import make_environment

    project = Project(root)
    _check_or_exit(project, quiet_ok=True)
    config = _mkdocs_config(root)
    options = config.plugins["panelpress"].config if "panelpress" in config.plugins else {}
    paper = (paper or options.get("paper") or "letter").lower()
    workshop, _ = load_project(project, options.get("start_time"))
    target = (site_dir.resolve() if site_dir else Path(config.site_dir)) / handouts.FOLDER
    _guard_target(project, target)
    env = make_environment(project.templates_dir, project.root)
    try:
        pdfs = handouts.render_pdfs(workshop, env, project, paper, project.site_url)
    except DataError as exc:
        _fail(format_diagnostics(exc.diagnostics))
    handouts.write(pdfs, target)
    for pdf in pdfs:
        click.echo(f"{project.shown(target / pdf.name)}: {pdf.note} ({pdf.seconds:.2f} s)")
    if not project.site_url:
        click.echo("note: mkdocs.yml has no site_url, so the workbook has no QR codes to the exercises")


@main.command()
@root_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding when data/, templates/ or docs/ change."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, PluginError

    project = Project(root)
    _check_or_exit(project, quiet_ok=True)
    _echo_mkdocs_log(project, root / "docs", progress=True)
    try:
        mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, strict=False)
    except (PluginError, Abort) as exc:
        _fail(f"error: {exc}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default="My career panel", show_default=True, help="The new workshop's title.")
def new(directory: Path, title: str) -> None:
    """Create a small new workshop in DIRECTORY that builds out of the box."""
    try:
        written = scaffold.create(directory, title)
    except FileExistsError as exc:
        _fail(f"error: {exc}")
    click.echo(f"created {directory}/ ({len(written)} files). Next:\n  cd {directory}\n  panelpress check\n"
               f"  panelpress serve")


@main.command("schema")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the schemas to (default: ROOT/schema).")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the files differ from the model.")
@click.option("--print", "print_kind", type=click.Choice(["workshop", "lesson", "anecdote", "exercise"]),
              help="Print one schema instead of writing files.")
def schema_command(root: Path, out: Path | None, check_only: bool, print_kind: str | None) -> None:
    """Export the JSON Schemas that let editors complete and check data files."""
    schemas = {name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n" for name, doc in json_schemas().items()}
    if print_kind:
        click.echo(schemas[f"{print_kind}.schema.json"], nl=False)
        return
    folder = out or root / "schema"
    if check_only:
        stale = [n for n, text in schemas.items()
                 if not (folder / n).is_file() or (folder / n).read_text(encoding="utf-8") != text]
        if stale:
            _fail(f"{folder}: out of date: {', '.join(stale)} (run `panelpress schema`)")
        click.echo(f"{folder}: up to date")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.items():
        (folder / name).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(schemas)} schemas to {folder}/")


def run() -> None:  # pragma: no cover - console entry point
    try:
        main(prog_name="panelpress")
    except DataError as exc:
        _fail(format_diagnostics(exc.diagnostics))
