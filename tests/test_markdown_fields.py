"""Text as the author wrote it, in every output: Markdown fields render as Markdown (two-space
nested lists included) on the site, in the PDFs and on the slides; a rewrite's original keeps its
line breaks; links by id resolve where each output lands, and bad ones are `check` errors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import PHONE, REPO, run_panelpress, serve, unwrapped
import markdown_workshop
from pdftext import pdf_text

SITE_URL = "https://careers.example.edu/panel/"


@pytest.fixture(scope="session")
def markdown_site(tmp_path_factory) -> Path:
    """The Markdown-everywhere workshop, built once with a site_url (absolute links in PDFs and slides)."""
    root = markdown_workshop.create(tmp_path_factory.mktemp("markdown") / "workshop")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    run_panelpress("slides", "--pdf", "--root", str(root), check=True)  # the printed deck and speaker notes too
    return root / "site"


class _Visible(HTMLParser):
    """The text a reader sees (speaker notes included: the presenter reads them), one string per
    text node; code is left out (Markdown inside code is meant to show)."""

    SKIP = {"script", "style", "code", "pre", "textarea", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in self.SKIP

    def handle_endtag(self, tag):
        self.skip -= tag in self.SKIP and self.skip > 0

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data)


def visible(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.texts


# Markdown that should have been rendered: **bold**, _italic_, [text](target), a `- ` list line
MARKERS = re.compile(r"\*\*[^*\s][^*]*\*\*|(?<![\w/])_[^_\s][^_]*_(?!\w)|\[[^\]]*\]\([^)\s]*\)|^\s*- \S", re.M)


def kit_of(site: Path) -> Path:
    """The facilitator kit a `panelpress build` wrote beside `site` (kit_dir's default)."""
    return site.parent / "kit"


def raw_markdown(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        if "reveal" in page.parts:
            continue
        for text in visible(unwrapped(page.read_text(encoding="utf-8"))):
            if MARKERS.search(text):
                found.append(f"{page.relative_to(site)}: {text.strip()[:80]!r}")
    for pdf in sorted(site.rglob("*.pdf")):
        for line in pdf_text(pdf, layout=True).splitlines():
            if MARKERS.search(line):
                found.append(f"{pdf.relative_to(site)}: {line.strip()[:80]!r}")
    return found


@pytest.mark.build  # builds the Markdown workshop
def test_no_raw_markdown_in_any_output_of_the_markdown_workshop(markdown_site):
    pdfs = [*markdown_site.rglob("*.pdf"), *kit_of(markdown_site).rglob("*.pdf")]
    assert {p.name.split("-")[-1] for p in pdfs} == {"workbook.pdf", "guide.pdf",
                                                                             "takeaways.pdf", "slides.pdf", "notes.pdf",
                                                                             "in.pdf",  # …-sign-in.pdf
                                                                             # the panel kit: script, cue and question
                                                                             # cards, a briefing per panelist, tents
                                                                             "script.pdf", "cards.pdf", "panelist.pdf",
                                                                             "tents.pdf"}
    assert raw_markdown(markdown_site) == [] and raw_markdown(kit_of(markdown_site)) == []
    # and the words are there, formatted: the lesson's summary on the home page, lessons index, its page, its slide
    for page in ("index.html", "lessons/index.html", "lessons/first-lesson/index.html", "../kit/slides/index.html"):
        html = unwrapped((markdown_site / page).read_text(encoding="utf-8"))
        assert "<strong>strong lesson-summary</strong>" in html, page
        assert "<em>light lesson-summary</em>" in html, page


def test_no_raw_markdown_in_any_output_of_the_flagship(flagship_site, flagship_kit):
    assert raw_markdown(flagship_site) == [] and raw_markdown(flagship_kit) == []


@pytest.mark.build  # builds the Markdown workshop
def test_two_space_nested_list_is_nested_in_every_output(markdown_site):
    def nested_in_html(html: str, tag: str) -> bool:
        return re.search(rf"<li>first {tag}\s*<ul>\s*<li>nested {tag}</li>\s*<li>also nested {tag}</li>\s*</ul>",
                         html) is not None

    lesson = unwrapped((markdown_site / "lessons/first-lesson/index.html").read_text(encoding="utf-8"))
    assert nested_in_html(lesson, "lesson-body")
    exercise = unwrapped((markdown_site / "exercises/the-email/index.html").read_text(encoding="utf-8"))
    assert nested_in_html(exercise, "rewrite-instructions")
    slides = unwrapped((kit_of(markdown_site) / "slides/index.html").read_text(encoding="utf-8"))
    assert re.search(r'<li class="pp-bullet">first rewrite-instructions\s*<ul>\s*<li>nested rewrite-instructions',
                     slides), "the slide shows the nested list inside its item"
    assert nested_in_html(slides, "story"), "speaker notes"

    workbook = pdf_text(next(markdown_site.glob("handouts/*-workbook.pdf")), layout=True)
    nested = re.search(r"^( *)\S+ first rewrite-instructions\n\1 +\S+ nested rewrite-instructions", workbook, re.M)
    assert nested, "the workbook indents the nested items under their parent, with bullets"
    guide = pdf_text(next(kit_of(markdown_site).glob("handouts/*-facilitator-guide.pdf")), layout=True)
    assert re.search(r"^( *)\S+ first story\n\1 +\S+ nested story", guide, re.M)


@pytest.mark.build  # builds the Markdown workshop
def test_links_by_id_resolve_where_each_output_lands(markdown_site):
    lesson = unwrapped((markdown_site / "lessons/first-lesson/index.html").read_text(encoding="utf-8"))
    assert '<a href="../../exercises/ready-check/">the checklist</a>' in lesson
    assert '<a href="../../stories/first-job/">How I found my first job</a>' in lesson, "empty text takes the title"
    assert '<a href="../../about/">about</a>' in lesson, "a docs-relative page link"
    home = (markdown_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="exercises/ready-check/">the checklist</a>' in home
    for page in (lesson, home):
        for href in re.findall(r'href="([^"#:]+)"', page):
            if not href.startswith("/"):
                target = (markdown_site / "lessons/first-lesson" if page is lesson else markdown_site) / href
                assert target.exists(), href

    slides = (kit_of(markdown_site) / "slides/index.html").read_text(encoding="utf-8")
    assert f'<a href="{SITE_URL}exercises/ready-check/">the checklist</a>' in slides
    assert "exercise:" not in slides and "story:" not in slides

    uris = set()
    for pdf in [*markdown_site.glob("handouts/*.pdf"), *kit_of(markdown_site).glob("handouts/*.pdf")]:
        for page in PdfReader(pdf).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action and "/URI" in action:
                    uris.add(str(action["/URI"]))
    assert f"{SITE_URL}exercises/ready-check/" in uris and f"{SITE_URL}stories/first-job/" in uris
    assert not any(u.startswith(("exercise:", "story:", "lesson:")) for u in uris)


def test_without_site_url_links_in_pdfs_and_slides_are_words():
    from panelpress.render import links_from, md

    class Item:
        def __init__(self, id_, title):
            self.id, self.title = id_, title

    class Workshop:
        lessons, anecdotes = (), ()
        exercises = (Item("audit", "The audit"),)

    text = "See [](exercise:audit) and [the audit](exercise:audit#step-2)."
    with links_from(Workshop(), site_url=None):
        assert str(md(text)) == "<p>See The audit and the audit.</p>"
    with links_from(Workshop(), site_url="https://x.org/w/"):
        assert '<a href="https://x.org/w/exercises/audit/#step-2">the audit</a>' in str(md(text))
    with links_from(Workshop(), page="lessons/one.md"):
        assert '<a href="../../exercises/audit/">The audit</a>' in str(md(text))


@pytest.mark.build  # builds the Markdown workshop
def test_rewrite_original_keeps_its_lines_on_paper_and_on_the_slide(markdown_site):
    lines = [line for line in markdown_workshop.ORIGINAL.splitlines() if line.strip()]
    workbook = pdf_text(next(markdown_site.glob("handouts/*-workbook.pdf")), layout=True)
    for first, second in zip(lines, lines[1:]):
        assert re.search(re.escape(first) + r" *\n(\s*\n)*\s*" + re.escape(second), workbook), (first, second)
    slides = (kit_of(markdown_site) / "slides/index.html").read_text(encoding="utf-8")
    start = slides.index("<h2>The message to rewrite</h2>")
    shown = visible(slides[start:slides.index("</ul>", start)])
    assert [t.strip() for t in shown[1:]] == lines


@pytest.mark.build  # builds the Markdown workshop
def test_rewrite_original_keeps_its_lines_in_the_browser(markdown_site, browser):
    lines = [line for line in markdown_workshop.ORIGINAL.splitlines() if line.strip()]
    page = browser.new_page(viewport=PHONE)
    with serve(markdown_site.parent) as url:  # the workshop folder: its site/ and its kit/
        page.goto(url + "site/exercises/the-email/")
        text = page.inner_text("blockquote.pp-original")
        assert [line.strip() for line in text.splitlines() if line.strip()] == lines
        answer = page.locator("details.pp-model-answer")
        answer.locator("summary").click()
        shown = answer.inner_text()
        assert re.search(r"Hi Sam,\s*\n\s*Your talk on first jobs", shown), "model answer keeps its paragraphs"
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 720})  # narrower, reveal.js scrolls instead
        page.goto(url + "kit/slides/index.html")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        index = page.evaluate("""Reveal.getSlides()
            .findIndex(x => (x.querySelector('h2') || {}).textContent === 'The message to rewrite')""")
        page.evaluate(f"Reveal.slide({index})")
        page.wait_for_function(f"Reveal.getIndices().h === {index}")
        text = page.inner_text(".slides > section.present .pp-items")
        assert [line.strip() for line in text.splitlines() if line.strip()] == lines
    page.close()


@pytest.mark.build  # runs panelpress check and build
def test_bad_links_in_data_are_errors_with_position_and_hint(tmp_path):
    root = markdown_workshop.create(tmp_path / "workshop")
    lesson = root / "data/lessons/first-lesson.yml"
    text = re.sub(r"(?m)^facilitator_notes: .*\n(  .*\n)*", "", lesson.read_text(encoding="utf-8"))
    lesson.write_text(text + (
        "facilitator_notes: |\n"
        "  Point at [the check](exercise:ready-chek) and [the step](../exercises/next-step.md),\n"
        "  then [the job](exercise:first-job), [x](exercsie:ready-check), [venue](venue.md), [abut](abut.md).\n"
        "  Fine: [about](about.md), [](lesson:first-lesson), [web](https://example.org/a).\n"), encoding="utf-8")
    lines = lesson.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "ready-chek" in text)

    def at(href: str) -> str:  # where the author wrote it
        number = next(n for n, text in enumerate(lines, 1) if f"]({href})" in text)
        return f"data/lessons/first-lesson.yml:{number}:{lines[number - 1].index(href) + 1}"

    result = run_panelpress("check", "--root", str(root))
    assert result.returncode == 1
    errors = [text for text in (result.stdout + result.stderr).splitlines() if "error:" in text]
    assert at("exercise:ready-chek") == f"data/lessons/first-lesson.yml:{line}:24"
    assert errors == [
        f"{at('exercise:ready-chek')}: error: link 'exercise:ready-chek': there is no exercise 'ready-chek' "
        "(did you mean 'ready-check'?)",
        f"{at('../exercises/next-step.md')}: error: broken link '../exercises/next-step.md': there is no such page "
        "(link by id: write exercise:next-step (a page path in data is relative to docs/, because a field is "
        "shown on several pages))",
        f"{at('exercise:first-job')}: error: link 'exercise:first-job': there is no exercise 'first-job' "
        "('first-job' is a story: write story:first-job)",
        f"{at('exercsie:ready-check')}: error: link 'exercsie:ready-check' names an unknown kind of page "
        "'exercsie' (did you mean 'exercise'?)",
        f"{at('venue.md')}: error: broken link 'venue.md': there is no such page (a page path in data is relative "
        "to docs/ (e.g. 'about.md'); link to a lesson, story or exercise by id, e.g. exercise:ID)",
        f"{at('abut.md')}: error: broken link 'abut.md': there is no such page (did you mean 'about.md'?)",
    ], result.stdout + result.stderr
    build = run_panelpress("build", "--root", str(root))
    assert build.returncode != 0 and "ready-chek" in build.stdout + build.stderr


