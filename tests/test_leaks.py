"""Two audiences: facilitators-only text never reaches site/ (issue 12, items 1, 5, 6, 7)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_panelpress, warm_cache
from panelpress import leak_secrets, leaks, schema
from panelpress.placeholders import site_url_note
from panelpress.project import Project


def test_the_facilitators_only_fields_are_marked_in_the_schema():
    private = set(schema.model_fields_for_facilitators())
    for expected in [("AgendaItem", "notes"), ("AgendaItem", "starters"), ("LessonSpec", "facilitator_notes"),
                     ("RoleplayExercise", "debrief"), ("ChoiceExercise", "facilitator_notes"),
                     ("QuestionSpec", "text"), ("QuestionSpec", "follow_ups"), ("WorkshopSpec", "organiser_notes")]:
        assert expected in private
    for public in [("ChoiceOption", "feedback"), ("RewriteExercise", "model_answer"), ("Person", "bio"),
                   ("LessonSpec", "body"), ("Person", "pronunciation")]:
        assert public not in private
    exported = json.loads((REPO / "schema" / "lesson.schema.json").read_text(encoding="utf-8"))
    props = exported["properties"]
    assert props["facilitator_notes"]["description"].endswith(schema.SEEN_BY_FACILITATORS)
    assert props["body"]["description"].endswith(schema.SEEN_BY_PARTICIPANTS)


def _marked_copy(source: Path, dest: Path) -> dict[str, str]:
    """A copy of a workshop whose every facilitators-only text value carries a unique marker;
    returns marker → field."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", "kit", ".venv", "node_modules", ".git",
                                                                "tests", "src", ".panelpress-cache"))
    warm_cache(dest, "flagship" if source == REPO else source.name)  # what no marker reaches is not typeset again
    markers: dict[str, str] = {}
    project = Project(dest)
    for doc, spec in leaks._documents(project):
        data = doc.data
        for path, field, text, private in list(leaks._values(data, spec, (), "", False)):
            if not private:
                continue
            marker = f"zqx{len(markers):03d}"
            markers[marker] = field
            holder = data
            for key in path[:-1]:
                holder = holder[key]
            holder[path[-1]] = f"Secret marker {marker} for the facilitators. " + text
        doc.path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return markers


