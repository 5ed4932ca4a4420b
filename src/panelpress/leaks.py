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

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from . import schema
from .load import Document, load_file
from .project import Project
from .typography import fold

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


def _values(data: Any, spec: type[BaseModel] | None, path: tuple, field: str, private: bool,
            ) -> Iterator[tuple[tuple, str, str, bool]]:
    """(key path, field name, text, facilitators-only) of every text value, walking the data
    alongside its spec so each value knows its field's audience."""
    if isinstance(data, dict):
        for key, value in data.items():
            info = spec.model_fields.get(key) if spec is not None else None
            inner = schema.nested_models(info.annotation) if info is not None else []
            yield from _values(value, inner[0] if inner else None, path + (key,), str(key),
                               private or (info is not None and schema.for_facilitators(info)))
    elif isinstance(data, list):
        for n, item in enumerate(data):
            yield from _values(item, spec, path + (n,), field, private)
    elif isinstance(data, str) and data.strip() and not _SLUG.match(data):  # ids are not text
        yield path, field, data, private


def secrets(project: Project) -> list[Secret]:
    """Every facilitators-only value of the workshop worth looking for."""
    private: list[tuple[Document, tuple, str, str]] = []
    public: list[str] = []
    for doc, spec in _documents(project):
        for path, field, text, hidden in _values(doc.data, spec, (), "", False):
            if hidden:
                private.append((doc, path, field, text))
            else:
                public.append(normalise(_plain(text)))
    said = "\n".join(public)
    found = []
    for doc, path, field, text in private:
        span = _span(_plain(text))
        if span is None or span[0] in said:
            continue
        line, column = doc.position(path)
        found.append(Secret(field, f"{doc.shown}:{line}:{column}", span[0], span[1]))
    return found


def _file_text(path: Path, started: subprocess.Popen | None = None, guide_urls: tuple[str, ...] = ()) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(path, started)
        return text + "\n" + text.replace("-\n", "")  # a word hyphenated at a line's end
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if guide_urls and isinstance(data, dict) and isinstance(data.get("docs"), list):  # the search index
                data = {**data, "docs": [d for d in data["docs"] if not (isinstance(d, dict) and str(
                    d.get("location", "")).startswith(guide_urls))]}
            strings = list(_strings(data))
        except (ValueError, UnicodeDecodeError):
            return path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(html_text(s) for s in strings)
    if suffix in _CODE_FILES:  # no markup around text here: read as is
        return html.unescape(path.read_text(encoding="utf-8", errors="replace"))
    if suffix in _TEXT_FILES:
        raw = path.read_text(encoding="utf-8", errors="replace")
        return html_text(raw) + "\n" + html.unescape(raw)
    return None


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


_EDGES = "\"'“”‘’«»()[]{}<>.,;:!?*_-`"
_WORDS = 3  # a span is looked up by its first words: each file is read once, whatever the number of secrets


def _key(words: list[str]) -> tuple[str, ...]:
    return tuple(word.strip(_EDGES) for word in words)


def _candidates(text: str, secrets: list[Secret]) -> list[Secret]:
    """The secrets whose first words occur in `text`, in one pass over its words (comparing every
    secret with every file was secrets × files: minutes for a workshop of 1,000 lessons)."""
    if len(secrets) <= 8:
        return secrets
    index: dict[int, dict[tuple[str, ...], list[Secret]]] = {}
    for secret in secrets:
        words = secret.span.split()[:_WORDS]
        index.setdefault(len(words), {}).setdefault(_key(words), []).append(secret)
    words = _key(text.split())
    found: dict[int, Secret] = {}
    for size, table in index.items():
        for start in range(len(words) - size + 1):
            for secret in table.get(words[start:start + size], ()):
                found[id(secret)] = secret
    return list(found.values())


def scan(site_dir: Path, found: list[Secret], shown_as: str = "site", guide: Guide = Guide()) -> list[Leak]:
    """Every secret found in a file of `site_dir` but the guide's (once per secret: its first file)."""
    leaks: list[Leak] = []
    left = list(found)
    files = sorted(p for p in site_dir.rglob("*") if p.is_file()
                   and p.relative_to(site_dir).as_posix() not in guide.files)
    pdfs = {p: _pdftotext(p) for p in files if p.suffix.lower() == ".pdf"}  # typeset text runs meanwhile
    files = [p for p in files if p not in pdfs] + list(pdfs)
    for path in files:
        if not left:
            break
        text = _file_text(path, pdfs.get(path), guide.urls)
        if text is None:
            continue
        text = normalise(text)
        hits = [s for s in _candidates(text, left) if s.span in text]
        for secret in hits:
            leaks.append(Leak(secret, f"{shown_as}/{path.relative_to(site_dir).as_posix()}"))
        left = [s for s in left if s not in hits]
    for process in pdfs.values():  # stopped early: nothing left to look for
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
    return leaks


def check(project: Project, site_dir: Path, shown_as: str = "site", guide: Guide = Guide()) -> list[Leak]:
    """What of the facilitators-only data the site at `site_dir` shows outside the guide."""
    found = secrets(project)
    return scan(site_dir, found, shown_as, guide) if found else []
