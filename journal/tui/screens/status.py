"""A toast that stays until it is taken back: for a state that lasts (the journal cannot be read,
another reljournal holds the lock), not for an event. Textual's ``notify`` can only time out, so this
posts the same :class:`Notification` itself and keeps it to remove it."""

from __future__ import annotations

from typing import Any

from textual.notifications import Notification, Notify, SeverityLevel

FOREVER = 60 * 60 * 24 * 365.0  # seconds: until cleared


class StickyNote:
    """One lasting message on the app; ``show`` replaces it, ``clear`` takes it away."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._note: Notification | None = None

    @property
    def shown(self) -> bool:
        return self._note is not None

    def show(self, message: str, *, title: str = "", severity: SeverityLevel = "warning") -> None:
        self.clear()
        self._note = Notification(message, title, severity, FOREVER, markup=False)
        self.app.post_message(Notify(self._note))

    def clear(self) -> None:
        note, self._note = self._note, None
        if note is not None:
            # After the Notify message in the app's queue, so a note shown a moment ago goes too.
            self.app.call_later(self._drop, note)

    def _drop(self, note: Notification) -> None:
        if note in self.app._notifications:
            self.app._unnotify(note)
