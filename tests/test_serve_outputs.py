"""`serve` with its outputs on (issue 18: the workbook within 3 s of a data edit): the preview's
build writes the site's PDFs and ends without waiting for the kit's, which follow in a thread
(kit.build_site_first); the workers of each rebuild start with the typesetting code imported
by the fork server (handouts/typeset.py, PRELOAD)."""

from __future__ import annotations

import concurrent.futures
import importlib
import io
import multiprocessing
import threading
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pypdf import PdfReader

from conftest import leftovers
from panelpress.handouts import typeset
from panelpress.handouts.typeset import Typesetting

pytestmark = pytest.mark.build  # real builds, WeasyPrint in worker processes

EXERCISE = "data/exercises/answering-a-cold-ask.yml"


def text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def serving(root: Path, site: Path):
    """The plugin as `mkdocs serve` keeps it across rebuilds, with its outputs on; a function
    that runs one rebuild, as serve's builder does (a fresh config, the same plugin)."""
    config_file = root / "mkdocs.yml"
    source = config_file.read_text(encoding="utf-8")
    assert "  - panelpress:\n" in source
    config_file.write_text(source.replace("  - panelpress:\n", "  - panelpress:\n      serve_outputs: true\n", 1),
                           encoding="utf-8")
    first = load_config(str(config_file), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=False)
    plugin = first.plugins["panelpress"]

    def rebuild(config=None) -> None:
        build(config or load_config(str(config_file), site_dir=str(site)), serve_url="http://127.0.0.1:8000/")

    return plugin, first, rebuild


def finished(plugin) -> None:
    if plugin.kit_job is not None:
        plugin.kit_job.join(timeout=120)


def edit(root: Path, old: str, new: str) -> None:
    exercise = root / EXERCISE
    source = exercise.read_text(encoding="utf-8")
    assert old in source
    exercise.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_serve_writes_the_edited_workbook_without_waiting_for_the_kits_pdfs(workshop_copy, tmp_path, monkeypatch):
    site, kit = tmp_path / "site", workshop_copy / "kit"
    # serve has a web server thread: its workers come from the fork server, as they do here
    held = threading.Event()
    server_thread = threading.Thread(target=held.wait, daemon=True)
    server_thread.start()
    plugin, first, rebuild = serving(workshop_copy, site)
    release = threading.Event()
    try:
        rebuild(first)
        finished(plugin)
        guide = next((kit / "handouts").glob("*-facilitator-guide.pdf"))
        workbook = next((site / "handouts").glob("*-workbook.pdf"))
        assert "Answering a cold ask" in text(guide) and "Answering a cold ask" in text(workbook)

        # the kit's wait for its PDFs (Typesetting.result) is held until the test lets it go;
        # the site's PDFs are waited for alone (Typesetting.some)
        result = Typesetting.result

        def held_result(self):
            release.wait(timeout=60)  # (a build that waits for the kit goes on after it)
            return result(self)

        monkeypatch.setattr(Typesetting, "result", held_result)
        edit(workshop_copy, "title: Answering a cold ask", "title: Answering a chilly ask")
        rebuild()
        # the build is over: the preview shows the site, the edit in its workbook; the kit is
        # still the last good one, its guide being typeset
        assert "Answering a chilly ask" in text(workbook)
        chilly = plugin.kit_job
        assert chilly is not None and chilly.thread.is_alive()
        assert "Answering a chilly ask" not in text(guide)

        # a second edit before that kit is done: its build does not wait for it
        edit(workshop_copy, "title: Answering a chilly ask", "title: Answering a frosty ask")
        rebuild()
        assert "Answering a frosty ask" in text(workbook)
        assert chilly.thread.is_alive() and plugin.kit_job is not chilly

        release.set()
        finished(plugin)
        assert not chilly.thread.is_alive() and not plugin.kit_job.thread.is_alive()
        # the kit is the last edit's (the superseded one is never swapped in after it)
        assert "Answering a frosty ask" in text(guide)
        assert "Answering a frosty ask" in text(next((kit / "handouts").glob("*-workbook.pdf")))
    finally:
        release.set()
        first.plugins.on_shutdown()  # abandons a kit still finishing
        held.set()


def test_a_kit_that_fails_after_the_site_was_served_is_shown_in_the_preview_and_leaves_the_last_kit(
        workshop_copy, tmp_path):
    site, kit = tmp_path / "site", workshop_copy / "kit"
    plugin, first, rebuild = serving(workshop_copy, site)
    shown: list[tuple] = []
    plugin.preview_state = type("State", (), {"finished": lambda self, failure: shown.append(failure)})()
    try:
        rebuild(first)
        finished(plugin)
        deck = kit / "slides" / "index.html"
        before = deck.read_bytes()
        # a template only the kit's slides use, broken: the site builds, the kit cannot
        override = workshop_copy / "templates" / "slides" / "deck.html"
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text("{{ workshop.title }\n", encoding="utf-8")
        rebuild()
        finished(plugin)
        assert len(shown) == 1 and any("templates/slides/deck.html" in str(d) for d in shown[0]), shown
        assert deck.read_bytes() == before
    finally:
        first.plugins.on_shutdown()


def test_the_workers_of_a_rebuild_start_with_the_typesetting_code_imported(tmp_path, monkeypatch):
    """The fork server imports the typesetting module once: a worker's first document does not
    wait for the import of the package (0.34 s of CPU a worker, each rebuild)."""
    # a probe module that imports nothing of panelpress: it says what the worker had already
    (tmp_path / "serve27_probe.py").write_text("import sys\n\ndef loaded(name):\n    return name in sys.modules\n",
                                               encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = importlib.import_module("serve27_probe")
    typeset.start_fork_server()  # as `serve` starts it (one per process: an earlier test's is the same)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        assert pool.submit(probe.loaded, typeset.__name__).result(timeout=120)
        assert not pool.submit(probe.loaded, "panelpress.cli").result(timeout=120)  # the probe tells them apart


def test_stopping_serve_abandons_a_kit_still_being_made_and_keeps_the_last_good_one(workshop_copy, tmp_path,
                                                                                     monkeypatch):
    """The re-read of serve27: `serve` stopped (Ctrl-C) while a kit was being made waited for all of
    its PDFs (the kit's thread joined as it was). It is abandoned now, as a newer edit abandons
    it: the last good kit stays, and no staged folder is left beside it."""
    site, kit = tmp_path / "site", workshop_copy / "kit"
    plugin, first, rebuild = serving(workshop_copy, site)
    release = threading.Event()
    rebuild(first)
    finished(plugin)
    guide = next((kit / "handouts").glob("*-facilitator-guide.pdf"))
    result = Typesetting.result

    def held_result(self):
        release.wait(timeout=60)
        return result(self)

    monkeypatch.setattr(Typesetting, "result", held_result)
    edit(workshop_copy, "title: Answering a cold ask", "title: Answering a chilly ask")
    rebuild()
    job = plugin.kit_job
    assert job is not None and job.thread.is_alive()
    stopping = threading.Thread(target=first.plugins.on_shutdown)
    stopping.start()
    try:
        assert job.superseded.wait(timeout=60)  # abandoned before its PDFs are waited for
    finally:
        release.set()
        stopping.join(timeout=120)
    assert not stopping.is_alive() and not job.thread.is_alive()
    assert "Answering a cold ask" in text(guide) and "Answering a chilly ask" not in text(guide)
    assert leftovers(workshop_copy, ".kit.") == []
