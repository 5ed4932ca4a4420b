"""A screen reader reads each printed card once (handouts/artifacts.py).

The takeaways card is printed two or four times on a sheet, a name twice on a folded tent, a blank
question card six times on a page. What a screen reader (or a "save as text", a reflow) reads is
the PDF's structure tree; what a printer prints, and what pdftotext and search read, is the page.
These tests read both: the tree holds each copy's text once, the page holds every copy, the page
is drawn with the same pixels as without the artifacts, and the tree still matches the content
(every marked sequence has its element, nothing tagged inside an artifact).
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from panelpress.handouts import artifacts, pdfcache, text_layer, typeset
from panelpress.handouts.card import STOCKS
from test_panelkit import kit, norm, panel_file, readable  # noqa: F401  (kit: each workshop's built kit)


# --- reading a tagged PDF ------------------------------------------------------------------------

def _mcid_texts(reader: pypdf.PdfReader) -> dict[tuple[int, int], str]:
    """The text drawn inside each tagged marked-content sequence, by (page, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        open_: list = []

        def before(op, args, cm, tm):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                open_.append(props.get("/MCID") if isinstance(props, DictionaryObject) else None)
            elif op == b"BMC":
                open_.append(None)
            elif op == b"EMC" and open_:
                open_.pop()

        def text(chunk, cm, tm, font, size):
            mcid = next((m for m in reversed(open_) if m is not None), None)
            if mcid is not None:
                texts[(number, int(mcid))] = texts.get((number, int(mcid)), "") + chunk

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def tagged_text(path: Path) -> str:
    """What a screen reader reads: the structure tree in order, each element's content."""
    reader = pypdf.PdfReader(path)
    texts = _mcid_texts(reader)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    parts: list[str] = []

    def walk(node, page):
        node = node.get_object()
        if "/Pg" in node:
            page = pages[node.raw_get("/Pg").idnum]
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, int):
                parts.append(texts.get((page, int(kid)), ""))
            elif isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                walk(kid, page)

    for kid in reader.trailer["/Root"]["/StructTreeRoot"]["/K"]:
        walk(kid, None)
    return norm(" ".join(parts))


def printed_text(path: Path) -> str:
    """What the page shows, as pdftotext reads it (the text layer: search, copy), in the order it
    is drawn (-raw: card after card, where reading by layout merges the lines of cards side by side)."""
    return norm(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout)


_DRAWING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh", b"Do"}


def structure_problems(path: Path) -> list[str]:
    """What a PDF/UA checker would find wrong between the tree and the content: a marked sequence
    whose MCID the ParentTree does not map to an element listing it, an MCID with no content,
    tagged content inside an artifact or an artifact inside tagged content (PDF/UA-1 7.1), and
    drawing that is neither (a form XObject's drawing is checked where it is drawn)."""
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = root["/ParentTree"]["/Nums"]
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    problems = []
    for number, page in enumerate(reader.pages):
        parents = parent_tree[int(page["/StructParents"])].get_object()
        forms = page["/Resources"].get("/XObject", {})
        operations = []
        for operands, op in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
            if op == b"Do" and forms[operands[0]].get("/Subtype") == "/Form":
                operations.extend(pypdf.generic.ContentStream(forms[operands[0]].get_object(), reader).operations)
            else:
                operations.append((operands, op))
        open_, seen = [], []
        for operands, op in operations:
            if op in (b"BDC", b"BMC"):
                props = operands[1] if op == b"BDC" else None
                mcid = props.get("/MCID") if isinstance(props, DictionaryObject) else None
                artifact = operands[0] == "/Artifact"
                if mcid is not None and "artifact" in open_:
                    problems.append(f"page {number + 1}: tagged content (MCID {mcid}) inside an artifact")
                if artifact and any(isinstance(m, int) for m in open_):
                    problems.append(f"page {number + 1}: an artifact inside tagged content")
                if mcid is not None:
                    seen.append(int(mcid))
                open_.append(int(mcid) if mcid is not None else ("artifact" if artifact else None))
            elif op == b"EMC":
                open_.pop()
            elif op in _DRAWING and not open_:
                problems.append(f"page {number + 1}: {op.decode()} neither tagged nor an artifact")
        if sorted(seen) != list(range(len(parents))):
            problems.append(f"page {number + 1}: content MCIDs {sorted(seen)} but {len(parents)} in the ParentTree")
        for mcid, reference in enumerate(parents):
            element = reference.get_object()
            kids = element.get("/K", [])
            kids = kids if isinstance(kids, ArrayObject) else [kids]
            if mcid not in [int(k) for k in kids if isinstance(k, int)]:
                problems.append(f"page {number + 1}: MCID {mcid}'s element does not hold it")
    return sorted(set(problems))


