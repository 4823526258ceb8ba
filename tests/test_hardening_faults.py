"""Faults a real machine throws at the journal, each tried through the command line: a full disk, a
read-only or foreign data folder, an unreadable journal, a newer schema, a missing or abandoned lock, a
clock that moved backwards, and a corrupt journal brought back by the restore command its error names.

Every fault must give one line on stderr that says what to do (never a traceback), leave every file in
the data folder byte-identical (and memory as it was), and be reported by ``reljournal doctor``.
Tests run as root, so permissions are simulated by making the system calls fail with the real errno.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shlex
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from helpers.cli import cli

from journal.core.errors import JournalWriteError
from journal.core.model import make_definition, make_touchpoint
from journal.core.weeks import IsoWeek
from journal.store import crypt, doctor, durable as storage_module, passphrase, rekey
from journal.store.durable import backups_in
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, KEEP_BACKUPS, LOCK_FILE
from journal.store.rolling import backup_day
from journal.store.schema import SCHEMA_VERSION

# -- helpers -------------------------------------------------------------------------------------


def one_line(err: str) -> str:
    """A refusal is exactly one line starting with the program name, and never a traceback."""
    assert err.startswith("reljournal: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err and "\x1b" not in err
    return err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the data folder with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def failing(real: Callable[..., Any], code: int, when: Callable[..., bool]) -> Callable[..., Any]:
    """``real``, except that it raises OSError(code) whenever ``when(*args)`` is true."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            raise OSError(code, os.strerror(code), str(args[0]) if args else None)
        return real(*args, **kwargs)

    return call


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _opens_for_writing(path: Any, flags: int, *rest: Any, **kw: Any) -> bool:
    return bool(flags & _WRITE_FLAGS)


@pytest.fixture(autouse=True)
def _still_isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Guard: a test must never undo the conftest patches (the data dir would become the real one)."""
    yield
    assert os.environ.get("RELJOURNAL_DATA_DIR", "").startswith(str(tmp_path_factory.getbasetemp()))


def read_only_file_system(monkeypatch: pytest.MonkeyPatch, code: int = errno.EROFS) -> None:
    """Every way reljournal changes the disk fails with ``code``; reading still works. What the file
    system and permission checks report (``statvfs``, ``access``) says the same."""
    monkeypatch.setattr(os, "open", failing(os.open, code, _opens_for_writing))
    for name in ("replace", "link", "mkdir", "rename"):
        monkeypatch.setattr(os, name, failing(getattr(os, name), code, lambda *a, **k: True))
    if code == errno.EROFS:
        real_statvfs = os.statvfs

        def read_only(path: Any) -> Any:
            fs = real_statvfs(path)
            return SimpleNamespace(
                f_flag=fs.f_flag | os.ST_RDONLY, f_bavail=fs.f_bavail, f_frsize=fs.f_frsize
            )

        monkeypatch.setattr(os, "statvfs", read_only)
    else:
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **k: not mode & os.W_OK and real_access(p, mode))


def unreadable(monkeypatch: pytest.MonkeyPatch, path: Path, code: int = errno.EACCES) -> None:
    """Opening ``path`` fails with ``code`` (what a journal owned by someone else, mode 0600, gives)."""

    def is_it(file: Any, *args: Any, **kwargs: Any) -> bool:
        return isinstance(file, (str, os.PathLike)) and Path(file) == path

    monkeypatch.setattr(builtins, "open", failing(builtins.open, code, is_it))
    monkeypatch.setattr(io, "open", failing(io.open, code, is_it))
    monkeypatch.setattr(os, "open", failing(os.open, code, is_it))


WRITES = [
    ["log", "Robin", "--channel", "call", "--minutes", "15", "lost note"],
    ["follow", "Kim", "--why", "she builds synths"],
    ["unfollow", "Sam"],
    ["cap", "9"],
]
READS = [["people"], ["people", "--all"], ["review"], ["export"], ["cap"]]


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    """Two people and a touchpoint, made through the CLI; today's backup exists already."""
    assert cli(capsys, "follow", "Sam", "--why", "good questions")[0] == 0
    assert cli(capsys, "follow", "Robin", "--why", "kind")[0] == 0
    assert cli(capsys, "log", "Robin", "--channel", "call", "--minutes", "20", "first call")[0] == 0
    assert len(backups_in(data_dir)) == 1
    return data_dir


