"""panelpress's own scripts (the exercises', the evaluation form's, "Clear my answers") printed
into the pages that use them, as inline module scripts, minified.

Why inline: they must run before Material's deferred bundle, so a tap made while the bundle
downloads is answered and kept (theme_patches.py). As files they were two more requests at the
head of the queue, before the bundle: Lighthouse's simulated slow 4G (six connections per host)
then started the bundle a round trip later, and the exercise and evaluation pages painted their
largest text 0.13-0.17 s later than a page without them (LCP 1.90-1.95 s against 1.76-1.78 s:
performance 99, not 100; in Lantern's graph the bundle finished 0.15 s later). A module script is deferred like the files were: it runs once the page
is parsed, in its place among the deferred scripts (before the bundle), and needs no request.

Minified (rjsmin) because every page that uses them now carries them: +3.9 kB gzipped on an
exercise page (the two files as written are 7.4 kB gzipped, their comments half of it), +1.4 kB on
the evaluation form; an exercise page stays under the 14.6 kB that TCP's first round trip carries.
The files stay in the site too: a build where Material's bundle is not deferred, or with instant
navigation, links them as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import rjsmin
from markupsafe import Markup

PACKAGE_ASSETS = Path(__file__).resolve().parent.parent / "assets"

# text that would end or change the script element early in HTML's parser: such a script is
# linked as a file instead (none of panelpress's has it; an edit that adds one stays correct)
_UNSAFE = re.compile(r"</script|<!--", re.IGNORECASE)


@dataclass
class InlineScripts:
    """The inline `<script type="module">` of each of panelpress's scripts, read and minified once
    a build (the first page that uses it), from `folder` (the package's assets)."""

    folder: Path = PACKAGE_ASSETS
    _tags: dict[str, Markup | None] = field(default_factory=dict, init=False, repr=False)

    def tag(self, name: str) -> Markup | None:
        """The element for the script file `name`, or None when it is to stay a linked file."""
        if name not in self._tags:
            self._tags[name] = self._inline(name)
        return self._tags[name]

    def _inline(self, name: str) -> Markup | None:
        try:
            source = (self.folder / name).read_text(encoding="utf-8")
        except OSError:
            return None
        text = rjsmin.jsmin(source).strip()
        if not text or _UNSAFE.search(text):
            return None
        # `data-script` names the file it stands for (a reader of the page's source, the tests)
        return Markup(f'<script type="module" data-script="{name}">{text}</script>')
