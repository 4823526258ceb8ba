"""A one-line segmented choice (``me · them · mutual``): left/right pick, no separate confirm step.

Used by the Log form for who reached out, how it felt and the closeness felt. Unlike a RadioSet, moving
the cursor *is* choosing, so a person can never tab away from a highlighted-but-unpicked option.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from journal.tui.keys import bindings


class ChoiceBar(Widget, can_focus=True):
    """Pick one of a few short options. ``value`` is the chosen option's value."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("choice-bar")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-bar--option",
        "choice-bar--chosen",
        "choice-bar--separator",
    }

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The chosen option changed."""

        def __init__(self, choice_bar: ChoiceBar, value: str) -> None:
            super().__init__()
            self.choice_bar = choice_bar
            self.value = value

        @property
        def control(self) -> ChoiceBar:
            return self.choice_bar

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``options`` are (value, label) pairs; labels are plain text, never markup."""
        super().__init__(id=id, classes=classes)
        if not options:
            raise ValueError("a ChoiceBar needs at least one option")
        self._options = list(options)
        self._values = [option_value for option_value, _ in self._options]
        self.set_reactive(ChoiceBar.value, value if value in self._values else self._values[0])

    @property
    def index(self) -> int:
        return self._values.index(self.value)

    def validate_value(self, value: str) -> str:
        return value if value in self._values else self._values[0]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        self.value = self._values[(self.index + step) % len(self._values)]

    def action_first(self) -> None:
        self.value = self._values[0]

    def action_last(self) -> None:
        self.value = self._values[-1]

    def on_key(self, event: events.Key) -> None:
        """Digits pick directly (1 = first option); a letter picks the next option starting with it."""
        if event.character is None or not event.character.isprintable() or event.character == " ":
            return
        if event.character.isdigit():
            for value, label in self._options:
                if label.strip() == event.character or value == event.character:
                    self.value = value
                    event.stop()
                    return
            position = int(event.character) - 1
            if 0 <= position < len(self._values):
                self.value = self._values[position]
                event.stop()
            return
        letter = event.character.casefold()
        count = len(self._options)
        for step in range(1, count + 1):
            value, label = self._options[(self.index + step) % count]
            if label.casefold().startswith(letter):
                self.value = value
                event.stop()
                return

    def on_click(self, event: events.Click) -> None:
        x = event.x
        for value, label in self._options:
            width = len(label) + 2
            if x < width:
                self.value = value
                return
            x -= width + 1

    def render(self) -> Content:
        option_style = self.get_visual_style("choice-bar--option")
        chosen_style = self.get_visual_style("choice-bar--chosen")
        separator_style = self.get_visual_style("choice-bar--separator")
        parts: list[Content] = []
        for position, (value, label) in enumerate(self._options):
            if position:
                parts.append(Content.styled("·", separator_style))
            style = chosen_style if value == self.value else option_style
            parts.append(Content.styled(f" {label} ", style))
        return Content("").join(parts)
