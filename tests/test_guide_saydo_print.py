"""The printed guide's say / do pairs: those that surely fit half a page are set as two inline
blocks (cheaper for WeasyPrint than a row of flex boxes, handouts.css), which are never split
across pages; a longer pair stays a row, so a script longer than a page is still printed whole,
on as many pages as it takes."""

from __future__ import annotations

import re

from conftest import REPO, straight
from panelpress import handouts
from panelpress.handouts.typeset import typeset
from pdftext import pdf_text
from test_after import load

SENTENCE = "Say this slowly and look at the back row before you go on to the next point."


def _html(root):
    workshop, env, options = load(root)
    return handouts.render_html(workshop, env, options, next(h for h in handouts.HANDOUTS if h.key == "facilitator-guide"))


def _guide(root):
    """The guide's HTML and its PDF's text as printed (pdftotext reads what is on the pages: a
    block running off a page's foot is cut off there)."""
    html = _html(root)
    pdf = root / "guide.pdf"
    pdf.write_bytes(typeset(html, str(root) + "/")[0])
    return html, " ".join(straight(pdf_text(pdf)).split())


def test_a_script_longer_than_a_page_is_printed_whole(workshop_copy):
    source = workshop_copy / "data" / "workshop.yml"
    data = source.read_text(encoding="utf-8")
    # the opening's say: (a block scalar) gets forty paragraphs, well over a page
    long = "".join(f"      Point {n}: {SENTENCE} {SENTENCE}\n\n" for n in range(1, 41))
    data = data.replace("    say: |\n", "    say: |\n" + long, 1)
    source.write_text(data, encoding="utf-8")
    html, text = _guide(workshop_copy)
    pairs = re.findall(r'<div class="(pp-saydo[^"]*)"', html)
    assert "pp-saydo--whole" not in pairs[0] and any("pp-saydo--whole" in p for p in pairs[1:])  # the long pair is a row
    for n in range(1, 41):
        assert f"Point {n}: {SENTENCE}" in text.replace("\u00a0", " "), n


def test_short_pairs_are_set_whole():
    assert all("pp-saydo--whole" in p for p in re.findall(r'<div class="(pp-saydo[^"]*)"', _html(REPO))[:3])
