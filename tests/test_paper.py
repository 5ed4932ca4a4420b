"""The participants' paper, measured as a person holding it would judge it (issue 16, points 7 and
8): the workbook's type size, its writing room, the agenda on page 2, no page left mostly empty;
the takeaways card as real cards on a sheet with cut marks, a QR code with white around it, and a
long list of takeaways that still fits. Both workshops: the flagship on letter paper, the second
(negotiation) on A4."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, SECOND, straight
from pdftext import Word, page_words, pdf_page, pdf_pages
from panelpress.handouts import card
from panelpress.handouts.output import handouts_of, render_html
from panelpress.handouts.typeset import typeset
from panelpress.options import load
from panelpress.render import make_environment
from panelpress.validate import load_project

pytestmark = pytest.mark.build  # typesets PDFs (about 3 s a workshop)

MM = 72 / 25.4  # points in a millimetre
WORKSHOPS = {"flagship": REPO, "negotiation": SECOND}


@dataclass(frozen=True)
class Printed:
    workshop: object
    options: object
    workbook: Path | None
    takeaways: Path
    evaluation: Path | None


def typeset_paper(root: Path, out: Path, wanted: tuple[str, ...] = ("workbook", "takeaways", "evaluation")) -> Printed:
    """The `wanted` handouts of the workshop in `root`, typeset as `build` does."""
    options, _ = load(root)
    workshop, diags = load_project(options.project, options.start_time)
    assert workshop is not None, diags
    env = make_environment(options.templates_dir, root, options.use_directory_urls)
    paths = {}
    for handout in handouts_of(workshop):
        if handout.key in wanted:
            data, _, _ = typeset(render_html(workshop, env, options, handout), str(root) + "/")
            paths[handout.key] = out / f"{handout.key}.pdf"
            paths[handout.key].write_bytes(data)
    return Printed(workshop, options, paths.get("workbook"), paths["takeaways"], paths.get("evaluation"))


def built_paper(root: Path, kit: Path) -> Printed:
    """The same three of the workshop in `root`, as its build typeset them into `kit`."""
    options, _ = load(root)
    workshop, diags = load_project(options.project, options.start_time)
    assert workshop is not None, diags
    folder = kit / "handouts"
    evaluation = folder / f"{workshop.id}-evaluation.pdf"
    return Printed(workshop, options, folder / f"{workshop.id}-workbook.pdf", folder / f"{workshop.id}-takeaways.pdf",
                   evaluation if evaluation.is_file() else None)


@pytest.fixture(scope="module", params=sorted(WORKSHOPS))
def printed(request) -> Printed:
    """The session's build of each workshop (tests/conftest.py)."""
    kit = request.getfixturevalue("flagship_kit" if request.param == "flagship" else "second_kit")
    return built_paper(WORKSHOPS[request.param], kit)


def font_sizes(path: Path, pages: slice = slice(None)) -> Counter:
    """Characters printed at each type size (pt), as pypdf reads the text operators."""
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
        sizes[round(size * scale, 1)] += len(text.strip())

    for page in PdfReader(path).pages[pages]:
        page.extract_text(visitor_text=visit)
    return sizes


def raster(path: Path, page: int, dpi: int) -> Image.Image:
    """One page as a greyscale image."""
    png = subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    import io

    return Image.open(io.BytesIO(png)).convert("L")


def page_text(path: Path, page: int) -> str:
    """A page's text, quotes straight (the data as typed; every output sets them typographically)."""
    return straight(" ".join(pdf_page(path, page, layout=True).split()))


def page_texts(path: Path) -> list[str]:
    """Every page's text as `page_text` gives it, in one run."""
    return [straight(" ".join(text.split())) for text in pdf_pages(path, layout=True)]


# --- the workbook ----------------------------------------------------------------------------

def test_workbook_body_type_is_10_5_to_11_pt(printed):
    sizes = font_sizes(printed.workbook)
    body, _ = sizes.most_common(1)[0]  # the size most of the text is set in
    assert 10.5 <= body <= 11, sizes.most_common(5)
    # and that is most of what a participant reads, not one paragraph
    assert sum(n for size, n in sizes.items() if size >= 10) > 0.6 * sum(sizes.values()), sizes.most_common(8)


