"""Reading a journal's stored records: the one validation every way in uses.

Start-up, a refresh after another program changed the file, ``restore`` and ``import`` all turn stored
records into typed ones through :func:`read_contents`, so what one door accepts every door accepts.
It checks every record (types, enum values, dates inside the kept range, text free of terminal
controls), that every record sits under its own uid and that every uid it names is a person.

Touchpoints, tens of thousands of them, are read by :func:`touchpoints_from_stored`: one loop that
accepts a record only when the full validation (:func:`journal.core.model.touchpoint_from_dict`) would give
exactly the same touchpoint from it, and hands everything else to the full validation, which then
normalises it or names the fault. The two cannot disagree: the fast loop only ever says yes to what
the full one says yes to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from operator import attrgetter
from typing import Any, TypeVar

from journal.core.fields import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_MINUTES,
    MAX_NOTE,
    MAX_TAGS,
    ValidationError,
    clean_pond_cap,
    clean_tags,
    spelling_key,
)
from journal.core.model import person_from_dict, review_from_dict, touchpoint_from_dict
from journal.core.records import Channel, Felt, Initiator, Person, Touchpoint, WeeklyReview
from journal.core.textsafe import UNSAFE_IN_TEXT
from journal.core.tombstones import stored_tombstone

_T = TypeVar("_T")


class RecordError(ValidationError):
    """A stored record that does not validate, named by table and key (``entries/0a1b…``)."""

    def __init__(self, table: str, key: str, field_name: str, message: str) -> None:
        super().__init__(field_name, message)
        self.table = table
        self.key = key

    @property
    def where(self) -> str:
        shown = self.key if len(self.key) <= 40 else self.key[:39] + "…"
        return f"{self.table}/{shown}"


# What parsing a hostile record can raise besides ValidationError (a value nested a thousand deep
# makes repr() recurse).
_ODD = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


def _record(table: str, key: str, parse: Callable[[Any], _T], doc: Any) -> _T:
    try:
        return parse(doc)
    except ValidationError as error:
        raise RecordError(table, key, error.field, error.message) from None
    except _ODD as error:
        raise RecordError(table, key, "", f"unreadable record ({type(error).__name__})") from None


@dataclass(frozen=True)
class Contents:
    """A journal's records, typed and checked."""

    people: dict[str, Person]
    entries: list[Touchpoint]  # in stored order
    reviews: dict[str, WeeklyReview]


NEWEST_FIRST = attrgetter("day", "created_at", "uid")  # sorted in reverse: the newest first


def read_contents(data: Mapping[str, Any]) -> Contents:
    """Every record of ``data`` (the tables, migrated) typed and checked; RecordError names the
    first that is not acceptable. The one validation of every way in."""
    people: dict[str, Person] = {}
    for key, doc in data["people"].items():
        person = _record("people", key, person_from_dict, doc)
        if person.uid != key:
            raise RecordError("people", key, "uid", f"uid {person.uid} is not the key it is stored under")
        people[key] = person
    names: dict[str, str] = {}
    for key, person in people.items():
        other = names.setdefault(spelling_key(person.name), person.name)
        if other is not person.name:
            raise RecordError(
                "people", key, "name", f"name: {person.name!r} is already the name of {other!r}"
            )
    entries = touchpoints_from_stored(data["entries"], people)
    reviews: dict[str, WeeklyReview] = {}
    for key, doc in data["reviews"].items():
        review = _record("reviews", key, review_from_dict, doc)
        if str(review.week) != key:
            raise RecordError("reviews", key, "week", f"week {review.week} is not the key it is stored under")
        for intention in review.intentions:
            for uid in intention.people:
                if uid not in people:
                    raise RecordError("reviews", key, "intentions", f"intentions: no person with uid {uid}")
        reviews[key] = review
    for key, doc in data.get("meta", {}).items():
        if isinstance(doc, Mapping) and "pond_cap" in doc:
            try:
                clean_pond_cap(doc["pond_cap"])
            except ValidationError as error:
                raise RecordError("meta", key, "pond_cap", error.message) from None
    if data.get("tombstones"):
        live = {"people": people, "entries": {tp.uid for tp in entries}}
        for key, doc in data["tombstones"].items():
            _record("tombstones", key, partial(stored_tombstone, key, live), doc)
    return Contents(people, entries, reviews)


