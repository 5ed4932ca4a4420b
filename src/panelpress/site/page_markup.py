"""What Material's templates print that the Nu Html Checker or Lighthouse hold against our pages,
repaired on each page as it is written; and what panelpress adds to each page kept off its first
paint (its scripts deferred and cut to the ones the page uses, the print stylesheet for print).

- With `navigation.sections`, a section's title is `<label ... tabindex="">`: Material means
  "not focusable", but an empty tabindex is invalid HTML (browsers ignore it). Dropping the
  attribute says the same thing in valid markup.
- On a section's index page (`navigation.indexes`) Material leaves out the table of contents'
  checkbox `#__toc` yet still prints `<label class="md-nav__title" for="__toc">`: a label for a
  control the page does not have. Without the control the `for` does nothing; it goes.
- Material's search dialog (`role="dialog"`) has no accessible name (axe: aria-dialog-name): it
  gets its own search box's `aria-label`, which Material words in the site's language. (This was
  done by panelpress-exercises.js on every page; in the markup it needs no script.)

Material's templates are not copied into panelpress to change two attributes (they would have
to follow every Material release); these are narrow textual repairs of exactly what Material
prints, and a page without these patterns is returned unchanged. A plain Material page's own two
errors (`autocomplete="off"` on its drawer and search checkboxes, which Firefox needs so a
reload does not reopen them) stay: scripts/audit.py counts them as Material's.
"""

from __future__ import annotations

import re

from ..identity import FACES, FIRST_PAINT_FONTS, FONT_FOLDER, font_file

_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_NAME = re.compile(r'<input type="text" class="md-search__input"[^>]*? aria-label="([^"]*)"')


def repair(html: str) -> str:
    """The page's HTML with Material's empty tabindex and dangling `for="__toc"` removed."""
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    name = _SEARCH_NAME.search(html)
    if name and _SEARCH_DIALOG in html:
        html = html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{name.group(1)}">', 1)
    return html


_IDENTITY_CSS = re.compile(r'<link rel="stylesheet" href="([^"]*)identity\.css">')


# the italic text face, asked for with a page whose text has emphasis: found only once the page
# is laid out, it arrived after the first paint, and the emphasised words rewrapped their paragraph
# (Lighthouse: a layout shift of 0.14 on the rewrite exercise, in one run of three)
_ITALIC_FONT = font_file("latin", next(face for face in FACES if face.weight == 400 and face.style == "italic"))
_EMPHASIS = re.compile(r"<(?:em|i|cite)[ >]")
_FOLDED = re.compile(r"<details(?![^>]*\bopen\b)[^>]*>.*?</details>", re.DOTALL)


def _shows_emphasis(body: str) -> bool:
    """Whether the page's article shows emphasis when it opens: what a folded `<details>` (a model
    answer) holds is laid out only when it is opened, and a font preloaded but unused is 16 kB
    spent on a phone (and a console warning)."""
    start = body.find("<article")
    article = body[start:body.find("</article>", start) + 1] if start >= 0 else body
    return _EMPHASIS.search(_FOLDED.sub("", article)) is not None


def preload_fonts(head: str, body: str = "") -> str:
    """The identity's text and heading faces asked for with the page (before the stylesheet that
    names them is read), so the first paint is in them and nothing shifts when they arrive; the
    italic one too when the page's `body` has emphasis."""
    link = _IDENTITY_CSS.search(head)
    if link is None:  # no identity stylesheet (a theme override dropped it): nothing to preload
        return head
    fonts = FIRST_PAINT_FONTS + ((_ITALIC_FONT,) if _shows_emphasis(body) else ())
    preloads = "".join(f'<link rel="preload" href="{link.group(1)}{FONT_FOLDER}/{name}" as="font" type="font/woff2" '
                       "crossorigin>\n" for name in fonts)
    return head[:link.start()] + preloads + head[link.start():]


def print_stylesheet(html: str) -> str:
    """print.css is all `@media print`: linked with media="print", the browser fetches it without
    holding the first paint for it (Lighthouse: render-blocking resources)."""
    return re.sub(r'(<link rel="stylesheet" href="[^"]*/panelpress/print\.css")>', r'\1 media="print">', html)


# panelpress's scripts and what a page has when it needs one: the exercises' script only where an
# exercise is (exercise pages, lessons that embed one), the evaluation form's only on its page.
# Every other page loads neither (Lighthouse: unused JavaScript, 21 kB on every page before), unless
# Material's `navigation.instant` is on, which never runs the next page's scripts (plugin.py).
PAGE_SCRIPTS = {"panelpress-exercises.js": 'data-exercise="', "panelpress-evaluation.js": 'class="pp-eval-send'}


def unused_scripts(html: str) -> str:
    """The page without the `<script>` tags of panelpress scripts it has nothing for."""
    for script, needs in PAGE_SCRIPTS.items():
        if needs in html:
            continue
        tag = re.compile(rf'<script src="[^"]*/{re.escape(script)}"[^>]*></script>\n?')
        # the scripts are the page's last tags: looked for from there (a pattern opening with \s*,
        # tried at every space of the page, cost 38 ms a page of a 1,000-lesson site)
        tail = max(html.rfind("<script", 0, html.rfind(script) + 1) if script in html else -1, 0)
        html = html[:tail] + tag.sub("", html[tail:])
    return html


_THEME_SCRIPT = re.compile(r'<script src="[^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")


def defer_theme_script(html: str) -> str:
    """Material's bundle, printed at the end of the body as a plain `<script>`, deferred: parsed
    first, the page paints without waiting for 35 kB of script to download and run (Lighthouse:
    render-blocking resources, 0.3-0.7 s of first paint on slow 4G). Deferred scripts run in
    order, so this holds only when every script after it is deferred too (panelpress's are): a
    plain or inline one after it (an author's `extra_javascript` calling `document$`) expects the
    bundle to have run already, and the page is then returned unchanged."""
    # looked for from the end, where Material prints it (a page of a big site is mostly navigation)
    found = _THEME_SCRIPT.match(html, max(html.rfind("<script", 0, html.rfind("/javascripts/bundle.") + 1), 0))
    if found is None:
        return html
    for tag in _SCRIPT_TAG.finditer(html, found.end()):
        attributes = tag.group(1)
        if re.search(r'\btype="application/(?:ld\+)?json"', attributes):
            continue  # data, not code
        if "src=" not in attributes or not re.search(r"\b(?:defer|async)\b|\btype=\"module\"", attributes):
            return html
    return html[:found.start()] + found.group(0).replace("></script>", " defer></script>") + html[found.end():]
