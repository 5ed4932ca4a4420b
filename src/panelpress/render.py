"""The one Jinja environment every output renders with, and the filters that keep data safe.

Templates are looked up in the project's `templates/` first, then in the package's
defaults, so an author overrides a template by copying it under the same name.
Autoescaping is on for every template: plain text from data can never become markup.
Markdown fields go through `md`, which renders Markdown and then strips any HTML that
could run (scripts, event handlers, `javascript:` links).
"""

from __future__ import annotations

import html
import os
import functools
import re
import sys
import threading
import typing
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from . import glyphs, labels, typography
from .table_cards import label_cells
from .diagnostics import DataError, Diagnostic, did_you_mean, display_path
from .markdown_ext import LINK_KINDS, Place, normalise_lists, resolve

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"

# What Python-Markdown itself produces from Markdown syntax; raw HTML beyond it is dropped.
_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol",
    "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
# Python-Markdown's backslash escapes, minus '>' (an entity is used for it instead)
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


_RENDERERS = threading.local()


def _renderer(language: str = "en") -> markdown_lib.Markdown:
    """This thread's Markdown converter for a language, made once: making one (its extensions,
    patterns and processors) cost more than converting a short field, thousands of times in a
    large workshop. One per language: smarty's quote marks are the language's (typography.py)."""
    converters = getattr(_RENDERERS, "converters", None)
    if converters is None:
        converters = _RENDERERS.converters = {}
    converter = converters.get(language)
    if converter is None:
        converter = converters[language] = markdown_lib.Markdown(
            extensions=["sane_lists", "tables", "fenced_code", "smarty"],
            extension_configs={"smarty": typography.smarty_config(language)}, output_format="html")
    return converter


# One line of words in which neither Markdown, nor smarty, nor the sanitiser finds anything to
# do: it starts with a letter (no list number, heading or quote marker), and holds only letters,
# digits, ASCII spaces and `, ; : ? ! .` with no two full stops in a row (smarty's ellipsis). No
# `*_`[]<>&\|#'"-`, no line break, no tab nor non-breaking space (the sanitiser writes `&nbsp;`).
# Its HTML is the line in a paragraph; tests/test_markdown_plain.py compares the two on such text.
_PLAIN_LINE = re.compile(r"[^\W\d_][^\W_]*(?:[ ,;:?!.]+[^\W_]+)*[,;:?!.]*")
_TWO_STOPS = re.compile(r"\.[ ]*\.")


def plain_paragraph(text: str) -> str | None:
    """The HTML of a Markdown field that is one plain line (see `_PLAIN_LINE`), without running
    Markdown (a short summary or feedback line cost a whole conversion); None for any other text."""
    line = text.strip("\n")  # a space before or after (an indented line is code) is left to Markdown
    if _PLAIN_LINE.fullmatch(line) is None or _TWO_STOPS.search(line) is not None:
        return None
    return f"<p>{line}</p>"


@lru_cache(maxsize=4096)
def _markdown_html(text: str, language: str = "en") -> str:
    plain = plain_paragraph(text)
    return plain if plain is not None else converted(text, language)


def converted(text: str, language: str = "en") -> str:
    """A Markdown field through Markdown and the sanitiser."""
    # smarty: typographic quotes, dashes and ellipses, outside code (typography.py)
    rendered = _renderer(language).reset().convert(normalise_lists(text))
    return nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", *LINK_KINDS}, link_rel="noopener noreferrer")


# Where links to other pages point while a template renders (see markdown_ext.Place): set by
# `render` from the template's context, so macros and includes see it too.
_PLACE: ContextVar[Place | None] = ContextVar("panelpress_place", default=None)


@contextmanager
def links_from(workshop: Any, env: jinja2.Environment | None = None, page: str | None = None,
               site_url: str | None = None) -> typing.Iterator[None]:
    """Markdown rendered inside this block links to lessons, stories and exercises relative to
    the site page `page`, else absolutely under `site_url`, else not at all (their titles stay)."""
    titles = _titles(workshop)
    link = env.filters["rel"] if env is not None else rel
    token = _PLACE.set(Place(titles, page, site_url, link))
    try:
        yield
    finally:
        _PLACE.reset(token)


_LAST_TITLES: tuple[Any, dict] = (None, {})  # (weak reference to a workshop, its titles)


def _titles(workshop: Any) -> dict:
    """Every lesson's, story's and exercise's title by (kind, id). Made once per workshop, not
    once per rendered page: per page it made page generation quadratic in the workshop's size."""
    global _LAST_TITLES
    ref, titles = _LAST_TITLES
    if workshop is not None and ref is not None and ref() is workshop:
        return titles
    titles = {}
    for kind, items in (("lesson", "lessons"), ("anecdote", "anecdotes"), ("exercise", "exercises")):
        titles.update({(kind, item.id): item.title for item in getattr(workshop, items, ())})
    if workshop is not None:
        try:
            _LAST_TITLES = (weakref.ref(workshop), titles)
        except TypeError:  # an object without weak references: not cached
            pass
    return titles


