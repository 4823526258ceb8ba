"""The Pond: the follow list, its detail panel, archived people, markup safety and external changes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from conftest import FIXED_NOW
from textual.widgets import Input

from journal.core.model import Facet, Touchpoint, make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import EXTERNAL_CHANGE_MESSAGE, ReljournalApp
from journal.tui.screens.archive import ArchiveScreen
from journal.tui.screens.pond import PondScreen
from journal.tui.widgets.person_panel import PersonPanel
from journal.tui.widgets.pond_table import PondTable

SIZE = (80, 24)
TODAY = FIXED_NOW.date()


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def panel_text(app: ReljournalApp) -> str:
    """Everything in the detail panel, scrolled or not (one string per widget, in order)."""
    panel = app.screen.query_one(PersonPanel)
    return "\n".join(str(widget.render()) for widget in panel.query("Label, Static"))


def add(journal: Journal, name: str, **definition: object) -> str:
    definition.setdefault("why", f"why {name}")
    return journal.add_person(name, make_definition(**definition)).uid  # type: ignore[arg-type]


def log(journal: Journal, uids: list[str], days_ago: int, **fields: object) -> Touchpoint:
    fields.setdefault("channel", "call")
    fields.setdefault("minutes", 30)
    return journal.add_touchpoint(
        make_touchpoint(people=uids, day=TODAY - timedelta(days=days_ago), now=FIXED_NOW, **fields)  # type: ignore[arg-type]
    )


def table_rows(app: ReljournalApp) -> list[list[str]]:
    table = app.screen.query_one(PondTable)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_a_new_user_sees_a_friendly_empty_pond(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your pond is empty." in text
        assert "Press n to add someone." in text
        assert app.screen.sub_title == "Pond 0/15"
        assert "0/15" in text  # in the header
        assert app.screen.query_one(PondTable).display is False or app.screen.has_class("-empty")
        assert app.selected_person_uid() is None


async def test_pond_lists_people_with_last_touch_cadence_and_time(journal: Journal) -> None:
    maya = add(journal, "Maya", cadence="weekly")
    tomas = add(journal, "Tomás", cadence="monthly")
    add(journal, "Lena")
    log(journal, [maya], 3, minutes=45)
    log(journal, [maya], 1, minutes=5, felt="automated")  # never resets the clock
    log(journal, [tomas], 40, minutes=60)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = {row[0]: row for row in table_rows(app)}
        assert set(rows) == {"Maya", "Tomás", "Lena"}
        header = [str(col.label) for col in app.screen.query_one(PondTable).columns.values()]
        assert header[0] == "Name" and "Last touch" in header and "Cadence" in header and "Month" in header
        assert "3d ago" in rows["Maya"]
        assert "on track" in rows["Maya"]
        assert "50m" in rows["Maya"]  # this month: 45 + 5 (time is time, felt aside)
        assert "overdue 9d" in rows["Tomás"]
        assert "never" in rows["Lena"]
        assert "Pond 3/15" in screen_text(app)


async def test_depth_column_appears_with_the_depth_module(journal: Journal) -> None:
    from journal.core.depth import depth_of

    maya = add(journal, "Maya")
    log(journal, [maya], 2, channel="in-person", minutes=120)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = [str(col.label) for col in app.screen.query_one(PondTable).columns.values()]
        assert header[1] == "Depth"
        word = depth_of(maya, journal.entries(), TODAY).word
        assert table_rows(app)[0][1] == word


async def test_detail_panel_shows_the_definition_and_recent_touchpoints(journal: Journal) -> None:
    maya = add(
        journal,
        "Maya Okafor",
        why="She tells me the truth",
        known_via="offline",
        known_where="university",
        facets_mine=["trust", "support"],
        facets_theirs=["trust", "recommend"],
        meaning="Fifteen years of friendship",
        preferred_channel="call",
        welcome_contact="evenings",
        cadence="weekly",
    )
    jonas = add(journal, "Jonas")
    for days in range(7):
        log(journal, [maya], days + 1, note=f"note number {days}", tags=["walk"])
    log(journal, [maya, jonas], 0, channel="in-person", minutes=90, note="Dinner at hers")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PondTable)
        assert table.selected_uid == jonas  # sorted by name: Jonas, Maya
        await pilot.press("down")
        assert app.selected_person_uid() == maya
        text = panel_text(app)
        for expected in (
            "Maya Okafor",
            "She tells me the truth",
            "offline · university",
            "Fifteen years of friendship",
            "prefers phone call",
            "welcome: evenings",
            "cadence weekly",
            "Recent touchpoints (5 of 8)",
            "Dinner at hers",
            "with Jonas",
            "#walk",
        ):
            assert expected in text, expected
        assert "note number 4" not in text  # only the five most recent
        # Both ways, with the mismatches marked.
        assert "Human support" in text and "only me" in text
        assert "Recommend each other" in text and "only them" in text
        assert "today" in screen_text(app) or "today" in text


async def test_markup_in_user_text_is_shown_literally(journal: Journal) -> None:
    names = ["[b]x[/b]", "[/]", "[@click=app.quit]q"]
    uids = [
        add(journal, name, why="[red]why[/red]", meaning="[/]", known_where="[@click=app.quit]")
        for name in names
    ]
    log(journal, uids, 1, note="[b]note[/b] [/] [@click=app.quit]x", tags=["tag"])
    journal.archive(uids[0], note="[i]gone[/i]")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[/]" in text
        assert "[@click=app.quit]q" in text
        assert "[red]why[/red]" in panel_text(app)
        assert "[b]note[/b] [/] [@click=app.quit]x" in panel_text(app)
        # Clicking the name (which looks like a link) and the panel does nothing.
        await pilot.click(PondTable, offset=(3, 3))
        await pilot.click(PersonPanel, offset=(4, 0))
        await pilot.pause()
        assert app.is_running
        await pilot.press("v")
        assert "[b]x[/b]" in screen_text(app)
        assert "[i]gone[/i]" in panel_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#name", Input).value == "[b]x[/b]"
        assert "Editing [b]x[/b]" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_archived_people_are_one_toggle_away(journal: Journal) -> None:
    add(journal, "Maya")
    chris = add(journal, "Chris")
    log(journal, [chris], 70)
    journal.archive(chris, "We grew apart; wishing him well")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [row[0] for row in table_rows(app)] == ["Maya"]
        assert "1 let go" in screen_text(app)
        await pilot.press("v")
        rows = table_rows(app)
        assert [row[0] for row in rows] == ["Chris"]
        assert rows[0][1] == TODAY.isoformat()
        assert rows[0][3].startswith("We grew apart; wishing him")
        assert "We grew apart; wishing him well" in panel_text(app)
        assert "let go on" in panel_text(app)
        footer_keys = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Follow again" in footer_keys and "Let go" not in footer_keys
        assert "Pond" in footer_keys
        await pilot.press("a")  # follow again
        await pilot.pause()
        assert journal.person(chris).following
        await pilot.press("v")
        assert sorted(row[0] for row in table_rows(app)) == ["Chris", "Maya"]


async def test_empty_archive_view_says_how_to_go_back(journal: Journal) -> None:
    add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        text = screen_text(app)
        assert "Nobody here yet." in text
        assert "Press v to go back to your pond." in text
        await pilot.press("v")
        assert [row[0] for row in table_rows(app)] == ["Maya"]


async def test_let_go_with_a_note(journal: Journal) -> None:
    add(journal, "Aiko")
    dev = add(journal, "Dev")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert app.selected_person_uid() == dev
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ArchiveScreen)
        assert "Let go of Dev?" in screen_text(app)
        await pilot.press(*"templates, not a friendship")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert [row[0] for row in table_rows(app)] == ["Aiko"]
        assert "1 let go" in screen_text(app)
    person = journal.person(dev)
    assert not person.following
    assert person.archive_note == "templates, not a friendship"
    assert person.archived_on == TODAY


async def test_let_go_can_be_cancelled(journal: Journal) -> None:
    uid = add(journal, "Aiko")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
    assert journal.person(uid).following


async def test_refollow_into_a_full_pond_explains(journal: Journal) -> None:
    chris = add(journal, "Chris")
    journal.archive(chris)
    journal.set_pond_cap(1)
    add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "a")
        await pilot.pause()
        assert not journal.person(chris).following
        assert any("pond is full" in str(n.message) for n in app._notifications)


async def test_writes_from_another_window_show_up(journal: Journal, data_dir: Path) -> None:
    maya = add(journal, "Maya")
    app = ReljournalApp(journal, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "never" in table_rows(app)[0]
        other = Journal.open(data_dir, clock=lambda: FIXED_NOW)
        add(other, "Sam")
        log(other, [maya], 2, minutes=20)
        other.close()
        await pilot.pause(0.3)
        rows = {row[0]: row for row in table_rows(app)}
        assert set(rows) == {"Maya", "Sam"}
        assert "2d ago" in rows["Maya"]
        assert "Pond 2/15" in screen_text(app)
        assert any(n.message == EXTERNAL_CHANGE_MESSAGE for n in app._notifications)


async def test_an_unreadable_file_from_another_window_keeps_the_app_running(
    journal: Journal, data_dir: Path
) -> None:
    add(journal, "Maya")
    app = ReljournalApp(journal, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        journal.path.write_text("{ not json")
        await pilot.pause(0.3)
        assert app.is_running
        assert app.journal_unreadable is not None
        assert "cannot read the journal" in app.journal_unreadable.message
    assert journal.path.read_text() == "{ not json"  # never overwritten


async def test_cursor_stays_on_the_same_person_across_refreshes(journal: Journal) -> None:
    add(journal, "Bea")
    cy = add(journal, "Cy")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert app.selected_person_uid() == cy
        add(journal, "Al")  # sorts first
        app.notice_journal_changes()
        await pilot.pause()
        assert app.selected_person_uid() == cy
        assert [row[0] for row in table_rows(app)] == ["Al", "Bea", "Cy"]


async def test_mismatch_facets_in_panel_for_archived_person(journal: Journal) -> None:
    uid = add(journal, "Elena", facets_mine=[Facet.INTERESTS], facets_theirs=[Facet.RECOMMEND])
    journal.archive(uid, "auto-replies")
    app = ReljournalApp(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        text = panel_text(app)
        assert "Why you let them go" in text and "auto-replies" in text
        assert "only me" in text and "only them" in text
        assert date(2026, 11, 20).isoformat() in table_rows(app)[0]
