"""The shape of the files an author writes: one pydantic model per kind of file.

This module is the data format's single definition. Validation of a document, the JSON
Schema that editors use to complete YAML, and the field documentation all come from it.
Plain-text fields are escaped wherever they land; fields typed `Markdown` are rendered
as Markdown (raw HTML is stripped). Cross-file rules (references, unique ids, the agenda's
sum) live in `validate.py`, because a single file cannot know them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, create_model, model_validator
from pydantic_core import PydanticCustomError

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
PUBLIC_SLIDE = "Public: shown to the room on the Q&A slide."
FACILITATORS = "Facilitators only: never on a participant page."


class PersonLink(Spec):
    title: Text = Field(description="What the link is, e.g. `Portfolio`. " + PUBLIC)
    url: Url = Field(description="Where it goes. " + PUBLIC)


class Person(Spec):
    id: Slug
    name: Text
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
    notes: Markdown = Field(default="", description="Facilitator notes for this segment (Markdown).")
    questions: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="For kind discussion: the ids of the questions (data/questions/) the moderator "
                                "asks, in order; the slides show one a slide (without any, the discussion is open: "
                                "one slide with its title). The question bank is facilitators "
                                "only, but a question asked here is shown to the room on its slide.")
    starters: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="For kind qa: ids of questions (data/questions/) the moderator asks if the room is "
                                "quiet. " + FACILITATORS + " (speaker notes).")
    themes: tuple[Text, ...] = Field(
        default=(), description="For kind qa: what the audience may ask about, shown on the Q&A slide. " + PUBLIC_SLIDE)
    cut_if_late: bool = Field(
        default=False, description="`true` when this segment is the first to go if the workshop runs late. "
                                   + FACILITATORS + " (speaker notes).")

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
            if value is None:
                continue
            allowed = labels_catalogue.allowed_slots(key)
            forms = value.model_dump(exclude_none=True) if isinstance(value, PluralForms) else {"": value}
            for form, text in forms.items():
                at = (key, form) if form else (key,)
                for name in sorted(labels_catalogue.slots(text) - allowed):
                    slots_hint = ", ".join(f"'{s}'" for s in sorted(allowed)) or "none"
                    raise rule_error(f"the label '{key}' has a slot '{name}' that panelpress does not fill in",
                                     did_you_mean(name, allowed) or f"the slots it may use: {slots_hint}", *at)
        return self


def _labels_spec() -> type[_LabelsBase]:
    """One optional field per label of the English catalogue: an unknown key is an error with a
    suggestion, and editors complete the keys from the JSON Schema."""
    fields: dict[str, Any] = {}
    for key, text in labels_catalogue.english().items():
        if isinstance(text, dict):
            example = "; ".join(f"{form}: {wording}" for form, wording in text.items())
            fields[key] = (PluralForms | None, Field(default=None, description=f"A count. English: {example}"))
        else:
            fields[key] = (Text | None, Field(default=None, description=f"English: {text}"))
    return create_model("Labels", __base__=_LabelsBase, **fields)


Labels = _labels_spec()


class PanelGuidelines(Spec):
    """What panel members should and should not do on stage; printed in each briefing."""

    do: tuple[Text, ...] = Field(default=(), description="Short lines, one advice each. " + FACILITATORS)
    dont: tuple[Text, ...] = Field(default=(), description="Short lines, one thing to avoid each. " + FACILITATORS)


class WorkshopSpec(Spec):
    """data/workshop.yml: the workshop as a whole."""

    id: Slug
    title: Text
    subtitle: Text | None = None
    summary: Markdown = Field(description="What the workshop is about, a paragraph or two (Markdown).")
    audience: Text = Field(description="Who it is for, one sentence.")
    duration_minutes: Minutes
    start_time: Annotated[str, StringConstraints(pattern=CLOCK_PATTERN)] = Field(
        default="18:00", description="Clock time the workshop starts, 24-hour HH:MM (e.g. 18:00)."
    )
    date: Text | None = Field(default=None, description="Date shown on the handouts' cover, as written.")
    venue: Text | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    objectives: tuple[Text, ...] = Field(min_length=1)
    panel: Panel
    agenda: tuple[AgendaItem, ...] = Field(min_length=1)
    takeaways: tuple[Text, ...] = Field(min_length=1)
    resources: tuple[Resource, ...] = ()
    materials: tuple[Text, ...] = Field(default=(), description="What the facilitator brings to the room.")
    questions_url: Url | None = Field(
        default=None, description="Where the audience sends its questions (a form, a Q&A tool); the Q&A slide "
                                  "shows it as a QR code. " + PUBLIC_SLIDE)
    recorded: bool = Field(default=False, description="The event is recorded: each panel member's briefing "
                                                      "says so, with a consent line.")
    panel_guidelines: PanelGuidelines | None = Field(
        default=None, description="A do/don't list for the panel members' briefings. " + FACILITATORS)
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
    facilitator_notes: Markdown = ""
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
    moral: Text
    discussion: tuple[Text, ...] = ()
    tags: tuple[Slug, ...] = ()


# --- the question bank --------------------------------------------------------------------


EVERYONE = "everyone"


class QuestionSpec(Spec):
    """data/questions/*.yml: one question of the moderator's question bank. """ + FACILITATORS + """
    A question asked in a discussion segment is shown to the room on its slide."""

    id: Slug
    text: Text = Field(description="The question as the moderator asks it. " + FACILITATORS)
    theme: Text = Field(description="What it is about, a few words (e.g. `first jobs`); groups the bank. "
                        + FACILITATORS)
    to: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = Field(
        min_length=1, description="Who answers: panelist ids (`to: [dana, jose]`), or `everyone` (each panelist). "
                                  "Counts towards each one's airtime. " + FACILITATORS)
    follow_ups: tuple[Text, ...] = Field(default=(), description="Shorter questions to dig deeper, in the speaker "
                                         "notes. " + FACILITATORS)
    minutes: Minutes = Field(description="About how long the answers take, in whole minutes (shared among those "
                             "it is aimed at, for airtime). " + FACILITATORS)
    spare: bool = Field(default=False, description="`true` for a backup question, asked when there is time or "
                        "the room is quiet; a question that is neither used by the agenda nor spare is warned "
                        "about. " + FACILITATORS)


# --- exercises ---------------------------------------------------------------------------


class ExerciseBase(Spec):
    id: Slug
    title: Text
    minutes: Annotated[int, Field(ge=1, le=600, description=(
        "How long it takes, in whole minutes. A scheduled exercise (one with an agenda item of its own) "
        "should fit its agenda item's minutes; the build warns when it does not."))]
    prompt: Markdown = Field(description="The task in a sentence or two (Markdown).")
    instructions: Markdown = ""
    facilitator_notes: Markdown = ""
    model_answer: Markdown = Field(default="", description="A good answer (Markdown), shown on request on the site, "
                                   "never in the workbook.")
    debrief: tuple[Text, ...] = Field(default=(), description="Questions for the room afterwards.")


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


class RewriteExercise(ExerciseBase):
    kind: Literal["rewrite"]
    original: Text = Field(description="The message to rewrite, exactly as it was sent: its line breaks (subject, "
                           "greeting, paragraphs, signature) are kept in every output.")
    rubric: tuple[Text, ...] = Field(min_length=1, description="What a good rewrite does, one check a line.")
    model_answer: Markdown = Field(min_length=1)
    answer_lines: Annotated[int, Field(ge=1, le=40)] = 10


class AuditQuestion(Spec):
    id: Slug
    text: Text


class AuditRule(Spec):
    when: dict[Slug, bool] = Field(
        default_factory=dict,
        description="Answers (question id: true/false) a row must have; empty matches every row.",
    )
    verdict: Text
    advice: Text


class AuditExercise(ExerciseBase):
    kind: Literal["audit"]
    row_label: Text = "Person"
    rows: Annotated[int, Field(ge=1, le=30)] = 6
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


class ReflectionExercise(ExerciseBase):
    kind: Literal["reflection"]
    questions: tuple[Text, ...] = Field(min_length=1)
    answer_lines: Annotated[int, Field(ge=1, le=40)] = 4


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


def _text_kind(field: dict) -> str | None:
    """'markdown' or 'text' for a field holding free text (or a list of it), else None (ids,
    addresses, clock times, numbers, nested objects)."""
    options = [field, *field.get("anyOf", []), *([field["items"]] if isinstance(field.get("items"), dict) else [])]
    if any(o.get("contentMediaType") == "text/markdown" for o in options):
        return "markdown"
    if any(o.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(o) for o in options):
        return "text"
    return None
