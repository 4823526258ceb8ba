"""Define: "What does this relationship mean to you?" The guided form for adding and editing a person.

Nothing is saved until every field is valid; a refusal shows next to the field it concerns. Editing
keeps the earlier definition with its date (``Journal.redefine``). Adding to a full pond explains why
and offers to let someone go first, then saves. Every way out passes the unsaved-changes guard, and
what is typed is kept as a draft (``journal.tui.screens.guard``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from journal.core.errors import DuplicateNameError, JournalError, PondFullError
from journal.core.model import (
    Cadence,
    Channel,
    Definition,
    Facet,
    KnownVia,
    Person,
    ValidationError,
    clean_name,
    make_definition,
)
from journal.store.drafts import Draft
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.archive import ArchiveScreen, pond_full_explanation
from journal.tui.screens.common import DataModal
from journal.tui.screens.guard import DraftFields, UnsavedForm
from journal.tui.widgets.facet_grid import FacetGrid
from journal.tui.widgets.shown import shown

TITLE = "What does this relationship mean to you?"

# ValidationError.field (see journal.core.model) -> the form field whose error label shows it.
FIELD_OF_ERROR: dict[str, str] = {
    "name": "name",
    "why": "why",
    "known via": "known",
    "where you know them": "known",
    "facets (mine)": "facets",
    "facets (theirs)": "facets",
    "what it means to you": "meaning",
    "preferred channel": "channel",
    "welcome contact": "welcome",
    "cadence": "cadence",
}
ERROR_FIELDS = ("name", "known", "why", "facets", "meaning", "channel", "welcome", "cadence", "form")

CADENCE_LABELS: dict[Cadence, str] = {
    Cadence.NONE: "No cadence: no reminders",
    Cadence.WEEKLY: "Weekly",
    Cadence.FORTNIGHTLY: "Fortnightly",
    Cadence.MONTHLY: "Monthly",
    Cadence.QUARTERLY: "Quarterly",
}


@dataclass(frozen=True)
class FormValues:
    """What the form holds, as typed (not yet validated)."""

    name: str
    known_via: KnownVia
    known_where: str
    why: str
    facets_mine: frozenset[Facet]
    facets_theirs: frozenset[Facet]
    meaning: str
    preferred_channel: str
    welcome_contact: str
    cadence: str


class DefineScreen(UnsavedForm, DataModal[str | None]):
    """Add someone (``uid`` None) or edit what a relationship means. Dismisses with the person's uid.

    ``draft`` (a kept ``define:`` draft) fills the form with what was typed before.
    """

    CSS_PATH = str(stylesheet("define.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("form")

    def __init__(self, uid: str | None = None, *, draft: Draft | None = None) -> None:
        super().__init__()
        self._restored = draft
        if draft is not None and draft.target != "new":
            uid = draft.target
        self.uid = uid
        self._initial: FormValues | None = None

    # -- layout ----------------------------------------------------------------------------

    def _person(self) -> Person | None:
        if self.uid is None:
            return None
        try:
            return self.journal.person(self.uid)
        except JournalError:
            if self._restored is None:
                raise
            self.uid = None  # the person of a kept draft went: the words come back as someone new
            return None

    def _subtitle(self, person: Person | None) -> Content:
        if person is not None:
            count = len(person.history)
            kept = f" · {count} earlier version{'s' if count != 1 else ''} kept" if count else ""
            return Content.assemble(
                "Editing ",
                (shown(person.name), "bold"),
                f"{kept}. Saving keeps the current version with today's date.",
            )
        following, cap = len(self.journal.following()), self.journal.pond_cap
        return Content(
            f"Adding someone to your pond ({following}/{cap}). Only why you follow them is required."
        )

    def compose(self) -> ComposeResult:
        person = self._person()
        definition = person.definition if person else Definition(why="")
        with Vertical(id="define-dialog", classes="dialog"):
            yield Label(TITLE, classes="dialog-title")
            yield Static(self._subtitle(person), id="define-subtitle", classes="dialog-subtitle")
            yield Static("", id="define-full", classes="dialog-warning")
            with VerticalScroll(id="define-form"):
                with self._field("Name", "name"):
                    yield Input(
                        person.name if person else "",
                        placeholder="what you call them",
                        id="name",
                        max_length=80,
                        compact=True,
                    )
                with self._field("How you know them", "known"):
                    with RadioSet(id="known-via", compact=True):
                        for via in KnownVia:
                            yield RadioButton(
                                via.value, value=via is definition.known_via, id=f"known-{via.value}"
                            )
                    yield Input(
                        definition.known_where,
                        placeholder="where: a forum, the climbing gym, school…",
                        id="known-where",
                        compact=True,
                    )
                with self._field("Why you follow them", "why", required=True):
                    yield Input(
                        definition.why,
                        placeholder="what do you want to hear from them?",
                        id="why",
                        compact=True,
                    )
                yield Label("Both ways: what can this relationship hold?", classes="section-title")
                yield Static(
                    "Tick what you want, and what you think they want. Rows where you differ are highlighted.",
                    classes="section-hint",
                )
                yield FacetGrid(definition.facets_mine, definition.facets_theirs, id="facets")
                yield Label("", id="error-facets", classes="field-error")
                with self._field("What it means to you", "meaning"):
                    yield TextArea(
                        definition.meaning,
                        id="meaning",
                        soft_wrap=True,
                        show_line_numbers=False,
                        tab_behavior="focus",
                        placeholder="in your own words: what this person brings, what you hope for",
                        compact=True,
                    )
                with self._field("Preferred channel", "channel"):
                    yield Select[str](
                        [("No preference", ""), *((f"{c.label}", c.value) for c in Channel)],
                        value=definition.preferred_channel.value if definition.preferred_channel else "",
                        allow_blank=False,
                        id="channel",
                        compact=True,
                    )
                with self._field("Welcome contact", "welcome"):
                    yield Input(
                        definition.welcome_contact,
                        placeholder="e.g. texts any time, calls at weekends",
                        id="welcome",
                        compact=True,
                    )
                with self._field("Cadence", "cadence"):
                    yield Select[str](
                        [(label, cadence.value) for cadence, label in CADENCE_LABELS.items()],
                        value=definition.cadence.value,
                        allow_blank=False,
                        id="cadence",
                        compact=True,
                    )
                yield Label("", id="error-form", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="define-save", compact=True)
                yield Button("Cancel", id="define-cancel", compact=True)
        yield Footer()

    def _field(self, label: str, name: str, *, required: bool = False) -> Widget:
        """A labelled row; the widgets yielded inside go in its right-hand column with the error label."""
        return _Field(label, name, required=required)

    def on_mount(self) -> None:
        self._initial = self.values()
        if self._restored is not None:
            self.adopt_draft(self._restored.key)
            self._fill_from_draft(self._restored)
        self._update_full_warning()
        self.query_one("#name", Input).focus()

    def _fill_from_draft(self, draft: Draft) -> None:
        """Put a kept draft back; a value this form cannot hold (a hand-edited file) is left out."""
        for field, selector in _TEXT_FIELDS.items():
            self.query_one(selector, Input).value = draft.text(field)
        self.query_one("#meaning", TextArea).load_text(draft.text("meaning"))
        via = draft.text("known_via")
        if via in {v.value for v in KnownVia}:
            self.query_one(f"#known-{via}", RadioButton).value = True
        facets = {f.value: f for f in Facet}
        grid = self.query_one(FacetGrid)
        grid.set_ticks(
            (facets[v] for v in draft.items("facets_mine") if v in facets),
            (facets[v] for v in draft.items("facets_theirs") if v in facets),
        )
        for field in ("preferred_channel", "cadence"):
            select: Select[str] = self.query_one(f"#{_SELECTS[field]}", Select)
            with suppress(InvalidSelectValueError):
                select.value = draft.text(field)

    # -- the unsaved-changes guard ---------------------------------------------------------

    @property
    def draft_key(self) -> str:
        return f"define:{self.uid or 'new'}"

    def unsaved_drafts(self) -> dict[str, DraftFields]:
        if self._initial is None or not self.is_mounted:
            return {}
        values = self.values()
        if values == self._initial:
            return {}
        fields: dict[str, str | tuple[str, ...]] = {
            "name": values.name,
            "known_via": values.known_via.value,
            "known_where": values.known_where,
            "why": values.why,
            "facets_mine": tuple(sorted(f.value for f in values.facets_mine)),
            "facets_theirs": tuple(sorted(f.value for f in values.facets_theirs)),
            "meaning": values.meaning,
            "preferred_channel": values.preferred_channel,
            "welcome_contact": values.welcome_contact,
            "cadence": values.cadence,
        }
        return {self.draft_key: fields}

    def unsaved_summary(self) -> str:
        name = self.query_one("#name", Input).value.strip()
        if self.uid is not None:
            return f"these changes to {name or 'this person'}"
        return f"the new person {name}" if name else "this new person"

    def save_unsaved(self, done: Callable[[bool], None]) -> None:
        self.action_save(done)

    def _update_full_warning(self) -> None:
        banner = self.query_one("#define-full", Static)
        following, cap = len(self.journal.following()), self.journal.pond_cap
        full = self.uid is None and following >= cap
        banner.display = full
        if full:
            banner.update(pond_full_explanation(following, cap) + " Saving will ask who to let go.")

    def refresh_from_journal(self) -> None:
        self._update_full_warning()

    # -- reading the form ------------------------------------------------------------------

    def values(self) -> FormValues:
        pressed = self.query_one("#known-via", RadioSet).pressed_button
        known = KnownVia(str(pressed.label)) if pressed is not None else KnownVia.BOTH
        grid = self.query_one(FacetGrid)
        return FormValues(
            name=self.query_one("#name", Input).value,
            known_via=known,
            known_where=self.query_one("#known-where", Input).value,
            why=self.query_one("#why", Input).value,
            facets_mine=grid.mine,
            facets_theirs=grid.theirs,
            meaning=self.query_one("#meaning", TextArea).text,
            preferred_channel=str(self.query_one("#channel", Select).value),
            welcome_contact=self.query_one("#welcome", Input).value,
            cadence=str(self.query_one("#cadence", Select).value),
        )

    def _build(self, values: FormValues) -> tuple[str, Definition]:
        """Validate everything; raises ValidationError naming the field."""
        name = clean_name(values.name)
        definition = make_definition(
            why=values.why,
            known_via=values.known_via,
            known_where=values.known_where,
            facets_mine=values.facets_mine,
            facets_theirs=values.facets_theirs,
            meaning=values.meaning,
            preferred_channel=values.preferred_channel or None,
            welcome_contact=values.welcome_contact,
            cadence=values.cadence,
        )
        return name, definition

    # -- errors ----------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for field in ERROR_FIELDS:
            label = self.query_one(f"#error-{field}", Label)
            label.update("")
            label.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")

    def show_error(self, field: str, message: str) -> None:
        label = self.query_one(f"#error-{field}", Label)
        label.update(Content(message))
        label.add_class("-shown")
        target = {
            "name": "#name",
            "known": "#known-where",
            "why": "#why",
            "facets": "#facets",
            "meaning": "#meaning",
            "channel": "#channel",
            "welcome": "#welcome",
            "cadence": "#cadence",
        }.get(field)
        if target is not None:
            widget = self.query_one(target)
            widget.add_class("-invalid")
            if widget.focusable:
                widget.focus()
            self.query_one("#define-form", VerticalScroll).scroll_to_widget(label, animate=False)

    # -- saving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#define-save")
    def _save_pressed(self) -> None:
        self.action_save()

    def action_save(self, done: Callable[[bool], None] | None = None) -> None:
        self._clear_errors()
        try:
            name, definition = self._build(self.values())
        except ValidationError as error:
            self.show_error(FIELD_OF_ERROR.get(error.field, "form"), error.message)
            if done is not None:
                done(False)
            return
        uid = self.uid
        before = self.journal.person(uid) if uid is not None else None

        def write() -> Person | BaseException:
            # Refusals the form shows beside a field come back as values, not as a notification.
            try:
                if uid is None:
                    return self.journal.add_person(name, definition)
                return self.journal.redefine(uid, name, definition)
            except (DuplicateNameError, PondFullError, ValidationError) as refused:
                return refused

        def written(result: Person | BaseException) -> None:
            if isinstance(result, DuplicateNameError):
                self.show_error("name", result.message)
            elif isinstance(result, PondFullError):
                self._offer_let_go()
            elif isinstance(result, ValidationError):
                self.show_error(FIELD_OF_ERROR.get(result.field, "form"), result.message)
            elif isinstance(result, Person):
                self._saved(result, before)
                if done is not None:
                    done(True)
                return
            if done is not None:
                done(False)

        def failed(message: str) -> None:
            self.show_error("form", message)
            if done is not None:
                done(False)

        self.rj.write(write, written, failed)

    def _saved(self, person: Person, before: Person | None) -> None:
        self.forget_drafts()
        if before is not None and person is before:
            self.close_with(None)
            self.notify("Nothing changed")
            return
        if before is None:
            message = f"{shown(person.name)} is in your pond"
        else:
            self.rj.record_undo(f"the earlier definition of {before.name}", before, person)
            message = (
                f"Saved. The earlier definition of {person.name} is kept with today's date · u undoes it"
            )
        self.notify(message, markup=False)
        self.close_with(person.uid)

    def _offer_let_go(self) -> None:
        following, cap = len(self.journal.following()), self.journal.pond_cap
        self.app.push_screen(ArchiveScreen(None, pond_full_explanation(following, cap)), self._after_let_go)

    def _after_let_go(self, archived: str | None) -> None:
        self._update_full_warning()
        if archived is not None:
            self.action_save()

    # -- leaving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#define-cancel")
    def action_cancel(self) -> None:
        self.ask_before_leaving(lambda: self.dismiss(None))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(FacetGrid.Changed)
    def _edited(self) -> None:
        if self._initial is not None:
            self.typed()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()


# Draft field (the Definition record's names) -> the widget that holds it.
_TEXT_FIELDS = {"name": "#name", "known_where": "#known-where", "why": "#why", "welcome_contact": "#welcome"}
_SELECTS = {"preferred_channel": "channel", "cadence": "cadence"}


class _Field(Horizontal):
    """Label on the left; the field widgets and their error message on the right."""

    def __init__(self, label: str, name: str, *, required: bool = False) -> None:
        super().__init__(classes="field")
        self._label = label
        self._name = name
        self._required = required
        self._column = Vertical(classes="field-input")

    def compose(self) -> ComposeResult:
        text = Content.assemble(self._label, ("*", "$text-warning") if self._required else "")
        yield Label(text, classes="field-label")
        self._column.compose_add_child(Label("", id=f"error-{self._name}", classes="field-error"))
        yield self._column

    def compose_add_child(self, widget: Widget) -> None:
        self._column.compose_add_child(widget)
