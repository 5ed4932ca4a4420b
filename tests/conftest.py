"""Shared fixtures: real builds into temporary folders, read as a user would read them."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from filelock import FileLock

from panelpress.chromium import CHROMIUM_FLAGS, chromium_path as find_chromium

REPO = Path(__file__).resolve().parent.parent
PANELPRESS = [sys.executable, "-m", "panelpress"]
# the screens the browser tests look at: a common phone, the narrowest phone we support, a laptop
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 700}
DESKTOP = {"width": 1280, "height": 800}
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Tiers: `pytest -m "not build and not browser"` is the fast tier (model, fit, deck timing, messages);
# `-m "not browser"` adds the real builds; `make test` runs everything. Tests are marked by the
# fixtures they use, so a new test lands in the right tier without anyone remembering to mark it.
BUILD_FIXTURES = {"flagship_site", "scaffold_site", "second_site", "workshop_copy", "second_copy",
                  "served_site", "served_scaffold", "served_second", "third_site", "served_third",
                  "printed_deck"}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line("markers", "build: builds a workshop or runs the panelpress command")


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & BUILD_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)


def leftovers(folder: Path, prefix: str, wait: float = 60.0) -> list[str]:
    """The names in `folder` starting with `prefix` (".site."), once the folders a build replaced
    are gone: they are removed in the background (write.remove_later), so this waits for those
    (`.site.old-…`) up to `wait` seconds; anything else is returned at once."""
    import time

    deadline = time.monotonic() + wait
    while True:
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix))
        if not any(".old-" in name for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def run_panelpress(*args: str, cwd: Path | None = None, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([*PANELPRESS, *args], cwd=cwd or REPO, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"panelpress {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


# --- builds made once per test run, shared by pytest-xdist's workers ----------------------------

# `make test` runs the suite in parallel workers (pytest-xdist), each a process with its own
# session fixtures: without sharing, each worker would typeset the same workshops again.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
# The run's own folder, which its workers share (set by the fixture below); None without workers.
RUN: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _run_folder(tmp_path_factory):
    global RUN
    if WORKER:  # each worker's base temp is a folder of the run's (xdist names it after the worker)
        RUN = tmp_path_factory.getbasetemp().parent / "shared"
        RUN.mkdir(exist_ok=True)


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make` filled once per test run: by the first worker that asks for it, while the
    others wait on a file lock and then read it (a failed `make` leaves nothing, so the next one
    to ask tries again and reports the failure too). Without workers, a session folder."""
    if RUN is None:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    folder, done = RUN / name, RUN / f"{name}.done"
    with FileLock(RUN / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


# --- the PDF cache: a build of a copy starts with the PDFs already typeset for its original ----

# Where each workshop's session build (below) keeps its PDF cache: the flagship's is the repository's
# own (`make site` fills it); the others' are filled when their session build has run, in this
# worker or, once done, in another (`_shared_root`).
CACHES: dict[str, Path] = {}

# the workshop's folder in each session build's folder, by the name warm_cache is given
SHARED_ROOTS = {"scaffold": "workshop", "negotiation": "negotiation", "interviews": "interviews"}


def _shared_root(like: str) -> Path | None:
    """The workshop another worker's session build of `like` left, once complete (never half)."""
    if RUN is None or like not in SHARED_ROOTS or not (RUN / f"{like}.done").exists():
        return None
    return RUN / like / SHARED_ROOTS[like]


def _link(source: str, dest: str) -> None:
    try:
        os.link(source, dest)  # the engine replaces a cache file by renaming a new one over it, never in place
    except FileNotFoundError:
        pass  # pruned or renamed meanwhile by a build in another worker: that entry is typeset afresh
    except OSError:
        try:
            shutil.copy2(source, dest)
        except FileNotFoundError:
            pass


def warm_cache(root: Path, like: str) -> None:
    """Give the workshop in `root` the PDF cache (PDFs and covers) of the session's build of the
    workshop `like` ("flagship", "scaffold", or a fixture's folder name such as "negotiation"),
    linked file by file: a PDF whose HTML and files are unchanged is reused, as from a second
    `make site` (the key is the input's hash, handouts/pdfcache.py), and an edit is typeset
    afresh. Each copy writes only to its own folder. Not for a test of the cache itself, nor of
    what is typeset when. Before that build has run (a test run of one file), nothing to link."""
    source = CACHES.get(like) or _shared_root(like) or (REPO if like == "flagship" else None)
    for part in ("pdf", "thumb"):
        folder = source / ".panelpress-cache" / part if source else None
        if folder and folder.is_dir():
            shutil.copytree(folder, root / ".panelpress-cache" / part, copy_function=_link, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".tmp-*"))  # a file being written (write.replace_file)


