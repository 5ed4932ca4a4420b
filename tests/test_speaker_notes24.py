"""Review 24 (#4, #5, #6): the speaker notes as the moderator reads them on arrival at each slide,
on the three decks (the flagship, the negotiation workshop, the `panelpress new` starter).

- each slide has the notes for that slide: a segment's clock, what to say and its notes on its
  first slide only; a later slide keeps its own (a story's point, a question, a best answer, the
  model answer at the end) and says in one line where the segment's notes are (the flagship's
  "Thank you" slide told the moderator to ask the opening question again: 12 of its 30 slides
  repeated an earlier slide's notes, 8 of the negotiation's 24, 1 of the starter's 11);
- on a slide with a countdown its timing and keys come first, then what to say (they were the
  last of ~40 lines, four screens down in the speaker view);
- a choice question's best answer is a bold line in the notes' own type under a caption naming
  the question and the panelist ("QUESTION 1 · BEST: C — HOLD OFF…" was a 13-px caption).

Read from the built deck (kit/slides/index.html) as the speaker view shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DESKTOP, REPO, SECOND, unwrapped, viewing
from panelpress.project import Project
from panelpress.shown_once import segment_notes
from panelpress.validate import load_project
from test_facilitator_guide import words
from test_handouts import folded

KITS = ["flagship_kit", "second_kit", "scaffold_kit"]


@dataclass
class Shown:
    """A slide of the built deck: its segment's number, whether it shows a countdown, and its
    speaker notes as blocks: ("caption", …) a heading, ("answer", …) the bold line under a
    caption, ("text", …) a paragraph, a list item or a table cell."""

    segment: int
    countdown: bool = False
    blocks: list[tuple[str, str]] = field(default_factory=list)

    def text(self, kinds: tuple[str, ...] = ("caption", "answer", "text")) -> str:
        return " ".join(text for kind, text in self.blocks if kind in kinds)


class _Deck(HTMLParser):
    BLOCKS = {"p", "li", "td", "th"}

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[Shown] = []
        self.in_notes = False
        self.kind = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-segment" in a:
            self.slides.append(Shown(int(a["data-segment"])))
        elif tag == "div" and "pp-timer" in (a.get("class") or "").split():
            self.slides[-1].countdown = True
        elif tag == "aside" and a.get("class") == "notes":
            self.in_notes = True
        elif self.in_notes and (re.fullmatch(r"h[2-6]", tag) or tag in self.BLOCKS):
            self.kind = ("caption" if tag.startswith("h") else
                         "answer" if "pp-note-line" in (a.get("class") or "") else "text")
            self.slides[-1].blocks.append((self.kind, ""))

    def handle_endtag(self, tag):
        if tag == "aside":
            self.in_notes = False

    def handle_data(self, data):
        if self.in_notes and self.slides[-1].blocks:
            kind, text = self.slides[-1].blocks[-1]
            self.slides[-1].blocks[-1] = (kind, folded(f"{text} {data}"))


def _deck(kit: Path) -> list[Shown]:
    parser = _Deck()
    parser.feed(unwrapped((kit / "slides" / "index.html").read_text(encoding="utf-8")))
    for slide in parser.slides:
        slide.blocks = [(kind, text) for kind, text in slide.blocks if text]
    return parser.slides


def _workshop(kit_name: str, kit: Path):
    root = {"flagship_kit": REPO, "second_kit": SECOND}.get(kit_name, kit.parent / "workshop")
    workshop, _ = load_project(Project(root))
    return workshop


@pytest.fixture(params=KITS)
def deck(request):
    kit = request.getfixturevalue(request.param)
    return _workshop(request.param, kit), _deck(kit)


def _by_segment(slides: list[Shown]) -> dict[int, list[int]]:
    numbers: dict[int, list[int]] = {}
    for n, slide in enumerate(slides):
        numbers.setdefault(slide.segment, []).append(n)
    return numbers


@pytest.mark.build
def test_a_segments_clock_say_and_notes_are_on_its_first_slide_only(deck):
    """Nothing is lost and nothing said twice: every segment's "what to say", its own notes and its
    clock are in the notes of its first slide, and of no other slide."""
    workshop, slides = deck
    numbers = _by_segment(slides)
    for slot in workshop.agenda:
        first, *later = numbers[slot.number]
        needed = [f"{slot.start}–{slot.end} ({slot.minutes} min)"]
        needed += [words(text, 7) for text in (slot.say, segment_notes(slot)) if text]
        for text in needed:
            assert text in slides[first].text(), (slot.title, text)
            assert not [n + 1 for n in later if text in slides[n].text()], (slot.title, text)


@pytest.mark.build
def test_a_later_slide_of_a_segment_repeats_none_of_its_notes_and_says_where_they_are(deck):
    """A slide after a segment's first shows what is new on it; its last line before the timing
    is "Segment continues from slide N: <segment>", N the segment's first slide."""
    workshop, slides = deck
    titles = {slot.number: folded(slot.title) for slot in workshop.agenda}
    repeats = []
    for segment, numbers in _by_segment(slides).items():
        seen: set[str] = set()
        for k, n in enumerate(numbers):
            # the pacing is each slide's own, the same on slides alike (each question's "2:00 on
            # this slide; its one click is the reveal…"): not a note repeated
            blocks = slides[n].blocks
            own = [text for i, (kind, text) in enumerate(blocks) if kind != "caption" and len(text) > 25
                   and not (i and blocks[i - 1] == ("caption", "Timing"))]
            repeats += [(n + 1, text[:60]) for text in own if text in seen]
            seen.update(own)
            captions = [text for kind, text in slides[n].blocks if kind == "caption"]
            continues = f"Segment continues from slide {numbers[0] + 1}: {titles[segment]}"
            if k == 0:
                assert not any(c.startswith("Segment continues") for c in captions), n + 1
            else:
                last = captions[-1] if slides[n].countdown else captions[-2]  # the timing is last, but on a countdown
                assert last == continues, (n + 1, captions)
    assert not repeats, repeats


