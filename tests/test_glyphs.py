"""Every character prints: names in any script and emoji come out of the PDFs as glyphs, not as
empty boxes. `pdftotext` cannot tell (it extracts a boxed character all the same), so these
tests read the fonts embedded in each PDF: which glyph draws each character, whether the font
has that glyph and whether it has ink; and they look at a rendered page for the colour emoji.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import REPO, run_panelpress
from panelpress import glyphs, scaffold
from panelpress.handouts.output import handouts_of, render_html
from panelpress.handouts.typeset import typeset
from panelpress.identity import Identity
from panelpress.load import load_file
from panelpress.options import Options
from panelpress.project import Project
from panelpress.render import make_environment
from panelpress.validate import load_project

SECOND = REPO / "tests" / "fixtures" / "negotiation"
HANDOUTS = ("workbook", "facilitator-guide", "takeaways")


@dataclass
class Glyphs:
    """What the PDF's fonts draw for each character (from each font's ToUnicode map)."""

    inked: set[str] = field(default_factory=set)  # a glyph with an outline
    blank: set[str] = field(default_factory=set)  # a glyph without ink: spaces, bitmap emoji (drawn as images)
    boxed: set[str] = field(default_factory=set)  # .notdef or a glyph the font does not have: an empty box
    notdef: int = 0  # glyphs shown as an empty box, whether or not the PDF says which character they stand for
    fonts: dict[str, set[str]] = field(default_factory=dict)  # font name → characters it draws


def _to_unicode(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: glyph code → text."""
    table: dict[int, str] = {}
    words = data.decode("latin-1").replace("<", " <").replace(">", "> ").replace("[", " [ ").replace("]", " ] ").split()

    def text(hexa: str) -> str:
        raw = bytes.fromhex(hexa.strip("<>"))
        return raw.decode("utf-16-be", errors="replace")

    i = 0
    while i < len(words):
        if words[i] == "beginbfchar":
            i += 1
            while words[i] != "endbfchar":
                table[int(words[i].strip("<>"), 16)] = text(words[i + 1])
                i += 2
        elif words[i] == "beginbfrange":
            i += 1
            while words[i] != "endbfrange":
                low, high = int(words[i].strip("<>"), 16), int(words[i + 1].strip("<>"), 16)
                if words[i + 2] == "[":
                    j = i + 3
                    for code in range(low, high + 1):
                        table[code] = text(words[j])
                        j += 1
                    i = j + 1
                else:
                    first = text(words[i + 2])
                    for offset in range(high - low + 1):
                        table[low + offset] = first[:-1] + chr(ord(first[-1]) + offset)
                    i += 3
        else:
            i += 1
    return table


def _font_program(font: dict) -> TTFont | None:
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    for key in ("/FontFile2", "/FontFile3"):
        if key in descriptor:
            try:
                return TTFont(BytesIO(descriptor[key].get_object().get_data()))
            except Exception:  # a bare CFF program: no glyph check possible
                return None
    return None


def read_glyphs(pdf: Path) -> Glyphs:
    """Every glyph the pages show, font by font, classified by what the font has for it."""
    reader = PdfReader(pdf)
    found = Glyphs()
    shown: dict[int, tuple[dict, set[int]]] = {}  # font object → the codes the pages show with it
    for page in reader.pages:
        _walk(page.get_contents(), page.get("/Resources"), reader, shown)
    for font, codes in shown.values():
        if font.get("/Subtype") == "/Type3":  # Chromium's colour emoji and CFF fonts: a drawing per code
            _read_type3(font, codes, found)
        elif font.get("/Subtype") == "/Type0":
            _read_type0(font, codes, found)
    return found


