"""The shape of the files an author writes: one pydantic model per kind of file.

This module is the data format's single definition. Validation of a document, the JSON
Schema that editors use to complete YAML, and the field documentation all come from it.
Plain-text fields are escaped wherever they land; fields typed `Markdown` are rendered
as Markdown (raw HTML is stripped). Cross-file rules (references, unique ids, the agenda's
sum) live in `validate.py`, because a single file cannot know them.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model, model_validator
from pydantic_core import PydanticCustomError

from . import clock
from . import labels as labels_catalogue
from .diagnostics import did_you_mean

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLOCK_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="An id: lower-case letters, digits and single hyphens, e.g. `cold-message`."),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="Plain text (shown exactly as written; no Markdown, no HTML)."),
]
MARKDOWN_NOTE = ("Markdown: paragraphs, **bold**, *italics*, lists (nest them by two spaces), [links](https://…); "
                 "link to a page of this workshop by id: [text](lesson:ID), (story:ID), (exercise:ID). "
                 "Raw HTML is removed.")
TEXT_NOTE = "Plain text: shown exactly as written (no Markdown)."
Markdown = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    Field(
        description=MARKDOWN_NOTE,
        json_schema_extra={"contentMediaType": "text/markdown"},
    ),
]
MarkdownLine = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description=MARKDOWN_NOTE, json_schema_extra={"contentMediaType": "text/markdown"}),
]
Minutes = Annotated[int, Field(ge=1, le=600, description="Length in whole minutes.")]
Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^(https?://|mailto:)\S+$"),
    Field(description="A web address starting with https://, http:// or mailto:."),
]


def rule_error(message: str, hint: str, *at: str | int) -> PydanticCustomError:
    """A rule broken inside one file. `at` is the key path, below the model that checks the
    rule, where the author must look; validate.py positions the message there."""
    return PydanticCustomError("panelpress_rule", message.replace("{", "(").replace("}", ")"),
                               {"hint": hint, "at": at})


class Spec(BaseModel):
    """Every spec: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --- the workshop ---------------------------------------------------------------------


class Image(Spec):
    src: Text = Field(description="Path of the image, relative to docs/, or an https:// address.")
    alt: Text = Field(description="What the image shows, for people who cannot see it (required).")


PUBLIC = "Public: shown to everyone, on the site's Meet the panel page."
# Who may read a field. Every field is for participants unless marked facilitators-only here, with
# `FOR_FACILITATORS` in its Field(): the one place the build's leak check (leaks.py) and the JSON
# Schema's "Seen by:" sentence (json_schemas) read it from.
AUDIENCE = "audience"
FOR_FACILITATORS = {AUDIENCE: "facilitators"}
SEEN_BY_PARTICIPANTS = "Seen by: participants."
SEEN_BY_FACILITATORS = "Seen by: facilitators only (never on the public site)."
PUBLIC_SLIDE = "Public: shown to the room on the Q&A slide."
FACILITATORS = "Facilitators only: never on a participant page."


class PersonLink(Spec):
    title: Text = Field(description="What the link is, e.g. `Portfolio`. " + PUBLIC)
    url: Url = Field(description="Where it goes. " + PUBLIC)


class Person(Spec):
    id: Slug
    name: Text
    name_latin: Text | None = Field(
        default=None, description="The name in Latin letters when `name` is written in another script, e.g. "
                                  "`Layla Haddad` for `ليلى حداد`: every output names the person by it (the "
                                  "name participants read in the bios: the site's agenda, the slides, the "
                                  "name tents, the handouts), with `name` beside it where the person is "
                                  "introduced (the panel's cards and lists, a briefing's title). A name written "
                                  "as `Mei-Ling Zhou (周美玲)` needs none. " + PUBLIC)
    short_name: Text | None = Field(
        default=None, description="What to call them in a note to them: the given name (`Amara`) or the form they "
                                  "prefer (`Dr Okafor`, `Min-jun`). Their briefing and the thank-you note open "
                                  "with it (\"Dear Amara,\"). Leave out: the full name, as it is safest where the "
                                  "family name may come first.")
    role: Text = Field(description="Job title and organisation, one line.")
    bio: Markdown = ""
    photo: Image | None = None
    pronunciation: Text | None = Field(
        default=None, description="How to say the name, in plain syllables with the stressed one in capitals, "
                                  "e.g. `MAY-ling JOH`. " + PUBLIC + " The moderator's script reads it too.")
    pronouns: Text | None = Field(default=None, description="e.g. `she/her`, `they/them`. " + PUBLIC)
    links: tuple[PersonLink, ...] = Field(default=(), description="Public links (a portfolio, a profile), each "
                                          "with `title:` and `url:`. " + PUBLIC)


class Panel(Spec):
    moderator: Person
    panelists: tuple[Person, ...] = Field(min_length=1)


def _one_or_many(value: Any) -> Any:
    """`to: everyone` and `to: dana` are a list of one."""
    return (value,) if isinstance(value, str) else value


AgendaKind = Literal["opening", "lesson", "anecdote", "exercise", "discussion", "qa", "break", "closing"]
REFERRING_KINDS = {"lesson": "lesson", "anecdote": "anecdote", "exercise": "exercise"}


