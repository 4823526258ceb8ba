"""Snapshots of the Pond, Define and Help at 80×24 and 120×40, with a fixed clock and fixed data.

Regenerate after an intended visual change with ``pytest tests/test_snapshots_main.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW
from helpers.snapshots import steady_cursors
from textual.pilot import Pilot
from textual.widgets import Input

from journal.core import model
from journal.core.model import make_definition
from journal.store.journal import Journal
from journal.store.sample import build_demo_journal
from journal.tui.app import ReljournalApp

SMALL = (80, 24)
LARGE = (120, 40)
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_uids(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = itertools.count(1)
    monkeypatch.setattr(model, "new_uid", lambda: f"{next(counter):032x}")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Journal]:
    build_demo_journal(tmp_path / "demo", FIXED_NOW.date()).close()
    journal = Journal.open(tmp_path / "demo", clock=lambda: FIXED_NOW)
    yield journal
    journal.close()


def _app(journal: Journal) -> ReljournalApp:
    # A long poll interval: nothing external happens in a snapshot.
    return ReljournalApp(journal, watch_interval=3600)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_pond(snap_compare: SnapCompare, demo: Journal, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo), terminal_size=size, press=["down", "down"])


def test_pond_empty(snap_compare: SnapCompare, journal: Journal) -> None:
    assert snap_compare(_app(journal), terminal_size=SMALL)


def test_pond_archived(snap_compare: SnapCompare, demo: Journal) -> None:
    assert snap_compare(_app(demo), terminal_size=SMALL, press=["v"])


def test_pond_markup_names(snap_compare: SnapCompare, journal: Journal) -> None:
    for name in ("[b]x[/b]", "[/]", "[@click=app.quit]q"):
        journal.add_person(name, make_definition(why="[red]literally[/red]", meaning="[/] [i]x"))
    assert snap_compare(_app(journal), terminal_size=SMALL)


async def _fill_new_person(pilot: Pilot[Any]) -> None:
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*"Maya Okafor")
    screen = pilot.app.screen
    screen.query_one("#known-where", Input).value = "university, shared flat"
    screen.query_one("#why", Input).value = "She tells me the truth, kindly"
    for box in (
        "#facet-mine-motivations",
        "#facet-theirs-motivations",
        "#facet-mine-trust",
        "#facet-theirs-support",
    ):
        screen.query_one(box).focus()
        await pilot.press("space")
    screen.query_one("#name", Input).focus()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()  # focusing scrolls the form; let the scroll settle
    await steady_cursors(pilot)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_define_new(snap_compare: SnapCompare, journal: Journal, size: tuple[int, int]) -> None:
    journal.add_person("Sam Lee", make_definition(why="curious about everything"))
    assert snap_compare(_app(journal), terminal_size=size, run_before=_fill_new_person)


def test_define_edit(snap_compare: SnapCompare, demo: Journal) -> None:
    async def edit_priya(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        screen.select_person(demo.find_person("Priya").uid)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await steady_cursors(pilot)

    assert snap_compare(_app(demo), terminal_size=LARGE, run_before=edit_priya)


def test_define_error(snap_compare: SnapCompare, journal: Journal) -> None:
    async def save_without_why(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Ada", "ctrl+s")
        await pilot.pause()
        await steady_cursors(pilot)

    assert snap_compare(_app(journal), terminal_size=SMALL, run_before=save_without_why)


def test_pond_full(snap_compare: SnapCompare, journal: Journal) -> None:
    for i in range(15):
        journal.add_person(f"Friend {i:02d}", make_definition(why="here"))
    assert snap_compare(_app(journal), terminal_size=SMALL, press=["n"])


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_help(snap_compare: SnapCompare, journal: Journal, size: tuple[int, int]) -> None:
    assert snap_compare(_app(journal), terminal_size=size, press=["question_mark"])
