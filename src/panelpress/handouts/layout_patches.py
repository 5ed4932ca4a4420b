"""Run-time patches of WeasyPrint's layout, for the one version they were read against.

WeasyPrint 70's layout does six things whose cost is the number of pages (or of contents
lines) laid out so far, once a page (or once a worksheet), so the workbook's layout cost a page
grew with its length (×1.18 a page from 211 to 2,057 pages; issue 18, item 4). Profiled alone,
in CPU seconds, at 150 and 600 lessons (314 and 1,237 pages), these functions grew as the
square of the document, and are replaced (or skipped, or given what they walk gathered) here:

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

- `layout.page.make_page` (once a page made) gathers the anchors and `content` lookups of every
  earlier page into two lists, walking each earlier page's entry of the layout's `page_maker`
  (a loop of Python over the whole document, so pages × pages; 2.0 s of CPU at 2,057 pages,
  0.01 s at 211). `make_page` is wrapped, not copied: while it makes page n, the layout's
  `page_maker` is seen through a view whose slice of the earlier entries (the one walk) is a
  single entry holding those lists, gathered already (`_Gathered`: each entry is gathered once
  a pass, when the first page after it is made; the entries of the page being made and later
  change when it is made, and are gathered again after). The page then reads the same anchors
  and lookups, in the same order.
- `layout.layout_document` (once the pages are made) walks every `target-counter()` lookup of
  the document for each box that has one, to fill in the lookups of `string-set` and
  `bookmark-label` (it skips `content` ones, done while paginating): contents lines × contents
  lines (0.24 s at 2,057 pages), nothing found in our handouts, whose only `target-counter()`s
  are in `content`. The collector's lookups are kept, once collected
  (`TargetCollector.check_pending_targets` ends the collecting), in a dict whose `items()` leave
  the `content` ones out (`_LookupsOtherThanContent`): that loop walks only the others. In
  WeasyPrint 70 it is the one caller of `items()` on that dict besides
  `cache_target_page_counters`, replaced here, which reads the dict whole (a test lists the
  callers).

- `layout.LayoutContext.get_string_set_for` (`string(name)` in a page's margin boxes: twice a
  page in our handouts' footer) walks back one page number at a time to the latest page that
  set the string: for a string set once at the top, as each handout's title and kind are, to
  the first page (pages × pages / 2, twice: 0.21 s at 2,057 pages). A page that set no value
  finds that page in the string's sorted page numbers (bisection) instead; one that set a value
  is answered by WeasyPrint as before.

Our templates need all the anchors these walks go through: every `id` of the workbook is the
target of a contents line (two a lesson and two), nothing else has one.

Each patch finds the same things through an index (or a mark) and does with them exactly what
WeasyPrint does, in the same order, so the pages are the same (tests/test_layout_patches.py
compares each page's text and drawing with and without them, what an anchor laid out updates,
and a fixed box repeated on every page). They apply
only to WeasyPrint 70.0: another version may have fixed the cause or changed the code the
patches assume, so it is left alone (a test says so). The upstream report's text is in the
team's notes (upstream-pydyf.md, section 4)."""

from __future__ import annotations

import bisect
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
                                 (targets.TargetCollector, "check_pending_targets", check_pending_targets),
                                 # remake_page calls the module's make_page, layout_document the
                                 # module's layout_fixed_boxes: both looked up when called
                                 (page, "make_page", make_page),
                                 (layout, "layout_fixed_boxes", layout_fixed_boxes),
                                 (layout.LayoutContext, "get_string_set_for", get_string_set_for)):
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
        for (_, css_token), lookup in dict.items(items):  # all of them (see _LookupsOtherThanContent)
            if css_token == "content":
                for name, missing_counters in lookup.missing_target_counters.items():
                    by_anchor.setdefault(name, []).append((lookup, missing_counters))
        kept = collector.__dict__["_panelpress_by_anchor"] = (len(items), by_anchor)
    return kept[1].get(anchor_name, [])


# the mark a layout's context gets once a page it made has a `position: fixed` box
_HAS_FIXED = "_panelpress_has_fixed_boxes"


def make_page(context: Any, root_box: Any, page_type: Any, resume_at: Any, page_number: int,
              page_state: Any) -> Any:
    """WeasyPrint's `layout.page.make_page`, unchanged, given the earlier pages' anchors and
    content lookups gathered already (see `_Gathered`), and noting on the layout's context
    whether the page it made has fixed boxes (for `layout_fixed_boxes`)."""
    entries = context.page_maker
    context.page_maker = _PageMakerView(entries, page_number - 1, _gathered(context, entries, page_number - 1))
    try:
        made = _original("make_page")(context, root_box, page_type, resume_at, page_number, page_state)
    finally:
        context.page_maker = entries
    if made[0].fixed_boxes:  # (page, resume_at, next_page)
        context.__dict__[_HAS_FIXED] = True
    return made


