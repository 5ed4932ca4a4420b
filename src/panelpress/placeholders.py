"""Settings still to be made: a `site_url` that is a placeholder (the handouts' QR codes and the
kit's links use it), and no host career centre (`organiser` with a `url`) for participants to turn to.

Decision: this is a note, printed by `check` and `build` and logged by `mkdocs build`, never a
warning. Builds are strict (a warning stops them), and the flagship and every workshop that
`panelpress new` makes start on an example address on purpose, until the organiser knows where
the site will live; stopping those builds would make the first `make site` fail. The note still
says, on every build, that the QR codes point nowhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# RFC 2606/6761 names and this machine: nobody can be reached there from a printed QR code
_EXAMPLE = ("example.org", "example.com", "example.net", "example", "test", "invalid", "localhost")
_LOCAL_HOSTS = {"127.0.0.1", "::1", "0.0.0.0"}


def site_url_note(site_url: str | None, where: str = "mkdocs.yml") -> str | None:
    """The note for a placeholder `site_url`, or None when it looks real (or is unset)."""
    if not site_url:
        return None
    host = (urlsplit(site_url).hostname or "").lower().rstrip(".")
    if host in _LOCAL_HOSTS or any(host == name or host.endswith("." + name) for name in _EXAMPLE):
        return (f"{where}: note: site_url {site_url} is an example or local address: the handouts' QR codes "
                "and the links to the site will point nowhere (set `site_url:` to the address the site "
                "will have before printing)")
    return None


def organiser_note(workshop: object, where: str = "data/workshop.yml") -> str | None:
    """The note for a workshop whose `organiser` (the host career centre) has no web address:
    its takeaways page then points participants only to the general resources."""
    organiser = getattr(workshop, "organiser", None)
    if organiser is not None and getattr(organiser, "url", None):
        return None
    return (f"{where}: note: no `organiser` with a `url`: the takeaways page cannot point participants to "
            "your own career centre (add `organiser:` with `name:` and `url:`)")
