"""The facilitator guide's plan of a segment: what to say, and what to do.

A facilitator holding the guide at the front of the room looks for two things per segment: the
lines to say (the segment's own script, the question to put to the room, the story's point, an exercise's debrief, the
panel's questions, the starters for a quiet Q&A) and what to do (the segment's notes, how to run the lesson or the
exercise, whether the segment is the one to cut). `plan` sorts a segment's data into those two,
so the template lays them side by side and shows each text once.

Shown once: an exercise segment's notes that only restate the exercise's own notes are left
out (`shown_once.segment_notes`, the rule the published page and the speaker notes share).

The panel kit reads the same plan (the moderator script, a leader's part of their briefing), so
everything a segment needs in the room is here once: besides the say / do halves, the lesson's
key points and, when the author's notes for leading it are short, its text (`lesson`, lesson_text.on_paper), how the exercise's minutes split (`phases`) and its best answers (`best`), which the
guide shows in full with the exercise and the kit, which has no exercise pages, shows short.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lesson_text import lesson_text, on_paper
from ..model import Anecdote, Exercise, Lesson, Panelist, Question, Segment, Workshop
from ..shown_once import segment_notes


@dataclass(frozen=True)
class SayList:
    """One labelled list of the Say half, in the order the facilitator says them."""

    label: str  # its heading's key in the label catalogue
    items: tuple[str, ...] | tuple[Question, ...]
    # how an item reads: "text" (a line to say), "question" (the panel's, with whom it is put to
    # and its follow-ups), "starter" (a question for a quiet room: its text only)
    kind: str = "text"


@dataclass(frozen=True)
class Phase:
    """A part of an exercise's minutes: the room working on its own, then the room together."""

    label: str  # its line's key in the label catalogue ({minutes}, {n})
    minutes: int
    number: int = 0  # a choice question's phase: the question's number


@dataclass(frozen=True)
class Best:
    """A choice question's best answer, as the moderator reveals it: its letter and its text."""

    number: int  # the question's, from 1
    index: int  # the option's place: the label catalogue's option_letters mark it (A, B, C…), as on the slides
    text: str
    panelist: Panelist | None = None  # who speaks to it once revealed (`panelist`)
    panelist_minutes: int | None = None


