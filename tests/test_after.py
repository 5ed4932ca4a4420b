"""After the event and at the door: the follow-up e-mail and the panel's thank-you notes
(kit/follow-up/), the sign-in sheet (kit/handouts/<id>-sign-in.pdf)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from conftest import REPO, SECOND, straight
from panelpress import followup, handouts, options as options_module, render, validate
from panelpress.airtime import stage_answers
from panelpress.mentions import mentions
from panelpress.typography import smarten
from panelpress.handouts.typeset import typeset
from pdftext import pdf_boxes


def load(root: Path):
    options, _ = options_module.load(root)
    workshop, diags = validate.load_project(options.project, options.start_time, options.airtime_tolerance)
    assert workshop is not None, diags
    return workshop, render.make_environment(options.templates_dir, options.root, options.use_directory_urls), options


def squeezed(text: str) -> str:
    return " ".join(text.split())


def copy_of(source: Path, tmp_path: Path, edit=None) -> Path:
    dest = tmp_path / source.name
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", "kit", "node_modules", ".venv", ".git",
                                                                 "tests", "src", "schema"))
    if edit is not None:
        path = dest / "data" / "workshop.yml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


# --- the follow-up e-mail ----------------------------------------------------------------------

def test_the_second_workshops_email_holds_takeaways_workbook_resources_and_panel_links(second_kit):
    workshop, _, options = load(SECOND)
    folder = second_kit / "follow-up"
    for name in ("participants.txt", "participants.md"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "https://careers.example.edu/offers/handouts/" + f"{workshop.id}-workbook.pdf" in text
        for resource in workshop.resources:
            assert str(resource.url) in text
        links = [link for person in workshop.panel for link in person.links]
        assert links, "the second workshop's panel has public links"
        for link in links:
            assert str(link.url) in text
    plain = (folder / "participants.txt").read_text(encoding="utf-8")
    for takeaway in workshop.takeaways:  # as written, quotes set typographically (typography.py), emoji, no &quot;
        assert smarten(takeaway, workshop.language) in plain
    assert "&quot;" not in plain and "&amp;" not in plain and "\\" not in plain


def test_the_kit_index_lists_the_drafts(flagship_kit):
    index = (flagship_kit / "index.html").read_text(encoding="utf-8")
    assert 'href="follow-up/participants.md"' in index
    assert 'href="follow-up/thanks-dana-whitfield.md"' in index


TRICKY_TAKEAWAY = 'Say "no" & <mean> it: *one* [line] (then stop)'


def _tricky(text: str) -> str:
    assert "takeaways:\n" in text
    return text.replace("takeaways:\n", f"takeaways:\n  - '{TRICKY_TAKEAWAY}'\n", 1)


def test_plain_text_is_as_written_and_markdown_keeps_data_literal(tmp_path):
    import markdown

    root = copy_of(REPO, tmp_path, _tricky)
    workshop, env, options = load(root)
    drafts = followup.drafts(workshop, env, options)
    # set typographically like every output (typography.py): "no" → “no”, and nothing else changed
    assert f"1. {smarten(TRICKY_TAKEAWAY)}\n" in drafts["participants.txt"]
    assert "“no”" in drafts["participants.txt"]
    html = markdown.markdown(drafts["participants.md"])
    shown = re.sub(r"<[^>]+>", "", html)
    import html as html_module
    assert smarten(TRICKY_TAKEAWAY) in html_module.unescape(shown)  # rendered, the Markdown reads as written
    assert "<em>one</em>" not in html  # the stars stayed stars
    assert "<mean>" not in html  # and the angle brackets text


class _WithEvaluation:
    """The workshop's spec with an `evaluation` (the field the event work adds to workshop.yml)."""

    def __init__(self, spec, url=None):
        self._spec, self.evaluation = spec, SimpleNamespace(url=url, questions=())

    def __getattr__(self, name):
        return getattr(self._spec, name)


