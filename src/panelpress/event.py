"""When and where the workshop happens: its date shown in the workshop's language, the calendar
file (`site/<workshop-id>.ics`, RFC 5545) and the schema.org `Event` on the home page.

`date:` in workshop.yml is an ISO date (2025-10-16) and `timezone:` an IANA name; together with
the start time and the agenda's length they place the workshop on the clock of its venue.
Workshops written before dates were dates say `date: Thursday, October 16, 2025`: that text is
still shown as written, `check` warns (see `warnings`), and there is no calendar file, because a
calendar needs a day it can read and the venue's time zone.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from .diagnostics import Diagnostic
from .typography import smarten

CALENDAR_PRODID = "-//panelpress//workshop calendar//EN"


@dataclass(frozen=True)
class When:
    """The workshop on its venue's clock. `start`/`end` carry the time zone's offset."""

    day: dt.date
    timezone: str
    start: dt.datetime
    end: dt.datetime


def iso_day(value: str | None) -> dt.date | None:
    """The date of `date:` when it is written YYYY-MM-DD (schema.py has checked it is real)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # an older workshop's free text


def when(spec: Any, start_time: str, minutes: int) -> When | None:
    """The workshop's start and end, or None without an ISO date and a time zone."""
    day = iso_day(spec.date)
    if day is None or not spec.timezone:
        return None
    hours, mins = (int(part) for part in start_time.split(":"))
    zone = ZoneInfo(spec.timezone)
    # wall-clock arithmetic in the venue's zone: 90 minutes after 18:00 is 19:30 on the day's clock
    start = dt.datetime.combine(day, dt.time(hours, mins), tzinfo=zone)
    end = (start.replace(tzinfo=None) + dt.timedelta(minutes=minutes)).replace(tzinfo=zone)
    return When(day, spec.timezone, start, end)


def shown_date(spec: Any, date_format: str) -> str | None:
    """The date as every output shows it: an ISO date in the workshop's language (Babel, CLDR
    patterns: `full` gives "Thursday, October 16, 2025" in en, "Thursday 16 October 2025" in
    en-GB), free text exactly as written."""
    day = iso_day(spec.date)
    if day is None:
        return spec.date
    from babel.dates import format_date

    locale = spec.language.replace("-", "_")
    try:
        return format_date(day, format=date_format, locale=locale)
    except Exception:  # an unknown locale, or a pattern Babel cannot read: still a date people read
        return format_date(day, format=date_format if date_format in ("full", "long", "medium", "short") else "full",
                           locale="en")


def warnings(spec: Any, doc: Any) -> list[Diagnostic]:
    """What keeps the calendar file from being made, said where the author must change it."""
    example = "timezone: America/Los_Angeles"
    if spec.date is not None and iso_day(spec.date) is None:
        return [doc.diagnostic(("date",), f"the date '{spec.date}' is free text: it is shown as written, and no "
                               "calendar file is made",
                               f"write it as YYYY-MM-DD, e.g. `date: 2025-10-16`, and add `{example}` (the venue's "
                               "time zone), so the calendar file can be made", severity="warning")]
    if spec.date is not None and not spec.timezone:
        return [doc.diagnostic(("date",), "the workshop has a date but no time zone, so no calendar file is made",
                               f"add `{example}` (the venue's time zone, named by its place) under `date:`",
                               severity="warning")]
    return []


# --- the calendar file --------------------------------------------------------------------------


def file_name(workshop: Any) -> str:
    return f"{workshop.id}.ics"


def stamp(w: When) -> dt.datetime:
    """DTSTAMP, when the calendar object was made. A build must be reproducible (the same data gives
    the same bytes, in every clone: a file's mtime is not), so it is SOURCE_DATE_EPOCH when the
    build sets it (the reproducible-builds convention: CI can set it to the last commit's time, so
    a changed workshop carries a newer stamp), else midnight UTC of the workshop's day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.combine(w.day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def calendar(workshop: Any, site_url: str | None) -> bytes | None:
    """The workshop as an iCalendar file (one VEVENT, its VTIMEZONE), or None without a `When`."""
    w = workshop.when
    if w is None:
        return None
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", CALENDAR_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    host = (site_url or "").split("://", 1)[-1].split("/", 1)[0] or "panelpress.invalid"
    # one UID for the workshop whatever is rebuilt, so a second import updates the first
    event.add("uid", f"{workshop.id}-{w.day.isoformat()}@{host}")
    event.add("dtstamp", stamp(w))
    event.add("dtstart", w.start)
    event.add("dtend", w.end)
    # set like every other output (typography.py): a calendar file is UTF-8 (RFC 5545, 3.1.4)
    event.add("summary", smarten(workshop.title, workshop.language))
    if workshop.venue:
        event.add("location", smarten(workshop.venue, workshop.language))
    if site_url:
        event.add("url", site_url)
    event.add("description", description(workshop, site_url))
    cal.add_component(event)
    cal.add_missing_timezones(first_date=w.day - dt.timedelta(days=366), last_date=w.day + dt.timedelta(days=366))
    return cal.to_ical()


def description(workshop: Any, site_url: str | None) -> str:
    """The summary as plain text (Markdown rendered, then its words), and the site's address."""
    from .slides.deck import plain

    text = "\n\n".join(" ".join(plain(part).split()) for part in workshop.summary.split("\n\n") if part.strip())
    return text + (f"\n\n{site_url}" if site_url else "")


# --- schema.org Event (JSON-LD on the home page) ------------------------------------------------


def json_ld(workshop: Any, site_url: str | None) -> dict | None:
    """The workshop as a schema.org Event, for search engines and calendars that read pages."""
    w = workshop.when
    if w is None:
        return None
    from .slides.deck import plain

    people = [{"@type": "Person", "name": p.name, "jobTitle": p.role} for p in workshop.panel]
    organiser = workshop.organiser
    organizer = ({"@type": "Organization", "name": organiser.name, **({"url": organiser.url} if organiser.url else {})}
                 if organiser else {"@type": "Person", "name": workshop.moderator.name})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": smarten(workshop.title, workshop.language),
        "description": " ".join(plain(workshop.summary).split()),
        "startDate": w.start.isoformat(timespec="minutes"),
        "endDate": w.end.isoformat(timespec="minutes"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": workshop.language,
        "organizer": organizer,
        "performer": people,
    }
    if workshop.venue:
        data["location"] = {"@type": "Place", "name": workshop.venue}
    if site_url:
        data["url"] = site_url
    return data
