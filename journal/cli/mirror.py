"""``reljournal mirror [DIR | --off]``: keep a folder export in step with the journal (journal.report.mirror)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.core.errors import JournalError
from journal.core.textsafe import for_terminal
from journal.report import mirror
from journal.store.journal import Journal


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "mirror", help="keep a folder of Markdown notes (Obsidian) in step with every change; --off to stop"
    )
    parser.add_argument(
        "folder", nargs="?", metavar="DIR", help="the folder to keep in step (a full export now)"
    )
    parser.add_argument("--off", action="store_true", help="stop keeping the folder in step (its files stay)")
    parser.set_defaults(func=cmd_mirror)


def cmd_mirror(args: argparse.Namespace, journal: Journal) -> int:
    if args.off and args.folder:
        raise JournalError("name a folder to mirror into, or --off to stop, not both")
    if args.off:
        was = mirror.turn_off(journal)
        if was is None:
            print("The mirror was already off.")
        else:
            print(f"The mirror is off; {for_terminal(str(was))} keeps its files as they are.")
        return 0
    if args.folder:
        folder, written = mirror.turn_on(journal, args.folder)
        print(
            f"Mirroring into {for_terminal(str(folder))}: {written} files exported; every change updates it."
        )
        return 0
    setting = mirror.mirror_setting(journal)
    if setting is None:
        print("The mirror is off. Turn it on with: reljournal mirror DIR")
    else:
        last = setting.get("last_run") or "never"
        print(f"Mirroring into {for_terminal(setting['folder'])}; last updated {for_terminal(str(last))}.")
    return 0
