"""Typographic quotes, dashes and ellipses, the same in every output.

Authors type on keyboards: "straight" quotes, it's, -- and ... . Printed matter and a
well-set page show “curly” quotes, it’s, – and … . Markdown fields get this from
Python-Markdown's `smarty` extension (render.py, `smarty_config`); plain-text fields from
`smarten`, which applies the same substitutions to text that is not Markdown. Both choose the
quote glyphs of the workshop's language (`quotes_for`): the author's choice of double or single
quotes is kept, the language decides how they look („…“ in German, « … » in French).

What is never changed: code (Markdown's code spans and blocks are left to smarty, which skips
them), web and e-mail addresses, and text the scripts of the site compare (their JSON is
written with `tojson`, which is markup and so never reaches `smarten`). The leak check folds
quotes and dashes back (`fold`), so a note is still found whichever form a page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Quotes:
    """The glyphs of one language: primary (the author's "…") and secondary ('…') quotes."""

    open_double: str
    close_double: str
    open_single: str
    close_single: str


ENGLISH = Quotes("“", "”", "‘", "’")
# By language subtag (CLDR's delimiters; Babel does not ship them). en-GB and en-US share
# English's glyphs in CLDR: British style differs in preferring single quotes, which is the
# author's choice of characters and is kept as typed. A language not listed gets English's.
_QUOTES = {
    "en": ENGLISH,
    "de": Quotes("„", "“", "‚", "‘"),
    "fr": Quotes("«\u202f", "\u202f»", "‹\u202f", "\u202f›"),
    "es": Quotes("«", "»", "“", "”"),
    "it": Quotes("«", "»", "“", "”"),
    "pt": ENGLISH,
    "nl": ENGLISH,
    "pl": Quotes("„", "”", "«", "»"),
    "sv": Quotes("”", "”", "’", "’"),
}
APOSTROPHE = "’"


def quotes_for(language: str | None) -> Quotes:
    return _QUOTES.get((language or "en").split("-")[0].split("_")[0].lower(), ENGLISH)


def smarty_config(language: str | None) -> dict:
    """The `smarty` extension's settings for a language (its `substitutions` take HTML entities
    or characters; the apostrophe stays ’ in every language, as smarty uses right-single-quo
    for both)."""
    q = quotes_for(language)
    return {"smart_angled_quotes": False, "smart_dashes": True, "smart_ellipses": True, "smart_quotes": True,
            "substitutions": {"left-double-quo": q.open_double, "right-double-quo": q.close_double,
                              "left-single-quo": q.open_single, "right-single-quo": q.close_single}}


# Nothing to do in most strings: they hold none of these characters.
_WORK = re.compile(r"[\"'.-]")
# Machine text that reads as words to no one: an address, a path, an encoded query, an e-mail.
_ADDRESS = re.compile(r"^\S*(?:[:/%@=?&#])\S*$")
_OPENS_AFTER = r"(?:^|(?<=[\s(\[{<—–/“‘„‚«‹-]))"

_RULES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"---"), "—"),
    (re.compile(r"(?<!-)--(?!-)"), "–"),
    (re.compile(r"\.\.\.|\. \. \."), "…"),
)
_APOSTROPHES = (
    re.compile(r"(?<=\w)'(?=\w)"),  # it's, don't, O'Brien
    re.compile(r"'(?=\d\ds\b)"),  # the '90s
    re.compile(r"(?<=[a-z]s)'(?=\s|$|[.,;:!?)])"),  # students' (a plural possessive; a closing quote reads the same)
)


# A text's last "word" that is a symbol or two (an emoji, an arrow, a check mark) after a space: the
# space made unbreakable, so the symbol never wraps alone onto a line of its own (review 24: "🎯"
# alone under a takeaway on the card and its slide).
_TAIL = 3  # symbols at most
_LONE_TAIL = re.compile(r" (?=[^\w\s\"'“”‘’()\[\]]{1,%d}$)" % _TAIL)


def _may_end_alone(text: str) -> bool:
    """A space close enough to the end for a trailing symbol to follow it (cheap, before the regex)."""
    return " " in text[-(_TAIL + 1):]


def needs_setting(text: str) -> bool:
    """Whether `smarten` could change `text`: it returns text as it is when it holds none of these
    characters and could not end in a lone symbol. A test that costs less than asking which
    language to set it in."""
    return _may_end_alone(text) or _WORK.search(text) is not None


def is_address(text: str) -> bool:
    """A web or e-mail address, a path or an encoded query: machine text, never set."""
    return bool(_ADDRESS.match(text))


