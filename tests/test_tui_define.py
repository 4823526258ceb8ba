"""Define ("What does this relationship mean to you?"): adding, editing, validation and a full pond."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select, TextArea

from journal.core.model import Cadence, Channel, Facet, KnownVia, make_definition
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.archive import ArchiveScreen
from journal.tui.screens.define import DefineScreen
from journal.tui.screens.guard import LeaveScreen
from journal.tui.screens.pond import PondScreen
from journal.tui.widgets.facet_grid import FacetGrid
from journal.tui.widgets.pond_table import PondTable

SIZE = (80, 24)


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def click(pilot: Pilot[None], selector: str) -> None:
    """Click a widget as a person would: scrolled into view first."""
    pilot.app.screen.query_one(selector).scroll_visible(animate=False)
    await pilot.pause()
    assert await pilot.click(selector)


def add(journal: Journal, name: str, **definition: object) -> str:
    definition.setdefault("why", f"why {name}")
    return journal.add_person(name, make_definition(**definition)).uid  # type: ignore[arg-type]


async def test_add_person_through_the_form(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DefineScreen)
        assert "What does this relationship mean to you?" in screen_text(app)
        assert app.focused is app.screen.query_one("#name", Input)
        await type_text(pilot, "Maya Okafor")
        await pilot.press("tab")  # to "how you know them": offline
        await pilot.press("right", "enter")
        await pilot.press("tab")
        await type_text(pilot, "university")
        await pilot.press("tab")
        await type_text(pilot, "She tells me the truth")
        # Facets: tick with the keyboard (space) and the mouse.
        app.screen.query_one("#facet-mine-motivations").focus()
        await pilot.press("space", "right", "space", "down", "down", "space")
        await click(pilot, "#facet-mine-trust")
        await pilot.pause()
        grid = app.screen.query_one(FacetGrid)
        assert grid.mine == {Facet.MOTIVATIONS, Facet.TRUST}
        assert grid.theirs == {Facet.MOTIVATIONS, Facet.SUPPORT}
        app.screen.query_one("#meaning", TextArea).focus()
        await type_text(pilot, "Fifteen years")
        await pilot.press("enter")
        await type_text(pilot, "and easy.")
        app.screen.query_one("#cadence", Select).focus()
        await pilot.press("enter", "down", "enter")  # the option after "none" is weekly
        app.screen.query_one("#channel", Select).value = Channel.CALL.value
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert isinstance(app.screen, PondScreen)
        [person] = journal.following()
        assert person.name == "Maya Okafor"
        definition = person.definition
        assert definition.why == "She tells me the truth"
        assert definition.known_via is KnownVia.OFFLINE
        assert definition.known_where == "university"
        assert definition.facets_mine == {Facet.MOTIVATIONS, Facet.TRUST}
        assert definition.facets_theirs == {Facet.MOTIVATIONS, Facet.SUPPORT}
        assert definition.meaning == "Fifteen years\nand easy."
        assert definition.cadence is Cadence.WEEKLY
        assert definition.preferred_channel is Channel.CALL
        text = screen_text(app)
        assert "Maya Okafor" in text
        assert "She tells me the truth" in text
        assert app.screen.query_one(PondTable).selected_uid == person.uid
        assert app.sub_title == "" and app.screen.sub_title == "Pond 1/15"


async def test_mismatches_are_highlighted_as_you_tick(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        grid = app.screen.query_one(FacetGrid)
        label = grid.query_one("#facet-label-trust", Label)
        note = grid.query_one("#facet-note-trust", Label)
        assert not label.has_class("-mismatch")
        await click(pilot, "#facet-mine-trust")
        assert label.has_class("-mismatch")
        assert str(note.render()) == "only me"
        await click(pilot, "#facet-theirs-trust")
        assert not label.has_class("-mismatch")
        assert str(note.render()) == ""
        await click(pilot, "#facet-theirs-recommend")
        assert str(grid.query_one("#facet-note-recommend", Label).render()) == "only them"
        assert grid.mismatches == {Facet.RECOMMEND}


async def test_arrow_keys_move_between_facet_boxes(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#facet-mine-motivations").focus()
        await pilot.press("down", "right")
        assert app.focused is not None and app.focused.id == "facet-theirs-interests"
        await pilot.press("left", "up")
        assert app.focused is not None and app.focused.id == "facet-mine-motivations"
        await pilot.press("up")  # off the top edge: back to the field before
        assert app.focused is app.screen.query_one("#why", Input)
        await pilot.press("tab")  # into the grid, then tab leaves it in one step
        assert app.focused is not None and app.focused.id == "facet-mine-motivations"
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#meaning", TextArea)
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "facet-theirs-recommend"
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#why", Input)


async def test_validation_errors_show_next_to_the_field_and_nothing_is_saved(journal: Journal) -> None:
    add(journal, "Sam Lee")
    before = journal.raw()["people"].copy()
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        await pilot.press("ctrl+s")  # empty name
        error = screen.query_one("#error-name", Label)
        assert error.has_class("-shown")
        assert "name is empty" in str(error.render())
        assert app.focused is screen.query_one("#name", Input)

        await type_text(pilot, "Ada")
        await pilot.press("ctrl+s")  # empty why
        assert not error.has_class("-shown")
        why_error = screen.query_one("#error-why", Label)
        assert why_error.has_class("-shown")
        assert "why you follow them is required" in str(why_error.render())
        assert app.focused is screen.query_one("#why", Input)
        assert "why you follow them is required" in screen_text(app)

        screen.query_one("#name", Input).value = "sam lee"
        await type_text(pilot, "curious")
        await pilot.press("ctrl+s")  # duplicate name
        assert "you already have Sam Lee" in str(error.render())
        assert error.has_class("-shown")

        screen.query_one("#name", Input).value = "Ada"
        screen.query_one("#known-where", Input).value = "bad \x1b[31m escape"
        await pilot.press("ctrl+s")
        known_error = screen.query_one("#error-known", Label)
        assert "ESC" in str(known_error.render())
        assert isinstance(app.screen, DefineScreen)
    assert journal.raw()["people"] == before


async def test_edit_keeps_the_earlier_definition(journal: Journal) -> None:
    uid = add(journal, "Priya Raman", why="her newsletter", facets_mine=["interests"], cadence="none")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        assert "Editing" in screen_text(app)
        why = screen.query_one("#why", Input)
        assert why.value == "her newsletter"
        assert screen.query_one(FacetGrid).mine == {Facet.INTERESTS}
        why.value = ""
        why.focus()
        await type_text(pilot, "her essays change how I work")
        await click(pilot, "#facet-mine-motivations")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert "her essays change how I work" in screen_text(app)
        assert "1 earlier definition" in screen_text(app)

    person = journal.person(uid)
    assert person.definition.why == "her essays change how I work"
    assert person.definition.facets_mine == {Facet.INTERESTS, Facet.MOTIVATIONS}
    [past] = person.history
    assert past.definition.why == "her newsletter"
    assert past.definition.facets_mine == {Facet.INTERESTS}
    assert past.replaced_at == FIXED_NOW
    # The stored file has it too (a fresh reader sees the history).
    fresh = Journal.open(journal.folder)
    assert fresh.person(uid).history[0].definition.why == "her newsletter"
    fresh.close()


async def test_edit_with_nothing_changed_saves_nothing(journal: Journal) -> None:
    uid = add(journal, "Priya Raman")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
    assert journal.person(uid).history == ()


async def test_escape_with_unsaved_changes_asks_first(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("x")  # discard
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # untouched form: one press is enough
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
    assert journal.people() == []


async def _fill_minimal(pilot: Pilot[None], name: str, why: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#name", Input).value = name
    screen.query_one("#why", Input).value = why
    await pilot.pause()


async def test_a_sixteenth_follow_is_refused_with_the_reason_and_a_way_to_let_go(journal: Journal) -> None:
    uids = [add(journal, f"Friend {i:02d}") for i in range(15)]
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        # The explanation comes first, before anything is typed.
        assert isinstance(app.screen, ArchiveScreen)
        assert "Your pond is full: 15 of 15" in screen_text(app)
        explanation = str(app.screen.query_one("#archive-explanation").render())
        assert "To add someone, let someone go first" in explanation
        people = app.screen.query_one("#archive-people", OptionList)
        assert people.option_count == 15
        await pilot.press("down", "enter")  # Friend 01
        await type_text(pilot, "moved away")
        await pilot.press("enter")
        await pilot.pause()
        # Then the form, to continue adding.
        assert isinstance(app.screen, DefineScreen)
        await _fill_minimal(pilot, "New Friend", "a fresh start")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert "New Friend" in screen_text(app)
        assert app.screen.sub_title == "Pond 15/15"

    let_go = journal.person(uids[1])
    assert not let_go.following
    assert let_go.archive_note == "moved away"
    assert [p.name for p in journal.following()].count("New Friend") == 1
    assert len(journal.following()) == 15


async def test_cancelling_the_let_go_adds_nobody(journal: Journal) -> None:
    for i in range(15):
        add(journal, f"Friend {i:02d}")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ArchiveScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
    assert len(journal.following()) == 15
    assert journal.archived() == []


async def test_pond_filled_by_another_window_while_typing(journal: Journal, data_dir: Path) -> None:
    for i in range(14):
        add(journal, f"Friend {i:02d}")
    app = ReljournalApp(journal, watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DefineScreen)
        await _fill_minimal(pilot, "Late Comer", "met at the party")
        other = Journal.open(data_dir, clock=lambda: FIXED_NOW)
        add(other, "Fifteenth")
        other.close()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ArchiveScreen)
        assert "Your pond is full: 15 of 15" in screen_text(app)
        await pilot.press("enter")  # the first in the list
        await pilot.press("enter")  # no note
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert "Late Comer" in screen_text(app)
    assert "Late Comer" in [p.name for p in journal.following()]
    assert len(journal.archived()) == 1
