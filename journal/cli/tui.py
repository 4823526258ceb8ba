"""Start the terminal app. The only CLI module that leads to Textual, and only after the journal is read."""

from __future__ import annotations

import gc
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from journal.errors import JournalError
from journal.store import Journal
from journal.textsafe import for_terminal


def run_tui(data_dir: str | None, *, demo: bool = False, **run_options: Any) -> int:
    """Run the app; a journal that cannot be opened is one line on stderr and exit code 1."""
    try:
        return run_app(data_dir, demo=demo, **run_options)
    except JournalError as error:
        print(f"reljournal: {for_terminal(error.message)}", file=sys.stderr)
        return 1


def run_app(data_dir: str | None, *, demo: bool = False, **run_options: Any) -> int:
    """Run the app on the journal in ``data_dir`` (or on a fresh sample journal); the exit code.

    ``run_options`` go to Textual's ``App.run`` (the benchmark runs headless). A journal that cannot be
    opened raises :class:`JournalError`.
    """
    if demo:
        from journal.demo import build_demo_journal

        with tempfile.TemporaryDirectory(prefix="reljournal-demo-") as folder:
            build_demo_journal(Path(folder), date.today()).close()
            return _run(Journal.open(folder), demo=True, **run_options)
    return _run(Journal.open(data_dir), **run_options)


def _run(journal: Journal, *, demo: bool = False, **run_options: Any) -> int:
    read_for_app(journal)
    from journal import app  # Textual is imported only here, after the journal is read

    return app.run_journal(journal, demo=demo, **run_options)


def read_for_app(journal: Journal) -> None:
    """Read and type every record before Textual is imported, then keep them out of the collector.

    Parsing a large journal briefly needs about three times the file's size on top of what it keeps
    (the file's bytes and the parser's own tree): done before Textual's ~25 MB are loaded, that brief
    peak no longer sets the app's peak memory. ``gc.freeze`` then spares every collection a walk over
    tens of thousands of long-lived records (measured 654 → 483 ms to the first frame at 10,000).
    """
    journal.people()
    journal.entries()
    gc.freeze()
