"""Short touchpoint ids: the shortest shared prefix length, and prefixes resolved or refused."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from journal.core.shortid import MIN_LENGTH, AmbiguousIdError, UnknownIdError, resolve, short_length

HEX = st.text("0123456789abcdef", min_size=32, max_size=32)


@given(st.lists(HEX, min_size=1, max_size=40, unique=True))
def test_the_short_length_tells_every_uid_apart_and_each_short_id_resolves(uids: list[str]) -> None:
    length = short_length(uids)
    assert length >= MIN_LENGTH
    shorts = {uid[:length] for uid in uids}
    assert len(shorts) == len(uids)
    for uid in uids:
        assert resolve(uid[:length].upper(), uids) == uid


@given(st.lists(st.text("01", min_size=7, max_size=12), min_size=1, max_size=30, unique=True))
def test_the_short_length_is_the_shortest_that_tells_them_apart(uids: list[str]) -> None:
    """Few letters, so prefixes are shared often: the length is minimal, not just enough."""
    length = short_length(uids)
    assert len({uid[:length] for uid in uids}) == len(uids)
    if length > MIN_LENGTH:
        assert len({uid[: length - 1] for uid in uids}) < len(uids)


def test_a_shared_prefix_is_refused_naming_the_candidates() -> None:
    uids = ["aaaa1111" + "0" * 24, "aaaa2222" + "0" * 24, "bbbb" + "0" * 28]
    with pytest.raises(AmbiguousIdError, match=r"fits 2 touchpoints \(aaaa111, aaaa222\)"):
        resolve("aaaa", uids)
    assert resolve("b", uids) == uids[2]


@pytest.mark.parametrize("typed", ["", "  ", "zz", "../x", "ａａ"])
def test_what_names_no_touchpoint_is_refused(typed: str) -> None:
    with pytest.raises(UnknownIdError):
        resolve(typed, ["aa" + "0" * 30])