def _texts(folder: Path) -> str:
    return "\n".join(leaks.normalise(leaks._file_text(p, leaks._content(p, leaks._Navigation())) or "")
                     for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", ["flagship", "negotiation"])
def test_no_facilitators_only_text_reaches_the_site(tmp_path, name):
    source = REPO if name == "flagship" else REPO / "tests" / "fixtures" / name
    if not (source / "mkdocs.yml").is_file():
        pytest.skip(f"{name} is not on this branch")
    root = tmp_path / "workshop"
    markers = _marked_copy(source, root)
    assert len(markers) > 10
    run_panelpress("build", "--root", str(root), "--no-strict", check=True)
    site, kit = _texts(root / "site"), _texts(root / "kit")
    assert not [m for m in markers if m in site], "facilitators-only text on the public site"
    for field in set(markers.values()) - {"theme"}:  # the bank's themes only group it
        assert any(m in kit for m, f in markers.items() if f == field), f"no '{field}' in the kit"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _starter_with_a_note(tmp_path: Path, published: bool = False) -> tuple[Path, Path, dict]:
    """A starter whose first lesson has facilitators' notes, built once (its site and kit)."""
    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    if published:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  - panelpress\n" in text
        config.write_text(text.replace("  - panelpress\n", "  - panelpress:\n      publish_facilitator: true\n"),
                          encoding="utf-8")
    lesson = next((root / "data" / "lessons").glob("*.yml"))
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    data["facilitator_notes"] = "Keep the room quiet while the volunteers read their cards aloud."
    lesson.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    return root, lesson, data


@pytest.mark.parametrize("published", [False, True])
def test_a_template_that_shows_a_note_stops_the_build_and_keeps_the_site(tmp_path, published):
    """With `publish_facilitator: true` the guide shows the note on purpose; a lesson page still may not."""
    root, lesson, data = _starter_with_a_note(tmp_path, published)
    before = _tree(root / "site")
    if published:  # the guide's page and PDF are on the site, and hold the note
        guide = leaks.normalise(_texts(root / "site" / "facilitator"))
        assert "keep the room quiet while the volunteers" in guide
    override = root / "templates" / "site" / "lesson.md"
    override.parent.mkdir(parents=True, exist_ok=True)
    template = (REPO / "src" / "panelpress" / "templates" / "site" / "lesson.md").read_text(encoding="utf-8")
    override.write_text(template + "\n{{ lesson.facilitator_notes | md }}\n", encoding="utf-8")
    result = run_panelpress("build", "--root", str(root))
    assert result.returncode == 1
    shown = lesson.relative_to(root).as_posix()
    assert f"{shown}:" in result.stderr and "'facilitator_notes'" in result.stderr
    assert f"site/lessons/{data['id']}/index.html" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(root / "site") == before


def test_a_handout_that_prints_a_note_stops_the_build_and_keeps_site_and_kit(tmp_path):
    """The site's PDFs are checked like its pages (the check reads them while the kit's PDFs are
    still typesetting), and a leak there leaves the last good site and kit."""
    root, lesson, data = _starter_with_a_note(tmp_path)
    site, kit = _tree(root / "site"), _tree(root / "kit")
    override = root / "templates" / "handouts" / "workbook.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    template = (REPO / "src" / "panelpress" / "templates" / "handouts" / "workbook.html").read_text(encoding="utf-8")
    body_end = template.rindex("{% endblock %}")
    override.write_text(template[:body_end] + "<p>{{ workshop.lessons[0].facilitator_notes }}</p>\n"
                        + template[body_end:], encoding="utf-8")
    result = run_panelpress("build", "--root", str(root))
    assert result.returncode == 1, result.stdout
    assert f"{lesson.relative_to(root).as_posix()}:" in result.stderr and "'facilitator_notes'" in result.stderr
    assert "site/handouts/" in result.stderr and "workbook" in result.stderr and ".pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree(root / "site") == site and _tree(root / "kit") == kit


@pytest.mark.parametrize("folder, name", [("docs", "secret.md"), ("data/lessons", "secret.yml")])
def test_a_link_out_of_the_workshop_is_refused(tmp_path, folder, name):
    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    outside = tmp_path / "private.md"
    outside.write_text("id: private\ntitle: Private notes of the organiser\n", encoding="utf-8")
    os.symlink(outside, root / folder / name)
    for command in ("check", "build"):
        result = run_panelpress(command, "--root", str(root))
        assert result.returncode == 1
        assert f"{folder}/{name}: error: a link to {outside}, outside the workshop's folder" in result.stderr
        assert "copy the file into the workshop" in result.stderr
    assert not (root / "site").exists()


def test_a_link_inside_the_workshop_is_fine(tmp_path):
    root = tmp_path / "ws"
    run_panelpress("new", str(root), check=True)
    (root / "notes").mkdir()
    (root / "notes" / "extra.md").write_text("# Extra\n\nShared page.\n", encoding="utf-8")
    os.symlink(root / "notes" / "extra.md", root / "docs" / "extra.md")
    assert run_panelpress("check", "--root", str(root)).returncode == 0
    assert not (root / "kit").exists(), "check wrote a kit over the real one"


def test_a_placeholder_site_url_is_a_note():
    assert "note: site_url https://panelpress.example.org/ is an example" in site_url_note(
        "https://panelpress.example.org/")
    assert site_url_note("http://localhost:8000/") and site_url_note("http://127.0.0.1/")
    assert site_url_note("https://careers.university.edu/panel/") is None
    result = run_panelpress("check")
    assert result.returncode == 0 and "mkdocs.yml: note: site_url" in result.stderr


def test_a_page_changed_since_the_last_clean_check_is_read_again(tmp_path):
    """The memory of clean files (leaks._Clean) may only skip a file whose content it read: a page
    that changes to show a note is caught on the next build, and stays caught until it is clean."""
    secret = leaks.Secret("facilitator_notes", "data/lessons/a.yml:3:5",
                          "let the quietest person answer first, then the others", "Let the quietest ...")
    site, memory = tmp_path / "site", tmp_path / "cache" / "leak-check.json"
    (site / "a").mkdir(parents=True)
    page = site / "a" / "index.html"
    page.write_text("<html><body><p>Nothing private here.</p></body></html>", encoding="utf-8")
    (site / "b.html").write_text("<p>Nor here.</p>", encoding="utf-8")
    assert leaks.scan(site, [secret], memory=memory) == []
    assert len(json.loads(memory.read_text(encoding="utf-8"))["clean"]) == 2
    page.write_text("<p>Let the <em>quietest</em> person answer first,\n then the others.</p>", encoding="utf-8")
    for _ in range(2):  # a file with a leak is never remembered as clean
        found = leaks.scan(site, [secret], memory=memory)
        assert [leak.output for leak in found] == ["site/a/index.html"]
    other = leaks.Secret("debrief", "data/exercises/b.yml:9:3", "nor here", "Nor here")
    assert [leak.output for leak in leaks.scan(site, [other], memory=memory)] == ["site/b.html"]


def test_the_secrets_kept_between_builds_follow_an_edited_note(tmp_path):
    """The secrets are read back from the last build (leak_secrets.py) only while no data file changed:
    a facilitator note rewritten since is looked for in its new words, and a page showing them is caught."""
    from panelpress.validate import load_project

    root = tmp_path / "workshop"
    shutil.copytree(REPO / "tests" / "fixtures" / "negotiation", root,
                    ignore=shutil.ignore_patterns("site", "kit", ".panelpress-cache"))
    project = Project(root)

    def found() -> list[leaks.Secret]:
        documents: list = []
        workshop, _ = load_project(project, documents=documents)
        assert workshop is not None
        return leak_secrets.found(project, documents)

    first = found()
    assert first and (root / leak_secrets.MEMORY).is_file()
    assert found() == first  # read back, the same
    lesson = root / "data" / "lessons" / "know-your-number.yml"
    new_note = "Whisper the salary bands of last spring to the quietest table, slowly and kindly, just before the break."
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("facilitator_notes: |\n", f"facilitator_notes: |\n  {new_note}\n", 1),
                      encoding="utf-8")
    again = found()
    assert any(s.shown == new_note for s in again) and again != first
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"<p>{new_note}</p>", encoding="utf-8")
    assert [leak.secret.shown for leak in leaks.scan(site, again)] == [new_note]


