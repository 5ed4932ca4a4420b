"""The interface strings: every word an output shows that does not come from the workshop's data.

One catalogue per language in `labels/<language>.yml` (English is complete; another language's
missing keys fall back to English, key by key). A workshop picks its catalogue with `language:`
in workshop.yml ("en-GB" reads en-GB.yml if there is one, else en.yml) and may override single
labels under `labels:`, which schema.py validates against the English keys.

A label is plain text, with `{name}` slots panelpress fills in (any other brace is just a brace); a count is a mapping of CLDR
plural forms (`one`, `other`, …) chosen by Babel's plural rules for the language, so no template
ever guesses grammar ("1 lessons", "Add a offer"); a list is words the engine looks for in a
workshop's text (`slide_pointing_words`), so each language names its own. Templates read the labels through the Jinja
global `t`: `{{ t.key_points }}`, `{{ t("told_by", name=…) }}`, `{{ t.count("lessons", n) }}`.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import yaml
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from .clock import Time
from .diagnostics import did_you_mean
from .typography import is_address, nested, smarten

CATALOGUES = Path(__file__).parent / "labels"
DEFAULT_LANGUAGE = "en"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")

Text = Union[str, Mapping[str, str], list[str]]  # a label, a count's plural forms, or words to look for

# Labels panelpress no longer shows, each with what shows instead. A workshop that still
# overrides one builds as before: the schema keeps the key (marked deprecated, so an editor strikes
# it out rather than calling it an error), `check` notes it at its line (validate.py; a note, as
# builds are strict and a warning would stop them), and the override is dropped (`Labels` never
# holds it).
RETIRED: dict[str, str] = {
    "evaluation_rating_scale": "a rating question shows what its ends mean instead "
                               "(`evaluation_rating_ends`, with the question's `low:` and `high:`)",
    "kit_followup_plain": "a follow-up draft's link is its plain text now (`kit_followup_note`), and "
                          "the Markdown copy beside it is `kit_followup_markdown`",
}


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, Text]:
    """One language's file as it is written ({} when there is none); read once per process."""
    path = CATALOGUES / f"{language}.yml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        # libyaml's safe loader when PyYAML has it (load.py): the same data, ten times faster (the
        # catalogue is read at import by every build: 23 ms of CPU with the pure-Python loader)
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def english() -> dict[str, Text]:
    return catalogue(DEFAULT_LANGUAGE)


def is_count(key: str) -> bool:
    return isinstance(english().get(key), Mapping)


def is_words(key: str) -> bool:
    return isinstance(english().get(key), list)


SLOT = re.compile(r"\{(\w+)\}")  # the same pattern as the scripts' `fill`


def slots(text: str) -> set[str]:
    """The `{name}` slots of a label."""
    return set(SLOT.findall(text))


_HELD = re.compile("\ue000(\\d+)\ue001")
# The double quotes a label may put round a slot (typed, or set for a language).
_OPENING = ('"', "“", "„", "«", "«\u202f", "«\xa0")
_CLOSING = ('"', "”", "“", "»", "\u202f»", "\xa0»")


def fill(text: str, values: Mapping[str, Any]) -> str:
    """`text` with its slots filled in; a slot without a value stays as written."""
    def value(m: re.Match) -> str:
        if m[1] not in values:
            return m[0]
        shown = str(values[m[1]])
        return shown if m[2] and shown.endswith(".") else shown + m[2]

    return _SLOT_THEN_STOP.sub(value, text)


# A value that ends in its own full stop ("1:45 p.m.", "Inc.") ends the label's sentence too: no
# second stop after it ("…at {end}." → "…at 1:45 p.m.").
_SLOT_THEN_STOP = re.compile(SLOT.pattern + r"(\.?)")


# A quotation that ends in its own question or exclamation mark ends the sentence too: no full
# stop after its closing mark ('…from in “Is it the secret sauce?”.' → '…sauce?”').
_DOUBLE_STOP = re.compile(r'([?!][”’»"\']+)\.(?=\s|$)')


