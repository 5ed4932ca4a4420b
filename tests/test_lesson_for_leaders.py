"""Review 25 #6: a lesson's own text reaches the people who lead it, in every workshop.

The site gives participants a lesson's summary and body; the speaker notes, the facilitator guide
and the leader's briefing gave only its key points and the author's notes. A lesson written
without notes (the negotiation's "Asking well", 8 minutes; every `panelpress new` workshop) left
its leader with two key points and the clock. Now:
- the speaker notes of a lesson's first slide end with "The lesson, as participants read it": its
  summary and body, Markdown rendered (a list is a list), on that slide only; after the author's
  notes when there are some, and after the slide's timing, the summary left out when the notes
  already say it ("The lesson in a sentence"); where the author's notes are long enough to lead it
  by (lesson_text.on_paper: the flagship's), the summary alone (review 26: the body after them ran
  the pane to four and a half screens);
- the facilitator guide and the moderator script print it in the lesson's segment when the
  author's notes for the lesson are too short to stand in for it (under lesson_text.NOTES_WORDS
  words; longer notes are the plan on paper: the flagship's guide keeps its 17 pages); the
  leader's briefing when there are no notes at all (a third page for Layla Haddad otherwise).
Read as a person reads them: the deck's notes HTML, pdftotext of the PDFs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from types import SimpleNamespace

from conftest import unwrapped
from panelpress.lesson_text import NOTES_WORDS, in_briefing, on_paper
from panelpress.model import Lesson
from pdftext import pdf_pages
from test_facilitator_guide import words
from test_handouts import folded
from test_speaker_notes24 import KITS, _by_segment, _deck, _workshop

pytestmark = pytest.mark.build

CAPTION = "The lesson, as participants read it"


def lesson_slots(workshop):
    return [slot for slot in workshop.agenda if isinstance(slot.target, Lesson)]


def body_lines(lesson: Lesson) -> list[str]:
    """The start of each paragraph or list item of the body, as a reader sees it."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:\d+\.|[-*+])\s)", lesson.body)
    return [words(block, 6) for block in blocks if block.strip() and not block.lstrip().startswith("#")]


@pytest.mark.parametrize("kit_name", KITS)
def test_a_lessons_first_slide_carries_its_summary_and_body_and_no_other_slide_does(kit_name, request):
    kit = request.getfixturevalue(kit_name)
    workshop, slides = _workshop(kit_name, kit), _deck(kit)
    numbers = _by_segment(slides)
    for slot in lesson_slots(workshop):
        lesson = slot.target
        first, *later = numbers[slot.number]
        captions = [text for kind, text in slides[first].blocks if kind == "caption"]
        notes = slides[first].text()
        # the summary once: in the lesson's text, or above it when the slide had no room for it
        assert notes.count(words(lesson.summary, 10)) == 1, (lesson.title, notes)
        if not on_paper(lesson):
            # notes long enough to lead it by (the flagship's): the body after them ran the pane
            # to four and a half screens (review 26), so none of it, the summary alone
            assert not [line for line in body_lines(lesson) if line in notes], lesson.title
            continue
        assert folded(CAPTION) in captions, (lesson.title, captions)
        # the lesson's text is the last of the author's words: after the notes on how to lead it
        if lesson.facilitator_notes:
            assert notes.index(words(lesson.facilitator_notes)) < notes.index(folded(CAPTION)), lesson.title
        # and after the slide's timing, which says the click the slide wants as it comes up (the text
        # is long: above the timing it pushed that line below the pane's fold)
        timing = folded("Timing")
        assert timing in captions, (lesson.title, captions)
        assert captions.index(timing) < captions.index(folded(CAPTION)), (lesson.title, captions)
        for line in body_lines(lesson):
            assert line in notes, (lesson.title, line)
            assert not [n + 1 for n in later if line in slides[n].text()], (lesson.title, line)


def test_the_negotiations_asking_well_notes_render_the_bodys_markdown(second_kit):
    """Slide 12, "Asking well" (8 minutes, no author notes), had only its clock and timing. Its
    notes now give the four steps as a numbered list and the body's emphasis as emphasis."""
    html = unwrapped((second_kit / "slides" / "index.html").read_text(encoding="utf-8"))
    notes = [aside for aside in re.findall(r'<aside class="notes"[^>]*>(.*?)</aside>', html, re.S)
             if "Say thank you first" in aside]
    assert len(notes) == 1
    assert re.search(r"<ol>\s*<li>Thank them for the offer\.</li>", notes[0]), notes[0]
    assert "<em>one</em>" in notes[0]  # the summary's "*one* reason"


