"""Next week's intentions: pick people from the pond, write a line, add; remove what no longer fits.

The editor holds a draft list of :class:`Intention` and tells its screen when it changed; saving is the
screen's job. Names and intention text only ever go in as plain ``Content`` (never markup).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from journal.core.model import Intention, Person, ValidationError, make_intention
from journal.tui.widgets.shown import user_content

NO_INTENTIONS = "None yet. Pick people below, write a line, and add it."


def describe(intention: Intention, names: Mapping[str, str]) -> Content:
    """``Dinner with Ada and Dev  · Ada Okafor, Dev Shah`` as plain content."""
    who = ", ".join(names.get(uid, "(someone removed)") for uid in intention.people)
    if not who:
        return user_content(intention.text)
    return Content.assemble(intention.text, ("  · " + who, "$text-muted"))


class RemoveButton(Button):
    """Removes one intention; remembers which."""

    def __init__(self, intention_uid: str) -> None:
        super().__init__("Remove", classes="intention-remove", compact=True)
        self.intention_uid = intention_uid


class IntentionEditor(Vertical):
    """The list of next week's intentions and a small form to add one."""

    class Changed(Message):
        """The draft list of intentions changed."""

        def __init__(self, editor: IntentionEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> IntentionEditor:
            return self.editor

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._intentions: tuple[Intention, ...] = ()
        self._names: dict[str, str] = {}
        self._pond: list[Person] = []
        self._drawn: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Vertical(id="intention-rows")
        yield Static(NO_INTENTIONS, id="intention-empty", markup=False)
        yield Label("With whom? (space picks)", classes="field-label")
        yield SelectionList[str](id="intention-people")
        yield Input(placeholder="One line: what do you mean to do?", id="intention-text", max_length=2000)
        yield Static("", id="intention-error", markup=False)
        yield Button("Add intention", id="intention-add", compact=True)

    @property
    def intentions(self) -> tuple[Intention, ...]:
        return self._intentions

    async def load(
        self, intentions: Sequence[Intention], pond: Iterable[Person], names: Mapping[str, str]
    ) -> None:
        """Show ``intentions`` (a saved review or a draft) and offer ``pond`` to pick from."""
        self._intentions = tuple(intentions)
        self._names = dict(names)
        pond = list(pond)
        if [p.uid for p in pond] != [p.uid for p in self._pond]:
            self._pond = pond
            people = self.query_one("#intention-people", SelectionList)
            people.clear_options()
            people.add_options([Selection(user_content(p.name), p.uid) for p in pond])
            if pond:
                people.highlighted = 0  # space picks at once, without an arrow key first
            people.display = bool(pond)
        self.query_one("#intention-error", Static).update("")
        await self._draw()

    async def _draw(self) -> None:
        drawn = (self._intentions, tuple(sorted(self._names.items())))
        if drawn == self._drawn:
            return  # unchanged: keep the rows, and the focus on them
        self._drawn = drawn
        rows = self.query_one("#intention-rows", Vertical)
        await rows.remove_children()
        await rows.mount_all(
            Horizontal(
                Static(describe(intention, self._names), classes="intention-line"),
                RemoveButton(intention.uid),
                classes="intention-row",
            )
            for intention in self._intentions
        )
        self.query_one("#intention-empty").display = not self._intentions

    async def add_intention(self, people: Sequence[str], text: str) -> Intention | None:
        """Add an intention; a refusal shows its message under the form and returns None."""
        error = self.query_one("#intention-error", Static)
        try:
            intention = make_intention(people, text)
        except ValidationError as refusal:
            error.update(refusal.message)
            return None
        error.update("")
        self._intentions = (*self._intentions, intention)
        await self._draw()
        self.post_message(self.Changed(self))
        return intention

    async def remove_intention(self, intention_uid: str) -> None:
        self._intentions = tuple(i for i in self._intentions if i.uid != intention_uid)
        await self._draw()
        self.post_message(self.Changed(self))
        if not self._intentions:
            self.query_one("#intention-people").focus()

    async def _add_from_form(self) -> None:
        people_list = self.query_one("#intention-people", SelectionList)
        text_input = self.query_one("#intention-text", Input)
        chosen = [str(uid) for uid in people_list.selected]
        if await self.add_intention(chosen, text_input.value) is not None:
            text_input.value = ""
            people_list.deselect_all()

    @on(Button.Pressed, "#intention-add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self._add_from_form()

    @on(Input.Submitted, "#intention-text")
    async def _text_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self._add_from_form()

    @on(Button.Pressed, ".intention-remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, RemoveButton):
            await self.remove_intention(event.button.intention_uid)
