"""Who is drifting off your radar: past their cadence, or well past your own usual gap with them.

Pure (no Textual, no storage). Only real contact counts: an automated touchpoint never resets the clock.
The rule is described in the README ("Drift") and tested in ``tests/test_drift.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from journal.core.humanize import plural
from journal.core.model import Felt, Person, Touchpoint

# Without a cadence, someone is drifting when the time since the last real contact exceeds
# GAP_FACTOR x the median gap between real contacts, and at least MIN_GAP_DAYS.
GAP_FACTOR = 2.0
MIN_GAP_DAYS = 21
MIN_CONTACTS_TO_JUDGE = 3  # distinct days of real contact needed to know "your usual gap"
RECENT_GAPS = 10  # "your usual gap" is the median of the gaps between the last 11 contact days


class Drift(NamedTuple):
    """Whether someone is drifting, and why. A NamedTuple rather than a frozen dataclass, as immutable
    and about three times as quick to make: an export judges every person in every week."""

    drifting: bool
    reason: str  # a plain sentence, no user text
    days_since: int | None  # days since the last real (non-automated) contact; None if never
    expected_gap_days: int | None  # the cadence's days, or the median gap between real contacts
    limit_days: int | None = None  # days since contact after which they count as drifting


def _days(n: int) -> str:
    return plural(n, "day")


def _median(values: Sequence[int]) -> float:
    """``statistics.median``, exactly (the middle value, or the mean of the two middle ones), without
    importing statistics (and with it fractions, decimal and random) into every command that judges drift."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _usual_gap(recent: Sequence[date]) -> tuple[int, int]:
    """Your usual gap (the median of the gaps between the given contact days, rounded) and the limit
    past which you are drifting."""
    return _usual_gap_of([(later - earlier).days for earlier, later in itertools.pairwise(recent)])


def _usual_gap_of(gaps: Sequence[int]) -> tuple[int, int]:
    """:func:`_usual_gap` from the gaps (in days) themselves."""
    median = _median(gaps)
    return round(median), max(MIN_GAP_DAYS, round(GAP_FACTOR * median))


def contact_days(person_uid: str, entries: Iterable[Touchpoint], today: date) -> list[date]:
    """Distinct days of real contact with the person up to ``today``, oldest first."""
    automated = Felt.AUTOMATED
    return sorted(
        {tp.day for tp in entries if tp.felt is not automated and tp.day <= today and person_uid in tp.people}
    )


def drift_of(person: Person, entries: Iterable[Touchpoint], today: date) -> Drift:
    """Is ``person`` drifting as of ``today``? ``entries`` may be the whole journal, in any order.

    Archived people are judged like anyone else; callers decide whom to ask about (the review asks
    about the pond).
    """
    return drift_from_days(person, contact_days(person.uid, entries, today), today)


class _Rule(NamedTuple):
    """What the rule says after a person's latest contact (or, without one, after they were added): they
    drift once more than ``limit`` days have passed since ``counted_from``; the words for either case."""

    counted_from: date
    contacted: bool
    expected_gap_days: int
    limit_days: int
    drifting_tail: str  # after "last real contact N days" / "no real contact in the N days"
    calm: str  # the reason while not drifting, with {days} for the days since


def _rule(person: Person, days: Sequence[date]) -> _Rule | None:
    """The rule for ``person`` after the last of ``days`` (distinct days of real contact, oldest first;
    only the last ``RECENT_GAPS + 1`` matter); None when there is no cadence and too few contacts to
    know your usual gap. The one statement of the rule: :func:`drift_from_days` and :func:`drift_spans`
    both ask it."""
    cadence_days = person.cadence.days
    if cadence_days is not None:
        name = person.cadence.value
        if not days:
            tail = f" since you added them; cadence {name}"
            calm = "added {days} ago, no contact yet; cadence " + name
            return _Rule(person.created_at.date(), False, cadence_days, cadence_days, tail, calm)
        tail = f" ago; cadence {name} ({_days(cadence_days)})"
        calm = "last real contact {days} ago, within your " + name + " cadence"
        return _Rule(days[-1], True, cadence_days, cadence_days, tail, calm)
    if len(days) < MIN_CONTACTS_TO_JUDGE:
        return None
    # Recent gaps only: how often you talk now matters more than how often you talked years ago.
    usual, limit = _usual_gap(days[-(RECENT_GAPS + 1) :])
    tail = f" ago; you usually talk every {_days(usual)}"
    return _Rule(days[-1], True, usual, limit, tail, "last real contact {days}" + tail)


