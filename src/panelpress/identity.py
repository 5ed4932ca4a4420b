"""The workshop's look, shared by every output: one type family and the colours of mkdocs.yml.

The family is Source Sans 3 from the npm package @fontsource/source-sans-3 (package.json;
`npm ci`): a humanist sans that reads well small on paper and on a phone, with Latin and
extended Latin. It is Source Sans Pro's successor, the face reveal's theme used and slides/fit.py
is calibrated on. Four faces of its woff2 files are used: Latin and extended Latin always, its
Greek, Cyrillic and Vietnamese files when the workshop's data has a character of theirs (a
name such as Nguyễn or Παπαδόπουλος in one family, not half in a machine's fallback font; a
Latin workshop's outputs stay as they were, and WeasyPrint decodes no file it will not use).
The site and the deck get copies (a browser fetches a file only for the characters and faces
on screen, by `unicode-range`), WeasyPrint reads them where npm put them (it decodes woff2 and
embeds a subset). Any other script falls through to glyphs.FONT_STACK, the installed fonts.

The colours are Material's palette names from mkdocs.yml (`theme.palette`, light scheme and
dark): the site, the PDFs and the slides take their heading, rule and bar colours from
`Identity`, rendered into their CSS, so a workshop that picks `teal` is teal everywhere.
"""

from __future__ import annotations

import shutil
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup

from . import glyphs
from .project import Project

FAMILY = "Source Sans 3"
PACKAGE = "@fontsource/source-sans-3"
REPO_ROOT = Path(__file__).resolve().parents[2]  # a source checkout: where package.json sits
FONT_FOLDER = "fonts"  # beside the CSS that uses them, in the site's assets and in the deck's folder


@dataclass(frozen=True)
class Face:
    weight: int
    style: str  # "normal" or "italic"


# The faces our CSS asks for: text, emphasis, headings and bold (600 is drawn with 700: one file fewer)
FACES = (Face(400, "normal"), Face(400, "italic"), Face(700, "normal"), Face(700, "italic"))
# unicode-range of each subset, as the package's unicode.json gives them (Latin first: what most text needs)
SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, "
             "U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, "
                 "U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C4, U+2113, "
                 "U+2C60-2C7F, U+A720-A7FF",
    "vietnamese": "U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, "
                  "U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB",
    "greek": "U+0370-0377, U+037A-037F, U+0384-038A, U+038C, U+038E-03A1, U+03A3-03FF",
    "greek-ext": "U+1F00-1FFF",
    "cyrillic": "U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116",
    "cyrillic-ext": "U+0460-052F, U+1C80-1C8A, U+20B4, U+2DE0-2DFF, U+A640-A69F, U+FE2E-FE2F",
}
LATIN = ("latin", "latin-ext")  # declared whatever the data: the interface words and most names


def _code_points(ranges: str) -> set[int]:
    codes: set[int] = set()
    for part in ranges.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        codes.update(range(int(low, 16), int(high or low, 16) + 1))
    return codes


_LATIN_CODES = set().union(*(_code_points(SUBSETS[name]) for name in LATIN))
# what each other subset has that Latin's files have not
_OWN = {name: _code_points(ranges) - _LATIN_CODES for name, ranges in SUBSETS.items() if name not in LATIN}


def subsets_for(characters: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The subsets the outputs declare for text of these characters: Latin's, and each other that
    has a letter of them Latin's files have not (a combining accent alone, which several files
    share, is no reason), in SUBSETS' order, so the same data gives the same CSS."""
    codes = {ord(char) for char in characters if unicodedata.category(char) != "Mn"}
    return LATIN + tuple(name for name, own in _OWN.items() if codes & own)


# The CSS font-family of every output: the identity's family, then the installed fonts for
# every other script (Markup: it is written into <style>, where HTML escaping would break it)
FONT_STACK = Markup(f'"{FAMILY}", ') + glyphs.FONT_STACK


def font_file(subset: str, face: Face, kind: str = "woff2") -> str:
    return f"source-sans-3-{subset}-{face.weight}-{face.style}.{kind}"


def font_files(subsets: tuple[str, ...] = LATIN) -> tuple[str, ...]:
    return tuple(font_file(subset, face) for subset in subsets for face in FACES)