class AgendaItem(Spec):
    kind: AgendaKind = Field(description="What happens in this segment.")
    minutes: Minutes = Field(description="Length in whole minutes. For an exercise, at least the exercise's "
                             "own `minutes` (the build warns otherwise).")
    ref: Slug | None = Field(
        default=None,
        description="For kinds lesson, anecdote and exercise: the id of the lesson, story or exercise. "
                    "An exercise is done in the room only when an agenda item of kind exercise refers to it "
                    "(it is then at this item's clock time); every other exercise, even one a lesson lists, "
                    "is take-home: no clock time, after the workshop in the workbook, optional in the "
                    "facilitator guide, not in the deck's timed flow.",
    )
    title: Text | None = Field(default=None, description="Shown title; defaults to the title of `ref`.")
    lead: Slug | None = Field(default=None, description="Id of the moderator or panelist who leads it.")
    say: Markdown = Field(
        default="", description="The words to say in this segment, as the facilitator says them to the room: the "
                                "welcome, a transition, the thank-you at the close (Markdown). First in the Say "
                                "column of the facilitator guide, the moderator script and the speaker notes; "
                                "`notes` are for what to do. " + FACILITATORS, json_schema_extra=FOR_FACILITATORS)
    notes: Markdown = Field(default="", description="Facilitator notes for this segment (Markdown).",
                            json_schema_extra=FOR_FACILITATORS)
    questions: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="For kind discussion: the ids of the questions (data/questions/) the moderator "
                                "asks, in order; the slides show one a slide (without any, the discussion is open: "
                                "one slide with its title). The question bank is facilitators "
                                "only, but a question asked here is shown to the room on its slide.")
    starters: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="For kind qa: ids of questions (data/questions/) the moderator asks if the room is "
                                "quiet. " + FACILITATORS + " (speaker notes).", json_schema_extra=FOR_FACILITATORS)
    themes: tuple[Text, ...] = Field(
        default=(), description="For kind qa: what the audience may ask about, shown on the Q&A slide. " + PUBLIC_SLIDE)
    cut_if_late: bool = Field(
        default=False, description="`true` when this segment is the first to go if the workshop runs late. "
                                   + FACILITATORS + " (speaker notes).", json_schema_extra=FOR_FACILITATORS)

    @model_validator(mode="after")
    def _ref_matches_kind(self) -> "AgendaItem":
        if self.questions and self.kind != "discussion":
            raise rule_error(f"an agenda item of kind '{self.kind}' takes no `questions:`",
                             "use kind discussion for a moderated discussion, or `starters:` on a qa item",
                             "questions")
        for name in ("starters", "themes"):
            if getattr(self, name) and self.kind != "qa":
                raise rule_error(f"an agenda item of kind '{self.kind}' takes no `{name}:`",
                                 f"`{name}:` belongs on an item of kind qa", name)
        if self.kind in REFERRING_KINDS and self.ref is None:
            raise rule_error(f"an agenda item of kind '{self.kind}' needs `ref:`",
                             f"add `ref:` with the id of the {self.kind}", "kind")
        if self.kind not in REFERRING_KINDS and self.title is None:
            raise rule_error(f"an agenda item of kind '{self.kind}' needs a `title:`",
                             "add `title:` with what the room sees, e.g. `title: Welcome`", "kind")
        return self


class Resource(Spec):
    title: Text
    url: Url
    note: Text | None = None


class PluralForms(Spec):
    """A count's wording for each plural form of the language (CLDR): {n} is the number."""

    zero: Text | None = None
    one: Text | None = None
    two: Text | None = None
    few: Text | None = None
    many: Text | None = None
    other: Text


class _LabelsBase(Spec):
    """The interface strings a workshop overrides; every key is one of panelpress's labels."""

    model_config = ConfigDict(protected_namespaces=())

    @model_validator(mode="after")
    def _known_slots(self) -> "_LabelsBase":
        for key in type(self).model_fields:
            value = getattr(self, key)
            if value is None or key in labels_catalogue.RETIRED:  # not shown: no slots to check
                continue
            allowed = labels_catalogue.allowed_slots(key)
            if isinstance(value, list):  # words to look for: no slots
                continue
            forms = value.model_dump(exclude_none=True) if isinstance(value, PluralForms) else {"": value}
            for form, text in forms.items():
                at = (key, form) if form else (key,)
                for name in sorted(labels_catalogue.slots(text) - allowed):
                    slots_hint = ", ".join(f"'{s}'" for s in sorted(allowed)) or "none"
                    raise rule_error(f"the label '{key}' has a slot '{name}' that panelpress does not fill in",
                                     did_you_mean(name, allowed) or f"the slots it may use: {slots_hint}", *at)
        return self

    @model_validator(mode="after")
    def _clock_pattern(self) -> "_LabelsBase":
        pattern = getattr(self, "time_format", None)
        why = clock.problem(pattern) if isinstance(pattern, str) else None
        if why:
            raise rule_error(f"the label 'time_format' '{pattern}' cannot print a clock time: {why}",
                             "write hours and minutes as a CLDR pattern, any word in single quotes: `HH:mm` "
                             "(13:05), `h:mm a` (1:05 PM), `H:mm 'Uhr'`, or `short` (the language's own)",
                             "time_format")
        return self


# What a label that is not words to show takes, before its English value in its description.
_LABEL_NOTES = {
    "date_format": "How a date is printed: `full`, `long`, `medium`, `short` (the language's own forms, CLDR) or "
                   "a CLDR pattern such as `EEEE d MMMM y`. ",
    "time_format": "How a clock time is printed (the agenda's, the start and end): a CLDR pattern, `HH:mm` "
                   "(13:05), `h:mm a` (1:05 PM, in en-CA 1:05 p.m.), or `short` (the language's own form). en-US "
                   "and en-CA: `h:mm a`. ",
}


