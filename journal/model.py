"""The journal's vocabulary: people, what a relationship means, touchpoints and weekly reviews.

Everything that enters the journal passes through the ``make_*``/``from_dict`` functions here, so a
record in memory is always valid. Errors are :class:`ValidationError` with a message a person can act on.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from journal.textsafe import describe_char, find_control
from journal.weeks import IsoWeek

MAX_NAME = 80
MAX_SHORT_TEXT = 2_000
MAX_NOTE = 2_000_000  # characters; a 1 MB note is fine, a runaway paste is not
MAX_MINUTES = 24 * 60
MAX_TAG = 40
MAX_TAGS = 20
EARLIEST_DATE = date(1900, 1, 1)
DEFAULT_POND_CAP = 15
MAX_POND_CAP = 150


class ValidationError(ValueError):
    """Input that cannot enter the journal. ``field`` names the form field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


class Channel(StrEnum):
    """The ladder of richness, poorest first. The order is the ladder."""

    REACTION = "reaction"
    COMMENT = "comment"
    DM = "dm"
    EMAIL = "email"
    LETTER = "letter"
    CALL = "call"
    VIDEO = "video"
    IN_PERSON = "in-person"

    @property
    def rung(self) -> int:
        """1 (a like) to 8 (in person)."""
        return list(Channel).index(self) + 1

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]

    @property
    def offline(self) -> bool:
        """Face to face or something physical in the post."""
        return self in (Channel.IN_PERSON, Channel.LETTER)


_CHANNEL_LABELS = {
    Channel.REACTION: "reaction/like",
    Channel.COMMENT: "public comment",
    Channel.DM: "direct message",
    Channel.EMAIL: "email",
    Channel.LETTER: "letter/gift",
    Channel.CALL: "phone call",
    Channel.VIDEO: "video call",
    Channel.IN_PERSON: "in person",
}


class Facet(StrEnum):
    """What a relationship can hold; each side may want a different set."""

    MOTIVATIONS = "motivations"
    INTERESTS = "interests"
    SUPPORT = "support"
    CHANNEL = "channel"
    PERMISSION = "permission"
    TRUST = "trust"
    RECOMMEND = "recommend"

    @property
    def label(self) -> str:
        return _FACET_LABELS[self]


_FACET_LABELS = {
    Facet.MOTIVATIONS: "Understanding their motivations",
    Facet.INTERESTS: "Knowing their interests on a personal level",
    Facet.SUPPORT: "Supporting their needs with a human touch",
    Facet.CHANNEL: "A one-to-one channel",
    Facet.PERMISSION: "Permission to reach out",
    Facet.TRUST: "Trust (each seeks the other out)",
    Facet.RECOMMEND: "Willingness to recommend each other",
}


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    NONE = "none"

    @property
    def days(self) -> int | None:
        return _CADENCE_DAYS[self]


_CADENCE_DAYS = {
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 31,
    Cadence.QUARTERLY: 92,
    Cadence.NONE: None,
}


class Initiator(StrEnum):
    ME = "me"
    THEM = "them"
    MUTUAL = "mutual"


class Felt(StrEnum):
    """Authenticity: automated/impersonal contact is logged to be noticed, never counted as depth."""

    GENUINE = "genuine"
    ROUTINE = "routine"
    AUTOMATED = "automated"