def copy_workshop(source: Path, dest: Path, like: str | None = None) -> Path:
    """A copy of a workshop's sources (of the repository: data/, docs/, templates/ and mkdocs.yml;
    never its site/, kit/ or cache), its PDF cache warmed from the session build of `like`."""
    if source == REPO:
        dest.mkdir(parents=True)
        for name in ("data", "docs", "templates", "mkdocs.yml"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, dest / name)
            elif (REPO / name).is_file():
                shutil.copy(REPO / name, dest / name)
    else:
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", "kit", ".site.*", ".kit.*", ".panelpress-cache"))
    if like:
        warm_cache(dest, like)
    return dest


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory) -> Path:
    """The flagship workshop, built once per test run with `panelpress build`."""
    def build(folder: Path) -> None:
        run_panelpress("build", "--site-dir", str(folder / "site"), "--kit-dir", str(folder / "kit"), check=True)
    return once_per_run(tmp_path_factory, "flagship", build) / "site"


@pytest.fixture(scope="session")
def flagship_kit(flagship_site) -> Path:
    """The flagship's private facilitator kit (guide, presenter deck, handouts), built with its site."""
    return flagship_site.parent / "kit"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The flagship built with `publish_facilitator: true`: the facilitator guide's page and PDF
    on the site, as an organiser who wants them public chooses (slides off: not needed here)."""
    def build(folder: Path) -> None:
        root = copy_workshop(REPO, folder / "workshop", like="flagship")
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        assert "      paper: letter\n" in config
        config = config.replace("      paper: letter\n", "      paper: letter\n      publish_facilitator: true\n"
                                "      slides: false\n", 1)
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        run_panelpress("build", "--root", str(root), check=True)
    return once_per_run(tmp_path_factory, "published", build) / "workshop" / "site"


@pytest.fixture
def workshop_copy(tmp_path) -> Path:
    """A private copy of the flagship workshop's sources, for tests that edit data (its PDF cache
    warmed: what an edit leaves alone is not typeset again)."""
    return copy_workshop(REPO, tmp_path / "workshop", like="flagship")


# --- the browser: Playwright driving Debian's chromium (never `playwright install`) -----------

def chromium_path() -> str:
    found = find_chromium()
    if not found:  # a missing browser is a failure, never a skip: `make test` installs it
        raise AssertionError("Debian's chromium is not installed: run `make test` (it runs apt-get install chromium)")
    return found


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors and requests off the machine are recorded."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.offsite_requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

        def route(route):
            url = route.request.url
            if url.startswith(("http://127.0.0.1", "http://localhost", "file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                self.offsite_requests.append(url)
                route.abort()

        page.route("**/*", route)


@pytest.fixture
def watched_page(browser):
    """(page, watch): a fresh browser context; `watch` lists console errors and off-machine requests."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch = Watched(page)
    yield page, watch
    context.close()


@contextlib.contextmanager
def viewing(browser, viewport: dict):
    """A page in a fresh browser context of this size (empty storage), closed afterwards."""
    context = browser.new_context(viewport=viewport)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def serve(directory: Path):
    """A built site over HTTP on 127.0.0.1 (as hosted; file:// breaks Material's search)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(flagship_site):
    """The flagship site over HTTP on 127.0.0.1."""
    with serve(flagship_site) as url:
        yield url


@pytest.fixture(scope="session")
def scaffold_site(tmp_path_factory) -> Path:
    """The workshop `panelpress new` makes, built once per test run."""
    def build(folder: Path) -> None:
        root = folder / "workshop"
        run_panelpress("new", str(root), "--title", "Scaffold panel", check=True)
        run_panelpress("build", "--root", str(root), "--site-dir", str(folder / "site"),
                       "--kit-dir", str(folder / "kit"), check=True)
    folder = once_per_run(tmp_path_factory, "scaffold", build)
    CACHES["scaffold"] = folder / "workshop"
    return folder / "site"


@pytest.fixture(scope="session")
def scaffold_kit(scaffold_site) -> Path:
    return scaffold_site.parent / "kit"


@pytest.fixture(scope="session")
def served_scaffold(scaffold_site):
    with serve(scaffold_site) as url:
        yield url


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as URL paths relative to its root ('' is the home page)."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        pages.append("" if folder == "." else folder + "/")
    return pages


# --- a second workshop, written as another author would: another topic, length, start and language ---

SECOND = REPO / "tests" / "fixtures" / "negotiation"


@pytest.fixture
def second_copy(tmp_path) -> Path:
    """A private copy of the second workshop's sources, for tests that edit or build it."""
    return copy_workshop(SECOND, tmp_path / "negotiation", like="negotiation")


