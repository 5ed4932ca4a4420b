"""What panelpress changes in WeasyPrint's layout, for speed, never in the pages
(handouts/layout_patches.py, only on the WeasyPrint it was written for): a document using what
the patched functions serve (a contents list of `target-counter()`s with leaders, a running
footer of `string()` and `counter(pages)`, a named cover page without the footer) typesets
to the same pages with and without the patches, and its contents list has the right numbers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint import layout as weasyprint_layout
from weasyprint.css import targets
from weasyprint.layout import page as layout_page

from panelpress.handouts import layout_patches, typeset

pytestmark = pytest.mark.build  # WeasyPrint: a second or two, not the fast tier

SECTIONS = 14
CSS = """
@page { size: A6; margin: 12mm 10mm 14mm;
        @bottom-left { content: string(title) " · " string(part); font-size: 7pt; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; } }
@page cover { @bottom-left { content: none; } }
.cover { page: cover; break-after: page; }
.cover h1 { string-set: title content(text); }
section { break-before: page; }
section h2 { string-set: part content(text); }
.contents a::after { content: leader(".") " " target-counter(attr(href), page); }
""" + "".join(f'#see-{n}::after {{ content: " (page " target-counter("#s{n}", page) ")"; }}' for n in range(SECTIONS))
# WeasyPrint 70 files a `target-counter(attr(href), …)` under no anchor (the contents list) and one
# naming its anchor in a string under that anchor (the "see" lines): both ways are laid out here
# a contents list long enough to take two pages, sections of one or two pages each
HTML = (f'<html lang="en"><title>Layout</title><style>{CSS}</style>'
        '<div class="cover"><h1>Patched layout</h1></div>'
        '<ol class="contents">' + "".join(f'<li><a href="#s{n}">Section {n}</a></li>' for n in range(SECTIONS)) * 3
        + "</ol>" + "".join(f'<p id="see-{n}">See section {n}</p>' for n in range(SECTIONS)) + "".join(f'<section id="s{n}"><h2>Section {n}</h2><p>{"Words to read. " * (60 + 90 * (n % 2))}</p>'
                            "</section>" for n in range(SECTIONS)) + "</html>")


@pytest.fixture
def weasyprint_as_shipped():
    """WeasyPrint's own layout during the test, the patches (if they were on) after."""
    was_on = layout_patches.installed()
    layout_patches.uninstall()
    yield
    if was_on:
        layout_patches.install()


