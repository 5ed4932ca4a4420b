"""The website as review 21 found it wanting (issue 16), checked on the built pages of every
kind of workshop: the flagship, the second workshop (names in Arabic and Devanagari script, a
title with quotes) and the one `panelpress new` makes."""

from __future__ import annotations

import re

import pytest
import yaml
from pypdf import PdfReader

from conftest import PHONE, REPO, SECOND, straight, unwrapped
from panelpress import names
from test_site import text_of


def _workshop(root):
    return yaml.safe_load((root / "data" / "workshop.yml").read_text(encoding="utf-8"))


def _people(root):
    panel = _workshop(root)["panel"]
    return [panel["moderator"], *panel["panelists"]]


# --- 1. words for the author stay out of the participants' pages -----------------------------

AUTHOR_WORDS = ("data/", "make site", "workshop.yml", "Replace it with your own", "replace it with your own",
                "example line-up", "Hand-written pages")


@pytest.mark.parametrize("page", ["about/index.html", "index.html", "panel/index.html"])
def test_public_pages_say_nothing_to_the_author(flagship_site, scaffold_site, page):
    for site in (flagship_site, scaffold_site):
        text = text_of(site / page)
        for words in AUTHOR_WORDS:
            assert words not in text, (site, page, words)
    assert "About this workshop" in text_of(flagship_site / "about/index.html")


def test_the_flagship_moderators_bio_is_public_text(flagship_site, flagship_kit):
    bio = " ".join(_people(REPO)[0]["bio"].split())
    assert bio in text_of(flagship_site / "panel/index.html")
    assert "replace" not in bio.lower()
    briefing = next((flagship_kit).rglob("*briefing*dana*.pdf"))
    assert "example line-up" not in "".join(p.extract_text() for p in PdfReader(briefing).pages)


# --- 2. the home page: the panel at a glance, each name once in its own script ----------------

@pytest.mark.parametrize("which", ["flagship", "second"])
def test_home_shows_the_panel_at_a_glance_and_links_to_the_bios(flagship_site, second_site, which):
    site, root = {"flagship": (flagship_site, REPO), "second": (second_site, SECOND)}[which]
    html = unwrapped((site / "index.html").read_text(encoding="utf-8"))
    home, panel = text_of(site / "index.html"), text_of(site / "panel/index.html")
    for person in _people(root):
        bio_start = straight(" ".join(person["bio"].split()))[:50]
        bio_start = re.sub(r"[*_`]", "", bio_start)
        assert bio_start not in home, f"{person['id']}'s bio is repeated on the home page"
        assert bio_start in panel, f"{person['id']}'s bio is not on Meet the panel"
        assert f'href="panel/#{person["id"]}"' in html, f"{person['id']}'s card does not lead to their bio"
        display, native = names.split(person["name"], person.get("name_latin"))
        assert straight(display) in home
        if native:  # once, on the card; the agenda names the person by the Latin form
            assert home.count(native) == 1, (person["id"], home.count(native))


def test_agenda_names_the_people_participants_read_about(second_site):
    home = unwrapped((second_site / "index.html").read_text(encoding="utf-8"))
    agenda = home[home.index('<table class="pp-agenda">'): home.index("</table>")]
    leads = re.findall(r"<td>([^<>]*)</td>\s*</tr>", agenda)
    assert "Layla Haddad" in leads and "Ananya Sharma" in leads and "Kim Min-jun" in leads, leads
    assert not re.search(r"[\u0600-\u06ff\u0900-\u097f\uac00-\ud7af]", " ".join(leads)), leads
    panel = text_of(second_site / "panel/index.html")
    for shown in ("Layla Haddad (ليلى حداد)", "Ananya Sharma (अनन्या शर्मा)", "Kim Min-jun (김민준)"):
        assert shown in panel, shown
    stories = text_of(second_site / "stories/index.html")  # the stories list's bylines too
    assert "Ananya Sharma (अनन्या शर्मा)" in stories, stories[:400]


