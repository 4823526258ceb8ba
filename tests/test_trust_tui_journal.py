"""The app and the journal file: a damaged file from outside, a lock held elsewhere, undo."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from journal.core.model import Status, make_definition, make_touchpoint
from journal.store.drafts import DraftStore
from journal.store.journal import Journal
from journal.tui.app import UNREADABLE_TITLE, ReljournalApp
from journal.tui.screens.archive import ArchiveScreen
from journal.tui.screens.entries import EntriesScreen
from journal.tui.screens.log import LogScreen
from journal.tui.widgets.confirm import ConfirmScreen

SIZE = (80, 24)


def add(journal: Journal, name: str) -> str:
    return journal.add_person(name, make_definition(why=f"why {name}")).uid


async def filled_log(pilot: Pilot[None], uid: str, note: str) -> LogScreen:
    app = pilot.app
    assert isinstance(app, ReljournalApp)
    app.open_log([uid])
    await pilot.pause()
    form = app.screen
    assert isinstance(form, LogScreen)
    form.query_one("#note", TextArea).load_text(note)
    form.query_one("#minutes", Input).value = "30"
    form.query_one("#channel", Select).value = "call"
    await pilot.pause()
    return form


def sticky_titles(app: ReljournalApp) -> list[str]:
    return [n.title for n in app._notifications]


async def test_a_journal_damaged_from_outside_keeps_the_app_and_the_form(journal: Journal) -> None:
    sam = add(journal, "Sam")
    good = journal.path.read_bytes()
    app = ReljournalApp(journal, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        form = await filled_log(pilot, sam, "a private note")
        journal.path.write_text('{"people": {"x": {"name": "a private secret"}}, "entries": [')
        await pilot.pause(0.3)
        assert app.is_running
        assert UNREADABLE_TITLE in sticky_titles(app)
        message = next(n.message for n in app._notifications if n.title == UNREADABLE_TITLE)
        assert "a private secret" not in message
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused: the form stays
        assert journal.path.read_text().endswith('"entries": [')  # never overwritten
        await pilot.pause(0.7)
        assert DraftStore(journal.folder).get("log:new") is not None  # the draft is kept
        await pilot.pause(1.0)
        assert UNREADABLE_TITLE in sticky_titles(app)  # it stays until the file is readable

        journal.path.write_bytes(good)  # restored (say, from a backup)
        os.utime(journal.path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        await pilot.pause(0.3)
        assert app.journal_unreadable is None
        assert UNREADABLE_TITLE not in sticky_titles(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogScreen)
    assert [tp.note for tp in journal.entries()] == ["a private note"]


async def test_a_lock_held_elsewhere_does_not_freeze_input(journal: Journal) -> None:
    sam = add(journal, "Sam")
    app = ReljournalApp(journal)
    fd = os.open(journal.storage.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another reljournal holds the lock (a second open file)
    closed = threading.Event()

    def release() -> None:
        if not closed.is_set():
            closed.set()
            os.close(fd)  # closing the file lets the lock go

    released = threading.Timer(1.5, release)
    try:
        async with app.run_test(size=SIZE) as pilot:
            form = await filled_log(pilot, sam, "while locked")
            started = time.monotonic()
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)
            assert time.monotonic() - started < 1.0  # the keyboard came back at once
            assert any("Waiting for another reljournal" in n.message for n in app._notifications)
            assert app.screen is form
            form.query_one("#tags").focus()
            await pilot.press(*"abc")  # input keeps working while the write waits
            assert form.query_one("#tags", Input).value == "abc"
            released.start()
            for _ in range(100):
                await pilot.pause(0.1)
                if not isinstance(app.screen, LogScreen):
                    break
            assert not isinstance(app.screen, LogScreen)  # applied when the lock came
            assert not any("Waiting for another reljournal" in n.message for n in app._notifications)
    finally:
        released.cancel()
        release()
    assert [tp.note for tp in journal.entries()] == ["while locked"]


async def test_a_deleted_touchpoint_comes_back_with_undo(journal: Journal) -> None:
    sam = add(journal, "Sam")
    tp = journal.add_touchpoint(
        make_touchpoint(
            people=[sam], day=FIXED_NOW.date(), channel="call", minutes=20, note="n", now=FIXED_NOW
        )
    )
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = EntriesScreen()
        app.push_screen(screen)
        await pilot.pause()
        screen.delete_touchpoint(tp.uid)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "u undoes it" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await pilot.pause()
        assert journal.entries() == []
        assert any(b.binding.description == "Undo" for b in app.screen.active_bindings.values())
        await pilot.press("u")
        await pilot.pause()
        assert journal.entries() == [tp]  # the same record, the same uid
        await pilot.press("u")
        await pilot.pause()
    assert journal.entries() == [tp]


async def test_a_let_go_and_a_follow_again_are_undone_exactly(journal: Journal) -> None:
    sam = add(journal, "Sam")
    before = journal.person(sam)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ArchiveScreen(sam))
        await pilot.pause()
        await pilot.press(*"moved away", "enter")
        await pilot.pause()
        archived = journal.person(sam)
        assert archived.status is Status.ARCHIVED
        app.follow_again(sam)
        await pilot.pause()
        assert journal.person(sam).following
        await pilot.press("u")  # undo the follow-again: archived with its note and date
        await pilot.pause()
        assert journal.person(sam) == archived
        await pilot.press("u")  # undo the let-go
        await pilot.pause()
        assert journal.person(sam) == before


async def test_edits_are_undone_and_a_change_made_since_is_not_overwritten(journal: Journal) -> None:
    sam = add(journal, "Sam")
    before = journal.person(sam)
    app = ReljournalApp(journal, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_define(sam)
        await pilot.pause()
        app.screen.query_one("#why", Input).value = "a new reason"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert journal.person(sam).definition.why == "a new reason"
        in_palette = [c.help for c in app.get_system_commands(app.screen) if c.title == "Undo"]
        assert in_palette and "earlier definition of Sam" in in_palette[0]
        await pilot.press("u")
        await pilot.pause()
        assert journal.person(sam) == before

        app.open_define(sam)
        await pilot.pause()
        app.screen.query_one("#why", Input).value = "third"
        await pilot.press("ctrl+s")
        await pilot.pause()
        other = Journal.open(journal.folder, clock=lambda: FIXED_NOW)
        other.redefine(sam, "Sam", make_definition(why="from another window"))
        other.close()
        await pilot.pause(0.3)
        await pilot.press("u")
        await pilot.pause()
        assert journal.person(sam).definition.why == "from another window"
        assert any("Not undone" in n.message for n in app._notifications)


def test_reinstate_writes_the_record_exactly(journal: Journal, data_dir: Path) -> None:
    sam = add(journal, "Sam")
    tp = journal.add_touchpoint(
        make_touchpoint(people=[sam], day=FIXED_NOW.date(), channel="call", minutes=5, now=FIXED_NOW)
    )
    journal.delete_touchpoint(tp.uid)
    assert journal.reinstate_touchpoint(tp) == tp
    reopened = Journal.open(data_dir)
    assert reopened.entry(tp.uid) == tp
    reopened.close()
    person = journal.person(sam)
    journal.archive(sam, "note")
    assert journal.reinstate_person(person) == person
    assert journal.person(sam) == person


async def test_leaving_a_form_while_its_write_waits_does_not_break_the_app(journal: Journal) -> None:
    sam = add(journal, "Sam")
    app = ReljournalApp(journal)
    fd = os.open(journal.storage.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    async with app.run_test(size=SIZE) as pilot:
        await filled_log(pilot, sam, "in flight")
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        await pilot.press("escape", "x")  # leave (discarding the form) while the write waits
        await pilot.pause()
        assert not isinstance(app.screen, LogScreen)
        os.close(fd)  # the other reljournal lets go
        for _ in range(50):
            await pilot.pause(0.1)
            if not app.write_in_progress:
                break
        assert app.is_running and not app.write_in_progress
    assert [tp.note for tp in journal.entries()] == ["in flight"]  # what was sent is saved, once
