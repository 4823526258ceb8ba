"""Every write the app makes goes through :func:`run_write`, so none can freeze the keyboard.

A write takes the journal's lock, which another reljournal (``reljournal log`` in a second terminal)
may hold for up to ten seconds. When the lock is free the write runs at once; when it is held, the
write runs in a thread worker while input keeps working, a lasting note says it is waiting, and the
result is applied when the lock comes. Writes are refused while the journal file cannot be read
(another program damaged it: see ``ReljournalApp``), so nothing is written over it.

The lock probe is the one place to switch to a storage API for non-blocking lock waits.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.worker import Worker, WorkerState

from journal.core.errors import JournalError
from journal.core.model import ValidationError

if TYPE_CHECKING:
    from journal.store.journal import Journal

T = TypeVar("T")
_REFUSALS = (JournalError, ValidationError)
BUSY_MESSAGE = "Still saving: waiting for another reljournal to let go of the journal"


def lock_is_free(journal: Journal) -> bool:
    """True when no other process holds the journal's lock right now (a probe, not a hold)."""
    path = journal.storage.lock_path
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return True  # no lock file yet (or none we may open): the write itself will say what is wrong
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def run_write(
    app: Any,
    write: Callable[[], T],
    done: Callable[[T], None],
    failed: Callable[[str], None],
) -> None:
    """Run ``write`` (a Journal call); then ``done(result)``, or ``failed(message)`` when refused."""
    unreadable: JournalError | None = app.journal_unreadable
    if unreadable is not None:
        failed("Nothing was written: the journal file cannot be read until it is repaired or restored")
        return
    if app.write_in_progress:
        failed(BUSY_MESSAGE)
        return
    if lock_is_free(app.journal):
        try:
            result = write()
        except _REFUSALS as error:
            failed(error.message)
            return
        done(result)
        return
    _write_when_the_lock_comes(app, write, done, failed)


def _write_when_the_lock_comes(
    app: Any, write: Callable[[], T], done: Callable[[T], None], failed: Callable[[str], None]
) -> None:
    started = time.monotonic()

    def progress() -> None:
        waited = int(time.monotonic() - started)
        app.lock_note.show(
            f"Waiting for another reljournal… {waited}s (it may take up to 10s). You can keep typing.",
            title="Saving",
            severity="information",
        )

    def finished(worker: Worker[T]) -> None:
        ticker.stop()
        app.lock_note.clear()
        app.write_in_progress = False
        if worker.state is WorkerState.SUCCESS:
            done(worker.result)  # type: ignore[arg-type]
        elif isinstance(worker.error, _REFUSALS):
            failed(worker.error.message)
        elif worker.error is not None:
            failed(f"not saved: {type(worker.error).__name__}")

    def watch() -> None:
        worker = app.run_worker(
            write, name="journal-write", group="journal-write", thread=True, exit_on_error=False
        )
        app.pending_write = worker

        def poll() -> None:
            if worker.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                poller.stop()
                finished(worker)

        poller = app.set_interval(0.05, poll, name="journal-write-poll")

    app.write_in_progress = True
    progress()
    ticker = app.set_interval(1.0, progress, name="journal-write-progress")
    watch()
