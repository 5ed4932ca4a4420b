"""The leak check's secrets (leaks.py), kept in the workshop's cache folder between builds.

Finding them walks and normalises every value of every data file (0.3 s of CPU at 1,000 lessons),
every build, though a rebuild mostly has the same data. They are kept under a hash of every data
file's bytes and of the code that decides what a secret is (the check itself, the schema's
audiences, how a value reads once rendered): any edit to either finds them again. The files'
hashes are those load.py took of the bytes it parsed (`Document.digest`): the files are not read
a second time (4,000 reads at 1,000 lessons), and the key is that of the data as validated.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel

from . import leaks
from .load import Document
from .project import Project
from .write import replace_file

MEMORY = Path(".panelpress-cache") / "leak-secrets.json"
_CODE = ("leaks.py", "schema.py", "typography.py", "render.py", "markdown_ext.py")


def found(project: Project, documents: list[tuple[Document, BaseModel]]) -> list[leaks.Secret]:
    """`leaks.secrets` of the validated `documents`, read back when nothing they depend on changed."""
    what = hashlib.sha256()
    here = Path(leaks.__file__).parent
    try:
        for name in _CODE:
            what.update((here / name).read_bytes())
    except OSError:  # the package's own files unreadable: nothing to trust, find them again
        return leaks.secrets(project, documents)
    for doc, _ in documents:
        if not doc.digest:  # a document not read by load.py: no key to keep its secrets under
            return leaks.secrets(project, documents)
        what.update(f"{doc.shown}\0{doc.digest}\0".encode())
    fingerprint, memory = what.hexdigest(), project.root / MEMORY
    try:
        stored = json.loads(memory.read_text(encoding="utf-8"))
        if stored.get("fingerprint") == fingerprint:
            return [leaks.Secret(**item) for item in stored["secrets"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # no memory, or a damaged one: found again below
    result = leaks.secrets(project, documents)
    try:
        memory.parent.mkdir(parents=True, exist_ok=True)
        replace_file(memory, json.dumps({"fingerprint": fingerprint, "secrets": [  # never half (write.py)
            {"field": s.field, "where": s.where, "span": s.span, "shown": s.shown} for s in result]}).encode("utf-8"))
    except OSError:
        pass  # a read-only workshop: found again next time
    return result
