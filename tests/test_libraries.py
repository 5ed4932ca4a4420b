"""WeasyPrint imported without ctypes' compiler probes (handouts/libraries.py): the build's own
process runs no `gcc` or `ld` on the way to its PDF workers, and opens the same libraries."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys

import pytest

from panelpress.handouts import libraries

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the linker's cache is Linux's")

# What a fresh process ran while importing WeasyPrint (an audit hook sees every program started)
# and which of WeasyPrint's libraries it then had loaded.
PROBE = """
import json, sys
started = []
sys.addaudithook(lambda event, args: event == "subprocess.Popen" and started.append(str(args[0])))
from panelpress.handouts.libraries import import_weasyprint
{how}
loaded = sorted({{line.split()[-1] for line in open("/proc/self/maps")
                 if any(k in line for k in ("gobject", "pango", "harfbuzz", "fontconfig"))}})
print(json.dumps({{"started": started, "loaded": loaded}}))
"""


def probe(how: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE.format(how=how)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@linux
def test_weasyprint_imported_without_compiler_or_linker_runs_and_with_the_same_libraries():
    quick = probe("import_weasyprint()")
    plain = probe("import weasyprint")
    assert not any(name.endswith(("gcc", "ld", "cc")) for name in quick["started"]), quick["started"]
    assert len(quick["started"]) <= 1  # one reading of the linker's cache
    assert quick["loaded"] and quick["loaded"] == plain["loaded"]


@linux
def test_the_cache_gives_what_ctypes_finds_for_a_library_it_has():
    listing = libraries._linker_cache()
    assert listing is not None
    find = libraries.finder(listing)
    for name in ("c", "fontconfig", "gobject-2.0", "harfbuzz"):
        assert find(name) == ctypes.util.find_library(name)
    assert find("no-such-library-panelpress") is None


def test_find_library_is_put_back_after_the_import():
    original = ctypes.util.find_library
    with libraries.linker_cache_lookups():
        pass
    assert ctypes.util.find_library is original
