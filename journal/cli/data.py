"""Data commands: backup, import, restore and doctor."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from journal import backup, doctor
from journal.errors import CorruptJournalError, JournalError
from journal.paths import data_dir
from journal.storage import DurableStorage, ensure_private_dir, write_private_file
from journal.store import Journal
from journal.textsafe import for_terminal


def register(sub: argparse._SubParsersAction[Any]) -> None:
    save = sub.add_parser("backup", help="write everything to one JSON file (lossless)")
    save.add_argument("-o", "--output", required=True, metavar="FILE.json")
    save.set_defaults(func=cmd_backup)

    load = sub.add_parser("import", help="load a backup file made by reljournal backup")
    load.add_argument("file", metavar="FILE.json")
    load.add_argument("--replace", action="store_true", help="overwrite a journal that has data")
    load.set_defaults(func=cmd_import)

    restore = sub.add_parser("restore", help="put a rolling backup (backups/journal-DATE.json) back in place")
    restore.add_argument("file", metavar="BACKUP.json")
    restore.set_defaults(func=None, standalone=cmd_restore)

    check = sub.add_parser("doctor", help="check the journal and say what was found (changes nothing)")
    check.set_defaults(func=None, standalone=cmd_doctor)


def cmd_backup(args: argparse.Namespace, journal: Journal) -> int:
    target = Path(args.output).expanduser()
    if target.is_dir():
        target = target / f"reljournal-backup-{journal.today().isoformat()}.json"
    try:
        backup.write_backup(journal, target)
    except OSError as error:
        raise JournalError(f"cannot write {target}: {error.strerror}") from None
    data = journal.raw()
    print(
        f"Backed up {len(data['people'])} people, {len(data['entries'])} touchpoints and "
        f"{len(data['reviews'])} reviews to {for_terminal(str(target))}"
    )
    return 0


def cmd_import(args: argparse.Namespace, journal: Journal) -> int:
    source = Path(args.file).expanduser()
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise JournalError(f"cannot read {source}: {error.strerror}") from None
    if args.replace:
        _keep_copy_before_replacing(journal)
    try:
        counts = backup.import_backup(journal, raw, replace=args.replace)
    except backup.ImportError_ as error:
        raise JournalError(f"{source} was not imported: {error.message}") from None
    print(
        f"Imported {counts['people']} people, {counts['entries']} touchpoints and "
        f"{counts['reviews']} reviews from {for_terminal(str(source))}"
    )
    return 0


def _keep_copy_before_replacing(journal: Journal) -> None:
    if journal.path.exists():
        stamp = journal.clock().strftime("%Y%m%d-%H%M%S")
        target = journal.folder / "backups" / f"before-import-{stamp}.json"
        ensure_private_dir(target.parent)
        write_private_file(target, journal.path.read_bytes())
        print(f"Kept the current journal as {target}")


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the journal with a rolling backup, after checking the backup reads cleanly."""
    folder = data_dir(args.data_dir)
    source = Path(args.file).expanduser()
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise JournalError(f"cannot read {source}: {error.strerror}") from None
    checker = DurableStorage(folder)
    try:
        checker.parse(raw)
    except CorruptJournalError:
        raise JournalError(f"{source} is not a readable journal either; try an older backup") from None
    journal_path = folder / "journal.json"
    ensure_private_dir(folder)
    if journal_path.exists():
        keep = folder / "backups" / f"replaced-{journal_path.stat().st_mtime_ns}.json"
        ensure_private_dir(keep.parent)
        write_private_file(keep, journal_path.read_bytes())
        print(f"Kept the file being replaced as {keep}")
    with DurableStorage(folder).lock():
        write_private_file(journal_path, raw)
    print(f"Restored {for_terminal(str(source))} to {journal_path}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    findings = doctor.examine(folder)
    for finding in findings:
        mark = "ok " if finding.ok else "!! "
        print(mark + for_terminal(finding.text))
    problems = sum(1 for f in findings if not f.ok)
    print(f"{problems} problem(s) found." if problems else "Everything looks right.")
    return 1 if problems else 0
