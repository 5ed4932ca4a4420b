"""Typographic quotes, apostrophes, dashes and ellipses in every output (issue 16, point 11):
what an author types on a keyboard ("quotes", it's, --, ...) reads as set text (“quotes”,
it’s, –, …) on the site, in the PDFs and on the slides; code, addresses and the exercises' JSON
keep what was typed; the leak check still finds a note whichever way it is set."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup

from conftest import REPO, run_panelpress, straight
from panelpress import labels, leaks, render
from panelpress.project import Project
from panelpress.typography import fold, smarten

TYPED = 'Say "yes" -- it\'s the easy part... then wait --- really'
SET = "Say “yes” – it’s the easy part… then wait — really"


# --- the substitutions ---------------------------------------------------------------------

def test_plain_text_is_set_typographically():
    assert smarten(TYPED) == SET
    assert smarten("'Hello,' she said; the students' work, in the '90s") == "‘Hello,’ she said; the students’ work, in the ’90s"
    assert smarten('"\'nested\'"') == "“‘nested’”"


def test_each_language_gets_its_own_quote_marks_and_the_same_apostrophe():
    assert smarten('"it\'s"', "de") == "„it’s“"
    assert smarten('"it\'s"', "en-GB") == "“it’s”"  # CLDR: British English sets the same glyphs
    assert smarten('"oui"', "fr") == "«\u202foui\u202f»"


def test_a_trailing_symbol_stays_with_the_word_before_it():
    """Review 24: "🎯" at a takeaway's end wrapped alone onto a line of the card and the slide."""
    assert smarten("not only the salary. 🎯") == "not only the salary.\u00a0🎯"
    assert smarten("Next step →") == "Next step\u00a0→"
    assert smarten("Say it ✓✓") == "Say it\u00a0✓✓"
    for kept in ("a plain sentence", "ends with a word", "she said yes!", "one (two)", "x 1"):
        assert smarten(kept) == kept
    assert fold(smarten("the salary. 🎯")) == "the salary. 🎯"  # the leak check reads it as typed


def test_addresses_are_never_changed():
    for address in ("https://example.org/a--b...c", "mailto:x@example.org", "a--b/c...d"):
        assert smarten(address) == address


def test_markdown_fields_go_through_smarty_but_code_stays_as_typed():
    token = labels.use(labels.Labels("en"))
    try:
        out = str(render.md(TYPED + ' and `"code" -- it\'s...`\n\n```\nx = "a" -- b...\n```'))
    finally:
        labels.done(token)
    assert SET in html.unescape(out)
    assert '<code>"code" -- it\'s...</code>' in html.unescape(out)
    assert 'x = "a" -- b...' in html.unescape(out)


def test_templates_set_plain_text_but_leave_markup_and_json_alone(tmp_path):
    env = render.make_environment(None)
    template = env.from_string('<p title="{{ text }}">{{ text }}</p>{{ html }}<script>{{ data | tojson }}</script>'
                               '<a href="{{ url }}">{{ t("exercise_title", title=text) }}</a>')
    out = template.render(text=TYPED, html=Markup('<b class="x">"as is"</b>'), data={"answer": TYPED},
                          url="https://example.org/a--b")
    assert out.count(html.escape(SET, quote=True)) == 2 or out.count(SET) >= 2
    assert '<b class="x">"as is"</b>' in out  # markup keeps its straight attribute quotes
    assert json.loads(re.search(r"<script>(.*)</script>", out)[1].replace("\\u0027", "'"))["answer"] == TYPED
    assert 'href="https://example.org/a--b"' in out
    assert f"Exercise: {SET}" in html.unescape(out)


# --- the leak check ---------------------------------------------------------------------------

def test_a_facilitators_note_with_an_apostrophe_is_still_caught_when_set(workshop_copy, tmp_path):
    """The data says it's and --, the page (set by the same templates) says it’s and –: the
    check folds both, so the leak is found. Without folding, the two never match."""
    note = "Don't read this aloud -- it's the moderator's cue for a \"quiet\" room."
    lesson = workshop_copy / "data" / "lessons" / "networking-is-making-friends.yml"
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["facilitator_notes"] = note  # the note is its own longest sentence: the span looked for
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    shown = smarten(note)
    assert shown != note and note not in shown
    (site / "page.html").write_text(f"<article><p>{html.escape(shown)}</p></article>", encoding="utf-8")
    found = leaks.check(Project(workshop_copy), site)
    assert [leak.secret.field for leak in found if "moderator" in leak.secret.shown] == ["facilitator_notes"]
    assert fold(shown) == fold(note)  # one form for both: what the check compares


# --- every output, built --------------------------------------------------------------------

