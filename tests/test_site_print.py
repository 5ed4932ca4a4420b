"""A site page printed from the browser (Chromium, Letter) takes the pages its text needs. A lesson
took 5 where 4 hold it, the last with only "Discussion" and its question, the home page 5 with
"After the workshop" alone: blocks kept whole that are half a page (story cards) or taller than one
(the agenda) jumped to the next page and left the rest of theirs blank (print.css, "Whole pages")."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from panelpress.typography import smarten
from conftest import PHONE, REPO, SECOND

pytestmark = pytest.mark.browser


def words(text: str, count: int = 8) -> str:
    """The first words of a data field, as a page shows them (whitespace folded)."""
    return " ".join(text.split()[:count])

# Letter at CSS pixels, less Material's 25 mm print margins on each side: the box text is laid out in
LETTER = {"width": 816, "height": 1056}
MARGIN = 25 / 25.4 * 96
CONTENT = {"width": round(LETTER["width"] - 2 * MARGIN), "height": LETTER["height"] - 2 * MARGIN}


def printed(browser, url: str) -> tuple[list[str], float]:
    """The page printed to PDF (each page's text), and its article's height laid out for print in
    the width a Letter page gives it."""
    context = browser.new_context(viewport=LETTER)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        pages = sheets_of(page.pdf(format="Letter"))
        page.set_viewport_size({"width": CONTENT["width"], "height": round(CONTENT["height"])})
        page.emulate_media(media="print")
        height = page.evaluate("document.querySelector('article.md-content__inner').getBoundingClientRect().height")
        return pages, height
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "lessons/networking-is-making-friends/", "lessons/relationships-run-both-ways/",
                                  "lessons/referral-puts-a-name-on-the-line/"])
def test_a_printed_page_takes_the_pages_its_text_needs(served_site, browser, path):
    pages, height = printed(browser, served_site + path)
    # a lesson's page may end early to keep a story card whole (review 26, print.css: a card began at
    # a page's foot with its title and half its byline); test_site_print26 holds the flagship's
    # lessons to the sheets they took before (4, 4, 3)
    most = math.ceil(height / CONTENT["height"]) + (1 if path else 0)
    assert len(pages) <= most, (len(pages), height)
    # the last page is not one section's heading and line left over: it goes on from the one before
    last_heading = {"": "After the workshop"}.get(path, "Discussion")
    assert last_heading in pages[-1]
    assert len(pages[-1].split(last_heading, 1)[0]) > 40, pages[-1]


def test_the_second_workshops_lessons_print_on_the_pages_they_need(served_second, browser):
    for path in ("", "lessons/asking-well/", "lessons/know-your-number/", "print/", "panel/"):
        pages, height = printed(browser, served_second + path)
        # print/: 856 px of cards and their last bottom margin printed a blank second sheet; a lesson
        # may end a page early to keep its story card whole ("Asking well": 3 sheets, its card was
        # cut after the byline's first line on 2; review 26)
        most = math.ceil(height / CONTENT["height"]) + (1 if path.startswith("lessons/") else 0)
        assert len(pages) <= most, (path, len(pages), height)
        if path == "":
            # its last section ("After the workshop", two lines) takes the one before it along
            assert len(pages[-1].split("After the workshop", 1)[0]) > 40, pages[-1]


def test_a_story_prints_on_one_sheet_with_where_it_is_told(flagship_site, served_site, browser):
    """A story page 69 px longer than a Letter page printed "Where this story is told" (two links)
    alone on a second sheet (review 24). The print type is 11.7 pt now, not the screen's 12.75 pt
    (print.css), and a page's last section never starts a page on its own."""
    stories = sorted(folder.name for folder in (flagship_site / "stories").iterdir() if folder.is_dir())
    assert len(stories) >= 4
    for story in stories:
        pages, height = printed(browser, f"{served_site}stories/{story}/")
        # before: two-years-of-coffee 936 px and family-connection-internship 901 px, 2 pages each
        assert len(pages) == math.ceil(height / CONTENT["height"]) == 1, (story, len(pages), height)
        assert "Where this story is told" in pages[0], story


# --- review 25: forms printed to fill in by pen, the agenda's head, pages that ran a few lines over ---

LABELS = yaml.safe_load((REPO / "src/panelpress/labels/en.yml").read_text(encoding="utf-8"))
# the exercise's page sets its own paper (panelpress.css, `@page pp-exercise`: 14 mm by 16 mm margins)
EXERCISE_CONTENT = {"width": round(LETTER["width"] - 2 * 16 / 25.4 * 96), "height": LETTER["height"] - 2 * 14 / 25.4 * 96}
TYPED = ("I would write to Ms. Alvarez, who supervised my internship last summer, because I admire how she "
         "runs projects, and ask how she moved into project management.")


def sheets_of(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def boxes_on_paper(pdf: bytes) -> list[int]:
    """The answer boxes each printed sheet shows, as a person sees them: a box's top and bottom
    border (#888, 1 px) are rows of that grey across more than half the sheet; two make a box.
    (Drawn with the print dialog's defaults: no "Background graphics".)"""
    import pypdfium2
    from PIL import Image

    counts = []
    for sheet in pypdfium2.PdfDocument(pdf):
        grey = sheet.render(scale=4).to_pil().convert("L").point(lambda v: 255 if 126 <= v <= 146 else 0)
        rows = grey.resize((1, grey.height), Image.BOX).tobytes()
        edges = sum(1 for y, v in enumerate(rows) if v > 127 and (y == 0 or rows[y - 1] <= 127))
        counts.append(edges // 2)
    return counts


def printed_answers(page) -> list[dict]:
    """Each written answer's box as laid out for print: the box itself, or the copy the exercises'
    script drew for paper in its place."""
    page.emulate_media(media="print")
    try:
        return page.evaluate("""() => [...document.querySelectorAll('textarea.pp-text')].map(box => {
            const copied = box.classList.contains('pp-text--copied');
            const shown = copied ? box.nextElementSibling : box;
            const style = getComputedStyle(shown);
            return {rows: box.rows, copied, box: getComputedStyle(box).display, display: style.display,
                    height: shown.getBoundingClientRect().height, line: parseFloat(style.lineHeight),
                    ruled: style.backgroundImage.includes('linear-gradient'), exact: style.printColorAdjust === 'exact'};
        })""")
    finally:
        page.emulate_media(media="null")  # (page.pdf prints with print media; "screen" would stay)


def assert_room_to_write(answers: list[dict], least: int) -> None:
    assert answers
    for answer in answers:
        assert answer["display"] != "none", answer
        assert answer["box"] == "none" if answer["copied"] else answer["box"] != "none", answer  # one of the two
        assert answer["ruled"] and answer["exact"], answer  # lines that print without "Background graphics"
        assert answer["height"] >= least * answer["line"], answer


@pytest.mark.parametrize("js", [True, False], ids=["script", "no-script"])
def test_the_printed_feedback_page_has_room_to_write_and_no_screen_words(served_site, served_second, browser, js):
    """Review 25 #5a: printed, "What should we change next time?" had no box or line under it (the
    answer boxes were hidden on paper), and "Send your answers / Your answers are kept in this
    browser only…" printed. Now each written answer is a ruled box at least three lines tall (as
    tall as its `lines` where more) and the sending part stays on the screen."""
    for site, data in ((served_site, REPO / "data"), (served_second, SECOND / "data")):
        spec = yaml.safe_load((data / "workshop.yml").read_text(encoding="utf-8"))["evaluation"]
        written = [q for q in spec["questions"] if q.get("kind", "text") == "text"]
        context = browser.new_context(viewport=LETTER, java_script_enabled=js)
        try:
            page = context.new_page()
            page.goto(site + "evaluation/")
            page.wait_for_load_state("load")
            answers = printed_answers(page)
            assert len(answers) >= len(written) >= 1
            assert_room_to_write(answers, 3)
            assert all(a["height"] >= a["rows"] * a["line"] for a in answers), answers
            pdf = page.pdf(format="Letter")  # (the print dialog's default: no background graphics)
            text = " ".join(sheets_of(pdf))
            assert LABELS["evaluation_send_heading"] not in text
            assert words(LABELS["evaluation_saved_note"]) not in text
            assert sum(boxes_on_paper(pdf)) == len(answers), boxes_on_paper(pdf)
            for question in written:
                assert words(smarten(question["question"])) in text
        finally:
            context.close()


def exercise_pages(site_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in (site_dir / "exercises").glob("*/index.html")
                  if 'class="pp-text"' in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("js", [True, False], ids=["script", "no-script"])
def test_an_exercise_printed_blank_keeps_a_ruled_box_for_each_answer(flagship_site, served_site, second_site,
                                                                      served_second, browser, js):
    """Review 25 #5b: printed with JavaScript off (as the page's no-script hint invites: print it and
    fill it in by hand), every answer box vanished and each closed "Model answer" / "Answers and
    feedback" printed as an empty bar. Now each question keeps a ruled box, as tall as with the
    script (six lines, four under a reflection's questions: test_site_print26 holds the two alike),
    and the folded answers stay off the paper, on the pages the text needs."""
    seen = 0
    for site_dir, site in ((flagship_site, served_site), (second_site, served_second)):
        for exercise_id in exercise_pages(site_dir):
            context = browser.new_context(viewport=LETTER, java_script_enabled=js)
            try:
                page = context.new_page()
                page.goto(f"{site}exercises/{exercise_id}/")
                page.wait_for_load_state("load")
                answers = printed_answers(page)
                reflection = page.locator(".pp-exercise--reflection").count() > 0
                assert_room_to_write(answers, 4 if reflection else 6)
                pdf = page.pdf(format="Letter")
                sheets = sheets_of(pdf)
                text = " ".join(sheets)
                assert sum(boxes_on_paper(pdf)) == len(answers), (exercise_id, boxes_on_paper(pdf))
                assert LABELS["model_answer"] not in text and LABELS["choice_answers"] not in text, exercise_id
                page.set_viewport_size({"width": EXERCISE_CONTENT["width"], "height": round(EXERCISE_CONTENT["height"])})
                page.emulate_media(media="print")
                height = page.evaluate("document.querySelector('article.md-content__inner').getBoundingClientRect().height")
                assert len(sheets) <= math.ceil(height / EXERCISE_CONTENT["height"]), (exercise_id, len(sheets), height)
                seen += 1
            finally:
                context.close()
    assert seen >= 6


def test_a_choice_printed_without_the_script_is_one_sheet_of_questions(served_site, browser):
    """Its three closed "Answers and feedback" bars printed empty, the last on a second sheet."""
    context = browser.new_context(viewport=LETTER, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{served_site}exercises/would-you-refer-them/")
        sheets = sheets_of(page.pdf(format="Letter"))
        assert len(sheets) == 1, sheets
        assert LABELS["choice_answers"] not in sheets[0]
    finally:
        context.close()


def test_print_my_answers_with_the_model_answer_open_wastes_no_sheet(served_second, browser):
    """Review 25 #14: the counter-offer call, both rounds written and the model answer opened,
    printed a second sheet with nothing on it but the model answer's bottom margin; the model
    answer (kept whole) is on the sheet its title is on, everywhere."""
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for exercise_id, most in (("counter-offer-call", 1), ("rewrite-the-acceptance", 2)):
            page.goto(f"{served_second}exercises/{exercise_id}/")
            root = page.locator(f'.pp-exercise[data-exercise="{exercise_id}"]')
            expect(root.locator(".pp-tools")).to_be_visible()
            for box in root.locator("textarea.pp-text").all():
                box.fill(TYPED)
            root.locator(".pp-model-answer > summary").click()
            last = yaml.safe_load((SECOND / "data/exercises" / f"{exercise_id}.yml").read_text(encoding="utf-8"))[
                "model_answer"].strip().splitlines()[-1]
            for paper in ("Letter", "A4"):
                sheets = sheets_of(page.pdf(format=paper))
                assert len(sheets) <= most, (exercise_id, paper, len(sheets))
                assert all(sheet.strip() for sheet in sheets), (exercise_id, paper)
                holding = [n for n, sheet in enumerate(sheets) if LABELS["model_answer"] in sheet]
                assert len(holding) == 1 and words(smarten(last).replace("*", ""), 3) in sheets[holding[0]], (
                    exercise_id, paper, sheets)
    finally:
        context.close()


AT_THE_FOOT = """([heading, target, fraction, pageHeight]) => {
    // everything before `heading` out of the page, and a spacer that puts `target` `fraction` of
    // its height above the first page's foot (measured in print media, at the printed width)
    const article = document.querySelector('article.md-content__inner');
    const h = [...article.querySelectorAll('h2')].find(e => e.textContent.trim().startsWith(heading));
    let e = h;
    while (e.parentElement !== article) e = e.parentElement;
    for (const before of [...article.children]) { if (before === e) break; before.style.display = 'none'; }
    const spacer = document.createElement('div');
    article.insertBefore(spacer, article.firstChild);
    const box = document.querySelector(target).getBoundingClientRect();
    const top = box.top - article.getBoundingClientRect().top;
    spacer.style.height = Math.max(0, pageHeight - top - fraction * box.height) + 'px';
}"""


def printed_with_spacer(browser, url: str, heading: str, target: str, fraction: float) -> list[str]:
    context = browser.new_context(viewport={"width": CONTENT["width"], "height": round(CONTENT["height"])})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        page.emulate_media(media="print")
        page.evaluate(AT_THE_FOOT, [heading, target, fraction, CONTENT["height"]])
        return sheets_of(page.pdf(format="Letter"))
    finally:
        context.close()


def test_the_agendas_heading_caption_and_head_stay_with_its_first_rows(served_site, served_second, browser):
    """Review 25 #4: the second workshop's printed home left the agenda's heading, caption and table
    head alone at the foot of page 2, its rows on page 3. Put where only those fit, they move on
    with the rows."""
    for site in (served_site, served_second):
        sheets = printed_with_spacer(browser, site, LABELS["agenda"], "table.pp-agenda tbody tr", 0.5)
        head = LABELS["agenda_led_by"]
        start = next(n for n, sheet in enumerate(sheets) if head in sheet)  # where the table starts
        assert LABELS["agenda"] in sheets[start].split(head, 1)[0]  # its heading and caption with it
        assert re.search(r"\d\d:\d\d", sheets[start].split(head, 1)[1]), sheets[start][-300:]  # and its rows


def test_a_home_lesson_card_prints_whole(served_second, browser):
    """Review 25 #4: the lesson cards split across pages 3 and 4 (titles on one, text on the other)."""
    sheets = printed_with_spacer(browser, served_second, LABELS["home_lessons"], ".pp-cards > .pp-card", 0.5)
    for lesson_file in sorted((SECOND / "data/lessons").glob("*.yml")):
        lesson = yaml.safe_load(lesson_file.read_text(encoding="utf-8"))
        title = [n for n, sheet in enumerate(sheets) if smarten(lesson["title"]).split(":")[0] in sheet]
        summary = [n for n, sheet in enumerate(sheets) if words(smarten(lesson["summary"]).replace("*", ""), 4) in sheet]
        assert title and title[-1] in summary, (lesson["title"], title, summary)


def test_the_printed_agenda_keeps_each_name_on_one_line(served_site, served_second, browser):
    """Review 25 #8: "Mei-Ling / Zhou", "Sofía Castillo- / Núñez": every row two lines tall."""
    for site in (served_site, served_second):
        context = browser.new_context(viewport={"width": CONTENT["width"], "height": round(CONTENT["height"])})
        try:
            page = context.new_page()
            page.goto(site)
            page.emulate_media(media="print")
            lines = page.evaluate("""() => [...document.querySelectorAll('table.pp-agenda tbody td:nth-child(4)')]
                .filter(td => td.textContent.trim()).map(td => {
                    const range = document.createRange(); range.selectNodeContents(td);
                    return [td.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
                })""")
            assert len(lines) >= 8
            assert all(n == 1 for _, n in lines), [line for line in lines if line[1] != 1]
        finally:
            context.close()


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_meet_the_panel_and_takeaways_print_on_one_sheet(served_site, served_second, browser, paper):
    """Review 25 #6: "Meet the panel" printed two sheets, the second holding the end of one bio;
    "Takeaways & resources" two, the second one resource."""
    for site in (served_site, served_second):
        for path in ("panel/", "takeaways/"):
            context = browser.new_context(viewport=LETTER)
            try:
                page = context.new_page()
                page.goto(site + path)
                page.wait_for_load_state("load")
                assert len(sheets_of(page.pdf(format=paper))) == 1, (site, path, paper)
            finally:
                context.close()


def test_the_last_panelist_never_prints_alone(served_site, browser):
    """Where a panel does run onto a second sheet, its last person takes the one before along."""
    context = browser.new_context(viewport={"width": CONTENT["width"], "height": round(CONTENT["height"])})
    try:
        page = context.new_page()
        page.goto(served_site + "panel/")
        page.emulate_media(media="print")
        names = page.evaluate("""pageHeight => {
            const members = [...document.querySelectorAll('.pp-meet > .pp-member')];
            const last = members[members.length - 1].getBoundingClientRect();
            const spacer = document.createElement('div');
            document.querySelector('.pp-meet').before(spacer);
            spacer.style.height = Math.max(0, pageHeight - last.top - last.height / 2) + 'px';
            return members.map(m => m.querySelector('.pp-member__name').firstChild.textContent.trim());
        }""", CONTENT["height"])
        sheets = sheets_of(page.pdf(format="Letter"))
    finally:
        context.close()
    assert len(sheets) == 2
    assert names[-1] in sheets[1] and names[-2] in sheets[1], sheets[1][:200]


def page_html(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url) as response:
        return response.read().decode("utf-8")


def test_the_home_page_prints_on_full_sheets_its_agenda_flowing_between_rows(served_site, served_second, browser):
    """Review 25's leftover (left26): the flagship's home printed 4 Letter pages, page 2 a quarter
    empty, because the agenda moved whole to page 3. It breaks between rows now (the head repeated,
    never one row alone on a sheet), and the home takes 3 sheets; the second workshop's stays at 3,
    its downloads list whole with its heading (its last item printed alone atop page 2)."""
    row = re.compile(r"\d\d:\d\d–\d\d:\d\d")
    for site in (served_site, served_second):
        sheets, _ = printed(browser, site)
        assert len(sheets) == 3, [s[:80] for s in sheets]
        head = LABELS["agenda_led_by"]
        # the rows under the table's head on each sheet (the head repeated where the table goes on)
        rows = [len(row.findall(sheet.split(head, 1)[1])) if head in sheet else 0 for sheet in sheets]
        holding = [n for n, count in enumerate(rows) if count]
        assert len(holding) == 2, rows  # the table goes on from one sheet to the next
        assert sum(rows) == len(re.findall(r"<tr>", page_html(site))) - 1, rows  # every row, once
        assert min(rows[n] for n in holding) >= 2, rows  # never a row alone
        downloads = [n for n, sheet in enumerate(sheets) if LABELS["home_take_it"] in sheet]
        evaluation = [n for n, sheet in enumerate(sheets) if LABELS["handout_evaluation"] in sheet]
        assert downloads == evaluation, (downloads, evaluation)
