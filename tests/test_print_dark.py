"""A page printed from the dark scheme (Material's slate, the reader's choice or their system's)
prints as from the light one: paper is white. In slate Material's `<meta name="color-scheme">`
said dark, so Chromium drew every unticked checkbox and radio on paper as a filled dark box or
dot: each option looked ticked and none could be marked with a pen (review26)."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageChops

pytestmark = pytest.mark.browser


def _printed(browser, url: str, scheme: str) -> Image.Image:
    """The page's first printed sheet (Letter, 96 dpi), printed from this colour scheme."""
    context = browser.new_context(viewport={"width": 816, "height": 1056}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default")
        # Material's script sets the page's <meta name="color-scheme"> from the scheme once it runs
        page.wait_for_function(f"document.querySelector('meta[name=color-scheme]')?.content === '{scheme}'")
        pdf = page.pdf(format="Letter")
    finally:
        context.close()
    png = subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-"], input=pdf,
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


@pytest.mark.parametrize("path", ["evaluation/", "exercises/make-it-easy-to-refer-you/",
                                  "exercises/would-you-refer-them/"])
def test_a_page_printed_from_the_dark_scheme_is_the_light_schemes_sheet(served_site, browser, path):
    light, dark = _printed(browser, served_site + path, "light"), _printed(browser, served_site + path, "dark")
    differ = sum(ImageChops.difference(light, dark).point(lambda v: 255 if v > 48 else 0).histogram()[255:])
    # each unticked control filled dark was ~120 pixels at 96 dpi; 24 controls on the checklist's sheet
    assert differ < 40, f"{differ} pixels differ between the sheets printed from light and from dark"