def _walk(contents, resources, reader: PdfReader, shown: dict) -> None:
    """Collect the codes of every text-showing operator, through form XObjects too."""
    if contents is None or resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font", {})
    fonts = fonts.get_object() if fonts else {}
    xobjects = resources.get("/XObject", {})
    xobjects = xobjects.get_object() if xobjects else {}
    current = None
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"Tf":
            ref = fonts.raw_get(operands[0])
            current = shown.setdefault(getattr(ref, "idnum", id(ref)), (ref.get_object(), set()))
        elif operator in (b"Tj", b"'", b'"', b"TJ") and current is not None:
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            two_bytes = current[0].get("/Subtype") == "/Type0"
            for item in strings:
                if isinstance(item, (str, bytes)):
                    data = item.original_bytes if hasattr(item, "original_bytes") else bytes(item)
                    step = 2 if two_bytes else 1
                    current[1].update(int.from_bytes(data[i:i + step], "big") for i in range(0, len(data), step))
        elif operator == b"Do":
            form = xobjects.get(operands[0])
            if form is not None and form.get_object().get("/Subtype") == "/Form":
                form = form.get_object()
                _walk(form, form.get("/Resources") or resources, reader, shown)


def _read_type0(font: dict, codes: set[int], found: Glyphs) -> None:
    program = _font_program(font)
    order = program.getGlyphOrder() if program else None
    glyph_set = program.getGlyphSet() if program else None
    name = str(font["/BaseFont"]).split("+")[-1]
    texts = _to_unicode(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}
    for gid in codes:  # Identity-H: the code is the glyph id
        chars = {c for c in texts.get(gid, "") if unicodedata.category(c) not in ("Cc", "Cf")}
        found.fonts.setdefault(name, set()).update(chars)
        if gid == 0 or (order is not None and gid >= len(order)):
            found.notdef += 1
            found.boxed |= chars
            continue
        if glyph_set is None:
            found.inked |= chars
            continue
        pen = BoundsPen(glyph_set)
        glyph_set[order[gid]].draw(pen)
        (found.inked if pen.bounds is not None else found.blank).update(chars)


def _read_type3(font: dict, codes: set[int], found: Glyphs) -> None:
    names: dict[int, str] = {}
    code = 0
    for item in font["/Encoding"].get_object().get("/Differences", []):
        if isinstance(item, int):
            code = item
        else:
            names[code] = str(item)
            code += 1
    procs = font["/CharProcs"].get_object()
    texts = _to_unicode(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}
    for code in codes:
        chars = {c for c in texts.get(code, "") if unicodedata.category(c) not in ("Cc", "Cf")}
        found.fonts.setdefault("Type3", set()).update(chars)
        proc = procs.get(names.get(code, ""))
        (found.inked if proc is not None and proc.get_object().get_data().strip() else found.boxed).update(chars)


def colour_pixels(pdf: Path, page: int = 1, palette: tuple[str, ...] = ()) -> int:
    """Pixels of a rendered page that are clearly coloured, other than in the hues of the
    workshop's palette (identity.py: titles and rules; the rest of the handouts is grey)."""
    import colorsys

    out = pdf.parent / f"{pdf.stem}-page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(out)], check=True)
    hues = [colorsys.rgb_to_hsv(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0] for c in palette]

    def ours(pixel: bytes) -> bool:
        hue = colorsys.rgb_to_hsv(*(v / 255 for v in pixel))[0]
        return any(min(abs(hue - h), 1 - abs(hue - h)) < 0.04 for h in hues)

    rgb = Image.open(f"{out}.png").convert("RGB").tobytes()
    return sum(1 for i in range(0, len(rgb), 3)
               if max(rgb[i:i + 3]) - min(rgb[i:i + 3]) > 80 and not ours(rgb[i:i + 3]))


def palette(primary: str, accent: str) -> tuple[str, ...]:
    look = Identity.from_palette(primary, accent)
    return (look.primary, look.primary_text, look.accent)


def _panel_names(data: dict) -> list[str]:
    panel = data["panel"]
    return [panel["moderator"]["name"], *(p["name"] for p in panel["panelists"])]


def _script_of(char: str) -> str:
    return unicodedata.name(char, "?").split()[0]


def _printed(text: str) -> set[str]:
    return {c for c in text if not c.isspace()}


@pytest.fixture(scope="module")
def second_data() -> dict:
    return yaml.safe_load((SECOND / "data" / "workshop.yml").read_text(encoding="utf-8"))


