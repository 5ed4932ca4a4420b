"""Every character prints: the font stack of the printed outputs, and a warning for any
character of the data that no installed font can draw.

A character no font covers prints as an empty box (.notdef) in the PDFs, yet `pdftotext`
still extracts it, so nothing else would notice. The check runs in validation, not in the
handouts output: it needs the position of every value (load.py's documents, which the model
does not keep), `panelpress check` must say what `build` will say, and it is about the
data, whatever outputs are on (the slides print through Chromium with the same fonts).

Coverage is fontconfig's, as Pango (WeasyPrint) and Chromium both fall back through it
(fontcoverage.py: 10 to 20 ms), asked only when the data has a character outside ASCII not
yet known to be covered. Covered characters are remembered for the process (`serve` rebuilds
pay nothing); an uncovered one is asked about again on the next build, so a font installed
meanwhile is seen. (Reading the coverage in a thread while the YAML loads saved a few ms, but
a thread still inside fontconfig when the handouts' workers fork could leave them a held lock.)
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from markupsafe import Markup

from . import fontcoverage
from .diagnostics import Diagnostic
from .load import Document, KeyPath

# The installed fonts every output falls back to (Debian packages: scripts/sysdeps.sh), after
# the identity's Source Sans 3 for Latin (identity.FONT_STACK puts it first). DejaVu Sans first,
# for Greek and Cyrillic; it also has Arabic, Hebrew, Armenian and Georgian. Per character the first family that has it is used, so
# the script fonts after it only fill what DejaVu lacks: fonts-noto-core (Indic scripts, Thai,
# Ethiopic, …) and fonts-noto-cjk (Chinese, Japanese, Korean). Naming them keeps the choice the
# same whatever fontconfig's own order for `sans-serif` is on a machine (with fonts-noto-core
# installed it is Noto Sans, no longer DejaVu Sans).
# Emoji are deliberately not named: Pango and Chromium give emoji-presentation characters to the
# installed emoji font by themselves (fonts-noto-color-emoji; WeasyPrint 70 draws its colour
# bitmaps), while naming "Noto Color Emoji" (or `emoji`) in the list makes WeasyPrint set digits
# and punctuation from it, spaced out like "1 7 : 3 0" (the emoji font has them, as keycap bases).
FONT_FAMILIES = (
    "DejaVu Sans", "Noto Sans", "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Gurmukhi",
    "Noto Sans Gujarati", "Noto Sans Oriya", "Noto Sans Tamil", "Noto Sans Telugu", "Noto Sans Kannada",
    "Noto Sans Malayalam", "Noto Sans Sinhala", "Noto Sans Thai", "Noto Sans Arabic", "Noto Sans Hebrew",
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans Symbols", "Noto Sans Symbols2",
    "Noto Sans Math",
)
# CSS `font-family` value; Markup because it is written into <style> (no HTML escaping there)
FONT_STACK = Markup(", ".join(f'"{family}"' for family in FONT_FAMILIES) + ", sans-serif")

# Characters that are not drawn, so need no glyph: controls, format characters (zero-width
# joiner, direction marks, emoji tags), line/paragraph separators, variation selectors.
_NOT_DRAWN = {"Cc", "Cf", "Zl", "Zp"}
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))

_covered: set[str] = set()  # characters some installed font has (fonts are seldom removed mid-run)


def check_documents(docs: Iterable[Document], seen: set[str] | None = None) -> list[Diagnostic]:
    """One warning for each value that is the first in its file to use a character (or several)
    no installed font has, at the first such character. `seen` gets every character outside
    ASCII the values use (the model keeps them: identity.py declares the fonts they need)."""
    firsts: dict[tuple[str, str], tuple[Document, KeyPath, str]] = {}  # (file, char) → its first value
    seen = set() if seen is None else seen
    for doc in docs:
        for loc, text in doc.strings():
            if text.isascii():  # every text font has ASCII: the common case costs one C call
                continue
            chars = set(text)
            seen |= chars
            for char in chars - _covered:
                if _drawn(char):
                    firsts.setdefault((doc.shown, char), (doc, loc, text))
    missing = uncovered({char for _, char in firsts})
    by_value: dict[tuple[str, KeyPath], tuple[Document, str, list[str]]] = {}
    for (shown, char), (doc, loc, text) in firsts.items():
        if char in missing:
            by_value.setdefault((shown, loc), (doc, text, []))[2].append(char)
    diags = []
    for (shown, loc), (doc, text, chars) in by_value.items():
        chars.sort(key=text.index)
        line, column = _char_position(doc, loc, text, chars[0])
        diags.append(Diagnostic(shown, line, column, _message(chars), _hint(chars[0]), "warning"))
    return diags


def _message(chars: list[str]) -> str:
    named = [_show(c) for c in chars[:4]]
    if len(chars) > 4:
        named[-1] += f" and {len(chars) - 4} more"
    elif len(chars) > 1:
        named[-2:] = [f"{named[-2]} or {named[-1]}"]
    if len(chars) == 1:
        return f"no installed font has {named[0]}: it prints as an empty box in the PDFs"
    return f"no installed font has {', '.join(named)}: they print as empty boxes in the PDFs"


def uncovered(chars: Iterable[str]) -> set[str]:
    """The characters of `chars` that no installed font covers (fontconfig's view)."""
    todo = {c for c in chars if c not in _covered}
    if not todo:
        return set()
    coverage = fontcoverage.installed()
    found = {c for c in todo if coverage.has(ord(c))}
    _covered.update(found)
    return todo - found


def _drawn(char: str) -> bool:
    if unicodedata.category(char) in _NOT_DRAWN:
        return False
    return not any(ord(char) in selectors for selectors in _SELECTORS)


def _char_position(doc: Document, loc: KeyPath, text: str, char: str) -> tuple[int, int]:
    """Line and column of the character itself: found in the file from where its value starts
    (block scalars, quotes and folded lines make counting within the value unreliable). A value
    that has it only as an escape ("\\U0001F3AF") points at a later use, or at the value itself."""
    line, column = doc.position(loc)
    try:
        lines = doc.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return line, column
    for number in range(line - 1, len(lines)):
        start = column - 1 if number == line - 1 else 0
        at = lines[number].find(char, start)
        if at >= 0:
            return number + 1, at + 1
    return line, column


def _show(char: str) -> str:
    """The character quoted as the author typed it, and its code point; a combining mark on a
    dotted circle; a private-use or unassigned one by its code point alone (no terminal shows it)."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category in ("Co", "Cn"):
        return code
    if category.startswith("M"):
        return f"'\u25cc{char}' ({code})"
    return f"'{char}' ({code})"


_SCRIPT_ENDS = {"LETTER", "SIGN", "VOWEL", "DIGIT", "SYLLABLE", "CHARACTER", "NUMBER", "MARK", "LIGATURE"}


def _script(char: str) -> str:
    """'Devanagari' for DEVANAGARI VOWEL SIGN AA; '' when the name does not say (symbols, emoji)."""
    words = unicodedata.name(char, "").split()
    if words[:1] == ["CJK"]:
        return "CJK"
    for n, word in enumerate(words):
        if word in _SCRIPT_ENDS or word.startswith("IDEOGRAPH"):
            return " ".join(words[:n]).title()
    return ""


def _hint(char: str) -> str:
    code = ord(char)
    if unicodedata.category(char) == "Co":
        return ("private-use characters are drawn only by the font they were made for: "
                "use a standard character instead")
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF:
        package = "fonts-noto-color-emoji"
    elif (0x1100 <= code <= 0x11FF or 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF
          or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF):
        package = "fonts-noto-cjk"
    else:
        package = "fonts-noto-core, or fonts-noto-extra for rarer scripts"
    script = _script(char)
    return f"install a font that covers {script or 'it'}, e.g. apt-get install {package}"
