"""The journal's records: people, what a relationship means, touchpoints and weekly reviews.

Plain frozen values and the words they are made of (channels, facets, cadences...). A record is made
valid by :mod:`journal.core.model` (the ``make_*`` and ``*_from_dict`` functions), which also re-exports
these: the journal's vocabulary is imported from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from journal.core.fields import ValidationError
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


@dataclass(frozen=True)
class Intention:
    """Something I mean to do next week, with whom."""

    uid: str
    people: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"uid": self.uid, "people": list(self.people), "text": self.text}


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
