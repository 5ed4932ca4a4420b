"""Clock times as the workshop's language tells time (clock.py, the label `time_format`), and its
own words: the en-CA workshop (tests/fixtures/interviews, 12:15 to 13:45: its clock crosses noon)
prints "1:01 p.m." in every output a person reads, an en-US copy of it "1:01 PM" and American
spelling, and the flagship (`en`) and the negotiation (`en-GB`) keep 24-hour times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DESKTOP, PHONE, THIRD, copy_workshop, run_panelpress, straight, viewing
from pdftext import pdf_text
from panelpress.labels import Labels

AFTERNOON_24 = re.compile(r"(?<![\d:.])(1[3-9]|2[0-3]):[0-5]\d(?!\d)")  # 13:00–23:59 written 24-hour


def _shown(html: str) -> str:
    """A page's text as a person reads it: no scripts, styles or attributes (the `datetime` of a
    `<time>`, the JSON-LD's startDate are for machines)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _texts(site: Path, kit: Path) -> dict[str, str]:
    """Every page, handout, deck and e-mail of a build as its reader sees it, by path."""
    texts = {}
    for folder in (site, kit):
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".html":
                texts[str(path)] = _shown(path.read_text(encoding="utf-8"))
            elif path.suffix in (".txt", ".md"):
                texts[str(path)] = " ".join(path.read_text(encoding="utf-8").split())
            elif path.suffix == ".pdf":
                texts[str(path)] = " ".join(pdf_text(path).split())
    return texts


def test_every_output_of_the_en_ca_workshop_tells_time_12_hour(third_site, third_kit):
    texts = _texts(third_site, third_kit)
    assert len(texts) > 20
    said_24 = {path: AFTERNOON_24.findall(text) for path, text in texts.items() if AFTERNOON_24.search(text)}
    assert not said_24, said_24
    assert not [path for path, text in texts.items() if "p.m.." in text or "a.m.." in text]  # one stop
    by_name = {Path(path).name: text for path, text in texts.items()}
    home = (third_site / "index.html").read_text(encoding="utf-8")
    assert "<dd>90 minutes, 12:15\xa0p.m.–1:45\xa0p.m.</dd>" in home
    assert '<time datetime="13:01">1:01\xa0p.m.</time>' in home  # what the time is, for machines
    assert "1:01 p.m.–1:09 p.m. Running the twenty minutes" in by_name["info-interviews-workbook.pdf"]
    assert "12:15 p.m.–1:45 p.m. 90 in all" in by_name["info-interviews-facilitator-guide.pdf"]
    assert "Please arrive by 11:45 a.m. (30 min before the start" in by_name["info-interviews-briefing-theodora.pdf"]
    assert "90 minutes, 12:15 p.m.–1:45 p.m. Your parts are highlighted" in by_name["info-interviews-briefing-theodora.pdf"]
    assert "Then the end, at 1:45 p.m." in by_name["info-interviews-moderator-script.pdf"]
    assert "Who could you ask? (1:21 p.m.–1:27 p.m.)" in by_name["thanks-theodora.txt"]
    deck = _shown((third_kit / "slides" / "index.html").read_text(encoding="utf-8"))
    assert "1:01 p.m. Running the twenty minutes" in deck  # the agenda slide
    assert "12:15 p.m.–12:19 p.m. (4 min), led by Sam Okonkwo: Welcome" in deck  # the speaker notes
    calendar = next(third_site.glob("*.ics")).read_text(encoding="utf-8")
    assert "DTSTART;TZID=America/Toronto:20270218T121500" in calendar  # machine fields as they were


