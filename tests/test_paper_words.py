"""Paper wording a reader of the printed sheets notices (review 23): a choice worksheet's pen
instruction fits any choice exercise and stands with the instructions; the sign-in sheet's consent
heading keeps "(yes / no)" in one piece."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import SECOND
from panelpress import handouts, options as options_module, render, validate
from panelpress.handouts.typeset import typeset
from pdftext import pdf_text


def load(root: Path):
    options, _ = options_module.load(root)
    workshop, diags = validate.load_project(options.project, options.start_time, options.airtime_tolerance)
    assert workshop is not None, diags
    return workshop, render.make_environment(options.templates_dir, options.root, options.use_directory_urls), options


def pdf_lines(pdf: Path) -> list[str]:
    out = pdf_text(pdf, layout=True)
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def test_the_starter_choice_sheet_says_circle_one_letter_under_its_instructions(scaffold_kit):
    """Review 23 #11: "Circle one letter for each scenario." under the single question, at the foot."""
    lines = pdf_lines(next((scaffold_kit / "handouts").glob("*-workbook.pdf")))
    text = " ".join(lines)
    assert "scenario" not in text
    assert text.count("Circle one letter.") == 1 and "for each question" not in text  # one question: singular
    at = next(i for i, line in enumerate(lines) if line == "Circle one letter.")
    question = next(i for i, line in enumerate(lines) if "A panelist offers to look at your resume" in line)
    title = max(i for i, line in enumerate(lines[:at]) if line.startswith("Your next step"))
    assert title < at < question  # under the heading and its instructions, before the question


def test_a_choice_sheet_of_several_questions_says_each_question(tmp_path):
    """The negotiation's choice sheet without its paper wording: the plural, before question 1."""
    root = tmp_path / "negotiation"
    shutil.copytree(SECOND, root, ignore=shutil.ignore_patterns("site", "kit"))
    workshop, env, options = load(root)
    choice = [e for e in workshop.exercises if e.kind == "choice" and len(e.questions) > 1]
    assert choice
    for path in (root / "data" / "exercises").glob("*.yml"):
        path.write_text(re.sub(r"(?ms)^paper_instructions:.*?(?=^\S)", "", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    workshop, env, options = load(root)
    html = handouts.render_html(workshop, env, options, next(h for h in handouts.HANDOUTS if h.key == "workbook"))
    for exercise in choice:
        sheet = html.split(f'id="sheet-{exercise.id}"')[1].split("</section>")[0]
        hint = sheet.index("Circle one letter for each question.")
        assert hint < sheet.index('class="pp-question"'), exercise.id
        assert sheet.count("Circle one letter") == 1


def test_the_sign_in_consent_heading_keeps_yes_no_together(tmp_path):
    """Review 23: "May we record you? (yes / no)" wrapped leaving "no)" alone."""
    workshop, env, options = load(SECOND)  # photographed: a consent column
    for field, heading in (("photographed", "May we photograph you?"), ("recorded", "May we record you?"),
                           ("both", "May we photograph and record you?")):
        import dataclasses

        spec = workshop.spec.model_copy(update={"recorded": field in ("recorded", "both"),
                                                "photographed": field in ("photographed", "both")})
        shown = dataclasses.replace(workshop, spec=spec)
        sheet = next(h for h in handouts.HANDOUTS if h.key == "sign-in")
        data, _, _ = typeset(handouts.render_html(shown, env, options, sheet), str(SECOND) + "/")
        pdf = tmp_path / f"{field}.pdf"
        pdf.write_bytes(data)
        lines = pdf_lines(pdf)
        assert any(line.endswith("(yes / no)") for line in lines), (field, lines[:12])
        assert not any(line.endswith("no)") and "(yes" not in line for line in lines), field
        assert heading in " ".join(lines), field
