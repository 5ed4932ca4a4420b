"""The workshop's date and time zone: shown in words in every output, the calendar file
(`site/<id>.ics`, read back with icalendar) and the schema.org Event on the home page (read back
with json), each compared with what data/workshop.yml says."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from icalendar import Calendar
from pypdf import PdfReader

from conftest import REPO, SECOND, run_panelpress
from panelpress.typography import smarten

pytestmark = pytest.mark.build


def _data(root: Path) -> dict:
    return yaml.safe_load((root / "data" / "workshop.yml").read_text(encoding="utf-8"))


def _expected_times(data: dict) -> tuple[dt.datetime, dt.datetime]:
    """Start and end as the data says: the date, the start time, the agenda's minutes, in the zone."""
    zone = ZoneInfo(data["timezone"])
    day = data["date"] if isinstance(data["date"], dt.date) else dt.date.fromisoformat(data["date"])
    start = dt.datetime.combine(day, dt.time.fromisoformat(data["start_time"]), tzinfo=zone)
    minutes = sum(item["minutes"] for item in data["agenda"])
    return start, start + dt.timedelta(minutes=minutes)


def _site_url(root: Path) -> str:
    return re.search(r"^site_url:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)


def _home(site: Path) -> _Links:
    parsed = _Links()
    parsed.feed((site / "index.html").read_text(encoding="utf-8"))
    return parsed


CASES = [("flagship", REPO, "networking-secret-sauce"), ("second", SECOND, "first-offer")]


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def built(request, flagship_site, second_site):
    name, root, workshop_id = request.param
    return (flagship_site if name == "flagship" else second_site), root, workshop_id


def test_calendar_file_matches_the_data(built):
    site, root, workshop_id = built
    data = _data(root)
    calendar = Calendar.from_ical((site / f"{workshop_id}.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    start, end = _expected_times(data)
    assert event.decoded("dtstart") == start and event.decoded("dtend") == end
    assert event["dtstart"].params["TZID"] == data["timezone"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [data["timezone"]]
    # the printed offset is the zone's on that day (summer time in October in California, GMT in March in London)
    assert event.decoded("dtstart").utcoffset() == start.utcoffset()
    assert str(event["summary"]) == smarten(data["title"], data.get("language", "en"))  # set like every output
    assert str(event["location"]) == data["venue"]
    assert str(event["url"]) == _site_url(root)
    assert str(event["uid"]).startswith(f"{workshop_id}-")
    description = str(event["description"])
    assert "**" not in description and "<" not in description  # plain text: the summary's Markdown rendered away
    first_words = " ".join(re.sub(r"[*_]", "", data["summary"]).split()[:6])
    assert description.startswith(first_words)
    assert event.decoded("dtstamp").tzinfo is not None


def test_event_json_ld_on_the_home_page_matches_the_data(built):
    site, root, _ = built
    data = _data(root)
    home = _home(site)
    assert len(home.ld) == 1
    event = json.loads(home.ld[0])
    assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
    assert event["name"] == smarten(data["title"], data.get("language", "en"))
    start, end = _expected_times(data)
    assert dt.datetime.fromisoformat(event["startDate"]) == start
    assert dt.datetime.fromisoformat(event["endDate"]) == end
    assert event["startDate"].endswith(start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:])  # with offset
    assert event["location"] == {"@type": "Place", "name": data["venue"]}
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    panel = [data["panel"]["moderator"], *data["panel"]["panelists"]]
    assert [(p["@type"], p["name"]) for p in event["performer"]] == [("Person", p["name"]) for p in panel]
    organiser = data.get("organiser")
    assert event["organizer"]["name"] == (organiser["name"] if organiser else data["panel"]["moderator"]["name"])
    assert event["description"].split()[:4] == re.sub(r"[*_]", "", data["summary"]).split()[:4]


def test_add_to_calendar_link_is_served(flagship_site, served_site):
    """The home page's link, followed as a browser would, gives a calendar that parses."""
    link = next(a for a in _home(flagship_site).links if "pp-calendar" in (a.get("class") or ""))
    assert "download" in link
    with urllib.request.urlopen(served_site + link["href"], timeout=10) as response:
        assert response.status == 200
        body = response.read()
    assert Calendar.from_ical(body).walk("VEVENT")[0]["summary"] == _data(REPO)["title"]


def test_date_in_words_in_every_output(built):
    """`date: 2025-10-16` is shown in the workshop's language: the US form for `en`, the British for `en-GB` (CLDR's full forms)."""
    site, root, workshop_id = built
    shown = {"networking-secret-sauce": "Thursday, October 16, 2025", "first-offer": "Wednesday, 4 March 2026"}[workshop_id]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert shown in home
    workbook = PdfReader(site / "handouts" / f"{workshop_id}-workbook.pdf").pages[0].extract_text()
    assert shown in " ".join(workbook.split())
    card = PdfReader(site / "handouts" / f"{workshop_id}-takeaways.pdf").pages[0].extract_text()
    assert shown in " ".join(card.split())
    deck = (site.parent / "kit" / "slides" / "index.html").read_text(encoding="utf-8")  # the deck is in the private kit
    title_slide = deck[deck.index('class="pp-label"'):][:200]
    assert shown in title_slide
    facts = home[home.index('class="pp-facts"'):]
    facts = facts[:facts.index("</dl>")]
    assert shown in facts and str(_data(root)["date"]) not in facts  # the ISO form is for the data, not for people


def test_calendar_is_reproducible_and_takes_source_date_epoch(monkeypatch):
    from panelpress import event
    from panelpress.project import Project
    from panelpress.validate import load_project

    workshop, _ = load_project(Project(REPO))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = event.calendar(workshop, "https://example.org/")
    assert first == event.calendar(workshop, "https://example.org/")  # no clock, no file time in it
    assert b"DTSTAMP:20251016T000000Z" in first  # the workshop's day, midnight UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760000000")
    assert b"DTSTAMP:20251009T085320Z" in event.calendar(workshop, "https://example.org/")


def test_old_free_text_date_still_builds_without_a_calendar(workshop_copy, tmp_path):
    """A workshop written before dates were dates: shown as written, a warning says what to change,
    and `build --no-strict` makes everything but the calendar file."""
    path = workshop_copy / "data" / "workshop.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("date: 2025-10-16\ntimezone: America/Los_Angeles\n", "date: Thursday, October 16, 2025\n")
    path.write_text(text, encoding="utf-8")
    check = run_panelpress("check", "--root", str(workshop_copy))
    said = check.stdout + check.stderr
    assert check.returncode == 1, said  # strict, as `build` is: it says what to change
    assert "data/workshop.yml:26:7: warning: the date 'Thursday, October 16, 2025' is free text" in said
    assert "write it as YYYY-MM-DD, e.g. `date: 2025-10-16`, and add `timezone: America/Los_Angeles`" in said
    site = tmp_path / "site"
    result = run_panelpress("build", "--root", str(workshop_copy), "--site-dir", str(site), "--no-strict")
    assert result.returncode == 0, result.stderr
    assert not list(site.glob("*.ics"))
    home = _home(site)
    assert not home.ld and not any("pp-calendar" in (a.get("class") or "") for a in home.links)
    assert "Thursday, October 16, 2025" in (site / "index.html").read_text(encoding="utf-8")