def md(text: str | None) -> Markup:
    """A Markdown field as safe HTML: Markdown rendered, anything executable removed. The one
    Markdown renderer of every output (site, handouts, slides)."""
    return Markup(resolve(_markdown_html(text or "", _language()), _PLACE.get()))


def _language() -> str:
    """The language of the workshop being rendered (its labels'), for its quote marks."""
    return labels.current().language


def smart(text: Any) -> str:
    """Plain text with typographic quotes and dashes in the current workshop's language."""
    return typography.smarten(str(text), _language())


def finalize(value: Any) -> Any:
    """Every `{{ … }}` of every template passes here before escaping: plain text from data and
    labels is set typographically (typography.py). Markup (Markdown already rendered by smarty,
    JSON from `tojson`, CSS) is left as it is, and so are numbers and addresses."""
    if type(value) is str and typography.needs_setting(value):  # most values have nothing to set
        return typography.smarten(value, _language())
    return value


# Text that needed no typographic setting, escaped once: a label, an id or a kind is output on
# thousands of pages. It depends on the text alone (not on the workshop's language), so one table
# serves every workshop; bounded, as titles and other one-page values pass through too.
_ESCAPED_TEXT: dict[str, Markup] = {}
_ESCAPED_KEPT = 8192


def escaped(value: Any) -> Any:
    """`escape(finalize(value))` in one call: what every `{{ … }}` of an autoescaped template
    outputs (see `_OutputCompiler`). Markup passes as it is (`escape` made a copy of it through
    two more calls), and plain text is escaped once per build, not once per use."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is not str:
        return escape(finalize(value))
    done = _ESCAPED_TEXT.get(value)
    if done is not None:
        return done
    if typography.needs_setting(value):  # set in the workshop's language: not kept
        return escape(typography.smarten(value, _language()))
    if len(_ESCAPED_TEXT) >= _ESCAPED_KEPT:
        _ESCAPED_TEXT.clear()
    done = _ESCAPED_TEXT[value] = escape(value)
    return done


class _OutputCompiler(CodeGenerator):
    """Jinja's code generator, with each `{{ … }}` of an autoescaped template compiled to one call
    of `escaped` (`environment.escaped(x)`) instead of `escape(environment.finalize(x))`. Where
    autoescaping can change inside the template (`{% autoescape %}`), Jinja's own code is kept."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_pre(node, frame, finalize)
        self.write("environment.escaped(")

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_post(node, frame, finalize)
        self.write(")")


class _Environment(jinja2.Environment):
    code_generator_class = _OutputCompiler
    escaped = staticmethod(escaped)


def md_inline(text: str | None) -> Markup:
    """Like `md`, without the surrounding paragraph, for one-line fields inside a sentence."""
    rendered = str(md(text)).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def lines(text: Any) -> Markup:
    """Plain text whose line breaks matter (a message quoted as it was sent): escaped, each
    line break kept as `<br>`, each blank-line-separated part a paragraph. No blank line is
    produced, so the HTML stays one block inside a generated Markdown page."""
    parts = re.split(r"\n[ \t]*\n\s*", str(text).replace("\r\n", "\n").strip())
    return Markup("".join("<p>" + "<br>\n".join(html.escape(line.strip(), quote=False)
                                                 for line in smart(part).split("\n")) + "</p>" for part in parts))


def md_text(text: Any) -> Markup:
    """Plain text placed in Markdown source (a heading, a list item): shown exactly as written.
    ("e-mail" is kept on one line with every short hyphenated word of the page, once MkDocs has
    made it: typography.unbroken.)"""
    escaped = html.escape(smart(text), quote=False)
    escaped = _MD_SPECIALS.sub(r"\\\1", escaped)
    return Markup(" ".join(escaped.split()))


# Inside a line, only these start Markdown markup; `.`, `-`, `(` … matter only at a line's start.
_MD_INLINE = re.compile(r"([\\`*_\[\]|])")
_MD_LINE_START = re.compile(r"^(?:(#|>|[-+])|(\d+)([.)]))")
# Raw HTML, which no backslash hides in every Markdown (Python-Markdown has no `\<` nor `\&`,
# unlike CommonMark): a `<` that would open a tag and an `&` that would read as a character
# reference. Only these are written as entities; "Pay & perks" and "a < b" stay as typed.
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_MD_REFERENCE = re.compile(r"&(?=#?\w+;)")


