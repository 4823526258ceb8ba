"""Snapshots of Log touchpoint, Person and Journal at 80x24 and 120x40, with a fixed clock and fixed data.

Regenerate after an intended change with ``pytest tests/test_snapshots_screens.py --snapshot-update`` and
look at every changed SVG before committing it.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from conftest import FIXED_NOW
from helpers.snapshots import steady_cursors
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from journal.core import model
from journal.core.model import make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.entries import EntriesScreen
from journal.tui.screens.log import LogScreen
from journal.tui.screens.person import PersonScreen

SMALL = (80, 24)
LARGE = (120, 40)
TODAY = FIXED_NOW.date()


class Data:
    """A small journal with fixed uids: three people, one redefined, a month of varied touchpoints."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        journal.clock = lambda: datetime(2026, 6, 1, 9, 0)
        self.maya = journal.add_person(
            "Maya Okafor",
            make_definition(
                why="She tells me the truth about my work",
                known_via="offline",
                known_where="university",
                facets_mine=["motivations", "support", "trust"],
                facets_theirs=["trust", "recommend"],
                meaning="A friend since the first week of university.",
                preferred_channel="call",
                cadence="fortnightly",
            ),
        ).uid
        self.ben = journal.add_person(
            "[b]Ben[/b] [/]", make_definition(why="[@click=app.quit] his jokes")
        ).uid
        self.chen = journal.add_person("Chen Wei", make_definition(why="We play in the same band")).uid
        journal.clock = lambda: datetime(2026, 10, 1, 20, 0)
        journal.redefine(
            self.maya,
            "Maya Okafor",
            make_definition(
                why="She tells me the truth, and I want to return it",
                known_via="offline",
                known_where="university",
                facets_mine=["motivations", "support", "trust"],
                facets_theirs=["trust", "recommend", "interests"],
                meaning="A friend since the first week of university.\nShe moved north in the spring.",
                preferred_channel="video",
                cadence="fortnightly",
            ),
        )
        journal.clock = lambda: FIXED_NOW
        plan: list[tuple[list[str], int, str, int, str, str, int | None, str, list[str]]] = [
            (
                [self.maya],
                0,
                "video",
                55,
                "them",
                "genuine",
                5,
                "She got the job! Long talk about the move.",
                ["work"],
            ),
            (
                [self.maya, self.chen],
                3,
                "in-person",
                150,
                "mutual",
                "genuine",
                4,
                "Dinner at the harbour.",
                ["dinner"],
            ),
            ([self.ben], 4, "dm", 0, "them", "automated", None, "[b]Birthday bot[/b] message", []),
            ([self.chen], 6, "in-person", 120, "mutual", "genuine", None, "Band practice", ["music"]),
            ([self.maya], 9, "email", 10, "me", "routine", 3, "Sent the article I promised", ["work"]),
            ([self.ben], 12, "comment", 2, "me", "routine", None, "", []),
            ([self.maya], 17, "call", 40, "me", "genuine", 4, "Worried about her father.", ["family"]),
            ([self.chen], 20, "video", 30, "them", "genuine", 3, "Planned the gig", ["music"]),
            ([self.maya], 33, "letter", 20, "me", "genuine", None, "Postcard from the coast", []),
            ([self.maya], 45, "in-person", 180, "mutual", "genuine", 5, "Walk by the river", ["walk"]),
        ]
        for people, days_ago, channel, minutes, initiated, felt, closeness, note, tags in plan:
            day = TODAY - timedelta(days=days_ago)
            journal.add_touchpoint(
                make_touchpoint(
                    people=people,
                    day=day,
                    channel=channel,
                    minutes=minutes,
                    initiated_by=initiated,
                    felt=felt,
                    closeness=closeness,
                    note=note,
                    tags=tags,
                    now=datetime.combine(day, datetime.min.time()).replace(hour=21),
                )
            )


@pytest.fixture
def data(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> Data:
    counter = itertools.count(1)
    monkeypatch.setattr(model, "new_uid", lambda: f"{next(counter):032x}")
    return Data(journal)


def showing(
    make: Callable[[], Screen[Any]], *keys: str, then: Callable[[Pilot[None]], Awaitable[None]] | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that opens a screen (over the Pond), waits for its workers and presses ``keys``."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()  # the pond underneath is mounted and drawn first: it shows at the edges
        pilot.app.push_screen(make())
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if then is not None:
            await then(pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause(0.2)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()  # a refused save focuses and scrolls to a field
            await pilot.pause()
        await steady_cursors(pilot)

    return run_before


# -- Log -----------------------------------------------------------------------------------------


def test_log_new_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(lambda: LogScreen([data.maya])))


def test_log_new_120x40(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=LARGE, run_before=showing(lambda: LogScreen([data.maya])))


def test_log_errors_80x24(data: Data, snap_compare: Any) -> None:
    async def bad_input(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#date", Input).value = "2026-11-31"
        pilot.app.screen.query_one("#minutes", Input).value = "5000"

    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(LogScreen, "ctrl+s", then=bad_input))


def test_log_edit_120x40(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    touchpoint = data.journal.entries()[1]
    assert snap_compare(
        app, terminal_size=LARGE, run_before=showing(lambda: LogScreen(touchpoint=touchpoint))
    )


# -- Person --------------------------------------------------------------------------------------


def test_person_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(lambda: PersonScreen(data.maya)))


def test_person_about_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(lambda: PersonScreen(data.maya), "v"))


def test_person_120x40(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=LARGE, run_before=showing(lambda: PersonScreen(data.maya)))


def test_person_markup_name_120x40(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=LARGE, run_before=showing(lambda: PersonScreen(data.ben)))


def test_touchpoint_reader_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(
        app, terminal_size=SMALL, run_before=showing(lambda: PersonScreen(data.maya), "down", "enter")
    )


# -- Journal -------------------------------------------------------------------------------------


def test_journal_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(EntriesScreen))


def test_journal_120x40(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=LARGE, run_before=showing(EntriesScreen))


def test_journal_filtered_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    run_before = showing(lambda: EntriesScreen(data.maya), "slash", *"work", "enter")
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_journal_delete_confirmation_80x24(data: Data, snap_compare: Any) -> None:
    app = ReljournalApp(data.journal)
    assert snap_compare(app, terminal_size=SMALL, run_before=showing(EntriesScreen, "down", "d"))
