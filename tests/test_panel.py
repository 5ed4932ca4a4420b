"""The panel kit's data side: the question bank, airtime, the discussion and Q&A slides, and
the participants' Meet the panel page (which must never show the question bank)."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml

from conftest import PHONE, REPO, run_panelpress, SECOND, unwrapped
from panelpress.project import Project
from panelpress.validate import load_project
from test_site import text_of


def sections(deck: Path, kind: str) -> list[str]:
    """The HTML of every slide of one kind (deck.py's Slide.kind) in a built deck."""
    page = unwrapped(deck.read_text(encoding="utf-8"))
    return re.findall(rf'<section class="pp-{kind}".*?</section>', page, flags=re.S)


def visible(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def bank(root: Path) -> dict[str, dict]:
    return {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                 for p in sorted((root / "data" / "questions").glob("*.yml")))}


def new_workshop(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


SECOND_PANELIST = ("      bio: One or two sentences about the panelist.\n",
                   "      bio: One or two sentences about the panelist.\n"
                   "    - id: second-panelist\n      name: Second Panelist\n      role: Analyst\n")


# --- airtime ------------------------------------------------------------------------------------


def test_airtime_warns_on_a_lopsided_panel_with_the_numbers_and_not_on_a_balanced_one(tmp_path):
    root = new_workshop(tmp_path)
    workshop_yml = root / "data" / "workshop.yml"
    edit(workshop_yml, *SECOND_PANELIST)
    # the second panelist leads only the 3-minute opening; the first leads 12 minutes and answers 3
    edit(workshop_yml, "    title: Welcome\n    minutes: 3\n    lead: moderator",
         "    title: Welcome\n    minutes: 3\n    lead: second-panelist")
    result = run_panelpress("check", cwd=root)
    line = next(n for n, text in enumerate(workshop_yml.read_text().splitlines(), 1) if "id: second-panelist" in text)
    warning = [w for w in result.stderr.splitlines() if "airtime" in w]
    assert warning == [f"data/workshop.yml:{line}:11: warning: airtime: Second Panelist holds the room 3 minutes "
                       "(3 leading, 0 answering 0 questions; 0 stories), under 4.5, half the panel's mean of 9 "
                       "(aim discussion questions at them or give them an agenda item to lead; `airtime_tolerance` "
                       "under the panelpress plugin in mkdocs.yml sets the limit)"]
    assert result.returncode == 1 and "would stop" in result.stderr  # a warning stops the strict build

    built = run_panelpress("build", "--root", str(root), "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 1 and "Second Panelist holds the room 3 minutes" in built.stderr

    # the plugin's option widens the band: 3 is over 9 ÷ 4
    edit(root / "mkdocs.yml", "  - panelpress\n", "  - panelpress:\n      airtime_tolerance: 4\n")
    result = run_panelpress("check", cwd=root)
    assert result.returncode == 0 and "airtime" not in result.stderr, result.stderr
    edit(root / "mkdocs.yml", "airtime_tolerance: 4", "airtime_tolerance: 2")

    # balanced: the discussion's question goes to everyone and the second panelist leads the lesson
    edit(root / "data" / "questions" / "first-break.yml", "to: first-panelist", "to: everyone")
    edit(workshop_yml, "    ref: first-lesson\n    minutes: 7\n    lead: first-panelist",
         "    ref: first-lesson\n    minutes: 7\n    lead: second-panelist")
    result = run_panelpress("check", cwd=root)
    assert result.returncode == 0 and "airtime" not in result.stderr, result.stderr
    workshop, _ = load_project(Project(root))
    first, second = workshop.airtime
    # a question to everyone counts for each panelist, its 3 minutes shared between the two
    assert (first.lead_minutes, first.questions, first.question_minutes, first.stories) == (5, 1, 1.5, 1)
    assert (second.lead_minutes, second.questions, second.question_minutes, second.stories) == (10, 1, 1.5, 0)
    assert (first.share, second.share) == (6.5, 11.5)


def _shares(root: Path) -> dict[str, tuple[float, int, int]]:
    workshop, diags = load_project(Project(root))
    assert workshop is not None, diags
    return {row.person.id: (row.share, row.answers, row.answer_minutes) for row in workshop.airtime}


def test_the_minutes_a_panelist_speaks_to_a_choice_answer_are_airtime(workshop_copy):
    """'Would you refer them?' gives Dana, Amara and José a minute each on a scenario's best answer
    (`panelist`, `panelist_minutes`): a minute each of their share, which they lost before."""
    shares = _shares(workshop_copy)
    assert {who: (answers, minutes) for who, (_, answers, minutes) in shares.items()} == \
        {"dana-whitfield": (1, 1), "amara-okafor": (1, 1), "jose-ramirez": (1, 1)}
    quiz = workshop_copy / "data" / "exercises" / "would-you-refer-them.yml"
    quiz.write_text(re.sub(r"\n *panelist_minutes: 1", "", quiz.read_text(encoding="utf-8")), encoding="utf-8")
    without = _shares(workshop_copy)
    assert {who: round(shares[who][0] - share, 1) for who, (share, _, _) in without.items()} == \
        {"dana-whitfield": 1, "amara-okafor": 1, "jose-ramirez": 1}  # no minutes given, none counted


def test_choice_answer_minutes_count_once_and_only_in_the_room(second_copy):
    """The second workshop's quiz names Layla for both answers: with minutes they are her airtime
    (the moderator leads the segment), and the warning's numbers say so; had she led the segment
    its minutes would already be hers; as a take-home exercise nothing is said in the room."""
    before = _shares(second_copy)
    assert before["layla-haddad"][1:] == (0, 0)  # a panelist without minutes: no time planned
    quiz = second_copy / "data" / "exercises" / "fair-range-quiz.yml"
    original = quiz.read_text(encoding="utf-8")
    quiz.write_text(original.replace("    panelist: layla-haddad", "    panelist_minutes: 2\n    panelist: layla-haddad"),
                    encoding="utf-8")
    timed = _shares(second_copy)
    assert timed["layla-haddad"] == (before["layla-haddad"][0] + 4, 2, 4)
    assert {k: v for k, v in timed.items() if k != "layla-haddad"} == \
        {k: v for k, v in before.items() if k != "layla-haddad"}
    # her share is over twice the mean now: the warning counts the answers with the rest
    (second_copy / "mkdocs.yml").write_text((second_copy / "mkdocs.yml").read_text(encoding="utf-8")
                                            .replace("      paper: a4\n", "      paper: a4\n      airtime_tolerance: 1.2\n"),
                                            encoding="utf-8")
    result = run_panelpress("check", cwd=second_copy)
    assert "4 speaking to 2 exercise answers" in result.stderr, result.stderr
    workshop_yml = second_copy / "data" / "workshop.yml"
    edit(workshop_yml, "    ref: fair-range-quiz\n    minutes: 8\n    lead: sofia-castillo",
         "    ref: fair-range-quiz\n    minutes: 8\n    lead: layla-haddad")
    led = _shares(second_copy)
    assert led["layla-haddad"] == (before["layla-haddad"][0] + 8, 0, 0)  # the segment's 8, not 8 + 4
    text = workshop_yml.read_text(encoding="utf-8")
    start = text.index("  - kind: exercise\n    ref: fair-range-quiz")
    end = text.index("  - kind:", start + 10)
    moved = text[start:end]
    minutes = int(re.search(r"minutes: (\d+)", moved)[1])
    # the quiz taken home: its 8 minutes go to the closing so that the agenda still adds up
    text = text[:start] + text[end:]
    closing = text.index("  - kind: closing")
    at = text.index("minutes: ", closing)
    old = int(re.match(r"minutes: (\d+)", text[at:])[1])
    text = text[:at] + f"minutes: {old + minutes}" + text[at + len(f"minutes: {old}"):]
    workshop_yml.write_text(text, encoding="utf-8")
    home = _shares(second_copy)
    assert home["layla-haddad"] == (before["layla-haddad"][0], 0, 0)


# --- the flagship's bank -------------------------------------------------------------------------


def test_the_flagship_has_a_question_bank_that_reaches_every_panelist():
    workshop, diags = load_project(Project(REPO))
    assert workshop is not None and not diags, diags
    assert len(workshop.questions) >= 12
    panelists = {p.id for p in workshop.panelists}
    assert {p.id for q in workshop.questions for p in q.to} == panelists
    assert len([q for q in workshop.questions if q.spare]) >= 3
    discussions = [s for s in workshop.agenda if s.kind == "discussion"]
    assert discussions and all(s.questions for s in discussions)
    qa = next(s for s in workshop.agenda if s.kind == "qa")
    assert qa.starters and qa.themes
    assert sum(s.minutes for s in workshop.agenda) == workshop.duration_minutes == 90
    assert all(p.pronunciation for p in workshop.panel)


# --- slides ---------------------------------------------------------------------------------------


def test_a_discussion_shows_its_questions_one_a_click_with_target_and_follow_ups_in_the_notes(flagship_kit):
    """The discussion's questions share one slide, each shown on a click with to whom it is asked;
    each question's share of the segment (by its minutes) is in the notes, as are the follow-ups."""
    workshop, _ = load_project(Project(REPO))
    raw = bank(REPO)
    slot = next(s for s in workshop.agenda if s.kind == "discussion")
    assert len(slot.questions) == 2
    (slide,) = sections(flagship_kit / "slides" / "index.html", "questions")
    on_screen, notes = slide.split('<aside class="notes">')
    steps = re.findall(r'<li class="[^"]*\bfragment\b[^"]*">(.*?)</li>', on_screen, flags=re.S)
    assert len(steps) == len(slot.questions)
    for n, (question, step) in enumerate(zip(slot.questions, steps), start=1):
        names = ", ".join(p.name for p in question.to)
        assert question.text in visible(step) and f"To: {names}" in visible(step)
        # the questions' minutes are 2 and 3 of the segment's 5
        assert f"Question {n} of 2 (about {question.minutes}:00) · To: {names}" in visible(notes)
        for follow_up in raw[question.id]["follow_ups"]:
            assert follow_up in visible(notes) and follow_up not in visible(on_screen)
    assert f'data-timing="{slot.minutes * 60}"' in slide
    assert "If you are running late, cut this segment." in visible(slide)


def test_questions_too_long_to_share_a_slide_get_one_slide_each(workshop_copy, tmp_path):
    """Past what fits on one slide at 34 px, each question has its slide again, for its minutes."""
    long = " And what would you tell a student who is about to do the same thing next summer?" * 5
    path = workshop_copy / "data" / "questions" / "what-the-door-did-not-give.yml"
    text = path.read_text(encoding="utf-8")
    edit(path, "connection not do for you?\n", "connection not do for you?" + long + "\n")
    run_panelpress("slides", "--root", str(workshop_copy), "--kit-dir", str(tmp_path / "kit"), check=True)
    deck = tmp_path / "kit" / "slides" / "index.html"
    assert sections(deck, "questions") == []
    first, second = sections(deck, "question")
    assert long.strip() in visible(first.split('<aside class="notes">')[0]) and "fragment" not in first
    assert 'data-timing="120"' in first and 'data-timing="180"' in second  # 2 and 3 of the 5 minutes
    assert text  # the copy was edited, the repository's file is untouched


def test_the_qa_slide_shows_its_themes_and_a_qr_code_to_questions_url(workshop_copy, tmp_path):
    url = "https://forms.example.org/ask-the-panel"
    edit(workshop_copy / "data" / "workshop.yml", "materials:\n", f"questions_url: {url}\nmaterials:\n")
    run_panelpress("slides", "--root", str(workshop_copy), "--kit-dir", str(tmp_path / "kit"), check=True)
    (slide,) = sections(tmp_path / "kit" / "slides" / "index.html", "qa")
    on_screen, notes = slide.split('<aside class="notes">')
    for theme in ("Finding your first contacts with no network", "Asking for a referral, and giving one"):
        assert theme in visible(on_screen)
    assert f'aria-label="QR code: {url}"' in on_screen and "<svg" in on_screen
    assert "forms.example.org/ask-the-panel" in visible(on_screen)  # the address under the code
    # the starters are for the moderator: in the notes, never on screen
    starter = "How did each of you find your first few professional contacts?"
    assert starter in visible(notes) and starter not in visible(on_screen)


def test_without_questions_url_the_qa_slide_has_no_code(flagship_kit):
    (slide,) = sections(flagship_kit / "slides" / "index.html", "qa")
    assert "<svg" not in slide.split('<aside class="notes">')[0]


# --- the participants' site ------------------------------------------------------------------------


def test_meet_the_panel_shows_pronunciations_pronouns_and_links(flagship_site, second_site):
    flagship = text_of(flagship_site / "panel" / "index.html")
    for words in ("Meet the panel", "Mei-Ling Zhou (周美玲)", "Say it: may-LING JOH", "Dana Whitfield (she/her)",
                  "Say it: DAY-nuh WIT-feeld", "Moderator · Assistant Director, Career Center",
                  "Talent Acquisition Partner"):
        assert words in flagship, words
    second = unwrapped((second_site / "panel" / "index.html").read_text(encoding="utf-8"))
    assert '<a href="https://example.org/ananya" rel="noopener">Portfolio</a>' in second
    assert "Say it: uh-NUN-yah SHAR-mah" in text_of(second_site / "panel" / "index.html")


@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_question_bank_is_on_no_page_of_the_site_but_the_deck(which, flagship_site, second_site):
    site, root = (flagship_site, REPO) if which == "flagship" else (second_site, SECOND)
    secrets = [text for q in bank(root).values() for text in (q["text"], *q.get("follow_ups", ()))]
    pages = list(site.rglob("*.html"))  # the deck is in the kit, beside the site
    assert len(pages) > 10
    for page in pages:
        text = html_lib.unescape(unwrapped(page.read_text(encoding="utf-8")))
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{page.relative_to(site)}: {leaked[:2]}"
    # the deck (kit/slides/, for the presenter) does show the discussion's questions
    deck = html_lib.unescape(unwrapped((site.parent / "kit" / "slides" / "index.html").read_text(encoding="utf-8")))
    assert any(s in deck for s in secrets)


def test_meet_the_panel_reads_on_a_phone(flagship_site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((flagship_site / "panel" / "index.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the side
    names = page.locator(".pp-member__name")
    assert names.count() == 4
    box = names.first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator("nav").get_by_text("Meet the panel").count() >= 1  # in the navigation
    context.close()


def test_the_moderator_introduces_each_name_as_it_is_said(flagship_kit):
    (title,) = sections(flagship_kit / "slides" / "index.html", "title")
    notes = visible(title.split('<aside class="notes">')[1])
    assert "Dana Whitfield (say DAY-nuh WIT-feeld; she/her): Senior Program Manager" in notes
    # the name in its own script goes in the same brackets as how to say it (one pair, not two)
    assert "Mei-Ling Zhou (周美玲; say may-LING JOH): Assistant Director" in notes


def test_each_panelist_knows_the_questions_aimed_at_them():
    """What a briefing will list for a panelist (the kit reads it from the model)."""
    workshop, _ = load_project(Project(REPO))
    dana = next(p for p in workshop.panelists if p.id == "dana-whitfield")
    ids = [q.id for q in workshop.questions_for(dana)]
    assert ids[:2] == ["what-the-door-did-not-give", "what-a-referral-costs"]  # the discussion's, in order
    assert "first-contacts" in ids  # to everyone
    assert "research-before-asking" not in ids  # to someone else
