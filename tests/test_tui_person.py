"""Person: definition and its dated history, depth evidence, the full history, open/edit/delete."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Sparkline

from journal.core.model import Touchpoint, make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.log import LogScreen
from journal.tui.screens.person import PersonScreen, definition_changes
from journal.tui.screens.pond import PondScreen
from journal.tui.widgets.confirm import ConfirmScreen
from journal.tui.widgets.touchpoint_table import TouchpointTable
from journal.tui.widgets.touchpoint_view import TouchpointScreen

SIZE = (80, 24)
WIDE = (120, 40)
TODAY = FIXED_NOW.date()


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add(journal: Journal, name: str, **definition: object) -> str:
    definition.setdefault("why", f"why {name}")
    return journal.add_person(name, make_definition(**definition)).uid  # type: ignore[arg-type]


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


async def open_person(app: ReljournalApp, uid: str) -> PersonScreen:
    screen = PersonScreen(uid)
    await app.push_screen(screen)
    return screen


async def settled_text(app: ReljournalApp, pilot: Pilot[None], expected: str) -> str:
    """The screen's text once ``expected`` shows (the Footer draws its keys a few frames after the screen)."""
    for _ in range(100):
        text = screen_text(app)
        if expected in text:
            return text
        await pilot.pause(0.02)
    return screen_text(app)


async def test_history_newest_first_with_every_column(journal: Journal) -> None:
    ada = add(journal, "Ada Lovelace")
    ben = add(journal, "Ben Okafor")
    log(journal, [ada], 10, channel="email", minutes=5, initiated_by="me", felt="routine", note="older")
    log(
        journal,
        [ada, ben],
        2,
        channel="in-person",
        minutes=150,
        initiated_by="them",
        closeness=4,
        tags=["dinner"],
        note="Dinner at the harbour",
    )
    log(journal, [ben], 1, note="not Ada's")
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        text = screen_text(app)
        assert "2 touchpoints · 2h 35m together · newest first" in text
        assert "not Ada's" not in text
        lines = [line.split("▕", 1)[1] for line in text.splitlines() if "▕ 2026-11-" in line]
        assert lines[0].startswith(" 2026-11-18  in person  2h 30m  them  genuine  ●●●●○  with Ben Okafor")
        assert lines[1].startswith(" 2026-11-10  email          5m  me    routine         older")
        # The highlighted touchpoint is previewed under the table on a tall terminal.
        assert "In person · 2h 30m  Wed 18 Nov 2026 · 2d ago" in text


async def test_definition_history_after_a_redefine(journal: Journal) -> None:
    ada = add(journal, "Ada", why="She sees patterns", cadence="monthly", facets_mine=["trust"])
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        assert "None yet: r redefines" in screen_text(app)
        # Redefine through the Define form (r), as a person would.
        await pilot.press("r")
        await pilot.pause()
        why = app.screen.query_one("#why", Input)
        why.value = "She makes me think harder"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "Why      She makes me think harder" in text
        assert "Earlier definitions (1)" in text
        assert "Until 2026-11-20" in text
        assert "She sees patterns" in text  # what the earlier definition said
    [past] = journal.person(ada).history
    assert past.definition.why == "She sees patterns"


async def test_earlier_definitions_newest_first_and_only_what_changed(journal: Journal) -> None:
    journal.clock = lambda: datetime(2026, 1, 1, 9)
    ada = add(journal, "Ada", why="first why", cadence="weekly")
    journal.clock = lambda: datetime(2026, 3, 1, 9)
    journal.redefine(ada, "Ada L", make_definition(why="second why", cadence="weekly"))
    journal.clock = lambda: datetime(2026, 9, 1, 9)
    journal.redefine(ada, "Ada L", make_definition(why="second why", cadence="monthly"))
    journal.clock = lambda: FIXED_NOW
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        text = screen_text(app)
        assert "Earlier definitions (2)" in text
        assert text.index("Until 2026-09-01") < text.index("Until 2026-03-01")
        assert "Cadence     weekly" in text  # the newest earlier one, expanded: only the cadence changed
        assert "first why" not in text  # the older one starts collapsed


def test_definition_changes_lists_only_the_fields_that_changed() -> None:
    old = make_definition(why="a", meaning="m", cadence="weekly", facets_mine=["trust"])
    new = make_definition(why="a", meaning="m2", cadence="weekly", facets_mine=["trust", "support"])
    assert definition_changes(old, new) == [("Meant", "m"), ("I wanted", "Trust (each seeks the other out)")]


async def test_depth_evidence_sparkline_mix_and_reciprocity(journal: Journal) -> None:
    ada = add(journal, "Ada")
    for week in range(6):
        log(journal, [ada], week * 7, channel="video", minutes=60, initiated_by="them" if week % 2 else "me")
    log(journal, [ada], 3, channel="dm", minutes=0, felt="automated")
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_person(app, ada)
        await pilot.pause()
        text = screen_text(app)
        assert "Personal" in text
        assert "6h over 7 touchpoints in 90 days" in text
        assert "1 automated (not counted)" in text
        assert "12 weeks · 6h · best 1h" in text
        assert screen.query_one(Sparkline).data == [0.0] * 6 + [60.0] * 6
        assert "video call" in text and "direct message" in text  # channel mix
        assert "me 50%" in text and "them 50%" in text  # automated contact is left out


