"""A page of the facilitator guide that starts among a choice question's options names the question
at its head (review26 #13: the flagship's page 6 opened at option C, the question on page 5). The
option rows after a question's first set a running string (handouts.css, `pp-continued`); every
other part and heading clears it, so no other page has a head. Read with pdftotext, page by page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pdftext import pdf_pages

pytestmark = pytest.mark.build

OPTION = re.compile(r"^[A-F]\. ")


def pages(pdf: Path) -> list[list[str]]:
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pdf_pages(pdf, layout=True) if page.strip()]


@pytest.mark.parametrize("kit_name", ["flagship_kit", "second_kit"])
def test_a_page_that_starts_among_a_questions_options_names_the_question(kit_name, request):
    guide = next((request.getfixturevalue(kit_name) / "handouts").glob("*-facilitator-guide.pdf"))
    headed = 0
    for n, lines in enumerate(pages(guide)):
        head = lines[0]
        if "(continued):" in head:
            headed += 1
            assert OPTION.match(lines[1]), (n + 1, lines[:3])  # the page starts with a later option
            stem = head.split("(continued): ", 1)[1].rstrip("…").strip()
            assert stem and stem in " ".join(pages(guide)[n - 1]), (n + 1, head)  # the question before
        else:
            assert not OPTION.match(head), (n + 1, lines[:2])  # no page starts at an option unnamed
    if kit_name == "flagship_kit":
        assert headed >= 1  # its page 6 starts at option C of "Would you refer them?", question 2
