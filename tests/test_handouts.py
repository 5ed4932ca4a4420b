"""The printed handouts, read back from the PDFs as a participant or a facilitator would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, run_panelpress, straight
from panelpress.project import Project
from panelpress.validate import load_project
from test_site import plain, text_of

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

LETTER = (612, 792)  # points
A4 = (595, 842)


def folded(text: str) -> str:
    """Text with whitespace folded and typographic quotes made plain, as in the data files."""
    text = straight(text)
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return folded(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def page_size(path: Path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def flagship():
    workshop, _ = load_project(Project(REPO), "18:00")
    return workshop


@pytest.fixture(scope="module")
def flagship_pdfs(flagship_kit, flagship):
    folder = flagship_kit / "handouts"  # the kit has every handout; the site, the participants' ones
    return {key: folder / f"{flagship.id}-{key}.pdf" for key in ("workbook", "facilitator-guide", "takeaways")}


def test_workbook_has_every_worksheet_of_the_agenda_in_order(flagship_pdfs, flagship):
    text = pdf_text(flagship_pdfs["workbook"])
    places = []
    for exercise in flagship.worksheet_exercises:
        prompt = folded(plain(exercise.prompt))
        assert prompt in text, f"worksheet prompt missing: {exercise.id}"
        places.append(text.index(f"{exercise.title} {prompt}"))
    assert places == sorted(places), "worksheets are not in agenda order"
    for kind in ("choice", "rewrite", "audit", "checklist", "reflection", "roleplay"):
        assert any(e.kind == kind for e in flagship.worksheet_exercises), f"the flagship has no {kind} worksheet"
    rewrite = next(e for e in flagship.worksheet_exercises if e.kind == "rewrite")
    assert rewrite.original in text and all(folded(item) in text for item in rewrite.rubric)
    choice = next(e for e in flagship.worksheet_exercises if e.kind == "choice")
    assert all(folded(o.text) in text for q in choice.questions for o in q.options)
    roleplay = next(e for e in flagship.worksheet_exercises if e.kind == "roleplay")
    assert all(role.name in text for role in roleplay.roles)
    # the debrief is the facilitator's (schema: facilitators only): the guide has it, the workbook not
    assert roleplay.debrief and not any(folded(q) in text for q in roleplay.debrief)
    audit = next(e for e in flagship.worksheet_exercises if e.kind == "audit")
    assert all(folded(rule.advice) in text for rule in audit.rules)


def test_workbook_holds_no_model_answer(flagship_pdfs, flagship):
    workbook = pdf_text(flagship_pdfs["workbook"])
    guide = pdf_text(flagship_pdfs["facilitator-guide"])
    checked = 0
    for exercise in flagship.worksheet_exercises:
        answer = folded(plain(exercise.model_answer))
        for sentence in re.split(r"(?<=[.!?])\s+", answer):
            if len(sentence) > 40:
                assert sentence not in workbook, f"model answer of {exercise.id} printed in the workbook"
                checked += 1
        for question in getattr(exercise, "questions", ()):
            for option in getattr(question, "options", ()):
                assert folded(plain(option.feedback))[:60] not in workbook, "choice feedback in the workbook"
    assert checked > 10
    # the same sentences do reach the facilitator, so the check above can fail
    assert "Why it works: it names a real point of contact" in guide
    assert "Why it works" not in workbook and "Model answer" not in workbook


def test_workbook_cover_and_closing(flagship_pdfs, flagship):
    reader = PdfReader(flagship_pdfs["workbook"])
    cover = folded(reader.pages[0].extract_text())
    assert flagship.title in cover and flagship.date in cover and flagship.venue in cover
    assert "Mei-Ling Zhou (周美玲)" in cover and "José Ramírez" in cover
    text = pdf_text(flagship_pdfs["workbook"])
    for takeaway in flagship.takeaways:
        assert folded(takeaway) in text
    for resource in flagship.resources:
        assert resource.url in text
    for objective in flagship.objectives:
        assert folded(objective) in text
    # QR codes point at each exercise's page on the hosted site, which the sheet also spells out
    assert "https://panelpress.example.org/networking/exercises/relationship-audit/" in text
    fonts = {str(f) for page in reader.pages for f in _fonts(page)}
    assert any("CJK" in name for name in fonts), f"no CJK font for 周美玲: {fonts}"


def _fonts(page):
    resources = page["/Resources"]
    for font in resources.get("/Font", {}).values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
        yield font["/BaseFont"]


def test_pdfs_have_page_numbers_footer_metadata_and_tags(flagship_pdfs, flagship):
    for key, title in (("workbook", "Participant workbook"), ("facilitator-guide", "Facilitator guide"),
                       ("takeaways", "Takeaways card")):
        reader = PdfReader(flagship_pdfs[key])
        total = len(reader.pages)
        assert reader.metadata.title == f"{flagship.title}: {title}"
        assert "José Ramírez" in reader.metadata.author
        assert reader.trailer["/Root"]["/Lang"] == "en"
        assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"
        last = folded(reader.pages[-1].extract_text())
        if key == "takeaways":  # cards cut from a sheet have no page footer (test_paper.py measures the cards)
            assert page_size(flagship_pdfs[key]) == LETTER[::-1] and "Page 1 of" not in last
            continue
        assert page_size(flagship_pdfs[key]) == LETTER
        assert f"Page {total} of {total}" in last and flagship.title in last
    assert len(PdfReader(flagship_pdfs["takeaways"]).pages) == 2  # the card's front, then its back
    sheets = len(flagship.worksheet_exercises)
    assert sheets + 3 <= len(PdfReader(flagship_pdfs["workbook"]).pages) <= 2 * sheets + 4


def test_facilitator_guide_runs_the_show(flagship_pdfs, flagship):
    text = pdf_text(flagship_pdfs["facilitator-guide"])
    for slot in flagship.agenda:
        assert f"{slot.start}–{slot.end}" in text
        assert folded(slot.title) in text
    assert f"{flagship.start_time}–{flagship.end_time} {flagship.agenda_minutes} in all" in text
    for exercise in flagship.worksheet_exercises:
        assert folded(plain(exercise.model_answer))[:80] in text, f"model answer of {exercise.id} missing"
        for question in exercise.debrief:
            assert folded(question) in text
    for story in flagship.anecdotes:
        if any(story in slot.anecdotes for slot in flagship.agenda):
            assert f"The story to tell: {story.title}" in text
            assert all(folded(q) in text for q in story.discussion)
    for item in flagship.materials:
        assert folded(item) in text
    assert text.count("The story to tell: We both went to USC") == 1, "a story printed twice"


def test_takeaways_card(flagship_pdfs, flagship):
    text = pdf_text(flagship_pdfs["takeaways"])
    for takeaway in flagship.takeaways:
        assert folded(takeaway) in text


def test_site_lists_the_handouts_with_pages_and_size(flagship_site, flagship_kit, flagship_pdfs):
    page = text_of(flagship_site / "print/index.html")
    kit = " ".join(re.sub(r"<[^>]+>", " ", (flagship_kit / "index.html").read_text(encoding="utf-8")).split())
    for key, title in (("workbook", "Participant workbook"), ("facilitator-guide", "Facilitator guide"),
                       ("takeaways", "Takeaways card")):
        pages = len(PdfReader(flagship_pdfs[key]).pages)
        size = flagship_pdfs[key].stat().st_size
        listed = f"{title} PDF, {pages} page{'s' if pages > 1 else ''}, {size / 1024:.0f} KB"
        assert listed in kit
        # the guide is the moderator's: listed in the kit, neither listed nor shipped on the site;
        # the site's Handouts page gives each PDF a card (title, pages, the size on its button)
        card = (title, f"Pages {pages} page{'s' if pages > 1 else ''}", f"Download ({size / 1024:.0f} KB)")
        assert all(part in page for part in card) == (key != "facilitator-guide")
        assert (flagship_site / "handouts" / flagship_pdfs[key].name).is_file() == (key != "facilitator-guide")
    assert not (flagship_site / "facilitator").exists()
    home = (flagship_site / "index.html").read_text(encoding="utf-8")
    assert flagship_pdfs["workbook"].name in home and flagship_pdfs["facilitator-guide"].name not in home


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A new workshop (`panelpress new`: no site_url) whose mkdocs.yml asks for A4 paper."""
    root = tmp_path_factory.mktemp("small") / "panel"
    run_panelpress("new", str(root), "--title", "Small panel", check=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - panelpress\n",
                                                                 "  - panelpress:\n      paper: a4\n"))
    (root / "site" / "keep.txt").parent.mkdir()
    (root / "site" / "keep.txt").write_text("the site's other files stay")
    return root


