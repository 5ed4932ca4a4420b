"""The identity (identity.py) as a reader meets it: one type family, self-hosted, in every PDF,
on the site and in the deck; the palette of mkdocs.yml in the site's and the PDFs' titles; a
deck that opens light (first load ≤ 350 KB), with an icon, a description and no error."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DESKTOP, PHONE, REPO, run_panelpress, serve

pytestmark = pytest.mark.build

DECK_BUDGET = 350_000  # bytes over the wire when the deck is first opened
INDIGO_TEXT = (0x28, 0x35, 0x93)  # the flagship's primary (indigo), its shade for text on white
PURPLE_TEXT = (0x6a, 0x1b, 0x9a)
TEAL_TEXT = (0x00, 0x69, 0x5c)  # the second workshop's own primary


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        emb = next(p for p in parts[2:] if p in ("yes", "no"))  # the first yes/no column is `emb`
        rows.append((parts[0], emb == "yes"))
    return rows


def test_every_pdf_embeds_the_identity_family(flagship_kit, flagship_site, second_kit, second_site):
    pdfs = [*flagship_kit.rglob("*.pdf"), *flagship_site.rglob("*.pdf"), *second_kit.rglob("*.pdf"),
            *second_site.rglob("*.pdf")]
    assert len(pdfs) >= 20  # handouts, panel kit, both workshops
    for pdf in pdfs:
        fonts = pdf_fonts(pdf)
        family = [(name, embedded) for name, embedded in fonts if "Source-Sans-3" in name]
        assert family, f"{pdf.name}: {fonts}"
        assert all(embedded for _, embedded in family), f"{pdf.name}: {family}"


# What the identity's faces are called in a PDF: WeasyPrint names them by the @font-face family;
# Chromium by the font's own PostScript name, which in @fontsource's files is
# "SourceSans3ExtraLight-Bold" and so on (the package instanced its static files from the variable
# font, whose default is ExtraLight, and kept that in the family name): a real Bold, weight 700
IDENTITY_NAMES = ("Source-Sans-3", "SourceSans3ExtraLight-")


def _faces(pdf: Path) -> dict[str, tuple[int | None, str]]:
    """Every font of the PDF by name (subset prefix dropped; a Type 3 font is "Type3 <n>"): the
    weight its embedded program declares (OS/2; None when it has none) and the text drawn with it."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    faces: dict[str, list] = {}

    def weight_of(font) -> int | None:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        program = descendant.get("/FontDescriptor", {}).get("/FontFile2")
        if program is None:
            return None
        ttf = TTFont(io.BytesIO(program.get_object().get_data()))
        return ttf["OS/2"].usWeightClass if "OS/2" in ttf else None

    def name_of(font) -> str:
        if "/BaseFont" in font:
            return str(font["/BaseFont"]).lstrip("/").split("+")[-1]
        return f"Type3 {font.indirect_reference.idnum if font.indirect_reference else id(font)}"

    for page in PdfReader(pdf).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            faces.setdefault(name_of(font), [weight_of(font) if font["/Subtype"] == "/Type0" else None, ""])

        def visit(text, cm, tm, font, size):
            if font is not None and text.strip():
                faces.setdefault(name_of(font), [None, ""])[1] += text

        page.extract_text(visitor_text=visit)
    return {name: (weight, text) for name, (weight, text) in faces.items()}


def identity_characters() -> set[str]:
    """What the identity's files draw (the package's cmaps of the subsets the outputs declare)."""
    from fontTools.ttLib import TTFont

    from panelpress import identity

    folder = identity.find_fonts(None)
    assert folder is not None, "npm ci: the identity's font package is not installed"
    return {chr(code) for name in identity.FONT_FILES for code in TTFont(folder / name).getBestCmap()}


def data_characters(root: Path) -> set[str]:
    """Every character the author typed (data/ and mkdocs.yml): what no template chose."""
    files = [root / "mkdocs.yml", *(root / "data").rglob("*.yml")]
    return set("".join(path.read_text(encoding="utf-8") for path in files))


