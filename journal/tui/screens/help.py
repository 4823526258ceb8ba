"""Help (``?``): the ideas reljournal is built on, in a few lines, and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from journal.tui.assets import stylesheet
from journal.tui.keys import bindings, help_groups

IDEAS = """\
**A small, deep pond.** Follow only the people you genuinely want to hear from. The pond has a cap \
(15 by default); to add someone to a full pond, let someone go first. Their history stays.

**Your relationship isn't mine.** For each person, say what you want from the relationship *and* what \
you think they want, across seven facets. Where the two sides differ, it is highlighted.

**Time is the currency.** Log how long you spent and over which channel. Channels form a ladder, \
poorest first: reaction · comment · direct message · email · letter/gift · call · video · in person.

**Felt.** Mark a touchpoint *genuine*, *routine* or *automated*. Automated contact (a canned DM) is \
logged so you notice it, but it never counts as depth or as keeping in touch.

**Give and take.** Note who reached out: you, them, or both. One-sided relationships show up in the review.

**Drift.** Give someone a cadence and the pond shows when you are due or overdue; without one, \
reljournal notices when you are well past your usual gap. Once a week, the review looks at it all.

The numbers are evidence for your own reflection, never a verdict on a person. \
Everything stays on this machine.
"""


def keys_content() -> Content:
    """The key list (``journal.tui.keys.HELP``), grouped, keys aligned in a column (fixed text, no user input)."""
    groups = help_groups()
    width = max(len(key) for _, keys in groups for key, _ in keys)
    lines: list[Content] = []
    for group, keys in groups:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(group, "bold $text-primary"))
        for key, what in keys:
            lines.append(Content.assemble(("  " + key.rjust(width), "bold $text-accent"), "  ", what))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The ideas and the keys. Any of esc, q or ? closes it."""

    CSS_PATH = str(stylesheet("help.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label("reljournal · the ideas and the keys", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Markdown(IDEAS, id="help-ideas")
                yield Label("Keys", id="help-keys-title")
                yield Static(keys_content(), id="help-keys")
            yield Label("esc to close · ↑↓ pgup pgdn to scroll", id="help-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
