"""Text from data is shown as text in every output: no payload runs, no Jinja is evaluated."""

from __future__ import annotations

import pytest

from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import run_panelpress, straight

pytestmark = pytest.mark.build  # runs the panelpress command or builds a workshop

PAYLOAD = ("<script>alert('pp')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
           "</title><b>bold</b> {{ 7*7 }} {% if true %}jinja{% endif %} & 'quotes' \"double\"")
# Fields whose values are ids, enums, numbers, times or addresses: they keep their values. The
# date stays an ISO date, so the calendar file and the JSON-LD on the home page carry payloads too.
KEEP = {"id", "ref", "lead", "teller", "kind", "start_time", "language", "url", "src", "anecdotes",
        "exercises", "tags", "when", "provenance", "to", "questions", "starters", "questions_url",
        "date", "timezone", "email", "tone"}


def poison(value, key=None):
    if key in KEEP:
        return value
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str):
        return f"{value} {PAYLOAD}"
    return value


def poison_workshop(root: Path) -> None:
    for path in (root / "data").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


class Audit(HTMLParser):
    """Everything in a page that would run or render as markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.in_script = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "b":  # only the payload's <b>bold</b> uses <b>: seeing the tag means markup got through
            self.problems.append("<b> from data")
        if tag == "img" and ("src", "x") in attrs:
            self.problems.append("<img src=x> from data")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        data = straight(data)  # the payload's quotes are set typographically as text (typography.py)
        if self.in_script and "alert('pp')" in data:
            self.problems.append("script from data")
        if not self.in_script:
            self.text.append(data)


def test_payloads_in_every_field_stay_text_on_every_page(workshop_copy):
    poison_workshop(workshop_copy)
    # not strict: every name carries the payload, too long for the closing slide (a warning)
    result = run_panelpress("build", "--no-strict", "--root", str(workshop_copy))
    assert result.returncode == 0, result.stderr
    # the site's pages and the kit's (its index, the guide's page, the presenter deck)
    pages = sorted([*(workshop_copy / "site").rglob("*.html"), *(workshop_copy / "kit").rglob("*.html")])
    assert len(pages) > 15 and (workshop_copy / "kit" / "slides" / "index.html") in pages
    shown_literally = 0
    for page in pages:
        audit = Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert not audit.problems, f"{page}: {audit.problems}"
        text = "".join(audit.text)
        assert "{{ 49 }}" not in text and "\n49 " not in text
        if "{{ 7*7 }}" in text:
            shown_literally += 1
            assert "<script>alert('pp')</script>" in text, f"{page}: the payload's script tag is not shown as text"
    assert shown_literally > 10  # the data's text (Jinja syntax included) reached the pages as text
    # the same build's slides are among the pages above; its PDFs print the payload as text
    from pypdf import PdfReader

    pdfs = sorted((workshop_copy / "kit" / "handouts").glob("*.pdf"))  # every handout is in the kit
    assert len(pdfs) == 5  # workbook, facilitator guide, takeaways card, sign-in sheet, evaluation form
    for pdf in pdfs:
        text = straight(" ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split()))
        assert "{{ 7*7 }}" in text, pdf.name
        assert "<b>bold</b>" in text, pdf.name
        assert "<script>alert('pp')</script>" in text, pdf.name
    # the follow-up drafts: plain text as written (its quotes set typographically, as every
    # output sets them, labels' sentences included); Markdown with no markup from the data
    import markdown

    drafts = workshop_copy / "kit" / "follow-up"
    plain = (drafts / "participants.txt").read_text(encoding="utf-8")
    assert "<script>alert('pp')</script>" in straight(plain) and "&amp;" not in plain and "&lt;" not in plain
    for draft in sorted(drafts.glob("*.md")):
        audit = Audit()
        audit.feed(markdown.markdown(draft.read_text(encoding="utf-8")))
        assert not audit.problems, f"{draft.name}: {audit.problems}"
        assert "<script>alert('pp')</script>" in "".join(audit.text), draft.name


def test_payloads_stay_text_in_the_handouts_html(workshop_copy):
    """The HTML each PDF is typeset from: a field printed with `|safe` would show up here as markup
    (in the PDF it would only lose its tags, which a text search cannot tell from escaping)."""
    from panelpress import handouts
    from panelpress.options import Options
    from panelpress.render import make_environment
    from panelpress.validate import load_project

    poison_workshop(workshop_copy)
    options = Options.defaults(workshop_copy).replace(site_url="https://example.org/")
    workshop, diags = load_project(options.project)
    assert workshop is not None, diags
    env = make_environment(options.templates_dir, options.root)
    for handout in handouts.HANDOUTS:
        audit = Audit()
        audit.feed(handouts.render_html(workshop, env, options, handout))
        assert not audit.problems, f"{handout.key}: {audit.problems}"
        assert "<script>alert('pp')</script>" in "".join(audit.text), handout.key
