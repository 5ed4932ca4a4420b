"""The evaluation: questions for the participants (`evaluation:` in workshop.yml), asked on a page
of the site (answers kept in the browser, sent by e-mail or copied: panelpress runs no server),
on a one-page paper form, and reached from the closing slide and the takeaways card by a QR code.

A question is asked `before` the workshop starts, `after` it (the default) or at `both` times
(the same confidence question at the opening and at the close shows what changed). Every
output lists the questions in the same two parts, from `sections`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PAGE = "evaluation.md"  # the site's evaluation page, docs-relative


@dataclass(frozen=True)
class Asked:
    """One question at one time: `field` names its answer (in the browser, in the e-mail)."""

    spec: Any  # schema.EvaluationQuestion: its fields read through (`asked.question` is its text)
    phase: str  # 'before' or 'after'
    number: int  # within its section
    field: str  # 'confidence:before'
    # a rating's ends, the catalogue's ("Not at all" … "Very much") where the author named none:
    # a bare 1-to-5 row on paper does not say which end is good
    low: str | None = None
    high: str | None = None

    def __getattr__(self, name: str) -> Any:  # read through to the question's fields
        if name.startswith("__") or name == "spec":
            raise AttributeError(name)
        return getattr(self.spec, name)


@dataclass(frozen=True)
class Section:
    phase: str  # 'before' or 'after'
    questions: tuple[Asked, ...]


def sections(workshop: Any) -> tuple[Section, ...]:
    """The questions asked at the start, then those asked at the end; empty parts left out."""
    spec = workshop.evaluation
    if spec is None:
        return ()
    t = workshop.labels
    out = []
    for phase in ("before", "after"):
        asked = [q for q in spec.questions if q.when in (phase, "both")]
        if asked:
            out.append(Section(phase, tuple(Asked(q, phase, n, f"{q.id}:{phase}", *_ends(q, t))
                                            for n, q in enumerate(asked, 1))))
    return tuple(out)


def _ends(question: Any, t: Any) -> tuple[str | None, str | None]:
    if question.kind != "rating":
        return None, None
    return question.low or t.evaluation_rating_low, question.high or t.evaluation_rating_high


def target_url(workshop: Any, site_url: str | None, directory_urls: bool = True) -> str | None:
    """Where a QR code sends a participant: the organiser's form, else the site's evaluation page
    under `site_url`, else nowhere (no QR code)."""
    spec = workshop.evaluation
    if spec is None:
        return None
    if spec.url:
        return spec.url
    if site_url:
        from .handouts import page_url

        return page_url(site_url, PAGE, directory_urls)
    return None
