"""The slides that open and close the deck: the title with the panel, and the takeaways and thanks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import Slot, Workshop
from . import fit
from .data import ClosingLayout, Item, Note, Slide, Squeeze, TitleLayout
from .layout import (BODY_HEIGHT, LABEL_HEIGHT, QR_PAIR_WIDTH, QR_WIDTH, THANKS_LAYOUTS, TITLE_LAYOUTS, TITLE_SIZES,
                     names_height, people_height, shown_url)
from .notes import SpeakerNotes


class OpeningClosing(SpeakerNotes):
    def title_slides(self, first: Slot) -> None:
        """The title with the panel; when they cannot share a slide, the panel gets its own."""
        w = self.workshop
        introduce = Note(self.t.note_introduce, items=tuple(f"{self.spoken_name(p)}: {p.role}" for p in w.panel))
        notes = (*self.segment_notes(first), introduce, *self.feedback_notes("before"))
        base = Slide("title", w.title, first, label=w.date or "", text=w.subtitle or "", notes=notes)
        height = BODY_HEIGHT - (LABEL_HEIGHT if base.label else 0)
        for n, (title_px, sub_px, roles, columns) in enumerate(TITLE_LAYOUTS):
            needed = self.title_block(w, title_px, sub_px) + people_height(w.panel, self.t, roles, columns,
                                                                           moderator=self.t.moderator)
            if needed <= height:
                if n >= 2:
                    # notes: the deck lays them out otherwise, nothing is lost from the room's view
                    self.squeezes.append(Squeeze(("workshop", w.id, "panel"), "the title slide is crowded: the panel's "
                                                 "roles are left out and the title set smaller", severity="note"))
                self.add(0, replace(base, layout=TitleLayout(w.panel, title_px, sub_px, roles, columns)))
                return
        title_px = next((px for px in TITLE_SIZES if self.title_block(w, px, 28) <= height), TITLE_SIZES[-1])
        self.squeezes.append(Squeeze(("workshop", w.id, "panel"), "the title and the panel do not fit on one slide: "
                                     "the panel gets a slide of its own", severity="note"))
        # the panel is introduced on its own slide: its notes say how (not the title's)
        self.add(0, replace(base, notes=tuple(n for n in notes if n != introduce),
                            layout=TitleLayout((), title_px, 28, False, 1)))
        self.list_slides(0, Slide("list", self.t.the_panel, first, label=w.title, notes=(introduce,)),
                         [Item(f"{p.introduced(self.t)}: {p.role}") for p in w.panel], ("workshop", w.id, "panel"), "the panel")

    def spoken_name(self, person: Any) -> str:
        """A name as the moderator introduces it: with its own script, how to say it and the person's pronouns."""
        extra = ([person.native_name] if person.native_name else []) + \
            ([self.t.text("note_say", text=person.pronunciation)] if person.pronunciation else []) + \
            ([person.pronouns] if person.pronouns else [])
        # the name in its own script first in the brackets, as Panelist.introduced sets it
        return f"{person.display_name} ({'; '.join(extra)})" if extra else person.display_name

    @staticmethod
    def title_block(w: Workshop, title_px: int, sub_px: int) -> float:
        height = fit.title_height(w.title, title_px) + 16
        if w.subtitle:
            height += fit.line_count(w.subtitle, sub_px, fit.CONTENT_WIDTH) * sub_px * 1.3 + 32
        return height

    def closing(self, index: int, slot: Slot) -> None:
        w = self.workshop
        notes = tuple(self.segment_notes(slot))
        if w.take_home_exercises:  # not shown: they are not done in the room, only pointed to
            notes += (Note(self.t.note_take_home, items=tuple(
                self.t.text("note_take_home_item", title=e.title, minutes=e.minutes) for e in w.take_home_exercises)),)
        self.list_slides(index, Slide("list", self.t.slide_takeaways, slot, label=slot.title, notes=notes),
                         [Item(t) for t in w.takeaways], ("workshop", w.id, "takeaways"), "the takeaways")
        names = tuple(p.display_name for p in w.panel)
        feedback = self.feedback_url  # its QR code sits beside the site's
        closing_notes = notes + (*self.feedback_notes("after"), Note(self.t.note_thank, items=names))
        if not self.site_url and not feedback and self.thanks_slide(index, slot, closing_notes):
            return
        qr_width = QR_PAIR_WIDTH if self.site_url and feedback else QR_WIDTH if self.site_url or feedback else -48
        width = fit.CONTENT_WIDTH - (qr_width + 48)
        height = self.body_height(self.t.slide_thanks, w.title)
        layout = next(((px, cols) for px, cols in ((34, 1), (28, 2), (28, 3))
                       if names_height(names, px, cols, width) <= height), None)
        if layout is None:
            self.squeezes.append(Squeeze(("workshop", w.id, "panel"), "the panel's names do not fit on the closing "
                                         "slide: they are in the speaker notes only"))
        self.add(index, Slide("closing", self.t.slide_thanks, slot, label=w.title, text=self.site_url,
                              notes=closing_notes,
                              layout=ClosingLayout(names if layout else (), layout[0] if layout else 0,
                                                   layout[1] if layout else 1, shown_url(self.site_url),
                                                   feedback, shown_url(feedback))))

    def thanks_slide(self, index: int, slot: Slot, notes: tuple[Note, ...]) -> bool:
        """The closing slide with no QR code to show (a workshop without `site_url` or evaluation, as
        `panelpress new` makes it): the names alone left it 80 % empty (review 23), so the thanks
        and the panel with their roles fill it, as on the title slide. False: they do not fit."""
        w = self.workshop
        height = BODY_HEIGHT - LABEL_HEIGHT
        for title_px, px, roles, columns in THANKS_LAYOUTS:
            needed = fit.title_height(self.t.slide_thanks, title_px) + 32 + people_height(
                w.panel, self.t, roles, columns, moderator=self.t.moderator, px=px)
            if needed <= height:
                self.add(index, Slide("closing", self.t.slide_thanks, slot, label=w.title, notes=notes,
                                      layout=ClosingLayout((), 0, columns, "", "", "", panel=w.panel, title_px=title_px,
                                                           people_px=px, roles=roles)))
                return True
        return False