def test_page_two_is_the_agenda(printed):
    text = page_text(printed.workbook, 2)
    for slot in printed.workshop.agenda:
        assert f"{slot.start}–{slot.end}" in text, slot.title
        assert " ".join(slot.title.split()) in text
    assert "Agenda" in text
    # and the worksheets done in the room are found from there
    assert all(e.title in text for e in printed.workshop.scheduled_exercises)


def test_the_audit_is_a_grid_of_people_by_questions(printed):
    """A column per question, at least five rows: the cells to circle 'yes / no' in line up."""
    audit = next(e for e in printed.workshop.worksheet_exercises if e.kind == "audit")
    page = next(n for n, text in enumerate(page_texts(printed.workbook), start=1)
                if audit.questions[0].text.split()[0] in text and audit.row_label in text and "yes" in text)
    found = page_words(printed.workbook, page)
    cells = [w for w, slash, no in zip(found, found[1:], found[2:]) if (w.text, slash.text, no.text) == ("yes", "/", "no")]
    columns = sorted({round(w.x0) for w in cells})
    rows = sorted({round(w.y0) for w in cells})
    assert len(columns) == len(audit.questions), columns
    assert len(rows) >= 5 and len(rows) == audit.rows, rows
    assert len(cells) == len(columns) * len(rows)
    # each row tall enough to write a name in by hand (about 1 cm)
    assert min(b - a for a, b in zip(rows, rows[1:])) > 9 * MM


def test_a_roleplay_has_room_for_each_round(printed):
    text = " ".join(page_texts(printed.workbook))
    assert "Round 1" in text and "Round 2" in text


def test_a_choice_that_asks_why_has_a_line_under_each_question(printed):
    """`why_lines` rules lines under each scenario for the reason (the flagship's asks for one);
    a choice without it gets none: the circled letter is the answer."""
    text = " ".join(page_texts(printed.workbook))
    why = printed.workshop.labels.worksheet_why
    asking = [e for e in printed.workshop.worksheet_exercises if e.kind == "choice" and e.why_lines]
    assert text.count(why) == sum(len(e.questions) for e in asking)
    for exercise in asking:
        sheet = text[text.index(exercise.title):]
        for question in exercise.questions:  # its line comes after its options, before the next question
            last = straight(question.options[-1].text)
            after = sheet[sheet.index(last) + len(last):]
            assert after.lstrip().startswith(why), question.question
    if printed.workshop.id == "networking-secret-sauce":
        assert asking, "the flagship's scenarios ask for a reason"


def filled(image: Image.Image, top: float, bottom: float) -> float:
    """How far down the page's text area the ink goes (0: empty, 1: to the bottom margin), the
    running footer left out."""
    height = image.height
    first, last = int(top * height), int(bottom * height)
    inked = [y for y in range(first, last) if min(image.crop((0, y, image.width, y + 1)).get_flattened_data()) < 160]
    return 0.0 if not inked else (inked[-1] - first) / (last - first)


def test_no_page_of_the_workbook_is_left_mostly_empty(printed):
    """Short worksheets share a page; only the last page may be short."""
    pages = len(PdfReader(printed.workbook).pages)
    height_mm = float(PdfReader(printed.workbook).pages[0].mediabox.height) / MM
    top, bottom = 16 / height_mm, 1 - 18 / height_mm  # the @page margins: the footer is below
    fills = [filled(raster(printed.workbook, n, 30), top, bottom) for n in range(1, pages + 1)]
    # a short worksheet alone on its page (the next one too long to share it) reaches a third of
    # it: the negotiation's "What's a fair range?" 34 % since every worksheet starts at the top
    # margin (review 25 #20 moved the first one 12 mm up; it was 35 % when it started lower)
    assert all(f >= 0.33 for f in fills[:-1]), [round(f, 2) for f in fills]
    # fewer pages than one a worksheet plus cover, contents and closing (the old layout)
    assert pages < len(printed.workshop.worksheet_exercises) + 4, pages


# --- the takeaways card ----------------------------------------------------------------------

def sheet_and_stock(printed) -> tuple[tuple[float, float], card.Stock]:
    box = PdfReader(printed.takeaways).pages[0].mediabox
    return (float(box.width) / MM, float(box.height) / MM), card.STOCKS[printed.options.page_size]


