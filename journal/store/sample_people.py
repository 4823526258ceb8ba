"""The demo's people: who they are to you, and how their touchpoints tend to go (what
:mod:`journal.store.sample` makes a journal from). Data only: changing a sketch changes the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from journal.core.model import Cadence, Channel, Facet, KnownVia

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
