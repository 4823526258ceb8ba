"""``reljournal merge FILE``: unite another copy of the journal into this one (see journal.store.merge)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.cli.data import read_source
from journal.core.textsafe import for_terminal, for_terminal_line
from journal.store.journal import Journal
from journal.store.merge import MergeReport, merge_file
from journal.store.paths import user_path

SHOWN = 8  # names listed per line before "and N more"


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
        for line in describe(report):
            print("  " + line)
        if report.kept_copy is not None:
            print(f"Kept the journal as it was in {for_terminal(str(report.kept_copy))}")
    if moved is not None:
        print(f"Moved the merged copy to {for_terminal(str(moved))}")
    return 0


def describe(report: MergeReport) -> list[str]:
    """What the merge added, updated and removed, a line each, people and touchpoints named."""
    lines = []
    for word, changes in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        parts = []
        if changes["people"]:
            parts.append(
                _count(
                    len(changes["people"]), "person", "people", [report.names[u] for u in changes["people"]]
                )
            )
        if changes["entries"]:
            named = [_touchpoint(report, uid) for uid in changes["entries"]]
            parts.append(_count(len(named), "touchpoint", "touchpoints", named))
        if changes["reviews"]:
            parts.append(_count(len(changes["reviews"]), "review", "reviews", changes["reviews"]))
        if parts:
            lines.append(f"{word}: " + "; ".join(parts))
    return lines


def _count(number: int, one: str, many: str, names: list[str]) -> str:
    listed = ", ".join(for_terminal_line(name) for name in sorted(names)[:SHOWN])
    more = f" and {number - SHOWN} more" if number > SHOWN else ""
    return f"{number} {one if number == 1 else many} ({listed}{more})"


def _touchpoint(report: MergeReport, uid: str) -> str:
    record = report.touchpoints[uid]
    people = " & ".join(report.names.get(person, "someone") for person in record["people"])
    return f"{record['date']} {record['channel']} with {people}"