def _drift_words(contacted: bool, days: int, tail: str) -> str:
    head = "last real contact " if contacted else "no real contact in the "
    return f"{head}{_days(days)}{tail}"


def drift_from_days(person: Person, days: Sequence[date], today: date) -> Drift:
    """Drift from the distinct days of real contact up to ``today``, oldest first.

    Only the last ``RECENT_GAPS + 1`` days matter, so callers with an index may pass just those.
    """
    rule = _rule(person, days)
    if rule is None:
        since = (today - days[-1]).days if days else None
        return Drift(False, "no cadence, and too few contacts to know your usual gap", since, None)
    elapsed = max(0, (today - rule.counted_from).days)
    since = elapsed if rule.contacted else None
    if elapsed > rule.limit_days:
        reason = _drift_words(rule.contacted, elapsed, rule.drifting_tail)
        return Drift(True, reason, since, rule.expected_gap_days, rule.limit_days)
    calm = rule.calm.format(days=_days(elapsed))
    return Drift(False, calm, since, rule.expected_gap_days, rule.limit_days)


class DriftSpan(NamedTuple):
    """A run of days on each of which :func:`drift_from_days` says the person is drifting, for the same
    reason: from ``start`` up to, not including, ``end`` (None: for as long as nothing changes)."""

    start: date
    end: date | None
    counted_from: date  # the last real contact, or the day they were added when there was none
    contacted: bool  # False: no real contact yet (Drift.days_since is None)
    expected_gap_days: int
    limit_days: int
    reason_tail: str  # what follows the number of days in the reason

    def at(self, today: date) -> Drift:
        """``drift_from_days(person, contact days up to today, today)`` for a ``today`` in the span."""
        return self.after((today - self.counted_from).days)

    def after(self, days: int) -> Drift:
        """:meth:`at` the day ``days`` after ``counted_from``."""
        return Drift(
            True,
            _drift_words(self.contacted, days, self.reason_tail),
            days if self.contacted else None,
            self.expected_gap_days,
            self.limit_days,
        )


def _after(day: date, days: int) -> date | None:
    """``days`` after ``day``; None past the last date Python knows (never, for drift)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


_LAST_ORDINAL = date.max.toordinal()


def _drifting_from(ordinals: Sequence[int], index: int, limit: int) -> date | None:
    """The first day more than ``limit`` days after contact ``index``, if that comes before the next
    contact (and Python knows the date); else None: no drifting after this contact."""
    start = ordinals[index] + limit + 1
    if start > _LAST_ORDINAL or (index + 1 < len(ordinals) and start >= ordinals[index + 1]):
        return None
    return date.fromordinal(start)


def drift_spans(person: Person, days: Sequence[date]) -> list[DriftSpan]:
    """Every span of days on which ``person`` is drifting, given all their days of real contact (distinct,
    oldest first), in order.

    The rule (:func:`_rule`) asked once per contact instead of once per day asked about: judging hundreds
    of weeks (an export) costs one pass over the contacts.
    """
    spans: list[DriftSpan] = []
    ordinals = [day.toordinal() for day in days]
    cadence = person.cadence.days is not None
    if cadence:  # before the first contact, counted from the day they were added
        rule = _rule(person, ())
        assert rule is not None
        start = _after(rule.counted_from, rule.limit_days + 1)
        first = days[0] if days else None
        if start is not None and (first is None or start < first):
            spans.append(DriftSpan(start, first, *rule[:3], rule.limit_days, rule.drifting_tail))
    for index in range(0 if cadence else MIN_CONTACTS_TO_JUDGE - 1, len(days)):
        if (
            not cadence
            and index + 1 < len(days)
            and ordinals[index + 1] - ordinals[index] <= MIN_GAP_DAYS + 1
        ):
            continue  # without a cadence the limit is at least MIN_GAP_DAYS: in touch again in time
        rule = _rule(person, days[max(0, index - RECENT_GAPS) : index + 1])
        assert rule is not None
        start = _drifting_from(ordinals, index, rule.limit_days)
        if start is not None:
            end = days[index + 1] if index + 1 < len(days) else None
            spans.append(DriftSpan(start, end, *rule[:3], rule.limit_days, rule.drifting_tail))
    return spans