def test_the_panel_cards_fill_their_rows(served_site, served_second, browser):
    """Four people: four across on a desktop, two by two on a phone; never one card alone."""
    for url in (served_site, served_second):
        for width, height, rows in ((1280, 800, 1), (390, 844, 2)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(url)
            tops = page.eval_on_selector_all(".pp-panel > li", "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
            context.close()
            assert len(tops) == 4
            per_row = [tops.count(top) for top in sorted(set(tops))]
            assert len(per_row) == rows and len(set(per_row)) == 1, (url, width, per_row)


# --- 3-4. a lesson's stories as prose, its exercise cards readable ------------------------------

def test_a_lesson_tells_its_stories_in_prose_not_slide_beats(flagship_site):
    stories = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "data/anecdotes").glob("*.yml")}
    for path in (REPO / "data/lessons").glob("*.yml"):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        html = unwrapped((flagship_site / "lessons" / lesson["id"] / "index.html").read_text(encoding="utf-8"))
        text = text_of(flagship_site / "lessons" / lesson["id"] / "index.html")
        assert 'class="pp-beats"' not in html
        for story_id in lesson.get("anecdotes", []):
            story = stories[story_id]
            opening = " ".join(story["story"].strip().split("\n\n")[0].split())
            assert re.sub(r"[*_`]", "", opening)[:60] in text, story_id
            assert story["beats"][-1] not in text, story_id  # the beats stay on the slides
        if lesson.get("anecdotes"):
            assert "Read the whole story" in text


def test_an_exercise_cards_kind_and_time_read_on_their_own_line(served_site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + "lessons/networking-is-making-friends/")
    cards = page.eval_on_selector_all(".pp-exercise-card", """cards => cards.map(card => {
        const title = card.querySelector('.admonition-title').getBoundingClientRect();
        const meta = card.querySelector('.pp-exercise-card__meta');
        return {below: meta.getBoundingClientRect().top >= title.bottom - 1,
                size: parseFloat(getComputedStyle(meta).fontSize), text: meta.textContent}; })""")
    context.close()
    assert cards
    for card in cards:
        assert card["below"], card
        assert card["size"] >= 13, card  # was 11.5 px
    assert any(re.search(r"\d+ min · in the workshop, \d\d:\d\d–\d\d:\d\d", c["text"]) for c in cards), cards


# --- 5-6. the takeaways card said as it is, the handouts page on a phone -----------------------

def test_the_takeaways_page_describes_the_card_it_links(flagship_site, second_site):
    for site in (flagship_site, second_site):
        page = site / "takeaways/index.html"
        text = text_of(page)
        card = re.search(r'href="\.\./(handouts/[^"]+-takeaways\.pdf)"', page.read_text(encoding="utf-8"))
        pages = len(PdfReader(site / card.group(1)).pages)
        assert "on one page" not in text
        assert f"PDF, {pages} pages" in text and "pocket card" in text
        if pages == 2:  # a front and a back
            assert re.search(r"Double-sided: \d cards to a sheet, cut along the marks\.", text), text


def test_the_handouts_page_on_a_phone_gives_the_text_the_width(served_site, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site + "print/")
    facts = page.eval_on_selector_all(".pp-handout-card__facts dd", """dds => dds.map(dd => {
        const lines = dd.getBoundingClientRect().height / parseFloat(getComputedStyle(dd).lineHeight);
        return {lines: Math.round(lines), width: dd.getBoundingClientRect().width}; })""")
    context.close()
    assert facts
    assert max(f["lines"] for f in facts) <= 3, facts  # "Printing" took five lines beside the cover
    assert min(f["width"] for f in facts) > 200, facts


# --- 7. the title as the workshop sets it, everywhere ----------------------------------------

def test_the_sites_name_is_set_typographically(second_site):
    home = unwrapped((second_site / "index.html").read_text(encoding="utf-8"))
    title = re.search(r"<title>([^<]*)</title>", home).group(1)
    assert "“real”" in title and '"real"' not in title and "&quot;real&quot;" not in title, title
    header = home[home.index('class="md-header__topic"'):][:400]
    assert "“real”" in header, header


# --- 9. an address that is not there -----------------------------------------------------------

@pytest.mark.parametrize("which", ["flagship", "second"])
def test_the_404_page_says_so_and_leads_home(flagship_site, second_site, which):
    site = {"flagship": flagship_site, "second": second_site}[which]
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "404 - Not found" not in html
    assert "<h1>Page not found</h1>" in html
    home = re.search(r'<a class="md-button md-button--primary" href="([^"]+)">Go to the home page</a>', html)
    assert home, "no way back"
    assert home.group(1).rstrip(".").endswith("/")
