"""`panelpress serve` as an author lives in it: where the preview is, and what the browser shows
while the last save does not build (the errors, on the page) and after the next good save (the site)."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from conftest import PANELPRESS, PHONE, run_panelpress

ANNOUNCED = re.compile(r"the preview is at (\S+)")


@contextlib.contextmanager
def serving(root: Path) -> Iterator[tuple[str, list[str]]]:
    """`panelpress serve --root ROOT` on a free port: (the address it announces, its output so far)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*PANELPRESS, "serve", "--root", str(root), "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout), daemon=True)
    reader.start()
    try:
        for _ in range(600):
            found = next((m[1] for line in output if (m := ANNOUNCED.search(line))), None)
            if found and any("Serving on" in line for line in output):
                break
            if server.poll() is not None:
                pytest.fail("panelpress serve stopped:\n" + "".join(output))
            time.sleep(0.05)
        else:
            pytest.fail("panelpress serve did not say where the preview is:\n" + "".join(output))
        yield found, output
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=5)


def test_serve_says_the_address_under_site_url_and_the_root_leads_there(workshop_copy):
    # the flagship's site_url is https://panelpress.example.org/networking/
    with serving(workshop_copy) as (url, output):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/networking/", url), url
        with urllib.request.urlopen(url.removesuffix("networking/"), timeout=10) as response:
            assert response.geturl() == url  # / redirects to the served path
            assert "Networking" in response.read().decode("utf-8")


def test_serve_does_not_call_the_authors_real_site_url_a_placeholder(tmp_path):
    """author28: the third workshop sets a real site_url; `serve` noted "site_url
    http://127.0.0.1:…/ is an example or local address", the address MkDocs serves on."""
    from conftest import THIRD

    root = tmp_path / "interviews"
    shutil.copytree(THIRD, root, ignore=shutil.ignore_patterns("site", "kit", ".panelpress-cache"))
    with serving(root) as (url, output):
        assert url.endswith("/workshops/info-interviews/"), url
        assert not [line for line in output if "example or local address" in line], output


def test_a_broken_save_shows_its_error_in_the_page_and_the_next_good_save_the_site(tmp_path, browser):
    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    lesson = root / "data" / "lessons" / "first-lesson.yml"
    good = lesson.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", good, re.M)[1]
    with serving(root) as (url, output):
        assert url.endswith("/")
        context = browser.new_context(viewport=PHONE)  # a phone
        page = context.new_page()
        script_errors: list[str] = []
        page.on("pageerror", lambda exc: script_errors.append(str(exc)))
        try:
            page.goto(url + "lessons/first-lesson/")
            assert title in page.locator("h1").first.inner_text()

            broken = good.replace(f"title: {title}", f'title: "{title}', 1)  # an unclosed quote
            line = broken.splitlines().index(f'title: "{title}') + 1
            started = time.perf_counter()
            lesson.write_text(broken, encoding="utf-8")
            page.get_by_text("a quote is opened here and never closed").wait_for(timeout=2000)
            shown = time.perf_counter() - started
            body = page.locator("body").inner_text()
            assert f"data/lessons/first-lesson.yml:{line}:8" in body  # as the terminal and editors write it
            assert "close the quote" in body  # the hint
            assert page.locator(".pp-count").inner_text() == "1 problem"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
            print(f"error on the page {shown:.2f} s after the save")

            # any other page asked for meanwhile answers at once with the same errors, never hangs
            other = context.new_page()
            other.goto(url, timeout=2000)
            assert "a quote is opened here" in other.locator("body").inner_text()
            other.close()

            lesson.write_text(good.replace(f"title: {title}", f"title: {title} again", 1), encoding="utf-8")
            page.locator("h1", has_text=f"{title} again").first.wait_for(timeout=5000)  # no reload by hand
            assert "a quote is opened" not in page.locator("body").inner_text()
            assert not script_errors, script_errors
        finally:
            context.close()
    log = "".join(output)
    # the terminal still prints the diagnostic, and no longer says the server is stuck
    assert f"data/lessons/first-lesson.yml:{line}:8: error: a quote is opened here" in log, log
    assert "appear stuck" not in log and "Traceback" not in log, log


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # a page that hangs fails here
        return response.read().decode("utf-8")


def _until(url: str, text: str, seconds: float = 5) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            page = _get(url)
        except urllib.error.HTTPError as exc:  # MkDocs empties the site as a rebuild starts: a request
            if exc.code != 404 or time.monotonic() > deadline:  # that slips in then is not found
                raise
            page = ""
        if text in page or time.monotonic() > deadline:
            return page
        time.sleep(0.1)


def test_a_broken_template_or_mkdocs_yml_is_shown_at_its_position_and_the_fix_brings_the_site_back(second_copy):
    """The second workshop (site_url …/offers/): a template override, then mkdocs.yml, broken while serving."""
    override = second_copy / "templates" / "site" / "lesson.md"
    config = second_copy / "mkdocs.yml"
    good_config = config.read_text(encoding="utf-8")
    override.parent.mkdir(parents=True)  # serve watches templates/ when it exists as it starts
    with serving(second_copy) as (url, output):
        assert url.endswith("/offers/"), url
        assert "Salary" in _get(url) or "salary" in _get(url)

        override.write_text("# {{ lesson.title }\n", encoding="utf-8")  # an unclosed {{
        page = _until(url + "lessons/asking-well/", "template syntax error")
        assert "templates/site/lesson.md:1:" in page and "template syntax error" in page, page[-2000:]
        assert "close every `{{` with `}}`" in page  # the hint
        assert "template syntax error" in _get(url)  # every page, the home page too

        override.unlink()
        page = _until(url, "Salary")
        assert "template syntax error" not in page

        config.write_text(good_config + "\ntheme: [unclosed\n", encoding="utf-8")
        page = _until(url, "mkdocs.yml:")
        line = len((good_config + "\ntheme: [unclosed\n").splitlines()) + 1  # YAML gives up at the end
        assert f"mkdocs.yml:{line}:1" in page and "check the quotes, brackets" in page, page[-2000:]

        config.write_text(good_config, encoding="utf-8")
        assert "mkdocs.yml:" not in _until(url, "Salary")
    log = "".join(output)
    assert "templates/site/lesson.md:1:" in log and f"mkdocs.yml:{line}:1: error:" in log, log
    assert "appear stuck" not in log and "Traceback" not in log, log
