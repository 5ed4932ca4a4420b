"""The leak check: no facilitators-only text of the workshop reaches the public site.

The site is uploaded; the notes, debriefs and question bank are for the people running the
workshop (schema.py marks those fields `FOR_FACILITATORS`). A template override, a docs/ page or
a future output could still put one on a public page without anyone noticing, so every build
reads back what it wrote into the site (pages, search index, JavaScript, the PDFs' text) and
stops when a distinctive span of any facilitators-only value is there. It runs on the finished
site folder before it is swapped in (`cli build` stages it), so a failed check leaves the last
good site.

Matching is on plain text: Markdown rendered and its tags removed, HTML entities unescaped,
whitespace collapsed, case folded, typographic quotes and dashes made straight on both sides. Each value is looked for by its longest sentence, and only
when that is long enough to be distinctive and no participants' field says it too (a debrief
question also asked on a story's page is public there). With `publish_facilitator: true` the
guide's page, search entries and PDF are left out: they show every note on purpose.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from . import schema
from .load import Document, load_file
from .project import Project
from .typography import fold
from .write import replace_file

MEMORY = Path(".panelpress-cache") / "leak-check.json"  # files found clean (see _Clean)
MIN_SPAN = 25  # characters: shorter sentences ("Ask the room.") are too common to prove a leak
_KINDS = {"lessons": schema.LessonSpec, "anecdotes": schema.AnecdoteSpec, "questions": schema.QuestionSpec}
_EXERCISES = {cls.model_fields["kind"].annotation.__args__[0]: cls for cls in schema.EXERCISE_CLASSES}
_TEXT_FILES = {".html", ".htm", ".xml", ".svg", ".txt", ".md", ".csv", ".ics", ".vcf"}
_CODE_FILES = {".js", ".mjs", ".css"}
_INLINE_TAGS = re.compile(r"</?(?:a|em|strong|b|i|code|span|abbr|mark|sup|sub|small|q|cite|kbd|s|u|del|ins)\b[^>]*>",
                          re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SLUG = re.compile(schema.SLUG_PATTERN)
_MARKDOWNISH = re.compile(r"[*_`\[\]<>&\\#]|^\s*[-+]\s|^\s*\d+[.)]\s", re.MULTILINE)


@dataclass(frozen=True)
class Secret:
    """One facilitators-only value, by the span the check looks for."""

    field: str  # the field's name, e.g. 'facilitator_notes'
    where: str  # path:line:column of the value in the data
    span: str  # normalised (see `normalise`)
    shown: str  # the span as written, for the message


@dataclass(frozen=True)
class Leak:
    secret: Secret
    output: str  # the site's file it reached, as messages show it

    def __str__(self) -> str:
        return (f"{self.secret.where}: error: facilitators-only text of '{self.secret.field}' reached the public "
                f"site, in {self.output}: \"{self.secret.shown}\" (a template override or a docs/ page shows it: "
                "show it in the facilitator kit only, or move the text to a field participants see)")


def normalise(text: str) -> str:
    """Whitespace collapsed, case folded, and quotes and dashes made straight: the data says
    it's and --, a page says it’s and – (typography.py), and the two must still match."""
    return " ".join(fold(text).split()).casefold()


def html_text(markup: str) -> str:
    """The text a reader (or a search engine) gets from HTML: inline tags vanish, block tags
    separate words, entities unescaped. Attribute values are added: a note in a `title=` or
    `data-` attribute is published too."""
    attributes = " ".join(a or b for a, b in _ATTRIBUTE.findall(markup))
    text = _TAG.sub(" ", _INLINE_TAGS.sub("", markup))
    return html.unescape(text + " " + attributes)


def _plain(value: str) -> str:
    """A data value as it reads once rendered (Markdown only when it looks like Markdown: the
    renderer is the slow part, and most values are plain sentences)."""
    if not _MARKDOWNISH.search(value):
        return value
    from .render import _markdown_html

    return html_text(_markdown_html(value))


def _span(text: str) -> tuple[str, str] | None:
    """(normalised, as written) of the longest sentence, or None when it is too short."""
    sentences = [" ".join(s.split()) for s in _SENTENCE_END.split(" ".join(text.split()))]
    best = max(sentences, key=len, default="")
    return (normalise(best), best) if len(best) >= MIN_SPAN else None


