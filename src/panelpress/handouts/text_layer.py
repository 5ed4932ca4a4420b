"""What a PDF's text layer says for the typographic quotes its pages show.

Every output sets quotes typographically (typography.smarten): the page shows ’ “ ” „. But a
reader who searches a handout for "what's", copies a line into an e-mail or a form, or checks a
worksheet's title with pdftotext types straight quotes, and most PDF viewers do not fold the
two. So each font's ToUnicode map, which says what text a glyph stands for, names the typed
character for the quote glyphs: the page keeps the curly glyphs, the text layer reads as typed.
Guillemets and dashes are characters people type too and are left as they are."""

from __future__ import annotations

import re

# the quotes smarten() makes, as UTF-16BE hex in a ToUnicode map, and the typed character
_TYPED = {"2018": "0027", "2019": "0027", "201a": "0027", "201c": "0022", "201d": "0022", "201e": "0022"}
_ENTRY = re.compile(rb"^(<[0-9a-f]+> <)([0-9a-f]+)(>)$")
_CMAP = b"/CMapName /Adobe-Identity-UCS def"


def _typed(hexcodes: bytes) -> bytes:
    text = hexcodes.decode("ascii")
    units = [_TYPED.get(text[i:i + 4], text[i:i + 4]) for i in range(0, len(text), 4)]
    return "".join(units).encode("ascii")


def typed_quotes(document: object, pdf: object) -> None:
    """WeasyPrint finisher: rewrite the quote glyphs' entries of every ToUnicode map."""
    for obj in pdf.objects:  # type: ignore[attr-defined]
        lines = getattr(obj, "stream", None)
        if not isinstance(lines, list) or _CMAP not in lines:
            continue
        for i, line in enumerate(lines):
            match = _ENTRY.match(line) if isinstance(line, bytes) else None
            if match:
                lines[i] = match.group(1) + _typed(match.group(2)) + match.group(3)