def md_prose(text: Any) -> Markup:
    """Plain text in Markdown that people read as source (a drafted e-mail pasted into a mail
    client that may not render Markdown): shown exactly as written once rendered, but escaping
    only what would start markup, so the source reads as the sentence ("Pay & perks", "a
    friend." rather than "Pay &amp; perks", "a friend\\.")."""
    escaped = smart(" ".join(str(text).split()))
    escaped = _MD_REFERENCE.sub("&amp;", escaped)
    escaped = _MD_TAG.sub("&lt;", escaped)
    escaped = _MD_INLINE.sub(r"\\\1", escaped)
    return Markup(_MD_LINE_START.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\" + m[3], escaped))


def md_url(url: Any) -> Markup:
    """A web address inside Markdown's `<…>` (an autolink or a link's destination), written out
    by a Markdown file: no HTML escaping (an `&` stays one), and the characters that would end
    the address or the link percent-encoded."""
    return Markup(re.sub(r"[\s<>()\\]", lambda m: "%{:02X}".format(ord(m[0])), str(url)))


@lru_cache(maxsize=65536)
def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a docs-relative path (MkDocs' own rule, so `use_directory_urls` is
    honoured): 'lessons/a.md' → 'lessons/a/', or 'lessons/a.html' without directory URLs.
    Other files keep their path (the site links 'slides/index.html' in both settings)."""
    if not path.endswith(".md"):
        return path
    from mkdocs.structure.files import File

    return File(path, None, "", directory_urls).url


def rel(target: str, page: str, directory_urls: bool = True) -> str:
    """Relative URL from the page `page` to `target`, both docs-relative paths."""
    from mkdocs.utils import get_relative_url

    return get_relative_url(page_url(target, directory_urls), page_url(page, directory_urls))


_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, in Jinja's own per-user folder under the temp
    directory: compiling our templates and Material's was a third of a flagship build. A
    template's entry is keyed by its file and checked against its source, so an edited
    template is compiled again; the key also holds the settings that change compiled code.
    The cache is an optimisation only: a folder that cannot be written means no cache."""

    def __init__(self, env: jinja2.Environment) -> None:
        super().__init__()
        self.settings = repr((env.autoescape, env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                              env.block_start_string, env.variable_start_string, sorted(env.extensions),
                              getattr(env.finalize, "__qualname__", None),  # finalize is compiled in
                              env.code_generator_class.__qualname__))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name + "\0" + self.settings, filename)

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):  # unreadable or damaged: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache(env: jinja2.Environment) -> BytecodeCache | None:
    try:
        return BytecodeCache(env)
    except (OSError, RuntimeError):  # no private temp folder to be had (Jinja refuses a shared one)
        return None


def make_environment(templates_dir: Path | None, root: Path | None = None,
                     directory_urls: bool = True) -> jinja2.Environment:
    """The environment for a project, made once per process: `serve` rebuilds on every save,
    and compiling the templates again each time was most of a rebuild. Jinja checks each
    template file's modification time on use, so an edited override is still picked up; a new
    or deleted override makes a new environment (the key lists them)."""
    overrides = tuple(sorted(str(p) for p in templates_dir.rglob("*"))) if templates_dir and templates_dir.is_dir() else ()
    key = (str(templates_dir), str(root), overrides, directory_urls)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(templates_dir, root, directory_urls)
    env = _ENVIRONMENTS[key]
    if isinstance(env.loader, CheckedOncePerBuild):
        env.loader.new_build()  # each template file is looked at again, once, in this build
    return env