FONT_FILES = font_files(tuple(SUBSETS))  # every file the outputs may use: the package must have them all
# what every page's first paint sets (Latin text and headings): fetched with the page, not after its
# CSS, so the text does not jump when they arrive (Lighthouse measured a layout shift of 0.2-0.27)
FIRST_PAINT_FONTS = (font_file("latin", FACES[0]), font_file("latin", FACES[2]))
# The files WeasyPrint reads: the package's .woff (zlib), not its .woff2 (Brotli and the glyf
# transform, undone in Python by fontTools), decoded by each PDF worker for its first document:
# the eight Latin files in 0.03 s of CPU instead of 0.39 s, in each of a build's two workers (0.7 s
# of the flagship's 11 s cold build). The same family and version (3.052), the same advances and
# character map; the .woff2 files have overlapping contours merged, so the anti-aliasing at some
# glyph joins differs (0.25 % of a page's pixels at 50 dpi; every PDF's text, layout and page
# count the same, its size +0.1 %). Browsers keep the .woff2 files, smaller to download.
PRINT_KIND = "woff"


def find_fonts(project: Project | None) -> Path | None:
    """The package's files folder (node_modules of the workshop's folder or one above it, else of
    the panelpress checkout); None when it is not installed: the outputs then use the installed
    fonts alone, as they did before the identity (a build never fails for want of a typeface)."""
    folders = []
    if project is not None:
        root = project.root.resolve()
        folders = [root, *root.parents]
    folders.append(REPO_ROOT)
    for folder in folders:
        candidate = folder / "node_modules" / PACKAGE / "files"
        if all((candidate / name).is_file() for name in FONT_FILES):
            return candidate
    return None


def copy_fonts(project: Project | None, dest: Path, subsets: tuple[str, ...] = LATIN) -> bool:
    """Copy the subsets' font files next to a browser output (into dest/fonts/); False when not installed."""
    source = find_fonts(project)
    if source is None:
        return False
    (dest / FONT_FOLDER).mkdir(parents=True, exist_ok=True)
    for name in font_files(subsets):
        shutil.copyfile(source / name, dest / FONT_FOLDER / name)
    licence = source.parent / "LICENSE"
    if licence.is_file():  # the OFL asks that the licence travel with the fonts
        shutil.copyfile(licence, dest / FONT_FOLDER / "LICENSE")
    return True


def family_of(subset: str, one_family_a_file: bool) -> str:
    """The @font-face family of a subset's files: the family's own name, or for WeasyPrint, one
    name a subset (Latin's the family's): WeasyPrint 70 keys a PDF font by family, weight and
    style, so the Latin and the extended Latin file of one face became one PDF font, the first
    file's, and a name with a letter of the other (Łukasz, Şahin, Nguyễn) printed as wrong glyphs
    (pdftotext still read it right)."""
    return f"{FAMILY} {subset}" if one_family_a_file and subset != "latin" else FAMILY


def font_faces(base: str, subsets: tuple[str, ...] = LATIN, one_family_a_file: bool = False,
               kind: str = "woff2") -> Markup:
    """@font-face rules for every face of the subsets, their files (of `kind`: see PRINT_KIND)
    under `base` (a URL ending in /)."""
    rules = []
    for subset in subsets:
        ranges = SUBSETS[subset]
        for face in FACES:
            rules.append(
                f'@font-face {{ font-family: "{family_of(subset, one_family_a_file)}"; font-style: {face.style}; font-weight: {face.weight}; '
                f'font-display: swap; src: url("{base}{font_file(subset, face, kind)}") format("{kind}"); '
                f"unicode-range: {ranges}; }}")
    return Markup("\n".join(rules))


# Material's palette (material.io 2014): name → (500 shade: bars and fills; a dark shade for
# text on white, ≥ 4.5:1; a light shade for text on Material's dark `slate` background)
PRIMARY = {
    "red": ("#f44336", "#c62828", "#ef9a9a"), "pink": ("#e91e63", "#ad1457", "#f48fb1"),
    "purple": ("#9c27b0", "#6a1b9a", "#ce93d8"), "deep purple": ("#673ab7", "#4527a0", "#b39ddb"),
    "indigo": ("#3f51b5", "#283593", "#9fa8da"), "blue": ("#2196f3", "#1565c0", "#90caf9"),
    "light blue": ("#03a9f4", "#0277bd", "#81d4fa"), "cyan": ("#00bcd4", "#00838f", "#80deea"),
    "teal": ("#009688", "#00695c", "#80cbc4"), "green": ("#4caf50", "#2e7d32", "#a5d6a7"),
    "light green": ("#8bc34a", "#558b2f", "#c5e1a5"), "lime": ("#cddc39", "#827717", "#e6ee9c"),
    "yellow": ("#ffeb3b", "#795548", "#fff59d"), "amber": ("#ffc107", "#8d6e00", "#ffe082"),
    "orange": ("#ff9800", "#bf5700", "#ffcc80"), "deep orange": ("#ff5722", "#bf360c", "#ffab91"),
    "brown": ("#795548", "#4e342e", "#bcaaa4"), "grey": ("#9e9e9e", "#424242", "#e0e0e0"),
    "blue grey": ("#607d8b", "#37474f", "#b0bec5"), "black": ("#000000", "#000000", "#e0e0e0"),
    "white": ("#3f51b5", "#283593", "#9fa8da"),  # white bars would vanish: indigo, as Material's own text
}
# Material's accent names → the A200 shade (rules, marks and focus rings; never text on white)
ACCENT = {
    "red": "#ff5252", "pink": "#ff4081", "purple": "#e040fb", "deep purple": "#7c4dff", "indigo": "#536dfe",
    "blue": "#448aff", "light blue": "#40c4ff", "cyan": "#18ffff", "teal": "#64ffda", "green": "#69f0ae",
    "light green": "#b2ff59", "lime": "#eeff41", "yellow": "#ffff00", "amber": "#ffd740",
    "orange": "#ffab40", "deep orange": "#ff6e40",
}