def test_the_email_links_the_evaluation_only_when_there_is_one():
    workshop, env, options = load(REPO)
    label = workshop.labels.followup_evaluation
    if getattr(workshop.spec, "evaluation", None) is None:  # the flagship, until it has one
        assert label not in followup.drafts(workshop, env, options)["participants.txt"]
    on_site = dataclasses.replace(workshop, spec=_WithEvaluation(workshop.spec))
    drafts = followup.drafts(on_site, env, options)
    page = "https://panelpress.example.org/networking/evaluation/"
    assert f"{label}\n{page}\n" in drafts["participants.txt"]
    assert f"{label} <{page}>" in drafts["participants.md"]
    own_form = dataclasses.replace(workshop, spec=_WithEvaluation(workshop.spec, "https://forms.example.org/x?a=1&b=2"))
    drafts = followup.drafts(own_form, env, options)
    assert "https://forms.example.org/x?a=1&b=2" in drafts["participants.txt"]
    assert "<https://forms.example.org/x?a=1&b=2>" in drafts["participants.md"]  # an address is not HTML-escaped


def test_the_email_without_site_url_has_no_addresses(tmp_path):
    root = copy_of(REPO, tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    workshop, env, options = load(root)
    text = straight(followup.drafts(workshop, env, options)["participants.txt"])
    assert workshop.labels.followup_workbook not in text
    assert workshop.takeaways[0] in text


# --- the thank-you notes -------------------------------------------------------------------------

@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "second"])
def test_each_thanks_note_names_that_persons_part_and_no_one_elses(root):
    workshop, env, options = load(root)
    drafts = followup.drafts(workshop, env, options)
    assert {f"thanks-{p.id}.{ext}" for p in workshop.panel for ext in ("md", "txt")} <= set(drafts)
    for person in workshop.panel:
        note = straight(drafts[f"thanks-{person.id}.txt"])
        assert f"Dear {person.called},\n" in note  # what they are called (short_name), else the full name
        mine = followup.part(workshop, person)
        assert mine.led or mine.told or mine.answered, f"{person.id} does something in the event"
        # one line a segment they took part in (review 25 #7, changed deliberately: "You led:" and
        # "The stories you told:" listed the same stories twice): led, told there, or answered there,
        # or (changed deliberately in left26) turned to by name in the moderator's notes
        theirs = {id(turn.slot) for turn in mine.turns}
        named = {id(m.slot) for m in mentions(workshop, person)}
        for index, slot in enumerate(workshop.agenda):
            told = any(story.teller.id == person.id for story in workshop.segments[index].anecdotes)
            answered = any(a.slot is slot for a in stage_answers(workshop, person))
            took_part = (slot.lead is not None and slot.lead.id == person.id) or told or answered or id(slot) in named
            assert (id(slot) in theirs) == took_part, (person.id, slot.title)
            assert note.count(f"- {slot.title} ({slot.start}–{slot.end}): ") == took_part, (person.id, slot.title)
        for story in workshop.anecdotes:  # each story told once in the note: its title or "your story"
            if story.teller.id == person.id and any(story in s.anecdotes for s in workshop.segments):
                assert note.count(story.title) == 1, (person.id, story.title)
        asked = {id(q) for slot in workshop.agenda for q in slot.questions}  # a quiet room's starters may not be
        for question in workshop.questions:
            assert (question.text in note) == (id(question) in asked and person in question.to), question.id
        others = [p.name for p in workshop.panel if p.id not in (person.id, workshop.moderator.id)]
        assert not [name for name in others if name in note]


def test_the_flagship_notes_call_people_by_their_names_and_quote_the_title():
    """Review 22: "Dear Amara Okafor," (the full name), thanks for the Q&A's backup questions that
    may never have been asked, and the title run into the sentence unquoted."""
    workshop, env, options = load(REPO)
    drafts = followup.drafts(workshop, env, options)
    amara = drafts["thanks-amara-okafor.txt"]
    assert amara.startswith("Thank you, Amara\n\nDear Amara,\n")
    assert workshop.labels.thanks_questions not in amara  # her questions are all starters for a quiet room
    assert "If you were starting again in your field today" not in amara
    for name in ("participants.txt", "participants.md"):
        assert f"Thank you for coming to “{workshop.title}” on {workshop.date}." in drafts[name], name
    assert drafts["participants.txt"].rstrip().endswith("\nMei-Ling Zhou")  # the display name signs it
    second, env2, options2 = load(SECOND)
    kim = followup.drafts(second, env2, options2)["thanks-kim-minjun.txt"]
    assert "Dear Min-jun," in kim  # given name second: no guess from the first word ("Kim")