def test_schema_says_which_fields_take_markdown():
    from panelpress.schema import MARKDOWN_NOTE, json_schemas

    seen = {"markdown": set(), "text": set()}

    def walk(node):
        if isinstance(node, dict):
            for name, field in (node.get("properties") or {}).items():
                options = [field, *field.get("anyOf", []), *([field["items"]] if "items" in field else [])]
                if any(o.get("contentMediaType") == "text/markdown" for o in options):
                    assert MARKDOWN_NOTE in field["description"], name
                    seen["markdown"].add(name)
                elif any(o.get("type") == "string" and "pattern" not in o and "enum" not in o
                         and "const" not in o for o in options):
                    assert "Plain text" in field["description"] and "Markdown:" not in field["description"], name
                    seen["text"].add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    schemas = json_schemas()
    walk(schemas)
    assert {"summary", "body", "story", "prompt", "instructions", "feedback", "model_answer", "brief", "bio",
            "notes", "situation", "facilitator_notes"} <= seen["markdown"]
    assert {"original", "title", "moral", "key_points", "rubric"} <= seen["text"]
    lesson = schemas["lesson.schema.json"]["properties"]["summary"]
    assert lesson.get("contentMediaType") == "text/markdown"
    for name, document in schemas.items():  # the exported files are the same (`panelpress schema`)
        assert json.loads((REPO / "schema" / name).read_text(encoding="utf-8")) == document, name