def _documents(project: Project) -> Iterator[tuple[Document, type[BaseModel] | None]]:
    for name in ("workshop.yml", "workshop.yaml"):
        path = project.data_dir / name
        if path.is_file():
            doc, _ = load_file(path, project.shown(path))
            if doc is not None:
                yield doc, schema.WorkshopSpec
            break
    for folder in ("lessons", "anecdotes", "exercises", "questions"):
        for path in project.data_files(folder):
            doc, _ = load_file(path, project.shown(path))
            if doc is None:
                continue
            spec = _EXERCISES.get(doc.data.get("kind")) if folder == "exercises" else _KINDS[folder]
            yield doc, spec


@lru_cache(maxsize=None)
def _field(spec: type[BaseModel] | None, key: Any) -> tuple[type[BaseModel] | None, bool]:
    """The spec of a field's nested values, and whether the field is facilitators-only (asked for
    every key of every file: once per spec and key is enough)."""
    info = spec.model_fields.get(key) if spec is not None else None
    if info is None:
        return None, False
    inner = schema.nested_models(info.annotation)
    return (inner[0] if inner else None), schema.for_facilitators(info)


def _values(data: Any, spec: type[BaseModel] | None, path: tuple, field: str, private: bool,
            ) -> Iterator[tuple[tuple, str, str, bool]]:
    """(key path, field name, text, facilitators-only) of every text value, walking the data
    alongside its spec so each value knows its field's audience."""
    if isinstance(data, dict):
        for key, value in data.items():
            inner, hidden = _field(spec, key)
            yield from _values(value, inner, path + (key,), str(key), private or hidden)
    elif isinstance(data, list):
        for n, item in enumerate(data):
            yield from _values(item, spec, path + (n,), field, private)
    elif isinstance(data, str) and data.strip() and not _SLUG.match(data):  # ids are not text
        yield path, field, data, private


def secrets(project: Project, documents: list[tuple[Document, BaseModel]] | None = None) -> list[Secret]:
    """Every facilitators-only value of the workshop worth looking for. `documents` are the files
    as the build validated them (each with its spec); without them the files are read again."""
    pairs = ((doc, type(spec)) for doc, spec in documents) if documents is not None else _documents(project)
    private: list[tuple[Document, tuple, str, str]] = []
    public: list[str] = []
    for doc, spec in pairs:
        for path, field, text, hidden in _values(doc.data, spec, (), "", False):
            if hidden:
                private.append((doc, path, field, text))
            else:
                public.append(normalise(_plain(text)))
    found = []
    for doc, path, field, text in private:
        span = _span(_plain(text))
        if span is None:
            continue
        line, column = doc.position(path)
        found.append(Secret(field, f"{doc.shown}:{line}:{column}", span[0], span[1]))
    said = {id(s) for s in _Index(found).hits("\n".join(public))}  # a participants' field says it too
    return [secret for secret in found if id(secret) not in said]


# The site's primary navigation, between two comments theme_patches.py writes around it. Every page
# carries the whole site's titles there (two thirds of a page's bytes at 1,000 lessons, so reading it
# on every page made the check grow with pages × pages): it is read on the first page only. Each
# title in it is also its own page's <title> and search entry, read anyway. A theme without the
# marks has its pages read whole.
NAVIGATION_MARKS = ("<!--pp-navigation-->", "<!--/pp-navigation-->")
_NAV_START, _NAV_END = (mark.encode() for mark in NAVIGATION_MARKS)


def _navigation_span(markup: bytes) -> tuple[int, int] | None:
    """Where the page's primary navigation starts and ends (its end mark kept), or None."""
    start = markup.find(_NAV_START)
    end = markup.find(_NAV_END, start) if start >= 0 else -1
    return (start, end) if end >= 0 else None


def without_navigation(markup: bytes) -> bytes | None:
    """The page without its primary navigation, or None when it has none."""
    span = _navigation_span(markup)
    return markup[:span[0]] + markup[span[1]:] if span is not None else None


@dataclass
class _Navigation:
    """Whether the scan has read a page's primary navigation yet (see `without_navigation`)."""

    read: bool = False

    def once(self, markup: bytes) -> bytes:
        return b"".join(self.parts(markup))

    def parts(self, markup: bytes) -> tuple[bytes | memoryview, ...]:
        """`once` as the pieces it joins, uncopied: views of the page before and after its
        navigation. Most pages are only hashed (`_Clean`), and the navigation is two thirds of a
        page's bytes: copying the rest out was a third of the check's time at 1,000 lessons."""
        span = _navigation_span(markup)
        if span is None:
            return (markup,)
        if self.read:
            view = memoryview(markup)
            return (view[:span[0]], view[span[1]:])
        self.read = True
        return (markup,)


