"""Drift: past the cadence, or well past your own usual gap; automated contact never resets it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from journal.core.drift import drift_of
from journal.core.model import Cadence, Channel, Felt, Initiator, Person, Touchpoint, make_definition

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 18, 30)
UID = "c" * 32
OTHER = "d" * 32
_counter = iter(range(10**9))


def person(cadence: Cadence = Cadence.NONE, added_days_ago: int = 400) -> Person:
    return Person(
        uid=UID,
        name="Robin",
        definition=make_definition(why="I like how Robin thinks", cadence=cadence),
        created_at=NOW - timedelta(days=added_days_ago),
    )


def tp(age: int, felt: Felt = Felt.GENUINE, people: tuple[str, ...] = (UID,)) -> Touchpoint:
    return Touchpoint(
        uid=f"{next(_counter):032x}",
        people=people,
        day=TODAY - timedelta(days=age),
        channel=Channel.CALL,
        minutes=20,
        initiated_by=Initiator.MUTUAL,
        felt=felt,
        created_at=NOW,
        updated_at=NOW,
    )


# -- with a cadence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "age", "drifting"),
    [
        (Cadence.WEEKLY, 7, False),
        (Cadence.WEEKLY, 8, True),
        (Cadence.FORTNIGHTLY, 14, False),
        (Cadence.FORTNIGHTLY, 15, True),
        (Cadence.MONTHLY, 31, False),
        (Cadence.MONTHLY, 32, True),
        (Cadence.QUARTERLY, 92, False),
        (Cadence.QUARTERLY, 93, True),
    ],
)
def test_past_the_cadence_is_drifting(cadence: Cadence, age: int, drifting: bool) -> None:
    result = drift_of(person(cadence), [tp(age)], TODAY)
    assert result.drifting is drifting
    assert result.days_since == age
    assert result.expected_gap_days == cadence.days
    assert result.limit_days == cadence.days


def test_reason_reads_as_a_sentence() -> None:
    assert drift_of(person(Cadence.MONTHLY), [tp(40)], TODAY).reason == (
        "last real contact 40 days ago; cadence monthly (31 days)"
    )
    assert drift_of(person(Cadence.MONTHLY), [tp(1)], TODAY).reason == (
        "last real contact 1 day ago, within your monthly cadence"
    )


def test_an_automated_touchpoint_never_resets_the_clock() -> None:
    history = [tp(40), tp(1, felt=Felt.AUTOMATED), tp(0, felt=Felt.AUTOMATED)]
    result = drift_of(person(Cadence.MONTHLY), history, TODAY)
    assert result.drifting
    assert result.days_since == 40


def test_routine_contact_does_reset_the_clock() -> None:
    assert not drift_of(person(Cadence.WEEKLY), [tp(40), tp(2, felt=Felt.ROUTINE)], TODAY).drifting


def test_never_met_with_a_cadence_drifts_after_the_cadence_since_added() -> None:
    fresh = drift_of(person(Cadence.WEEKLY, added_days_ago=7), [], TODAY)
    assert not fresh.drifting
    assert fresh.days_since is None
    assert fresh.reason == "added 7 days ago, no contact yet; cadence weekly"
    stale = drift_of(person(Cadence.WEEKLY, added_days_ago=8), [tp(0, felt=Felt.AUTOMATED)], TODAY)
    assert stale.drifting
    assert stale.reason == "no real contact in the 8 days since you added them; cadence weekly"


def test_other_people_and_the_future_are_ignored() -> None:
    history = [tp(40), tp(1, people=(OTHER,)), tp(-3)]
    result = drift_of(person(Cadence.MONTHLY), history, TODAY)
    assert result.drifting
    assert result.days_since == 40


def test_shared_touchpoints_count_for_everyone_there() -> None:
    assert not drift_of(person(Cadence.WEEKLY), [tp(2, people=(OTHER, UID))], TODAY).drifting


# -- without a cadence: your own usual gap -------------------------------------------------------


def test_too_few_contacts_are_not_judged() -> None:
    for history in ([], [tp(500)], [tp(500), tp(400)], [tp(500), tp(500), tp(400)]):
        result = drift_of(person(), history, TODAY)
        assert not result.drifting
        assert result.reason == "no cadence, and too few contacts to know your usual gap"
        assert result.expected_gap_days is None


def weekly_until(last_age: int, count: int = 6) -> list[Touchpoint]:
    return [tp(last_age + 7 * i) for i in range(count)]


def test_usual_gap_has_a_floor_of_three_weeks() -> None:
    # Weekly contact: twice the usual gap is 14 days, but nobody drifts in under 21.
    assert not drift_of(person(), weekly_until(21), TODAY).drifting
    result = drift_of(person(), weekly_until(22), TODAY)
    assert result.drifting
    assert (result.expected_gap_days, result.limit_days, result.days_since) == (7, 21, 22)
    assert result.reason == "last real contact 22 days ago; you usually talk every 7 days"


def test_well_beyond_the_usual_gap() -> None:
    every_20 = [tp(40 + 20 * i) for i in range(5)]
    assert not drift_of(person(), every_20, TODAY).drifting  # 40 = 2 x 20
    every_20_later = [tp(41 + 20 * i) for i in range(5)]
    result = drift_of(person(), every_20_later, TODAY)
    assert result.drifting
    assert (result.expected_gap_days, result.limit_days) == (20, 40)


def test_usual_gap_is_the_median_so_one_long_silence_does_not_define_it() -> None:
    history = [tp(age) for age in (25, 35, 45, 55, 400)]  # gaps 10, 10, 10, 345
    result = drift_of(person(), history, TODAY)
    assert result.expected_gap_days == 10
    assert result.drifting  # 25 > max(21, 20)


def test_usual_gap_follows_how_you_talk_now() -> None:
    # Daily for a month years ago, then every 60 days: the recent rhythm is the usual one.
    old = [tp(2000 + i) for i in range(30)]
    recent = [tp(100 + 60 * i) for i in range(11)]
    result = drift_of(person(), old + recent, TODAY)
    assert result.expected_gap_days == 60
    assert not result.drifting  # 100 <= 120


def test_several_touchpoints_on_one_day_are_one_contact() -> None:
    history = [tp(30), tp(30), tp(30), tp(31)]
    assert drift_of(person(), history, TODAY).reason.endswith("too few contacts to know your usual gap")


# -- properties ----------------------------------------------------------------------------------

histories = st.lists(
    st.builds(tp, age=st.integers(0, 400), felt=st.sampled_from(list(Felt))),
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(histories, st.lists(st.integers(0, 400), min_size=1, max_size=5), st.sampled_from(list(Cadence)))
def test_automated_contact_never_changes_drift(
    history: list[Touchpoint], ages: list[int], cadence: Cadence
) -> None:
    someone = person(cadence, added_days_ago=30)
    noise = [tp(age, felt=Felt.AUTOMATED) for age in ages]
    assert drift_of(someone, [*history, *noise], TODAY) == drift_of(someone, history, TODAY)


@settings(max_examples=150, deadline=None)
@given(histories, st.sampled_from([c for c in Cadence if c is not Cadence.NONE]))
def test_recent_real_contact_within_the_cadence_is_never_drifting(
    history: list[Touchpoint], cadence: Cadence
) -> None:
    assert not drift_of(person(cadence), [*history, replace(tp(0), felt=Felt.ROUTINE)], TODAY).drifting
