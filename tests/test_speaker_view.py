"""Review 22b: the speaker view as the moderator reads it at 1280×800 — a discussion's and the
Q&A's notes lead with what to ask, each follow-up is a line of its own, and the clock tells the
time as the deck and the run-of-show do (24-hour, or 12-hour in an en-CA workshop)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DESKTOP, REPO, SECOND, straight, viewing
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
        # review 24: the segment's clock, what to say and notes on its first slide; a later one
        # opens with its own question and ends with the line saying where they are
        first = slide is next(s for s in deck.slides if s.slot is slide.slot)
        asked = [q for q in slide.slot.questions if q.text == slide.notes[0].text]
        assert asked or (first and heads[0] == t.note_script), heads
        if asked and asked[0].follow_ups:
            assert t.note_follow_ups in heads[:3], heads
        assert heads[-1] == t.note_segment if first else heads[-1].startswith("Segment continues from"), heads


class _Notes(HTMLParser):
    """Each slide's speaker notes as text, as a copy of them reads (`textContent`)."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "aside" and ("class", "notes") in attrs:
            self.depth = 1
            self.notes.append("")
        elif self.depth and tag == "aside":
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag == "aside":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.notes[-1] += data


@pytest.mark.parametrize("kit", ["flagship_kit", "second_kit"])
def test_each_follow_up_is_a_line_of_its_own_in_the_notes_text(kit, request):
    """"…first week there?Did anyone tell you…": the follow-ups ran together in the notes' text."""
    root = REPO if kit == "flagship_kit" else SECOND
    workshop, _ = _deck(root)
    follow_ups = [f for slot in workshop.agenda for q in slot.questions for f in q.follow_ups]
    assert follow_ups
    parser = _Notes()
    parser.feed((request.getfixturevalue(kit) / "slides" / "index.html").read_text(encoding="utf-8"))
    lines = {" ".join(straight(line).split()) for note in parser.notes for line in note.splitlines()}
    for follow_up in follow_ups:
        assert " ".join(follow_up.split()) in lines, follow_up


def _speaker_view(page, kit: Path):
    """The deck in `page` and reveal's speaker view (S) beside it, at 1280×800."""
    context = page.context
    page.goto((kit / "slides" / "index.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    with context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.set_viewport_size(DESKTOP)
    speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value') !== null")
    return speaker


@pytest.mark.browser
def test_qa_starters_are_above_the_fold_of_the_speaker_view(flagship_kit, browser):
    """At 1280×800 the first starter question is on screen when the Q&A slide is up (it sat under
    the segment's clock and notes in ~28 px type, below the fold)."""
    _, deck = _deck(REPO)
    index = next(i for i, s in enumerate(deck.slides) if s.kind == "qa")
    starter = straight(deck.slides[index].slot.starters[0].text)
    with viewing(browser, DESKTOP) as page:
        speaker = _speaker_view(page, flagship_kit)
        page.evaluate(f"Reveal.slide({index})")
        notes = speaker.locator(".speaker-controls-notes .value")
        notes.filter(has_text=re.compile(re.escape(starter[:30]))).wait_for()
        item = speaker.locator(".speaker-controls-notes li").first
        assert starter[:30] in straight(item.inner_text())
        box = item.bounding_box()
        assert box and box["y"] + box["height"] <= 800, box


@pytest.mark.browser
@pytest.mark.parametrize("kit", ["flagship_kit", "second_kit", "third_kit"])
def test_speaker_view_clock_is_the_decks_clock(kit, browser, request):
    """Reveal's notes plugin writes its clock its own way ("07:14 PM") every second; the deck's
    agenda and the run-of-show say 19:14, or 7:14 p.m. in the en-CA workshop. The clock reads the
    window's own time as the deck prints times, and stays so."""
    twelve = kit == "third_kit"
    with viewing(browser, DESKTOP) as page:
        speaker = _speaker_view(page, request.getfixturevalue(kit))
        clock = speaker.locator(".clock-value")
        for _ in range(2):  # reveal writes it again each second: still the deck's way after it has
            speaker.wait_for_timeout(1200)
            text = clock.inner_text().strip()
            now = speaker.evaluate("(() => { const d = new Date(); return [d.getHours(), d.getMinutes()]; })()")
            if twelve:
                found = re.fullmatch(r"(1[0-2]|[1-9]):(\d\d)\s([ap])\.m\.", text)
                assert found, text
                hours = int(found[1]) % 12 + (12 if found[3] == "p" else 0)
                minutes = int(found[2])
            else:
                assert re.fullmatch(r"\d\d:\d\d", text), text
                hours, minutes = map(int, text.split(":"))
            assert hours == now[0] and abs(minutes - now[1]) <= 1 or now[1] == 0, (text, now)


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "second"])
def test_the_notes_of_a_slide_with_a_countdown_say_how_to_start_it(root):
    """The projected slide hides its "press T" hint from the room (review 23): the moderator reads
    in the notes which key starts, pauses and resets the countdown, and its length."""
    workshop, deck = _deck(root)
    timed = [s for s in deck.slides if s.kind == "exercise" and s.part[0] == s.part[1]]
    assert timed, "the workshop has a scheduled exercise"
    for slide in timed:
        notes = " ".join(note.text for note in (slide.pace, *slide.notes) if note)
        assert f"Start the {slide.minutes}:00 countdown with T" in notes, notes[:300]
    untimed = [s for s in deck.slides if s.kind != "exercise"]
    assert not any("countdown with T" in (s.pace.text if s.pace else "") for s in untimed)
