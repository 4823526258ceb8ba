"""One validation at every way in: start-up, refresh, restore and import refuse the same records, and
a journal that cannot be read is never written to (issue 11, "Doors that let bad data in").

Each hostile record is crafted by hand into journal.json; every door must refuse it the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import FIXED_NOW
from helpers.cli import cli
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.core.errors import CorruptJournalError
from journal.core.model import (
    ValidationError,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
    touchpoint_from_dict,
)
from journal.core.stored import RecordError, read_contents, touchpoint_from_stored, touchpoints_from_stored
from journal.store.backup import ImportError_, backup_bytes, parse_backup
from journal.store.doctor import examine
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE

OSC52 = "copy \x1b]52;c;aGVsbG8=\x1b\\ done"
HUGE = 2**63 - 1  # the largest integer JSON here holds


def _sample(folder: Path) -> dict[str, Any]:
    """A small journal written by the journal itself: two people, two touchpoints, one review."""
    journal = Journal.open(folder, clock=lambda: FIXED_NOW)
    sam = journal.add_person("Sam Lee", make_definition(why="old friend")).uid
    pia = journal.add_person("Pia Extra", make_definition(why="writes well")).uid
    for note in ("a walk", "coffee\nand a long talk"):
        journal.add_touchpoint(
            make_touchpoint(
                people=[sam],
                day=FIXED_NOW.date(),
                channel="call",
                minutes=30,
                note=note,
                tags=["walk"],
                now=FIXED_NOW,
            )
        )
    journal.save_review(make_review("2026-W47", {"time": "Sam"}, [make_intention([sam], "Call Sam")]))
    journal.archive(pia, "moved away")
    journal.close()
    data: dict[str, Any] = orjson.loads((folder / JOURNAL_FILE).read_bytes())
    return data


def _first(data: dict[str, Any], table: str) -> dict[str, Any]:
    record: dict[str, Any] = next(iter(data[table].values()))
    return record


Edit = Callable[[dict[str, Any]], object]

# (what, edit of the stored tables): each makes exactly one record unacceptable.
HOSTILE: list[tuple[str, Edit]] = [
    ("OSC 52 in a note", lambda d: _first(d, "entries").update(note=OSC52)),
    ("C1 CSI in a note", lambda d: _first(d, "entries").update(note="x\x9b2Jy")),
    ("DCS in a tag", lambda d: _first(d, "entries").update(tags=["\x1bPq"])),
    ("ESC in a name", lambda d: _first(d, "people").update(name="Sam\x1b[2J")),
    ("OSC in why", lambda d: _first(d, "people").update(why="\x1b]0;title\x07")),
    ("ESC in a review answer", lambda d: _first(d, "reviews").update(answers={"time": "\x1b[31mred"})),
    ("ESC in an intention", lambda d: _first(d, "reviews")["intentions"][0].update(text="\x1b]8;;x\x1b\\")),
    (
        "time zone in created_at",
        lambda d: _first(d, "entries").update(created_at="2026-11-20T18:30:00+02:00"),
    ),
    ("non-string note", lambda d: _first(d, "entries").update(note=["a"])),
    ("huge minutes", lambda d: _first(d, "entries").update(minutes=HUGE)),
    ("float minutes", lambda d: _first(d, "entries").update(minutes=30.0)),
    ("a list where a uid belongs", lambda d: _first(d, "entries").update(uid=["x"])),
    ("a list in people", lambda d: _first(d, "entries").update(people=[["x"]])),
    ("a stranger in people", lambda d: _first(d, "entries").update(people=["f" * 32])),
    ("uid not its key", lambda d: _first(d, "entries").update(uid="e" * 32)),
    ("date 9999-12-31", lambda d: _first(d, "entries").update(date="9999-12-31")),
    ("date 0001-01-01", lambda d: _first(d, "entries").update(date="0001-01-01")),
    ("compact date", lambda d: _first(d, "entries").update(date="20261120")),
    ("week date", lambda d: _first(d, "entries").update(date="2026-W47-1")),
    ("created in year 1", lambda d: _first(d, "entries").update(created_at="0001-01-01T00:00:00")),
    ("updated in 9999", lambda d: _first(d, "entries").update(updated_at="9999-12-31T23:59:59")),
    (
        "let go on 9999-12-31",
        lambda d: _first(d, "people").update(
            status="archived", episodes=[{"let_go_on": "9999-12-31", "note": "", "followed_again_on": None}]
        ),
    ),
    (
        "review week 9999-W52",
        lambda d: d["reviews"].update({"9999-W52": {**_first(d, "reviews"), "week": "9999-W52"}}),
    ),
    ("a number for a name", lambda d: _first(d, "people").update(name=7)),
    ("a list for a uid", lambda d: _first(d, "people").update(uid=[1])),
    ("nested lists for facets", lambda d: _first(d, "people").update(facets_mine=[[["trust"]]])),
    ("a deep list as a channel", lambda d: _first(d, "entries").update(channel=_deep(200))),
    ("status without a let-go", lambda d: _first(d, "people").update(status="archived", episodes=[])),
    ("a stranger in an intention", lambda d: _first(d, "reviews")["intentions"][0].update(people=["d" * 32])),
]


def _deep(depth: int) -> object:
    value: object = "call"
    for _ in range(depth):
        value = [value]
    return value


def _write(folder: Path, data: dict[str, Any]) -> bytes:
    raw = orjson.dumps(data)
    (folder / JOURNAL_FILE).write_bytes(raw)
    return raw


@pytest.fixture
def sample(data_dir: Path) -> dict[str, Any]:
    return _sample(data_dir)


@pytest.mark.parametrize(("what", "edit"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_every_journal_door_refuses_a_hostile_record_and_nothing_writes_over_it(
    data_dir: Path, sample: dict[str, Any], what: str, edit: Edit
) -> None:
    sam = next(iter(sample["people"]))
    edit(sample)
    raw = _write(data_dir, sample)
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    reads: list[Callable[[], object]] = [
        journal.people,
        journal.entries,
        journal.reviews,
        lambda: journal.review(make_review("2026-W47").week),
    ]
    writes: list[Callable[[], object]] = [
        lambda: journal.add_person("Noor", make_definition(why="new")),
        lambda: journal.set_pond_cap(20),
        lambda: journal.archive(sam),
        lambda: journal.refollow(sam),
        lambda: journal.redefine(sam, "Sam", make_definition(why="x")),
        lambda: journal.add_touchpoint(
            make_touchpoint(people=[sam], day=date(2026, 11, 1), channel="dm", minutes=1, now=FIXED_NOW)
        ),
        lambda: journal.delete_touchpoint("0" * 32),
        lambda: journal.save_review(make_review("2026-W40", {"time": "x"})),
    ]
    for door in reads + writes:
        with pytest.raises(CorruptJournalError, match="cannot read the journal"):
            door()
    journal.close()
    assert (data_dir / JOURNAL_FILE).read_bytes() == raw
    with pytest.raises(RecordError):
        read_contents(orjson.loads(raw))


@pytest.mark.parametrize(("what", "edit"), HOSTILE[:12], ids=[h[0] for h in HOSTILE[:12]])
def test_cli_writes_refuse_what_reads_refuse_with_the_same_message(
    capsys: pytest.CaptureFixture[str], data_dir: Path, sample: dict[str, Any], what: str, edit: Edit
) -> None:
    edit(sample)
    raw = _write(data_dir, sample)
    messages = set()
    for args in (
        ["people"],
        ["review"],
        ["log", "Sam", "hi", "--channel", "call", "--minutes", "5"],
        ["follow", "Noor", "--why", "new"],
        ["cap", "20"],
        ["unfollow", "Sam"],
    ):
        code, out, err = cli(capsys, *args)
        assert code == 1 and out == "", args
        assert "cannot read the journal" in err and "\x1b" not in err, args
        messages.add(err.split(". It was not changed")[0])
    assert len(messages) == 1  # the same fault named by every command
    assert (data_dir / JOURNAL_FILE).read_bytes() == raw


@pytest.mark.parametrize(("what", "edit"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_restore_refuses_a_file_start_up_would_refuse(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    sample: dict[str, Any],
    tmp_path: Path,
    what: str,
    edit: Edit,
) -> None:
    before = (data_dir / JOURNAL_FILE).read_bytes()
    edit(sample)
    hostile = tmp_path / "journal-2026-11-19.json"
    hostile.write_bytes(orjson.dumps(sample))
    code, _, err = cli(capsys, "restore", str(hostile))
    assert code == 1 and "was not restored" in err and "\x1b" not in err
    assert (data_dir / JOURNAL_FILE).read_bytes() == before


BY_KEY = {"uid not its key"}  # a backup lists records: no key to disagree with
IMPORTED = [h for h in HOSTILE if h[0] not in BY_KEY]


@pytest.mark.parametrize(("what", "edit"), IMPORTED, ids=[h[0] for h in IMPORTED])
def test_import_refuses_what_start_up_refuses(
    data_dir: Path, sample: dict[str, Any], what: str, edit: Edit
) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    doc = orjson.loads(backup_bytes(journal))
    journal.close()
    edit(sample)
    doc["people"] = list(sample["people"].values())
    doc["entries"] = list(sample["entries"].values())
    doc["reviews"] = list(sample["reviews"].values())
    with pytest.raises(ImportError_):
        parse_backup(orjson.dumps(doc))


def test_a_journal_damaged_by_another_program_is_refused_on_refresh_and_not_written(
    data_dir: Path, sample: dict[str, Any]
) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    assert len(journal.entries()) == 2
    _first(sample, "entries").update(note=OSC52)
    raw = _write(data_dir, sample)
    journal.refresh()
    with pytest.raises(CorruptJournalError, match="entries/"):
        journal.entries()
    sam = next(iter(sample["people"]))
    with pytest.raises(CorruptJournalError):
        journal.add_touchpoint(
            make_touchpoint(people=[sam], day=date(2026, 11, 1), channel="dm", minutes=1, now=FIXED_NOW)
        )
    assert (data_dir / JOURNAL_FILE).read_bytes() == raw


# -- the fast reader and the full validation agree on every record ----------------------------

_TEMPLATE = make_touchpoint(
    people=["a" * 32],
    day=date(2026, 11, 2),
    channel="call",
    minutes=5,
    note="hi",
    tags=["work"],
    now=FIXED_NOW,
).to_dict()
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "call",
            "Call ",
            "in_person",
            "me",
            "genuine",
            "2026-11-02",
            "20261102",
            "9999-12-31",
            "0001-01-01",
            "1899-12-31",
            "9998-12-31",
            "1900-01-01",
            "2026-11-02T10:00:00",
            "2026-11-02T10:00:00+00:00",
            "2026-11-02T10:00:00.123456",
            "9999-12-31T23:59:59",
            "0001-01-01T00:00:00",
            " hi ",
            "a\rb",
            "\x1b]52;c;x\x1b\\",
            "\x9b",
            "\u202e",
            "#Work",
            "WORK",
            "two words",
            "a" * 32,
            "A" * 32,
            "x" * 41,
        ]
    ),
    st.lists(st.sampled_from(["a" * 32, "b" * 32, "work", "#x", "", 3, None, ["a" * 32]]), max_size=4),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(_TEMPLATE)), _ODD_VALUES, max_size=4))
def test_the_fast_reader_accepts_exactly_what_the_full_validation_accepts_and_gives_the_same(
    changes: dict[str, object],
) -> None:
    record = orjson.loads(orjson.dumps(_TEMPLATE | changes))
    try:
        full: object = touchpoint_from_dict(orjson.loads(orjson.dumps(record)))
    except ValidationError:
        full = ValidationError
    try:
        fast: object = touchpoint_from_stored(record)
    except ValidationError:
        fast = ValidationError
    assert fast == full
    many = orjson.loads(orjson.dumps(_TEMPLATE | changes))
    key = many["uid"] if isinstance(many.get("uid"), str) else "k"
    try:
        together: object = touchpoints_from_stored({key: many}, ["a" * 32, "b" * 32])[0]
    except ValidationError:
        together = ValidationError
    if full is not ValidationError and set(full.people) <= {"a" * 32, "b" * 32}:  # type: ignore[attr-defined]
        assert together == full
    else:
        assert together is ValidationError


def test_a_record_from_the_fast_reader_is_never_out_of_the_kept_range() -> None:
    for day in ("1899-12-31", "9999-01-01", "0001-01-01"):
        record = _TEMPLATE | {"date": day}
        with pytest.raises(ValidationError, match="date"):
            touchpoints_from_stored({record["uid"]: record}, ["a" * 32])
    created = _TEMPLATE | {"created_at": datetime(9999, 1, 1).isoformat()}
    with pytest.raises(ValidationError, match="created_at"):
        touchpoints_from_stored({created["uid"]: created}, ["a" * 32])


@pytest.mark.parametrize(("what", "edit"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_doctor_finds_every_record_start_up_refuses(
    data_dir: Path, sample: dict[str, Any], what: str, edit: Edit
) -> None:
    """doctor checks with the same validation as start-up: it never calls a refused journal valid."""
    edit(sample)
    _write(data_dir, sample)
    findings = examine(data_dir, today=FIXED_NOW.date())
    assert not all(finding.ok for finding in findings)
    assert not any(finding.ok and finding.text.startswith("every record is valid") for finding in findings)


@pytest.mark.parametrize("cap", ["9", 0, 10**18, True, None])
def test_start_up_and_import_refuse_the_same_pond_caps(
    data_dir: Path, sample: dict[str, Any], cap: object
) -> None:
    sample["meta"]["journal"]["pond_cap"] = cap
    _write(data_dir, sample)
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    with pytest.raises(CorruptJournalError, match="pond cap"):
        journal.people()
    journal.close()
    backup = orjson.loads(backup_bytes(Journal.open(data_dir.parent / "empty")))
    backup["settings"]["pond_cap"] = cap
    with pytest.raises(ImportError_, match=r"settings\.pond_cap"):
        parse_backup(orjson.dumps(backup))


def test_a_pond_over_its_cap_loads_at_start_up_and_at_import_alike(data_dir: Path) -> None:
    """Only a hand edit makes one; both doors read it, and adding someone stays refused until room is made."""
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    for name in ("Ada", "Ben"):
        journal.add_person(name, make_definition(why="x"))
    with journal.storage.transaction():
        data = journal.raw()
        data["meta"]["journal"]["pond_cap"] = 1
        journal.storage.write(data)
    journal.close()
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    assert journal.pond_cap == 1 < len(journal.following())
    restored = parse_backup(backup_bytes(journal))
    assert restored["meta"]["journal"]["pond_cap"] == 1