@lru_cache(maxsize=65536)
def smarten(text: str, language: str | None = "en") -> str:
    """Plain text with typographic quotes, apostrophes, dashes and ellipses, and a trailing symbol
    kept with the word before it. Web and e-mail addresses come back as they are."""
    if _ADDRESS.match(text):
        return text
    if _may_end_alone(text):
        text = _LONE_TAIL.sub("\u00a0", text)
    if not _WORK.search(text):
        return text
    q = quotes_for(language)
    for pattern, glyph in _RULES:
        text = pattern.sub(glyph, text)
    for pattern in _APOSTROPHES:
        text = pattern.sub(APOSTROPHE, text)
    for straight, opening, closing in (('"', q.open_double, q.close_double), ("'", q.open_single, q.close_single)):
        if straight in text:
            text = re.sub(_OPENS_AFTER + re.escape(straight) + r"(?=\S)", opening, text)
            text = text.replace(straight, closing)
    return text


_DOUBLE = str.maketrans({'"': "'", "“": "'", "”": "'", "„": "'"})


def nested(text: str) -> str:
    """Text set inside double quotes: its own double quotes made single, as a quote within a quote
    is printed (`smarten` then turns them: “your first ‘real’ offer”)."""
    return text.translate(_DOUBLE)


_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‹": "'", "›": "'", "“": '"', "”": '"', "„": '"',
                       "«": '"', "»": '"', "–": "-", "—": "-", "\u202f": " ", "\u00a0": " "})


def fold(text: str) -> str:
    """Text with typographic quotes and dashes made straight again, and `--`, `---` and `…` made
    one form: how the leak check compares data (as typed) with pages (as set)."""
    text = text.translate(_FOLD).replace("…", "...")
    return re.sub(r"-{2,}", "-", text)


# A heading's short hyphenated word ("e-mail", "follow-up", "Min-jun") kept on one line: a browser
# breaks after any hyphen, and a phone's narrow heading printed "e-" above "mail" (left27). A
# longer compound may still break at its hyphen, where a line could not hold it.
HYPHENATED_LETTERS = 12
_HEADING = re.compile(r"(<h[1-6]\b[^>]*>)(.*?)(</h[1-6]>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_HYPHENATED = re.compile(r"(?<![\w\-‐‑])[^\W\d_]+(?:[\-‐][^\W\d_]+)+(?![\w\-‐‑])")
# a style of its own, not a class: the same markup holds in the site, the deck, the kit's pages and
# the PDFs, and an output without such a heading stays as it was, stylesheet included
UNBROKEN = '<span style="white-space: nowrap">{}</span>'
# A name's hyphenated part as one box: it goes to the next line whole, like an unbroken word, but a
# part wider than the whole line (a phone's panel card) still breaks at its hyphen inside the box
# rather than running out of the card, as nowrap did ("Papadopoulou-Karagianni", author28).
WHOLE = '<span style="display: inline-block">{}</span>'


def _unbroken_words(text: str, letters: int | None = HYPHENATED_LETTERS, wrap: str = UNBROKEN) -> str:
    """`letters`: the longest word kept whole (None: any)."""
    return _HYPHENATED.sub(lambda m: wrap.format(m[0]) if letters is None or sum(c.isalpha() for c in m[0]) <= letters
                           else m[0], text)


def unbroken_name(name: str) -> str:
    """HTML of a person's name (escaped) with each hyphenated part kept on one line where a line
    can hold it, whatever its length: a name is the one thing not to cut ("Sofía Castillo-" above
    "Núñez" on a phone card, review 27b); between its words it still wraps."""
    return Markup(_unbroken_words(str(escape(name)), letters=None, wrap=WHOLE))


def _unbroken_heading(found: re.Match[str]) -> str:
    inner = found[2]
    if ("-" not in inner and "‐" not in inner) or any(w.split("{}")[0] in inner for w in (UNBROKEN, WHOLE)):  # none, or done
        return found[0]
    return found[1] + "".join(part if part.startswith("<") else _unbroken_words(part) for part in _TAG.split(inner)) + found[3]


def unbroken_headings(html: str) -> str:
    """HTML whose headings (h1-h6) keep each short hyphenated word (HYPHENATED_LETTERS letters
    or fewer) on one line; their tags and attributes, and everything outside them, as they were."""
    if "-" not in html and "‐" not in html:
        return html
    return _HEADING.sub(_unbroken_heading, html)
