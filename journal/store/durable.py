"""A TinyDB storage that keeps the storage promises in DESIGN.md.

* The file is parsed once per process; reads come from memory.
* Every change is durable when the call returns: temp file in the same folder, fsync, ``os.replace``,
  fsync of the folder. A kill at any moment leaves the old or the new file, never a torn one.
* Writes happen inside :meth:`DurableStorage.transaction`, which holds an exclusive ``flock`` and
  reloads first if another process replaced the file, so two processes never lose each other's writes.
* The folder is 0700, the journal and its backups 0600. A file that cannot be parsed is never
  overwritten. The first write of each day keeps the file as it was as a backup (the 14 written last
  are kept, see :mod:`journal.store.rolling`).
* Every way in parses through :meth:`DurableStorage.parse` (:mod:`journal.store.jsondoor`); files are read
  and written only through :mod:`journal.store.safefs`; the journal, its lock and ``backups`` are refused
  when they are symbolic links (:func:`links_in_the_way`). The lock is :mod:`journal.store.lockfile`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from journal.core.errors import (
    CorruptJournalError,
    JournalError,
    JournalWriteError,
    UnsafeFileError,
    WrongPassphraseError,
)
from journal.core.stored import read_contents
from journal.store import crypt, lockfile, passphrase, schema
from journal.store.jsondoor import JsonRefused, collector_paused, load_json, writable_bytes
from journal.store.lockfile import LockWait
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, LOCK_FILE
from journal.store.rolling import backups_in, keep_daily_backup
from journal.store.safefs import NotRegularFileError, is_link, read_regular_file, write_private_file

__all__ = [
    "DurableStorage",
    "backups_in",
    "collector_paused",
    "describe_os_error",
    "ensure_private_dir",
    "links_in_the_way",
    "readable_journal",
    "where_json_breaks",
    "write_private_file",
]

LOCK_TIMEOUT_SECONDS = 10.0
Signature = tuple[int, int, int]
Change = tuple[str, str, dict[str, Any] | None]


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


def is_debris(name: str) -> bool:
    """Whether ``name`` is what a journal writer's temp file is called (``.journal.json.*.tmp``)."""
    prefix, suffix = f".{JOURNAL_FILE}.", ".tmp"  # what Path.glob(".journal.json.*.tmp") matches,
    return name.startswith(prefix) and name.endswith(suffix) and len(name) >= len(prefix) + len(suffix)


def path_at_fault(error: OSError, default: Path) -> Path:
    """The file an ``OSError`` is about when it names one inside ``default``'s folder by its full
    path (a temp file, a backup), else ``default``: a failure must name the path that is in the
    way, not always the journal. The folder itself stays ``default`` (its hints are about files)."""
    name = error.filename
    if not isinstance(name, str) or not os.path.isabs(name):
        return default
    path = Path(name)
    return path if path != default.parent and path.is_relative_to(default.parent) else default


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
    """Whether ``path`` is a regular file that passes the same validation as start-up (parse, shape,
    schema version, every record). An empty file is not: no reljournal writes one, and restoring it would lose all."""
    try:
        raw, _ = read_regular_file(path)
        if crypt.looks_sealed(raw):  # only with the passphrase already given: an error path never asks
            folder = path.parent.parent if path.parent.name == BACKUP_DIR else path.parent
            known = passphrase.known(folder)
            if known is None:
                return False
            raw = crypt.unseal(raw, known, path)[0]
        if not raw.strip():
            return False
        data = load_json(raw)
        if schema.check_shape(data) is not None:
            return False
        schema.migrate(data, str(path))
        read_contents(data)  # the hint must name a file that restore would accept
    except (OSError, ValueError, JournalError):
        return False
    return True


