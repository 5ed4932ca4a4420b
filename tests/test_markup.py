"""What the Nu Html Checker found in our markup, checked on every built page without it.

`make audit` (scripts/audit.py) runs the real checker and Lighthouse, which need npm and minutes;
these read the built HTML of both workshops and the decks in a second, so the errors the checker
reported cannot come back: heading levels that skip (the deck's notes were h4 under an h2),
`tabindex=""` and labels for a control the page does not have (Material's navigation, repaired in
site/theme_patches.py). And a page loads only the panelpress scripts it uses.
"""

from __future__ import annotations

import dataclasses
import re
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest

import jinja2
import material
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.utils.templates import script_tag_filter, url_filter

from panelpress.identity import FIRST_PAINT_FONTS
from panelpress.site.theme_patches import (EDITS, EditingLoader, Theme, bundle_can_wait, edited, install,
                                          overrides_scripts)

LABELABLE = {"button", "input", "meter", "output", "progress", "select", "textarea"}


@dataclasses.dataclass
class Markup:
    headings: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)  # (line, level, text)
    empty_tabindex: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    labels_for: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    controls: dict[str, str] = dataclasses.field(default_factory=dict)  # id -> tag (hidden inputs: "hidden")
    scripts: list[str] = dataclasses.field(default_factory=list)


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = Markup()
        self._heading: list | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        line = self.getpos()[0]
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [line, int(tag[1]), ""]
        if "tabindex" in attr and not (attr["tabindex"] or "").strip():
            self.found.empty_tabindex.append((line, tag))
        if tag == "label" and "for" in attr:
            self.found.labels_for.append((line, attr["for"] or ""))
        if "id" in attr and tag in LABELABLE:
            hidden = tag == "input" and (attr.get("type") or "").lower() == "hidden"
            self.found.controls[attr["id"]] = "hidden" if hidden else tag
        if tag == "script" and attr.get("src"):
            self.found.scripts.append(attr["src"])
        elif tag == "script" and attr.get("data-script"):  # one of panelpress's, inline (inline_scripts.py)
            self.found.scripts.append("inline:" + attr["data-script"])

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[2] += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == f"h{self._heading[1]}":
            self.found.headings.append((self._heading[0], self._heading[1], self._heading[2].strip()))
            self._heading = None


def read(path: Path) -> Markup:
    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.found


def skipped_levels(markup: Markup) -> list[str]:
    """Headings more than one level under the heading before them (the Nu checker's rule)."""
    problems, before = [], None
    for line, level, text in markup.headings:
        if before is not None and level > before[1] + 1:
            problems.append(f"line {line}: h{level} '{text[:40]}' follows h{before[1]} '{before[2][:40]}'")
        before = (line, level, text)
    return problems


def dangling_labels(markup: Markup) -> list[str]:
    return [f"line {line}: <label for='{target}'> but the page has "
            + ("only a hidden input" if markup.controls.get(target) == "hidden" else "no such control")
            for line, target in markup.labels_for if markup.controls.get(target, "hidden") == "hidden"]