def _one_stop(text: str) -> str:
    return _DOUBLE_STOP.sub(r"\1", text)


# The same where the question ends inside markup a label was given (a link to "Ready to sign?"):
# no full stop after its closing tags either.
_DOUBLE_STOP_TAGS = re.compile(r'([?!][”’»]*(?:</[a-z]+>)+)\.(?=\s|$|<)')


def _pieces(text: str) -> list[tuple[str, str | None]]:
    """(literal, slot name or None) pairs, in order."""
    out, at = [], 0
    for match in SLOT.finditer(text):
        out.append((text[at:match.start()], match[1]))
        at = match.end()
    out.append((text[at:], None))
    return out


def allowed_slots(key: str) -> set[str]:
    """The slots a label may use: those of its English text (for a count, of any form, plus n)."""
    text = english()[key]
    if isinstance(text, list):  # words to look for are never filled in
        return set()
    forms = text.values() if isinstance(text, Mapping) else [text]
    return set().union(*(slots(form) for form in forms)) | ({"n"} if isinstance(text, Mapping) else set())


def languages_for(language: str) -> list[str]:
    """'en-GB' → ['en-GB', 'en']: the catalogues to read, most specific first."""
    base = language.split("-")[0]
    return list(dict.fromkeys([language, base]))


class UnknownLabel(AttributeError):
    """A template asked for a label that does not exist (a typo in a template override). An
    AttributeError, as Jinja (and `hasattr`) expect of a missing attribute."""


