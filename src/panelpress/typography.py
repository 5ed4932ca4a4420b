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

import bisect
import re
from collections.abc import Iterable
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


# (a replace for each, not str.translate: translate looks every character of a non-ASCII text up
# in its table, eight times slower on the site's pages than these scans; the leak check folds
# every file of the site)
_FOLD = (("‘", "'"), ("’", "'"), ("‚", "'"), ("‹", "'"), ("›", "'"), ("“", '"'), ("”", '"'), ("„", '"'),
         ("«", '"'), ("»", '"'), ("–", "-"), ("—", "-"), ("\u202f", " "), ("\u00a0", " "), ("…", "..."))


def fold(text: str) -> str:
    """Text with typographic quotes and dashes made straight again, and `--`, `---` and `…` made
    one form: how the leak check compares data (as typed) with pages (as set)."""
    for typographic, typed in _FOLD:
        if typographic in text:
            text = text.replace(typographic, typed)
    return re.sub(r"-{2,}", "-", text)


# A short hyphenated word ("e-mail", "follow-up", "Min-jun") kept on one line wherever it is read:
# a browser and WeasyPrint break after any hyphen, and a phone's narrow heading printed "e-" above
# "mail" (left27), a moderator's script and a cue card's question the same (review 27b). A longer
# compound may still break at its hyphen, where a line could not hold it. Source Sans 3 has no
# U+2011 (the non-breaking hyphen) and CSS has no property that keeps an explicit hyphen from
# breaking. So, in what a browser shows, a nowrap span (a word joiner would reach the site's search
# and copied text); on paper (WeasyPrint), a word joiner (U+2060) after the hyphen: WeasyPrint 70
# lays a line out wrongly when a nowrap span does not fit at its end ("through" alone on a line, the
# rest run past the margin: the cue cards, review 27b), and pdftotext and a PDF viewer's copy leave
# the joiner out. (Where letters are spaced, a kicker's "SIGN-IN", the joiner takes one spacing more:
# unseen at the kickers' .08 em, though pdftotext then reads "SIGN- IN".)
HYPHENATED_LETTERS = 12
JOINER = "\u2060"
# (not a part of an address shown as text: forms.example.org/ask-the-panel)
# what may not touch a kept word: before it, a letter, hyphen, slash, @ or dot (an address); after it the same
# but a dot (a sentence's end)
_WORD_BEFORE, _WORD_AFTER = r"[\w\-‐‑/@.]", r"[\w\-‐‑/@]"
_HYPHENATED = re.compile(rf"(?<!{_WORD_BEFORE})[^\W\d_]+(?:[\-‐][^\W\d_]+)+(?!{_WORD_AFTER})")
# a style of its own, not a class: the same markup holds in the site, the deck, the kit's pages and
# the PDFs, and an output without such a word stays as it was, stylesheet included
UNBROKEN = '<span style="white-space: nowrap">{}</span>'
# A name's hyphenated part as one box: it goes to the next line whole, like an unbroken word, but a
# part wider than the whole line (a phone's panel card) still breaks at its hyphen inside the box
# rather than running out of the card, as nowrap did ("Papadopoulou-Karagianni", author28).
WHOLE = '<span style="display: inline-block">{}</span>'
# what is not running text, or may hold no span: code, scripts and their data, a form's options and
# text box, the document's title, drawings, comments; a word or a name's part already kept whole
_NOT_TEXT = re.compile(r"<(script|style|textarea|title|option|pre|code|kbd|samp|svg|math)\b|<!--|"
                       + "|".join(re.escape(w.split("{}")[0]) for w in (UNBROKEN, WHOLE)))
_TEXT_WITH_HYPHEN = re.compile(r">([^<]*[\-‐][^<]*)<")


def _not_text(html: str) -> tuple[list[int], list[int]]:
    """Where each part `_NOT_TEXT` names starts and ends (the end found as text: a regex's lazy
    match to a closing tag took five times as long as the rest)."""
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    while (found := _NOT_TEXT.search(html, at)) is not None:
        close = f"</{found[1]}" if found[1] else "-->" if found[0] == "<!--" else "</span>"
        end = html.find(close, found.end())
        at = len(html) if end < 0 else end + len(close)
        starts.append(found.start())
        ends.append(at)
    return starts, ends


