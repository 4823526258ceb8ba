"""Who is drifting off your radar: past their cadence, or well past your own usual gap with them.

Pure (no Textual, no storage). Only real contact counts: an automated touchpoint never resets the clock.
The rule is described in the README ("Drift") and tested in ``tests/test_drift.py``.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from journal.model import Felt, Person, Touchpoint

# Without a cadence, someone is drifting when the time since the last real contact exceeds
# GAP_FACTOR x the median gap between real contacts, and at least MIN_GAP_DAYS.
GAP_FACTOR = 2.0
MIN_GAP_DAYS = 21
MIN_CONTACTS_TO_JUDGE = 3  # distinct days of real contact needed to know "your usual gap"
RECENT_GAPS = 10  # "your usual gap" is the median of the gaps between the last 11 contact days


@dataclass(frozen=True)
class Drift:
    drifting: bool
    reason: str  # a plain sentence, no user text
    days_since: int | None  # days since the last real (non-automated) contact; None if never
    expected_gap_days: int | None  # the cadence's days, or the median gap between real contacts
    limit_days: int | None = None  # days since contact after which they count as drifting


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


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


def drift_from_days(person: Person, days: Sequence[date], today: date) -> Drift:
    """Drift from the distinct days of real contact up to ``today``, oldest first.

    Only the last ``RECENT_GAPS + 1`` days matter, so callers with an index may pass just those.
    """
    since = (today - days[-1]).days if days else None
    cadence_days = person.cadence.days
    if cadence_days is not None:
        name = person.cadence.value
        if since is None:
            added = max(0, (today - person.created_at.date()).days)
            if added > cadence_days:
                return Drift(
                    True,
                    f"no real contact in the {_days(added)} since you added them; cadence {name}",
                    None,
                    cadence_days,
                    cadence_days,
                )
            return Drift(
                False,
                f"added {_days(added)} ago, no contact yet; cadence {name}",
                None,
                cadence_days,
                cadence_days,
            )
        if since > cadence_days:
            return Drift(
                True,
                f"last real contact {_days(since)} ago; cadence {name} ({_days(cadence_days)})",
                since,
                cadence_days,
                cadence_days,
            )
        return Drift(
            False,
            f"last real contact {_days(since)} ago, within your {name} cadence",
            since,
            cadence_days,
            cadence_days,
        )
    if len(days) < MIN_CONTACTS_TO_JUDGE:
        return Drift(False, "no cadence, and too few contacts to know your usual gap", since, None)
    # Recent gaps only: how often you talk now matters more than how often you talked years ago.
    recent = days[-(RECENT_GAPS + 1) :]
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(recent)]
    median = statistics.median(gaps)
    limit = max(MIN_GAP_DAYS, round(GAP_FACTOR * median))
    usual = round(median)
    assert since is not None
    if since > limit:
        return Drift(
            True,
            f"last real contact {_days(since)} ago; you usually talk every {_days(usual)}",
            since,
            usual,
            limit,
        )
    return Drift(
        False,
        f"last real contact {_days(since)} ago; you usually talk every {_days(usual)}",
        since,
        usual,
        limit,
    )
