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
