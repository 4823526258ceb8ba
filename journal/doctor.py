"""``reljournal doctor``: look at the journal without changing it and say what was found."""

from __future__ import annotations

import fcntl
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from journal import schema
from journal.errors import JournalError
from journal.model import ValidationError, person_from_dict, review_from_dict, touchpoint_from_dict
from journal.paths import JOURNAL_FILE, LOCK_FILE
from journal.storage import DurableStorage, backups_in


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def _mode_finding(path: Path, wanted: int, what: str) -> Finding:
    st = path.stat()
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid != os.getuid():
        return Finding(False, f"{what} {path} is owned by uid {st.st_uid}, not you ({os.getuid()})")
    if mode & ~wanted:
        return Finding(
            False,
            f"{what} {path} has mode {mode:o}; others can read it (fix: chmod {wanted:o} {path})",
        )
    return Finding(True, f"{what} {path} is private ({mode:o})")


def _lock_finding(folder: Path) -> Finding:
    lock = folder / LOCK_FILE
    if not lock.exists():
        return Finding(True, "no lock file yet (created on the first write)")
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError as error:
        return Finding(False, f"cannot open the lock file {lock}: {error.strerror}")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return Finding(True, "another reljournal is writing right now (lock held); that is fine")
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
    ):
        for key, record in data.get(table, {}).items():
            try:
                parse(record)
            except (ValidationError, ValueError, TypeError, AttributeError) as error:
                problems.append(f"{table}/{key}: {error}")
    people = data.get("people", {})
    dangling = 0
    for entry in data.get("entries", {}).values():
        for uid in _items(entry.get("people")):
            if uid not in people:
                dangling += 1
    for review in data.get("reviews", {}).values():
        for intention in _items(review.get("intentions")):
            for uid in _items(intention.get("people") if isinstance(intention, dict) else None):
                if uid not in people:
                    dangling += 1
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


def _stored_version(raw: bytes) -> int:
    """The schema version written in the file (0 when it has none or cannot be read yet)."""
    try:
        return schema.version_of(orjson.loads(raw) if raw.strip() else {})
    except (orjson.JSONDecodeError, ValueError, AttributeError):
        return 0


def examine(folder: Path) -> list[Finding]:
    findings: list[Finding] = []
    path = folder / JOURNAL_FILE
    if not folder.exists():
        return [Finding(True, f"no journal yet at {folder}; it is created on the first write")]
    findings.append(_mode_finding(folder, 0o700, "data folder"))
    if not path.exists():
        findings.append(Finding(True, f"no journal file yet at {path}; it is created on the first write"))
    else:
        try:
            findings.append(_mode_finding(path, 0o600, "journal"))
            storage = DurableStorage(folder)
            raw = path.read_bytes()
            stored_version = _stored_version(raw)
            data = storage.parse(raw)
            findings.append(Finding(True, f"journal parses ({len(raw):,} bytes)"))
            if stored_version < schema.SCHEMA_VERSION:
                findings.append(
                    Finding(
                        True,
                        f"schema version {stored_version}; it is upgraded to {schema.SCHEMA_VERSION} "
                        "on the next change",
                    )
                )
            else:
                findings.append(Finding(True, f"schema version {schema.SCHEMA_VERSION} (current)"))
            findings.extend(_records_findings(data))
        except JournalError as error:
            findings.append(Finding(False, error.message))
        except OSError as error:
            findings.append(Finding(False, f"cannot read {path}: {error.strerror}"))
    leftovers = sorted(folder.glob(f".{JOURNAL_FILE}.*.tmp"))
    if leftovers:
        findings.append(
            Finding(
                True,
                f"{len(leftovers)} unfinished temp file(s) from an interrupted write (harmless): "
                f"{leftovers[0].name}",
            )
        )
    findings.append(_lock_finding(folder))
    backups = backups_in(folder)
    if backups:
        findings.append(Finding(True, f"{len(backups)} daily backup(s), newest {backups[-1]}"))
    elif path.exists():
        findings.append(Finding(True, "no backups yet (one is kept before the first write of each day)"))
    return findings
