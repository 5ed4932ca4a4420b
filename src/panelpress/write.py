"""Atomic output: a build goes into a fresh folder beside the target and replaces the
target only once it is complete, so a failed build leaves the last good site untouched."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder next to `target`; on success swap it in, on failure remove it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    os.chmod(stage, 0o755)  # mkdtemp makes it private; a site folder is served to others
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rename(target, old / target.name)
    os.rename(stage, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def final_path(folder: Path) -> Path:
    """The folder a staged one becomes when swapped in (`folder` itself when it is not staged),
    so messages name site/, not .site.building-x1y2/."""
    staged = re.fullmatch(r"\.(.+)\.building-[^/]*", folder.name)
    return folder.with_name(staged.group(1)) if staged else folder


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a temporary file beside it, renamed into place
    (a reader, or a build stopped half-way, never sees half a file)."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
