"""The printed workbook's audit grid heads its 17 mm question columns with the questions' `short`
headers, as the site does, and asks each question in full above the grid (the third workshop's
author, stop 29: a full question there wrapped to six lines a column)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, NARROW, PHONE, SECOND, THIRD
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


_READ = """(els, table) => els.filter(e => !e.closest('.pp-rules') && e.checkVisibility())
    .map(e => { const r = e.getBoundingClientRect();
                return {top: r.top, right: r.right, width: r.width, above: r.bottom <= table.getBoundingClientRect().top}; })"""


@pytest.mark.parametrize("script", [True, False], ids=["with the script", "without it"])
@pytest.mark.parametrize("viewport", [PHONE, NARROW, DESKTOP], ids=["390", "320", "1280"])
def test_the_site_audit_shows_each_question_in_full_above_its_short_header_grid(viewport, script, served_third, browser):
    """The site's grid and cards name each column by its `short` header; the full question is said
    in text a participant sees, above the grid, as the workbook does (stop 29: it was in a tooltip
    and in the script's data only, so "Do you share something with them (a school, a club, a
    person)?" was never read on a desktop, nor on a phone without the script)."""
    audit = _audit(THIRD)
    context = browser.new_context(viewport=viewport, java_script_enabled=script)
    try:
        page = context.new_page()
        page.goto(f"{served_third}exercises/{audit.id}/")
        if script:
            expect(page.locator("table.pp-audit--live")).to_be_visible()  # the script has taken over
        table = page.locator("table.pp-audit").element_handle()
        for question in audit.questions:
            shown = page.locator(".pp-exercise").get_by_text(question.text).evaluate_all(_READ, table)
            assert shown, f"{question.text!r} is nowhere to read outside the rules"
            assert all(s["width"] > 0 and s["right"] <= viewport["width"] for s in shown), shown
            assert any(s["above"] for s in shown), shown  # read before the grid is filled in
            expect(page.locator("ul.pp-audit-key li").filter(has_text=question.text)).to_contain_text(question.short)
        # the grid still heads its columns with the short headers, and nothing scrolls sideways
        if viewport is DESKTOP:
            expect(page.locator("table.pp-audit thead th.pp-audit__q")).to_have_text([q.short for q in audit.questions])
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()


def test_a_phone_card_names_its_answers_by_the_short_headers(served_third, browser):
    """The questions are said in full once, above the cards; each card names its answers as the
    columns do (as the cards without the script did), and a screen reader still hears the full
    question for each answer."""
    audit = _audit(THIRD)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{served_third}exercises/{audit.id}/")
        card = page.locator("table.pp-audit--live tbody tr").first
        expect(card).to_be_visible()
        labels = card.locator("td:has(.pp-yesno)").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)")
        assert labels == [f'"{q.short}"' for q in audit.questions], labels
        for question in audit.questions:
            expect(card.get_by_role("radiogroup", name=question.text, exact=False)).to_have_count(1)
    finally:
        context.close()
