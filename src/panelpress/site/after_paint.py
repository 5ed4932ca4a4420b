"""Material's bundle asked for once the page's first frame is on screen, by a small inline script
printed where Material prints its `<script src>` (assets/material/after-paint.js).

Why: deferred, the bundle (35 kB gzipped) arrives with the styles and starts within a few ms of
the first frame being drawn, before that frame is shown. Lighthouse's simulated slow 4G counts
every request that ended, and every script that started, before the largest paint it saw on
screen: the bundle's download and start (~0.5 s simulated) joined the largest paint of every
page whose largest element is text (handouts, story, published facilitator page: LCP 1.8-2.0 s
against 1.2 s for the first paint, performance 99). Asked for after the first paint, it is not
on that paint's path (LCP 1.36-1.53 s in a hand-edited copy, performance 100); a reader sees the
page as soon as its styles and fonts are there, and Material's parts (search, palette, header)
start a moment later, as they did on a slow phone, where the bundle came last anyway.

Material starts on `DOMContentLoaded` (its `document$`), which a deferred script runs before; a
bundle that arrives after it is sent the event once more (only then: the script listens for the
real one). Used only where no script is printed after the bundle (`Theme.after_paint`): a deferred
`extra_javascript` of an author's runs after the bundle and may use `document$` at once.
"""

from __future__ import annotations

import functools
from pathlib import Path

import rjsmin
from markupsafe import Markup, escape

SOURCE = Path(__file__).resolve().parent.parent / "assets" / "material" / "after-paint.js"


@functools.cache
def _code() -> str:
    code = rjsmin.jsmin(SOURCE.read_text(encoding="utf-8")).strip()
    if "</script" in code.lower() or "<!--" in code:  # would end the element early in HTML's parser
        raise RuntimeError(f"{SOURCE} cannot be printed inline")
    return code


def loader(bundle_url: str) -> Markup:
    """The inline script that loads Material's bundle from `bundle_url` after the first paint."""
    return Markup(f'<script data-bundle="{escape(bundle_url)}">{_code()}</script>')