def card_copies(path: Path) -> int:
    """How many cards a sheet holds: A4 portrait sheets hold four A6 cards, letter landscape two."""
    box = pypdf.PdfReader(path).pages[0].mediabox
    return STOCKS["A4" if box.height > box.width else "letter"].per_sheet


# --- the built handouts of both workshops --------------------------------------------------------

@pytest.mark.build  # builds both workshops (the kit fixture)
def test_the_takeaways_card_is_read_once_and_printed_on_every_copy(kit):  # noqa: F811
    folder, workshop = kit
    card = folder / "handouts" / f"{workshop.id}-takeaways.pdf"
    copies = card_copies(card)
    read, printed = tagged_text(card), printed_text(card)
    assert copies in (2, 4)
    for text in (workshop.title, *workshop.takeaways):
        words = norm(text.rstrip(" 🎯"))  # the emoji is a colour bitmap: no text to count
        assert read.count(words) == 1, (words, read)
        assert printed.count(words) == copies, words
    for resource in workshop.resources:  # the back of the card too
        title = norm(resource.title)  # (an address may wrap at a slash, a title at a space)
        assert read.count(title) == 1 and printed.count(title) == copies, title


@pytest.mark.build  # builds both workshops (the kit fixture)
def test_a_name_tent_is_read_once_and_an_audience_card_once(kit):  # noqa: F811
    folder, workshop = kit
    tents = panel_file(folder, workshop, "name-tents")
    read, printed = tagged_text(tents), printed_text(tents)
    for person in workshop.panel:
        shown = norm(person.name) if readable(person.name) else person.pronunciation or person.pronouns
        if shown:
            assert read.count(shown) == 1 and printed.count(shown) == 2, person.id  # both halves printed
    cards = panel_file(folder, workshop, "question-cards")
    read, printed = tagged_text(cards), printed_text(cards)
    themes = [theme for slot in workshop.agenda for theme in slot.themes]
    assert themes
    for theme in themes:
        assert read.count(norm(theme)) == 1 and printed.count(norm(theme)) == 6, theme


@pytest.mark.build  # builds both workshops (the kit fixture)
def test_every_handout_s_tag_tree_matches_its_content(kit):  # noqa: F811
    folder, workshop = kit
    pdfs = sorted((folder / "handouts").glob("*.pdf")) + sorted((folder / "panel").glob("*.pdf"))
    assert len(pdfs) >= 8
    for pdf in pdfs:
        assert structure_problems(pdf) == [], pdf.name


# --- the post-process itself, on a small document ------------------------------------------------

SQUARE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='20'%3E"
          "%3Crect width='20' height='20' fill='%23c33'/%3E%3C/svg%3E")
CARD = (f'<h2>A card</h2><p>Read this <em>once</em>.</p><ol><li>First</li><li>Second</li></ol>'
        f'<img alt="A red square" src="{SQUARE}">')
COPIES = f"""<html lang="en"><head><title>Copies</title></head><body>
<section>{CARD}</section>
<section data-pdf-artifact>{CARD}</section>
<section data-pdf-artifact style="opacity: .6"><div style="transform: rotate(180deg)">{CARD}</div></section>
<section style="opacity: .6"><p>Kept, and translucent.</p></section>
<section style="break-before: page">{CARD}</section>
<section data-pdf-artifact style="position: absolute; top: 120mm">{CARD}</section>
<p>The end.</p>
</body></html>"""


