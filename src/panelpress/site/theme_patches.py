"""What Material's templates print that the Nu Html Checker or Lighthouse hold against our pages,
mended in the templates themselves as the theme loads them; and what panelpress adds to each page
kept off its first paint (its scripts cut to the ones the page uses, the print stylesheet for
print, the text fonts asked for with the page).

These were textual repairs of every page's HTML after MkDocs rendered it (0.85 s of a 1,000-lesson
build: each page carries the whole navigation, 50 kB, and every repair read it). Now the same
narrow edits are made once to the template source when MkDocs' Jinja loader reads it (compiled
once, cached with the theme's other templates), and every page comes out right:

- `partials/nav-item.html`: with `navigation.sections` a section's title is `<label ... tabindex="">`
  (Material means "not focusable"; an empty tabindex is invalid HTML). The attribute is printed
  only when it has a value.
- `partials/toc.html`: on a section's index page (`navigation.indexes`), or a page outside the
  navigation, Material prints no table-of-contents checkbox `#__toc` yet still
  `<label class="md-nav__title" for="__toc">`. The `for` is printed only when the page has it.
- `partials/nav.html`: the primary navigation, whole, between two comments (leaks.NAVIGATION_MARKS),
  so the leak check reads it once, not on every page, without knowing Material's markup.
- `partials/search.html`: the search dialog (`role="dialog"`) has no accessible name (axe:
  aria-dialog-name): it gets its own search box's label, which Material words in the site's language.
- `base.html`: print.css (all `@media print`) is linked with media="print" (not render-blocking);
  the identity's regular and bold faces are preloaded just before identity.css names them (no
  layout shift as they arrive; not in an offline build, opened from disk, where a font preload is a
  refused CORS request); panelpress's scripts are linked only on pages that use them; and in its
  `scripts` block Material's bundle is deferred when every script after it waits too, with
  panelpress's own scripts printed before it (below), and asked for only once the page is on
  screen when no script comes after it at all (after_paint.py).
- `partials/javascripts/palette.html`: after Material's script that applies a palette chosen on
  an earlier visit, panelpress's that applies the system's on a first visit and keeps a tap on
  the toggle made before the bundle starts (after_paint.py).

Material prints its 35 kB bundle at the end of the body as a plain `<script>`: the page waits for
it before its first paint (Lighthouse: render-blocking resources, 0.3-0.7 s on slow 4G). Deferred,
it runs in order with the scripts after it, so it is deferred only when each of those is deferred
too: every `extra_javascript` entry deferred, async or a module (panelpress's are), and no
template of the author's `custom_dir` overriding the `scripts` block, where a plain or inline
script may expect the bundle to have run (`document$`). Decided once a build, from the
configuration (`bundle_can_wait`), not by reading every finished page.

Deferred scripts run in the order they are printed, so panelpress's own (exercises, evaluation
form), printed after the bundle, waited for its download: on a slow phone a reader who ticked an
answer meanwhile got no feedback, and the saved answers restored afterwards could undo the tick.
With the bundle deferred they are printed before it, as inline module scripts (`Theme.own`,
inline_scripts.py: deferred like the bundle, and no request queued before the bundle's): they run
as soon as the page is parsed, restore what a reader wrote and answer taps from then on. They need nothing of the bundle: `window.document$` is not there yet, so they start at
once, as on a page without Material. Not with `navigation.instant`: Material then swaps pages
without running their scripts, and ours follow the pages through `document$`, so they stay after
the bundle.

Material's templates are not copied into panelpress (they would have to follow every release):
each edit replaces a short text of Material's source, and a template without it (another theme,
an author's own copy) is loaded unchanged. A plain Material page's own two errors
(`autocomplete="off"` on its drawer and search checkboxes, which Firefox needs so a reload does
not reopen them) stay: scripts/audit.py counts them as Material's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from ..identity import FACES, FIRST_PAINT_FONTS, FONT_FOLDER, font_file
from ..leaks import NAVIGATION_MARKS
from . import after_paint
from .inline_scripts import InlineScripts

HELPER = "panelpress_theme"  # the name the edited templates call `Theme` by

# template name → (pattern of Material's source, replacement); `re.sub` on the source, all matches
_EDITS: dict[str, tuple[tuple[str, str], ...]] = {
    "partials/nav-item.html": (
        (r' tabindex="\{\{ tabindex \}\}"', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}'),
    ),
    "partials/toc.html": (
        (r'<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if ' + HELPER + '.toc_control(page, nav) %} for="__toc"{% endif %}>'),
    ),
    "partials/nav.html": (
        (r'(?s)\A.*\Z', NAVIGATION_MARKS[0] + r'\g<0>' + NAVIGATION_MARKS[1]),  # the whole template
    ),
    "partials/footer.html": (
        # a generated page's title is escaped already (pages._front_matter): Material's `| e` made
        # "someone&amp;#x27;s" of it in the label a screen reader reads; striptags unescapes first
        (r'(page\.(?:previous|next)_page\.title) \| e \}\}', r'\1 | striptags | e }}'),
    ),
    "partials/search.html": (
        (r'(<div class="md-search" data-md-component="search" role="dialog")>',
         r'''\1 aria-label="{{ lang.t('search.placeholder') }}">'''),
    ),
    "base.html": (
        (r'(\{% for path in config\.extra_css %\}\s*)<link rel="stylesheet" href="\{\{ path \| url \}\}">',
         r'\1{% for font in ' + HELPER + r'.preloads(path, page) %}<link rel="preload" href="{{ font | url }}" '
         r'as="font" type="font/woff2" crossorigin>' '\n'
         r'{% endfor %}<link rel="stylesheet" href="{{ path | url }}"'
         r'{% if ' + HELPER + r'.for_print(path) %} media="print"{% endif %}>'),
        (r'(\{% for script in config\.extra_javascript %\}\s*)\{\{ script \| script_tag \}\}',
         r'\1{% if ' + HELPER + r'.after_bundle(script, page) %}'
         r'{{ script | script_tag }}{% endif %}'),
        # panelpress's own scripts printed before Material's bundle, both deferred: ours run first,
        # never waiting for the bundle's download; inline modules, so no request either (see the docstring)
        # and the bundle asked for after the first paint where no script comes after it (after_paint.py)
        (r'(\{% block scripts %\})(\s*)<script src="\{\{ (\'assets/javascripts/bundle\.[0-9a-f]+\.min\.js\' \| url) \}\}"></script>',
         r'\1{% for script in config.extra_javascript %}{% if ' + HELPER + r'.own(script, page) %}'
         '\n' r'{{ ' + HELPER + r'.inlined(script) or (script | script_tag) }}{% endif %}{% endfor %}'
         r'\2{% if ' + HELPER + r'.after_paint(config.extra_javascript, page) %}{{ ' + HELPER + r'.loader(\3) }}'
         r'{% else %}<script src="{{ \3 }}"{% if ' + HELPER + r'.defer_bundle %} defer{% endif %}></script>{% endif %}'),
    ),
    "partials/javascripts/palette.html": (
        (r'(?s)\A.*\Z', r'\g<0>{{ ' + HELPER + r'.palette() }}'),  # after Material's own script
    ),
}
EDITS = {name: tuple((re.compile(pattern), replacement) for pattern, replacement in edits)
         for name, edits in _EDITS.items()}


def edited(name: str, source: str) -> str:
    """Material's template `name` with panelpress's edits (unchanged when it has none of them)."""
    for pattern, replacement in EDITS.get(name, ()):
        source = pattern.sub(replacement, source)
    return source


class EditingLoader(jinja2.BaseLoader):
    """The theme's own loader, with `edited` applied to each template's source as it is read.
    Jinja's bytecode cache checks the source it is given, so the edited templates are compiled
    once and kept like the others."""

    def __init__(self, inner: jinja2.BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str,
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return edited(template, source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


# panelpress's scripts and what a page's content has when it needs one (any of): the exercises'
# script only where an exercise is (exercise pages, lessons that embed one), the evaluation form's
# only on its page, "Clear my answers" (both use it) on either. Every other page loads none
# (Lighthouse: unused JavaScript, 21 kB on every page before), unless Material's
# `navigation.instant` is on, which never runs the next page's scripts.
_EXERCISE, _EVALUATION = 'data-exercise="', 'class="pp-eval-send'
PAGE_SCRIPTS = {"panelpress-exercises.js": (_EXERCISE,), "panelpress-evaluation.js": (_EVALUATION,),
                "panelpress-clear.js": (_EXERCISE, _EVALUATION)}
PRINT_CSS = "/panelpress/print.css"

# the italic text face, asked for with a page whose text has emphasis: found only once the page
# is laid out, it arrived after the first paint, and the emphasised words rewrapped their paragraph
# (Lighthouse: a layout shift of 0.14 on the rewrite exercise, in one run of three)
ITALIC_FONT = font_file("latin", next(face for face in FACES if face.weight == 400 and face.style == "italic"))
_EMPHASIS = re.compile(r"<(?:em|i|cite)[ >]")
_FOLDED = re.compile(r"<details(?![^>]*\bopen\b)[^>]*>.*?</details>", re.DOTALL)


def shows_emphasis(content: str) -> bool:
    """Whether a page's content shows emphasis when it opens: what a folded `<details>` (a model
    answer) holds is laid out only when it is opened, and a font preloaded but unused is 16 kB
    spent on a phone (and a console warning)."""
    if "<details" in content:  # else nothing is folded: the content is searched as it is, uncopied
        content = _FOLDED.sub("", content)
    return _EMPHASIS.search(content) is not None


IDENTITY_CSS = "identity.css"


def _file_name(entry: Any) -> str:
    """The file name of an `extra_css` or `extra_javascript` entry (a path, or MkDocs' script value)."""
    return str(getattr(entry, "path", entry)).rsplit("/", 1)[-1]


@dataclass
class _PageLinks:
    """What one page links of panelpress's (see `Theme`): worked out on the first of the calls
    the page's template makes (one per stylesheet and per script, in two loops), not on each."""

    page: Any
    content: Any  # the content it was worked out from (a page rendered again may have new content)
    scripts: frozenset[str]  # panelpress's scripts the page uses (PAGE_SCRIPTS)
    fonts: list[str] | None = None  # the identity's font files to preload, once asked


@dataclass
class _SectionIndex:
    """A navigation section and its index page (`navigation.indexes`): the pages of one section
    are rendered one after the other, and each asked for it (a walk of the section's children)."""

    section: Any
    index: Any


@dataclass
class Theme:
    """What the edited templates ask of panelpress, per page (`HELPER` in their context). Each page
    asks several times (a call per stylesheet and per script): the answers are worked out once a
    page (`_links`), and once a navigation section (`_index_of`)."""

    features: list[str] = field(default_factory=list)
    preload_fonts: bool = True  # off in an offline build (see the module's docstring)
    defer_bundle: bool = False  # Material's bundle deferred (`bundle_can_wait`)
    inline: InlineScripts = field(default_factory=InlineScripts)  # the text of the scripts `own` prints
    _nav_pages: tuple[int, set[int]] = (0, set())  # (id of the navigation, ids of its top-level pages)
    _page: _PageLinks | None = field(default=None, init=False, repr=False)  # the page being rendered
    _section: _SectionIndex | None = field(default=None, init=False, repr=False)  # its navigation section
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # entry → `_file_name`

    def _name(self, entry: Any) -> str:
        key = str(entry)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = _file_name(entry)
        return name

    def _links(self, page: Any) -> _PageLinks:
        content = getattr(page, "content", None) if page else None
        known = self._page
        if known is None or known.page is not page or known.content is not content:
            used = frozenset(name for name, needs in PAGE_SCRIPTS.items()
                             if isinstance(content, str) and any(marker in content for marker in needs))
            known = self._page = _PageLinks(page, content, used)
        return known

    def preloads(self, css: Any, page: Any = None) -> list[str]:
        """The font files to preload before the stylesheet `css` (the identity's: its first-paint
        faces, and the italic one when the page's article shows emphasis)."""
        path = str(css)
        if not self.preload_fonts or not path.endswith(IDENTITY_CSS):
            return []
        folder = path[:-len(IDENTITY_CSS)]
        links = self._links(page)
        if links.fonts is None:
            emphasis = isinstance(links.content, str) and shows_emphasis(links.content)
            links.fonts = list(FIRST_PAINT_FONTS + ((ITALIC_FONT,) if emphasis else ()))
        return [f"{folder}{FONT_FOLDER}/{name}" for name in links.fonts]

    @staticmethod
    def for_print(css: Any) -> bool:
        return str(css).endswith(PRINT_CSS)

    def wanted(self, script: Any, page: Any) -> bool:
        """Whether the page links `script` (an author's and Material's always)."""
        name = self._name(script)
        if name not in PAGE_SCRIPTS or "navigation.instant" in self.features:
            return True
        return name in self._links(page).scripts

    def own(self, script: Any, page: Any) -> bool:
        """Whether `script` is one of panelpress's that this page links, printed before Material's
        deferred bundle: they restore what a reader wrote and answer taps, so they must not wait
        for the bundle's download (see the module's docstring). Only when the bundle is deferred
        (printed plain, it runs while the page is parsed, before any deferred script anyway) and
        without instant navigation (ours then subscribe to the bundle's `document$`)."""
        return (self.defer_bundle and self._name(script) in PAGE_SCRIPTS
                and "navigation.instant" not in self.features and self.wanted(script, page))

    def inlined(self, script: Any) -> Markup | None:
        """The inline module script that stands for `script`, one `own` prints (inline_scripts.py:
        no request before the bundle's), or None: then it is linked as a file."""
        return self.inline.tag(self._name(script))

    def after_bundle(self, script: Any, page: Any) -> bool:
        """Whether `script` is linked in Material's own loop, after its bundle: the page links it
        and it is not one of panelpress's printed before (`own`). One call for the two questions."""
        return self.wanted(script, page) and not self.own(script, page)

    def after_paint(self, extra_javascript: Iterable[Any], page: Any) -> bool:
        """Whether the page asks for Material's bundle only after its first paint (after_paint.py):
        where it may wait (`defer_bundle`), no script of the page is printed after it (an
        author's may use `document$` as it runs), and without instant navigation (Material then
        loads the next pages itself)."""
        return (self.defer_bundle and "navigation.instant" not in self.features
                and not any(self.after_bundle(script, page) for script in extra_javascript))

    @staticmethod
    def loader(bundle_url: str) -> Markup:
        return after_paint.loader(bundle_url)

    @staticmethod
    def palette() -> Markup:
        return after_paint.palette()

    def toc_control(self, page: Any, nav: Any) -> bool:
        """Whether Material's navigation prints the page's `#__toc` checkbox: for a page it reaches
        as an entry of its own (nav-item.html), not as a section's index page, nor a page outside it."""
        if not page or not nav:
            return False
        parent = getattr(page, "parent", None)
        if parent is None:  # a top-level entry, or not in the navigation at all
            if self._nav_pages[0] != id(nav):
                self._nav_pages = (id(nav), {id(item) for item in nav.items})
            return id(page) in self._nav_pages[1]
        if "navigation.indexes" in self.features:
            return self._index_of(parent) is not page
        return True

    def _index_of(self, section: Any) -> Any:
        """The section's index page, or None."""
        known = self._section
        if known is None or known.section is not section:
            index = next((item for item in section.children if getattr(item, "is_index", False)), None)
            known = self._section = _SectionIndex(section, index)
        return known.index


_SCRIPTS_BLOCK = re.compile(r"\{%-?\s*block\s+scripts\s*-?%\}")
_NOT_RUN = {"", "text/javascript", "application/javascript", "module"}  # other types are data


def waits(script: Any) -> bool:
    """Whether an `extra_javascript` entry runs only after the page is parsed (deferred, async or a
    module), or is not run at all (a data type); a plain path is a plain, parser-blocking script."""
    if isinstance(script, str):
        return str(script).endswith(".mjs")  # MkDocs makes these modules
    kind = (getattr(script, "type", "") or "").strip().lower()
    return bool(getattr(script, "defer", False) or getattr(script, "async_", False)
                or kind == "module" or kind not in _NOT_RUN)


def overrides_scripts(custom_dir: str | Path | None) -> list[Path]:
    """The author's templates (theme `custom_dir`) that override Material's `scripts` block."""
    if not custom_dir or not Path(custom_dir).is_dir():
        return []
    return [path for path in sorted(Path(custom_dir).rglob("*.html"))
            if _SCRIPTS_BLOCK.search(path.read_text(encoding="utf-8", errors="replace"))]


def bundle_can_wait(extra_javascript: Iterable[Any], custom_dir: str | Path | None) -> bool:
    """Whether Material's bundle may be deferred: every script printed after it waits too (see
    the module's docstring). Deferred scripts run in order, so a plain or inline one after it (an
    author's `extra_javascript` calling `document$`) expects the bundle to have run already."""
    return all(waits(script) for script in extra_javascript) and not overrides_scripts(custom_dir)


def install(env: jinja2.Environment, features: list[str], preload_fonts: bool = True,
            defer_bundle: bool = False) -> None:
    """The theme's Jinja environment (MkDocs' `on_env`) loading the edited templates;
    `preload_fonts` is the plugin's option (off in an offline build); `defer_bundle`,
    `bundle_can_wait` of the site's configuration."""
    if not isinstance(env.loader, EditingLoader) and env.loader is not None:
        env.loader = EditingLoader(env.loader)
    env.globals[HELPER] = Theme(list(features), preload_fonts=preload_fonts, defer_bundle=defer_bundle)
