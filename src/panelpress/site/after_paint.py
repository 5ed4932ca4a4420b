"""Material's bundle asked for once the page's first frame is on screen, by a small inline script
printed where Material prints its `<script src>` (assets/material/after-paint.js), and the colour
palette applied before it by another, printed after Material's palette script (assets/material/palette.js).

Why: deferred, the bundle (35 kB gzipped) arrives with the styles and starts within a few ms of
the first frame being drawn, before that frame is shown. Lighthouse's simulation (Lantern) puts
in a page's largest paint every request that ended before the paint it saw on screen, less the
scripts it can tell were not needed for it: those first run after that paint. The bundle ran
before, so its download and start (~0.5 s simulated, mostly the download sharing slow 4G with
the fonts) joined the largest paint of every page whose largest element is text (home, story,
handouts, the published facilitator page: LCP 1.8-1.95 s against 1.2 s for the first paint,
performance 99). Asked for after the first paint it is not on that paint's path (LCP 1.36-1.44 s
measured back to back, performance 100: README); on a slow phone the fonts and styles get the connection first.

What a deferred bundle gave and this keeps (lh27's first try, withdrawn, did not):
- Material has started when the page's `load` fires: the loader holds `load` from the end of
  the page until the bundle has run (one empty data: script pending at a time, no request), so
  whoever acts once the page has loaded meets Material started, as before;
- Material starts on `DOMContentLoaded` (its `document$`), which a deferred script runs before;
  a bundle that arrives after it is sent the event once more (only then: the loader listens for
  the real one);
- the first frame is in the reader's palette: the palette script applies, on a first visit, the
  palette for the system's colour scheme (the bundle did that when it started, so a dark-scheme
  phone painted light, then dark), shows the toggle, and keeps a tap on it made before the bundle
  starts (stored where the bundle reads the reader's choice).

Used only where no script is printed after the bundle (`Theme.after_paint`): a deferred
`extra_javascript` of an author's runs after the bundle and may use `document$` at once.
"""

from __future__ import annotations

import functools
from pathlib import Path

import rjsmin
from markupsafe import Markup, escape

SCRIPTS = Path(__file__).resolve().parent.parent / "assets" / "material"


@functools.cache
def _code(name: str) -> str:
    source = SCRIPTS / name
    code = rjsmin.jsmin(source.read_text(encoding="utf-8")).strip()
    if "</script" in code.lower() or "<!--" in code:  # would end the element early in HTML's parser
        raise RuntimeError(f"{source} cannot be printed inline")
    return code


def loader(bundle_url: str) -> Markup:
    """The inline script that loads Material's bundle from `bundle_url` after the first paint."""
    return Markup(f'<script data-bundle="{escape(bundle_url)}">{_code("after-paint.js")}</script>')


def palette() -> Markup:
    """The inline script that applies the palette before the bundle starts."""
    return Markup(f"<script>{_code('palette.js')}</script>")