def test_the_card_is_a_real_card_imposed_on_a_sheet(printed):
    (width, height), stock = sheet_and_stock(printed)
    reader = PdfReader(printed.takeaways)
    if printed.options.page_size == "A4":
        assert (round(width), round(height)) == (210, 297)  # an A4 sheet
        assert stock.card_mm == (105, 148.5) and stock.per_sheet == 4  # of four A6 cards
    else:
        assert (round(width, 1), round(height, 1)) == (279.4, 215.9)  # a letter sheet, landscape
        assert stock.card_mm == (139.7, 215.9) and stock.per_sheet == 2  # of two half-letter cards
    assert all(p.mediabox == reader.pages[0].mediabox for p in reader.pages)
    # every card on the sheet has the title, at the same place in its own cell
    first = printed.workshop.title.split()[0]
    titles = sorted((round(w.x0 / MM), round(w.y0 / MM)) for w in page_words(printed.takeaways, 1) if w.text == first)
    assert len(titles) == stock.per_sheet, titles
    xs, ys = sorted({x for x, _ in titles}), sorted({y for _, y in titles})
    assert len(xs) == stock.columns and len(ys) == stock.rows
    assert all(abs(b - a - stock.card_mm[0]) <= 1 for a, b in zip(xs, xs[1:]))
    assert all(abs(b - a - stock.card_mm[1]) <= 1 for a, b in zip(ys, ys[1:]))


def test_the_sheet_has_cut_marks_on_the_cut_lines(printed):
    """A short dark line on each cut line at the sheet's edges (where a cutter's guide is set),
    inside what a desktop printer prints, and white on either side of it."""
    (width, height), stock = sheet_and_stock(printed)
    dpi = 150
    image = raster(printed.takeaways, 1, dpi)
    px = dpi / 25.4

    def dark(x_mm: float, y_mm: float) -> bool:
        return image.getpixel((min(round(x_mm * px), image.width - 1), min(round(y_mm * px), image.height - 1))) < 128

    cuts = stock.cuts()
    assert cuts
    for axis, at in cuts:
        for edge in (7, (height if axis == "x" else width) - 7):  # 7 mm in from the edge
            on = [dark(at + d, edge) if axis == "x" else dark(edge, at + d) for d in (-0.2, 0, 0.2)]
            beside = [dark(at + d, edge) if axis == "x" else dark(edge, at + d) for d in (-3, 3)]
            assert any(on) and not any(beside), (axis, at, edge, on, beside)


def test_the_qr_code_has_a_white_quiet_zone(printed):
    """Sampled at 150 dpi: a band four modules wide around each code is white."""
    import segno

    _, stock = sheet_and_stock(printed)
    reader = PdfReader(printed.takeaways)
    back = len(reader.pages)  # the closing face holds the codes
    labels = printed.workshop.labels
    caption = labels.text("slide_site_qr").split()
    found = page_words(printed.takeaways, back)
    starts = [i for i in range(len(found)) if [w.text for w in found[i:i + len(caption)]] == caption]
    assert starts, "no caption under the site's QR code"
    dpi = 150
    image = raster(printed.takeaways, back, dpi)
    scale = dpi / 72
    for start in starts[:1]:
        words_of = found[start:start + len(caption)]
        centre = (min(w.x0 for w in words_of) + max(w.x1 for w in words_of)) / 2
        top = min(w.y0 for w in words_of)
        side = stock.qr_mm * MM
        box = (centre - side / 2, top - side - 1.5 * MM, centre + side / 2, top - 1 * MM)  # the code's figure
        region = image.crop(tuple(int(v * scale) for v in box))
        ink = [(x, y) for y in range(region.height) for x in range(region.width) if region.getpixel((x, y)) < 128]
        assert ink, "no QR code above its caption"
        x0, y0 = min(x for x, _ in ink), min(y for _, y in ink)
        x1, y1 = max(x for x, _ in ink), max(y for _, y in ink)
        modules = segno.make(printed.options.site_url, error="m").symbol_size(border=0)[0]
        module = (x1 - x0 + 1) / modules  # pixels a module
        assert module >= 2, "the code is too small to sample"
        band = int(4 * module)
        left, top_px = int(box[0] * scale) + x0, int(box[1] * scale) + y0  # the symbol's corner on the page
        right, lower = int(box[0] * scale) + x1, int(box[1] * scale) + y1
        edge = 2  # pixels of anti-aliasing next to the symbol's edge
        dark = [(x, y) for y in range(top_px - band, lower + band + 1) for x in range(left - band, right + band + 1)
                if not (left - edge <= x <= right + edge and top_px - edge <= y <= lower + edge)
                and image.getpixel((x, y)) < 200]
        assert not dark, f"{len(dark)} dark pixels in the QR code's quiet zone, e.g. {dark[:5]}"


