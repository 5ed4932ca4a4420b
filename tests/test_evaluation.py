"""The evaluation: a page where answers stay in the browser and go out by e-mail (Chromium), a
one-page paper form that asks every question, and QR codes to it on the takeaways card and the
closing slide, for the flagship and the second workshop."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from pypdf import PdfReader

from panelpress.typography import smarten
from conftest import PHONE, REPO, SECOND, straight


def _evaluation(root: Path) -> dict:
    return yaml.safe_load((root / "data" / "workshop.yml").read_text(encoding="utf-8"))["evaluation"]


def _words(text: str) -> str:
    return " ".join(text.split())


CASES = [("flagship", REPO, "networking-secret-sauce"), ("second", SECOND, "first-offer")]


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def built(request, flagship_site, second_site):
    name, root, workshop_id = request.param
    return (flagship_site if name == "flagship" else second_site), root, workshop_id


# --- paper ---------------------------------------------------------------------------------------


@pytest.mark.build
def test_paper_form_is_one_page_and_asks_every_question(built):
    site, root, workshop_id = built
    reader = PdfReader(site / "handouts" / f"{workshop_id}-evaluation.pdf")
    assert len(reader.pages) == 1
    text = _words(reader.pages[0].extract_text())
    questions = _evaluation(root)["questions"]
    for q in questions:
        asked = 2 if q.get("when") == "both" else 1
        assert text.count(_words(q["question"])) == asked, q["question"]
        for option in q.get("options", []):
            # set typographically, like every output; the text layer reads its quotes as typed (text_layer.py)
            assert straight(smarten(option)) in text
    assert text.index("At the start of the workshop") < text.index("At the end of the workshop")
    # a rating is five numbers to circle, with the words for its ends when the data gives them
    rating = next(q for q in questions if q["kind"] == "rating" and q.get("low"))
    after = text[text.index(_words(rating["question"])):]
    assert re.match(re.escape(_words(rating["question"])) + r"\s*" + re.escape(rating["low"]) + r"\s*1\s*2\s*3\s*4\s*5",
                    after), after[:200]


@pytest.mark.build
def test_takeaways_card_and_closing_slide_lead_to_the_evaluation(built):
    """The QR codes open the organiser's form when there is one (second workshop), else the
    site's evaluation page under site_url (flagship); the card stays one card (front and back)."""
    from panelpress.slides.html import qr_svg

    site, root, workshop_id = built
    own_form = _evaluation(root).get("url")
    site_url = re.search(r"^site_url:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]
    target = own_form or site_url.rstrip("/") + "/evaluation/"
    card = PdfReader(site / "handouts" / f"{workshop_id}-takeaways.pdf")
    assert len(card.pages) == 2  # the card's front (the takeaways), then its back (QR codes, reading)
    assert target in _words(card.pages[-1].extract_text()).replace(" ", "")
    deck = (site.parent / "kit" / "slides" / "index.html").read_text(encoding="utf-8")  # the deck is in the private kit
    closing = deck[deck.index("pp-qr--feedback"):]
    # the same encoder, the same address: the figure holds the code for `target`
    code = str(qr_svg(target, ""))
    assert code[code.index("<path"):] in closing[:len(code) + 400]
    assert "Your feedback" in closing[:closing.index("</figure>")]


@pytest.mark.build
def test_speaker_notes_ask_for_each_part_in_time(built):
    """The before/after question shows change only if the room answers it at the opening too: the
    title slide's notes list the questions for the start, the closing slide's those for the end."""
    site, root, _ = built
    deck = (site.parent / "kit" / "slides" / "index.html").read_text(encoding="utf-8")  # the deck is in the private kit
    notes = re.findall(r'<aside class="notes">(.*?)</aside>', deck, re.S)
    opening, closing = notes[0], notes[-1]
    for q in _evaluation(root)["questions"]:
        when = q.get("when", "after")
        shown = q["question"].replace("'", "&#39;").replace('"', "&#34;")
        assert (shown in opening) == (when in ("before", "both")), q["question"]
        assert (shown in closing) == (when in ("after", "both")), q["question"]
    assert "Feedback, now" in opening and "Feedback, before people leave" in closing


# --- the page, in Chromium ---------------------------------------------------------------------------


@pytest.mark.browser
def test_answers_stay_after_a_reload_and_go_into_the_email(served_site, watched_page):
    page, watch = watched_page
    questions = _evaluation(REPO)["questions"]
    page.goto(served_site + "evaluation/")
    expect(page.locator(".pp-eval-copy")).to_be_visible()  # the script has taken over

    confidence = next(q for q in questions if q.get("when") == "both")
    before = page.locator(f'.pp-eval-q[data-field="{confidence["id"]}:before"]')
    after = page.locator(f'.pp-eval-q[data-field="{confidence["id"]}:after"]')
    before.get_by_text("2", exact=True).click()
    after.get_by_text("4", exact=True).click()
    several = next(q for q in questions if q["kind"] == "choice" and q.get("multiple"))
    box = page.locator(f'.pp-eval-q[data-field="{several["id"]}:after"]')
    box.get_by_label(smarten(several["options"][0])).check()
    box.get_by_label(smarten(several["options"][2])).check()
    text = next(q for q in questions if q["kind"] == "text")
    page.locator(f'.pp-eval-q[data-field="{text["id"]}:after"] textarea').fill("Write to two people — café & co.")

    page.reload()
    expect(page.locator(".pp-eval-copy")).to_be_visible()
    expect(before.locator('input[value="2"]')).to_be_checked()
    expect(after.locator('input[value="4"]')).to_be_checked()
    expect(box.get_by_label(smarten(several["options"][0]))).to_be_checked()
    expect(box.get_by_label(smarten(several["options"][1]))).not_to_be_checked()
    expect(page.locator(f'.pp-eval-q[data-field="{text["id"]}:after"] textarea')).to_have_value(
        "Write to two people — café & co.")

    href = page.locator(".pp-eval-mail").get_attribute("href")
    address, _, query = href.removeprefix("mailto:").partition("?")
    assert address == _evaluation(REPO)["email"]
    fields = urllib.parse.parse_qs(query)
    assert fields["subject"] == ["Feedback: Networking: is it the secret sauce?"]
    body = straight(fields["body"][0].replace("\r\n", "\n"))  # the options are set typographically on the page
    start, end = body.index("At the start of the workshop"), body.index("At the end of the workshop")
    assert f'{confidence["question"]} (1 = {confidence["low"]}, 5 = {confidence["high"]})\nAnswer: 2' in body[start:end]
    assert f'{confidence["question"]} (1 = {confidence["low"]}, 5 = {confidence["high"]})\nAnswer: 4' in body[end:]
    assert f'{several["question"]}\nAnswer: {several["options"][0]}; {several["options"][2]}' in body
    assert f'{text["question"]}\nAnswer: Write to two people — café & co.' in body
    for q in questions:  # every question is in the e-mail, answered or not
        assert q["question"] in body
    assert "Answer: (no answer)" in body

    page.get_by_role("button", name="Clear my answers").click()
    expect(before.locator('input[value="2"]')).not_to_be_checked()
    page.get_by_role("button", name="Undo").click()  # a slip of the thumb is undone
    # the Undo is gone: the keyboard stays beside it (as on an exercise), not at the page's top
    expect(page.get_by_role("button", name="Clear my answers")).to_be_focused()
    expect(before.locator('input[value="2"]')).to_be_checked()
    expect(after.locator('input[value="4"]')).to_be_checked()
    expect(page.get_by_role("button", name="Undo")).to_be_hidden()
    page.get_by_role("button", name="Clear my answers").click()
    expect(before.locator('input[value="2"]')).not_to_be_checked()
    page.reload()
    expect(page.locator(".pp-eval-copy")).to_be_visible()
    expect(after.locator('input[value="4"]')).not_to_be_checked()
    assert watch.console_errors == [] and watch.offsite_requests == []


@pytest.mark.browser
def test_second_workshop_page_links_the_organisers_form(served_second, watched_page):
    page, watch = watched_page
    evaluation = _evaluation(SECOND)
    page.goto(served_second + "evaluation/")
    expect(page.get_by_role("link", name=smarten("Open the organisers' form"))).to_have_attribute("href", evaluation["url"])
    for q in evaluation["questions"]:
        expect(page.locator(".pp-eval-q", has_text=q["question"]).first).to_be_visible()
    # near the takeaways in the navigation
    nav = [t.strip() for t in page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link").all_inner_texts()]
    assert nav.index("Your feedback") == nav.index("Takeaways & resources") + 1
    assert watch.console_errors == [] and watch.offsite_requests == []


@pytest.mark.browser
def test_copy_puts_the_answers_on_the_clipboard_or_shows_them(served_site, browser):
    question = next(q for q in _evaluation(REPO)["questions"] if q["kind"] == "text")
    for allowed in (True, False):
        context = browser.new_context(viewport=PHONE)
        if allowed:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
        else:  # as on a site served over plain http from another machine: no navigator.clipboard
            context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page = context.new_page()
        page.goto(served_site + "evaluation/")
        page.locator(f'.pp-eval-q[data-field="{question["id"]}:after"] textarea').fill("Ask for advice first")
        page.get_by_role("button", name="Copy my answers").click()
        status = page.locator(".pp-eval-send .pp-status")
        if allowed:
            expect(status).to_have_text("Your answers are copied; paste them into an e-mail or the organisers' form.")
            copied = page.evaluate("navigator.clipboard.readText()")
        else:  # no clipboard for this page: the same text, shown and selected to copy by hand
            expect(status).to_contain_text("select the text below")
            box = page.locator("textarea.pp-eval-text")
            expect(box).to_be_visible()
            copied = box.input_value()
        assert f'{question["question"]}\nAnswer: Ask for advice first' in copied.replace("\r\n", "\n")
        context.close()
