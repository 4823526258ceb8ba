"""``reljournal export``: Markdown to stdout, to one file, or to a folder of files (no Textual import).

Where ``-o PATH`` goes: a folder when PATH already is a folder, ends in ``/``, or does not end in
``.md``/``.markdown``; otherwise one Markdown file. ``-o -`` (or no ``-o``) is stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Literal

from journal.cli.values import week_from
from journal.core.humanize import plural
from journal.core.model import ValidationError
from journal.core.textsafe import for_terminal
from journal.report import export
from journal.store.journal import Journal
from journal.store.paths import user_path

MARKDOWN_SUFFIXES = (".md", ".markdown")
Target = Literal["stdout", "file", "folder"]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "export",
        help="the journal as Markdown: to stdout, one .md file, or a folder of files",
        description="Export the journal as CommonMark with YAML front matter (Obsidian-friendly). "
        "With no -o, one document goes to stdout. -o names a folder when it already is one, ends in /, "
        "or has no .md suffix: it gets index.md, people/<name>.md and weeks/<YYYY-Www>.md. "
        "Otherwise -o names one .md file.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--week", metavar="WEEK", help="only this week: this, last, -2 or 2026-W47")
    which.add_argument("--person", metavar="NAME", help="only this person (following or archived)")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="a .md file, or a folder (see above); default: stdout"
    )
    parser.set_defaults(func=cmd_export)


def target_kind(text: str | None) -> Target:
    """Apply the -o rule (see the module docstring) to what was typed."""
    if text is None or text == "-":
        return "stdout"
    if not text.strip():
        raise ValidationError("output", "-o needs a path: a .md file or a folder")
    if text.endswith(("/", os.sep)):
        return "folder"
    path = user_path(text)
    if path.is_dir():
        return "folder"
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "file"
    if path.exists():
        raise ValidationError(
            "output", f"-o: {text} is a file but not a .md file; name a .md file or a folder to export into"
        )
    return "folder"


def cmd_export(args: argparse.Namespace, journal: Journal) -> int:
    kind = target_kind(args.output)
    if journal.storage.sealed:  # Markdown is plain by nature: the person must know the copy is readable
        print(
            "reljournal: note: the journal is encrypted, but this export is plain Markdown that anyone "
            "with the file can read",
            file=sys.stderr,
        )
    week = week_from(args.week, journal.today()) if args.week else None
    person = journal.find_person(args.person) if args.person else None
    if person is not None:
        relative, text = export.person_export(journal, person.uid)
        what = for_terminal(person.name)
    elif week is not None:
        relative, text = export.week_export(journal, week)
        what = f"week {week}"
    elif kind == "folder":
        folder = user_path(args.output)
        written = export.export_to_folder(journal, folder)
        people = sum(1 for path in written if path.parent.name == export.PEOPLE_DIR)
        weeks = len(written) - people - 1
        print(
            f"Exported {plural(people, 'person', 'people')} and {plural(weeks, 'week')} "
            f"to {for_terminal(str(folder))} (start at {export.INDEX_FILE})"
        )
        return 0
    else:
        relative, text, what = "", export.export_all_markdown(journal), "the journal"

    if kind == "stdout":
        sys.stdout.write(for_terminal(text))
        sys.stdout.flush()
        return 0
    target = user_path(args.output)
    if kind == "folder":
        target = export.export_one_to_folder(journal, target, relative, text)
    else:
        export.write_markdown(target, text)
    print(f"Exported {what} to {for_terminal(str(target))}")
    return 0
