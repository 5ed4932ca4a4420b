"""What the Nu Html Checker found in our markup, checked on every built page without it.

`make audit` (scripts/audit.py) runs the real checker and Lighthouse, which need npm and minutes;
these read the built HTML of both workshops and the decks in a second, so the errors the checker
reported cannot come back: heading levels that skip (the deck's notes were h4 under an h2),
`tabindex=""` and labels for a control the page does not have (Material's navigation, repaired in
site/page_markup.py). And a page loads only the panelpress scripts it uses.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from panelpress.site.page_markup import defer_theme_script, preload_fonts, repair, unused_scripts

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
    def ours(path: str) -> set[str]:
        return {src.rsplit("/", 1)[-1] for src in read(flagship_site / path / "index.html").scripts
                if "/panelpress/" in src}

    exercise = next(p for p in sorted((flagship_site / "exercises").glob("*/index.html")))
    assert ours(exercise.parent.relative_to(flagship_site).as_posix()) == {"panelpress-exercises.js"}
    assert ours("evaluation") == {"panelpress-evaluation.js"}
    assert ours(".") == set()  # the home page: no exercise, no form
    assert ours("panel") == set()


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
HEAD = '<head><link rel="stylesheet" href="../assets/panelpress/identity.css"></head>'


@pytest.mark.parametrize("article, italic", [
    ("<p>Say <em>what</em> you ask.</p>", True),
    ("<p>Nothing stressed.</p>", False),
    ('<details class="success"><summary>Model</summary><p><em>Asker:</em> hi</p></details>', False),  # folded
    ('<details class="info" open><summary>Rules</summary><p><em>If</em> yes</p></details>', True),
])
def test_the_italic_face_is_preloaded_only_for_emphasis_the_page_shows(article, italic):
    body = f'<body><nav></nav><article class="md-content__inner">{article}</article></body>'
    assert (ITALIC in preload_fonts(HEAD, body)) is italic


def test_a_workshop_without_site_description_still_describes_every_page_and_its_deck(scaffold_site, scaffold_kit):
    # `panelpress new` writes no site_description nor subtitle: the description is the title and
    # audience, except on a lesson's, a story's and an exercise's page, which have their own
    # (site/describe.py; tests/test_page_descriptions.py)
    description = re.compile(r'<meta name="description" content="([^"]+)">')
    for page in [*scaffold_site.rglob("index.html"), scaffold_kit / "slides" / "index.html"]:
        found = description.search(page.read_text(encoding="utf-8"))
        own = page.parent.parent.name in ("lessons", "stories", "exercises")  # not their overviews
        assert found and (not found.group(1).startswith("Scaffold panel · ")) == own, page


# --- the repairs themselves, on the markup Material prints (fast tier) ---

MATERIAL_NAV = """<nav><label class="md-nav__link md-nav__link--active" for="__nav_3" id="__nav_3_label" tabindex="">
<span>Lessons</span></label><input class="md-nav__toggle md-toggle" type="checkbox" id="__nav_3"></nav>
<div class="md-search" data-md-component="search" role="dialog"><input type="text" class="md-search__input" name="query" aria-label="Suche" placeholder="Suche"></div>
<label class="md-nav__title" for="__toc">Contents</label>"""


def parsed(html: str) -> Markup:
    reader = Reader()
    reader.feed(html)
    return reader.found


def test_material_navigation_markup_is_repaired_without_losing_its_controls():
    before, after = parsed(MATERIAL_NAV), parsed(repair(MATERIAL_NAV))
    assert before.empty_tabindex and dangling_labels(before)  # what Material prints is invalid
    assert after.empty_tabindex == [] and dangling_labels(after) == []
    assert ("__nav_3" in after.controls and after.labels_for == [(1, "__nav_3")])  # the section toggle stays
    assert 'role="dialog" aria-label="Suche"' in repair(MATERIAL_NAV)  # named in the site's language


def test_the_toc_label_keeps_its_for_when_the_page_has_the_toc_control():
    html = MATERIAL_NAV + '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
    assert '<label class="md-nav__title" for="__toc">' in repair(html)


BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
CONFIG = '<script id="__config" type="application/json">{"base": ".."}</script>'


@pytest.mark.parametrize("after, deferred", [
    ("", True),  # nothing after Material's bundle
    ('<script src="../assets/panelpress/panelpress-exercises.js" defer></script>', True),
    ('<script type="application/json">{"a": 1}</script>', True),  # data, not code
    ('<script src="../js/author.js"></script>', False),  # an author's plain script may call document$
    ("<script>document$.subscribe(() => {})</script>", False),  # so may an inline one
])
def test_materials_bundle_is_deferred_only_when_every_script_after_it_waits_too(after, deferred):
    page = f"<main><p>A page.</p></main>\n{CONFIG}\n{BUNDLE}\n{after}\n</body>"
    result = defer_theme_script(page)
    assert (BUNDLE.replace("></script>", " defer></script>") in result) is deferred
    assert result == page if not deferred else result.replace(" defer></script>", "></script>", 1) == page


def test_every_built_page_defers_materials_bundle(flagship_site, second_site):
    """The built pages, both workshops: none waits for Material's script before it paints."""
    for site in (flagship_site, second_site):
        for page in sorted(site.rglob("*.html")):
            html = page.read_text(encoding="utf-8")
            if "javascripts/bundle." in html:
                assert re.search(r'javascripts/bundle\.[0-9a-f]+\.min\.js" defer>', html), page


@pytest.mark.parametrize("html, kept", [
    ('<div data-exercise="x"></div>', {"panelpress-exercises.js"}),
    ('<button class="pp-eval-send md-button">', {"panelpress-evaluation.js"}),
    ("<p>A lesson.</p>", set()),
])
def test_unused_panelpress_scripts_are_dropped(html, kept):
    page = (html + '\n<script src="../assets/panelpress/panelpress-evaluation.js"></script>'
            '\n<script src="../assets/panelpress/panelpress-exercises.js"></script>')
    assert {src.rsplit("/", 1)[-1] for src in parsed(unused_scripts(page)).scripts} == kept