def test_every_character_of_the_panel_prints_in_every_handout(second_kit, second_data):
    names = _panel_names(second_data)
    assert any("\u0900" <= c <= "\u097f" for n in names for c in n), "the fixture lost its Devanagari name"
    assert any("\u0600" <= c <= "\u06ff" for n in names for c in n), "the fixture lost its Arabic name"
    assert any("\uac00" <= c <= "\ud7af" for n in names for c in n), "the fixture lost its Korean name"
    wanted = set().union(*map(_printed, names))
    for key in HANDOUTS:
        found = read_glyphs(second_kit / "handouts" / f"{second_data['id']}-{key}.pdf")
        assert not found.boxed and not found.notdef, f"{key}: printed as empty boxes: {sorted(found.boxed)}"
        if key == "takeaways":
            continue  # the card's byline names the panel in Latin letters (test_the_card_names_the_panel_...)
        missing = wanted - found.inked
        assert not missing, f"{key}: no glyph with ink for {sorted(missing)}"
    fonts = read_glyphs(second_kit / "handouts" / f"{second_data['id']}-workbook.pdf").fonts
    assert any("न" in chars for name, chars in fonts.items() if name.startswith("Noto-Sans-Devanagari")), fonts.keys()


def test_an_emoji_in_a_takeaway_prints_in_colour(second_site, second_data):
    emoji = "🎯"
    assert any(emoji in t for t in second_data["takeaways"]), "the fixture lost its emoji"
    card = second_site / "handouts" / f"{second_data['id']}-takeaways.pdf"
    found = read_glyphs(card)
    assert emoji in found.fonts.get("Noto-Color-Emoji", set()), found.fonts.keys()
    assert emoji not in found.boxed
    assert colour_pixels(card, palette=palette("teal", "amber")) > 40, "the emoji is not drawn in colour on the takeaways card"


def test_a_page_without_emoji_has_no_colour(flagship_site):
    """The colour test above measures the emoji, not something else on the card (the titles
    are in the palette's colours: the identity)."""
    card = next((flagship_site / "handouts").glob("*-takeaways.pdf"))
    assert colour_pixels(card) > 100  # the palette's title and rule are there ...
    assert colour_pixels(card, palette=palette("indigo", "deep orange")) < 5  # ... and nothing else


def test_printed_slides_draw_every_name_and_the_emoji(printed_deck, second_data):
    """Chromium prints the slides with the fonts the deck names (glyphs.FONT_STACK)."""
    found = read_glyphs(next(printed_deck("second").slides.glob("*-slides.pdf")))
    assert not found.boxed and not found.notdef, f"printed as empty boxes: {sorted(found.boxed)}"
    # Chromium maps glyphs back to text loosely (Arabic as presentation forms, a Devanagari
    # conjunct as its first letter): ask for the emoji and a drawn letter of every script
    inked = set("".join(unicodedata.normalize("NFKC", c) for c in found.inked))
    assert "🎯" in inked
    for name in _panel_names(second_data):
        for script in {_script_of(c) for c in name if c.isalpha()}:
            assert any(_script_of(c) == script for c in inked), f"no {script} letter of {name!r} drawn"
    # the identity's Latin font (identity.py), no longer reveal's theme's Source Sans Pro
    assert any("SourceSans3" in name.replace("-", "") for name in found.fonts), found.fonts.keys()


@pytest.fixture(scope="module")
def boxed_pdfs(tmp_path_factory) -> dict[str, Path]:
    """A small workshop whose takeaway has a private-use character no font has, typeset."""
    root = tmp_path_factory.mktemp("boxed") / "ws"
    scaffold.create(root, "Boxes")
    workshop_file = root / "data" / "workshop.yml"
    text = workshop_file.read_text(encoding="utf-8")
    first = "\ntakeaways:\n  - "  # the starter's first takeaway, whatever its words
    assert first in text, "the starter lost its takeaways"
    workshop_file.write_text(text.replace(first, first + "One thing to do \U0010fffd this week 🎯. ", 1),
                             encoding="utf-8")
    project = Project(root)
    workshop, diags = load_project(project)
    assert workshop is not None, diags
    env = make_environment(None, root)
    card = next(h for h in handouts_of(workshop) if h.key == "takeaways")  # the one the tests read
    path = root / "takeaways.pdf"
    path.write_bytes(typeset(render_html(workshop, env, Options.defaults(root), card), str(root) + "/")[0])
    return {"takeaways": path}


