"""Will this text fit on a 1280×720 slide? An estimate made at build time, without a browser.

Slides must never overflow, whatever an author writes, so the deck is laid out here before
it is rendered: a list that is too long goes over several slides, a line too long for its
type size is set smaller, and the caller warns the author. The estimate is deliberately
generous (wide glyphs, greedy wrapping); the browser tests check it against real layout.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
PAD_X, PAD_Y = 72, 48  # the slide's inner margins (slides.css: .pp-slide padding)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * PAD_X


@dataclass(frozen=True)
class Style:
    """One way to set a block of items: the CSS class the template uses and its metrics."""

    name: str  # CSS class, e.g. 'pp-size-m'
    font: int  # px
    line: float = 1.3  # line-height
    gap: float = 0.4  # em between items
    columns: int = 1
    quiet: bool = True  # False: choosing this style means the text had to be shrunk (warn)


# The slides' type scale; body text never goes below 28 px (readable from the back of a room).
BODY = (Style("pp-size-m", 34), Style("pp-size-ms", 30), Style("pp-size-s", 28, quiet=False))
BEAT = (Style("pp-size-xl", 60, 1.2), Style("pp-size-l", 48, 1.2),
        Style("pp-size-m", 34, quiet=False), Style("pp-size-s", 28, quiet=False))
# a story's beats on one slide, one a click: large while they fit, never below 34 px (a story that
# does not fit at 34 px goes over two slides, cut between beats: stories.py)
STORY = (Style("pp-size-l", 48), Style("pp-size-ml", 40), Style("pp-size-m", 34))
# a lesson: its summary, key points and question for the room, as large as they fit (review 23: a
# short lesson kept body size with 40 % of the slide empty beside stories set at 48 px), down to
# the body sizes a long one needs; top-aligned like a story's beats
LESSON = (Style("pp-size-l", 48), Style("pp-size-ml", 40), *BODY)
LESSON_SPLIT = LESSON.index(BODY[0])  # a lesson too long for one slide is split at body size
# a discussion's questions on one slide, one a click (each with its "To: …" line)
QUESTIONS = (Style("pp-size-ml", 40), Style("pp-size-m", 34))
# the agenda, read from the back of the room: one column at 40 px, else over as many slides as it
# takes at that size (two columns at 28 px were unreadable there: issue 16's review)
AGENDA = (Style("pp-size-ml", 40, 1.25, 0.25),)
# a list slide with little on it (a discussion's one question, three audit questions): set larger
# and centred in the room under the title (slides.css: .pp-roomy), rather than body size at the top
ROOMY = (Style("pp-size-l pp-roomy", 48), Style("pp-size-ml pp-roomy", 40))
# the message an exercise asks the room to rewrite: a large quoted message, as the site and the
# workbook show it (slides.css: .pp-message; its card's padding is MESSAGE_PAD a side)
MESSAGE = (Style("pp-size-l pp-message", 48), Style("pp-size-ml pp-message", 40),
           Style("pp-size-m pp-message", 34), Style("pp-size-s pp-message", 28, quiet=False))
MESSAGE_PAD = 48
MESSAGE_PAD_Y = 2 * 32  # its padding above and below the text
COLUMN_GAP = 48


NARROW, WIDE = set("ijlftrI.,:;'!|()[] "), set("mwMW@%&")
SAFETY = 1.06  # measured in Chromium: estimates run 2-8 % wider than Source Sans Pro sets English


def char_width(ch: str) -> float:
    """Advance of one character, in em, for a humanist sans (Source Sans Pro, measured; the deck
    sets Source Sans 3, its successor with the same widths: identity.py)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in WIDE:
        return 0.8
    if ch in NARROW:
        return 0.27
    if ch.isupper():
        return 0.6
    return 0.5


AGENDA_CLOCK_EM = 2.8  # the agenda's clock column (slides.css `.pp-time`, panelpress.css on a phone): "18:05" and half an em


def clock_column(times: Iterable[str]) -> float:
    """The agenda's clock column, in em: as slides.css sets it, or wide enough for the widest of
    `times` with the same half em to spare ("12:56 p.m.": 4.38 em estimated, 4.45 set in bold).
    A no-break space is as narrow as a space."""
    widest = max((sum(char_width(" " if ch in "\xa0\u202f" else ch) for ch in time) for time in times), default=0)
    return max(AGENDA_CLOCK_EM, round(widest + 0.5, 1))