def test_the_navigation_is_read_on_the_first_page_only_and_the_content_on_every_page(tmp_path, flagship_site):
    """Every page of a built site carries the whole navigation between the marks theme_patches.py
    writes: the check reads it once (its titles are their own pages' titles, read anyway), and reads
    every page's content, so a note shown anywhere but in a later page's navigation is caught."""
    pages = sorted(flagship_site.rglob("*.html"))
    assert pages and all(leaks.without_navigation(p.read_bytes()) is not None for p in pages)
    first, later = (flagship_site / "index.html").read_text("utf-8"), (flagship_site / "about" / "index.html").read_text("utf-8")
    note = "Whisper the salary bands of last spring to the quietest table before the break."
    secret = leaks.Secret("facilitator_notes", "data/lessons/a.yml:3:5", leaks.normalise(note), note)
    mark, end = leaks.NAVIGATION_MARKS

    def caught(first_page: str, later_page: str) -> list[str]:
        site = tmp_path / f"site{len(list(tmp_path.iterdir()))}"
        (site / "b").mkdir(parents=True)
        (site / "a.html").write_text(first_page, encoding="utf-8")
        (site / "b" / "index.html").write_text(later_page, encoding="utf-8")
        return [leak.output.split("/", 1)[1] for leak in leaks.scan(site, [secret])]

    def in_navigation(page: str) -> str:
        return page.replace(end, f"<p>{note}</p>{end}", 1)

    def in_content(page: str) -> str:
        return page.replace("</article>", f"<p>{note}</p></article>", 1)

    assert "</article>" in later and end in later
    assert caught(first, later) == []
    assert caught(in_navigation(first), later) == ["a.html"]
    assert caught(first, in_content(later)) == ["b/index.html"]
    assert caught(first, in_navigation(later)) == []  # the navigation of every later page is skipped