def _name(value: str | None) -> str:
    return (value or "").replace("-", " ").strip().lower()


@dataclass(frozen=True)
class Identity:
    """The colours of one workshop, from its mkdocs.yml palette names."""

    primary: str  # bars, fills, the favicon
    primary_text: str  # headings and links on white (the site's light scheme, every PDF, the slides)
    primary_dark_text: str  # headings on the dark scheme's background (the dark scheme's own primary)
    accent: str  # the short rule under a title, marks
    accent_dark: str  # the same in the dark scheme
    family: str = FAMILY
    subsets: tuple[str, ...] = LATIN  # the font files its outputs declare (subsets_for the data)
    one_family_a_file: bool = False  # the printed outputs' (family_of): set by print_context
    kind: str = "woff2"  # which of the package's files its @font-face rules name (PRINT_KIND: print_context)

    @classmethod
    def from_palette(cls, primary: str | None = None, accent: str | None = None,
                     primary_dark: str | None = None, accent_dark: str | None = None) -> "Identity":
        """Unknown names (Material's `custom`, a typo) fall back to indigo and deep orange, as
        Material shows them."""
        bar, text, _ = PRIMARY.get(_name(primary), PRIMARY["indigo"])
        _, _, light = PRIMARY.get(_name(primary_dark) or _name(primary), PRIMARY.get(_name(primary), PRIMARY["indigo"]))
        mark = ACCENT.get(_name(accent), ACCENT["deep orange"])
        mark_dark = ACCENT.get(_name(accent_dark) or _name(accent), mark)
        return cls(bar, text, light, mark, mark_dark)

    @classmethod
    def of(cls, options: object, workshop: object = None) -> "Identity":
        """From the run's Options (options.primary, .accent, .primary_dark, .accent_dark) and the
        characters of the workshop's data (Workshop.characters: which subsets)."""
        look = cls.from_palette(getattr(options, "primary", None), getattr(options, "accent", None),
                                getattr(options, "primary_dark", None), getattr(options, "accent_dark", None))
        return replace(look, subsets=subsets_for(getattr(workshop, "characters", frozenset())))

    def font_faces(self, base: str) -> Markup:
        return font_faces(base, self.subsets, self.one_family_a_file, self.kind)

    @property
    def font_stack(self) -> Markup:
        """The CSS font-family of its outputs: the identity's family, then the installed fonts."""
        if not self.one_family_a_file:
            return FONT_STACK
        families = (f'"{family_of(subset, True)}"' for subset in self.subsets)
        return Markup(", ".join(families) + ", ") + glyphs.FONT_STACK

    @property
    def font_files(self) -> tuple[str, ...]:
        return font_files(self.subsets)


def file_base(project: Project | None) -> str:
    """The fonts as file:// URLs for WeasyPrint ("": not installed, so no @font-face at all)."""
    folder = find_fonts(project)
    return folder.as_uri() + "/" if folder is not None else ""


def print_context(options: object, workshop: object, font_base: str | None = None) -> dict[str, object]:
    """What a printed output's template needs of the identity: `identity` and `font_base`. With
    `font_base` (where a browser finds the fonts) the document is also a page read in a browser
    (the kit's guide and script): `browser_page`, which gives it the workshop's icon; without,
    WeasyPrint reads the package's PRINT_KIND files where npm put them."""
    look = replace(Identity.of(options, workshop), one_family_a_file=True)
    browser_page = font_base is not None
    if browser_page:
        return {"identity": look, "browser_page": True, "font_base": font_base}
    folder = find_fonts(getattr(options, "project", None))
    if folder is not None and all((folder / font_file(subset, face, PRINT_KIND)).is_file()
                                  for subset in look.subsets for face in FACES):
        look = replace(look, kind=PRINT_KIND)
    return {"identity": look, "browser_page": False, "font_base": folder.as_uri() + "/" if folder is not None else ""}
