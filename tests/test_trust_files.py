"""Issue 11, the storage floor: every way in parses through one door that refuses what could not be
written back; the journal's own files are never links; backups go by order of writing and are
private; the lock can be waited for without blocking, and says who holds it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.cli import cli
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.core.errors import CorruptJournalError, JournalWriteError, LockBusyError, UnsafeFileError
from journal.core.model import make_definition, make_touchpoint
from journal.store import doctor, jsondoor
from journal.store.durable import DurableStorage, backups_in
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, KEEP_BACKUPS, LOCK_FILE
from journal.store.rolling import backup_day


def one_line(err: str) -> str:
    assert err.startswith("reljournal: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    return err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    """A journal with two people and a backup (the second day's first write kept the first day's)."""
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    sam = journal.add_person("Sam", make_definition(why="good questions")).uid
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    journal.add_touchpoint(
        make_touchpoint(people=[sam], day="2026-11-20", channel="dm", minutes=5, now=clock["now"])
    )
    journal.close()
    assert len(backups_in(data_dir)) == 1
    return data_dir


FOLLOW = ("follow", "Robin", "--why", "kind")


# -- the JSON door: empty, duplicate keys, nesting --------------------------------------------------


def test_an_empty_journal_with_backups_is_refused_and_never_overwritten(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    path = pond / JOURNAL_FILE
    path.write_bytes(b"")
    (backup,) = backups_in(pond)
    for args in (FOLLOW, ("people",)):
        code, _, err = cli(capsys, *args)
        assert code == 1 and f"cannot read the journal {path}" in one_line(err)
        assert "the file is empty, yet backups exist" in err and f"the newest backup is {backup}" in err
    assert path.read_bytes() == b""  # not replaced by a new journal holding only Robin
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "!! cannot read the journal" in out and "the file is empty" in out


def test_an_empty_journal_without_backups_is_still_a_new_journal(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / JOURNAL_FILE).write_bytes(b"\n")
    journal = Journal.open(data_dir)
    journal.add_person("Sam", make_definition(why="x"))
    assert [p.name for p in Journal.open(data_dir).people()] == ["Sam"]


def test_an_empty_backup_is_never_offered(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    (backup,) = backups_in(pond)
    backup.write_bytes(b"")
    (pond / JOURNAL_FILE).write_bytes(b"{")
    code, _, err = cli(capsys, "people")
    assert code == 1 and "the newest backup is" not in err


@pytest.mark.parametrize(
    "raw",
    [
        b'{"people": {}, "entries": {}, "people": {"x": {"name": "only this one"}}}',
        b'{"people": {"a": {"name": "Sam", "name": "Robin"}}}',
        b'{"meta": {"journal": {"schema_version": 1}}, "entries": {"e": {"tags": [{"k": 1, "k": 2}]}}}',
    ],
    ids=["two people tables", "two keys in a record", "deep inside a field"],
)
def test_duplicate_keys_are_refused_not_half_read(
    capsys: pytest.CaptureFixture[str], pond: Path, raw: bytes
) -> None:
    path = pond / JOURNAL_FILE
    path.write_bytes(raw)
    code, _, err = cli(capsys, *FOLLOW)
    assert code == 1 and "appears twice in one object" in one_line(err) and str(path) in err
    assert path.read_bytes() == raw
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "appears twice in one object" in out


@pytest.mark.parametrize("depth", [255, 600, 1024])
def test_nesting_the_writer_cannot_write_is_refused_at_start_up(
    capsys: pytest.CaptureFixture[str], pond: Path, depth: int
) -> None:
    data = orjson.loads((pond / JOURNAL_FILE).read_bytes())
    next(iter(data["people"].values()))["nested"] = "HERE"
    deep = b"[" * (depth - 3) + b"]" * (depth - 3)  # top, table and record are the first three levels
    raw = orjson.dumps(data).replace(b'"HERE"', deep, 1)
    path = pond / JOURNAL_FILE
    path.write_bytes(raw)
    code, _, err = cli(capsys, *FOLLOW)
    assert code == 1 and f"nested more than {jsondoor.MAX_DEPTH} levels deep" in one_line(err)
    assert path.read_bytes() == raw
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "nested more than" in out


def test_nesting_the_writer_can_write_still_reads() -> None:
    raw = b"[" * 254 + b"]" * 254
    assert orjson.dumps(jsondoor.load_json(raw)) == raw


def test_a_number_beyond_64_bits_is_refused() -> None:
    with pytest.raises(jsondoor.JsonRefused, match="too large to keep exactly"):
        jsondoor.load_json(b'{"minutes": 18446744073709551617}')


def test_a_write_that_a_read_would_refuse_is_not_made(data_dir: Path) -> None:
    storage = DurableStorage(data_dir)
    with storage.transaction():
        data = storage.read()
        data["people"]["x"] = {"name": "Sam"}
        storage.write(data)
    before = (data_dir / JOURNAL_FILE).read_bytes()
    nested: list[Any] = []
    for _ in range(300):
        nested = [nested]
    with (
        pytest.raises(JournalWriteError, match="not saved: it is nested more than 254"),
        storage.transaction(),
    ):
        data = storage.read()
        data["people"]["x"]["deep"] = nested
        storage.write(data)
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert storage.read()["people"]["x"] == {"name": "Sam"}  # memory matches the file again


def test_the_journals_own_file_takes_the_fast_path(pond: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up stays fast: the slow duplicate-key parse runs only for files reljournal did not write."""
    slow: list[int] = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda raw, **kw: slow.append(1) or real(raw, **kw))
    Journal.open(pond).people()
    assert slow == []
    (pond / JOURNAL_FILE).write_bytes(
        orjson.dumps(orjson.loads((pond / JOURNAL_FILE).read_bytes()), option=orjson.OPT_INDENT_2)
    )
    assert [p.name for p in Journal.open(pond).people()] == ["Sam"]  # pretty-printed by hand: still reads
    assert slow == [1]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    top=st.dictionaries(
        st.sampled_from(["people", "entries", "reviews", "meta", "other"]),
        json_values | st.dictionaries(st.text(max_size=4), json_values, max_size=3),
        max_size=4,
    )
)
def test_doctor_never_crashes_on_any_json(
    tmp_path_factory: pytest.TempPathFactory, top: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("doc")
    (folder / JOURNAL_FILE).write_bytes(orjson.dumps(top))
    for finding in doctor.examine(folder):
        assert isinstance(finding.text, str)


def test_doctor_on_a_list_where_a_uid_belongs(tmp_path: Path) -> None:
    raw = {
        "people": {"a": {"name": "x"}},
        "entries": {"e": {"people": [["a"]]}},
        "reviews": {"w": {"intentions": [{"people": [["a"]]}]}},
    }
    (tmp_path / JOURNAL_FILE).write_bytes(orjson.dumps(raw))
    problems = [f.text for f in doctor.examine(tmp_path) if not f.ok]
    assert any(p.startswith("entries/e") for p in problems)


# -- the journal's own files as links or other kinds of file -----------------------------------------


@pytest.mark.parametrize("name", [JOURNAL_FILE, LOCK_FILE, BACKUP_DIR])
def test_a_link_in_place_of_the_journals_files_is_refused_and_kept(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path, name: str
) -> None:
    path = pond / name
    elsewhere = tmp_path / f"elsewhere-{name}"
    path.rename(elsewhere) if path.exists() else elsewhere.write_bytes(b"")
    path.symlink_to(elsewhere)
    before = snapshot(elsewhere) if elsewhere.is_dir() else elsewhere.read_bytes()
    for args in (FOLLOW, ("people",)):
        code, _, err = cli(capsys, *args)
        assert code == 1 and f"{path} is a symbolic link" in one_line(err), err
        assert "never writes through a link" in err and "Nothing was changed" in err
    assert path.is_symlink()  # never silently replaced by a regular file
    assert (snapshot(elsewhere) if elsewhere.is_dir() else elsewhere.read_bytes()) == before
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and f"!! {'the journal' if name == JOURNAL_FILE else 'the'}" in out
    assert f"{path} is a symbolic link" in out


def test_rotation_never_deletes_through_a_linked_backups_folder(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    for day in range(1, 8):
        (victim / f"journal-2020-01-0{day}.json").write_text("someone's own file")
    (pond / BACKUP_DIR).rename(tmp_path / "old-backups")
    (pond / BACKUP_DIR).symlink_to(victim)
    with pytest.raises(UnsafeFileError):
        Journal.open(pond).people()
    assert cli(capsys, *FOLLOW)[0] == 1
    assert len(list(victim.iterdir())) == 7
    assert backups_in(pond) == []  # never listed through the link either


def test_a_file_in_place_of_backups_says_so(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    (pond / BACKUP_DIR).rename(tmp_path / "old-backups")
    (pond / BACKUP_DIR).write_text("not a folder")
    before = (pond / JOURNAL_FILE).read_bytes()
    code, _, err = cli(capsys, "--data-dir", str(pond), *FOLLOW)
    assert code == 1 and f"{pond / BACKUP_DIR} is not a folder; move it aside" in one_line(err)
    assert (pond / JOURNAL_FILE).read_bytes() == before


def test_a_fifo_in_place_of_the_journal_is_refused_at_once(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    path = pond / JOURNAL_FILE
    path.unlink()
    os.mkfifo(path)
    code, _, err = cli(capsys, "people")  # would block forever in open() without O_NONBLOCK
    assert code == 1 and "is a named pipe (FIFO), not a regular file" in one_line(err)
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "FIFO" in out


# -- backups: order of writing, private --------------------------------------------------------------


def test_after_the_clock_is_corrected_the_newest_written_backups_survive(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    clock = {"now": datetime(2026, 12, 20, 9, 0)}  # a month ahead
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    sam = journal.add_person("Sam", make_definition(why="x")).uid

    def write_on(day: datetime, note: str) -> None:
        clock["now"] = day
        journal.add_touchpoint(
            make_touchpoint(people=[sam], day=day.date(), channel="dm", minutes=1, note=note, now=day)
        )

    for offset in range(1, KEEP_BACKUPS + 1):
        write_on(datetime(2026, 12, 20, 9, 0) + timedelta(days=offset), f"ahead {offset}")
    clock_back = [datetime(2026, 11, 20, 9, 0) + timedelta(days=offset) for offset in range(KEEP_BACKUPS)]
    states = []
    for offset, day in enumerate(clock_back):
        states.append((data_dir / JOURNAL_FILE).read_bytes())  # what this day's backup must hold
        write_on(day, f"corrected {offset}")
    backups = backups_in(data_dir)
    assert len(backups) == KEEP_BACKUPS
    assert [backup_day(b) for b in backups] == [d.date().isoformat() for d in clock_back]  # all 14 kept
    assert [b.read_bytes() for b in backups] == states
    newest = backups[-1]
    assert journal.storage.newest_backup() == newest
    (data_dir / JOURNAL_FILE).write_bytes(b"{")
    code, _, err = cli(capsys, "people")
    assert code == 1 and f"the newest backup is {newest}" in err  # the newest written, not the latest date


def test_backups_are_private_even_when_the_journal_was_not(data_dir: Path) -> None:
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    journal.add_person("Sam", make_definition(why="x"))
    (data_dir / JOURNAL_FILE).chmod(0o644)
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    journal.add_person("Robin", make_definition(why="y"))
    (backup,) = backups_in(data_dir)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / JOURNAL_FILE).stat().st_mode) == 0o600
    assert b"Robin" not in backup.read_bytes() and b"Sam" in backup.read_bytes()


def test_rotation_deletes_only_regular_backup_files(data_dir: Path, tmp_path: Path) -> None:
    clock = {"now": datetime(2026, 10, 1, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    sam = journal.add_person("Sam", make_definition(why="x")).uid
    outside = tmp_path / "outside.json"
    outside.write_text("keep me")
    journal.add_touchpoint(
        make_touchpoint(people=[sam], day="2026-10-01", channel="dm", minutes=1, now=clock["now"])
    )
    clock["now"] += timedelta(days=1)
    journal.add_touchpoint(
        make_touchpoint(people=[sam], day="2026-10-02", channel="dm", minutes=1, now=clock["now"])
    )
    (data_dir / BACKUP_DIR / "journal-000000-2000-01-01.json").symlink_to(outside)
    (data_dir / BACKUP_DIR / "notes.json").write_text("mine")
    for _ in range(KEEP_BACKUPS + 3):
        clock["now"] += timedelta(days=1)
        journal.add_touchpoint(
            make_touchpoint(people=[sam], day=clock["now"].date(), channel="dm", minutes=1, now=clock["now"])
        )
    assert len(backups_in(data_dir)) == KEEP_BACKUPS
    assert outside.read_text() == "keep me" and (data_dir / BACKUP_DIR / "notes.json").read_text() == "mine"
    code_findings = [f.text for f in doctor.examine(data_dir) if not f.ok]
    assert any("symbolic link(s) in the data folder" in text for text in code_findings)


def test_doctor_says_when_backups_or_the_lock_are_not_private(pond: Path) -> None:
    (backup,) = backups_in(pond)
    backup.chmod(0o644)
    (pond / LOCK_FILE).chmod(0o644)
    problems = [f.text for f in doctor.examine(pond) if not f.ok]
    assert any(f"lock file {pond / LOCK_FILE} has mode 644" in p and "chmod 600" in p for p in problems)
    assert any("are not private" in p and str(backup) in p and "chmod 600" in p for p in problems)


# -- the lock: waited for without blocking, and who holds it -----------------------------------------

_HOLDER = """
import sys, time
from pathlib import Path
from journal.store.durable import DurableStorage
with DurableStorage(Path(sys.argv[1])).lock():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_lock(folder: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(folder), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_busy_lock_is_reported_at_once_with_who_holds_it(pond: Path) -> None:
    holder = _hold_lock(pond, 30)
    try:
        journal = Journal.open(pond)
        journal.storage.lock_timeout = 0  # what a user interface sets: never block, retry in a worker
        started = time.monotonic()
        with pytest.raises(LockBusyError) as raised:
            journal.add_person("Robin", make_definition(why="y"))
        assert time.monotonic() - started < 1
        assert raised.value.holder is not None and f"process {holder.pid}" in raised.value.holder
        assert f"process {holder.pid}" in raised.value.message and raised.value.waited == 0
        assert journal.storage.lock_holder() == raised.value.holder
        assert journal.storage.wait_until_lock_free(0.05) is False
    finally:
        holder.kill()
        holder.wait()
    assert journal.storage.wait_until_lock_free(5) is True
    journal.add_person("Robin", make_definition(why="y"))
    assert journal.storage.lock_holder() is None


def test_waiting_for_the_lock_reports_progress_and_can_be_abandoned(pond: Path) -> None:
    holder = _hold_lock(pond, 30)
    seen: list[tuple[float, str | None]] = []

    def on_wait(waited: float, who: str | None) -> None:
        seen.append((waited, who))
        if waited > 0.3:
            raise KeyboardInterrupt  # the person gave up: the wait ends, nothing is written

    storage = DurableStorage(pond)
    try:
        with pytest.raises(KeyboardInterrupt), storage.transaction(timeout=10, on_wait=on_wait):
            pytest.fail("the lock was never free")
        assert len(seen) >= 3 and all(who and f"process {holder.pid}" in who for _, who in seen)
        assert [w for w, _ in seen] == sorted(w for w, _ in seen)
    finally:
        holder.kill()
        holder.wait()


def test_the_cli_waits_its_timeout_then_names_the_holder(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.store import durable as storage_module

    monkeypatch.setattr(storage_module, "LOCK_TIMEOUT_SECONDS", 0.3)
    holder = _hold_lock(pond, 30)
    try:
        started = time.monotonic()
        code, _, err = cli(capsys, *FOLLOW)
        assert time.monotonic() - started >= 0.3
        assert code == 1 and f"(process {holder.pid}" in one_line(err) and "try again" in err
    finally:
        holder.kill()
        holder.wait()


def test_a_corrupt_journal_error_still_names_the_file(pond: Path) -> None:
    (pond / JOURNAL_FILE).write_bytes(b'{"people": 1, "people": {}}')
    with pytest.raises(CorruptJournalError) as raised:
        Journal.open(pond).people()
    assert raised.value.path == pond / JOURNAL_FILE and raised.value.newest_backup == backups_in(pond)[-1]


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_the_json_door_reads_back_whatever_the_writer_wrote_fast_or_slow(value: Any) -> None:
    assert jsondoor.load_json(orjson.dumps(value)) == value  # the journal's own bytes
    assert jsondoor.load_json(json.dumps(value, indent=1).encode()) == value  # anyone else's layout


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(st.text(max_size=4), json_values, min_size=1, max_size=4), data=st.data())
def test_the_json_door_refuses_every_duplicate_key(value: dict[str, Any], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(value)))
    raw = orjson.dumps(value)
    twice = raw[:-1] + b"," + orjson.dumps(key) + b":" + orjson.dumps(value[key]) + b"}"  # same value, even
    with pytest.raises(jsondoor.JsonRefused, match="appears twice"):
        jsondoor.load_json(twice)


def test_one_backup_too_many_left_by_a_killed_writer_goes_at_the_next_write(pond: Path) -> None:
    (kept,) = backups_in(pond)
    for seq in range(2, KEEP_BACKUPS + 2):  # fifteen in all, the newest dated today (2026-11-20)
        day = 20 if seq == KEEP_BACKUPS + 1 else seq
        (pond / BACKUP_DIR / f"journal-{seq:06d}-2026-11-{day:02d}.json").write_bytes(kept.read_bytes())
    assert len(backups_in(pond)) == KEEP_BACKUPS + 1
    journal = Journal.open(pond, clock=lambda: datetime(2026, 11, 20, 18, 0))
    journal.add_person("Robin", make_definition(why="kind"))  # today has its backup: none is made
    backups = backups_in(pond)
    assert len(backups) == KEEP_BACKUPS and kept not in backups
