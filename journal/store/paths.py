"""Where the journal lives: ``--data-dir``, then ``RELJOURNAL_DATA_DIR``, then platformdirs' data dir."""

from __future__ import annotations

import os
from pathlib import Path

from journal.core.errors import JournalError

ENV_VAR = "RELJOURNAL_DATA_DIR"
JOURNAL_FILE = "journal.json"
LOCK_FILE = "journal.lock"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 14


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path someone typed, with ``~`` and ``~user`` expanded: the one way a typed path is expanded.

    ``Path.expanduser`` raises ``RuntimeError`` for ``~nosuchuser`` (or ``~`` with no home folder);
    that becomes a :class:`JournalError` that names the path, instead of a traceback.
    """
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        head = path.parts[0] if path.parts else os.fspath(text)
        raise JournalError(
            f"{os.fspath(text)}: cannot tell which home folder {head} means (no such user); "
            "write the path out in full"
        ) from None


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder; an empty ``--data-dir`` or ``RELJOURNAL_DATA_DIR`` is refused, never taken to
    mean the default folder (a script with an unset variable would otherwise write the real journal)."""
    if override is not None:
        if not os.fspath(override).strip():
            raise JournalError("--data-dir is empty; name the folder that holds the journal, or leave it out")
        return user_path(override).absolute()
    env = os.environ.get(ENV_VAR)
    if env is not None:
        if not env.strip():
            raise JournalError(
                f"{ENV_VAR} is set but empty; set it to the folder that holds the journal, or unset it"
            )
        return user_path(env).absolute()
    from platformdirs import user_data_dir  # imported late: only needed without an override

    return Path(user_data_dir("reljournal", appauthor=False))
