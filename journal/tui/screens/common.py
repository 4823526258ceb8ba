"""What every screen shares: access to the journal and a refresh when it changes.

A screen that writes calls ``self.app.journal_changed()`` (see ``ReljournalApp``); the app also polls the
file and calls it when another reljournal process wrote. Every screen in the stack then receives a
:class:`JournalChanged` message and redraws from the journal in ``refresh_from_journal``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.message import Message
from textual.screen import ModalScreen, Screen

from journal.store.journal import Journal

if TYPE_CHECKING:
    from journal.tui.app import ReljournalApp

ResultType = TypeVar("ResultType")


class JournalChanged(Message):
    """The journal's data changed (here or in another process)."""

    def __init__(self, external: bool = False) -> None:
        super().__init__()
        self.external = external


def in_sight(screen: Screen[Any]) -> bool:
    """True when ``screen`` is on top or only dialogs cover it: worth redrawing now.

    (``Screen.is_current`` also counts the full screen just under the top one as visible.)
    """
    stack = screen.app.screen_stack
    if screen not in stack:
        return False
    above = stack[stack.index(screen) + 1 :]
    return all(other.is_modal for other in above)


class _JournalAware:
    """Mixin: typed access to the app and journal, and the refresh hook.

    A screen hidden under another full screen does not redraw on every change (on a large journal that
    would stall each save); it is marked stale and redraws when it comes back into view.
    """

    app: Any
    _stale = False

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
        if in_sight(self):  # type: ignore[arg-type]
            self._stale = False
            self.refresh_from_journal()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_from_journal()


class DataScreen(_JournalAware, Screen[ResultType]):
    """A full screen that shows journal data."""


class DataModal(_JournalAware, ModalScreen[ResultType]):
    """A dialog or form over the current screen."""

    def close_with(self, result: ResultType) -> None:
        """Dismiss once a write finished, if still open: a write that waited for the lock may land
        after the form was left another way."""
        if self in self.app.screen_stack:
            self.dismiss(result)
