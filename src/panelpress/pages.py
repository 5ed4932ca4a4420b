"""Workshop → the website's generated pages (Markdown with HTML blocks), and their navigation.

Independent of MkDocs: the plugin in `site.py` only hands these pages to MkDocs, so the
engine can move to another static-site generator without touching what pages say.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import jinja2

from . import evaluation, event
from .labels import Labels
from .model import Workshop
from .render import render


@dataclass(frozen=True)
class Link:
    """A download shown on the home page and the facilitator guide (a PDF, the slides)."""

    title: str
    href: str  # docs-relative path, e.g. 'handouts/x.pdf'
    note: str = ""
    audience: str = "all"  # 'all' or 'facilitator'
    key: str = ""  # what it is, for a page that shows one link (e.g. 'takeaways', the card)


@dataclass(frozen=True)
class SitePage:
    path: str  # docs-relative, e.g. 'lessons/referrals.md'
    title: str  # plain text, for the navigation
    content: str
    section: str | None = None  # navigation section title, None at the top level


def site_pages(workshop: Workshop, env: jinja2.Environment, links: tuple[Link, ...] = (),
               root: Any = None, site_url: str | None = None) -> list[SitePage]:
    def page(template: str, path: str, title: str, section: str | None = None, **context: Any) -> SitePage:
        content = render(env, template, root, workshop=workshop, page=path, **context)
        return SitePage(path, title, _front_matter(title) + content, section)

    t = workshop.labels
    everyone = tuple(link for link in links if link.audience == "all")
    lessons, stories, exercises = t.page_lessons, t.page_stories, t.page_exercises
    pages = [page("site/home.md", "index.md", t.page_home, links=everyone,
                  calendar=event.file_name(workshop) if workshop.when else None,
                  event_ld=event.json_ld(workshop, site_url))]
    pages.append(page("site/lessons.md", "lessons/index.md", lessons, lessons))
    pages += [page("site/lesson.md", lesson.page, f"{lesson.number}. {lesson.title}", lessons, lesson=lesson)
              for lesson in workshop.lessons]
    pages.append(page("site/stories.md", "stories/index.md", stories, stories))
    pages += [page("site/story.md", story.page, story.title, stories, story=story)
              for story in workshop.anecdotes]
    pages.append(page("site/exercises.md", "exercises/index.md", exercises, exercises))
    pages += [page("site/exercise.md", ex.page, ex.title, exercises, exercise=ex) for ex in workshop.exercises]
    card = next((link for link in everyone if link.key == "takeaways"), None)
    pages.append(page("site/takeaways.md", "takeaways.md", t.page_takeaways, card=card,
                      evaluation_page=evaluation.PAGE if workshop.evaluation else None))
    if workshop.evaluation:
        form = next((link for link in links if link.key == "evaluation"), None)
        pages.append(page("site/evaluation.md", evaluation.PAGE, t.page_evaluation, form=form,
                          sections=evaluation.sections(workshop)))
    printed = tuple(link for link in links if link.href.startswith("handouts/"))
    if printed:
        # not handouts.md: site/handouts/ holds the PDFs and is replaced whole when they are rebuilt
        pages.append(page("site/handouts.md", "print.md", t.page_handouts, links=printed))
    pages.append(page("site/facilitator.md", FACILITATOR_PAGE, t.page_facilitator, links=links))
    return pages


FACILITATOR_PAGE = "facilitator.md"


def _front_matter(title: str) -> str:
    """The page's <title>: Material prints `meta.title` as it is, but passes other titles through
    `striptags`, which turns an escaped `&lt;/title&gt;` from data back into markup."""
    return f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n---\n\n"


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
