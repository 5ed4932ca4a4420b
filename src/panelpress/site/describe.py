"""Each generated page's own `<meta name="description">`: the line a search result shows under
the page's title, and what a shared link previews.

A lesson is described by its summary, an exercise by its prompt, a story by its moral (its first
words if it has none): the participants' own text, so the description says what the page says.
Material prints a page's `meta.description` (pages.py puts it in the front matter) and, on
pages without one (the author's own, the overviews), the site's description; it escapes
neither, so the text made here is plain and escaped.
"""

from __future__ import annotations

import html

import nh3

from .. import labels
from ..model import Anecdote, Workshop
from ..render import links_from, md, plain_paragraph, smart

LIMIT = 160  # characters: about what a search result shows before cutting the line itself
ELLIPSIS = "…"
# what a cut line should not end on before its ellipsis
_TRAILING = " ,;:–—-([“‘«„"


def words(markdown_text: str) -> str:
    """A Markdown field's words as a reader sees them: rendered by the one Markdown renderer
    (typographic quotes, a link's words without its address), without tags, on one line."""
    if plain_paragraph(markdown_text or "") is not None:
        # one plain line (render.py): its HTML is the line in a paragraph, with nothing to escape,
        # set or link; the sanitiser's pass (a page's description each) would give it back as it is
        return " ".join(markdown_text.split())
    return rendered_words(markdown_text)


def rendered_words(markdown_text: str) -> str:
    """`words` the long way: rendered, then stripped of tags by the sanitiser."""
    rendered = nh3.clean(str(md(markdown_text)), tags=set())  # text only, still HTML-escaped
    return " ".join(html.unescape(rendered).split())


def shorten(text: str, limit: int = LIMIT) -> str:
    """`text` in at most `limit` characters: cut at the last word boundary that fits, with an
    ellipsis; a single word longer than half the limit is cut inside (no near-empty line)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ELLIPSIS) + 1]  # one more: a space just after the limit is a boundary too
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else cut[:-1]
    return cut.rstrip(_TRAILING) + ELLIPSIS


def describe(workshop: Workshop, text: str, markdown: bool = True) -> str:
    """The description of a page from one of its fields, escaped for Material's template; ""
    when the field is empty (the page then shows the site's description)."""
    token = labels.use(workshop.labels)  # the workshop's quote marks, for md and smart
    try:
        with links_from(workshop):  # a link by id shows the page's title, as on the page
            plain = words(text) if markdown else " ".join(smart(text).split())
    finally:
        labels.done(token)
    return html.escape(shorten(plain)) if plain else ""


def of_story(workshop: Workshop, story: Anecdote) -> str:
    return describe(workshop, story.moral, markdown=False) or describe(workshop, story.story)
