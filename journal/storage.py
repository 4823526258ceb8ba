"""A TinyDB storage that keeps the storage promises in DESIGN.md.

* The file is parsed once per process; reads come from memory.
* Every change is durable when the call returns: temp file in the same folder, fsync, ``os.replace``,
  fsync of the folder. A kill at any moment leaves the old or the new file, never a torn one.
* Writes happen inside :meth:`DurableStorage.transaction`, which holds an exclusive ``flock`` and
  reloads first if another process replaced the file, so two processes never lose each other's writes.
* The folder is 0700, the journal and its backups 0600. A file that cannot be parsed is never
  overwritten. The first write of each day keeps yesterday's file as a backup (the newest 14 are kept).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import shlex
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from journal import schema
from journal.errors import CorruptJournalError, JournalBusyError, JournalError, JournalWriteError
from journal.paths import BACKUP_DIR, JOURNAL_FILE, KEEP_BACKUPS, LOCK_FILE

LOCK_TIMEOUT_SECONDS = 10.0
Signature = tuple[int, int, int]


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) with mode 0700; an existing folder keeps its mode."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise JournalWriteError(
            f"cannot create the data folder {path}: a file is in the way; move it, or use --data-dir"
        ) from None
    except OSError as error:
        raise JournalWriteError(
            f"cannot create the data folder {path}: {describe_os_error(error, path / JOURNAL_FILE)}"
        ) from None


def write_private_file(path: Path, payload: bytes) -> None:
    """Atomically replace ``path`` with ``payload`` (mode 0600), durable on return."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with _ignore_missing():
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


# What fsync of a folder raises on file systems that cannot sync folders (some network and FUSE
# file systems). The file itself was synced and replaced by then: the change is saved.
_CANNOT_SYNC_FOLDERS = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except PermissionError:
        return  # a folder we may write but not read (mode 0300): the file is synced and in place
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in _CANNOT_SYNC_FOLDERS:
            raise
    finally:
        os.close(fd)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded burst of allocation without reference cycles
    (typing 10,000 records, rendering an export): each collection would walk everything the journal
    holds in memory, a third of such a burst. Collection resumes afterwards, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ignore_missing() -> contextlib.suppress:
    return contextlib.suppress(FileNotFoundError)


def where_json_breaks(error: orjson.JSONDecodeError, raw: bytes) -> str:
    """Where a file stops being JSON, as someone with an editor wants it: line, column, and whether it
    just ends too early (a copy cut short). Text for after "not valid JSON"."""
    if not raw.strip():
        return ": the file is empty (is the copy complete?)"
    truncated = " (the file ends too early: is it truncated?)"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:  # orjson reports these at line 1, column 1: find the real place
        line_start = raw.rfind(b"\n", 0, bad.start) + 1
        line = raw.count(b"\n", 0, bad.start) + 1
        column = len(raw[line_start : bad.start].decode("utf-8", "replace")) + 1
        cut = bad.end == len(raw) and bad.reason == "unexpected end of data"
        return f" at line {line}, column {column}: bytes that are not UTF-8 text" + (truncated if cut else "")
    message = f" at line {error.lineno}, column {error.colno}: {error.msg}"
    return message + truncated if "end of data" in error.msg else message


def readable_journal(path: Path) -> bool:
    """Whether ``path`` parses as a journal this reljournal can open (shape and schema version)."""
    try:
        raw = path.read_bytes()
        data = orjson.loads(raw) if raw.strip() else {}
        if schema.check_shape(data) is not None:
            return False
        schema.migrate(data, str(path))
    except (OSError, ValueError, JournalError):
        return False
    return True


def backups_in(folder: Path) -> list[Path]:
    """Rolling backups, oldest first."""
    backup_dir = folder / BACKUP_DIR
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("journal-????-??-??.json"))


