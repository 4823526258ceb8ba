"""The app offers to merge a conflict copy a sync tool left beside the journal, and keeps the mirror."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXED_NOW

from journal.core.model import make_definition, make_touchpoint
from journal.report.exportfs import MARKER_FILE
from journal.report.mirror import turn_on
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR
from journal.tui.app import ReljournalApp
from journal.tui.widgets.confirm import ConfirmScreen

SIZE = (100, 30)
COPY = "journal.sync-conflict-20261201-120000-ABCDEFG.json"


def _laptop_copy(journal: Journal, tmp_path: Path) -> Path:
    shutil.copytree(journal.folder, tmp_path / "laptop")
    laptop = Journal.open(tmp_path / "laptop", clock=lambda: FIXED_NOW)
    sam = laptop.people()[0].uid
    laptop.add_touchpoint(
        make_touchpoint(
            people=[sam], day="2026-11-19", channel="call", minutes=40, note="laptop", now=FIXED_NOW
        )
    )
    return laptop.path


async def test_the_app_offers_the_merge_and_merges_on_yes(journal: Journal, tmp_path: Path) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    copy = journal.folder / COPY
    shutil.copy2(_laptop_copy(journal, tmp_path), copy)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert (
            isinstance(app.screen, ConfirmScreen) and app.screen.title_text == "Another copy of your journal"
        )
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert [tp.note for tp in journal.entries()] == ["laptop"]
        assert not copy.exists() and any(
            p.name.startswith("merged-") for p in (journal.folder / BACKUP_DIR).iterdir()
        )


async def test_later_keeps_the_copy_and_does_not_ask_again(journal: Journal, tmp_path: Path) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    copy = journal.folder / COPY
    shutil.copy2(_laptop_copy(journal, tmp_path), copy)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        from journal.tui.screens.sync import offer_conflict_copies

        offered = {COPY}
        offer_conflict_copies(app, offered)
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen) and copy.exists() and journal.entries() == []


async def test_a_write_in_the_app_updates_the_mirror(journal: Journal, tmp_path: Path) -> None:
    sam = journal.add_person("Sam", make_definition(why="a friend"))
    target = tmp_path / "vault"
    turn_on(journal, str(target))
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.write(
            lambda: journal.add_touchpoint(
                make_touchpoint(
                    people=[sam.uid],
                    day="2026-11-19",
                    channel="call",
                    minutes=5,
                    note="in the app",
                    now=FIXED_NOW,
                )
            ),
            lambda _: None,
        )
        await pilot.pause()
    notes = [p.read_text() for p in (target / "people").glob("*.md")]
    assert any("in the app" in text for text in notes) and (target / MARKER_FILE).exists()
