"""Screenshots of a built presenter deck at 1280×720, one PNG a slide (and a step, with --steps),
plus reveal's overview, to look at the deck as the room sees it.

    .venv/bin/python scripts/deck_shots.py [DECK_HTML] [--out DIR] [--steps] [--only N ...]

DECK_HTML defaults to kit/slides/index.html; N is a slide number (1-based) to shoot alone.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", default=Path("kit/slides/index.html"), type=Path)
    parser.add_argument("--out", default=Path("/tmp/panelpress-deck"), type=Path)
    parser.add_argument("--steps", action="store_true", help="one PNG a fragment step too")
    parser.add_argument("--only", nargs="*", type=int, default=[])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720}, device_scale_factor=1)
        page.goto(args.deck.resolve().as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none', fragmentInURL: false})")
        indices = page.evaluate("""() => Reveal.getSlides().map(s => {
            const i = Reveal.getIndices(s); return [i.h, i.v || 0, s.querySelectorAll('.fragment').length]; })""")
        for n, (h, v, fragments) in enumerate(indices, start=1):
            if args.only and n not in args.only:
                continue
            steps = range(-1, fragments) if args.steps and fragments else [fragments - 1]
            for step in steps:
                page.evaluate(f"Reveal.slide({h}, {v}, {step})")
                page.wait_for_timeout(150)
                name = f"slide-{n:02d}" + (f"-step{step + 1}" if args.steps and fragments else "") + ".png"
                page.screenshot(path=str(args.out / name))
                print(args.out / name)
        browser.close()
    if not args.only:
        print(contact_sheet(args.out, len(indices)))


def contact_sheet(folder: Path, count: int, columns: int = 6) -> Path:
    """Every slide (its last step) as a 320×180 thumbnail on one page: the deck at a glance."""
    from PIL import Image, ImageDraw

    rows = -(-count // columns)
    sheet = Image.new("RGB", (columns * 330 + 10, rows * 200 + 10), "#888")
    for n in range(1, count + 1):
        shots = sorted(folder.glob(f"slide-{n:02d}*.png"))
        thumb = Image.open(shots[-1]).convert("RGB").resize((320, 180))
        x, y = 10 + (n - 1) % columns * 330, 10 + (n - 1) // columns * 200
        sheet.paste(thumb, (x, y))
        ImageDraw.Draw(sheet).text((x + 2, y + 181), str(n), fill="#fff")
    out = folder / "sheet.png"
    sheet.save(out)
    return out


if __name__ == "__main__":
    main()
