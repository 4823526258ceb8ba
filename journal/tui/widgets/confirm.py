"""A yes/no question before something that cannot be undone. ``y`` confirms, ``n`` or escape keeps."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from journal.tui.assets import stylesheet
from journal.tui.keys import bindings


class ConfirmScreen(ModalScreen[bool]):
    """Ask before acting. ``question`` is built by the caller as Content (user text stays literal)."""

    CSS_PATH = str(stylesheet("touchpoint.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, title: str, question: Content, *, confirm: str = "Delete", keep: str = "Keep") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.confirm_label = confirm
        self.keep_label = keep

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(Content(self.title_text), id="confirm-title")
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    Content(f"{self.confirm_label}  y"), id="confirm-yes", variant="error", compact=True
                )
                yield Button(
                    Content(f"{self.keep_label}  n"), id="confirm-no", variant="primary", compact=True
                )

    def on_mount(self) -> None:
        # The safe answer has the focus: a stray enter keeps the data.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")