def pages_of(data: bytes) -> list[tuple[str, bytes]]:
    """Each page's text and drawing (its content stream): what a reader sees, without the fonts'
    subsets (whose header carries the time they were made)."""
    return [(page.extract_text(), page.get_contents().get_data()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_patched_layout_makes_the_same_pages(weasyprint_as_shipped):
    shipped = pages_of(typeset.write(typeset.layout(HTML, None, None)))  # WeasyPrint's own
    assert layout_patches.install() is True  # WeasyPrint 70.0, the one they were written for
    assert layout_page.set_page_type_computed_styles is layout_patches.set_page_type_computed_styles
    data, count, _ = typeset.typeset(HTML, None)  # as a build's worker typesets
    patched = pages_of(data)
    assert count == len(shipped) == len(patched) >= SECTIONS + 3
    assert patched == shipped
    cover, contents, last = patched[0][0], patched[1][0], patched[-1][0]
    assert "Page 1 of" in cover and "Patched layout ·" not in cover  # the named cover page: no running title
    assert f"Page {count} of {count}" in last and f"Patched layout · Section {SECTIONS - 1}" in last
    # the contents list points to the right pages (target-counter, filled in by a second pass)
    first_section, second_section = (next(n for n, (text, _) in enumerate(patched, 1) if text.splitlines()[0] == heading)
                                     for heading in ("Section 0", "Section 1"))
    lines = [line for line in contents.splitlines() if line.startswith(("Section 0", "Section 1"))]
    assert lines[0].endswith(f" {first_section}") and lines[1].endswith(f" {second_section}")
    assert 3 < first_section < second_section  # after the cover and a contents list of two pages or more
    see = "".join(text for text, _ in patched[1:first_section - 1])
    assert f"See section 0 (page {first_section})" in see and f"See section 1 (page {second_section})" in see


def test_the_patches_go_back_and_are_put_in_once(weasyprint_as_shipped):
    def in_place() -> tuple:
        return (layout_page.set_page_type_computed_styles, targets.TargetCollector.cache_target_page_counters,
                targets.TargetCollector.check_pending_targets, layout_page.make_page,
                weasyprint_layout.layout_fixed_boxes)

    shipped = in_place()
    assert layout_patches.install() and layout_patches.install()  # a worker asks for every document
    assert targets.TargetCollector.cache_target_page_counters is layout_patches.cache_target_page_counters
    assert weasyprint_layout.layout_fixed_boxes is layout_patches.layout_fixed_boxes
    # installed once: the wrapped make_page calls WeasyPrint's own, not itself
    assert layout_patches._original("make_page") is shipped[3]
    layout_patches.uninstall()
    assert in_place() == shipped


# a fixed box (a stamp in the corner) that WeasyPrint repeats on every page, set in the last
# section so that the pages before it get it from a later page (the walk both ways)
FIXED = HTML.replace("</html>", '<p style="position: fixed; top: -8mm; right: 0; font-size: 7pt">DRAFT COPY</p></html>')


def test_a_fixed_box_is_still_repeated_on_every_page(weasyprint_as_shipped):
    shipped = pages_of(typeset.write(typeset.layout(FIXED, None, None)))  # WeasyPrint's own
    assert layout_patches.install() is True
    data, count, _ = typeset.typeset(FIXED, None)
    patched = pages_of(data)
    assert patched == shipped and count >= SECTIONS + 3
    assert all("DRAFT COPY" in text for text, _ in patched)  # on each page, the cover too
    # and a document without one: no stamp, the pages WeasyPrint makes
    plain = pages_of(typeset.typeset(HTML, None)[0])
    assert not any("DRAFT COPY" in text for text, _ in plain)


def test_the_walk_for_fixed_boxes_is_skipped_only_without_them(weasyprint_as_shipped, monkeypatch):
    assert layout_patches.install() is True
    walked: list[int] = []  # the pages each call of WeasyPrint's walk is handed
    original = layout_patches._original

    def counting(context, pages, containing_page):
        walked.append(len(pages))
        return original("layout_fixed_boxes")(context, pages, containing_page)

    monkeypatch.setattr(layout_patches, "_original",
                        lambda name: counting if name == "layout_fixed_boxes" else original(name))
    count = len(typeset.layout(HTML, None, None).pages)
    assert walked == []  # no fixed box: no page walks the others
    count = len(typeset.layout(FIXED, None, None).pages)
    assert len(walked) == 2 * count and sum(walked) == count * (count - 1)  # each page, all the others


def test_another_weasyprint_lays_out_as_it_is(weasyprint_as_shipped, monkeypatch):
    shipped = layout_page.set_page_type_computed_styles
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert layout_patches.install() is False
    assert layout_page.set_page_type_computed_styles is shipped  # left alone
    data, count, _ = typeset.typeset(HTML, None)  # typeset asks for the patches too: still WeasyPrint's own
    assert layout_page.set_page_type_computed_styles is shipped
    assert count >= SECTIONS + 3 and "Patched layout" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_an_anchor_laid_out_updates_the_same_contents_lines_as_weasyprint(weasyprint_as_shipped):
    # the contents lines (target-counter lookups) that point to an anchor, found through an index:
    # the same ones marked to be made again, re-parsed or left pending as WeasyPrint's walk over all
    def collector() -> tuple[targets.TargetCollector, list]:
        made = targets.TargetCollector()
        made.collecting = False  # paginating
        parsed: list = []
        for anchor in ("s0", "s1"):
            made.target_lookup_items[anchor] = targets.TargetLookupItem(state="up-to-date")
        lines = [("a", "content", {"s0": ["page"]}, 0), ("b", "content", {"s1": ["page"]}, 1),
                 ("c", "bookmark-label", {"s0": ["page"]}, 0), ("d", "content", {None: ["page"]}, 0),
                 ("e", "content", {"s0": ["page"], "s1": ["page"]}, 2), ("f", "content", {"s0": ["page"]}, None),
                 ("g", "content", {"s0": ["chapter"]}, 1)]
        for name, token, missing, index in lines:
            lookup = targets.CounterLookupItem(lambda values, name=name: parsed.append((name, values)), [], missing)
            lookup.page_maker_index = index
            made.counter_lookup_items[(name, token)] = lookup
        return made, parsed

    def lay_out_anchor(made: targets.TargetCollector, anchor: str) -> tuple:
        page_maker = [(None, None, None, None, {"content_changed": False}) for _ in range(3)]
        made.cache_target_page_counters(anchor, {"page": [4]}, 3, page_maker)
        pending = sorted(name for (name, _), lookup in made.counter_lookup_items.items() if lookup.pending)
        return [state["content_changed"] for *_, state in page_maker], pending

    for anchor in ("s0", "s1"):
        shipped, shipped_parsed = collector()
        shipped_marks = lay_out_anchor(shipped, anchor)
        layout_patches.install()
        patched, patched_parsed = collector()
        assert lay_out_anchor(patched, anchor) == shipped_marks
        assert patched_parsed == shipped_parsed and patched_parsed  # the same lines, in the same order
        assert patched.target_lookup_items[anchor].cached_page_counter_values == {"page": [4]}
        layout_patches.uninstall()
    assert [name for name, _ in shipped_parsed] == ["b", "e"]  # s1's lines with a page counter, laid out


# a line in the middle of the sections that points ahead: the second pass makes the contents
# pages again, skips the pages between, and makes this line's page again
AHEAD = HTML.replace("<h2>Section 6</h2>", '<h2>Section 6</h2><p id="ahead">Look ahead to section 12</p>').replace(
    "</style>", '#ahead::after { content: " (page " target-counter("#s12", page) ")"; }</style>')


def test_each_page_is_given_the_anchors_weasyprint_gathers(weasyprint_as_shipped, monkeypatch):
    # make_page gathers the earlier pages' anchors and lookups through `_gathered`, kept from one
    # page to the next: at each page made, the same lists as WeasyPrint's walk over every entry
    shipped = pages_of(typeset.write(typeset.layout(AHEAD, None, None)))
    assert layout_patches.install() is True
    kept = layout_patches._gathered
    made: list[int] = []  # the pages made, in order

    def checked(context, page_maker, stop):
        given = kept(context, page_maker, stop)
        anchors, lookups = [], []
        for *_, remake_state in page_maker[:stop]:  # WeasyPrint's walk
            anchors += remake_state.get("anchors", [])
            lookups += remake_state.get("content_lookups", [])
        assert given == [(None, None, None, None, {"anchors": anchors, "content_lookups": lookups})], stop + 1
        made.append(stop + 1)
        return given

    monkeypatch.setattr(layout_patches, "_gathered", checked)
    patched = pages_of(typeset.typeset(AHEAD, None)[0])
    assert patched == shipped
    count = len(patched)
    assert made[:count] == list(range(1, count + 1))  # the first pass, every page
    ahead = next(n for n, (text, _) in enumerate(patched, 1) if "Look ahead to section 12 (page" in text)
    again = made[count:]
    # a later pass makes the contents pages again, skips the pages between, makes the line's page again
    assert min(again) < ahead - 1 and ahead - 1 not in again and ahead in again
    section_12 = next(n for n, (text, _) in enumerate(patched, 1) if text.splitlines()[0] == "Section 12")
    assert f"Look ahead to section 12 (page {section_12})" in patched[ahead - 1][0]


# target-counter() outside `content`: in a bookmark (the PDF's outline) and in a running footer,
# filled in once the pages are made (the lookups layout_document walks)
OUTLINED = HTML.replace("</style>", """
.contents li:first-child a { bookmark-level: 1; bookmark-label: "Contents to page " target-counter(attr(href), page);
                             string-set: first-ref "first section on page " target-counter(attr(href), page); }
@page { @bottom-center { content: string(first-ref); font-size: 7pt; } }</style>""")


def outline_of(data: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(data))
    return [(entry.title, reader.get_destination_page_number(entry) + 1) for entry in reader.outline
            if not isinstance(entry, list)]


def test_target_counters_outside_content_are_filled_in_as_weasyprint(weasyprint_as_shipped):
    shipped = typeset.write(typeset.layout(OUTLINED, None, None))
    assert layout_patches.install() is True
    patched = typeset.typeset(OUTLINED, None)[0]
    assert pages_of(patched) == pages_of(shipped) and outline_of(patched) == outline_of(shipped)
    section_0 = next(n for n, (text, _) in enumerate(pages_of(patched), 1) if text.splitlines()[0] == "Section 0")
    assert ("Contents to page %d" % section_0, 2) in outline_of(patched)  # the first contents line, page 2
    assert f"first section on page {section_0}" in pages_of(patched)[1][0]
    # layout_document's walk is the only reader of the lookups' items() besides the collector's
    # own cache_target_page_counters (replaced): the walk that now passes over `content` lookups
    source = Path(weasyprint.__file__).parent
    readers = sorted(str(path.relative_to(source)) for path in source.rglob("*.py")
                     if "counter_lookup_items.items()" in path.read_text(encoding="utf-8"))
    assert readers == ["css/targets.py", "layout/__init__.py"]


# a string set once at the top (the title) and one set on some pages only (each section's
# name), read with each keyword of string(): pages that set none get the latest earlier value
STRINGS = HTML.replace("</style>", """
@page { @top-left { content: string(part, last); font-size: 7pt; }
        @top-center { content: string(part, start); font-size: 7pt; }
        @top-right { content: "[" string(part, first-except) "]"; font-size: 7pt; } }</style>""")


def test_strings_in_margins_are_the_latest_set_as_weasyprint(weasyprint_as_shipped, monkeypatch):
    shipped = pages_of(typeset.write(typeset.layout(STRINGS, None, None)))
    assert layout_patches.install() is True
    original = layout_patches._original
    asked: list[int] = []  # the pages WeasyPrint's own lookup answered

    def counting(name):
        if name != "get_string_set_for":
            return original(name)
        return lambda context, *args: asked.append(context.current_page) or original(name)(context, *args)

    monkeypatch.setattr(layout_patches, "_original", counting)
    patched = pages_of(typeset.typeset(STRINGS, None)[0])
    assert patched == shipped
    sets = [n for n, (text, _) in enumerate(patched, 1) if re.fullmatch(r"Section \d+", text.splitlines()[0])]
    first, last = patched[sets[0] - 1][0], patched[-1][0]  # the last section's second page sets none
    assert len(patched) not in sets and "Section 0 Section 0 []" in first  # first-except: none where set
    assert f"Section {SECTIONS - 1} Section {SECTIONS - 1} [Section {SECTIONS - 1}]" in last
    assert f"Patched layout · Section {SECTIONS - 1}" in last  # the title, set on the cover only
    # WeasyPrint's own look-up answers the pages that set the string, and only those
    assert set(sets) <= set(asked) <= set(sets) | {1}