def built_fixture(tmp_path_factory, source: Path) -> Path:
    """A fixture workshop copied out of the repository (without a site/, kit/ or cache an author's
    build left there) and built with `panelpress build`: its site/, the kit beside it. Its PDF
    cache is the one copies of it start with (`warm_cache(root, source.name)`)."""
    def build(folder: Path) -> None:
        copy_workshop(source, folder / source.name)
        run_panelpress("build", "--root", str(folder / source.name), check=True)
    root = once_per_run(tmp_path_factory, source.name, build) / source.name
    CACHES[source.name] = root
    return root / "site"


@pytest.fixture(scope="session")
def second_site(tmp_path_factory) -> Path:
    """The second workshop (tests/fixtures/negotiation), built once per test run."""
    return built_fixture(tmp_path_factory, SECOND)


@pytest.fixture(scope="session")
def second_kit(second_site) -> Path:
    """The second workshop's facilitator kit (kit/ beside its mkdocs.yml, the default)."""
    return second_site.parent / "kit"


@pytest.fixture(scope="session")
def served_second(second_site):
    with serve(second_site) as url:
        yield url


@dataclasses.dataclass(frozen=True)
class PrintedDeck:
    root: Path  # the workshop's sources
    slides: Path  # what `panelpress slides --pdf` wrote: index.html, the printed deck and the notes
    said: str  # what the command printed

    @property
    def pdfs(self) -> list[Path]:
        return sorted(self.slides.glob("*.pdf"))


@pytest.fixture(scope="session")
def printed_deck(request, tmp_path_factory):
    """`printed_deck(name)`: the deck of the session's build of "flagship", "second" or "scaffold",
    printed (`panelpress slides --pdf`) once per test run into a kit folder of its own."""
    printed: dict[str, PrintedDeck] = {}

    def deck(name: str) -> PrintedDeck:
        if name not in printed:
            root = {"flagship": lambda: REPO, "second": lambda: request.getfixturevalue("second_site").parent,
                    "scaffold": lambda: request.getfixturevalue("scaffold_site").parent / "workshop"}[name]()
            def make(kit: Path) -> None:  # what the command said is kept for the workers that read it
                said = run_panelpress("slides", "--root", str(root), "--kit-dir", str(kit), "--pdf", check=True).stdout
                (kit / "said.txt").write_text(said, encoding="utf-8")
            kit = once_per_run(tmp_path_factory, f"deck-{name}", make)
            printed[name] = PrintedDeck(root, kit / "slides", (kit / "said.txt").read_text(encoding="utf-8"))
        return printed[name]

    return deck


# --- a third workshop, written from the README and DATA-FORMAT.md alone (author28) ---

THIRD = REPO / "tests" / "fixtures" / "interviews"


@pytest.fixture(scope="session")
def third_site(tmp_path_factory) -> Path:
    """The third workshop (tests/fixtures/interviews), built once per test run."""
    return built_fixture(tmp_path_factory, THIRD)


@pytest.fixture(scope="session")
def third_kit(third_site) -> Path:
    return third_site.parent / "kit"


@pytest.fixture(scope="session")
def served_third(third_site):
    with serve(third_site) as url:
        yield url


def unwrapped(html: str) -> str:
    """HTML as its words read: a short hyphenated word kept on one line (typography.unbroken) is
    a span of its own in what a browser shows, and holds a word joiner in what WeasyPrint prints;
    a test comparing markup with the data leaves both out."""
    return re.sub(r'<span style="white-space: nowrap">([^<]*)</span>', r"\1", html).replace("\u2060", "")


def straight(text: str) -> str:
    """Typographic quotes made straight again (every output sets them, see
    panelpress/typography.py), so a test compares with the data as typed. Dashes are left: the
    templates' own en dashes (18:00–19:30) are asserted as such."""
    for curly, plain in (("“", '"'), ("”", '"'), ("„", '"'), ("‘", "'"), ("’", "'"), ("‚", "'")):
        text = text.replace(curly, plain)
    return text