def test_no_raw_markdown_in_any_output_of_the_second_workshop(second_site):
    assert raw_markdown(second_site) == []


def test_second_workshop_rewrite_keeps_its_lines_in_workbook_and_guide(second_kit):
    import yaml

    from conftest import SECOND

    original = yaml.safe_load((SECOND / "data/exercises/rewrite-the-acceptance.yml").read_text(encoding="utf-8"))["original"]
    lines = [line.strip() for line in original.splitlines() if line.strip()]
    for pdf in ("*-workbook.pdf", "*-facilitator-guide.pdf"):
        text = pdf_text(next(second_kit.glob(f"handouts/{pdf}")), layout=True)
        assert re.search(re.escape(lines[0]) + r" *\n\s*" + re.escape(lines[1]), text), pdf
        assert re.search(re.escape(lines[-2]) + r" *\n\s*" + re.escape(lines[-1]), text), pdf


@pytest.mark.build  # builds the Markdown workshop
def test_site_shows_exactly_what_md_renders(markdown_site):
    """MkDocs' own Markdown (its extensions) leaves the HTML of our fields alone: each field's
    HTML on the site is byte for byte what `md` gives, links resolved for that page."""
    from panelpress.project import Project
    from panelpress.render import links_from, make_environment, md
    from panelpress.validate import load_project

    root = markdown_site.parent
    workshop, _ = load_project(Project(root))
    env = make_environment(root / "templates", root)
    lesson, story = workshop.lessons[0], workshop.anecdotes[0]
    exercise = next(e for e in workshop.exercises if e.kind == "rewrite")
    for page, field in ((lesson.page, lesson.body), (lesson.page, lesson.summary), (story.page, story.story),
                        (exercise.page, exercise.instructions), (exercise.page, exercise.model_answer),
                        ("index.md", workshop.summary)):
        with links_from(workshop, env, page=page):
            expected = str(md(field))
        built = unwrapped((markdown_site / page.removesuffix(".md").removesuffix("index") / "index.html").read_text(
            encoding="utf-8"))
        assert expected in built, (page, field[:40])


@pytest.mark.parametrize("source, expected", [
    ("- one\n  - two\n- three", "<ul>\n<li>one<ul>\n<li>two</li>\n</ul>\n</li>\n<li>three</li>\n</ul>"),
    ("- one\n    - two", "<ul>\n<li>one<ul>\n<li>two</li>\n</ul>\n</li>\n</ul>"),
    ("1. one\n   - two\n2. three", "<ol>\n<li>one<ul>\n<li>two</li>\n</ul>\n</li>\n<li>three</li>\n</ol>"),
    ("Before:\n- one\n- two", "<p>Before:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("In 2020\n2021. was next", "<p>In 2020\n2021. was next</p>"),
    ("```\n- a\n  - b\n```", "<pre><code>- a\n  - b\n</code></pre>"),
    ("a\n\n* * *", "<p>a</p>\n<hr>"),
    ("Best wishes,\\\nSam", "<p>Best wishes,<br>\nSam</p>"),
])
def test_markdown_as_authors_write_it(source, expected):
    from panelpress.render import md

    assert str(md(source)) == expected
