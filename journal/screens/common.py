"""What every screen shares: access to the journal and a refresh when it changes.

A screen that writes calls ``self.app.journal_changed()`` (see ``ReljournalApp``); the app also polls the
file and calls it when another reljournal process wrote. Every screen in the stack then receives a
:class:`JournalChanged` message and redraws from the journal in ``refresh_from_journal``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.screen import ModalScreen, Screen

from journal.store import Journal

if TYPE_CHECKING:
    from journal.app import ReljournalApp

ResultType = TypeVar("ResultType")


class JournalChanged(Message):
    """The journal's data changed (here or in another process)."""

    def __init__(self, external: bool = False) -> None:
        super().__init__()
        self.external = external


class _JournalAware:
    """Mixin: typed access to the app and journal, and the refresh hook."""

    app: Any

    @property
    def rj(self) -> ReljournalApp:
        app: ReljournalApp = self.app
        return app

    @property
    def journal(self) -> Journal:
        return self.rj.journal

    def refresh_from_journal(self) -> None:
        """Redraw from the journal. Screens that show data override this."""

    def on_journal_changed(self, message: JournalChanged) -> None:
        self.refresh_from_journal()


class DataScreen(_JournalAware, Screen[ResultType]):
    """A full screen that shows journal data."""


class DataModal(_JournalAware, ModalScreen[ResultType]):
    """A dialog or form over the current screen."""
