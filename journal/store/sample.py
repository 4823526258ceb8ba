"""A realistic sample journal for ``reljournal demo``: a living pond to explore without typing anything.

Pure and deterministic (no Textual, no network, seeded randomness): the same ``today`` gives the same
journal byte for byte. Nine people in the pond and two let go, six months of varied touchpoints (every
channel, shared dinners, automated noise, give and take both ways), a couple of people drifting, one
definition that changed, and saved weekly reviews for the last two weeks with intentions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from journal.core.model import (
    Cadence,
    Channel,
    Definition,
    Facet,
    Felt,
    Initiator,
    KnownVia,
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

SEED = 20261120
HISTORY_DAYS = 182

F = Facet
MINUTES: dict[Channel, tuple[int, int]] = {
    Channel.REACTION: (0, 0),
    Channel.COMMENT: (1, 4),
    Channel.DM: (5, 25),
    Channel.EMAIL: (10, 30),
    Channel.LETTER: (20, 60),
    Channel.CALL: (15, 75),
    Channel.VIDEO: (30, 90),
    Channel.IN_PERSON: (60, 210),
}


@dataclass(frozen=True)
class Sketch:
    """How one demo relationship looks and how its touchpoints tend to go."""

    key: str
    name: str
    known_via: KnownVia
    known_where: str
    why: str
    meaning: str
    mine: frozenset[Facet]
    theirs: frozenset[Facet]
    channel: Channel | None
    welcome: str
    cadence: Cadence
    added_days_ago: int
    gap_days: float  # typical days between touchpoints
    channels: tuple[tuple[Channel, int], ...]  # (channel, weight)
    felt: tuple[int, int, int] = (7, 3, 0)  # weights: genuine, routine, automated
    initiated: tuple[int, int, int] = (4, 3, 3)  # weights: me, them, mutual
    notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    quiet_days: int = 0  # no touchpoints in the last N days (drifting)
    archived: tuple[int, str] | None = None  # (days ago, note)


SKETCHES: tuple[Sketch, ...] = (
    Sketch(
        key="maya",
        name="Maya Okafor",
        known_via=KnownVia.OFFLINE,
        known_where="university, shared flat in second year",
        why="She tells me the truth when nobody else will, and she is funny about it.",
        meaning=(
            "Maya is the person I call when something big happens, good or bad. We have known each other "
            "for fifteen years and it still feels easy. I want to keep showing up for her the way she "
            "shows up for me, especially now that she has the baby."
        ),
        mine=frozenset({F.MOTIVATIONS, F.INTERESTS, F.SUPPORT, F.CHANNEL, F.PERMISSION, F.TRUST}),
        theirs=frozenset({F.MOTIVATIONS, F.INTERESTS, F.SUPPORT, F.CHANNEL, F.PERMISSION, F.TRUST}),
        channel=Channel.CALL,
        welcome="calls any evening; voice notes when the baby sleeps",
        cadence=Cadence.WEEKLY,
        added_days_ago=240,
        gap_days=5,
        channels=((Channel.CALL, 5), (Channel.IN_PERSON, 3), (Channel.DM, 4), (Channel.VIDEO, 1)),
        felt=(9, 1, 0),
        initiated=(3, 3, 4),
        notes=(
            "Long call while she walked the pram round the park. She is sleeping better, finally.",
            "She asked about the job interview before I brought it up. Remembered the date.",
            "Sunday lunch at hers. Made the lentil thing; the baby grabbed my glasses twice.",
            "Voice notes back and forth all afternoon about her sister's wedding plans.",
            "Talked about whether she goes back to work full time. Mostly listened.",
            "Quick check-in, both tired. Still good to hear her voice.",
            "She sent a photo of our old flat's door, repainted. Laughed for ages.",
            "Walk along the canal. Told her about the thing with Dad; she didn't try to fix it.",
        ),
        tags=("family", "baby", "walk", "advice"),
    ),
    Sketch(
        key="jonas",
        name="Jonas Weber",
        known_via=KnownVia.OFFLINE,
        known_where="the bouldering gym on Wiener Straße",
        why="Climbing with him is the only time my head goes quiet, and he notices when I'm off.",
        meaning="A friendship that lives on the wall. I'd like it to reach a bit beyond the gym.",
        mine=frozenset({F.INTERESTS, F.CHANNEL, F.PERMISSION, F.TRUST}),
        theirs=frozenset({F.INTERESTS, F.PERMISSION, F.TRUST, F.RECOMMEND}),
        channel=Channel.IN_PERSON,
        welcome="messages for plans; no calls",
        cadence=Cadence.FORTNIGHTLY,
        added_days_ago=200,
        gap_days=8,
        channels=((Channel.IN_PERSON, 6), (Channel.DM, 4), (Channel.REACTION, 1)),
        felt=(6, 4, 0),
        initiated=(4, 4, 2),
        notes=(
            "Bouldering, two hours. He finally sent the green overhang; I did not.",
            "Climbed, then noodles. He's thinking of moving to Leipzig next year.",
            "Short session, my fingers were done. Talked about his thesis on the tram.",
            "Organised the Saturday crag trip over DMs. Weather looks fine.",
            "Crag day in the Elbsandstein. Long drive, good talk about his dad.",
            "He spotted me on the new problem and wouldn't let me quit.",
        ),
        tags=("climbing", "outdoors"),
    ),
    Sketch(
        key="priya",
        name="Priya Raman",
        known_via=KnownVia.ONLINE,
        known_where="her newsletter, then Strange Loop 2024",
        why="Her essays on slow software change how I think about my own work.",
        meaning=(
            "Someone I admire and slowly got to know. I want to understand what drives her work, "
            "and I think she mostly wants thoughtful readers who pass it on."
        ),
        mine=frozenset({F.MOTIVATIONS, F.INTERESTS, F.CHANNEL}),
        theirs=frozenset({F.INTERESTS, F.RECOMMEND}),
        channel=Channel.EMAIL,
        welcome="email; she answers on Fridays",
        cadence=Cadence.MONTHLY,
        added_days_ago=230,
        gap_days=11,
        channels=((Channel.COMMENT, 4), (Channel.EMAIL, 3), (Channel.DM, 2), (Channel.VIDEO, 1)),
        felt=(6, 4, 0),
        initiated=(6, 2, 2),
        notes=(
            "Replied to her essay on maintenance as care. She answered with a reading list.",
            "Commented on the new post about small tools; she quoted it in the next issue.",
            "Video call about her book proposal. She asked what I'd want from chapter three.",
            "Emailed her the piece about Lisp machines I promised. Nice reply.",
            "Short DM thread about the conference talk line-up.",
        ),
        tags=("writing", "software", "ideas"),
    ),
    Sketch(
        key="tomas",
        name="Tomás Alvarez",
        known_via=KnownVia.BOTH,
        known_where="my first job at the agency; he was my lead",
        why="He taught me how to think about people, not just code, and he still asks hard questions.",
        meaning="A mentor who became a friend. I let it slide when I am busy, and I regret it every time.",
        mine=frozenset({F.MOTIVATIONS, F.SUPPORT, F.TRUST, F.RECOMMEND}),
        theirs=frozenset({F.MOTIVATIONS, F.TRUST, F.RECOMMEND}),
        channel=Channel.VIDEO,
        welcome="email first, then a video call",
        cadence=Cadence.QUARTERLY,
        added_days_ago=300,
        gap_days=24,
        channels=((Channel.EMAIL, 4), (Channel.VIDEO, 3), (Channel.IN_PERSON, 1)),
        felt=(8, 2, 0),
        initiated=(5, 4, 1),
        notes=(
            "Video call about my promotion. He asked what I'd stop doing, which I hadn't thought about.",
            "He emailed out of the blue with a job ad he thought fit me. Not for me, but kind.",
            "Coffee when he was in town for the conference. Talked mostly about his kids.",
            "Wrote him about the team reorg. Long thoughtful reply the next day.",
        ),
        tags=("mentor", "career"),
        quiet_days=124,
    ),
    Sketch(
        key="ruth",
        name="Ruth Bennett",
        known_via=KnownVia.OFFLINE,
        known_where="Grandma",
        why="She is ninety-one and remembers everything; I want to hear it while I can.",
        meaning=(
            "Grandma. The Sunday call is not a duty; it is the best half hour of my week when I "
            "let it be. I want to write down her stories."
        ),
        mine=frozenset({F.INTERESTS, F.SUPPORT, F.CHANNEL, F.PERMISSION, F.TRUST}),
        theirs=frozenset({F.SUPPORT, F.CHANNEL, F.PERMISSION, F.TRUST}),
        channel=Channel.CALL,
        welcome="landline, Sunday afternoons; letters any time",
        cadence=Cadence.WEEKLY,
        added_days_ago=260,
        gap_days=7,
        channels=((Channel.CALL, 8), (Channel.LETTER, 2), (Channel.IN_PERSON, 1)),
        felt=(7, 3, 0),
        initiated=(8, 1, 1),
        notes=(
            "Sunday call. The story about the bakery on Mill Lane again, with a new detail about the horse.",
            "Sent her a letter with the photos from the coast. She called to say she'd framed one.",
            "Short call, she was tired. Her knee is worse; Mum is on it.",
            "Visited. Went through the shoebox of photos and wrote names on the backs.",
            "She asked about Maya's baby by name. Sharp as ever.",
            "Call went long: the war years, the evacuation, her brother Tom.",
        ),
        tags=("family", "stories"),
    ),
    Sketch(
        key="lena",
        name="Lena Fischer",
        known_via=KnownVia.OFFLINE,
        known_where="neighbour, third floor",
        why="She makes the building feel like a place, not an address.",
        meaning="Small, warm, daily. Not deep yet, and that is fine.",
        mine=frozenset({F.INTERESTS, F.PERMISSION}),
        theirs=frozenset({F.PERMISSION, F.SUPPORT}),
        channel=Channel.IN_PERSON,
        welcome="knock any time before nine",
        cadence=Cadence.NONE,
        added_days_ago=150,
        gap_days=9,
        channels=((Channel.IN_PERSON, 6), (Channel.DM, 3)),
        felt=(4, 6, 0),
        initiated=(3, 4, 3),
        notes=(
            "Chat on the stairs about the heating. She is fostering a cat now.",
            "She watered the plants while I was away; brought her chocolate from the airport.",
            "Coffee on her balcony. Her daughter starts school in September.",
            "Helped her carry the new shelf up. Stayed for tea.",
        ),
        tags=("neighbour", "home"),
    ),
    Sketch(
        key="sam",
        name="Sam Lee",
        known_via=KnownVia.ONLINE,
        known_where="the Rust community Discord, #embedded",
        why="Sam is generous with what they know and curious about everything I am working on.",
        meaning="An online friend I have never met. I think we both want to meet at RustConf next year.",
        mine=frozenset({F.INTERESTS, F.CHANNEL, F.PERMISSION, F.RECOMMEND}),
        theirs=frozenset({F.INTERESTS, F.CHANNEL, F.PERMISSION, F.RECOMMEND, F.TRUST}),
        channel=Channel.DM,
        welcome="Discord DMs; video on weekends (they're in Vancouver)",
        cadence=Cadence.FORTNIGHTLY,
        added_days_ago=190,
        gap_days=6,
        channels=((Channel.DM, 6), (Channel.VIDEO, 2), (Channel.REACTION, 2), (Channel.COMMENT, 1)),
        felt=(6, 3, 1),
        initiated=(4, 4, 2),
        notes=(
            "Debugged their flaky I2C driver together over screen share. Found it: a missing pull-up.",
            "DMs about the new async book. They're sending me a copy.",
            "Video call, mostly about their move and a bit about the keyboard build.",
            "They reviewed my PR and left the kindest nitpicks.",
            "Birthday bot posted in the server; I didn't add anything.",
        ),
        tags=("rust", "embedded", "online"),
    ),
    Sketch(
        key="aiko",
        name="Aiko Tanaka",
        known_via=KnownVia.BOTH,
        known_where="the Thursday book club at the library",
        why="She reads the books I would never pick and makes me glad I did.",
        meaning="We only ever talk about books, and I would like to know her beyond them.",
        mine=frozenset({F.INTERESTS, F.MOTIVATIONS, F.CHANNEL}),
        theirs=frozenset({F.INTERESTS}),
        channel=Channel.IN_PERSON,
        welcome="book club Thursdays; messages about books any time",
        cadence=Cadence.MONTHLY,
        added_days_ago=170,
        gap_days=14,
        channels=((Channel.IN_PERSON, 5), (Channel.DM, 3)),
        felt=(6, 4, 0),
        initiated=(3, 4, 3),
        notes=(
            "Book club: Piranesi. She loved it; I was lost until she explained the tides.",
            "She sent me a photo of a second-hand Le Guin she found for me.",
            "Book club ran late. Walked to the tram together, talked about her parents in Osaka.",
            "Swapped recommendations for the summer. She's taking Middlemarch on holiday.",
        ),
        tags=("books", "book-club"),
        quiet_days=41,
    ),
    Sketch(
        key="dev",
        name="Dev Patel",
        known_via=KnownVia.ONLINE,
        known_where="a founders' Slack; I advise his startup",
        why="I want to see whether his idea works, and I learn from how he runs things.",
        meaning=(
            "Honest question: is this a relationship or a favour? I reach out, he answers with templates. "
            "Keeping him here to notice it, not to keep score."
        ),
        mine=frozenset({F.MOTIVATIONS, F.CHANNEL, F.TRUST}),
        theirs=frozenset({F.RECOMMEND, F.PERMISSION}),
        channel=Channel.VIDEO,
        welcome="calendar link for calls; email otherwise",
        cadence=Cadence.MONTHLY,
        added_days_ago=120,
        gap_days=12,
        channels=((Channel.EMAIL, 4), (Channel.VIDEO, 2), (Channel.DM, 2)),
        felt=(3, 3, 4),
        initiated=(8, 1, 1),
        notes=(
            "Monthly advisor call. He walked through the metrics; I asked about the team and got a deck.",
            "Sent him an intro to a designer. Auto-reply: 'Thanks! Will circle back.'",
            "Canned newsletter 'personal update' sent to all advisors.",
            "Emailed feedback on the pricing page. No reply yet.",
        ),
        tags=("advising", "startup", "work"),
    ),
    Sketch(
        key="chris",
        name="Chris Morgan",
        known_via=KnownVia.BOTH,
        known_where="five-a-side football, years ago",
        why="We used to talk about everything after the Tuesday game.",
        meaning="A good friend for a season.",
        mine=frozenset({F.INTERESTS, F.TRUST}),
        theirs=frozenset({F.INTERESTS}),
        channel=Channel.DM,
        welcome="",
        cadence=Cadence.MONTHLY,
        added_days_ago=280,
        gap_days=30,
        channels=((Channel.DM, 4), (Channel.REACTION, 3), (Channel.CALL, 1)),
        felt=(3, 6, 1),
        initiated=(7, 2, 1),
        notes=(
            "Liked his photos from Lisbon.",
            "Tried to set up a call; he cancelled twice, no hard feelings.",
            "Short call. Polite. We don't have much to talk about anymore.",
        ),
        tags=("football",),
        archived=(64, "We grew apart after he moved. Wishing him well; no guilt."),
    ),
    Sketch(
        key="elena",
        name="Elena Petrova",
        known_via=KnownVia.ONLINE,
        known_where="design Twitter, back when",
        why="Her threads on typography.",
        meaning="",
        mine=frozenset({F.INTERESTS}),
        theirs=frozenset({F.RECOMMEND}),
        channel=None,
        welcome="",
        cadence=Cadence.NONE,
        added_days_ago=250,
        gap_days=20,
        channels=((Channel.COMMENT, 3), (Channel.REACTION, 3), (Channel.EMAIL, 1)),
        felt=(1, 3, 4),
        initiated=(8, 1, 1),
        notes=(
            "Auto-reply to my email about her talk.",
            "Commented on her post about variable fonts. No answer.",
            "Newsletter 'personal note' that was sent to everyone.",
        ),
        tags=("design",),
        archived=(30, "Mostly auto-replies. I will follow her work publicly instead of here."),
    ),
)

# Touchpoints with more than one person: (days ago, people keys, channel, minutes, note, tags).
GATHERINGS: tuple[tuple[int, tuple[str, ...], Channel, int, str, tuple[str, ...]], ...] = (
    (
        96,
        ("maya", "jonas"),
        Channel.IN_PERSON,
        180,
        "Dinner at Maya's. Jonas and Maya argued about sourdough for an hour.",
        ("dinner",),
    ),
    (
        53,
        ("aiko", "lena"),
        Channel.IN_PERSON,
        90,
        "Brought Lena to book club; she and Aiko hit it off.",
        ("books",),
    ),
    (
        19,
        ("maya", "jonas", "lena"),
        Channel.IN_PERSON,
        210,
        "Birthday picnic in the park. Lena brought her famous plum cake.",
        ("birthday", "dinner"),
    ),
    (
        4,
        ("sam", "priya"),
        Channel.VIDEO,
        60,
        "Introduced Sam and Priya: tools, maintenance and care.",
        ("intro",),
    ),
)


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
            facets_mine=frozenset({F.INTERESTS}),
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