def test_a_later_page_changed_outside_its_navigation_is_read_again(tmp_path):
    """The memory of clean files keys a page by what the check reads of it: the first page whole,
    every later page without its navigation. A later page whose content changes to show a note is
    read again and caught, after a change to its navigation alone found nothing."""
    mark, end = leaks.NAVIGATION_MARKS
    note = "Whisper the salary bands of last spring to the quietest table before the break."
    secret = leaks.Secret("facilitator_notes", "data/lessons/a.yml:3:5", leaks.normalise(note), note)
    site, memory = tmp_path / "site", tmp_path / "cache" / "leak-check.json"
    (site / "b").mkdir(parents=True)

    def page(navigation: str, content: str) -> str:
        return f"<html><body>{mark}<ul><li>{navigation}</li></ul>{end}<article>{content}</article></body></html>"

    (site / "a.html").write_text(page("Lessons", "<p>Home.</p>"), encoding="utf-8")
    later = site / "b" / "index.html"
    later.write_text(page("Lessons", "<p>A lesson.</p>"), encoding="utf-8")
    assert leaks.scan(site, [secret], memory=memory) == []
    later.write_text(page("Lessons and more", "<p>A lesson.</p>"), encoding="utf-8")
    assert leaks.scan(site, [secret], memory=memory) == []
    later.write_text(page("Lessons", f"<p>A lesson.</p><p>{note}</p>"), encoding="utf-8")
    assert [leak.output for leak in leaks.scan(site, [secret], memory=memory)] == ["site/b/index.html"]


def test_every_file_of_the_site_is_read_nested_hidden_or_linked(tmp_path):
    """The check lists the site from its folders' entries: files at any depth, hidden ones and
    links to files are read (a leak is reported at its first file, in path order); a link to a
    folder outside the site is not followed."""
    note = "Whisper the salary bands of last spring to the quietest table before the break."
    secret = leaks.Secret("facilitator_notes", "data/lessons/a.yml:3:5", leaks.normalise(note), note)
    site, outside = tmp_path / "site", tmp_path / "outside"
    (site / "a" / "b" / "c").mkdir(parents=True)
    outside.mkdir()
    (outside / "page.html").write_text(f"<p>{note}</p>", encoding="utf-8")
    (site / "elsewhere").symlink_to(outside, target_is_directory=True)
    assert leaks.scan(site, [secret]) == []
    for name in ("a/b/c/deep.html", "a/.hidden.txt", "a-b.html"):
        one = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(site, one, symlinks=True)
        (one / name).write_text(f"<p>{note}</p>", encoding="utf-8")
        assert [leak.output.split("/", 1)[1] for leak in leaks.scan(one, [secret])] == [name]
    (site / "linked.html").symlink_to(outside / "page.html")
    (site / "a" / "b" / "index.html").write_text(f"<p>{note}</p>", encoding="utf-8")
    # reported once, at the first file in path order
    assert [leak.output for leak in leaks.scan(site, [secret])] == ["site/a/b/index.html"]
    (site / "a" / "b" / "index.html").unlink()
    assert [leak.output for leak in leaks.scan(site, [secret])] == ["site/linked.html"]