def _labels_spec() -> type[_LabelsBase]:
    """One optional field per label of the English catalogue: an unknown key is an error with a
    suggestion, and editors complete the keys from the JSON Schema."""
    fields: dict[str, Any] = {}
    for key, text in labels_catalogue.english().items():
        if isinstance(text, dict):
            example = "; ".join(f"{form}: {wording}" for form, wording in text.items())
            fields[key] = (PluralForms | None, Field(default=None, description=f"A count. English: {example}"))
        elif isinstance(text, list):
            fields[key] = (list[Text] | None, Field(default=None, description="Words panelpress looks for in the "
                                                    f"workshop's text, not shown. English: {', '.join(text)}"))
        else:
            fields[key] = (Text | None, Field(default=None, description=_LABEL_NOTES.get(key, "") + f"English: {text}"))
    for key, instead in labels_catalogue.RETIRED.items():  # still accepted, with a note (validate.py)
        fields[key] = (Any, Field(default=None, description=f"No longer used: {instead}. Delete it.",
                                  json_schema_extra={"deprecated": True}))
    return create_model("Labels", __base__=_LabelsBase, **fields)


Labels = _labels_spec()


class PanelGuidelines(Spec):
    """What panel members should and should not do on stage; printed in each briefing."""

    do: tuple[Text, ...] = Field(default=(), description="Short lines, one advice each.",
                                 json_schema_extra=FOR_FACILITATORS)
    dont: tuple[Text, ...] = Field(default=(), description="Short lines, one thing to avoid each.",
                                   json_schema_extra=FOR_FACILITATORS)
# --- the event: its date and time zone, who organises it, the evaluation after it ------------
# (kept together; event.py turns them into the calendar file and the schema.org Event,
# evaluation.py into the evaluation page and the paper form)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Only digits and date punctuation: meant as a date in numbers, so it must be one we can read.
# Anything with letters ("Thursday, October 16, 2025") is an older workshop's free text, kept
# with a warning (validate.py), because workshops written before dates were dates must build.
NUMERIC_DATE = re.compile(r"^[\d\s./:T+-]+$")


def value_error(message: str, hint: str) -> PydanticCustomError:
    """A value that cannot be read: validate.py points the message at the value itself."""
    return PydanticCustomError("panelpress_value", message.replace("{", "(").replace("}", ")"), {"hint": hint})


def _event_date(value: str) -> str:
    if ISO_DATE.match(value):
        year, month, day = (int(part) for part in value.split("-"))
        if not 1 <= month <= 12:
            raise value_error(f"'{value}' is not a date: there is no month {month}",
                              "write it as YYYY-MM-DD (year, month, day), e.g. 2025-10-16")
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise value_error(f"'{value}' is not a date: {calendar.month_name[month]} {year} has "
                              f"{calendar.monthrange(year, month)[1]} days",
                              "write it as YYYY-MM-DD (year, month, day), e.g. 2025-10-16")
    elif NUMERIC_DATE.match(value):
        hint = "write it as YYYY-MM-DD (year, month, day), e.g. 2025-10-16"
        if ":" in value:
            hint += "; the clock time goes in `start_time:` (HH:MM)"
        raise value_error(f"'{value}' is not a date panelpress can read", hint)
    return value


# Abbreviations say the offset, not the place, and some (EST, MST) are zones of the database with
# no summer time: a zone is named by its place, so the calendar is right in every season.
_ABBREVIATIONS = {"PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PT": "America/Los_Angeles",
                  "MST": "America/Denver", "MDT": "America/Denver", "CST": "America/Chicago",
                  "CDT": "America/Chicago", "EST": "America/New_York", "EDT": "America/New_York",
                  "ET": "America/New_York", "GMT": "Europe/London", "BST": "Europe/London",
                  "CET": "Europe/Paris", "CEST": "Europe/Paris", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo",
                  "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney"}


def _time_zone(value: str) -> str:
    place = _ABBREVIATIONS.get(value.upper())
    if place:
        raise value_error(f"'{value}' is an abbreviation, not a time zone",
                          f"name the place, e.g. `timezone: {place}`: its summer time then comes by itself")
    if value not in _time_zones() or ("/" not in value and value != "UTC"):
        raise value_error(f"unknown time zone '{value}'",
                          did_you_mean(value, _time_zones()) or "use an IANA name such as America/Los_Angeles, "
                          "Europe/London or Asia/Tokyo")
    return value


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    import zoneinfo  # the system's tz database, else the tzdata package (a dependency)

    return frozenset(zoneinfo.available_timezones())


EventDate = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_event_date),
    Field(description="The day of the workshop, YYYY-MM-DD (e.g. 2025-10-16); every output shows it in the "
                      "workshop's language (the label `date_format`). With `timezone:` it also makes the "
                      "calendar file. Free text (\"Thursday, October 16, 2025\") is still shown as written, "
                      "with a warning, and makes no calendar file.",
          json_schema_extra={"examples": ["2025-10-16"]}),
]
TimeZone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_time_zone),
    Field(description="The IANA time zone of the venue, e.g. America/Los_Angeles or Europe/London: the calendar "
                      "file and the schema.org Event give the start and end in it.",
          json_schema_extra={"examples": ["America/Los_Angeles", "Europe/London"]}),
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    Field(description="An e-mail address, e.g. careers@example.edu."),
]


class Organiser(Spec):
    name: Text = Field(description="Who organises the workshop, e.g. the career centre.")
    url: Url | None = Field(default=None, description="Its web address.")