class Labels:
    """The labels of one workshop: its language's catalogue over English, and its overrides."""

    jinja_pass_arg = None  # not a label: what Jinja asks of a callable (see CurrentLabels)

    def __init__(self, language: str = DEFAULT_LANGUAGE, overrides: Mapping[str, Any] | None = None):
        self.language = language
        texts: dict[str, Text] = dict(english())
        for lang in reversed(languages_for(language)):
            texts.update({k: v for k, v in catalogue(lang).items() if k in texts})
        for key, value in (overrides or {}).items():
            if value is not None and key not in RETIRED:
                texts[key] = dict(value) if isinstance(value, Mapping) else list(value) if isinstance(value, (list, tuple)) else value
        self.texts = texts
        self._escaped: dict[str, Markup] = {}  # labels without slot values, escaped once
        self._plain: dict[str, str] = {}  # `t["key"]`, read once
        self._filled: dict[tuple, Markup] = {}  # `t("key", name=value)` with the same values, set once
        self._scripts: dict[tuple[str, ...], dict[str, Any]] = {}  # `t.script(...)`, made once
        self._scripts_json: dict[tuple[str, ...], Markup] = {}  # `t.script_json(...)`, made once

    # -- reading ------------------------------------------------------------------------------

    def _raw(self, key: str) -> Text:
        try:
            return self.texts[key]
        except KeyError:
            hint = did_you_mean(key, self.texts)
            raise UnknownLabel(f"there is no label '{key}'" + (f" ({hint})" if hint else "")) from None

    def __getattr__(self, key: str) -> str:
        if key.startswith("_") or key in ("texts", "language"):
            raise AttributeError(key)
        text = self.text(key)
        # kept as an attribute: the next `t.key` of the thousands of pages that ask for it is found
        # without this call (a label reaches here only when no method has its name)
        self.__dict__[key] = text
        return text

    def __getitem__(self, key: str) -> str:
        text = self._plain.get(key)
        if text is None:
            text = self._plain[key] = self.text(key)
        return text

    def text(self, key: str, **values: Any) -> str:
        """A label as plain text, its slots filled in (for Python code; templates escape it)."""
        raw = self._raw(key)
        if isinstance(raw, Mapping):
            raise UnknownLabel(f"the label '{key}' is a count: use count('{key}', n)")
        if isinstance(raw, list):
            raise UnknownLabel(f"the label '{key}' is a list of words: use words('{key}')")
        return _one_stop(fill(raw, values)) if values else raw

    def words(self, key: str) -> tuple[str, ...]:
        """A list label's words (what the engine looks for in a workshop's text, in its language)."""
        raw = self._raw(key)
        if not isinstance(raw, list):
            raise UnknownLabel(f"the label '{key}' is not a list of words")
        return tuple(str(word) for word in raw)

    def __call__(self, key: str, **values: Any) -> Markup:
        """A label for a template, filled in: the label and plain-text values are escaped,
        values that are already markup (a link made by a macro) are kept."""
        if not values and key in self._escaped:  # most calls: thousands of pages ask the same labels
            return self._escaped[key]
        # the same values again (an exercise kind's hint on each of its pages): set once. Text and
        # markup values are told apart (markup is held out, text escaped); others are not kept.
        known = _values_key(key, values) if values else None
        if known is not None and known in self._filled:
            return self._filled[known]
        text, held = self._set(key, values, hold=True)
        out = escape(text)
        if held:
            out = Markup(_DOUBLE_STOP_TAGS.sub(r"\1", _HELD.sub(lambda m: held[int(m[1])], out)))
        if not values:
            self._escaped[key] = out
        elif known is not None:
            if len(self._filled) >= _FILLED_KEPT:  # values that differ on every page: kept bounded
                self._filled.clear()
            self._filled[known] = out
        return out

    def plain(self, key: str, **values: Any) -> str:
        """A label as a plain-text output shows it (an e-mail draft): set like `__call__`'s, with
        nothing escaped."""
        return self._set(key, values, hold=False)[0]

    def _set(self, key: str, values: Mapping[str, Any], hold: bool) -> tuple[str, list[Markup]]:
        """The label filled in and set typographically, with markup values held out (`hold`) as
        placeholders, and those values."""
        raw = self._raw(key)
        if isinstance(raw, Mapping):
            raise UnknownLabel(f"the label '{key}' is a count: use t.count('{key}', n)")
        if isinstance(raw, list):
            raise UnknownLabel(f"the label '{key}' is a list of words, not text to show")
        # Set typographically as a whole sentence (a quote mark in the label and the value it
        # encloses decide together which way it turns); markup values are held out by a
        # private-use placeholder meanwhile, so their attributes keep straight quotes.
        text, held = "", []
        pieces = _pieces(raw)
        stopped = False  # the value before ends in a full stop (_SLOT_THEN_STOP)
        for i, (literal, name) in enumerate(pieces):
            text += literal[1:] if stopped and literal.startswith(".") else literal
            if name is None:
                continue
            value = values[name] if name in values else "{" + name + "}"
            if hold and (isinstance(value, Markup) or (isinstance(value, str) and is_address(value))):
                held.append(escape(value))
                text += f"\ue000{len(held) - 1}\ue001"
            elif literal.endswith(_OPENING) and pieces[i + 1][0].startswith(_CLOSING):
                # a value the label quotes ("“{title}”"): its own double quotes become single, as
                # a quote inside a quote is set (“your first ‘real’ offer”, never “…“real”…”)
                text += nested(str(value))
            else:
                text += str(value)
            stopped = str(value).endswith(".")
        return _one_stop(smarten(text, self.language)), held

    def listed(self, items: Any) -> str:
        """'A, B, and C' as the language joins a list (CLDR's rule, through Babel), for names a
        sentence runs together."""
        from babel import Locale, UnknownLocaleError
        from babel.lists import format_list

        words = [str(item) for item in items]
        try:
            return format_list(words, locale=Locale.parse(self.language.replace("-", "_")))
        except (UnknownLocaleError, ValueError):
            return format_list(words, locale=DEFAULT_LANGUAGE)

    def count(self, key: str, n: int, **values: Any) -> str:
        """'1 lesson', '3 lessons': the plural form the language uses for n."""
        raw = self._raw(key)
        if not isinstance(raw, Mapping):
            return fill(raw, {"n": n, **values})
        form = raw.get(plural_form(self.language, n)) or raw["other"]
        return fill(form, {"n": n, **values})

    def forms(self, key: str) -> dict[str, str]:
        """A count's plural forms as written, for the browser to choose from (Intl.PluralRules)."""
        raw = self._raw(key)
        return dict(raw) if isinstance(raw, Mapping) else {"other": raw}

    def script(self, *keys: str) -> dict[str, Any]:
        """Labels a page's script needs, as JSON data in the page (the scripts hold no words):
        plain labels as text, counts as their plural forms."""
        made = self._scripts.get(keys)
        if made is None:  # every exercise page asks for the same labels; templates only read them
            made = self._scripts[keys] = {key: self.forms(key) if isinstance(self._raw(key), Mapping)
                                          else self.text(key) for key in keys}
        return made

    def script_json(self, *keys: str) -> Markup:
        """`script(*keys)` as the JSON a page's `<script type="application/json">` holds, made
        once: written out as Jinja's `tojson` writes it (keys sorted, HTML-safe), it was a JSON
        encoding of the same twenty labels on each of a large workshop's exercise pages."""
        made = self._scripts_json.get(keys)
        if made is None:
            made = self._scripts_json[keys] = htmlsafe_json_dumps(self.script(*keys), sort_keys=True)
        return made

    def css(self, key: str, **values: str) -> Markup:
        """A label as a CSS `content` value: its text quoted, each slot replaced by the CSS given
        (`t.css("page_of", page="counter(page)")` → `"Page " counter(page)`)."""
        parts: list[str] = []
        for literal, name in _pieces(self.text(key)):
            if literal:
                parts.append(css_string(literal))
            if name:
                parts.append(values[name])
        return Markup(" ".join(parts) or '""')


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside a <style> element (no `<` to end it early)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ") + '"'


