"""Person: one relationship in full — what it means (and meant), how deep it is, and every touchpoint.

Wide terminals show the definition and evidence beside the history; at 80 columns the two panes take
turns (``v``). ``l`` logs a touchpoint with this person, enter reads one, ``e`` edits, ``d`` deletes,
``r`` redefines the relationship (the earlier definition is kept with its date).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Collapsible, DataTable, Footer, Header, Sparkline, Static

from journal.core.depth import LADDER, depth_of, weekly_minutes
from journal.core.errors import JournalError
from journal.core.humanize import ago, duration
from journal.core.model import Definition, Facet, KnownVia, LetGo, PastDefinition, Person, Touchpoint
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataScreen, in_sight
from journal.tui.screens.touchpoint_actions import TouchpointActions
from journal.tui.widgets.channel_mix import ChannelMix, GiveAndTake, channel_totals, initiator_counts
from journal.tui.widgets.shown import shown, user_content
from journal.tui.widgets.touchpoint_table import TouchpointTable
from journal.tui.widgets.touchpoint_view import touchpoint_preview

WIDE = 110  # columns from which the two panes sit side by side
TALL = 32  # rows from which the highlighted touchpoint is previewed under the table
SPARK_WEEKS = 12

_KNOWN_VIA = {KnownVia.ONLINE: "online", KnownVia.OFFLINE: "offline", KnownVia.BOTH: "online and offline"}


LABEL_WIDTH = 9


def _label(text: str, width: int = LABEL_WIDTH) -> Content:
    """A field label in the definition column, padded so the values line up."""
    return Content.styled(text.strip().ljust(width), "$text-muted")


def _facet_names(facets: Iterable[Facet]) -> str:
    order = list(Facet)
    chosen = sorted(facets, key=order.index)
    return ", ".join(f.label for f in chosen) if chosen else "none"


def definition_changes(old: Definition, new: Definition) -> list[tuple[str, str]]:
    """What an earlier definition said where it differs from the one that replaced it: (field, old text)."""
    changes: list[tuple[str, str]] = []
    if old.why != new.why:
        changes.append(("Why", old.why))
    if old.meaning != new.meaning:
        changes.append(("Meant", old.meaning or "(nothing written)"))
    if old.facets_mine != new.facets_mine:
        changes.append(("I wanted", _facet_names(old.facets_mine)))
    if old.facets_theirs != new.facets_theirs:
        changes.append(("They wanted", _facet_names(old.facets_theirs)))
    if (old.known_via, old.known_where) != (new.known_via, new.known_where):
        where = f" ({old.known_where})" if old.known_where else ""
        changes.append(("Known", _KNOWN_VIA[old.known_via] + where))
    if old.preferred_channel != new.preferred_channel:
        changes.append(("Channel", old.preferred_channel.label if old.preferred_channel else "none"))
    if old.welcome_contact != new.welcome_contact:
        changes.append(("Welcome", old.welcome_contact or "(nothing written)"))
    if old.cadence != new.cadence:
        changes.append(("Cadence", old.cadence.value))
    return changes


DEFINITION_ROWS = (
    ("why", "Why"),
    ("means", "Means"),
    ("known", "Known"),
    ("prefers", "Prefers"),
    ("welcome", "Welcome"),
    ("cadence", "Cadence"),
)


def definition_values(definition: Definition) -> dict[str, str]:
    """The text of each row of "What it means" (empty rows are hidden)."""
    where = f" · {definition.known_where}" if definition.known_where else ""
    return {
        "why": definition.why,
        "means": definition.meaning,
        "known": _KNOWN_VIA[definition.known_via] + where,
        "prefers": definition.preferred_channel.label if definition.preferred_channel else "no preference",
        "welcome": definition.welcome_contact,
        "cadence": "no cadence" if definition.cadence.days is None else definition.cadence.value,
    }


FACET_SHORT = {
    Facet.MOTIVATIONS: "Their motivations",
    Facet.INTERESTS: "Their interests",
    Facet.SUPPORT: "Support, human touch",
    Facet.CHANNEL: "A one-to-one channel",
    Facet.PERMISSION: "Permission to reach out",
    Facet.TRUST: "Trust",
    Facet.RECOMMEND: "Recommend each other",
}


def _facets_content(definition: Definition) -> Content:
    """I want / they want per facet; where only one side wants it, the row is highlighted with ≠."""
    width = max(len(label) for label in FACET_SHORT.values())
    lines: list[Content] = [
        Content.assemble(("Facet".ljust(width), "$text-muted"), ("   me  them", "$text-muted"))
    ]
    mismatches = definition.mismatches
    for facet in Facet:
        mine = "✓" if facet in definition.facets_mine else "·"
        theirs = "✓" if facet in definition.facets_theirs else "·"
        differ = facet in mismatches
        style = "$text-warning" if differ else ("" if mine == "✓" else "$text-muted")
        lines.append(
            Content.assemble(
                (FACET_SHORT[facet].ljust(width), style),
                (f"    {mine}    {theirs}", style),
                ("   ≠" if differ else "", "$text-warning bold"),
            )
        )
    if mismatches:
        lines.append(Content.styled("≠ only one of you wants it", "$text-warning"))
    return Content("\n").join(lines)


def _episode_line(episode: LetGo) -> Content:
    """An earlier let-go, closed by following again: kept and shown, never erased."""
    when = f"Let go {episode.let_go_on.isoformat()}, followed again {episode.followed_again_on}"
    if not episode.note:
        return Content.styled(when, "$text-muted")
    return Content.assemble((when + ": ", "$text-muted"), user_content(episode.note))


class PersonScreen(TouchpointActions, DataScreen[None]):
    """Everything about one person. ``selected_person_uid`` lets the app's actions (let go…) act on them."""

    CSS_PATH = [str(stylesheet("touchpoint.tcss")), str(stylesheet("person.tcss"))]

    BINDINGS: ClassVar[list[BindingType]] = bindings("person")

    narrow: reactive[bool] = reactive(False)
    about_shown: reactive[bool] = reactive(False)

    def __init__(self, uid: str) -> None:
        super().__init__()
        self.uid = uid
        self._entries: list[Touchpoint] = []

    @property
    def selected_person_uid(self) -> str:
        return self.uid

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        yield Static(id="person-top")
        with Horizontal(id="person-body"):
            with VerticalScroll(id="person-about"):
                with Vertical(id="about-evidence", classes="about-column"):
                    yield Static(Content("Depth"), classes="section-title")
                    yield Static(id="depth-word")
                    yield Static(id="depth-evidence")
                    with Horizontal(id="spark-row"):
                        yield Sparkline([], id="depth-spark")
                        yield Static(id="spark-caption")
                    yield Static(Content("Channel mix · all time"), classes="section-title")
                    yield ChannelMix(id="channel-mix")
                    yield Static(Content("Give and take · all time"), classes="section-title")
                    yield GiveAndTake(id="give-take")
                with Vertical(id="about-meaning", classes="about-column"):
                    yield Static(Content("What it means"), classes="section-title")
                    with Vertical(id="definition"):
                        for key, label in DEFINITION_ROWS:
                            with Horizontal(id=f"def-row-{key}", classes="def-row"):
                                yield Static(_label(label), classes="def-label")
                                yield Static(id=f"def-{key}", classes="def-value")
                    yield Static(id="facets")
                    yield Static(id="earlier-title", classes="section-title")
                    yield Vertical(id="earlier")
            with Vertical(id="person-history"):
                yield Static(id="history-caption")
                yield TouchpointTable(person_uid=self.uid, id="person-table")
                with VerticalScroll(id="person-preview", classes="tp-preview"):
                    yield Static(id="person-preview-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_from_journal()
        self.query_one(TouchpointTable).focus()

    def on_resize(self) -> None:
        self.narrow = self.size.width < WIDE
        self.set_class(self.size.height >= TALL, "-tall")
        # At 80 columns the footer needs every cell for the keys (ctrl+p still opens the palette).
        self.query_one(Footer).show_command_palette = not self.narrow

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        self.refresh_bindings()

    def watch_about_shown(self, shown: bool) -> None:
        self.set_class(shown, "-about")
        if self.narrow:
            target = "#person-about" if shown else "#person-table"
            self.query_one(target).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_about":
            return self.narrow and not self.about_shown
        if action == "show_history":
            return self.narrow and self.about_shown
        if action in ("open", "edit", "delete"):
            if self.narrow and self.about_shown:
                return False  # the table is out of sight: keys that act on its row rest
            return True if self.query_one(TouchpointTable).highlighted_uid else None
        return True

    # -- data --------------------------------------------------------------------------------

    def refresh_from_journal(self) -> None:
        try:
            person = self.journal.person(self.uid)
        except JournalError:
            if in_sight(self):
                self.notify("This person is no longer in the journal", severity="warning")
                self.dismiss(None)
            return
        today = self.journal.today()
        self._entries = self.journal.entries_for(self.uid)
        self.sub_title = shown(person.name)
        self._show_top(person, today)
        self._show_depth(today)
        self.query_one(ChannelMix).totals = tuple(channel_totals(self._entries))
        self.query_one(GiveAndTake).counts = initiator_counts(self._entries)
        for key, text in definition_values(person.definition).items():
            self.query_one(f"#def-{key}", Static).update(user_content(text))
            self.query_one(f"#def-row-{key}").display = bool(text)
        self.query_one("#facets", Static).update(_facets_content(person.definition))
        self._show_earlier(person)
        table = self.query_one(TouchpointTable)
        names = {p.uid: p.name for p in self.journal.people()}
        table.show(self._entries, names, keep_uid=table.highlighted_uid)
        self._show_caption()
        self._show_preview(table.highlighted_uid)

    def _show_top(self, person: Person, today: date) -> None:
        parts: list[Content] = [Content.styled(shown(person.name), "bold")]
        if person.following:
            parts.append(Content.styled(f"in your pond since {person.created_at:%Y-%m-%d}", "$text-muted"))
        else:
            archived = person.archived_on.isoformat() if person.archived_on else "?"
            parts.append(Content.styled(f"let go {archived}", "$text-warning"))
        last = next((tp.day for tp in self._entries if tp.counts_as_contact and tp.day <= today), None)
        parts.append(Content.styled(f"last real contact {ago(last, today)}", "$text-muted"))
        lines = [Content(" · ").join(parts)]
        if not person.following and person.archive_note:
            lines.append(
                Content.assemble(("Note when letting go: ", "$text-muted"), user_content(person.archive_note))
            )
        lines.extend(_episode_line(episode) for episode in reversed(person.episodes) if not episode.open)
        self.query_one("#person-top", Static).update(Content("\n").join(lines))

    def _show_depth(self, today: date) -> None:
        depth = depth_of(self.uid, self._entries, today)
        rungs = len(LADDER) - 1
        ladder = "■" * depth.ladder_index + "□" * (rungs - depth.ladder_index)
        word = Content.assemble((depth.word, "bold $text-accent"), "  ", (ladder, "$accent"))
        self.query_one("#depth-word", Static).update(word)
        evidence = Content("\n").join(
            Content.assemble(("· ", "$text-muted"), line) for line in depth.evidence()
        )
        self.query_one("#depth-evidence", Static).update(evidence)
        series = weekly_minutes(self.uid, self._entries, today, weeks=SPARK_WEEKS)
        self.query_one(Sparkline).data = [float(m) for m in series]
        peak = max(series) if series else 0
        caption = f"{SPARK_WEEKS} weeks · {duration(sum(series))}"
        if peak:
            caption += f" · best {duration(peak)}"
        self.query_one("#spark-caption", Static).update(Content.styled(caption, "$text-muted"))

    def _show_earlier(self, person: Person) -> None:
        title = self.query_one("#earlier-title", Static)
        container = self.query_one("#earlier", Vertical)
        container.remove_children()
        history = person.history
        if not history:
            title.update(Content("Earlier definitions"))
            container.mount(
                Static(Content.styled("None yet: r redefines, keeping this one dated", "dim italic"))
            )
            return
        title.update(Content(f"Earlier definitions ({len(history)})"))
        newer: list[Definition] = [past.definition for past in history[1:]] + [person.definition]
        newer_names = [past.name for past in history[1:]] + [person.name]
        widgets: list[Collapsible] = []
        for index in range(len(history) - 1, -1, -1):
            past = history[index]
            widgets.append(
                self._earlier_item(
                    past, newer[index], newer_names[index], collapsed=index != len(history) - 1
                )
            )
        container.mount_all(widgets)

    @staticmethod
    def _earlier_item(
        past: PastDefinition, replaced_by: Definition, new_name: str, collapsed: bool
    ) -> Collapsible:
        changes = definition_changes(past.definition, replaced_by)
        lines: list[Content] = []
        if past.name != new_name:
            lines.append(Content.assemble(_label("Name", 12), user_content(past.name)))
        for field, text in changes:
            lines.append(Content.assemble(_label(field, 12), user_content(text)))
        if not lines:
            lines.append(Content.styled("(the same words)", "dim italic"))
        body = Static(Content("\n").join(lines), classes="earlier-body")
        return Collapsible(body, title=f"Until {past.replaced_at:%Y-%m-%d}", collapsed=collapsed)

    def _show_caption(self) -> None:
        table = self.query_one(TouchpointTable)
        total = len(self._entries)
        minutes = sum(tp.minutes for tp in self._entries)
        if not total:
            text = Content.styled("No touchpoints yet · l logs the first", "$text-muted")
        else:
            noun = "touchpoint" if total == 1 else "touchpoints"
            order = "newest first" if table.loaded >= total else f"newest {table.loaded:,} shown, ↓ for more"
            text = Content.assemble(
                (f"{total:,} {noun}", "bold"),
                (f" · {duration(minutes)} together · {order}", "$text-muted"),
            )
        self.query_one("#history-caption", Static).update(text)

    @on(TouchpointTable.MoreLoaded)
    def _more_loaded(self) -> None:
        self._show_caption()

    @on(DataTable.RowHighlighted, "#person-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_preview(event.row_key.value)

    def _show_preview(self, uid: str | None) -> None:
        preview = self.query_one("#person-preview-text", Static)
        tp = next((tp for tp in self._entries if tp.uid == uid), None) if uid else None
        if tp is None:
            preview.update("")
            return
        names = {p.uid: p.name for p in self.journal.people()}
        preview.update(touchpoint_preview(tp, names, self.journal.today()))

    # -- actions -----------------------------------------------------------------------------

    def _select(self, uid: str | None) -> None:
        if uid is None:
            return
        table = self.query_one(TouchpointTable)
        index = table.index_of(uid)
        if index is not None and index < table.row_count:
            table.move_cursor(row=index, animate=False)
            if self.narrow:
                self.about_shown = False

    def action_back(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        self.log_touchpoint([self.uid], after=self._after_change)

    def _after_change(self, uid: str | None) -> None:
        self.refresh_from_journal()
        self._select(uid)

    @on(DataTable.RowSelected, "#person-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_touchpoint(event.row_key.value, after=self._after_change)

    def action_open(self) -> None:
        uid = self.query_one(TouchpointTable).highlighted_uid
        if uid is not None:
            self.open_touchpoint(uid, after=self._after_change)

    def action_edit(self) -> None:
        uid = self.query_one(TouchpointTable).highlighted_uid
        if uid is not None:
            self.edit_touchpoint(uid, after=self._after_change)

    def action_delete(self) -> None:
        uid = self.query_one(TouchpointTable).highlighted_uid
        if uid is not None:
            self.delete_touchpoint(uid, after=self._after_change)

    def action_redefine(self) -> None:
        self.rj.open_define(self.uid)

    def action_show_about(self) -> None:
        self.about_shown = True

    def action_show_history(self) -> None:
        self.about_shown = False