def links_in_the_way(folder: Path) -> list[str]:
    """A refusal for each of the journal, its lock and ``backups`` that is a symbolic link.

    reljournal writes these itself and only as plain files: writing would replace a linked journal
    by a regular file (the link silently gone, the file it pointed to left behind), and rotation
    through a linked ``backups`` would delete files in the folder it points to.
    """
    problems = []
    for name, what, fix in (
        (JOURNAL_FILE, "the journal", "put the file itself in its place: mv {target} {path}"),
        (LOCK_FILE, "the lock file", "remove the link (it is made again on the next write): rm {path}"),
        (
            BACKUP_DIR,
            "the backup folder",
            "move the link aside (a new folder is made): mv {path} {path}.link",
        ),
    ):
        path = folder / name
        if not is_link(path):
            continue
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        quoted = {"path": shlex.quote(str(path)), "target": shlex.quote(str(folder / target))}
        problems.append(
            f"{what} {path} is a symbolic link (to {target}); reljournal keeps its files as plain files "
            f"and never writes through a link. Nothing was changed; {fix.format(**quoted)}"
        )
    return problems


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
    if isinstance(error, NotRegularFileError):
        return f"{path} {error.strerror}"
    if error.errno == errno.EFBIG:
        return f"{path} {error.strerror}; make the change smaller (a shorter note, a smaller import)"
    if error.errno == errno.ELOOP:
        return f"{path} is a symbolic link; reljournal never writes through a link: name the file itself"
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
        # How long a write waits for another process's lock (None: LOCK_TIMEOUT_SECONDS), and what
        # it calls while it waits: a user interface sets 0 and retries in a worker, or a callback.
        self.lock_timeout: float | None = None
        self.on_lock_wait: LockWait | None = None
        self.generation = 0  # bumped whenever the in-memory data changes
        # What the transaction changed (table, uid, the record before or None), and None for "everything"
        # (the data replaced whole); handed to each of ``listeners`` once it is durable on disk.
        self.changes: list[Change] | None = []
        self.listeners: list[Callable[[list[Change] | None], None]] = []
        self.loads = 0  # bumped whenever the data is (re)read from disk; typed caches key off it
        # The key parameters of the encrypted file last read (None: plain); every write is sealed with them.
        self.sealing: crypt.Kdf | None = None

    @property
    def sealed(self) -> bool:
        """Whether the journal is encrypted at rest."""
        return self.sealing is not None

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        if self._data is None:
            self._load()
        assert self._data is not None
        return self._data

    def _stat(self) -> Signature | None:
        try:
            st = os.lstat(self.path)  # a link put in place of the file is a change: reload, and refuse it
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalError(f"cannot open the journal: {describe_os_error(error, self.path)}") from None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _load(self) -> None:
        links = links_in_the_way(self.folder)
        if links:
            raise UnsafeFileError(links[0])
        try:
            raw, st = read_regular_file(self.path)
        except FileNotFoundError:
            self._data = schema.migrate({}, str(self.path))
            self._signature = None
            self.generation += 1
            self.loads += 1
            return
        except NotRegularFileError as error:
            raise UnsafeFileError(
                f"cannot open the journal: {describe_os_error(error, self.path)}; move it aside, "
                "or point --data-dir at the folder that holds the journal"
            ) from None
        except OSError as error:
            raise JournalError(f"cannot open the journal: {describe_os_error(error, self.path)}") from None
        self._data = self.parse(raw)
        self._signature = (st.st_mtime_ns, st.st_size, st.st_ino)
        self.generation += 1
        self.loads += 1

    def parse(self, raw: bytes) -> dict[str, Any]:
        """Parse and migrate file contents; anything unreadable is refused, never repaired.

        The same door for every way in (start-up, refresh, restore, doctor): an empty file is a new
        journal only while no backup exists (no reljournal writes an empty file: with backups it is a
        journal that another program emptied), and :func:`journal.store.jsondoor.load_json` refuses JSON
        that could not be written back as it was read. An encrypted file is opened here first
        (:mod:`journal.store.crypt`), so every door reads through the same decryption.
        """
        if crypt.looks_sealed(raw):
            raw = self._unseal(raw)
        else:
            self.sealing = None
        if not raw.strip():
            if backups_in(self.folder):
                raise CorruptJournalError(
                    self.path,
                    "the file is empty, yet backups exist (another program emptied it, or a copy "
                    "was cut short)",
                    self.newest_readable_backup(),
                )
            data: Any = {}
        else:
            try:
                data = load_json(raw)
            except orjson.JSONDecodeError as error:
                raise CorruptJournalError(
                    self.path, f"not valid JSON{where_json_breaks(error, raw)}", self.newest_readable_backup()
                ) from None
            except JsonRefused as refused:
                raise CorruptJournalError(self.path, refused.reason, self.newest_readable_backup()) from None
        problem = schema.check_shape(data)
        if problem:
            raise CorruptJournalError(self.path, problem, self.newest_readable_backup())
        try:
            return schema.migrate(data, str(self.path))
        except ValueError as error:
            raise CorruptJournalError(self.path, str(error), self.newest_readable_backup()) from None

    def _unseal(self, raw: bytes) -> bytes:
        try:
            plain, self.sealing = crypt.unseal(raw, passphrase.current(self.folder), self.path)
        except WrongPassphraseError as error:
            source = passphrase.source_of(self.folder)
            passphrase.drop(self.folder)  # asked again next time, not taken as known
            raise WrongPassphraseError(f"{error.message} (the passphrase {source})") from None
        except CorruptJournalError as error:  # damaged or cut short: name the backup to go back to
            raise type(error)(self.path, error.reason, self.newest_readable_backup()) from None
        return plain

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
        """The backup written last (it may itself be damaged)."""
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
        if data is not self._data:
            self.changes = None
        self._data = data
        self._dirty = True
        self.generation += 1

    @contextmanager
    def transaction(self, timeout: float | None = None, on_wait: LockWait | None = None) -> Iterator[None]:
        """Lock, reload if changed on disk, run the changes, then write once, durably.

        Waits for the lock up to ``timeout`` seconds (default :attr:`lock_timeout`, else
        :data:`LOCK_TIMEOUT_SECONDS`; 0 tries once), calling ``on_wait`` (default :attr:`on_lock_wait`)
        while it waits; raises :class:`~journal.errors.LockBusyError` if the lock stays held.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        ensure_private_dir(self.folder)
        self._acquire_lock(timeout, on_wait)
        written: list[Change] | None = []
        flushed = False
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
                    at_fault = path_at_fault(error, self.path)
                    raise JournalWriteError(
                        f"the change was not saved: {describe_os_error(error, at_fault)}. "
                        "The journal still holds its last saved state."
                    ) from None
                except BaseException:
                    self._discard_changes()  # e.g. text orjson cannot encode: memory must match the file
                    raise
                written, flushed = self.changes, True
        finally:
            self._depth = 0
            self._dirty = False
            self.changes = []
            self._release_lock()
        if flushed:
            for listener in self.listeners:  # after the lock is released: the write is durable
                listener(written)

    def _discard_changes(self) -> None:
        if self._dirty:
            self._data = None
            self._signature = None
            self.generation += 1
            self._dirty = False

    def _flush(self) -> None:
        assert self._data is not None
        try:
            payload = writable_bytes(self._data)  # compact: 20% faster to parse at every start-up
        except JsonRefused as refused:
            raise JournalWriteError(
                f"the change was not saved: {refused.reason}. The journal still holds its last saved state."
            ) from None
        if self.sealing is not None:
            payload = crypt.seal(payload, self.sealing, passphrase.current(self.folder))
        keep_daily_backup(self.folder, self._today())
        self._clear_debris()
        write_private_file(self.path, payload)
        self._signature = self._stat()

    def _clear_debris(self) -> None:
        """Remove temp files left by writers that were killed mid-write.

        Only called with the lock held: no other writer can be using a temp file at this moment. Only
        regular files are removed: a folder, link or anything else at such a name is not reljournal's
        (no writer makes one); it is left alone, and doctor reports it.
        """
        with os.scandir(self.folder) as entries:
            debris = [e.path for e in entries if is_debris(e.name) and e.is_file(follow_symlinks=False)]
        for path in debris:
            with _ignore_missing():
                os.unlink(path)

    @contextmanager
    def lock(self, timeout: float | None = None, on_wait: LockWait | None = None) -> Iterator[None]:
        """Hold the journal's write lock without reading it (for restore, which replaces the file).

        ``timeout`` and ``on_wait`` as in :meth:`transaction`.
        """
        ensure_private_dir(self.folder)
        self._acquire_lock(timeout, on_wait)
        try:
            yield
        finally:
            self._release_lock()

    def wait_until_lock_free(self, timeout: float, on_wait: LockWait | None = None) -> bool:
        """Wait (up to ``timeout`` s) until no process holds the write lock, without taking it.

        For a worker thread: it touches none of this storage's state. See :mod:`journal.store.lockfile`.
        """
        return lockfile.wait_until_free(self.lock_path, timeout, on_wait)

    def lock_holder(self) -> str | None:
        """Who holds the write lock now, if anyone and if that can be told."""
        return lockfile.holder_of(self.lock_path)

    def _acquire_lock(self, timeout: float | None = None, on_wait: LockWait | None = None) -> None:
        if timeout is None:
            timeout = self.lock_timeout if self.lock_timeout is not None else LOCK_TIMEOUT_SECONDS
        try:
            fd = lockfile.acquire(
                self.lock_path, timeout, on_wait if on_wait is not None else self.on_lock_wait
            )
        except OSError as error:
            raise JournalWriteError(
                f"nothing was changed: cannot take the journal lock: {describe_os_error(error, self.lock_path)}"
            ) from None
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            lockfile.release(self._lock_fd)
            self._lock_fd = None

    def close(self) -> None:
        self._release_lock()
