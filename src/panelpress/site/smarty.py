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
    """smarty's tree processor, made at its first run on an author's page: MkDocs makes a new
    Markdown converter for every page, and setting smarty's patterns up on each of a 1,000-lesson
    site's 4,000 generated pages (which never run them) cost more than all of panelpress's own
    Markdown there."""

    def __init__(self, md: Markdown, extension: SmartyExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.inner: Treeprocessor | None = None

    def run(self, root: Any) -> Any:
        if not AUTHORS_PAGE.get():
            return None
        if self.inner is None:
            escaped = list(self.md.ESCAPED_CHARS)  # added at set-up already (below)
            SmartyExtension.extendMarkdown(self.extension, self.md)  # registers its processor as "smarty"
            self.inner = self.md.treeprocessors["smarty"]
            self.md.treeprocessors.register(self, "smarty", 6)
            self.md.ESCAPED_CHARS[:] = escaped
        return self.inner.run(root)


class AuthorsSmartyExtension(SmartyExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        if self.getConfig("smart_angled_quotes"):  # it changes the inline HTML pattern too: set up now
            super().extendMarkdown(md)
            md.treeprocessors.register(_Eager(md, md.treeprocessors["smarty"]), "smarty", 6)
            return
        # what smarty's set-up does that applies before its processor runs, on every page: `\"` and
        # `\'` are escapes (as with smarty itself); the rest waits for an author's page
        md.treeprocessors.register(_OnAuthorsPages(md, self), "smarty", 6)
        md.ESCAPED_CHARS.extend(['"', "'"])


class _Eager(Treeprocessor):
    def __init__(self, md: Markdown, inner: Treeprocessor) -> None:
        super().__init__(md)
        self.inner = inner

    def run(self, root: Any) -> Any:
        return self.inner.run(root) if AUTHORS_PAGE.get() else None


def makeExtension(**kwargs: Any) -> AuthorsSmartyExtension:  # noqa: N802 - Python-Markdown's name
    return AuthorsSmartyExtension(**kwargs)
