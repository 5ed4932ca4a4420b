"""The presenter slides (reveal.js): `deck.py` plans them as data (which slides, notes, timing),
`fit.py` measures text without a browser, `html.py` renders the deck and is the build's output,
`pdf.py` prints it (Chromium) with a speaker-notes handout. Templates: `templates/slides/`."""

from .deck import Deck, build_deck
from .html import FOLDER, SlidesOutput, deck_html, find_reveal, verify, write_deck

__all__ = ["FOLDER", "Deck", "SlidesOutput", "build_deck", "deck_html", "find_reveal", "verify", "write_deck"]