def test_a_thanks_note_lists_each_part_once_with_the_stage_answers():
    """Review 25 #7: Dana's note said "You led:" three stories, then "The stories you told:" the same
    three, and never her answer on stage. One list now, a line a segment, in agenda order."""
    workshop, env, options = load(REPO)
    drafts = followup.drafts(workshop, env, options)
    for ext in ("txt", "md"):
        dana = straight(drafts[f"thanks-dana-whitfield.{ext}"])
        assert "You led:" not in dana and "The stories you told:" not in dana
        assert "Your part in the programme:" in dana
        assert "- Someone who knew someone (18:04–18:06): your story\n" in dana
        assert "- Would you refer them? (18:16–18:25): you answered question 1\n" in dana
        assert dana.index("Someone who knew someone") < dana.index("Would you refer them?") < dana.index("We both went to USC")
    second, env2, options2 = load(SECOND)
    layla = straight(followup.drafts(second, env2, options2)["thanks-layla-haddad.txt"])
    assert "- What's a fair range? (17:31–17:39): you answered questions 1 and 2\n" in layla
    assert "- Offer audit (18:11–18:18): you led it\n" in layla


def test_a_thanks_note_thanks_a_panelist_for_a_turn_the_notes_gave_them_by_name():
    """Review 25: a panelist the moderator's notes turn to by name ("Ask Min-jun to say what he
    would have offered") had the turn in their briefing ("the moderator may ask you") but not in
    their thank-you note. It is there now, worded as being asked, not as leading the segment."""
    second, env2, options2 = load(SECOND)
    for ext in ("txt", "md"):
        kim = straight(followup.drafts(second, env2, options2)[f"thanks-kim-minjun.{ext}"])
        assert "- The counter-offer call (18:01–18:11): you were asked to share your view\n" in kim, kim
        assert "The counter-offer call (18:01–18:11): you led it" not in kim
    workshop, env, options = load(REPO)
    dana = straight(followup.drafts(workshop, env, options)["thanks-dana-whitfield.txt"])
    assert "- Rewrite the cold message (18:58–19:09): you were asked to share your view\n" in dana
    # where she has a part of her own, that is what the line says ("you answered question 1"), once
    assert "- Would you refer them? (18:16–18:25): you answered question 1\n" in dana
    amara = straight(followup.drafts(workshop, env, options)["thanks-amara-okafor.txt"])
    assert "- Rewrite the cold message (18:58–19:09): you led it\n" in amara  # she leads it: not "asked"


def test_the_flagship_note_to_dana_lists_her_stories():
    workshop, env, options = load(REPO)
    note = straight(followup.drafts(workshop, env, options)["thanks-dana-whitfield.md"])
    told = [story.title for story in workshop.anecdotes if story.teller.id == "dana-whitfield"]
    assert told and all(title in note for title in told)


# --- the sign-in sheet ---------------------------------------------------------------------------

def _sign_in(root: Path, keep: Path | None = None) -> tuple[str, int]:
    workshop, env, options = load(root)
    sheet = next(h for h in handouts.HANDOUTS if h.key == "sign-in")
    data, pages, _ = typeset(handouts.render_html(workshop, env, options, sheet), str(root) + "/")
    if keep is not None:
        keep.write_bytes(data)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return text, pages


def _row_positions(pdf: Path) -> list[tuple[float, list[tuple[int, float]]]]:
    """Each page's height and its row numbers with their baselines' y (pt from the top), read
    with pdftotext -bbox: where a person sees the rows on paper."""
    pages = []
    for page in pdf_boxes(pdf):
        # the row numbers: digits alone at the left, under the table's heading row (not a digit of
        # the venue above it, nor the page footer's "Page 1 of 2")
        top = next(w.y1 for w in page.words if w.text == "Name")
        rows = [(int(w.text), w.y1) for w in page.words if w.text.isdigit() and w.x0 < 120 and w.y1 > top]
        pages.append((page.height, rows))
    return pages


def _whole_pages_of_writable_rows(pdf: Path, expected: int) -> None:
    mm = 72 / 25.4
    pages = _row_positions(pdf)
    numbers = [n for _, rows in pages for n, _ in rows]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= expected  # a row each, numbered on
    for height, rows in pages:
        gaps = [b[1] - a[1] for a, b in zip(rows, rows[1:])]
        assert min(gaps) >= 8 * mm  # tall enough to write a name by hand
        # the rows run to the foot of every page (18 mm bottom margin): no page of a few rows
        assert height - rows[-1][1] <= 18 * mm + 2 * max(gaps) + 6 * mm


