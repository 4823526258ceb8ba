"""At start, offer back the drafts an earlier run left (a crash, a closed terminal, "keep as draft").

"You have an unsaved touchpoint with Sam from 14:02 — restore / discard / later". Restoring opens the
form the draft came from, filled with it; the next draft is offered when that form closes. Words
shown here come from the journal (names) or pass through ``for_terminal`` (a typed name).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from journal.core.errors import JournalError
from journal.core.textsafe import for_terminal_line, one_line
from journal.core.weeks import IsoWeek
from journal.store.drafts import Draft
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings

if TYPE_CHECKING:
    from journal.tui.app import ReljournalApp

RESTORE, DISCARD, LATER = "restore", "discard", "later"


def _names(app: ReljournalApp, uids: tuple[str, ...]) -> str:
    known = {p.uid: p.name for p in app.journal.people()}
    return ", ".join(known[uid] for uid in uids if uid in known)


def _week(target: str) -> IsoWeek | None:
    try:
        return IsoWeek.parse(target)
    except (ValueError, JournalError):
        return None


def describe(app: ReljournalApp, draft: Draft) -> str:
    """Plain words for what the draft holds ("touchpoint with Sam", "review of 2026-W47")."""
    if draft.kind == "log":
        who = _names(app, draft.items("people"))
        what = "touchpoint" if draft.target == "new" else "edit of a touchpoint"
        return f"{what} with {who}" if who else what
    if draft.kind == "define":
        if draft.target == "new":
            name = one_line(for_terminal_line(draft.text("name").strip()), 40)
            return f"new person “{name}”" if name else "new person"
        return f"edit of {_names(app, (draft.target,)) or 'someone'}'s definition"
    return f"weekly review of {draft.target}"


def when(saved_at: datetime, now: datetime) -> str:
    if saved_at.date() == now.date():
        return f"{saved_at:%H:%M}"
    return f"{saved_at:%a} {saved_at.day} {saved_at:%b %Y} {saved_at:%H:%M}"


class RestoreScreen(ModalScreen[str]):
    """Restore, discard or keep for later one draft an earlier run left."""

    CSS_PATH = str(stylesheet("touchpoint.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("restore")

    def __init__(self, what: str, saved: str) -> None:
        super().__init__()
        self.what = what
        self.saved = saved

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Content("Unsaved draft"), id="confirm-title")
            yield Static(
                Content.assemble(
                    "You have an unsaved ", (self.what, "bold"), f" from {self.saved}.\nRestore it?"
                ),
                id="confirm-question",
            )
            with Horizontal(id="confirm-buttons"):
                yield Button(Content("Restore  r"), id=f"draft-{RESTORE}", variant="primary", compact=True)
                yield Button(Content("Discard  x"), id=f"draft-{DISCARD}", variant="error", compact=True)
                yield Button(Content("Later  esc"), id=f"draft-{LATER}", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#draft-{RESTORE}", Button).focus()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("draft-") or LATER)


def offer_drafts(app: ReljournalApp, skip: frozenset[str] = frozenset()) -> None:
    """Offer the newest draft not yet answered; each answer moves on to the next."""
    draft = next((d for d in app.drafts.all() if d.key not in skip), None)
    if draft is None:
        return
    seen = skip | {draft.key}

    def answered(answer: str | None) -> None:
        if answer == RESTORE:
            restore(app, draft, lambda: offer_drafts(app, seen))
            return
        if answer == DISCARD:
            try:
                app.drafts.remove(draft.key)
            except (OSError, JournalError) as error:
                app.drafts_failed(error)
        offer_drafts(app, seen)

    app.push_screen(RestoreScreen(describe(app, draft), when(draft.saved_at, app.journal.clock())), answered)


def restore(app: ReljournalApp, draft: Draft, then: object) -> None:
    """Open the form ``draft`` came from, filled with it; ``then()`` when it closes."""
    from journal.tui.screens.define import DefineScreen
    from journal.tui.screens.log import LogScreen
    from journal.tui.screens.review import ReviewScreen

    def closed(_: object) -> None:
        if callable(then):
            then()

    if draft.kind == "log":
        app.push_screen(LogScreen(draft=draft), closed)
    elif draft.kind == "define":
        app.push_screen(DefineScreen(draft=draft), closed)
    else:
        week = _week(draft.target)
        if week is None:
            app.drafts.remove(draft.key)
        else:
            app.show_screen(ReviewScreen(week))
        closed(None)
