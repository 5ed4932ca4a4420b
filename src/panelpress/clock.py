"""Clock times as the workshop's language writes them: "13:05" in most, "1:05 p.m." in en-CA.

An author writes times 24-hour (`start_time: 12:15`, `--start-time`), the agenda adds the minutes,
and every output prints the result through `Clock`: the label `time_format` (a CLDR pattern, as
`date_format` is for the date; the language's catalogue sets it, an author may override it) read
by Babel in the workshop's language. The time a template or a label receives is a `Time`: the
printed text, so a template that prints it (an author's override too) cannot print it otherwise,
with the 24-hour form beside it for what machines read (`<time datetime>`, the calendar file).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

DAY = 24 * 60
ISO = "HH:mm"  # the catalogue's default, and the form of `start_time` itself
CLOCK_FIELDS = "HhKkmsaBb"  # CLDR's letters for hours, minutes, seconds and the day's period


class Time(str):
    """A clock time as the outputs print it ("1:05 p.m."): what `str()`, an f-string and a
    template give. `iso` is the same time as HTML's `<time datetime>` reads it ("13:05"),
    `minute` the minutes since midnight."""

    iso: str
    minute: int

    def __new__(cls, text: str, minute: int) -> "Time":
        made = super().__new__(cls, text)
        made.minute = minute
        made.iso = f"{minute // 60:02d}:{minute % 60:02d}"
        return made

    def __reduce__(self):  # a copy (pickle, deepcopy) is the same time, printed the same way
        return Time, (str(self), self.minute)


def minute_of_day(hhmm: str) -> int:
    """Minutes since midnight: 1085 for "18:05" (schema.py has checked the form)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return hours * 60 + minutes


@dataclass(frozen=True)
class Clock:
    """How one workshop prints clock times: `pattern` (the label `time_format`) in `language`."""

    pattern: str = ISO
    language: str = "en"

    @property
    def twelve_hour(self) -> bool:
        """Whether it prints the afternoon 12-hour ("1:05 PM"): the deck's speaker view then
        shows its live clock so too (slides.js)."""
        return "13" not in shown(13 * 60 + 5, self.pattern, self.language)

    def at(self, start: str, minutes: int = 0) -> Time:
        """The time `minutes` after `start` (HH:MM; before it when negative), round the clock."""
        minute = (minute_of_day(start) + minutes) % DAY
        return Time(shown(minute, self.pattern, self.language), minute)


@lru_cache(maxsize=4096)
def shown(minute: int, pattern: str, language: str) -> str:
    """The one place a clock time is written out: `minute` (since midnight) by `pattern`."""
    if pattern == ISO:  # the common case needs no Babel
        return f"{minute // 60:02d}:{minute % 60:02d}"
    from babel import UnknownLocaleError
    from babel.dates import format_time

    at = dt.time(minute // 60, minute % 60)
    try:
        return format_time(at, pattern, locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):  # a language Babel does not know (schema.py read the pattern)
        return format_time(at, pattern, locale="en")


def problem(pattern: str) -> str | None:
    """Why `pattern` cannot print a clock time, or None: schema.py reports it where it is written."""
    if pattern in (ISO, "short"):
        return None
    if pattern in ("medium", "long", "full"):
        return f"`{pattern}` prints the seconds too" + (", and the time zone" if pattern != "medium" else "")
    # a letter outside quotes is a CLDR field: one a clock time has not is a word left unquoted
    # (Babel prints "H:mm Uhr" as "13:05 U1r", its year and hour)
    stray = sorted(set(re.findall(r"[A-Za-z]", re.sub(r"'[^']*'?", "", pattern))) - set(CLOCK_FIELDS))
    if stray:
        return f"'{stray[0]}' is not a letter of a clock time"
    from babel.dates import format_time

    try:
        text = format_time(dt.time(13, 5), pattern, locale="en")
    except ValueError as error:  # "Invalid length for field: 'hhhhh'"
        return str(error)
    if "05" not in text or "1" not in text.replace("05", ""):
        return f"it prints no hour or no minutes ('{text}' for 13:05)"
    return None