def text_width(text: str, font: int) -> float:
    return sum(char_width(c) for c in text) * font * SAFETY


def line_count(text: str, font: int, width: float) -> int:
    """Lines the text takes when wrapped greedily at word boundaries (CJK wraps anywhere)."""
    lines, current = 1, 0.0
    space = char_width(" ") * font
    for word in text.split():
        w = text_width(word, font)
        if w > width:  # a word wider than the line breaks anywhere (overflow-wrap)
            extra = w + (current + space if current else 0)
            lines += math.ceil(extra / width) - 1
            current = extra % width
            continue
        needed = w if current == 0 else current + space + w
        if needed <= width:
            current = needed
        else:
            lines += 1
            current = w
    return lines


@dataclass(frozen=True)
class Block:
    """Plain text of one item as laid out, and how much of the line is taken before it."""

    text: str
    indent_em: float = 1.3  # a bullet or number
    joined: bool = False  # the next line of the same paragraph (a message's): no gap above it


def block_height(block: Block, style: Style, width: float) -> float:
    usable = width / style.columns - (COLUMN_GAP * (style.columns - 1) / style.columns) - block.indent_em * style.font
    return line_count(block.text, style.font, max(usable, style.font * 4)) * style.font * style.line


def column_height(blocks: list[Block], style: Style, width: float) -> float:
    heights = [block_height(b, style, width) for b in blocks]
    gaps = style.gap * style.font
    if style.columns == 1:
        return sum(heights) + gaps * sum(not b.joined for b in blocks[1:])
    # columns fill greedily (CSS `column-fill: auto` would do no better): the taller column counts
    per_column = math.ceil(len(heights) / style.columns)
    columns = [heights[i:i + per_column] for i in range(0, len(heights), per_column)]
    return max(sum(c) + gaps * max(len(c) - 1, 0) for c in columns)


def fits(blocks: list[Block], style: Style, width: float, height: float) -> bool:
    return column_height(blocks, style, width) <= height


def title_height(title: str, font: int = 48, width: float = CONTENT_WIDTH) -> float:
    return line_count(title, font, width) * font * 1.15


def split_words(text: str, style: Style, width: float, height: float, indent_em: float) -> list[str]:
    """Cut a text too long for one slide into pieces that each fit, at word boundaries (a word
    longer than a line, as in Chinese or Japanese written without spaces, is cut anywhere)."""
    pieces: list[str] = []
    current = ""
    for token, separator in _tokens(text, style.font, width - indent_em * style.font):
        trial = current + separator + token if current else token
        if current and block_height(Block(trial + " …", indent_em), style, width) > height:
            pieces.append(current + " …")
            current = token
        else:
            current = trial
    if current:
        pieces.append(current)
    return pieces


def _tokens(text: str, font: int, width: float) -> list[tuple[str, str]]:
    """(token, separator before it): words, and words wider than a line cut to line width."""
    out = []
    for i, word in enumerate(text.split()):
        separator = " " if i else ""
        while text_width(word, font) > width:
            n = max(1, int(len(word) * width / text_width(word, font)))
            out.append((word[:n], separator))
            word, separator = word[n:], ""
        out.append((word, separator))
    return out


def even_parts(units: list[list[Block]], style: Style, width: float, height: float) -> list[list[int]]:
    """`units` (each a list of blocks that go together: a paragraph) over the fewest slides of
    `height`, kept in order, with the tallest part as short as it can be: 11, 10 and 9 lines, not
    14, 14 and 2. A unit taller than `height` goes alone. Returns the units' indices per part."""
    def packed(cap: float) -> list[list[int]]:
        parts: list[list[int]] = []
        for n in range(len(units)):
            if parts and column_height([b for i in [*parts[-1], n] for b in units[i]], style, width) <= cap:
                parts[-1].append(n)
            else:
                parts.append([n])
        return parts

    fewest = packed(height)
    low, high = max(column_height(u, style, width) for u in units), height
    while high - low > 1:  # the lowest cap that needs no more parts than filling each slide
        middle = (low + high) / 2
        if len(packed(middle)) <= len(fewest):
            high = middle
        else:
            low = middle
    return packed(high)
