"""A small workshop that puts Markdown (bold, italics, a nested list, links by id and to a docs/
page) in every field documented as Markdown, and a rewrite whose original is a whole e-mail."""

from __future__ import annotations

from pathlib import Path

import yaml

from panelpress import scaffold

ORIGINAL = """Subject: Quick question

Hi Sam,

I saw your talk last week.
Could we meet for ten minutes?

Thanks,
Alex"""


def markdown(tag: str) -> str:
    """Markdown an author would write: the words carry `tag` so a test can find each field."""
    return (f"Start with **strong {tag}** and _light {tag}_; see [the checklist](exercise:ready-check) "
            f"and [](story:first-job).\n\n"
            f"- first {tag}\n"
            f"  - nested {tag}\n"
            f"  - also nested {tag}\n"
            f"- second {tag}, [about](about.md)\n")


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text("# yaml-language-server: $schema=../../schema/x.schema.json\n"
                    + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def create(root: Path) -> Path:
    scaffold.create(root, "Markdown panel")
    data = root / "data"

    def workshop(d):
        d["summary"] = markdown("workshop-summary")
        d["panel"]["moderator"]["bio"] = markdown("moderator-bio")
        d["panel"]["panelists"][0]["bio"] = markdown("panelist-bio")
        for item in d["agenda"]:
            item["notes"] = markdown(f"notes-{item['kind']}")
        d["agenda"].insert(4, {"kind": "exercise", "ref": "the-email", "minutes": 4, "lead": "moderator",
                               "notes": markdown("notes-rewrite")})
        d["agenda"].insert(5, {"kind": "exercise", "ref": "the-call", "minutes": 3, "lead": "moderator"})
        d["duration_minutes"] += 7
    _edit(data / "workshop.yml", workshop)

    def lesson(d):
        for field in ("summary", "body", "facilitator_notes"):
            d[field] = markdown(f"lesson-{field}")
    _edit(data / "lessons" / "first-lesson.yml", lesson)

    _edit(data / "anecdotes" / "first-job.yml", lambda d: d.update(story=markdown("story")))

    def choice(d):
        for field in ("prompt", "instructions", "facilitator_notes", "model_answer"):
            d[field] = markdown(f"choice-{field}")
        for n, option in enumerate(d["questions"][0]["options"]):
            option["feedback"] = markdown(f"feedback-{n}")
    _edit(data / "exercises" / "next-step.yml", choice)

    (data / "exercises" / "the-email.yml").write_text(yaml.safe_dump({
        "id": "the-email", "kind": "rewrite", "title": "Rewrite the e-mail", "minutes": 4,
        "prompt": markdown("rewrite-prompt"), "instructions": markdown("rewrite-instructions"),
        "facilitator_notes": markdown("rewrite-notes"), "original": ORIGINAL,
        "rubric": ["Says who you are.", "Asks for one small thing."],
        "model_answer": "Subject: Ten minutes next week?\n\nHi Sam,\n\nYour talk on **first jobs** stayed "
                        "with me.\n\nBest,\nAlex\n\n" + markdown("rewrite-model"),
    }, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (data / "exercises" / "the-call.yml").write_text(yaml.safe_dump({
        "id": "the-call", "kind": "roleplay", "title": "The phone call", "minutes": 3,
        "prompt": markdown("roleplay-prompt"), "situation": markdown("roleplay-situation"),
        "roles": [{"name": "Caller", "brief": markdown("brief-caller")},
                  {"name": "Panelist", "brief": markdown("brief-panelist")}],
    }, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root
