"""Workshop → the website's generated pages (Markdown with HTML blocks).

Independent of MkDocs: the plugin in `plugin.py` only hands these pages to MkDocs, so the
engine can move to another static-site generator without touching what pages say.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import jinja2

from .. import evaluation, event
from ..handouts import guide
from ..model import Workshop
from ..outputs import Download
from ..render import render
from ..typography import smarten
from .describe import describe, of_story as describe_story


@dataclass(frozen=True)
class SitePage:
    path: str  # docs-relative, e.g. 'lessons/referrals.md'
    title: str  # plain text, for the navigation
    content: str
    section: str | None = None  # navigation section title, None at the top level
    in_nav: bool = True  # False: reached only by the links of another page


def site_pages(workshop: Workshop, env: jinja2.Environment, links: tuple[Download, ...] = (),
               root: Any = None, site_url: str | None = None, facilitator: bool = False) -> list[SitePage]:
    """The generated pages; the facilitator guide's only with `facilitator` (publish_facilitator:
    it is the moderator's script, kept in the private kit otherwise)."""
    def page(template: str, path: str, title: str, section: str | None = None, hide: tuple[str, ...] = (),
             description: str = "", in_nav: bool = True, searched: bool = True, **context: Any) -> SitePage:
        content = render(env, template, root, workshop=workshop, page=path, **context)
        # typographic as the page's own heading is ('someone’s'), in the navigation and <title> too
        title = smarten(title, workshop.labels.language)
        return SitePage(path, title, _front_matter(title, hide, description, searched) + content, section, in_nav)

    t = workshop.labels
    everyone = tuple(link for link in links if link.audience == "all")
    lessons, stories, exercises = t.page_lessons, t.page_stories, t.page_exercises
    pages = [page("site/home.md", "index.md", t.page_home, links=everyone,
                  calendar=event.file_name(workshop) if workshop.when else None,
                  event_ld=event.json_ld(workshop, site_url))]
    # who the panel are: public fields of panel members only (never the question bank)
    pages.append(page("site/panel.md", PANEL_PAGE, t.page_panel))
    pages.append(page("site/lessons.md", "lessons/index.md", lessons, lessons))
    # a lesson, a story and an exercise say what they are in search results (describe.py); the
    # overviews and the author's pages have the site's description
    pages += [page("site/lesson.md", lesson.page, f"{lesson.number}. {lesson.title}", lessons, lesson=lesson,
                   description=describe(workshop, lesson.summary))
              for lesson in workshop.lessons]
    pages.append(page("site/stories.md", "stories/index.md", stories, stories))
    pages += [page("site/story.md", story.page, story.title, stories, story=story,
                   description=describe_story(workshop, story))
              for story in workshop.anecdotes]
    pages.append(page("site/exercises.md", "exercises/index.md", exercises, exercises))
    # no table of contents beside an exercise: its table and fields need the width, and an
    # exercise's few headings are all on one screen anyway
    pages += [page("site/exercise.md", ex.page, ex.title, exercises, hide=("toc",), exercise=ex,
                   description=describe(workshop, ex.prompt))
              for ex in workshop.exercises]
    card = next((link for link in everyone if link.key == "takeaways"), None)
    pages.append(page("site/takeaways.md", "takeaways.md", t.page_takeaways, card=card))
    if workshop.evaluation:  # after the takeaways, in the navigation too
        form = next((link for link in links if link.key == "evaluation"), None)
        pages.append(page("site/evaluation.md", evaluation.PAGE, t.page_evaluation, form=form,
                          sections=evaluation.sections(workshop)))
    printed = tuple(link for link in links if link.href.startswith("handouts/"))
    if printed:
        # not handouts.md: site/handouts/ holds the PDFs and is replaced whole when they are rebuilt
        # cards, no headings to list: no table of contents (its navigation column: plugin.py)
        pages.append(page("site/handouts.md", "print.md", t.page_handouts, hide=("toc",), links=printed))
    if facilitator:
        plans = guide.plans(workshop)
        # the run-of-show's rows link each segment: a table of contents would only repeat them
        pages.append(page("site/facilitator.md", FACILITATOR_PAGE, t.page_facilitator, hide=("toc",), links=links,
                          plans=plans, material=FACILITATOR_MATERIAL))
        # what the guide's segments link, read before the day (the guide's page fits in a slow
        # connection's first round trip without it: facilitator.md); out of the navigation and the
        # search (an exercise's answers)
        pages.append(page("site/facilitator_material.md", FACILITATOR_MATERIAL, t.page_facilitator_material,
                          in_nav=False, searched=False, plans=plans, guide=FACILITATOR_PAGE))
    return pages


FACILITATOR_PAGE = "facilitator.md"
FACILITATOR_MATERIAL = "facilitator/material.md"
PANEL_PAGE = "panel.md"


def _front_matter(title: str, hide: tuple[str, ...] = (), description: str = "", searched: bool = True) -> str:
    """The page's <title>: Material prints `meta.title` as it is, but passes other titles through
    `striptags`, which turns an escaped `&lt;/title&gt;` from data back into markup. `hide`:
    Material's sidebars to leave out (`toc`, `navigation`). `description`: the page's own meta
    description, escaped already (describe.py); none, the site's. `searched`: False keeps the
    page out of the search index (Material's search plugin). (JSON strings are YAML.)"""
    hidden = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    described = f"description: {json.dumps(description, ensure_ascii=False)}\n" if description else ""
    unsearched = "" if searched else "search:\n  exclude: true\n"
    return f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n{hidden}{described}{unsearched}---\n\n"
