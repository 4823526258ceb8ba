"""Start the terminal app. The only CLI module that imports Textual (lazily, from main)."""

from __future__ import annotations

import sys

from journal.errors import JournalError
from journal.textsafe import for_terminal


def run_tui(data_dir: str | None, *, demo: bool = False) -> int:
    from journal.app import run_app

    try:
        return run_app(data_dir, demo=demo)
    except JournalError as error:
        print(f"reljournal: {for_terminal(error.message)}", file=sys.stderr)
        return 1
