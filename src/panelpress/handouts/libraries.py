"""WeasyPrint imported without ctypes' compiler probes for library names that do not exist here.

WeasyPrint 70 opens each of its libraries (GObject, Pango, HarfBuzz and its subsetter and
vector parts, fontconfig, PangoFT2) by trying several names in turn, Windows' and macOS' among
them, and cffi hands every name that does not open to `ctypes.util.find_library`. On Linux that
reads the linker's cache (`ldconfig -p`) and, when the name is not there, runs `gcc` and `ld` to
look for it: 22 lookups, about 55 processes, 0.16 s of CPU in processes of their own and
0.3-0.7 s of wall time, in the build's own process before the PDF workers are forked (they are
forked once WeasyPrint is imported, so this was on the way to every PDF). Every library is
then opened by a name the linker's cache has, or by its `.so.N` name, which dlopen finds itself.

So while WeasyPrint is imported, `find_library` is answered from one reading of the linker's
cache, ctypes' own first lookup, without the compiler and linker probes: the libraries opened
are the same ones (a name the cache has gives the same file; one it lacks did not open through
gcc or ld here either, and dlopen still finds the `.so.N` name through LD_LIBRARY_PATH). Other
systems, and a Linux without ldconfig, import WeasyPrint as it is."""

from __future__ import annotations

import ctypes.util
import importlib
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def import_weasyprint() -> None:
    """Import WeasyPrint (once a process: a second call costs nothing)."""
    if "weasyprint" in sys.modules:
        return
    with linker_cache_lookups():
        importlib.import_module("weasyprint")


@contextmanager
def linker_cache_lookups() -> Iterator[None]:
    """`ctypes.util.find_library` answered from the linker's cache alone, inside the block."""
    listing = _linker_cache() if sys.platform.startswith("linux") else None
    if listing is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = finder(listing)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _linker_cache() -> str | None:
    """What `ldconfig -p` prints (None: it could not be run)."""
    try:
        done = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, timeout=10,
                              env={"LC_ALL": "C", "LANG": "C"}, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def finder(listing: str) -> Callable[[str], str | None]:
    """`find_library` over a reading of the linker's cache: the soname of lib<name>.* whose ABI is
    this process's word size, as ctypes picks it (a 64-bit entry says so: "libc6,x86-64",
    "libc6,AArch64", "libc6,64bit"), else None."""
    wide = sys.maxsize > 2**32

    def find_library(name: str) -> str | None:
        for soname, abi in re.findall(r"\s+(lib%s\.[^\s]+)\s+\(([^)]*)\)" % re.escape(name), listing):
            if ("64" in abi) == wide:
                return soname
        return None

    return find_library
