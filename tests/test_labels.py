"""Interface strings come from the label catalogue (src/panelpress/labels/), never from a template,
and no template or asset carries a word of a workshop's topic."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, run_panelpress
from panelpress import labels as labels_module
from panelpress.labels import Labels

PACKAGE = REPO / "src" / "panelpress"
SHIPPED = [p for folder in ("templates", "assets", "labels") for p in sorted((PACKAGE / folder).rglob("*"))
           if p.is_file()]
TEMPLATES = [p for p in sorted((PACKAGE / "templates").rglob("*")) if p.suffix in (".html", ".md", ".css", ".txt")]

# the flagship's topic; "USC" only as a word (it is inside "focus", "discuss")
TOPIC = re.compile(r"relationship|networking|referr|coffee|secret sauce|\bUSC\b", re.I)


def test_no_word_of_a_workshop_topic_in_templates_assets_or_labels():
    assert len(SHIPPED) > 20
    found = [f"{p.relative_to(REPO)}:{n}: {m.group(0)!r}"
             for p in SHIPPED for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             for m in [TOPIC.search(line)] if m]
    assert not found, "topic words in shipped files:\n" + "\n".join(found)


# --- no English in a template: every word comes through `t` ---------------------------------------

_TAGS = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.S)
_ATTR_LIST = re.compile(r"\{\s*[#:.][^}\n]*\}")  # Markdown's `{ #id }` after a heading
_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.S)
_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more, any script
_TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label"}
_CSS_STRING = re.compile(r"content:[^;{}]*?\"([^\"]*)\"")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


class _Words(HTMLParser):
    """Words a reader would see: text between tags and in text attributes, not in style or script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        shown = set(_TEXT_ATTRIBUTES) | ({"content"} if tag == "meta" and dict(attrs).get("name") == "description"
                                         else set())
        for name, value in attrs:
            if name in shown and value:
                self.words += _WORD.findall(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.words += _WORD.findall(data)


def english_in_template(source: str, css: bool = False) -> list[str]:
    """The words a template shows that do not come from a label or from data."""
    found = []
    # literal text in a printed expression: `{{ "Best answer" if … }}` (class names and keys pass)
    for expression in _OUTPUT.findall(source):
        for double, single in _STRING.findall(expression):
            literal = double or single
            if _WORD.search(literal) and (re.search(r"[A-Z]", literal) or re.search(r"\w\s+\w", literal)):
                found.append(literal)
    # a printed value becomes a token with no word in it, so `<{{ tag }} class=…>` stays a tag
    text = _ATTR_LIST.sub(" ", _OUTPUT.sub("x0", _TAGS.sub("", source)))
    found += [m for m in _CSS_STRING.findall(_CSS_COMMENT.sub("", text)) if _WORD.search(m)]
    if css or re.match(r"\s*(/\*|@|[.#\w-]+\s*\{)", text):  # a style sheet: only its `content:` strings show
        return found
    parser = _Words()
    parser.feed(text)
    return found + parser.words


def test_templates_show_no_english_of_their_own():
    assert len(TEMPLATES) > 20
    problems = {str(p.relative_to(PACKAGE)): words for p in TEMPLATES
                if (words := english_in_template(p.read_text(encoding="utf-8"), css=p.suffix == ".css"))}
    assert not problems, f"words that should be labels (src/panelpress/labels/en.yml): {problems}"


@pytest.mark.parametrize("snippet", [
    "<h2>Discussion</h2>",
    "## Discussion\n",
    '<img src="x" alt="QR code">',
    '<button aria-label="Start the timer">',
    "{{ 'Best answer' if best else '' }}",
    '<style>.x::after { content: ", page " target-counter(attr(href), page); }</style>',
    '<meta name="description" content="Handout for the workshop">',
])
def test_the_english_check_catches_a_literal(snippet):
    assert english_in_template(snippet)


@pytest.mark.parametrize("snippet", [
    "<h2>{{ t.discussion }}</h2>",
    '<p class="pp-meta">{{ t("led_by", name=slot.lead.name) }} · {{ slot.minutes }}</p>',
    "{{ 'pp-lead' if item.lead else 'pp-para' }}",
    '<style>.x::after { content: {{ t.css("page_ref", page="target-counter(attr(href), page)") }}; }</style>',
    '<meta name="viewport" content="width=device-width"><meta name="generator" content="panelpress">',
    "## {{ slot.title | md_text }} { #slot-{{ slot.number }} }",
])
def test_the_english_check_lets_labels_through(snippet):
    assert not english_in_template(snippet)


# --- the catalogue ---------------------------------------------------------------------------------

def test_counts_are_grammatical():
    t = Labels("en")
    assert [t.count("lessons", n) for n in (0, 1, 2)] == ["0 lessons", "1 lesson", "2 lessons"]
    assert t.count("stories", 1) == "1 story" and t.count("stories", 4) == "4 stories"
    assert t.count("minutes", 1) == "1 minute"


def test_language_falls_back_to_english_key_by_key(tmp_path, monkeypatch):
    shutil.copy(labels_module.CATALOGUES / "en.yml", tmp_path / "en.yml")
    (tmp_path / "fr.yml").write_text('key_points: Points clés\nlessons:\n  one: "{n} leçon"\n'
                                     '  other: "{n} leçons"\n', encoding="utf-8")
    monkeypatch.setattr(labels_module, "CATALOGUES", tmp_path)
    labels_module.catalogue.cache_clear()
    try:
        fr = Labels("fr-CA")  # no fr-CA.yml: fr.yml, then English
        assert fr.key_points == "Points clés"
        assert fr.the_panel == "The panel"
        assert fr.count("lessons", 0) == "0 leçon"  # French: 0 is singular (CLDR, through Babel)
        assert fr.count("lessons", 2) == "2 leçons"
        assert Labels("en-GB").key_points == "Key points"
        assert Labels("fr", {"key_points": "À retenir"}).key_points == "À retenir"
    finally:
        labels_module.catalogue.cache_clear()


def test_filled_labels_escape_data_and_keep_markup():
    from markupsafe import Markup

    t = Labels()
    out = t("rule_condition", question="<b>A & B</b>", answer=Markup("<strong>yes</strong>"))
    assert out == "“&lt;b&gt;A &amp; B&lt;/b&gt;” is <strong>yes</strong>"
    assert Labels("en", {"story_told_by": "{% raw %} by {name}"}).text("story_told_by", name="Ana") == "{% raw %} by Ana"


def test_a_sentence_ending_in_a_linked_question_gets_no_second_stop(second_kit):
    """The negotiation's take-home exercise "Ready to sign?" closes a sentence of the guide: no
    "Ready to sign?." (review26), and a title without its own mark still gets the stop."""
    from markupsafe import Markup

    t = Labels()
    kind = t.segment_lesson
    assert str(t("take_home_in_segment", kind=kind, exercises=Markup('<a href="#x">Ready?</a>'))).endswith("Ready?</a>")
    assert str(t("take_home_in_segment", kind=kind, exercises=Markup('<a href="#x">Ready</a>'))).endswith("Ready</a>.")
    guide = (second_kit / "facilitator-guide.html").read_text(encoding="utf-8")
    assert "Ready to sign?</a>" in guide and "Ready to sign?</a>." not in guide


# --- an author's overrides ------------------------------------------------------------------------

def _set_labels(root: Path, text: str) -> None:
    workshop = root / "data" / "workshop.yml"
    source = workshop.read_text(encoding="utf-8")
    source = re.sub(r"(?ms)^labels:\n(?:  .*\n)*", "", source)
    workshop.write_text(source.rstrip("\n") + "\nlabels:\n" + text, encoding="utf-8")


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


@pytest.mark.build
def test_an_overridden_label_changes_the_site_the_pdfs_and_the_slides(workshop_copy):
    _set_labels(workshop_copy, "  discussion: Talk it through together\n  the_panel: On stage tonight\n"
                               "  lessons:\n    one: \"{n} session\"\n    other: \"{n} sessions\"\n")
    check = run_panelpress("check", "--root", str(workshop_copy))
    assert check.returncode == 0, check.stderr
    assert "3 sessions," in check.stdout
    result = run_panelpress("build", "--root", str(workshop_copy))
    assert result.returncode == 0, result.stderr
    site = workshop_copy / "site"
    lesson = next((site / "lessons").glob("*/index.html")).read_text(encoding="utf-8")
    assert re.search(r"<h2[^>]*>Talk it through together", lesson)
    assert not re.search(r"<h2[^>]*>Discussion", lesson)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2[^>]*>On stage tonight", home)
    guide = _pdf_text(next((workshop_copy / "kit" / "handouts").glob("*-facilitator-guide.pdf")))
    assert "Talk it through together" in guide and "On stage tonight" in guide
    assert "Discussion" not in guide.replace("Discussion questions", "")
    slides = (workshop_copy / "kit" / "slides" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Talk it through together</h2>" in slides
    assert "<h2>Discussion</h2>" not in slides


@pytest.mark.build
def test_an_unknown_label_is_an_error_with_a_suggestion(workshop_copy):
    _set_labels(workshop_copy, "  key_pionts: Main ideas\n")
    result = run_panelpress("check", "--root", str(workshop_copy))
    assert result.returncode == 1
    lines = (workshop_copy / "data" / "workshop.yml").read_text(encoding="utf-8").splitlines()
    row = lines.index("  key_pionts: Main ideas") + 1
    assert f"data/workshop.yml:{row}:3: error: unknown field 'key_pionts' (did you mean 'key_points'?)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_label_with_a_slot_panelpress_does_not_fill_is_an_error(workshop_copy):
    _set_labels(workshop_copy, "  stories_told_by: \"Told by {nmae}\"\n")
    result = run_panelpress("check", "--root", str(workshop_copy))
    assert result.returncode == 1
    lines = (workshop_copy / "data" / "workshop.yml").read_text(encoding="utf-8").splitlines()
    row = lines.index('  stories_told_by: "Told by {nmae}"') + 1
    assert (f"data/workshop.yml:{row}:3: error: the label 'stories_told_by' has a slot 'nmae' that panelpress "
            "does not fill in (did you mean 'name'?)") in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_label_no_longer_used_still_builds_and_check_says_so_at_its_line(workshop_copy):
    """`evaluation_rating_scale` ("1 to 5") went when the rating got its end labels: a workshop
    that still overrides it builds (strict, as always), and `check` names the line to delete."""
    assert "evaluation_rating_scale" not in labels_module.english()
    _set_labels(workshop_copy, "  evaluation_rating_scale: \"from 1 (low) to 5 (high)\"\n")
    lines = (workshop_copy / "data" / "workshop.yml").read_text(encoding="utf-8").splitlines()
    row = lines.index('  evaluation_rating_scale: "from 1 (low) to 5 (high)"') + 1
    check = run_panelpress("check", "--root", str(workshop_copy))
    assert check.returncode == 0, check.stderr
    assert (f"data/workshop.yml:{row}:3: note: the label 'evaluation_rating_scale' is no longer used: a rating "
            "question shows what its ends mean instead") in check.stderr
    assert "(delete `evaluation_rating_scale:` from `labels:`)" in check.stderr
    assert "0 errors, 0 warnings, 1 note" in check.stderr and "no errors" in check.stdout
    assert "Traceback" not in check.stderr
    built = run_panelpress("build", "--root", str(workshop_copy))
    assert built.returncode == 0, built.stderr
    evaluation = (workshop_copy / "site" / "evaluation" / "index.html").read_text(encoding="utf-8")
    assert "1 = Not at all" in evaluation  # the rating still says what its ends mean …
    assert "from 1 (low)" not in evaluation  # … and the retired wording is nowhere


@pytest.mark.build
def test_a_template_override_asking_for_a_missing_label_gets_a_hint(workshop_copy):
    (workshop_copy / "templates" / "site").mkdir(parents=True, exist_ok=True)
    source = (PACKAGE / "templates" / "site" / "stories.md").read_text(encoding="utf-8")
    (workshop_copy / "templates" / "site" / "stories.md").write_text(
        source.replace("t.stories_lead", "t.stories_laed"), encoding="utf-8")
    result = run_panelpress("build", "--root", str(workshop_copy))
    assert result.returncode == 1
    assert "templates/site/stories.md:3:1: error: template error: there is no label 'stories_laed'" in result.stderr
    assert "did you mean 'stories_lead'" in result.stderr


@pytest.mark.build
def test_check_counts_one_of_a_kind_in_the_singular(tmp_path):
    run_panelpress("new", str(tmp_path / "ws"), check=True)
    result = run_panelpress("check", "--root", str(tmp_path / "ws"), check=True)
    assert re.search(r": 1 lesson, 1 story, 2 exercises, \d+ minutes of agenda: no errors", result.stdout), \
        result.stdout


@pytest.mark.build
def test_the_second_workshops_audit_speaks_of_rows_not_of_the_flagship(second_site):
    page = (second_site / "exercises" / "offer-audit" / "index.html").read_text(encoding="utf-8")
    assert ">Add a row</button>" in page
    assert "Add a offer" not in page and "Add a Offer" not in page
    assert "<caption>Answer each question for each row</caption>" in page
    assert not TOPIC.search(page)


@pytest.mark.browser
def test_the_scripts_speak_the_overridden_labels(workshop_copy, browser):
    """The exercise script and the slide timer take their words from the page (the catalogue with
    the workshop's overrides), not from their own code."""
    from playwright.sync_api import expect

    from conftest import serve

    _set_labels(workshop_copy, "  audit_pending: Still open\n  audit_remove_row: \"Take {row} away\"\n"
                               "  words:\n    one: \"{n} mot\"\n    other: \"{n} mots\"\n"
                               "  checklist_progress: \"{done}/{total} prêts\"\n"
                               "  timer_running: \"en cours · T pour arrêter\"\n")
    run_panelpress("build", "--root", str(workshop_copy), check=True)
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(workshop_copy) as url:  # its site/ and its kit/
            page.goto(f"{url}site/exercises/relationship-audit/")
            audit = page.locator(".pp-exercise")
            expect(audit.locator(".pp-verdict").first).to_have_text("Still open")
            expect(audit.get_by_role("button", name="Take Contact 2 away")).to_be_visible()
            page.goto(f"{url}site/exercises/rewrite-the-cold-message/")
            page.locator("textarea").first.fill("One")
            expect(page.locator(".pp-words")).to_have_text("1 mot")
            page.locator("textarea").first.fill("One two three")
            expect(page.locator(".pp-words")).to_have_text("3 mots")
            page.goto(f"{url}site/exercises/make-it-easy-to-refer-you/")
            page.locator(".pp-checklist input").first.check()
            expect(page.locator(".pp-progress__text")).to_have_text(re.compile(r"^1/\d+ prêts$"))
            page.goto(f"{url}kit/slides/index.html")
            page.wait_for_function("window.Reveal && Reveal.isReady()")  # loaded once the title shows
            timer = page.locator(".pp-timer").first
            page.evaluate("() => Reveal.slide(Array.from(document.querySelectorAll('.reveal .slides > section'))"
                          ".findIndex(s => s.querySelector('.pp-timer')))")
            timer.locator(".pp-timer__face").click()
            expect(timer.locator(".pp-timer__hint")).to_have_text("en cours · T pour arrêter")
    finally:
        context.close()