def unexpected_faces(pdf: Path, covered: set[str], typed: set[str]) -> list[str]:
    """Each face of `pdf` we did not mean: one of the identity's faces that is not weight 400 or
    700 as its name says (a light face; a bold that is not the bold file); any other font that
    draws a character the identity has, or one the author did not type (a mark of our own
    templates, in whatever font the machine has: only the author's other scripts and emoji may
    need the machine's fonts)."""
    problems = []
    for name, (weight, text) in _faces(pdf).items():
        if name.startswith(IDENTITY_NAMES):
            want = 700 if "Bold" in name.split("-", 1)[-1] else 400
            if weight != want:
                problems.append(f"{name}: weight {weight}, not {want}")
        else:
            # NFKC: Chromium maps Arabic glyphs to their presentation forms; a Devanagari conjunct
            # that maps to no character reads as U+0000 (Cc)
            drawn = set(unicodedata.normalize("NFKC", text))
            ours = sorted(c for c in drawn if (c in covered or c not in typed) and unicodedata.category(c) not in ("Zs", "Cc"))
            if ours:
                problems.append(f"{name} draws {''.join(ours)!r} (in {text.strip()[:40]!r})")
    return problems


@pytest.fixture(scope="module")
def decks(printed_deck) -> dict[Path, list[Path]]:
    """The printed deck of each of the three workshops, by the workshop's folder."""
    return {deck.root: deck.pdfs for deck in map(printed_deck, ("flagship", "second", "scaffold"))}


def test_every_face_in_every_pdf_and_deck_is_one_we_mean(flagship_kit, flagship_site, second_kit, second_site,
                                                          scaffold_kit, scaffold_site, decks):
    """Source Sans 3 at 400 and 700 for everything it can draw, in the handouts, the panel kit and
    the printed deck of all three workshops; a machine's font only for the author's other scripts
    and emoji (the negotiation's Arabic, Devanagari and Hangul names, its 🎯). Before: the deck's
    slide numbers in Noto Sans (reveal asks for Helvetica), the guide's ✓ and nested lists' ◦ and
    the question cards' ☐ in DejaVu Sans."""
    covered = identity_characters()
    built = {REPO: (flagship_kit, flagship_site), second_kit.parent: (second_kit, second_site),
             scaffold_kit.parent / "workshop": (scaffold_kit, scaffold_site)}
    problems, count = {}, 0
    for root, folders in built.items():
        typed = data_characters(root)
        for pdf in [*decks[root], *folders[0].rglob("*.pdf"), *folders[1].rglob("*.pdf")]:
            count += 1
            if found := unexpected_faces(pdf, covered, typed):
                problems[pdf.name] = found
    assert count >= 45 and all(len(printed) == 2 for printed in decks.values())  # slides and notes
    assert problems == {}
    # the check reads what it is for: the negotiation's Devanagari name is drawn, by another font
    fonts = _faces(next(pdf for pdf in decks[second_kit.parent] if pdf.name.endswith("-slides.pdf")))
    assert any("\u0905" in text for name, (_, text) in fonts.items() if not name.startswith(IDENTITY_NAMES))


# letters of the package's files beyond Latin: Vietnamese, Greek, Cyrillic, and extended Latin
OTHER_SCRIPTS = {"moderator": "Nguyễn Thị Hương", "panelist": "Αλέξης Παπαδόπουλος", "takeaway": "Спросите Łukasza Dąbrowskiego"}


