"""The panel kit's words after review 25 (issue 16), read as the panel and the moderator read them:
the turns the moderator's notes give a panelist by name reach their briefing (#3), a briefing's
stage answer says "best" once and a row counts its questions (#9), the starter's briefing keeps
"The questions you may be asked" with its first question (#10), the airtime table says when a
stage answer has no minutes (#16), each choice question's slide gives its steps (#15), and every
kit PDF's footer names the workshop (#17). The thank-you notes (#7) are in test_after.py."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf

import pdftext

from conftest import REPO, SECOND
from panelpress.mentions import mentions, plain
from panelpress.typography import nested
from panelpress.model import Workshop
from panelpress.project import Project
from panelpress.validate import load_project
from test_panelkit import kit, norm, panel_file, pdf_text  # noqa: F401  (kit: each workshop's built kit)


def seen(path: Path) -> str:
    """The PDF's text in reading order as laid out (poppler's pdftotext: a run-in head such as
    "Why:" floats, and pypdf gives it out of place)."""
    return norm(pdftext.pdf_text(path, layout=True))


def first_page(folder: Path, workshop: Workshop, key: str) -> str:
    return norm(pypdf.PdfReader(panel_file(folder, workshop, key)).pages[0].extract_text())


# --- #3: turns the notes give by name --------------------------------------------------------------

def test_a_briefing_marks_and_quotes_the_turns_the_notes_give_its_panelist(kit):
    """Negotiation: the script says at 18:01 "Ask Min-jun to say what he would have offered"; Kim
    Min-jun's run-of-show left that row plain and nothing in his briefing said so. Flagship: "let
    Amara or Dana say honestly whether they would reply" at 18:58, which Amara leads. Now the row
    says "the moderator may ask you" where nothing else of theirs is, and "Your segments" quotes
    every sentence that names them; no one else's briefing quotes it, but the leader's (whose
    segment it is, with its notes)."""
    folder, workshop = kit
    found = mentions(workshop)
    assert found
    for person in workshop.panelists:
        text = pdf_text(panel_file(folder, workshop, f"briefing-{person.id}"))
        page = first_page(folder, workshop, f"briefing-{person.id}")
        mine = [m for m in found if m.person is person]
        for m in mine:
            assert m.slot.lead is not person
            for sentence in m.sentences:  # its own double quotes set single inside the quote
                assert norm(plain(nested(sentence))) in text, (person.id, sentence)
            row = page.split(f"{m.slot.start}–{m.slot.end} {norm(m.slot.title)}", 1)[1]
            assert row.startswith(" (your part: "), (person.id, m.slot.title)
        for m in found:
            if m.person is not person and m.slot.lead is not person and not any(
                    o.slot is m.slot for o in mine):
                for sentence in m.sentences:
                    assert norm(plain(sentence)) not in text, (person.id, sentence)
    if workshop.id == "first-offer":
        kim = first_page(folder, workshop, "briefing-kim-minjun")
        assert "18:01–18:11 The counter-offer call (your part: the moderator may ask you)" in kim
        assert "Ask Min-jun to say what he would have offered." in pdf_text(panel_file(folder, workshop, "briefing-kim-minjun"))
    else:
        dana = first_page(folder, workshop, "briefing-dana-whitfield")
        assert "18:58–19:09 Rewrite the cold message (your part: the moderator may ask you)" in dana
        assert "18:53–18:58 Relationships run both ways (your part: the moderator may ask you)" in dana
        # possessive only ("after Amara's rewrite"): no turn for Amara in the discussion
        amara = first_page(folder, workshop, "briefing-amara-okafor")
        assert "19:09–19:14 The panel in conversation (your part" not in amara
        # she leads the rewrite: her row says so, not "may ask you"
        assert "Rewrite the cold message (your part: you lead it)" in amara
        dana_all = pdf_text(panel_file(folder, workshop, "briefing-dana-whitfield"))
        assert "let Amara or Dana say honestly whether they would reply" in dana_all
        jose = pdf_text(panel_file(folder, workshop, "briefing-jose-ramirez"))
        assert "let Amara or Dana say honestly" not in jose
    # the section's opening says what it holds: the quoted notes too, not only the exercise
    # questions and the parts led (review26 #14: Dana's said "The exercise questions…" alone)
    for person in workshop.panelists:
        text = pdf_text(panel_file(folder, workshop, f"briefing-{person.id}"))
        quoted = any(m.person is person and m.sentences for m in found)
        assert (norm("Where the moderator’s notes name you, their words are quoted") in text) == quoted, person.id


def _notes_workshop(tmp_path: Path, notes: str, **short_names: str) -> Workshop:
    """The flagship with the notes of José's lesson "Relationships run both ways" replaced, and
    panelists' short names changed (`dana_whitfield="Will"`)."""
    import shutil

    root = tmp_path / "w"
    for name in ("data", "docs", "templates", "mkdocs.yml"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    lesson = root / "data" / "lessons" / "relationships-run-both-ways.yml"
    text = lesson.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^facilitator_notes: \|\n.*?(?=^\S)", "facilitator_notes: |\n  " + notes + "\n", text)
    lesson.write_text(text, encoding="utf-8")
    config = root / "data" / "workshop.yml"
    data = config.read_text(encoding="utf-8")
    for pid, short in short_names.items():
        person = pid.replace("_", "-")
        data = re.sub(rf"(- id: {person}\n(?:.*\n)*?\s+short_name: ).*", rf"\g<1>{short}", data, count=1)
    config.write_text(data, encoding="utf-8")
    workshop, diagnostics = load_project(Project(root))
    return workshop


def _named(workshop: Workshop, person_id: str, title: str) -> tuple[str, ...]:
    return next((m.sentences for m in mentions(workshop) if m.person.id == person_id and m.slot.title == title), ())


LESSON = "Relationships run both ways"


def test_a_name_is_a_whole_word_not_a_possessive_nor_part_of_another_name(tmp_path):
    workshop = _notes_workshop(tmp_path, "José leads. Dana-Marie and Danai speak first. After Amara's rewrite, "
                                         "wait. Ask Amara for one example. Then Dana Whitfield closes.")
    assert _named(workshop, "amara-okafor", LESSON) == ("Ask Amara for one example.",)
    assert _named(workshop, "dana-whitfield", LESSON) == ("Then Dana Whitfield closes.",)
    assert _named(workshop, "jose-ramirez", LESSON) == ()  # he leads it: his briefing has the segment whole


def test_a_name_that_is_also_a_word_counts_only_inside_a_sentence_and_a_shared_name_for_no_one(tmp_path):
    workshop = _notes_workshop(tmp_path, "José leads. The room will vote. Will the room agree? "
                                         "Then ask Will to add one thing. Grace is not a panelist.",
                               dana_whitfield="Will")
    # "Will" starts a question and is a word the notes also write in lower case: no turn there
    assert _named(workshop, "dana-whitfield", LESSON) == ("Then ask Will to add one thing.",)
    shared = _notes_workshop(tmp_path / "b", "José leads. Ask Dana for a word. Then Dana Whitfield closes.",
                             amara_okafor="Dana")
    # two panelists called "Dana": the short name names neither, the full name still counts
    assert _named(shared, "dana-whitfield", LESSON) == ("Then Dana Whitfield closes.",)
    assert _named(shared, "amara-okafor", LESSON) == ()


def _load(root: Path) -> Workshop:
    workshop, _ = load_project(Project(root))
    return workshop


def test_a_briefing_quotes_no_roll_call_and_no_restated_part():
    """Review 25's noise (left26): every flagship panelist's briefing quoted "…give the panelist one
    minute: Dana on scenario 1, Amara on scenario 2 …, José on scenario 3." (a roll call of the
    whole panel, each already told "you answer question N"), and Dana's and José's quoted "Two
    questions that bring Dana and José back in after Amara's rewrite." under the discussion whose
    questions their briefings list. A sentence naming one panelist alone stays, even where they
    have a part of their own (Layla's stage answers)."""
    flagship = {(m.person.id, m.slot.title) for m in mentions(_load(REPO))}
    assert flagship == {("dana-whitfield", "Relationships run both ways"), ("amara-okafor", "Relationships run both ways"),
                        ("dana-whitfield", "Rewrite the cold message")}, flagship
    second = _load(SECOND)
    assert {(m.person.id, m.slot.title): m.sentences for m in mentions(second)} == {
        ("layla-haddad", "What's a fair range?"): ("Ask Layla after each question what she hears **most often** from graduates.",),
        ("kim-minjun", "The counter-offer call"): ("Ask Min-jun to say what he would have offered.",)}


def test_a_quoted_sentence_sets_its_own_quotes_single(tmp_path):
    """A quote within the briefing's quote of the notes is set single, as every other output sets
    one (review26: “Ask one student … to read their “why”…”), in the label's quotes."""
    from mkdocs.config import load_config

    from panelpress import panelkit
    from panelpress.options import Options
    from panelpress.render import make_environment

    workshop = _notes_workshop(tmp_path, 'José leads. Ask Dana to read one "why" aloud.')
    root = tmp_path / "w"
    config = load_config(str(root / "mkdocs.yml"))
    options = Options.from_mkdocs(config, config.plugins["panelpress"].config, root)
    env = make_environment(options.templates_dir, root, options.use_directory_urls)
    piece = next(p for p in panelkit.pieces(workshop) if p.key == "briefing-dana-whitfield")
    html = panelkit.render_piece(workshop, env, options, piece)
    assert "“Ask Dana to read one ‘why’ aloud.”" in html and "“why”" not in html


def test_a_sentence_naming_the_whole_panel_is_a_turn_for_none(tmp_path):
    workshop = _notes_workshop(tmp_path, "José leads. Thank Dana, José and Amara at the end. "
                                         "Ask Dana and Amara for one example each.")
    assert _named(workshop, "dana-whitfield", LESSON) == ("Ask Dana and Amara for one example each.",)
    assert _named(workshop, "amara-okafor", LESSON) == ("Ask Dana and Amara for one example each.",)


def test_a_new_workshop_has_no_turn_by_name(scaffold_kit):
    text = " ".join(pdf_text(path) for path in (scaffold_kit / "panel").glob("*-briefing-*.pdf"))
    assert "the moderator may ask you" not in text and "The moderator's notes name you" not in text


# --- #9: one "best", questions counted -------------------------------------------------------------

def test_a_briefing_says_best_once_and_counts_a_rows_questions(flagship_kit, second_kit):
    workshop, _ = load_project(Project(REPO))
    dana = seen(panel_file(flagship_kit, workshop, "briefing-dana-whitfield"))
    answer = dana.split("Best answer: C — Hold off for now", 1)[1][:400]
    assert "Why: You stay generous without putting your name" in answer
    assert "Best choice" not in answer and "Why it is the best" not in dana
    page = first_page(flagship_kit, workshop, "briefing-dana-whitfield")
    assert "19:09–19:14 The panel in conversation (your part: 2 questions for you)" in page
    second, _ = load_project(Project(SECOND))
    layla = seen(panel_file(second_kit, second, "briefing-layla-haddad"))
    assert "Why: You stay polite and let them share their band first." in layla
    assert "Best answer. You stay" not in layla and layla.count("Best answer:") == 2


# --- #10: the starter's questions heading -----------------------------------------------------------

def test_the_starters_questions_heading_is_on_the_page_of_its_first_question(scaffold_kit):
    path = next((scaffold_kit / "panel").glob("*-briefing-*.pdf"))
    pages = [norm(page.extract_text()) for page in pypdf.PdfReader(path).pages]
    head = next(i for i, p in enumerate(pages) if "The questions you may be asked" in p)
    assert "What was your first break" in pages[head]
    text = pages[head].split("The questions you may be asked", 1)[1]
    assert "What was your first break" in text  # under the heading, on the same page


# --- #16: an untimed stage answer ---------------------------------------------------------------------

def test_the_airtime_table_says_a_stage_answer_is_not_timed(second_kit):
    """Layla answers both questions of "What's a fair range?" with no `panelist_minutes`: the table
    counted 0 with no column for it. Now the column is there and says "2 not timed"."""
    second, _ = load_project(Project(SECOND))
    text = pdf_text(panel_file(second_kit, second, "moderator-script"))
    table = text.split("Airtime", 1)[1]
    assert "Exercise answers (min)" in table
    layla = table.split("Layla Haddad", 1)[1].split("Ananya Sharma", 1)[0]
    assert "2 not timed" in layla
    assert text.count("not timed") == 1  # no one else answers on stage


# --- #15: the steps on each question's slide ------------------------------------------------------

def test_each_choice_questions_notes_give_its_steps(flagship_kit):
    """The reveal steps were in the exercise's notes on its first slide only (slide 10); questions
    1–3 gave the best answer with no word of the hands or the reveal. The presenter deck's notes
    now give each its steps, naming the panelist the moderator turns to."""
    deck = (flagship_kit / "slides" / "index.html").read_text(encoding="utf-8")
    text = norm(re.sub(r"<[^>]+>", " ", deck))
    for letter, name in (("C", "Dana Whitfield"), ("A", "Amara Okafor"), ("B", "José Ramírez")):
        assert f"Steps: hands up (A–C), reveal {letter}, turn to {name}" in text, name
    assert text.count("Steps: hands up") == 3


# --- #17: the footers --------------------------------------------------------------------------------

def test_every_kit_pdf_footer_names_the_workshop_and_the_document(kit):
    """The moderator script's footer read "Moderator script" alone; the guide's "<title> · Facilitator
    guide". Now the script and each briefing say the workshop too, on every page (cue cards, name
    tents and audience cards have no footer: they are cut or folded)."""
    folder, workshop = kit
    title = norm(workshop.title)
    keys = ["moderator-script", *(f"briefing-{p.id}" for p in workshop.panelists)]
    for key in keys:
        reader = pypdf.PdfReader(panel_file(folder, workshop, key))
        what = "Moderator script" if key == "moderator-script" else "Briefing for"
        for number, page in enumerate(reader.pages, 1):
            assert f"{title} · {what}" in norm(page.extract_text()), (key, number)
