"""The takeaways card: a real card, several to a sheet, cut with a paper cutter.

A4 workshops get A6 cards, four to an A4 sheet (2 × 2); letter workshops get half-letter cards,
two to a landscape letter sheet. The cards tile the sheet edge to edge, so one cut per line
separates them and the marks on the cut lines (drawn at the sheet's edges and where the lines
cross) are all a person with a cutter needs; WeasyPrint's own `marks: crop` would instead grow
each page around one card, which a desktop printer shrinks or crops, and which still needs
imposing by hand.

A card has two faces: the front holds the takeaways, the back the next step, the QR codes and
what to read. Each sheet is one face repeated, so sheet 1 printed and sheet 2 on its back (flip
on the long edge) give cards whose backs line up whatever the flip, the cut lines being the
sheet's middles. Takeaways that do not fit on the front at the smallest type size we allow go on
the back under a "continued" label, and on further faces if there are more still: a long list
is never shrunk into unreadable type, nor cut off. The fit is measured on the text wrapped with
the family's letter widths, a little generous (WeasyPrint only lays out once the HTML is written);
the tests typeset a long list and check that no word leaves its card.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..slides import fit

PT = 25.4 / 72  # millimetres in a point


@dataclass(frozen=True)
class Stock:
    """A card size and the sheet it is imposed on."""

    name: str  # what it is called, for the tests and comments: "A6", "half-letter"
    sheet: str  # CSS @page size of the sheet
    sheet_mm: tuple[float, float]
    card_mm: tuple[float, float]
    columns: int
    rows: int
    padding_mm: float  # inside each card: more than a desktop printer's unprintable edge
    title_pt: float
    sizes_pt: tuple[float, ...]  # the takeaways' type, largest first; the last is the smallest allowed
    next_step_lines: int  # the fewest lines to write the next step on, on the closing face
    qr_mm: float  # a QR code's side, its quiet zone included

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def inner_mm(self) -> tuple[float, float]:
        return self.card_mm[0] - 2 * self.padding_mm, self.card_mm[1] - 2 * self.padding_mm

    def origins(self) -> tuple[tuple[float, float], ...]:
        """Each card's top-left corner on the sheet, in mm, row by row."""
        w, h = self.card_mm
        return tuple((c * w, r * h) for r in range(self.rows) for c in range(self.columns))

    def cuts(self) -> tuple[tuple[str, float], ...]:
        """The cut lines: ('x', mm from the left) for a vertical cut, ('y', mm from the top)."""
        w, h = self.card_mm
        return (*(("x", c * w) for c in range(1, self.columns)), *(("y", r * h) for r in range(1, self.rows)))


def _sizes(largest: float, smallest: float) -> tuple[float, ...]:
    """Type sizes in half points, largest first."""
    return tuple(largest - n / 2 for n in range(int((largest - smallest) * 2) + 1))


# The largest size is what a short list grows to: a card is read in the hand, so no more than a
# book's heading; a long list shrinks to the smallest, then continues on the back.
STOCKS = {
    "A4": Stock("A6", "A4", (210, 297), (105, 148.5), 2, 2, 8, 15, _sizes(16, 9.5), 3, 26),
    "letter": Stock("half-letter", "letter landscape", (279.4, 215.9), (139.7, 215.9), 2, 1, 10, 19,
                    _sizes(20, 10.5), 4, 32),
}
NEXT_STEP_LINE_MM = 8  # a writing line's height (handouts.css .pp-card-next .pp-line)
NEXT_STEP_MAX_LINES = 8  # more is a page to fill, not a step
BY_WHEN_MM = 10  # the "by when" line under them

LEADING = 1.3  # the takeaways' line height
LIST_INDENT_MM = 7


def text_height_mm(text: str, size_pt: float, width_mm: float, leading: float = LEADING) -> float:
    """The text wrapped greedily at word boundaries with the deck's per-letter widths for the same
    family (slides/fit.py, measured on Source Sans, a few per cent generous): a card fills its
    face from this estimate, so it must be close as well as safe."""
    lines = fit.line_count(text, size_pt * PT, width_mm)
    return lines * size_pt * leading * PT


