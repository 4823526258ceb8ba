"""Dates, durations and weeks the way people say them: ``yesterday``, ``last friday``, ``1h30``, ``last``.

A journal records what has happened, so a date without a year is always the most recent past day
that fits (``nov 20`` said on 2026-11-19 is 2025-11-20), and a bare weekday is the most recent one,
today included. ISO dates are recognised first, with no more work than ``date.fromisoformat``.
Everything here is pure: the caller passes today, and range checks stay with the record's fields.
Patterns are compiled on first use (``re`` caches them), so importing this costs next to nothing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from journal.core.fields import ValidationError, clean_date, clean_minutes
from journal.core.weeks import IsoWeek

DATE_EXAMPLES = "today, yesterday, 3 days ago, mon, last friday, nov 20 or 2026-11-20"
MINUTES_EXAMPLES = "30, 45m, 1h30, 1.5h or 90 min"
WEEK_EXAMPLES = "this, last, -2 or 2026-W47"

_ISO_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_SPACES = r"[\s,]+"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_UNIT_DAYS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}

_AGO = r"(?P<count>[0-9]{1,5}|[a-z]+) ?(?P<unit>[a-z]+) ago"
_DAY_NUMBER = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_MONTH_NAME = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?: (?P<year>[0-9]{4}))?"
_MONTH_DAY = (
    f"{_MONTH_NAME} {_DAY_NUMBER}{_YEAR}",
    f"{_DAY_NUMBER} {_MONTH_NAME}{_YEAR}",
    f"{_DAY_NUMBER} of {_MONTH_NAME}{_YEAR}",
)


def _words(text: str) -> str:
    return re.sub(_SPACES, " ", text.strip().lower())


def spoken_date(text: str, today: date) -> date:
    """The day ``text`` names, seen from ``today``; ValueError with examples when it names none.

    The result may still lie in the future (``2027-01-01``) or outside the kept dates: the record's
    own date check says so, in the same words for every way in.
    """
    raw = text.strip()
    if re.fullmatch(_ISO_DAY, raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{_shown(raw)} is not a real date") from None
    day = _relative_day(_words(raw), today)
    if day is None:
        raise ValueError(f"{_shown(raw)} is not a date; try {DATE_EXAMPLES}")
    return day


def _relative_day(words: str, today: date) -> date | None:
    if words in ("today", "now", "tonight"):
        return today
    if words == "yesterday":
        return today - timedelta(days=1)
    if words in ("day before yesterday", "the day before yesterday"):
        return today - timedelta(days=2)
    ago = re.fullmatch(_AGO, words)
    if ago:
        count = _count(ago.group("count"))
        unit = _UNIT_DAYS.get(ago.group("unit"))
        if count is None or unit is None:
            return None
        return _days_before(today, count * unit)
    last = words.startswith("last ")
    weekday = _WEEKDAYS.get(words.removeprefix("last ").removeprefix("this "))
    if weekday is not None:
        back = (today.weekday() - weekday) % 7
        if last and back == 0:
            back = 7
        return today - timedelta(days=back)
    return _month_day(words, today)


def _count(word: str) -> int | None:
    if word.isascii() and word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _days_before(today: date, days: int) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        return date.min


def _month_day(words: str, today: date) -> date | None:
    for pattern in _MONTH_DAY:
        match = re.fullmatch(pattern, words)
        if match is None:
            continue
        month = _MONTHS.get(match.group("month"))
        if month is None:
            return None
        day = int(match.group("day"))
        if match.group("year"):
            try:
                return date(int(match.group("year")), month, day)
            except ValueError:
                raise ValueError(f"{words!r} is not a real date") from None
        found = _latest_past(month, day, today)
        if found is None:
            raise ValueError(f"{words!r} is not a real date")
        return found
    return None


def _latest_past(month: int, day: int, today: date) -> date | None:
    """The most recent ``month``/``day`` on or before today (29 February included: up to 8 years back)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


_CLOCK = r"(?P<hours>[0-9]{1,2}):(?P<minutes>[0-5][0-9])"
_PART = r"(?P<amount>[0-9]+(?:[.,][0-9]+)?) ?(?P<unit>[a-z]*)"
_DIGITS_APART = r"[0-9.,] +[0-9]"
_HOUR_UNITS = frozenset({"h", "hr", "hrs", "hour", "hours"})
_MINUTE_UNITS = frozenset({"", "m", "min", "mins", "minute", "minutes"})