def test_a_card_has_no_page_footer(printed):
    text = " ".join(page_texts(printed.takeaways))
    assert "Page 1 of" not in text and "Page 2 of" not in text
    for takeaway in printed.workshop.takeaways:
        assert " ".join(takeaway.replace('"', "").split()[:4]) in text.replace('"', "").replace("“", "").replace("”", "")


LONG = [f"Takeaway number {n}: {'a long sentence about what to do next and why it matters, ' * 3}said plainly."
        for n in range(1, 15)]


@pytest.fixture(scope="module")
def long_card(tmp_path_factory) -> Printed:
    """The second workshop (A4) with fourteen long takeaways."""
    root = tmp_path_factory.mktemp("long") / "negotiation"
    shutil.copytree(SECOND, root, ignore=shutil.ignore_patterns("site", "kit"))
    path = root / "data" / "workshop.yml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"^takeaways:\n(?:  - .*\n(?:    .*\n)*)+", text, re.M)
    assert block, "the fixture's takeaways moved"
    text = text.replace(block[0], "takeaways:\n" + "".join(f"  - \"{t}\"\n" for t in LONG))
    path.write_text(text, encoding="utf-8")
    return typeset_paper(root, root.parent, ("takeaways",))


def test_a_long_list_of_takeaways_continues_on_more_faces_and_stays_inside_its_card(long_card):
    stock = card.STOCKS[long_card.options.page_size]
    reader = PdfReader(long_card.takeaways)
    assert len(reader.pages) > 2, "fourteen long takeaways on one face?"
    everything = " ".join(page_texts(long_card.takeaways))
    for n in range(1, 15):
        assert f"Takeaway number {n}:" in everything
    assert "Key takeaways, continued" in everything
    # not shrunk below the smallest size the card allows
    sizes = font_sizes(long_card.takeaways)
    assert max(sizes, key=sizes.get) >= min(stock.sizes_pt)
    # no word leaves its card's text area (it would be cut off, or print on the next card)
    slack = 1.5
    for page in range(1, len(reader.pages) + 1):
        for word in page_words(long_card.takeaways, page):
            col, row = int(word.x0 / MM // stock.card_mm[0]), int(word.y0 / MM // stock.card_mm[1])
            left, top = col * stock.card_mm[0] + stock.padding_mm, row * stock.card_mm[1] + stock.padding_mm
            right, bottom = left + stock.inner_mm[0], top + stock.inner_mm[1]
            assert left - slack <= word.x0 / MM and word.x1 / MM <= right + slack, (page, word)
            assert top - slack <= word.y0 / MM and word.y1 / MM <= bottom + slack, (page, word)


# --- review 22: paper that is filled, and each thing on the page it belongs to ---------------

def card_cell_words(path: Path, page: int, stock: card.Stock) -> list[Word]:
    """The words of the first card on the sheet (top left), each card being a copy of it."""
    return [w for w in page_words(path, page) if w.x1 / MM <= stock.card_mm[0] and w.y1 / MM <= stock.card_mm[1]]


def test_the_card_is_filled_front_and_back(printed):
    """Review 22, item 9: a third of each face was blank (the list ended at 60 % of the card). The
    front's list now reaches the foot of the card's text area, in type no smaller than before, and
    the back's next step has its 'by when' line above the codes and the reading, which end low."""
    _, stock = sheet_and_stock(printed)
    top, inner = stock.padding_mm, stock.inner_mm[1]
    pages = len(PdfReader(printed.takeaways).pages)
    assert pages == 2
    front = card_cell_words(printed.takeaways, 1, stock)
    reach = (max(w.y1 for w in front) / MM - top) / inner
    assert reach >= 0.85, f"the front's text ends at {reach:.0%} of the card"
    sizes = font_sizes(printed.takeaways, slice(0, 1))
    assert max(sizes, key=sizes.get) >= {"A6": 13, "half-letter": 15}[stock.name], sizes.most_common(3)
    back = card_cell_words(printed.takeaways, 2, stock)
    text = " ".join(w.text for w in back)
    assert "My next step" in text and "By when:" in text
    assert text.index("My next step") < text.index("By when:") < text.index(printed.workshop.labels.text("slide_site_qr"))
    reach = (max(w.y1 for w in back) / MM - top) / inner
    assert reach >= 0.85, f"the back's text ends at {reach:.0%} of the card"


def test_a_new_workshops_card_is_filled_as_a_real_ones(tmp_path):
    """`panelpress new`'s card had two one-line takeaways: at the largest type they filled the front
    to 60 % of the card (review 22 further, item 5). The starter has four of a real length now, and
    the front reads as a real workshop's does."""
    from conftest import run_panelpress

    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    printed = typeset_paper(root, tmp_path, ("takeaways",))
    _, stock = sheet_and_stock(printed)
    assert 4 <= len(printed.workshop.takeaways) <= 5
    assert len(PdfReader(printed.takeaways).pages) == 2  # the whole list on the front
    front = card_cell_words(printed.takeaways, 1, stock)
    reach = (max(w.y1 for w in front) / MM - stock.padding_mm) / stock.inner_mm[1]
    assert reach >= 0.8, f"the front's text ends at {reach:.0%} of the card"


def test_the_card_grows_a_short_list_within_bounds():
    """Fewer words, larger type, up to the stock's largest size and no further."""
    for stock in card.STOCKS.values():
        short = card.layout(stock, ("Ask.",), "Title", "meta")
        long = card.layout(stock, tuple(f"Takeaway {n}: something to remember, said in a sentence or two, with the "
                                        "reason why it matters and what to do about it next week." for n in range(6)),
                           "Title", "meta")
        assert short.size_pt == stock.sizes_pt[0] <= 20
        assert stock.sizes_pt[-1] <= long.size_pt < short.size_pt
        assert short.next_step_lines >= stock.next_step_lines


def test_the_evaluation_form_fills_its_page_with_room_to_write(printed):
    """Review 22: a third of the form was blank while "What should we change?" had two lines."""
    if printed.evaluation is None:
        pytest.skip("this workshop has no evaluation")
    assert len(PdfReader(printed.evaluation).pages) == 1
    height_mm = float(PdfReader(printed.evaluation).pages[0].mediabox.height) / MM
    image = raster(printed.evaluation, 1, 100)
    first, last = int(16 / height_mm * image.height), int((1 - 18 / height_mm) * image.height)
    ruled = [y for y in range(first, last) if min(image.crop((0, y, image.width, y + 1)).get_flattened_data()) < 220]
    fill = (ruled[-1] - first) / (last - first)  # the last thing drawn: a writing line's rule, at 100 dpi
    assert fill >= 0.9, f"the form ends at {fill:.0%} of the page"


def test_the_audit_verdict_column_holds_the_longest_verdict(printed):
    """Review 22, item 17: "Ask for a conversation, not a referral" was to be written in an inch."""
    audit = next(e for e in printed.workshop.worksheet_exercises if e.kind == "audit")
    verdict = printed.workshop.labels.worksheet_verdict
    reader = PdfReader(printed.workbook)
    page = next(n for n, text in enumerate(page_texts(printed.workbook), start=1)
                if audit.row_label in text and "yes / no" in text)
    found = page_words(printed.workbook, page)
    head = next(w for w in found if w.text == verdict)
    right = float(reader.pages[page - 1].mediabox.width) - 17 * MM  # the text area's right edge
    width_mm = (right - head.x0) / MM + 1.6  # the cell's padding before the word
    longest = max(len(rule.verdict) for rule in audit.audit_rules)
    assert width_mm >= min(1.5 * longest, 60), (round(width_mm), longest)


def test_each_worksheet_starts_and_ends_on_one_page(printed):
    """Review 22: the second workshop's rewrite had its rubric on the next page, and its journal
    its first question on one page and the other two on the next."""
    texts = page_texts(printed.workbook)
    for exercise in printed.workshop.worksheet_exercises:
        url_tail = f"/{exercise.id}/"
        pages = [n for n, text in enumerate(texts) if url_tail in text.replace(" ", "")]
        heads = [n for n, text in enumerate(texts) if straight(exercise.title) in text and n not in (1,)]
        assert pages and heads, exercise.id
        assert pages[-1] in heads, (exercise.id, heads, pages)  # its last line is on its title's page
