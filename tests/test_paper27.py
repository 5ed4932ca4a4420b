"""Paper as review 27 found it: a printed wrong pick whose "✓ Best answer" read as its own label, a
paper evaluation with no "tick one" / "tick all that apply", a worksheet asked of three people
printed as a block of lines per question, and thank-you notes listing the questions of a segment
marked cut-if-late as if they were asked. For the flagship and the second workshop."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DESKTOP, PHONE, REPO, SECOND, straight, viewing
from panelpress import handouts
from panelpress.handouts.typeset import typeset
from pdftext import pdf_boxes, pdf_text
from test_after import load
from test_site_print import LABELS

MM = 72 / 25.4


def squeezed(text: str) -> str:
    return " ".join(text.split())




# --- 1. a wrong pick printed: the best answer's mark is in the best option's own frame -----------

# each question's option boxes and the marks in them, as laid out for the current media
_MARKS = """q => [...q.querySelectorAll('.pp-option')].map(o => {
  const label = o.querySelector('label').getBoundingClientRect();
  const style = getComputedStyle(o.querySelector('label'));
  return {best: o.querySelector('input').dataset.correct === 'true', picked: o.querySelector('input').checked,
          frame: style.borderTopStyle + ' ' + parseFloat(style.borderTopWidth),
          box: [label.left, label.top, label.right, label.bottom],
          marks: [...o.querySelectorAll('.pp-mark')].filter(m => m.getClientRects().length)
                   .map(m => { const r = m.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })};
})"""


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5 and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
@pytest.mark.parametrize("which, exercise_id", [("flagship", "would-you-refer-them"), ("second", "fair-range-quiz")])
def test_a_wrong_pick_printed_frames_the_best_option_with_its_mark_inside(which, exercise_id, size, request, browser):
    """Review 27 #1: printed after a wrong pick, "✓ Best answer" was a line under the best option,
    right over the dashed frame of the pick below it, so it read as that pick's label, and the best
    option had no frame. Each mark is now inside its own option's frame, and paper frames the best
    option as the screen frames a best pick; on screen the pick's mark sits in its frame too."""
    site = request.getfixturevalue("served_site" if which == "flagship" else "served_second")
    with viewing(browser, size) as page:
        page.goto(f"{site}exercises/{exercise_id}/")
        page.wait_for_selector(".pp-exercise--live")
        questions = page.locator("fieldset.pp-question").all()
        for question in questions:  # the option right under the best one (above it when it is last)
            radios = question.locator("input[type=radio]").all()
            best = next(n for n, r in enumerate(radios) if r.get_attribute("data-correct") == "true")
            radios[best + 1 if best + 1 < len(radios) else best - 1].check(force=True)
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            for question in questions:
                options = question.evaluate(_MARKS)
                best = next(o for o in options if o["best"])
                picked = next(o for o in options if o["picked"])
                assert len(picked["marks"]) == 1 and _inside(picked["marks"][0], picked["box"]), (media, picked)
                assert all(not o["marks"] for o in options if o is not best and o is not picked), (media, options)
                if media == "screen":
                    assert not best["marks"], best  # the screen lets them try again: no answer given away
                else:
                    assert len(best["marks"]) == 1 and _inside(best["marks"][0], best["box"]), best
                    assert best["frame"].startswith("solid") and float(best["frame"].split()[1]) >= 1.5, best
                    assert picked["frame"].startswith("dashed"), picked


# --- 2. the paper evaluation says how many boxes to tick ------------------------------------------

@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_paper_evaluation_says_tick_one_or_tick_all_that_apply(which, request):
    """Review 27 #2: the web page says "Choose one." / "Choose all that apply." over a choice
    question; the paper form's identical square boxes said nothing, in the kit and on the site."""
    site = request.getfixturevalue("flagship_site" if which == "flagship" else "second_site")
    root = REPO if which == "flagship" else SECOND
    questions = yaml.safe_load((root / "data" / "workshop.yml").read_text(encoding="utf-8"))["evaluation"]["questions"]
    choices = [q for q in questions if q["kind"] == "choice"]
    assert choices
    for pdf in (*site.glob("handouts/*-evaluation.pdf"), *(site.parent / "kit").glob("handouts/*-evaluation.pdf")):
        text = straight(squeezed(pdf_text(pdf)))
        for q in choices:
            how = LABELS["evaluation_tick_any" if q.get("multiple") else "evaluation_tick_one"]
            assert f"{squeezed(straight(q['question']))} {how}" in text, (pdf, q["question"])
        assert LABELS["evaluation_choose_one"] not in text  # the screen's words, not paper's
    assert len(list(site.glob("handouts/*-evaluation.pdf"))) == 1


# --- 3. a worksheet asked of several people: a grid, a row a person ------------------------------