def spoken_minutes(text: str) -> int:
    """Whole minutes from ``30``, ``45m``, ``1h30``, ``1h 30m``, ``1.5h``, ``90 min`` or ``1:30``.

    Fractions of an hour round to the nearest minute; the range check stays with the record's field.
    """
    words = " ".join(text.lower().split())
    if words.isascii() and words.isdigit():
        return int(words[:12])
    clock = re.fullmatch(_CLOCK, words)
    if clock:
        return int(clock.group("hours")) * 60 + int(clock.group("minutes"))
    if re.search(_DIGITS_APART, words):
        raise ValueError(_minutes_hint(text))  # "30 5" is two numbers, not 305
    total = 0.0
    position = 0
    seen_hours = seen_minutes = False
    compact = words.replace(" ", "")
    while position < len(compact):
        part = re.compile(_PART).match(compact, position)
        if part is None or part.end() == position:
            raise ValueError(_minutes_hint(text))
        amount = float(part.group("amount").replace(",", "."))
        unit = part.group("unit")
        if unit in _HOUR_UNITS and not seen_hours and not seen_minutes:
            total += amount * 60
            seen_hours = True
        elif unit in _MINUTE_UNITS and not seen_minutes:
            if unit == "" and not seen_hours:
                raise ValueError(_minutes_hint(text))  # "1.5" alone: hours or minutes?
            total += amount
            seen_minutes = True
        else:
            raise ValueError(_minutes_hint(text))
        position = part.end()
    if not (seen_hours or seen_minutes):
        raise ValueError(_minutes_hint(text))
    return int(total + 0.5)


def _minutes_hint(text: str) -> str:
    return f"{_shown(text.strip())} is not a length of time; try {MINUTES_EXAMPLES}"


_WEEKS_BACK = r"-(?P<count>[0-9]{1,4})"


def spoken_week(text: str, today: date) -> IsoWeek:
    """The ISO week ``text`` names: ``this``, ``last``, ``-2`` (two weeks before this one) or ``2026-W47``.

    ValueError (WeekRangeError past the kept weeks) says what is wrong.
    """
    words = _words(text)
    this = IsoWeek.of(today)
    if words in ("this", "this week", "0", "-0"):
        return this
    if words in ("last", "last week", "previous"):
        return this.shift(-1)
    back = re.fullmatch(_WEEKS_BACK, words)
    if back:
        return this.shift(-int(back.group("count")))
    ago = re.fullmatch(_AGO, words)
    if ago and _UNIT_DAYS.get(ago.group("unit")) == 7:
        count = _count(ago.group("count"))
        if count is not None:
            return this.shift(-count)
    try:
        return IsoWeek.parse(text.strip().upper())
    except ValueError as error:
        if "not an ISO week" in str(error):
            raise ValueError(f"{_shown(text.strip())} is not a week; try {WEEK_EXAMPLES}") from None
        raise


def _iso_shaped(text: str) -> bool:
    """``YYYY-MM-DD`` by shape, without a regular expression: the record's own check reads it."""
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isascii()


def typed_date(text: str, today: date, field_name: str = "date") -> date:
    """The day a person typed (spoken or ISO), through the record's own date check.

    Every door (a flag, the Log form) reads a typed date here, so each refuses it in the same words:
    a ValidationError whose message starts ``date: ``; the door may rename that prefix."""
    raw = text.strip()
    day: object = raw
    if not _iso_shaped(raw):
        try:
            day = spoken_date(raw, today)
        except ValueError as error:
            raise ValidationError(field_name, f"{field_name}: {error}") from None
    return clean_date(day, today, field_name)


def typed_minutes(text: str, field_name: str = "minutes") -> int:
    """Whole minutes a person typed (``30``, ``1h30``…), through the record's own minutes check."""
    raw = text.strip()
    if raw.isascii() and raw.isdigit():
        return clean_minutes(raw)
    try:
        minutes = spoken_minutes(raw)
    except ValueError as error:
        raise ValidationError(field_name, f"{field_name}: {error}") from None
    return clean_minutes(minutes)


def first_clause(message: str) -> str:
    """``'x' is not a date reljournal understands`` from a message with its advice after ``;``: fits beside a field."""
    return message.split("; ", 1)[0]


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")
