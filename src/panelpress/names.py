"""A person's name as participants read it: its Latin form and its own script.

Authors write a name as they like: `Dana Whitfield`, `Mei-Ling Zhou (周美玲)`, `김민준 (Kim
Min-jun)`, or `ليلى حداد` with `name_latin: Layla Haddad`. The bios and stories call the person
by the Latin form, so a list of names (the agenda) shows that form, and the native script once
beside it where the person is introduced.
"""

from __future__ import annotations

import re
import unicodedata

_PAIR = re.compile(r"^(?P<first>[^()]+?)\s*\((?P<second>[^()]+)\)$")


def is_latin(text: str) -> bool:
    """True when every letter of `text` is a Latin letter (accents included)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def split(name: str, latin: str | None = None) -> tuple[str, str | None]:
    """(display name, native-script name or None)."""
    if latin and latin.strip() != name.strip():
        return latin.strip(), name.strip()
    pair = _PAIR.match(name.strip())
    if pair:
        first, second = pair["first"].strip(), pair["second"].strip()
        # only a Latin form beside another script is a pair of names; `Sam (Samantha) Lee` is not
        if is_latin(first) and not is_latin(second):
            return first, second
        if is_latin(second) and not is_latin(first):
            return second, first
    return name.strip(), None


def initials(name: str) -> str:
    """'Mei-Ling Zhou' → 'MZ'; 'Amara' → 'A'."""
    words = [w for w in re.split(r"\s+", name.strip()) if any(c.isalpha() for c in w)]
    if not words:
        return ""
    picked = words if len(words) == 1 else [words[0], words[-1]]
    return "".join(next(c for c in w if c.isalpha()).upper() for w in picked)
