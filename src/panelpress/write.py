"""Atomic output: a build goes into a fresh folder beside the target and replaces the
target only once it is complete, so a failed build leaves the last good site untouched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


STALE_SECONDS = 600  # a replaced folder still there this long after it was replaced is removed again


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield an empty folder next to `target`; on success swap it in (the folder it replaces is
    removed in the background: `remove_later`), on failure remove it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for left in target.parent.glob(f".{target.name}.old-*"):  # its removal cut short (the machine stopped)
        try:
            stale = time.time() - left.stat().st_mtime > STALE_SECONDS
        except OSError:  # removed meanwhile
            continue
        if stale:
            remove_later(left)
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
        remove_later(old)


# The replaced folders being removed (see `remove_later`), kept until done: a process object
# dropped while its program runs is a warning, and one that ended is reaped here
_removing: list[subprocess.Popen] = []


def remove_later(folder: Path) -> None:
    """Remove a folder nobody reads any more without waiting for it: a detached `rm -rf`, which
    goes on after this program has ended. Removing the flagship's last site and kit took
    0.12-0.5 s at the very end of every build (more, the longer the files had been on the
    disk), when the new ones were already in place. Where there is no `rm` (Windows), removed
    here. The folder is hidden (`.site.old-…`), beside the one that replaced it."""
    _removing[:] = [process for process in _removing if process.poll() is None]
    try:
        _removing.append(subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True))  # a Ctrl-C meant for the build: not for it
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


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