def _item_mm(text: str, size_pt: float, stock: Stock) -> float:
    gap = 0.45 * size_pt * PT * LEADING  # the space between two takeaways
    return text_height_mm(text, size_pt, stock.inner_mm[0] - LIST_INDENT_MM) + gap


@dataclass(frozen=True)
class Face:
    """One face of the card: the takeaways it holds (numbered from `start`), and whether it opens
    the card (title), continues the list, or closes it (the next step, QR codes, reading)."""

    takeaways: tuple[str, ...]
    start: int
    first: bool
    last: bool

    @property
    def continued(self) -> bool:
        return bool(self.takeaways) and not self.first


@dataclass(frozen=True)
class Card:
    stock: Stock
    size_pt: float  # the takeaways' type size
    faces: tuple[Face, ...]
    next_step_lines: int  # the closing face's writing lines: as many as its room holds


def _header_mm(title: str, meta: str, stock: Stock) -> float:
    """The front's kind line, title and date line."""
    width = stock.inner_mm[0]
    return (9 * PT * 1.6 + 2 + text_height_mm(title, stock.title_pt, width, 1.2) + 3
            + text_height_mm(meta, 8.5, width, 1.35) + 5)


def _back_mm(resources: tuple[str, ...], urls: tuple[str, ...], qr: bool, stock: Stock) -> float:
    """The closing face's fixed part: the next step's label and its "by when" line (not its
    writing lines: they take the room that is left), the QR codes, the addresses and what to read (each line of small type measured like the takeaways)."""
    width = stock.inner_mm[0]
    height = 6 + 4 + BY_WHEN_MM  # "My next step", the gap under its lines, "by when"
    height += stock.qr_mm + 10 if qr else 0  # a QR code with its quiet zone, and its caption
    height += sum(text_height_mm(url, 8.5, width) + 1.5 for url in urls)
    if resources:
        height += 6 + sum(text_height_mm(r, 8.5, width - 4) + 1 for r in resources)
    return height


CONTINUED_MM = 7  # the "continued" label over takeaways on a face after the first


def layout(stock: Stock, takeaways: tuple[str, ...], title: str, meta: str,
           resources: tuple[str, ...] = (), urls: tuple[str, ...] = (), qr: bool = False) -> Card:
    """Which takeaways go on which face, and in what size. `resources` and `urls` are the texts
    the closing face prints (each resource as 'title: url')."""
    inner = stock.inner_mm[1]
    front = inner - _header_mm(title, meta, stock)
    back = inner - _back_mm(resources, urls, qr, stock) - CONTINUED_MM - stock.next_step_lines * NEXT_STEP_LINE_MM
    closing = inner - _back_mm(resources, urls, qr, stock)  # the closing face's room for lines

    def lines(room: float) -> int:
        return max(stock.next_step_lines, min(NEXT_STEP_MAX_LINES, int(room // NEXT_STEP_LINE_MM)))

    for size in stock.sizes_pt:  # the largest type that puts the whole list on the front
        if sum(_item_mm(t, size, stock) for t in takeaways) <= front:
            return Card(stock, size, (Face(takeaways, 1, True, False), Face((), len(takeaways) + 1, False, True)),
                        lines(closing))
    size = stock.sizes_pt[-1]
    chunks: list[tuple[str, ...]] = []
    rest = list(takeaways)
    room = front
    while rest:
        if chunks and sum(_item_mm(t, size, stock) for t in rest) <= back:
            break  # the rest fits above the closing part of the back
        chunk: list[str] = []
        while rest and (not chunk or sum(_item_mm(t, size, stock) for t in chunk + rest[:1]) <= room):
            chunk.append(rest.pop(0))
        chunks.append(tuple(chunk))
        room = inner - CONTINUED_MM
    faces, start = [], 1
    for n, chunk in enumerate(chunks):
        faces.append(Face(chunk, start, n == 0, False))
        start += len(chunk)
    faces.append(Face(tuple(rest), start, False, True))
    taken = sum(_item_mm(t, size, stock) for t in rest) + CONTINUED_MM if rest else 0
    return Card(stock, size, tuple(faces), lines(closing - taken))
