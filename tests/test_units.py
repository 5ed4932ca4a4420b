"""The fast tier: the model, the deck's plan and the validation messages, without building anything.

`pytest -m "not build and not browser"` runs these (and the other pure tests) in seconds."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO, SECOND
from panelpress import handouts, render, scaffold
from panelpress.slides import fit
from panelpress.slides.deck import build_deck
from panelpress.diagnostics import format_diagnostics
from panelpress.clock import Clock
from panelpress.options import Options
from panelpress.project import Project
from panelpress.validate import load_project


def _workshop(root: Path):
    workshop, diags = load_project(Project(root))
    assert workshop is not None, format_diagnostics(diags)
    return workshop


@pytest.fixture(scope="module")
def flagship():
    return _workshop(REPO)


@pytest.fixture(scope="module")
def second():
    return _workshop(SECOND)


@pytest.mark.parametrize("start, minutes, expected", [
    ("18:00", 0, "18:00"), ("18:00", 75, "19:15"), ("23:50", 20, "00:10"), ("00:00", 24 * 60, "00:00"),
    ("09:05", 55, "10:00"),
])
def test_clock_adds_minutes_and_wraps_at_midnight(start, minutes, expected):
    assert Clock().at(start, minutes) == expected


@pytest.mark.parametrize("language, start, minutes, expected", [
    ("en-CA", "11:50", 20, "12:10\xa0p.m."), ("en-CA", "23:50", 20, "12:10\xa0a.m."),
    ("en-US", "12:15", 50, "1:05\xa0PM"), ("en-US", "00:00", 0, "12:00\xa0AM"),
])
def test_a_twelve_hour_clock_keeps_the_24_hour_time_for_machines(language, start, minutes, expected):
    time = Clock("h:mm\u00a0a", language).at(start, minutes)
    assert time == expected and f"{time}" == expected
    assert time.iso == Clock().at(start, minutes) and time.minute == int(time.iso[:2]) * 60 + int(time.iso[3:])


@pytest.mark.parametrize("pattern, ok", [
    ("HH:mm", True), ("h:mm a", True), ("short", True), ("H:mm 'Uhr'", True), ("h.mm", True),
    ("H:mm Uhr", False), ("full", False), ("mm", False), ("yyyy", False), ("hhhhh:mm", False),
])
def test_a_clock_pattern_that_cannot_print_a_time_is_told(pattern, ok):
    from panelpress.clock import problem

    assert (problem(pattern) is None) == ok, problem(pattern)


def test_agenda_clock_times_follow_the_minutes(second):
    assert second.start_time == "17:15" and second.end_time == "18:30"
    offset = 0
    for slot in second.agenda:
        assert slot.start == Clock().at("17:15", offset) and slot.end == Clock().at("17:15", offset + slot.minutes)
        offset += slot.minutes
    assert second.agenda_minutes == 75


def test_deck_shares_each_segments_minutes_among_its_slides(flagship, second):
    for workshop in (flagship, second):
        deck = build_deck(workshop, "https://example.org/")
        for slot in workshop.agenda:
            seconds = [s.seconds for s in deck.slides if s.slot is slot]
            assert seconds, f"no slide for {slot.title}"
            assert sum(seconds) == slot.minutes * 60, slot.title
            assert all(s > 0 for s in seconds)


def test_fit_measures_longer_text_as_wider_and_taller():
    assert fit.text_width("a" * 40, 34) > fit.text_width("a" * 20, 34) > 0
    assert fit.line_count("word " * 200, 34, fit.CONTENT_WIDTH) > fit.line_count("word " * 10, 34, fit.CONTENT_WIDTH) >= 1


def test_validation_message_names_file_line_column_and_did_you_mean(tmp_path):
    root = tmp_path / "ws"
    scaffold.create(root, "Unit panel")
    lesson = root / "data" / "lessons" / "first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("\nobjectives:", "\nobjetives:", 1), encoding="utf-8")
    workshop, diags = load_project(Project(root))
    text = format_diagnostics(diags)
    assert workshop is None
    assert "data/lessons/first-lesson.yml:" in text and "unknown field 'objetives'" in text
    assert "did you mean 'objectives'" in text


def test_template_cache_key_holds_the_environments_settings(tmp_path):
    (tmp_path / "t.html").write_text("{{ x }}", encoding="utf-8")
    escaping = render._new_environment(tmp_path)
    plain = render._new_environment(tmp_path)
    plain.autoescape = False
    plain.bytecode_cache = render.BytecodeCache(plain)
    name, filename = "t.html", str(tmp_path / "t.html")
    assert escaping.bytecode_cache.get_cache_key(name, filename) != plain.bytecode_cache.get_cache_key(name, filename)
    plain.get_template("t.html")  # compiled without autoescape and cached
    again = render._new_environment(tmp_path)
    assert again.get_template("t.html").render(x="<b>") == "&lt;b&gt;"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _workbook_text(workshop) -> str:
    env = render.make_environment(None)
    workbook = next(h for h in handouts.HANDOUTS if h.key == "workbook")
    parser = _Text()
    parser.feed(handouts.render_html(workshop, env, Options.defaults(Path(".")), workbook))
    return " ".join(" ".join(parser.parts).split())


def test_the_workbook_does_not_give_away_the_best_answer(tmp_path):
    """The same workbook whichever option is marked correct."""
    root = tmp_path / "ws"
    shutil.copytree(SECOND, root)
    before = _workbook_text(_workshop(root))
    quiz = root / "data" / "exercises" / "fair-range-quiz.yml"
    data = yaml.safe_load(quiz.read_text(encoding="utf-8"))
    for question in data["questions"]:
        for option in question["options"]:
            option["correct"] = not option.get("correct", False) and option is question["options"][0]
    quiz.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _workbook_text(_workshop(root)) == before


def test_workers_fork_only_from_a_process_without_other_threads(monkeypatch):
    """`serve` runs a web server thread: forking then could copy a held lock into a worker."""
    import threading

    from panelpress.handouts.typeset import workers_context

    monkeypatch.setattr(threading, "active_count", lambda: 1)  # `panelpress build`
    assert workers_context().get_start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # `serve`: the server's threads
    assert workers_context().get_start_method() == "forkserver"


def test_printing_slides_without_chromium_says_what_to_install(monkeypatch, tmp_path):
    from panelpress.errors import MissingToolError, PanelpressError
    from panelpress.slides import pdf

    monkeypatch.setattr(pdf, "chromium_path", lambda: None)
    with pytest.raises(MissingToolError) as caught:
        pdf.print_slides(tmp_path, tmp_path / "deck.pdf")
    assert isinstance(caught.value, PanelpressError)
    assert "apt-get install chromium" in caught.value.format_message()
