"""The second workshop builds into every output and shows its own text, not the flagship's."""

from __future__ import annotations

import pytest

import re
from pathlib import Path

from pypdf import PdfReader

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

FLAGSHIP_WORDS = ("networking", "referral", "relationship", "secret sauce", "USC", "coffee")


def _visible_site_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "reveal" not in p.parts)


def test_builds_every_output(second_site, second_kit):
    assert (second_site / "index.html").is_file()
    assert (second_kit / "index.html").is_file() and (second_kit / "facilitator-guide.html").is_file()
    assert (second_kit / "slides" / "index.html").is_file()
    for key in ("workbook", "facilitator-guide", "takeaways"):
        assert (second_kit / "handouts" / f"first-offer-{key}.pdf").is_file()
        # the public site carries the participants' handouts only
        assert (second_site / "handouts" / f"first-offer-{key}.pdf").is_file() == (key != "facilitator-guide")
    assert not (second_site / "slides").exists() and not (second_site / "facilitator").exists()


def test_no_text_of_the_flagship_anywhere(second_site, second_kit):
    html = _visible_site_text(second_site) + _visible_site_text(second_kit)
    pdfs = "\n".join(page.extract_text() for pdf in (*(second_site / "handouts").glob("*.pdf"),
                                                     *(second_kit / "handouts").glob("*.pdf"))
                     for page in PdfReader(pdf).pages)
    for word in FLAGSHIP_WORDS:
        assert not re.search(re.escape(word), html, re.I), f"{word!r} on the second workshop's site"
        assert not re.search(re.escape(word), pdfs, re.I), f"{word!r} in the second workshop's handouts"


def test_title_with_ampersand_and_quotes_is_shown_as_written(second_site):
    home = (second_site / "index.html").read_text(encoding="utf-8")
    # escaped, and set typographically like the page's h1 (review 21: the header and the tab
    # title showed straight quotes under a curly h1)
    assert "Pay &amp; perks: your first “real” offer" in home
    assert "&#34;real&#34;" not in home and "&quot;real&quot;" not in home and '"real"' not in home