def pages(site: Path, kit: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    deck = kit / "slides" / "index.html"
    return found + ([deck] if deck.exists() else [])


def problems_in(site: Path, kit: Path) -> dict[str, list[str]]:
    problems = {}
    for page in pages(site, kit):
        markup = read(page)
        found = skipped_levels(markup) + dangling_labels(markup)
        found += [f"line {line}: <{tag} tabindex=\"\">" for line, tag in markup.empty_tabindex]
        if found:
            problems[str(page)] = found
    return problems


# --- the checks that read a built page ---

def test_flagship_pages_and_deck_have_no_skipped_headings_empty_tabindex_or_dangling_labels(flagship_site, flagship_kit):
    assert (flagship_kit / "slides" / "index.html").exists()
    assert len(pages(flagship_site, flagship_kit)) > 20
    assert problems_in(flagship_site, flagship_kit) == {}


def test_second_workshop_pages_and_deck_pass_the_same_markup_checks(second_site, second_kit):
    assert (second_kit / "slides" / "index.html").exists()
    assert problems_in(second_site, second_kit) == {}


def test_the_decks_speaker_notes_sit_one_heading_level_under_their_slide(flagship_kit):
    markup = read(flagship_kit / "slides" / "index.html")
    levels = [level for _, level, _ in markup.headings]
    assert levels[0] == 1 and 2 in levels and 3 in levels  # title, slide headings, notes' headings
    assert 4 not in levels


def test_a_page_loads_only_the_panelpress_scripts_it_uses(flagship_site):
    def ours(path: str) -> list[str]:  # in the page's order
        return [src.rsplit("/", 1)[-1] for src in read(flagship_site / path / "index.html").scripts
                if "/panelpress/" in src or src.startswith("inline:")]

    exercise = next(p for p in sorted((flagship_site / "exercises").glob("*/index.html")))
    # "Clear my answers" is one script both use (panelpress-clear.js), before them; both are in
    # the page, inline (no request queued before Material's bundle: inline_scripts.py)
    assert ours(exercise.parent.relative_to(flagship_site).as_posix()) == ["inline:panelpress-clear.js",
                                                                          "inline:panelpress-exercises.js"]
    assert ours("evaluation") == ["inline:panelpress-clear.js", "inline:panelpress-evaluation.js"]
    assert ours(".") == []  # the home page: no exercise, no form
    assert ours("panel") == []


def test_every_page_asks_for_its_text_fonts_with_the_page(flagship_site, second_site):
    """The identity's regular and bold faces are preloaded in each page's head, before the
    stylesheet that names them, from files the site holds (the text does not shift when they come)."""
    for site in (flagship_site, second_site):
        for page in site.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            head = html[:html.index("</head>")]
            fonts = re.findall(r'<link rel="preload" href="([^"]+\.woff2)" as="font" type="font/woff2" crossorigin>', head)
            names = {f.rsplit("/", 1)[-1] for f in fonts}
            # the italic face too where the page opens with emphasis (test_italic_... below)
            assert len(fonts) == len(names) and names - {"source-sans-3-latin-400-italic.woff2"} == {
                "source-sans-3-latin-400-normal.woff2", "source-sans-3-latin-700-normal.woff2"}, page
            # 404.html links from the site's root (its address is any missing one)
            assert all(((site / "assets" / f.split("/assets/", 1)[1]) if f.startswith("/") else
                        (page.parent / f).resolve()).is_file() for f in fonts), page
            assert head.index(fonts[0]) < head.index("identity.css")


def test_a_page_that_opens_with_emphasis_asks_for_the_italic_face_too(flagship_site):
    """The rewrite exercise's instructions have emphasis above the fold: its italic face, found only
    once the page was laid out, rewrapped the paragraph when it came (a layout shift of 0.14)."""
    italic = 'source-sans-3-latin-400-italic.woff2" as="font"'
    rewrite = (flagship_site / "exercises" / "rewrite-the-cold-message" / "index.html").read_text(encoding="utf-8")
    assert "<em>" in rewrite and italic in rewrite[:rewrite.index("</head>")]
    assert italic not in (flagship_site / "index.html").read_text(encoding="utf-8")


ITALIC = "source-sans-3-latin-400-italic.woff2"


@pytest.mark.parametrize("article, italic", [
    ("<p>Say <em>what</em> you ask.</p>", True),
    ("<p>Nothing stressed.</p>", False),
    ('<details class="success"><summary>Model</summary><p><em>Asker:</em> hi</p></details>', False),  # folded
    ('<details class="info" open><summary>Rules</summary><p><em>If</em> yes</p></details>', True),
])
def test_the_italic_face_is_preloaded_only_for_emphasis_the_page_shows(article, italic):
    page = types.SimpleNamespace(content=article)  # MkDocs' page.content: the article's HTML
    fonts = Theme([]).preloads("assets/panelpress/identity.css", page)
    assert any(font.endswith(ITALIC) for font in fonts) is italic
    assert Theme([], preload_fonts=False).preloads("assets/panelpress/identity.css", page) == []


def test_a_workshop_without_site_description_still_describes_every_page_and_its_deck(scaffold_site, scaffold_kit):
    # `panelpress new` writes no site_description nor subtitle: the description is the title and
    # audience, except on a lesson's, a story's and an exercise's page, which have their own
    # (site/describe.py; tests/test_page_descriptions.py)
    description = re.compile(r'<meta name="description" content="([^"]+)">')
    for page in [*scaffold_site.rglob("index.html"), scaffold_kit / "slides" / "index.html"]:
        found = description.search(page.read_text(encoding="utf-8"))
        own = page.parent.parent.name in ("lessons", "stories", "exercises")  # not their overviews
        assert found and (not found.group(1).startswith("Scaffold panel · ")) == own, page


# --- the edits themselves, on Material's own templates (fast tier) ---

MATERIAL = Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_edit_finds_the_text_material_prints(name):
    """A Material release that rewords one of these lines fails here, not silently on the site."""
    source = (MATERIAL / name).read_text(encoding="utf-8")
    for pattern, _ in EDITS[name]:
        assert pattern.search(source), (name, pattern.pattern)
    assert edited(name, source) != source


def material_env() -> jinja2.Environment:
    env = jinja2.Environment(loader=EditingLoader(jinja2.FileSystemLoader(str(MATERIAL))))
    env.filters["url"] = lambda url: url  # MkDocs' own filter: the address as it is here
    return env


def render_edited(name: str, **context) -> str:
    env = material_env()
    return env.get_template(name).render(**context)


def test_the_search_dialog_is_named_in_the_sites_language():
    lang = types.SimpleNamespace(t=lambda key: {"search.placeholder": "Suche"}.get(key, key))
    html = render_edited("partials/search.html", lang=lang, config={"theme": {"icon": {}}}, page=None)
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Suche">' in html


def parsed(html: str) -> Markup:
    reader = Reader()
    reader.feed(html)
    return reader.found


def nav_of(*items):
    return types.SimpleNamespace(items=list(items))


def test_the_toc_label_keeps_its_for_only_when_the_page_has_the_toc_control():
    toc = types.SimpleNamespace(level=2, children=[], title="Step", url="#step")
    lang = types.SimpleNamespace(t=lambda key: "Contents")
    home = types.SimpleNamespace(parent=None, toc=[toc], is_index=True)
    index = types.SimpleNamespace(toc=[toc], is_index=True)
    lesson = types.SimpleNamespace(toc=[toc], is_index=False)
    section = types.SimpleNamespace(children=[index, lesson])
    index.parent = lesson.parent = section
    outside = types.SimpleNamespace(parent=None, toc=[toc], is_index=False)
    nav = nav_of(home, section)

    def label(page, features=("navigation.indexes",)):
        theme = Theme(list(features))
        html = render_edited("partials/toc.html", page=page, nav=nav, lang=lang, config={"mdx_configs": {}},
                             panelpress_theme=theme)
        return [target for _, target in parsed(html).labels_for]

    assert label(home) == label(lesson) == ["__toc"]  # Material prints their checkbox
    assert label(index) == label(outside) == []  # a section's index page, a page outside the navigation
    assert label(index, features=()) == ["__toc"]  # without navigation.indexes it is an entry


def script(path: str, **attributes) -> ExtraScriptValue:
    value = ExtraScriptValue(path)
    for name, setting in attributes.items():
        setattr(value, name, setting)
    return value


def scripts_block(extra_javascript: list, custom_dir: Path | None = None, page: object = None,
                  features: tuple[str, ...] = ()) -> str:
    """Material's `scripts` block as base.html words it, edited, with MkDocs' own script filters,
    under the decision a build makes (`bundle_can_wait` of its configuration)."""
    block = re.search(r"\{% block scripts %\}.*?\{% endblock %\}",
                      (MATERIAL / "base.html").read_text(encoding="utf-8"), re.DOTALL).group(0)
    env = jinja2.Environment(loader=EditingLoader(jinja2.DictLoader({"base.html": block})))
    env.filters.update(url=url_filter, script_tag=script_tag_filter)
    install(env, list(features), defer_bundle=bundle_can_wait(extra_javascript, custom_dir))
    return env.get_template("base.html").render(config={"extra_javascript": extra_javascript},
                                                page=page, base_url="..")


@pytest.mark.parametrize("after, how", [
    ([], "after paint"),  # nothing after Material's bundle: asked for once the page is on screen
    ([script("js/later.js", defer=True)], "deferred"),  # as panelpress's own are
    ([script("js/data.json", type="application/json")], "deferred"),  # data, not code
    ([script("js/widget.js", async_=True), "js/module.mjs"], "deferred"),  # MkDocs makes .mjs a module
    ([script("js/later.js", defer=True), "js/author.js"], "plain"),  # a plain one may call document$
])
def test_materials_bundle_waits_only_as_long_as_every_script_after_it_allows(after, how):
    """Deferred when every script after it waits too; asked for after the first paint (after_paint.py)
    when no script comes after it at all (one that does may use `document$` as it runs)."""
    html = scripts_block(after)
    bundle = re.search(r'<script (src|data-bundle)="\.\./assets/javascripts/bundle\.[0-9a-f]+\.min\.js"( defer)?>', html)
    assert bundle
    assert {"after paint": ("data-bundle", None), "deferred": ("src", " defer"), "plain": ("src", None)}[how] == \
        bundle.group(1, 2)
    assert html.index(bundle.group(0)) < min((html.index(str(s)) for s in after), default=len(html))


OURS = script("assets/panelpress/panelpress-exercises.js", defer=True)  # as plugin.py lists it
EXERCISE_PAGE = types.SimpleNamespace(url="exercises/e1/", content='<div class="pp-exercise" data-exercise="e1"></div>')


@pytest.mark.parametrize("extra, features, first", [
    ([OURS], (), True),  # the bundle deferred: ours before it, never waiting for its download
    ([OURS, script("js/later.js", defer=True)], (), True),  # an author's deferred script stays after the bundle
    ([OURS, "js/author.js"], (), False),  # the bundle plain (it runs while the page is parsed): as Material prints it
    ([OURS], ("navigation.instant",), False),  # ours follow the swapped pages through the bundle's document$
])
def test_panelpress_scripts_come_before_materials_deferred_bundle(extra, features, first):
    """panelpress's exercise script is printed once, before Material's bundle exactly when the
    bundle is deferred and instant navigation is off, after it otherwise; an author's scripts
    always after it, in their order."""
    html = scripts_block(extra, page=EXERCISE_PAGE, features=features)
    # before the deferred bundle it is inline, a module (deferred too, and no request before the
    # bundle's); after a plain bundle, or with instant navigation, it is linked as Material links one
    inline = re.findall(r'<script type="module" data-script="panelpress-exercises\.js">.+?</script>', html, re.DOTALL)
    linked = re.findall(r'<script src="\.\./\.\./assets/panelpress/panelpress-exercises\.js" defer></script>', html)
    ours = inline if first else linked
    assert len(ours) == 1 and len(inline + linked) == 1
    if first:  # the script itself, minified (its comments, half its bytes, left out)
        assert 'PREFIX="panelpress:"' in inline[0] and "/*" not in inline[0] and "//" not in inline[0]
    bundle = re.search(r'<script (src|data-bundle)="\.\./\.\./assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', html)
    assert (html.index(ours[0]) < bundle.start()) is first
    authors = [html.index(str(s)) for s in extra if s is not OURS]
    assert all(bundle.start() < at for at in authors) and authors == sorted(authors)
    # a page without an exercise loads it only with instant navigation (its next page may have one)
    assert ("panelpress-exercises" in scripts_block(extra, features=features)) is ("navigation.instant" in features)


def test_an_authors_own_scripts_block_keeps_materials_bundle_undeferred(tmp_path):
    """A `custom_dir` template that overrides the `scripts` block may add an inline script that
    expects the bundle to have run (`document$.subscribe(...)`): the bundle then runs as Material prints it."""
    (tmp_path / "main.html").write_text('{% extends "base.html" %}\n{%- block scripts -%}\n{{ super() }}\n'
                                        "<script>document$.subscribe(() => {})</script>\n{%- endblock -%}\n",
                                        encoding="utf-8")
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "footer.html").write_text("<footer>{% block x %}{% endblock %}</footer>", encoding="utf-8")
    assert overrides_scripts(tmp_path) == [tmp_path / "main.html"]
    assert " defer>" not in scripts_block([], custom_dir=tmp_path).split("bundle.", 1)[1].split("\n", 1)[0]
    (tmp_path / "main.html").write_text('{% extends "base.html" %}\n{% block content %}{{ super() }}{% endblock %}\n',
                                        encoding="utf-8")
    assert overrides_scripts(tmp_path) == [] and bundle_can_wait([], tmp_path)
    assert bundle_can_wait([], None) and bundle_can_wait([], tmp_path / "missing")


