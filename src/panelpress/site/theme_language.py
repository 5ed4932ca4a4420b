"""Every page of the site says the workshop's language (`language:` in workshop.yml).

Material prints `<html lang>` from the translation file of `theme.language`, and has no file
for most regional tags: `theme.language: en-GB` stops the build, and `en` says lang="en". So
`theme.language` becomes the closest translation Material has (en-GB → en, for the interface
strings and the search's stemming), and panelpress's `partials/language.html`, put in front of
Material's, answers the workshop's tag for the key `language`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.panelpress")
OVERRIDES = Path(__file__).parent.parent / "templates" / "material"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z]+)?")


def apply(theme: Any, tag: str) -> None:
    """Point MkDocs' `theme` (Material) at the workshop's language `tag`, e.g. 'en-GB'."""
    folders = [Path(d) / "partials" / "languages" for d in theme.dirs]
    if not any(folder.is_dir() for folder in folders):
        return  # not Material: its lang comes from elsewhere

    def translated(name: str) -> bool:
        return any((folder / f"{name}.html").is_file() for folder in folders)

    configured = theme["language"] if "language" in theme else "en"
    base = tag.split("-")[0]
    # the author's own choice wins when it is the same language (en for en-GB), or their own
    # translation file (Material's `language: custom`); another language gives way to the workshop's
    own = configured.split("-")[0] == base or not _LANGUAGE_CODE.fullmatch(configured)
    if not own:
        log.info(f"panelpress: the site is in the workshop's language '{tag}' (workshop.yml), "
                 f"not theme.language '{configured}' (mkdocs.yml)")
    candidates = ([configured] if own else []) + [tag, base, "en"]
    theme["language"] = next((name for name in candidates if translated(name)), "en")
    theme["workshop_language"] = tag
    if str(OVERRIDES) not in theme.dirs:
        # after the author's custom_dir (their own language.html wins), before Material's
        theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES))
