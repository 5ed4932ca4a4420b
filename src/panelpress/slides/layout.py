"""Fitting slides: a list over as many slides as it takes, one idea in large type set smaller
or split only when it must be, each change recorded as a Squeeze; and the sizes the layouts use.
`Fitting` holds the slides made so far; the builders of each kind of slide (deck.py) extend it."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .. import evaluation
from ..labels import Labels
from ..model import Workshop
from . import fit
from .data import AgendaLayout, Item, Slide, Squeeze
from .text import plain_html

# --- layout budgets (px), matching slides.css ---------------------------------------------

HEADER_GAP = 24
LABEL_HEIGHT = 40
BODY_HEIGHT = fit.SLIDE_HEIGHT - 2 * fit.PAD_Y
TIMER_WIDTH = 330  # the countdown's column on an exercise slide
# the title slide's layouts, roomiest first: (title px, subtitle px, with roles, columns)
TITLE_LAYOUTS = ((64, 34, True, 2), (48, 28, True, 2), (48, 28, False, 3), (40, 28, False, 3))
TITLE_SIZES = (64, 48, 40, 34, 28)
# the closing slide with no QR code: (thanks px, panel px, with roles, columns), roomiest first
THANKS_LAYOUTS = ((80, 40, True, 2), (64, 34, True, 2), (64, 28, True, 2), (48, 28, False, 3))
PEOPLE_PX, PEOPLE_LINE, PEOPLE_GAP = 28, 1.25, 16
QR_WIDTH = 520
QR_PAIR_WIDTH = 680  # the site's and the evaluation's codes side by side (slides.css .pp-qrs)
QUESTION_TO_HEIGHT = 28 * 1.4 + 24  # the "To: …" line under a question, and its gap
# a lead repeated on a later part of a split list keeps this many words: a question's stem is
# usually shorter; a longer one is cut with "…" so the options keep the slide
CONTINUED_WORDS = 16
QUESTION_TO_LINE = 28 * 1.4 + 8  # the same under each question of a discussion's one slide (.pp-questions .pp-to)


class Fitting:
    def __init__(self, workshop: Workshop, site_url: str, feedback_url: str | None = None, workbook: bool = True):
        self.workshop = workshop
        self.workbook = workbook  # the workbook is printed: the room does the exercises in it
        self.t = workshop.labels  # every word a slide or a note shows that is not the workshop's
        self.site_url = site_url
        # where the closing slide's second QR code leads: the evaluation (evaluation.target_url)
        self.feedback_url = feedback_url if feedback_url is not None else evaluation.target_url(workshop, site_url) or ""
        self.slides: list[tuple[int, Slide]] = []  # (agenda index, slide)
        self.squeezes: list[Squeeze] = []

    # -- layout ------------------------------------------------------------------------------

    def body_height(self, title: str, label: str = "") -> float:
        return BODY_HEIGHT - fit.title_height(title) - HEADER_GAP - (LABEL_HEIGHT if label else 0)

    def list_slides(self, slot_index: int, base: Slide, items: list[Item], source: tuple,
                    what: str, styles: tuple[fit.Style, ...] = fit.BODY, width: float = fit.CONTENT_WIDTH,
                    split_style: int = 0, warn_split: bool = True, notes_last: bool = False,
                    repeat_lead: bool = False, best: Item | None = None) -> None:
        """Add `base` with `items`, over as many slides as it takes to fit (at styles[split_style]).
        A list slide or the Q&A with little on it is set larger first (fit.ROOMY); `warn_split`
        False: a split is expected (the agenda's), not something for the author to shorten.
        `notes_last`: the notes are about what the last slide ends on (a question's best answer,
        revealed when the room has seen every option), so a split gives them to the last part only;
        otherwise the first part has them (a segment's clock and what to say).
        `repeat_lead`: the first item (a lead: a choice question's stem) is what every part is
        about, so a split repeats it, marked as continued, at the top of each later part: a room
        that looks up at the options D to F can still read what is asked (review 25).
        `best`: a choice question's best option among `items`, which the moderator reveals (the
        notes' "reveal C"): the slide's click marks it, so that the back row sees the reveal it
        hears; on a split question the last part's click, as the notes are there (`revealed`)."""
        split_at = styles[split_style]
        if base.kind in ("list", "qa", "exercise") and styles == fit.BODY:
            styles = fit.ROOMY + styles
        height = self.body_height(base.title + " (1/2)", base.label)
        laid = [self.blocks(i, base) for i in items]
        blocks = [b for item_blocks in laid for b in item_blocks]
        for style in styles:
            if fit.fits(blocks, style, width, height):
                if not style.quiet:
                    self.squeezes.append(self.shrunk(source, what, style))
                if best:
                    items = [marked(i) if i == best else i for i in items]
                self.add(slot_index, replace(base, items=tuple(items), style=style.name))
                return
        style = split_at
        chunks: list[list[Item]] = [[]]
        again = self.continued(items[0]) if repeat_lead and items and items[0].lead else None
        cut = False  # an item cut between words
        for item, item_blocks in zip(items, laid):
            pieces = [item]
            if not fit.fits(item_blocks, style, width, height):
                block = fit.Block(self.estimate(item), self.indent(item, base))
                words = fit.split_words(block.text, style, width, height, block.indent_em)
                pieces = [replace(item, text=w, html=False) for w in words]
                cut = cut or len(pieces) > 1
                if item is items[0]:  # a stem that needs slides of its own is not repeated
                    again = None
            for piece in pieces:
                trial = [b for i in [*chunks[-1], piece] for b in self.blocks(i, base)]
                if chunks[-1] and not fit.fits(trial, style, width, height):
                    chunks.append([again] if again else [])
                chunks[-1].append(piece)
        if best:
            chunks = self.revealed(chunks, best, again, lambda chunk: fit.fits(
                [b for i in chunk for b in self.blocks(i, base)], style, width, height))
        if warn_split:
            self.squeezes.append(split(source, what, len(chunks), between_words=cut))
        else:  # an expected split (the agenda): as even as fits, not 8 items then 4
            chunks = self.balanced(chunks, lambda chunk: fit.fits([b for i in chunk for b in self.blocks(i, base)],
                                                                  style, width, height))
        for n, chunk in enumerate(chunks, start=1):
            notes = base.notes if not notes_last or n == len(chunks) else ()
            self.add(slot_index, replace(base, items=tuple(chunk), style=style.name, part=(n, len(chunks)), notes=notes))

    @staticmethod
    def revealed(chunks: list[list[Item]], best: Item, again: Item | None,
                 fits: Callable[[list[Item]], bool]) -> list[list[Item]]:
        """`chunks` with the best option marked on the last one's click: in its place when the last
        one holds it; else a copy of it, shown on the click, at the end of the last one (left27: the
        room was read A on the first part and heard "A" on the last). When the last one has no room
        for the copy, one part more, the options dealt out evenly over them all (`dealt`), the copy
        after the last one's: a part that showed the stem alone until the click read as an empty
        slide, and moving only the last part's last option left two parts of one option each (review
        27b C: A–B | C–D | E | F, A). Failing that, the last part's last items go with the copy."""
        if best in chunks[-1]:
            return [*chunks[:-1], [marked(i) if i == best else i for i in chunks[-1]]]
        shown = replace(marked(best), answer=True)
        if fits([*chunks[-1], shown]):
            return [*chunks[:-1], [*chunks[-1], shown]]
        even = Fitting.dealt(chunks, shown, again, len(chunks) + 1)
        if even and all(fits(chunk) for chunk in even):
            return even
        last, moved = list(chunks[-1]), []
        head = [again] if again else []
        while len([i for i in last if not i.lead]) > len(moved) + 1 and fits([*head, last[-1], *moved, shown]):
            moved.insert(0, last.pop())
        return [*chunks[:-1], last, [*head, *moved, shown]]

    @staticmethod
    def dealt(chunks: list[list[Item]], shown: Item, again: Item | None, count: int) -> list[list[Item]] | None:
        """The options of `chunks` and the best one's copy (`shown`, last) over `count` parts, as
        evenly as they go, the first part (the whole stem above its options) taking the fewer, each
        later part under the repeated lead; None when the last part would show no option before
        its click, or when the stem is not one item (a stem split over slides of its own)."""
        stem = [i for i in chunks[0] if i.lead]
        if again is None or len(stem) != 1 or any(i.lead and i is not again for chunk in chunks[1:] for i in chunk):
            return None
        options = [i for chunk in chunks for i in chunk if not i.lead] + [shown]
        size, extra = divmod(len(options), count)
        sizes = [size + (n >= count - extra) for n in range(count)]
        if sizes[-1] < 2 or sizes[0] < 1:
            return None
        parts, at = [], 0
        for n, size in enumerate(sizes):
            head = stem if n == 0 else [again]
            parts.append([*head, *options[at:at + size]])
            at += size
        return parts

    def continued(self, lead: Item) -> Item:
        """A lead repeated on a later part of its split list: its words (the first
        CONTINUED_WORDS of them, then "…", so a long stem leaves the slide to the options) and
        the label's "(continued)"."""
        words = (plain_html(lead.text) if lead.html else lead.text).split()
        short = " ".join(words[:CONTINUED_WORDS]) + ("…" if len(words) > CONTINUED_WORDS else "")
        return replace(lead, text=self.t.text("slide_continued", text=short), html=False, step=False)

    def big_text_slides(self, slot_index: int, base: Slide, text: str, source: tuple, what: str,
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
        self.squeezes.append(split(source, what, len(pieces)))
        for n, piece in enumerate(pieces, start=1):
            self.add(slot_index, replace(base, text=piece, style=style.name, part=(n, len(pieces))))

    @staticmethod
    def balanced(chunks: list[list[Item]], fits: Callable[[list[Item]], bool]) -> list[list[Item]]:
        """The same items over the same number of slides, as evenly as they go, if each still fits."""
        items = [item for chunk in chunks for item in chunk]
        count = len(chunks)
        sizes = [len(items) // count + (n < len(items) % count) for n in range(count)]
        starts = [sum(sizes[:n]) for n in range(count)]
        even = [items[start:start + size] for start, size in zip(starts, sizes)]
        return even if all(fits(chunk) for chunk in even) else chunks

    def quiet_style(self, base: Slide, items: list[Item], styles: tuple[fit.Style, ...] = fit.BODY,
                    width: float = fit.CONTENT_WIDTH) -> fit.Style | None:
        """The first of `styles` at which `items` fit on one slide without being set smaller, or None."""
        height = self.body_height(base.title, base.label)
        blocks = [b for item in items for b in self.blocks(item, base)]
        return next((s for s in styles if s.quiet and fit.fits(blocks, s, width, height)), None)

    def step_slides(self, slot_index: int, base: Slide, items: list[Item], source: tuple, what: str,
                    item_what: Callable[[int], str], styles: tuple[fit.Style, ...]) -> None:
        """Items shown one a click (a story's beats) on one slide, at the first of `styles` that fits.
        The rule when they do not fit at the last: over as many slides as it takes, cut between items
        at that size; an item too long for a slide of its own is set smaller (body sizes, down to 28 px)
        or, failing that, cut between words. Each slide's weight is its share of the items."""
        height = self.body_height(base.title + " (1/2)", base.label)
        laid = [self.blocks(item, base) for item in items]
        style = next((s for s in styles if fit.fits([b for bs in laid for b in bs], s, fit.CONTENT_WIDTH, height)), None)
        if style:
            self.add(slot_index, replace(base, items=tuple(items), style=style.name, weight=base.weight or len(items)))
            return
        style = styles[-1]
        chunks: list[tuple[list[Item], fit.Style, float]] = []  # (items, style, weight)
        for n, (item, blocks) in enumerate(zip(items, laid), start=1):
            if not fit.fits(blocks, style, fit.CONTENT_WIDTH, height):  # alone, on its own slide(s)
                smaller = next((s for s in fit.BODY if s.font < style.font and fit.fits(blocks, s, fit.CONTENT_WIDTH, height)),
                               None)
                if smaller:
                    self.squeezes.append(self.shrunk((*source, n - 1), item_what(n), smaller))
                    chunks.append(([item], smaller, 1.0))
                    continue
                small = fit.BODY[-1]
                words = fit.split_words(self.estimate(item), small, fit.CONTENT_WIDTH, height, self.indent(item, base))
                self.squeezes.append(split((*source, n - 1), item_what(n), len(words)))
                chunks += [([replace(item, text=w, html=False)], small, 1 / len(words)) for w in words]
                continue
            last = chunks[-1] if chunks else None
            if last and last[1] is style and fit.fits([b for i in [*last[0], item] for b in self.blocks(i, base)],
                                                      style, fit.CONTENT_WIDTH, height):
                chunks[-1] = ([*last[0], item], style, last[2] + 1)
            else:
                chunks.append(([item], style, 1.0))
        # whole items over slides (an item cut between words has its own warning, above)
        self.squeezes.append(split(source, what, len(chunks), between_words=False))
        for n, (chunk, chunk_style, weight) in enumerate(chunks, start=1):
            self.add(slot_index, replace(base, items=tuple(chunk), style=chunk_style.name, part=(n, len(chunks)),
                                         weight=weight))

    def share(self, before: int, weight: float) -> None:
        """Give the slides added since `before` equal parts of `weight` (their segment's time is split by weight)."""
        added = self.slides[before:]
        self.slides[before:] = [(i, replace(s, weight=weight / len(added))) for i, s in added]

    def plan(self, before: int, seconds: int) -> None:
        """Give the slides added since `before` the `seconds` the data plans for them (an exercise's
        quiet work, a question's minutes), in equal parts: the pacing keeps them (`planned_seconds`)."""
        added = self.slides[before:]
        parts = split_seconds(seconds, [1.0] * len(added))
        self.slides[before:] = [(i, replace(s, planned=n)) for (i, s), n in zip(added, parts)]

    @staticmethod
    def shrunk(source: tuple, what: str, style: fit.Style) -> Squeeze:
        """A note, not a warning: the text is whole on its slide, at a size the deck allows (28 px
        at the least, read from the back of the room); a strict build stopped on one sentence more
        in a prompt. Text cut over slides is a warning (`split`)."""
        return Squeeze(source, f"{what}: too long for one slide at full size, set at {style.font} px",
                       "shorten it to keep the slide's usual size", "note")

    @staticmethod
    def indent(item: Item, base: Slide) -> float:
        """Room taken before the text: the agenda's clock time, a number, a bullet."""
        if base.kind == "agenda":  # the clock column (a 12-hour clock's wider) and the gap after it
            return (base.layout.clock_em if isinstance(base.layout, AgendaLayout) else fit.AGENDA_CLOCK_EM) + 0.6
        if item.lead or item.bare:
            return 0
        return 1.7 if item.marker else 1.3

    def blocks(self, item: Item, base: Slide) -> list[fit.Block]:
        """How an item is laid out: its text, then each item of a list nested in it on a line of
        its own, indented one step more."""
        indent = self.indent(item, base)
        if not item.html or "<li>" not in item.text:
            return [fit.Block(self.estimate(item), indent, item.joined)]
        own, *nested = str(item.text).split("<li>")
        return [fit.Block(plain_html(own), indent)] + [fit.Block(plain_html(part), indent + 1.3) for part in nested]

    def item_blocks(self, items: list[Item], base: Slide) -> list[fit.Block]:
        return [b for item in items for b in self.blocks(item, base)]

    @staticmethod
    def estimate(item: Item) -> str:
        text = plain_html(item.text) if item.html else item.text
        return text

    def add(self, slot_index: int, slide: Slide) -> None:
        self.slides.append((slot_index, slide))


def split(source: tuple, what: str, parts: int, between_words: bool = True) -> Squeeze:
    """Text the deck had to cut over `parts` slides: a warning where a sentence was cut between
    words (the room reads half of it on one slide, a strict build stops); a note where whole items
    (a lesson's points, a story's beats) went over slides, each part marked (1/2), (2/2)."""
    return Squeeze(source, f"{what}: too long for one slide, split over {parts} slides",
                   "shorten it to fit one slide", "warning" if between_words else "note")


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


# a slide the data plans no time for gets at least this much of what the planned ones leave, else
# the plan is set aside for the segment (the even split): a slide must never be timed at 0:00
MIN_FREE_SECONDS = 30


def planned_seconds(total: int, planned: list[int], weights: list[float]) -> list[int]:
    """`total` seconds over a segment's slides when the data plans some of them (`planned`, 0: not
    planned): those keep their time, the others share the rest by weight; with none left to share
    it, the rest goes to the last slide (the debrief is in its notes). When the plan does not fit
    the segment, or leaves too little for the others, every slide is split by weight (`split_seconds`)."""
    fixed = sum(planned)
    free = [i for i, p in enumerate(planned) if not p]
    rest = total - fixed
    if not fixed or rest < MIN_FREE_SECONDS * len(free) or rest < 0:
        return split_seconds(total, weights)
    parts = list(planned)
    if free:
        for i, n in zip(free, split_seconds(rest, [weights[i] for i in free])):
            parts[i] = n
    else:
        parts[-1] += rest
    return parts


def people_height(panel: tuple, t: Labels, roles: bool, columns: int, width: float = fit.CONTENT_WIDTH,
                  moderator: str = "", px: int = PEOPLE_PX) -> float:
    column = (width - 48 * (columns - 1)) / columns
    line = px * PEOPLE_LINE
    heights = []
    for person in panel:
        height = fit.line_count(person.introduced(t), px, column) * line  # as the title slide shows it
        if roles:
            role = (f"{moderator} · " if person.is_moderator else "") + person.role
            height += fit.line_count(role, px, column) * line
        heights.append(height)
    rows = [heights[i:i + columns] for i in range(0, len(heights), columns)]
    return sum(max(row) for row in rows) + PEOPLE_GAP * max(len(rows) - 1, 0)


def names_height(names: tuple[str, ...], px: int, columns: int, width: float) -> float:
    column = (width - 32 * (columns - 1)) / columns
    per_column = -(-len(names) // columns)
    lines = sorted((fit.line_count(n, px, column) for n in names), reverse=True)
    return sum(lines[:per_column]) * px * 1.4 + 24


def clock(seconds: float) -> str:
    """A duration as the speaker notes give it: 2:05."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def marked(option: Item) -> Item:
    """A choice question's best option as its slide shows it: marked on the slide's click."""
    return replace(option, best=True, step=True)


def option_mark(letters: str, index: int) -> str:
    """An option's letter; past the end of the alphabet (an author's shorter one), its number."""
    return letters[index] if index < len(letters) else str(index + 1)


def shown_url(url: str) -> str:
    """The site's address as printed under the QR code: no scheme, shortened when very long."""
    bare = url.split("://", 1)[-1].rstrip("/")
    return bare if len(bare) <= 60 else bare.split("/", 1)[0] + "/…"
