"""Run-time patches of WeasyPrint's layout, for the one version they were read against.

WeasyPrint 70's layout does three things whose cost is the number of pages (or of contents
lines) laid out so far, once a page (or once a worksheet), so the workbook's layout cost a page
grew with its length (×1.18 a page from 211 to 2,057 pages; issue 18, item 4). Profiled alone,
in CPU seconds, at 150 and 600 lessons (314 and 1,237 pages), these three functions grew as the
square of the document, and are replaced (or skipped) here:

- `layout.page.set_page_type_computed_styles` (once a page) looks for the page's margin boxes
  by walking the cascaded style of every page made so far: each page is a page type of its own
  (its index is part of it) with 19 entries (the user agent's sixteen margin boxes, footnote and
  note areas, the page), so page n walks ~19n of them. Its own time 0.26 s at 314 pages, 4.0 s
  at 1,237 (×3.98 a page); ~11 s at 2,057.
- `css.targets.TargetCollector.cache_target_page_counters` (once for each anchor that a
  `target-counter()` points to: each worksheet of the contents list) walks every
  `target-counter()` of the document for the ones that point to that anchor: worksheets ×
  contents lines; 0.13 → 2.1 s under the profiler (×3.95 a page). (WeasyPrint 70 files a
  `target-counter(attr(href), …)`, the contents lists' form, under no anchor at all, so in our
  handouts that walk finds nothing: the page numbers arrive through `make_page`.)
- `layout.layout_fixed_boxes` (twice a page, once the pages are made) walks every other page
  for its `position: fixed` boxes, to repeat them on this page: pages × pages (0.10 → 1.54 s
  own time, ×3.9 a page; ~4 s at 2,057 pages). Our handouts have no fixed box at all (no
  `position: fixed` in templates/handouts or the kit's templates), so each walk finds nothing.
  `make_page` (wrapped, not copied) notes on the layout's context when a page it made has a
  fixed box; until one has, `layout_fixed_boxes` has nothing to walk and yields nothing, and
  once one has, WeasyPrint's own walks as before (a page made again without it keeps the
  mark: walking for nothing is slower, never wrong).

Two terms of the same shape are left (own CPU under the profiler at 314 → 1,237 pages):
`make_page` gathers every earlier page's anchors into a list (0.34 → 3.20 s with its linear
part) and `layout_document` walks every `target-counter()` for each box that has one (0.11 →
1.07 s): both inside long functions a patch would have to copy whole.

Each patch finds the same things through an index (or a mark) and does with them exactly what
WeasyPrint does, in the same order, so the pages are the same (tests/test_layout_patches.py
compares each page's text and drawing with and without them, what an anchor laid out updates,
and a fixed box repeated on every page). They apply
only to WeasyPrint 70.0: another version may have fixed the cause or changed the code the
patches assume, so it is left alone (a test says so). The upstream report's text is in the
team's notes (upstream-pydyf.md, section 4)."""

from __future__ import annotations

import copy
import itertools
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger("mkdocs.plugins.panelpress.pdf")

# the WeasyPrint these patches were read against (layout/page.py, css/targets.py)
LAYOUT_FOR = "70.0"

# what `install` replaced, to put back (`uninstall`, the tests): (module or class, name, original)
_replaced: list[tuple[Any, str, Callable[..., Any]]] = []


def installed() -> bool:
    """Whether the patches are in place."""
    return bool(_replaced)


def install() -> bool:
    """Put the patches in place; whether they are (False: another WeasyPrint, left
    alone). Idempotent: a build's worker calls it for every document."""
    if _replaced:
        return True
    import weasyprint
    from weasyprint.css import targets
    from weasyprint.layout import page

    if weasyprint.__version__ != LAYOUT_FOR:
        log.debug(f"panelpress: WeasyPrint {weasyprint.__version__} lays out as it is "
                  f"(the layout patches are for {LAYOUT_FOR})")
        return False
    from weasyprint import layout

    for owner, name, patched in ((page, "set_page_type_computed_styles", set_page_type_computed_styles),
                                 (targets.TargetCollector, "cache_target_page_counters", cache_target_page_counters),
                                 # remake_page calls the module's make_page, layout_document the
                                 # module's layout_fixed_boxes: both looked up when called
                                 (page, "make_page", make_page),
                                 (layout, "layout_fixed_boxes", layout_fixed_boxes)):
        _replaced.append((owner, name, getattr(owner, name)))
        setattr(owner, name, patched)
    return True


def _original(name: str) -> Callable[..., Any]:
    """WeasyPrint's own function that `install` replaced under this name."""
    return next(original for _, replaced, original in _replaced if replaced == name)


