"""The kit's follow-up drafts as an organiser pastes them into an e-mail (review 23): no HTML
entities in the Markdown or the plain text, a quoted title's own quotes nested as single ones, the
kit index naming each note's person as the briefings do, one rule for the salutation."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import markdown
import pytest

from conftest import REPO, SECOND
from panelpress import followup, handouts, options as options_module, render, validate


def load(root: Path):
    options, _ = options_module.load(root)
    workshop, diags = validate.load_project(options.project, options.start_time, options.airtime_tolerance)
    assert workshop is not None, diags
    return workshop, render.make_environment(options.templates_dir, options.root, options.use_directory_urls), options


def drafts(root: Path) -> dict[str, str]:
    workshop, env, options = load(root)
    return followup.drafts(workshop, env, options)


def retitled(source: Path, tmp_path: Path, title: str) -> Path:
    """A copy of a workshop whose title is `title` (written as a YAML double-quoted string)."""
    dest = tmp_path / source.name
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", "kit", "node_modules", ".venv", ".git",
                                                                "tests", "src", "schema"))
    path = dest / "data" / "workshop.yml"
    text = path.read_text(encoding="utf-8")
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    path.write_text(re.sub(r"(?m)^title:.*$", lambda _: "title: " + quoted, text, count=1), encoding="utf-8")
    return dest


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "negotiation"])
def test_no_html_entity_in_any_draft(root):
    written = drafts(root)
    assert len(written) >= 4
    for name, text in written.items():
        assert not re.search(r"&(amp|lt|gt|quot|#\d+);", text), name


def test_the_negotiation_notes_print_its_title_as_typed_with_inner_quotes_single():
    """Review 23 #4: "Pay &amp; perks" and “Pay & perks: your first “real” offer” in every note."""
    written = drafts(SECOND)
    quoted = "“Pay & perks: your first ‘real’ offer”"
    for name in ("participants.md", "participants.txt", "thanks-sofia-castillo.md", "thanks-layla-haddad.txt"):
        assert quoted in written[name], name
        assert not re.search("“[^”]*“", written[name]) and '"real"' not in written[name], name  # no “…“real”…”
    # an agenda item's `&` as typed, in the Markdown too
    assert "- Welcome & “what would you ask for?” (17:15–17:18)" in written["thanks-sofia-castillo.md"]
    assert "- Takeaways & your next step" in written["thanks-sofia-castillo.md"]


def test_a_title_with_markup_stays_text_in_every_output(tmp_path):
    """`<script>` and `&` in a title: the drafts show them as typed (the Markdown renders them as
    text), the HTML the handouts are typeset from escapes them."""
    title = 'Tips & <script>alert("pp")</script> for "first" offers'
    root = retitled(SECOND, tmp_path, title)
    workshop, env, options = load(root)
    assert workshop.title == title
    written = followup.drafts(workshop, env, options)
    plain = written["participants.txt"]
    assert "“Tips & <script>alert(‘pp’)</script> for ‘first’ offers”" in plain  # quoted: inner quotes single
    assert "&amp;" not in plain and "&lt;" not in plain
    source = written["participants.md"]
    assert "Tips & " in source and "&amp;" not in source  # a lone & needs no escape in Markdown
    rendered = markdown.markdown(source)
    assert "<script" not in rendered  # the tag is text once rendered, not markup
    assert "Tips &amp; &lt;script&gt;alert(‘pp’)&lt;/script&gt; for ‘first’ offers" in rendered
    guide = handouts.render_html(workshop, env, options, next(h for h in handouts.HANDOUTS if h.key == "facilitator-guide"))
    assert "<script>alert" not in guide and "&lt;script&gt;alert" in guide and "Tips &amp; " in guide


@pytest.mark.parametrize("title, subject", [
    ('Pay & perks: your first "real" offer <b>now</b>',
     "Thank you for coming to “Pay & perks: your first ‘real’ offer <b>now</b>”"),
    ("Networking: is it the secret sauce?", "Thank you for coming to “Networking: is it the secret sauce?”"),
])
def test_the_participants_subject_quotes_the_title_as_the_body_does(tmp_path, title, subject):
    """The subject line named the title bare, its own quotes double: "…first "real" offer"."""
    root = retitled(SECOND, tmp_path, title)
    written = drafts(root)
    assert written["participants.txt"].splitlines()[0] == subject
    source = written["participants.md"]
    first = source.split("\n", 1)[0]
    assert first.startswith("**") and first.endswith("**")
    # once rendered, the Markdown's subject reads as the plain text's: the tag is text, the & one
    rendered = html.unescape(re.sub(r"<[^>]+>", "", markdown.markdown(first)))
    assert rendered == subject
    assert subject.split("coming to ", 1)[1] in written["participants.txt"]  # the body quotes it alike


def test_a_title_without_quotes_is_quoted_as_before():
    written = drafts(REPO)
    assert "Thank you for coming to “Networking: is it the secret sauce?” on" in written["participants.md"]
    assert html.unescape(written["participants.md"]) == written["participants.md"]


