"""Left27 (the last review's leftover): a phone broke the heading "Rewrite the “yes, but” e-mail"
after the hyphen of "e-mail", "e-" at the end of one line and "mail" on the next (the
negotiation's facilitator guide as a page, at 390 px). A heading keeps a short hyphenated word
whole, in every output (typography.unbroken_headings); Source Sans 3 has no U+2011 (the
non-breaking hyphen) in the subsets the outputs load, and the text stays as typed for search."""

from __future__ import annotations

import pytest

from conftest import PHONE, viewing
from panelpress.typography import unbroken_headings

NOWRAP = '<span style="white-space: nowrap">'


def test_a_headings_short_hyphenated_words_are_kept_whole_and_nothing_else_changes():
    html = ('<h2 id="the-e-mail" class="a-b">The e-mail &amp; follow-up <a href="#x-y">Min-jun</a> '
            'Castillo-Núñez-Fernández</h2><p>an e-mail</p>')
    out = unbroken_headings(html)
    assert out == ('<h2 id="the-e-mail" class="a-b">The ' + NOWRAP + 'e-mail</span> &amp; ' + NOWRAP + 'follow-up</span> '
                   '<a href="#x-y">' + NOWRAP + 'Min-jun</span></a> Castillo-Núñez-Fernández</h2><p>an e-mail</p>')
    assert unbroken_headings(out) == out  # a page's headings made by a template, then by MkDocs
    assert unbroken_headings("<h1>Welcome</h1>") == "<h1>Welcome</h1>"


# every heading's hyphenated words whose letters run over two lines, at the page's width
BROKEN = """() => { const out = [];
  document.querySelectorAll('h1, h2, h3, h4').forEach(h => {
    const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT); let node;
    while ((node = walk.nextNode())) {
      for (const m of node.data.matchAll(/\\p{L}+(?:-\\p{L}+)+/gu)) {
        if ([...m[0]].filter(c => /\\p{L}/u.test(c)).length > 12) continue;
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
        if (lines.size > 1) out.push(`${h.textContent.trim()} [${m[0]}]`);
      }
    }
  }); return out; }"""


@pytest.mark.parametrize("width", [PHONE["width"], 320])
def test_no_heading_breaks_inside_a_short_hyphenated_word_on_a_phone(width, second_kit, served_second, browser):
    """The negotiation's guide page (its headings name "e-mail" three times) and its pages that do,
    on a phone: every heading's "e-mail" on one line."""
    pages = [(second_kit / "facilitator-guide.html").as_uri(),
             f"{served_second}exercises/rewrite-the-acceptance/", f"{served_second}stories/the-email-i-almost-sent/"]
    with viewing(browser, {"width": width, "height": PHONE["height"]}) as page:
        for url in pages:
            page.goto(url)
            page.evaluate("document.fonts.ready.then(() => true)")
            headings = page.evaluate("[...document.querySelectorAll('h1, h2, h3')].map(h => h.textContent).join(' ')")
            assert "e-mail" in headings, url
            assert page.evaluate(BROKEN) == [], url


def test_a_persons_name_keeps_each_hyphenated_part_whole_whatever_its_length():
    """One box a part: whole where a line holds it, broken at its hyphen only where none does
    (tests/test_third_workshop.py: a phone's card)."""
    from panelpress.typography import unbroken_name

    assert str(unbroken_name("Sofía Castillo-Núñez-Fernández <b>")) == (
        'Sofía <span style="display: inline-block">Castillo-Núñez-Fernández</span> &lt;b&gt;')
    assert str(unbroken_name("Dana Whitfield")) == "Dana Whitfield"


def test_no_panelists_name_breaks_at_its_hyphen_on_a_phone(served_second, browser):
    """Review 27b: the negotiation's home card printed "Sofía Castillo-" above "Núñez" at 390 px,
    though "Castillo-Núñez" fits the card's line (13 letters: over the headings' rule)."""
    names = """() => [...document.querySelectorAll('.pp-person__name, .pp-member__name')].flatMap(el => {
      const out = []; const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let node;
      while ((node = walk.nextNode())) for (const m of node.data.matchAll(/\\p{L}+(?:-\\p{L}+)+/gu)) {
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        out.push([m[0], new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top))).size]);
      } return out; })"""
    with viewing(browser, PHONE) as page:
        for path in ("", "panel/"):
            page.goto(served_second + path)
            page.evaluate("document.fonts.ready.then(() => true)")
            found = page.evaluate(names)
            assert any(word == "Castillo-Núñez" for word, _ in found), path
            assert [word for word, lines in found if lines > 1] == [], path
