"""The date an output says it was made, where a format needs one and a second's difference would
make the same output other bytes: the bundle's zip entries, the printed deck's Info dates.

SOURCE_DATE_EPOCH when the build sets it (the reproducible-builds convention; CI can set it to the
last commit's time, as for the calendar's DTSTAMP, event.stamp), else the day it is made at 00:00
UTC: a person who unzips the bundle or opens the deck's properties sees the day it was made, and
two made that day are the same bytes (as MkDocs' sitemap, dated by the day too)."""

from __future__ import annotations

import datetime as dt
import os


def made_on() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
