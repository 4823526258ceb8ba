"""``reljournal doctor``: look at the journal without changing it and say what was found.

Every finding that is a problem says what to do about it, so the output doubles as a repair guide.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from journal.core.errors import JournalError, restore_command
from journal.core.model import ValidationError, person_from_dict, review_from_dict, touchpoint_from_dict
from journal.core.stored import RecordError, read_contents
from journal.core.tombstones import tombstone_from_dict
from journal.store import crypt, passphrase, rekey, schema
from journal.store.durable import (
    DurableStorage,
    backups_in,
    describe_os_error,
    is_debris as storage_debris,
    links_in_the_way,
    readable_journal,
)
from journal.store.lockfile import holder_of, not_a_lock_file
from journal.store.merge import conflict_copies, merge_command
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, LOCK_FILE
from journal.store.rolling import backup_day, is_debris as backup_debris, look_alikes_in
from journal.store.safefs import is_link, read_regular_file


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def _mode_finding(path: Path, wanted: int, what: str) -> Finding:
    try:
        st = path.stat()
    except OSError as error:
        return Finding(False, f"cannot look at {what} {path}: {describe_os_error(error, path)}")
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid != os.getuid():
        folder = path if what == "data folder" else path.parent
        return Finding(
            False,
            f"{what} {path} is owned by uid {st.st_uid}, not you ({os.getuid()}); run reljournal as that "
            f"user, or take it back with: sudo chown -R $(id -un) {shlex.quote(str(folder))}",
        )
    if mode & ~wanted or mode & wanted != wanted:
        if mode & 0o077:
            who = "others can read it"
        elif mode & wanted != wanted:
            who = "you cannot use it yourself"
        else:
            who = f"it should be {wanted:o}"
        return Finding(
            False, f"{what} {path} has mode {mode:o}; {who} (fix: chmod {wanted:o} {shlex.quote(str(path))})"
        )
    return Finding(True, f"{what} {path} is private ({mode:o})")


# Room a change needs beyond twice the journal (the temp copy, and a backup copy where links fail).
_SPARE_BYTES = 1024 * 1024


def _disk_findings(folder: Path, journal_size: int) -> list[Finding]:
    """Whether the next change can be written at all: a read-only or full file system, or a folder
    this user may not write to, is found here before a write fails."""
    try:
        fs = os.statvfs(folder)
    except OSError:
        return []
    if fs.f_flag & os.ST_RDONLY:
        return [
            Finding(
                False,
                f"{folder} is on a read-only file system: you can read the journal but not change it; "
                "remount it read-write, or keep the journal elsewhere with --data-dir",
            )
        ]
    findings = []
    if not os.access(folder, os.W_OK | os.X_OK):
        findings.append(
            Finding(
                False,
                f"you cannot write to {folder}: changes will fail (fix: chmod 700 {shlex.quote(str(folder))})",
            )
        )
    free = fs.f_bavail * fs.f_frsize
    needed = 2 * journal_size + _SPARE_BYTES
    if free < needed:
        findings.append(
            Finding(
                False,
                f"only {free // 1024:,} KB free on the device holding {folder}; the next change needs about "
                f"{needed // 1024:,} KB: free some space first",
            )
        )
    return findings


def _lock_finding(folder: Path) -> Finding:
    lock = folder / LOCK_FILE
    try:
        mode = os.lstat(lock).st_mode
    except FileNotFoundError:
        return Finding(True, "no lock file (it is created again on the next write)")
    except OSError as error:
        return Finding(False, f"cannot look at the lock file: {describe_os_error(error, lock)}")
    if stat.S_ISLNK(mode):
        return Finding(True, "the lock file is not used while it is a link (see above)")
    if not stat.S_ISREG(mode):
        return Finding(False, f"the lock file: {describe_os_error(not_a_lock_file(lock, mode), lock)}")
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        return Finding(False, f"cannot open the lock file: {describe_os_error(error, lock)}")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = holder_of(lock)
        who = holder if holder is not None else "another process (which, cannot be told here)"
        return Finding(True, f"lock held by {who} right now (a write in progress); that is fine")
    finally:
        os.close(fd)
    return Finding(True, "lock is free (locks are released when a process ends, so none can go stale)")


def _items(value: object) -> list[Any]:
    """The items of a JSON list; a hand-edited non-list (already reported as invalid) has none."""
    return value if isinstance(value, list) else []


def _records_findings(data: dict[str, dict[str, dict[str, Any]]]) -> list[Finding]:
    problems: list[str] = []
    for table, parse in (
        ("people", person_from_dict),
        ("entries", touchpoint_from_dict),
        ("reviews", review_from_dict),
        ("tombstones", tombstone_from_dict),
    ):
        for key, record in data.get(table, {}).items():
            try:
                parse(record)
            except (ValidationError, ValueError, TypeError, AttributeError) as error:
                problems.append(f"{table}/{key}: {error}")
    people = data.get("people", {})
    dangling = 0
    for entry in data.get("entries", {}).values():
        for uid in _items(entry.get("people") if isinstance(entry, dict) else None):
            if isinstance(uid, str) and uid not in people:  # a non-string is reported as invalid
                dangling += 1
    for review in data.get("reviews", {}).values():
        for intention in _items(review.get("intentions")):
            for uid in _items(intention.get("people") if isinstance(intention, dict) else None):
                if isinstance(uid, str) and uid not in people:
                    dangling += 1
    if not problems:
        try:  # what start-up checks beyond each record alone: keys, look-alike names, references
            read_contents(data)
        except RecordError as error:
            problems.append(f"{error.where}: {error.message}")
        except ValidationError as error:
            problems.append(str(error))
    findings = [Finding(False, problem) for problem in problems[:20]]
    if len(problems) > 20:
        findings.append(Finding(False, f"… and {len(problems) - 20} more invalid records"))
    if not problems:
        counts = ", ".join(f"{len(data.get(t, {}))} {t}" for t in ("people", "entries", "reviews"))
        findings.append(Finding(True, f"every record is valid ({counts})"))
    if dangling:
        findings.append(Finding(False, f"{dangling} references point at people who are not in the journal"))
    else:
        findings.append(Finding(True, "no dangling references"))
    return findings


def _future_finding(data: dict[str, dict[str, dict[str, Any]]], today: date) -> Finding | None:
    """Touchpoints dated after today can only come from a clock that ran ahead (new ones are refused)."""
    ahead = sorted(
        day
        for entry in data.get("entries", {}).values()
        if isinstance(day := entry.get("date"), str) and day > today.isoformat()
    )
    if not ahead:
        return None
    return Finding(
        False,
        f"{len(ahead)} touchpoint(s) are dated after today ({today.isoformat()}), the latest {ahead[-1]}: "
        "the clock ran ahead when they were logged, or is behind now. Check the system date; if it is "
        "right, correct those dates in the app (they are kept and shown meanwhile)",
    )


def _stored_version(raw: bytes) -> int:
    """The schema version written in the file (0 when it has none or cannot be read yet)."""
    try:
        return schema.version_of(orjson.loads(raw) if raw.strip() else {})
    except (orjson.JSONDecodeError, ValueError, AttributeError):
        return 0


def _opened(folder: Path, raw: bytes) -> bytes:
    """The plain bytes of the journal (called after parse opened it, so the key is at hand)."""
    if not crypt.looks_sealed(raw):
        return raw
    return crypt.unseal(raw, passphrase.current(folder), folder / JOURNAL_FILE)[0]


def _encryption_findings(folder: Path) -> list[Finding]:
    """Whether the journal is encrypted; if it is, every plain copy of journal text left beside it."""
    kdf = crypt.header_kdf(folder / JOURNAL_FILE)
    if kdf is None:
        if not os.path.lexists(folder / JOURNAL_FILE):
            return []
        return [Finding(True, "the journal is not encrypted (reljournal encrypt turns it on)")]
    findings = [Finding(True, f"the journal is encrypted ({kdf.describe()})")]
    left = rekey.plain_copies(folder)
    if left:
        names = ", ".join(str(path) for path in left[:3]) + (
            f" and {len(left) - 3} more" if len(left) > 3 else ""
        )
        findings.append(
            Finding(
                False,
                f"{len(left)} plain (unencrypted) cop{'y' if len(left) == 1 else 'ies'} of journal text left "
                f"in the encrypted data folder: {names}; seal them with: reljournal encrypt "
                "(it keeps the journal's passphrase and removes temp files)",
            )
        )
    return findings


def _journal_findings(folder: Path, path: Path, today: date) -> list[Finding]:
    findings = [_mode_finding(path, 0o600, "journal")]
    try:
        raw, _ = read_regular_file(path)
    except OSError as error:
        return [*findings, Finding(False, f"cannot read the journal: {describe_os_error(error, path)}")]
    try:
        data = DurableStorage(folder).parse(raw)
        stored_version = _stored_version(_opened(folder, raw))
    except JournalError as error:
        return [*findings, Finding(False, error.message)]
    findings.append(Finding(True, f"journal parses ({len(raw):,} bytes)"))
    if stored_version < schema.SCHEMA_VERSION:
        findings.append(
            Finding(
                True,
                f"schema version {stored_version}; it is upgraded to {schema.SCHEMA_VERSION} on the next change",
            )
        )
    else:
        findings.append(Finding(True, f"schema version {schema.SCHEMA_VERSION} (current)"))
    findings.extend(_records_findings(data))
    future = _future_finding(data, today)
    if future is not None:
        findings.append(future)
    return findings


def _link_findings(folder: Path) -> list[Finding]:
    """Symbolic links in the data folder: the journal's own files as links are refused (each says what
    to do); any other link is never followed by reljournal, and is reported so that it can be removed."""
    findings = [Finding(False, text) for text in links_in_the_way(folder)]
    own = {folder / JOURNAL_FILE, folder / LOCK_FILE, folder / BACKUP_DIR}
    others: list[Path] = []
    for root, folders, files in os.walk(folder):  # never descends into a linked folder
        for name in (*folders, *files):
            path = Path(root) / name
            if path not in own and is_link(path):
                others.append(path)
    if others:
        others.sort()
        findings.append(
            Finding(
                False,
                f"{len(others)} symbolic link(s) in the data folder, such as {others[0]}: reljournal never "
                "follows or writes through them, but something put them there; look at them and remove "
                f"them (rm {shlex.quote(str(others[0]))})",
            )
        )
    return findings


def _private_findings(folder: Path) -> list[Finding]:
    """The lock file and every file in backups/ (rolling backups and kept copies) must be 0600 and
    yours, like the journal: a backup holds everything the journal does."""
    findings = []
    lock = folder / LOCK_FILE
    if lock.is_file() and not is_link(lock):  # anything else there is reported with the lock
        finding = _mode_finding(lock, 0o600, "lock file")
        if not finding.ok:
            findings.append(finding)
    backup_dir = folder / BACKUP_DIR
    if is_link(backup_dir) or not backup_dir.is_dir():
        return findings
    exposed = []
    for entry in sorted(os.scandir(backup_dir), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            if stat.S_IMODE(info.st_mode) != 0o600 or info.st_uid != os.getuid():
                exposed.append((entry.path, stat.S_IMODE(info.st_mode)))
    if exposed:
        where, mode = exposed[0]
        findings.append(
            Finding(
                False,
                f"{len(exposed)} file(s) in {backup_dir} are not private (0600, yours), such as {where} "
                f"(mode {mode:o}); fix: chmod 600 {shlex.quote(str(backup_dir))}/*",
            )
        )
    return findings


def _named_like_debris(folder: Path, named: Callable[[str], bool]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if named(e.name)), key=lambda e: e.name)
    except OSError:
        return []


def _leftover_findings(folder: Path) -> list[Finding]:
    """Temp files left by an interrupted write (removed by the next change), and anything else at
    such a name, which no writer makes and none removes: it is reported so that someone looks."""
    found = _named_like_debris(folder, storage_debris)
    if not is_link(folder / BACKUP_DIR):
        found += _named_like_debris(folder / BACKUP_DIR, backup_debris)
    leftovers = [e for e in found if e.is_file(follow_symlinks=False)]
    strays = [e for e in found if not e.is_file(follow_symlinks=False) and not e.is_symlink()]
    findings = []
    if leftovers:
        findings.append(
            Finding(
                True,
                f"{len(leftovers)} unfinished temp file(s) from an interrupted write, such as "
                f"{leftovers[0].name}: harmless, and removed by the next change",
            )
        )
    for stray in strays:
        kind = "a folder" if stray.is_dir(follow_symlinks=False) else "not a regular file"
        how = "rm -r" if stray.is_dir(follow_symlinks=False) else "rm"
        findings.append(
            Finding(
                False,
                f"{stray.path} is {kind}, named like a temp file of reljournal's but not made by it; it is "
                f"left alone and never removed by a write: look at it, then remove it ({how} "
                f"{shlex.quote(stray.path)})",
            )
        )
    return findings


def _look_alike_findings(folder: Path) -> list[Finding]:
    strays = look_alikes_in(folder)
    if not strays:
        return []
    shown = strays[0].name if len(strays[0].name) <= 60 else strays[0].name[:57] + "..."
    return [
        Finding(
            False,
            f"{len(strays)} file(s) in {folder / BACKUP_DIR} are named like backups but no reljournal "
            f"wrote them, such as {shown}; they are ignored (never restored or rotated): look at them "
            "and move them out of the backup folder",
        )
    ]


def _backup_findings(folder: Path, journal_exists: bool, today: date) -> list[Finding]:
    backups = backups_in(folder)
    if not backups:
        if journal_exists:
            return [Finding(True, "no backups yet (one is kept before the first write of each day)")]
        return []
    newest = backups[-1]
    findings = [Finding(True, f"{len(backups)} daily backup(s), newest {newest}")]
    if (folder / BACKUP_DIR).is_dir():
        backup_dir = _mode_finding(folder / BACKUP_DIR, 0o700, "backup folder")
        if not backup_dir.ok:
            findings.append(backup_dir)
    if readable_journal(newest):
        findings.append(
            Finding(True, f"the newest backup reads cleanly; to go back to it: {restore_command(newest)}")
        )
    else:
        readable = [b for b in backups[:-1] if readable_journal(b)]
        hint = (
            f"the newest that reads is {readable[-1]}: {restore_command(readable[-1])}"
            if readable
            else "no backup reads cleanly; make one now with: reljournal backup -o FILE.json"
        )
        findings.append(Finding(False, f"the newest backup {newest} cannot be read; {hint}"))
    ahead = [b for b in backups if (backup_day(b) or "") > today.isoformat()]
    if ahead:
        findings.append(
            Finding(
                False,
                f"{len(ahead)} backup(s) are dated after today ({today.isoformat()}), such as {ahead[-1].name}: "
                "the clock moved backwards at some point. Nothing is overwritten; check the system date",
            )
        )
    return findings


def _conflict_findings(folder: Path) -> list[Finding]:
    """Copies of the journal a sync tool left beside it: each is named with the command that merges it
    (what it holds is not in the journal until then)."""
    return [
        Finding(
            False,
            f"{copy.name} beside the journal looks like a copy a sync tool left (both machines wrote); "
            f"unite it with the journal: {merge_command(folder, copy)}",
        )
        for copy in conflict_copies(folder)
    ]


def examine(folder: Path, today: date | None = None) -> list[Finding]:
    """Everything doctor reports about the data folder, problems first in the order they matter."""
    today = today or date.today()
    path = folder / JOURNAL_FILE
    if not folder.exists():
        return [Finding(True, f"no journal yet at {folder}; it is created on the first write")]
    if not folder.is_dir():
        return [
            Finding(False, f"{folder} is a file, not a folder; move it aside or point --data-dir elsewhere")
        ]
    findings = [_mode_finding(folder, 0o700, "data folder")]
    findings.extend(_link_findings(folder))
    journal_exists = os.path.lexists(path)
    if is_link(path):
        pass  # refused, and said so with what to do: nothing is read through it
    elif journal_exists:
        findings.extend(_journal_findings(folder, path, today))
    else:
        findings.append(Finding(True, f"no journal file yet at {path}; it is created on the first write"))
    try:
        size = path.stat().st_size if journal_exists else 0
    except OSError:
        size = 0
    findings.extend(_disk_findings(folder, size))
    findings.extend(_leftover_findings(folder))
    findings.append(_lock_finding(folder))
    findings.extend(_private_findings(folder))
    findings.extend(_backup_findings(folder, journal_exists, today))
    findings.extend(_look_alike_findings(folder))
    findings.extend(_conflict_findings(folder))
    findings.extend(_encryption_findings(folder))
    return findings
