"""The Pond, home screen: the people you follow, how each connection stands, and who they are to you."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static

from journal.core.depth import depth_of, group_by_person
from journal.core.drift import drift_of
from journal.core.humanize import ago, duration, plural
from journal.core.model import Felt, Person, Touchpoint
from journal.core.pond import CadenceState, CadenceStatus, PondRow, pond_rows_grouped
from journal.core.textsafe import one_line
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataScreen
from journal.tui.widgets.person_panel import RECENT, PersonDetail, PersonPanel
from journal.tui.widgets.pond_table import PondLine, PondTable, Tone

FOLLOWING_COLUMNS = ("Name", "Last touch", "Cadence", "Month")
ARCHIVED_COLUMNS = ("Name", "Let go", "Last touch", "Note")
NAME_WIDTH = 24
NOTE_WIDTH = 28
WIDE = 116  # columns from which the panel sits beside the list

EMPTY_POND = (
    "Your pond is empty.\n\n"
    "reljournal keeps a small, deep pond: the few people you genuinely want to hear from. "
    "For each one you write down what the relationship means to you, and what you think it means "
    "to them, then log the time you actually spend together.\n\n"
    "Press n to add someone.  Press ? for the ideas behind it."
)
EMPTY_SUMMARY = Content("")
EMPTY_ARCHIVE = (
    "Nobody here yet.\n\n"
    "When you let someone go (a), they move here with an optional note. All their history stays, "
    "and you can follow them again.\n\nPress v to go back to your pond."
)


_TONES: dict[CadenceState, Tone] = {
    CadenceState.ON_TRACK: "good",
    CadenceState.DUE: "due",
    CadenceState.OVERDUE: "late",
    CadenceState.DRIFTING: "late",
}


def cadence_tone(status: CadenceStatus) -> Tone:
    return _TONES.get(status.state, "quiet")


class PondScreen(DataScreen[None]):
    """The follow list with a detail panel; ``v`` shows the people you let go."""

    CSS_PATH = str(stylesheet("pond.tcss"))
    AUTO_FOCUS = ""  # refresh_from_journal focuses the list only when it has people in it
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = bindings("pond")

    def __init__(self) -> None:
        super().__init__()
        self.showing_archived = False
        self._by_person: dict[str, list[Touchpoint]] = {}
        self._names: dict[str, str] = {}
        self._rows: dict[str, PondRow] = {}
        self._statuses: dict[str, CadenceStatus] = {}  # uid -> status, until the next refresh

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with Container(id="pond-body"):
            with Vertical(id="pond-list"):
                with Horizontal(id="pond-heading-bar"):
                    yield Label("", id="pond-heading")
                    yield Label("ctrl+p commands · ? help", id="pond-hint")
                yield PondTable(id="pond-table")
                yield Static("", id="pond-empty")
                yield Static("", id="pond-summary")
            yield PersonPanel(id="person-panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_from_journal()

    def on_resize(self) -> None:
        # At 80 columns the footer needs every cell for the keys; the heading bar names ctrl+p instead.
        wide = self.size.width >= WIDE
        self.query_one(Footer).show_command_palette = wide
        self.query_one("#pond-hint").display = not wide

    # -- what the app asks ---------------------------------------------------------------

    @property
    def selected_person_uid(self) -> str | None:
        return self.query_one(PondTable).selected_uid

    def select_person(self, uid: str) -> None:
        """Show ``uid`` highlighted, switching between pond and archive as needed."""
        try:
            person = self.journal.person(uid)
        except Exception:
            return
        self.showing_archived = not person.following
        self.refresh_from_journal(keep=uid)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_archived":
            return not self.showing_archived
        if action == "show_pond":
            return self.showing_archived
        return True

    def action_show_archived(self) -> None:
        self.action_toggle_archived()

    def action_show_pond(self) -> None:
        self.action_toggle_archived()

    def action_toggle_archived(self) -> None:
        self.showing_archived = not self.showing_archived
        self.refresh_from_journal()
        self.refresh_bindings()

    # -- drawing ---------------------------------------------------------------------------

    def refresh_from_journal(self, keep: str | None = None) -> None:
        journal = self.journal
        today = journal.today()
        following = journal.following()
        archived = journal.archived()
        entries = journal.entries()
        self._by_person = group_by_person(entries)  # one pass; every per-person figure reads from it
        self._names = {p.uid: p.name for p in journal.people()}
        cap = journal.pond_cap
        self.sub_title = f"Pond {len(following)}/{cap}"

        people = archived if self.showing_archived else following
        rows = pond_rows_grouped(people, self._by_person, today)
        self._statuses = {}
        self._rows = {row.person.uid: row for row in rows}
        table = self.query_one(PondTable)
        if self.showing_archived:
            columns: Sequence[str] = ARCHIVED_COLUMNS
            lines = [self._archived_line(row) for row in rows]
            heading = f"Let go · {len(archived)} · v: back to your pond"
        else:
            columns = ("Name", "Depth", *FOLLOWING_COLUMNS[1:])
            lines = [self._following_line(row) for row in rows]
            heading = f"Your pond · {len(following)} of {cap}"
            if len(following) >= cap:
                heading += " · full"
            if archived:
                heading += f" · {len(archived)} let go"
        self.query_one("#pond-heading", Label).update(heading)
        table.show(columns, lines, keep=keep)

        empty = not rows
        self.set_class(empty, "-empty")
        if empty and self.focused is table:
            self.set_focus(None)  # nothing to act on: the footer should not offer "Open"
        elif not empty and self.focused is None:
            table.focus()
        if empty:
            text = EMPTY_ARCHIVE if self.showing_archived else EMPTY_POND
            if not self.showing_archived and archived:
                text += f"\n\nPress v to see the {len(archived)} you let go."
            self.query_one("#pond-empty", Static).update(text)
        self.query_one("#pond-summary", Static).update(
            self._summary(rows) if not self.showing_archived else EMPTY_SUMMARY
        )
        self._show_detail(table.selected_uid)
        self.app.refresh_bindings()

    def _summary(self, rows: Sequence[PondRow]) -> Content:
        """The pond at a glance, under the list when there is room: time, who is due, who is drifting."""
        today = self.journal.today()
        minutes = sum(row.minutes_this_month for row in rows)
        spent_with = sum(1 for row in rows if row.minutes_this_month)
        lines = [
            Content.assemble(
                ("This month  ", "$text-muted"),
                (duration(minutes), "bold"),
                f" with {spent_with} of {len(rows)} people",
            )
        ]
        groups: dict[str, list[str]] = {"Overdue": [], "Due soon": [], "Drifting": []}
        for row in rows:
            status = self._status(row)
            if status.state is CadenceState.OVERDUE:
                groups["Overdue"].append(row.person.name)
            elif status.state is CadenceState.DUE:
                groups["Due soon"].append(row.person.name)
            elif status.state is CadenceState.DRIFTING:
                groups["Drifting"].append(row.person.name)
        for label, names in groups.items():
            if names:
                style = "$text-error" if label != "Due soon" else "$text-warning"
                lines.append(Content.assemble((f"{label:<12}", "$text-muted"), (", ".join(names), style)))
        automated = len(
            {tp.uid for uid in self._rows for tp in self._recent(uid, today) if tp.felt is Felt.AUTOMATED}
        )
        if automated:
            lines.append(
                Content.assemble(
                    ("Automated   ", "$text-muted"),
                    f"{plural(automated, 'touchpoint')} in 90 days, noticed, not counted",
                )
            )
        return Content("\n").join(lines)

    def _status(self, row: PondRow) -> CadenceStatus:
        """Cadence status, or "drifting" for someone with no cadence; kept until the next refresh
        (the list, the summary and the detail panel all ask)."""
        status = self._statuses.get(row.person.uid)
        if status is None:
            today = self.journal.today()
            status = row.cadence_status(today)
            if status.state is CadenceState.NO_CADENCE:
                status = status.or_drifting(drift_of(row.person, self._mine(row.person.uid), today).drifting)
            self._statuses[row.person.uid] = status
        return status

    def _recent(self, uid: str, today: date) -> Iterator[Touchpoint]:
        """This person's touchpoints of the last 90 days (a newest-first list is read no further)."""
        for tp in self._mine(uid):
            if (today - tp.day).days >= 90:
                return
            yield tp

    def _mine(self, uid: str) -> list[Touchpoint]:
        """This person's touchpoints, newest first."""
        return self._by_person.get(uid, [])

    def _following_line(self, row: PondRow) -> PondLine:
        today = self.journal.today()
        person = row.person
        status = self._status(row)
        cells: list[tuple[str, Tone]] = [(one_line(person.name, NAME_WIDTH), "name")]
        depth = depth_of(person.uid, self._mine(person.uid), today, newest_first=True)
        cells.append((depth.word, "accent" if depth.ladder_index >= 3 else ""))
        cells.append((ago(row.last_contact, today), "quiet" if row.last_contact is None else ""))
        cells.append((str(status), cadence_tone(status)))
        minutes = row.minutes_this_month
        cells.append((duration(minutes) if minutes else "—", "" if minutes else "quiet"))
        return PondLine(person.uid, tuple(cells))

    def _archived_line(self, row: PondRow) -> PondLine:
        today = self.journal.today()
        person = row.person
        let_go = person.archived_on.isoformat() if person.archived_on else "—"
        return PondLine(
            person.uid,
            (
                (one_line(person.name, NAME_WIDTH), "name"),
                (let_go, "quiet"),
                (ago(row.last_contact, today), ""),
                (one_line(person.archive_note, NOTE_WIDTH) or "—", "quiet"),
            ),
        )

    def _show_detail(self, uid: str | None) -> None:
        panel = self.query_one(PersonPanel)
        row = self._rows.get(uid) if uid else None
        panel.detail = None if row is None else self._detail(row.person, row)

    def _detail(self, person: Person, row: PondRow) -> PersonDetail:
        today = self.journal.today()
        mine = self._mine(person.uid)
        depth = depth_of(person.uid, mine, today, newest_first=True)
        word = depth.word
        evidence = tuple(depth.evidence())
        status = ""
        if person.following and (cadence := self._status(row)).state is not CadenceState.NO_CADENCE:
            status = str(cadence)
        return PersonDetail(
            person=person,
            today=today,
            recent=tuple(mine[:RECENT]),
            names=self._names,
            status=status,
            depth_word=word,
            depth_evidence=evidence,
            touchpoints=len(mine),
        )

    # -- events ----------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.row_key.value)
        self.app.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.rj.open_person(event.row_key.value)
