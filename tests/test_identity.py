"""The identity (identity.py) as a reader meets it: one type family, self-hosted, in every PDF,
on the site and in the deck; the palette of mkdocs.yml in the site's and the PDFs' titles; a
deck that opens light (first load ≤ 350 KB), with an icon, a description and no error."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DESKTOP, PHONE, run_panelpress, serve

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
    config.write_text(config.read_text(encoding="utf-8").replace("primary: teal", "primary: purple"), encoding="utf-8")
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
