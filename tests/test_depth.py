"""Depth: the ladder word, its evidence, and the properties the README promises."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.core.depth import (
    FLOOR_MINUTES,
    LADDER,
    THRESHOLDS,
    Depth,
    depth_of,
    group_by_person,
    ladder_index,
    ladder_word,
    richness,
    touchpoint_score,
    weekly_minutes,
)
from journal.core.model import Channel, Felt, Initiator, Touchpoint

TODAY = date(2026, 11, 20)
ME = "a" * 32
OTHER = "b" * 32
NOW = datetime(2026, 11, 20, 18, 30)
_counter = iter(range(10**9))


def tp(
    age: int = 0,
    channel: Channel = Channel.IN_PERSON,
    minutes: int = 60,
    felt: Felt = Felt.GENUINE,
    initiated_by: Initiator = Initiator.MUTUAL,
    closeness: int | None = None,
    people: tuple[str, ...] = (ME,),
) -> Touchpoint:
    return Touchpoint(
        uid=f"{next(_counter):032x}",
        people=people,
        day=TODAY - timedelta(days=age),
        channel=channel,
        minutes=minutes,
        initiated_by=initiated_by,
        felt=felt,
        created_at=NOW,
        updated_at=NOW,
        closeness=closeness,
    )


def depth(entries: list[Touchpoint], today: date = TODAY) -> Depth:
    return depth_of(ME, entries, today)


# -- strategies ----------------------------------------------------------------------------------

touchpoints = st.builds(
    tp,
    age=st.integers(0, 120),
    channel=st.sampled_from(list(Channel)),
    minutes=st.integers(0, 600),
    felt=st.sampled_from(list(Felt)),
    initiated_by=st.sampled_from(list(Initiator)),
    closeness=st.none() | st.integers(1, 5),
)
real_touchpoints = st.builds(
    tp,
    age=st.integers(0, 89),
    channel=st.sampled_from(list(Channel)),
    minutes=st.integers(0, 600),
    felt=st.sampled_from([Felt.GENUINE, Felt.ROUTINE]),
    initiated_by=st.sampled_from(list(Initiator)),
    closeness=st.none() | st.integers(1, 5),
)
histories = st.lists(touchpoints, max_size=25)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_not_lower(more: Depth, less: Depth) -> None:
    assert more.score >= less.score
    assert LADDER.index(more.word) >= LADDER.index(less.word)


# -- properties ----------------------------------------------------------------------------------


@fast
@given(histories, st.data())
def test_more_time_on_a_touchpoint_never_lowers_depth(history: list[Touchpoint], data: st.DataObject) -> None:
    if not history:
        history = [tp()]
    index = data.draw(st.integers(0, len(history) - 1))
    extra = data.draw(st.integers(1, 600))
    longer = [*history]
    longer[index] = replace(history[index], minutes=history[index].minutes + extra)
    assert_not_lower(depth(longer), depth(history))


@fast
@given(histories, touchpoints, st.integers(0, 25))
def test_another_touchpoint_never_lowers_depth(history: list[Touchpoint], extra: Touchpoint, at: int) -> None:
    more = [*history]
    more.insert(min(at, len(more)), extra)
    assert_not_lower(depth(more), depth(history))


@fast
@given(histories, real_touchpoints)
def test_in_person_counts_at_least_as_much_as_a_comment_for_the_same_minutes(
    history: list[Touchpoint], moment: Touchpoint
) -> None:
    in_person = depth([*history, replace(moment, channel=Channel.IN_PERSON)])
    comment = depth([*history, replace(moment, channel=Channel.COMMENT)])
    assert in_person.score > comment.score
    assert LADDER.index(in_person.word) >= LADDER.index(comment.word)


@fast
@given(histories, real_touchpoints, st.sampled_from(list(Channel)), st.sampled_from(list(Channel)))
def test_a_richer_channel_never_counts_less(
    history: list[Touchpoint], moment: Touchpoint, a: Channel, b: Channel
) -> None:
    poorer, richer = sorted((a, b), key=lambda c: c.rung)
    assert_not_lower(
        depth([*history, replace(moment, channel=richer)]), depth([*history, replace(moment, channel=poorer)])
    )


@fast
@given(histories, real_touchpoints, st.integers(1, 60))
def test_older_touchpoints_count_less(history: list[Touchpoint], moment: Touchpoint, older_by: int) -> None:
    older = replace(moment, day=moment.day - timedelta(days=older_by))
    recent_depth = depth([*history, moment])
    older_depth = depth([*history, older])
    assert older_depth.score < recent_depth.score
    assert LADDER.index(older_depth.word) <= LADDER.index(recent_depth.word)


@fast
@given(histories, st.lists(touchpoints, min_size=1, max_size=10))
def test_automated_touchpoints_add_nothing(history: list[Touchpoint], noise: list[Touchpoint]) -> None:
    automated = [replace(t, felt=Felt.AUTOMATED) for t in noise]
    before, after = depth(history), depth([*history, *automated])
    assert after.score == before.score
    assert after.word == before.word
    assert after.weighted_minutes == before.weighted_minutes
    assert after.last_contact == before.last_contact
    assert after.initiated_by_them_share == before.initiated_by_them_share
    assert after.one_sided == before.one_sided


@fast
@given(histories)
def test_other_peoples_touchpoints_and_order_do_not_matter(history: list[Touchpoint]) -> None:
    others = [replace(t, people=(OTHER,)) for t in history]
    mixed = [*reversed(history), *others]
    a, b = depth(history), depth(mixed)
    assert a.score == b.score and a.word == b.word and a.minutes == b.minutes


# -- the ladder ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "word"),
    [
        (0.0, "Not yet"),
        (2.99, "Not yet"),
        (3.0, "Surface"),
        (29.99, "Surface"),
        (30.0, "Conversation"),
        (119.9, "Conversation"),
        (120.0, "Personal"),
        (359.9, "Personal"),
        (360.0, "Deep"),
        (10_000.0, "Deep"),
    ],
)
def test_ladder_thresholds(score: float, word: str) -> None:
    assert ladder_word(score) == word
    assert LADDER[ladder_index(score)] == word


def test_ladder_has_one_threshold_per_word_in_increasing_order() -> None:
    assert len(THRESHOLDS) == len(LADDER)
    assert list(THRESHOLDS) == sorted(THRESHOLDS)


def every(days: int, **kwargs: object) -> list[Touchpoint]:
    return [tp(age=age, **kwargs) for age in range(0, 90, days)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("history", "word"),
    [
        ([], "Not yet"),
        ([tp(channel=Channel.REACTION, minutes=0, age=80)], "Not yet"),
        (every(1, channel=Channel.REACTION, minutes=0, initiated_by=Initiator.ME), "Surface"),
        (every(2, channel=Channel.DM, minutes=5), "Conversation"),
        ([tp(age=age, minutes=60) for age in (15, 45, 75)], "Conversation"),  # monthly coffee
        (every(30, channel=Channel.IN_PERSON, minutes=60), "Personal"),  # ... and one today
        (every(7, channel=Channel.CALL, minutes=30), "Personal"),
        (every(7, channel=Channel.IN_PERSON, minutes=60), "Deep"),
    ],
)
def test_calibration_everyday_patterns(history: list[Touchpoint], word: str) -> None:
    assert depth(history).word == word


def test_a_zero_minute_genuine_touchpoint_still_counts_a_little() -> None:
    result = depth([tp(channel=Channel.REACTION, minutes=0)])
    assert result.score == pytest.approx(FLOOR_MINUTES * richness(Channel.REACTION) * 1.1)
    assert result.weighted_minutes == 0


def test_routine_counts_half_and_closeness_nudges() -> None:
    genuine = depth([tp(minutes=55)]).score
    assert depth([tp(minutes=55, felt=Felt.ROUTINE)]).score == pytest.approx(genuine / 2)
    assert depth([tp(minutes=55, closeness=5)]).score == pytest.approx(genuine * 1.2)
    assert depth([tp(minutes=55, closeness=1)]).score == pytest.approx(genuine * 0.8)
    assert depth([tp(minutes=55, closeness=3)]).score == pytest.approx(genuine)


def test_window_edges_and_future_touchpoints() -> None:
    assert depth([tp(age=89)]).touchpoints == 1
    assert depth([tp(age=90)]).touchpoints == 0
    future = tp(age=-1)
    assert depth([future]).touchpoints == 0
    assert depth([future]).last_contact is None
    assert depth_of(ME, [tp(age=100)], TODAY, window_days=120).touchpoints == 1
    with pytest.raises(ValueError):
        depth_of(ME, [], TODAY, window_days=0)


# -- evidence ------------------------------------------------------------------------------------


def test_empty_depth() -> None:
    result = depth([])
    assert result.word == "Not yet"
    assert result.touchpoints == result.minutes == 0
    assert result.initiated_by_them_share is None
    assert result.one_sided is None
    assert result.offline_share is None
    assert result.avg_closeness is None
    assert result.last_contact is None
    assert result.evidence() == ["No touchpoints in 90 days", "No real contact yet"]


def test_counts_minutes_channels_and_shares() -> None:
    history = [
        tp(age=1, channel=Channel.IN_PERSON, minutes=120, closeness=5, initiated_by=Initiator.THEM),
        tp(
            age=3, channel=Channel.CALL, minutes=40, felt=Felt.ROUTINE, closeness=3, initiated_by=Initiator.ME
        ),
        tp(age=5, channel=Channel.DM, minutes=0, felt=Felt.AUTOMATED, initiated_by=Initiator.THEM),
        tp(age=200, channel=Channel.LETTER, minutes=30),
    ]
    result = depth(history)
    assert (result.touchpoints, result.genuine, result.routine, result.automated) == (3, 1, 1, 1)
    assert result.minutes == 160
    assert dict(result.minutes_by_channel) == {Channel.DM: 0, Channel.CALL: 40, Channel.IN_PERSON: 120}
    assert list(result.minutes_by_channel) == [Channel.DM, Channel.CALL, Channel.IN_PERSON]  # ladder order
    assert result.offline_share == pytest.approx(120 / 160)
    assert result.avg_closeness == pytest.approx(4.0)
    assert result.initiated_by_them_share == pytest.approx(0.5)  # the automated DM is not reaching out
    assert result.last_contact == TODAY - timedelta(days=1)
    assert result.one_sided is None
    assert result.evidence() == [
        "2h 40m over 3 touchpoints in 90 days",
        "1 genuine, 1 routine, 1 automated (not counted)",
        "Channels: in person 2h, phone call 40m, direct message 0m",
        "75% of the time offline",
        "They started 50% of the contact",
        "Felt closeness 4.0 of 5 (2 rated)",
        "Last real contact yesterday (2026-11-19)",
    ]


def test_last_contact_ignores_automated_and_looks_beyond_the_window() -> None:
    history = [tp(age=2, felt=Felt.AUTOMATED), tp(age=150, felt=Felt.ROUTINE)]
    result = depth(history)
    assert result.last_contact == TODAY - timedelta(days=150)
    assert result.evidence()[-1] == "Last real contact 5mo ago (2026-06-23)"


@pytest.mark.parametrize(
    ("initiators", "expected"),
    [
        ([Initiator.ME] * 4, "me"),
        ([Initiator.THEM] * 4, "them"),
        ([Initiator.ME] * 3, None),  # too few to say
        ([Initiator.ME] * 3 + [Initiator.MUTUAL], "me"),  # share 0.125
        ([Initiator.ME] * 3 + [Initiator.THEM], None),  # share 0.25
        ([Initiator.MUTUAL] * 6, None),
        ([Initiator.THEM] * 4 + [Initiator.MUTUAL], "them"),  # share 0.9
        ([Initiator.ME, Initiator.THEM] * 5, None),
    ],
)
def test_one_sided_detection(initiators: list[Initiator], expected: str | None) -> None:
    result = depth([tp(age=i, initiated_by=who) for i, who in enumerate(initiators)])
    assert result.one_sided == expected


def test_one_sided_ignores_automated_contact() -> None:
    canned = [tp(age=i, felt=Felt.AUTOMATED, initiated_by=Initiator.THEM) for i in range(10)]
    mine = [tp(age=i, initiated_by=Initiator.ME) for i in range(4)]
    result = depth(canned + mine)
    assert result.one_sided == "me"
    assert "You reached out every time or nearly" in result.evidence()


# -- weekly series -------------------------------------------------------------------------------


def test_weekly_minutes_oldest_first_ending_this_week() -> None:
    monday = date(2026, 11, 16)
    history = [
        tp(age=(TODAY - monday).days, minutes=10),  # this week's Monday
        tp(age=(TODAY - monday).days + 1, minutes=20),  # last Sunday
        tp(age=0, minutes=5, felt=Felt.AUTOMATED),
        tp(age=(TODAY - monday).days + 7 * 11, minutes=7),  # first week of the 12
        tp(age=(TODAY - monday).days + 7 * 11 + 1, minutes=999),  # before the series
        tp(age=0, minutes=100, people=(OTHER,)),
    ]
    series = weekly_minutes(ME, history, TODAY)
    assert len(series) == 12
    assert series[-1] == 15
    assert series[-2] == 20
    assert series[0] == 7
    assert sum(series) == 42
    assert weekly_minutes(ME, history, TODAY, weeks=0) == []
    assert weekly_minutes(ME, history, TODAY, weeks=1) == [15]


@fast
@given(histories)
def test_grouping_by_person_first_gives_the_same_depth(history: list[Touchpoint]) -> None:
    shared = [replace(t, people=(ME, OTHER)) for t in history[::3]]
    everything = [*history, *shared, *(replace(t, people=(OTHER,)) for t in history)]
    grouped = group_by_person(everything)
    assert depth_of(ME, grouped.get(ME, []), TODAY) == depth_of(ME, everything, TODAY)
    assert depth_of(OTHER, grouped.get(OTHER, []), TODAY) == depth_of(OTHER, everything, TODAY)


@fast
@given(histories)
def test_the_score_is_the_sum_of_each_touchpoints_share(history: list[Touchpoint]) -> None:
    in_window = [t for t in history if 0 <= (TODAY - t.day).days < 90]
    assert depth(history).score == pytest.approx(sum(touchpoint_score(t, TODAY) for t in in_window))
