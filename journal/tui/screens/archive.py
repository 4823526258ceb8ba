"""Let someone go: archive a person with an optional note. Their history stays; they can come back.

With a ``uid`` the dialog asks about that person; without one (the pond is full and you are adding
someone) it explains why and lets you pick who. Dismisses with the archived uid, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from journal.core.errors import JournalError
from journal.core.humanize import ago
from journal.core.model import Person
from journal.core.pond import pond_rows
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataModal
from journal.tui.widgets.shown import shown, user_content


def pond_full_explanation(following: int, cap: int) -> str:
    return (
        f"Your pond is full: {following} of {cap}. It is small on purpose, so the people in it get "
        "your time. To add someone, let someone go first; their history stays and you can "
        "follow them again later."
    )


class ArchiveScreen(DataModal[str | None]):
    """Archive ``uid`` (or a person picked from the pond) with an optional note."""

    CSS_PATH = str(stylesheet("define.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("let-go")

    def __init__(self, uid: str | None = None, explanation: str | None = None) -> None:
        super().__init__()
        self.uid = uid
        self.explanation = explanation

    def compose(self) -> ComposeResult:
        with Vertical(id="archive-dialog", classes="dialog"):
            yield Label("Let someone go", classes="dialog-title")
            if self.explanation:
                yield Static(self.explanation, id="archive-explanation", classes="dialog-warning")
            if self.uid is None:
                yield Label("Who will you let go?", classes="field-label")
                yield OptionList(id="archive-people", compact=True)
            else:
                name = self.journal.person(self.uid).name
                yield Static(
                    Content.assemble(
                        "Let go of ",
                        (name, "bold"),
                        "? Their history stays, and you can follow them again from the archived view (v).",
                    ),
                    id="archive-question",
                )
            yield Label("A note for later (optional)", classes="field-label")
            yield Input(placeholder="why now, what you will miss…", id="archive-note", compact=True)
            yield Label("", id="archive-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Let go", variant="warning", id="archive-confirm", compact=True)
                yield Button("Cancel", id="archive-cancel", compact=True)

    def on_mount(self) -> None:
        if self.uid is None:
            today = self.journal.today()
            options = self.query_one("#archive-people", OptionList)
            for row in pond_rows(self.journal.following(), self.journal.entries(), today):
                prompt = Content.assemble(
                    user_content(row.person.name),
                    ("  last touch " + ago(row.last_contact, today), "$text-muted"),
                )
                options.add_option(Option(prompt, id=row.person.uid))
            if options.option_count:
                options.highlighted = 0
            options.focus()
        else:
            self.query_one("#archive-note", Input).focus()

    def _chosen(self) -> str | None:
        if self.uid is not None:
            return self.uid
        options = self.query_one("#archive-people", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected, "#archive-people")
    def _picked(self) -> None:
        self.query_one("#archive-note", Input).focus()

    @on(Input.Submitted, "#archive-note")
    @on(Button.Pressed, "#archive-confirm")
    def action_confirm(self) -> None:
        uid = self._chosen()
        error = self.query_one("#archive-error", Label)
        if uid is None:
            error.update("Pick someone first.")
            return
        try:
            before = self.journal.person(uid)
        except JournalError as refused:
            error.update(Content(refused.message))
            return
        note = self.query_one("#archive-note", Input).value

        def let_go(person: Person) -> None:
            self.rj.record_undo(f"{person.name} in your pond", before, person)
            self.notify(f"You let {shown(person.name)} go. Their history stays · u undoes it", markup=False)
            self.close_with(uid)

        self.rj.write(
            lambda: self.journal.archive(uid, note),
            let_go,
            lambda message: error.update(Content(message)),
            title="Not let go",
        )

    @on(Button.Pressed, "#archive-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