def _as_before(html: str, monkeypatch) -> bytes:
    """The PDF as typeset before the artifacts: WeasyPrint's own tagging, the text-layer finisher."""
    from weasyprint import HTML
    from weasyprint.pdf import tags

    artifacts.install()
    monkeypatch.setattr(tags, "_build_box_tree", tags._build_box_tree.__wrapped__)
    return HTML(string=html).render().write_pdf(pdf_tags=True, finisher=text_layer.typed_quotes)


def _pixels(pdf: Path, folder: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(pdf), str(folder / pdf.stem)], check=True)
    return [Image.open(png).convert("RGB") for png in sorted(folder.glob(f"{pdf.stem}*.png"))]


def test_marked_copies_leave_the_tree_and_print_the_same_pixels(tmp_path, monkeypatch):
    after = tmp_path / "after.pdf"
    after.write_bytes(typeset.typeset(COPIES, None)[0])
    before = tmp_path / "before.pdf"
    before.write_bytes(_as_before(COPIES, monkeypatch))
    pages_before, pages_after = _pixels(before, tmp_path), _pixels(after, tmp_path)
    assert len(pages_after) == len(pages_before) == 2
    for one, other in zip(pages_before, pages_after):
        assert ImageChops.difference(one, other).getbbox() is None  # not one pixel differs
    assert printed_text(after) == printed_text(before)
    assert printed_text(after).count("Read this once.") == 5  # every copy is still on the page
    assert tagged_text(before).count("A card Read this") == 5  # WeasyPrint alone: read five times
    read = tagged_text(after)
    assert read.count("A card Read this") == 2 and read.count("First") == 2  # the two unmarked cards
    assert "Kept, and translucent." in read and read.endswith("The end.")
    assert structure_problems(after) == []
    figures = [str(n.get_object().get("/Alt")) for n in _elements(after) if n.get_object()["/S"] == "/Figure"]
    assert figures == ["A red square", "A red square"]  # the copies' images are no figures of the tree


def _elements(path: Path) -> list:
    found, todo = [], list(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"]["/K"])
    while todo:
        node = todo.pop(0).get_object()
        found.append(node)
        kids = node.get("/K", [])
        todo.extend(k for k in (kids if isinstance(kids, ArrayObject) else [kids])
                    if isinstance(k, IndirectObject) and "/S" in k.get_object())
    return found


def test_a_copy_with_a_link_stays_tagged_and_the_build_says_so(tmp_path, caplog):
    html = ('<html lang="en"><head><title>Links</title></head><body>'
            '<p>See <a href="https://example.org/">the notes</a>.</p>'
            '<p data-pdf-artifact>See <a href="https://example.org/">the notes</a>.</p></body></html>')
    pdf = tmp_path / "links.pdf"
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.panelpress.pdf"):
        pdf.write_bytes(typeset.typeset(html, None)[0])
    assert tagged_text(pdf).count("the notes") == 2  # a link must stay in the tree (PDF/UA-1 7.18.1)
    said = caplog.text  # which document, what is wrong, what to do
    assert "Links: printed copies marked data-pdf-artifact that hold a link or a form field stay tagged" in said
    assert "keep links out of the copies" in said
    assert structure_problems(pdf) == []


def test_a_weasyprint_whose_tagging_differs_is_left_alone_and_said(monkeypatch, caplog):
    from weasyprint.pdf import tags

    monkeypatch.setattr(tags, "_build_box_tree", lambda box, parent, pdf: iter(()))
    monkeypatch.setattr(artifacts.install, "refused", False, raising=False)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.panelpress.pdf"):
        assert artifacts.install() is False and artifacts.install() is False
    assert caplog.text.count("read once per copy") == 1  # once, not once per document


def test_the_pdf_cache_knows_the_artifacts_code():
    """A change to artifacts.py typesets the PDFs again (pdfcache keys on the typesetting code)."""
    pdfcache.environment.cache_clear()
    code = Path(artifacts.__file__).read_bytes()
    assert hashlib.sha256(code).hexdigest() in pdfcache.environment()