def _grid(pdf: Path, question: str) -> tuple[list[tuple[float, float]], list[tuple[int, float]]]:
    """On the page that asks `question` (the sheet's first): where each question's number ("1.")
    starts (x, y), and the grid's row numbers ("1") at the left, with their y."""
    for page in pdf_boxes(pdf):
        words = [(word.x0, word.y0, word.text) for word in page.words]
        if " ".join(question.split()[:2]) not in " ".join(w for _, _, w in words):
            continue
        numbers = [(x, y) for x, y, w in words if re.fullmatch(r"\d\.", w)]
        first_x = min(x for x, _ in numbers)
        rows = []
        for x, y, w in words:  # 1, 2, 3… down the left of the grid (a next sheet's "WORKSHEET 6" ends them)
            if w == str(len(rows) + 1) and x < first_x and y > numbers[0][1]:
                rows.append((int(w), y))
        return numbers, rows
    raise AssertionError(f"{question} not found in {pdf}")


def _assert_grid(pdf: Path, questions: list[str], rows: int, lines: int) -> None:
    numbers, row_numbers = _grid(pdf, questions[0])
    assert len(numbers) == len(questions), numbers
    xs = [x for x, _ in numbers]
    assert xs == sorted(xs) and len(set(round(x) for x in xs)) == len(questions), numbers  # side by side
    assert [n for n, _ in row_numbers] == list(range(1, rows + 1)), row_numbers
    assert all(y > max(y for _, y in numbers) for _, y in row_numbers)  # the questions head the grid
    gaps = [b[1] - a[1] for a, b in zip(row_numbers, row_numbers[1:])]
    assert min(gaps) >= lines * 8 * MM, gaps  # a row has the writing room of `answer_lines` ruled lines


def test_the_stay_in_touch_plan_prints_a_grid_of_people_by_questions(flagship_site):
    """Review 27 #4 (issue 16 item 7): "Stay-in-touch plan" asks about three people for each of four
    questions, and printed four blocks of lines, each person's answers scattered over them."""
    spec = yaml.safe_load((REPO / "data/exercises/stay-in-touch-plan.yml").read_text(encoding="utf-8"))
    assert spec["rows"] == 3
    pdf = next(flagship_site.glob("handouts/*-workbook.pdf"))
    _assert_grid(pdf, spec["questions"], spec["rows"], spec["answer_lines"])


def test_any_reflection_given_rows_prints_a_grid_and_without_keeps_its_lines(tmp_path):
    """The grid is the data's (`rows`, `row_label`), for any workshop: the second workshop's journal
    given two rows of "Offer" prints a grid headed so; as written, its lines under each question."""
    def workbook(root: Path, name: str) -> Path:
        workshop, env, options = load(root)
        sheet = next(h for h in handouts.HANDOUTS if h.key == "workbook")
        path = tmp_path / name
        path.write_bytes(typeset(handouts.render_html(workshop, env, options, sheet), str(root) + "/")[0])
        return path

    root = tmp_path / "negotiation"
    shutil.copytree(SECOND, root, ignore=shutil.ignore_patterns("site", "kit"))
    journal = root / "data/exercises/offer-journal.yml"
    spec = yaml.safe_load(journal.read_text(encoding="utf-8"))
    as_written = workbook(root, "before.pdf")
    with pytest.raises(AssertionError):  # no grid: the questions one under another
        _assert_grid(as_written, spec["questions"], 2, spec["answer_lines"])
    journal.write_text(journal.read_text(encoding="utf-8") + "rows: 2\nrow_label: Offer\n", encoding="utf-8")
    grid = workbook(root, "grid.pdf")
    _assert_grid(grid, spec["questions"], 2, spec["answer_lines"])
    assert "Offer" in pdf_text(grid)


# --- 4. thank-you notes: what a cut-if-late segment planned is not said to have happened ---------

def test_a_thank_you_note_lists_a_cut_if_late_segments_questions_as_planned(flagship_kit):
    """Review 27 #5: Dana's note said "The panel's questions put to you:" over the two questions of
    "The panel in conversation", the segment marked cut-if-late; and the moderator's note said she
    led it. Both are said to have been planned, if time allowed."""
    workshop, _, _ = load(REPO)
    cut = [slot for slot in workshop.agenda if slot.cut_if_late]
    assert cut and all(slot.questions for slot in cut)
    for ext in ("txt", "md"):
        dana = straight((flagship_kit / f"follow-up/thanks-dana-whitfield.{ext}").read_text(encoding="utf-8"))
        planned = dana.split(straight(LABELS["thanks_questions_if_time"]), 1)
        assert len(planned) == 2, dana
        assert straight(LABELS["thanks_questions"]) not in dana  # she has no question outside that segment
        for question in cut[0].questions:
            assert straight(question.text) in planned[1] and straight(question.text) not in planned[0]
        jose = straight((flagship_kit / f"follow-up/thanks-jose-ramirez.{ext}").read_text(encoding="utf-8"))
        asked, planned = jose.split(straight(LABELS["thanks_questions_if_time"]), 1)
        assert straight(LABELS["thanks_questions"]) not in asked
        moderator = straight((flagship_kit / f"follow-up/thanks-mei-ling-zhou.{ext}").read_text(encoding="utf-8"))
        line = next(row for row in moderator.splitlines() if row.startswith(f"- {straight(cut[0].title)} ("))
        assert line.endswith(LABELS["thanks_if_time"]), line
        # a segment not marked keeps its line as it was
        assert f"- {workshop.agenda[0].title} ({workshop.agenda[0].start}–{workshop.agenda[0].end}): you led it\n" in moderator
