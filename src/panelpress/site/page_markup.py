"""Material's bundle deferred on a finished page, when that is safe.

Material prints its 35 kB bundle at the end of the body as a plain `<script>`: the page waits for
it before its first paint (Lighthouse: render-blocking resources, 0.3-0.7 s on slow 4G). Deferred,
it runs in order with the scripts after it, so it may be deferred only when every script after it
is deferred too; an author's template or `extra_javascript` can add a plain or inline one that
expects the bundle to have run, which only the finished page shows. Everything else Material
prints that we mend is mended in its templates (theme_patches.py).
"""

from __future__ import annotations

import re

_THEME_SCRIPT = re.compile(r'<script src="[^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")


def defer_theme_script(html: str) -> str:
    """Material's bundle, printed at the end of the body as a plain `<script>`, deferred: parsed
    first, the page paints without waiting for 35 kB of script to download and run (Lighthouse:
    render-blocking resources, 0.3-0.7 s of first paint on slow 4G). Deferred scripts run in
    order, so this holds only when every script after it is deferred too (panelpress's are): a
    plain or inline one after it (an author's `extra_javascript` calling `document$`) expects the
    bundle to have run already, and the page is then returned unchanged."""
    # looked for from the end, where Material prints it (a page of a big site is mostly navigation)
    found = _THEME_SCRIPT.match(html, max(html.rfind("<script", 0, html.rfind("/javascripts/bundle.") + 1), 0))
    if found is None:
        return html
    for tag in _SCRIPT_TAG.finditer(html, found.end()):
        attributes = tag.group(1)
        if re.search(r'\btype="application/(?:ld\+)?json"', attributes):
            continue  # data, not code
        if "src=" not in attributes or not re.search(r"\b(?:defer|async)\b|\btype=\"module\"", attributes):
            return html
    return html[:found.start()] + found.group(0).replace("></script>", " defer></script>") + html[found.end():]
