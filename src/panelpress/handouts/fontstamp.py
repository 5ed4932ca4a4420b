"""The same PDF bytes from the same document, in every build: the embedded fonts' own timestamp.

WeasyPrint subsets a font with HarfBuzz, which keeps the font's `head` table as it is. But a
font it saves again through fontTools (a colour emoji font, whose pictures it replaces with
empty glyphs; a variable font, made static at the weight used; a font HarfBuzz cannot subset)
gets fontTools' default `head.modified`: the time of the save (and so does every font file of an
@font-face rule that is a .woff, decoded through fontTools when the document is laid out:
identity.PRINT_KIND). So a handout with one emoji
(the negotiation workshop's 🎯) was other bytes in every build, and a PDF typeset at 12:00:00
and one of the same document at 12:00:01 were different files (a diff, a checksum list, a
deploy that uploads changed files all saw a change that was none).

fontTools takes that time from SOURCE_DATE_EPOCH when it is set (the reproducible-builds
convention, fontTools.misc.timeTools.timestampNow), read at each save. While a PDF is laid out
and written it is set to one fixed instant, whatever the build's environment says: a subset font's
`modified` is read by no PDF viewer, and with a fixed one a PDF's bytes depend on the document
only, as the PDF cache (pdfcache, keyed by the document) assumes. The calendar file's DTSTAMP,
which means something, keeps reading the build's own SOURCE_DATE_EPOCH (event.stamp): the
variable is put back as it was as soon as the PDF is written."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

# 1970-01-01 00:00:00 UTC, the Unix epoch: any fixed instant would do, this one reads as "no date"
FONT_MODIFIED = "0"
_VARIABLE = "SOURCE_DATE_EPOCH"


@contextlib.contextmanager
def fixed_font_timestamps() -> Iterator[None]:
    """While WeasyPrint writes a PDF: every font it saves through fontTools says FONT_MODIFIED."""
    previous = os.environ.get(_VARIABLE)
    os.environ[_VARIABLE] = FONT_MODIFIED
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(_VARIABLE, None)
        else:
            os.environ[_VARIABLE] = previous
