"""Options are read once, from mkdocs.yml (the plugin's own included) and the command line, and every
command honours them: data_dir, use_directory_urls, paper; `check` says whether the build would stop;
`new` prints a command that works as printed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import run_panelpress

A4 = (595, 842)
LINK = re.compile(r'(?:href|src)="([^"#?]*)(?:[#?][^"]*)?"')


def _new(tmp_path: Path, plugin_options: str = "") -> Path:
    root = tmp_path / "panel"
    run_panelpress("new", str(root), "--title", "Options panel", check=True)
    if plugin_options:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - panelpress\n", "  - panelpress:\n" + plugin_options), encoding="utf-8")
    return root


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that does not lead to a file (a folder counts only
    when it has an index.html, as a static host serves it)."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if "reveal" in page.relative_to(site).parts:
            continue
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            if not link or "://" in link or link.startswith(("/", "data:", "mailto:", "javascript:")):
                continue
            target = (page.parent / link).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


def test_data_dir_option_is_honoured_by_check_build_handouts_and_slides(workshop_copy, tmp_path):
    (workshop_copy / "data").rename(workshop_copy / "workshop-data")
    config = workshop_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - panelpress:\n", "  - panelpress:\n      data_dir: workshop-data\n"), encoding="utf-8")
    root = ["--root", str(workshop_copy)]

    checked = run_panelpress("check", *root)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("workshop-data: Networking: is it the secret sauce?") and "no errors" in checked.stdout
    built = run_panelpress("build", *root)
    assert built.returncode == 0, built.stderr
    assert "Networking is making friends" in (workshop_copy / "site/lessons/networking-is-making-friends/index.html"
                                              ).read_text(encoding="utf-8")
    parts = tmp_path / "parts"
    run_panelpress("handouts", *root, "--site-dir", str(parts), "--kit-dir", str(tmp_path / "kit"), check=True)
    assert sorted(p.name for p in (tmp_path / "kit" / "handouts").iterdir()) == [
        "networking-secret-sauce-evaluation.pdf", "networking-secret-sauce-facilitator-guide.pdf",
        "networking-secret-sauce-sign-in.pdf", "networking-secret-sauce-takeaways.pdf",
        "networking-secret-sauce-workbook.pdf"]
    assert sorted(p.name for p in (parts / "handouts").iterdir()) == [  # the evaluation form is public
        "networking-secret-sauce-evaluation.pdf", "networking-secret-sauce-takeaways.pdf",
        "networking-secret-sauce-workbook.pdf"]
    run_panelpress("slides", *root, "--kit-dir", str(tmp_path / "kit"), check=True)
    assert "Networking: is it the secret sauce?" in (tmp_path / "kit" / "slides/index.html").read_text(encoding="utf-8")


def test_both_url_styles_give_working_links_on_every_page(workshop_copy):
    """use_directory_urls: true (lessons/x/) and false (lessons/x.html): the generated pages' own
    links (raw HTML, which MkDocs does not check) follow the setting, and every one resolves."""
    site = workshop_copy / "site"
    run_panelpress("build", "--root", str(workshop_copy), check=True)
    assert (site / "lessons/networking-is-making-friends/index.html").is_file()
    assert 'href="lessons/networking-is-making-friends/"' in (site / "index.html").read_text(encoding="utf-8")
    assert broken_links(site) == []

    config = workshop_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    run_panelpress("build", "--root", str(workshop_copy), check=True)
    assert (site / "lessons/networking-is-making-friends.html").is_file()
    assert not (site / "lessons/networking-is-making-friends").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="lessons/networking-is-making-friends.html"' in home
    lesson = (site / "lessons/networking-is-making-friends.html").read_text(encoding="utf-8")
    exercises = re.findall(r'href="(\.\./exercises/[^"#]*)"', lesson)  # the lesson's exercises, and the nav's
    assert exercises and all(href.endswith(".html") for href in exercises), exercises
    assert broken_links(site) == []
    # the workbook's printed addresses (and QR codes) lead to the same pages on the hosted site
    workbook = " ".join(p.extract_text() for p in PdfReader(next((site / "handouts").glob("*-workbook.pdf"))).pages)
    assert "https://panelpress.example.org/networking/exercises/would-you-refer-them.html" in workbook


def test_check_exits_1_when_a_strict_build_would_stop_on_an_overrun_agenda(tmp_path):
    root = _new(tmp_path)
    workshop = root / "data/workshop.yml"
    text = workshop.read_text(encoding="utf-8")
    minutes = int(re.search(r"(?m)^duration_minutes: (\d+)", text)[1])
    workshop.write_text(text.replace(f"duration_minutes: {minutes}", f"duration_minutes: {minutes - 5}"),
                        encoding="utf-8")

    checked = run_panelpress("check", "--root", str(root))
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1, output
    assert "warning: the agenda adds up to" in checked.stderr
    assert "no errors" not in output
    assert "error: `panelpress build` would stop on the warning above" in checked.stderr
    assert checked.stderr.count("warning: the agenda adds up to") == 1
    built = run_panelpress("build", "--root", str(root))
    assert built.returncode == 1 and built.stderr.count("warning: the agenda adds up to") == 1, built.stderr

    relaxed = run_panelpress("check", "--root", str(root), "--no-strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert relaxed.stdout.rstrip().endswith("no errors, 1 warning")


def test_check_reports_a_broken_link_in_docs_as_the_build_would(tmp_path):
    root = _new(tmp_path)
    with (root / "docs/about.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the schedule](schedule.md).\n")
    line = (root / "docs/about.md").read_text(encoding="utf-8").splitlines().index("See [the schedule](schedule.md).") + 1

    checked = run_panelpress("check", "--root", str(root))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"docs/about.md:{line}:20: warning: broken link 'schedule.md'" in checked.stderr
    assert "would stop" in checked.stderr and "no errors" not in checked.stdout
    assert not (root / "site").exists()  # check builds into a temporary folder only
    # the same, for programs: the link is in the JSON list, with its position
    as_json = run_panelpress("check", "--root", str(root), "--format", "json")
    assert as_json.returncode == 1
    assert [(d["path"], d["line"], d["column"], d["severity"]) for d in json.loads(as_json.stdout)] == [
        ("docs/about.md", line, 20, "warning")]


def test_check_finds_a_broken_handout_template_that_would_stop_the_build(tmp_path):
    """The handouts are not typeset by `check`, but their templates are rendered."""
    root = _new(tmp_path)
    override = root / "templates" / "handouts" / "workbook.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<h1>{{ workshop.title }}</h1>\n<p>{{ workshop.titel }}</p>\n", encoding="utf-8")
    expected = ("templates/handouts/workbook.html:2:1: error: template error: workshop has no field 'titel' "
                "(did you mean 'title'?)")
    checked = run_panelpress("check", "--root", str(root))
    assert checked.returncode == 1 and expected in checked.stderr, checked.stderr
    assert "no errors" not in checked.stdout
    built = run_panelpress("build", "--root", str(root))
    assert built.returncode == 1 and "titel" in built.stderr


def test_new_prints_a_command_that_runs_as_printed(tmp_path):
    """The newcomer copies the printed line into a shell whose PATH knows no `panelpress`."""
    script = Path(sys.executable).parent / "panelpress"  # the console script of this .venv
    bare = dict(os.environ, PATH="/usr/bin:/bin")
    made = subprocess.run([str(script), "new", "my-panel"], cwd=tmp_path, env=bare, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    commands = [line.strip() for line in made.stdout.splitlines() if " check --root " in line]
    assert len(commands) == 1, made.stdout
    assert not commands[0].startswith("panelpress ")  # not on this PATH
    ran = subprocess.run(commands[0], shell=True, cwd="/", env=bare, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert "My career panel" in ran.stdout and "no errors" in ran.stdout
    # and --root relative to the current folder
    relative = subprocess.run([str(script), "check", "--root", "my-panel"], cwd=tmp_path, env=bare,
                              capture_output=True, text=True)
    assert relative.returncode == 0 and relative.stdout.startswith("data: My career panel"), relative.stderr


def test_paper_a4_in_mkdocs_yml_is_honoured_by_build(tmp_path):
    root = _new(tmp_path, "      paper: a4\n")
    run_panelpress("build", "--root", str(root), check=True)
    pdfs = sorted((root / "kit/handouts").glob("*.pdf"))  # every handout is in the kit
    assert len(pdfs) == 4  # the sign-in sheet too
    for pdf in pdfs:
        box = PdfReader(pdf).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4, pdf.name


def test_second_workshop_with_its_own_data_folder_and_file_urls(second_copy):
    """The negotiation workshop, its data in workshop-data/ and pages as x.html: check and
    build agree, the PDFs keep its A4 paper, and every link of every page resolves."""
    (second_copy / "data").rename(second_copy / "workshop-data")
    config = second_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - panelpress:\n", "  - panelpress:\n      data_dir: workshop-data\n") + "\nuse_directory_urls: false\n",
        encoding="utf-8")
    checked = run_panelpress("check", "--root", str(second_copy))
    assert checked.returncode == 0 and checked.stdout.startswith("workshop-data: "), checked.stdout + checked.stderr
    run_panelpress("build", "--root", str(second_copy), check=True)
    site = second_copy / "site"
    lessons = sorted(p.name for p in (site / "lessons").glob("*.html") if p.name != "index.html")
    assert lessons and not [p for p in (site / "lessons").iterdir() if p.is_dir()]
    listing = (site / "lessons/index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in listing for name in lessons), lessons
    assert broken_links(site) == []
    for pdf in sorted((site / "handouts").glob("*.pdf")):
        box = PdfReader(pdf).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4, pdf.name
