"""Dates, durations and weeks as people say them (journal.core.spoken)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from journal.core.spoken import spoken_date, spoken_minutes, spoken_week
from journal.core.weeks import IsoWeek

WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WEDNESDAY),
        ("  Yesterday ", date(2026, 12, 1)),
        ("the day before yesterday", date(2026, 11, 30)),
        ("day before yesterday", date(2026, 11, 30)),
        ("3 days ago", date(2026, 11, 29)),
        ("3d ago", date(2026, 11, 29)),
        ("a day ago", date(2026, 12, 1)),
        ("two weeks ago", date(2026, 11, 18)),
        ("1 week ago", date(2026, 11, 25)),
        ("wed", WEDNESDAY),  # a bare weekday is the most recent one, today included
        ("last wednesday", date(2026, 11, 25)),  # "last" never means today
        ("mon", date(2026, 11, 30)),
        ("Monday", date(2026, 11, 30)),
        ("last friday", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("thurs", date(2026, 11, 26)),
        ("sun", date(2026, 11, 29)),
        ("nov 20", date(2026, 11, 20)),
        ("20 nov", date(2026, 11, 20)),
        ("November 20th", date(2026, 11, 20)),
        ("20th of november", date(2026, 11, 20)),
        ("nov. 20", date(2026, 11, 20)),
        ("dec 3", date(2025, 12, 3)),  # no year: the most recent past one, not the future one
        ("dec 2", WEDNESDAY),
        ("nov 20, 2025", date(2025, 11, 20)),
        ("20 nov 2024", date(2024, 11, 20)),
        ("2026-11-20", date(2026, 11, 20)),
        ("feb 29", date(2024, 2, 29)),
    ],
)
def test_spoken_dates_name_the_most_recent_past_day(text: str, expected: date) -> None:
    assert spoken_date(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "text", ["", "tomorrow-ish", "nov 31", "31 feb 2025", "2026-13-01", "lastfriday", "13/11", "x days ago"]
)
def test_what_is_not_a_date_is_refused_with_examples(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        spoken_date(text, WEDNESDAY)


def test_an_explicit_future_date_is_returned_for_the_field_check_to_refuse() -> None:
    assert spoken_date("2027-01-01", WEDNESDAY) == date(2027, 1, 1)


def test_a_huge_count_does_not_overflow() -> None:
    assert spoken_date("99999 weeks ago", date(1900, 1, 1)) == date.min


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)), st.integers(0, 400))
def test_days_ago_and_weekdays_never_pass_today(today: date, days: int) -> None:
    assert spoken_date(f"{days} days ago", today) == today - timedelta(days=days)
    for name in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        day = spoken_date(name, today)
        assert today - timedelta(days=6) <= day <= today
        assert day.strftime("%a").lower() == name
        assert spoken_date(f"last {name}", today) == (day if day < today else day - timedelta(days=7))


@given(st.dates(min_value=date(1910, 1, 1), max_value=date(9998, 12, 31)))
def test_a_month_day_is_within_the_past_year(today: date) -> None:
    day = spoken_date("mar 1", today)
    assert day <= today and (today - day).days < 366 and (day.month, day.day) == (3, 1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30", 30),
        ("45m", 45),
        ("45 min", 45),
        ("90 minutes", 90),
        ("1h", 60),
        ("1h30", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1 hour 30 minutes", 90),
        ("2 hours", 120),
        ("1.5h", 90),
        ("1,5 h", 90),
        ("0.1h", 6),
        ("1:30", 90),
        ("0:05", 5),
        ("2.5m", 3),
    ],
)
def test_spoken_durations(text: str, minutes: int) -> None:
    assert spoken_minutes(text) == minutes


@pytest.mark.parametrize("text", ["", "h", "30 5", "1.5", "30m 1h", "1h 2h", "half an hour", "-5", "1:75"])
def test_what_is_not_a_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="length of time"):
        spoken_minutes(text)


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("this", IsoWeek(2026, 49)),
        ("this week", IsoWeek(2026, 49)),
        ("last", IsoWeek(2026, 48)),
        ("last week", IsoWeek(2026, 48)),
        ("-2", IsoWeek(2026, 47)),
        ("3 weeks ago", IsoWeek(2026, 46)),
        ("2026-W47", IsoWeek(2026, 47)),
        ("2026-w47", IsoWeek(2026, 47)),
        ("-52", IsoWeek(2025, 49)),
    ],
)
def test_spoken_weeks(text: str, week: IsoWeek) -> None:
    assert spoken_week(text, WEDNESDAY) == week


@pytest.mark.parametrize("text", ["next", "W47", "2026-W60", "-x"])
def test_what_is_not_a_week_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        spoken_week(text, WEDNESDAY)