def test_a_vietnamese_greek_or_cyrillic_name_is_in_the_family_too(tmp_path):
    """The package's Vietnamese, Greek and Cyrillic files are declared when the data has their
    letters: a moderator called Nguyễn is one face in every PDF and in the printed deck (before,
    "ễ" came from DejaVu Sans in the middle of a Source Sans 3 name), and the site ships the files.
    And a PDF draws each letter from its own file: WeasyPrint made one PDF font of a face's Latin
    and extended Latin files, and "Łukasza" printed as other glyphs (its text layer read wrong too)."""
    root = tmp_path / "names"
    run_panelpress("new", str(root), "--title", "Names", check=True)
    data = root / "data" / "workshop.yml"
    text = data.read_text(encoding="utf-8")
    for old, new in (("name: Your Moderator", f"name: {OTHER_SCRIPTS['moderator']}"),
                     ("name: First Panelist", f"name: {OTHER_SCRIPTS['panelist']}"),
                     ("takeaways:\n  - ", f"takeaways:\n  - {OTHER_SCRIPTS['takeaway']}. ")):
        assert old in text, old
        text = text.replace(old, new, 1)
    data.write_text(text, encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    run_panelpress("slides", "--root", str(root), "--pdf", check=True)

    covered, typed = identity_characters(), data_characters(root)
    pdfs = sorted((root / "kit").rglob("*.pdf"))
    assert len(pdfs) >= 10 and {p.name for p in pdfs} >= {"names-slides.pdf", "names-workbook.pdf"}
    problems = {pdf.name: found for pdf in pdfs if (found := unexpected_faces(pdf, covered, typed))}
    assert problems == {}
    for pdf, words in ((root / "kit" / "slides" / "names-slides.pdf", ("moderator", "panelist")),
                       (root / "kit" / "handouts" / "names-takeaways.pdf", ("takeaway",))):
        ours = "".join(text for name, (_, text) in _faces(pdf).items() if name.startswith(IDENTITY_NAMES))
        for word in words:  # every letter of it drawn by the identity (extraction may split words)
            assert set(OTHER_SCRIPTS[word].replace(" ", "")) <= set(ours), (pdf.name, word)
    css = (root / "site" / "assets" / "panelpress" / "identity.css").read_text(encoding="utf-8")
    for subset in ("vietnamese", "greek", "cyrillic"):
        name = f"source-sans-3-{subset}-700-normal.woff2"
        assert name in css and (root / "site" / "assets" / "panelpress" / "fonts" / name).is_file()
    assert "greek-ext" not in css  # only what the data needs


class References(HTMLParser):
    """The addresses a page loads: stylesheets, icons, scripts, images (not the links a reader follows)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.description: str | None = None
        self.icons: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") not in ("canonical", "alternate", "prev", "next"):
            self.loaded.append(a.get("href") or "")
            if a.get("rel") == "icon":
                self.icons.append(a.get("href") or "")
        elif tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.loaded.append(a["src"])
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


def test_site_and_deck_load_nothing_from_another_host(flagship_site, flagship_kit):
    pages = [*flagship_site.rglob("*.html"), flagship_kit / "slides" / "index.html"]
    for page in pages:
        loaded = references(page.read_text(encoding="utf-8")).loaded
        offsite = [url for url in loaded if re.match(r"(https?:)?//", url)]
        assert offsite == [], f"{page}: {offsite}"
    # the kit's pages (the guide, the moderator's script) are opened in a browser too, from disk
    # or served: their fonts are beside them, not at the file:// address WeasyPrint reads
    for page in flagship_kit.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "file://" not in html, page
        fonts = re.findall(r'url\("([^"]+\.woff2)"\)', html)
        assert all((page.parent / font).is_file() for font in fonts), page
    sheets = [*(flagship_site / "assets" / "panelpress").glob("*.css"), *(flagship_kit / "slides").rglob("*.css")]
    assert any(sheet.name == "identity.css" for sheet in sheets)
    for sheet in sheets:
        urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", sheet.read_text(encoding="utf-8"))
        assert [u for u in urls if re.match(r"(https?:)?//", u)] == [], sheet


def open_counting(page, url: str) -> tuple[int, list[str], list[str]]:
    """Open `url`; (bytes of every response, the requests' paths, console errors and failed requests)."""
    finished: list = []
    problems: list[str] = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    page.wait_for_function("window.Reveal ? Reveal.isReady() : document.readyState === 'complete'")
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total, [r.url for r in finished], problems


@pytest.mark.browser
def test_deck_first_load_is_light_and_clean_from_disk_and_over_http(flagship_kit, browser):
    for how in ("file", "http"):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        if how == "file":
            total, urls, problems = open_counting(page, (flagship_kit / "slides" / "index.html").as_uri())
        else:
            with serve(flagship_kit) as base:
                total, urls, problems = open_counting(page, base + "slides/index.html")
        context.close()
        assert problems == [], how
        assert total <= DECK_BUDGET, f"{how}: {total} bytes: {urls}"
        assert not any("notes.js" in u or "theme/white.css" in u and "data:" in u for u in urls)
        assert any(re.search(r"/fonts/source-sans-3-latin-\d+-normal\.woff2$", u) for u in urls), urls
    theme = (flagship_kit / "slides" / "reveal" / "theme" / "white.css").read_text(encoding="utf-8")
    assert "@font-face" not in theme and len(theme) < 10_000  # reveal's rules, none of its inlined fonts


@pytest.mark.browser
def test_speaker_view_still_opens_with_s(flagship_kit, browser):
    """notes.js now comes with the S key: the speaker window still opens, with the notes."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto((flagship_kit / "slides" / "index.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.hasPlugin('notes')") is False
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.wait_for_load_state()
    assert page.evaluate("Reveal.hasPlugin('notes')") is True
    assert "speaker" in speaker.content().lower()
    context.close()


def test_deck_has_an_icon_and_a_description_from_the_data(flagship_kit, second_kit):
    for kit, words in ((flagship_kit, "What a connection can do"), (second_kit, None)):  # the subtitle, as the site
        html = (kit / "slides" / "index.html").read_text(encoding="utf-8")
        refs = references(html)
        assert refs.icons == ["favicon.svg"]
        icon = (kit / "slides" / "favicon.svg").read_text(encoding="utf-8")
        assert icon.startswith("<svg") and "{{" not in icon
        assert refs.description and len(refs.description) > 40 and "<" not in refs.description
        if words:
            assert refs.description.startswith(words)


@pytest.mark.browser
def test_site_page_in_the_identity_with_its_icon_and_no_console_error(served_site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    total, urls, problems = open_counting(page, served_site + "lessons/")
    page.evaluate("document.fonts.ready")
    assert problems == []
    assert any(u.endswith("/assets/panelpress/favicon.svg") for u in urls) or \
        page.locator('link[rel="icon"][href$="favicon.svg"]').count() == 1
    h1 = page.locator("article h1").first
    assert h1.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Source Sans 3"')
    assert h1.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    assert h1.evaluate("e => getComputedStyle(e).color") == "rgb(%d, %d, %d)" % INDIGO_TEXT
    assert page.evaluate("document.fonts.check('700 16px \"Source Sans 3\"')")
    # the title is the largest text on a phone, and not Material's 2em grey light
    assert float(h1.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    context.close()


def pixels_near(png: Path, colour: tuple[int, int, int], tolerance: int = 14) -> int:
    from PIL import Image

    image = Image.open(png).convert("RGB")
    return sum(count for count, pixel in image.getcolors(maxcolors=image.width * image.height)
               if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour)))


@pytest.mark.browser
def test_palette_of_mkdocs_yml_colours_the_site_and_pdf_titles(second_copy, browser, tmp_path):
    """Change the second workshop's primary from teal to purple: the site's title and the
    workbook's title follow; nothing stays teal or turns the default indigo."""
    config = second_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("primary: teal", "primary: purple")
    # the site and its handouts are what this reads: the panel kit's PDFs are not asked for
    assert "primary: purple" in text and "      paper: a4\n" in text
    config.write_text(text.replace("      paper: a4\n", "      paper: a4\n      panelkit: false\n", 1), encoding="utf-8")
    run_panelpress("build", "--root", str(second_copy), check=True)
    site = second_copy / "site"
    css = (site / "assets" / "panelpress" / "identity.css").read_text(encoding="utf-8")
    assert "#6a1b9a" in css and "#00695c" not in css

    with serve(site) as base:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base)
        colour = page.locator("article h1").first.evaluate("e => getComputedStyle(e).color")
        context.close()
    assert colour == "rgb(%d, %d, %d)" % PURPLE_TEXT

    workbook = next((site / "handouts").glob("*workbook*.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(workbook), str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert pixels_near(png, PURPLE_TEXT) > 200  # the title, in purple's text shade
    assert pixels_near(png, TEAL_TEXT) == 0 and pixels_near(png, INDIGO_TEXT) == 0
