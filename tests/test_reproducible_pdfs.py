"""The same workshop built twice gives the same bytes: every PDF, every page (handouts/fontstamp.py).

A handout with one emoji (the negotiation workshop's 🎯) was other bytes in every build: WeasyPrint
saves a colour emoji font again through fontTools, which stamped the font's `head.modified` with
the time of the save. Same text, same pixels, another checksum: a deploy that uploads what
changed, or anyone comparing two builds, saw a change that was none."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import PANELPRESS, run_panelpress
from panelpress.handouts.fontstamp import FONT_MODIFIED
from panelpress.handouts.typeset import Typesetting

pytestmark = pytest.mark.build  # WeasyPrint and two whole builds: seconds, not the fast tier

EMOJI = "🎯"
# MkDocs' sitemap says the day of the build (its <lastmod>, the .gz's mtime), by MkDocs' design:
# SOURCE_DATE_EPOCH sets it. Two builds either side of midnight differ there, nowhere else.
DATED_BY_MKDOCS = {"sitemap.xml", "sitemap.xml.gz"}


def embedded_fonts(pdf: bytes) -> dict[str, TTFont]:
    """Each TrueType font file the PDF embeds, by its font's name (subset prefix dropped)."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile2" in descriptor:
                    name = str(descriptor["/FontName"]).split("+")[-1]
                    fonts[name] = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    return fonts


def test_an_emoji_font_carries_the_fixed_timestamp_not_the_build_time(monkeypatch):
    # the build's own SOURCE_DATE_EPOCH (CI may set it) does not reach the fonts, and is kept
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr("panelpress.handouts.typeset.os.cpu_count", lambda: 1)  # typeset in this process
    html = f"<html lang=\"en\"><p>Ask about the whole offer {EMOJI}</p>"
    pdf = Typesetting({"card": html}, None).result()["card"][0]
    emoji = {name: font for name, font in embedded_fonts(pdf).items() if "Emoji" in name}
    assert emoji, f"no emoji font typeset {EMOJI} (fonts: {sorted(embedded_fonts(pdf))}): install fonts-noto-color-emoji"
    for font in emoji.values():
        assert font["head"].modified == timestampSinceEpoch(int(FONT_MODIFIED))
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"


def files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def build(source: Path, dest: Path, seed: str) -> dict[str, str]:
    """A clean build of `source` (no PDF cache, no earlier output) in its own process with this
    PYTHONHASHSEED and no SOURCE_DATE_EPOCH; every file of its site/ and kit/ by sha256."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([*PANELPRESS, "build", "--root", str(source), "--site-dir", str(dest / "site"),
                             "--kit-dir", str(dest / "kit")], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 PDFs reused" in result.stdout + result.stderr  # typeset afresh, not read from a cache
    return {f"{part}/{name}": digest for part in ("site", "kit") for name, digest in files(dest / part).items()}


def test_two_clean_builds_in_two_processes_give_the_same_bytes(tmp_path):
    # the smallest workshop that showed it: `panelpress new`'s, with one emoji in a takeaway
    # (on the takeaways card and the workbook, site and kit)
    source = tmp_path / "workshop"
    run_panelpress("new", str(source), check=True)
    workshop = source / "data" / "workshop.yml"
    text = workshop.read_text(encoding="utf-8")
    first = "said the way a participant would repeat it to a friend the next day."
    assert first in text
    workshop.write_text(text.replace(first, f"{first} {EMOJI}"), encoding="utf-8")

    def clean_build(name: str, seed: str) -> dict[str, str]:
        shutil.rmtree(source / ".panelpress-cache", ignore_errors=True)
        return build(source, tmp_path / name, seed)

    one = clean_build("one", "1")
    time.sleep(1)  # a second later at least: a timestamp in a PDF would differ
    two = clean_build("two", "2")

    pdfs = sorted(name for name in one if name.endswith(".pdf"))
    assert len(pdfs) >= 10 and "site/handouts/my-career-panel-takeaways.pdf" in pdfs
    assert any("Emoji" in name for name in embedded_fonts((tmp_path / "one/site/handouts/my-career-panel-takeaways.pdf")
                                                          .read_bytes()))
    assert sorted(two) == sorted(one)
    assert [name for name in pdfs if one[name] != two[name]] == []
    others = [name for name in one if one[name] != two[name] and name.rsplit("/", 1)[-1] not in DATED_BY_MKDOCS]
    assert others == []  # the pages, the slides, the calendar file, the covers: the same bytes too
