"""The storage promises from DESIGN.md: parsed once, durable and atomic, private, never overwriting a file
it cannot read, rolling daily backups, schema versions, and no lost writes between two journals."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from journal.core.errors import CorruptJournalError, JournalBusyError, JournalWriteError, NewerSchemaError
from journal.core.model import make_definition, make_touchpoint
from journal.store import durable as storage_module, schema
from journal.store.durable import DurableStorage, backups_in
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE
from journal.store.rolling import backup_day

FIXED_NOW = datetime(2026, 11, 20, 18, 30)  # as in conftest


def add(journal: Journal, name: str) -> str:
    return journal.add_person(name, make_definition(why=f"I like how {name} thinks")).uid


def log(journal: Journal, uid: str, minutes: int = 30, note: str = "") -> str:
    tp = make_touchpoint(
        people=[uid], day=journal.today(), channel="call", minutes=minutes, note=note, now=journal.clock()
    )
    return journal.add_touchpoint(tp).uid


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def populated(journal: Journal) -> Journal:
    sam = add(journal, "Sam")
    log(journal, sam, note="first")
    return journal


# -- parsed once, read from memory ---------------------------------------------------------------


def test_the_file_is_parsed_once_and_reads_come_from_memory(
    populated: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[int] = []
    opens: list[str] = []
    real_loads, real_open = orjson.loads, os.open

    def counting_loads(raw: Any) -> Any:
        loads.append(len(raw))
        return real_loads(raw)

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> int:
        if str(file).endswith(JOURNAL_FILE):
            opens.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(orjson, "loads", counting_loads)
    monkeypatch.setattr(os, "open", counting_open)
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    assert (len(loads), len(opens)) == (1, 1)
    sam = journal.find_person("sam")
    for _ in range(200):
        journal.people()
        journal.following()
        journal.entries()
        journal.entries_for(sam.uid)
        journal.find_person("SAM")
        assert journal.pond_cap == 15
    log(journal, sam.uid)  # our own write does not make us read the file back
    assert len(journal.entries()) == 2
    assert (len(loads), len(opens)) == (1, 1)


def test_a_write_is_durable_and_visible_to_a_fresh_journal(journal: Journal, data_dir: Path) -> None:
    sam = add(journal, "Sam")
    uid = log(journal, sam, note="[bold]not markup[/] 🌊\nline two")
    fresh = Journal.open(data_dir)
    assert fresh.entry(uid).note == "[bold]not markup[/] 🌊\nline two"
    on_disk = orjson.loads((data_dir / JOURNAL_FILE).read_bytes())
    assert uid in on_disk["entries"] and on_disk["meta"]["journal"]["schema_version"] == schema.SCHEMA_VERSION


def test_reading_a_missing_journal_creates_nothing(data_dir: Path) -> None:
    journal = Journal.open(data_dir)
    assert journal.people() == [] and journal.entries() == []
    assert not data_dir.exists()


def test_writes_outside_a_transaction_are_refused(data_dir: Path) -> None:
    storage = DurableStorage(data_dir)
    with pytest.raises(RuntimeError):
        storage.write({})


# -- permissions ---------------------------------------------------------------------------------


def test_folder_journal_lock_and_backups_are_private_whatever_the_umask(data_dir: Path) -> None:
    clock = Clock()
    old = os.umask(0)
    try:
        journal = Journal.open(data_dir, clock=clock)
        sam = add(journal, "Sam")
        clock.now += timedelta(days=1)
        log(journal, sam)  # first write of a new day: keeps yesterday's file as a backup
    finally:
        os.umask(old)
    backups = backups_in(data_dir)
    assert len(backups) == 1
    assert mode(data_dir) == 0o700
    assert mode(data_dir / BACKUP_DIR) == 0o700
    assert mode(data_dir / JOURNAL_FILE) == 0o600
    assert mode(data_dir / "journal.lock") == 0o600
    assert mode(backups[0]) == 0o600


# -- files that cannot be read are refused and left alone ----------------------------------------


def _make_backup(data_dir: Path) -> Path:
    backup = data_dir / BACKUP_DIR / "journal-2026-11-19.json"
    backup.parent.mkdir(parents=True, exist_ok=True)
    backup.write_bytes(b"{}")
    return backup


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"people": {"a": {"name": "Sa', id="torn"),
        pytest.param(b"\x00\x00\x00\x00", id="zeros"),
        pytest.param(b"\xff\xfe garbage", id="garbage"),
        pytest.param(b"[1, 2, 3]", id="list"),
        pytest.param(b"null", id="null"),
        pytest.param(b'"journal"', id="string"),
        pytest.param(b'{"people": []}', id="table-not-object"),
        pytest.param(b'{"people": {"x": 5}}', id="record-not-object"),
        pytest.param(b'{"_default": {"1": {"name": "x"}}}', id="foreign-tinydb-file"),
        pytest.param(b'{"meta": {"journal": {"schema_version": "one"}}}', id="bad-version"),
    ],
)
def test_an_unreadable_file_is_refused_naming_it_and_the_newest_backup(
    data_dir: Path, content: bytes
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / JOURNAL_FILE
    path.write_bytes(content)
    backup = _make_backup(data_dir)
    with pytest.raises(CorruptJournalError) as info:
        Journal.open(data_dir)
    assert str(path) in info.value.message and str(backup) in info.value.message
    assert "\n" not in info.value.message
    assert path.read_bytes() == content


def test_a_corrupt_file_without_backups_says_so(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / JOURNAL_FILE).write_bytes(b"{")
    with pytest.raises(CorruptJournalError, match="no backup exists yet"):
        Journal.open(data_dir)


def test_a_file_corrupted_after_opening_is_not_overwritten_by_the_next_write(
    populated: Journal, data_dir: Path
) -> None:
    path = data_dir / JOURNAL_FILE
    path.write_bytes(path.read_bytes()[:-20])
    torn = path.read_bytes()
    with pytest.raises(CorruptJournalError):
        add(populated, "Robin")
    assert path.read_bytes() == torn


def test_a_hand_edited_record_is_refused_naming_the_file_and_record(
    populated: Journal, data_dir: Path
) -> None:
    path = data_dir / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    (uid,) = data["entries"]
    data["entries"][uid]["minutes"] = -5
    edited = orjson.dumps(data)
    path.write_bytes(edited)
    journal = Journal.open(data_dir)
    with pytest.raises(CorruptJournalError) as info:
        journal.entries()
    assert str(path) in info.value.message and uid in info.value.message and "minutes" in info.value.message
    assert path.read_bytes() == edited
    # A write is refused whenever a read would be (quick capture too): nothing is written over a file
    # that cannot be read back, and the hand edit is kept as it was, for the person (or doctor) to fix.
    with pytest.raises(CorruptJournalError):
        add(journal, "Robin")
    assert path.read_bytes() == edited


def test_a_newer_schema_is_refused_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / JOURNAL_FILE
    content = b'{"meta": {"journal": {"schema_version": 99}}, "people": {}, "entries": {}, "reviews": {}}'
    path.write_bytes(content)
    with pytest.raises(NewerSchemaError) as info:
        Journal.open(data_dir)
    assert "newer reljournal" in info.value.message and str(path) in info.value.message
    assert path.read_bytes() == content


def test_a_schema_0_file_is_migrated_on_the_first_write(data_dir: Path) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    sam = add(journal, "Sam")
    tp = log(journal, sam)
    path = data_dir / JOURNAL_FILE
    old = orjson.loads(path.read_bytes())
    del old["meta"]
    del old["reviews"]
    content = orjson.dumps(old)
    path.write_bytes(content)

    reopened = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    assert [p.name for p in reopened.people()] == ["Sam"] and reopened.entry(tp).minutes == 30
    assert path.read_bytes() == content  # reading migrates in memory only
    add(reopened, "Robin")
    migrated = orjson.loads(path.read_bytes())
    assert migrated["meta"]["journal"]["schema_version"] == schema.SCHEMA_VERSION
    assert set(migrated) == set(schema.TABLES) and len(migrated["people"]) == 2


def test_an_empty_file_is_a_new_journal(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / JOURNAL_FILE).write_bytes(b"  \n")
    assert Journal.open(data_dir).people() == []


# -- daily backups -------------------------------------------------------------------------------


def test_daily_backups_rotate_to_the_newest_14(data_dir: Path) -> None:
    clock = Clock(datetime(2026, 10, 1, 9, 0))
    journal = Journal.open(data_dir, clock=clock)
    sam = add(journal, "Sam")
    for day in range(20):
        clock.now = datetime(2026, 10, 1, 9, 0) + timedelta(days=day)
        log(journal, sam)
        log(journal, sam)  # a second write the same day keeps the same backup
    backups = backups_in(data_dir)
    assert len(backups) == 14
    first = date(2026, 10, 1) + timedelta(days=6)
    assert [backup_day(b) for b in backups] == [str(first + timedelta(days=i)) for i in range(14)]
    # each backup is the journal as it was before that day's first write: two touchpoints a day before it
    for offset, backup in enumerate(backups, start=6):
        assert len(orjson.loads(backup.read_bytes())["entries"]) == 2 * offset
    assert len(journal.entries()) == 40
    assert journal.storage.newest_backup() == backups[-1]


# -- failed writes -------------------------------------------------------------------------------


def _fail_with(error: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(error, os.strerror(error))

    return fail


@pytest.mark.parametrize(
    ("target", "error", "words"),
    [
        ("replace", errno.ENOSPC, "no space left"),
        ("fsync", errno.ENOSPC, "no space left"),
        ("write", errno.ENOSPC, "no space left"),
        ("replace", errno.EACCES, "permission denied"),
        ("replace", errno.EROFS, "read-only"),
    ],
)
def test_a_failed_write_leaves_the_file_and_memory_as_they_were(
    populated: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: int, words: str
) -> None:
    sam = populated.find_person("Sam")
    log(populated, sam.uid)  # today's backup exists now; the next write only writes the journal
    path = data_dir / JOURNAL_FILE
    before = path.read_bytes()
    listing = sorted(os.listdir(data_dir))
    with monkeypatch.context() as patch:
        patch.setattr(os, target, _fail_with(error))
        with pytest.raises(JournalWriteError) as info:
            log(populated, sam.uid, note="lost")
        with pytest.raises(JournalWriteError):
            add(populated, "Robin")
    assert words in info.value.message and "not saved" in info.value.message
    assert path.read_bytes() == before
    assert sorted(os.listdir(data_dir)) == listing  # no temp file left behind
    assert len(populated.entries()) == 2 and "lost" not in {tp.note for tp in populated.entries()}
    assert [p.name for p in populated.people()] == ["Sam"]
    log(populated, sam.uid, note="after")  # and the journal still works once the disk is back
    assert len(Journal.open(data_dir).entries()) == 3


def test_a_failing_backup_does_not_lose_the_journal(
    populated: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(FIXED_NOW + timedelta(days=1))
    journal = Journal.open(data_dir, clock=clock)
    path = data_dir / JOURNAL_FILE
    before = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "link", _fail_with(errno.ENOSPC))
        patch.setattr(os, "fsync", _fail_with(errno.ENOSPC))
        with pytest.raises(JournalWriteError):
            add(journal, "Robin")
    assert path.read_bytes() == before
    assert [p.name for p in journal.people()] == ["Sam"]


def test_an_error_inside_a_transaction_rolls_back_memory(populated: Journal, data_dir: Path) -> None:
    before = (data_dir / JOURNAL_FILE).read_bytes()
    with pytest.raises(ZeroDivisionError), populated.storage.transaction():
        add(populated, "Robin")
        assert len(populated.people()) == 2
        _ = 1 / 0
    assert [p.name for p in populated.people()] == ["Sam"]
    assert (data_dir / JOURNAL_FILE).read_bytes() == before


def test_nested_changes_are_written_once(
    populated: Journal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    real_replace = os.replace

    def counting_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        writes.append(Path(dst))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", counting_replace)
    sam = populated.find_person("Sam").uid
    with populated.storage.transaction():
        for _ in range(5):
            log(populated, sam)
        add(populated, "Robin")
    assert [w.name for w in writes if w.name == JOURNAL_FILE] == [JOURNAL_FILE]
    assert len(Journal.open(data_dir).entries()) == 6


# -- two journals, one file ----------------------------------------------------------------------


@pytest.fixture
def two(data_dir: Path) -> Iterator[tuple[Journal, Journal]]:
    first = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    second = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    yield first, second
    first.close()
    second.close()


def test_a_write_reloads_first_when_another_journal_wrote(two: tuple[Journal, Journal]) -> None:
    first, second = two
    sam = add(first, "Sam")
    robin = add(second, "Robin")  # second never saw Sam, but must not drop him
    log(first, robin)
    log(second, sam)
    fresh = Journal.open(first.folder)
    assert [p.name for p in fresh.people()] == ["Robin", "Sam"]
    assert len(fresh.entries()) == 2


def test_refresh_picks_up_external_changes(two: tuple[Journal, Journal]) -> None:
    first, second = two
    assert first.refresh() is False
    add(second, "Sam")
    assert first.people() == []  # reads come from memory until asked to refresh
    assert first.storage.changed_on_disk()
    assert first.refresh() is True
    assert [p.name for p in first.people()] == ["Sam"]
    assert first.refresh() is False


def test_the_pond_cap_is_checked_against_the_latest_file(two: tuple[Journal, Journal]) -> None:
    first, second = two
    first.set_pond_cap(2)
    add(first, "A")
    second.refresh()
    add(second, "B")
    with pytest.raises(Exception, match="pond is full"):
        add(first, "C")  # first still holds one person in memory; the file has two


def test_debris_from_a_killed_writer_is_harmless_and_cleared(populated: Journal, data_dir: Path) -> None:
    debris = data_dir / f".{JOURNAL_FILE}.999999.tmp"
    debris.write_bytes(b'{"half a jour')
    assert Journal.open(data_dir).people()[0].name == "Sam"
    add(populated, "Robin")
    assert not debris.exists()


def test_a_held_lock_makes_a_writer_wait_then_give_up_with_a_message(
    two: tuple[Journal, Journal], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two
    add(first, "Sam")
    path = first.path
    before = path.read_bytes()
    monkeypatch.setattr(storage_module, "LOCK_TIMEOUT_SECONDS", 0.05)
    with first.storage.lock(), pytest.raises(JournalBusyError, match="try again"):
        add(second, "Robin")
    assert path.read_bytes() == before
    add(second, "Robin")  # the lock is free again
    assert [p.name for p in Journal.open(first.folder).people()] == ["Robin", "Sam"]
