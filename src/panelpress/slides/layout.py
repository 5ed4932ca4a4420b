"""Fitting slides: a list over as many slides as it takes, one idea in large type set smaller
or split only when it must be, each change recorded as a Squeeze; and the sizes the layouts use.
`Fitting` holds the slides made so far; the builders of each kind of slide (deck.py) extend it."""

from __future__ import annotations

from dataclasses import replace

from .. import evaluation
from ..model import Workshop
from . import fit
from .data import Item, Slide, Squeeze
from .text import plain_html

# --- layout budgets (px), matching slides.css ---------------------------------------------

HEADER_GAP = 24
LABEL_HEIGHT = 40
BODY_HEIGHT = fit.SLIDE_HEIGHT - 2 * fit.PAD_Y
TIMER_WIDTH = 330  # the countdown's column on an exercise slide
# the title slide's layouts, roomiest first: (title px, subtitle px, with roles, columns)
TITLE_LAYOUTS = ((64, 34, True, 2), (48, 28, True, 2), (48, 28, False, 3), (40, 28, False, 3))
TITLE_SIZES = (64, 48, 40, 34, 28)
PEOPLE_PX, PEOPLE_LINE, PEOPLE_GAP = 28, 1.25, 16
QR_WIDTH = 520
QR_PAIR_WIDTH = 680  # the site's and the evaluation's codes side by side (slides.css .pp-qrs)
QUESTION_TO_HEIGHT = 28 * 1.4 + 24  # the "To: …" line under a question, and its gap


class Fitting:
    def __init__(self, workshop: Workshop, site_url: str, feedback_url: str | None = None):
        self.workshop = workshop
        self.t = workshop.labels  # every word a slide or a note shows that is not the workshop's
        self.site_url = site_url
        # where the closing slide's second QR code leads: the evaluation (evaluation.target_url)
        self.feedback_url = feedback_url if feedback_url is not None else evaluation.target_url(workshop, site_url) or ""
        self.slides: list[tuple[int, Slide]] = []  # (agenda index, slide)
        self.squeezes: list[Squeeze] = []

    # -- layout ------------------------------------------------------------------------------

    def body_height(self, title: str, label: str = "") -> float:
        return BODY_HEIGHT - fit.title_height(title) - HEADER_GAP - (LABEL_HEIGHT if label else 0)

    def list_slides(self, slot_index: int, base: Slide, items: list[Item], source: tuple[str, str],
                    what: str, styles: tuple[fit.Style, ...] = fit.BODY, width: float = fit.CONTENT_WIDTH,
                    split_style: int = 0) -> None:
        """Add `base` with `items`, over as many slides as it takes to fit (at styles[split_style])."""
        height = self.body_height(base.title + " (1/2)", base.label)
        laid = [self.blocks(i, base) for i in items]
        blocks = [b for item_blocks in laid for b in item_blocks]
        for style in styles:
            if fit.fits(blocks, style, width, height):
                if not style.quiet:
                    self.squeezes.append(self.shrunk(source, what, style))
                self.add(slot_index, replace(base, items=tuple(items), style=style.name))
                return
        style = styles[split_style]
        chunks: list[list[Item]] = [[]]
        for item, item_blocks in zip(items, laid):
            pieces = [item]
            if not fit.fits(item_blocks, style, width, height):
                block = fit.Block(self.estimate(item), self.indent(item, base))
                words = fit.split_words(block.text, style, width, height, block.indent_em)
                pieces = [replace(item, text=w, html=False) for w in words]
            for piece in pieces:
                trial = [b for i in [*chunks[-1], piece] for b in self.blocks(i, base)]
                if chunks[-1] and not fit.fits(trial, style, width, height):
                    chunks.append([])
                chunks[-1].append(piece)
        self.squeezes.append(Squeeze(source, f"{what}: too long for one slide, split over {len(chunks)} slides"))
        for n, chunk in enumerate(chunks, start=1):
            self.add(slot_index, replace(base, items=tuple(chunk), style=style.name, part=(n, len(chunks))))

    def big_text_slides(self, slot_index: int, base: Slide, text: str, source: tuple[str, str], what: str,
                        reserve: float = 0) -> None:
        """One idea in large type; smaller only when it must be, split only when even that fails.
        `reserve`: height taken by a line under the text (a question's "To: …")."""
        height = self.body_height(base.title, base.label) - reserve
        block = fit.Block(text, 0)
        for style in fit.BEAT:
            if fit.fits([block], style, fit.CONTENT_WIDTH, height):
                if not style.quiet:
                    self.squeezes.append(self.shrunk(source, what, style))
                self.add(slot_index, replace(base, text=text, style=style.name))
                return
        style = fit.BEAT[-1]
        pieces = fit.split_words(text, style, fit.CONTENT_WIDTH, height, 0)
        self.squeezes.append(Squeeze(source, f"{what}: too long for one slide, split over {len(pieces)} slides"))
        for n, piece in enumerate(pieces, start=1):
            self.add(slot_index, replace(base, text=piece, style=style.name, part=(n, len(pieces))))

    @staticmethod
    def shrunk(source: tuple[str, str], what: str, style: fit.Style) -> Squeeze:
        return Squeeze(source, f"{what}: too long for one slide at full size, set at {style.font} px")

    @staticmethod
    def indent(item: Item, base: Slide) -> float:
        """Room taken before the text: the agenda's clock time, a number, a bullet."""
        if base.kind == "agenda":
            return 3.4
        if item.lead or item.bare:
            return 0
        return 1.7 if item.marker else 1.3

    def blocks(self, item: Item, base: Slide) -> list[fit.Block]:
        """How an item is laid out: its text, then each item of a list nested in it on a line of
        its own, indented one step more."""
        indent = self.indent(item, base)
        if not item.html or "<li>" not in item.text:
            return [fit.Block(self.estimate(item), indent)]
        own, *nested = str(item.text).split("<li>")
        return [fit.Block(plain_html(own), indent)] + [fit.Block(plain_html(part), indent + 1.3) for part in nested]

    @staticmethod
    def estimate(item: Item) -> str:
        text = plain_html(item.text) if item.html else item.text
        return text

    def add(self, slot_index: int, slide: Slide) -> None:
        self.slides.append((slot_index, slide))