def _rows(text: str) -> list[int]:
    return [int(line.strip()) for line in text.splitlines() if re.fullmatch(r"\s*\d{1,4}\s*", line)]


def _unrecorded(text: str) -> str:
    """workshop.yml without `recorded`/`photographed`/`expected_attendance` (the flagship is recorded)."""
    return re.sub(r"(?m)^(recorded|photographed|expected_attendance):.*\n", "", text)


def test_the_sign_in_sheet_has_a_row_per_expected_person_and_no_consent_column_unless_recorded(tmp_path):
    unrecorded = copy_of(REPO, tmp_path, _unrecorded)  # neither recorded nor photographed: 30 people, no consent
    text, pages = _sign_in(unrecorded, tmp_path / "sign-in.pdf")
    # 30 rows ran 23 onto the first page and 7 onto a second (issue 16): now both pages are full
    rows = _rows(text)
    assert rows == list(range(1, len(rows) + 1)) and len(rows) > 30 and pages == 2
    _whole_pages_of_writable_rows(tmp_path / "sign-in.pdf", 30)
    assert "Name" in text and "E-mail (optional)" in text
    assert "yes / no" not in text and "record" not in text
    workshop, *_ = load(REPO)
    assert workshop.title in squeezed(text) and workshop.venue in squeezed(text) and workshop.date in squeezed(text)


@pytest.mark.parametrize("field, heading", [("recorded", "May we record you?"),
                                            ("photographed", "May we photograph you?")])
def test_the_sign_in_sheet_asks_consent_when_recorded_or_photographed(tmp_path, field, heading):
    root = copy_of(REPO, tmp_path, lambda t: _unrecorded(t).replace("\nvenue:", f"\n{field}: true\nexpected_attendance: 45\nvenue:", 1))
    text, pages = _sign_in(root, tmp_path / "sign-in.pdf")
    assert heading in squeezed(text)
    rows = _rows(text)
    assert rows == list(range(1, len(rows) + 1)) and len(rows) >= 45
    assert pages == 2
    _whole_pages_of_writable_rows(tmp_path / "sign-in.pdf", 45)


def test_a_small_sign_in_sheet_is_one_page_of_larger_rows(tmp_path):
    root = copy_of(REPO, tmp_path, lambda t: _unrecorded(t).replace("\nvenue:", "\nexpected_attendance: 8\nvenue:", 1))
    text, pages = _sign_in(root, tmp_path / "sign-in.pdf")
    assert pages == 1
    _whole_pages_of_writable_rows(tmp_path / "sign-in.pdf", 8)


@pytest.mark.parametrize("text", ["A friend. (really)", "1. not a list", "12) nor this", "# not a heading",
                                  "- not an item", "+ nor this", "> not a quote", "a *b* _c_ [x](y) `z` | \\ <i> &amp;",
                                  "Mei-Ling Zhou (周美玲)"])
def test_markdown_prose_reads_as_written_once_rendered(text):
    import html as html_module

    import markdown

    rendered = markdown.markdown(str(render.md_prose(text)), extensions=["tables"])
    assert rendered.startswith("<p>") and rendered.endswith("</p>")  # one paragraph: no list, heading or quote
    assert html_module.unescape(rendered[3:-4]) == text


def test_markdown_prose_escapes_only_what_would_be_markup():
    assert str(render.md_prose("A friend. (really) - yes")) == "A friend. (really) - yes"


def test_the_second_workshops_sign_in_sheet_in_its_kit(second_kit, second_site):
    workshop, *_ = load(SECOND)
    sheet = second_kit / "handouts" / f"{workshop.id}-sign-in.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(sheet).pages)
    rows = _rows(text)  # expected_attendance: 24, and the page (A4) filled with more
    assert rows == list(range(1, len(rows) + 1)) and len(rows) >= 24
    _whole_pages_of_writable_rows(sheet, 24)
    assert "May we photograph you?" in squeezed(text)  # photographed: true
    assert "Seminar Room 3 & 4" in squeezed(text)  # the venue as written, & not &amp;
    assert not (second_site / "handouts" / sheet.name).exists()  # never on the site
