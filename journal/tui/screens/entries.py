"""Journal: every touchpoint, newest first, filtered by person, channel, tag and free text.

The filter and the search index are the domain's (``journal.core.search``, shared with ``reljournal
list``): words must all appear in the note, the names, the channel or the tags, and ``#tag`` means
that tag; this screen renders what they return. Built for big journals (tested by hand on 50,000
touchpoints): filtering runs in a thread worker, typing is debounced, only the newest matches are
rendered and more load as the cursor nears the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from journal.core.errors import JournalError
from journal.core.humanize import duration
from journal.core.model import Channel, Touchpoint
from journal.core.search import SearchIndex, TouchpointFilter, filter_touchpoints, tag_counts
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataScreen
from journal.tui.screens.touchpoint_actions import TouchpointActions
from journal.tui.widgets.shown import shown, user_text
from journal.tui.widgets.touchpoint_table import TouchpointTable
from journal.tui.widgets.touchpoint_view import touchpoint_preview

DEBOUNCE_SECONDS = 0.15
TALL = 32  # rows from which the highlighted touchpoint is previewed under the table


# --------------------------------------------------------------------------------------------
# The screen


class EntriesScreen(TouchpointActions, DataScreen[None]):
    """Every touchpoint. ``person_uid`` starts with that person's filter set."""

    CSS_PATH = [str(stylesheet("touchpoint.tcss")), str(stylesheet("entries.tcss"))]

    BINDINGS: ClassVar[list[BindingType]] = bindings("touchpoints")

    class Filtered(Message):
        """A worker finished filtering (posted from its thread)."""

        def __init__(
            self, request: int, spec: TouchpointFilter, result: list[Touchpoint], total: int
        ) -> None:
            super().__init__()
            self.request = request
            self.spec = spec
            self.result = result
            self.total = total

    class TagsCounted(Message):
        def __init__(self, tags: list[tuple[str, int]]) -> None:
            super().__init__()
            self.tags = tags

    def __init__(self, person_uid: str | None = None) -> None:
        super().__init__()
        self.initial_person = person_uid
        self._index = SearchIndex({})
        self._names: dict[str, str] = {}
        self._request = 0
        self._shown_request = 0
        self._debounce: Timer | None = None
        self._select_after: str | None = None
        self._result: list[Touchpoint] = []
        self._total = 0
        self._minutes: int | None = None
        self._spec = TouchpointFilter(person=person_uid)

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with Horizontal(id="entries-filters"):
            yield Input(placeholder="search notes, names · #tag", id="entries-search", compact=True)
            yield Select[str]([], prompt="anyone", id="entries-person", compact=True)
            yield Select[str](
                [(Text(channel.label), channel.value) for channel in reversed(Channel)],
                prompt="any channel",
                id="entries-channel",
                compact=True,
            )
            yield Select[str]([], prompt="any tag", id="entries-tag", compact=True)
        yield Static(id="entries-status")
        yield TouchpointTable(id="entries-table")
        with VerticalScroll(id="entries-preview", classes="tp-preview"):
            yield Static(id="entries-preview-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Journal"
        self._fill_people()
        if self.initial_person and self.initial_person in self._names:
            self.query_one("#entries-person", Select).value = self.initial_person
        self._show_status(searching=True)
        self.query_one(TouchpointTable).focus()
        self._start_filter(count_tags=True)

    def on_resize(self) -> None:
        self.set_class(self.size.height >= TALL, "-tall")
        self.set_class(self.size.width < 100, "-narrow")
        # At 80 columns the footer needs every cell for the keys (ctrl+p still opens the palette).
        self.query_one(Footer).show_command_palette = self.size.width >= 100

    # -- filters -----------------------------------------------------------------------------

    def _fill_people(self) -> None:
        people = self.journal.people()
        self._names = {p.uid: p.name for p in people}
        select: Select[str] = self.query_one("#entries-person", Select)
        current = None if select.is_blank() else str(select.value)
        ordered = sorted(people, key=lambda p: (not p.following, p.name.casefold()))
        options: list[tuple[Text, str]] = []
        for person in ordered:
            # Rich Text, not Content: Select's type-to-search only reads str and Text prompts.
            label = user_text(person.name)
            if not person.following:
                label.append(" · archived", style="dim italic")
            options.append((label, person.uid))
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current in self._names:
                select.value = current

    def _fill_tags(self, tags: list[tuple[str, int]]) -> None:
        select: Select[str] = self.query_one("#entries-tag", Select)
        current = None if select.is_blank() else str(select.value)
        options = [(Text.assemble(shown(f"#{tag}"), (f" {count:,}", "dim")), tag) for tag, count in tags]
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current is not None and any(tag == current for tag, _ in tags):
                select.value = current

    def _current_spec(self) -> TouchpointFilter:
        person: Select[str] = self.query_one("#entries-person", Select)
        channel: Select[str] = self.query_one("#entries-channel", Select)
        tag: Select[str] = self.query_one("#entries-tag", Select)
        return TouchpointFilter(
            text=self.query_one("#entries-search", Input).value,
            person=None if person.is_blank() else str(person.value),
            channel=None if channel.is_blank() else Channel(str(channel.value)),
            tag=None if tag.is_blank() else str(tag.value),
        )

    @on(Input.Changed, "#entries-search")
    def _search_typed(self) -> None:
        """Debounced: the filter runs once typing pauses, never on the keystroke itself."""
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._start_filter)
        self._show_status(searching=True)

    @on(Input.Submitted, "#entries-search")
    def _search_submitted(self) -> None:
        self.query_one(TouchpointTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._start_filter()

    def _start_filter(self, count_tags: bool = False) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self._request += 1
        spec = self._current_spec()
        entries = list(self.journal.entries())  # a snapshot: the journal patches its list in place
        self._filter(self._request, spec, entries, dict(self._names), count_tags)

    @work(exclusive=True, thread=True, group="entries-filter", description="Filtering the journal")
    def _filter(
        self,
        request: int,
        spec: TouchpointFilter,
        entries: Sequence[Touchpoint],
        names: dict[str, str],
        count_tags: bool,
    ) -> None:
        worker = get_current_worker()
        index = self._index
        if index.names != names:
            index = SearchIndex(names)
            self._index = index
        if count_tags:
            self.post_message(self.TagsCounted(tag_counts(entries)))
        result = filter_touchpoints(entries, spec, index, cancelled=lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        self.post_message(self.Filtered(request, spec, result, len(entries)))
        # Warm the search index while the person reads, so the first search is as quick as the rest.
        for position, tp in enumerate(entries):
            if position % 2048 == 0 and worker.is_cancelled:
                return
            index.text(tp)

    @on(TagsCounted)
    def _tags_counted(self, message: TagsCounted) -> None:
        self._fill_tags(message.tags)

    @on(Filtered)
    def _filtered(self, message: Filtered) -> None:
        if message.request < self._shown_request or message.request != self._request:
            return  # an older answer that arrived late
        self._shown_request = message.request
        self._spec = message.spec
        self._result = message.result
        self._total = message.total
        self._minutes = None
        table = self.query_one(TouchpointTable)
        keep = self._select_after or table.highlighted_uid
        table.show(message.result, self._names, keep_uid=keep, highlight=message.spec.words)
        if self._select_after is not None:
            if table.index_of(self._select_after) is None:
                self.notify("Saved. The current filters hide it (c clears them).", title="Hidden by filters")
            self._select_after = None
        self._show_status()
        self._show_preview(table.highlighted_uid)
        self.refresh_bindings()

    def _show_status(self, searching: bool = False) -> None:
        status = self.query_one("#entries-status", Static)
        if searching and not self._shown_request:
            status.update(Content.styled("Reading the journal…", "$text-muted"))
            return
        table = self.query_one(TouchpointTable)
        shown, total = len(self._result), self._total
        if self._minutes is None:
            self._minutes = sum(tp.minutes for tp in self._result)
        parts: list[Content] = []
        if not total:
            parts.append(Content.styled("Nothing logged yet · l logs your first touchpoint", "$text-muted"))
        elif not shown:
            parts.append(Content.styled("Nothing matches these filters · c clears them", "$text-warning"))
        else:
            count = f"{shown:,} of {total:,}" if self._spec.active else f"{total:,}"
            noun = "touchpoint" if total == 1 else "touchpoints"
            parts.append(Content.styled(f"{count} {noun}", "bold"))
            parts.append(Content.styled(f"{duration(self._minutes)} together", "$text-muted"))
            if table.loaded < shown:
                parts.append(Content.styled(f"showing {table.loaded:,} · more as you scroll", "$text-muted"))
        if searching:
            parts.append(Content.styled("searching…", "$text-accent italic"))
        status.update(Content(" · ").join(parts))

    @on(TouchpointTable.MoreLoaded)
    def _more_loaded(self) -> None:
        if self._shown_request:
            self._show_status()

    @on(DataTable.RowHighlighted, "#entries-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_preview(event.row_key.value)

    def _show_preview(self, uid: str | None) -> None:
        preview = self.query_one("#entries-preview-text", Static)
        if uid is None or not self.has_class("-tall"):
            preview.update("")
            return
        try:
            tp = self.journal.entry(uid)
        except JournalError:
            preview.update("")
            return
        preview.update(touchpoint_preview(tp, self._names, self.journal.today()))

    # -- journal changes ---------------------------------------------------------------------

    def refresh_from_journal(self) -> None:
        self._fill_people()
        self._start_filter(count_tags=True)

    # -- actions -----------------------------------------------------------------------------

    def _highlighted(self) -> str | None:
        return self.query_one(TouchpointTable).highlighted_uid

    def _after_change(self, uid: str | None) -> None:
        """After a log or an edit: show that touchpoint once the (re)filtered rows arrive."""
        if uid is not None:
            self._select_after = uid
        self.query_one(TouchpointTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filters":
            return self._current_spec().active
        if action in ("edit", "delete", "open"):
            return True if self._highlighted() else None
        return True

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in (
            "entries-search",
            "entries-person",
            "entries-channel",
            "entries-tag",
        ):
            self.query_one(TouchpointTable).focus()
            return
        self.dismiss(None)

    def action_focus_search(self) -> None:
        self.query_one("#entries-search", Input).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#entries-search", Input).value = ""
            for select_id in ("#entries-person", "#entries-channel", "#entries-tag"):
                self.query_one(select_id, Select).clear()
        self._start_filter()
        self.refresh_bindings()

    def action_log(self) -> None:
        person: Select[str] = self.query_one("#entries-person", Select)
        people = [] if person.is_blank() else [str(person.value)]
        self.log_touchpoint(people, after=self._after_change)

    @on(DataTable.RowSelected, "#entries-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_touchpoint(event.row_key.value, after=self._after_change)

    def action_open(self) -> None:
        uid = self._highlighted()
        if uid is not None:
            self.open_touchpoint(uid, after=self._after_change)

    def action_edit(self) -> None:
        uid = self._highlighted()
        if uid is not None:
            self.edit_touchpoint(uid, after=self._after_change)

    def action_delete(self) -> None:
        uid = self._highlighted()
        if uid is not None:
            self.delete_touchpoint(uid, after=self._after_change)