# Stored text -> (member, the member's own copy of that text), so that a record can share the latter.
_STORED_CHANNELS = {c.value: (c, c.value) for c in Channel}
_STORED_INITIATORS = {i.value: (i, i.value) for i in Initiator}
_STORED_FELT = {f.value: (f, f.value) for f in Felt}
_UID = re.compile(r"[0-9a-f]{32}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def touchpoint_from_stored(data: dict[str, Any]) -> Touchpoint:
    """Read one stored touchpoint (see :func:`touchpoints_from_stored`); ValidationError when it is
    not acceptable. Its people must be valid uids; whether they exist is the journal's question."""
    uid = data.get("uid")
    key = uid if isinstance(uid, str) else ""
    people = data.get("people")
    known = (
        [p for p in people if isinstance(p, str) and _UID.fullmatch(p)] if isinstance(people, list) else []
    )
    return touchpoints_from_stored({key: data}, known, check_people=False)[0]


# Setting a slot through its descriptor skips the frozen dataclass's __setattr__ guard.
_SET_UID, _SET_PEOPLE, _SET_DAY, _SET_CHANNEL, _SET_MINUTES, _SET_INITIATED, _SET_FELT = (
    Touchpoint.__dict__[name].__set__
    for name in ("uid", "people", "day", "channel", "minutes", "initiated_by", "felt")
)
_SET_CREATED, _SET_UPDATED, _SET_CLOSENESS, _SET_NOTE, _SET_TAGS = (
    Touchpoint.__dict__[name].__set__ for name in ("created_at", "updated_at", "closeness", "note", "tags")
)


def _canonical_tag(tag: str) -> bool:
    """Whether ``tag`` is what the full validation makes of it (lower case, no "#", no spaces...)."""
    try:
        return clean_tags([tag]) == (tag,)
    except ValidationError:
        return False


def touchpoints_from_stored(
    records: Mapping[str, dict[str, Any]], person_uids: Iterable[str] = (), *, check_people: bool = True
) -> list[Touchpoint]:
    """Read the stored touchpoints (``records``: the entries table, uid -> record) quickly and compactly.

    Start-up reads tens of thousands of records the journal itself wrote: each is accepted here only
    when it is exactly what the journal writes (so :func:`touchpoint_from_dict` would give the same
    touchpoint); anything else (a hand edit, an older file) gets the full validation, which names the
    fault as a :class:`RecordError`. Every record must sit under its own uid and name only
    ``person_uids`` (unless not ``check_people``).

    A parsed file also gives every record its own copy of every string: 10,000 touchpoints carry 30,000
    copies of a few channel and feeling words, a copy of a person's uid per touchpoint, a date per
    record. Each stored record, and the touchpoint made from it, is pointed at one shared object per
    repeated value instead. Records keep equal values, so what is written back is byte for byte the
    same, in about 8 MB less memory at 10,000. One loop with no call per record: this runs before the
    first frame.
    """
    persons = {uid: uid for uid in person_uids}
    shared: dict[str, str] = {}  # tags, as they come
    share = shared.setdefault
    tags_ok: dict[str, bool] = {}
    days: dict[str, tuple[str, date]] = {}
    touchpoints: list[Touchpoint] = []
    # Names this loop uses 10,000s of times, bound locally (a global lookup each time adds up).
    new, parse_day, parse_time, most, longest, unsafe, is_uid, is_day = (
        Touchpoint.__new__,
        date.fromisoformat,
        datetime.fromisoformat,
        MAX_MINUTES,
        MAX_NOTE,
        UNSAFE_IN_TEXT.search,
        _UID.fullmatch,
        _DAY.fullmatch,
    )
    first, last, most_tags = EARLIEST_DATE, LATEST_DATE, MAX_TAGS
    earliest, latest = datetime.combine(first, time.min), datetime.combine(last, time.max)
    channels, initiators, feelings = _STORED_CHANNELS, _STORED_INITIATORS, _STORED_FELT
    set_uid, set_people, set_day, set_channel = _SET_UID, _SET_PEOPLE, _SET_DAY, _SET_CHANNEL
    set_minutes, set_initiated, set_felt, set_created = _SET_MINUTES, _SET_INITIATED, _SET_FELT, _SET_CREATED
    set_updated, set_closeness, set_note, set_tags = _SET_UPDATED, _SET_CLOSENESS, _SET_NOTE, _SET_TAGS
    for key, data in records.items():
        try:
            closeness = data["closeness"]
            minutes = data["minutes"]
            people = data["people"]
            note = data["note"]
            tags = data["tags"]
            uid = data["uid"]
            if (
                type(minutes) is not int
                or not 0 <= minutes <= most
                or not (closeness is None or (type(closeness) is int and 1 <= closeness <= 5))
                or type(people) is not list
                or not people
                or type(note) is not str
                # isprintable() (a quick scan) is False for every unsafe character, and for a few safe
                # ones (a newline, a space other than " ", a joiner): only then is the exact check needed
                or (
                    note
                    and (
                        len(note) > longest
                        or (not note.isprintable() and unsafe(note))
                        or note.strip() != note
                    )
                )
                or type(tags) is not list
                or len(tags) > most_tags
                or type(uid) is not str
                or not is_uid(uid)
            ):
                raise ValueError("needs full validation")
            if uid == key:
                data["uid"] = uid = key
            channel, data["channel"] = channels[data["channel"]]
            initiated, data["initiated_by"] = initiators[data["initiated_by"]]
            felt, data["felt"] = feelings[data["felt"]]
            if len(people) == 1:  # most touchpoints: one person, no loop
                people[0] = persons[people[0]]
            else:
                for index, text in enumerate(people):
                    people[index] = persons[text]
                if len(set(people)) != len(people):
                    raise ValueError("needs full validation")  # which drops the repeat
            if tags:
                for index, text in enumerate(tags):
                    ok = tags_ok.get(text)
                    if ok is None:
                        ok = tags_ok[text] = type(text) is str and _canonical_tag(text)
                    if not ok:
                        raise ValueError("needs full validation")
                    tags[index] = share(text, text)
                if len(tags) > 1 and len(set(tags)) != len(tags):
                    raise ValueError("needs full validation")
            found = days.get(data["date"])
            if found is None:
                text = data["date"]
                if type(text) is not str or not is_day(text):
                    raise ValueError("needs full validation")
                found = days[text] = (text, parse_day(text))
            data["date"], day = found
            if not first <= day <= last:
                raise ValueError("needs full validation")
            created_text = data["created_at"]
            created = parse_time(created_text)
            if data["updated_at"] == created_text:  # never edited: one string, one datetime
                data["updated_at"] = created_text
                updated = created
            else:
                updated = parse_time(data["updated_at"])
            if (
                created.tzinfo is not None
                or updated.tzinfo is not None  # aware and naive do not sort together (nor compare below)
                or not earliest <= created <= latest
                or (updated is not created and not earliest <= updated <= latest)
            ):
                raise ValueError("needs full validation")
            tp = new(Touchpoint)
            set_uid(tp, uid)
            set_people(tp, tuple(people))
            set_day(tp, day)
            set_channel(tp, channel)
            set_minutes(tp, minutes)
            set_initiated(tp, initiated)
            set_felt(tp, felt)
            set_created(tp, created)
            set_updated(tp, updated)
            set_closeness(tp, closeness)
            set_note(tp, note)
            set_tags(tp, tuple(tags))
        except (KeyError, ValueError, TypeError):
            tp = _record("entries", key, touchpoint_from_dict, data)
            stranger = next((p for p in tp.people if p not in persons), None) if check_people else None
            if stranger is not None:
                raise RecordError(
                    "entries", key, "people", f"people: no person with uid {stranger}"
                ) from None
        if tp.uid != key:
            raise RecordError("entries", key, "uid", f"uid {tp.uid} is not the key it is stored under")
        touchpoints.append(tp)
    return touchpoints
