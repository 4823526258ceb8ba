"""Turn encryption on, off, or to a new passphrase: the journal and every copy reljournal keeps of it.

Under the journal's write lock, each file (the journal first, then the drafts, then every file in
``backups/``: daily, before-import and replaced copies) is read, opened if sealed, and put back sealed
with the new key (or plain), atomically (:func:`journal.store.safefs.write_private_file`): a kill
leaves each file whole, old or new. Temp files of killed writers (plain copies, possibly) are removed.
The journal goes first because it decides what the folder is: after an interrupted run, the same
command again finishes the copies with the journal's own key.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from journal.core.errors import JournalError, UnsafeFileError, WrongPassphraseError
from journal.store import crypt, passphrase
from journal.store.drafts import DRAFTS_FILE
from journal.store.durable import DurableStorage, links_in_the_way
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE
from journal.store.safefs import open_folder, read_regular_file, write_private_file

# A temp file of reljournal's own writers (``.journal.json.123.tmp``, ``.drafts.json.123-ab12cd34.tmp``,
# ``.journal-000003-2026-12-02.json.123.tmp``): a copy of a journal or draft that was being written.
_TEMP = re.compile(
    r"\.(journal\.json|drafts\.json|journal-[0-9-]+\.json|(before-import|replaced)-[0-9-]+\.json)\.[0-9a-f-]+\.tmp"
)


@dataclass(frozen=True)
class Rekeyed:
    files: int  # files rewritten
    removed: int  # temp files removed


def kept_files(folder: Path) -> list[Path]:
    """Every file of reljournal's that holds journal text: the journal, the drafts, every backup."""
    found = [folder / name for name in (JOURNAL_FILE, DRAFTS_FILE) if _regular(folder / name)]
    backup_dir = folder / BACKUP_DIR
    try:
        fd = open_folder(backup_dir, follow=False)
    except OSError:
        return found
    try:
        with os.scandir(fd) as entries:
            names = sorted(
                e.name for e in entries if e.name.endswith(".json") and e.is_file(follow_symlinks=False)
            )
    finally:
        os.close(fd)
    return found + [backup_dir / name for name in names]


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def temp_files(folder: Path) -> list[Path]:
    """Temp files left by writers killed mid-write, in the data folder and ``backups/``."""
    found = []
    for where in (folder, folder / BACKUP_DIR):
        try:
            if not stat.S_ISDIR(os.lstat(where).st_mode):
                continue
        except OSError:
            continue
        with os.scandir(where) as entries:
            found += [
                Path(e.path) for e in entries if _TEMP.fullmatch(e.name) and e.is_file(follow_symlinks=False)
            ]
    return sorted(found)


def rekey(folder: Path, old: str | None, new: str | None, kdf: crypt.Kdf | None = None) -> Rekeyed:
    """Rewrite every kept file: opened with ``old`` where sealed, sealed with ``new`` (fresh parameters
    unless ``kdf`` is given) or left plain when ``new`` is None. Refused whole, before anything is
    written, when some sealed file does not open with ``old``."""
    links = links_in_the_way(folder)
    if links:
        raise UnsafeFileError(links[0])
    target = (kdf or crypt.new_kdf()) if new is not None else None
    storage = DurableStorage(folder)
    with storage.lock():
        plain: list[tuple[Path, bytes]] = []
        for path in kept_files(folder):  # everything is opened first: one that does not open stops all
            raw, _ = read_regular_file(path)
            if crypt.looks_sealed(raw):
                if old is None:
                    raise JournalError(f"{path} is encrypted and no passphrase was given to open it")
                try:
                    raw = crypt.unseal(raw, old, path)[0]
                except WrongPassphraseError:
                    raise WrongPassphraseError(
                        f"{path} does not open with that passphrase (it was encrypted with another one); "
                        "nothing was changed"
                    ) from None
            plain.append((path, raw))
        for path, raw in plain:
            payload = crypt.seal(raw, target, new) if target is not None and new is not None else raw
            write_private_file(path, payload)
        removed = 0
        for path in temp_files(folder):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
                removed += 1
    crypt.forget_keys()
    if new is None:
        passphrase.drop(folder)
    else:
        passphrase.give(folder, new)
    return Rekeyed(len(plain), removed)


def plain_copies(folder: Path) -> list[Path]:
    """Files that may hold journal text in the clear beside an encrypted journal: plain backups and
    drafts, and writers' temp files that are not the start of a sealed file (a killed writer's sealed
    temp file holds nothing readable, and the next write removes it)."""
    journal_too = not _regular(folder / JOURNAL_FILE)
    kept = kept_files(folder)
    left = [
        path for path in (kept if journal_too else kept[1:]) if not crypt.looks_sealed(crypt.file_head(path))
    ]
    torn = [
        path
        for path in temp_files(folder)
        if (head := crypt.file_head(path)) and not crypt.looks_sealed(head)
    ]
    return left + torn
