"""A handout's cover as a small picture, for the site's Handouts page (pypdfium2 draws page 1).

Drawing a cover takes ~40 ms a PDF, and a rebuild where nothing changed must stay about a second:
so covers are kept in `.panelpress-cache/thumb/` beside the PDF cache, keyed by a hash of the
PDF's bytes (an unchanged PDF comes from the PDF cache with the same bytes) and of how covers
are drawn (`WIDTH`, the format, pypdfium2's version). An entry is the WebP and a JSON record of
its size and the PDF's paper, written to temporary files and renamed into place, like the PDFs'.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..write import replace_file

FOLDER = Path(".panelpress-cache") / "thumb"
WIDTH = 320  # pixels: twice the card's 160 CSS pixels, sharp on a phone's dense screen
SUFFIX = "webp"
KEEP = 24  # entries kept besides this build's (as the PDF cache keeps)

# paper sizes by their size in PostScript points (1/72 inch), either way round; 3 pt of slack
_PAPERS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}


@dataclass(frozen=True)
class Thumbnail:
    data: bytes  # WebP
    width: int  # pixels
    height: int
    paper: str  # 'letter', 'a4', or '' for another size (then `size_mm` says it)
    size_mm: tuple[int, int]  # the first page's width and height in millimetres


def folder(root: Path) -> Path:
    """The cover cache of the workshop whose mkdocs.yml is in `root`."""
    return root / FOLDER


def paper_of(width_pt: float, height_pt: float) -> str:
    """The paper a page of this size is printed on: 'letter', 'a4' or ''."""
    size = sorted((width_pt, height_pt))
    for name, (w, h) in _PAPERS.items():
        if abs(size[0] - w) <= 3 and abs(size[1] - h) <= 3:
            return name
    return ""


def _key(pdf: bytes) -> str:
    digest = hashlib.sha256(pdf)
    digest.update(f"\0{WIDTH}\0{SUFFIX}\0{metadata.version('pypdfium2')}".encode())
    return digest.hexdigest()


def draw(pdf: bytes) -> Thumbnail:
    """Page 1 of `pdf`, WIDTH pixels wide, as WebP."""
    import pypdfium2  # imported here: only a build that makes handouts needs it

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width_pt, height_pt = page.get_size()
        image = page.render(scale=WIDTH / width_pt).to_pil().convert("RGB")
    finally:
        document.close()
    out = io.BytesIO()
    # method 4 (libwebp's default), not 6: files 1 % larger (~100 bytes a cover), drawn in 9 ms, not 20-64
    image.save(out, format="WEBP", quality=80, method=4)
    return Thumbnail(out.getvalue(), image.width, image.height, paper_of(width_pt, height_pt),
                     (round(width_pt / 72 * 25.4), round(height_pt / 72 * 25.4)))


class Covers:
    """The covers of one build's PDFs: taken from the cache, or drawn and stored. `drawn` and
    `reused` count them for the build's report (and for the test that nothing is redrawn)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.drawn = 0
        self.reused = 0
        self.used: set[str] = set()

    def of(self, pdf: bytes) -> Thumbnail:
        key = _key(pdf)
        self.used.add(key)
        cached = self._get(key)
        if cached is not None:
            self.reused += 1
            return cached
        thumbnail = draw(pdf)
        self.drawn += 1
        self._put(key, thumbnail)
        return thumbnail

    def _get(self, key: str) -> Thumbnail | None:
        if self.path is None:
            return None
        try:
            record = json.loads((self.path / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.path / f"{key}.{SUFFIX}").read_bytes()
            if hashlib.sha256(data).hexdigest() != record["sha256"]:
                return None  # damaged or half-written: draw it again
            return Thumbnail(data, int(record["width"]), int(record["height"]), str(record["paper"]),
                             (int(record["size_mm"][0]), int(record["size_mm"][1])))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def _put(self, key: str, thumbnail: Thumbnail) -> None:
        """Store a cover; a cache that cannot be written (read-only, full disk) is skipped."""
        if self.path is None:
            return
        record = {"width": thumbnail.width, "height": thumbnail.height, "paper": thumbnail.paper,
                  "size_mm": list(thumbnail.size_mm), "sha256": hashlib.sha256(thumbnail.data).hexdigest()}
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._write(f"{key}.{SUFFIX}", thumbnail.data)  # the picture first: a record always has it
            self._write(f"{key}.json", json.dumps(record).encode())
        except OSError:
            pass

    def prune(self, most: int = KEEP) -> None:
        """Remove all but this build's covers and the most recently written others, up to `most`."""
        if self.path is None:
            return
        try:
            records = sorted(self.path.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        kept = 0
        for record in records:
            if record.stem in self.used:
                continue
            if kept < most:
                kept += 1
                continue
            for suffix in (".json", f".{SUFFIX}"):
                try:
                    (self.path / f"{record.stem}{suffix}").unlink()
                except OSError:
                    pass

    def _write(self, name: str, data: bytes) -> None:
        assert self.path is not None
        replace_file(self.path / name, data)