class _Gathered:
    """The anchors and `content` lookups of the first entries of a layout's `page_maker`, in
    their order, as `make_page` gathers them from the entries of the pages before its own.

    An entry (`remake_state`, its last item) changes only when a page is made: page n refills
    its own entry (n - 1; `make_all_pages` empties its lists just before) and may replace the
    next one (`remake_page`, after). So each `make_page` call first drops what was gathered from
    its own entry on, then gathers the entries between (those of pages made or kept since):
    one entry a page made in order, instead of all the earlier ones."""

    __slots__ = ("entries", "ends", "anchors", "lookups")

    def __init__(self) -> None:
        self.entries: list = []  # the entries gathered (the same objects: another page_maker is seen)
        self.ends: list[tuple[int, int]] = []  # how long both lists were after each of them
        self.anchors: list = []
        self.lookups: list = []

    def upto(self, page_maker: Any, stop: int) -> None:
        """Gathered from the first `stop` entries of `page_maker`."""
        keep = min(len(self.entries), stop)
        if keep and (keep > len(page_maker) or page_maker[keep - 1] is not self.entries[keep - 1]):
            keep = 0  # not the page_maker gathered from (never seen: a safeguard)
        del self.entries[keep:], self.ends[keep:]
        anchors, lookups = self.ends[-1] if self.ends else (0, 0)
        del self.anchors[anchors:], self.lookups[lookups:]
        for entry in page_maker[keep:stop]:
            remake_state = entry[-1]
            self.anchors += remake_state.get("anchors", [])
            self.lookups += remake_state.get("content_lookups", [])
            self.entries.append(entry)
            self.ends.append((len(self.anchors), len(self.lookups)))


def _gathered(context: Any, page_maker: list, stop: int) -> list:
    """What `make_page` walks `page_maker[:stop]` for, as one entry (a tuple of `page_maker`'s
    shape with a `remake_state` holding the lists) in a list."""
    gathered = context.__dict__.get("_panelpress_gathered")
    if gathered is None:  # the layout's first page
        gathered = context.__dict__["_panelpress_gathered"] = _Gathered()
    gathered.upto(page_maker, stop)
    # not copied: make_page only extends its own lists with them, before the next page changes them
    state = {"anchors": gathered.anchors, "content_lookups": gathered.lookups}
    return [(None, None, None, None, state)]


class _PageMakerView:
    """A layout's `page_maker` while `make_page` makes one page: the same entries (read, or
    changed in place, through it), but its slice of the earlier pages' entries is one entry
    that holds their anchors and lookups, gathered already."""

    __slots__ = ("_entries", "_earlier", "_gathered")

    def __init__(self, entries: list, earlier: int, gathered: list) -> None:
        self._entries, self._earlier, self._gathered = entries, slice(None, earlier), gathered

    def __getitem__(self, index: Any) -> Any:
        if index == self._earlier:  # page_maker[:page_number - 1], make_page's walk over the earlier pages
            return self._gathered
        return self._entries[index]

    def __len__(self) -> int:
        return len(self._entries)


def check_pending_targets(self: Any) -> None:
    """WeasyPrint's `TargetCollector.check_pending_targets` (the collecting ends: no lookup is
    added after it), then the lookups kept in a `_LookupsOtherThanContent`."""
    _original("check_pending_targets")(self)
    self.counter_lookup_items = _LookupsOtherThanContent(self.counter_lookup_items)


class _LookupsOtherThanContent(dict):
    """A collector's `counter_lookup_items` ((box, css token) → lookup), whose `items()` leave
    out the `content` lookups.

    `layout_document`, once the pages are made, walks `items()` once for each box with a
    missing link, for the `string-set` and `bookmark-label` lookups of that box: it passes over
    `content` ones (paginating did them), so walking only the others does the same. Every other
    use reads the dict by key (`make_page`) or whole (`dict.items`, `_pointing_to`)."""

    def items(self) -> Any:  # type: ignore[override]
        kept = self.__dict__.get("_others")
        if kept is None or kept[0] != len(self):  # made once (the collecting has ended)
            kept = self.__dict__["_others"] = (len(self), [(key, lookup) for key, lookup in dict.items(self)
                                                           if key[1] != "content"])
        return kept[1]


def layout_fixed_boxes(context: Any, pages: list, containing_page: Any) -> Any:
    """WeasyPrint's `layout.layout_fixed_boxes` (lays out, on this page, the fixed boxes of
    `pages`), skipped while no page of the layout has any: it would walk every other page to
    yield nothing."""
    if not context.__dict__.get(_HAS_FIXED):
        return ()
    return _original("layout_fixed_boxes")(context, pages, containing_page)


def get_string_set_for(self: Any, page: Any, name: str, keyword: str = "first") -> tuple:
    """WeasyPrint's `LayoutContext.get_string_set_for`: a page that set no value of the string
    gets the last value set on the latest earlier page that did, found by bisection rather than
    by WeasyPrint's walk back over every page number; any other case as WeasyPrint."""
    assigned = self.string_set[name]  # page number → values set on that page
    if self.current_page in assigned or keyword == "all-once":
        return _original("get_string_set_for")(self, page, name, keyword)
    pages = _sorted_pages(self, name, assigned)
    before = bisect.bisect_left(pages, self.current_page)  # how many set it before this page
    return (assigned[pages[before - 1]][-1],) if before and pages[before - 1] >= 1 else ()


def _sorted_pages(context: Any, name: str, assigned: dict) -> list[int]:
    """The page numbers that set the string `name`, in order: sorted again when one was added
    (WeasyPrint adds them, never removes one, once the pages are made)."""
    kept = context.__dict__.setdefault("_panelpress_string_pages", {})
    pages = kept.get(name)
    if pages is None or len(pages) != len(assigned):
        pages = kept[name] = sorted(assigned)
    return pages
