"""Debian's chromium, driven by Playwright: how panelpress (PDF export) and its tests launch it.
Never `playwright install`: the browser is a system package (scripts/sysdeps.sh)."""

from __future__ import annotations

import shutil

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")