def test_the_kit_index_names_each_thank_you_note_by_the_name_the_room_reads(second_kit):
    """Review 23 #5: "Thank-you note to ليلى حداد" beside "Briefing for Layla Haddad (ليلى حداد)"."""
    workshop, *_ = load(SECOND)
    index = html.unescape(re.sub(r"<[^>]+>", " ", (second_kit / "index.html").read_text(encoding="utf-8")))
    index = " ".join(index.split())
    for person in workshop.panel:
        assert f"Thank-you note to {person.display_name}" in index, person.id
    assert "Thank-you note to ليلى" not in index and "Thank-you note to अनन्या" not in index
    assert "Thank-you note to 김민준" not in index


def _warnings(root: Path) -> list[str]:
    options, _ = options_module.load(root)
    _, diags = validate.load_project(options.project, options.start_time, options.airtime_tolerance)
    return [str(d) for d in diags if "short_name" in d.message]


def test_every_note_greets_by_the_name_the_author_gave_and_a_mixed_panel_is_warned(tmp_path):
    """Review 23: "Dear Min-jun," beside "Dear Layla Haddad,". One rule: `short_name`, else the
    whole display name, never a guessed first word; a panel where some have one and some not is
    told where, so the notes do not differ by the shape of the data."""
    for root in (REPO, SECOND):
        workshop, env, options = load(root)
        written = followup.drafts(workshop, env, options)
        for person in workshop.panel:
            assert person.spec.short_name, person.id  # both example workshops name everyone
            for ext in ("md", "txt"):
                assert f"\nDear {person.spec.short_name},\n" in written[f"thanks-{person.id}.{ext}"]
        assert not _warnings(root)
    dest = tmp_path / "mixed"
    shutil.copytree(SECOND, dest, ignore=shutil.ignore_patterns("site", "kit", "node_modules", ".venv"))
    path = dest / "data" / "workshop.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      short_name: Layla\n", "", 1), encoding="utf-8")
    line = text.splitlines().index("      name: ليلى حداد") + 1
    warnings = _warnings(dest)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"data/workshop.yml:{line}:13: warning: 'Layla Haddad' has no short_name")
    assert '"Dear Layla Haddad,"' in warnings[0] and "family name" in warnings[0]
    workshop, env, options = load(dest)
    assert "\nDear Layla Haddad,\n" in followup.drafts(workshop, env, options)["thanks-layla-haddad.txt"]


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "negotiation"])
def test_the_moderators_own_note_is_signed_by_the_organiser(root):
    """Review 23 further: the moderator's note ended "With thanks," and no one; every other note
    is signed by the moderator."""
    workshop, env, options = load(root)
    written = followup.drafts(workshop, env, options)
    organiser = workshop.spec.organiser.name
    assert organiser
    for ext, signoff in (("txt", "With thanks,\n"), ("md", "With thanks,\\\n")):
        assert written[f"thanks-{workshop.moderator.id}.{ext}"].rstrip().endswith(signoff + organiser)
        for person in workshop.panelists:
            assert written[f"thanks-{person.id}.{ext}"].rstrip().endswith(signoff + workshop.moderator.display_name)


def test_without_an_organiser_the_moderator_gets_no_note_to_themselves(scaffold_kit):
    """Review 24 #5: with no organiser in the data (the `panelpress new` starter), the moderator's own
    note ended "With thanks," and no one: the moderator would be thanking themselves. Every note
    written is signed, and the kit index lists only those, each with its plain-text twin."""
    drafts = sorted(p.name for p in (scaffold_kit / "follow-up").iterdir())
    assert drafts == ["participants.md", "participants.txt", "thanks-first-panelist.md", "thanks-first-panelist.txt"]
    note = (scaffold_kit / "follow-up" / "thanks-first-panelist.txt").read_text(encoding="utf-8")
    assert note.rstrip().endswith("With thanks,\nYour Moderator")
    index = (scaffold_kit / "index.html").read_text(encoding="utf-8")
    assert "thanks-moderator" not in index
    for name in ("participants", "thanks-first-panelist"):
        assert f'href="follow-up/{name}.md"' in index and f'href="follow-up/{name}.txt"' in index


@pytest.mark.parametrize("root", [REPO, SECOND], ids=["flagship", "negotiation"])
def test_the_kit_index_links_every_draft_as_markdown_and_as_plain_text(root, request):
    """Review 24 #8: "Markdown and plain text" under each draft, and only the .md was linked."""
    kit = request.getfixturevalue("flagship_kit" if root == REPO else "second_kit")
    index = (kit / "index.html").read_text(encoding="utf-8")
    for path in sorted((kit / "follow-up").glob("*.md")):
        plain = path.with_suffix(".txt")
        assert plain.exists()
        assert f'href="follow-up/{path.name}"' in index and f'href="follow-up/{plain.name}"' in index, path.name


def test_take_home_exercises_in_the_mail_name_their_worksheet(scaffold_kit):
    """Review 24 #6: without a site address the participants' mail listed "- Am I ready?" with nothing
    to find it by; each take-home exercise now names its worksheet in the workbook."""
    for ext in ("txt", "md"):
        mail = (scaffold_kit / "follow-up" / f"participants.{ext}").read_text(encoding="utf-8")
        assert re.search(r"^- Am I ready\? \(worksheet \d+ in your workbook\)$", mail, re.M), mail