@pytest.mark.build
def test_the_flagships_thank_you_and_follow_on_slides_say_only_their_own(flagship_kit):
    """The review's examples: slide 30 ("Thank you") no longer tells the moderator to ask the
    opening question again; a story's point slide has the point and the room's question, not the
    story; the audit's "For each contact" slide, the model answer and the debrief, not slide 21's
    instructions."""
    slides = _deck(flagship_kit)
    thanks = slides[-1].text()
    assert "Same question as an hour ago" not in thanks and "Thank the panel" in thanks
    assert "Same question as an hour ago" in slides[-2].text()
    assert "Segment continues from slide 29: Takeaways and your next step" in thanks
    point = next(s for s in slides if "A connection can get you in the door" in s.text())
    assert point.text("caption")[:40].startswith("The point Ask the room"), point.text("caption")
    assert "Senator Feinstein" not in point.text()
    audit = [s for s in slides if "Former summer manager" in s.text()]
    assert len(audit) == 1 and "Two minutes to write the names" not in audit[0].text()


@pytest.mark.build
def test_a_countdown_slides_notes_open_with_its_timing_and_keys_then_what_to_say(deck):
    workshop, slides = deck
    numbers = _by_segment(slides)
    timed = [n for n, s in enumerate(slides) if s.countdown]
    assert timed, "every workshop has a scheduled exercise"
    for n in timed:
        blocks = slides[n].blocks
        assert blocks[0] == ("caption", "Timing"), blocks[:2]
        assert re.match(r"Start the \d+:00 countdown with T or a click on the clock; "
                        r"T again pauses it, R resets it\. \d+:\d\d on this slide", blocks[1][1]), blocks[1]
        slot = next(s for s in workshop.agenda if s.number == slides[n].segment)
        if slot.say and numbers[slot.number][0] == n:
            assert blocks[2] == ("caption", "What to say"), blocks[:4]
        assert not [b for b in blocks[2:] if b == ("caption", "Timing")]  # said once
    for slide in slides:
        if not slide.countdown:
            assert "countdown with T" not in slide.text(), slide.blocks[:2]


def _best(workshop, exercise, n):
    question = exercise.questions[n]
    k, best = next((k, o) for k, o in enumerate(question.options) if o.correct)
    return question, f"{workshop.labels.option_letters[k]} — {folded(best.text)}", best


