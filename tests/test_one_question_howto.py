"""A choice exercise with one question is not told "for each question" (review 27, #12)."""

from __future__ import annotations

import re


def page_text(site, slug: str) -> str:
    html = (site / "exercises" / slug / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_single_question_is_not_called_each_question(scaffold_site):
    text = page_text(scaffold_site, "next-step")
    assert "On this page: choose one answer, and the page tells you" in text
    assert "choose one, then open" in text  # the no-script hint too
    assert "for each question" not in text


def test_several_questions_keep_each_question(flagship_site):
    text = page_text(flagship_site, "would-you-refer-them")
    assert "choose one answer for each question" in text


def test_a_lone_question_is_not_numbered_on_paper_and_several_are(scaffold_site, flagship_site):
    """The starter's workbook printed its one question as "1." (review 27b, G): a list of one."""
    from pdftext import pdf_text

    starter = re.sub(r"\s+", " ", pdf_text(next((scaffold_site / "handouts").glob("*-workbook.pdf"))))
    assert "A panelist offers to look at your resume." in starter
    assert "1. A panelist offers" not in starter
    assert "Circle one letter." in starter
    flagship = re.sub(r"\s+", " ", pdf_text(next((flagship_site / "handouts").glob("*-workbook.pdf"))))
    assert re.search(r"\b1\. \S", flagship) and re.search(r"\b2\. \S", flagship)
