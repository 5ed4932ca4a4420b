"""`serve`'s answer to a failed rebuild: the errors in the browser, and the site back on the next save.

MkDocs' preview server (mkdocs.livereload.LiveReloadServer) keeps the last good site while a
rebuild fails and holds every page request until a build succeeds: an author looking at the
browser sees a page that never loads. Two public seams of that server are wrapped here, from
the plugin's `on_serve`, without touching the rest of it:

- `server.builder` (called on every save): a failed build is caught and remembered with its
  diagnostics. MkDocs then takes the rebuild for a good one and reloads the open pages (its
  livereload epoch moves on), which ask again and get the error page at once.
- the WSGI application (`set_app`): while the last build failed, every request but MkDocs'
  own livereload polls is answered with the error page. That page long-polls `STATE` and
  reloads itself when a build finishes, into the site when that build was good.

The terminal prints the diagnostics as before (MkDocs logs them; cli.py's handler prints).
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from mkdocs.exceptions import ConfigurationError

from ..diagnostics import Diagnostic
from ..labels import Labels
from .mkdocs_log import EchoHandler

log = logging.getLogger("mkdocs.plugins.panelpress")
STATE = "/.panelpress/build/"  # + the build number the page knows; answers with the newest one
TEMPLATE = "site/preview_error.html"
_WAIT = 30.0  # seconds a poll is held when nothing changed (the page then asks again)


@dataclass
class BuildState:
    """The last rebuild's outcome, shared by the build loop and the request threads."""

    number: int = 0
    failure: tuple[Diagnostic, ...] | None = None  # None: the last build was good
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, failure: tuple[Diagnostic, ...] | None) -> None:
        with self.changed:
            self.number += 1
            self.failure = failure
            self.changed.notify_all()

    def newer_than(self, number: int, timeout: float = _WAIT) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number != number, timeout=timeout)
            return self.number


def install(server: Any, docs_dir: Path, shown_docs: str, labels: Callable[[], Labels]) -> BuildState:
    """Wrap `server`'s builder and application; `labels` gives the words of the last good build."""
    state = BuildState()
    build, app = server.builder, server.get_app()

    def builder(*args: Any, **kwargs: Any) -> None:
        found: list[Diagnostic] = []
        collector = EchoHandler(lambda _line: None, docs_dir, shown_docs, collect=found)
        logging.getLogger("mkdocs").addHandler(collector)
        try:
            build(*args, **kwargs)
        except (Exception, SystemExit) as exc:  # MkDocs' Abort is a SystemExit
            failure = tuple(found)
            if not failure:  # nothing logged it: the terminal gets it too
                failure = (_unexplained(exc),)
                log.error(str(failure[0]))
            state.finished(failure)
            log.info(f"panelpress: the browser shows {'this error' if len(failure) == 1 else 'these errors'} "
                     f"at {server.url} until a save fixes {'it' if len(failure) == 1 else 'them'}")
            return  # MkDocs reloads the open pages: they get the error page
        finally:
            logging.getLogger("mkdocs").removeHandler(collector)
        state.finished(None)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(STATE):
            known = path[len(STATE):].strip("/")
            number = state.newer_than(int(known) if known.isdigit() else -1)
            return _answer(start_response, "text/plain", str(number).encode())
        failure = state.failure
        if failure is None or path.startswith("/livereload/"):
            return app(environ, start_response)
        return _answer(start_response, "text/html; charset=utf-8", error_page(failure, labels(), state.number))

    server.builder = builder
    server.set_app(application)
    log.info(f"panelpress: the preview is at {server.url} (open it in a browser; it follows every save)")
    return state


def _unexplained(exc: BaseException) -> Diagnostic:
    """A failure nobody logged: mkdocs.yml that does not load, or a bug (then with its traceback)."""
    if isinstance(exc, (SystemExit, ConfigurationError)):
        message = " ".join(str(exc).split()) or type(exc).__name__
        at = re.findall(r"line (\d+), column (\d+)", message)  # YAML's own position, the last is where it gave up
        line, column = map(int, at[-1]) if at else (0, 0)
        return Diagnostic("mkdocs.yml", line, column, message,
                          "mkdocs.yml is YAML: check the quotes, brackets and indentation there" if at else "")
    traceback.print_exc()  # not an author's mistake: the traceback helps whoever fixes it
    return Diagnostic("panelpress", 0, 0, f"{type(exc).__name__}: {exc}",
                      "this is a bug in panelpress, not in your files: the terminal shows the details")


def error_page(failure: Iterable[Diagnostic], labels: Labels, number: int) -> bytes:
    """The page an author sees while the data or a template has errors, in the workshop's words."""
    from .. import labels as labels_module
    from ..render import make_environment

    env = make_environment(None)  # the package's template only: an override may be what is broken
    token = labels_module.use(labels)
    try:
        html = env.get_template(TEMPLATE).render(
            diagnostics=sorted(failure, key=lambda d: (d.severity != "error", d.path, d.line, d.column)),
            state_url=STATE, number=number)
    finally:
        labels_module.done(token)
    return html.encode("utf-8")


def _answer(start_response: Callable, content_type: str, body: bytes) -> list[bytes]:
    # 200, not 500: MkDocs' request log reports every other status as a problem in the terminal
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body))),
                              ("Cache-Control", "no-store")])
    return [body]
