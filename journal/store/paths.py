"""Where the journal lives: ``--data-dir``, then ``RELJOURNAL_DATA_DIR``, then platformdirs' data dir."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "RELJOURNAL_DATA_DIR"
JOURNAL_FILE = "journal.json"
LOCK_FILE = "journal.lock"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 14


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().absolute()
    from platformdirs import user_data_dir  # imported late: only needed without an override

    return Path(user_data_dir("reljournal", appauthor=False))
