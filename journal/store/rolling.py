"""Rolling backups: before the first write of each day the journal is kept in ``backups/``.

Backups are numbered in the order they were written: ``journal-000042-2026-12-02.json`` is the 42nd,
taken on 2 December. Order and rotation go by that number, never by the date: a clock that ran a
month ahead and was then corrected would otherwise make every new backup look like the oldest one
(rotation deleted it the next day, and messages offered older content as "the newest backup"). The
date is for people, and decides only whether today already has one. Names of the older form,
``journal-2026-12-02.json``, are read too, as older than any numbered one.

``backups/`` is reljournal's own folder: it is opened without following a link (a ``backups`` that
is a symbolic link is refused, so rotation can never delete files somewhere else), and only regular
files named like backups are listed or deleted. Every backup is private (0600).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import stat
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from journal.core.errors import JournalWriteError
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, KEEP_BACKUPS
from journal.store.safefs import fsync_folder, is_link, link_error, open_folder, read_regular_file, write_in

# At most 9 digits: a backup a day numbers 999,999,999 for millions of years. A longer number is not a
# name reljournal wrote: it is ignored (never listed, rotated or counted on), so a planted name with
# hundreds of digits cannot push the next number past what a file name can hold.
_MAX_DIGITS = 9
_MAX_SEQ = 10**_MAX_DIGITS - 1
_NAME = re.compile(
    rf"journal-(?:(?P<seq>[0-9]{{6,{_MAX_DIGITS}}})-)?(?P<day>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})\.json"
)
_DEBRIS_PREFIX, _DEBRIS_SUFFIX = ".journal-", ".tmp"


class _Backup(NamedTuple):
    seq: int  # 0 for a backup named in the older form (by date only)
    day: str
    name: str


def _parse(name: str) -> _Backup | None:
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    return _Backup(int(match["seq"] or 0), match["day"], name)


def _scan(entries: Iterable[os.DirEntry[str]]) -> list[_Backup]:
    found = []
    for entry in entries:
        name = entry.name
        backup = _parse(name)
        if backup is not None and entry.is_file(follow_symlinks=False):
            found.append(backup)
    found.sort()
    return found


def backups_in(folder: Path) -> list[Path]:
    """Rolling backups in the order they were written, oldest first (regular files only; nothing
    when ``backups`` is missing, not a folder, or a symbolic link)."""
    backup_dir = folder / BACKUP_DIR
    try:
        fd = open_folder(backup_dir, follow=False)
    except OSError:
        return []
    try:
        with os.scandir(fd) as entries:
            return [backup_dir / backup.name for backup in _scan(entries)]
    finally:
        os.close(fd)


def look_alikes_in(folder: Path) -> list[Path]:
    """Files in ``backups/`` named ``journal-*.json`` that no reljournal wrote (a number of more
    than 9 digits, say): ignored by every write, reported by doctor."""
    backup_dir = folder / BACKUP_DIR
    try:
        fd = open_folder(backup_dir, follow=False)
    except OSError:
        return []
    try:
        with os.scandir(fd) as entries:
            names = sorted(
                e.name
                for e in entries
                if e.name.startswith("journal-") and e.name.endswith(".json") and _parse(e.name) is None
            )
    finally:
        os.close(fd)
    return [backup_dir / name for name in names]


def backup_day(path: Path) -> str | None:
    """The day a backup was taken (``YYYY-MM-DD``, from its name), or None for another file."""
    backup = _parse(path.name)
    return backup.day if backup else None


def _open_backup_dir(folder: Path) -> int:
    backup_dir = folder / BACKUP_DIR
    try:
        os.mkdir(backup_dir, 0o700)
    except FileExistsError:
        if is_link(backup_dir):
            raise link_error(backup_dir) from None
    try:
        return open_folder(backup_dir, follow=False)
    except NotADirectoryError:
        raise JournalWriteError(
            f"the change was not saved: a file is in the way: {backup_dir} is not a folder; move it aside "
            f"(mv {shlex.quote(str(backup_dir))} {shlex.quote(str(backup_dir) + '.moved')}) and a new backup "
            "folder is made. The journal still holds its last saved state."
        ) from None


def keep_daily_backup(folder: Path, today: date) -> Path | None:
    """Keep the journal as today's backup unless the newest backup is already today's; rotate to the
    newest :data:`KEEP_BACKUPS`. Call with the journal's lock held. The backup made, if any.

    The journal is replaced, never modified in place, so a hard link is a complete copy; a journal
    that is not private (0600, yours), or that has another name too, is copied instead, so that the
    backup is private whatever the journal's mode was and shares its inode with no one else's file.
    """
    journal = folder / JOURNAL_FILE
    try:
        info = os.lstat(journal)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise link_error(journal)
    day = today.isoformat()
    fd = _open_backup_dir(folder)
    try:
        with os.scandir(fd) as entries:
            existing = _scan(entries)
        made = None
        if not existing or existing[-1].day != day:
            seq = (existing[-1].seq if existing else 0) + 1
            if seq > _MAX_SEQ:
                raise _numbers_used_up(folder / BACKUP_DIR / existing[-1].name)
            _clear_debris(fd)
            # A hard link is a complete copy only while the journal has no other name: one linked
            # from elsewhere (ln journal.json outside.json) would share the backup's inode with that
            # file, and damaging it would damage the backup. Linked or private otherwise: copy.
            private = stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.getuid()
            name = _place(fd, journal, seq, day, linked=private and info.st_nlink == 1)
            fsync_folder(fd)
            existing.append(_Backup(seq, day, name))  # the newest, whatever number it got
            made = folder / BACKUP_DIR / name
        # Keep the newest by order of writing. Also on days without a new backup: a writer killed
        # between making one and rotating left one too many, and the next write puts that right.
        for old in existing[: max(0, len(existing) - KEEP_BACKUPS)]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(old.name, dir_fd=fd)  # never follows a link: at worst it removes one
        return made
    finally:
        os.close(fd)


def _place(fd: int, journal: Path, seq: int, day: str, *, linked: bool) -> str:
    """Put the journal in the backup folder under the first free number from ``seq``."""
    while True:
        name = f"journal-{seq:06d}-{day}.json"
        if seq > _MAX_SEQ:
            raise _numbers_used_up(journal.parent / BACKUP_DIR / name)
        if linked:
            try:
                os.link(journal, name, dst_dir_fd=fd, follow_symlinks=False)
            except FileExistsError:
                seq += 1
                continue
            except OSError:
                pass  # a file system without hard links: copy
            else:
                if os.lstat(name, dir_fd=fd).st_nlink <= 2:
                    return name
                os.unlink(name, dir_fd=fd)  # linked from elsewhere since it was looked at: copy
        try:
            os.lstat(name, dir_fd=fd)
        except FileNotFoundError:
            raw, _ = read_regular_file(journal)
            write_in(fd, name, raw)
            return name
        seq += 1


def _numbers_used_up(highest: Path) -> JournalWriteError:
    return JournalWriteError(
        f"the change was not saved: the backup {highest} has the highest number a backup can have, so "
        f"no newer backup can be kept; move it out of the backup folder (mv {shlex.quote(str(highest))} "
        f"{shlex.quote(str(highest.parent.parent))}/). The journal still holds its last saved state."
    )


def is_debris(name: str) -> bool:
    """Whether ``name`` is what a backup copy's temp file is called (``.journal-*.tmp``)."""
    return name.startswith(_DEBRIS_PREFIX) and name.endswith(_DEBRIS_SUFFIX)


def _clear_debris(fd: int) -> None:
    """Remove temp files left in the backup folder by writers killed mid-copy (lock held)."""
    with os.scandir(fd) as entries:
        debris = [e.name for e in entries if is_debris(e.name) and e.is_file(follow_symlinks=False)]
    for name in debris:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=fd)
