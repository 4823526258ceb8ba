"""The pond at a glance: for each person, last real contact, time this month and cadence status."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter

from journal.core.depth import group_by_person
from journal.core.model import Person, Touchpoint


class CadenceState(StrEnum):
    """Where someone stands against their cadence: what a screen colours and groups by."""

    ON_TRACK = "on track"
    DUE = "due"  # within 3 days of the cadence
    OVERDUE = "overdue"
    NO_CADENCE = "no cadence"
    NOT_YET = "not yet"  # a cadence, but never met
    DRIFTING = "drifting"  # no cadence, but drifting by your usual gap (see journal.core.drift)


@dataclass(frozen=True, slots=True)
class CadenceStatus:
    """A cadence status as a value; ``str()`` words it (``due in 3d``, ``overdue 5d``, ``on track``)."""

    state: CadenceState
    days: int = 0  # DUE: days left (0: today); OVERDUE: days past the cadence

    def __str__(self) -> str:
        if self.state is CadenceState.OVERDUE:
            return f"overdue {self.days}d"
        if self.state is CadenceState.DUE:
            return f"due in {self.days}d" if self.days else "due today"
        return self.state.value

    def or_drifting(self, drifting: bool) -> CadenceStatus:
        """DRIFTING instead of NO_CADENCE when drift (which needs every contact) says so."""
        return DRIFTING if drifting and self.state is CadenceState.NO_CADENCE else self


DRIFTING = CadenceStatus(CadenceState.DRIFTING)
_ON_TRACK, _NO_CADENCE, _NOT_YET = (
    CadenceStatus(state) for state in (CadenceState.ON_TRACK, CadenceState.NO_CADENCE, CadenceState.NOT_YET)
)


@dataclass(frozen=True)
class PondRow:
    person: Person
    last_contact: date | None  # last touchpoint that was not automated
    minutes_this_month: int
    touchpoints: int

    def days_since(self, today: date) -> int | None:
        return None if self.last_contact is None else (today - self.last_contact).days

    def cadence_status(self, today: date) -> CadenceStatus:
        """On track, due in 3 days or fewer, overdue, no cadence, or not yet (a cadence, never met)."""
        days = self.person.cadence.days
        if days is None:
            return _NO_CADENCE
        since = self.days_since(today)
        if since is None:
            return _NOT_YET
        left = days - since
        if left < 0:
            return CadenceStatus(CadenceState.OVERDUE, -left)
        if left <= 3:
            return CadenceStatus(CadenceState.DUE, left)
        return _ON_TRACK


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