@pytest.fixture(scope="module")
def typed_build(tmp_path_factory) -> Path:
    """The flagship with an exercise whose title (plain text) and prompt (Markdown) are typed
    with straight quotes, an apostrophe, -- and ..., and a code span in the prompt."""
    from conftest import copy_workshop

    root = copy_workshop(REPO, tmp_path_factory.mktemp("typed") / "workshop", like="flagship")
    path = root / "data" / "exercises" / "rewrite-the-cold-message.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: 'Rewrite the \"cold\" message -- it''s yours...'", text, count=1)
    assert "\nprompt: |\n" in text
    text = text.replace("\nprompt: |\n", "\nprompt: |\n  Make it \"warm\" -- it's a start... Keep `\"code\" -- as is...`.\n\n", 1)
    path.write_text(text, encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    return root


TITLE = "Rewrite the “cold” message – it’s yours…"
PROMPT = "Make it “warm” – it’s a start…"
CODE = '"code" -- as is...'


@pytest.mark.build
def test_a_site_page_sets_plain_and_markdown_text_and_keeps_code(typed_build):
    page = (typed_build / "site" / "exercises" / "rewrite-the-cold-message" / "index.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert TITLE in shown and PROMPT in shown
    assert f"<code>{CODE}</code>" in html.unescape(page)
    data = json.loads(html.unescape(re.search(r'<script type="application/json" class="pp-labels">(.*?)</script>',
                                              page, re.S)[1]))
    assert data  # the scripts' labels are still JSON


@pytest.mark.build
def test_the_workbook_pdf_sets_them_too(typed_build):
    from pypdf import PdfReader

    pdf = next((typed_build / "site" / "handouts").glob("*-workbook.pdf"))
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())
    # the page shows the set quotes (next test); its text layer reads them as typed, so a search
    # for "it's" or a line copied into an e-mail finds and keeps what a keyboard types
    assert straight(TITLE) in text and straight(PROMPT) in text
    assert "–" in text and "…" in text  # dashes and ellipses are characters people type as well
    assert CODE in text


def test_a_pdf_shows_set_quotes_and_its_text_layer_reads_them_as_typed():
    import pypdfium2
    from pypdf import PdfReader
    from io import BytesIO

    from panelpress.handouts.typeset import typeset

    def typeset_one(text):
        data, _, _ = typeset(f'<p style="font-size: 40pt">{text}</p>', None)
        page = pypdfium2.PdfDocument(data)[0]
        pixels = page.render(scale=1).to_pil().tobytes()
        return PdfReader(BytesIO(data)).pages[0].extract_text().strip(), pixels

    set_text, set_pixels = typeset_one("“Yes” – it’s ‘done’ „ja“")
    typed_text, typed_pixels = typeset_one("\"Yes\" – it's 'done' \"ja\"")
    assert set_text == typed_text == "\"Yes\" – it's 'done' \"ja\""
    assert set_pixels != typed_pixels  # the glyphs on the page are the typographic ones


@pytest.mark.build
def test_a_slide_sets_them_too(typed_build):
    deck = (typed_build / "kit" / "slides" / "index.html").read_text(encoding="utf-8")
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", deck)).split())
    assert TITLE in shown and PROMPT in shown
    assert CODE in shown


def test_smarty_runs_on_the_authors_pages_only():
    """MkDocs converts each page with the configured extensions: the pages panelpress makes are
    typographic already, so smarty turns quotes only on the author's own pages (site/smarty.py)."""
    import markdown

    from panelpress.site import smarty

    md = markdown.Markdown(extensions=["panelpress.site.smarty"])
    token = smarty.AUTHORS_PAGE.set(True)
    try:
        assert "&rsquo;" in md.reset().convert("The panel's answer -- in \"quotes\".")
        smarty.AUTHORS_PAGE.set(False)
        assert md.reset().convert("The panel's answer.") == "<p>The panel's answer.</p>"
    finally:
        smarty.AUTHORS_PAGE.reset(token)


def test_the_authors_docs_page_is_set_typographically(flagship_site):
    about = (flagship_site / "about" / "index.html").read_text(encoding="utf-8")
    assert "veteran&rsquo;s" in about and "veteran's" not in about


def test_the_cards_trailing_symbol_is_printed_beside_its_word(second_site):
    """The negotiation's first takeaway ends " 🎯": on the card it stays on the line of "salary."."""
    card = next((second_site / "handouts").glob("*-takeaways.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(card), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if "🎯" in line]
    assert lines and all("salary." in line for line in lines), lines


def test_the_navigation_keeps_its_titles_words_whole_as_the_whole_pass_does():
    """Before a page's content (Material's header and navigation: the site's titles, this page's
    headings) the words of those titles are looked for alone (typography.unbroken_known): the
    same page as a pass over all of its text, in a fraction of the time."""
    from panelpress.typography import hyphenated, unbroken, unbroken_known

    before = ('<header><a href="/follow-up/" title="Follow-up call">Follow-up call</a></header><nav>'
              '<a class="md-nav__link" href="../e-mail/"><span class="md-ellipsis">\n  Writing the e-mail\n</span></a>'
              '<a>Follow-up-ish ideas</a><svg><title>Follow-up</title></svg><script>x="e-mail"</script>'
              '<li>Cold e-mail</li></nav>')
    words = hyphenated("Follow-up call") | hyphenated("Writing the e-mail") | hyphenated("Follow-up-ish ideas")
    assert words == {"Follow-up", "e-mail", "Follow-up-ish"}
    assert unbroken_known(before, words) == unbroken(before)
    # the texts, not the link's address, its title attribute, the icon's title or the script
    assert unbroken_known(before, words).count("white-space: nowrap") == 4
