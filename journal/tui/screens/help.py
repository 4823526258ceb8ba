"""Help (``?``): the ideas reljournal is built on, in a few lines, and the keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown, Static

from journal.tui.assets import stylesheet

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

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Pond",
        (
            ("↑ ↓", "move between people"),
            ("enter", "open the person: their full history"),
            ("tab", "move to the detail panel (↑ ↓ scroll it)"),
            ("e", "edit what the relationship means (the earlier version is kept)"),
            ("a", "let go, with a note, or follow again"),
            ("v", "the people you let go / back to the pond"),
        ),
    ),
    (
        "Person",
        (
            ("enter o", "read a touchpoint in full"),
            ("e d", "edit / delete the highlighted touchpoint"),
            ("l", "log a touchpoint with them"),
            ("r", "redefine what the relationship means"),
            ("v", "switch between history and definition (narrow terminals)"),
        ),
    ),
    (
        "Journal",
        (
            ("/", "search notes and names; #tag matches a tag"),
            ("c", "clear every filter"),
            ("enter e d", "read / edit / delete the highlighted touchpoint"),
            ("home end", "first / last touchpoint"),
        ),
    ),
    (
        "Weekly review",
        (
            ("[ ]", "previous / next week"),
            ("w", "back to this week"),
            ("ctrl+s", "save the reflection, intentions and ticks"),
            ("x", "export this week to Markdown"),
        ),
    ),
    (
        "Anywhere",
        (
            ("n", "add someone: what does this relationship mean to you?"),
            ("l", "log a touchpoint (for the selected person)"),
            ("j", "journal: every touchpoint, newest first"),
            ("w", "weekly review"),
            ("x", "export everything to Markdown"),
            ("ctrl+p", "command palette: every action, and the themes"),
            ("u", "undo the last delete, let-go or edit made since the app opened"),
            ("?", "this help"),
            ("q ctrl+q", "quit (unsaved text asks first: save, keep a draft or discard)"),
        ),
    ),
    (
        "Forms",
        (
            ("tab", "next field (enter too, in a one-line field)"),
            ("type", "in the Log form's people list: filter, enter picks"),
            ("1-5 m t", "on a choice bar (me · them · mutual…): pick by digit or first letter"),
            ("← → ↑ ↓", "move between the facet boxes; space ticks"),
            ("ctrl+s", "save"),
            ("esc", "cancel or go back (unsaved text asks first)"),
            ("ctrl+z", "undo typing in a text field"),
        ),
    ),
)


def keys_content() -> Content:
    """The key list, grouped, keys aligned in a column (fixed text, no user input)."""
    width = max(len(key) for _, keys in KEYS for key, _ in keys)
    lines: list[Content] = []
    for group, keys in KEYS:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(group, "bold $text-primary"))
        for key, what in keys:
            lines.append(Content.assemble(("  " + key.rjust(width), "bold $text-accent"), "  ", what))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The ideas and the keys. Any of esc, q or ? closes it."""

    CSS_PATH = str(stylesheet("help.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False, key_display="?"),
        Binding("q", "close", "Close", show=False),
    ]

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