def hyphenated(text: str) -> set[str]:
    """The short hyphenated words of a plain text (a title, a heading) that `unbroken` keeps whole."""
    return {m[0] for m in _HYPHENATED.finditer(text) if sum(c.isalpha() for c in m[0]) <= HYPHENATED_LETTERS}


_BEFORE, _AFTER = re.compile(_WORD_BEFORE), re.compile(_WORD_AFTER)  # _HYPHENATED's edges


def unbroken_known(html: str, words: Iterable[str]) -> str:
    """`unbroken` for a part of a page whose text is made of known strings (a site's navigation:
    its titles and headings), given their short hyphenated `words`: each is looked for as text
    (not in a tag, nor in what `_NOT_TEXT` names) and kept whole as `unbroken` keeps it. A few
    searches, not a pass over every character: Material's navigation is most of a page, and
    the whole pass over every page was 6 % of a 1,000-lesson build (2.9 s)."""
    spots: list[tuple[int, str]] = []
    for word in words:
        at = html.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and _BEFORE.match(html, at - 1)) and not _AFTER.match(html, end) \
                    and html.rfind(">", 0, at) > html.rfind("<", 0, at):
                spots.append((at, word))
            at = html.find(word, end)
    if not spots:
        return html
    starts, ends = _not_text(html)
    out, done = [], 0
    for at, word in sorted(spots):
        k = bisect.bisect_right(starts, at) - 1
        if at < done or (k >= 0 and at < ends[k]):
            continue
        out += (html[done:at], UNBROKEN.format(word))
        done = at + len(word)
    return "".join(out) + html[done:]


def _unbroken_words(text: str, letters: int | None = HYPHENATED_LETTERS, wrap: str = UNBROKEN) -> str:
    """`letters`: the longest word kept whole (None: any)."""
    return _HYPHENATED.sub(lambda m: wrap.format(m[0]) if letters is None or sum(c.isalpha() for c in m[0]) <= letters
                           else m[0], text)


def unbroken_name(name: str) -> str:
    """HTML of a person's name (escaped) with each hyphenated part kept on one line where a line
    can hold it, whatever its length: a name is the one thing not to cut ("Sofía Castillo-" above
    "Núñez" on a phone card, review 27b); between its words it still wraps."""
    return Markup(_unbroken_words(str(escape(name)), letters=None, wrap=WHOLE))


def _joined(word: str) -> str:
    return word.replace("-", "-" + JOINER).replace("‐", "‐" + JOINER)


def unbroken(html: str, paper: bool = False) -> str:
    """A finished HTML document (or a page's content) whose text keeps each short hyphenated word
    (HYPHENATED_LETTERS letters or fewer) on one line, headings and running text alike: done once,
    where the document is made for a reader. `paper`: the document is typeset by WeasyPrint (a
    word joiner, not a span: see JOINER). Tags, attributes and what `_NOT_TEXT` names are left as
    they are; so is a document without such a word, byte for byte."""
    if "-" not in html and "‐" not in html:
        return html
    keep = _joined if paper else UNBROKEN.format

    def whole(word: re.Match[str]) -> str:
        return keep(word[0]) if sum(c.isalpha() for c in word[0]) <= HYPHENATED_LETTERS else word[0]

    out: list[str] = []
    done = 0
    starts, ends = _not_text(html)
    # the text between two tags that holds a hyphen: a few dozen in a large page; a regex over the
    # whole page for the words themselves took 20 times as long (an attribute's hyphens are many)
    for node in _TEXT_WITH_HYPHEN.finditer(html):
        at = node.start(1)
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and at < ends[k]:
            continue
        text = _HYPHENATED.sub(whole, node[1])
        if text != node[1]:
            out += (html[done:at], text)
            done = node.end(1)
    return "".join(out) + html[done:] if out else html
