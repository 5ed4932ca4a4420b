"""Review 23's slide defects, as the room and the moderator meet them in Chromium: a short lesson
set as large as a story, one colour for every large statement, speaker notes that read in the
speaker view; on the flagship's deck, the second workshop's and the one `panelpress new` makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DESKTOP, REPO, SECOND, straight, viewing
from panelpress.project import Project
from panelpress.slides.deck import build_deck
from panelpress.validate import load_project
from test_slides import open_deck, overflowing

DECKS = {"flagship": "flagship_kit", "second": "second_kit", "starter": "scaffold_kit"}


def _root(name: str, kit: Path) -> Path:
    return {"flagship": REPO, "second": SECOND}.get(name, kit.parent / "workshop")


def _lessons(root: Path) -> list[str]:
    workshop, _ = load_project(Project(root))
    return [straight(slot.target.title) for slot in workshop.agenda if slot.kind == "lesson"]


@pytest.mark.parametrize("name", DECKS)
def test_a_short_lesson_slide_is_set_large_and_no_slide_overflows(name, browser, request):
    """Lesson slides kept body type (34 px) with 2-4 points and 40 % of the slide empty (review 23:
    second workshop 6 and 12, the starter's only lesson) while a story's beats were 48 px. A lesson
    is now set as large as it fits: one with a third of the slide to spare is at a story's 48 px; a
    long one keeps a body size (never under 28) and, as every slide of the deck, stays on the slide."""
    kit = request.getfixturevalue(DECKS[name])
    titles = _lessons(_root(name, kit))
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, (kit / "slides" / "index.html").as_uri())
        shown = page.evaluate("""(titles) => Reveal.getSlides().filter(s => s.classList.contains('pp-list')
            && s.querySelector('h2') && titles.includes(s.querySelector('h2').textContent.trim()
               .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"'))).map(s => {
            Reveal.slide(Reveal.getIndices(s).h);
            const slide = s.querySelector('.pp-slide').getBoundingClientRect();
            const list = s.querySelector('.pp-items').getBoundingClientRect();
            return {title: s.querySelector('h2').textContent.trim(),
                    size: Math.min(...[...s.querySelectorAll('.pp-items li')].map(li => parseFloat(getComputedStyle(li).fontSize))),
                    free: (slide.bottom - list.bottom) / slide.height};
        })""", titles)
        assert len(shown) >= len(titles), (titles, shown)
        for lesson in shown:
            assert lesson["size"] >= 28, lesson
            if lesson["free"] >= 1 / 3:  # room to spare: as large as a story's beats
                assert lesson["size"] >= 48, lesson
        if name == "second":  # "Know your number & why" (3 points and a question), "Asking well" (2 and one)
            assert min(lesson["size"] for lesson in shown) >= 40, shown
        if name == "starter":
            assert [lesson["size"] for lesson in shown] == [48], shown
        assert overflowing(page) == []


def test_lessons_of_the_second_workshop_are_set_larger_than_body_text():
    """The deck as data: its two short lessons take the large sizes (48/40 px), not body size."""
    workshop, _ = load_project(Project(SECOND))
    deck = build_deck(workshop)
    lessons = {straight(slot.target.title) for slot in workshop.agenda if slot.kind == "lesson"}
    styles = [s.style for s in deck.slides if s.kind == "list" and straight(s.title) in lessons]
    assert len(styles) == 2 and set(styles) <= {"pp-size-l", "pp-size-ml"}, styles


@pytest.mark.parametrize("name", DECKS)
def test_every_large_statement_is_in_the_headings_colour(name, browser, request):
    """A story's point was in the primary colour, a lone discussion question in black (review 23:
    second workshop's slide 21, the starter's 8): every large statement now takes one colour, the
    slide titles', and is not black."""
    kit = request.getfixturevalue(DECKS[name])
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, (kit / "slides" / "index.html").as_uri())
        found = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')].map(s => ({
            kind: s.className.split(' ')[0], title: getComputedStyle(document.querySelector('.reveal h2')).color,
            big: [...s.querySelectorAll('.pp-big')].map(el => getComputedStyle(el).color)})).filter(s => s.big.length)""")
    kinds = {s["kind"] for s in found}
    assert {"pp-point", "pp-beat"} & kinds, kinds
    assert "pp-question" in kinds or name == "flagship", kinds  # its discussion is a list of questions
    colours = {c for s in found for c in s["big"]}
    assert colours == {found[0]["title"]}, found
    assert colours != {"rgb(26, 26, 26)"}


@pytest.mark.parametrize("name", DECKS)
def test_speaker_view_notes_have_small_headings_in_the_decks_font(name, browser, request):
    """The notes' headings ("Segment", "Facilitator notes") were 32/25 px in reveal's Helvetica, so
    five or six lines of notes fitted the speaker view's pane at 1280×800 (review 23): they are small
    captions now, the notes' text at least 18 px, all in the deck's Source Sans 3 (loaded in the
    speaker window); on the flagship's discussion, the first follow-up is on screen with the question."""
    from test_speaker_view import _speaker_view

    kit = request.getfixturevalue(DECKS[name])
    with viewing(browser, DESKTOP) as page:
        speaker = _speaker_view(page, kit)
        speaker.wait_for_function("document.fonts.check('16px \"Source Sans 3\"') && "
                                  "[...document.fonts].some(f => f.family.includes('Source Sans 3') && f.status === 'loaded')")
        read = """() => { const v = document.querySelector('.speaker-controls-notes .value');
            const px = el => parseFloat(getComputedStyle(el).fontSize);
            return {headings: [...v.querySelectorAll('.pp-note-heading')].map(px),
                    text: [...v.querySelectorAll('p, li')].map(px),
                    family: getComputedStyle(v.querySelector('p, li')).fontFamily}; }"""
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value .pp-note-heading') !== null")
        shown = speaker.evaluate(read)
        assert shown["headings"] and max(shown["headings"]) <= 16, shown
        assert shown["text"] and min(shown["text"]) >= 18, shown
        assert shown["family"].startswith('"Source Sans 3"'), shown
        if name == "flagship":
            _, deck = _deck_of(REPO)
            index = next(i for i, s in enumerate(deck.slides) if s.kind == "questions")
            follow_up = straight(deck.slides[index].slot.questions[0].follow_ups[0])
            page.evaluate(f"Reveal.slide({index})")
            item = speaker.locator(".speaker-controls-notes li", has_text=follow_up[:25]).first
            item.wait_for()
            box = item.bounding_box()
            assert box and box["y"] + box["height"] <= 800, box


def _deck_of(root: Path):
    workshop, _ = load_project(Project(root))
    return workshop, build_deck(workshop)


def test_a_discussion_slide_of_its_own_marks_its_questions_as_the_lesson_slide_does():
    """The flagship's first lesson sends its question to a slide of its own, where it was a bulleted
    list of one; the lesson slides and a story's point mark a question for the room with "?"."""
    workshop, deck = _deck_of(REPO)
    own = [s for s in deck.slides if s.kind == "list" and s.title == workshop.labels.discussion]
    assert own, [s.title for s in deck.slides]
    assert all(item.marker == "?" for slide in own for item in slide.items), own
