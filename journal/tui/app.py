"""The terminal app: key bindings, the command palette and which screen shows what.

The app stays small. Screens live in ``journal.tui.screens`` and talk to the :class:`Journal`; the app only
pushes them, publishes :attr:`ReljournalApp.journal_signal` when the store's generation moves (after a
write, or a refresh when another reljournal wrote the file, which it polls) and nothing else tells screens.

Screens (``journal.tui.screens.common.JournalAware``) say ``selected_person_uid``: the person that
``e`` (edit), ``l`` (log), ``a`` (let go / follow again) and ``enter`` act on.

Nothing typed is lost: every way out (screen keys, ``q``, ctrl+q, ctrl+c, SIGINT, the palette) passes the
one unsaved-changes guard (``journal.tui.screens.guard``); SIGTERM and SIGHUP keep every draft and leave
through Textual, which restores the terminal; drafts left by an earlier run are offered at start. Every
write goes through ``journal.tui.screens.writes.run_write`` (never blocks input on the lock; refused while
the journal file cannot be read), and deletes, let-gos and edits can be undone (``u``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.signal import Signal

from journal.core.errors import JournalError
from journal.core.model import Person, Touchpoint
from journal.store.drafts import DraftStore
from journal.store.journal import Journal
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings, palette
from journal.tui.screens.common import JournalAware
from journal.tui.screens.guard import UnsavedForm, guarded_screens, leave_all
from journal.tui.screens.pond import PondScreen
from journal.tui.screens.status import StickyNote
from journal.tui.screens.undo import Record, UndoStack, undo
from journal.tui.screens.writes import run_write
from journal.tui.widgets.shown import shown

if TYPE_CHECKING:
    from journal.core.weeks import IsoWeek

EXTERNAL_CHANGE_MESSAGE = "Journal updated from another window"
UNREADABLE_TITLE = "The journal file cannot be read"
SHUTDOWN_GRACE = 5.0  # seconds the real app may take to give the terminal back before it just ends
T = TypeVar("T")


class ReljournalApp(App[None]):
    """reljournal: a small, deep pond of people, and the time you spend with them."""

    TITLE = "reljournal"
    CSS_PATH = str(stylesheet("app.tcss"))
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {"pond": PondScreen}
    DEFAULT_MODE = "pond"

    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(self, journal: Journal, *, watch_interval: float = 1.0, demo: bool = False) -> None:
        super().__init__()
        self.journal = journal
        self.watch_interval = watch_interval
        self.demo = demo
        self.drafts = DraftStore(journal.folder)
        self.undo_stack = UndoStack()
        self.journal_unreadable: JournalError | None = None
        self.unreadable_note = StickyNote(self)
        self.lock_note = StickyNote(self)
        self.write_in_progress = False
        self.handle_signals = False  # run_journal turns it on: tests share the event loop with pytest
        self._drafts_warned = False
        # Screens hear of every change here, with the store's generation (see notice_journal_changes).
        self.journal_signal: Signal[int] = Signal(self, "journal-changed")
        self._published = self._journal_state()
        if demo:
            self.title = "reljournal demo"

    # -- lifecycle ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(self.watch_interval, self._poll_journal, name="watch-journal")
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.leave_keeping_drafts)
            loop.add_signal_handler(signal.SIGINT, lambda: self.call_later(self.action_quit))
        from journal.tui.screens.restore import offer_drafts
        from journal.tui.screens.sync import watch_sync

        self.call_after_refresh(offer_drafts, self)
        self.call_after_refresh(watch_sync, self)

    def leave_keeping_drafts(self) -> None:
        """SIGTERM or SIGHUP (a closed terminal, a logout): keep every draft, then exit through Textual,
        which leaves the alternate screen, turns mouse tracking off and gives the terminal back."""
        self.keep_all_drafts()
        self.exit(return_code=0)

    def keep_all_drafts(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, UnsavedForm):
                screen.keep_drafts()

    async def _shutdown(self) -> None:
        """However the app ends (a quit, a signal, a terminal gone, a crash) it shuts down here: the
        drafts are written first, while the forms can still be read.

        A terminal that went away can leave Textual's output thread stuck while it turns the mouse
        off (seen with a closed tmux pane): the real app then ends on its own after
        :data:`SHUTDOWN_GRACE` seconds rather than hanging on, the drafts already on disk.
        """
        self.keep_all_drafts()
        if self.handle_signals:
            watchdog = threading.Timer(SHUTDOWN_GRACE, os._exit, (self.return_code or 0,))
            watchdog.daemon = True
            watchdog.start()
        await super()._shutdown()

    def _poll_journal(self) -> None:
        if not self.journal.storage.changed_on_disk():
            return
        # Read the changed file with a second Journal first: if it cannot be read, this one keeps the
        # state it holds (reads work, the open forms stay) and every write is refused until it can.
        probe = Journal(self.journal.folder, self.journal.clock)
        try:
            probe.storage.read()
            probe.people()
            probe.entries()
            probe.reviews()
            self.journal.refresh()
        except JournalError as error:
            self._journal_unreadable(error)
            return
        finally:
            probe.close()
        if self.journal_unreadable is not None:
            self.journal_unreadable = None
            self.unreadable_note.clear()
            self.notify("The journal file can be read again; saving works again", title="Journal readable")
        self.notice_journal_changes()
        self.notify(EXTERNAL_CHANGE_MESSAGE, timeout=3)

    def _journal_unreadable(self, error: JournalError) -> None:
        if self.journal_unreadable is not None and self.journal_unreadable.message == error.message:
            return
        self.journal_unreadable = error
        self.unreadable_note.show(
            f"{shown(error.message)}\nNothing is written until it can be read again. "
            "What you type is kept as a draft.",
            title=UNREADABLE_TITLE,
            severity="error",
        )

    def _fatal_error(self) -> None:
        """An unexpected error: print its traceback without the locals Textual shows by default, which
        hold the journal's text (a private note must not land in the terminal's scrollback)."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    # -- writing ------------------------------------------------------------------------------

    def write(
        self,
        change: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[str], None] | None = None,
        *,
        title: str = "Not saved",
    ) -> None:
        """Run one journal write without blocking input (see ``journal.tui.screens.writes``)."""

        def applied(result: T) -> None:
            done(result)
            self.notice_journal_changes()

        def refused(message: str) -> None:
            self.notify(message, title=title, severity="error", markup=False)
            if failed is not None:
                failed(message)
            self.notice_journal_changes()  # the write reread the file under its lock: it may have changed

        run_write(self, change, applied, refused)

    def record_undo(self, description: str, before: Record, after: Record | None) -> None:
        self.undo_stack.push(description, before, after)
        self.refresh_bindings()

    def drafts_failed(self, error: Exception) -> None:
        """A draft could not be written (disk full, read-only folder): say so once."""
        if not self._drafts_warned:
            self._drafts_warned = True
            reason = error.message if isinstance(error, JournalError) else str(error)
            self.notify(
                f"Drafts cannot be kept on disk: {reason}. Save or copy what you typed.",
                title="Drafts not kept",
                severity="warning",
                markup=False,
            )

    def _journal_state(self) -> tuple[int, int]:
        storage = self.journal.storage
        return storage.generation, storage.loads

    def notice_journal_changes(self) -> bool:
        """Publish :attr:`journal_signal` once if the store changed since the last time; True if it did.

        Writes and refreshes call it; so may anything that changed the journal behind the app's back.
        """
        state = self._journal_state()
        if state == self._published:
            return False
        self._published = state
        self.journal_signal.publish(state[0])
        self.refresh_bindings()
        return True

    # -- the selected person -----------------------------------------------------------------

    def selected_person_uid(self) -> str | None:
        """The person the current screen has selected, if any (see the module docstring)."""
        return _selected_in(self.screen)

    def _selected_following(self) -> bool | None:
        """True/False when someone is selected (following or archived), None when nobody is."""
        uid = self.selected_person_uid()
        if uid is None:
            return None
        try:
            return self.journal.person(uid).following
        except JournalError:
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _NAVIGATION and self.screen.is_modal:
            return False  # a dialog or form has the keyboard: "l" is a letter there, not "Log"
        if action in ("edit_person", "open_person"):
            return True if self.selected_person_uid() else None
        if action == "undo":  # shown in the footer once there is something to undo
            return bool(self.undo_stack)
        if action in ("let_go", "follow_again"):
            following = self._selected_following()
            if following is None:  # nobody selected: show "Let go", greyed out
                return None if action == "let_go" else False
            return following if action == "let_go" else not following
        return True

    # -- showing screens ---------------------------------------------------------------------

    def show_screen(self, screen: Screen[Any], *, drill_down: bool = False) -> None:
        """Open a full screen without piling up the stack.

        Top-level places (the journal, the review) replace whatever full screen is open above the pond;
        drilling down (into a person) goes on top, so Back returns to where you were. A screen of the
        same kind as the one showing is replaced either way.
        """
        if self.screen.is_modal:
            return
        on_pond = len(self.screen_stack) == 1
        if not on_pond and (type(self.screen) is type(screen) or not drill_down):
            current = self.screen
            if isinstance(current, UnsavedForm):  # switching drops it: nothing typed goes unasked
                current.ask_before_leaving(lambda: self._switch_from(current, screen))
            else:
                self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _switch_from(self, current: Screen[Any], screen: Screen[Any]) -> None:
        if self.screen is current:
            self.switch_screen(screen)

    def leave_guarded(self, then: Callable[[], object]) -> None:
        """Run ``then`` once every screen holding unsaved text was asked and let go."""
        leave_all(guarded_screens(self.screen_stack), then)

    def open_define(self, uid: str | None = None) -> None:
        """The Define form: a new person (``uid`` None) or an edit of ``uid``.

        Adding to a full pond first explains why and offers to let someone go.
        """
        from journal.tui.screens.archive import ArchiveScreen, pond_full_explanation
        from journal.tui.screens.define import DefineScreen

        if uid is not None:
            self.push_screen(DefineScreen(uid), self._after_define)
            return
        following, cap = len(self.journal.following()), self.journal.pond_cap
        if following < cap:
            self.push_screen(DefineScreen(), self._after_define)
            return

        def then_define(archived: str | None) -> None:
            if archived is not None:
                self.push_screen(DefineScreen(), self._after_define)

        self.push_screen(ArchiveScreen(None, pond_full_explanation(following, cap)), then_define)

    def _after_define(self, uid: str | None) -> None:
        """The form saved (and already announced the change): show the person on the current screen."""
        if uid is not None and isinstance(self.screen, PondScreen):
            self.screen.select_person(uid)

    def open_log(self, person_uids: list[str] | None = None, touchpoint: Touchpoint | None = None) -> None:
        from journal.tui.screens.log import LogScreen

        self.push_screen(LogScreen(person_uids, touchpoint))

    def open_person(self, uid: str) -> None:
        from journal.tui.screens.person import PersonScreen

        self.show_screen(PersonScreen(uid), drill_down=True)

    def open_entries(self, person_uid: str | None = None) -> None:
        from journal.tui.screens.entries import EntriesScreen

        self.show_screen(EntriesScreen(person_uid), drill_down=person_uid is not None)

    def open_review(self, week: IsoWeek | None = None) -> None:
        from journal.tui.screens.review import ReviewScreen

        self.show_screen(ReviewScreen(week))

    def let_go(self, uid: str) -> None:
        """Ask for an optional note, then archive ``uid`` (the dialog announces the change)."""
        from journal.tui.screens.archive import ArchiveScreen

        self.push_screen(ArchiveScreen(uid))

    def follow_again(self, uid: str) -> None:
        try:
            before = self.journal.person(uid)
        except JournalError as error:
            self.notify(error.message, title="Cannot follow again", severity="warning", markup=False)
            return

        def followed(person: Person) -> None:
            self.record_undo(f"{person.name} archived again", before, person)
            self.notify(f"{shown(person.name)} is back in your pond · u undoes it", markup=False)

        self.write(lambda: self.journal.refollow(uid), followed, title="Cannot follow again")

    def action_undo(self) -> None:
        step = self.undo_stack.peek()
        if step is None:
            self.notify("Nothing to undo since the app opened")
            return

        def undone(_: Record) -> None:
            self.undo_stack.pop()
            self.refresh_bindings()
            self.notify(f"Undone: {shown(step.description)} is back", markup=False)

        def refused(message: str) -> None:
            if message.startswith("Not undone"):
                self.undo_stack.pop()  # the record moved on: this step can never apply again
                self.refresh_bindings()

        self.write(lambda: undo(self.journal, step), undone, refused, title="Not undone")

    # -- actions (bindings and command palette) ----------------------------------------------

    def action_new_person(self) -> None:
        self.open_define()

    def action_edit_person(self) -> None:
        uid = self.selected_person_uid()
        if uid is not None:
            self.open_define(uid)

    def action_log(self) -> None:
        uid = self.selected_person_uid()
        self.open_log([uid] if uid else None)

    def action_open_person(self) -> None:
        uid = self.selected_person_uid()
        if uid is not None:
            self.open_person(uid)

    def action_let_go(self) -> None:
        uid = self.selected_person_uid()
        if uid is not None and self._selected_following():
            self.let_go(uid)

    def action_follow_again(self) -> None:
        uid = self.selected_person_uid()
        if uid is not None and self._selected_following() is False:
            self.follow_again(uid)

    def action_journal(self) -> None:
        self.open_entries()

    def action_review(self) -> None:
        self.open_review()

    async def action_quit(self) -> None:
        """``q`` and the palette's Quit: ask for every screen holding unsaved text, then quit."""
        from journal.tui.screens.guard import LeaveScreen

        if not isinstance(self.screen, LeaveScreen):  # a second ctrl+q while it asks: one question
            self.leave_guarded(self.exit)

    async def action_leave(self) -> None:
        """ctrl+q and ctrl+c, even over a form: the same question, then quit."""
        await self.action_quit()

    def action_help(self) -> None:
        from journal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        from journal.report import export

        folder = export.default_export_path(self.journal)
        try:
            written = export.export_to_folder(self.journal, folder)
        except (JournalError, OSError) as error:
            reason = error.message if isinstance(error, JournalError) else str(error)
            self.notify(reason, title="Export failed", severity="error", markup=False)
            return
        note = " (a demo: it goes when you quit)" if self.demo else ""
        note += (
            "; plain Markdown: the journal is encrypted, the export is not"
            if self.journal.storage.sealed
            else ""
        )
        self.notify(f"{len(written)} Markdown files in {folder}{note}", title="Exported", markup=False)

    def action_toggle_archived(self) -> None:
        if isinstance(self.screen, PondScreen):
            self.screen.action_toggle_archived()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if not screen.is_modal:
            selected = _selected_in(screen)
            following: bool | None = None
            if selected is not None:
                try:
                    following = self.journal.person(selected).following
                except JournalError:
                    following = None
            yield command("new_person", self.action_new_person)
            if following is not None:
                yield command("edit_person", self.action_edit_person)
                yield command("open_person", self.action_open_person)
            yield command("log", self.action_log)
            if following is True:
                yield command("let_go", self.action_let_go)
            if following is False:
                yield command("follow_again", self.action_follow_again)
            if isinstance(screen, PondScreen):
                yield command("toggle_archived", self.action_toggle_archived)
            step = self.undo_stack.peek()
            if step is not None:
                yield command("undo", self.action_undo, step.description)
            yield command("journal", self.action_journal)
            yield command("review", self.action_review)
            yield command("export", self.action_export)
            yield command("help", self.action_help)
        yield from super().get_system_commands(screen)


def command(action: str, run: Callable[[], object], what: str = "") -> SystemCommand:
    """The palette's entry for the app's ``action``, worded as ``journal.tui.keys`` declares it."""
    title, help_text = palette(action, what)
    return SystemCommand(title, help_text, run)


def _selected_in(screen: Screen[Any]) -> str | None:
    uid = screen.selected_person_uid if isinstance(screen, JournalAware) else None
    return uid or None


# App keys that would act behind a dialog or form; while one is open they rest (ctrl+q still quits).
_NAVIGATION = frozenset(
    {
        "new_person",
        "edit_person",
        "log",
        "let_go",
        "follow_again",
        "journal",
        "review",
        "export",
        "help",
        "quit",
        "open_person",
        "toggle_archived",
        "undo",
    }
)


def run_journal(journal: Journal, *, demo: bool = False, **run_options: Any) -> int:
    """Run the app on an open journal (see ``journal.cli.tui.run_app``); closes it when the app ends."""
    app = ReljournalApp(journal, demo=demo)
    app.handle_signals = True
    try:
        app.run(**run_options)
    finally:
        journal.close()
    return app.return_code or 0
