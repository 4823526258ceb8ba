"""The pond's rows, read from touchpoints grouped by person (as the pond screen holds them) or not, against
the rule written out plainly here; and the cadence status as a value."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from journal.core.depth import group_by_person
from journal.core.model import Cadence, Felt, Touchpoint, make_definition, make_person, make_touchpoint
from journal.core.pond import CadenceState, CadenceStatus, PondRow, pond_rows, pond_rows_grouped

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 18, 30)
PEOPLE = [
    make_person(name, make_definition(why="to hear them", cadence=cadence), NOW - timedelta(days=400))
    for name, cadence in (("Ana", Cadence.WEEKLY), ("Ben", Cadence.NONE), ("Cy", Cadence.MONTHLY))
]

touchpoint = st.builds(
    lambda who, days_ago, minutes, felt, hour: make_touchpoint(
        people=[PEOPLE[i].uid for i in who],
        day=TODAY - timedelta(days=days_ago),
        channel="call",
        minutes=minutes,
        felt=felt,
        now=NOW,
        created_at=datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()).replace(hour=hour),
    ),
    who=st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
    days_ago=st.integers(0, 70),
    minutes=st.integers(0, 300),
    felt=st.sampled_from(list(Felt)),
    hour=st.integers(0, 23),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(touchpoint, max_size=30), st.integers(0, 40))
def test_rows_follow_the_rule_grouped_or_not(entries: list[Touchpoint], days_later: int) -> None:
    today = TODAY + timedelta(days=days_later)  # some months start after the newest touchpoint
    newest_first = sorted(entries, key=lambda tp: (tp.day, tp.created_at, tp.uid), reverse=True)
    expected = []
    for person in PEOPLE:  # the rule, plainly: every touchpoint of theirs looked at
        mine = [tp for tp in entries if person.uid in tp.people]
        real = [tp.day for tp in mine if tp.felt is not Felt.AUTOMATED]
        month = sum(tp.minutes for tp in mine if today.replace(day=1) <= tp.day <= today)
        expected.append(PondRow(person, max(real, default=None), month, len(mine)))
    assert pond_rows(PEOPLE, entries, today) == expected
    assert pond_rows_grouped(PEOPLE, group_by_person(newest_first), today) == expected


@pytest.mark.parametrize(
    ("cadence", "days_ago", "state", "words"),
    [
        (Cadence.WEEKLY, 2, CadenceState.ON_TRACK, "on track"),
        (Cadence.WEEKLY, 4, CadenceState.DUE, "due in 3d"),
        (Cadence.WEEKLY, 7, CadenceState.DUE, "due today"),
        (Cadence.WEEKLY, 12, CadenceState.OVERDUE, "overdue 5d"),
        (Cadence.NONE, 12, CadenceState.NO_CADENCE, "no cadence"),
        (Cadence.MONTHLY, None, CadenceState.NOT_YET, "not yet"),
    ],
)
def test_the_cadence_status_is_a_value_with_words(
    cadence: Cadence, days_ago: int | None, state: CadenceState, words: str
) -> None:
    person = make_person("Dee", make_definition(why="to hear them", cadence=cadence), NOW)
    last = None if days_ago is None else TODAY - timedelta(days=days_ago)
    status = PondRow(person, last, 0, 0).cadence_status(TODAY)
    assert status.state is state and str(status) == words
    drifting = status.or_drifting(True)
    assert drifting.state is (CadenceState.DRIFTING if state is CadenceState.NO_CADENCE else state)
    assert status.or_drifting(False) == status == CadenceStatus(state, status.days)


def test_a_month_counts_only_its_own_days_and_the_last_contact_skips_automated() -> None:
    ana = PEOPLE[0]

    def tp(day: date, minutes: int, felt: Felt = Felt.GENUINE) -> Touchpoint:
        return make_touchpoint(people=[ana.uid], day=day, channel="dm", minutes=minutes, felt=felt, now=NOW)

    mine = [tp(date(2026, 11, 19), 5, Felt.AUTOMATED), tp(date(2026, 11, 2), 30), tp(date(2026, 10, 31), 60)]
    (row,) = pond_rows_grouped([ana], {ana.uid: mine}, TODAY)
    assert row.last_contact == date(2026, 11, 2)
    assert row.minutes_this_month == 35
    assert row.touchpoints == 3
