"""What every screen shares: access to the journal and one way to hear that it changed.

The app publishes :attr:`ReljournalApp.journal_signal` whenever the store's generation moves: after
each write (``ReljournalApp.write``, the one door for writes) and after a refresh from disk (another
reljournal wrote). Screens never announce changes themselves; every :class:`JournalAware` screen
subscribes once and redraws from the journal in ``refresh_from_journal``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from journal.store.journal import Journal

if TYPE_CHECKING:
    from journal.tui.app import ReljournalApp

ResultType = TypeVar("ResultType")


def in_sight(screen: Screen[Any]) -> bool:
    """True when ``screen`` is on top or only dialogs cover it: worth redrawing now.

    (``Screen.is_current`` also counts the full screen just under the top one as visible.)
    """
    stack = screen.app.screen_stack
    if screen not in stack:
        return False
    above = stack[stack.index(screen) + 1 :]
    return all(other.is_modal for other in above)


class JournalAware:
    """Mixin: typed access to the app and journal, and the one redraw when the journal changed.

    A screen hidden under another full screen does not redraw on every change (on a large journal that
    would stall each save); it is marked stale and redraws once when it comes back into view.
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

    @property
    def selected_person_uid(self) -> str | None:
        """The person the app's keys (``e``, ``l``, ``a``, enter) act on; screens that show one override."""
        return None

    def refresh_from_journal(self) -> None:
        """Redraw from the journal. Screens that show data override this."""

    def _on_mount(self, event: events.Mount) -> None:
        # Textual calls each class's own Mount handler, so a screen's on_mount does not replace this.
        self.rj.journal_signal.subscribe(self, self._journal_changed)  # type: ignore[arg-type]

    def _journal_changed(self, _generation: int) -> None:
        if in_sight(self):  # type: ignore[arg-type]
            self._stale = False
            self.refresh_from_journal()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_from_journal()


class DataScreen(JournalAware, Screen[ResultType]):
    """A full screen that shows journal data."""


class DataModal(JournalAware, ModalScreen[ResultType]):
    """A dialog or form over the current screen."""

    def close_with(self, result: ResultType) -> None:
        """Dismiss once a write finished, if still open: a write that waited for the lock may land
        after the form was left another way."""
        if self in self.app.screen_stack:
            self.dismiss(result)