def test_the_pdf_check_sees_an_empty_box(boxed_pdfs):
    """The glyph check fails when a character prints as a box, though pdftotext extracts it."""
    card = boxed_pdfs["takeaways"]
    assert "\U0010fffd" in subprocess.run(["pdftotext", str(card), "-"], capture_output=True, text=True).stdout
    found = read_glyphs(card)
    assert "\U0010fffd" in found.boxed and found.notdef == 1
    assert "🎯" not in found.boxed


def test_the_pdf_check_sees_an_empty_box_in_printed_slides(boxed_pdfs):
    """Chromium draws the box without saying which character it stands for: counted all the same."""
    root = boxed_pdfs["takeaways"].parent
    run_panelpress("slides", "--root", str(root), "--pdf", check=True)
    found = read_glyphs(next((root / "kit" / "slides").glob("*-slides.pdf")))
    assert found.notdef >= 1


def test_warning_names_the_file_line_column_and_script(tmp_path, monkeypatch):
    """As on a machine without fonts-noto-core: one warning a value, at the character itself
    (here inside a block scalar), listing what is missing; the same letters again are not repeated."""
    class NoDevanagari:
        def has(self, code: int) -> bool:
            return not 0x0900 <= code <= 0x097F

    monkeypatch.setattr(glyphs.fontcoverage, "installed", NoDevanagari)
    monkeypatch.setattr(glyphs, "_covered", set())
    path = tmp_path / "workshop.yml"
    path.write_text("title: Café\nbio: |\n  Works with\n  अनन्या on data\nrole: अनन्या's team 🎯\n", encoding="utf-8")
    doc, problems = load_file(path, "data/workshop.yml")
    assert doc is not None and not problems
    assert [str(d) for d in glyphs.check_documents([doc])] == [
        "data/workshop.yml:4:3: warning: no installed font has 'अ' (U+0905), 'न' (U+0928), '◌्' (U+094D), "
        "'य' (U+092F) and 1 more: they print as empty boxes in the PDFs (install a font that covers "
        "Devanagari, e.g. apt-get install fonts-noto-core, or fonts-noto-extra for rarer scripts)"]


def test_uncovered_reports_only_what_no_font_has():
    assert glyphs.uncovered(["a", "é", "न", "ل", "김", "王", "🎯", "\U0010fffd"]) == {"\U0010fffd"}


def test_font_stack_names_only_installed_families():
    """A family the stack names but fontconfig does not know would fall through silently."""
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    families = {name.strip() for line in installed.splitlines() for name in line.split(",")}
    assert set(glyphs.FONT_FAMILIES) <= families, set(glyphs.FONT_FAMILIES) - families


def test_sysdeps_asks_for_the_missing_font_packages(tmp_path):
    """With only DejaVu installed, sysdeps.sh names the Noto packages to install (not as root here)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "fc-list").write_text("#!/bin/sh\necho 'DejaVu Sans'\n")
    (bin_dir / "id").write_text("#!/bin/sh\necho 1000\n")
    for cmd in ("node", "npm", "chromium", "pdftoppm"):
        (bin_dir / cmd).write_text("#!/bin/sh\n")
    for path in bin_dir.iterdir():
        path.chmod(0o755)
    result = subprocess.run(["bash", str(REPO / "scripts" / "sysdeps.sh"), "test"], capture_output=True, text=True,
                            env={"PATH": f"{bin_dir}:/usr/bin:/bin"})
    assert result.returncode == 1
    assert "apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji" in result.stderr
    assert shutil.which("fc-list"), "fontconfig is needed for the real check"


def test_the_card_names_the_panel_as_participants_match_them_to_the_bios(second_kit, second_data):
    """The takeaways card's byline gives each panelist's name in Latin letters where the data has
    them (the workbook's panel list gives the own-script form once): a participant keeps the card
    and reads 'Layla Haddad', not a script the room may not read, nor half a name broken over lines."""
    card = second_kit / "handouts" / f"{second_data['id']}-takeaways.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(card), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())
    for name in ("Sofía Castillo-Núñez", "Layla Haddad", "Ananya Sharma", "Kim Min-jun"):
        assert name in text, f"the card's byline lacks {name!r}: {text[:400]!r}"
    for native in ("ليلى", "अनन्या", "김민준"):
        assert native not in text, f"the card's byline prints {native!r}"