def test_every_built_page_asks_for_materials_bundle_after_its_first_paint(flagship_site, second_site):
    """The built pages, both workshops: none waits for Material's script before it paints (the
    bundle is asked for once the page is on screen: after_paint.py), and panelpress's own scripts,
    on the pages that use them, come before it (inline modules: the page asks for none of them;
    as files they were queued before the bundle, and after it a reader's tap got no answer)."""
    own = 0
    for site in (flagship_site, second_site):
        for page in sorted(site.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            if "javascripts/bundle." in html:
                bundle = re.search(r'<script data-bundle="[^"]*javascripts/bundle\.[0-9a-f]+\.min\.js">', html)
                assert bundle and "PerformanceObserver" in html[bundle.end():], page
                assert not re.search(r'<script[^>]* src="[^"]*javascripts/bundle\.', html), page
                assert not re.search(r'<script[^>]* src="[^"]*/panelpress/', html), page  # none asked for
                ours = list(re.finditer(r'<script[^>]* data-script="[^"]*"[^>]*>', html))
                assert all(re.fullmatch(r'<script type="module" data-script="panelpress-(clear|exercises|evaluation)\.js">',
                                        m.group(0)) and m.start() < bundle.start() for m in ours), page
                assert bool(ours) is ('data-exercise="' in html or 'class="pp-eval-send' in html), page
                own += len(ours)
    assert own > 10


def test_an_empty_tabindex_is_not_printed_and_a_real_one_is():
    module = material_env().get_template("partials/nav-item.html").make_module({"page": None, "features": ["navigation.tabs"],
                                                                     "config": {"extra": {}}})
    child = types.SimpleNamespace(active=False, children=[], pages=None, url="x/", title="Lesson", meta=None,
                                  typeset=None, is_index=False)

    def section(active):
        return types.SimpleNamespace(active=active, children=[child], pages=None, title="Lessons", meta=None,
                                     typeset=None, is_index=False)

    found = parsed(str(module.render(section(True), "__nav_3", 1)))  # a section: Material means "not focusable"
    assert found.empty_tabindex == [] and found.labels_for[0][1] == "__nav_3"  # the toggle stays
    assert 'tabindex="0"' in str(module.render(section(False), "__nav_4", 2))  # a collapsible one keeps its 0


@pytest.mark.parametrize("content, kept", [
    ('<div data-exercise="x"></div>', {"panelpress-clear.js", "panelpress-exercises.js"}),
    ('<button class="pp-eval-send md-button">', {"panelpress-clear.js", "panelpress-evaluation.js"}),
    ("<p>A lesson.</p>", set()),
])
def test_unused_panelpress_scripts_are_not_linked(content, kept):
    page = types.SimpleNamespace(content=content)
    scripts = ["assets/panelpress/panelpress-clear.js", "assets/panelpress/panelpress-evaluation.js",
               "assets/panelpress/panelpress-exercises.js", "assets/author.js"]
    linked = {s.rsplit("/", 1)[-1] for s in scripts if Theme([]).wanted(s, page)}
    assert linked == kept | {"author.js"}
    # Material's instant navigation never runs the next page's scripts: every page keeps them all
    assert all(Theme(["navigation.instant"]).wanted(s, page) for s in scripts)


@pytest.mark.parametrize("offline", [False, True])
def test_the_stylesheet_links_get_their_preloads_and_print_media(offline):
    """Material's extra_css loop, as base.html words it: the identity's faces are preloaded before
    identity.css, except in an offline bundle (opened from disk, a preload is a refused CORS request)."""
    loop = re.search(r"\{% for path in config\.extra_css %\}.*?\{% endfor %\}",
                     (MATERIAL / "base.html").read_text(encoding="utf-8"), re.DOTALL).group(0)
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html": loop}))
    env.filters["url"] = lambda url: "../" + url
    install(env, [], preload_fonts=not offline)
    html = env.get_template("base.html").render(config={"extra_css": [
        "assets/panelpress/identity.css", "assets/panelpress/print.css", "assets/author.css"]})
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html)
    assert preloads == ([] if offline else [f"../assets/panelpress/fonts/{name}" for name in FIRST_PAINT_FONTS])
    assert not preloads or html.index(preloads[-1]) < html.index("identity.css")
    assert '<link rel="stylesheet" href="../assets/panelpress/print.css" media="print">' in html
    assert '<link rel="stylesheet" href="../assets/author.css">' in html