async def test_open_a_touchpoint_to_read_the_whole_note(journal: Journal) -> None:
    ada = add(journal, "Ada")
    note = (
        "Line one\n" + "\n".join(f"line {n}" for n in range(2, 8)) + "\n[b]not bold[/b] [/] [@click=app.quit]"
    )
    log(journal, [ada], 1, note=note, tags=["[red]tag"])
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TouchpointScreen)
        text = screen_text(app)
        assert "line 7" in text
        assert "[b]not bold[/b] [/] [@click=app.quit]" in text
        assert "#[red]tag" in text
        await pilot.click("#tp-note", offset=(30, 7))
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)


async def test_edit_from_the_person_screen(journal: Journal) -> None:
    ada = add(journal, "Ada")
    tp = log(journal, [ada], 1, minutes=30, note="before")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen) and form.touchpoint == tp
        form.query_one("#minutes", Input).value = "95"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert "1h 35m" in screen_text(app)
    assert journal.entry(tp.uid).minutes == 95


async def test_edit_from_the_reader(journal: Journal) -> None:
    ada = add(journal, "Ada")
    tp = log(journal, [ada], 1, minutes=30)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        app.screen.query_one("#minutes", Input).value = "31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
    assert journal.entry(tp.uid).minutes == 31


async def test_delete_asks_first(journal: Journal) -> None:
    ada = add(journal, "[b]Ada[/b]")
    keep = log(journal, [ada], 5, note="keep me")
    gone = log(journal, [ada], 1, channel="video", minutes=45, note="delete me")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question.plain
        assert question.startswith("Delete the touchpoint with [b]Ada[/b] on 2026-11-19 (video call, 45m)?")
        assert "Delete the touchpoint with [b]Ada[/b] on" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert len(journal.entries()) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # enter on the focused "Keep" button keeps it too
        await pilot.pause()
        assert len(journal.entries()) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(app)
        assert "delete me" not in text
        assert "1 touchpoint ·" in text
    assert [tp.uid for tp in journal.entries()] == [keep.uid]
    assert gone.uid not in {tp.uid for tp in journal.entries()}


async def test_narrow_terminal_takes_turns_between_history_and_about(journal: Journal) -> None:
    ada = add(journal, "Ada", why="She sees patterns")
    log(journal, [ada], 1, note="a call")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        text = await settled_text(app, pilot, "v About")
        assert "a call" in text and "She sees patterns" not in text
        assert "v About" in text
        await pilot.press("v")
        text = await settled_text(app, pilot, "v History")
        assert "She sees patterns" in text and "v History" in text
        await pilot.press("v")
        await pilot.pause()
        assert "a call" in screen_text(app)


async def test_markup_in_names_and_notes_is_literal(journal: Journal) -> None:
    ada = add(journal, "[b]Ada[/b] [/]", why="[@click=app.quit]why", meaning="[red]means[/red]")
    ben = add(journal, "[@click=app.quit]Ben")
    log(journal, [ada, ben], 1, note="[i]note[/i] [/]", tags=["[x]"])
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        text = screen_text(app)
        assert "[b]Ada[/b] [/] · in your pond" in text
        assert "[@click=app.quit]why" in text
        assert "[red]means[/red]" in text
        assert "with [@click=app" in text  # the table cell, cut to fit
        assert "With [b]Ada[/b] [/], [@click=app.quit]Ben" in text  # the preview
        assert "#[x]\n" in text.replace(" ", "").replace("▕", "") or "#[x]" in text
        assert "[i]note[/i] [/]" in text
        await pilot.click("#definition", offset=(12, 0))
        await pilot.pause()
        assert app.is_running


async def test_l_logs_and_escape_goes_back_to_the_pond(journal: Journal) -> None:
    ada = add(journal, "Ada")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the pond opens the highlighted person
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen) and app.screen.uid == ada
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)


async def test_more_rows_load_as_the_cursor_moves_down(journal: Journal) -> None:
    ada = add(journal, "Ada")
    for n in range(130):
        log(journal, [ada], n % 300, minutes=n)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(app, ada)
        await pilot.pause()
        table = screen.query_one(TouchpointTable)
        assert table.row_count == 100
        assert "newest 100 shown, ↓ for more" in screen_text(app)
        table.move_cursor(row=95)
        await pilot.pause()
        assert table.row_count == 130
        assert "shown" not in screen_text(app)


async def test_a_change_from_another_window_refreshes_the_screen(journal: Journal) -> None:
    ada = add(journal, "Ada")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_person(app, ada)
        await pilot.pause()
        assert "No touchpoints yet" in screen_text(app)
        log(journal, [ada], 0, note="from the shell")
        app.notice_journal_changes()
        await pilot.pause()
        assert "from the shell" in screen_text(app)


async def test_a_hidden_person_screen_redraws_only_when_it_comes_back(journal: Journal) -> None:
    ada = add(journal, "Ada")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_person(app, ada)
        await pilot.pause()
        app.push_screen(Screen())  # another full screen on top
        await pilot.pause()
        log(journal, [ada], 0, note="logged while hidden")
        app.notice_journal_changes()
        await pilot.pause()
        assert screen._stale
        app.pop_screen()
        await pilot.pause()
        assert not screen._stale
        assert "logged while hidden" in screen_text(app)


async def test_every_let_go_shows_with_its_note_after_following_again(journal: Journal) -> None:
    ada = add(journal, "Ada", why="She sees patterns")
    journal.archive(ada, "moved to Lisbon")
    journal.refollow(ada)
    journal.archive(ada, "a quiet year")
    app = ReljournalApp(journal)
    async with app.run_test(size=WIDE) as pilot:
        await open_person(app, ada)
        text = await settled_text(app, pilot, "followed again")
        assert "Note when letting go: a quiet year" in text
        assert f"Let go {TODAY.isoformat()}, followed again {TODAY.isoformat()}: moved to Lisbon" in text
