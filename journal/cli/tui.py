"""Start the terminal app. The only CLI module that leads to Textual, and only after the journal is read."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError
from journal.core.textsafe import for_terminal
from journal.store import crypt, passphrase
from journal.store.journal import Journal
from journal.store.jsondoor import collector_paused
from journal.store.paths import JOURNAL_FILE, data_dir as data_dir_of


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
        from journal.store.sample import build_demo_journal

        with tempfile.TemporaryDirectory(prefix="reljournal-demo-") as folder:
            build_demo_journal(Path(folder), date.today()).close()
            return _run(open_for_app(folder), demo=True, **run_options)
    home = data_dir_of(data_dir)
    if not _unlocked(home, **run_options):
        return 0  # the person quit the unlock screen: nothing was read
    return _run(open_for_app(home), **run_options)


def _unlocked(folder: Path, **run_options: Any) -> bool:
    """An encrypted journal with no passphrase from a file, variable or keyring opens on the unlock
    screen first (Textual is imported for it); any other journal is ready as it is."""
    header = crypt.file_head(folder / JOURNAL_FILE)
    if not crypt.looks_sealed(header) or passphrase.preset(folder) is not None:
        return True
    from journal.tui.screens.unlock import unlock

    return unlock(folder, header, **run_options)


def _run(journal: Journal, *, demo: bool = False, **run_options: Any) -> int:
    from journal.tui import app  # Textual is imported only here, after the journal is read

    return app.run_journal(journal, demo=demo, **run_options)


def open_for_app(folder: str | Path | None) -> Journal:
    """Open the journal and type every record before Textual is imported, out of the collector's way.

    Parsing a large journal briefly needs about three times the file's size on top of what it keeps
    (the file's bytes and the parser's own tree): done before Textual's ~25 MB are loaded, that brief
    peak no longer sets the app's peak memory. The records hold no reference cycles and live as long as
    the app, so the collector is kept off while they are made and then ``gc.freeze`` takes them out of
    every later collection: otherwise the first collections walk all of them, and young containers
    that point at them cost more to collect (measured at 10,000 touchpoints: collections took 44 ms
    more before the first frame).
    """
    with collector_paused(freeze=True):
        journal = Journal.open(folder)
        journal.people()
        journal.entries()
    return journal
