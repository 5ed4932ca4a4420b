"""Markdown's `smarty` (typographic quotes, dashes, ellipses) for the author's own docs/ pages.

Every page panelpress generates is typographic already: its text comes through the same rules
(typography.py) as the handouts and slides, applied where the page is made. Running smarty over
those pages again changed nothing and cost 2.5 s of a 1,000-lesson build (9 % of a bare MkDocs
build of the same pages). So smarty's tree processor runs on a page only when the plugin says it
is the author's (`on_page_markdown` sets `AUTHORS_PAGE`, just before MkDocs converts that page).
Configured by the plugin as `panelpress.site.smarty` with smarty's own options.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import Treeprocessor

AUTHORS_PAGE: ContextVar[bool] = ContextVar("panelpress_authors_page", default=True)


class _OnAuthorsPages(Treeprocessor):
    def __init__(self, md: Markdown, inner: Treeprocessor) -> None:
        super().__init__(md)
        self.inner = inner

    def run(self, root: Any) -> Any:
        return self.inner.run(root) if AUTHORS_PAGE.get() else None


class AuthorsSmartyExtension(SmartyExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(_OnAuthorsPages(md, md.treeprocessors["smarty"]), "smarty", 6)


def makeExtension(**kwargs: Any) -> AuthorsSmartyExtension:  # noqa: N802 - Python-Markdown's name
    return AuthorsSmartyExtension(**kwargs)