_FILLED_KEPT = 4096


def _values_key(key: str, values: Mapping[str, Any]) -> tuple | None:
    """What decides a filled-in label (its key, each value and whether it is markup), or None
    when a value is not plain text or markup (its `str` could change; a clock time's cannot)."""
    parts = []
    for name, value in values.items():
        kind = type(value)
        if kind is not str and kind is not Markup and kind is not Time:
            return None
        parts.append((name, kind is Markup, value))
    return key, tuple(sorted(parts))


@lru_cache(maxsize=64)
def _plural_rule(language: str) -> Any:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE).plural_form


def plural_form(language: str, n: int) -> str:
    if language.split("-")[0] == "en":  # the common case needs no Babel
        return "one" if n == 1 else "other"
    return _plural_rule(language)(n)


# --- the labels a template sees --------------------------------------------------------------

_CURRENT: contextvars.ContextVar[Labels] = contextvars.ContextVar("panelpress_labels")


class CurrentLabels:
    """The Jinja global `t`: the labels of the workshop being rendered. A global (not a context
    variable) so that imported macro files see it too; `render()` sets which workshop's."""

    # Jinja asks every callable it calls for `jinja_pass_arg`; answered by __getattr__ that was a
    # failed label lookup with a did-you-mean search over every label, on each `t(...)` in a
    # template: 40 % of generating a large workshop's pages.
    jinja_pass_arg = None

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return getattr(current(), key)

    def __getitem__(self, key: str) -> str:
        return current()[key]

    def __call__(self, key: str, **values: Any) -> Markup:
        return current()(key, **values)


def current() -> Labels:
    labels = _CURRENT.get(None)
    return labels if labels is not None else _default()


@lru_cache(maxsize=1)
def _default() -> Labels:
    return Labels()


def use(labels: Labels) -> contextvars.Token:
    return _CURRENT.set(labels)


def done(token: contextvars.Token) -> None:
    _CURRENT.reset(token)
