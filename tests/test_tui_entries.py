"""Journal: every touchpoint, filtered by person, channel, tag and text; open, edit, delete; big journals."""

from __future__ import annotations

from datetime import timedelta

from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.widgets import Input, Select

from journal.core.model import Channel, Touchpoint, make_definition, make_touchpoint
from journal.core.search import SearchIndex, TouchpointFilter, filter_touchpoints, tag_counts
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.entries import EntriesScreen
from journal.tui.screens.log import LogScreen
from journal.tui.screens.pond import PondScreen
from journal.tui.widgets.confirm import ConfirmScreen
from journal.tui.widgets.touchpoint_table import TouchpointTable
from journal.tui.widgets.touchpoint_view import TouchpointScreen

SIZE = (80, 24)
WIDE = (120, 40)
TODAY = FIXED_NOW.date()


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add(journal: Journal, name: str) -> str:
    return journal.add_person(name, make_definition(why=f"why {name}")).uid


def log(journal: Journal, people: list[str], days_ago: int, **fields: object) -> Touchpoint:
    fields.setdefault("channel", "call")
    fields.setdefault("minutes", 30)
    return journal.add_touchpoint(
        make_touchpoint(
            people=people,
            day=TODAY - timedelta(days=days_ago),
            now=FIXED_NOW - timedelta(days=days_ago),
            **fields,  # type: ignore[arg-type]
        )
    )


async def settle(pilot: Pilot[None]) -> None:
    """Let the debounce fire and the filter worker finish."""
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(app: ReljournalApp) -> list[str]:
    """The uids shown in the table, in order."""
    table = app.screen.query_one(TouchpointTable)
    return [table.coordinate_to_cell_key((row, 0)).row_key.value or "" for row in range(table.row_count)]  # type: ignore[arg-type]


class Sample:
    def __init__(self, journal: Journal) -> None:
        self.ada = add(journal, "Ada Lovelace")
        self.ben = add(journal, "Ben Okafor")
        self.cyrus = add(journal, "Cyrus")
        self.call = log(
            journal, [self.ada], 1, channel="call", note="Talked about the garden", tags=["garden"]
        )
        self.dinner = log(
            journal, [self.ada, self.ben], 3, channel="in-person", minutes=120, note="Dinner", tags=["family"]
        )
        self.dm = log(journal, [self.ben], 5, channel="dm", minutes=2, felt="automated", note="Birthday bot")
        self.email = log(
            journal, [self.cyrus], 8, channel="email", minutes=10, note="Garden plans", tags=["work"]
        )