@dataclass(frozen=True)
class Plan:
    """One segment of the guide: its data, and its say / do halves."""

    segment: Segment
    script: str  # Markdown: the segment's own words to say (`say:`)
    discussion: tuple[str, ...]  # the lesson's questions for the room
    ask: tuple[str, ...]  # the stories' questions for the room
    points: tuple[Anecdote, ...]  # stories whose point the teller lands (say it)
    questions: tuple[Question, ...]  # a moderated discussion's questions, in order
    starters: tuple[Question, ...]  # a Q&A's questions for a quiet room
    debrief: tuple[str, ...]  # the debrief of the exercise done in this segment
    notes: tuple[str, ...]  # Markdown: the segment's notes (unless a repeat), then the lesson's or exercise's
    cut_if_late: bool
    key_points: tuple[str, ...] = ()  # a lesson segment's key points
    phases: tuple[Phase, ...] = ()  # how an exercise done here splits its minutes (when the data says)
    best: tuple[Best, ...] = ()  # a choice exercise's best answers, one per question
    thanked: tuple[Panelist, ...] = ()  # a closing without `say:`: the panel the moderator thanks
    lesson: str = ""  # Markdown: a lesson's summary and body, when its notes are short (lesson_text.on_paper)

    @property
    def handovers(self) -> tuple[Anecdote, ...]:
        """The stories the moderator hands over in words ("Dana, tell us about …"), when the
        segment has no `say:` of its own (the author's words hand over then); a story the
        moderator tells is not handed over to themselves. Who tells what, and its point, are
        directions: the Do half."""
        return () if self.script else tuple(s for s in self.points if not s.teller.is_moderator)

    @property
    def says(self) -> bool:
        return bool(self.script or self.handovers or self.thanked or self.discussion or self.ask or self.questions
                    or self.starters or self.debrief)

    @property
    def lists(self) -> tuple[SayList, ...]:
        """The Say half's labelled lists that have items: the room's questions (the lesson's, then
        the stories'), the exercise's debrief, then the panel's questions and the Q&A's starters."""
        every = (SayList("discussion", self.discussion), SayList("ask_the_room", self.ask),
                 SayList("debrief", self.debrief), SayList("pk_questions", self.questions, "question"),
                 SayList("pk_starters", self.starters, "starter"))
        return tuple(said for said in every if said.items)

    @property
    def does(self) -> bool:
        return bool(self.notes or self.cut_if_late or self.points)

    @property
    def say_is_short(self) -> bool:
        """The Say half holds a fraction of what the Do half does (a lesson's one question beside
        its plan): Do takes the wider column, so that neither box is a column of empty grey."""
        said = [self.script, *self.discussion, *self.ask, *self.debrief, *(q.text for q in self.questions),
                *(q.text for q in self.starters), *(s.title for s in self.handovers)]
        done = [*self.notes, *(s.title + s.moral for s in self.points)]
        return self.says and self.does and 3 * sum(map(len, said)) < sum(map(len, done))

    @property
    def fits_half_a_page(self) -> bool:
        """Each half surely fits in half a printed page: then the printed guide sets the pair as
        two inline blocks (handouts.css), which WeasyPrint lays out once, not as a row of flex
        boxes, laid out three or four times; but an inline block is never split across pages,
        so a half that might not fit on one stays a flex item. A generous estimate of each
        half's lines (32 characters a line, a line more for each paragraph, line break and item,
        three for its head and labels) against 30 (a page of the guide holds about 50)."""
        said = [self.script, *self.discussion, *self.ask, *self.debrief, *(s.title for s in self.handovers),
                *(s.display_name for s in self.thanked),
                *(text for q in (*self.questions, *self.starters) for text in (q.text, *q.follow_ups))]
        done = [*self.notes, *(text for s in self.points for text in (s.title, s.moral or ""))]
        return all(3 + sum(-(-len(text) // 32) + text.count("\n") + 1 for text in half) <= 30
                   for half in (said, done))


def phases(exercise: Exercise) -> tuple[Phase, ...]:
    """The exercise's minutes as the data splits them, the phases the deck's pacing also keeps:
    the quiet work (`work_minutes`), a choice question's own minutes (`minutes`: hands, the
    reveal, the panelist's word), then what is left, with the room. Without them no split is
    invented: the notes say how the time goes."""
    work = exercise.work_minutes or 0
    asked = tuple(Phase("phase_question", q.minutes, n) for n, q in
                  enumerate(exercise.questions if exercise.kind == "choice" else (), 1) if q.minutes)
    if not work and not asked:
        return ()
    rest = exercise.minutes - work - sum(p.minutes for p in asked)
    return (*((Phase("phase_work", work),) if work else ()), *asked,
            *((Phase("phase_room", rest),) if rest > 0 else ()))


def best_answers(exercise: Exercise, panel: tuple[Panelist, ...]) -> tuple[Best, ...]:
    if exercise.kind != "choice":
        return ()
    who = {person.id: person for person in panel}
    return tuple(Best(n, i, option.text, who.get(question.panelist or ""), question.panelist_minutes)
                 for n, question in enumerate(exercise.questions, 1)
                 for i, option in enumerate(question.options) if option.correct)


def plan(segment: Segment, panel: tuple[Panelist, ...] = ()) -> Plan:
    """`panel`: the workshop's, to name who speaks to a choice's best answer (`panelist`)."""
    slot = segment.slot
    target = slot.target
    own = [notes] if (notes := segment_notes(slot)) else []
    fuller = [n for n in (getattr(target, "facilitator_notes", "") or "",) if n and
              (isinstance(target, Lesson) or target in segment.exercises)]
    discussion = tuple(target.discussion) if isinstance(target, Lesson) else ()
    ask: list[str] = []
    for story in segment.anecdotes:
        ask += [q for q in story.discussion if q not in ask and q not in discussion]
    debrief = tuple(q for exercise in segment.exercises for q in exercise.debrief)
    return Plan(segment, slot.say, discussion, tuple(ask), tuple(segment.anecdotes), tuple(slot.questions), tuple(slot.starters),
                debrief, tuple(own + fuller), bool(slot.cut_if_late),
                tuple(target.key_points) if isinstance(target, Lesson) else (),
                tuple(p for exercise in segment.exercises for p in phases(exercise)),
                tuple(b for exercise in segment.exercises for b in best_answers(exercise, panel)),
                tuple(p for p in panel if not p.is_moderator) if slot.kind == "closing" and not slot.say else (),
                # on paper, when the author's notes for leading the lesson are too short to stand in
                # for it (lesson_text.on_paper; the text on every lesson cost the flagship's guide 2 pages)
                lesson_text(target) if isinstance(target, Lesson) and on_paper(target) else "")


def plans(workshop: Workshop) -> tuple[Plan, ...]:
    return tuple(plan(segment, workshop.panel) for segment in workshop.segments)
