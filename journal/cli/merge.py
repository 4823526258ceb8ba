"""``reljournal merge FILE``: unite another copy of the journal into this one (see journal.store.merge)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.cli.data import read_source
from journal.core.textsafe import for_terminal
from journal.store.journal import Journal
from journal.store.merge import merge_file, summary_lines
from journal.store.paths import user_path


def register(sub: argparse._SubParsersAction[Any]) -> None:
    merge = sub.add_parser(
        "merge", help="unite another copy of the journal (a sync conflict copy, a backup) into this one"
    )
    merge.add_argument("file", metavar="FILE", help="the other copy: a journal file or a reljournal backup")
    merge.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    merge.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace, journal: Journal) -> int:
    source = user_path(args.file)
    report, moved = merge_file(journal, source, read_source(source), dry_run=args.dry_run)
    shown = for_terminal(str(source))
    if not report.changed:
        print(f"Nothing to merge: {shown} holds nothing this journal does not already have")
    else:
        verb = "Would merge" if args.dry_run else "Merged"
        print(f"{verb} {shown} into {for_terminal(str(journal.path))}:")
        for line in summary_lines(report):
            print("  " + line)
        if report.kept_copy is not None:
            print(f"Kept the journal as it was in {for_terminal(str(report.kept_copy))}")
    if moved is not None:
        print(f"Moved the merged copy to {for_terminal(str(moved))}")
    return 0
