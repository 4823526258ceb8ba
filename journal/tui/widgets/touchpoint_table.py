"""A table of touchpoints that stays fast on a journal of any size: rows are added a page at a time.

The table holds the full (already filtered) list but only renders the first pages; moving the cursor
near the last loaded row loads the next page. Cells are Rich ``Text`` (a ``str`` cell would be parsed as
markup), so names, notes and tags always show literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import DataTable

from journal.core.humanize import duration
from journal.core.model import Felt, Touchpoint
from journal.core.textsafe import one_line
from journal.tui.keys import bindings
from journal.tui.widgets.shown import shown
from journal.tui.widgets.touchpoint_view import (
    channel_short,
    closeness_dots,
    felt_short,
    initiated_short,
    people_names,
    tags_text,
)

PAGE = 100
MATCH_STYLE = "bold underline"
KEEP_LIMIT = 500  # keeping the cursor on a row deeper than this would render too many rows at once
PREVIEW_CHARS = 240  # enough for the widest terminal; the column crops with an ellipsis


class TouchpointTable(DataTable[Text]):
    """Touchpoints, newest first as given. Row keys are touchpoint uids."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("touchpoint-table")

    class MoreLoaded(Message):
        """More rows were rendered (the screen updates its 'showing N of M' line)."""

    def __init__(
        self,
        *,
        person_uid: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """With ``person_uid`` (the Person screen) the people column is dropped and the others who
        were there are named in the note column; closeness and who reached out get columns instead."""
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.person_uid = person_uid
        self._touchpoints: Sequence[Touchpoint] = ()
        self._names: Mapping[str, str] = {}
        self._loaded = 0
        self._colors: dict[str, str] = {}
        self._highlight: tuple[str, ...] = ()

    # -- public API --------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._touchpoints)

    @property
    def loaded(self) -> int:
        return self._loaded

    @property
    def highlighted_uid(self) -> str | None:
        if not self.row_count:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        key = self.coordinate_to_cell_key((row, 0)).row_key  # type: ignore[arg-type]
        return key.value

    def show(
        self,
        touchpoints: Sequence[Touchpoint],
        names: Mapping[str, str],
        *,
        keep_uid: str | None = None,
        highlight: Sequence[str] = (),
    ) -> None:
        """Replace the rows. ``keep_uid`` (e.g. the entry just edited) keeps or gets the cursor;
        ``highlight`` words (a search) are underlined wherever they appear in names and notes."""
        self._touchpoints = touchpoints
        self._names = names
        self._highlight = tuple(word for word in highlight if word)
        self._loaded = 0
        self._resolve_colors()
        self.clear()
        target = 0
        if keep_uid is not None:
            for index, tp in enumerate(touchpoints[:KEEP_LIMIT]):
                if tp.uid == keep_uid:
                    target = index
                    break
        self._load_until(max(PAGE, target + 1))
        if self.row_count:
            self.move_cursor(row=target, animate=False, scroll=True)

    def index_of(self, uid: str) -> int | None:
        for index, tp in enumerate(self._touchpoints):
            if tp.uid == uid:
                return index
        return None

    # -- columns -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._add_columns()
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _add_columns(self) -> None:
        self.add_column("Date", key="date", width=10)
        if self.person_uid is None:
            self.add_column("With", key="people", width=16)
        self.add_column("Channel", key="channel", width=9)
        self.add_column(Text("Time", justify="right"), key="minutes", width=6)
        if self.person_uid is not None:
            self.add_column("By", key="by", width=4)
        self.add_column("Felt", key="felt", width=7)
        if self.person_uid is not None:
            self.add_column("Close", key="close", width=5)
        self.add_column("Note", key="note", width=self._note_width())

    def _note_width(self) -> int:
        fixed = sum(
            column.width + 2 * self.cell_padding for key, column in self.columns.items() if key != "note"
        )
        if not self.columns:
            fixed = (10 + 16 + 9 + 6 + 7) + 5 * 2 * self.cell_padding
            if self.person_uid is not None:
                fixed = (10 + 9 + 6 + 4 + 7 + 5) + 6 * 2 * self.cell_padding
        available = self.scrollable_content_region.width or self.size.width or 80
        return max(12, available - fixed - 2 * self.cell_padding)

    def on_resize(self, event: events.Resize) -> None:
        column = self.columns.get("note")  # type: ignore[call-overload]
        if column is None:
            return
        width = self._note_width()
        if width != column.width:
            column.width = width
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    # -- rows --------------------------------------------------------------------------------

    def _on_theme_changed(self, _theme: object) -> None:
        self._resolve_colors()
        keep = self.highlighted_uid
        loaded = self._loaded
        self.clear()
        self._loaded = 0
        self._load_until(loaded)
        if keep is not None:
            index = self.index_of(keep)
            if index is not None and index < self.row_count:
                self.move_cursor(row=index, animate=False)

    def _resolve_colors(self) -> None:
        """Rich Text cannot use theme variables; resolve the few colours from the current theme."""
        variables = self.app.theme_variables if self.is_attached else {}
        self._colors = {
            "genuine": variables.get("text-success", ""),
            "automated": variables.get("text-warning", ""),
            "tag": variables.get("text-accent", ""),
            "dots": variables.get("accent", ""),
        }

    def _load_until(self, count: int) -> None:
        count = min(count, len(self._touchpoints))
        if count <= self._loaded:
            return
        rows = [self._row(tp) for tp in self._touchpoints[self._loaded : count]]
        for tp, row in zip(self._touchpoints[self._loaded : count], rows, strict=True):
            self.add_row(*row, key=tp.uid)
        self._loaded = count
        self.post_message(self.MoreLoaded())

    def load_more(self) -> None:
        self._load_until(self._loaded + PAGE)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the last rendered row: render the next page (the message still reaches the screen)."""
        if self._loaded < len(self._touchpoints) and event.cursor_row >= self._loaded - 10:
            self.load_more()

    def _row(self, tp: Touchpoint) -> list[Text]:
        colors = self._colors
        felt_style = {
            Felt.GENUINE: colors.get("genuine", ""),
            Felt.ROUTINE: "",
            Felt.AUTOMATED: f"italic {colors.get('automated', '')}".strip(),
        }[tp.felt]
        note = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.person_uid is not None:
            others = people_names(tp.people, self._names, exclude=self.person_uid)
            if others:
                note.append("with " + ", ".join(others) + " ", style="italic")
        if tp.tags:
            note.append(tags_text(tp.tags) + " ", style=colors.get("tag", "") or "bold")
        note.append(shown(one_line(tp.note[: PREVIEW_CHARS * 2], PREVIEW_CHARS)))
        if self._highlight:
            note.highlight_words(self._highlight, style=MATCH_STYLE, case_sensitive=False)
        cells: list[Text] = [Text(tp.day.isoformat(), end="")]
        if self.person_uid is None:
            names = Text(
                ", ".join(people_names(tp.people, self._names)), no_wrap=True, overflow="ellipsis", end=""
            )
            if self._highlight:
                names.highlight_words(self._highlight, style=MATCH_STYLE, case_sensitive=False)
            cells.append(names)
        cells.append(Text(channel_short(tp.channel), end=""))
        cells.append(Text(duration(tp.minutes), justify="right", end=""))
        if self.person_uid is not None:
            cells.append(Text(initiated_short(tp.initiated_by), end=""))
        cells.append(Text(felt_short(tp.felt), style=felt_style, end=""))
        if self.person_uid is not None:
            cells.append(Text(closeness_dots(tp.closeness), style=colors.get("dots", ""), end=""))
        cells.append(note)
        return cells