async def open_journal(pilot: Pilot[None], person: str | None = None) -> EntriesScreen:
    screen = EntriesScreen(person)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_every_touchpoint_newest_first(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")  # from the pond
        await settle(pilot)
        assert isinstance(app.screen, EntriesScreen)
        text = screen_text(app)
        assert "reljournal — Journal" in text
        assert "4 touchpoints · 2h 42m together" in text
        assert rows(app) == [s.call.uid, s.dinner.uid, s.dm.uid, s.email.uid]
        assert "2026-11-17  Ada Lovelace, B…  in person      2h  genuine  #family Dinner" in text
        assert "2026-11-15  Ben Okafor        DM             2m  auto     Birthday bot" in text


async def test_filter_by_person_with_the_keyboard(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        screen.query_one("#entries-person").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"ben", "enter")
        await settle(pilot)
        assert screen.query_one("#entries-person", Select).value == s.ben
        assert rows(app) == [s.dinner.uid, s.dm.uid]
        assert "2 of 4 touchpoints" in screen_text(app)


async def test_filter_by_channel_and_tag(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        screen.query_one("#entries-channel", Select).value = "email"
        await settle(pilot)
        assert rows(app) == [s.email.uid]
        screen.query_one("#entries-channel", Select).clear()
        tag = screen.query_one("#entries-tag", Select)
        tag.value = "family"
        await settle(pilot)
        assert rows(app) == [s.dinner.uid]
        # The tag menu lists every tag with its count.
        assert {str(value) for _, value in tag._options[1:]} == {"garden", "family", "work"}


async def test_filter_by_text_is_debounced_and_case_insensitive(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#entries-search")
        await pilot.press(*"GARDEN")
        await settle(pilot)
        assert rows(app) == [s.call.uid, s.email.uid]
        await pilot.press("space", *"cyrus")  # names count too; every word must match
        await settle(pilot)
        assert rows(app) == [s.email.uid]
        assert "1 of 4 touchpoints" in screen_text(app)
        await pilot.press("enter")  # back to the table
        assert app.focused is screen.query_one(TouchpointTable)


async def test_hash_words_match_tags(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        screen.query_one("#entries-search", Input).value = "#garden"
        await settle(pilot)
        assert rows(app) == [s.call.uid]  # "Garden plans" mentions it but is not tagged


async def test_nothing_matches_and_clearing_the_filters(journal: Journal) -> None:
    Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        assert "c Clear filters" not in screen_text(app)
        screen.query_one("#entries-search", Input).value = "zebra"
        await settle(pilot)
        assert rows(app) == []
        screen.query_one(TouchpointTable).focus()
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing matches these filters · c clears them" in text
        assert "c Clear filters" in text
        await pilot.press("c")
        await settle(pilot)
        assert len(rows(app)) == 4
        assert screen.query_one("#entries-search", Input).value == ""


async def test_opened_for_one_person(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_journal(pilot, s.cyrus)
        assert rows(app) == [s.email.uid]


async def test_markup_in_notes_names_and_tags_is_literal(journal: Journal) -> None:
    odd = add(journal, "[b]Bold[/b]")
    log(journal, [odd], 0, note="[@click=app.quit]click[/] [red]x", tags=["[i]"])
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_journal(pilot)
        text = screen_text(app)
        assert "[b]Bold[/b]" in text
        assert "#[i] [@click=app.quit]click[/] [red]x" in text
        await pilot.click(TouchpointTable, offset=(70, 1))
        await pilot.pause()
        assert app.is_running
        screen.query_one("#entries-search", Input).value = "[/]"
        await settle(pilot)
        assert len(rows(app)) == 1


async def test_open_edit_and_delete_from_the_journal(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        table = screen.query_one(TouchpointTable)
        table.move_cursor(row=1)  # the dinner
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TouchpointScreen)
        assert "With Ada Lovelace, Ben Okafor" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        app.screen.query_one("#minutes", Input).value = "150"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert table.highlighted_uid == s.dinner.uid  # the edited entry keeps the cursor
        assert "2h 30m" in screen_text(app)

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert s.dinner.uid not in rows(app)
        assert "3 touchpoints" in screen_text(app)
    assert journal.entry(s.call.uid) is not None
    assert s.dinner.uid not in {tp.uid for tp in journal.entries()}


async def test_logging_from_the_journal_highlights_the_new_entry(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot, s.cyrus)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen)
        assert form.query_one("#channel", Select).value == "email"  # last used with Cyrus
        await pilot.press(*"15", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        new = journal.entries()[0]
        assert new.people == (s.cyrus,) and new.minutes == 15
        assert rows(app)[0] == new.uid
        assert screen.query_one(TouchpointTable).highlighted_uid == new.uid


async def test_rows_load_a_page_at_a_time(journal: Journal) -> None:
    ada = add(journal, "Ada")
    data = journal.raw()
    for n in range(450):
        tp = make_touchpoint(
            people=[ada], day=TODAY - timedelta(days=n), channel="dm", minutes=1, now=FIXED_NOW
        )
        data["entries"][tp.uid] = tp.to_dict()
    journal.replace_all(data)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        table = screen.query_one(TouchpointTable)
        assert table.row_count == 100
        assert "450 touchpoints · 7h 30m together · showing 100 · more as you scroll" in screen_text(app)
        await pilot.press("end")  # the last rendered row: the next page arrives
        await pilot.pause()
        assert table.row_count == 200
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count == 300


async def test_escape_leaves_the_search_box_then_the_screen(journal: Journal) -> None:
    Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_journal(pilot)
        await pilot.press("slash", *"ga")
        await pilot.press("escape")
        assert app.focused is screen.query_one(TouchpointTable)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)


async def test_a_change_from_another_window_shows_up(journal: Journal) -> None:
    s = Sample(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        new = log(journal, [s.ada], 0, note="from the shell")
        app.notice_journal_changes()
        await settle(pilot)
        assert rows(app)[0] == new.uid
        assert "5 touchpoints" in screen_text(app)


# -- the filter itself (pure) ------------------------------------------------------------------


def test_filter_entries_combines_every_criterion(journal: Journal) -> None:
    s = Sample(journal)
    entries = journal.entries()
    index = SearchIndex({p.uid: p.name for p in journal.people()})

    def uids(spec: TouchpointFilter) -> list[str]:
        return [tp.uid for tp in filter_touchpoints(entries, spec, index)]

    assert uids(TouchpointFilter()) == [tp.uid for tp in entries]
    assert uids(TouchpointFilter(person=s.ada)) == [s.call.uid, s.dinner.uid]
    assert uids(TouchpointFilter(person=s.ada, channel=Channel.IN_PERSON)) == [s.dinner.uid]
    assert uids(TouchpointFilter(text="okafor")) == [s.dinner.uid, s.dm.uid]
    assert uids(TouchpointFilter(text="phone")) == [s.call.uid]  # the channel's label
    assert uids(TouchpointFilter(text="garden #work")) == [s.email.uid]
    assert uids(TouchpointFilter(tag="garden", text="#garden")) == [s.call.uid]
    assert uids(TouchpointFilter(text="#")) == [tp.uid for tp in entries]  # a lone # is not a tag
    assert filter_touchpoints(entries, TouchpointFilter(text="a"), index, cancelled=lambda: True) == []
    assert tag_counts(entries) == [("family", 1), ("garden", 1), ("work", 1)]


def test_search_index_follows_renames_and_edits(journal: Journal) -> None:
    s = Sample(journal)
    index = SearchIndex({s.ada: "Ada"})
    assert "ada" in index.text(s.call)
    edited = journal.update_touchpoint(
        make_touchpoint(
            people=[s.ada],
            day=s.call.day,
            channel="call",
            minutes=30,
            note="new words",
            now=FIXED_NOW,
            uid=s.call.uid,
            created_at=s.call.created_at,
        )
    )
    assert "new words" in index.text(edited)
    assert "garden" not in index.text(edited)
