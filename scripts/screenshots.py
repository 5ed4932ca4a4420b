"""Screenshots of built pages in Debian's headless Chromium, to look at what people see.

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [--out DIR] [--phone] [PAGE ...]

PAGE is a path inside the site (default: the home page, a lesson, a story, an exercise and
the facilitator guide). Pages are served on 127.0.0.1 as they would be hosted.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEFAULT_PAGES = ["", "lessons/referral-puts-a-name-on-the-line/", "stories/we-both-went-to-usc/",
                 "exercises/relationship-audit/", "facilitator/"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--out", default=Path("/tmp/panelpress-shots"), type=Path)
    parser.add_argument("--phone", action="store_true", help="390×844 instead of 1280×800")
    parser.add_argument("--full", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_intermixed_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    size = {"width": 390, "height": 844} if args.phone else {"width": 1280, "height": 800}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport=size, device_scale_factor=1)
        for path in args.pages or DEFAULT_PAGES:
            page.goto(base + path)
            name = (path.strip("/").replace("/", "_") or "home") + ("-phone" if args.phone else "") + ".png"
            page.screenshot(path=str(args.out / name), full_page=args.full)
            print(args.out / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
