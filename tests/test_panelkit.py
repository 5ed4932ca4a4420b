"""The panel kit (kit/panel/): the moderator's script, cue cards, briefings, name tents and
audience question cards, read from the built PDFs as the moderator and the panel would read them."""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest

from conftest import REPO, SECOND, straight
from panelpress.model import Workshop
from panelpress.project import Project
from panelpress.validate import load_project

KITS = {"flagship": ("flagship_kit", REPO), "negotiation": ("second_kit", SECOND)}


def norm(text: str) -> str:
    # a line that ends after a word's hyphen ("e-" / "mail") is extracted as "e- mail": one word
    return re.sub(r"(?<=\w-) (?=\w)", "", re.sub(r"\s+", " ", straight(text))).strip()


def readable(name: str) -> bool:
    """Whether a PDF text extractor gives `name` back as written: Latin script. Devanagari and
    Arabic come back reordered or split (shaped glyphs), although they print correctly."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def pdf_text(path: Path) -> str:
    return norm(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


@pytest.fixture(params=sorted(KITS))
def kit(request) -> tuple[Path, Workshop]:
    """Each workshop's built kit and its model."""
    fixture, root = KITS[request.param]
    folder = request.getfixturevalue(fixture)
    workshop, _ = load_project(Project(root))
    return folder, workshop


def panel_file(kit_dir: Path, workshop: Workshop, key: str) -> Path:
    return kit_dir / "panel" / f"{workshop.id}-{key}.pdf"


def test_every_question_is_in_the_moderator_script_exactly_once(kit):
    folder, workshop = kit
    text = pdf_text(panel_file(folder, workshop, "moderator-script"))
    assert workshop.questions
    for question in workshop.questions:
        assert text.count(norm(question.text)) == 1, question.id
    page = (folder / "panel" / f"{workshop.id}-moderator-script.html").read_text(encoding="utf-8")
    for question in workshop.questions:  # the offline page is the same script
        assert page.count(html_lib.escape(question.text, quote=False)) == 1, question.id


def test_the_script_has_each_segment_with_clock_next_and_names_as_said(kit):
    folder, workshop = kit
    reader = pypdf.PdfReader(panel_file(folder, workshop, "moderator-script"))
    pages = [norm(page.extract_text()) for page in reader.pages]
    for slot, following in zip(workshop.agenda, (*workshop.agenda[1:], None)):
        start = next(i for i, p in enumerate(pages) if f"{slot.start}–{slot.end} {slot.title}" in p)
        here = " ".join(pages[start:start + 2])
        if following is not None:
            assert f"Next: {following.title} at {following.start}" in here
    opening = next(p for p in pages if workshop.agenda[0].title in p and "as their names are said" in p.lower())
    for person in workshop.panel:
        assert person.name in opening or not readable(person.name)
        assert person.role in opening
        if person.pronunciation:
            assert person.pronunciation in opening


def test_the_script_flows_its_segments_keeping_each_whole(kit):
    """A page a segment left two-thirds of 18 pages blank (issue 16): segments now follow one
    another, each on one page (its heading and its "Next: …" line together) when it fits there."""
    folder, workshop = kit
    reader = pypdf.PdfReader(panel_file(folder, workshop, "moderator-script"))
    pages = [norm(page.extract_text()) for page in reader.pages]
    assert len(pages) < len(workshop.agenda)  # fewer pages than segments: they share pages
    shared = 0
    for slot, following in zip(workshop.agenda, (*workshop.agenda[1:], None)):
        start = next(i for i, p in enumerate(pages) if f"{slot.start}–{slot.end} {slot.title}" in p)
        end_line = f"Next: {following.title} at {following.start}" if following else "Then the end, at"
        assert end_line in pages[start], slot.title  # kept whole
        shared += sum(f"{s.start}–{s.end} {s.title}" in pages[start] for s in workshop.agenda) > 1
    assert shared >= len(workshop.agenda) // 2  # most segments share their page with another
    text = " ".join(pages)
    # its notes are stage directions, labelled so (the words to say aloud, `say:`, under their own label)
    assert "what to do" in text.lower()  # set in capitals