class KnownVia(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    BOTH = "both"


class Status(StrEnum):
    FOLLOWING = "following"
    ARCHIVED = "archived"


# --------------------------------------------------------------------------------------------
# Field validation


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _shown(value: object, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages that echo what was typed."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choice(enum: type[StrEnum], value: object, field_name: str) -> Any:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower() if value is not None else ""
    aliases = {"in_person": "in-person", "inperson": "in-person", "": ""}
    text = aliases.get(text, text)
    try:
        return enum(text)
    except ValueError:
        options = ", ".join(member.value for member in enum)
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not one of: {options}") from None


def clean_name(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("name", "name must be text")
    bad = find_control(value, allow_newlines=False)
    name = " ".join(value.split())
    # split() also takes FS/RS/NEL for spaces: a name of only those is named as such, not called empty.
    if not name and (bad is None or bad in "\t\n\r\x0b\x0c"):
        raise ValidationError("name", "name is empty; type the name you call them by")
    if bad is not None:
        raise ValidationError("name", f"name contains {describe_char(bad)}; remove it")
    if len(name) > MAX_NAME:
        raise ValidationError("name", f"name is {len(name)} characters; keep it under {MAX_NAME}")
    return name


def name_key(name: str) -> str:
    """What two names are compared by: case, spacing and Unicode form (``é`` typed as one character or
    as ``e`` + accent, full-width letters) do not make a different person."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def clean_text(value: object, field_name: str, *, limit: int = MAX_SHORT_TEXT, multiline: bool = True) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field_name, f"{field_name} must be text")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = find_control(text, allow_newlines=multiline)
    if bad is not None:
        raise ValidationError(field_name, f"{field_name} contains {describe_char(bad)}; remove it")
    text = text.strip()
    if len(text) > limit:
        raise ValidationError(field_name, f"{field_name} is {len(text):,} characters; the limit is {limit:,}")
    return text


def clean_minutes(value: object) -> int:
    typed = value
    if isinstance(value, bool):
        raise ValidationError("minutes", "minutes must be a whole number")
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(
                "minutes", f"minutes: {_shown(value)} is not a whole number of minutes (e.g. 30)"
            )
        if len(text) > 12:  # int() refuses very long digit strings; anything this long is out of range
            text = "-1" if text.startswith("-") else str(10**12)
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError("minutes", "minutes must be a whole number")
    if value < 0:
        raise ValidationError("minutes", "minutes cannot be negative")
    if value > MAX_MINUTES:
        raise ValidationError(
            "minutes",
            f"minutes: {_shown(typed, 20)} is more than a day ({MAX_MINUTES}); "
            "log long visits as one touchpoint a day",
        )
    return value


def clean_date(value: object, today: date, field_name: str = "date") -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        try:
            # fromisoformat also takes "20261120" and "2026-W47"; only the form the help shows is a date here
            if not _ISO_DAY.fullmatch(text):
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                field_name, f"{field_name}: {_shown(value)} is not a real date; use YYYY-MM-DD"
            ) from None
    if not isinstance(value, date):
        raise ValidationError(field_name, f"{field_name} must be a date (YYYY-MM-DD)")
    if value > today:
        raise ValidationError(
            field_name, f"{field_name}: {value.isoformat()} is in the future; log what has happened"
        )
    if value < EARLIEST_DATE:
        raise ValidationError(field_name, f"{field_name}: {value.isoformat()} is too long ago")
    return value


def clean_closeness(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (_WHOLE_NUMBER.fullmatch(value) and len(value) <= 3):
            raise ValidationError("closeness", "closeness is a number from 1 to 5, or empty")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError("closeness", "closeness is a number from 1 to 5, or empty")
    return value


def clean_tags(values: Iterable[object] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    tags: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise ValidationError("tags", "tags must be text")
        # Controls are checked before stripping: strip() would silently drop a NEL or FS at either end.
        bad = find_control(raw, allow_newlines=False)
        if bad is not None:
            raise ValidationError("tags", f"tag contains {describe_char(bad)}; remove it")
        tag = raw.strip().lstrip("#").strip().lower()
        if not tag:
            continue
        if any(ch.isspace() for ch in tag):
            raise ValidationError("tags", f"tag {tag!r} has a space; use one word or a-dash")
        if len(tag) > MAX_TAG:
            raise ValidationError("tags", f"tag {tag[:20]!r}… is longer than {MAX_TAG} characters")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError("tags", f"{len(tags)} tags; keep it to {MAX_TAGS} or fewer")
    return tuple(tags)


def clean_facets(values: Iterable[object] | None, field_name: str) -> frozenset[Facet]:
    if values is None:
        return frozenset()
    return frozenset(_choice(Facet, value, field_name) for value in values)


def new_uid() -> str:
    return uuid.uuid4().hex


def clean_uid(value: object, field_name: str = "uid") -> str:
    if not isinstance(value, str) or len(value) != 32 or not all(c in "0123456789abcdef" for c in value):
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not a 32-character hex uid")
    return value


def _parse_datetime(value: object, field_name: str) -> datetime:
    """A stored local date-time. One with a UTC offset is refused: naive and aware times cannot be sorted
    together, so a single hand-edited record would make the whole journal unreadable."""
    parsed = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = datetime.fromisoformat(value)
    if parsed is None:
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not an ISO date-time")
    if parsed.tzinfo is not None:
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} has a time zone; use local time")
    return parsed


def _parse_day(value: object, field_name: str) -> date:
    """A stored ISO day (``2026-11-20``), refused with the field named when it is not one."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not a real date (YYYY-MM-DD)")


def _list_of(value: object, field_name: str, kind: type = object) -> list[Any]:
    """A JSON list whose items are all ``kind``; anything else is a hand edit, refused by field."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        what = "objects" if kind is dict else "text" if kind is str else "items"
        raise ValidationError(field_name, f"{field_name} must be a list of {what}")
    return value


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Definition:
    """What a relationship means: mine and what I think theirs is. Editing keeps the old one dated."""

    why: str
    known_via: KnownVia = KnownVia.BOTH
    known_where: str = ""
    facets_mine: frozenset[Facet] = frozenset()
    facets_theirs: frozenset[Facet] = frozenset()
    meaning: str = ""
    preferred_channel: Channel | None = None
    welcome_contact: str = ""
    cadence: Cadence = Cadence.NONE

    @property
    def mismatches(self) -> frozenset[Facet]:
        """Facets only one side wants: where the relationship may mean different things."""
        return self.facets_mine ^ self.facets_theirs

    def to_dict(self) -> dict[str, Any]:
        order = list(Facet)
        return {
            "why": self.why,
            "known_via": self.known_via.value,
            "known_where": self.known_where,
            "facets_mine": [f.value for f in sorted(self.facets_mine, key=order.index)],
            "facets_theirs": [f.value for f in sorted(self.facets_theirs, key=order.index)],
            "meaning": self.meaning,
            "preferred_channel": self.preferred_channel.value if self.preferred_channel else None,
            "welcome_contact": self.welcome_contact,
            "cadence": self.cadence.value,
        }


def make_definition(
    *,
    why: object,
    known_via: object = KnownVia.BOTH,
    known_where: object = "",
    facets_mine: Iterable[object] | None = None,
    facets_theirs: Iterable[object] | None = None,
    meaning: object = "",
    preferred_channel: object = None,
    welcome_contact: object = "",
    cadence: object = Cadence.NONE,
) -> Definition:
    why_text = clean_text(why, "why")
    if not why_text:
        raise ValidationError("why", "why you follow them is required: what do you want to hear from them?")
    channel = None
    if preferred_channel not in (None, ""):
        channel = _choice(Channel, preferred_channel, "preferred channel")
    return Definition(
        why=why_text,
        known_via=_choice(KnownVia, known_via or KnownVia.BOTH, "known via"),
        known_where=clean_text(known_where, "where you know them", multiline=False),
        facets_mine=clean_facets(facets_mine, "facets (mine)"),
        facets_theirs=clean_facets(facets_theirs, "facets (theirs)"),
        meaning=clean_text(meaning, "what it means to you", limit=MAX_NOTE),
        preferred_channel=channel,
        welcome_contact=clean_text(welcome_contact, "welcome contact"),
        cadence=_choice(Cadence, cadence or Cadence.NONE, "cadence"),
    )


def definition_from_dict(data: Mapping[str, Any]) -> Definition:
    return make_definition(
        why=data.get("why"),
        known_via=data.get("known_via", "both"),
        known_where=data.get("known_where", ""),
        facets_mine=data.get("facets_mine") or [],
        facets_theirs=data.get("facets_theirs") or [],
        meaning=data.get("meaning", ""),
        preferred_channel=data.get("preferred_channel"),
        welcome_contact=data.get("welcome_contact", ""),
        cadence=data.get("cadence", "none"),
    )


@dataclass(frozen=True)
class PastDefinition:
    """An earlier definition and when it stopped being current."""

    replaced_at: datetime
    name: str
    definition: Definition

    def to_dict(self) -> dict[str, Any]:
        return {
            "replaced_at": self.replaced_at.isoformat(timespec="seconds"),
            "name": self.name,
            **self.definition.to_dict(),
        }


@dataclass(frozen=True)
class Person:
    uid: str
    name: str
    definition: Definition
    created_at: datetime
    status: Status = Status.FOLLOWING
    archived_on: date | None = None
    archive_note: str = ""
    history: tuple[PastDefinition, ...] = ()

    @property
    def following(self) -> bool:
        return self.status is Status.FOLLOWING

    @property
    def cadence(self) -> Cadence:
        return self.definition.cadence

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            **self.definition.to_dict(),
            "status": self.status.value,
            "archived_on": self.archived_on.isoformat() if self.archived_on else None,
            "archive_note": self.archive_note,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "history": [past.to_dict() for past in self.history],
        }

    def redefined(self, name: str, definition: Definition, when: datetime) -> Person:
        """The same person with a new definition; the current one goes into the dated history."""
        if name == self.name and definition == self.definition:
            return self
        past = PastDefinition(replaced_at=when, name=self.name, definition=self.definition)
        return replace(self, name=name, definition=definition, history=(*self.history, past))


def make_person(name: object, definition: Definition, now: datetime) -> Person:
    return Person(uid=new_uid(), name=clean_name(name), definition=definition, created_at=now)


def person_from_dict(data: Mapping[str, Any]) -> Person:
    history = tuple(
        PastDefinition(
            replaced_at=_parse_datetime(item.get("replaced_at"), "history.replaced_at"),
            name=clean_name(item.get("name", data.get("name"))),
            definition=definition_from_dict(item),
        )
        for item in _list_of(data.get("history"), "history", dict)
    )
    archived_on = data.get("archived_on")
    return Person(
        uid=clean_uid(data.get("uid")),
        name=clean_name(data.get("name")),
        definition=definition_from_dict(data),
        created_at=_parse_datetime(data.get("created_at"), "created_at"),
        status=_choice(Status, data.get("status", "following"), "status"),
        archived_on=_parse_day(archived_on, "archived_on") if archived_on is not None else None,
        archive_note=clean_text(data.get("archive_note", ""), "archive note"),
        history=history,
    )


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """One moment spent with one or more people (slots: a ten-year journal holds tens of thousands)."""

    uid: str
    people: tuple[str, ...]
    day: date
    channel: Channel
    minutes: int
    initiated_by: Initiator
    felt: Felt
    created_at: datetime
    updated_at: datetime
    closeness: int | None = None
    note: str = ""
    tags: tuple[str, ...] = ()

    @property
    def counts_as_contact(self) -> bool:
        """Automated contact is evidence of noise, not of a relationship: it never resets drift."""
        return self.felt is not Felt.AUTOMATED

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "people": list(self.people),
            "date": self.day.isoformat(),
            "channel": self.channel.value,
            "minutes": self.minutes,
            "initiated_by": self.initiated_by.value,
            "felt": self.felt.value,
            "closeness": self.closeness,
            "note": self.note,
            "tags": list(self.tags),
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "updated_at": self.updated_at.isoformat(timespec="seconds"),
        }


def make_touchpoint(
    *,
    people: Iterable[str],
    day: object,
    channel: object,
    minutes: object,
    initiated_by: object = Initiator.MUTUAL,
    felt: object = Felt.GENUINE,
    closeness: object = None,
    note: object = "",
    tags: Iterable[object] | str | None = None,
    now: datetime,
    uid: str | None = None,
    created_at: datetime | None = None,
) -> Touchpoint:
    people_list: list[str] = []
    for person_uid in people:
        clean_uid(person_uid, "people")
        if person_uid not in people_list:
            people_list.append(person_uid)
    if not people_list:
        raise ValidationError("people", "a touchpoint needs at least one person")
    return Touchpoint(
        uid=uid or new_uid(),
        people=tuple(people_list),
        day=clean_date(day, now.date()),
        channel=_choice(Channel, channel, "channel"),
        minutes=clean_minutes(minutes),
        initiated_by=_choice(Initiator, initiated_by or Initiator.MUTUAL, "initiated by"),
        felt=_choice(Felt, felt or Felt.GENUINE, "felt"),
        closeness=clean_closeness(closeness),
        note=clean_text(note, "note", limit=MAX_NOTE),
        tags=clean_tags(tags),
        created_at=created_at or now,
        updated_at=now,
    )


def touchpoint_from_dict(data: Mapping[str, Any], today: date | None = None) -> Touchpoint:
    created = _parse_datetime(data.get("created_at"), "created_at")
    updated = _parse_datetime(data.get("updated_at", data.get("created_at")), "updated_at")
    people = data.get("people")
    if not isinstance(people, list):
        raise ValidationError("people", "people must be a list of person uids")
    return replace(
        make_touchpoint(
            people=people,
            day=data.get("date"),
            channel=data.get("channel"),
            minutes=data.get("minutes"),
            initiated_by=data.get("initiated_by"),
            felt=data.get("felt"),
            closeness=data.get("closeness"),
            note=data.get("note", ""),
            tags=_list_of(data.get("tags"), "tags", str),
            # Stored records were validated when written; a clock that moved backwards must not
            # make them unreadable, so "the future" is judged against the latest plausible day.
            now=datetime.combine(today or date.max, datetime.min.time()),
            uid=clean_uid(data.get("uid")),
            created_at=created,
        ),
        updated_at=updated,
    )


@dataclass(frozen=True)
class Intention:
    """Something I mean to do next week, with whom."""

    uid: str
    people: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "people": list(self.people), "text": self.text}


def make_intention(people: Iterable[str], text: object, uid: str | None = None) -> Intention:
    body = clean_text(text, "intention", multiline=False)
    if not body:
        raise ValidationError("intention", "an intention needs a line of text")
    return Intention(
        uid=uid or new_uid(),
        people=tuple(dict.fromkeys(clean_uid(p, "intention people") for p in people)),
        text=body,
    )


REVIEW_PROMPTS: dict[str, str] = {
    "time": "Who did I really spend time with this week?",
    "genuine": "Where did I feel genuine connection?",
    "drifting": "Who am I drifting from, and is that okay?",
}


@dataclass(frozen=True)
class WeeklyReview:
    """The reflection saved for one ISO week."""

    week: IsoWeek
    answers: Mapping[str, str] = field(default_factory=dict)
    intentions: tuple[Intention, ...] = ()
    kept: frozenset[str] = frozenset()  # uids of last week's intentions that were kept
    updated_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": str(self.week),
            "answers": {key: self.answers[key] for key in sorted(self.answers)},
            "intentions": [intention.to_dict() for intention in self.intentions],
            "kept": sorted(self.kept),
            "updated_at": self.updated_at.isoformat(timespec="seconds") if self.updated_at else None,
        }


def make_review(
    week: IsoWeek | str,
    answers: Mapping[str, object] | None = None,
    intentions: Iterable[Intention] = (),
    kept: Iterable[str] = (),
    updated_at: datetime | None = None,
) -> WeeklyReview:
    if isinstance(week, str):
        try:
            week = IsoWeek.parse(week)
        except ValueError as error:
            raise ValidationError("week", str(error)) from None
    clean_answers: dict[str, str] = {}
    for key, value in (answers or {}).items():
        text = clean_text(value, f"answer to {key!r}", limit=MAX_NOTE)
        if text:
            clean_answers[clean_text(key, "prompt", multiline=False)] = text
    return WeeklyReview(
        week=week,
        answers=clean_answers,
        intentions=tuple(intentions),
        kept=frozenset(clean_uid(uid, "kept") for uid in kept),
        updated_at=updated_at,
    )


def review_from_dict(data: Mapping[str, Any]) -> WeeklyReview:
    intentions = [
        make_intention(
            _list_of(item.get("people"), "intentions", str), item.get("text"), clean_uid(item.get("uid"))
        )
        for item in _list_of(data.get("intentions"), "intentions", dict)
    ]
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ValidationError("answers", "answers must be an object of prompt: text")
    updated = data.get("updated_at")
    return make_review(
        str(data.get("week")),
        answers=answers,
        intentions=intentions,
        kept=_list_of(data.get("kept"), "kept", str),
        updated_at=_parse_datetime(updated, "updated_at") if updated else None,
    )


# --------------------------------------------------------------------------------------------
# Fast reading of records the journal itself wrote

_CHANNELS = {c.value: c for c in Channel}
_INITIATORS = {i.value: i for i in Initiator}
_FELT = {f.value: f for f in Felt}
# Stored text -> (member, the member's own copy of that text), so that a record can share the latter.
_STORED_CHANNELS = {c.value: (c, c.value) for c in Channel}
_STORED_INITIATORS = {i.value: (i, i.value) for i in Initiator}
_STORED_FELT = {f.value: (f, f.value) for f in Felt}


def touchpoint_from_stored(data: dict[str, Any]) -> Touchpoint:
    """Read one touchpoint from the journal file quickly (see :func:`touchpoints_from_stored`)."""
    return touchpoints_from_stored({"": data})[0]


# Setting a slot through its descriptor skips the frozen dataclass's __setattr__ guard.
_SET_UID, _SET_PEOPLE, _SET_DAY, _SET_CHANNEL, _SET_MINUTES, _SET_INITIATED, _SET_FELT = (
    Touchpoint.__dict__[name].__set__
    for name in ("uid", "people", "day", "channel", "minutes", "initiated_by", "felt")
)
_SET_CREATED, _SET_UPDATED, _SET_CLOSENESS, _SET_NOTE, _SET_TAGS = (
    Touchpoint.__dict__[name].__set__ for name in ("created_at", "updated_at", "closeness", "note", "tags")
)


def touchpoints_from_stored(
    records: Mapping[str, dict[str, Any]], person_uids: Iterable[str] = ()
) -> list[Touchpoint]:
    """Read the stored touchpoints (``records``: the entries table, uid -> record) quickly and compactly.

    Start-up reads tens of thousands of records the journal itself wrote, so types and enum values are
    checked but the slow text scans of :func:`touchpoint_from_dict` are not; anything malformed (a hand
    edit) falls back to the full validation, which names the fault.

    A parsed file also gives every record its own copy of every string: 10,000 touchpoints carry 30,000
    copies of a few channel and feeling words, a copy of a person's uid per touchpoint, a date per
    record. Each stored record, and the touchpoint made from it, is pointed at one shared object per
    repeated value instead (``person_uids`` are the strings to share for people). Records keep equal
    values, so what is written back is byte for byte the same, in about 8 MB less memory at 10,000.
    One loop with no call per record: this runs before the first frame.
    """
    shared = {uid: uid for uid in person_uids}  # and tags, as they come
    share = shared.setdefault
    days: dict[str, tuple[str, date]] = {}
    touchpoints: list[Touchpoint] = []
    # Names this loop uses 10,000s of times, bound locally (a global lookup each time adds up).
    new, parse_day, parse_time, most = (
        Touchpoint.__new__,
        date.fromisoformat,
        datetime.fromisoformat,
        MAX_MINUTES,
    )
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
            if (
                type(minutes) is not int
                or not 0 <= minutes <= most
                or not (closeness is None or (type(closeness) is int and 1 <= closeness <= 5))
                or type(people) is not list
                or not people
                or type(note) is not str
                or type(tags) is not list
            ):
                raise ValueError("needs full validation")
            uid = data["uid"]
            if uid == key:
                data["uid"] = uid = key
            channel, data["channel"] = channels[data["channel"]]
            initiated, data["initiated_by"] = initiators[data["initiated_by"]]
            felt, data["felt"] = feelings[data["felt"]]
            if len(people) == 1:  # most touchpoints: one person, no loop
                text = people[0]
                if type(text) is not str:
                    raise TypeError("needs full validation")
                people[0] = share(text, text)
            else:
                for index, text in enumerate(people):
                    if type(text) is not str:
                        raise TypeError("needs full validation")
                    people[index] = share(text, text)
            if tags:
                for index, text in enumerate(tags):
                    if type(text) is not str:
                        raise TypeError("needs full validation")
                    tags[index] = share(text, text)
            found = days.get(data["date"])
            if found is None:
                found = days[data["date"]] = (data["date"], parse_day(data["date"]))
            data["date"], day = found
            created_text = data["created_at"]
            created = parse_time(created_text)
            if data["updated_at"] == created_text:  # never edited: one string, one datetime
                data["updated_at"] = created_text
                updated = created
            else:
                updated = parse_time(data["updated_at"])
            if created.tzinfo is not None or updated.tzinfo is not None:
                raise ValueError("a time zone: full validation refuses it")  # aware and naive do not sort
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
            tp = touchpoint_from_dict(data)
        touchpoints.append(tp)
    return touchpoints
