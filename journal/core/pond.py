"""The pond at a glance: for each person, last real contact, time this month and cadence status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from journal.core.depth import group_by_person
from journal.core.model import Person, Touchpoint


@dataclass(frozen=True)
class PondRow:
    person: Person
    last_contact: date | None  # last touchpoint that was not automated
    minutes_this_month: int
    touchpoints: int

    def days_since(self, today: date) -> int | None:
        return None if self.last_contact is None else (today - self.last_contact).days

    def cadence_status(self, today: date) -> str:
        """``on track``, ``due in 3d``, ``overdue 5d``, ``no cadence`` or ``not yet`` (never met)."""
        days = self.person.cadence.days
        if days is None:
            return "no cadence"
        since = self.days_since(today)
        if since is None:
            return "not yet"
        left = days - since
        if left < 0:
            return f"overdue {-left}d"
        if left <= 3:
            return f"due in {left}d" if left else "due today"
        return "on track"


def pond_rows(people: Iterable[Person], entries: Iterable[Touchpoint], today: date) -> list[PondRow]:
    """One row per person, in the order given. ``entries`` may be in any order."""
    newest_first = sorted(entries, key=attrgetter("day"), reverse=True)
    return pond_rows_grouped(people, group_by_person(newest_first), today)


def pond_rows_grouped(
    people: Iterable[Person], by_person: Mapping[str, Sequence[Touchpoint]], today: date
) -> list[PondRow]:
    """:func:`pond_rows` from touchpoints already grouped by person, each list newest first (as the
    pond screen holds them): a row reads only as far back as its last real contact and the month's
    start, instead of walking the whole journal."""
    month_start = today.replace(day=1)
    rows = []
    for person in people:
        mine = by_person.get(person.uid, ())
        last = next((tp.day for tp in mine if tp.counts_as_contact), None)
        minutes = 0
        for tp in mine:
            if tp.day < month_start:
                break
            if tp.day <= today:
                minutes += tp.minutes
        rows.append(PondRow(person, last, minutes, len(mine)))
    return rows
