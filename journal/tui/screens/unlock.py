"""The unlock screen: an encrypted journal's passphrase, asked before the journal is read.

A small app of its own, run before the main app loads anything (see ``journal.cli.tui``): the journal
cannot even be parsed without the key, and the main app then starts exactly as it would on a plain
journal. A wrong passphrase says so and asks again; escape or ctrl+c quits without reading anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Label, Static

from journal.core.errors import JournalError
from journal.core.textsafe import for_terminal
from journal.store import crypt, passphrase
from journal.store.paths import JOURNAL_FILE
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings


class UnlockApp(App[str | None]):
    """Ask for the passphrase until it opens the journal's header; return it (None: the person quit)."""

    CSS_PATH = str(stylesheet("unlock.tcss"))
    TITLE = "reljournal"
    BINDINGS: ClassVar[list[BindingType]] = bindings("unlock")

    def __init__(self, folder: Path, header: bytes) -> None:
        super().__init__()
        self.folder = folder
        self.header = header
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-dialog"):
            yield Label("This journal is encrypted", id="unlock-title")
            yield Static(
                Content(for_terminal(f"Passphrase for {self.folder / JOURNAL_FILE}")), id="unlock-where"
            )
            yield Input(password=True, placeholder="passphrase", id="unlock-passphrase")
            yield Static(Content("Enter opens the journal; escape quits."), id="unlock-status")
        yield Footer()

    def _say(self, text: str, *, wrong: bool = False) -> None:
        status = self.query_one("#unlock-status", Static)
        status.update(Content(for_terminal(text)))
        status.set_class(wrong, "-wrong")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value
        if not typed:
            self._say("Type the passphrase first (escape quits).", wrong=True)
            return
        try:
            opens = crypt.passphrase_opens(self.header, typed, self.folder / JOURNAL_FILE)
        except JournalError as error:  # a damaged header: no passphrase will do, say what is wrong
            self._say(error.message, wrong=True)
            return
        if not opens:
            self.tries += 1
            event.input.value = ""
            self._say(
                f"That passphrase is wrong (try {self.tries}): it does not open this journal. Try again.",
                wrong=True,
            )
            return
        passphrase.give(self.folder, typed)
        self.exit(typed)

    def action_leave(self) -> None:
        self.exit(None)


def unlock(folder: Path, header: bytes, **run_options: Any) -> bool:
    """Run the unlock screen; True when the journal's passphrase is now known to this process."""
    return UnlockApp(folder, header).run(**run_options) is not None
