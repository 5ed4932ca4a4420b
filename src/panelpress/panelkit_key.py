"""The panel kit's cache keys, worked out without converting its Markdown.

A kit PDF is reused from the cache (handouts/pdfcache.py) while its key is unchanged. The key was
a hash of each piece's HTML, so every build rendered the whole kit only to find it unchanged; and
the moderator script holds each lesson's text (lesson_text.py): converting those Markdown fields
was most of the kit's cost in a build of a large workshop (0.3 s of CPU at 100 lessons on the
agenda), spent again in every build that typeset nothing.

So a piece is keyed by its HTML as rendered by `keying(env)`: the same templates, data, labels
and options, with the `md` and `md_inline` filters printing a hash of the Markdown text they are
given instead of its HTML. What the real filters make of a text is a function of that text, the
workshop's language and the code that converts it (`converter`: panelpress's source, the versions
of Markdown and nh3), all in the key. A text that may hold a link (a `[` or a `<`) is converted as
before: its HTML also depends on the titles of the pages it names and where links point.

The real HTML is rendered only for a piece whose PDF must be typeset. The script page written
into kit/ (the script for a tablet) is kept in the same cache folder under the key of its own
keyed HTML (`PageCache`), so an unchanged kit converts no Markdown at all.
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import labels
from .handouts import pdfcache
from .write import replace_file

_PACKAGE = Path(__file__).parent
_OVERLAYS: weakref.WeakKeyDictionary[jinja2.Environment, jinja2.Environment] = weakref.WeakKeyDictionary()


@functools.lru_cache(maxsize=1)
def converter() -> str:
    """A hash of what turns a Markdown field into HTML, besides the field: panelpress's source
    (render.py, markdown_ext.py, typography.py and what they use: all of it, a development
    checkout changes it without a new version) and the Markdown and nh3 packages."""
    digest = hashlib.sha256()
    for package in ("markdown", "nh3"):
        try:
            digest.update(f"{package} {metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} -\0".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _keyed(convert: Callable[[str | None], Markup], kind: str) -> Callable[[str | None], Markup]:
    def key(text: str | None) -> Markup:
        source = str(text or "")
        if "[" in source or "<" in source:  # a link, perhaps: its HTML depends on more than the text
            return convert(text)
        digest = hashlib.sha256(f"{kind}\0{labels.current().language}\0{source}".encode("utf-8", "surrogatepass"))
        return Markup(f"<!--{kind} {digest.hexdigest()}-->")

    return key


def keying(env: jinja2.Environment) -> jinja2.Environment:
    """`env` with `md` and `md_inline` printing a hash of their Markdown (see the module's
    docstring). One per environment, kept with it: its templates are compiled once."""
    overlay = _OVERLAYS.get(env)
    if overlay is None:
        overlay = env.overlay(cache_size=400)  # its own template cache: templates bound to its filters
        overlay.filters = {**env.filters, "md": _keyed(env.filters["md"], "md"),
                           "md_inline": _keyed(env.filters["md_inline"], "md_inline")}
        _OVERLAYS[env] = overlay
    return overlay


def key(keyed_html: str, base_url: str) -> str:
    """The cache key of a document from its keyed HTML: what pdfcache.key hashes (the files it
    references, the typesetting's versions and fonts) and the Markdown converter."""
    return pdfcache.key(f"{keyed_html}<!--markdown {converter()}-->", base_url)


class PageCache:
    """The kit's HTML pages (the script page) by key, as `<key>.html` in a cache folder; the
    entries this build did not ask for are removed when it ends, but the last `KEEP`."""

    KEEP = 4  # a serve session's last edits

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, key: str) -> str | None:
        try:
            text = (self.path / f"{key}.html").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        try:
            (self.path / f"{key}.html").touch()
        except OSError:
            pass
        return text

    def put(self, key: str, text: str) -> None:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            replace_file(self.path / f"{key}.html", text.encode("utf-8"))
        except OSError:
            pass  # a read-only cache: rendered again next time

    def prune(self, keep: str) -> None:
        try:
            entries = sorted(self.path.glob("*.html"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        for entry in [e for e in entries if e.stem != keep][self.KEEP - 1:]:
            try:
                entry.unlink()
            except OSError:
                pass
