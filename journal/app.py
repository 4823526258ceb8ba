"""The terminal app: key bindings, the command palette and which screen shows what.

The app stays small. Screens live in ``journal.screens`` and talk to the :class:`Journal`; the app only
pushes them, tells every screen when the journal changed (``journal_changed``) and polls the file so a
``reljournal log`` typed in another terminal shows up here.

Screens may expose ``selected_person_uid`` (a ``str | None`` attribute or property): the person that
``e`` (edit), ``l`` (log), ``a`` (let go / follow again) and ``enter`` act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from journal.assets import stylesheet
from journal.errors import JournalError
from journal.model import Touchpoint
from journal.screens.common import JournalChanged
from journal.screens.pond import PondScreen
from journal.store import Journal

if TYPE_CHECKING:
    from journal.weeks import IsoWeek

EXTERNAL_CHANGE_MESSAGE = "Journal updated from another window"


class ReljournalApp(App[None]):
    """reljournal: a small, deep pond of people, and the time you spend with them."""

    TITLE = "reljournal"
    CSS_PATH = str(stylesheet("app.tcss"))
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {"pond": PondScreen}
    DEFAULT_MODE = "pond"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_person", "New", tooltip="Add someone to your pond"),
        Binding("e", "edit_person", "Edit", tooltip="Edit what this relationship means"),
        Binding("l", "log", "Log", tooltip="Log a touchpoint"),
        Binding("a", "let_go", "Let go", tooltip="Archive this person, with an optional note"),
        Binding("a", "follow_again", "Follow again", tooltip="Bring this person back into your pond"),
        Binding("j", "journal", "Journal", tooltip="Every touchpoint, newest first"),
        Binding("w", "review", "Review", tooltip="The weekly review"),
        Binding("x", "export", "Export", show=False, tooltip="Export the journal to Markdown"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, journal: Journal, *, watch_interval: float = 1.0, demo: bool = False) -> None:
        super().__init__()
        self.journal = journal
        self.watch_interval = watch_interval
        self.demo = demo
        self.fatal_error: JournalError | None = None
        if demo:
            self.title = "reljournal demo"

    # -- lifecycle ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(self.watch_interval, self._poll_journal, name="watch-journal")

    def _poll_journal(self) -> None:
        if self.fatal_error is not None:
            return
        try:
            changed = self.journal.refresh()
        except JournalError as error:
            # Another process left a file we cannot read: stop before anything reads half a state.
            self.fatal_error = error
            self.exit(return_code=1)
            return
        if changed:
            self.journal_changed(external=True)
            self.notify(EXTERNAL_CHANGE_MESSAGE, timeout=3)

    def journal_changed(self, external: bool = False) -> None:
        """Tell every screen in the stack to redraw from the journal."""
        for screen in self.screen_stack:
            screen.post_message(JournalChanged(external))
        self.refresh_bindings()

    # -- the selected person -----------------------------------------------------------------

    def selected_person_uid(self) -> str | None:
        """The person the current screen has selected, if any (see the module docstring)."""
        uid = getattr(self.screen, "selected_person_uid", None)
        return uid if isinstance(uid, str) and uid else None

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
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_define(self, uid: str | None = None) -> None:
        """The Define form: a new person (``uid`` None) or an edit of ``uid``.

        Adding to a full pond first explains why and offers to let someone go.
        """
        from journal.screens.archive import ArchiveScreen, pond_full_explanation
        from journal.screens.define import DefineScreen

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
        if uid is not None:
            select = getattr(self.screen, "select_person", None)
            if callable(select):
                select(uid)

    def open_log(self, person_uids: list[str] | None = None, touchpoint: Touchpoint | None = None) -> None:
        from journal.screens.log import LogScreen

        # The form announces its own save (journal_changed), like every screen that writes.
        self.push_screen(LogScreen(person_uids, touchpoint))

    def open_person(self, uid: str) -> None:
        from journal.screens.person import PersonScreen

        self.show_screen(PersonScreen(uid), drill_down=True)

    def open_entries(self, person_uid: str | None = None) -> None:
        from journal.screens.entries import EntriesScreen

        self.show_screen(EntriesScreen(person_uid), drill_down=person_uid is not None)

    def open_review(self, week: IsoWeek | None = None) -> None:
        from journal.screens.review import ReviewScreen

        self.show_screen(ReviewScreen(week))

    def let_go(self, uid: str) -> None:
        """Ask for an optional note, then archive ``uid`` (the dialog announces the change)."""
        from journal.screens.archive import ArchiveScreen

        self.push_screen(ArchiveScreen(uid))

    def follow_again(self, uid: str) -> None:
        try:
            person = self.journal.refollow(uid)
        except JournalError as error:
            self.notify(error.message, title="Cannot follow again", severity="warning", markup=False)
            return
        self.journal_changed()
        self.notify(f"{person.name} is back in your pond", markup=False)

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

    def action_help(self) -> None:
        from journal.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        from journal import export

        folder = export.default_export_path(self.journal)
        try:
            written = export.export_to_folder(self.journal, folder)
        except (JournalError, OSError) as error:
            reason = error.message if isinstance(error, JournalError) else str(error)
            self.notify(reason, title="Export failed", severity="error", markup=False)
            return
        note = " (a demo: it goes when you quit)" if self.demo else ""
        self.notify(f"{len(written)} Markdown files in {folder}{note}", title="Exported", markup=False)

    def action_toggle_archived(self) -> None:
        toggle = getattr(self.screen, "action_toggle_archived", None)
        if callable(toggle):
            toggle()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if not screen.is_modal:
            selected = getattr(screen, "selected_person_uid", None)
            following: bool | None = None
            if isinstance(selected, str) and selected:
                try:
                    following = self.journal.person(selected).following
                except JournalError:
                    following = None
            yield SystemCommand("New person", "Define a new relationship (n)", self.action_new_person)
            if following is not None:
                yield SystemCommand(
                    "Edit definition", "What this relationship means to you (e)", self.action_edit_person
                )
                yield SystemCommand(
                    "Open person", "Full history of this person (enter)", self.action_open_person
                )
            yield SystemCommand("Log touchpoint", "Record time spent together (l)", self.action_log)
            if following is True:
                yield SystemCommand("Let go", "Archive this person, with a note (a)", self.action_let_go)
            if following is False:
                yield SystemCommand("Follow again", "Back into your pond (a)", self.action_follow_again)
            if hasattr(screen, "action_toggle_archived"):
                yield SystemCommand(
                    "Toggle archived", "Show the people you let go (v)", self.action_toggle_archived
                )
            yield SystemCommand("Journal", "Every touchpoint, newest first (j)", self.action_journal)
            yield SystemCommand("Weekly review", "Look back at the week (w)", self.action_review)
            yield SystemCommand("Export", "Write the journal as Markdown files (x)", self.action_export)
            yield SystemCommand("Help", "The ideas behind reljournal and the keys (?)", self.action_help)
        yield from super().get_system_commands(screen)


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
    }
)


def run_journal(journal: Journal, *, demo: bool = False, **run_options: Any) -> int:
    """Run the app on an open journal (see ``journal.cli.tui.run_app``); closes it when the app ends."""
    app = ReljournalApp(journal, demo=demo)
    try:
        app.run(**run_options)
    finally:
        journal.close()
    if app.fatal_error is not None:
        raise app.fatal_error
    return app.return_code or 0
