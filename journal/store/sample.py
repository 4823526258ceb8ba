"""A realistic sample journal for ``reljournal demo``: a living pond to explore without typing anything.

Pure and deterministic (no Textual, no network, seeded randomness): the same ``today`` gives the same
journal byte for byte. Nine people in the pond and two let go, six months of varied touchpoints (every
channel, shared dinners, automated noise, give and take both ways), a couple of people drifting, one
definition that changed, and saved weekly reviews for the last two weeks with intentions.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from journal.core.model import (
    Cadence,
    Channel,
    Definition,
    Facet,
    Felt,
    Initiator,
    Person,
    Touchpoint,
    WeeklyReview,
    clean_name,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
)
from journal.core.weeks import IsoWeek
from journal.store.journal import Journal
from journal.store.sample_people import GATHERINGS, MINUTES, SKETCHES, Sketch

SEED = 20261120
HISTORY_DAYS = 182


def _uid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _pick(rng: random.Random, weighted: tuple[tuple[Channel, int], ...]) -> Channel:
    channels = [channel for channel, _ in weighted]
    return rng.choices(channels, weights=[weight for _, weight in weighted])[0]


def _minutes(rng: random.Random, channel: Channel) -> int:
    low, high = MINUTES[channel]
    value = rng.randint(low, high)
    return value if value < 15 else 5 * round(value / 5)


def _definition(sketch: Sketch) -> Definition:
    return make_definition(
        why=sketch.why,
        known_via=sketch.known_via,
        known_where=sketch.known_where,
        facets_mine=sketch.mine,
        facets_theirs=sketch.theirs,
        meaning=sketch.meaning,
        preferred_channel=sketch.channel,
        welcome_contact=sketch.welcome,
        cadence=sketch.cadence,
    )


def _person(sketch: Sketch, uid: str, today: date) -> Person:
    added = today - timedelta(days=sketch.added_days_ago)
    person = Person(
        uid=uid,
        name=clean_name(sketch.name),
        definition=_definition(sketch),
        created_at=datetime.combine(added, time(21, 15)),
    )
    if sketch.key == "priya":
        # Her definition changed two months ago: it deepened from "a writer I read" to a correspondence.
        earlier = replace(
            person.definition,
            why="Her newsletter on slow software.",
            meaning="",
            facets_mine=frozenset({Facet.INTERESTS}),
            cadence=Cadence.NONE,
            preferred_channel=None,
        )
        person = replace(person, definition=earlier).redefined(
            person.name, person.definition, datetime.combine(today - timedelta(days=61), time(22, 5))
        )
    if sketch.archived is not None:
        days_ago, note = sketch.archived
        person = person.let_go(today - timedelta(days=days_ago), note)
    return person


def _touchpoint(
    rng: random.Random,
    *,
    people: tuple[str, ...],
    day: date,
    channel: Channel,
    minutes: int,
    felt: Felt,
    initiated: Initiator,
    note: str,
    tags: tuple[str, ...],
    closeness: int | None,
    today: date,
) -> Touchpoint:
    logged = datetime.combine(day, time(rng.randint(8, 22), rng.choice((0, 10, 20, 30, 40, 50))))
    return make_touchpoint(
        people=people,
        day=day,
        channel=channel,
        minutes=minutes,
        initiated_by=initiated,
        felt=felt,
        closeness=closeness,
        note=note,
        tags=tags,
        now=datetime.combine(today, time(23, 59)),
        uid=_uid(rng),
        created_at=logged,
    )


def _touchpoints_for(sketch: Sketch, uid: str, rng: random.Random, today: date) -> list[Touchpoint]:
    start = today - timedelta(days=min(HISTORY_DAYS, sketch.added_days_ago - 1))
    end = today - timedelta(days=sketch.archived[0] if sketch.archived else sketch.quiet_days)
    felt_kinds = (Felt.GENUINE, Felt.ROUTINE, Felt.AUTOMATED)
    initiators = (Initiator.ME, Initiator.THEM, Initiator.MUTUAL)
    result: list[Touchpoint] = []
    day = start + timedelta(days=rng.randint(0, 5))
    while day <= end:
        felt = rng.choices(felt_kinds, weights=sketch.felt)[0]
        channel = _pick(rng, sketch.channels)
        minutes = _minutes(rng, channel)
        note = rng.choice(sketch.notes) if sketch.notes and rng.random() < 0.7 else ""
        if felt is Felt.AUTOMATED:
            initiated = Initiator.THEM
            minutes = min(minutes, 2)
            channel = (
                Channel.EMAIL if channel in (Channel.VIDEO, Channel.IN_PERSON, Channel.CALL) else channel
            )
            note = rng.choice(
                (
                    "Canned reply.",
                    "Auto-reply, nothing personal.",
                    "Template message sent to a list.",
                    note or "",
                )
            )
        else:
            initiated = rng.choices(initiators, weights=sketch.initiated)[0]
        tags = tuple(sorted(set(rng.sample(sketch.tags, k=min(len(sketch.tags), rng.randint(0, 2))))))
        closeness = rng.randint(3, 5) if felt is Felt.GENUINE and rng.random() < 0.4 else None
        result.append(
            _touchpoint(
                rng,
                people=(uid,),
                day=day,
                channel=channel,
                minutes=minutes,
                felt=felt,
                initiated=initiated,
                note=note,
                tags=tags,
                closeness=closeness,
                today=today,
            )
        )
        gap = max(1, min(round(rng.expovariate(1 / sketch.gap_days)), round(sketch.gap_days * 3)))
        day += timedelta(days=gap)
    return result


def _reviews(uids: dict[str, str], rng: random.Random, today: date) -> list[WeeklyReview]:
    last_week = IsoWeek.of(today).shift(-1)
    week_before = last_week.shift(-1)
    earlier_intentions = (
        make_intention([uids["ruth"]], "Post Grandma the photos from the coast", _uid(rng)),
        make_intention([uids["tomas"]], "Write Tomás a proper email about the reorg", _uid(rng)),
        make_intention([uids["jonas"]], "Plan the crag trip with Jonas", _uid(rng)),
    )
    before = make_review(
        week_before,
        answers={
            "time": "Maya and Grandma, mostly on the phone. Jonas at the gym twice.",
            "genuine": "The long walk with Maya. I said the thing about Dad out loud.",
            "drifting": "Tomás, again. And I haven't seen Aiko since book club paused.",
        },
        intentions=earlier_intentions,
        updated_at=datetime.combine(week_before.sunday, time(20, 30)),
    )
    last = make_review(
        last_week,
        answers={
            "time": "Jonas and Lena, and the birthday picnic. Less screen time with Sam than usual.",
            "genuine": "Grandma's call: the evacuation story. I wrote it down afterwards.",
            "drifting": (
                "Tomás is now months. Aiko is past our monthly rhythm. With Dev I keep reaching out "
                "and getting templates back; maybe that is the answer."
            ),
        },
        intentions=(
            make_intention([uids["tomas"]], "Email Tomás, no agenda, just ask how he is", _uid(rng)),
            make_intention([uids["aiko"]], "Ask Aiko if she wants to restart book club", _uid(rng)),
            make_intention([uids["maya"], uids["jonas"]], "Book the dinner with Maya and Jonas", _uid(rng)),
        ),
        kept=[earlier_intentions[0].uid, earlier_intentions[2].uid],
        updated_at=datetime.combine(last_week.sunday, time(21, 0)),
    )
    return [before, last]


def build_demo_journal(folder: Path, today: date) -> Journal:
    """Write a sample journal into ``folder`` (which should be empty) as it would look on ``today``."""
    rng = random.Random(SEED)
    journal = Journal.open(folder, clock=lambda: datetime.combine(today, time(18, 0)))
    uids = {sketch.key: _uid(rng) for sketch in SKETCHES}
    people = [_person(sketch, uids[sketch.key], today) for sketch in SKETCHES]
    entries: list[Touchpoint] = []
    for sketch in SKETCHES:
        entries.extend(_touchpoints_for(sketch, uids[sketch.key], rng, today))
    for days_ago, keys, channel, minutes, note, tags in GATHERINGS:
        entries.append(
            _touchpoint(
                rng,
                people=tuple(uids[key] for key in keys),
                day=today - timedelta(days=days_ago),
                channel=channel,
                minutes=minutes,
                felt=Felt.GENUINE,
                initiated=Initiator.MUTUAL if days_ago % 2 else Initiator.ME,
                note=note,
                tags=tags,
                closeness=5 if len(keys) > 2 else 4,
                today=today,
            )
        )
    data = journal.raw()
    data = {
        "people": {person.uid: person.to_dict() for person in people},
        "entries": {tp.uid: tp.to_dict() for tp in sorted(entries, key=lambda tp: (tp.day, tp.uid))},
        "reviews": {str(review.week): review.to_dict() for review in _reviews(uids, rng, today)},
        "meta": dict(data["meta"]),
    }
    journal.replace_all(data)
    return journal
