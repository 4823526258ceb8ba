"""Data commands: backup, import, restore and doctor."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from journal.core.errors import (
    CorruptJournalError,
    DamagedFileError,
    JournalError,
    TruncatedFileError,
    restore_command,
)
from journal.core.stored import RecordError, read_contents
from journal.core.textsafe import for_terminal
from journal.store import backup, crypt, doctor, passphrase
from journal.store.durable import (
    DurableStorage,
    backups_in,
    describe_os_error,
    links_in_the_way,
    readable_journal,
    write_private_file,
)
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE, data_dir, user_path
from journal.store.safefs import NotRegularFileError, read_regular_file


def register(sub: argparse._SubParsersAction[Any]) -> None:
    save = sub.add_parser("backup", help="write everything to one JSON file (lossless)")
    save.add_argument("-o", "--output", required=True, metavar="FILE.json")
    save.add_argument(
        "--plain", action="store_true", help="write it unencrypted even though the journal is encrypted"
    )
    save.set_defaults(func=cmd_backup)

    load = sub.add_parser("import", help="load a backup file made by reljournal backup")
    load.add_argument("file", metavar="FILE.json")
    load.add_argument("--replace", action="store_true", help="overwrite a journal that has data")
    load.set_defaults(func=cmd_import)

    restore = sub.add_parser(
        "restore", help="put a rolling backup (backups/journal-N-DATE.json) back in place"
    )
    restore.add_argument("file", metavar="BACKUP.json")
    restore.set_defaults(func=None, standalone=cmd_restore)

    check = sub.add_parser("doctor", help="check the journal and say what was found (changes nothing)")
    check.set_defaults(func=None, standalone=cmd_doctor)


def cmd_backup(args: argparse.Namespace, journal: Journal) -> int:
    target = user_path(args.output)
    if target.is_dir():
        target = target / f"reljournal-backup-{journal.today().isoformat()}.json"
    elif args.output.endswith(("/", os.sep)):  # Path drops the slash: dir/x/ would become a file x
        raise JournalError(
            f"cannot write the backup: {args.output} ends in / but is not a folder; create the folder "
            "first, or name a file (without the /)"
        )
    if target.resolve() == journal.path.resolve():
        raise JournalError(f"{target} is the journal itself; write the backup somewhere else")
    try:
        backup.write_backup(journal, target, plain=args.plain)
    except OSError as error:
        raise JournalError(f"cannot write the backup: {describe_os_error(error, target)}") from None
    data = journal.raw()
    print(
        f"Backed up {len(data['people'])} people, {len(data['entries'])} touchpoints and "
        f"{len(data['reviews'])} reviews to {for_terminal(str(target))}"
    )
    return 0


def read_source(source: Path) -> bytes:
    """The bytes of a file to restore or import: a regular file only (a FIFO, device or folder is
    refused at once, never waited on), not empty, not larger than any journal."""
    try:
        raw, _ = read_regular_file(source)
    except NotRegularFileError as error:
        what = "is it the right file?" if error.errno == errno.EFBIG else "name the backup file itself"
        raise JournalError(f"cannot read {source}: it {error.strerror}; {what}") from None
    except OSError as error:
        raise JournalError(f"cannot read {source}: {error.strerror}") from None
    if not raw.strip():
        raise JournalError(f"{source} is empty: it holds no journal (is the copy complete?)")
    return raw


def cmd_import(args: argparse.Namespace, journal: Journal) -> int:
    source = user_path(args.file)
    raw = backup.opened_backup(journal, read_source(source), source)
    try:
        counts = backup.import_backup(
            journal, raw, replace=args.replace, before_replace=lambda: _keep_copy_before_replacing(journal)
        )
    except backup.ImportError_ as error:
        raise JournalError(f"{source} was not imported: {error.message}") from None
    print(
        f"Imported {counts['people']} people, {counts['entries']} touchpoints and "
        f"{counts['reviews']} reviews from {for_terminal(str(source))}"
    )
    return 0


def _keep_copy_before_replacing(journal: Journal) -> None:
    """Copy the journal file aside (called under the journal's lock, just before it is replaced)."""
    target = backup.keep_copy(journal, "before-import")
    if target is not None:
        print(f"Kept the current journal as {for_terminal(str(target))}")


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the journal with a rolling backup, after checking the backup reads cleanly."""
    folder = data_dir(args.data_dir)
    source = user_path(args.file)
    raw = read_source(source)
    home = _journal_folder_of(source)
    if home is not None and home.resolve() != folder.resolve():
        # The corrupt-journal message names the backup but not the --data-dir it belongs to: without
        # this check, following it would put a test journal's backup over the real one.
        raise JournalError(
            f"{source} is a backup of the journal in {home}, not of {folder}; "
            f"restore it there with: {restore_command(source)}"
        )
    storage = DurableStorage(folder)
    try:
        read_contents(storage.parse(raw))  # the validation start-up and import use, every record
    except RecordError as error:
        raise JournalError(
            f"{source} was not restored: {error.where}: {error.message}; "
            f"try an older backup: {_older_backup_hint(folder, source)}"
        ) from None
    except (DamagedFileError, TruncatedFileError) as error:
        raise JournalError(
            f"{source} was not restored: {error.reason}; try an older backup: {_older_backup_hint(folder, source)}"
        ) from None
    except CorruptJournalError:
        if _is_backup_file(raw):
            raise JournalError(
                f"{source} is a file made by reljournal backup; load it with: reljournal import --replace {source}"
            ) from None
        raise JournalError(
            f"{source} is not a readable journal either; try an older backup: {_older_backup_hint(folder, source)}"
        ) from None
    journal_path = storage.path
    links = links_in_the_way(folder)
    if links:
        raise JournalError(links[0])
    with storage.lock():  # no other reljournal writes between keeping the old file and replacing it
        if journal_path.exists():
            current = _current_journal(journal_path)
            if current == raw:
                print(f"{for_terminal(str(journal_path))} already holds that backup; nothing to do")
                return 0
            keep = backup.kept_copy_path(folder, "replaced", datetime.now())
            write_private_file(keep, current)
            print(f"Kept the file being replaced as {for_terminal(str(keep))}")
        write_private_file(journal_path, _sealed_like(storage, journal_path, raw))
    print(f"Restored {for_terminal(str(source))} to {for_terminal(str(journal_path))}")
    _mirror_restored(folder)
    return 0


def _mirror_restored(folder: Path) -> None:
    """Bring the mirror (if on) in step with the restored journal; a failure is said, the restore stands."""
    from journal.report import mirror

    journal = Journal.open(folder)
    try:
        mirror.after_replacing(
            journal, lambda message: print(f"reljournal: {for_terminal(message)}", file=sys.stderr)
        )
    finally:
        journal.close()


def _sealed_like(storage: DurableStorage, journal_path: Path, raw: bytes) -> bytes:
    """``raw`` as it may be put in place: a plain file restored over an encrypted journal is sealed
    with the journal's key first (never a plain journal in an encrypted data folder)."""
    kdf = crypt.header_kdf(journal_path)
    if kdf is None or crypt.looks_sealed(raw):
        return raw
    return crypt.seal(raw, kdf, passphrase.current(storage.folder))


def _current_journal(path: Path) -> bytes:
    """The journal about to be replaced, to keep a copy: refused if it is not a regular file."""
    try:
        return read_regular_file(path)[0]
    except NotRegularFileError as error:
        raise JournalError(
            f"nothing was restored: {describe_os_error(error, path)}; move it aside first"
        ) from None
    except OSError as error:
        raise JournalError(f"nothing was restored: {describe_os_error(error, path)}") from None


def _older_backup_hint(folder: Path, refused: Path) -> str:
    """Name the newest other backup that reads cleanly, with the command that restores it."""
    for candidate in reversed(backups_in(folder)):
        if candidate.absolute() != refused.absolute() and readable_journal(candidate):
            return (
                f"the newest that reads cleanly is {candidate}, restore it with: {restore_command(candidate)}"
            )
    return "none reads cleanly; see what reljournal doctor finds"


def _journal_folder_of(source: Path) -> Path | None:
    """The data folder whose rolling backup ``source`` is (``DIR/backups/journal-N-DATE.json``), if any."""
    folder = source.absolute().parent.parent
    if source.absolute().parent.name == BACKUP_DIR and (folder / JOURNAL_FILE).exists():
        return folder
    return None


def _is_backup_file(raw: bytes) -> bool:
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return isinstance(doc, dict) and doc.get("format") == backup.FORMAT


def cmd_doctor(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    findings = doctor.examine(folder)
    for finding in findings:
        mark = "ok " if finding.ok else "!! "
        print(mark + for_terminal(finding.text))
    problems = sum(1 for f in findings if not f.ok)
    print(f"{problems} problem(s) found." if problems else "Everything looks right.")
    return 1 if problems else 0
