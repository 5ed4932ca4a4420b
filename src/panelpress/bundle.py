"""The offline bundle: the site and the kit as two zip files that work unzipped and opened from
disk (file://), with no server and no network: `panelpress bundle` writes `site.zip` and `kit.zip`
beside site/ (never inside it: site/ is what gets uploaded).

The hosted site stays as it is; the bundle is a second MkDocs build into a temporary folder with
Material's `offline` plugin (the search index as a script, since a page opened from disk may not
fetch a file) and `use_directory_urls: false` (a link to `lessons/x.html` opens a file; a link to
`lessons/x/` would open a folder). The offline plugin loads the iframe-worker shim, which runs
the search worker inside an iframe, from a web address; the bundle ships the shim itself (npm,
pinned in package-lock.json) so nothing is fetched off the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import DataError, Diagnostic
from .site.plugin import ASSET_DIR
from .stamps import made_on

SHIM = "iframe-worker/shim/index.js"  # relative to node_modules/
SHIM_URL = f"{ASSET_DIR}/iframe-worker-shim.js"  # where the bundle puts it; the name keeps "iframe-worker"
REPO_ROOT = Path(__file__).resolve().parents[2]  # a source checkout: where package.json sits
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
ONLINE_ONLY_FEATURES = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}


@dataclass(frozen=True)
class Bundle:
    site: Path  # site.zip
    kit: Path  # kit.zip


def find_shim(root: Path) -> Path:
    """node_modules/iframe-worker of the workshop's folder or one above it, else of the checkout."""
    for folder in (root.resolve(), *root.resolve().parents, REPO_ROOT):
        if (folder / "node_modules" / SHIM).is_file():
            return folder / "node_modules" / SHIM
    raise DataError([Diagnostic(
        "node_modules/iframe-worker", 0, 0, "iframe-worker is not installed, so the offline site could not search",
        f"run `npm ci` in {REPO_ROOT}" if (REPO_ROOT / "package-lock.json").is_file()
        else f"run `npm install iframe-worker@1` in {root.resolve()}")], "tool")


def make_offline(config: Any, shim_url: str = SHIM_URL) -> None:
    """Turn a loaded MkDocs config into the offline build's: Material's offline plugin, file
    links, the shim from the bundle itself, no web fonts, no font preloads (a page opened from
    disk cannot make their CORS request), no instant loading (it fetches pages)."""
    from material.plugins.offline.plugin import OfflinePlugin

    from .options import PLUGIN

    offline = OfflinePlugin()
    errors, _ = offline.load_config({})
    assert not errors, errors
    config.plugins["material/offline"] = offline  # registers its events
    config["use_directory_urls"] = False
    config.extra["polyfills"] = [shim_url]  # the plugin adds its web address only when none is listed
    config.theme["font"] = False
    ours = config.plugins.get(PLUGIN)
    if ours is not None:
        ours.config["preload_fonts"] = False
    features = config.theme["features"] if "features" in config.theme else None
    if features:
        config.theme["features"] = [f for f in features if f not in ONLINE_ONLY_FEATURES]


def entry_time() -> tuple[int, int, int, int, int, int]:
    """The time every file in a zip says it was modified (stamps.made_on). Each file's own (when
    the build wrote it) made two bundles of the same workshop other bytes, a second apart."""
    moment = max(made_on(), ZIP_EPOCH)  # a zip cannot say a time before 1980
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def zip_folder(folder: Path, target: Path, top: str) -> None:
    """`folder` as `target` (a zip holding one folder, `top/`), written atomically; every file
    dated `entry_time()`, so the same folder gives the same bytes."""
    partial = target.with_name(f".{target.name}.part")
    when = entry_time()
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                entry = zipfile.ZipInfo.from_file(path, f"{top}/{path.relative_to(folder).as_posix()}")
                entry.date_time = when
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, path.read_bytes(), compresslevel=6)
    os.replace(partial, target)


def build(root: Path, out: Path | None = None, strict: bool = True) -> Bundle:
    """Build the offline site and kit into a temporary folder and zip them into `out`
    (default: the folder that holds site_dir)."""
    from mkdocs.commands.build import build as mkdocs_build

    from .options import PLUGIN, load as load_options

    shim = find_shim(root)
    options, config = load_options(root, strict=strict, use_directory_urls=False)
    out = (out or options.site_dir.parent).resolve()
    make_offline(config)
    with tempfile.TemporaryDirectory(prefix="panelpress-bundle-") as folder:
        site, kit = Path(folder) / "site", Path(folder) / "kit"
        config["site_dir"] = str(site)
        config.plugins[PLUGIN].config["kit_dir"] = str(kit)
        mkdocs_build(config)
        (site / SHIM_URL).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shim, site / SHIM_URL)
        out.mkdir(parents=True, exist_ok=True)
        bundle = Bundle(out / "site.zip", out / "kit.zip")
        zip_folder(site, bundle.site, "site")
        if kit.is_dir():
            zip_folder(kit, bundle.kit, "kit")
    return bundle
