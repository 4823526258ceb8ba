"""core/search: the one filter behind the Journal screen and ``reljournal list``."""

from __future__ import annotations

from datetime import date

from conftest import FIXED_NOW

from journal.core.model import Channel, Touchpoint, make_touchpoint
from journal.core.search import SearchIndex, TouchpointFilter, filter_touchpoints

ADA, BEN = "a" * 32, "b" * 32
NAMES = {ADA: "Ada Lovelace", BEN: "Ben Okafor"}


def _tp(day: int, people: list[str], channel: str, note: str = "", tags: tuple[str, ...] = ()) -> Touchpoint:
    return make_touchpoint(
        people=people,
        day=date(2026, 11, day),
        channel=channel,
        minutes=10,
        note=note,
        tags=tags,
        now=FIXED_NOW,
    )


NEWEST_FIRST = [
    _tp(19, [ADA], "call", "Talked about the garden", ("garden",)),
    _tp(17, [ADA, BEN], "in-person", "Dinner", ("family",)),
    _tp(15, [BEN], "dm", "Birthday bot"),
    _tp(12, [BEN], "email", "Garden plans", ("work",)),
]


def _days(spec: TouchpointFilter, limit: int | None = None) -> list[int]:
    found = filter_touchpoints(NEWEST_FIRST, spec, SearchIndex(NAMES), limit=limit)
    return [tp.day.day for tp in found]


def test_since_and_until_include_their_own_day() -> None:
    assert _days(TouchpointFilter(since=date(2026, 11, 15))) == [19, 17, 15]
    assert _days(TouchpointFilter(until=date(2026, 11, 15))) == [15, 12]
    assert _days(TouchpointFilter(since=date(2026, 11, 16), until=date(2026, 11, 17))) == [17]
    assert _days(TouchpointFilter(since=date(2026, 11, 18), until=date(2026, 11, 16))) == []
    assert TouchpointFilter(since=date(2026, 11, 1)).active and not TouchpointFilter().active


def test_every_criterion_combines_and_order_is_kept() -> None:
    assert _days(TouchpointFilter(person=BEN, text="garden")) == [12]
    assert _days(TouchpointFilter(person=ADA, channel=Channel.IN_PERSON)) == [17]
    assert _days(TouchpointFilter(tag="garden")) == [19]
    assert _days(TouchpointFilter(text="okafor")) == [17, 15, 12]  # names are searched too
    assert _days(TouchpointFilter(text="GARDEN #work")) == [12]


def test_limit_keeps_the_first_matches_and_stops() -> None:
    assert _days(TouchpointFilter(person=BEN), limit=2) == [17, 15]
    assert _days(TouchpointFilter(), limit=0) == []

    def endless() -> object:
        while True:
            yield from NEWEST_FIRST

    found = filter_touchpoints(endless(), TouchpointFilter(), SearchIndex(NAMES), limit=5)  # type: ignore[arg-type]
    assert len(found) == 5