def split_seconds(total: int, weights: list[float]) -> list[int]:
    """`total` seconds over slides: by weight when any slide has one, else equally; the parts
    always add up to `total` (largest remainders get the odd seconds)."""
    given = [w for w in weights if w]
    # no weights: equal parts; a slide without one beside weighted slides gets their average
    weights = [w or (sum(given) / len(given) if given else 1.0) for w in weights]
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)[:total - sum(parts)]:
        parts[i] += 1
    return parts


def people_height(panel: tuple, roles: bool, columns: int, width: float = fit.CONTENT_WIDTH,
                  moderator: str = "") -> float:
    column = (width - 48 * (columns - 1)) / columns
    line = PEOPLE_PX * PEOPLE_LINE
    heights = []
    for person in panel:
        height = fit.line_count(person.name, PEOPLE_PX, column) * line
        if roles:
            role = (f"{moderator} · " if person.is_moderator else "") + person.role
            height += fit.line_count(role, PEOPLE_PX, column) * line
        heights.append(height)
    rows = [heights[i:i + columns] for i in range(0, len(heights), columns)]
    return sum(max(row) for row in rows) + PEOPLE_GAP * max(len(rows) - 1, 0)


def names_height(names: tuple[str, ...], px: int, columns: int, width: float) -> float:
    column = (width - 32 * (columns - 1)) / columns
    per_column = -(-len(names) // columns)
    lines = sorted((fit.line_count(n, px, column) for n in names), reverse=True)
    return sum(lines[:per_column]) * px * 1.4 + 24


def option_mark(letters: str, index: int) -> str:
    """An option's letter; past the end of the alphabet (an author's shorter one), its number."""
    return letters[index] if index < len(letters) else str(index + 1)


def shown_url(url: str) -> str:
    """The site's address as printed under the QR code: no scheme, shortened when very long."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return bare if len(bare) <= 60 else bare.split("/", 1)[0] + "/…"
