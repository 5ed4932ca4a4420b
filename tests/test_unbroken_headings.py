"""Left27 (the last review's leftover): a phone broke the heading "Rewrite the “yes, but” e-mail"
after the hyphen of "e-mail", "e-" at the end of one line and "mail" on the next (the
negotiation's facilitator guide as a page, at 390 px); review 27b found the same in running text on
paper (the moderator script's follow-up "…or a personal e-" / "mail?", the negotiation's cue card
question). Every output keeps a short hyphenated word whole, headings and text alike, in one pass
where the document is made (typography.unbroken): a nowrap span in what a browser shows, a word
joiner on paper (WeasyPrint lays a line out wrongly around a nowrap span that does not fit); Source
Sans 3 has no U+2011 (the non-breaking hyphen), and the text stays as typed for search."""

from __future__ import annotations

import re

import pytest

from conftest import PHONE, viewing
from panelpress.typography import unbroken

NOWRAP = '<span style="white-space: nowrap">'


def test_short_hyphenated_words_are_kept_whole_in_headings_and_text_and_nothing_else_changes():
    html = ('<h2 id="the-e-mail" class="a-b">The e-mail &amp; follow-up <a href="#x-y">Min-jun</a> '
            'Castillo-Núñez-Fernández</h2><p>an e-mail</p>')
    out = unbroken(html)
    assert out == ('<h2 id="the-e-mail" class="a-b">The ' + NOWRAP + 'e-mail</span> &amp; ' + NOWRAP + 'follow-up</span> '
                   '<a href="#x-y">' + NOWRAP + 'Min-jun</span></a> Castillo-Núñez-Fernández</h2><p>an ' + NOWRAP
                   + 'e-mail</span></p>')
    assert unbroken(out) == out  # once is enough; twice changes nothing
    assert unbroken("<h1>Welcome</h1>") == "<h1>Welcome</h1>"


def test_what_is_not_running_text_is_left_alone_and_a_name_kept_whole_does_not_stop_the_rest():
    html = ('<head><title>The e-mail</title><style>p { white-space: pre-line }</style></head>'
            '<p>Code <code>e-mail</code>, <select><option>e-mail</option></select> <textarea>e-mail</textarea>'
            '<!-- e-mail --><script>var x = "e-mail";</script><svg><text>e-mail</text></svg></p>'
            '<h2>' + NOWRAP + 'Castillo-Núñez</span> by e-mail</h2>')
    out = unbroken(html)
    assert out.count("e-mail") == 8 and out.count(NOWRAP) == 2
    assert out.endswith("<h2>" + NOWRAP + "Castillo-Núñez</span> by " + NOWRAP + "e-mail</span></h2>")
    named = '<p><span style="display: inline-block">Mei-Ling</span> by e-mail</p>'  # a name's part (unbroken_name)
    assert unbroken(named) == '<p><span style="display: inline-block">Mei-Ling</span> by ' + NOWRAP + 'e-mail</span></p>'


def test_on_paper_a_word_joiner_keeps_the_word_whole():
    out = unbroken('<p class="x-y">a follow-up by e-mail, a well-established one-on-one</p>', paper=True)
    assert out == '<p class="x-y">a follow-\u2060up by e-\u2060mail, a well-established one-\u2060on-\u2060one</p>'


# a word of a PDF that ends a line inside a short hyphenated word: "personal e-" then "mail?" on the
# next line (by the words' boxes: pdftotext's text joins such a word back, "email?")
def _broken_words(path) -> list[str]:
    from pdftext import pdf_boxes

    found = []
    for number, page in enumerate(pdf_boxes(path), start=1):
        for word, after in zip(page.words, page.words[1:]):
            head = re.search(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*-$", word.text)
            tail = re.match(r"[^\W\d_]+", after.text)
            if (head and tail and after.y0 > word.y0 + (word.y1 - word.y0) / 2
                    and sum(c.isalpha() for c in head[0] + tail[0]) <= 12):
                found.append(f"{path.name} p{number}: {head[0]}/{tail[0]}")
    return found


def test_no_pdf_breaks_a_short_hyphenated_word_in_its_text(flagship_site, flagship_kit, second_site, second_kit):
    """Review 27b A and B: the flagship's moderator script (p13, a follow-up) and the negotiation's
    cue card (its question) broke "e-mail" at its hyphen; every PDF of both workshops, body text too."""
    pdfs = [p for folder in (flagship_site, flagship_kit, second_site, second_kit) for p in sorted(folder.rglob("*.pdf"))]
    assert any(p.name.endswith("moderator-script.pdf") for p in pdfs) and any(p.name.endswith("cue-cards.pdf") for p in pdfs)
    assert [word for pdf in pdfs for word in _broken_words(pdf)] == []


# every text's hyphenated words whose letters run over two lines, at the page's width (headings and text)
BROKEN = """() => { const out = [];
  [document.body].forEach(h => {
    const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT, {acceptNode: n =>
      n.parentElement.closest('script, style, code, pre, textarea, [hidden]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT}); let node;
    while ((node = walk.nextNode())) {
      for (const m of node.data.matchAll(/\\p{L}+(?:-\\p{L}+)+/gu)) {
        if ([...m[0]].filter(c => /\\p{L}/u.test(c)).length > 12) continue;
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
        if (lines.size > 1) out.push(`${node.parentElement.textContent.trim().slice(0, 80)} [${m[0]}]`);
      }
    }
  }); return out; }"""


@pytest.mark.parametrize("width", [PHONE["width"], 320])
def test_no_text_breaks_inside_a_short_hyphenated_word_on_a_phone(width, second_kit, served_second, browser):
    """The negotiation's guide page (its headings name "e-mail" three times) and its pages that do,
    on a phone: every "e-mail", "follow-up", "first-round" on one line, headings and text."""
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
