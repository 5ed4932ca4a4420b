"""The deck24 leftovers of review 23, as the room and the moderator meet them in Chromium: lesson
slides read from the back of the room, the closing slide of a workshop without a site address,
and the moderator script's pages."""

from __future__ import annotations

from conftest import straight, viewing
from test_slides import flagship_workshop, open_deck, overflowing


def test_a_crowded_lesson_slide_gives_its_summary_to_the_notes_and_sets_its_points_larger(flagship_kit, browser):
    """The flagship's three lessons were a summary and 4-5 points at 30-34 px (review 23: slides 8,
    20 and 23), hard to read from the back of the room. Their key points fit at 40 px without the
    summary: the summary is now in the speaker notes, for the moderator to say, and the points are
    set larger (40 px with 4 points; 34 with 5 points and the question on a click), still 30 slides."""
    workshop = flagship_workshop()
    lessons = [slot.target for slot in workshop.agenda if slot.kind == "lesson"]
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, (flagship_kit / "slides" / "index.html").as_uri())
        assert 25 <= page.evaluate("Reveal.getTotalSlides()") <= 30
        shown = page.evaluate("""() => Reveal.getSlides().filter(s => s.querySelector('h2')).map(s => ({
              title: s.querySelector('h2').textContent.trim(),
              body: s.querySelector('.pp-slide').innerText, notes: s.querySelector('aside.notes').textContent,
              sizes: [...s.querySelectorAll('.pp-items li')].map(li => parseFloat(getComputedStyle(li).fontSize))}))""")
        assert overflowing(page) == []
    titles = [straight(lesson.title) for lesson in lessons]
    shown = [s for s in shown if straight(s["title"]) in titles]
    assert [straight(s["title"]) for s in shown] == titles
    for lesson, slide in zip(lessons, shown):
        summary = straight(" ".join(lesson.summary.split()))
        assert summary[:40] not in straight(" ".join(slide["body"].split())), slide["title"]
        assert summary[:40] in straight(" ".join(slide["notes"].split())), slide["title"]
        notes = straight(" ".join(slide["notes"].split()))
        # above the fold of the speaker view: before the segment's clock (last) and the lesson's notes
        assert notes.index("The lesson in a sentence") < notes.index("Segment"), notes
        assert min(slide["sizes"]) >= (40 if len(lesson.key_points) <= 4 else 34), slide
        for point in lesson.key_points:
            assert straight(point)[:30] in straight(slide["body"]), point

