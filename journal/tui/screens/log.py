"""Log touchpoint: who, when, over which channel, for how long, who reached out, how it felt, a note.

One form for adding and editing. Every field is checked by the model's own validators and a refusal is
shown beside its field; nothing is written until the whole form is valid. ``ctrl+s`` saves; every way
out passes the unsaved-changes guard, and what is typed is kept as a draft (``journal.tui.screens.guard``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from journal.core.errors import JournalError
from journal.core.humanize import duration
from journal.core.model import (
    Channel,
    Felt,
    Initiator,
    Person,
    Touchpoint,
    ValidationError,
    clean_closeness,
    clean_tags,
    clean_text,
    make_touchpoint,
)
from journal.core.notetext import note_template
from journal.core.spoken import DATE_EXAMPLES, first_clause, typed_date, typed_minutes
from journal.store.drafts import Draft
from journal.store.editor import EditorError, edit_in_editor, note_file
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataModal
from journal.tui.screens.guard import DraftFields, UnsavedForm
from journal.tui.widgets.shown import user_content
from journal.tui.widgets.touchpoint_choice import ChoiceBar
from journal.tui.widgets.touchpoint_view import long_date, people_names, touchpoint_title

MAX_TYPED_DATE = 40
MAX_TYPED_MINUTES = 16
MINUTES_RESTRICT = r"[0-9A-Za-z.,: ]*"

# The model names fields in its ValidationErrors; each maps to the form field that shows it.
FIELDS = ("people", "date", "channel", "minutes", "initiated", "felt", "closeness", "note", "tags")
_MODEL_FIELDS = {"initiated by": "initiated"}
_FOCUS = {
    "people": "#people-filter",
    "date": "#date",
    "channel": "#channel",
    "minutes": "#minutes",
    "initiated": "#initiated",
    "felt": "#felt",
    "closeness": "#closeness",
    "note": "#note",
    "tags": "#tags",
}

INITIATED_OPTIONS = [
    (Initiator.ME.value, "me"),
    (Initiator.THEM.value, "them"),
    (Initiator.MUTUAL.value, "mutual"),
]
FELT_OPTIONS = [(felt.value, felt.value) for felt in Felt]
CLOSENESS_OPTIONS = [("", "–"), *((str(n), str(n)) for n in range(1, 6))]

FELT_HINTS = {
    Felt.GENUINE.value: "a real exchange: it counts toward depth",
    Felt.ROUTINE.value: "polite or habitual: counts for half",
    Felt.AUTOMATED.value: "canned or impersonal: noticed, never counted as depth",
}


@dataclass(frozen=True)
class _FormValues:
    people: tuple[str, ...]
    day: str
    channel: str
    minutes: str
    initiated: str
    felt: str
    closeness: str
    note: str
    tags: str


def _short_message(field: str, message: str) -> str:
    """``minutes: 'x' is not…`` beside the Minutes field reads better as ``'x' is not…``."""
    for prefix in (f"{field}: ", f"{field.replace('initiated', 'initiated by')}: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
            break
    return message[:1].upper() + message[1:]


# The draft's field names are the touchpoint record's (issue 16 keys the guard by them).
_DRAFT_FIELDS = {
    "people": "people",
    "day": "day",
    "channel": "channel",
    "minutes": "minutes",
    "initiated": "initiated_by",
    "felt": "felt",
    "closeness": "closeness",
    "note": "note",
    "tags": "tags",
}


class LogScreen(UnsavedForm, DataModal[Touchpoint | None]):
    """Add a touchpoint (``touchpoint`` None, people prefilled from ``person_uids``) or edit one.

    ``draft`` (a kept ``log:`` draft) fills the form with what was typed before.
    """

    CSS_PATH = [str(stylesheet("touchpoint.tcss")), str(stylesheet("log.tcss"))]
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = bindings("form")

    def __init__(
        self,
        person_uids: list[str] | None = None,
        touchpoint: Touchpoint | None = None,
        *,
        draft: Draft | None = None,
    ) -> None:
        super().__init__()
        self.touchpoint = touchpoint
        self._restored = draft
        self._initial_people = list(touchpoint.people if touchpoint else (person_uids or []))
        self._chosen: list[str] = []
        self._people: list[Person] = []
        self._initial: _FormValues | None = None

    # -- building the form -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tp = self.touchpoint
        title = "Edit touchpoint" if tp else "Log a touchpoint"
        with Vertical(id="log-dialog"):
            yield Static(Content(title), id="log-title")
            with VerticalScroll(id="log-form", can_focus=False):
                with self._field("people", "With"):
                    yield Input(
                        placeholder="type to find someone · enter picks",
                        id="people-filter",
                        compact=True,
                    )
                    yield SelectionList[str](id="people-list", compact=True)
                    yield Static(id="people-chosen")
                with self._field("date", "Date"), Horizontal(classes="inline"):
                    yield Input(
                        placeholder="today, mon, nov 20…",
                        id="date",
                        compact=True,
                        max_length=MAX_TYPED_DATE,
                    )
                    yield Static(id="date-hint", classes="hint")
                with self._field("channel", "Channel"), Horizontal(classes="inline"):
                    yield Select[str](
                        [(Text(channel.label), channel.value) for channel in Channel],
                        prompt="· pick a channel ·",
                        id="channel",
                        compact=True,
                    )
                    yield Static(id="channel-hint", classes="hint")
                with self._field("minutes", "Minutes"), Horizontal(classes="inline"):
                    yield Input(
                        placeholder="e.g. 30, 1h30",
                        id="minutes",
                        compact=True,
                        restrict=MINUTES_RESTRICT,
                        max_length=MAX_TYPED_MINUTES,
                    )
                    yield Static(id="minutes-hint", classes="hint")
                with self._field("initiated", "Reached out"):
                    yield ChoiceBar(INITIATED_OPTIONS, Initiator.MUTUAL.value, id="initiated")
                with self._field("felt", "Felt"):
                    with Horizontal(classes="inline"):
                        yield ChoiceBar(FELT_OPTIONS, Felt.GENUINE.value, id="felt")
                    yield Static(id="felt-hint", classes="hint")
                with self._field("closeness", "Closeness"), Horizontal(classes="inline"):
                    yield ChoiceBar(CLOSENESS_OPTIONS, "", id="closeness")
                    yield Static(Content("optional: how close it felt"), id="closeness-hint", classes="hint")
                with self._field("note", "Note"):
                    yield NoteArea(
                        id="note",
                        soft_wrap=True,
                        compact=True,
                        placeholder="What happened? What did you learn about them?",
                    )
                with self._field("tags", "Tags"):
                    yield Input(placeholder="e.g. birthday family (space or comma)", id="tags", compact=True)
            with Horizontal(id="log-buttons"):
                yield Static(id="log-summary")
                yield Button("Save  ctrl+s", id="log-save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="log-cancel", compact=True)
        yield Footer(compact=True)

    def _field(self, name: str, label: str) -> _Field:
        return _Field(name, label)

    def on_mount(self) -> None:
        draft = self._restored
        if draft is not None and draft.target != "new" and self.touchpoint is None:
            with suppress(JournalError):  # the touchpoint went: the words come back as a new one
                self.touchpoint = self.journal.entry(draft.target)
            if self.touchpoint is not None:
                self._initial_people = list(self.touchpoint.people)
                self.query_one("#log-title", Static).update(Content("Edit touchpoint"))
        self._people = self._pond_order(self.journal.people())
        known = {p.uid for p in self._people}
        self._chosen = [uid for uid in self._initial_people if uid in known]
        self._fill_people("")
        self._show_chosen()
        tp = self.touchpoint
        date_input = self.query_one("#date", Input)
        if tp is not None:
            date_input.value = tp.day.isoformat()
            self.query_one("#channel", Select).value = tp.channel.value
            self.query_one("#minutes", Input).value = str(tp.minutes)
            self.query_one("#initiated", ChoiceBar).value = tp.initiated_by.value
            self.query_one("#felt", ChoiceBar).value = tp.felt.value
            self.query_one("#closeness", ChoiceBar).value = "" if tp.closeness is None else str(tp.closeness)
            self.query_one("#note", TextArea).load_text(tp.note)
            self.query_one("#tags", Input).value = " ".join(tp.tags)
        else:
            date_input.value = self.journal.today().isoformat()
            self._suggest_channel()
        self._update_date_hint()
        self._update_minutes_hint()
        self._update_channel_hint()
        self._update_felt_hint()
        self._initial = self._values()
        if draft is not None:
            self.adopt_draft(draft.key)
            self._fill_from_draft(draft)
        self._focus_first_empty()

    def _fill_from_draft(self, draft: Draft) -> None:
        """Put a kept draft back; a value this form cannot hold (a hand-edited file) is left out."""
        known = {p.uid for p in self._people}
        self._chosen = [uid for uid in dict.fromkeys(draft.items("people")) if uid in known]
        self._fill_people("")
        self._show_chosen()
        self.query_one("#date", Input).value = draft.text("day")[:MAX_TYPED_DATE]
        channel = draft.text("channel")
        if channel in {c.value for c in Channel}:
            self.query_one("#channel", Select).value = channel
        minutes = draft.text("minutes")
        if re.fullmatch(MINUTES_RESTRICT, minutes):
            self.query_one("#minutes", Input).value = minutes[:MAX_TYPED_MINUTES]
        for field, options in (
            ("initiated", INITIATED_OPTIONS),
            ("felt", FELT_OPTIONS),
            ("closeness", CLOSENESS_OPTIONS),
        ):
            value = draft.text(_DRAFT_FIELDS[field])
            if value in {option for option, _ in options}:
                self.query_one(f"#{field}", ChoiceBar).value = value
        self.query_one("#note", TextArea).load_text(draft.text("note"))
        self.query_one("#tags", Input).value = draft.text("tags")
        self._update_date_hint()
        self._update_minutes_hint()
        self._update_channel_hint()
        self._update_felt_hint()

    # -- the unsaved-changes guard -----------------------------------------------------------

    @property
    def draft_key(self) -> str:
        return f"log:{self.touchpoint.uid}" if self.touchpoint else "log:new"

    def unsaved_drafts(self) -> dict[str, DraftFields]:
        if self._initial is None or not self.is_mounted:
            return {}
        values = self._values()
        if values == self._initial:
            return {}
        fields = {_DRAFT_FIELDS[name]: value for name, value in asdict(values).items()}
        fields["people"] = tuple(values.people)
        return {self.draft_key: fields}

    def unsaved_summary(self) -> str:
        names = people_names(self._chosen, {p.uid: p.name for p in self._people})
        what = "these changes to the touchpoint" if self.touchpoint else "this touchpoint"
        return f"{what} with {', '.join(names)}" if names else what

    def save_unsaved(self, done: Callable[[bool], None]) -> None:
        self.action_save(done)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(ChoiceBar.Changed)
    @on(SelectionList.SelectedChanged)
    def _typed(self) -> None:
        if self._initial is not None:
            self.typed()

    def on_resize(self) -> None:
        """Air between the fields when the terminal is tall enough to show them all anyway."""
        self.set_class(self.size.height >= 36, "-roomy")

    def _focus_first_empty(self) -> None:
        if not self._chosen:
            self.query_one("#people-filter").focus()
        elif self.query_one("#channel", Select).is_blank():
            self.query_one("#channel").focus()
        else:
            self.query_one("#minutes").focus()

    @staticmethod
    def _pond_order(people: list[Person]) -> list[Person]:
        """Following first, then archived; by name within each."""
        return sorted(people, key=lambda p: (not p.following, p.name.casefold()))

    # -- people ------------------------------------------------------------------------------

    def _fill_people(self, query: str) -> None:
        wanted = query.casefold().split()
        selection_list: SelectionList[str] = self.query_one("#people-list", SelectionList)
        selections: list[Selection[str]] = []
        for person in self._people:
            folded = person.name.casefold()
            if wanted and not all(word in folded for word in wanted):
                continue
            label = user_content(person.name)
            if not person.following:
                label = Content.assemble(label, ("  archived", "dim italic"))
            selections.append(Selection(label, person.uid, person.uid in self._chosen))
        with self.app.batch_update():
            selection_list.clear_options()
            selection_list.add_options(selections)
            if selections:
                selection_list.highlighted = 0
        selection_list.set_class(not selections, "-empty")

    def _show_chosen(self) -> None:
        names = {p.uid: p.name for p in self._people}
        chosen = people_names(self._chosen, names)
        widget = self.query_one("#people-chosen", Static)
        if chosen:
            widget.update(Content.assemble(("✓ ", "$text-success"), Content(", ".join(chosen))))
        else:
            widget.update(Content.styled("nobody picked yet · space toggles in the list", "dim"))

    @on(Input.Changed, "#people-filter")
    def _filter_people(self, event: Input.Changed) -> None:
        self._fill_people(event.value)

    @on(Input.Submitted, "#people-filter")
    def _pick_first_match(self, event: Input.Submitted) -> None:
        """Enter in the filter toggles the highlighted match and clears the filter for the next name."""
        event.stop()
        selection_list: SelectionList[str] = self.query_one("#people-list", SelectionList)
        if not selection_list.option_count:
            return
        index = selection_list.highlighted or 0
        uid = selection_list.get_option_at_index(index).value
        self._toggle_person(uid)
        event.input.value = ""

    def key_down(self) -> None:
        """Down from the people filter goes into the list."""
        if self.focused is self.query_one("#people-filter"):
            self.query_one("#people-list").focus()

    @on(SelectionList.SelectionToggled, "#people-list")
    def _list_toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        uid = event.selection.value
        selected = uid in event.selection_list.selected
        if selected and uid not in self._chosen:
            self._chosen.append(uid)
        elif not selected and uid in self._chosen:
            self._chosen.remove(uid)
        self._after_people_change()

    def _toggle_person(self, uid: str) -> None:
        if uid in self._chosen:
            self._chosen.remove(uid)
        else:
            self._chosen.append(uid)
        selection_list: SelectionList[str] = self.query_one("#people-list", SelectionList)
        with self.prevent(SelectionList.SelectedChanged, SelectionList.SelectionToggled):
            if uid in self._chosen:
                selection_list.select(uid)
            else:
                selection_list.deselect(uid)
        self._after_people_change()

    def _after_people_change(self) -> None:
        self._show_chosen()
        if self._chosen:
            self._set_error("people", None)
        self._suggest_channel()

    def _suggest_channel(self) -> None:
        """A blank channel takes the first person's preferred channel, else the one used last with them."""
        select: Select[str] = self.query_one("#channel", Select)
        if not select.is_blank() or not self._chosen:
            return
        uid = self._chosen[0]
        person = next((p for p in self._people if p.uid == uid), None)
        channel: Channel | None = person.definition.preferred_channel if person else None
        if channel is None:
            for tp in self.journal.entries():
                if uid in tp.people:
                    channel = tp.channel
                    break
        if channel is not None:
            select.value = channel.value

    # -- hints and live checks ---------------------------------------------------------------

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self._update_date_hint()
        if self._has_error("date"):
            self._check("date")

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self) -> None:
        self._update_minutes_hint()
        if self._has_error("minutes"):
            self._check("minutes")

    @on(Input.Changed, "#tags")
    def _tags_changed(self) -> None:
        if self._has_error("tags"):
            self._check("tags")

    @on(Input.Blurred, "#date, #minutes, #tags")
    def _field_left(self, event: Input.Blurred) -> None:
        if event.input.value.strip():
            self._check(event.input.id or "")

    @on(Select.Changed, "#channel")
    def _channel_changed(self) -> None:
        self._update_channel_hint()
        if not self.query_one("#channel", Select).is_blank():
            self._set_error("channel", None)

    @on(ChoiceBar.Changed, "#felt")
    def _felt_changed(self) -> None:
        self._update_felt_hint()

    def _update_date_hint(self) -> None:
        """The day the Date field is read as, beside it as you type, or why it cannot be read."""
        hint = self.query_one("#date-hint", Static)
        text = self.query_one("#date", Input).value
        today = self.journal.today()
        hint.remove_class("-error")
        if not text.strip():
            hint.update(Content("today, yesterday, 3 days ago, last fri, nov 20…"))
            return
        try:
            day = typed_date(text, today)
        except ValidationError as error:
            hint.update(Content("✗ " + first_clause(_short_message("date", error.message))))
            hint.add_class("-error")
            return
        hint.update(Content(f"→ {long_date(day, today)}"))

    def _update_minutes_hint(self) -> None:
        text = self.query_one("#minutes", Input).value.strip()
        hint = self.query_one("#minutes-hint", Static)
        hint.remove_class("-error")
        if not text:
            hint.update(Content("0 is fine for a like or a quick message"))
            return
        try:
            minutes = typed_minutes(text)
        except ValidationError as error:
            hint.update(Content("✗ " + first_clause(_short_message("minutes", error.message))))
            hint.add_class("-error")
            return
        if minutes >= 60 or not text.isdigit():
            hint.update(Content(f"= {duration(minutes)}"))
        else:
            hint.update(Content("0 is fine for a like or a quick message"))

    def _update_channel_hint(self) -> None:
        select: Select[str] = self.query_one("#channel", Select)
        hint = self.query_one("#channel-hint", Static)
        if select.is_blank():
            hint.update(Content("poorest first: a like … in person"))
            return
        channel = Channel(str(select.value))
        bar = "▮" * channel.rung + "▯" * (len(Channel) - channel.rung)
        hint.update(Content.assemble((bar, "$accent"), f" rung {channel.rung} of {len(Channel)}"))

    def _update_felt_hint(self) -> None:
        felt = self.query_one("#felt", ChoiceBar).value
        hint = self.query_one("#felt-hint", Static)
        hint.update(Content(FELT_HINTS[felt]))
        hint.set_class(felt == Felt.AUTOMATED.value, "-automated")

    # -- validation --------------------------------------------------------------------------

    def _values(self) -> _FormValues:
        select: Select[str] = self.query_one("#channel", Select)
        return _FormValues(
            people=tuple(self._chosen),
            day=self.query_one("#date", Input).value,
            channel="" if select.is_blank() else str(select.value),
            minutes=self.query_one("#minutes", Input).value,
            initiated=self.query_one("#initiated", ChoiceBar).value,
            felt=self.query_one("#felt", ChoiceBar).value,
            closeness=self.query_one("#closeness", ChoiceBar).value,
            note=self.query_one("#note", TextArea).text,
            tags=self.query_one("#tags", Input).value,
        )

    def _field_error(self, field: str, values: _FormValues) -> str | None:
        """The message for one field, or None when it is fine (using the model's own validators)."""
        try:
            if field == "people":
                if not values.people:
                    return "Pick at least one person (type a name, then enter)"
            elif field == "date":
                if not values.day.strip():
                    return f"Type the date it happened: {DATE_EXAMPLES}"
                typed_date(values.day, self.journal.today())
            elif field == "channel":
                if not values.channel:
                    return "Pick the channel: how did you connect?"
            elif field == "minutes":
                if not values.minutes.strip():
                    return "How many minutes? 0 is fine for a like or a quick message"
                typed_minutes(values.minutes)
            elif field == "closeness":
                clean_closeness(values.closeness)
            elif field == "note":
                clean_text(values.note, "note", limit=10**9)
            elif field == "tags":
                clean_tags(values.tags)
        except ValidationError as error:
            return _short_message(field, error.message)
        return None

    def _check(self, field: str) -> bool:
        message = self._field_error(field, self._values())
        self._set_error(field, message)
        return message is None

    def _has_error(self, field: str) -> bool:
        return self.query_one(f"#field-{field}").has_class("-invalid")

    def _set_error(self, field: str, message: str | None) -> None:
        container = self.query_one(f"#field-{field}")
        error = self.query_one(f"#error-{field}", Static)
        container.set_class(message is not None, "-invalid")
        error.update(Content(message or ""))

    def _build(self) -> Touchpoint | dict[str, str]:
        """The touchpoint the form describes, or the error message for each field at fault."""
        values = self._values()
        errors: dict[str, str] = {}
        for field in FIELDS:
            message = self._field_error(field, values)
            if message is not None:
                errors[field] = message
        if errors:
            return errors
        tp = self.touchpoint
        try:
            return make_touchpoint(
                people=values.people,
                day=typed_date(values.day, self.journal.today()),
                channel=values.channel,
                minutes=typed_minutes(values.minutes),
                initiated_by=values.initiated,
                felt=values.felt,
                closeness=values.closeness or None,
                note=values.note,
                tags=values.tags,
                now=self.journal.clock(),
                uid=tp.uid if tp else None,
                created_at=tp.created_at if tp else None,
            )
        except ValidationError as error:
            field = _MODEL_FIELDS.get(error.field, error.field)
            return {field if field in FIELDS else "note": _short_message(field, error.message)}

    # -- actions -----------------------------------------------------------------------------

    def action_save(self, done: Callable[[bool], None] | None = None) -> None:
        result = self._build()
        for field in FIELDS:
            self._set_error(field, result.get(field) if isinstance(result, dict) else None)
        summary = self.query_one("#log-summary", Static)
        if isinstance(result, dict):
            count = len(result)
            summary.update(Content(f"Fix the {'field' if count == 1 else f'{count} fields'} marked in red"))
            first = next(field for field in FIELDS if field in result)
            target = self.query_one(_FOCUS[first])
            target.focus()
            self.query_one("#log-form", VerticalScroll).scroll_to_widget(
                self.query_one(f"#field-{first}"), animate=False
            )
            self.app.bell()
            if done is not None:
                done(False)
            return
        summary.update("")
        before = self.touchpoint
        built = result

        def write() -> Touchpoint:
            if before is None:
                return self.journal.add_touchpoint(built)
            return self.journal.update_touchpoint(built)

        def saved(touchpoint: Touchpoint) -> None:
            self.forget_drafts()
            if before is not None:
                self.rj.record_undo(f"the earlier version of the {before.channel.label}", before, touchpoint)
            names = {p.uid: p.name for p in self._people}
            who = ", ".join(people_names(touchpoint.people, names))
            verb = "Saved" if before else "Logged"
            self.notify(f"{touchpoint_title(touchpoint)} with {who}", title=verb, markup=False)
            self.close_with(touchpoint)
            if done is not None:
                done(True)

        self.rj.write(write, saved, lambda _: done(False) if done is not None else None)

    def action_edit_note(self) -> None:
        """The note in ``$VISUAL``/``$EDITOR``, the app suspended meanwhile (as ``reljournal log`` does).

        What comes back replaces the field as one edit (ctrl+z undoes it); if the editor fails, the
        field is left as it was and the file holding what was written there is named."""
        area = self.query_one("#note", TextArea)
        values = self._values()
        names = {p.uid: p.name for p in self._people}
        who = ", ".join(people_names(values.people, names)) or "nobody picked yet"
        template = note_template(f"Note on {values.day.strip() or 'the day'} with {who}.")
        if area.text:
            template += area.text + "\n"
        try:
            with note_file(self.journal) as path, self.app.suspend():
                text = edit_in_editor(path, template)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand the screen to an editor", severity="warning", markup=False)
            return
        except (EditorError, OSError) as error:
            message = (
                error.message if isinstance(error, EditorError) else f"cannot open the note file: {error}"
            )
            self.notify(
                message[:1].upper() + message[1:],
                title="The note is unchanged",
                severity="error",
                markup=False,
            )
            return
        finally:
            area.focus()
        if text != area.text:
            area.replace(text, (0, 0), area.document.end)

    def action_cancel(self) -> None:
        self.ask_before_leaving(lambda: self.dismiss(None))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "log-save":
            self.action_save()
        elif event.button.id == "log-cancel":
            self.action_cancel()


class NoteArea(TextArea):
    """The note field, with a key that hands it to the person's own editor."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("note")


class _Field(Horizontal):
    """A labelled row of the form with room for an inline error under the field."""

    def __init__(self, name: str, label: str) -> None:
        super().__init__(id=f"field-{name}", classes="field")
        self._name = name
        self._label = label
        self._body = Vertical(classes="field-body")

    def compose(self) -> ComposeResult:
        self._body.compose_add_child(Static(id=f"error-{self._name}", classes="error"))
        yield Label(Content(self._label), classes="field-label")
        yield self._body

    def compose_add_child(self, widget: Widget) -> None:
        self._body.compose_add_child(widget)
