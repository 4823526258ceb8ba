"""The follow list as a table: one row per person, keyed by uid, cursor kept across refreshes.

Cells are ``rich.text.Text`` (a plain ``str`` cell would be parsed as markup by DataTable), coloured
from the current theme's variables so every Textual theme applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.color import Color, ColorParseError
from textual.widgets import DataTable

from journal.tui.keys import bindings
from journal.tui.widgets.shown import user_text

# How a status reads: "good" (on track), "due" (soon), "late" (overdue or drifting), "quiet" (no judgement).
Tone = str
_TONE_VARIABLE: dict[Tone, str] = {
    "good": "text-success",
    "due": "text-warning",
    "late": "text-error",
    "quiet": "foreground-muted",
    "accent": "text-primary",
}


@dataclass(frozen=True)
class PondLine:
    """One row, already worded. ``cells`` are (text, tone) pairs in column order."""

    uid: str
    cells: tuple[tuple[str, Tone], ...]


class PondTable(DataTable[Text]):
    """The pond (or the archived people). Enter opens the highlighted person."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("pond-table")

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._columns: tuple[str, ...] = ()
        self._lines: tuple[PondLine, ...] = ()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    @property
    def selected_uid(self) -> str | None:
        if not self.row_count:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        return self._lines[row].uid if row < len(self._lines) else None

    def show(self, columns: Sequence[str], lines: Sequence[PondLine], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` (a uid) or the previously selected person."""
        keep = keep or self.selected_uid
        old_row = self.cursor_row
        self._columns = tuple(columns)
        self._lines = tuple(lines)
        self._redraw()
        uids = [line.uid for line in self._lines]
        if keep in uids:
            self.move_cursor(row=uids.index(keep), animate=False, scroll=True)
        elif uids:
            self.move_cursor(row=min(max(old_row, 0), len(uids) - 1), animate=False, scroll=True)

    def _redraw(self) -> None:
        cursor = self.cursor_row
        self.clear(columns=True)
        for label in self._columns:
            self.add_column(label, key=label)
        styles = self._styles()
        for line in self._lines:
            cells = [
                user_text(text, style=styles.get(tone, Style()), no_wrap=True) for text, tone in line.cells
            ]
            self.add_row(*cells, key=line.uid)
        if self._lines:
            self.move_cursor(row=min(max(cursor, 0), len(self._lines) - 1), animate=False)

    def _styles(self) -> dict[Tone, Style]:
        variables = self.app.get_css_variables()
        try:
            background = Color.parse(variables.get("surface", "black"))
        except ColorParseError:
            background = Color(0, 0, 0)
        styles: dict[Tone, Style] = {"": Style()}
        for tone, name in _TONE_VARIABLE.items():
            try:
                # Theme colours may carry alpha ("#E0E0E099"): blend over the table's background.
                colour = background + Color.parse(variables[name])
            except (KeyError, ColorParseError):
                styles[tone] = Style()
                continue
            styles[tone] = Style(color=colour.rich_color)
        styles["name"] = Style(bold=True)
        return styles
