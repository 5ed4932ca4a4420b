"""The facilitator guide's Say column and the moderator script's "What to say" hold words the
moderator says (review 23): a story segment hands the story over by the teller's name ("Dana, tell
us about …"), the "who tells what" direction and the story's point are in Do; a closing without
`say:` thanks the panel; the spare questions' introduction reads as a sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from conftest import REPO, SECOND, straight, unwrapped
from panelpress import handouts
from test_after import load  # the workshop, its Jinja environment and options, as a build has them

KITS = {"flagship": ("flagship_kit", REPO), "negotiation": ("second_kit", SECOND)}


def text_of(markup: str) -> str:
    return " ".join(straight(re.sub(r"<[^>]+>", " ", unwrapped(markup))).replace("&amp;", "&").split())


def pdf_text(path: Path) -> str:
    return " ".join(straight(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)).split())


def say_and_do(guide: str) -> list[tuple[str, str]]:
    """Each segment's (Say, Do) text, from the HTML the guide's PDF is typeset from."""
    out = []
    for section in guide.split('<section class="pp-segment"')[1:]:
        section = section.split("</section>")[0]
        box = section.split('<div class="pp-story">')[0]  # a story's telling follows its say/do box
        say = box.split('<div class="pp-say">')[1].split('<div class="pp-do">')[0] if "pp-say" in box else ""
        do = box.split('<div class="pp-do">')[1] if "pp-do" in box else ""
        out.append((text_of(say), text_of(do)))
    return out


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "negotiation"])
def test_a_story_segment_says_the_hand_over_and_does_the_direction(root):
    workshop, env, options = load(root)
    t = workshop.labels
    guide = handouts.render_html(workshop, env, options, next(h for h in handouts.HANDOUTS if h.key == "facilitator-guide"))
    boxes = say_and_do(guide)
    stories = [(slot, story) for slot in workshop.agenda for story in slot.anecdotes]
    assert stories
    for slot, story in stories:
        direction = straight(t.plain("guide_tell", title=story.title, name=story.teller.display_name))
        handover = straight(t.plain("guide_handover", title=story.title, name=story.teller.called))
        assert not handover.startswith(story.teller.display_name + ",") or story.teller.called == story.teller.display_name
        box = next(b for b in boxes if direction in b[1])  # the direction and the point: Do
        assert straight(story.moral) in box[1] and direction not in box[0]
        if not slot.say:  # no words of the author's own: the hand-over, by the name the teller is called
            assert handover in box[0], story.id
        assert not box[0].startswith("Tell ")
    assert "Tell “" not in guide and "Tell &#34;" not in guide


@pytest.mark.parametrize("name", sorted(KITS))
def test_the_moderator_script_hands_each_story_over_and_the_briefings_do_not(name, request):
    fixture, root = KITS[name]
    kit = request.getfixturevalue(fixture)
    workshop, *_ = load(root)
    t = workshop.labels
    script = pdf_text(kit / "panel" / f"{workshop.id}-moderator-script.pdf")
    for slot in workshop.agenda:
        for story in slot.anecdotes:
            if slot.say or story.teller.is_moderator:
                continue
            handover = straight(t.plain("guide_handover", title=story.title, name=story.teller.called))
            assert f"{t.pk_say.upper()} {handover}" in script, story.id  # under "What to say"
            briefing = pdf_text(kit / "panel" / f"{workshop.id}-briefing-{story.teller.id}.pdf")
            assert handover not in briefing  # the moderator's words, not the teller's
    assert "Backups no segment asks" not in script
    if workshop.spare_questions:
        assert straight(t.plain("pk_spare_intro")) in script


def test_the_negotiation_closing_thanks_the_panel_by_name(second_kit):
    workshop, *_ = load(SECOND)
    closing = next(slot for slot in workshop.agenda if slot.kind == "closing")
    assert not closing.say
    names = workshop.labels.listed(p.display_name for p in workshop.panelists)
    assert names == "Layla Haddad, Ananya Sharma and Kim Min-jun"  # en-GB: no serial comma (CLDR)
    thanks = f"Please join me in thanking our panel: {names}."
    script = pdf_text(second_kit / "panel" / f"{workshop.id}-moderator-script.pdf")
    assert f"WHAT TO SAY Thank you all for coming. {thanks}" in script
    guide = pdf_text(second_kit / "handouts" / f"{workshop.id}-facilitator-guide.pdf")
    assert thanks in guide


def test_a_closing_with_its_own_words_keeps_them(flagship_kit):
    workshop, *_ = load(REPO)
    script = pdf_text(flagship_kit / "panel" / f"{workshop.id}-moderator-script.pdf")
    assert "Please join me in thanking our panel:" not in script  # the flagship's closing has a say:
    assert "Then please join me in thanking our panel." in script


@pytest.mark.browser
def test_on_a_phone_say_and_do_are_each_the_pages_width(second_kit, browser):
    """The kit's guide page on a phone puts Say above Do; a short Say (the negotiation's "Debrief"
    and one question) shrank to its text, 80 % of the width, over a full-width Do (review26)."""
    from conftest import PHONE

    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto((second_kit / "facilitator-guide.html").as_uri())
        widths = page.evaluate("""() => [...document.querySelectorAll('.pp-saydo')].map(row =>
            [...row.querySelectorAll(':scope > .pp-say, :scope > .pp-do')].map(box => box.getBoundingClientRect().width))""")
    finally:
        context.close()
    pairs = [w for w in widths if len(w) == 2]
    assert pairs
    for say, do in pairs:
        assert abs(say - do) < 1, (say, do)
