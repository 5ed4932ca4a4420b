"""The printed evaluation form's writing room (issue 18, item 3: the form laid out as one column
instead of columns in columns, a third of its typesetting): the written answers asked at the end
share the room the page has left, each ruled with at least its `lines`; an answer asked at the
start has its own `lines`; a form too long for a page goes on with each question beside its lines.
Each form is typeset from a copy of a fixture with its own questions, and read as a person with a
pen reads it: the ruled lines under each question, counted on the page image."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image
from pypdf import PdfReader

from conftest import REPO, copy_workshop
from pdftext import page_words
from panelpress.handouts.output import handouts_of, render_html
from panelpress.handouts.typeset import typeset
from panelpress.options import load
from panelpress.render import make_environment
from panelpress.validate import load_project

MM = 72 / 25.4  # points in a millimetre
DPI = 100


def rating(n: int, when: str = "after") -> dict:
    return {"id": f"rating-{n}", "kind": "rating", "when": when, "question": f"How useful was part {n} for you?"}


def text(n: int, lines: int, when: str = "after") -> dict:
    return {"id": f"text-{n}", "kind": "text", "when": when, "lines": lines,
            "question": f"Written question {n}: what will you do next?"}


def choice(n: int, options: int) -> dict:
    return {"id": f"choice-{n}", "kind": "choice", "question": f"Which part {n} did you like?",
            "options": [f"Option {k} of part {n}" for k in range(1, options + 1)]}


def evaluation_pdf(fixture: str, questions: list[dict], tmp_path: Path) -> Path:
    """The paper evaluation of a copy of tests/fixtures/`fixture` asking `questions`."""
    root = copy_workshop(REPO / "tests" / "fixtures" / fixture, tmp_path / fixture)
    path = root / "data" / "workshop.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["evaluation"]["questions"] = questions
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    options, _ = load(root)
    workshop, diags = load_project(options.project, options.start_time)
    assert workshop is not None, diags
    env = make_environment(options.templates_dir, root, options.use_directory_urls)
    handout = next(h for h in handouts_of(workshop) if h.key == "evaluation")
    pdf = tmp_path / "evaluation.pdf"
    pdf.write_bytes(typeset(render_html(workshop, env, options, handout), str(root) + "/")[0])
    return pdf


def rules(pdf: Path, page: int) -> list[float]:
    """Where a writing line's rule is drawn on the page (mm from the top): a row inked all across
    the answers' width (from 30 mm in to 25 mm before the right edge), one a rule."""
    png = subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    import io

    image = Image.open(io.BytesIO(png)).convert("L")
    px, left, right = image.load(), round(30 / 25.4 * DPI), image.width - round(25 / 25.4 * DPI)
    found, previous = [], False
    for y in range(image.height):
        inked = all(px[x, y] < 230 for x in range(left, right, 4))
        if inked and not previous:
            found.append(y / DPI * 25.4)
        previous = inked
    return found


@dataclass(frozen=True)
class Answer:
    page: int
    question: str
    lines: int  # rules between the question and what is printed next


def answers(pdf: Path, questions: list[dict]) -> list[Answer]:
    """Each written question's ruled lines, as printed (once per part it is asked in)."""
    found = []
    for page in range(1, len(PdfReader(pdf).pages) + 1):
        words = page_words(pdf, page)
        ruled = rules(pdf, page)
        for q in (q for q in questions if q["kind"] == "text"):
            head = q["question"].split()[:3]
            for n in range(len(words) - 2):
                if [w.text for w in words[n:n + 3]] == head:
                    line = words[n].y1
                    below = [w.y0 for w in words if w.y0 > line + 1 and w.text not in q["question"].split()]
                    until = min(below) / MM if below else float("inf")
                    found.append(Answer(page, q["question"], sum(line / MM < y < until for y in ruled)))
    return found


def test_one_written_answer_at_the_end_takes_the_room_left(tmp_path):
    """A4: the one written question under a long choice rules the page down to its foot."""
    questions = [rating(1, "both"), choice(1, 7), text(1, 3)]
    pdf = evaluation_pdf("negotiation", questions, tmp_path)
    assert len(PdfReader(pdf).pages) == 1
    (answer,) = answers(pdf, questions)
    height = float(PdfReader(pdf).pages[0].mediabox.height) / MM
    assert answer.lines >= 3 + 10, answer
    assert rules(pdf, 1)[-1] >= height - 18 - 10, "the last line is not at the page's foot"


def test_three_written_answers_at_the_end_share_the_room_left(tmp_path):
    """Letter: three written questions (1, 2 and 1 lines asked), a choice between the first two;
    each gets its lines and an equal share of the rest of the page, and the last reaches the foot."""
    questions = [rating(1, "both"), text(1, 1), choice(1, 4), text(2, 2), text(3, 1)]
    pdf = evaluation_pdf("interviews", questions, tmp_path)
    assert len(PdfReader(pdf).pages) == 1
    found = answers(pdf, questions)
    assert [a.question for a in found] == [q["question"] for q in questions if q["kind"] == "text"]
    extra = [a.lines - q["lines"] for a, q in zip(found, (q for q in questions if q["kind"] == "text"))]
    assert min(extra) >= 3, found
    assert max(extra) - min(extra) <= 1, found  # shared alike, to a line
    height = float(PdfReader(pdf).pages[0].mediabox.height) / MM
    assert rules(pdf, 1)[-1] >= height - 18 - 12, "the last line is not near the page's foot"
    for option in questions[2]["options"]:
        assert option in " ".join(w.text for w in page_words(pdf, 1))


def test_a_written_answer_asked_at_the_start_has_its_own_lines(tmp_path):
    """Asked at the start and at the end: at the start the author's two lines (it showed fourteen,
    and pushed the end's questions to a second page), at the end its share of the room."""
    questions = [rating(1, "both"), text(1, 2, "both"), text(2, 4)]
    pdf = evaluation_pdf("negotiation", questions, tmp_path)
    assert len(PdfReader(pdf).pages) == 1
    start, end, last = answers(pdf, questions)
    assert start.lines == 2, start
    assert end.lines > 2 and last.lines > 4, (end, last)


def test_a_form_too_long_for_a_page_goes_on_with_each_question_beside_its_lines(tmp_path):
    """Six written questions of three lines each do not fit one page with the rest: the form goes
    on to a second page, every question with at least its three lines on its own page."""
    questions = [rating(1, "both"), rating(2), *(text(n, 3) for n in range(1, 7))]
    pdf = evaluation_pdf("interviews", questions, tmp_path)
    assert len(PdfReader(pdf).pages) == 2
    found = answers(pdf, questions)
    assert sorted(a.question for a in found) == sorted(q["question"] for q in questions if q["kind"] == "text")
    assert all(a.lines >= 3 for a in found), found
