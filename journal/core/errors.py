"""Errors a person can read. Every one carries a message that says what happened and what to do."""

from __future__ import annotations

import shlex
from pathlib import Path


def restore_command(backup: Path) -> str:
    """The shell command that puts a rolling backup (``DIR/backups/journal-N-DATE.json``) back in place.

    Paths are quoted so that the command can be pasted as it is, even when the folder has spaces.
    """
    folder = backup.absolute().parent.parent
    return f"reljournal --data-dir {shlex.quote(str(folder))} restore {shlex.quote(str(backup))}"


class JournalError(Exception):
    """Base for refusals and faults that reach the user as one line, never as a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CorruptJournalError(JournalError):
    """The journal file cannot be read; it is left exactly as it is."""

    def __init__(self, path: Path, reason: str, newest_backup: Path | None) -> None:
        if newest_backup is not None:
            hint = f"the newest backup is {newest_backup}; restore it with: {restore_command(newest_backup)}"
        else:
            hint = "no backup exists yet; fix or move the file by hand"
        super().__init__(f"cannot read the journal {path}: {reason}. It was not changed; {hint}")
        self.path = path
        self.reason = reason
        self.newest_backup = newest_backup


class WrongPassphraseError(JournalError):
    """The passphrase does not open an encrypted file (its key check value differs); nothing was changed."""


class DamagedFileError(CorruptJournalError):
    """An encrypted file whose bytes were changed (one flipped byte is enough): refused, never repaired."""


class TruncatedFileError(CorruptJournalError):
    """An encrypted file that ends before its header says it should: a copy cut short."""


class PassphraseMissingError(JournalError):
    """The journal is encrypted and no passphrase can be had (no variable, no keyring, no terminal)."""


class NewerSchemaError(JournalError):
    pass


class JournalWriteError(JournalError):
    """A write failed (disk full, read-only folder); the file on disk still holds the last good state."""


class JournalBusyError(JournalError):
    pass


class LockBusyError(JournalBusyError):
    """Another process holds the journal's write lock; nothing was changed.

    ``holder`` says who, when that can be told ("process 1234 (reljournal)"); ``waited`` is how long
    this process waited, in seconds (0 when it did not wait). Safe to retry.
    """

    def __init__(self, message: str, *, holder: str | None = None, waited: float = 0.0) -> None:
        super().__init__(message)
        self.holder = holder
        self.waited = waited


class UnsafeFileError(JournalError):
    """A file of the data folder is a symbolic link or not a regular file: refused, nothing changed."""


class NotFoundError(JournalError):
    pass


class AmbiguousNameError(JournalError):
    pass


class DuplicateNameError(JournalError):
    pass


class PondFullError(JournalError):
    pass
