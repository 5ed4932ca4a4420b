"""The scheduling rule (model.py) as each output shows it, on the flagship and on the second
workshop: a scheduled exercise at its own agenda item's time everywhere, a take-home one with
no clock time, after the workshop, and never inside the deck's timed flow."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, SECOND, straight, unwrapped
from panelpress.project import Project
from panelpress.validate import load_project
from pdftext import pdf_page, pdf_pages
from test_site import published_guide, text_of

pytestmark = pytest.mark.build

CLOCK = re.compile(r"\b\d\d:\d\d\b")
WORKSHOPS = {"flagship": REPO, "second": SECOND}


@pytest.fixture(scope="module", params=list(WORKSHOPS))
def built(request):
    """(the model, the built site) of each workshop."""
    site = request.getfixturevalue("flagship_site" if request.param == "flagship" else "second_site")
    workshop, _ = load_project(Project(WORKSHOPS[request.param]))
    return workshop, site


def pages(pdf: Path) -> list[str]:
    return [straight(" ".join((page.extract_text() or "").split())) for page in PdfReader(pdf).pages]


def sheet_page(workbook: list[str], number: int, title: str) -> str:
    """The workbook page that opens worksheet `number` (its kicker is set in capitals)."""
    found = [p for p in workbook if f"WORKSHEET {number} ·" in p and title in p]
    assert len(found) == 1, f"worksheet {number} ({title}) is on {len(found)} pages"
    return found[0]


def test_the_flagship_keeps_its_schedule_and_its_lesson_only_exercises_become_take_home():
    workshop, _ = load_project(Project(REPO))
    assert [(e.id, e.slot.start) for e in workshop.scheduled_exercises] == [
        ("would-you-refer-them", "18:16"), ("make-it-easy-to-refer-you", "18:25"),
        ("relationship-audit", "18:42"), ("rewrite-the-cold-message", "18:58")]
    assert [e.id for e in workshop.take_home_exercises] == ["stay-in-touch-plan", "answering-a-cold-ask"]
    assert (workshop.start_time, workshop.end_time) == ("18:00", "19:30")


def test_an_exercise_a_lesson_lists_before_its_own_item_shows_its_own_items_time():
    workshop, _ = load_project(Project(SECOND))
    call = next(e for e in workshop.exercises if e.id == "counter-offer-call")
    lesson = next(s for s in workshop.agenda if s.kind == "lesson" and call in s.target.exercises)
    assert lesson.number < call.slot.number and lesson.start != call.slot.start
    assert call.slot.target is call


def test_workbook_worksheets_in_agenda_order_at_their_slots_time_then_after_the_workshop(built):
    workshop, site = built
    pdf = site / "handouts" / f"{workshop.id}-workbook.pdf"
    workbook = pages(pdf)
    sheets = workshop.worksheet_exercises
    for number, exercise in enumerate(sheets, start=1):
        page = sheet_page(workbook, number, exercise.title)
        if exercise.scheduled:
            assert f"{exercise.slot.start}–{exercise.slot.end}" in page, exercise.id
        else:
            assert not CLOCK.search(page), f"a clock time on take-home worksheet {exercise.id}: {page[:200]}"
            assert "TAKE-HOME" in page
    # one numbering: the contents' list markers (pypdf leaves them out) match the worksheets'
    contents = straight(" ".join(pdf_page(pdf, 2).split()))
    # page 2 (with the agenda's clock times) lists the scheduled sheets; the take-home ones are listed
    # where their part begins, numbered on from them
    scheduled = len(workshop.scheduled_exercises)
    assert all(f"{n}. {e.title}" in contents for n, e in enumerate(sheets[:scheduled], start=1)), contents
    whole = straight(" ".join(" ".join(pdf_pages(pdf)).split()))
    part = whole[whole.index("After the workshop Take-home exercises"):]
    assert all(f"{n}. {e.title}" in part for n, e in enumerate(sheets, start=1) if n > scheduled), part[:400]
    order = [workbook.index(sheet_page(workbook, n, e.title)) for n, e in enumerate(sheets, start=1)]
    assert order == sorted(order)
    # the closing and the take-home part follow on from the last sheet (they open a page only when
    # they do not fit on the one before): in that order, the part's heading at latest on its first sheet's page
    takeaways = next(i for i, p in enumerate(workbook) if i > 1 and "Key takeaways" in p
                     and "Key takeaways and resources" not in p)
    after = next(i for i, p in enumerate(workbook) if "After the workshop Take-home exercises" in p)
    assert max(order[:len(workshop.scheduled_exercises)]) <= takeaways <= after
    if workshop.take_home_exercises:
        assert after <= order[len(workshop.scheduled_exercises)]  # the part's heading comes before its sheets


class _Slides(HTMLParser):
    """Each slide's visible text (speaker notes left out) and whether it has a countdown."""

    def __init__(self):
        super().__init__()
        self.slides: list[dict] = []
        self.in_notes = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.slides.append({"text": "", "timer": False})
        elif tag == "aside" and "notes" in (attrs.get("class") or ""):
            self.in_notes += 1
        elif "pp-timer" in (attrs.get("class") or "").split() and self.slides:
            self.slides[-1]["timer"] = True

    def handle_endtag(self, tag):
        if tag == "aside" and self.in_notes:
            self.in_notes -= 1

    def handle_data(self, data):
        if self.slides and not self.in_notes:
            self.slides[-1]["text"] += " " + straight(" ".join(data.split()))


