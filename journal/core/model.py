"""The journal's vocabulary, and every way a record is made valid: the ``make_*`` functions (from what a
person typed) and ``*_from_dict`` (from what was stored or imported), so a record in memory is always valid.

The records themselves are plain frozen values in :mod:`journal.core.records`, the field checks in
:mod:`journal.core.fields`; both are re-exported here (``X as X``), where the rest of the journal imports
its vocabulary from. Errors are :class:`ValidationError` with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise
from typing import Any

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
from journal.core.records import (
    REVIEW_PROMPTS as REVIEW_PROMPTS,
    Cadence as Cadence,
    Channel as Channel,
    Definition as Definition,
    Facet as Facet,
    Felt as Felt,
    Initiator as Initiator,
    Intention as Intention,
    KnownVia as KnownVia,
    LetGo as LetGo,
    PastDefinition as PastDefinition,
    Person as Person,
    Status as Status,
    Touchpoint as Touchpoint,
    WeeklyReview as WeeklyReview,
)
from journal.core.weeks import IsoWeek


def clean_channel(value: object, field_name: str = "channel") -> Channel:
    """A channel from its value (``in-person``, any case); the message lists every channel."""
    channel: Channel = _choice(Channel, value, field_name)
    return channel


def clean_facets(values: Iterable[object] | None, field_name: str) -> frozenset[Facet]:
    if values is None:
        return frozenset()
    return frozenset(_choice(Facet, value, field_name) for value in values)


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


def make_intention(people: Iterable[str], text: object, uid: str | None = None) -> Intention:
    body = clean_text(text, "intention", multiline=False)
    if not body:
        raise ValidationError("intention", "an intention needs a line of text")
    return Intention(
        uid=uid or new_uid(),
        people=tuple(dict.fromkeys(clean_uid(p, "intention people") for p in people)),
        text=body,
    )


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
