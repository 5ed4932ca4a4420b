"""Review 22b: the speaker view as the moderator reads it at 1280×800 — a discussion's and the
Q&A's notes lead with what to ask, each follow-up is a line of its own, and the clock is 24-hour
as the deck and the run-of-show are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, SECOND, straight, viewing
from panelpress.project import Project
from panelpress.slides.deck import build_deck
from panelpress.validate import load_project


def _deck(root: Path):
    workshop, _ = load_project(Project(root))
    return workshop, build_deck(workshop)


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "second"])
def test_discussion_and_qa_notes_lead_with_what_to_ask_and_end_with_the_segment(root):
    """The Q&A's starters (for a quiet room) and a discussion question with its follow-ups come
    first; the segment's clock and lead ("Segment"), which opened the notes, close them."""
    workshop, deck = _deck(root)
    t = workshop.labels
    qa = [s for s in deck.slides if s.kind == "qa"]
    questions = [s for s in deck.slides if s.kind in ("question", "questions")]
    assert qa and questions
    for slide in qa:
        heads = [note.heading for note in slide.notes]
        said = [t.note_script] if slide.slot.say else []
        assert heads[:len(said) + 1] == said + [t.note_starters], heads
        assert heads[-1] == t.note_segment, heads
    for slide in questions:
        heads = [note.heading for note in slide.notes]
        first = slide.slot.questions[0]
        assert slide.notes[0].text == first.text or heads[0] == t.note_script, heads
        if first.follow_ups:
            assert t.note_follow_ups in heads[:3], heads
        assert heads[-1] == t.note_segment, heads


def _speaker_view(page, kit: Path):
    """The deck in `page` and reveal's speaker view (S) beside it, at 1280×800."""
    context = page.context
    page.goto((kit / "slides" / "index.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.set_viewport_size({"width": 1280, "height": 800})
    speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value') !== null")
    return speaker


@pytest.mark.browser
def test_qa_starters_are_above_the_fold_of_the_speaker_view(flagship_kit, browser):
    """At 1280×800 the first starter question is on screen when the Q&A slide is up (it sat under
    the segment's clock and notes in ~28 px type, below the fold)."""
    _, deck = _deck(REPO)
    index = next(i for i, s in enumerate(deck.slides) if s.kind == "qa")
    starter = straight(deck.slides[index].slot.starters[0].text)
    with viewing(browser, {"width": 1280, "height": 800}) as page:
        speaker = _speaker_view(page, flagship_kit)
        page.evaluate(f"Reveal.slide({index})")
        notes = speaker.locator(".speaker-controls-notes .value")
        notes.filter(has_text=re.compile(re.escape(starter[:30]))).wait_for()
        item = speaker.locator(".speaker-controls-notes li").first
        assert starter[:30] in straight(item.inner_text())
        box = item.bounding_box()
        assert box and box["y"] + box["height"] <= 800, box
