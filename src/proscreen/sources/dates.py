"""Dates as the lists write them -> :class:`EventDate` with ISO partial dates.

Handles "22 Nov 1966", "Nov 1966", "1966", "circa 1966", "approximately 1966",
"1960 to 1962", "between 1960 and 1962", "1966-11-22", "22/11/1966",
"22.11.1966", "11/22/1966" (US, when the day is > 12), "1966-11-22T00:00:00".
"""

from __future__ import annotations

import re
from datetime import date

from proscreen.model import DateKind, EventDate

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

_CIRCA = re.compile(r"^\s*(circa|ca\.?|c\.|approximately|approx\.?|about|around)\s+", re.I)
_RANGE = re.compile(r"^\s*(?:between\s+)?(.+?)\s+(?:to|and|-|–)\s+(.+?)\s*$", re.I)
_DMY_TEXT = re.compile(r"^(\d{1,2})[\s\-./]+([A-Za-z]{3,9})\.?[\s\-./,]+(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_MY_TEXT = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-./,]+(\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+Z?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[./\-](\d{4})$")


def _valid(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if not 1000 <= y <= 2100:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_partial(text: str, day_first: bool = True) -> str | None:
    """One date -> ISO partial string, or None when it is not a date."""
    value = text.strip().strip(".,;")
    if not value:
        return None
    if m := _ISO.match(value):
        y, mo, d = m.groups()
        return _valid(int(y), int(mo) if mo else None, int(d) if d else None)
    if m := _DMY_TEXT.match(value):
        mon = _MONTHS.get(m.group(2).lower())
        return _valid(int(m.group(3)), mon, int(m.group(1))) if mon else None
    if m := _MDY_TEXT.match(value):
        mon = _MONTHS.get(m.group(1).lower())
        return _valid(int(m.group(3)), mon, int(m.group(2))) if mon else None
    if m := _MY_TEXT.match(value):
        mon = _MONTHS.get(m.group(1).lower())
        return _valid(int(m.group(2)), mon) if mon else None
    if m := _NUMERIC.match(value):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, month = (a, b) if day_first else (b, a)
        if month > 12 and day <= 12:
            day, month = month, day
        return _valid(y, month, day)
    if m := _MONTH_YEAR_NUM.match(value):
        return _valid(int(m.group(2)), int(m.group(1)))
    return None


def parse_event_date(text: str | None, kind: DateKind = DateKind.BIRTH, day_first: bool = True) -> EventDate | None:
    """A list's date text -> EventDate (exact, partial, circa or range), or None."""
    if not text:
        return None
    raw = text.strip()
    if not raw or raw in ("-0-", "-"):
        return None
    value = raw
    circa = False
    if m := _CIRCA.match(value):
        circa = True
        value = value[m.end() :]
    single = parse_partial(value, day_first)
    if single:
        return EventDate(start=single, kind=kind, circa=circa, text=raw if raw != single else None)
    if m := _RANGE.match(value):
        start = parse_partial(m.group(1), day_first)
        end = parse_partial(m.group(2), day_first)
        if start and end:
            if end < start:
                start, end = end, start
            return EventDate(start=start, end=end, kind=kind, circa=circa, text=raw)
    return None


def parse_iso_day(text: str | None, day_first: bool = True) -> str | None:
    """A full date (listing dates, publication dates) -> 'YYYY-MM-DD' or None."""
    if not text:
        return None
    value = parse_partial(text, day_first)
    return value if value and len(value) == 10 else None
