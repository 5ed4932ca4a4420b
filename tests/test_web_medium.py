"""Web pages that fit the web (issue 16, points 4–6): the site says what to do on a screen and
the paper what to do with a pen; no navigation column that lists only the page itself; exercise
kinds by their names; the Handouts page's cards with a cover drawn at build time (and not drawn
again when nothing changed)."""

from __future__ import annotations

import html
import io
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import DESKTOP, PHONE, REPO, SECOND, unwrapped
from panelpress.handouts import thumbnail

PAPER_WORDS = re.compile(r"\b(circle|write|writ|pen|pencil|column|reveal|tick|workbook|hand (it )?in)\w*", re.I)
BLOCKS = re.compile(r"</?(p|li|ul|ol|div|fieldset|legend|label|summary|details|td|th|tr|caption|h\d|dd|dt|blockquote|br)\b[^>]*>", re.I)


def _article(page: Path) -> str:
    """The page's own content as text, one block a line (no scripts, no navigation)."""
    text = page.read_text(encoding="utf-8")
    text = re.search(r"<article.*?</article>", text, re.S).group(0)
    text = re.sub(r"<script.*?</script>", "", text, flags=re.S)
    text = BLOCKS.sub("\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _plain(text: str) -> str:
    """Letters and digits only, lower case, one space between words: Markdown's marks, line
    wraps and quotes do not hide a sentence of the data from the comparison."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _data_text(root: Path) -> str:
    return _plain(" ".join(p.read_text(encoding="utf-8") for p in sorted((root / "data").rglob("*.yml"))))


def _sentences(text: str) -> list[str]:
    return [s.strip() for line in text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]


def _authors(words: list[str], i: int, data: str) -> bool:
    """Whether words[i] is part of a run of three words (or the whole, shorter sentence) that the
    data says: an audit rule mixes the engine's "If … is no:" with the author's "in writing"."""
    n = min(3, len(words))
    return any(" ".join(words[start:start + n]) in data
               for start in range(max(0, i - n + 1), min(i, len(words) - n) + 1))


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_exercise_pages_speak_of_the_screen_not_of_paper(which, flagship_site, second_site):
    """Every sentence on an exercise page that says circle, write, tick, column, reveal or
    workbook is the author's own (their data may speak of paper: their choice); panelpress's
    own words on the page are the screen's ("On this page: choose …")."""
    site, root = (flagship_site, REPO) if which == "flagship" else (second_site, SECOND)
    data = _data_text(root)
    pages = sorted((site / "exercises").glob("*/index.html"))
    assert len(pages) >= 6
    howtos = 0
    for page in pages:
        text = _article(page)
        howtos += "On this page:" in text
        for sentence in _sentences(text):
            words = _plain(sentence).split()
            for i, word in enumerate(words):
                if PAPER_WORDS.fullmatch(word) or PAPER_WORDS.match(word):
                    assert _authors(words, i, data), f"{page.parent.name}: the engine speaks of paper: {sentence!r}"
    assert howtos == len(pages)


def test_the_site_never_shows_the_worksheets_words(flagship_site):
    """The workbook's instructions (worksheet_* labels, the flagship overrides one) are for paper only."""
    from panelpress.options import load
    from panelpress.validate import load_project

    options, _ = load(REPO)
    labels = load_project(options.project)[0].labels
    paper = [labels.text(key) for key in ("worksheet_circle", "worksheet_check_draft", "worksheet_yes_no",
                                          "worksheet_first_step", "worksheet_roleplay_notes")]
    assert paper[0].startswith("Circle one letter for each scenario, and write why")  # the flagship's own wording
    for page in sorted((flagship_site / "exercises").rglob("index.html")):
        text = " ".join(_article(page).split())
        for words in paper:
            assert words not in text, (page, words)


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_paper_still_says_circle_write_and_tick(which, flagship_kit, second_kit):
    kit = flagship_kit if which == "flagship" else second_kit
    workbook = next((kit / "handouts").glob("*-workbook.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(workbook), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    # said once: the author's paper wording over the questions, not repeated under them (review 22)
    circle = "circle one letter" if which == "flagship" else "Circle one option per question"
    assert text.count(circle) == 1, text.count(circle)
    assert "Circle one letter for each scenario" not in text
    assert "tick each point it meets" in text
    assert "yes / no" in text
    assert "On this page" not in text  # the screen's words stay on the screen


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_exercise_kinds_are_shown_by_their_names(which, browser, served_site, served_second):
    """"Multiple choice", "Self-audit", "Role-play" as the catalogue writes them, never "CHOICE"."""
    base = served_site if which == "flagship" else served_second
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(base + "exercises/")
        shown = page.locator(".pp-kind").all_inner_texts()  # innerText: as drawn, text-transform applied
        assert "Multiple choice" in shown and "Self-audit" in shown
        assert not any(kind.isupper() for kind in shown), shown
        names = {"Multiple choice", "Rewrite", "Self-audit", "Checklist", "Reflection", "Role-play"}
        assert set(shown) <= names
        links = page.locator(".md-content a", has_text=re.compile("^Do the exercise$"))
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert len(hrefs) >= 6
        for href in hrefs:
            page.goto(base + "exercises/" + href)
            assert page.locator("article .pp-kind").first.inner_text() in names
    finally:
        page.close()


def test_no_navigation_column_beside_a_page_alone_in_its_section(browser, served_site, served_second):
    """At 1280×800 the home, Handouts, panel, takeaways and the author's About page have no
    column listing only themselves; a section of several pages keeps it; a phone's menu keeps
    the whole navigation."""
    page = browser.new_page(viewport=DESKTOP)
    try:
        for base in (served_site, served_second):
            for path in ("", "print/", "panel/", "takeaways/", "about/"):
                page.goto(base + path)
                assert not page.locator(".md-sidebar--primary").is_visible(), base + path
                box = page.locator("article").bounding_box()
                assert box["x"] < 100, (path, box)  # the text starts at the left, not 250 px in
            page.goto(base + "exercises/")
            assert page.locator(".md-sidebar--primary").is_visible()
        phone = browser.new_page(viewport=PHONE)
        phone.goto(served_site)
        phone.click("label.md-header__button[for=__drawer]")
        assert phone.locator(".md-sidebar--primary").get_by_role("link", name="Exercises").first.is_visible()
        phone.close()
    finally:
        page.close()


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_handouts_page_has_a_card_a_pdf_with_its_cover(which, flagship_site, second_site):
    site, root = (flagship_site, REPO) if which == "flagship" else (second_site, SECOND)
    page = unwrapped((site / "print" / "index.html").read_text(encoding="utf-8"))
    cards = re.findall(r'<section class="pp-handout-card".*?</section>', page, re.S)
    pdfs = sorted((site / "handouts").glob("*.pdf"))
    assert len(cards) == len(pdfs) >= 3
    paper = "A4" if which == "second" else "US Letter"
    for pdf in pdfs:
        card = next(c for c in cards if f'href="../handouts/{pdf.name}"' in c)
        img = re.search(r"<img [^>]*>", card).group(0)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', img))
        assert attrs["loading"] == "lazy" and attrs["alt"].startswith("The first page of the ")
        cover = (site / "print" / attrs["src"]).resolve()
        assert cover.is_file() and cover.parent == (site / "handouts").resolve()
        picture = Image.open(cover)
        assert picture.format in ("WEBP", "PNG")
        assert picture.size == (int(attrs["width"]), int(attrs["height"]))
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        box = reader.pages[0].mediabox
        assert abs(picture.height / picture.width - float(box.height) / float(box.width)) < 0.01
        pages = len(reader.pages)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", card)).split())
        assert f"Pages {pages} page{'s' if pages > 1 else ''}" in text
        assert f"Paper {paper}" in text
        sides = "Double-sided" if pages > 1 else "One-sided"
        # a participant prints their own copy (review 23: how many for the room is the kit's)
        printing = f"Printing {sides}"
        if "takeaways" in pdf.name:  # a sheet of cards (A6 four to an A4 sheet, half-letter two to a letter sheet)
            per_sheet = 4 if paper == "A4" else 2
            printing = f"Printing {sides}; {per_sheet} cards to a sheet: cut yours out along the marks"
        assert printing in text
        assert "per participant" not in text and "participants:" not in text
    # the expected attendance is the organisers' (facilitators only): no count of copies to print
    if which == "second":
        assert "24" not in " ".join(re.sub(r"<[^>]+>", " ", c) for c in cards)


def test_the_handouts_page_on_a_phone_and_a_desktop(browser, served_site):
    """One column of cards on a phone, several side by side at 1280; no card wider than the screen."""
    for width, columns in ((390, 1), (1280, 3)):
        page = browser.new_page(viewport={"width": width, "height": 844})
        try:
            page.goto(served_site + "print/")
            boxes = [page.locator(".pp-handout-card").nth(i).bounding_box()
                     for i in range(page.locator(".pp-handout-card").count())]
            assert len({round(b["x"]) for b in boxes}) == columns, (width, boxes)
            assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
            page.locator(".pp-handout-card img").first.scroll_into_view_if_needed()
            page.wait_for_function("document.querySelector('.pp-handout-card img').naturalWidth > 0")
        finally:
            page.close()


def test_a_cover_is_drawn_once_for_the_same_pdf(tmp_path, flagship_kit):
    """An unchanged PDF (the PDF cache gives the same bytes) is not drawn again; a changed one is."""
    pdf = next((flagship_kit / "handouts").glob("*-takeaways.pdf"))
    data = pdf.read_bytes()
    first = thumbnail.Covers(tmp_path)
    made = first.of(data)
    assert (first.drawn, first.reused) == (1, 0) and made.paper == "letter"
    again = thumbnail.Covers(tmp_path)  # the next build
    assert again.of(data) == made and (again.drawn, again.reused) == (0, 1)
    other = next(pdf.parent.glob("*-workbook.pdf")).read_bytes()
    again.of(other)
    assert again.drawn == 1
