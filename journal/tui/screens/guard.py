"""The one unsaved-changes guard: nothing a person typed is dropped on the way out of a screen.

A screen that holds typed text (the Log and Define forms, the weekly review) mixes in
:class:`UnsavedForm` and says what it holds (``unsaved_drafts``: draft key -> fields, keyed by the
records' field names) and how to save it (``save_unsaved``). The guard then

- keeps the text on disk as it is typed (``typed`` debounces: :data:`DRAFT_DELAY` seconds after the
  last change) and on every way out, through the app's :class:`journal.store.drafts.DraftStore`;
- asks before any way out (its own escape, the app's screen keys, ``q``, ctrl+q, ctrl+c, the palette:
  see ``ReljournalApp.leave_guarded``) with one dialog: save, keep as a draft, discard, keep editing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Static

from journal.core.errors import JournalError
from journal.store.drafts import Draft, FieldValue
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings

if TYPE_CHECKING:
    from journal.store.drafts import DraftStore

DRAFT_DELAY = 0.5  # seconds after the last keystroke before the draft is written
DRAFT_MAX_DELAY = 2.0  # seconds at most between draft writes while typing goes on

SAVE, KEEP_DRAFT, DISCARD, KEEP_EDITING = "save", "draft", "discard", "edit"
DraftFields = Mapping[str, FieldValue]


class LeaveScreen(ModalScreen[str]):
    """Save, keep as a draft, discard or keep editing: the one question before unsaved text goes."""

    CSS_PATH = str(stylesheet("touchpoint.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("leave")

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Content("Unsaved changes"), id="confirm-title")
            yield Static(
                Content.assemble(
                    "You have not saved ",
                    (self.what, "bold"),
                    ".\nA draft is kept beside the journal and offered at the next start.",
                ),
                id="confirm-question",
            )
            with Horizontal(id="confirm-buttons"):
                yield Button(Content("Save  s"), id=f"leave-{SAVE}", variant="primary", compact=True)
                yield Button(Content("Keep draft  d"), id=f"leave-{KEEP_DRAFT}", compact=True)
                yield Button(Content("Discard  x"), id=f"leave-{DISCARD}", variant="error", compact=True)
                yield Button(Content("Keep editing  esc"), id=f"leave-{KEEP_EDITING}", compact=True)

    def on_mount(self) -> None:
        # The safe answer has the focus: a stray enter loses nothing.
        self.query_one(f"#leave-{KEEP_EDITING}", Button).focus()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("leave-") or KEEP_EDITING)


class UnsavedForm:
    """Mixin for a screen that holds typed text (see the module docstring)."""

    app: Any
    _draft_timer: Timer | None = None
    _draft_pending_since: float = 0.0  # when the pending draft write was first asked for
    _held_drafts: frozenset[str] = frozenset()
    _discarded = False  # the person chose to discard: no draft is written on the way out

    # -- what the screen provides ------------------------------------------------------------

    def unsaved_drafts(self) -> dict[str, DraftFields]:
        """Each unsaved thing this screen holds, by draft key; empty when all is saved."""
        raise NotImplementedError

    def unsaved_summary(self) -> str:
        """Plain words for what is unsaved ("the touchpoint with Sam")."""
        raise NotImplementedError

    def save_unsaved(self, done: Callable[[bool], None]) -> None:
        """Save what the screen holds; ``done(True)`` once saved, ``done(False)`` when refused."""
        raise NotImplementedError

    # -- what the guard does -----------------------------------------------------------------

    def has_unsaved(self) -> bool:
        return bool(self.unsaved_drafts())

    def adopt_draft(self, key: str) -> None:
        """This screen now holds the kept draft ``key``: saving or discarding removes it."""
        self._held_drafts = self._held_drafts | {key}

    def typed(self) -> None:
        """Something changed: write the draft once typing pauses, and at least every
        :data:`DRAFT_MAX_DELAY` seconds while it does not (a long paragraph typed without a pause)."""
        self._discarded = False
        now = monotonic()
        if self._draft_timer is not None:
            if now - self._draft_pending_since >= DRAFT_MAX_DELAY - DRAFT_DELAY:
                return  # the pending write fires soon; waiting longer would risk more text
            self._draft_timer.stop()
        else:
            self._draft_pending_since = now
        self._draft_timer = self.app.set_timer(DRAFT_DELAY, self.keep_drafts, name="keep-draft")

    def keep_drafts(self) -> None:
        """Write what is unsaved now, and remove this screen's drafts that are no longer unsaved."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        store: DraftStore | None = getattr(self.app, "drafts", None)
        if store is None or self._discarded or self not in self.app.screen_stack:
            return  # a screen already gone (a late timer) keeps its drafts as they were written
        try:
            held = self.unsaved_drafts()
        except NoMatches:  # a screen being torn down has no form left to read
            return
        now = self.app.journal.clock()
        try:
            for key in self._held_drafts - set(held):
                store.remove(key)
            for key, fields in held.items():
                store.put(Draft(key, now, dict(fields)))
        except (OSError, JournalError) as error:
            self.app.drafts_failed(error)
            return
        self._held_drafts = frozenset(held)

    def forget_drafts(self) -> None:
        """Saved or discarded: the kept drafts go."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        store: DraftStore | None = getattr(self.app, "drafts", None)
        if store is not None:
            try:
                for key in self._held_drafts:
                    store.remove(key)
            except (OSError, JournalError) as error:
                self.app.drafts_failed(error)
        self._held_drafts = frozenset()

    def ask_before_leaving(self, then: Callable[[], object]) -> None:
        """Run ``then`` (the way out) once nothing unsaved would be lost by it."""
        if not self.has_unsaved():
            self.forget_drafts()
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == SAVE:
                self.save_unsaved(lambda saved: None if not saved else _run(then))
            elif answer == KEEP_DRAFT:
                self.keep_drafts()
                then()
            elif answer == DISCARD:
                self.forget_drafts()
                self._discarded = True
                then()

        self.keep_drafts()  # whatever is answered, the text is on disk while the question is open
        self.app.push_screen(LeaveScreen(self.unsaved_summary()), answered)


def _run(then: Callable[[], object]) -> None:
    then()


def guarded_screens(stack: list[Any]) -> list[UnsavedForm]:
    """The screens in ``stack`` holding unsaved text, topmost first."""
    return [s for s in reversed(stack) if isinstance(s, UnsavedForm) and s.has_unsaved()]


def leave_all(screens: list[UnsavedForm], then: Callable[[], object]) -> None:
    """Ask each of ``screens`` in turn; ``then`` runs when every one let go (keep editing stops)."""
    if not screens:
        then()
        return
    first, rest = screens[0], screens[1:]
    first.ask_before_leaving(lambda: leave_all(rest, then))
