"""Turns the moderator's notes give a panelist by name ("Ask Min-jun to say what he would have
offered", "let Amara or Dana say honestly whether they would reply").

Review 25 #3: the structured parts of a panelist's day (what they lead, the questions aimed at
them, their stories, the exercise answers they give on stage) reached their briefing, but a turn
written only in a segment's free text did not: the moderator turned to someone for something
their briefing never mentioned. This module finds those sentences, so that the briefing
highlights the segment ("the moderator may ask you") and quotes them under "Your segments".

The rule, for any author's workshop:

- **Where**: the text the moderator works from in a segment, as the facilitator guide's plan
  gathers it (handouts/guide.plan): the segment's `say:`, its notes and its lesson's or
  exercise's `facilitator_notes`, the exercise's debrief and the questions for the room.
  Not the panel's question bank (aimed by `to:`, already in the briefing) and not the text
  participants read.
- **Who**: a panelist (the moderator runs the room), in a segment they do not lead (a leader's
  briefing has that segment whole, or it is their own story).
- **A name**: the person's `short_name`, display name (the Latin form) and name in its own
  script, matched whole and case-sensitively: not inside a longer word or a hyphenated name
  (`Dana` is not in `Danai` nor `Dana-Marie`; `Min-jun` is one name), and not a possessive
  ("after Amara's rewrite" speaks of her work, it is no turn for her). A name the workshop
  also writes in lower case (`Will`, `Grace`: "will", "grace") is a name only where it does
  not start a sentence, where a capital proves nothing. A name two people share (two Sams)
  is no one's: their full names still count.
- **What is quoted**: each sentence that names them, once, in the segment's order, but not
  the noise (review 25): a sentence that names every panelist (a panel of three or more) is a
  roll call, the same for all and a turn for none ("Dana on scenario 1, Amara on scenario 2,
  José on scenario 3"); and where the segment already gives them a part their briefing states
  from the data (a discussion question aimed at them, an exercise question they answer on
  stage, their story), a sentence that names them among others is the moderator's plan for
  that part, which the briefing says better ("Two questions that bring Dana and José back
  in"). A sentence that names them alone is kept even there: it asks them for something
  the data does not ("Ask Layla after each question what she hears most often").

Airtime does not count these turns: the notes plan no minutes for them (see airtime.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .airtime import stage_answers
from .handouts.guide import plan

if TYPE_CHECKING:
    from .model import Panelist, Slot, Workshop


@dataclass(frozen=True)
class Mention:
    """The sentences of one segment's moderator text that name one panelist."""

    slot: Slot
    person: Panelist
    sentences: tuple[str, ...]  # Markdown, as the author wrote them


# A sentence ends at . ! ? (closing quotes or brackets may follow) before white space, or at a
# paragraph's or a list item's end.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d+[.)])\s+")
_MARKUP = re.compile(r"[*_`]+|\[([^\]]*)\]\([^)]*\)")


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown text, each on one line (its wrapped lines joined)."""
    out = []
    for paragraph in _PARAGRAPHS.split(markdown):
        text = " ".join(paragraph.split())
        if text.startswith(("- ", "* ", "+ ")):
            text = text[2:]
        out += [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
    return out


def plain(markdown: str) -> str:
    """The sentence's words without Markdown marks (`**most often**` → `most often`)."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown)


def texts(workshop: Workshop, index: int) -> tuple[str, ...]:
    """The moderator's text of the agenda's `index`-th segment, in the order the script gives it."""
    p = plan(workshop.segments[index], workshop.panel)
    return tuple(t for t in (p.script, *p.notes, *p.debrief, *p.discussion, *p.ask) if t)


def _pattern(name: str) -> re.Pattern[str]:
    # whole word: no letter, digit, hyphen or apostrophe joined on either side; and not a
    # possessive: "after Amara's rewrite" speaks of her work, it gives her no turn
    return re.compile(rf"(?<![\w'’-]){re.escape(name)}(?!\w|-\w|['’]s\b)")


def names(workshop: Workshop) -> dict[str, tuple[str, ...]]:
    """Each panelist's names the text may use (by panelist id), a name two people share left out."""
    every = {p.id: tuple(dict.fromkeys(n.strip() for n in (p.spec.short_name, p.display_name, p.native_name) if n and n.strip()))
             for p in workshop.panel}
    shared = Counter(n for found in every.values() for n in found)
    return {pid: tuple(n for n in found if shared[n] == 1) for pid, found in every.items()}


def _starts_sentence(sentence: str, start: int) -> bool:
    return not plain(sentence[:start]).strip(" \"'“‘(")


def _parts(workshop: Workshop, index: int) -> set[str]:
    """The ids of the panelists who already have a part in the agenda's `index`-th segment that
    their briefing gives from the data: a discussion question aimed at them, an exercise question
    they answer on stage, a story of theirs the segment tells."""
    slot = workshop.agenda[index]
    ids = {member.id for q in slot.questions for member in q.to}
    ids |= {a.person.id for a in stage_answers(workshop) if a.slot is slot}
    ids |= {story.teller.id for story in workshop.segments[index].anecdotes if story.teller is not None}
    return ids


def mentions(workshop: Workshop, person: Panelist | None = None) -> tuple[Mention, ...]:
    """Every segment's sentences that name a panelist who does not lead it, in agenda order
    (only `person`'s, when given), without the noise the module's rule leaves out. Found once a
    workshop (Workshop.mentions): each briefing, each of its run-of-show rows and each thank-you
    note asks."""
    found = workshop.mentions
    return found if person is None else tuple(m for m in found if m.person is person)


def by_slot(workshop: Workshop, person: Panelist) -> dict[int, Mention]:
    """`person`'s mentions by the id() of their slot."""
    return {id(m.slot): m for m in mentions(workshop, person)}


def find(workshop: Workshop) -> tuple[Mention, ...]:
    """`mentions` of every panelist, worked out from the moderator's texts (Workshop.mentions keeps them)."""
    by_id = names(workshop)
    corpus = [texts(workshop, i) for i in range(len(workshop.agenda))]
    lower_words = set(re.findall(r"\b[^\W\d_]+\b", " ".join(t for ts in corpus for t in ts)))
    patterns = {member.id: [(_pattern(n), n.lower() in lower_words and n != n.lower()) for n in by_id[member.id]]
                for member in workshop.panelists}
    everyone = {member.id for member in workshop.panelists}
    out = []
    for index, (slot, written) in enumerate(zip(workshop.agenda, corpus)):
        found: dict[str, list[str]] = {}
        seen: set[str] = set()
        parts: set[str] | None = None
        for text in written:
            for sentence in sentences(text):
                if sentence in seen:
                    continue
                seen.add(sentence)
                words = plain(sentence)
                named = {pid for pid, pats in patterns.items()
                         if any(any(not (common and _starts_sentence(words, m.start())) for m in pattern.finditer(words))
                                for pattern, common in pats)}
                if len(everyone) >= 3 and named == everyone:
                    continue  # a roll call of the whole panel: the same for all, a turn for none
                for pid in named:
                    if len(named) > 1:  # among others: noise where the briefing has their part already
                        if parts is None:
                            parts = _parts(workshop, index)
                        if pid in parts:
                            continue
                    found.setdefault(pid, []).append(sentence)
        for member in workshop.panelists:
            if slot.lead is member:
                continue
            if member.id in found:
                out.append(Mention(slot, member, tuple(found[member.id])))
    return tuple(out)
