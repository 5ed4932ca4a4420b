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


def test_the_starters_closing_slide_thanks_the_panel_in_large_type(scaffold_kit, browser):
    """`panelpress new` has no site address: its closing slide was "Thank you" and two names at
    28 px, 80 % of it empty (review 23). With no QR code to show, the thanks and the panel with their
    roles fill it in large type, as the title slide shows them."""
    from panelpress.project import Project
    from panelpress.validate import load_project

    workshop, _ = load_project(Project(scaffold_kit.parent / "workshop"))
    with viewing(browser, {"width": 1280, "height": 720}) as page:
        open_deck(page, (scaffold_kit / "slides" / "index.html").as_uri())
        page.evaluate("Reveal.slide(Reveal.getTotalSlides() - 1)")
        page.wait_for_timeout(300)
        closing = page.evaluate("""() => { const s = Reveal.getCurrentSlide();
            const box = el => el.getBoundingClientRect();
            const slide = box(s.querySelector('.pp-slide'));
            const people = [...s.querySelectorAll('.pp-people li')];
            return {text: s.querySelector('.pp-slide').innerText, qr: s.querySelectorAll('.pp-qr').length,
                    thanks: parseFloat(getComputedStyle(s.querySelector('h2')).fontSize),
                    names: people.map(li => parseFloat(getComputedStyle(li).fontSize)),
                    top: (box(s.querySelector('h2')).top - slide.top) / slide.height,
                    bottom: (box(people[people.length - 1]).bottom - slide.top) / slide.height}; }""")
        assert overflowing(page) == []
    assert closing["qr"] == 0 and "Thank you" in closing["text"]
    for person in workshop.panel:
        assert person.display_name in closing["text"] and person.role in closing["text"]
    assert closing["thanks"] >= 64 and min(closing["names"]) >= 34, closing
    assert closing["top"] < 0.45 and closing["bottom"] > 0.6, closing  # down the slide, not a corner of it


def test_closing_slides_with_a_site_keep_their_qr_codes_and_names(flagship_kit, second_kit, browser):
    """The flagship's and the second workshop's closing slides are as they were: the site's and the
    evaluation's QR codes beside the panel's names."""
    for kit in (flagship_kit, second_kit):
        with viewing(browser, {"width": 1280, "height": 720}) as page:
            open_deck(page, (kit / "slides" / "index.html").as_uri())
            page.evaluate("Reveal.slide(Reveal.getTotalSlides() - 1)")
            closing = page.evaluate("""() => { const s = Reveal.getCurrentSlide();
                return {qr: s.querySelectorAll('.pp-qr svg').length, names: s.querySelectorAll('.pp-names li').length,
                        people: s.querySelectorAll('.pp-people').length}; }""")
        assert closing["qr"] == 2 and closing["names"] >= 3 and closing["people"] == 0, (kit, closing)


def test_no_point_on_a_slide_ends_with_a_word_alone_on_its_last_line(flagship_kit, second_kit, browser):
    """"up." and "school." sat alone under two points of the flagship's "A good rewrite…" (slide 26):
    from the back of the room a stray line. A point that wraps now ends with two words or more."""
    for kit in (flagship_kit, second_kit):
        with viewing(browser, {"width": 1280, "height": 720}) as page:
            open_deck(page, (kit / "slides" / "index.html").as_uri())
            page.evaluate("Reveal.configure({transition: 'none'})")
            alone = page.evaluate("""() => { const found = [];
                for (const s of Reveal.getSlides()) {
                  Reveal.slide(Reveal.getIndices(s).h, 0, 99);
                  for (const li of s.querySelectorAll('.pp-items li.pp-bullet, .pp-items li.pp-marked')) {
                    const range = document.createRange(); const lines = new Map();
                    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                      if (node.parentElement.closest('.pp-marker')) continue;
                      for (let i = 0; i < node.length; i++) {
                        range.setStart(node, i); range.setEnd(node, i + 1);
                        const r = range.getClientRects()[0]; if (!r) continue;
                        const top = Math.round(r.top / 8);
                        lines.set(top, (lines.get(top) || '') + node.data[i]);
                      }
                    }
                    const texts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1].trim());
                    if (texts.length > 1 && !texts[texts.length - 1].includes(' ')) found.push(texts);
                  }
                }
                return found; }""")
        assert alone == [], (kit, alone)
