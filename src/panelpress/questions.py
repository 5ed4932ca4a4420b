"""The moderator's question bank (data/questions/*.yml): the rules that span files.

A question is aimed at panelists (`to:`, or `everyone`); agenda items use questions by id: a
`discussion` item asks its `questions:` in order, a `qa` item keeps `starters:` for a quiet room.
A question that no agenda item uses must say it is a backup (`spare: true`), or it is forgotten
work: the build warns. The bank is for facilitators only; a question asked in a discussion
segment is the one thing of it the room sees (on its slide).
"""

from __future__ import annotations

from typing import Any

from . import schema
from .diagnostics import Diagnostic, did_you_mean
from .load import Document

USING_FIELDS = ("questions", "starters")  # the agenda fields that name questions


def _unknown(doc: Document, loc: tuple, ref: str, known: list[str]) -> Diagnostic:
    hint = did_you_mean(ref, known) or (f"known question ids: {', '.join(sorted(known))}" if known
                                         else "there is no question yet: add one a file in data/questions/")
    return doc.diagnostic(loc, f"unknown question '{ref}'", hint)


def cross_check(doc: Document, ws: schema.WorkshopSpec, found: dict[str, Any], broken: set[str],
                complete: bool) -> list[Diagnostic]:
    """Question ids the agenda names exist; each question's `to` names panelists; every question
    is used or spare (checked only when every file is valid, as for the other kinds)."""
    diags: list[Diagnostic] = []
    panelists = [p.id for p in ws.panel.panelists]
    for index, person in enumerate(ws.panel.panelists):
        if person.id == schema.EVERYONE:
            diags.append(doc.diagnostic(("panel", "panelists", index, "id"), f"'{schema.EVERYONE}' cannot be a "
                                        "panelist's id: a question's `to: everyone` means the whole panel",
                                        "give the panelist another id"))
    used: set[str] = set()
    dangling = False
    for n, item in enumerate(ws.agenda):
        for field in USING_FIELDS:
            for i, ref in enumerate(getattr(item, field)):
                used.add(ref)
                if ref not in found and ref not in broken:
                    dangling = True
                    diags.append(_unknown(doc, ("agenda", n, field, i), ref, list(found)))
    for qid, loaded in found.items():
        for i, target in enumerate(loaded.spec.to):
            if target == schema.EVERYONE:
                continue
            loc = ("to", i) if isinstance(loaded.doc.data.get("to"), list) else ("to",)
            if target == ws.panel.moderator.id:
                diags.append(loaded.doc.diagnostic(loc, f"the question is aimed at '{target}', the moderator, who asks the questions",
                                                   "aim the question at panelists, or at `everyone`"))
            elif target not in panelists:
                hint = did_you_mean(target, [*panelists, schema.EVERYONE]) or (
                    f"the panelists are: {', '.join(panelists)}; or write `everyone`")
                diags.append(loaded.doc.diagnostic(loc, f"'{target}' is not on the panel", hint))
        # with a misspelt id on the agenda, the question it meant would be reported unused as well
        if complete and not dangling and qid not in used and not loaded.spec.spare:
            diags.append(loaded.doc.diagnostic(
                ("id",), f"question '{qid}' is not used by any agenda item and is not spare",
                "list it under a discussion item's `questions:` or a qa item's `starters:`, "
                "or mark it `spare: true`", severity="warning"))
    return diags


def time_warnings(workshop: Any, doc: Document) -> list[Diagnostic]:
    """A discussion whose questions take longer than its agenda item gives it."""
    diags = []
    for slot in workshop.agenda:
        needed = sum(q.minutes for q in slot.questions)
        if slot.kind == "discussion" and needed > slot.minutes:
            diags.append(doc.diagnostic(
                ("agenda", slot.number - 1, "minutes"),
                f"the questions of this discussion take {needed} minutes, but the agenda gives it {slot.minutes}",
                "give the item more minutes, ask fewer questions, or lower their `minutes`", severity="warning"))
    return diags