class EvaluationQuestion(Spec):
    """One question of the evaluation. `rating` is answered 1 to 5, `choice` from `options`, `text` in words."""

    id: Slug = Field(description="An id, unique in the evaluation: the answers are kept under it.")
    kind: Literal["rating", "choice", "text"] = Field(
        description="`rating`: a number from 1 to 5; `choice`: one of `options` (several with `multiple: true`); "
                    "`text`: the participant's own words.")
    question: Text
    when: Literal["before", "after", "both"] = Field(
        default="after", description="When it is asked: `after` the workshop (the default), `before` it starts, "
                                     "or `both` (the same question at the opening and at the close, e.g. confidence).")
    options: tuple[Text, ...] = Field(default=(), description="For kind choice: the answers to tick, two or more.")
    multiple: bool = Field(default=False, description="For kind choice: several options may be ticked.")
    low: Text | None = Field(default=None, description="For kind rating: what 1 means, e.g. `Not at all`.")
    high: Text | None = Field(default=None, description="For kind rating: what 5 means, e.g. `Very`.")
    lines: Annotated[int, Field(ge=1, le=12)] = Field(default=3, description=(
        "For kind text: ruled lines on paper, at least: on the printed form the written answers asked at the "
        "end share what room the page has left."))

    @model_validator(mode="after")
    def _fits_kind(self) -> "EvaluationQuestion":
        kind = self.kind
        if kind == "choice" and len(self.options) < 2:
            raise rule_error("a choice question needs at least two `options:`",
                             "list the answers under `options:`, one a line starting with `- `", "kind")
        if kind != "choice" and self.options:
            other = "it is answered 1 to 5" if kind == "rating" else "it is answered in words"
            raise rule_error(f"a {kind} question takes no `options:`: {other}",
                             "remove `options:`, or make it `kind: choice`", "options")
        if kind != "choice" and self.multiple:
            raise rule_error(f"`multiple:` is for choice questions, not {kind}", "remove `multiple:`", "multiple")
        for name in ("low", "high"):
            if kind != "rating" and getattr(self, name) is not None:
                raise rule_error(f"`{name}:` is for rating questions, not {kind}", f"remove `{name}:`", name)
        return self


