"""Issue 16 (review 24's leftovers): a choice question too long for one slide goes over two, and
the moderator's best answer must come with the slide the room has seen every option on. It was on
the first part, before the options it names were on screen: the speaker view said "Best answer:
F — …" while the slide showed A to C."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import run_panelpress, straight, viewing
from test_slides import open_deck, overflowing

LONG_OPTION = ("Write to them the same evening, thank them for the offer, say which part of your resume "
               "you are least sure about and ask whether they could look at that part first ")


def _split_workshop(tmp_path_factory, best: int, stem: str | None = None) -> Path:
    """A new workshop whose choice question has six long options, the `best`-th (0-based) the best,
    its deck built; `stem`: its question instead of the starter's."""
    root = tmp_path_factory.mktemp("split") / "workshop"
    run_panelpress("new", str(root), check=True)
    path = root / "data" / "exercises" / "next-step.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = doc["questions"][0]
    question["options"] = [{"text": f"{LONG_OPTION}(option {n + 1}).", "feedback": f"Feedback on option {n + 1}.",
                            "correct": n == best} for n in range(6)]
    if stem:
        question["question"] = stem
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run_panelpress("slides", "--root", str(root), check=True)
    return root


@pytest.fixture(scope="module")
def split_question_deck(tmp_path_factory) -> tuple[str, str]:
    """The split question, the best option last: its deck's HTML and the best option's text."""
    root = _split_workshop(tmp_path_factory, 5)
    html = (root / "kit" / "slides" / "index.html").read_text(encoding="utf-8")
    return html, f"{LONG_OPTION}(option 6)."


@pytest.fixture(scope="module")
def best_first_deck(tmp_path_factory) -> Path:
    """The split question, the best option first (on the first part): the deck's index.html."""
    return _split_workshop(tmp_path_factory, 0) / "kit" / "slides" / "index.html"


def _slides(html: str) -> list[tuple[str, str]]:
    """Each slide's (what the room sees, what the speaker view's notes say), as plain text."""
    def text(fragment: str) -> str:
        return " ".join(straight(unescape(re.sub(r"<[^>]+>", " ", fragment))).split())
    out = []
    for section in re.findall(r'<section class="pp-[^"]*".*?</section>', html, re.S):
        shown, _, notes = section.partition('<aside class="notes">')
        out.append((text(shown), text(notes)))
    return out


def test_a_split_questions_best_answer_is_on_the_slide_that_shows_it(split_question_deck):
    html, best = split_question_deck
    slides = _slides(html)
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    assert len(question) >= 2, "the six long options go over two slides (the test can fail: they might fit)"
    with_best = [n for n in question if "option 6)." in slides[n][0]]
    answered = [n for n, (_, notes) in enumerate(slides) if "Best answer F —" in notes]
    # before: the best answer (and its feedback) were in the notes of the first part, showing A–C
    assert answered == with_best == [question[-1]], (question, with_best, answered)
    assert "Feedback on option 6." in slides[question[-1]][1]
    for n in question[:-1]:
        assert "Best answer" not in slides[n][1] and "Feedback on option 6." not in slides[n][1]


def test_a_split_questions_later_slide_repeats_what_is_asked(split_question_deck):
    """Review 25: the second part showed options D–F under "Question (2/2)" with no question, so a
    room that looked up (or came in) then could not read what was asked. The stem comes again,
    marked as continued (the label `slide_continued`)."""
    html, _ = split_question_deck
    slides = _slides(html)
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    assert len(question) >= 2
    first = slides[question[0]][0]
    asked = first[first.index("(1/2)") + len("(1/2)"):first.index(" A Write")].strip()
    assert asked.endswith("?"), f"the first part opens with the question: {first}"
    for n in question[1:]:
        shown = slides[n][0]
        assert f"{asked} (continued)" in shown, shown
        # above the options, not after them
        assert shown.index("(continued)") < shown.index("(option ")
    assert "(continued)" not in slides[question[0]][0]


def test_a_split_questions_reveal_shows_the_best_option_when_it_was_on_an_earlier_part(best_first_deck):
    """Left27 (the last review's leftover): the moderator reveals the best answer on the last part
    (its notes say "Best answer A — …") while the room sees D to F: A was on the part before. The
    last part now shows it again, with its letter, on the click that reveals it."""
    slides = _slides(best_first_deck.read_text(encoding="utf-8"))
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    assert len(question) >= 2, question
    assert "option 1)." in slides[question[0]][0]  # A, the best, is on the first part
    last = slides[question[-1]]
    assert "Best answer A —" in last[1]  # where the notes reveal it
    # its letter and text again, marked as the reveal marks a best option in its place (review27)
    assert re.search(r"A Write to them the same evening, .*option 1\)\. Best answer$", last[0]), last[0]
    assert all("Best answer" not in slides[n][0] for n in question[:-1])
    # the part of the reveal shows options too: before the click it is not the stem alone
    assert re.search(r"\(continued\) [A-F] Write to them", last[0]), last[0]