@pytest.mark.build
def test_a_best_answer_is_a_bold_line_under_a_caption_naming_the_question_and_panelist(deck):
    workshop, slides = deck
    choices = [e for e in workshop.scheduled_exercises if e.kind == "choice"]
    assert choices
    for exercise in choices:
        count = len(exercise.questions)
        for n in range(count):
            question, answer, best = _best(workshop, exercise, n)
            holding = [s for s in slides if ("answer", answer) in s.blocks]
            assert len(holding) == 1, answer  # on its question's slide only
            blocks = holding[0].blocks
            at = blocks.index(("answer", answer))
            kind, caption = blocks[at - 1]
            assert kind == "caption" and caption.startswith(f"Question {n + 1} · best answer" if count > 1
                                                            else "Best answer"), caption
            assert folded(best.text) not in caption
            if question.panelist:
                who = next(p for p in workshop.panel if p.id == question.panelist).display_name
                minutes = f", {question.panelist_minutes} min" if question.panelist_minutes else ""
                assert caption.endswith(f" · {who}{minutes}"), caption
            assert blocks[at + 1][0] == "text" and words(best.feedback, 5) in blocks[at + 1][1]
            # the first thing on the question's slide, under the one-line caption of its steps
            # (review 25 #15, changed deliberately: the best answer's caption led the notes before)
            assert at == 2 and blocks[0][0] == "caption" and blocks[0][1].startswith("Steps: hands up"), blocks[:3]


@pytest.mark.build
def test_the_flagships_first_best_answer_reads_as_the_review_asked(flagship_kit):
    slides = _deck(flagship_kit)
    slide = next(s for s in slides if ("caption", "Question 1 · best answer · Dana Whitfield, 1 min") in s.blocks)
    assert slide.blocks[0] == ("caption", "Steps: hands up (A–C), reveal C, turn to Dana Whitfield")  # review 25 #15
    assert slide.blocks[2] == ("answer", "C — Hold off for now; first help them work out what they want and how to prepare.")
    assert slide.blocks[3][1].startswith("Best choice. You stay generous")


# --- in reveal's speaker view (S), at 1280×800 ----------------------------------------------------

def _speaker_view(page, kit: Path):
    page.goto((kit / "slides" / "index.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    with page.context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.set_viewport_size(DESKTOP)
    speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value') !== null")
    return speaker


_STYLE = """(selector) => { const e = document.querySelector('.speaker-controls-notes .value ' + selector);
    if (!e) return null; const cs = getComputedStyle(e), r = e.getBoundingClientRect();
    return {text: e.innerText, size: parseFloat(cs.fontSize), weight: parseInt(cs.fontWeight),
            transform: cs.textTransform, bottom: r.bottom}; }"""


@pytest.mark.browser
@pytest.mark.parametrize("kit_name", KITS)
def test_in_the_speaker_view_the_answer_is_large_and_bold_and_the_countdown_keys_on_screen(kit_name, browser, request):
    """The answer to reveal reads at the notes' body size (≥ 18 px, as large as the feedback under
    it), bold, in normal case; its caption is the small one. On the countdown's slide the keys are
    the first lines of the pane, on screen without scrolling."""
    kit = request.getfixturevalue(kit_name)
    slides = _deck(kit)
    question = next(n for n, s in enumerate(slides) if any(kind == "answer" for kind, _ in s.blocks))
    timed = next(n for n, s in enumerate(slides) if s.countdown)
    with viewing(browser, DESKTOP) as page:
        speaker = _speaker_view(page, kit)
        page.evaluate(f"Reveal.slide({question})")
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .pp-note-line') !== null")
        answer = speaker.evaluate(_STYLE, ".pp-note-line strong")
        line = speaker.evaluate(_STYLE, ".pp-note-line")  # the paragraph around it: the notes' body size
        # the answer's own caption, just above it (the steps' caption is first, review 25 #15)
        heading = speaker.evaluate("""() => { const line = document.querySelector('.speaker-controls-notes .value .pp-note-line');
            const e = line.previousElementSibling, cs = getComputedStyle(e);
            return {text: e.innerText, size: parseFloat(cs.fontSize)}; }""")
        feedback = speaker.evaluate(_STYLE, ".pp-note-line + p")
        assert answer and feedback and heading, (answer, feedback, heading)
        assert answer["size"] >= 18 and answer["size"] >= feedback["size"] and line["size"] == answer["size"], answer
        assert answer["weight"] >= 700 and answer["transform"] == "none", answer
        assert heading["size"] < answer["size"] and "best answer" in heading["text"].lower(), heading
        assert answer["bottom"] <= 800, answer
        page.evaluate(f"Reveal.slide({timed})")
        speaker.wait_for_function("(document.querySelector('.speaker-controls-notes .value p') || {}).innerText"
                                  " && document.querySelector('.speaker-controls-notes .value p').innerText.includes('countdown')")
        first = speaker.evaluate(_STYLE, ".pp-note-heading")
        keys = speaker.evaluate(_STYLE, "p")
        assert first["text"].lower() == "timing", first
        assert keys["text"].startswith("Start the") and "R resets it" in keys["text"] and keys["bottom"] <= 800, keys