def test_handouts_command_uses_paper_from_mkdocs_yml_and_command_line(small):
    result = run_panelpress("handouts", "--root", str(small), check=True)
    assert "no site_url" in result.stdout
    folder = small / "kit" / "handouts"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["small-panel-facilitator-guide.pdf", "small-panel-sign-in.pdf", "small-panel-takeaways.pdf",
                     "small-panel-workbook.pdf"]
    on_site = sorted(p.name for p in (small / "site" / "handouts").iterdir())
    assert on_site == ["small-panel-takeaways.pdf", "small-panel-workbook.pdf"]  # the guide and sign-in stay private
    assert (small / "kit" / "facilitator-guide.html").is_file()
    assert all(page_size(folder / name) == A4 for name in names)
    assert (small / "site" / "keep.txt").is_file()
    workbook = pdf_text(folder / "small-panel-workbook.pdf")
    assert "Pick the best next step." in workbook and "Send it the same week" in workbook
    assert "Send it within a week, with a thank-you." not in workbook  # its model answer
    assert "Online:" not in workbook and "QR code" not in workbook

    run_panelpress("handouts", "--root", str(small), "--paper", "letter", check=True)
    # the takeaways card's sheet is letter turned sideways: two half-letter cards side by side
    assert all(page_size(folder / name) == (LETTER[::-1] if "takeaways" in name else LETTER) for name in names)
    guide = pdf_text(folder / "small-panel-facilitator-guide.pdf")
    assert "Send it within a week, with a thank-you." in guide
    assert "17:00–17:03" in guide and "17:27–17:30" in guide


def test_a_web_page_prints_with_its_collapsed_blocks_open(served_site, watched_page, tmp_path):
    page, watch = watched_page
    page.goto(served_site + "exercises/rewrite-the-cold-message/")
    model = page.locator("details.pp-model-answer")
    assert model.get_attribute("open") is None  # closed on screen
    printed = tmp_path / "page.pdf"
    page.pdf(path=str(printed), format="Letter")
    text = pdf_text(printed)
    assert "Rewrite the cold message" in text
    assert "Facilitator guide" not in text and "Stories" not in text, "navigation printed"
    # a participant's printout holds the model answer only once they have opened it (it is theirs
    # to look at, not to be handed: test_exercises_browser's print test); opened, it prints whole
    assert "Why it works: it names a real point of contact" not in text
    model.locator("summary").click()
    page.pdf(path=str(printed), format="Letter")
    assert "Why it works: it names a real point of contact" in pdf_text(printed)
    assert model.get_attribute("open") is not None  # printing left it as the participant had it
    assert watch.console_errors == []