def test_the_script_says_what_to_do_as_the_guide_does(kit):
    """Under "What to do" the script has the facilitator guide's plan: an exercise segment's notes
    that only summarise the exercise's ("… as the exercise's notes describe") give way to those
    fuller notes, which the script did not print before; the lesson's and exercise's own notes follow."""
    from panelpress.handouts.guide import plans

    folder, workshop = kit
    text = pdf_text(panel_file(folder, workshop, "moderator-script"))

    def opening(markdown: str) -> str:
        # its first words as typeset: no list numbers or Markdown marks
        plain = [w for w in re.sub(r"[*_`]", "", markdown).split() if not re.fullmatch(r"\d+\.|-", w)]
        return norm(" ".join(plain[:8]))

    shown = [plan for plan in plans(workshop) if plan.notes]
    assert shown
    for plan in shown:
        for notes in plan.notes:
            assert text.count(opening(notes)) == 1, plan.segment.slot.title
    for exercise in workshop.exercises:
        if exercise.scheduled and exercise.facilitator_notes:
            assert opening(exercise.facilitator_notes) in text, exercise.id
    left_out = [plan.segment.slot for plan in plans(workshop)
                if plan.segment.slot.notes and plan.segment.slot.notes not in plan.notes]
    for slot in left_out:
        assert opening(slot.notes) not in text, slot.title
    if workshop.id == "networking-secret-sauce":
        assert left_out  # its exercise segments summarise the exercises' notes


