"""Every key of the app, declared once: what it runs, what the footer calls it, what help says.

Each screen's and widget's ``BINDINGS`` is :func:`bindings` of its place; the command palette takes its
titles from :func:`palette`; the ``?`` help screen and the README's key table are drawn from
:data:`HELP` (tests/test_tui_keys.py proves the README matches and that no binding is declared
elsewhere). A key with no ``keys`` is one a Textual widget already has (↑ ↓ in a list, tab between
fields): it is told in help but bound by nobody here.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    """One key in one place (``where``: the screen or widget that binds it, or ``app``)."""

    where: str
    action: str
    keys: str = ""  # Textual key names as ``Binding`` takes them ("enter,o"); "" for a widget's own key
    description: str = ""  # the footer's word for it
    help: str = ""  # the line in ``?`` help and the README ("" for a key told on another key's line)
    help_keys: str = ""  # how help writes the keys (default: ``key_display``, else ``keys``)
    show: bool = True
    key_display: str | None = None
    tooltip: str = ""
    priority: bool = False
    system: bool = False
    palette: str = ""  # the command palette's title ("" : not offered there)
    palette_help: str = ""  # the palette's line under the title; ``{what}`` takes a detail

    @property
    def shown_keys(self) -> str:
        return self.help_keys or self.key_display or self.keys.replace(",", " ")

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            system=self.system,
        )


def _answer(value: str) -> str:
    return f"answer('{value}')"


KEYS: tuple[Key, ...] = (
    # -- the app: these work on every full screen (a dialog or form rests them; ctrl+q still quits)
    Key("app", "new_person", "n", "New", tooltip="Add someone to your pond",
        help="add someone: what does this relationship mean to you?",
        palette="New person", palette_help="Define a new relationship"),
    Key("app", "edit_person", "e", "Edit", tooltip="Edit what this relationship means",
        help="edit what the relationship means (the earlier version is kept)",
        palette="Edit definition", palette_help="What this relationship means to you"),
    Key("app", "log", "l", "Log", tooltip="Log a touchpoint",
        help="log a touchpoint (for the selected person)",
        palette="Log touchpoint", palette_help="Record time spent together"),
    Key("app", "let_go", "a", "Let go", tooltip="Archive this person, with an optional note",
        help="let go, with a note, or follow again",
        palette="Let go", palette_help="Archive this person, with a note"),
    Key("app", "follow_again", "a", "Follow again", tooltip="Bring this person back into your pond",
        palette="Follow again", palette_help="Back into your pond"),
    Key("app", "journal", "j", "Journal", tooltip="Every touchpoint, newest first",
        help="journal: every touchpoint, newest first",
        palette="Journal", palette_help="Every touchpoint, newest first"),
    Key("app", "review", "w", "Review", tooltip="The weekly review", help="weekly review",
        palette="Weekly review", palette_help="Look back at the week"),
    Key("app", "export", "x", "Export", show=False, tooltip="Export the journal to Markdown",
        help="export everything to Markdown",
        palette="Export", palette_help="Write the journal as Markdown files"),
    Key("app", "undo", "u", "Undo", tooltip="Undo the last delete, let-go or edit",
        help="undo the last delete, let-go or edit made since the app opened",
        palette="Undo", palette_help="Bring back {what}"),
    Key("app", "help", "question_mark", "Help", key_display="?", help="this help",
        palette="Help", palette_help="The ideas behind reljournal and the keys"),
    Key("app", "quit", "q", "Quit", help="quit (unsaved text asks first: save, keep a draft or discard)",
        help_keys="q ctrl+q"),
    # Unlike q these work over forms and dialogs too (a text field keeps ctrl+c for copy).
    Key("app", "leave", "ctrl+q", "Quit", show=False, priority=True),
    Key("app", "leave", "ctrl+c", "Quit", show=False, system=True),
    # App actions run from the palette; on the screen a screen's own key runs them.
    Key("app", "open_person", palette="Open person", palette_help="Full history of this person",
        help_keys="enter"),
    Key("app", "toggle_archived", palette="Toggle archived", palette_help="Show the people you let go",
        help_keys="v"),
    Key("app", "command_palette", help="command palette: every action, and the themes", help_keys="ctrl+p"),
    # -- the pond
    Key("pond", "show_archived", "v", "Archived", tooltip="Show the people you let go",
        help="the people you let go / back to the pond"),
    Key("pond", "show_pond", "v", "Pond", tooltip="Back to the people you follow"),
    Key("pond", "focus_panel", help="move to the detail panel (↑ ↓ scroll it)", help_keys="tab"),
    Key("pond-table", "cursor", help="move between people", help_keys="↑ ↓"),
    Key("pond-table", "select_cursor", "enter", "Open", tooltip="Open this person's full history",
        help="open the person: their full history"),
    # -- a person
    Key("person", "back", "escape", "Back"),
    Key("person", "log", "l", "Log", help="log a touchpoint with them"),
    Key("person", "open", "enter,o", "Open", show=False, help="read a touchpoint in full"),
    Key("person", "edit", "e", "Edit", help="edit / delete the highlighted touchpoint", help_keys="e d"),
    Key("person", "delete", "d", "Delete"),
    Key("person", "redefine", "r", "Redefine", tooltip="Edit what this relationship means (kept dated)",
        help="redefine what the relationship means"),
    Key("person", "show_about", "v", "About", tooltip="Show the definition and depth",
        help="switch between history and definition (narrow terminals)"),
    Key("person", "show_history", "v", "History", tooltip="Show the touchpoints"),
    # -- the Journal: every touchpoint
    Key("touchpoints", "back", "escape", "Back"),
    Key("touchpoints", "focus_search", "slash", "Search", key_display="/",
        help="search notes and names; #tag matches a tag"),
    Key("touchpoints", "log", "l", "Log"),
    Key("touchpoints", "open", "enter,o", "Open", show=False,
        help="read / edit / delete the highlighted touchpoint", help_keys="enter e d"),
    Key("touchpoints", "edit", "e", "Edit"),
    Key("touchpoints", "delete", "d", "Delete"),
    Key("touchpoints", "clear_filters", "c", "Clear filters", help="clear every filter"),
    Key("touchpoint-table", "scroll_top", "home", "First", show=False, help="first / last touchpoint",
        help_keys="home end"),
    Key("touchpoint-table", "scroll_bottom", "end", "Last", show=False),
    # -- one touchpoint, read in full
    Key("touchpoint", "dismiss(None)", "escape,q", "Close"),
    Key("touchpoint", "dismiss('edit')", "e", "Edit"),
    Key("touchpoint", "dismiss('delete')", "d", "Delete"),
    # -- the weekly review
    Key("review", "previous_week", "left_square_bracket", "Prev week", key_display="[",
        help="previous / next week", help_keys="[ ]"),
    Key("review", "next_week", "right_square_bracket", "Next week", key_display="]"),
    Key("review", "save", "ctrl+s", "Save", priority=True, help="save the reflection, intentions and ticks"),
    Key("review", "export_week", "x", "Export", tooltip="Write this week as Markdown",
        help="export this week to Markdown"),
    Key("review", "this_week", "w", "This week", show=False, help="back to this week"),
    Key("review", "back", "escape", "Back"),
    # -- the forms: Log and Define
    Key("form", "focus_next", help="next field (enter too, in a one-line field)", help_keys="tab"),
    Key("form", "filter_people", help="in the Log form's people list: filter, enter picks", help_keys="type"),
    Key("form", "save", "ctrl+s", "Save", priority=True, help="save"),
    Key("form", "cancel", "escape", "Cancel", help="cancel or go back (unsaved text asks first)",
        help_keys="esc"),
    Key("form", "undo_typing", help="undo typing in a text field", help_keys="ctrl+z"),
    Key("note", "screen.edit_note", "ctrl+o", "Editor",
        help="in the Log form's note: write it in your $VISUAL / $EDITOR"),
    Key("choice-bar", "move(-1)", "left", "Previous", show=False,
        help="on a choice bar (me · them · mutual…): pick by digit or first letter", help_keys="1-5 m t"),
    Key("choice-bar", "move(1)", "right,space", "Next", show=False),
    Key("choice-bar", "first", "home", "First", show=False),
    Key("choice-bar", "last", "end", "Last", show=False),
    Key("facet-grid", "move(-1, 0)", "up", "Up", show=False,
        help="move between the facet boxes; space ticks", help_keys="← → ↑ ↓"),
    Key("facet-grid", "move(1, 0)", "down", "Down", show=False),
    Key("facet-grid", "move(0, -1)", "left", "Left", show=False),
    Key("facet-grid", "move(0, 1)", "right", "Right", show=False),
    Key("facet-grid", "leave(1)", "tab", "Next field", show=False),
    Key("facet-grid", "leave(-1)", "shift+tab", "Previous field", show=False),
    # -- dialogs
    Key("let-go", "cancel", "escape", "Cancel"),
    Key("let-go", "confirm", "ctrl+s", "Let go", priority=True),
    Key("confirm", "answer(True)", "y", "Yes"),
    Key("confirm", "answer(False)", "n,escape", "No"),
    Key("confirm", "app.focus_next", "left,right", "Switch", show=False),
    Key("leave", _answer("save"), "s", "Save"),
    Key("leave", _answer("draft"), "d", "Keep draft"),
    Key("leave", _answer("discard"), "x", "Discard"),
    Key("leave", _answer("edit"), "escape,k", "Keep editing"),
    Key("leave", "app.focus_next", "left,right", "Switch", show=False),
    Key("restore", _answer("restore"), "r", "Restore"),
    Key("restore", _answer("discard"), "x", "Discard"),
    Key("restore", _answer("later"), "escape,l", "Later"),
    Key("restore", "app.focus_next", "left,right", "Switch", show=False),
    Key("unlock", "leave", "escape", "Quit", priority=True),
    Key("unlock", "leave", "ctrl+c", "Quit", show=False, priority=True),
    Key("help", "close", "escape", "Close"),
    Key("help", "close", "question_mark", "Close", show=False, key_display="?"),
    Key("help", "close", "q", "Close", show=False),
)  # fmt: skip

# The ``?`` help screen and the README, group by group: (where, action) of each key told.
HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Pond",
        (
            ("pond-table", "cursor"),
            ("pond-table", "select_cursor"),
            ("pond", "focus_panel"),
            ("app", "edit_person"),
            ("app", "let_go"),
            ("pond", "show_archived"),
        ),
    ),
    (
        "Person",
        (
            ("person", "open"),
            ("person", "edit"),
            ("person", "log"),
            ("person", "redefine"),
            ("person", "show_about"),
        ),
    ),
    (
        "Journal",
        (
            ("touchpoints", "focus_search"),
            ("touchpoints", "clear_filters"),
            ("touchpoints", "open"),
            ("touchpoint-table", "scroll_top"),
        ),
    ),
    (
        "Weekly review",
        (
            ("review", "previous_week"),
            ("review", "this_week"),
            ("review", "save"),
            ("review", "export_week"),
        ),
    ),
    (
        "Anywhere",
        (
            ("app", "new_person"),
            ("app", "log"),
            ("app", "journal"),
            ("app", "review"),
            ("app", "export"),
            ("app", "command_palette"),
            ("app", "undo"),
            ("app", "help"),
            ("app", "quit"),
        ),
    ),
    (
        "Forms",
        (
            ("form", "focus_next"),
            ("form", "filter_people"),
            ("choice-bar", "move(-1)"),
            ("facet-grid", "move(-1, 0)"),
            ("form", "save"),
            ("form", "cancel"),
            ("form", "undo_typing"),
            ("note", "screen.edit_note"),
        ),
    ),
)


def bindings(where: str) -> list[BindingType]:
    """The ``BINDINGS`` of ``where``, in the order the footer shows them."""
    return [key.binding() for key in KEYS if key.where == where and key.keys]


def declared(where: str, action: str) -> Key:
    """The key of ``action`` in ``where`` (the first, when several keys run it)."""
    return next(key for key in KEYS if key.where == where and key.action == action)


def palette(action: str, what: str = "") -> tuple[str, str]:
    """The command palette's title and help line for the app's ``action``, the key named at the end."""
    key = declared("app", action)
    return key.palette, f"{key.palette_help.format(what=what)} ({key.shown_keys})"


def help_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """What ``?`` help lists: each group's (keys, what they do)."""
    return [
        (group, [(key.shown_keys, key.help) for key in (declared(*place) for place in places)])
        for group, places in HELP
    ]


def readme_table() -> str:
    """The README's key table (a test keeps the README's copy equal to it)."""
    lines = ["| where | key | what it does |", "|---|---|---|"]
    for group, rows in help_groups():
        for keys, what in rows:
            shown = " ".join(f"`{key}`" for key in keys.split(" "))
            lines.append(f"| {group} | {shown} | {what} |")
    return "\n".join(lines)
