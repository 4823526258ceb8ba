"""The seven facets, both ways: what I want from a relationship and what I think they want.

``FacetGrid`` is the editable form part (two checkbox columns, arrow keys move between them, rows where
the sides differ are highlighted as you tick). ``FacetSummary`` is the read-only version for panels.
Neither does I/O: they are given sets of facets and report changes with messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Label, Static

from journal.core.model import Facet
from journal.tui.keys import bindings

SHORT_LABELS: dict[Facet, str] = {
    Facet.MOTIVATIONS: "Motivations",
    Facet.INTERESTS: "Personal interests",
    Facet.SUPPORT: "Human support",
    Facet.CHANNEL: "One-to-one channel",
    Facet.PERMISSION: "Permission to reach out",
    Facet.TRUST: "Trust",
    Facet.RECOMMEND: "Recommend each other",
}

FACETS: tuple[Facet, ...] = tuple(Facet)
SIDES: tuple[str, ...] = ("mine", "theirs")


def mismatch_note(facet: Facet, mine: frozenset[Facet], theirs: frozenset[Facet]) -> str:
    """``only me`` / ``only them`` when the sides differ on ``facet``, else empty."""
    if facet in mine and facet not in theirs:
        return "only me"
    if facet in theirs and facet not in mine:
        return "only them"
    return ""


class FacetBox(Checkbox):
    """One tick box: ``facet`` for ``side`` (``mine`` or ``theirs``) at ``position`` (row, column)."""

    def __init__(self, facet: Facet, side: str, row: int, column: int, value: bool) -> None:
        super().__init__(
            "", value, id=f"facet-{side}-{facet.value}", classes=f"facet-box -{side}", compact=True
        )
        self.facet = facet
        self.side = side
        self.position = (row, column)
        self.tooltip = ("I want: " if side == "mine" else "I think they want: ") + facet.label

    def render(self) -> Content:
        # Just the box: the row's label says what it is (ToggleButton would pad an empty label).
        return self._button


class FacetGrid(Widget, can_focus=False):
    """Seven rows, two checkbox columns (I want / I think they want), mismatches highlighted live."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("facet-grid")

    class Changed(Message):
        """The ticked facets changed."""

        def __init__(self, grid: FacetGrid) -> None:
            super().__init__()
            self.grid = grid
            self.mine = grid.mine
            self.theirs = grid.theirs

        @property
        def control(self) -> FacetGrid:
            return self.grid

    def __init__(
        self,
        mine: Iterable[Facet] = (),
        theirs: Iterable[Facet] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._initial = (frozenset(mine), frozenset(theirs))

    def compose(self) -> ComposeResult:
        mine, theirs = self._initial
        with Grid(id="facet-rows"):
            yield Label("What it can hold", classes="facet-head")
            yield Label("I want", classes="facet-head facet-side")
            yield Label("They want", classes="facet-head facet-side")
            yield Label("", classes="facet-head")
            for row, facet in enumerate(FACETS):
                label = Label(Content(facet.label), id=f"facet-label-{facet.value}", classes="facet-label")
                label.tooltip = facet.label
                yield label
                for column, side in enumerate(SIDES):
                    yield FacetBox(facet, side, row, column, facet in (mine if side == "mine" else theirs))
                yield Label("", id=f"facet-note-{facet.value}", classes="facet-note")

    def on_mount(self) -> None:
        self._highlight()

    def _box(self, facet: Facet, side: str) -> FacetBox:
        return self.query_one(f"#facet-{side}-{facet.value}", FacetBox)

    @property
    def mine(self) -> frozenset[Facet]:
        return frozenset(f for f in FACETS if self._box(f, "mine").value)

    @property
    def theirs(self) -> frozenset[Facet]:
        return frozenset(f for f in FACETS if self._box(f, "theirs").value)

    def set_ticks(self, mine: Iterable[Facet], theirs: Iterable[Facet]) -> None:
        """Tick exactly ``mine`` and ``theirs`` (a restored draft)."""
        chosen = {"mine": frozenset(mine), "theirs": frozenset(theirs)}
        for facet in FACETS:
            for side in SIDES:
                self._box(facet, side).value = facet in chosen[side]

    @property
    def mismatches(self) -> frozenset[Facet]:
        return self.mine ^ self.theirs

    def _highlight(self) -> None:
        mine, theirs = self.mine, self.theirs
        for facet in FACETS:
            note = mismatch_note(facet, mine, theirs)
            self.query_one(f"#facet-note-{facet.value}", Label).update(note)
            for widget_id in (f"#facet-label-{facet.value}", f"#facet-note-{facet.value}"):
                self.query_one(widget_id).set_class(bool(note), "-mismatch")

    def _mark_current(self, facet: Facet | None) -> None:
        for row in FACETS:
            self.query_one(f"#facet-label-{row.value}").set_class(row is facet, "-current")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._mark_current(event.widget.facet if isinstance(event.widget, FacetBox) else None)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._mark_current(None)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._highlight()
        self.post_message(self.Changed(self))

    def action_move(self, rows: int, columns: int) -> None:
        focused = self.screen.focused
        if not isinstance(focused, FacetBox):
            return
        row, column = focused.position
        if not 0 <= row + rows < len(FACETS):
            self.action_leave(rows)  # up from the first row, down from the last: on to the next field
            return
        self._box(FACETS[row + rows], SIDES[(column + columns) % len(SIDES)]).focus()

    def action_leave(self, direction: int) -> None:
        """Tab leaves the grid (fourteen tab stops would be a chore); arrows move inside it."""
        chain = self.screen.focus_chain
        rows = self.query_one("#facet-rows")
        inside = [i for i, widget in enumerate(chain) if widget.parent is rows]
        if not inside:
            return
        index = inside[-1] + 1 if direction > 0 else inside[0] - 1
        if 0 <= index < len(chain):
            chain[index].focus()


class FacetSummary(Static):
    """Read-only: the seven facets with both sides marked; rows where the sides differ stand out."""

    def __init__(
        self,
        mine: frozenset[Facet],
        theirs: frozenset[Facet],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(facet_summary(mine, theirs), id=id, classes=classes)


def facet_summary(mine: frozenset[Facet], theirs: frozenset[Facet]) -> Content:
    """Lines like ``●   ·   Personal interests  only me`` under a ``me  them`` header; no user text."""
    lines: list[Content] = [Content.styled("me  them", "$text-muted")]
    for facet in FACETS:
        note = mismatch_note(facet, mine, theirs)
        marks = Content.assemble(
            ("●" if facet in mine else "·", "$text-accent" if facet in mine else "$text-muted"),
            "    ",
            ("●" if facet in theirs else "·", "$text-accent" if facet in theirs else "$text-muted"),
            "   ",
        )
        style = "$text-warning" if note else ("" if facet in mine or facet in theirs else "$text-muted")
        line = marks.append(Content.styled(SHORT_LABELS[facet], style))
        if note:
            line = line.append(Content.styled(f"  {note}", "$text-warning italic"))
        lines.append(line)
    return Content("\n").join(lines)