def test_the_script_page_fits_a_phone(flagship_kit, watched_page):
    """The script as a web page on a phone: inside the screen, the airtime table apart from the first segment."""
    workshop, _ = load_project(Project(REPO))
    page, watch = watched_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((flagship_kit / "panel" / f"{workshop.id}-moderator-script.html").as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    edges = page.evaluate("""() => [...document.querySelectorAll('h1, table, .pk-segment')]
        .map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])""")
    assert all(left >= 12 and right <= 390 - 12 for left, right in edges)  # a margin on both sides
    gap = page.evaluate("""() => document.querySelector('#segment-1 .pk-kicker').getBoundingClientRect().top
        - document.querySelector('.pk-airtime table').getBoundingClientRect().bottom""")
    assert gap >= 24
    assert watch.console_errors == []


def test_the_script_says_what_to_cut_when_late():
    workshop, _ = load_project(Project(REPO))
    cut = [slot for slot in workshop.agenda if slot.cut_if_late]
    assert cut  # the flagship's panel discussion
    from panelpress.panelkit import script_segments

    first = script_segments(workshop)[0]
    assert first.cut == tuple(cut)
    assert script_segments(workshop)[-1].cut == ()


def test_the_airtime_table_is_in_the_script(kit):
    folder, workshop = kit
    text = pdf_text(panel_file(folder, workshop, "moderator-script"))
    assert "Airtime" in text and "Minutes leading" in text
    for row in workshop.airtime:
        cells = f"{row.lead_minutes} {row.questions} {row.stories} {round(row.share, 1):g} min"
        assert (f"{row.person.name} {cells}" if readable(row.person.name) else cells) in text


def test_each_briefing_holds_its_members_questions_and_no_one_elses(kit):
    folder, workshop = kit
    for person in workshop.panelists:
        text = pdf_text(panel_file(folder, workshop, f"briefing-{person.id}"))
        mine = workshop.questions_for(person)
        for question in workshop.questions:
            assert (norm(question.text) in text) == (question in mine), (person.id, question.id)
        for slot in workshop.agenda:  # the moderator's notes stay in the script
            if slot.notes:
                phrase = max((norm(part) for part in re.split(r"[.,:;\"!?()*\n]|\d+\.", slot.notes)), key=len)
                assert len(phrase) > 20 and phrase not in text, (person.id, slot.title, phrase)
        for story in workshop.anecdotes:
            assert (story.beats[0] in text) == (story.teller is person), (person.id, story.id)
        for other in workshop.panel:
            if other is not person and other.pronunciation:
                assert other.pronunciation in text
            assert (other.role in text) == (other is not person)
        assert workshop.audience[:50] in text


def test_the_flagship_briefing_reads_as_a_panelist_would(flagship_kit):
    workshop, _ = load_project(Project(REPO))
    person = workshop.panelists[0]
    text = pdf_text(panel_file(flagship_kit, workshop, f"briefing-{person.id}"))
    assert "Please arrive by 17:30" in text
    assert workshop.date in text and workshop.venue in text
    assert "This event is recorded" in text
    assert "No referral promises on stage" in text
    assert "Tell it your own way" in text


def test_an_unrecorded_workshop_has_no_consent_line(second_kit):
    workshop, _ = load_project(Project(SECOND))
    assert not workshop.recorded
    text = pdf_text(panel_file(second_kit, workshop, f"briefing-{workshop.panelists[0].id}"))
    assert "This event is recorded" not in text


def _texts_by_orientation(page) -> dict[str, str]:
    """The page's text, split into what is drawn upright and what is drawn turned 180°."""
    found = {"upright": [], "upside_down": []}

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        a = tm[0] * cm[0] + tm[1] * cm[2]  # the x scale of the text's matrix on the page
        d = tm[2] * cm[1] + tm[3] * cm[3]
        found["upside_down" if a < 0 and d < 0 else "upright"].append(text)

    page.extract_text(visitor_text=visit)
    return {key: norm("".join(parts)) for key, parts in found.items()}


def test_a_name_tent_shows_each_name_twice_one_upside_down(kit):
    folder, workshop = kit
    reader = pypdf.PdfReader(panel_file(folder, workshop, "name-tents"))
    assert len(reader.pages) == len(workshop.panel)
    for page, person in zip(reader.pages, workshop.panel):
        box = page.mediabox
        assert box.width > box.height  # landscape
        texts = _texts_by_orientation(page)
        shown = norm(person.name) if readable(person.name) else (person.pronunciation or person.pronouns)
        if shown:
            assert shown.replace(" ", "") in texts["upright"].replace(" ", ""), person.id
            assert shown.replace(" ", "") in texts["upside_down"].replace(" ", ""), person.id
        assert texts["upside_down"] and texts["upright"]


def test_cue_cards_hold_every_question_once_four_a_sheet(kit):
    folder, workshop = kit
    reader = pypdf.PdfReader(panel_file(folder, workshop, "cue-cards"))
    assert len(reader.pages) == -(-len(workshop.questions) // 4)
    text = norm(" ".join(page.extract_text() for page in reader.pages))
    for question in workshop.questions:
        assert text.count(norm(question.text)) == 1, question.id


def test_audience_cards_offer_the_qa_themes(kit):
    folder, workshop = kit
    text = pdf_text(panel_file(folder, workshop, "question-cards"))
    themes = [theme for slot in workshop.agenda for theme in slot.themes]
    assert themes
    for theme in themes:
        assert text.count(norm(theme)) == 6  # six cards a sheet


def test_the_kit_index_is_in_the_identity_and_grouped_by_when(flagship_kit, watched_page):
    """The organisers' front door (issue 16: unstyled, "…sauce?: Facilitator kit", 21 links in one
    list): the workshop's type and colours, its files under when they are needed."""
    workshop, _ = load_project(Project(REPO))
    page, watch = watched_page
    page.goto((flagship_kit / "index.html").as_uri())
    assert page.title() == f"Facilitator kit · {workshop.title}"
    assert page.locator("h1").inner_text() == workshop.title
    groups = page.evaluate("""() => [...document.querySelectorAll('section.pp-group')].map(s => ({
        heading: s.querySelector('h2').textContent, links: [...s.querySelectorAll('a')].map(a => a.getAttribute('href'))}))""")
    headings = [g["heading"] for g in groups]
    assert headings == ["Before the day: read, and send to the panel", "Before the day: print", "In the room",
                        "After the workshop"]
    where = {href: g["heading"] for g in groups for href in g["links"]}
    assert where["slides/index.html"] == "In the room"
    assert where[f"panel/{workshop.id}-moderator-script.pdf"] == "In the room"
    assert where[f"handouts/{workshop.id}-workbook.pdf"] == "Before the day: print"
    assert where[f"handouts/{workshop.id}-sign-in.pdf"] == "Before the day: print"
    assert where[f"panel/{workshop.id}-briefing-dana-whitfield.pdf"] == "Before the day: read, and send to the panel"
    assert where["follow-up/participants.md"] == "After the workshop"
    assert len(where) == len(re.findall(r'<li><a href=', (flagship_kit / "index.html").read_text(encoding="utf-8")))
    look = page.evaluate("""() => ({font: getComputedStyle(document.body).fontFamily,
        link: getComputedStyle(document.querySelector('.pp-files a')).color,
        heading: getComputedStyle(document.querySelector('h1')).color,
        loaded: document.fonts.check('16px "Source Sans 3"')})""")
    assert look["font"].startswith('"Source Sans 3"') and look["loaded"]
    assert look["link"] != "rgb(0, 0, 238)" and look["heading"] == "rgb(40, 53, 147)"  # indigo's text shade
    assert watch.console_errors == [] and watch.offsite_requests == []


def test_the_kit_index_lists_the_panel_kit(kit):
    folder, workshop = kit
    index = (folder / "index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r'href="(panel/[^"]+)"', index))
    made = {f"panel/{p.name}" for p in (folder / "panel").iterdir()}
    assert listed == made
    assert f"panel/{workshop.id}-moderator-script.pdf" in listed
    for person in workshop.panelists:
        assert f"panel/{workshop.id}-briefing-{person.id}.pdf" in listed
    site = folder.parent / "site"  # none of it is published (site/panel/ is the public Meet the panel page)
    assert site.is_dir()
    assert not [p for p in site.rglob("*") if "briefing" in p.name or "moderator-script" in p.name]


def test_a_name_in_another_script_is_matched_by_its_latin_letters_across_the_kit(second_kit):
    """A panelist whose `name` is in another script (`name_latin`, or 'Latin (native)' written
    together) is introduced with both forms, as the site's Meet the panel page has them, and named
    by the Latin form wherever a reader matches the name: the deck's panel and story slides, the
    speaker notes, a briefing's run-of-show and title, the guide's leads and stories, the name tents."""
    workshop, _ = load_project(Project(SECOND))
    t = workshop.labels
    both = [p for p in workshop.panel if p.native_name]
    assert {p.id for p in both} >= {"layla-haddad", "ananya-sharma", "kim-minjun"}
    assert any(p.name_latin for p in both) and any(not p.name_latin for p in both)

    deck = (second_kit / "slides" / "index.html").read_text(encoding="utf-8")
    people = re.findall(r"<li><strong>(.*?)</strong>", deck)
    for person in both:  # the title slide: both forms, the Latin first, the other script isolated
        assert f"{person.display_name} (<bdi>{person.native_name}</bdi>)" in people, person.id
    story = next(a for a in workshop.anecdotes if a.teller in both)
    assert t.text("slide_story_label", name=story.teller.display_name) in html_lib.unescape(deck)
    assert t.text("slide_story_label", name=story.teller.name) not in html_lib.unescape(deck)
    assert t.text("note_story", name=story.teller.display_name) in html_lib.unescape(deck)

    layla = next(p for p in both if p.name_latin)
    briefing = pdf_text(panel_file(second_kit, workshop, f"briefing-{layla.id}"))
    assert briefing.startswith(f"Briefing for {layla.display_name} (")
    assert f"Thank you for joining the panel, {layla.display_name}." in briefing
    for slot in workshop.agenda:
        if slot.lead in both:  # the run-of-show's Lead column
            assert re.search(rf"{re.escape(straight(slot.title))}.*? {re.escape(slot.lead.display_name)}", briefing), slot.title

    guide = pdf_text(second_kit / "handouts" / f"{workshop.id}-facilitator-guide.pdf")
    assert norm(t.text("guide_tell", title=story.title, name=story.teller.display_name)) in guide
    for person in both:
        led = [slot for slot in workshop.agenda if slot.lead is person]
        assert not led or f"{led[0].start}–{led[0].end} {straight(led[0].title)}" in guide
        assert person.display_name in guide, person.id

    tents = pdf_text(panel_file(second_kit, workshop, "name-tents"))
    for person in both:
        assert tents.count(person.display_name) == 2, person.id  # both halves of the tent
