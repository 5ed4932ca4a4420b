"""A long message to rewrite on the slides, read from the back of the room, and the deck's fit
warnings as diagnostics at the text that did not fit (the third workshop's author, stop 29)."""

from __future__ import annotations

from pathlib import Path

from conftest import SECOND, THIRD
from panelpress import scaffold
from panelpress.project import Project
from panelpress.slides import build_deck, fit
from panelpress.slides.html import squeeze_diagnostics
from panelpress.validate import load_project
from test_slides import open_deck

FONT = {style.name: style.font for style in fit.MESSAGE}


def _deck(root: Path):
    project = Project(root)
    workshop, _ = load_project(project)
    return project, workshop, build_deck(workshop, "https://example.org/")


def _message_slides(deck) -> list:
    return [slide for slide in deck.slides if slide.style and "pp-message" in slide.style]


def test_a_long_message_goes_over_slides_at_a_readable_size_cut_between_paragraphs():
    # the interviews' e-mail was set at 28 px over two slides, cut after a paragraph's last line
    # but anywhere it fell; now never below 34 px (a story's beats' floor), whole paragraphs
    _, workshop, deck = _deck(THIRD)
    (exercise,) = [e for e in workshop.exercises if e.kind == "rewrite"]
    parts = _message_slides(deck)
    assert len(parts) > 1
    assert all(FONT[slide.style] >= 34 for slide in parts)
    assert [slide.part for slide in parts] == [(n, len(parts)) for n in range(1, len(parts) + 1)]
    lines = [line.strip() for line in exercise.original.splitlines()]
    assert [item.text for slide in parts for item in slide.items] == [line for line in lines if line]
    starts = {lines[n] for n in range(len(lines)) if lines[n] and (n == 0 or not lines[n - 1])}
    assert all(slide.items[0].text in starts for slide in parts)  # each part opens a paragraph
    sizes = [sum(len(item.text) for item in slide.items) for slide in parts]
    assert max(sizes) < 2 * min(sizes)  # as even as the paragraphs go, not full, full, a line
    # the task is said over the first part, once
    told = [any(note.text == exercise.prompt for note in slide.notes) for slide in parts]
    assert told == [True] + [False] * (len(parts) - 1)


def test_a_long_message_split_is_a_note_at_its_field_not_a_warning():
    project, _, deck = _deck(THIRD)
    (diag,) = squeeze_diagnostics(project, deck.squeezes)
    source = THIRD / "data" / "exercises" / "rewrite-the-ask.yml"
    line = next(n for n, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("original:"))
    assert (diag.path, diag.line, diag.severity) == ("data/exercises/rewrite-the-ask.yml", line, "note")
    assert "goes over 3 slides at 34 px" in diag.message


def test_a_message_that_fits_keeps_its_one_slide():
    _, _, deck = _deck(SECOND)  # the negotiation's e-mail: alone on its slide at 40 px, as before
    (slide,) = _message_slides(deck)
    assert FONT[slide.style] == 40 and slide.part == (1, 1)
    assert deck.squeezes == ()


def test_a_fit_warning_points_at_the_text_that_did_not_fit(tmp_path):
    root = tmp_path / "workshop"
    scaffold.create(root, "My career panel")
    story = root / "data" / "anecdotes" / "first-job.yml"
    long_beat = " ".join(["and then the phone rang again, and it was the same recruiter"] * 30)
    story.write_text(story.read_text(encoding="utf-8").replace("  - What happened next", f"  - {long_beat}"),
                     encoding="utf-8")
    project, _, deck = _deck(root)
    found = [d for d in squeeze_diagnostics(project, deck.squeezes) if "beat 3" in d.message]
    assert found, deck.squeezes
    line = next(n for n, text in enumerate(story.read_text(encoding="utf-8").splitlines(), 1) if long_beat in text)
    assert {(d.path, d.line, d.column, d.severity) for d in found} == {
        ("data/anecdotes/first-job.yml", line, 5, "warning")}
    assert all(d.hint for d in found)  # and what to do


def test_the_long_message_reads_at_34px_inside_the_slide(third_kit, watched_page):
    page, watch = watched_page
    open_deck(page, (third_kit / "slides" / "index.html").as_uri())
    cards = page.evaluate("""() => [...document.querySelectorAll('.reveal .slides > section')].flatMap((section, i) => {
        const card = section.querySelector('.pp-message');
        if (!card) return [];
        Reveal.slide(i);
        const slide = section.querySelector('.pp-slide').getBoundingClientRect();
        const box = card.getBoundingClientRect();
        return [{font: parseFloat(getComputedStyle(card.querySelector('li')).fontSize),
                 room: slide.bottom - 48 - box.bottom}];
    })""")
    assert len(cards) == 3, cards
    assert all(card["font"] >= 34 for card in cards), cards
    assert all(card["room"] >= -1 for card in cards), cards  # the card ends above the slide's bottom margin
    assert watch.console_errors == []