def _file_text(path: Path, data: bytes, started: subprocess.Popen | None = None,
               guide_urls: tuple[str, ...] = ()) -> str | None:
    """The text of one file of the site (`data`: what `_content` read of it)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(path, started)
        return text + "\n" + text.replace("-\n", "")  # a word hyphenated at a line's end
    if suffix not in _TEXT_FILES | _CODE_FILES | {".json"}:
        return None
    content = data.decode("utf-8", errors="replace")
    if suffix == ".json":
        try:
            data = json.loads(content)
            if guide_urls and isinstance(data, dict) and isinstance(data.get("docs"), list):  # the search index
                data = {**data, "docs": [d for d in data["docs"] if not (isinstance(d, dict) and str(
                    d.get("location", "")).startswith(guide_urls))]}
            strings = list(_strings(data))
        except ValueError:
            return content
        return "\n".join(html_text(s) for s in strings)
    if suffix in _CODE_FILES:  # no markup around text here: read as is
        return html.unescape(content)
    return html_text(content) + "\n" + html.unescape(content)


def _content(path: Path, navigation: _Navigation) -> bytes:
    """What the check reads of a file: its bytes (a page's without the navigation read already)."""
    return b"".join(_content_parts(path, navigation))


def _content_parts(path: Path | str, navigation: _Navigation) -> tuple[bytes | memoryview, ...]:
    """`_content` as pieces, not joined (`_Navigation.parts`)."""
    with open(path, "rb", buffering=0) as stream:  # unbuffered: read whole, in one call
        data = stream.readall()
    return navigation.parts(data) if _suffix(path) in (".html", ".htm") else (data,)


def _suffix(path: Path | str) -> str:
    """A file's suffix, lower case (as `Path.suffix`), without making a Path of each site file."""
    return os.path.splitext(str(path))[1].lower()


def _site_files(folder: Path) -> list[str]:
    """Every file under `folder`, in the order `sorted(folder.rglob("*"))` gives (by their parts),
    as `rglob` finds them (symbolic links to folders not followed), from the directory entries' own
    types: no `stat` of each of 4,000 files. As strings: a Path of each was a fifth of a rebuild's
    check, most files being only hashed (`_Clean`)."""
    found: list[str] = []
    _walk(os.fspath(folder), found)
    found.sort(key=lambda path: path.split("/"))
    return found


def _walk(folder: str, found: list[str]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                _walk(entry.path, found)
            elif entry.is_file():
                found.append(entry.path)


def _pdftotext(path: Path) -> subprocess.Popen | None:
    """poppler's pdftotext, started (the PDFs' toolchain has it: 0.1 s a handout, run while the
    other files are read), or None when it is not installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.Popen([tool, "-enc", "UTF-8", str(path), "-"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)


def _pdf_text(path: Path, started: subprocess.Popen | None = None) -> str:
    """A PDF's text: from pdftotext when it runs, else pypdf (ten times slower)."""
    process = started if started is not None else _pdftotext(path)
    if process is not None:
        out, _ = process.communicate()
        if process.returncode == 0:
            return out.decode("utf-8", errors="replace")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@dataclass(frozen=True)
class Guide:
    """The published facilitator guide (`publish_facilitator: true`), which shows every note on
    purpose: its files, and its page's URL (its entries in the search index)."""

    files: tuple[str, ...] = ()  # site-relative paths
    urls: tuple[str, ...] = ()


class _Index:
    """The secrets by an anchor word, so each file is read once and compared only with the secrets
    whose anchor it contains (comparing every secret with every file was secrets × files: minutes
    for a workshop of 1,000 lessons). The anchor is the longest word inside the span, never its
    first or last: those may be part of a longer word in the file ("ask" in "task"), while an inner
    word, between two spaces of the span, is a whole word of the file wherever the span occurs."""

    def __init__(self, found: list[Secret]) -> None:
        self.by_span: dict[str, list[Secret]] = {}
        for secret in found:
            self.by_span.setdefault(secret.span, []).append(secret)
        self.anchored: dict[str, list[str]] = {}
        self.always: list[str] = []  # spans of one or two words
        for span in self.by_span:
            inner = span.split(" ")[1:-1]
            if inner:
                self.anchored.setdefault(max(inner, key=len), []).append(span)
            else:
                self.always.append(span)

    def __bool__(self) -> bool:
        return bool(self.by_span)

    def hits(self, text: str) -> list[Secret]:
        """The secrets `text` shows, forgotten once found (each is reported at its first file)."""
        words = fold(text).casefold().split()  # quotes and dashes folded like the spans (typography.py)
        anchors = self.anchored.keys() & set(words)
        spans = [span for anchor in anchors for span in self.anchored[anchor] if span in self.by_span]
        spans += [span for span in self.always if span in self.by_span]
        if not spans:
            return []
        plain = " ".join(words)  # = normalise(text)
        return [secret for span in spans if span in plain for secret in self.by_span.pop(span)]


@dataclass
class _Clean:
    """Files read before and found clean, by a hash of what was read, kept in the workshop's cache
    folder: a rebuild reads again only what changed (a page whose data changed, a new PDF). It holds
    for one set of secrets and one version of this check: either changed, it starts empty."""

    path: Path | None
    fingerprint: str
    known: set[str]
    seen: set[str]

    @classmethod
    def load(cls, path: Path | None, found: list[Secret], guide: Guide) -> "_Clean":
        what = [Path(__file__).read_text(encoding="utf-8"), *sorted(s.span for s in found), *guide.files, *guide.urls]
        fingerprint = hashlib.sha256("\0".join(what).encode()).hexdigest()
        known: set[str] = set()
        if path is not None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                if stored.get("fingerprint") == fingerprint:
                    known = set(stored.get("clean", []))
            except (OSError, ValueError, AttributeError):
                pass  # no memory, or a damaged one: read everything
        return cls(path, fingerprint, known, set())

    @staticmethod
    def digest(path: Path | str, data: bytes | tuple[bytes | memoryview, ...]) -> str:
        """A hash of the file's kind and of what the check reads of it (`data`, or its pieces
        in order: the same hash as of the pieces joined). SHA-256: processors hash it in hardware,
        faster than BLAKE2 here (90 MB a rebuild of 1,000 lessons)."""
        digest = hashlib.sha256(_suffix(path).encode() + b"\0")
        for part in (data,) if isinstance(data, bytes) else data:
            digest.update(part)
        return digest.hexdigest()

    def save(self) -> None:
        """Only what this build's site holds is kept (replace_file: never half, even when two
        builds of one workshop save at once)."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.path, json.dumps({"fingerprint": self.fingerprint,
                                                "clean": sorted(self.seen)}).encode("utf-8"))
        except OSError:
            pass  # a read-only workshop: the next build reads everything again


def scan(site_dir: Path, found: list[Secret], shown_as: str = "site", guide: Guide = Guide(),
         memory: Path | None = None) -> list[Leak]:
    """Every secret found in a file of `site_dir` but the guide's (once per secret: its first
    file). `memory`: where files found clean are remembered between builds."""
    leaks: list[Leak] = []
    left = _Index(found)
    clean = _Clean.load(memory, found, guide)
    navigation = _Navigation()
    files = []  # (path, content, digest) of the files to read
    for name in _site_files(site_dir):
        if guide.files and Path(name).relative_to(site_dir).as_posix() in guide.files:
            continue
        parts = _content_parts(name, navigation)
        digest = clean.digest(name, parts)
        if digest in clean.known:
            clean.seen.add(digest)
        else:  # joined only for the files read (most are known clean on a rebuild)
            files.append((Path(name), b"".join(parts), digest))
    pdfs = {path: _pdftotext(path) for path, _, _ in files if path.suffix.lower() == ".pdf"}  # run meanwhile
    files.sort(key=lambda file: file[0] in pdfs)
    for path, content, digest in files:
        if not left:
            break
        text = _file_text(path, content, pdfs.get(path), guide.urls)
        hits = left.hits(text) if text is not None else []
        leaks += [Leak(secret, f"{shown_as}/{path.relative_to(site_dir).as_posix()}") for secret in hits]
        if not hits:
            clean.seen.add(digest)
    for process in pdfs.values():  # stopped early: nothing left to look for
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
    clean.save()
    return leaks


def check(project: Project, site_dir: Path, shown_as: str = "site", guide: Guide = Guide(),
          documents: list[tuple[Document, BaseModel]] | None = None, found: list[Secret] | None = None,
          ) -> list[Leak]:
    """What of the facilitators-only data the site at `site_dir` shows outside the guide.
    `found`: the secrets, when the build found them already (`secrets`, at load time)."""
    if found is None:
        found = secrets(project, documents)
    return scan(site_dir, found, shown_as, guide, project.root / MEMORY) if found else []