def test_a_split_question_whose_best_option_is_on_the_last_part_marks_it_there(split_question_deck):
    """The best option F on the last part: no copy of it, the click marks it in its place, as on a
    question of one slide (review27)."""
    html, _ = split_question_deck
    slides = _slides(html)
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    assert [n for n in question if "Best answer" in slides[n][0]] == [question[-1]]
    assert slides[question[-1]][0].count("option 6).") == 1 and slides[question[-1]][0].endswith("option 6). Best answer")
    marked = re.findall(r'<li class="([^"]*pp-best[^"]*)"><span class="pp-marker">(\w)</span>', html)
    assert marked == [("pp-marked pp-best fragment custom", "F")]


def test_the_reveal_comes_on_a_click_and_stays_on_the_slide(best_first_deck, browser):
    """In Chromium at the deck's 1280×720: the best option is not on the last part before the
    click (the room answers first), it is after it, and nothing leaves the slide."""
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, best_first_deck.as_uri())
        # the copy: a plain fragment (hidden until its click), not reveal's `custom`
        copy = ".pp-best:not(.custom)"
        index = page.evaluate(f"""() => Reveal.getSlides().findIndex(s => s.querySelector('{copy}'))""")
        assert index > 0
        page.evaluate(f"Reveal.slide({index}, 0, -1)")
        answer = page.locator(f".present {copy}")
        opacity = lambda: float(answer.evaluate("el => getComputedStyle(el).opacity"))  # noqa: E731
        page.wait_for_function(f"document.querySelector('.present {copy}') !== null")
        assert opacity() == 0 and "option 1)." in answer.text_content()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"getComputedStyle(document.querySelector('.present {copy}')).opacity === '1'")
        assert answer.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"  # framed, as in its place
        assert page.evaluate("Reveal.getIndices().h") == index  # the click revealed, it did not turn the slide
        assert overflowing(page) == []


def test_each_part_of_a_split_question_says_what_to_do_with_the_options_it_shows(best_first_deck):
    """Left27's note: "hands up (A–F)" was the only step, on a last part that shows some of the
    options. Each earlier part tells the moderator to read out its own options, the hands coming on
    the last; the last, above its steps, to recap the ones the room saw before."""
    slides = _slides(best_first_deck.read_text(encoding="utf-8"))
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    letters = [re.findall(r"(?:^| )([A-F]) Write to them", slides[n][0]) for n in question]
    assert len(question) >= 2 and letters[-1][-1] == "A"  # the last part ends on A's copy
    def span(shown: list[str]) -> str:
        return f"{shown[0]}–{shown[-1]}" if len(shown) > 1 else shown[0]
    for n, shown in zip(question[:-1], letters):
        assert f"Steps: read out {span(shown)}; the show of hands comes on the question's last slide" in slides[n][1]
        assert "hands up" not in slides[n][1]
    before = [m for shown in letters[:-1] for m in shown]
    parts = "slide" if len(question) == 2 else "slides"
    notes = slides[question[-1]][1]
    recap = f"Before the hands go up, recap {span(before)} from the {parts} before"
    assert recap in notes and notes.index(recap) < notes.index("Steps: hands up (A–F), reveal A"), notes


LONG_STEM = ("A panelist you met at the mixer offers, in front of two classmates and a recruiter from another "
             "firm, to look at your resume before the application deadline next Friday, and asks you to send "
             "it whenever it is ready. What do you do, and how soon?")


def test_a_split_question_whose_best_option_is_on_the_first_part_keeps_its_parts_full(tmp_path_factory):
    """Review 27b C: with the best option A on the first part the copy took the last part's room,
    and six long options under a long stem went A–B | C–D | E | F (+ A on the click): two slides of
    one option each. The options are dealt out evenly: only the first part (the whole stem above
    it) and the last (the copy comes on its click) may show fewer, each option once and in order."""
    deck = _split_workshop(tmp_path_factory, 0, LONG_STEM) / "kit" / "slides" / "index.html"
    slides = _slides(deck.read_text(encoding="utf-8"))
    question = [n for n, (shown, _) in enumerate(slides) if "(option " in shown]
    letters = [re.findall(r"(?:^| )([A-F]) Write to them[^()]*\(option \d\)\.(?! Best answer)", slides[n][0])
               for n in question]
    assert [m for shown in letters for m in shown] == list("ABCDEF"), letters
    assert len(question) <= 4, letters
    assert all(len(shown) >= 2 for shown in letters[1:-1]), letters
    assert slides[question[-1]][0].endswith("option 1). Best answer")  # the copy, as before