def test_deck_runs_each_scheduled_exercise_once_and_no_take_home_one(built):
    workshop, site = built
    html = unwrapped((site.parent / "kit" / "slides" / "index.html").read_text(encoding="utf-8"))  # the kit beside the site
    parser = _Slides()
    parser.feed(html)
    timers = [s["text"] for s in parser.slides if s["timer"]]
    assert len(timers) == len(workshop.scheduled_exercises)
    for exercise, text in zip(workshop.scheduled_exercises, timers):
        assert exercise.title in text
    for exercise in workshop.take_home_exercises:
        assert not [s for s in parser.slides if exercise.title in s["text"]], exercise.id
        # the closing segment's speaker notes point to it in the workbook, once: on the segment's first
        # slide, as every segment's own notes are (review 24: notes no longer repeat on each slide)
        segment = re.search(r'<section class="pp-closing"[^>]*data-segment="(\d+)"', html).group(1)
        slides = re.findall(rf'<section [^>]*data-segment="{segment}"[^>]*>(.*?)</section>', html, re.S)
        notes = [s[s.index('<aside class="notes">'):s.index("</aside>")] for s in slides if '<aside class="notes">' in s]
        pointing = [n for n in notes if "After the workshop" in n and exercise.title.replace("&", "&amp;") in n]
        assert len(pointing) == 1 and notes.index(pointing[0]) == 0, notes


def test_site_marks_take_home_exercises_and_gives_scheduled_ones_their_time(built):
    workshop, site = built
    index = text_of(site / "exercises" / "index.html")
    for exercise in workshop.exercises:
        page = text_of(site / "exercises" / exercise.id / "index.html")
        entry = index[index.index(f"{exercise.number}. {exercise.title}"):][:400]
        on_lessons = [text_of(site / ref.page.removesuffix(".md") / "index.html") for ref in exercise.lessons]
        kind = workshop.labels.text(f"exercise_{exercise.kind}")  # its name, not its code
        card = f"Exercise {exercise.number}: {exercise.title} {kind} · {exercise.minutes} min · "
        if exercise.scheduled:
            when = f"in the workshop, {exercise.slot.start}–{exercise.slot.end}"
            assert when in page and when in entry
        else:
            when = "take-home: optional, after the workshop"
            assert when in page and not CLOCK.search(page)
            assert "take-home" in entry
        assert all(card + when in lesson for lesson in on_lessons), exercise.id


def test_facilitator_guides_list_take_home_exercises_as_optional(built, published_site):
    workshop, site = built
    if not workshop.take_home_exercises:
        pytest.skip("no take-home exercise")
    guide = " ".join(pages(site.parent / "kit" / "handouts" / f"{workshop.id}-facilitator-guide.pdf"))
    # the page is on a site only with publish_facilitator: the flagship's published build shows it
    online = published_guide(published_site) if workshop.id == "networking-secret-sauce" else guide
    for text in (guide, online):
        optional = text[text.index("Optional: after the workshop"):]
        for exercise in workshop.take_home_exercises:
            assert f"Exercise: {exercise.title}" in optional
            assert f"Exercise: {exercise.title}" not in text[:text.index("Optional: after the workshop")]
        for segment in workshop.segments:
            if segment.take_home:  # the lesson that lists one says it is not done in its minutes
                assert f"Optional, after the workshop (take-home, no time in this {segment.slot.kind}): " \
                       f"{segment.take_home[0].title}" in text
