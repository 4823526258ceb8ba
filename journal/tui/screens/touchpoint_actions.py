"""Open, edit and delete touchpoints: what the Person and Journal screens share.

A delete asks first and can be undone (``u``): the app keeps the deleted record on its undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.content import Content

from journal.core.errors import JournalError
from journal.core.humanize import duration
from journal.core.model import Touchpoint
from journal.tui.screens.log import LogScreen
from journal.tui.widgets.confirm import ConfirmScreen
from journal.tui.widgets.touchpoint_view import TouchpointScreen, people_names

if TYPE_CHECKING:
    from journal.store.journal import Journal


class TouchpointActions:
    """Open, edit and delete touchpoints from a screen (a DataScreen subclass mixes this in)."""

    app: Any
    journal: Journal

    def touchpoint_names(self) -> dict[str, str]:
        return {p.uid: p.name for p in self.journal.people()}

    def open_touchpoint(self, uid: str, after: Callable[[str | None], None] | None = None) -> None:
        """Show the whole touchpoint; from there ``e`` edits and ``d`` deletes."""
        try:
            tp = self.journal.entry(uid)
        except JournalError as error:
            self.app.notify(error.message, severity="warning", markup=False)
            return

        def chosen(action: str | None) -> None:
            if action == "edit":
                self.edit_touchpoint(uid, after)
            elif action == "delete":
                self.delete_touchpoint(uid, after)

        self.app.push_screen(TouchpointScreen(tp, self.touchpoint_names(), self.journal.today()), chosen)

    def edit_touchpoint(self, uid: str, after: Callable[[str | None], None] | None = None) -> None:
        try:
            tp = self.journal.entry(uid)
        except JournalError as error:
            self.app.notify(error.message, severity="warning", markup=False)
            return

        def saved(result: Touchpoint | None) -> None:
            if result is not None and after is not None:
                after(result.uid)

        self.app.push_screen(LogScreen(touchpoint=tp), saved)

    def log_touchpoint(
        self, person_uids: list[str], after: Callable[[str | None], None] | None = None
    ) -> None:
        def saved(result: Touchpoint | None) -> None:
            if result is not None and after is not None:
                after(result.uid)

        self.app.push_screen(LogScreen(person_uids), saved)

    def delete_touchpoint(self, uid: str, after: Callable[[str | None], None] | None = None) -> None:
        try:
            tp = self.journal.entry(uid)
        except JournalError as error:
            self.app.notify(error.message, severity="warning", markup=False)
            return
        names = people_names(tp.people, self.touchpoint_names())
        question = Content.assemble(
            "Delete the touchpoint with ",
            (", ".join(names), "bold"),
            f" on {tp.day.isoformat()} ({tp.channel.label}, {duration(tp.minutes)})?\n",
            ("u undoes it.", "$text-muted"),
        )

        def deleted(_: None) -> None:
            self.app.record_undo(f"the {tp.channel.label} on {tp.day.isoformat()}", tp, None)
            self.app.notify(
                f"Deleted the {tp.channel.label} on {tp.day.isoformat()} · u undoes it", markup=False
            )
            if after is not None:
                after(None)

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.write(lambda: self.journal.delete_touchpoint(uid), deleted, title="Not deleted")

        self.app.push_screen(ConfirmScreen("Delete touchpoint", question), answered)
