"""The workshop's language (`language:` in workshop.yml) reaches every output: each page's
<html lang>, the slides, the handouts' <html lang> and PDF metadata, also for a regional tag
Material has no translation for (en-GB: Material's English strings, lang="en-GB")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_panelpress

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop


def html_langs(site: Path) -> dict[str, str]:
    """Every HTML page of a built site (reveal.js' own files aside) → its <html lang>."""
    langs = {}
    for page in site.rglob("*.html"):
        if "reveal" in page.parts:
            continue
        match = re.search(r'<html[^>]*\blang="([^"]*)"', page.read_text(encoding="utf-8"))
        langs[page.relative_to(site).as_posix()] = match.group(1) if match else ""
    return langs


def test_every_page_and_pdf_of_an_en_gb_workshop_says_en_gb(second_site, second_kit):
    langs = html_langs(second_site) | {f"kit/{page}": lang for page, lang in html_langs(second_kit).items()}
    assert {"index.html", "404.html", "takeaways/index.html", "kit/index.html", "kit/facilitator-guide.html",
            "kit/slides/index.html"} <= set(langs)
    assert len(langs) > 15
    assert {page for page, lang in langs.items() if lang != "en-GB"} == set()
    home = (second_site / "index.html").read_text(encoding="utf-8")
    assert "Skip to content" in home, "Material's English interface strings"
    for pdf in [*(second_site / "handouts").glob("*.pdf"), *(second_kit / "handouts").glob("*.pdf")]:
        assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en-GB", pdf.name


def test_the_flagship_stays_en(flagship_site, flagship_kit):
    assert set(html_langs(flagship_site).values()) == set(html_langs(flagship_kit).values()) == {"en"}


def test_a_language_material_translates_gets_its_strings_and_search(tmp_path):
    """fr-CA: Material's French strings and French search, lang="fr-CA", although mkdocs.yml
    says `theme.language: en` (the workshop's language wins over another language there)."""
    root = tmp_path / "workshop"
    run_panelpress("new", str(root), "--title", "Atelier", check=True)
    workshop = root / "data" / "workshop.yml"
    workshop.write_text(workshop.read_text(encoding="utf-8") + "language: fr-CA\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - panelpress\n", "  - panelpress:\n      handouts: false\n      slides: false\n")
    config.write_text(text.replace("theme:\n", "theme:\n  language: en\n", 1), encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    site = root / "site"
    assert set(html_langs(site).values()) == {"fr-CA"}
    assert "Aller au contenu" in (site / "index.html").read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
