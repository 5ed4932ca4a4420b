"""PDFs already typeset, kept in `.panelpress-cache/pdf/` beside mkdocs.yml and reused when
nothing they are made from has changed.

A PDF is keyed by a hash of everything WeasyPrint reads to make it: the HTML (which holds the
data, the labels, the paper size and the inlined CSS), the files it references (stylesheets,
images, fonts, and what a referenced stylesheet references; by their path relative to the
workshop, so a copied workshop keeps its PDFs), how it is typeset (this package's typesetting code and its version), and the
versions of WeasyPrint and its PDF writer and the list of fonts fontconfig offers. An entry is
the PDF and a small JSON record holding its page count and its own hash, so a damaged or
half-written entry is noticed and typeset afresh. Entries are written to a temporary file and
renamed into place: the cache never touches site/, and a build that stops leaves no half entry.
The panel kit hands in its own keys, of its HTML with each Markdown field hashed rather than
converted (panelkit_key.py): its HTML is rendered only for a document to typeset.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..write import replace_file

FOLDER = Path(".panelpress-cache") / "pdf"
KEEP = 24  # entries kept: this build's and the most recent others (a serve session's last edits)

# what may point at another file in HTML or CSS: src="", href="", url(...), @import "..."
_REFERENCE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)"""
                        r"""|@import\s+["']([^"']+)["']""", re.IGNORECASE)


def folder(root: Path) -> Path:
    """The PDF cache of the workshop whose mkdocs.yml is in `root`."""
    return root / FOLDER


@functools.lru_cache(maxsize=1)
def environment() -> str:
    """What typesets, besides the document: versions and fonts. Read once per process (a few
    tens of milliseconds, mostly starting fc-list); a font installed while `serve` runs is
    noticed at the next serve."""
    parts = []
    for package in ("panelpress", "weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools"):
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} -")
    # the typesetting code itself: a development checkout changes it without changing the version
    for code in ("typeset.py", "text_layer.py", "artifacts.py", "pdf_patches.py", "layout_patches.py",
                 "fontstamp.py"):
        parts.append(hashlib.sha256((Path(__file__).parent / code).read_bytes()).hexdigest())
    parts.append(fonts())
    return "\n".join(parts)


def fonts() -> str:
    """fontconfig's list of fonts (file, family, style, version): a font added, removed or
    updated changes how text may be set."""
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}|%{family}|%{style}|%{fontversion}\n"],
                                capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "fc-list unavailable"
    return hashlib.sha256("".join(sorted(listed.splitlines(keepends=True))).encode()).hexdigest()


def _local(reference: str, base: Path) -> Path | None:
    """The local file a reference in a document names, or None (data:, http:, #fragment)."""
    parts = urlsplit(reference)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (base / unquote(parts.path)).resolve()


def _resources(text: str, base: Path, seen: dict[Path, str], depth: int = 0) -> None:
    """Hash every local file `text` references into `seen`, and what referenced CSS references."""
    for match in _REFERENCE.finditer(text):
        reference = next(group for group in match.groups() if group is not None).strip()
        path = _local(reference, base)
        if path is None or path in seen:
            continue
        try:
            content = path.read_bytes()
        except OSError:
            seen[path] = "missing"  # WeasyPrint will say so; the key changes once it appears
            continue
        seen[path] = hashlib.sha256(content).hexdigest()
        if path.suffix.lower() == ".css" and depth < 4:
            _resources(content.decode("utf-8", "replace"), path.parent, seen, depth + 1)


def key(html: str, base_url: str | None) -> str:
    """The hash of everything the PDF of `html` is made from."""
    digest = hashlib.sha256()
    for part in (environment(), html):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    seen: dict[Path, str] = {}
    local = base_url is not None and not urlsplit(base_url).scheme
    if local:
        _resources(html, Path(base_url), seen)
    else:
        digest.update((base_url or "").encode())
    # files by their path relative to the base: a workshop folder moved or copied keeps its PDFs
    for path, content in sorted(seen.items()):
        name = os.path.relpath(path, base_url) if local else str(path)
        digest.update(f"{name}\0{content}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    data: bytes
    pages: int


class PdfCache:
    """A folder of typeset PDFs by key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, key: str) -> Entry | None:
        """The PDF stored under `key`, or None when absent or damaged."""
        try:
            record = json.loads((self.path / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.path / f"{key}.pdf").read_bytes()
            if hashlib.sha256(data).hexdigest() != record["sha256"] or not data.startswith(b"%PDF"):
                return None
            pages = int(record["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self._touch(key)
        return Entry(data, pages)

    def put(self, key: str, data: bytes, pages: int) -> None:
        """Store a PDF; a cache that cannot be written (read-only folder, full disk) is skipped."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._write(f"{key}.pdf", data)  # the PDF first: a record always has its PDF
            self._write(f"{key}.json", json.dumps({"pages": pages, "sha256": hashlib.sha256(data).hexdigest()})
                        .encode())
        except OSError:
            pass

    def prune(self, keep: set[str], most: int = KEEP) -> None:
        """Remove all but the entries in `keep` and the most recently used others, up to `most`."""
        try:
            records = sorted(self.path.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        kept = len(keep)
        for record in records:
            name = record.stem
            if name in keep:
                continue
            if kept < most:
                kept += 1
                continue
            for suffix in (".json", ".pdf"):
                try:
                    (self.path / f"{name}{suffix}").unlink()
                except OSError:
                    pass

    def _write(self, name: str, data: bytes) -> None:
        replace_file(self.path / name, data)

    def _touch(self, key: str) -> None:
        try:
            os.utime(self.path / f"{key}.json")
        except OSError:
            pass
