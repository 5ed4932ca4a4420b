"""The site's header shows the workshop's mark (the favicon's two speech bubbles in its palette),
not Material's stock book, unless the author's mkdocs.yml names a logo of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_panelpress

LOGO = re.compile(r'class="md-(?:header|nav)__button md-logo"[^>]*>\s*(<[^>]+>)')
ICON = re.compile(r'<link rel="icon" href="([^"]+)"')


def logos(page: Path) -> list[str]:
    return LOGO.findall(page.read_text(encoding="utf-8"))


@pytest.mark.build
@pytest.mark.parametrize("which, colours", [("flagship", ("#3f51b5", "#ff6e40")),  # indigo, deep orange
                                            ("second", ("#009688", "#ffd740"))])  # teal, amber
def test_every_page_shows_the_workshops_mark_in_its_palette(which, colours, request):
    site = request.getfixturevalue(f"{which}_site")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        found = logos(page)
        assert len(found) == 2, page  # the header's and the navigation drawer's (a phone's)
        for tag in found:
            src = re.search(r'src="([^"]+)"', tag)
            assert tag.startswith("<img") and src, f"{page}: {tag}"  # not Material's inline book icon
            # 404.html links from the site's root (/networking/…: its address is any missing one)
            file = (site / "assets" / src.group(1).split("/assets/", 1)[1]) if src.group(1).startswith("/") \
                else page.parent / src.group(1)
            mark = file.resolve().read_text(encoding="utf-8")
            assert mark.startswith("<svg") and all(colour in mark for colour in colours), page
        # the same file as the tab's icon: one download for both
        icon = ICON.search(page.read_text(encoding="utf-8"))
        assert icon and re.search(r'src="([^"]+)"', found[0]).group(1) == icon.group(1), page


@pytest.mark.build
def test_an_authors_own_logo_is_kept(second_copy):
    (second_copy / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    (second_copy / "docs" / "assets" / "college.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>', encoding="utf-8")
    config = second_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("theme:\n  name: material\n", "theme:\n  name: material\n  logo: assets/college.svg\n", 1)
    text = text.replace("      paper: a4\n", "      paper: a4\n      handouts: false\n      slides: false\n"
                        "      panelkit: false\n      followup: false\n", 1)  # the site alone is what this tests
    config.write_text(text, encoding="utf-8")
    run_panelpress("build", "--root", str(second_copy), check=True)
    site = second_copy / "site"
    for page in (site / "index.html", site / "lessons" / "index.html"):
        assert all("college.svg" in tag and "favicon" not in tag for tag in logos(page)), page
        assert ICON.search(page.read_text(encoding="utf-8")).group(1).endswith("assets/panelpress/favicon.svg")
    assert (site / "assets" / "panelpress" / "favicon.svg").is_file()  # the tab's icon is still the mark


def test_an_authors_icon_logo_is_kept_too():
    """`theme.icon.logo` (one of Material's icons) is the author's choice as much as `theme.logo`."""
    from panelpress.site.plugin import _use_mark_as_logo

    theme = {"logo": None, "icon": {"logo": "material/school"}}
    _use_mark_as_logo(theme)
    assert theme["logo"] is None
    theme = {"logo": None, "icon": None}
    _use_mark_as_logo(theme)
    assert theme["logo"] == "assets/panelpress/favicon.svg"


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_the_mark_shows_square_beside_the_title(served_site, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(served_site)
    if width < 1000:  # a phone: the header has the menu button; the mark heads the navigation drawer
        page.locator("label.md-header__button[for=__drawer]").click()
        logo = page.locator(".md-nav--primary > .md-nav__title .md-logo img")
    else:
        logo = page.locator(".md-header__button.md-logo img")
    logo.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
    box = logo.bounding_box()
    assert box and box["width"] >= 24 and abs(box["width"] - box["height"]) < 1
    context.close()