def folded_pages(path: Path) -> list[str]:
    return [folded(page) for page in pdf_pages(path)]


def segment_text(pages: list[str], slot, after) -> str:
    """The guide's text from a segment's heading ("17:43–17:51 Asking well…") to the next one's."""
    text = " ".join(pages)
    start = text.index(folded(f"{slot.start}–{slot.end} {slot.title}"))
    return text[start:text.index(folded(f"{after.start}–{after.end} {after.title}"), start)]


@pytest.mark.parametrize("kit_name", ["second_kit", "scaffold_kit"])
def test_the_guide_and_the_script_print_a_lesson_with_short_notes_in_its_segment(kit_name, request):
    """The rule (lesson_text.on_paper), the same in the guide and the moderator script: the text
    is printed where the author's notes are under NOTES_WORDS words. Changed deliberately in
    left26 (review 25's leftover): it was printed only where there were no notes at all, so the
    negotiation's "Know your number", whose notes are one line about Layla, had its text in the
    speaker notes but not on paper."""
    kit = request.getfixturevalue(kit_name)
    workshop = _workshop(kit_name, kit)
    agenda = list(workshop.agenda)
    short = [slot for slot in lesson_slots(workshop) if on_paper(slot.target)]
    assert short
    if kit_name == "second_kit":
        assert {slot.target.id for slot in short} == {"asking-well", "know-your-number"}
    for paper in (next((kit / "handouts").glob("*-facilitator-guide.pdf")),
                  next((kit / "panel").glob("*-moderator-script.pdf"))):
        pages = folded_pages(paper)
        for slot in short:
            after = agenda[agenda.index(slot) + 1]
            segment = segment_text(pages, slot, after)
            assert folded(CAPTION).casefold() in segment.casefold(), (paper.name, segment)
            for line in [words(slot.target.summary, 6), *body_lines(slot.target)]:
                assert line in segment, (paper.name, slot.title, line)
        # a lesson whose author wrote notes long enough to lead it keeps its segment as it was
        for slot in lesson_slots(workshop):
            if not on_paper(slot.target):
                after = agenda[agenda.index(slot) + 1]
                assert folded(CAPTION).casefold() not in segment_text(pages, slot, after).casefold()


def test_notes_of_a_line_or_two_are_too_short_to_stand_in_for_the_lesson():
    lesson = lambda notes: SimpleNamespace(facilitator_notes=notes)  # noqa: E731
    assert on_paper(lesson("")) and on_paper(lesson("Layla can say what a hiring manager's **budget band** looks like."))
    assert not on_paper(lesson(" ".join(["word"] * NOTES_WORDS)))


def test_the_briefing_gives_the_lesson_only_where_its_author_wrote_no_notes():
    """The leader's briefing is their short read: a line of notes (on paper's rule prints the
    text in the guide) stands in for the lesson there (a third page for Layla Haddad otherwise)."""
    lesson = lambda notes: SimpleNamespace(facilitator_notes=notes)  # noqa: E731
    assert in_briefing(lesson("")) and in_briefing(lesson(None))
    one_line = lesson("Layla can say what a hiring manager's **budget band** looks like.")
    assert on_paper(one_line) and not in_briefing(one_line)
    assert not in_briefing(lesson(" ".join(["word"] * NOTES_WORDS)))


def test_the_leaders_briefing_gives_the_lesson_under_your_segments(second_kit):
    """Kim Min-jun leads "Asking well": their briefing's "Your segments" had its two key points
    and the question; it now has the lesson's text too (through the kit's plan, not briefing.html)."""
    briefing = folded_pages(next((second_kit / "panel").glob("*-briefing-kim-minjun.pdf")))
    text = " ".join(briefing)
    yours = text[text.index("Your segments"):text.index("The questions you may be asked")]
    assert folded(CAPTION).casefold() in yours.casefold()
    for line in ("Say thank you first and mean it", "Name the figure or the change you would like",
                 "If the salary is fixed, ask about what else is in the offer"):
        assert line in yours, line


def test_the_flagship_guide_keeps_its_pages(flagship_kit):
    """Its lessons all have notes: the guide is unchanged on paper (17 pages, as before)."""
    guide = next((flagship_kit / "handouts").glob("*-facilitator-guide.pdf"))
    pages = folded_pages(guide)
    assert folded(CAPTION) not in " ".join(pages)
    assert len([p for p in pages if p.strip()]) <= 17
