"""The printed workbook's audit grid heads its 17 mm question columns with the questions' `short`
headers, as the site does, and asks each question in full above the grid (the third workshop's
author, stop 29: a full question there wrapped to six lines a column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SECOND, THIRD
from panelpress.project import Project
from panelpress.validate import load_project
from pdftext import pdf_pages


def _audit(root: Path):
    workshop, _ = load_project(Project(root))
    (audit,) = [e for e in workshop.exercises if e.kind == "audit"]
    return audit


@pytest.mark.parametrize("which", ["interviews (Letter)", "negotiation (A4)"])
def test_the_workbook_heads_the_audit_grid_with_short_headers(which, third_kit, second_kit):
    root, kit = (THIRD, third_kit) if which.startswith("interviews") else (SECOND, second_kit)
    audit = _audit(root)
    assert all(q.short for q in audit.questions)
    (workbook,) = (kit / "handouts").glob("*-workbook.pdf")
    (page,) = [p for p in pdf_pages(workbook) if audit.title in p and "yes / no" in p]
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    # above the grid, where the pen starts: each question in full on its line, after its header
    for question in audit.questions:
        assert f"{question.short} {question.text}" in lines, lines
    # the grid's head after the row label: the short headers (a word or two a line), no more
    head = lines[lines.index(audit.row_label) + 1:lines.index("yes / no")]
    assert " ".join(head).split() == " ".join(q.short for q in audit.questions).split(), head
