"""The journal's vocabulary: people, what a relationship means, touchpoints and weekly reviews.

Everything that enters the journal passes through the ``make_*``/``from_dict`` functions here, so a
record in memory is always valid. Errors are :class:`ValidationError` with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise
from typing import Any

# The field checks live in journal.core.fields; the journal's vocabulary is imported from here, so they are
# re-exported (``X as X``).
from journal.core.fields import (
    DEFAULT_POND_CAP as DEFAULT_POND_CAP,
    EARLIEST_DATE as EARLIEST_DATE,
    LATEST_DATE as LATEST_DATE,
    MAX_MINUTES as MAX_MINUTES,
    MAX_NAME as MAX_NAME,
    MAX_NOTE as MAX_NOTE,
    MAX_POND_CAP as MAX_POND_CAP,
    MAX_SHORT_TEXT as MAX_SHORT_TEXT,
    MAX_TAG as MAX_TAG,
    MAX_TAGS as MAX_TAGS,
    ValidationError as ValidationError,
    _choice,
    _list_of,
    _parse_datetime,
    _parse_day,
    clean_closeness as clean_closeness,
    clean_date as clean_date,
    clean_minutes as clean_minutes,
    clean_name as clean_name,
    clean_pond_cap as clean_pond_cap,
    clean_tags as clean_tags,
    clean_text as clean_text,
    clean_uid as clean_uid,
    name_key as name_key,
    new_uid as new_uid,
    spelling_key as spelling_key,
)
from journal.core.weeks import IsoWeek


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


def clean_channel(value: object, field_name: str = "channel") -> Channel:
    """A channel from its value (``in-person``, any case); the message lists every channel."""
    channel: Channel = _choice(Channel, value, field_name)
    return channel


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
# Records


def clean_facets(values: Iterable[object] | None, field_name: str) -> frozenset[Facet]:
    if values is None:
        return frozenset()
    return frozenset(_choice(Facet, value, field_name) for value in values)


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
class LetGo:
    """One time someone was let go from the pond, with the note written then; ``followed_again_on``
    closes it. Following again never erases an episode: the README promises all history stays."""

    let_go_on: date
    note: str = ""
    followed_again_on: date | None = None

    @property
    def open(self) -> bool:
        return self.followed_again_on is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "let_go_on": self.let_go_on.isoformat(),
            "note": self.note,
            "followed_again_on": self.followed_again_on.isoformat() if self.followed_again_on else None,
        }


def letgo_from_dict(data: Mapping[str, Any], where: str = "episodes") -> LetGo:
    """A stored let-go episode; a followed-again date before the let-go date is refused."""
    let_go_on = _parse_day(data.get("let_go_on"), f"{where}.let_go_on")
    again = data.get("followed_again_on")
    followed_again_on = _parse_day(again, f"{where}.followed_again_on") if again is not None else None
    if followed_again_on is not None and followed_again_on < let_go_on:
        raise ValidationError(
            f"{where}.followed_again_on",
            f"{where}: followed again on {followed_again_on} before being let go on {let_go_on}",
        )
    return LetGo(let_go_on, clean_text(data.get("note", ""), f"{where}.note"), followed_again_on)


@dataclass(frozen=True)
class Person:
    """Someone in the journal. Whether they are followed follows from ``episodes``: archived while the
    last let-go is open."""

    uid: str
    name: str
    definition: Definition
    created_at: datetime
    episodes: tuple[LetGo, ...] = ()
    history: tuple[PastDefinition, ...] = ()

    @property
    def status(self) -> Status:
        return Status.ARCHIVED if self.episodes and self.episodes[-1].open else Status.FOLLOWING

    @property
    def following(self) -> bool:
        return self.status is Status.FOLLOWING

    @property
    def current_let_go(self) -> LetGo | None:
        """The open episode while archived; None while followed."""
        return self.episodes[-1] if self.episodes and self.episodes[-1].open else None

    @property
    def archived_on(self) -> date | None:
        """When they were let go, while archived."""
        current = self.current_let_go
        return current.let_go_on if current else None

    @property
    def archive_note(self) -> str:
        """The note written when letting them go, while archived."""
        current = self.current_let_go
        return current.note if current else ""

    @property
    def cadence(self) -> Cadence:
        return self.definition.cadence

    def let_go(self, day: date, note: str = "") -> Person:
        """The same person let go on ``day``: a new open episode (earlier ones are kept)."""
        if not self.following:
            raise ValidationError("status", f"{self.name} is already archived")
        # A clock corrected backwards must not date this let-go before the follow-again that ended the last.
        ended = self.episodes[-1].followed_again_on if self.episodes else None
        return replace(self, episodes=(*self.episodes, LetGo(max(day, ended) if ended else day, note)))

    def followed_again(self, day: date) -> Person:
        """The same person followed again on ``day``: the open episode is closed, not erased."""
        current = self.current_let_go
        if current is None:
            raise ValidationError("status", f"you already follow {self.name}")
        closed = replace(current, followed_again_on=max(day, current.let_go_on))
        return replace(self, episodes=(*self.episodes[:-1], closed))

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "name": self.name,
            **self.definition.to_dict(),
            "status": self.status.value,
            "episodes": [episode.to_dict() for episode in self.episodes],
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


def _episodes(value: object) -> tuple[LetGo, ...]:
    """Stored let-go episodes, oldest first: each starts after the one before closed, only the last open."""
    episodes = tuple(
        letgo_from_dict(item, f"episodes[{index}]")
        for index, item in enumerate(_list_of(value, "episodes", dict))
    )
    for index, (earlier, later) in enumerate(pairwise(episodes), start=1):
        if earlier.followed_again_on is None or later.let_go_on < earlier.followed_again_on:
            raise ValidationError(
                f"episodes[{index}]", f"episodes[{index}] starts before the let-go before it ended"
            )
    return episodes


def person_from_dict(data: Mapping[str, Any]) -> Person:
    history = tuple(
        PastDefinition(
            replaced_at=_parse_datetime(item.get("replaced_at"), "history.replaced_at"),
            name=clean_name(item.get("name", data.get("name")), stored=True),
            definition=definition_from_dict(item),
        )
        for item in _list_of(data.get("history"), "history", dict)
    )
    person = Person(
        uid=clean_uid(data.get("uid")),
        name=clean_name(data.get("name"), stored=True),
        definition=definition_from_dict(data),
        created_at=_parse_datetime(data.get("created_at"), "created_at"),
        episodes=_episodes(data.get("episodes")),
        history=history,
    )
    status = _choice(Status, data.get("status", "following"), "status")
    if status is not person.status:
        said = "an open let-go in episodes" if status is Status.ARCHIVED else "every let-go closed"
        raise ValidationError("status", f"status: {status.value!r} needs {said}")
    return person


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
        channel=clean_channel(channel),
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
