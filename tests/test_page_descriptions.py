"""Each page's <meta name="description">, what a search result shows under its title: a lesson's
summary, an exercise's prompt, a story's moral; plain text, escaped, at most 160 characters cut
at a word; the other pages keep the site's description, an author's own page its front matter."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import unwrapped

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def described(page: Path) -> str:
    found = DESCRIPTION.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return html.unescape(found[0])


def visible_text(page: Path) -> str:
    body = page.read_text(encoding="utf-8").split('<article', 1)[1].split("</article>", 1)[0]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    body = re.sub(r"</?(a|b|code|em|i|span|strong)\b[^>]*>", "", body)  # inside a line: no space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.build
@pytest.mark.parametrize("which", ["flagship", "second"])
def test_lessons_stories_and_exercises_have_their_own_description_from_their_page(which, request):
    site = request.getfixturevalue(f"{which}_site")
    site_wide = described(site / "index.html")
    generated = [p for kind in ("lessons", "stories", "exercises") for p in sorted((site / kind).glob("*/index.html"))]
    assert len(generated) >= 6
    seen = set()
    for page in generated:
        text = described(page)
        assert text and text != site_wide, page
        assert len(text) <= 160 and "<" not in text, page
        assert text not in seen, page  # each says what its own page says
        seen.add(text)
        # the page's own words; cut at a word: more words follow on the page, none is cut in two
        shown = text.removesuffix("…")
        assert re.search(re.escape(shown) + (r"\s" if text.endswith("…") else ""), visible_text(page)), page
    # the story's is its moral, the words of its pull quote
    story = sorted((site / "stories").glob("*/index.html"))[0]
    quote = re.search(r'<blockquote class="pp-pullquote__text"><p>(.*?)</p>', story.read_text(encoding="utf-8"))
    assert quote and described(story) == html.unescape(unwrapped(quote.group(1)))  # 'counter-offer' kept whole
    # the overviews and the author's own pages: the site's description
    for page in (site / "lessons" / "index.html", site / "exercises" / "index.html", site / "panel" / "index.html"):
        assert described(page) == site_wide, page


@pytest.mark.build
def test_a_long_summary_is_cut_at_a_word_and_markup_in_it_stays_text(workshop_copy):
    """What an author can write in a summary: Markdown, a link by id, quotes, `<`, `&`, and
    more than a search result shows. And an author's own page keeps its own description."""
    from conftest import run_panelpress

    path = workshop_copy / "data" / "lessons" / "referral-puts-a-name-on-the-line.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = ('A *referral* is "trust" lent <b>to you</b> & [a story](story:two-years-of-coffee) says '
                       "why (1 < 2); " + "every word counts when someone vouches for you at work " * 4)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    story = workshop_copy / "data" / "anecdotes" / "two-years-of-coffee.yml"
    told = yaml.safe_load(story.read_text(encoding="utf-8"))
    told["moral"] = 'Trust <b>grows</b> & "slowly"'  # plain text: shown as written, tags included
    story.write_text(yaml.safe_dump(told, allow_unicode=True, sort_keys=False), encoding="utf-8")
    about = workshop_copy / "docs" / "about.md"
    about.write_text('---\ndescription: "How this site is made: one data set, every output"\n---\n\n'
                     + about.read_text(encoding="utf-8"), encoding="utf-8")
    config = workshop_copy / "mkdocs.yml"  # the site alone: the PDFs and slides are not what this tests
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      paper: letter\n", "      paper: letter\n      handouts: false\n      slides: false\n"
        "      panelkit: false\n      followup: false\n", 1), encoding="utf-8")
    run_panelpress("build", "--root", str(workshop_copy), check=True)
    site = workshop_copy / "site"

    page = site / "lessons" / "referral-puts-a-name-on-the-line" / "index.html"
    raw = DESCRIPTION.findall(page.read_text(encoding="utf-8"))[0]
    assert "<" not in raw and "(1 &lt; 2)" in raw and "&amp;" in raw  # text, escaped once
    shown = html.unescape(raw)  # Markdown as the page shows it: emphasis, tags, a link's address gone
    assert shown.startswith("A referral is “trust” lent to you & a story says why (1 < 2); every word counts")
    assert len(shown) <= 160 and shown.endswith(" someone vouches for…")  # cut at a word
    raw = DESCRIPTION.findall((site / "stories" / "two-years-of-coffee" / "index.html").read_text(encoding="utf-8"))[0]
    assert "<" not in raw and html.unescape(raw) == "Trust <b>grows</b> & “slowly”"
    assert described(site / "about" / "index.html") == "How this site is made: one data set, every output"
    assert described(site / "index.html") != described(site / "about" / "index.html")


def test_shorten_keeps_short_text_and_cuts_long_text_at_a_word():
    from panelpress.site.describe import shorten

    assert shorten("Short  and\nsweet.") == "Short and sweet."
    exact = "x" * 160
    assert shorten(exact) == exact
    cut = shorten("word " * 40 + "end")
    assert len(cut) <= 160 and cut.endswith("word…")
    assert shorten("a" * 200) == "a" * 159 + "…"  # one word longer than the line: cut inside it
    assert shorten("alpha beta, " * 20).endswith("beta…")  # no comma before the ellipsis