class Evaluation(Spec):
    """What participants are asked about the workshop. Answers stay in their browser until they send
    them by e-mail, copy them, or use the organiser's own form: panelpress runs no server."""

    questions: tuple[EvaluationQuestion, ...] = Field(min_length=1)
    url: Url | None = Field(default=None, description="The organiser's own form (e.g. an online survey); the QR "
                                                      "codes open it instead of the site's evaluation page.")
    email: Email | None = Field(default=None, description="Where participants can send their answers by e-mail.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "Evaluation":
        seen: set[str] = set()
        for n, question in enumerate(self.questions):
            if question.id in seen:
                raise rule_error(f"duplicate question id '{question.id}'", "give each question its own id",
                                 "questions", n, "id")
            seen.add(question.id)
        return self


class WorkshopSpec(Spec):
    """data/workshop.yml: the workshop as a whole."""

    id: Slug
    title: Text
    subtitle: Text | None = None
    summary: Markdown = Field(description="What the workshop is about, a paragraph or two (Markdown).")
    audience: Text = Field(description="Who it is for, one sentence.")
    duration_minutes: Minutes
    start_time: Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)] = Field(
        default="18:00", description="Clock time the workshop starts, written 24-hour HH:MM (e.g. 18:00). Every "
        "output prints the agenda's times as the workshop's `language` tells time: 13:05, or 1:05 PM in en-US and "
        "1:05 p.m. in en-CA (the label `time_format` changes it)."
    )
    date: EventDate | None = Field(default=None, description=(
        "The day, written YYYY-MM-DD (year, month, day), e.g. `2027-02-18`: every output shows it in the "
        "workshop's language; with `timezone`, the site also gets a calendar file."))
    timezone: TimeZone | None = Field(default=None, description=(
        "The venue's IANA time zone, named by a place, e.g. `America/Toronto`, `Europe/London` (not an "
        "abbreviation such as `EST`): the calendar file's start and end."))
    venue: Text | None = Field(default=None, description="Where it happens, one line (the calendar's location).")
    organiser: Organiser | None = Field(default=None, description="Who organises it (the schema.org Event's "
                                        "organizer); default: the moderator.")
    evaluation: Evaluation | None = Field(default=None, description="Questions for the participants, on a page of "
                                          "the site and a printed form.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = Field(default="en", description=(
        "The language of every output, e.g. `en`, `en-GB`, `en-CA`: each page's and handout's language, the "
        "interface words (the label catalogue, src/panelpress/labels/: `en` spells British, `en-US` American) "
        "and how dates and clock times are written (`en-US`, `en-CA`: 12-hour)."))
    objectives: tuple[Text, ...] = Field(min_length=1)
    panel: Panel
    agenda: tuple[AgendaItem, ...] = Field(min_length=1)
    takeaways: tuple[Text, ...] = Field(min_length=1)
    resources: tuple[Resource, ...] = ()
    materials: tuple[Text, ...] = Field(default=(), description="What the facilitator brings to the room.",
                                        json_schema_extra=FOR_FACILITATORS)
    organiser_notes: Markdown = Field(
        default="", description="Notes for whoever runs this workshop (what to replace, what to book), shown first "
                                "in the facilitator kit: the guide's first page and kit/index.html (Markdown).",
        json_schema_extra=FOR_FACILITATORS)
    recorded: bool = Field(default=False, description="The event is filmed or its sound recorded (the sign-in sheet "
                                                      "then asks each person's consent; each panel member's "
                                                      "briefing says so, with a consent line).")
    photographed: bool = Field(default=False, description="Someone takes photos at the event (the sign-in sheet "
                                                          "then asks each person's consent).")
    expected_attendance: Annotated[int, Field(ge=1, le=1000)] = Field(
        default=30, description="How many people you expect: the sign-in sheet has a row for each, and fills "
        "its last page with more.",
        json_schema_extra=FOR_FACILITATORS)
    questions_url: Url | None = Field(
        default=None, description="Where the audience sends its questions (a form, a Q&A tool); the Q&A slide "
                                  "shows it as a QR code. " + PUBLIC_SLIDE)
    panel_guidelines: PanelGuidelines | None = Field(
        default=None, description="A do/don't list for the panel members' briefings. " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    labels: Labels = Field(  # type: ignore[valid-type]
        default_factory=Labels,
        description="Your own wording for panelpress's interface strings (headings, buttons, captions), "
        "by key; the keys and English texts are in src/panelpress/labels/en.yml.",
    )


# --- lessons and anecdotes --------------------------------------------------------------


class LessonSpec(Spec):
    """data/lessons/*.yml: one lesson."""

    id: Slug
    title: Text
    summary: Markdown = Field(description="One or two sentences: what the lesson teaches (Markdown).")
    objectives: tuple[Text, ...] = Field(min_length=1)
    body: Markdown = Field(description="The lesson itself (Markdown).")
    key_points: tuple[Text, ...] = Field(min_length=1)
    anecdotes: tuple[Slug, ...] = Field(default=(), description="Ids of the stories this lesson tells.")
    exercises: tuple[Slug, ...] = Field(
        default=(), description="Ids of the exercises of this lesson (its page links them). Listing one here "
                                "does not schedule it: only an agenda item of kind exercise gives it time in "
                                "the room; without one it is a take-home exercise.")
    discussion: tuple[Text, ...] = Field(default=(), description="Discussion questions.")
    facilitator_notes: Markdown = Field(default="", description="How to run the lesson (Markdown).",
                                        json_schema_extra=FOR_FACILITATORS)
    minutes: Minutes | None = None


class AnecdoteSpec(Spec):
    """data/anecdotes/*.yml: one story a panelist tells."""

    id: Slug
    title: Text
    teller: Slug = Field(description="Id of the panelist (or moderator) who tells it.")
    provenance: Literal["told", "adapted", "illustrative"] | None = Field(
        default=None,
        description="Where the story comes from, shown to everyone on the story's page and in the facilitator "
                    "guide: `told` (the teller's own experience), `adapted` (a real account, retold by this "
                    "teller), `illustrative` (an example made up to show a point). Leave it out to show nothing.",
    )
    setting: Text = Field(description="Where and when it happened, one line.")
    story: Markdown = Field(description="The whole story, as the teller would tell it (Markdown).")
    beats: tuple[Text, ...] = Field(min_length=1, description="Short lines, one idea each, for slides.")
    moral: Text = Field(default="", description=(
        "The point of the story, one sentence: its pull quote on the site, its own slide, the guide's and the "
        "script's \"The point:\". Leave out to let the room find the point (the `discussion` questions then "
        "follow the beats on the slides)."))
    discussion: tuple[Text, ...] = ()
    tags: tuple[Slug, ...] = ()
    your_version: Markdown = Field(default="", description=(
        "What the teller could tell instead, from their own experience (Markdown), e.g. `A cold request you have "
        "received (no names), and what you replied.`: a note to the teller, printed in their briefing under the "
        "story and in the facilitator guide's story; the moderator's script, the slides and the site never show it. "
        "Keep it out of the agenda item's `notes`, which the moderator reads mid-event. " + FACILITATORS),
        json_schema_extra=FOR_FACILITATORS)


# --- the question bank --------------------------------------------------------------------


EVERYONE = "everyone"


class QuestionSpec(Spec):
    """data/questions/*.yml: one question of the moderator's question bank. """ + FACILITATORS + """
    A question asked in a discussion segment is shown to the room on its slide."""

    id: Slug = Field(json_schema_extra=FOR_FACILITATORS)
    text: Text = Field(description="The question as the moderator asks it. " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    theme: Text = Field(description="What it is about, a few words (e.g. `first jobs`); groups the bank. "
                        + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    to: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        min_length=1, description="Who answers: panelist ids (`to: [dana, jose]`), or `everyone` (each panelist). "
                                  "Counts towards each one's airtime. " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    follow_ups: tuple[Text, ...] = Field(default=(), description="Shorter questions to dig deeper, in the speaker "
                                         "notes. " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    minutes: Minutes = Field(description="About how long the answers take, in whole minutes (shared among those "
                             "it is aimed at, for airtime). " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)
    spare: bool = Field(default=False, description="`true` for a backup question, asked when there is time or "
                        "the room is quiet; a question that is neither used by the agenda nor spare is warned "
                        "about. " + FACILITATORS,
        json_schema_extra=FOR_FACILITATORS)


# --- exercises ---------------------------------------------------------------------------


class ExerciseBase(Spec):
    id: Slug
    title: Text
    minutes: Annotated[int, Field(ge=1, le=600, description=(
        "How long it takes, in whole minutes. A scheduled exercise (one with an agenda item of its own) "
        "should fit its agenda item's minutes; the build warns when it does not."))]
    work_minutes: Annotated[int | None, Field(ge=1, le=600, description=(
        "How long the room works on its own, when the instructions give less than the whole `minutes` "
        "(\"You have three minutes\", before a debrief): the exercise slide's countdown runs this long, "
        "so the clock the room sees says what it was told, and the speaker notes' pacing keeps the slide on "
        "screen that long. Leave out: the countdown runs `minutes`."))] = None
    prompt: Markdown = Field(description="The task in a sentence or two (Markdown).")
    instructions: Markdown = Field(default="", description=(
        "How to do it, worded for the screen (Markdown): the site shows it, and the workbook and the deck too "
        "unless `paper_instructions` is given. Say \"choose\" or \"tick\", not \"circle\"."))
    paper_instructions: Markdown = Field(default="", description=(
        "How to do it on paper (Markdown), when that differs from `instructions` (\"circle one letter, write "
        "one line under the scenarios\"): the workbook and the facilitator guide show it instead of "
        "`instructions`, and so does the deck when the workbook is printed (the room works in it; the "
        "exercise's slide names its worksheet); the site never does. Default: `instructions` on paper too."))
    facilitator_notes: Markdown = Field(default="", description="How to run the exercise (Markdown).",
                                        json_schema_extra=FOR_FACILITATORS)
    model_answer: Markdown = Field(default="", description="A good answer (Markdown), shown on request on the site, "
                                   "never in the workbook.")
    debrief: tuple[Text, ...] = Field(default=(), description="Questions the facilitator asks the room afterwards.",
                                      json_schema_extra=FOR_FACILITATORS)

    @model_validator(mode="after")
    def _work_fits(self) -> "ExerciseBase":
        if self.work_minutes is not None and self.work_minutes > self.minutes:
            raise rule_error(f"work_minutes ({self.work_minutes}) is more than the exercise's minutes "
                             f"({self.minutes})", "the quiet work is part of the exercise: give `minutes` the "
                             "whole time, `work_minutes` the part the countdown shows", "work_minutes")
        return self


class ChoiceOption(Spec):
    text: Text
    correct: bool = Field(
        default=False,
        description="`true` on the one best answer of the question; every other option leaves it out. "
                    "Exactly one option of a question is correct (the site shows radio buttons).",
    )
    feedback: Markdown = Field(description="Why this answer is (or is not) the best one (Markdown).")


class ChoiceQuestion(Spec):
    """A question with one best answer. Several answers that are all good make several
    questions, or say in the feedback of the others why they come second."""

    question: Text
    options: tuple[ChoiceOption, ...] = Field(
        min_length=2, description="The answers to choose from; exactly one has `correct: true`.")
    minutes: Annotated[int | None, Field(ge=1, le=60, description=(
        "How long the room spends on this question after the quiet work (the show of hands, the reveal, "
        "a panelist's word), in whole minutes: the question's slide gets this time in the speaker notes' "
        "pacing. Leave out: the slides share what is left of the exercise's time. " + FACILITATORS),
        json_schema_extra=FOR_FACILITATORS)] = None
    panelist: Slug | None = Field(default=None, description=(
        "Id of the panel member who speaks to the best answer once it is revealed: the speaker notes name "
        "them beside the answer. " + FACILITATORS), json_schema_extra=FOR_FACILITATORS)
    panelist_minutes: Annotated[int | None, Field(ge=1, le=60, description=(
        "How long that panel member speaks, in whole minutes (with `panelist`): counts towards their airtime "
        "when the exercise is done in the room and they do not lead its segment. " + FACILITATORS),
        json_schema_extra=FOR_FACILITATORS)] = None

    @model_validator(mode="after")
    def _speaker_fits(self) -> "ChoiceQuestion":
        if self.panelist_minutes is not None and self.panelist is None:
            raise rule_error("`panelist_minutes` without `panelist`", "add `panelist:` (the id of who speaks to the "
                             "best answer), or remove `panelist_minutes`", "panelist_minutes")
        if self.panelist_minutes and self.minutes and self.panelist_minutes > self.minutes:
            raise rule_error(f"panelist_minutes ({self.panelist_minutes}) is more than the question's minutes "
                             f"({self.minutes})", "the panelist speaks within the question's time: lengthen "
                             "`minutes` or shorten `panelist_minutes`", "panelist_minutes")
        return self

    @model_validator(mode="after")
    def _one_right(self) -> "ChoiceQuestion":
        right = [n for n, o in enumerate(self.options) if o.correct]
        if not right:
            raise rule_error("no option of this question is marked correct",
                             "add `correct: true` under the best answer", "options")
        if len(right) > 1:
            # Pointed at the second mark: the first is usually the intended one, the next a slip
            # (a copied option). One best answer is what the radio buttons and the printed
            # answer key can show.
            numbers = ", ".join(str(n + 1) for n in right[:-1]) + f" and {right[-1] + 1}"
            raise rule_error(f"options {numbers} of this question are {'both' if len(right) == 2 else 'all'} marked "
                             "correct; a choice question has one best answer",
                             "keep `correct: true` on the best answer only, and say in the others' feedback why they "
                             "come second; if several answers are right, ask one question per answer",
                             "options", right[1], "correct")
        return self


class ChoiceExercise(ExerciseBase):
    kind: Literal["choice"]
    questions: tuple[ChoiceQuestion, ...] = Field(min_length=1)
    why_lines: Annotated[int, Field(ge=0, le=6)] = Field(default=0, description=(
        "Ruled lines under each question in the workbook, headed by the label `worksheet_why`, for the "
        "participant's reason (when the instructions ask for one). 0: none, the letter is the answer."))

    @model_validator(mode="after")
    def _phases_fit(self) -> "ChoiceExercise":
        # the quiet work and the questions' own minutes are the exercise's phases: the deck's pacing
        # gives each slide its phase, so together they cannot be more than the exercise's minutes
        planned = [q.minutes for q in self.questions if q.minutes]
        total = (self.work_minutes or 0) + sum(planned)
        if planned and total > self.minutes:
            raise rule_error(f"work_minutes and the questions' minutes add up to {total}, more than the exercise's "
                             f"minutes ({self.minutes})", "give `minutes` the whole time, or shorten the questions' "
                             "`minutes`", "minutes")
        return self


class RewriteExercise(ExerciseBase):
    kind: Literal["rewrite"]
    original: Text = Field(description="The message to rewrite, exactly as it was sent: its line breaks (subject, "
                           "greeting, paragraphs, signature) are kept in every output. A message too long for one "
                           "slide at 34 px goes over several, cut between paragraphs (`check` notes it).")
    rubric: tuple[Text, ...] = Field(min_length=1, description="What a good rewrite does, one check a line.")
    model_answer: Markdown = Field(min_length=1)
    answer_lines: Annotated[int, Field(ge=1, le=40)] = 10


class AuditQuestion(Spec):
    id: Slug
    text: Text = Field(description="The question, in full: the phone's cards, the rules and the screen readers say "
                       "it. Answered yes or no for each row.")
    short: Text | None = Field(
        default=None,
        description="A column header of two or three words for the table (the site's and the printed "
                    "workbook's, which then asks the full question above its grid), e.g. `Seen my work?` for `Have "
                    "they seen my work?`: a full question as a header wraps to many lines. Default: the full `text`.")

    @property
    def header(self) -> str:
        """What the table's column says."""
        return self.short or self.text


class AuditRule(Spec):
    when: dict[Slug, bool] = Field(
        default_factory=dict,
        description="Answers (question id: true/false) a row must have; empty matches every row.",
    )
    verdict: Text
    advice: Text
    tone: Literal["go", "caution", "stop"] | None = Field(
        default=None,
        description="How the site colours this verdict: `go` (green: the participant can act now), `caution` "
                    "(amber: one step first), `stop` (blue: not yet, something else comes first; a plan, not a failure, "
                    "so never an error's red). Default: no colour, the verdict's words alone (say the tone to have "
                    "one).")


class AuditExercise(ExerciseBase):
    kind: Literal["audit"]
    row_label: Text = "Person"
    rows: Annotated[int, Field(ge=1, le=30)] = Field(default=6, description=(
        "How many rows the table has, in the workbook and on the site when printed; also the most the site "
        "lets a participant have: the screen shows the first three (or every row already filled in) and "
        "\"Add a row\" the next, up to this many (a removed row can be added back, no more)."))
    caption: Text | None = Field(default=None, description="The table's caption on the site, e.g. `Your contacts: "
                                 "answer each question for each person`; default: the label `audit_caption`.")
    questions: tuple[AuditQuestion, ...] = Field(min_length=1)
    rules: tuple[AuditRule, ...] = Field(
        min_length=1, description="Checked top to bottom; the first that matches gives the row's verdict."
    )

    @model_validator(mode="after")
    def _rules_cover(self) -> "AuditExercise":
        known = {q.id for q in self.questions}
        for n, rule in enumerate(self.rules):
            unknown = [q for q in rule.when if q not in known]
            if unknown:
                raise rule_error(f"rule '{rule.verdict}' names unknown question '{unknown[0]}'",
                                 did_you_mean(unknown[0], known) or f"the questions are: {', '.join(sorted(known))}",
                                 "rules", n, "when", unknown[0])
        if self.rules[-1].when:
            raise rule_error("the last rule has a `when:`, so some rows would get no verdict",
                             "remove `when:` from the last rule so that it catches every other row",
                             "rules", len(self.rules) - 1, "when")
        return self


class ChecklistExercise(ExerciseBase):
    kind: Literal["checklist"]
    items: tuple[MarkdownLine, ...] = Field(min_length=1, description="The things to tick, one a line (Markdown).")
    note_prompt: Text | None = Field(default=None, description=(
        "What the participant writes under the list, e.g. `My first step, and by when`: the label of a text box "
        "on the site (kept in the browser, printed by \"Print my answers\") and of ruled lines in the "
        "workbook. Default: the label `worksheet_first_step`."))
    note_lines: Annotated[int, Field(ge=1, le=12)] = Field(default=3, description=(
        "How many lines the note gets: ruled lines in the workbook, the text box's height on the site."))


class ReflectionExercise(ExerciseBase):
    kind: Literal["reflection"]
    questions: tuple[Text, ...] = Field(min_length=1)
    answer_lines: Annotated[int, Field(ge=1, le=40)] = Field(default=4, description=(
        "Ruled lines for each answer in the workbook (in a grid, in each cell: see `rows`), and the text "
        "box's height on the site."))
    rows: Annotated[int | None, Field(ge=2, le=8)] = Field(default=None, description=(
        "When every question is answered for each of several people (or things), e.g. `3` for \"three "
        "people you would like to know better\": how many. The workbook then prints a grid, a row for each "
        "(numbered, headed `row_label`) and a column for each question, so one person's answers stay on one "
        "line across (up to about five questions fit a page's width); the site keeps a box for each "
        "question. Leave out: ruled lines under each question."))
    row_label: Text = Field(default="Person", description="The heading of the grid's numbered rows (with `rows`).")

    @model_validator(mode="after")
    def _label_has_rows(self) -> "ReflectionExercise":
        if "row_label" in self.model_fields_set and self.rows is None:
            raise rule_error("`row_label` without `rows`", "add `rows:` (how many people the questions are answered "
                             "for: the workbook then prints a grid), or remove `row_label`", "row_label")
        return self


class Role(Spec):
    name: Text
    brief: Markdown


class RoleplayExercise(ExerciseBase):
    kind: Literal["roleplay"]
    situation: Markdown
    roles: tuple[Role, ...] = Field(min_length=2)


ExerciseSpec = Annotated[
    Union[
        ChoiceExercise,
        RewriteExercise,
        AuditExercise,
        ChecklistExercise,
        ReflectionExercise,
        RoleplayExercise,
    ],
    Field(discriminator="kind"),
]
EXERCISE_CLASSES = (ChoiceExercise, RewriteExercise, AuditExercise, ChecklistExercise, ReflectionExercise,
                    RoleplayExercise)
EXERCISE_KINDS = ("choice", "rewrite", "audit", "checklist", "reflection", "roleplay")


def json_schemas() -> dict[str, dict]:
    """One JSON Schema per kind of file, for editors (yaml-language-server) and for checks."""
    from pydantic import TypeAdapter

    kinds = {
        "workshop": (WorkshopSpec, "data/workshop.yml"),
        "lesson": (LessonSpec, "data/lessons/*.yml"),
        "anecdote": (AnecdoteSpec, "data/anecdotes/*.yml"),
        "exercise": (ExerciseSpec, "data/exercises/*.yml"),
        "question": (QuestionSpec, "data/questions/*.yml"),
    }
    out = {}
    for name, (spec, where) in kinds.items():
        document = TypeAdapter(spec).json_schema()
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://panelpress.example.org/schema/{name}.schema.json",
            "title": f"panelpress {name} ({where})",
            **document,
        }
        _say_markdown(document)
        _say_audience(document)
        out[f"{name}.schema.json"] = document
    return out



def _say_markdown(node: object) -> None:
    """Every text field's description says whether it takes Markdown, so an editor's tooltip
    tells the author before the page does."""
    if isinstance(node, list):
        for item in node:
            _say_markdown(item)
        return
    if not isinstance(node, dict):
        return
    for field in (node.get("properties") or {}).values():
        kind = _text_kind(field)
        description = field.get("description", "")
        if kind == "markdown" and MARKDOWN_NOTE not in description:
            own = description.replace(" (Markdown)", "").rstrip(".")
            field["description"] = f"{own}. {MARKDOWN_NOTE}" if own else MARKDOWN_NOTE
        elif kind == "text" and "Plain text" not in description:
            joint = " " if not description or description.endswith(".") else " — "  # "English: Agenda — Plain text…"
            field["description"] = f"{description}{joint}{TEXT_NOTE}".strip()
    for value in node.values():
        if isinstance(value, (dict, list)):
            _say_markdown(value)


def _say_audience(node: object) -> None:
    """Every field's description ends with who sees it, so the editor's tooltip says whether a
    sentence written there can reach the public site."""
    if isinstance(node, list):
        for item in node:
            _say_audience(item)
        return
    if not isinstance(node, dict) or node.get("title") in ("Labels", "PluralForms"):
        return  # interface words, not data: each shows wherever panelpress uses it
    for field in (node.get("properties") or {}).values():
        private = field.get(AUDIENCE) == "facilitators"
        description = field.get("description", "")
        if private:  # the older wording says the same; one sentence is enough
            description = description.replace(" " + FACILITATORS, "").replace(FACILITATORS, "")
        seen = SEEN_BY_FACILITATORS if private else SEEN_BY_PARTICIPANTS
        if seen not in description:
            joint = " " if not description or description.endswith(".") else ". "
            field["description"] = f"{description}{joint}{seen}".strip()
    for value in node.values():
        if isinstance(value, (dict, list)):
            _say_audience(value)


def model_fields_for_facilitators(spec: Any = None) -> list[tuple[str, str]]:
    """(model, field) of every facilitators-only field, found by walking the specs from `spec`
    (default: every kind of file): what the leak check looks for, and what the README lists."""
    found: list[tuple[str, str]] = []
    seen: set[type] = set()
    roots = [spec] if spec is not None else [WorkshopSpec, LessonSpec, AnecdoteSpec, QuestionSpec,
                                             *EXERCISE_CLASSES]
    for root in roots:
        for model in _models(root, seen):
            found += [(model.__name__, name) for name, info in model.model_fields.items() if for_facilitators(info)]
    return found


def for_facilitators(info: Any) -> bool:
    """Whether a pydantic FieldInfo is marked facilitators-only."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get(AUDIENCE) == "facilitators"


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The spec classes inside a field's type (`tuple[Person, ...]`, `Image | None`, …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) or () for m in nested_models(arg)]


def _models(root: type[BaseModel], seen: set[type]) -> list[type[BaseModel]]:
    if root in seen:
        return []
    seen.add(root)
    found = [root]
    for info in root.model_fields.values():
        for inner in nested_models(info.annotation):
            found += _models(inner, seen)
    return found


def _text_kind(field: dict) -> str | None:
    """'markdown' or 'text' for a field holding free text (or a list of it), else None (ids,
    addresses, clock times, numbers, nested objects)."""
    options = [field, *field.get("anyOf", []), *([field["items"]] if isinstance(field.get("items"), dict) else [])]
    if any(o.get("contentMediaType") == "text/markdown" for o in options):
        return "markdown"
    if any(o.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(o) for o in options):
        return "text"
    return None
