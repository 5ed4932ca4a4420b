"""The site's navigation: generated pages in workshop order, long sections split into groups."""

from __future__ import annotations

import html
from typing import Any

from ..labels import Labels
from .pages import FACILITATOR_PAGE, SitePage


NAV_GROUP = 40  # most entries one level of the navigation shows before it is split into groups


def _grouped(name: str, entries: list[Any], labels: Labels) -> list[Any]:
    """A long section as a tree of numbered groups ("Lessons 41–80"), none wider than NAV_GROUP.

    Material renders every entry of the active group and the titles of its siblings into each
    page: one flat section of n pages costs n² in all (4,000 pages: 12 minutes); groups whose
    width is bounded keep a page's navigation small however large the workshop grows."""
    if len(entries) <= NAV_GROUP:
        return entries
    index = [e for e in entries if isinstance(e, str)]
    level: list[tuple[int, int, Any]] = [(n, n, e) for n, e in enumerate(
        (e for e in entries if not isinstance(e, str)), start=1)]
    while len(level) > NAV_GROUP:
        chunks = [level[i:i + NAV_GROUP] for i in range(0, len(level), NAV_GROUP)]
        level = [(c[0][0], c[-1][1], {labels.text("nav_group", section=name, first=c[0][0], last=c[-1][1]):
                                      [e for _, _, e in c]}) for c in chunks]
    return index + [e for _, _, e in level]


def has_groups(nav: list[Any]) -> bool:
    """Whether `navigation` split a section into groups (see `_grouped`)."""
    sections = [value for item in nav if isinstance(item, dict) for value in item.values() if isinstance(value, list)]
    return any(isinstance(entry, dict) and isinstance(next(iter(entry.values())), list)
               for entries in sections for entry in entries)


def navigation(pages: list[SitePage], extra: list[str], labels: Labels | None = None) -> list[Any]:
    """MkDocs `nav`: generated pages in workshop order, then the author's own pages.
    Titles are HTML-escaped because MkDocs' theme templates print them unescaped."""
    nav: list[Any] = []
    sections: dict[str, list[Any]] = {}
    for item in pages:
        if not item.in_nav:
            continue
        entry = item.path if item.path.endswith("/index.md") else {html.escape(item.title): item.path}
        if item.section is None:
            nav.append(entry)
        else:
            if item.section not in sections:
                sections[item.section] = []
                nav.append({item.section: sections[item.section]})
            sections[item.section].append(entry)
    for name, entries in sections.items():
        entries[:] = _grouped(name, entries, labels or Labels())
    nav += sorted(extra)
    facilitator = next((n for n in nav if isinstance(n, dict) and FACILITATOR_PAGE in n.values()), None)
    if facilitator is not None:  # the guide is for presenters: keep it last
        nav.remove(facilitator)
        nav.append(facilitator)
    return nav


def alone_in_its_section(page: Any, features: list[str]) -> bool:
    """Whether the navigation column beside `page` would hold a single link: its own.

    With `navigation.tabs` the column lists the open tab's pages, and a page at the top level
    (Home, Handouts, an author's About page) is a tab of its own; a section with one page says
    the same. A column of one link is width taken from the text for nothing."""
    parent = getattr(page, "parent", None)
    if parent is None:
        return "navigation.tabs" in features
    return len(getattr(parent, "children", None) or ()) == 1


def hide_lone_navigation(page: Any, features: list[str]) -> None:
    """Material's front matter `hide: [navigation]` for a page `alone_in_its_section`, added to
    what the page's own front matter hides (an author's `hide:` is kept)."""
    if not alone_in_its_section(page, features):
        return
    hidden = page.meta.get("hide") or []
    if isinstance(hidden, str):
        hidden = [hidden]
    if "navigation" not in hidden:
        page.meta["hide"] = [*hidden, "navigation"]