def uninstall() -> None:
    """WeasyPrint's own functions back (the tests: the same PDF with and without the patches)."""
    while _replaced:
        owner, name, original = _replaced.pop()
        setattr(owner, name, original)


def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
    """WeasyPrint's, with the page's margin boxes found in an index rather than by walking the
    style of every page made so far.

    WeasyPrint adds the page's cascaded styles (`add_page_declarations`: one entry a page type
    and margin box, made once for equal page types), computes the page's style, then walks all
    cascaded styles for the entries of this page type. The entries it adds are the last ones of
    that (insertion-ordered) dictionary, so they are noted per page type as they are added;
    the margin boxes' styles are then computed in the order WeasyPrint walks them."""
    cascaded = style_for.get_cascaded_styles()
    before = len(cascaded)
    style_for.add_page_declarations(page_type)
    added = list(itertools.islice(reversed(cascaded), len(cascaded) - before))[::-1]
    index = style_for.__dict__.setdefault("_panelpress_page_pseudo_types", {})
    pseudo_types = index.setdefault(page_type, [])  # an equal page type shares its entries
    pseudo_types += [pseudo_type for element, pseudo_type in added if pseudo_type and element == page_type]

    # as WeasyPrint: @page inherits from the root element, its margin boxes from the page
    style_for.set_computed_styles(page_type, root=html.etree_element, parent=html.etree_element,
                                  base_url=html.base_url)
    for pseudo_type in pseudo_types:
        style_for.set_computed_styles(page_type, pseudo_type=pseudo_type, root=html.etree_element,
                                      parent=page_type, base_url=html.base_url)


def cache_target_page_counters(self: Any, anchor_name: str, page_counter_values: dict, page_maker_index: int,
                               page_maker: list) -> None:
    """WeasyPrint's `TargetCollector.cache_target_page_counters`, with the `target-counter()`s
    that point to the anchor found in an index rather than by walking all of them.

    The index is made when pagination asks first: the collector gathers no new items while
    paginating (`collecting` is False), and is made again if the count ever changed."""
    if self.collecting:
        return
    item = self.target_lookup_items.get(anchor_name)
    if not (item and item.state == "up-to-date"):
        return
    item.page_maker_index = page_maker_index
    if item.cached_page_counter_values == page_counter_values:
        return
    item.cached_page_counter_values = copy.deepcopy(page_counter_values)
    # Spread the news: boxes whose `content` counts this anchor's pages (as WeasyPrint does)
    for lookup, missing_counters in _pointing_to(self, anchor_name):
        if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
            lookup.pending = True  # pending marker for remake_page
            continue
        for counter_name in missing_counters:
            if page_counter_values.get(counter_name) is not None:
                page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                lookup.parse_again(lookup.cached_page_counter_values)
                break


def _pointing_to(collector: Any, anchor_name: str) -> list[tuple[Any, list]]:
    """The `content` lookup items whose missing target counters name this anchor, each with
    those counters, in the collector's order."""
    items = collector.counter_lookup_items
    kept = collector.__dict__.get("_panelpress_by_anchor")
    if kept is None or kept[0] != len(items):
        by_anchor: dict[str, list[tuple[Any, list]]] = {}
        for (_, css_token), lookup in items.items():
            if css_token == "content":
                for name, missing_counters in lookup.missing_target_counters.items():
                    by_anchor.setdefault(name, []).append((lookup, missing_counters))
        kept = collector.__dict__["_panelpress_by_anchor"] = (len(items), by_anchor)
    return kept[1].get(anchor_name, [])


# the mark a layout's context gets once a page it made has a `position: fixed` box
_HAS_FIXED = "_panelpress_has_fixed_boxes"


def make_page(context: Any, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's `layout.page.make_page`, unchanged, noting on the layout's context whether
    the page it made has fixed boxes (for `layout_fixed_boxes`)."""
    made = _original("make_page")(context, *args, **kwargs)
    if made[0].fixed_boxes:  # (page, resume_at, next_page)
        context.__dict__[_HAS_FIXED] = True
    return made


def layout_fixed_boxes(context: Any, pages: list, containing_page: Any) -> Any:
    """WeasyPrint's `layout.layout_fixed_boxes` (lays out, on this page, the fixed boxes of
    `pages`), skipped while no page of the layout has any: it would walk every other page to
    yield nothing."""
    if not context.__dict__.get(_HAS_FIXED):
        return ()
    return _original("layout_fixed_boxes")(context, pages, containing_page)