def test_one_build_links_each_page_its_own_scripts_and_fonts_page_after_page():
    """A build asks one `Theme` about every page in turn, and about each page several times (a
    call per stylesheet and per script): each page still gets its own answer, also when it is
    rendered again with new content (a preview's rebuild)."""
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    parts = [re.search(pattern, base, re.DOTALL).group(0) for pattern in (  # its stylesheets and its scripts
        r"\{% for path in config\.extra_css %\}.*?\{% endfor %\}", r"\{% block scripts %\}.*?\{% endblock %\}")]
    env = jinja2.Environment(loader=EditingLoader(jinja2.DictLoader({"base.html": "\n".join(parts)})))
    env.filters.update(url=url_filter, script_tag=script_tag_filter)
    install(env, [], defer_bundle=True)
    config = {"extra_css": ["assets/panelpress/identity.css"], "extra_javascript": [
        OURS, script("assets/panelpress/panelpress-clear.js", defer=True)]}
    exercise = types.SimpleNamespace(url="exercises/e1/", content='<div data-exercise="e1"><em>Say</em></div>')
    lesson = types.SimpleNamespace(url="lessons/l1/", content="<p>A lesson.</p>")

    def linked(page):
        html = env.get_template("base.html").render(config=config, page=page, base_url="..")
        return ({name for name in ("panelpress-exercises.js", "panelpress-clear.js") if name in html},
                ITALIC in html)

    both = {"panelpress-exercises.js", "panelpress-clear.js"}
    assert [linked(page) for page in (exercise, lesson, exercise, lesson)] == [(both, True), (set(), False)] * 2
    lesson.content = '<p><em>Now</em> with an exercise:</p><div data-exercise="e2"></div>'
    assert linked(lesson) == (both, True)


def test_one_build_finds_each_sections_own_index_page():
    """`toc_control` for the pages of two sections in turn, with one `Theme` as a build has: a
    section's index page has no table-of-contents control, its other pages have."""
    theme = Theme(["navigation.indexes"])
    sections = []
    for name in ("lessons", "stories"):
        index = types.SimpleNamespace(is_index=True, title=name)
        entry = types.SimpleNamespace(is_index=False, title=f"{name} 1")
        section = types.SimpleNamespace(children=[entry, index])
        index.parent = entry.parent = section
        sections.append((index, entry))
    nav = nav_of(*(index.parent for index, _ in sections))
    order = [page for pair in sections for page in pair] + [sections[0][1], sections[1][0]]
    assert [theme.toc_control(page, nav) for page in order] == [False, True, False, True, True, False]
