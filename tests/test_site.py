"""The flagship website: built pages hold what a participant and a facilitator look for."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import REPO, straight
from panelpress import names


def text_of(page: Path) -> str:
    """The visible text of a built page's article, whitespace folded."""
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Text()
    parser.feed(article)
    return " ".join(straight("".join(parser.parts)).split())


def published_guide(site: Path) -> str:
    """The text of the published facilitator guide: its page, then the page of stories and
    exercise material that its segments link (facilitator_material.md)."""
    return text_of(site / "facilitator" / "index.html") + " " + text_of(site / "facilitator" / "material" / "index.html")


def plain(markdown: str) -> str:
    """Markdown's words without its markup (list numbers, emphasis, table bars)."""
    text = re.sub(r"(?m)^\s*(\d+\.|[-*+>])\s+", " ", markdown)
    return " ".join(re.sub(r"[*_`|#]", " ", text).split())


def data(kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data" / kind).glob("*.yml"))]


def test_home_page_shows_agenda_with_clock_times(flagship_site):
    text = text_of(flagship_site / "index.html")
    workshop = yaml.safe_load((REPO / "data/workshop.yml").read_text(encoding="utf-8"))
    assert workshop["title"] in text
    assert "18:00–18:04" in text  # the opening, from start_time in mkdocs.yml
    assert "19:24–19:30" in text  # the closing ends when the 90 minutes do
    minutes, clock = 0, []
    for item in workshop["agenda"]:
        start = f"{18 + minutes // 60:02d}:{minutes % 60:02d}"
        minutes += item["minutes"]
        end = f"{18 + minutes // 60:02d}:{minutes % 60:02d}"
        clock.append(f"{start}–{end}")
    for span in clock:
        assert span in text
    for person in [workshop["panel"]["moderator"], *workshop["panel"]["panelists"]]:
        # the Latin form and the native script, each once on the card (review 21: not "Mei-Ling
        # Zhou (周美玲)" on seven agenda rows)
        for part in names.split(person["name"], person.get("name_latin")):
            assert part is None or part in text


def test_every_lesson_page_has_its_stories_and_exercises(flagship_site):
    stories = {s["id"]: s for s in data("anecdotes")}
    exercises = {e["id"]: e for e in data("exercises")}
    for lesson in data("lessons"):
        text = text_of(flagship_site / "lessons" / lesson["id"] / "index.html")
        assert lesson["title"] in text
        for point in lesson["key_points"]:
            assert " ".join(point.split()) in text
        for story_id in lesson["anecdotes"]:
            assert stories[story_id]["title"] in text
            assert stories[story_id]["moral"] in text
        for exercise_id in lesson["exercises"]:
            assert exercises[exercise_id]["title"] in text


def test_every_story_has_a_page_with_the_whole_story(flagship_site):
    for story in data("anecdotes"):
        text = text_of(flagship_site / "stories" / story["id"] / "index.html")
        first_sentence = re.split(r"(?<=[.!?])\s", " ".join(story["story"].split()))[0]
        first_sentence = re.sub(r"[*_`]", "", first_sentence)
        assert first_sentence[:40] in text


def test_exercise_pages_show_the_material_of_their_kind(flagship_site):
    for exercise in data("exercises"):
        page = flagship_site / "exercises" / exercise["id"] / "index.html"
        text = text_of(page)
        html = page.read_text(encoding="utf-8")
        assert exercise["title"] in text
        kind = exercise["kind"]
        if kind == "choice":
            for question in exercise["questions"]:
                assert question["question"] in text
                for option in question["options"]:
                    assert option["text"] in text
        elif kind == "rewrite":
            assert " ".join(exercise["original"].split()) in text
            for check in exercise["rubric"]:
                assert check in text
        elif kind == "audit":
            for question in exercise["questions"]:
                assert question["text"] in text
            for rule in exercise["rules"]:
                assert rule["verdict"] in text
            assert html.count("<tr>") >= exercise.get("rows", 6)
        elif kind == "checklist":
            for item in exercise["items"]:
                assert item in text
            assert html.count('type="checkbox"') >= len(exercise["items"])
        elif kind == "reflection":
            for question in exercise["questions"]:
                assert question in text
        elif kind == "roleplay":
            for role in exercise["roles"]:
                assert role["name"] in text
        # the model answer is there, folded away until asked for
        # (out of the site search since review 22: data-search-exclude)
    assert re.search(r'<details class="success pp-model-answer" data-search-exclude>\s*<summary>Model answer</summary>', html)


def test_facilitator_guide_has_run_of_show_notes_and_model_answers(published_site):
    text = published_guide(published_site)
    workshop = yaml.safe_load((REPO / "data/workshop.yml").read_text(encoding="utf-8"))
    assert "Run-of-show" in text
    assert "18:00–18:04" in text
    for item in workshop.get("materials", []):
        assert item in text
    for takeaway in workshop["takeaways"]:
        assert takeaway in text
    agenda_exercises = {i["ref"] for i in workshop["agenda"] if i["kind"] == "exercise"}
    for exercise in data("exercises"):
        if exercise["id"] in agenda_exercises:
            assert exercise["title"] in text
            words = plain(exercise["model_answer"]).split()
            assert " ".join(words[:6]) in plain(text)


def test_facilitator_page_tells_each_story_once_and_links_the_rest(published_site):
    page = (published_site / "facilitator" / "index.html").read_text(encoding="utf-8")
    text = published_guide(published_site)
    for story in data("anecdotes"):
        opening = " ".join(plain(story["story"]).split()[:8])
        assert plain(text).count(opening) == 1, story["id"]
    targets = re.findall(r'href="#(slot-\d+)"', page)
    assert targets, "a lesson names the stories and exercises that have their own segment"
    for target in targets:
        assert f'id="{target}"' in page
    assert "Also part of this lesson, in its own segment: Someone who knew someone (18:04); " \
           "The internship I never really earned (18:06)" in text


def test_exercise_pages_announce_feedback_to_screen_readers(flagship_site):
    """The status line that says "Best answer" or "Answers cleared" is a live region."""
    for page in (flagship_site / "exercises").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<p class="pp-status" role="status" aria-live="polite">', html), page


def test_site_works_offline_and_has_material_features(flagship_site):
    html = (flagship_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    for src in re.findall(r'<script[^>]+src="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src
    assert 'data-md-component="palette"' in html or "data-md-color-scheme" in html  # light/dark toggle
    assert (flagship_site / "search" / "search_index.json").is_file()
    assert "md-tabs" in html  # navigation tabs


def test_internal_links_resolve(flagship_site):
    broken = []
    for page in flagship_site.rglob("*.html"):
        if page.name == "404.html":  # served at any depth, so its links are absolute
            continue
        for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
            if href.startswith(("http:", "https:", "mailto:", "//", "javascript:")):
                continue
            target = (page.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(flagship_site)} → {href}")
    assert not broken, broken


def test_plain_mkdocs_build_strict_passes_without_warnings(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "site" / "lessons" / "networking-is-making-friends" / "index.html").is_file()


def test_long_navigation_sections_are_grouped():
    from panelpress.site.nav import NAV_GROUP, has_groups, navigation
    from panelpress.site.pages import SitePage

    pages = [SitePage("lessons/index.md", "Lessons", "", "Lessons")]
    pages += [SitePage(f"lessons/l{i}.md", f"Lesson {i}", "", "Lessons") for i in range(1, 2 * NAV_GROUP + 6)]
    nav = navigation(pages, [])
    assert has_groups(nav)
    lessons = nav[0]["Lessons"]
    assert lessons[0] == "lessons/index.md"
    assert [next(iter(group)) for group in lessons[1:]] == [
        f"Lessons 1–{NAV_GROUP}", f"Lessons {NAV_GROUP + 1}–{2 * NAV_GROUP}",
        f"Lessons {2 * NAV_GROUP + 1}–{2 * NAV_GROUP + 5}"]
    assert sum(len(next(iter(g.values()))) for g in lessons[1:]) == 2 * NAV_GROUP + 5
    assert not has_groups(navigation(pages[:NAV_GROUP], []))


def test_very_long_sections_nest_groups_no_wider_than_the_limit():
    from panelpress.site.nav import NAV_GROUP, navigation
    from panelpress.site.pages import SitePage

    count = NAV_GROUP * NAV_GROUP + 5
    pages = [SitePage(f"exercises/e{i}.md", f"Exercise {i}", "", "Exercises") for i in range(1, count + 1)]
    top = navigation(pages, [])[0]["Exercises"]
    assert [next(iter(group)) for group in top] == [f"Exercises 1–{NAV_GROUP * NAV_GROUP}",
                                                    f"Exercises {NAV_GROUP * NAV_GROUP + 1}–{count}"]
    seen, widths = [], []

    def walk(entries):
        widths.append(len(entries))
        for entry in entries:
            (title, value), = entry.items()
            walk(value) if isinstance(value, list) else seen.append(value)
    walk(top)
    assert seen == [p.path for p in pages]  # every page once, in order
    assert max(widths) <= NAV_GROUP


def test_a_large_workshop_lists_only_the_open_group_on_each_page(tmp_path):
    """Built for real: a page of a 45-lesson workshop names the other group but not its pages."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench import generate
    from conftest import run_panelpress

    generate(tmp_path, 45)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - panelpress\n", "  - panelpress:\n      handouts: false\n      slides: false\n      panelkit: false\n"
        "      followup: false\n"), encoding="utf-8")  # the site's navigation is what this reads
    result = run_panelpress("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "lessons" / "lesson-43" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('md-nav--primary'):page.index('md-sidebar--secondary')]
    assert "Lessons 1–40" in nav and "Lessons 41–45" in nav
    assert "lesson-44/" in nav and re.search(r"Lesson 44\s*<", nav)  # its own group, open
    assert "lesson-12/" not in nav and not re.search(r"Lesson 12\s*<", nav)  # another group: closed


def test_template_override_and_panelist_photo(workshop_copy):
    from conftest import run_panelpress

    override = workshop_copy / "templates" / "site" / "story.md"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("# {{ story.title | md_text }}\n\n<p class=\"local\">Our own story page: {{ story.moral }}</p>\n",
                        encoding="utf-8")
    (workshop_copy / "docs" / "img").mkdir(parents=True)
    (workshop_copy / "docs" / "img" / "dana.png").write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"))
    workshop = workshop_copy / "data" / "workshop.yml"
    text = workshop.read_text(encoding="utf-8")
    text = text.replace("    - id: dana-whitfield\n",
                        "    - id: dana-whitfield\n      photo:\n        src: img/dana.png\n"
                        "        alt: Dana Whitfield smiling in front of a bookshelf\n", 1)
    workshop.write_text(text, encoding="utf-8")
    result = run_panelpress("build", "--root", str(workshop_copy), "--no-strict")
    assert result.returncode == 0, result.stderr
    story = (workshop_copy / "site" / "stories" / "we-both-went-to-usc" / "index.html").read_text(encoding="utf-8")
    assert '<p class="local">Our own story page:' in story
    home = (workshop_copy / "site" / "index.html").read_text(encoding="utf-8")
    assert 'src="img/dana.png" alt="Dana Whitfield smiling in front of a bookshelf"' in home
    assert (workshop_copy / "site" / "img" / "dana.png").is_file()
    # the schema requires the alt text
    workshop.write_text(text.replace("        alt: Dana Whitfield smiling in front of a bookshelf\n", ""), encoding="utf-8")
    checked = run_panelpress("check", "--root", str(workshop_copy))
    assert checked.returncode == 1 and "missing required field 'alt'" in checked.stderr


def test_participants_find_the_takeaways_and_resources(flagship_site, second_site):
    """On a page of their own, reached from the home page and the navigation of every page;
    not only on the facilitator guide."""
    for site, root in ((flagship_site, REPO), (second_site, REPO / "tests" / "fixtures" / "negotiation")):
        workshop = yaml.safe_load((root / "data/workshop.yml").read_text(encoding="utf-8"))
        page = site / "takeaways" / "index.html"
        text = text_of(page)
        assert text.startswith("Takeaways & resources")
        for takeaway in workshop["takeaways"]:
            assert " ".join(takeaway.split()) in text
        html = page.read_text(encoding="utf-8")
        for resource in workshop.get("resources", []):
            assert resource["title"] in text
            assert f'<a href="{resource["url"]}">' in html
        card = re.search(r'href="(\.\./handouts/[^"]+-takeaways\.pdf)"', html)
        assert card and (page.parent / card.group(1)).resolve().is_file(), "the takeaways card is linked"
        home = (site / "index.html").read_text(encoding="utf-8")
        home_text = text_of(site / "index.html")
        assert "Takeaways & resources: the points to remember" in home_text
        assert re.search(r'<a href="takeaways/" class="md-(tabs|nav)__link', home), "not in the navigation"
        lesson = next((site / "lessons").glob("*/index.html"))
        assert 'href="../../takeaways/"' in lesson.read_text(encoding="utf-8"), "not in a lesson's navigation"


def test_a_story_page_gives_the_setting_once(flagship_site):
    for story in data("anecdotes"):
        text = text_of(flagship_site / "stories" / story["id"] / "index.html")
        assert text.count(story["setting"]) == 1, story["id"]


def test_stories_say_where_they_come_from(flagship_site):
    """An adapted or illustrative story is labelled so on its page and in the list of stories;
    the list no longer calls every story a real moment."""
    labels = yaml.safe_load((REPO / "src/panelpress/labels/en.yml").read_text(encoding="utf-8"))
    listing = text_of(flagship_site / "stories" / "index.html")
    assert "Real moments" not in listing
    for story in data("anecdotes"):
        label = labels[f"provenance_{story['provenance']}"].replace("’", "'")
        page = text_of(flagship_site / "stories" / story["id"] / "index.html").replace("’", "'")
        assert label in page, story["id"]
    coffee = text_of(flagship_site / "stories" / "two-years-of-coffee" / "index.html")
    assert "Illustrative: an example, not a real event" in coffee
    assert "Illustrative" not in text_of(flagship_site / "stories" / "we-both-went-to-usc" / "index.html")


def test_the_takeaways_page_points_to_the_host_career_centre(second_site):
    page = (second_site / "takeaways" / "index.html").read_text(encoding="utf-8")
    resources = page[page.index('<ul class="pp-resources">'):]
    first = resources[:resources.index("</li>")]
    assert 'href="https://careers.northfield.example.edu/"' in first and "Careers Service, Northfield University" in first


def test_check_notes_a_workshop_without_its_career_centre(workshop_copy):
    from conftest import run_panelpress

    result = run_panelpress("check", "--root", str(workshop_copy))
    assert "note: no `organiser` with a `url`" in result.stderr  # the flagship names no address yet
    assert result.returncode == 0, result.stderr  # a note, never a reason to stop
