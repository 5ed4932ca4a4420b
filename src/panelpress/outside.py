"""Nothing from outside the workshop: a symbolic link in docs/ or data/ that leaves the workshop's
folder is refused.

MkDocs follows links, so `docs/secret.md -> ~/notes.md` would become a public page (and enter
the search index), `docs/x.txt -> /etc/…` would be copied as is, and a link under data/ would be
read as workshop data. A link inside the workshop (e.g. docs/img -> ../shared/img) is fine.
"""

from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import Diagnostic
from .project import Project


def links_leaving(project: Project) -> list[Diagnostic]:
    """An error for each link under data/ or docs/ that resolves outside the workshop's folder."""
    root = project.root.resolve()
    found: list[Diagnostic] = []
    for folder in (project.data_dir, project.docs_dir):
        if not folder.exists():
            continue
        candidates = [folder] if folder.is_symlink() else []
        for here, dirs, files in os.walk(folder):  # links to folders are listed, not entered
            candidates += [Path(here) / name for name in (*dirs, *files) if os.path.islink(os.path.join(here, name))]
        for link in candidates:
            target = link.resolve()
            if target == root or root in target.parents:
                continue
            shown = project.shown(link)
            found.append(Diagnostic(shown, 0, 0,
                                    f"a link to {os.readlink(link)}, outside the workshop's folder: "
                                    "it would be published (or read as data) from there",
                                    "copy the file into the workshop instead of linking to it"))
    return found
