"""Short ids for touchpoints on the command line: the shortest uid prefix (at least 7 characters) that
no other touchpoint shares, the way git abbreviates commits; a typed prefix that fits two is refused."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from journal.core.errors import JournalError

MIN_LENGTH = 7


class AmbiguousIdError(JournalError):
    """A prefix shared by several uids: naming them lets the person type a longer one."""


class UnknownIdError(JournalError):
    """A prefix no uid starts with."""


def short_length(uids: Iterable[str]) -> int:
    """One prefix length that tells every uid in ``uids`` apart (so a listed column lines up).

    The shortest length at which no two prefixes are equal: one set of slices for a journal of random
    uids (a collision at 7 hex digits is rare), where comparing sorted neighbours character by
    character cost a tenth of ``reljournal list`` at 10k."""
    distinct = set(uids)
    longest = max(map(len, distinct), default=MIN_LENGTH)
    length = MIN_LENGTH
    while length < longest and len({uid[:length] for uid in distinct}) < len(distinct):
        length += 1
    return length


def resolve(prefix: str, uids: Sequence[str], what: str = "touchpoint") -> str:
    """The one uid that starts with ``prefix`` (case-insensitive, surrounding spaces ignored)."""
    typed = prefix.strip().lower()
    shown = typed if len(typed) <= 32 else typed[:32] + "…"
    if not typed or not typed.isascii() or not typed.isalnum():
        raise UnknownIdError(f"{shown!r} is not a {what} id; `reljournal list` shows them")
    matches = [uid for uid in uids if uid.startswith(typed)]
    if not matches:
        raise UnknownIdError(f"no {what} has the id {shown}; `reljournal list` shows them")
    if len(matches) > 1:
        length = short_length(matches)
        named = ", ".join(uid[:length] for uid in sorted(matches)[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise AmbiguousIdError(f"the id {shown} fits {len(matches)} {what}s ({named}{more}); type more of it")
    return matches[0]
