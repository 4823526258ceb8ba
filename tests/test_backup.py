"""Backup and import: a lossless round trip of everything (property-tested over odd text), and a
truncated or hand-edited backup refused whole, naming the record and field at fault, with nothing written."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.core.model import (
    Cadence,
    Channel,
    Facet,
    Felt,
    Initiator,
    KnownVia,
    clean_name,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
    name_key,
)
from journal.core.weeks import IsoWeek
from journal.store.backup import FORMAT, ImportError_, backup_bytes, import_backup, parse_backup
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE

NOW = datetime(2026, 11, 20, 18, 30)

# -- strategies ----------------------------------------------------------------------------------

# Everything a person might type or paste, minus what validation refuses (controls, bidi overrides,
# lone surrogates): other scripts, emoji, combining marks, zero-width joiners, markup.
_BIDI = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_chars = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_BIDI)
_odd = st.sampled_from(
    ["[bold]", "[/]", "[@click=app.quit]", "---", "# ", "]]", "[[", "é", "e\u0301", "👩‍🔬", "李", "\u200b"]
)
_piece = st.one_of(st.text(_chars, max_size=12), _odd)
line = st.lists(_piece, max_size=5).map("".join)
nonblank = st.lists(_piece, min_size=1, max_size=5).map("".join).filter(lambda s: s.strip() != "")
text = st.lists(st.one_of(_piece, st.just("\n"), st.just("\t")), max_size=12).map("".join)
names = st.lists(_piece, min_size=1, max_size=4).map("".join).filter(lambda s: s.strip() != "")


def _valid_name(raw: str) -> str | None:
    try:
        return clean_name(raw)
    except ValueError:
        return None


people_names = st.lists(
    names.map(_valid_name).filter(bool), min_size=1, max_size=6, unique_by=lambda n: name_key(str(n))
)


@st.composite
def journals(draw: st.DrawFn) -> dict[str, Any]:
    """A recipe for a journal: people (some redefined, some archived), touchpoints and reviews."""
    who = draw(people_names)
    facets = st.sets(st.sampled_from(list(Facet)))
    people = [
        {
            "name": name,
            "why": draw(nonblank),
            "meaning": draw(text),
            "cadence": draw(st.sampled_from(list(Cadence))),
            "known_via": draw(st.sampled_from(list(KnownVia))),
            "channel": draw(st.none() | st.sampled_from(list(Channel))),
            "mine": draw(facets),
            "theirs": draw(facets),
            "redefine": draw(st.booleans()),
            "archive": draw(st.none() | line),
        }
        for name in who
    ]
    touchpoints = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "people": st.lists(st.integers(0, len(who) - 1), min_size=1, max_size=3),
                    "days_ago": st.integers(0, 800),
                    "channel": st.sampled_from(list(Channel)),
                    "minutes": st.integers(0, 1440),
                    "initiated_by": st.sampled_from(list(Initiator)),
                    "felt": st.sampled_from(list(Felt)),
                    "closeness": st.none() | st.integers(1, 5),
                    "note": text,
                    "tags": st.lists(
                        st.text(
                            st.characters(whitelist_categories=("Ll", "Lo", "Nd", "So")),
                            min_size=1,
                            max_size=8,
                        ),
                        max_size=4,
                    ),
                }
            ),
            max_size=8,
        )
    )
    reviews = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "weeks_ago": st.integers(0, 60),
                    "answers": st.dictionaries(
                        st.sampled_from(["time", "genuine", "drifting", "other 🌱"]), text, max_size=3
                    ),
                    "intentions": st.lists(
                        st.tuples(
                            st.lists(st.integers(0, len(who) - 1), max_size=2),
                            nonblank,
                        ),
                        max_size=3,
                    ),
                }
            ),
            max_size=3,
            unique_by=lambda r: r["weeks_ago"],
        )
    )
    return {
        "people": people,
        "touchpoints": touchpoints,
        "reviews": reviews,
        "cap": draw(st.integers(len(who), 150)),
    }


def build(journal: Journal, recipe: dict[str, Any]) -> None:
    """Make the recipe through the public API, in one write."""
    with journal.storage.transaction():
        journal.set_pond_cap(recipe["cap"])
        uids = []
        for spec in recipe["people"]:
            definition = make_definition(
                why=spec["why"],
                meaning=spec["meaning"],
                cadence=spec["cadence"],
                known_via=spec["known_via"],
                preferred_channel=spec["channel"],
                facets_mine=spec["mine"],
                facets_theirs=spec["theirs"],
            )
            person = journal.add_person(spec["name"], definition)
            if spec["redefine"]:
                journal.redefine(person.uid, person.name, make_definition(why="changed: " + spec["why"]))
            if spec["archive"] is not None:
                journal.archive(person.uid, spec["archive"])
            uids.append(person.uid)
        for spec in recipe["touchpoints"]:
            journal.add_touchpoint(
                make_touchpoint(
                    people=[uids[i] for i in spec["people"]],
                    day=NOW.date() - timedelta(days=spec["days_ago"]),
                    channel=spec["channel"],
                    minutes=spec["minutes"],
                    initiated_by=spec["initiated_by"],
                    felt=spec["felt"],
                    closeness=spec["closeness"],
                    note=spec["note"],
                    tags=spec["tags"],
                    now=NOW,
                )
            )
        kept: list[str] = []
        for spec in recipe["reviews"]:
            intentions = [
                make_intention([uids[i] for i in people], body) for people, body in spec["intentions"]
            ]
            week = IsoWeek.of(NOW.date()).shift(-spec["weeks_ago"])
            journal.save_review(make_review(week, answers=spec["answers"], intentions=intentions, kept=kept))
            kept = [i.uid for i in intentions]


@contextmanager
def fresh_journal() -> Iterator[Journal]:
    with tempfile.TemporaryDirectory(prefix="reljournal-test-") as folder:
        journal = Journal.open(Path(folder) / "data", clock=lambda: NOW)
        try:
            yield journal
        finally:
            journal.close()


# -- the round trip ------------------------------------------------------------------------------


@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(recipe=journals())
def test_backup_import_backup_is_byte_identical(recipe: dict[str, Any]) -> None:
    with fresh_journal() as source, fresh_journal() as target:
        build(source, recipe)
        first = backup_bytes(source)
        counts = import_backup(target, first)
        assert counts == {
            "people": len(recipe["people"]),
            "entries": len(recipe["touchpoints"]),
            "reviews": len(recipe["reviews"]),
        }
        assert backup_bytes(target) == first
        reopened = Journal.open(target.folder, clock=lambda: NOW)  # what was written, not what is in memory
        assert backup_bytes(reopened) == first
        assert reopened.people() == source.people()
        assert reopened.entries() == source.entries()
        assert reopened.reviews() == source.reviews()
        assert reopened.pond_cap == recipe["cap"]


def test_a_backup_is_deterministic_and_sorted() -> None:
    recipe = {
        "people": [
            {"name": n, "why": "w", "meaning": "", "cadence": "none", "known_via": "both", "channel": None,
             "mine": set(), "theirs": set(), "redefine": False, "archive": None}
            for n in ("Zoë", "Ana")
        ],
        "touchpoints": [],
        "reviews": [],
        "cap": 15,
    }  # fmt: skip
    with fresh_journal() as journal:
        build(journal, recipe)
        first = backup_bytes(journal)
        assert backup_bytes(journal) == first and first.endswith(b"\n")
        doc = orjson.loads(first)
        assert doc["format"] == FORMAT and [p["uid"] for p in doc["people"]] == sorted(
            p["uid"] for p in doc["people"]
        )


# -- refused backups -----------------------------------------------------------------------------


@pytest.fixture
def sample() -> bytes:
    """A backup with two people (one archived), two touchpoints and a review."""
    with fresh_journal() as journal:
        sam = journal.add_person("Sam", make_definition(why="x")).uid
        robin = journal.add_person("Robin", make_definition(why="y")).uid
        journal.archive(robin, "moved away")
        for who in ([sam], [sam, robin]):
            journal.add_touchpoint(
                make_touchpoint(people=who, day=NOW.date(), channel="call", minutes=5, now=NOW)
            )
        journal.save_review(
            make_review("2026-W47", answers={"time": "a lot"}, intentions=[make_intention([sam], "Call")])
        )
        return backup_bytes(journal)


def _edit(change: Callable[[dict[str, Any]], object]) -> Callable[[bytes], bytes]:
    def apply(raw: bytes) -> bytes:
        doc = orjson.loads(raw)
        change(doc)
        return orjson.dumps(doc)

    return apply


EDITS: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("empty name", lambda d: d["people"][0].update(name="  "), "people[0].name"),
    ("escape in name", lambda d: d["people"][1].update(name="\x1b[2J"), "people[1].name"),
    ("bad uid", lambda d: d["people"][0].update(uid="sam"), "people[0].uid"),
    (
        "duplicate name",
        lambda d: d["people"][1].update(name=d["people"][0]["name"].upper()),
        "people[1].name",
    ),
    ("duplicate uid", lambda d: d["people"].append(dict(d["people"][0])), "people[2]"),
    ("bad status", lambda d: d["people"][0].update(status="blocked"), "people[0].status"),
    (
        "bad let-go date",
        lambda d: d["people"][0].update(status="archived", episodes=[{"let_go_on": "2026-02-30"}]),
        "people[0].episodes[0].let_go_on",
    ),
    ("history not a list", lambda d: d["people"][0].update(history="x"), "people[0].history"),
    ("person not an object", lambda d: d["people"].__setitem__(0, "Sam"), "people[0]"),
    ("unknown channel", lambda d: d["entries"][0].update(channel="fax"), "entries[0].channel"),
    ("negative minutes", lambda d: d["entries"][1].update(minutes=-1), "entries[1].minutes"),
    ("minutes as text", lambda d: d["entries"][1].update(minutes="lots"), "entries[1].minutes"),
    ("boolean minutes", lambda d: d["entries"][0].update(minutes=True), "entries[0].minutes"),
    ("date that does not exist", lambda d: d["entries"][0].update(date="2026-02-30"), "entries[0].date"),
    ("closeness 9", lambda d: d["entries"][0].update(closeness=9), "entries[0].closeness"),
    ("escape in note", lambda d: d["entries"][0].update(note="\x1b]0;x\x07"), "entries[0].note"),
    ("tags not a list", lambda d: d["entries"][0].update(tags="a b"), "entries[0].tags"),
    (
        "time zone",
        lambda d: d["entries"][0].update(created_at="2026-11-20T10:00:00+01:00"),
        "entries[0].created_at",
    ),
    ("unknown person", lambda d: d["entries"][0].update(people=["f" * 32]), "entries[0].people"),
    ("no people", lambda d: d["entries"][0].update(people=[]), "entries[0].people"),
    ("missing key", lambda d: d["entries"][0].pop("channel"), "entries[0].channel"),
    ("bad week", lambda d: d["reviews"][0].update(week="2026-W99"), "reviews[0].week"),
    (
        "intention for a stranger",
        lambda d: d["reviews"][0]["intentions"][0].update(people=["e" * 32]),
        "reviews[0].intentions",
    ),
    ("answers not an object", lambda d: d["reviews"][0].update(answers=["x"]), "reviews[0].answers"),
    ("cap zero", lambda d: d["settings"].update(pond_cap=0), "settings.pond_cap"),
    ("cap not a number", lambda d: d["settings"].update(pond_cap="9"), "settings.pond_cap"),
    ("newer schema", lambda d: d.update(schema_version=99), "schema_version"),
    ("boolean schema", lambda d: d.update(schema_version=True), "schema_version"),
    ("not a backup", lambda d: d.pop("format"), "not a reljournal backup"),
    ("missing section", lambda d: d.pop("reviews"), 'missing section "reviews"'),
    ("section not a list", lambda d: d.update(entries={}), "entries: expected a list"),
]


@pytest.mark.parametrize(("change", "fault"), [(c, f) for _, c, f in EDITS], ids=[e[0] for e in EDITS])
def test_a_hand_edited_backup_is_refused_naming_the_fault_and_nothing_is_written(
    sample: bytes, change: Callable[[dict[str, Any]], object], fault: str, tmp_path: Path
) -> None:
    edited = _edit(change)(sample)
    with pytest.raises(ImportError_) as info:
        parse_backup(edited)
    assert fault in info.value.message and "\n" not in info.value.message
    # into a fresh journal: nothing at all is created
    target = Journal.open(tmp_path / "fresh")
    with pytest.raises(ImportError_):
        import_backup(target, edited)
    assert not (tmp_path / "fresh").exists()
    # over an existing journal with --replace: not a byte changes
    with fresh_journal() as existing:
        import_backup(existing, sample)
        before = (existing.folder / JOURNAL_FILE).read_bytes()
        with pytest.raises(ImportError_):
            import_backup(existing, edited, replace=True, before_replace=lambda: pytest.fail("kept a copy"))
        assert (existing.folder / JOURNAL_FILE).read_bytes() == before


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.3, 0.5, 0.9, 0.999])
def test_a_truncated_backup_is_refused(sample: bytes, fraction: float, tmp_path: Path) -> None:
    cut = sample[: int(len(sample) * fraction)]
    target = Journal.open(tmp_path / "fresh")
    with pytest.raises(ImportError_, match="not valid JSON"):
        import_backup(target, cut)
    assert not (tmp_path / "fresh").exists()


def test_import_refuses_to_mix_into_a_journal_with_data(sample: bytes) -> None:
    with fresh_journal() as journal:
        journal.add_person("Kim", make_definition(why="z"))
        before = (journal.folder / JOURNAL_FILE).read_bytes()
        with pytest.raises(ImportError_, match="--replace"):
            import_backup(journal, sample)
        assert (journal.folder / JOURNAL_FILE).read_bytes() == before
        kept: list[bytes] = []
        import_backup(
            journal, sample, replace=True, before_replace=lambda: kept.append(journal.path.read_bytes())
        )
        assert kept == [before]
        assert sorted(p.name for p in journal.people()) == ["Robin", "Sam"]


JUNK = [None, -1, 0, 1.5, 1e20, "", "\x1b[2J", "2026-02-30", [], {}, ["x"], True, 2**62, "f" * 32]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_single_field_edit_is_imported_or_refused_by_name(data: st.DataObject) -> None:
    """Fuzz: junk in any field of any record never crashes import; it is refused naming that record,
    or (when the junk happens to be valid there) imported and backed up again unchanged."""
    raw = _sample_for_fuzz()
    doc = orjson.loads(raw)
    section = data.draw(st.sampled_from(["people", "entries", "reviews"]))
    index = data.draw(st.integers(0, len(doc[section]) - 1))
    field = data.draw(st.sampled_from(sorted(doc[section][index])))
    doc[section][index][field] = data.draw(st.sampled_from(JUNK))
    edited = orjson.dumps(doc)
    try:
        parse_backup(edited)
    except ImportError_ as error:
        assert error.message.startswith(f"{section}[{index}]") or error.message.startswith(
            ("entries[", "reviews[", "settings")
        ), error.message
        return
    with fresh_journal() as journal:
        import_backup(journal, edited)
        again = backup_bytes(journal)
        assert parse_backup(again) == parse_backup(edited)


@functools.cache
def _sample_for_fuzz() -> bytes:
    with fresh_journal() as journal:
        sam = journal.add_person("Sam", make_definition(why="x", facets_mine=["trust"])).uid
        robin = journal.add_person("Robin", make_definition(why="y")).uid
        journal.redefine(robin, "Robin B", make_definition(why="z"))
        journal.add_touchpoint(
            make_touchpoint(
                people=[sam, robin],
                day=date(2026, 11, 1),
                channel="call",
                minutes=5,
                closeness=3,
                note="n",
                tags=["t"],
                now=NOW,
            )
        )
        journal.save_review(
            make_review("2026-W47", answers={"time": "a"}, intentions=[make_intention([sam], "Call")])
        )
        return backup_bytes(journal)
