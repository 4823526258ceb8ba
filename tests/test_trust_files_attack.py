"""Issue 11, attacks on the storage floor: the app's own writes stay readable, empty and unknown-user
paths are refused, stray objects in reljournal's folders neither block writes nor get removed, a
hard-linked journal never shares its backup, and no output replaces something that is not a file."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import threading
from datetime import datetime
from pathlib import Path

import pytest
from helpers.cli import cli

from journal.core.errors import JournalWriteError
from journal.core.model import make_definition
from journal.store import safefs
from journal.store.durable import DurableStorage, backups_in
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, LOCK_FILE


def one_line(err: str) -> str:
    assert err.startswith("reljournal: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    return err


# -- 1. a write the read limit would refuse -----------------------------------------------------


def test_a_write_larger_than_a_read_accepts_is_refused_and_nothing_is_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(data_dir)
    journal.add_person("Sam", make_definition(why="x"))
    before = (data_dir / JOURNAL_FILE).read_bytes()
    monkeypatch.setattr(safefs, "MAX_READ_BYTES", len(before) + 100)
    with pytest.raises(
        JournalWriteError,
        match=r"not saved: .*journal.json would be .* MB, larger than reljournal reads back",
    ):
        journal.add_person("Robin", make_definition(why="y" * 200))
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert [p.name for p in Journal.open(data_dir).people()] == ["Sam"]


# -- 2, 3. empty and unknown-user paths ----------------------------------------------------------


@pytest.fixture
def real_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Where the journal would go without an override (a temp folder standing in for the real one)."""
    default = tmp_path / "default-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(default))
    return default


def test_an_empty_data_dir_option_is_refused(
    capsys: pytest.CaptureFixture[str], real_default: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RELJOURNAL_DATA_DIR")
    for args in (("--data-dir", "", "follow", "Sam", "--why", "x"), ("--data-dir", "", "doctor")):
        code, _, err = cli(capsys, *args)
        assert code == 1 and "--data-dir is empty" in one_line(err)
    assert not real_default.exists()


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_data_dir_variable_is_refused(
    capsys: pytest.CaptureFixture[str], real_default: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", value)
    for args in (("follow", "Sam", "--why", "x"), ("doctor",), ("restore", "x.json")):
        code, _, err = cli(capsys, *args)
        assert code == 1 and "RELJOURNAL_DATA_DIR is set but empty" in one_line(err)
    assert not real_default.exists()


def test_an_empty_data_dir_is_refused_by_the_app_too(
    capsys: pytest.CaptureFixture[str], real_default: Path
) -> None:
    code, _, err = cli(capsys, "--data-dir", "")
    assert code == 1 and "--data-dir is empty" in one_line(err)
    assert not real_default.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--data-dir", "~nosuchuser-rj/data", "people"),
        ("--data-dir", "~nosuchuser-rj/data", "doctor"),
        ("export", "-o", "~nosuchuser-rj/out.md"),
        ("export", "-o", "~nosuchuser-rj/out/"),
        ("backup", "-o", "~nosuchuser-rj/b.json"),
        ("restore", "~nosuchuser-rj/b.json"),
        ("import", "~nosuchuser-rj/b.json"),
    ],
)
def test_a_path_naming_an_unknown_user_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: tuple[str, ...]
) -> None:
    code, _, err = cli(capsys, *args)
    assert code == 1 and "~nosuchuser-rj" in one_line(err) and "no such user" in err


def test_the_data_dir_variable_naming_an_unknown_user_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", "~nosuchuser-rj/data")
    code, _, err = cli(capsys, "people")
    assert code == 1 and "no such user" in one_line(err)


# -- 4. stray objects in reljournal's own folders ----------------------------------------------


def _add(data_dir: Path, name: str) -> None:
    journal = Journal.open(data_dir)
    try:
        journal.add_person(name, make_definition(why="x"))
    finally:
        journal.close()