def test_the_deck_widens_its_agenda_clock_for_12_hour_times(third_kit, browser):
    """"12:15 p.m." in the agenda's 2.8 em clock column wrapped under its time and ran into the
    titles; the column is as wide as the widest time, and the titles start in one line."""
    with viewing(browser, DESKTOP) as page:
        page.goto((third_kit / "slides" / "index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate("Reveal.slide([...document.querySelectorAll('.slides > section')]"
                      ".findIndex(s => s.querySelector('.pp-agenda')))")
        rows = page.evaluate("""() => [...document.querySelector('.present .pp-agenda').children].map(li => {
          const time = li.querySelector('.pp-time'), what = li.querySelector('.pp-what');
          const range = document.createRange(); range.selectNodeContents(time);
          return [time.textContent, range.getClientRects().length, time.scrollWidth <= time.clientWidth,
                  Math.round(what.getBoundingClientRect().left)];
        })""")
    assert len(rows) > 3 and all("p.m." in text for text, *_ in rows)
    assert all(lines == 1 and inside for _, lines, inside, _ in rows), rows  # each time on one line, in its column
    assert len({left for *_, left in rows}) == 1, rows  # the titles in one column


def test_a_phones_agenda_keeps_12_hour_times_clear_of_the_titles(served_third, browser):
    """On a phone the agenda sets each start in a column of its own: "12:15 p.m." ran under the
    title beside it in the column made for "18:05"."""
    with viewing(browser, PHONE) as page:
        page.goto(served_third)
        page.evaluate("document.fonts.ready.then(() => true)")
        rows = page.evaluate("""() => [...document.querySelectorAll('table.pp-agenda tbody tr')].map(tr => {
          const time = tr.querySelector('td.pp-time time').getBoundingClientRect();
          const title = tr.querySelector('.pp-agenda__title').getBoundingClientRect();
          return [tr.querySelector('td.pp-time time').textContent, time.height, Math.round(time.right), Math.round(title.left)];
        })""")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert len(rows) == 13 and all("p.m." in text for text, *_ in rows)
    line = min(height for _, height, *_ in rows)
    assert all(height < 1.5 * line and right + 4 <= left for _, height, right, left in rows), rows


@pytest.mark.parametrize("site, start, end", [("flagship_site", "18:00", "19:30"), ("second_site", "17:15", "18:30")])
def test_the_flagship_and_the_en_gb_workshop_keep_24_hour_times(site, start, end, request):
    built = request.getfixturevalue(site)
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f"minutes, {start}–{end}</dd>" in home
    assert f'<td class="pp-time"><time>{start}</time>' in home and "datetime=" not in home
    workbook = " ".join(pdf_text(next(built.glob("handouts/*-workbook.pdf"))).split())
    assert f"{start}–{end}" in workbook and not re.search(r"\d [AP]M\b|[ap]\.m\.", workbook)


def test_en_us_and_en_ca_have_their_own_words_where_british_differs():
    british = re.compile(r"organis|centre|colour|programme|\bgrey\b|\btick", re.I)
    canadian_british = re.compile(r"organis|programme|\btick", re.I)  # Canada keeps "centre", "grey"

    def found(language: str, words: re.Pattern) -> dict[str, str]:
        texts = Labels(language).texts
        return {key: text for key, text in texts.items() if isinstance(text, str) and words.search(text)}

    assert found("en", british) and found("en-GB", british) == found("en", british)  # British as before
    assert not found("en-US", british), found("en-US", british)
    assert not found("en-CA", canadian_british), found("en-CA", canadian_british)
    assert Labels("en-US").resources_organiser.startswith("the career center")
    assert Labels("en-CA").resources_organiser.startswith("the career centre")
    assert [Labels(lang).time_format for lang in ("en", "en-GB", "en-US", "en-CA", "fr")] == \
        ["HH:mm", "HH:mm", "h:mm\xa0a", "h:mm\xa0a", "HH:mm"]


@pytest.mark.build
def test_an_en_us_workshop_tells_time_with_pm_and_spells_american(tmp_path):
    root = copy_workshop(THIRD, tmp_path / "interviews", like="interviews")
    workshop = root / "data" / "workshop.yml"
    workshop.write_text(workshop.read_text(encoding="utf-8").replace("language: en-CA", "language: en-US"),
                        encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      paper: letter\n", "      paper: letter\n      panelkit: false\n      followup: false\n", 1),
        encoding="utf-8")
    run_panelpress("build", "--root", str(root), check=True)
    site, kit = root / "site", root / "kit"
    texts = _texts(site, kit)
    assert not [path for path, text in texts.items() if AFTERNOON_24.search(text) or "p.m." in text]
    home = _shown((site / "index.html").read_text(encoding="utf-8"))
    assert "90 minutes, 12:15 PM–1:45 PM" in home
    workbook = " ".join(pdf_text(kit / "handouts" / "info-interviews-workbook.pdf").split())
    assert "1:01 PM–1:09 PM Running the twenty minutes" in workbook
    assert "check off each point it meets" in workbook
    guide = " ".join(pdf_text(kit / "handouts" / "info-interviews-facilitator-guide.pdf").split())
    assert "12:15 PM–1:45 PM 90 in all" in guide
    deck = _shown((kit / "slides" / "index.html").read_text(encoding="utf-8"))
    assert "1:01 PM Running the twenty minutes" in deck
    evaluation = straight(_shown((site / "evaluation" / "index.html").read_text(encoding="utf-8")))
    assert 'Tell the organizers how "' in evaluation
