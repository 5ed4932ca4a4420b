"""`panelpress new`: a small workshop that builds out of the box, for a second panel.

The folder is ready to become a repository a team publishes from: a .gitignore, VS Code
settings that map the schemas onto data/, a README for the author and a GitHub Actions
workflow that checks every pull request and publishes site/ to GitHub Pages.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from importlib import metadata
from pathlib import Path

from . import dataformat
from .schema import json_schemas

SCAFFOLD = Path(__file__).parent / "scaffold"
TEXT_SUFFIXES = (".yml", ".md")


ID_LENGTH = 60


def slugify(text: str) -> str:
    """The new workshop's id, from its title: the id names every handout's file, so "Résumé" gives
    "resume" (not "r-sum"), "don't" gives "dont" (not "don-t"), and a long title is cut between
    words (it ended "…-for-a-j")."""
    plain = unicodedata.normalize("NFKD", re.sub(r"['’]", "", text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(slug) > ID_LENGTH:
        head = slug[:ID_LENGTH + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:ID_LENGTH]
    return slug or "workshop"


def panelpress_requirement() -> str:
    """What the publishing workflow installs: this very panelpress when pip can fetch it again
    (installed from a public git address: PEP 610's direct_url.json names it and its commit),
    else the same version by name, for when panelpress is on PyPI."""
    try:
        dist = metadata.distribution("panelpress")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "panelpress"
    origin = json.loads(dist.read_text("direct_url.json") or "{}")
    vcs = origin.get("vcs_info", {})
    url = origin.get("url", "")
    if vcs.get("vcs") == "git" and url.startswith("https://") and "@" not in url.split("//", 1)[1]:
        return f"panelpress @ git+{url}@{vcs.get('commit_id', 'main')}"
    return f"panelpress=={dist.version}"


def create(directory: Path, title: str) -> list[Path]:
    """Copy the scaffold into `directory` (which must be new or empty); return the files written."""
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} already exists and is not empty; choose a new folder")
    replacements = {
        "__TITLE_TEXT__": title,  # README.md: the title as it reads
        "__TITLE__": json.dumps(title, ensure_ascii=False),  # a JSON string is a valid YAML scalar
        "__ID__": slugify(title),
        "__PANELPRESS_REQUIREMENT__": panelpress_requirement(),
    }
    written = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        target = directory / source.relative_to(SCAFFOLD)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in TEXT_SUFFIXES:
            text = source.read_text(encoding="utf-8")
            for placeholder, value in replacements.items():
                text = text.replace(placeholder, value)
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    schema_dir = directory / "schema"
    schema_dir.mkdir(exist_ok=True)
    for name, document in json_schemas().items():
        path = schema_dir / name
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    guide = directory / dataformat.NAME  # every field of every data file, for the author
    guide.write_text(dataformat.render(), encoding="utf-8")
    return [*written, guide]
