"""A choice question's reveal on its slide (review27 #3): the notes say "hands up (A–C), reveal
C", and the click the moderator gives for it marks option C on the screen, so the back row sees
what it hears. In every workshop: the flagship, the negotiation fixture, a `panelpress new` starter."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import straight, viewing
from pdftext import pdf_text
from panelpress.project import Project
from panelpress.validate import load_project
from test_slides import open_deck, overflowing

pytestmark = pytest.mark.build  # builds decks with the panelpress command


@pytest.fixture(scope="module")
def decks(printed_deck) -> dict[str, tuple[Path, Path]]:
    """Each workshop's (sources, printed deck's index.html): the session's builds' decks."""
    out = {}
    for name, built in (("flagship", "flagship"), ("negotiation", "second"), ("starter", "scaffold")):
        deck = printed_deck(built)
        out[name] = (deck.root, deck.slides / "index.html")
    return out


def _questions(root: Path) -> list[tuple[str, str]]:
    """Every choice question of the workshop's agenda: (its stem, its best option's text)."""
    workshop, _ = load_project(Project(root))
    return [(q.question, next(o.text for o in q.options if o.correct))
            for e in workshop.exercises if e.kind == "choice" and e.slot for q in e.questions]


def _text(fragment: str) -> str:
    return " ".join(straight(unescape(re.sub(r"<[^>]+>", " ", fragment))).split())


@pytest.mark.parametrize("name", ["flagship", "negotiation", "starter"])
def test_each_questions_slide_marks_exactly_its_best_option_on_the_click_the_notes_call_the_reveal(decks, name):
    root, deck = decks[name]
    html = deck.read_text(encoding="utf-8")
    questions = _questions(root)
    assert questions, "every workshop here has a choice exercise"
    sections = [s for s in re.findall(r"<section .*?</section>", html, re.S) if "hands up (" in s]
    assert len(sections) == len(questions)  # one slide a question: none of these is split
    for section, (stem, best) in zip(sections, questions):
        shown, _, notes = section.partition('<aside class="notes">')
        assert _text(stem) in _text(shown)
        letter = re.search(r"hands up \([^)]*\), reveal (\w+)", notes)[1]
        fragments = re.findall(r'<li class="([^"]*\bfragment\b[^"]*)">(.*?)</li>', shown, re.S)
        # one click on the slide: the best option, which stays on screen before it (reveal's `custom`)
        assert len(fragments) == 1, fragments
        classes, item = fragments[0]
        assert set(classes.split()) >= {"pp-best", "fragment", "custom"}
        assert re.match(rf'<span class="pp-marker">{letter}</span> ', item), item
        assert _text(best) in _text(item) and _text(item).endswith("Best answer")
        assert shown.count("pp-best-mark") == 1
        # the notes' pacing names that click
        assert "its one click is the reveal: it marks the best answer on screen." in _text(notes)


def test_the_mark_is_hidden_until_the_click_and_shows_after_it_with_nothing_moved(decks, browser):
    """In Chromium at 1280×720, each of the flagship's three questions: before the click no mark
    (the room answers first), after it a tick and a frame around the best option, the slide the
    same and no option moved; printed (?print-pdf: every fragment shown), the marks are there."""
    _, deck = decks["flagship"]
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, deck.as_uri())
        slides = page.evaluate("() => Reveal.getSlides().map((s, i) => s.querySelector('.pp-best') ? i : -1).filter(i => i >= 0)")
        assert len(slides) == 3
        state = """() => { const best = document.querySelector('.present .pp-best');
          const mark = best.querySelector('.pp-best-mark');
          return { mark: getComputedStyle(mark).visibility, frame: getComputedStyle(best).outlineStyle,
                   letter: best.querySelector('.pp-marker').textContent,
                   boxes: [...document.querySelectorAll('.present .pp-items li')].map(li => {
                     const r = li.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }) }; }"""
        for index in slides:
            page.evaluate(f"Reveal.slide({index}, 0, -1)")
            page.wait_for_function(f"Reveal.getIndices().h === {index}")
            before = page.evaluate(state)
            assert before["mark"] == "hidden" and before["frame"] == "none", before
            page.keyboard.press("ArrowRight")
            page.wait_for_function("getComputedStyle(document.querySelector('.present .pp-best .pp-best-mark')).visibility === 'visible'")
            after = page.evaluate(state)
            assert page.evaluate("Reveal.getIndices().h") == index  # the click revealed, it did not turn the slide
            assert after["frame"] == "solid" and after["letter"] == before["letter"]
            assert after["boxes"] == before["boxes"]
        assert overflowing(page) == []
        page.goto(deck.as_uri() + "?print-pdf")
        page.wait_for_function("document.querySelectorAll('.pp-best.visible').length === 3")
        assert page.evaluate("""() => [...document.querySelectorAll('.pp-best-mark')]
            .map(m => getComputedStyle(m).visibility)""") == ["visible"] * 3


def test_the_rehearsal_handout_marks_the_best_option_as_the_slide_does_after_its_click(decks):
    """The speaker-notes handout gives each slide's words: the question's best option with the
    mark the room sees once it is revealed, and the pacing that names the click."""
    root, deck = decks["starter"]
    (stem, best), = _questions(root)
    raw = straight(pdf_text(next(deck.parent.glob("*-notes.pdf"))))
    text = " ".join(raw.split())
    # the tick is drawn (print_marks.css: ✓ is in none of the identity's faces): the mark is the
    # words after the option, on one option's line only (the notes' own "Best answer" heading aside)
    marked = [line for line in raw.splitlines() if line.startswith("•") and line.endswith(" Best answer")]
    assert len(marked) == 1 and " ".join(marked[0].split()).endswith(f"{_text(best)} Best answer"), marked
    assert "its one click is the reveal: it marks the best answer on screen." in text
