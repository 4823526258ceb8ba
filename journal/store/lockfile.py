"""The journal's write lock: an exclusive ``flock`` on ``journal.lock``, waited for without blocking
whoever shows progress.

A process that finds the lock busy can say who holds it: the process id from ``/proc/locks`` and the
program's name from ``/proc`` (Linux; elsewhere the message says only that another reljournal holds
it). Nothing is written into the lock file. Locks are released by the system when a process ends, so
none can go stale.

:func:`acquire` waits up to a timeout and calls ``on_wait(seconds_waited, holder)`` about ten times
a second while it waits (an exception raised by the callback abandons the wait). A timeout of 0
tries once. :func:`wait_until_free` waits without taking the lock, for a worker thread that keeps
the user interface responsive and then retries the write.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shlex
import stat
import time
from collections.abc import Callable
from pathlib import Path

from journal.core.errors import LockBusyError
from journal.store.safefs import NotRegularFileError, link_error, not_regular

LockWait = Callable[[float, "str | None"], None]

_POLL_SECONDS = 0.005
_NOTIFY_SECONDS = 0.1
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def not_a_lock_file(path: Path, mode: int) -> NotRegularFileError:
    """The refusal for something other than a file at the lock's name: what it is and what to do."""
    how = "rmdir" if stat.S_ISDIR(mode) else "rm"
    return not_regular(
        path,
        mode,
        f"reljournal keeps its lock as a plain file, so nothing can be written until it is removed "
        f"(it is made again on the next write): {how} {shlex.quote(str(path))}",
    )


def open_lock(path: Path) -> int:
    """Open (creating 0600) the lock file, never through a symbolic link and never anything but a
    regular file (a folder, FIFO or device at its name is refused with what to do about it)."""
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):  # refused before opening: a device
            raise not_a_lock_file(path, mode)  # opened for writing can have effects
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise link_error(path) from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise not_a_lock_file(path, mode)
    return fd


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder_pid(path: Path) -> int | None:
    """The process holding the flock on ``path``, from ``/proc/locks`` (Linux; None elsewhere)."""
    try:
        info = os.stat(path, follow_symlinks=False)
        with open("/proc/locks", encoding="ascii", errors="replace") as handle:
            table = handle.read()
    except OSError:
        return None
    where = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in table.splitlines():
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 8135 fe:00:2148720 0 EOF" (a blocked waiter's line has "->")
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == where and fields[4].isdigit():
            return int(fields[4])
    return None


def holder_of(path: Path) -> str | None:
    """Who holds the lock, as far as can be told ("process 1234 (reljournal)"), or None."""
    pid = _holder_pid(path)
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
            name = "".join(ch for ch in handle.read(64).strip() if ch.isprintable())
    except OSError:
        name = ""
    return f"process {pid} ({name})" if name else f"process {pid}"


def _wait(fd: int, path: Path, timeout: float, on_wait: LockWait | None) -> bool:
    """Poll ``fd`` for the lock until it is taken (True) or ``timeout`` passes (False)."""
    start = time.monotonic()
    next_notice = start
    while True:
        if _try(fd):
            return True
        now = time.monotonic()
        if now - start >= timeout:
            return False
        if on_wait is not None and now >= next_notice:
            on_wait(now - start, holder_of(path))
            next_notice = now + _NOTIFY_SECONDS
        time.sleep(_POLL_SECONDS)


def busy_error(path: Path, waited: float) -> LockBusyError:
    holder = holder_of(path)
    who = f"another reljournal ({holder})" if holder else "another reljournal"
    if waited > 0:
        message = f"{who} has held {path} for {waited:.0f}s; close it or try again"
    else:
        message = f"{who} holds {path} right now; wait for it to finish, or try again"
    return LockBusyError(message, holder=holder, waited=waited)


def acquire(path: Path, timeout: float, on_wait: LockWait | None = None) -> int:
    """Take the lock (waiting up to ``timeout`` seconds) and return its file descriptor.

    Raises :class:`LockBusyError` when it stays held, ``OSError`` when the file cannot be opened.
    """
    fd = open_lock(path)
    try:
        if not _wait(fd, path, timeout, on_wait):
            raise busy_error(path, timeout)
    except BaseException:
        os.close(fd)
        raise
    return fd


def release(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def wait_until_free(path: Path, timeout: float, on_wait: LockWait | None = None) -> bool:
    """Wait until no one holds the lock, without keeping it: True when it was free within ``timeout``.

    Touches nothing but its own file descriptor, so it is safe in a worker thread while the journal
    is used elsewhere. The lock may be taken again before the caller writes: write with a timeout of
    0 and, on :class:`LockBusyError`, wait again.
    """
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return True  # nothing can hold it: the write that follows refuses it and says what to do
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if not _wait(fd, path, timeout, on_wait):
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)
