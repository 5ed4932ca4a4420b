"""The offline bundle (`panelpress bundle`): site.zip and kit.zip, unzipped and opened from disk
(file://) in Chromium with no server: navigation, search, an exercise, the presenter deck, and not
one request off the machine. The hosted site's build is not changed by it."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import REPO, run_panelpress
from panelpress.bundle import entry_time, zip_folder


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """The flagship bundled (`panelpress bundle --out`), both zips unzipped side by side."""
    out = tmp_path_factory.mktemp("bundle")
    result = run_panelpress("bundle", "--root", str(REPO), "--out", str(out), check=True)
    assert "site.zip" in result.stdout and "kit.zip" in result.stdout
    for name in ("site.zip", "kit.zip"):
        with zipfile.ZipFile(out / name) as archive:
            archive.extractall(out / "unzipped")
    return out


def test_the_bundle_is_two_zips_of_one_folder_each_with_file_links(bundle):
    assert sorted(p.name for p in bundle.iterdir() if p.is_file()) == ["kit.zip", "site.zip"]
    site, kit = bundle / "unzipped" / "site", bundle / "unzipped" / "kit"
    assert (site / "index.html").is_file() and (kit / "index.html").is_file()
    assert (kit / "slides" / "index.html").is_file() and (kit / "follow-up" / "participants.md").is_file()
    lessons = sorted((site / "lessons").glob("*.html"))
    assert len(lessons) >= 3  # lessons/x.html: pages a browser opens from disk
    assert (site / "search" / "search_index.js").is_file()
    assert not list(site.rglob("*sign-in*")) and not list(site.rglob("*facilitator-guide*"))  # still public only
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in home and "fonts.googleapis" not in home
    assert re.search(r'href="lessons/[\w-]+\.html"', home)


def test_every_file_in_the_zips_is_dated_the_day_it_was_bundled(bundle):
    # each file's own time made two bundles of one workshop other bytes (zip_folder)
    for name in ("site.zip", "kit.zip"):
        with zipfile.ZipFile(bundle / name) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {entry_time()}


def test_the_same_folder_zips_to_the_same_bytes_whenever_its_files_were_written(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "site"
    (folder / "handouts").mkdir(parents=True)
    (folder / "index.html").write_text("<p>Home</p>", encoding="utf-8")
    (folder / "handouts" / "card.pdf").write_bytes(b"%PDF-1.7 card")
    zip_folder(folder, tmp_path / "one.zip", "site")
    for path in (folder / "index.html", folder / "handouts" / "card.pdf"):  # written again, an hour later
        os.utime(path, (path.stat().st_mtime + 3600,) * 2)
    zip_folder(folder, tmp_path / "two.zip", "site")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "two.zip") as archive:
        assert archive.read("site/handouts/card.pdf") == b"%PDF-1.7 card"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761955200")  # CI's last commit: 2025-11-01 00:00 UTC
    zip_folder(folder, tmp_path / "three.zip", "site")
    with zipfile.ZipFile(tmp_path / "three.zip") as archive:
        assert archive.getinfo("site/index.html").date_time == (2025, 11, 1, 0, 0, 0)


def test_the_hosted_build_keeps_directory_urls(flagship_site):
    assert (flagship_site / "lessons" / "index.html").is_file()
    assert not (flagship_site / "search" / "search_index.js").exists()


def test_only_the_hosted_site_preloads_its_fonts(bundle, flagship_site):
    """A page opened from disk cannot preload a font (the browser refuses the request with a
    console error): the bundle's pages leave it to @font-face; the hosted pages keep it."""
    preload = re.compile(r'<link rel="preload" href="[^"]+\.woff2" as="font"')
    offline = sorted((bundle / "unzipped" / "site").rglob("*.html"))
    assert len(offline) > 10 and not any(preload.search(p.read_text(encoding="utf-8")) for p in offline)
    # regular and bold, and the italic where a page opens with emphasis (theme_patches.Theme.preloads)
    assert all(len(preload.findall(p.read_text(encoding="utf-8"))) in (2, 3) for p in flagship_site.rglob("*.html"))


def test_the_unzipped_site_works_from_disk(bundle, watched_page):
    page, watch = watched_page
    site = bundle / "unzipped" / "site"
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Networking")

    # navigation: a lesson from the home page's tabs, a file:// page
    first = sorted((REPO / "data" / "lessons").glob("*.yml"))[0]
    lesson = yaml.safe_load(first.read_text(encoding="utf-8"))
    page.goto((site / "lessons" / "index.html").as_uri())
    page.locator(f'a[href$="{lesson["id"]}.html"]').first.click()
    expect(page.locator("h1").first).to_contain_text(lesson["title"])
    # Material starts once the page is on screen and has loaded (site/after_paint.py), not as soon
    # as the heading is parsed: a shortcut key pressed before then is not Material's to see
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.endswith(f"{lesson['id']}.html")

    # search: a word of that lesson gives a result that links to it
    word = max(re.findall(r"[A-Za-z]{9,}", lesson["body"]), key=len)
    page.keyboard.press("s")  # Material's search shortcut
    page.locator("input.md-search__input").press_sequentially(word, delay=30)  # typed: Material searches on keys
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15000)
    assert page.locator(f'.md-search-result a[href*="{lesson["id"]}.html"]').count() >= 1

    # an exercise: the best answer of a choice question answers back
    data = yaml.safe_load((REPO / "data" / "exercises" / "would-you-refer-them.yml").read_text(encoding="utf-8"))
    page.goto((site / "exercises" / f"{data['id']}.html").as_uri())
    root = page.locator(f'.pp-exercise[data-exercise="{data["id"]}"]')
    expect(root.locator(".pp-tools")).to_be_visible()
    question = root.locator(".pp-question").first
    best = next(o for o in data["questions"][0]["options"] if o.get("correct"))
    question.get_by_label(best["text"]).check()
    expect(question.locator(".pp-result")).to_contain_text(" ".join(best["feedback"].split()[:6]))

    assert watch.console_errors == []
    assert watch.offsite_requests == []


def test_the_unzipped_kit_opens_its_deck_from_disk(bundle, watched_page):
    page, watch = watched_page
    kit = bundle / "unzipped" / "kit"
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto((kit / "index.html").as_uri())
    page.locator('a[href="slides/index.html"]').click()
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 1")
    assert page.url.startswith("file://")
    assert watch.console_errors == []
    assert watch.offsite_requests == []