def describe_os_error(error: OSError, path: Path) -> str:
    """One line: what went wrong with ``path`` and what the person can do about it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device holding {path.parent}; free some space and try again"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied for {path}; {_ownership_hint(path)}"
    if error.errno == errno.EROFS:
        return (
            f"{path.parent} is on a read-only file system; remount it read-write, "
            "or keep the journal elsewhere with --data-dir"
        )
    if error.errno == errno.ENOTDIR:
        return f"a file is in the way: {path.parent} is not a folder; move it aside, or use --data-dir"
    return f"{error.strerror or error} ({path})"


def _ownership_hint(path: Path) -> str:
    """What to do about a permission error: whose the file is, and the command that fixes it (paths
    quoted, so that the command can be pasted as it is)."""
    folder = path.parent
    target = path
    try:
        st = os.stat(target)
    except OSError:
        target = folder
        try:
            st = os.stat(target)
        except OSError:
            return f"check that you own {folder} and can enter it (ls -ld {shlex.quote(str(folder))})"
    whose = "it" if target == path else f"the folder {folder}"
    if st.st_uid != os.getuid():
        return (
            f"{whose} belongs to uid {st.st_uid}, not to you; run reljournal as that user, "
            f"or take the folder back with: sudo chown -R $(id -un) {shlex.quote(str(folder))}"
        )
    wanted = "700" if target == folder else "600"
    return (
        f"make it yours and private again with: chmod {wanted} {shlex.quote(str(target))} "
        f"(and chmod 700 {shlex.quote(str(folder))})"
    )


class DurableStorage(Storage):
    """TinyDB storage over one JSON file: cached reads, locked atomic durable writes."""

    def __init__(self, folder: Path, today: Callable[[], date] = date.today) -> None:
        self.folder = folder
        self.path = folder / JOURNAL_FILE
        self.lock_path = folder / LOCK_FILE
        self._today = today
        self._data: dict[str, Any] | None = None
        self._signature: Signature | None = None
        self._depth = 0
        self._dirty = False
        self._lock_fd: int | None = None
        self.generation = 0  # bumped whenever the in-memory data changes
        self.loads = 0  # bumped whenever the data is (re)read from disk; typed caches key off it

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        if self._data is None:
            self._load()
        assert self._data is not None
        return self._data

    def _stat(self) -> Signature | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalError(f"cannot open the journal: {describe_os_error(error, self.path)}") from None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                raw = handle.read()
        except FileNotFoundError:
            self._data = schema.migrate({}, str(self.path))
            self._signature = None
            self.generation += 1
            self.loads += 1
            return
        except OSError as error:
            raise JournalError(f"cannot open the journal: {describe_os_error(error, self.path)}") from None
        self._data = self.parse(raw)
        self._signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        self.generation += 1
        self.loads += 1

    def parse(self, raw: bytes) -> dict[str, Any]:
        """Parse and migrate file contents; anything unreadable is refused, never repaired."""
        gc_was_enabled = gc.isenabled()
        gc.disable()  # a large parse allocates many objects and no cycles: skip the collector
        try:
            data = orjson.loads(raw) if raw.strip() else {}
        except orjson.JSONDecodeError as error:
            raise CorruptJournalError(
                self.path, f"not valid JSON{where_json_breaks(error, raw)}", self.newest_readable_backup()
            ) from None
        finally:
            if gc_was_enabled:
                gc.enable()
        problem = schema.check_shape(data)
        if problem:
            raise CorruptJournalError(self.path, problem, self.newest_readable_backup())
        try:
            return schema.migrate(data, str(self.path))
        except ValueError as error:
            raise CorruptJournalError(self.path, str(error), self.newest_readable_backup()) from None

    def changed_on_disk(self) -> bool:
        return self._stat() != self._signature

    def refresh(self) -> bool:
        """Reload if another process replaced the file. True when the data changed."""
        if self._data is not None and not self.changed_on_disk():
            return False
        self._data = None
        self._load()
        return True

    def newest_backup(self) -> Path | None:
        """The backup with the latest date in its name (it may itself be damaged)."""
        backups = backups_in(self.folder)
        return backups[-1] if backups else None

    def newest_readable_backup(self) -> Path | None:
        """The newest backup that parses as a journal: the one an error message should offer.

        Only used on error paths, so reading a few files here costs nothing in normal use.
        """
        for backup in reversed(backups_in(self.folder)):
            if readable_journal(backup):
                return backup
        return None

    # -- writing -----------------------------------------------------------------------------

    def write(self, data: dict[str, Any]) -> None:
        if self._depth == 0:
            raise RuntimeError("journal writes must happen inside DurableStorage.transaction()")
        self._data = data
        self._dirty = True
        self.generation += 1

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, reload if changed on disk, run the changes, then write once, durably."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        ensure_private_dir(self.folder)
        self._acquire_lock()
        try:
            self.refresh()
            self._depth = 1
            try:
                yield
            except BaseException:
                self._discard_changes()
                raise
            if self._dirty:
                try:
                    self._flush()
                except OSError as error:
                    self._discard_changes()
                    raise JournalWriteError(
                        f"the change was not saved: {describe_os_error(error, self.path)}. "
                        "The journal still holds its last saved state."
                    ) from None
                except BaseException:
                    self._discard_changes()  # e.g. text orjson cannot encode: memory must match the file
                    raise
        finally:
            self._depth = 0
            self._dirty = False
            self._release_lock()

    def _discard_changes(self) -> None:
        if self._dirty:
            self._data = None
            self._signature = None
            self.generation += 1
            self._dirty = False

    def _flush(self) -> None:
        assert self._data is not None
        payload = orjson.dumps(self._data)  # compact: 20% faster to parse at every start-up
        self._keep_daily_backup()
        self._clear_debris()
        write_private_file(self.path, payload)
        self._signature = self._stat()

    def _clear_debris(self) -> None:
        """Remove temp files left by writers that were killed mid-write.

        Only called with the lock held: no other writer can be using a temp file at this moment.
        """
        prefix, suffix = f".{JOURNAL_FILE}.", ".tmp"  # what Path.glob(".journal.json.*.tmp") matches,
        with os.scandir(self.folder) as entries:  # without compiling a pattern on every write
            debris = [
                e.path
                for e in entries
                if e.name.startswith(prefix)
                and e.name.endswith(suffix)
                and len(e.name) >= len(prefix) + len(suffix)
            ]
        for path in debris:
            with _ignore_missing():
                os.unlink(path)

    def _keep_daily_backup(self) -> None:
        """Before the first write of a day, keep the current file as that day's backup.

        The journal is replaced, never modified in place, so a hard link is a complete copy.
        """
        if not self.path.exists():
            return
        backup_dir = self.folder / BACKUP_DIR
        target = backup_dir / f"journal-{self._today().isoformat()}.json"
        if target.exists():
            return
        ensure_private_dir(backup_dir)
        tmp = target.with_name(f".{target.name}.tmp")
        with _ignore_missing():
            tmp.unlink()
        try:
            os.link(self.path, tmp)
        except OSError:
            write_private_file(tmp, self.path.read_bytes())
        os.replace(tmp, target)
        # Keep the newest by date, but never the backup just made: after the clock moved backwards it
        # has the oldest date in its name and is still the latest copy.
        others = [backup for backup in backups_in(self.folder) if backup != target]
        for old in others[: max(0, len(others) - (KEEP_BACKUPS - 1))]:
            with _ignore_missing():
                old.unlink()

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the journal's write lock without reading it (for restore, which replaces the file)."""
        ensure_private_dir(self.folder)
        self._acquire_lock()
        try:
            yield
        finally:
            self._release_lock()

    def _acquire_lock(self) -> None:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise JournalWriteError(
                f"nothing was changed: cannot take the journal lock: {describe_os_error(error, self.lock_path)}"
            ) from None
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise JournalBusyError(
                        f"another reljournal has held {self.lock_path} for {LOCK_TIMEOUT_SECONDS:.0f}s; "
                        "close it or try again"
                    ) from None
                time.sleep(0.005)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        self._release_lock()