def doctor_lines(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code, out, err = cli(capsys, "doctor")
    assert err == ""
    return code, out.splitlines()


# -- a full disk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", WRITES, ids=lambda a: a[0])
@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_no_space_left_during_a_write_loses_nothing(
    capsys: pytest.CaptureFixture[str],
    pond: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    call: str,
) -> None:
    before = snapshot(pond)
    with monkeypatch.context() as patch:
        patch.setattr(os, call, failing(getattr(os, call), errno.ENOSPC, lambda *a, **k: True))
        code, out, err = cli(capsys, *args)
    assert code == 1 and out == ""
    assert "no space left" in one_line(err) and "free some space" in err and "not saved" in err
    assert snapshot(pond) == before  # no temp file left behind either
    assert cli(capsys, *args)[0] == 0  # and once there is room again, the same command works


def test_no_space_left_while_keeping_the_daily_backup(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for backup in backups_in(pond):
        backup.unlink()  # so the next write is "the first of the day" and keeps a backup first
    before = snapshot(pond)
    with monkeypatch.context() as patch:
        patch.setattr(os, "link", failing(os.link, errno.EXDEV, lambda *a, **k: True))  # falls back to a copy
        patch.setattr(os, "write", failing(os.write, errno.ENOSPC, lambda *a, **k: True))
        code, _, err = cli(capsys, *WRITES[0])
    assert code == 1 and "no space left" in one_line(err)
    assert snapshot(pond) == before
    assert cli(capsys, *WRITES[0])[0] == 0 and len(backups_in(pond)) == 1


def test_doctor_warns_before_the_disk_is_too_full_to_write(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_statvfs = os.statvfs
    monkeypatch.setattr(
        os, "statvfs", lambda p: SimpleNamespace(f_flag=real_statvfs(p).f_flag, f_bavail=100, f_frsize=4096)
    )
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "!! only 400 KB free on the device holding" in out and "free some space" in out


def test_a_quota_is_a_full_disk_too(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(pond)
    monkeypatch.setattr(os, "write", failing(os.write, errno.EDQUOT, lambda *a, **k: True))
    code, _, err = cli(capsys, *WRITES[0])
    assert code == 1 and "no space left" in one_line(err)
    assert snapshot(pond) == before


@pytest.mark.parametrize(
    ("fault", "code", "words"),
    [
        ("temp file", errno.EACCES, "chmod 700"),
        ("temp file", errno.ENOSPC, "free some space"),
        ("temp file", errno.EROFS, "read-only"),
        ("lock", errno.EROFS, "read-only"),
        ("lock", errno.EACCES, "permission denied"),
        ("backup folder", errno.EACCES, "permission denied"),
        ("backup folder", errno.ENOSPC, "no space left"),
    ],
)
def test_a_failed_write_rolls_memory_back(
    pond: Path, monkeypatch: pytest.MonkeyPatch, fault: str, code: int, words: str
) -> None:
    """The journal object a TUI keeps open sees exactly what is on disk after any failed write."""
    if fault == "backup folder":
        for backup in backups_in(pond):
            backup.unlink()
        (pond / BACKUP_DIR).rmdir()
    journal = Journal.open(pond)
    path = pond / JOURNAL_FILE
    before, people, entries = path.read_bytes(), journal.people(), journal.entries()

    def when(target: Any, *args: Any, **kwargs: Any) -> bool:
        name = Path(target).name
        if fault == "temp file":
            return name.endswith(".tmp")
        if fault == "lock":
            return name == LOCK_FILE
        return name == BACKUP_DIR

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", failing(os.open, code, when))
        patch.setattr(os, "mkdir", failing(os.mkdir, code, when))
        with pytest.raises(JournalWriteError) as info:
            journal.add_person("Kim", make_definition(why="x"))
        with pytest.raises(JournalWriteError):
            journal.add_touchpoint(
                make_touchpoint(
                    people=[people[0].uid], day=journal.today(), channel="dm", minutes=1, now=journal.clock()
                )
            )
    assert words in info.value.message and "\n" not in info.value.message
    assert path.read_bytes() == before
    assert journal.people() == people and journal.entries() == entries
    assert not list(pond.glob("*.tmp")) and not list(pond.glob(".*.tmp"))
    journal.add_person("Kim", make_definition(why="x"))  # the same journal object works afterwards
    assert [p.name for p in Journal.open(pond).people()] == ["Kim", "Robin", "Sam"]


def test_a_file_system_that_cannot_sync_folders_still_saves(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some network and FUSE file systems refuse fsync on a folder (EINVAL). The file itself was synced
    and replaced by then: reporting "not saved" would be false, and would fail every write."""

    def is_folder(fd: int) -> bool:
        return stat.S_ISDIR(os.fstat(fd).st_mode)

    monkeypatch.setattr(os, "fsync", failing(os.fsync, errno.EINVAL, is_folder))
    code, _, err = cli(capsys, *WRITES[1])
    assert code == 0, err
    assert "Kim" in cli(capsys, "people")[1]


# -- a read-only data folder ---------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES], ids=["EROFS", "EACCES"])
def test_a_read_only_data_folder_refuses_writes_and_still_reads(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    before = snapshot(pond)
    with monkeypatch.context() as patch:
        read_only_file_system(patch, code)
        for args in WRITES:
            status, out, err = cli(capsys, *args)
            assert status == 1 and out == "", args
            one_line(err)
            if code == errno.EROFS:
                assert "read-only file system" in err and "--data-dir" in err
            else:
                assert "permission denied" in err and "chmod" in err
        for args in READS:
            status, out, err = cli(capsys, *args)
            assert status == 0 and err == "" and out, args
        status, lines = doctor_lines(capsys)
        assert status == 1 and any("lock is free" in line for line in lines)
        (problem,) = [line for line in lines if line.startswith("!! ")]
        if code == errno.EROFS:
            assert "is on a read-only file system" in problem and "--data-dir" in problem
        else:
            assert f"you cannot write to {pond}" in problem and "chmod 700" in problem
    assert snapshot(pond) == before


def test_a_first_write_into_a_folder_that_cannot_be_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "not-yet"
    monkeypatch.setattr(os, "mkdir", failing(os.mkdir, errno.EACCES, lambda *a, **k: True))
    code, _, err = cli(capsys, "--data-dir", str(target), *WRITES[1])
    assert code == 1 and "cannot create the data folder" in one_line(err) and "permission denied" in err
    assert not target.exists()


def test_a_file_where_the_data_folder_should_be(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "journal-folder"
    target.write_bytes(b"my own notes")
    code, _, err = cli(capsys, "--data-dir", str(target), *WRITES[1])
    assert code == 1 and "a file is in the way" in one_line(err)
    code, out, _ = cli(capsys, "--data-dir", str(target), "doctor")
    assert code == 1 and "is a file, not a folder" in out and "--data-dir" in out
    assert target.read_bytes() == b"my own notes"


# -- a journal that belongs to someone else, or cannot be read ------------------------------------


def test_an_unreadable_journal_says_whose_it_is_and_what_to_do(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pond / JOURNAL_FILE
    os.chown(path, 4242, 4242)  # as root: really someone else's file, then denied as they would be
    os.chown(pond, 4242, 4242)
    before = snapshot(pond)
    with monkeypatch.context() as patch:
        unreadable(patch, path)
        for args in [*WRITES, *READS, ["backup", "-o", str(pond.parent / "b.json")]]:
            code, out, err = cli(capsys, *args)
            assert code == 1 and out == "", args
            one_line(err)
            assert str(path) in err and "permission denied" in err, err
            assert "belongs to uid 4242" in err and "sudo chown -R" in err and str(pond) in err, err
        code, out, _ = cli(capsys, "doctor")
        assert code == 1
        assert f"data folder {pond} is owned by uid 4242" in out and "sudo chown -R" in out
        assert "!! cannot read the journal: permission denied" in out
    assert snapshot(pond) == before
    assert not (pond.parent / "b.json").exists()


def test_an_unreadable_journal_of_your_own_says_chmod(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pond / JOURNAL_FILE
    path.chmod(0o000)  # root still reads it; the denial itself is simulated
    unreadable(monkeypatch, path)
    code, _, err = cli(capsys, "people")
    assert code == 1 and f"chmod 600 {path}" in one_line(err)
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and f"has mode 0; you cannot use it yourself (fix: chmod 600 {path})" in out


# -- a journal from a newer reljournal -----------------------------------------------------------


def test_a_newer_schema_is_refused_by_every_command_and_reported(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    path = pond / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    data["meta"]["journal"]["schema_version"] = SCHEMA_VERSION + 1
    data["people"][next(iter(data["people"]))]["pronouns"] = "they"  # a field this version does not know
    path.write_bytes(orjson.dumps(data))
    before = snapshot(pond)
    for args in [*WRITES, *READS, ["import", "--replace", str(path)]]:
        code, out, err = cli(capsys, *args)
        assert code == 1 and out == "", args
        assert "newer reljournal" in one_line(err) and "pip install --upgrade reljournal" in err, err
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "!! " in out and "newer reljournal" in out and "Upgrade" in out
    assert snapshot(pond) == before


# -- the lock: missing, held, and held by a process that was killed -------------------------------


def test_a_missing_lock_file_is_created_again(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    (pond / LOCK_FILE).unlink()
    code, out, _ = cli(capsys, "doctor")
    assert code == 0 and "no lock file (it is created again on the next write)" in out
    assert cli(capsys, *WRITES[0])[0] == 0
    assert stat.S_IMODE((pond / LOCK_FILE).stat().st_mode) == 0o600


HOLDER = """
import sys, time
from pathlib import Path
from journal.store.durable import DurableStorage
with DurableStorage(Path(sys.argv[1])).lock():
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture(params=["plain", "encrypted"])
def holder(
    request: pytest.FixtureRequest, pond: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[subprocess.Popen[str]]:
    """Another reljournal process holding the journal's write lock (of a plain and of an encrypted journal)."""
    if request.param == "encrypted":
        monkeypatch.setenv(crypt.TEST_KDF_ENV, "10")
        monkeypatch.setenv(passphrase.ENV, "held")
        rekey.rekey(pond, None, "held")
        passphrase.drop(pond)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(pond)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked", proc.stderr
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


def test_a_held_lock_is_a_clear_message_and_a_killed_holder_never_blocks(
    capsys: pytest.CaptureFixture[str],
    pond: Path,
    holder: subprocess.Popen[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage_module, "LOCK_TIMEOUT_SECONDS", 0.2)
    before = snapshot(pond)
    code, _, err = cli(capsys, *WRITES[0])
    assert code == 1 and "another reljournal" in one_line(err) and "try again" in err
    assert snapshot(pond) == before
    assert cli(capsys, "people")[0] == 0  # reading never waits for the lock
    assert "lock held" in cli(capsys, "doctor")[1]

    holder.send_signal(signal.SIGKILL)  # no chance to unlock or clean up: the lock file stays behind
    holder.wait(10)
    assert (pond / LOCK_FILE).exists()
    monkeypatch.setattr(storage_module, "LOCK_TIMEOUT_SECONDS", 5.0)  # a stale lock would make this fail
    started = time.monotonic()
    code, _, err = cli(capsys, *WRITES[0])
    assert code == 0, err
    assert time.monotonic() - started < 1.0
    assert "lock is free" in cli(capsys, "doctor")[1]
    sealed = crypt.looks_sealed((pond / JOURNAL_FILE).read_bytes())
    assert sealed == (passphrase.known(pond) is not None)  # an encrypted journal stayed encrypted
    passphrase.drop(pond)


def test_a_lock_file_that_cannot_be_opened(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = pond / LOCK_FILE
    os.chown(lock, 4242, 4242)
    before = snapshot(pond)
    monkeypatch.setattr(os, "open", failing(os.open, errno.EACCES, lambda p, *a, **k: Path(p) == lock))
    code, _, err = cli(capsys, *WRITES[0])
    assert code == 1 and "nothing was changed" in one_line(err) and "belongs to uid 4242" in err
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "!! cannot open the lock file: permission denied" in out
    assert snapshot(pond) == before


# -- a clock that moved backwards ----------------------------------------------------------------


@pytest.fixture
def ahead(pond: Path) -> dict[str, Any]:
    """Touchpoints and backups written while the clock ran ten days ahead; the real clock is now back."""
    real = datetime.now().replace(microsecond=0)
    clock = {"now": real + timedelta(days=9)}
    journal = Journal.open(pond, clock=lambda: clock["now"])
    sam = journal.find_person("Sam").uid
    for days in (9, 10):
        clock["now"] = real + timedelta(days=days)
        journal.add_touchpoint(
            make_touchpoint(
                people=[sam],
                day=clock["now"].date(),
                channel="in-person",
                minutes=60,
                note=f"dinner while the clock was {days} days ahead",
                now=clock["now"],
            )
        )
    journal.close()
    future = [b for b in backups_in(pond) if (backup_day(b) or "") > date.today().isoformat()]
    assert len(future) == 2
    return {
        "latest": (real + timedelta(days=10)).date(),
        "future_backups": {b: b.read_bytes() for b in future},
    }


def test_future_dated_touchpoints_still_load_show_and_export(
    capsys: pytest.CaptureFixture[str], pond: Path, ahead: dict[str, Any]
) -> None:
    latest: date = ahead["latest"]
    code, out, _ = cli(capsys, "people")
    (sam,) = [line for line in out.splitlines() if line.startswith("Sam ")]
    assert code == 0 and "in 10d" in sam  # not "today": the date (or the clock) is visibly off
    week = str(IsoWeek.of(latest))
    code, out, _ = cli(capsys, "review", "--week", week)
    assert code == 0 and "Sam" in out and "touchpoint" in out and "(no touchpoints" not in out
    code, out, _ = cli(capsys, "export")
    assert code == 0 and "dinner while the clock was 10 days ahead" in out
    assert "dinner while the clock was 9 days ahead" in out
    code, out, _ = cli(capsys, "backup", "-o", str(pond.parent / "all.json"))
    assert code == 0 and "3 touchpoints" in out


def test_new_touchpoints_are_still_judged_against_today(
    capsys: pytest.CaptureFixture[str], pond: Path, ahead: dict[str, Any]
) -> None:
    before = snapshot(pond)
    code, _, err = cli(capsys, *WRITES[0], "--date", ahead["latest"].isoformat())
    assert code == 1 and "is in the future" in one_line(err)
    assert snapshot(pond) == before
    assert cli(capsys, *WRITES[0])[0] == 0  # today is fine


def test_backups_named_by_date_are_never_clobbered_after_the_clock_went_back(
    capsys: pytest.CaptureFixture[str], pond: Path, ahead: dict[str, Any]
) -> None:
    for backup in backups_in(pond):
        if backup not in ahead["future_backups"]:
            backup.unlink()  # today's, from the fixture: the next write keeps a new one
    journal_before = (pond / JOURNAL_FILE).read_bytes()
    assert cli(capsys, *WRITES[0])[0] == 0
    today_backup = backups_in(pond)[-1]  # the newest written, whatever the dates in the names
    assert backup_day(today_backup) == date.today().isoformat()
    assert today_backup.read_bytes() == journal_before  # the latest state, kept under today's date
    for backup, content in ahead["future_backups"].items():
        assert backup.read_bytes() == content


def test_the_backup_made_after_the_clock_went_back_survives_rotation(data_dir: Path) -> None:
    """Fourteen backups dated in the "future" would sort after today's; rotation by name alone would
    delete the backup it had just made: the only copy of the latest state."""
    clock = {"now": datetime(2026, 12, 1, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    sam = journal.add_person("Sam", make_definition(why="x")).uid
    for day in range(KEEP_BACKUPS + 1):
        clock["now"] = datetime(2026, 12, 1, 9, 0) + timedelta(days=day)
        journal.add_touchpoint(
            make_touchpoint(people=[sam], day=clock["now"].date(), channel="dm", minutes=1, now=clock["now"])
        )
    assert len(backups_in(data_dir)) == KEEP_BACKUPS
    latest = (data_dir / JOURNAL_FILE).read_bytes()
    clock["now"] = datetime(2026, 11, 20, 9, 0)  # the clock is corrected: back by almost a month
    journal.add_person("Robin", make_definition(why="y"))
    backups = backups_in(data_dir)
    assert len(backups) == KEEP_BACKUPS
    assert backup_day(backups[-1]) == "2026-11-20" and backups[-1].read_bytes() == latest
    assert len(Journal.open(data_dir).entries()) == KEEP_BACKUPS + 1


def test_doctor_reports_the_clock_that_moved_backwards(
    capsys: pytest.CaptureFixture[str], pond: Path, ahead: dict[str, Any]
) -> None:
    before = snapshot(pond)
    code, out, _ = cli(capsys, "doctor")
    assert code == 1
    assert f"!! 2 touchpoint(s) are dated after today ({date.today().isoformat()})" in out
    assert f"the latest {ahead['latest'].isoformat()}" in out and "Check the system date" in out
    assert "!! 2 backup(s) are dated after today" in out and "Nothing is overwritten" in out
    assert snapshot(pond) == before


# -- a corrupt journal, brought back by the command its message names -----------------------------


def _named_restore_command(err: str) -> list[str]:
    """The command an error message says to run, as the shell would split it."""
    assert "restore it with: " in err, err
    argv = shlex.split(err.split("restore it with: ", 1)[1].strip())
    assert argv[0] == "reljournal" and "restore" in argv, argv
    return argv[1:]


@pytest.mark.parametrize("damage", ["torn", "zeros", "foreign", "bad record"])
def test_the_restore_loop_from_the_error_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder = tmp_path / "my journal (home)"  # spaces and brackets: the named command must still paste
    decoy = tmp_path / "decoy"  # the named command must carry its own --data-dir, not rely on the env
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", str(decoy))
    base = ["--data-dir", str(folder)]
    assert cli(capsys, *base, "follow", "Sam", "--why", "x")[0] == 0
    assert cli(capsys, *base, "follow", "Robin", "--why", "y")[0] == 0  # keeps today's backup: Sam only
    (backup,) = backups_in(folder)
    kept = backup.read_bytes()
    path = folder / JOURNAL_FILE
    good = path.read_bytes()
    if damage == "torn":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "zeros":
        path.write_bytes(b"\0" * len(good))
    elif damage == "foreign":
        path.write_bytes(b'{"_default": {"1": {"title": "someone else\'s TinyDB"}}}')
    else:
        data = orjson.loads(good)
        next(iter(data["people"].values()))["status"] = "blocked"
        path.write_bytes(orjson.dumps(data))
    broken = path.read_bytes()

    code, _, err = cli(capsys, *base, "people")
    assert code == 1 and str(path) in one_line(err) and "It was not changed" in err
    argv = _named_restore_command(err)
    code, out, err = cli(capsys, *argv)
    assert code == 0, err
    assert "Restored" in out and "Kept the file being replaced" in out
    assert path.read_bytes() == kept
    (replaced,) = (folder / BACKUP_DIR).glob("replaced-*.json")
    assert replaced.read_bytes() == broken  # the broken file is kept, never silently lost
    code, out, _ = cli(capsys, *base, "people")
    assert code == 0 and "Sam" in out and "Robin" not in out  # the backup's data
    assert cli(capsys, *base, "log", "Sam", "--channel", "dm", "--minutes", "2")[0] == 0
    assert not decoy.exists()


def test_a_damaged_newest_backup_is_skipped_in_the_message(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    (today,) = backups_in(pond)
    older = pond / BACKUP_DIR / "journal-2000-01-01.json"
    older.write_bytes(today.read_bytes())
    today.write_bytes(b'{"people": {"x": ')  # the newest backup is damaged too
    path = pond / JOURNAL_FILE
    path.write_bytes(b"{")
    code, _, err = cli(capsys, "people")
    assert code == 1 and f"the newest backup is {older}" in one_line(err)
    code, _, err = cli(capsys, "restore", str(today))  # trying the damaged one names the good one
    assert code == 1 and "try an older backup" in one_line(err)
    argv = _named_restore_command(err)
    assert cli(capsys, *argv)[0] == 0
    assert "Sam" in cli(capsys, "people")[1]
    code, out, _ = cli(capsys, "doctor")
    assert f"!! the newest backup {today} cannot be read; the newest that reads is {older}" in out


# -- doctor: every state, each with what to do ---------------------------------------------------


def test_doctor_on_a_healthy_journal_names_backups_and_how_to_restore(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    code, out, _ = cli(capsys, "doctor")
    (newest,) = backups_in(pond)
    assert code == 0 and out.endswith("Everything looks right.\n")
    assert f"ok 1 daily backup(s), newest {newest}" in out
    assert "ok the newest backup reads cleanly" in out and f"restore {newest}" in out


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("journal mode", "others can read it (fix: chmod 600"),
        ("folder mode", "others can read it (fix: chmod 700"),
        ("backup folder mode", "backup folder"),
        ("exec bit", "it should be 600"),
        ("journal owner", "is owned by uid 4242, not you"),
        ("temp files", "removed by the next change"),
        ("torn", "not valid JSON"),
    ],
)
def test_doctor_reports_each_state_with_what_to_do(
    capsys: pytest.CaptureFixture[str], pond: Path, state: str, expected: str
) -> None:
    path = pond / JOURNAL_FILE
    if state == "journal mode":
        path.chmod(0o644)
    elif state == "folder mode":
        pond.chmod(0o755)
    elif state == "backup folder mode":
        (pond / BACKUP_DIR).chmod(0o777)
    elif state == "exec bit":
        path.chmod(0o700)
    elif state == "journal owner":
        os.chown(path, 4242, 4242)
    elif state == "temp files":
        (pond / f".{JOURNAL_FILE}.99999.tmp").write_bytes(b"{half")
    else:
        path.write_bytes(path.read_bytes()[:-5])
    before = snapshot(pond)
    code, out, err = cli(capsys, "doctor")
    assert err == "" and expected in out, out
    problem = next(line for line in out.splitlines() if expected in line)
    if state == "temp files":
        assert code == 0 and problem.startswith("ok ")
    else:
        assert code == 1 and problem.startswith("!! ")
        assert any(hint in problem for hint in ("fix:", "chmod", "chown", "restore it with")), problem
    assert snapshot(pond) == before


def test_doctor_examines_without_a_terminal(pond: Path) -> None:
    """The same findings through the API the TUI could use; a fixed ``today`` for the clock checks."""
    findings = doctor.examine(pond, today=date(2000, 1, 1))
    problems = [f.text for f in findings if not f.ok]
    assert any("touchpoint(s) are dated after today (2000-01-01)" in p for p in problems)
    assert any("backup(s) are dated after today" in p for p in problems)
    assert all(f.ok for f in doctor.examine(pond))
