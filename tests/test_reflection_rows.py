"""Review 27b D: the stay-in-touch plan's workbook page is a person × question grid (`rows`), but its
web page kept one box per question, so three people's answers shared a box and the printed answers
did not match the workbook. With `rows` the page asks the questions once a person: a group a person
("Person 1"), each box labelled by its question, stacked on a phone; answers kept and printed like
the other exercises'."""

from __future__ import annotations

import re

from conftest import PHONE, viewing
from test_site_print import sheets_of

SLUG = "stay-in-touch-plan"
QUESTIONS = 4  # data/exercises/stay-in-touch-plan.yml: rows 3, four questions


def test_a_reflection_with_rows_asks_its_questions_once_a_person(flagship_site):
    html = (flagship_site / "exercises" / SLUG / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<fieldset class="pp-person">\s*<legend>(.*?)</legend>(.*?)</fieldset>', html, re.S)
    assert [legend for legend, _ in groups] == ["Person 1", "Person 2", "Person 3"]
    ids = []
    for _, body in groups:
        labels = re.findall(r'<label for="([^"]+)">', body)
        boxes = re.findall(r'<textarea id="([^"]+)" class="pp-text"', body)
        assert labels == boxes and len(boxes) == QUESTIONS  # every box labelled by its question
        ids += boxes
        # each question is about the one person of its group ("Who are three people…?" under
        # "Person 1" read wrong, on the page and in the workbook's grid)
        asked = re.findall(r'<label for="[^"]+">(.*?)</label>', body, re.S)
        assert asked and not any(re.search(r"\b(three|each)\b", q) for q in asked), asked
    assert len(set(ids)) == 3 * QUESTIONS


def test_a_persons_answers_are_kept_and_printed_on_a_phone(served_site, browser):
    answer = "Ms. Alvarez: send her the project write-up"
    with viewing(browser, PHONE) as page:
        page.goto(f"{served_site}exercises/{SLUG}/")
        page.wait_for_selector(".pp-exercise--live")
        second = page.locator("fieldset.pp-person").nth(1)
        box = second.get_by_label(re.compile("What could you offer them"))
        box.fill(answer)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scroll
        legend = second.locator("legend").bounding_box()
        assert legend and legend["width"] <= PHONE["width"]
        page.reload()
        page.wait_for_selector(".pp-exercise--live")
        assert page.locator("fieldset.pp-person").nth(1).locator("textarea").nth(1).input_value() == answer
        assert [page.locator("fieldset.pp-person").nth(n).locator("textarea").nth(1).input_value() for n in (0, 2)] == ["", ""]
        sheets = sheets_of(page.pdf(format="Letter"))
    # printed with its person: on the sheet that names "Person 2" (the name never left at a sheet's
    # foot above a box of another sheet)
    assert [n for n, sheet in enumerate(sheets) if answer in sheet] == [n for n, sheet in enumerate(sheets) if "Person 2" in sheet]
