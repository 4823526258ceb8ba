"""Log touchpoint: logging through the form, inline validation, editing, cancelling, literal names."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, TextArea

from journal.core.model import Channel, Felt, Initiator, make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.guard import LeaveScreen
from journal.tui.screens.log import LogScreen
from journal.tui.screens.person import PersonScreen
from journal.tui.widgets.touchpoint_choice import ChoiceBar

SIZE = (80, 24)
TODAY = FIXED_NOW.date()


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add(journal: Journal, name: str, **definition: object) -> str:
    definition.setdefault("why", f"why {name}")
    return journal.add_person(name, make_definition(**definition)).uid  # type: ignore[arg-type]


async def open_log(pilot: Pilot[None], screen: LogScreen) -> LogScreen:
    pilot.app.push_screen(screen)
    await pilot.pause()
    assert pilot.app.screen is screen
    return screen


async def test_log_a_touchpoint_with_the_keyboard(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    add(journal, "Ben Okafor")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen())
        assert "Log a touchpoint" in screen_text(app)
        assert app.focused is form.query_one("#people-filter")
        # Type part of a name, enter picks the match and clears the filter for the next one.
        await pilot.press(*"ada", "enter")
        assert "✓ Ada Lovelace" in screen_text(app)
        await pilot.press("tab", "tab")  # the list, then the date (already today)
        assert app.focused is form.query_one("#date")
        assert form.query_one("#date", Input).value == "2026-11-20"
        await pilot.press("tab", "enter")  # open the channel menu
        await pilot.pause()
        await pilot.press(*"ph", "enter")  # type to search: phone call
        await pilot.pause()
        assert form.query_one("#channel", Select).value == "call"
        await pilot.press("tab", *"45")
        assert "0 is fine" in screen_text(app)
        await pilot.press("tab", "t")  # reached out: them
        await pilot.press("tab")  # felt: genuine (default)
        await pilot.press("tab", "4")  # closeness 4
        await pilot.press("tab", *"Long call about her new job")
        await pilot.press("tab", *"work, Career")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogScreen)

    [tp] = journal.entries()
    assert tp.people == (ada,)
    assert tp.day == TODAY
    assert tp.channel is Channel.CALL
    assert tp.minutes == 45
    assert tp.initiated_by is Initiator.THEM
    assert tp.felt is Felt.GENUINE
    assert tp.closeness == 4
    assert tp.note == "Long call about her new job"
    assert tp.tags == ("work", "career")


async def test_logging_from_the_person_screen_shows_the_new_entry(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace", preferred_channel="video")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PersonScreen(ada))
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen)
        # Prefilled: the person, today, and their preferred channel; the cursor waits in minutes.
        assert form.query_one("#people-list", SelectionList).selected == [ada]
        assert form.query_one("#channel", Select).value == "video"
        assert app.focused is form.query_one("#minutes")
        await pilot.press(*"30")
        form.query_one("#note", TextArea).focus()
        await pilot.press(*"Caught up")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "1 touchpoint" in text
        assert "2026-11-20  video" in text
        assert "Caught up" in text
    [tp] = journal.entries()
    assert (tp.channel, tp.minutes, tp.note) == (Channel.VIDEO, 30, "Caught up")


async def test_several_people_in_one_touchpoint(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    ben = add(journal, "Ben Okafor")
    add(journal, "Cyrus")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen())
        await pilot.press(*"ben", "enter", *"ada", "enter")
        assert "✓ Ben Okafor, Ada Lovelace" in screen_text(app)
        form.query_one("#channel", Select).value = "in-person"
        form.query_one("#minutes", Input).value = "120"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [tp] = journal.entries()
    assert tp.people == (ben, ada)
    assert tp.channel is Channel.IN_PERSON


async def test_invalid_fields_are_refused_inline_and_nothing_is_written(journal: Journal) -> None:
    add(journal, "Ada Lovelace")
    before = journal.path.read_bytes()
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen())
        form.query_one("#date", Input).value = "2026-11-21"  # tomorrow
        form.query_one("#minutes", Input).value = "9999"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        text = screen_text(app)
        assert "Pick at least one person" in text
        assert "2026-11-21 is in the future" in text
        assert "Pick the channel" in text
        assert "Fix the 4 fields marked in red" in text
        assert form.query_one("#field-minutes").has_class("-invalid")
        assert app.focused is form.query_one("#people-filter")  # the first field at fault
        # A date that does not exist, and minutes that are no length of time (symbols cannot be typed).
        form.query_one("#date", Input).value = "2026-02-30"
        form.query_one("#minutes", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"ab$c")
        assert form.query_one("#minutes", Input).value == "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "'2026-02-30' is not a real date; use YYYY-MM-DD" in text
        assert "'abc' is not a length of time; try 30, 45m, 1h30" in text
    assert journal.entries() == []
    assert journal.path.read_bytes() == before


async def test_an_error_clears_as_soon_as_the_field_is_fixed(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        form.query_one("#channel", Select).value = "dm"
        form.query_one("#minutes", Input).value = "99999"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "more than a day" in screen_text(app)
        form.query_one("#minutes", Input).value = "5"
        await pilot.pause()
        assert not form.query_one("#field-minutes").has_class("-invalid")
        assert "more than a day" not in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    assert [tp.minutes for tp in journal.entries()] == [5]


async def test_leaving_a_bad_date_shows_the_error_at_once(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        form.query_one("#date", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2027-01-01", "tab")
        await pilot.pause()
        assert "2027-01-01 is in the future; log what has happened" in screen_text(app)


async def test_escape_cancels_and_asks_first_when_something_was_typed(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    before = journal.path.read_bytes()
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        assert "esc Cancel" in screen_text(app) and "^s Save" in screen_text(app)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.screen is not form

        form = await open_log(pilot, LogScreen([ada]))
        form.query_one("#minutes", Input).focus()
        await pilot.press(*"20")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#minutes", Input).value == "20"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (LogScreen, LeaveScreen))
    assert journal.entries() == []
    assert journal.path.read_bytes() == before


async def test_edit_a_touchpoint(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    ben = add(journal, "Ben Okafor")
    original = journal.add_touchpoint(
        make_touchpoint(
            people=[ada],
            day=TODAY - timedelta(days=3),
            channel="email",
            minutes=10,
            initiated_by="me",
            felt="routine",
            closeness=2,
            note="first draft",
            tags=["work"],
            now=FIXED_NOW - timedelta(days=3),
        )
    )
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen(touchpoint=original))
        assert "Edit touchpoint" in screen_text(app)
        # Every field is prefilled from the touchpoint.
        assert form.query_one("#date", Input).value == "2026-11-17"
        assert form.query_one("#channel", Select).value == "email"
        assert form.query_one("#minutes", Input).value == "10"
        assert form.query_one("#initiated", ChoiceBar).value == "me"
        assert form.query_one("#felt", ChoiceBar).value == "routine"
        assert form.query_one("#closeness", ChoiceBar).value == "2"
        assert form.query_one("#note", TextArea).text == "first draft"
        assert form.query_one("#tags", Input).value == "work"
        form.query_one("#people-filter", Input).focus()
        await pilot.press(*"ben", "enter")
        form.query_one("#minutes", Input).value = "25"
        form.query_one("#felt", ChoiceBar).focus()
        await pilot.press("g")
        form.query_one("#closeness", ChoiceBar).focus()
        await pilot.press("left", "left")  # 2 -> 1 -> not noted
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    [tp] = journal.entries()
    assert tp.uid == original.uid
    assert tp.people == (ada, ben)
    assert (tp.minutes, tp.felt, tp.closeness) == (25, Felt.GENUINE, None)
    assert tp.created_at == original.created_at
    assert tp.updated_at == FIXED_NOW


async def test_markup_in_names_shows_literally_in_the_form(journal: Journal) -> None:
    add(journal, "[b]Bold[/b] [/]")
    add(journal, "[@click=app.quit]Quit")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_log(pilot, LogScreen())
        text = screen_text(app)
        assert "[b]Bold[/b] [/]" in text
        assert "[@click=app.quit]Quit" in text
        await pilot.press(*"click", "enter")
        assert "✓ [@click=app.quit]Quit" in screen_text(app)
        await pilot.click("#people-chosen")
        await pilot.pause()
        assert app.is_running


async def test_archived_people_can_be_picked_after_those_you_follow(journal: Journal) -> None:
    old = add(journal, "Aaron Archived")
    add(journal, "Zoe Following")
    journal.archive(old)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen())
        selection_list = form.query_one("#people-list", SelectionList)
        values = [selection_list.get_option_at_index(i).value for i in range(selection_list.option_count)]
        assert values[-1] == old
        assert "Aaron Archived  archived" in screen_text(app)


async def test_the_channel_defaults_to_the_last_one_used_with_them(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    journal.add_touchpoint(
        make_touchpoint(people=[ada], day=date(2026, 11, 1), channel="letter", minutes=15, now=FIXED_NOW)
    )
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        assert form.query_one("#channel", Select).value == "letter"
        assert "rung 5 of 8" in screen_text(app)


async def test_the_date_field_reads_spoken_dates_and_shows_the_day_as_you_type(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace", preferred_channel="call")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        assert "→ Fri 20 Nov 2026" in screen_text(app)  # today, as prefilled
        form.query_one("#date", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"yesterday")
        await pilot.pause()
        assert "→ Thu 19 Nov 2026" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"nov 25")  # the most recent past one: last year's
        await pilot.pause()
        assert "→ Tue 25 Nov 2025" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"last mon")
        await pilot.pause()
        assert "→ Mon 16 Nov 2026" in screen_text(app)
        form.query_one("#minutes", Input).value = "1h30"
        await pilot.pause()
        assert "= 1h 30m" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    [tp] = journal.entries()
    assert (tp.day, tp.minutes) == (date(2026, 11, 16), 90)


async def test_a_date_it_cannot_read_is_named_beside_the_field_and_not_saved(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace", preferred_channel="call")
    before = journal.path.read_bytes()
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        form.query_one("#minutes", Input).value = "20"
        form.query_one("#date", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"someday")
        await pilot.pause()
        hint = form.query_one("#date-hint")
        assert hint.has_class("-error")
        assert "✗ 'someday' is not a date" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-date").has_class("-invalid")
        assert "try today, yesterday, 3 days ago" in screen_text(app)
        # Fixing it clears the error and the day shows again.
        await pilot.press("ctrl+a", "ctrl+k", *"2 days ago")
        await pilot.pause()
        assert not hint.has_class("-error")
        assert not form.query_one("#field-date").has_class("-invalid")
        assert "→ Wed 18 Nov 2026" in screen_text(app)
        assert journal.path.read_bytes() == before
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [tp.day for tp in journal.entries()] == [date(2026, 11, 18)]


async def test_minutes_it_cannot_read_are_named_beside_the_field(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace", preferred_channel="call")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_log(pilot, LogScreen([ada]))
        form.query_one("#minutes", Input).value = "1.5"
        await pilot.pause()
        assert form.query_one("#minutes-hint").has_class("-error")
        assert "✗ '1.5' is not a length of time" in screen_text(app)
        form.query_one("#minutes", Input).value = "1.5h"
        await pilot.pause()
        assert "= 1h 30m" in screen_text(app)
