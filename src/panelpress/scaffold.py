"""`panelpress new`: a small workshop that builds out of the box, for a second panel."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .schema import json_schemas

SCAFFOLD = Path(__file__).parent / "scaffold"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "workshop"


def create(directory: Path, title: str) -> list[Path]:
    """Copy the scaffold into `directory` (which must be new or empty); return the files written."""
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} already exists and is not empty; choose a new folder")
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    written = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        target = directory / source.relative_to(SCAFFOLD)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in (".yml", ".md"):
            text = source.read_text(encoding="utf-8").replace("__TITLE__", quoted).replace("__ID__", slugify(title))
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
    (directory / ".gitignore").write_text("site/\n.panelpress-cache/\n", encoding="utf-8")
    written.append(directory / ".gitignore")
    return written