def _doctor_problems(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = cli(capsys, "doctor")
    return [line for line in out.splitlines() if line.startswith("!! ")]


@pytest.mark.parametrize("where", [".", BACKUP_DIR])
def test_a_folder_named_like_a_temp_file_is_left_alone_and_reported(
    capsys: pytest.CaptureFixture[str], data_dir: Path, where: str
) -> None:
    _add(data_dir, "Sam")
    name = f".{JOURNAL_FILE}.1.tmp" if where == "." else ".journal-1.tmp"
    (data_dir / BACKUP_DIR).mkdir(mode=0o700, exist_ok=True)
    stray = data_dir / where / name
    stray.mkdir()
    (stray / "theirs.txt").write_text("not reljournal's")
    debris = data_dir / f".{JOURNAL_FILE}.2.tmp"
    debris.write_bytes(b"{")  # a real leftover: still removed
    _add(data_dir, "Robin")
    assert (stray / "theirs.txt").read_text() == "not reljournal's"
    assert not debris.exists()
    (problem,) = _doctor_problems(capsys)
    assert f"{stray} is a folder" in problem and "rm -r" in problem


def test_a_write_failure_names_the_path_at_fault(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add(data_dir, "Sam")
    stray = data_dir / f".{JOURNAL_FILE}.1.tmp"
    stray.write_bytes(b"")

    def refuse(path: str, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(os, "unlink", refuse)
    with pytest.raises(JournalWriteError, match=f"permission denied for {stray}"):
        _add(data_dir, "Robin")


def test_a_backup_name_with_an_absurd_number_is_not_ours(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    journal.add_person("Sam", make_definition(why="x"))
    planted = data_dir / BACKUP_DIR
    planted.mkdir(mode=0o700)
    absurd = planted / f"journal-{'9' * 231}-2026-12-01.json"
    absurd.write_bytes(b"{}")
    absurd.chmod(0o600)
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    journal.add_person("Robin", make_definition(why="y"))
    journal.close()
    assert [b.name for b in backups_in(data_dir)] == ["journal-000001-2026-11-20.json"]
    assert absurd.exists()  # not ours: never rotated either
    (problem,) = _doctor_problems(capsys)
    assert "1 file(s) in" in problem and "named like backups but no reljournal wrote them" in problem
    assert len(problem) < 400  # the 231 digits are cut short


def test_when_backup_numbers_run_out_the_write_says_which_file(data_dir: Path) -> None:
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    journal.add_person("Sam", make_definition(why="x"))
    (data_dir / BACKUP_DIR).mkdir()
    highest = data_dir / BACKUP_DIR / "journal-999999999-2026-11-18.json"
    highest.write_bytes(b"{}")
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    with pytest.raises(JournalWriteError, match=f"the backup {highest} has the highest number"):
        journal.add_person("Robin", make_definition(why="y"))
    journal.close()


def test_a_folder_in_place_of_the_lock_says_what_it_is_and_what_to_do(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _add(data_dir, "Sam")
    lock = data_dir / LOCK_FILE
    lock.unlink()
    lock.mkdir()
    code, _, err = cli(capsys, *("follow", "Robin", "--why", "kind"))
    assert code == 1 and f"{lock} is a folder, not a regular file" in one_line(err)
    assert f"rmdir {lock}" in err
    (problem,) = _doctor_problems(capsys)
    assert f"{lock} is a folder" in problem and f"rmdir {lock}" in problem and "chmod" not in problem
    lock.rmdir()
    assert cli(capsys, *("follow", "Robin", "--why", "kind"))[0] == 0


def test_a_device_in_place_of_the_lock_is_never_opened(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(data_dir, "Sam")
    lock = data_dir / LOCK_FILE
    lock.unlink()
    os.mkfifo(lock)  # a FIFO stands in for a device: opening one for writing can have effects
    opened: list[str] = []
    real_open = os.open

    def watch(path: str, *args: object, **kwargs: object) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", watch)
    with pytest.raises(JournalWriteError, match="is a named pipe"):
        _add(data_dir, "Robin")
    assert str(lock) not in opened


# -- 5. a hard-linked journal ------------------------------------------------------------------


def test_a_journal_linked_from_elsewhere_is_copied_into_its_backup(data_dir: Path, tmp_path: Path) -> None:
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    journal.add_person("Sam", make_definition(why="x"))
    outside = tmp_path / "outside.json"
    os.link(data_dir / JOURNAL_FILE, outside)
    kept = outside.read_bytes()
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    journal.add_person("Robin", make_definition(why="y"))
    journal.close()
    (backup,) = backups_in(data_dir)
    assert os.stat(backup).st_ino != os.stat(outside).st_ino and os.stat(backup).st_nlink == 1
    outside.write_bytes(b"damaged")  # in place, as an editor might
    assert backup.read_bytes() == kept


def test_a_private_unlinked_journal_is_still_backed_up_by_a_hard_link(data_dir: Path) -> None:
    clock = {"now": datetime(2026, 11, 19, 9, 0)}
    journal = Journal.open(data_dir, clock=lambda: clock["now"])
    journal.add_person("Sam", make_definition(why="x"))
    before = os.stat(data_dir / JOURNAL_FILE).st_ino
    clock["now"] = datetime(2026, 11, 20, 9, 0)
    journal.add_person("Robin", make_definition(why="y"))
    journal.close()
    (backup,) = backups_in(data_dir)
    assert os.stat(backup).st_ino == before  # the old journal's inode: no copy was needed


# -- 7. doctor says who holds the lock ---------------------------------------------------------


def test_doctor_names_the_process_holding_the_lock(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    _add(data_dir, "Sam")
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, out, _ = cli(capsys, "doctor")
    finally:
        os.close(fd)
    assert code == 0
    assert f"ok lock held by process {os.getpid()} (" in out
    assert "another reljournal" not in out


# -- 6. outputs never replace what is not a regular file ---------------------------------------


@pytest.fixture
def one_person(data_dir: Path) -> Path:
    _add(data_dir, "Sam")
    return data_dir


@pytest.mark.parametrize("kind", ["fifo", "folder"])
@pytest.mark.parametrize("command", ["backup", "export"])
def test_an_output_that_is_not_a_regular_file_is_refused_and_kept(
    capsys: pytest.CaptureFixture[str], one_person: Path, tmp_path: Path, kind: str, command: str
) -> None:
    target = tmp_path / ("out.json" if command == "backup" else "out.md")
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
        (target / "theirs.txt").write_text("kept")
    code, _, err = cli(capsys, command, "-o", str(target))
    if kind == "folder":  # written into (or refused as someone else's), never replaced
        assert (target / "theirs.txt").read_text() == "kept"
        return
    assert code == 1 and f"{target} is a named pipe (FIFO), not a regular file" in one_line(err)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_the_one_writer_never_replaces_a_device_fifo_or_folder(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    for name, what in (("fifo", "a named pipe"), ("folder", "a folder")):
        with pytest.raises(safefs.NotRegularFileError, match=what):
            safefs.write_private_file(tmp_path / name, b"x")
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode) and (tmp_path / "folder").is_dir()
    try:  # a device of its own (root only), never the system's: a regression would replace it
        os.mknod(tmp_path / "null", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        return
    with pytest.raises(safefs.NotRegularFileError, match="a device"):
        safefs.write_private_file(tmp_path / "null", b"x")
    assert stat.S_ISCHR(os.lstat(tmp_path / "null").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder", "null"]  # no temp left


def test_a_backup_target_ending_in_a_slash_must_be_a_folder(
    capsys: pytest.CaptureFixture[str], one_person: Path, tmp_path: Path
) -> None:
    code, _, err = cli(capsys, "backup", "-o", f"{tmp_path}/missing/x/")
    assert code == 1 and "ends in / but is not a folder" in one_line(err)
    assert not (tmp_path / "missing").exists()
    (tmp_path / "there").mkdir()
    assert cli(capsys, "backup", "-o", f"{tmp_path}/there/")[0] == 0
    assert len(list((tmp_path / "there").iterdir())) == 1


def test_waiting_for_a_lock_that_is_a_fifo_never_hangs(data_dir: Path) -> None:
    """The app waits for the lock in a worker: a FIFO there must not block that worker forever."""
    _add(data_dir, "Sam")
    lock = data_dir / LOCK_FILE
    lock.unlink()
    os.mkfifo(lock)
    storage = DurableStorage(data_dir)
    done: list[bool] = []
    worker = threading.Thread(target=lambda: done.append(storage.wait_until_lock_free(1.0)), daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the worker (a writer opening the FIFO releases its open)
        os.close(os.open(lock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("waiting for a FIFO lock blocked")
    assert done == [True]
    with pytest.raises(JournalWriteError, match="is a named pipe"):
        _add(data_dir, "Robin")
