"""Which characters the installed fonts cover, as fontconfig (and so Pango, WeasyPrint and
Chromium) sees it.

Asked of libfontconfig in-process through ctypes: it reads its caches and merges the character
sets of every font into one, in about 10 ms. Running `fc-list --format '%{charset}'` and parsing
its 500 KB of ranges took 15 ms on an idle machine and 60 to 120 ms on a busy one, so it is only
the fallback for a system where the library cannot be loaded by name.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
from typing import Protocol


class Coverage(Protocol):
    def has(self, code: int) -> bool: ...


class Everything:
    """No fontconfig at all: WeasyPrint cannot print either and says so; warn of nothing here."""

    def has(self, code: int) -> bool:
        return True


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]


class LibraryCoverage:
    """The union of the character sets of all installed fonts, held by libfontconfig."""

    def __init__(self, fc: ctypes.CDLL) -> None:
        self.fc = fc
        config = fc.FcInitLoadConfigAndFonts()  # our own config: Pango's (in the workers) is untouched
        pattern, objects = fc.FcPatternCreate(), fc.FcObjectSetCreate()
        fc.FcObjectSetAdd(objects, b"charset")
        fonts = fc.FcFontList(config, pattern, objects)
        self.charset = fc.FcCharSetCreate()
        one = ctypes.c_void_p()
        for i in range(fonts.contents.nfont if fonts else 0):
            if fc.FcPatternGetCharSet(fonts.contents.fonts[i], b"charset", 0, ctypes.byref(one)) == 0:  # FcResultMatch
                fc.FcCharSetMerge(self.charset, one, None)
        if fonts:
            fc.FcFontSetDestroy(fonts)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)

    def has(self, code: int) -> bool:
        return bool(self.fc.FcCharSetHasChar(self.charset, code))

    def __del__(self) -> None:
        self.fc.FcCharSetDestroy(self.charset)


class ListedCoverage:
    """The same from `fc-list`'s text: hex ranges (`20-7e`) and code points (`a0`)."""

    def __init__(self, output: str) -> None:
        self.tokens = set(output.split())  # a family's styles share most: 70,000 become about 4,000
        self.ranges: list[tuple[int, int]] | None = None

    def has(self, code: int) -> bool:
        if self.ranges is None:
            self.ranges = []
            for token in self.tokens:
                start, _, end = token.partition("-")
                self.ranges.append((int(start, 16), int(end or start, 16)))
        return any(low <= code <= high for low, high in self.ranges)


def _library() -> ctypes.CDLL | None:
    try:
        fc = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    except OSError:
        return None
    void_p = ctypes.c_void_p
    for name, restype, argtypes in (
        ("FcInitLoadConfigAndFonts", void_p, []),
        ("FcPatternCreate", void_p, []),
        ("FcObjectSetCreate", void_p, []),
        ("FcObjectSetAdd", ctypes.c_int, [void_p, ctypes.c_char_p]),
        ("FcFontList", ctypes.POINTER(_FcFontSet), [void_p, void_p, void_p]),
        ("FcPatternGetCharSet", ctypes.c_int, [void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(void_p)]),
        ("FcCharSetCreate", void_p, []),
        ("FcCharSetMerge", ctypes.c_int, [void_p, void_p, void_p]),
        ("FcCharSetHasChar", ctypes.c_int, [void_p, ctypes.c_uint32]),
        ("FcCharSetDestroy", None, [void_p]),
        ("FcFontSetDestroy", None, [ctypes.POINTER(_FcFontSet)]),
        ("FcObjectSetDestroy", None, [void_p]),
        ("FcPatternDestroy", None, [void_p]),
        ("FcConfigDestroy", None, [void_p]),
    ):
        function = getattr(fc, name)
        function.restype, function.argtypes = restype, argtypes
    return fc


def installed() -> Coverage:
    """What the installed fonts cover, read now (fonts installed since are seen)."""
    fc = _library()
    if fc is not None:
        return LibraryCoverage(fc)
    try:
        result = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return Everything()
    return ListedCoverage(result.stdout) if result.returncode == 0 else Everything()
