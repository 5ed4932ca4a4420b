"""The plugin keeps what it loads out of MkDocs' garbage collections during a build (site/heap.py),
and gives it back when the build ends, whether it succeeds or fails: a `serve` session, which
builds again on every save, never holds a previous build's objects for good."""

from __future__ import annotations

import gc
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from panelpress.site import heap

SECOND = Path(__file__).resolve().parent / "fixtures" / "negotiation"


def _workshop(tmp_path: Path) -> Path:
    root = tmp_path / "negotiation"
    shutil.copytree(SECOND, root, ignore=shutil.ignore_patterns("site", "kit", ".panelpress-cache"))
    return root


def _build(root: Path, seen: list[int]) -> None:
    """MkDocs' build of `root` in this process, the outputs off (a preview's build); `seen` gets
    the collector's frozen count while MkDocs builds the pages."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    for output in ("handouts", "slides", "panelkit", "followup"):
        config.plugins["panelpress"].config[output] = False
    plugin = config.plugins["panelpress"]
    page_markdown = plugin.on_page_markdown

    def watching(markdown, **kwargs):
        seen.append(gc.get_freeze_count())
        return page_markdown(markdown, **kwargs)

    config.plugins.events["page_markdown"] = [watching if m == page_markdown else m
                                              for m in config.plugins.events["page_markdown"]]
    build(config)


@pytest.mark.build
def test_a_build_freezes_what_it_loaded_while_the_pages_are_built_and_releases_it_after(tmp_path):
    assert gc.get_freeze_count() == 0
    seen: list[int] = []
    _build(_workshop(tmp_path), seen)
    assert seen and min(seen) > 1000  # the model, the templates, the modules: out of the collections
    assert gc.get_freeze_count() == 0  # and back once the build is done
    assert (tmp_path / "negotiation" / "site" / "index.html").is_file()


@pytest.mark.build
def test_a_build_that_fails_after_loading_releases_what_it_froze(tmp_path):
    root = _workshop(tmp_path)
    broken = root / "templates" / "site" / "lesson.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("# {{ lesson.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(Abort):  # MkDocs' answer to the plugin's error (a template error, after loading)
        _build(root, [])
    assert gc.get_freeze_count() == 0


def test_a_freeze_made_by_someone_else_is_left_alone():
    gc.freeze()
    try:
        long_lived = heap.LongLived()
        long_lived.freeze()
        assert not long_lived.frozen  # the freeze is someone else's: not the plugin's to own
        long_lived.release()
        # not thawed by the plugin (a thaw empties the permanent generation; its count is not
        # compared exactly: a frozen object that dies meanwhile leaves it, 184,516 → 184,515 in CI)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_no_full_collection_walks_the_heap_while_the_plugin_loads_and_prepares(tmp_path):
    """Everything the plugin's `on_config` makes lives until the build ends (then frozen: heap.py),
    so a full collection during it walks it all and frees nothing: none runs there (gcdefer.py),
    even with the collector set to run them as often as it can."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(str(_workshop(tmp_path) / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["panelpress"]
    full: list[str] = []
    inside = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append("in on_config" if inside else "outside")

    thresholds = gc.get_threshold()
    gc.callbacks.append(watch)
    gc.set_threshold(10, 1, 1)  # a full collection at nearly every chance
    try:
        inside.append(True)
        plugin.on_config(config)
        inside.clear()
        assert gc.get_threshold() == (10, 1, 1)  # the deferral ended with on_config
        gc.collect()
    finally:
        gc.set_threshold(*thresholds)
        gc.callbacks.remove(watch)
        plugin.long_lived.release()
    assert "in on_config" not in full and "outside" in full