class CheckedOncePerBuild(jinja2.BaseLoader):
    """A loader whose templates are checked against their files once per build (per call of
    `make_environment`), not on every use: Jinja looked at a template's file (a `stat`) each time
    a page included or imported it, 12,000 times in a 1,000-lesson site. A template edited between
    two builds (`serve`) is still found out, at its first use in the next one."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader
        self.build = 0

    def new_build(self) -> None:
        self.build += 1

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if uptodate is None:
            return source, filename, uptodate
        checked = [self.build]  # just read: as its file is in this build

        def once() -> bool:
            if checked[0] == self.build:
                return True
            fresh = bool(uptodate())
            if fresh:
                checked[0] = self.build
            return fresh

        return source, filename, once

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def _new_environment(templates_dir: Path | None, root: Path | None = None,
                     directory_urls: bool = True) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = _Environment(
        loader=CheckedOncePerBuild(jinja2.ChoiceLoader(loaders)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.bytecode_cache = bytecode_cache(env)
    env.filters.update(md=md, md_inline=md_inline, md_text=md_text, md_prose=md_prose, md_url=md_url, lines=lines, label_cells=label_cells,
                       rel=functools.partial(rel, directory_urls=directory_urls),
                       nested=typography.nested,  # text a label quotes: its own double quotes made single
                       unbroken_name=typography.unbroken_name)  # a name's hyphenated parts kept whole
    env.globals["project_root"] = str(root) if root else ""
    env.globals["font_stack"] = glyphs.FONT_STACK  # the printed outputs' fonts, one list for all
    env.globals["t"] = labels.CurrentLabels()  # the interface strings: `{{ t.key_points }}`
    return env


def render(env: jinja2.Environment, name: str, root: Path | None = None, **context: Any) -> str:
    """Render one template; a broken template override becomes a diagnostic at its own line.
    The global `t` reads the labels of the workshop in `context` while it renders."""
    workshop = context.get("workshop")
    token = labels.use(workshop.labels) if workshop is not None else None
    try:
        with links_from(workshop, env, context.get("page"), context.get("site_url")):
            return env.get_template(name).render(**context)
    except labels.UnknownLabel as exc:
        line, filename = _template_line(exc)
        raise DataError([_template_diag(filename or name, line, f"template error: {exc}", root,
                                        "the labels are listed in src/panelpress/labels/en.yml")], "template") from None
    except jinja2.TemplateSyntaxError as exc:
        raise DataError([_template_diag(exc.filename or name, exc.lineno, f"template syntax error: {exc.message}",
                                        root, "close every `{{` with `}}` and every `{%` with `%}`, and end each "
                                        "`{% if %}`/`{% for %}` with its `{% endif %}`/`{% endfor %}`")], "template") from None
    except jinja2.UndefinedError as exc:
        line, filename = _template_line(exc)
        message, hint = _undefined(exc.message or "")
        raise DataError([_template_diag(filename or name, line, message, root, hint)], "template") from None
    finally:
        if token is not None:
            labels.done(token)


def render_document(env: jinja2.Environment, name: str, root: Path | None = None, *, printed: bool = False,
                    **context: Any) -> str:
    """A whole HTML document as a reader gets it (a handout, a kit piece, the deck, the kit's
    index): `render`'s, its short hyphenated words kept on one line (typography.unbroken), once;
    `printed`: for WeasyPrint to typeset. The site's pages get the same in the plugin's
    `on_post_page`, once MkDocs has made each."""
    return typography.unbroken(render(env, name, root, **context), paper=printed)


_NO_ATTRIBUTE = re.compile(r"^'(?P<cls>[\w.]+) object' has no attribute '(?P<name>\w+)'$")
_UNDEFINED = re.compile(r"^'(?P<name>\w+)' is undefined$")


def _fields_of(cls: Any) -> list[str]:
    """What a template can read on a model object: its own fields and its spec's."""
    if cls is None:
        return []
    names = {n for n in dir(cls) if not n.startswith("_")} | set(getattr(cls, "__dataclass_fields__", {}))
    try:
        spec = typing.get_type_hints(cls).get("spec")
    except Exception:  # an unresolvable annotation only costs the hint
        spec = None
    names |= set(getattr(spec, "model_fields", {}))
    names -= {"spec", "model_fields", "model_config"}
    return sorted(n for n in names if not n.startswith(("_", "model_")))


def _undefined(message: str) -> tuple[str, str]:
    """Jinja's 'x object has no attribute y' in the author's words, with the names that exist."""
    match = _NO_ATTRIBUTE.match(message)
    if match and match["cls"].endswith("CurrentLabels"):
        return (f"template error: there is no label '{match['name']}'",
                did_you_mean(match["name"], labels.english()) or "the labels are listed in src/panelpress/labels/en.yml")
    if match:
        module, _, cls_name = match["cls"].rpartition(".")
        known = _fields_of(getattr(sys.modules.get(module), cls_name, None))
        hint = did_you_mean(match["name"], known) or (f"it has: {', '.join(known)}" if known else "")
        return f"template error: {cls_name.lower()} has no field '{match['name']}'", hint
    match = _UNDEFINED.match(message)
    if match:
        return (f"template error: '{match['name']}' is not defined here",
                "use the variables the default template of the same name uses")
    return f"template error: {message}", "check the names against the default template of the same name"


def _template_line(exc: BaseException) -> tuple[int, str | None]:
    """The innermost template frame of a traceback: Jinja compiles templates to Python code
    whose file name is the template's path."""
    tb, found = exc.__traceback__, (0, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".md", ".css", ".js")) and os.path.exists(filename):
            found = (tb.tb_lineno, filename)
        tb = tb.tb_next
    return found


def _template_diag(filename: str, line: int | None, message: str, root: Path | None, hint: str = "") -> Diagnostic:
    shown = display_path(Path(filename), root) if root and os.path.isabs(filename) else filename
    return Diagnostic(shown, line or 0, 1 if line else 0, message, hint)
