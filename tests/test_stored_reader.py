"""Start-up's fast reader of stored touchpoints gives what the full validation gives, and shares.

``touchpoints_from_stored`` skips the text scans and points records at shared strings and dates (see
its docstring); these tests hold it to the plain path: same touchpoints, same bytes written back,
and anything it does not recognise handed to the full validation.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import orjson
import pytest
from hypothesis import given, settings, strategies as st

from journal.core.model import (
    Channel,
    Felt,
    Initiator,
    Touchpoint,
    ValidationError,
    make_touchpoint,
    touchpoint_from_dict,
)
from journal.core.stored import touchpoints_from_stored

NOW = datetime(2026, 11, 20, 18, 30)
UIDS = [f"{n:032x}" for n in range(1, 5)]


@st.composite
def touchpoint(draw: st.DrawFn) -> Touchpoint:
    days_ago = draw(st.integers(0, 4000))
    tp = make_touchpoint(
        people=draw(st.lists(st.sampled_from(UIDS), min_size=1, max_size=3, unique=True)),
        day=NOW.date() - timedelta(days=days_ago),
        channel=draw(st.sampled_from(list(Channel))),
        minutes=draw(st.integers(0, 24 * 60)),
        initiated_by=draw(st.sampled_from(list(Initiator))),
        felt=draw(st.sampled_from(list(Felt))),
        closeness=draw(st.none() | st.integers(1, 5)),
        note=draw(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)),
        tags=draw(st.lists(st.sampled_from(["family", "work", "trip", "été", "音楽"]), max_size=3)),
        now=NOW,
        created_at=NOW - timedelta(days=days_ago, minutes=days_ago),
    )
    edited_days_later = draw(st.integers(0, 3))  # 0: never edited, as most touchpoints are
    return replace(tp, updated_at=tp.created_at + timedelta(days=edited_days_later))


def _stored(touchpoints: list[Touchpoint]) -> dict[str, dict[str, Any]]:
    """The entries table as a fresh parse of the file gives it."""
    loaded: dict[str, dict[str, Any]] = orjson.loads(
        orjson.dumps({tp.uid: tp.to_dict() for tp in touchpoints})
    )
    return loaded


@settings(max_examples=200, deadline=None)
@given(st.lists(touchpoint(), max_size=25))
def test_the_fast_reader_gives_what_full_validation_gives_and_writes_back_the_same_bytes(
    touchpoints: list[Touchpoint],
) -> None:
    records = _stored(touchpoints)
    before = orjson.dumps(records)
    expected = [touchpoint_from_dict(record) for record in _stored(touchpoints).values()]
    assert touchpoints_from_stored(records, UIDS) == expected == touchpoints
    assert orjson.dumps(records) == before


def test_repeated_values_share_one_object() -> None:
    day = date(2026, 11, 2)
    made = [
        make_touchpoint(people=[UIDS[0], UIDS[1]], day=day, channel="call", minutes=5, tags=["work"], now=NOW)
        for _ in range(3)
    ]
    records = _stored(made)
    read = touchpoints_from_stored(records, UIDS)
    first, *others = read
    for other in others:
        assert other.day is first.day
        assert all(a is b for a, b in zip(other.people, first.people, strict=True))
        assert other.tags[0] is first.tags[0]
    for tp, (key, record) in zip(read, records.items(), strict=True):
        assert record["uid"] is key is tp.uid
        assert record["channel"] is Channel.CALL.value
        assert record["people"][0] is UIDS[0] is tp.people[0]
        assert record["updated_at"] is record["created_at"]  # never edited: one string
        assert tp.updated_at is tp.created_at


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people", [UIDS[0], 7], "people"),
        ("tags", ["ok", 3], "tags must be a list of text"),
        ("channel", "carrier pigeon", "channel"),
        ("minutes", True, "minutes"),
        ("created_at", "2026-11-02T10:00:00+02:00", "time zone"),
        ("date", "2026-02-30", "date"),
        ("note", "bell \x07", "note"),
    ],
)
def test_what_the_fast_reader_does_not_recognise_gets_the_full_validation(
    field: str, value: object, message: str
) -> None:
    tp = make_touchpoint(people=[UIDS[0]], day=date(2026, 11, 2), channel="call", minutes=5, now=NOW)
    record = tp.to_dict()
    record[field] = value
    with pytest.raises(ValidationError, match=message):
        touchpoints_from_stored({tp.uid: record})
