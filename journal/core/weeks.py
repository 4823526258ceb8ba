"""ISO weeks (``2026-W47``): the unit of the weekly review and of exported week files.

The journal keeps dates from :data:`FIRST_DAY` to :data:`LAST_DAY` (ISO years 1900 to 9998): every
week holding such a day, its neighbours and the twelve weeks before it stay inside what ``date`` can
hold, so no week arithmetic on a stored date can overflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")  # ASCII digits only, as `--date` takes them
FIRST_YEAR = 1900
LAST_YEAR = 9998
FIRST_DAY = date(FIRST_YEAR, 1, 1)  # the Monday of 1900-W01
LAST_DAY = date(LAST_YEAR, 12, 31)  # in 9998-W53, which ends on 9999-01-03


class WeekRangeError(ValueError):
    """A week outside the ones the journal keeps (see :data:`FIRST_YEAR`, :data:`LAST_YEAR`)."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Parse ``2026-W47``; a malformed, non-existent or out-of-range week raises ValueError with a hint."""
        match = _WEEK.match(text.strip())
        if not match:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise ValueError(f"{shown!r} is not an ISO week; write it like 2026-W47")
        year, week = int(match.group(1)), int(match.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise WeekRangeError(
                f"{year:04d}-W{week:02d} is outside the weeks reljournal keeps "
                f"({FIRST_YEAR}-W01 to {LAST_YEAR}-W53)"
            )
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{text} does not exist: {year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def shift(self, weeks: int) -> IsoWeek:
        """The week ``weeks`` later (earlier when negative); WeekRangeError past the kept weeks."""
        try:
            shifted = IsoWeek.of(self.monday + timedelta(weeks=weeks))
        except OverflowError:
            shifted = IsoWeek(0 if weeks < 0 else 10_000, 1)
        if not FIRST_YEAR <= shifted.year <= LAST_YEAR:
            raise WeekRangeError(
                f"no week before {FIRST_YEAR}-W01 or after {LAST_YEAR}-W53 is kept; {self} is the "
                f"{'first' if weeks < 0 else 'last'} one"
            )
        return shifted

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"
