"""The weekly review screen: writing a review, moving between weeks, ticking intentions; snapshots.

A tiny host app stands in for ReljournalApp (it counts the app's change notices), so these tests
depend only on the review; one test also opens the review from the real app with ``w``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_review import FIXED_NOW, W47, Sample, build_sample
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, SelectionList, Static, TextArea

from journal.core.model import Channel, make_intention, make_review, make_touchpoint
from journal.core.weeks import IsoWeek
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.guard import LeaveScreen
from journal.tui.screens.review import KeptCheckbox, ReviewScreen, SeriesRow, relative_week
from journal.tui.widgets.review_intentions import IntentionEditor, RemoveButton
from journal.tui.widgets.review_sparkline import WeeksSparkline

W46 = IsoWeek(2026, 46)


class HostApp(ReljournalApp):
    """The app, opened on the review (counting the change notifications)."""

    def __init__(self, journal: Journal, week: IsoWeek | None = None) -> None:
        super().__init__(journal)
        self.week = week
        self.changes = 0

    def on_mount(self) -> None:
        super().on_mount()
        self.push_screen(ReviewScreen(self.week))

    def notice_journal_changes(self) -> bool:
        published = super().notice_journal_changes()
        self.changes += published
        return published


@pytest.fixture
def sample(data_dir: Path) -> Iterator[Sample]:
    built = build_sample(data_dir)
    yield built
    built.journal.close()


def review(app: App[Any]) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def text_of(app: App[Any], selector: str) -> str:
    return str(review(app).query_one(selector, Static).visual)


async def focus_body(pilot: Pilot[Any]) -> None:
    review(pilot.app).query_one("#review-body").focus()
    await pilot.pause()


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    widget = review(pilot.app).query_one(selector)
    widget.focus()
    await pilot.pause()
    await pilot.press(*[" " if ch == " " else ch for ch in text])


# -- what it shows -------------------------------------------------------------------------------


async def test_opens_on_this_week_with_the_evidence(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = review(app)
        assert screen.week == W47
        assert screen.sub_title == "2026-W47 · this week"
        assert text_of(app, "#review-heading") == "2026-W47  Mon 16 Nov – Sun 22 Nov 2026  (this week)"
        assert text_of(app, "#review-totals") == (
            "Reached 4 of 5 in your pond · 3h 45m over 5 touchpoints · offline 93%"
        )
        table = screen.query_one("#review-people", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "Ada Okafor",
            "Ben Park",
            "Chloé Martin",
            "Dev Shah",
            "Max [b]Power[/b]",
        ]
        assert text_of(app, "#review-drifting") == (
            "Ben Park — last real contact 50 days ago; cadence monthly (31 days)"
        )
        assert text_of(app, "#review-one-sided") == "Chloé Martin — you reached out every time or nearly"
        rows = list(screen.query(SeriesRow))
        assert [row.uid for row in rows] == [p.uid for p in sorted_pond(sample)]
        ada = next(row for row in rows if row.uid == sample.uids["Ada"])
        assert list(ada.query_one(WeeksSparkline).data or []) == [0] * 10 + [30, 210]
        boxes = list(screen.query(KeptCheckbox))
        assert [(str(box.label), box.value) for box in boxes] == [
            ("Call Ben about his new job (Ben Park)", False),
            ("Dinner with Ada and Dev (Ada Okafor, Dev Shah)", False),
        ]
        assert text_of(app, "#review-saved") == "Not saved yet · ctrl+s saves this week's review"


def sorted_pond(sample: Sample) -> list[Any]:
    return [p for p in sample.journal.people() if p.following]


async def test_markup_in_names_is_shown_literally(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Max [b]Power[/b]" in screen_text


async def test_an_empty_journal(journal: Journal) -> None:
    app = HostApp(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = review(app)
        assert not screen.query_one("#review-people").display
        assert text_of(app, "#review-no-people") == "No touchpoints logged this week."
        assert text_of(app, "#review-drifting") == "Nobody in your pond is past their cadence or usual gap."
        assert "No intentions were set last week." in [
            str(s.visual) for s in screen.query("#review-kept Static")
        ]


# -- writing a review ----------------------------------------------------------------------------


async def test_write_a_review_and_save_it(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#answer-time", "Ada, properly")
        await pilot.press("enter", *"Dev too")
        await type_into(pilot, "#answer-drifting", "Ben. Not okay")
        assert review(app).dirty
        assert text_of(app, "#review-saved").startswith("Unsaved changes · ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None
        assert dict(saved.answers) == {"time": "Ada, properly\nDev too", "drifting": "Ben. Not okay"}
        assert saved.updated_at == FIXED_NOW
        assert app.changes == 1
        assert not review(app).dirty
        assert text_of(app, "#review-saved") == "Saved Fri 20 Nov 2026 at 18:30 · ctrl+s saves changes"
        # Still editing the same text after the save's refresh.
        assert review(app).query_one("#answer-time", TextArea).text == "Ada, properly\nDev too"


async def test_tick_last_weeks_intention(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        boxes = list(review(app).query(KeptCheckbox))
        boxes[1].focus()
        await pilot.press("space")
        assert boxes[1].value
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None and saved.kept == frozenset({"2" * 32})
        boxes[1].focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None and saved.kept == frozenset()


async def test_next_weeks_intentions_pick_people_add_and_remove(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = review(app)
        people = screen.query_one("#intention-people", SelectionList)
        people.focus()
        await pilot.press("space", "down", "down", "down", "space")  # Ada, (Ben, Chloé), Dev
        await type_into(pilot, "#intention-text", "Dinner again")
        await pilot.press("enter")
        await pilot.pause()
        await type_into(pilot, "#intention-text", "Write to Ben")
        await pilot.press("enter")
        await pilot.pause()
        editor = screen.query_one(IntentionEditor)
        assert [(i.text, i.people) for i in editor.intentions] == [
            ("Dinner again", (sample.uids["Ada"], sample.uids["Dev"])),
            ("Write to Ben", ()),
        ]
        assert list(people.selected) == []  # the form is cleared after adding
        assert screen.query_one("#intention-text", Input).value == ""
        # Remove the second one with its button, then save.
        buttons = list(screen.query(RemoveButton))
        assert len(buttons) == 2
        buttons[1].focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None
        assert [(i.text, i.people) for i in saved.intentions] == [
            ("Dinner again", (sample.uids["Ada"], sample.uids["Dev"]))
        ]


async def test_an_intention_needs_a_line_of_text(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = review(app)
        screen.query_one("#intention-people", SelectionList).focus()
        await pilot.press("space")
        await type_into(pilot, "#intention-text", "   ")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(IntentionEditor).intentions == ()
        assert text_of(app, "#intention-error") == "an intention needs a line of text"
        assert not screen.dirty


async def test_a_refused_answer_saves_nothing(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        review(app).query_one("#answer-time", TextArea).insert("bad \x1b[31m escape")
        await pilot.pause()
        before = sample.journal.path.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sample.journal.review(W47) is None
        assert sample.journal.path.read_bytes() == before
        assert review(app).dirty
        assert app.changes == 0


# -- moving between weeks ------------------------------------------------------------------------


async def test_move_between_weeks_and_reopen_what_was_saved(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await focus_body(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        screen = review(app)
        assert screen.week == W46
        assert screen.sub_title == "2026-W46 · last week"
        assert screen.query_one("#answer-time", TextArea).text == "Mostly work people."
        assert [i.text for i in screen.query_one(IntentionEditor).intentions] == [
            "Call Ben about his new job",
            "Dinner with Ada and Dev",
        ]
        assert text_of(app, "#review-saved") == "Saved Sun 15 Nov 2026 at 20:00 · ctrl+s saves changes"
        assert not screen.dirty
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.week == IsoWeek(2026, 48)
        assert screen.sub_title == "2026-W48 · next week"
        assert [str(box.label) for box in screen.query(Checkbox)] == []  # nothing set for W47 yet
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == W47
        assert screen.query_one("#answer-time", TextArea).text == ""


async def test_unsaved_edits_survive_moving_weeks(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#answer-genuine", "The dinner")
        review(app).query(KeptCheckbox).first().focus()
        await pilot.press("space")
        await focus_body(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert review(app).query_one("#answer-genuine", TextArea).text == ""
        await pilot.press("right_square_bracket")
        await pilot.pause()
        screen = review(app)
        assert screen.query_one("#answer-genuine", TextArea).text == "The dinner"
        assert [box.value for box in screen.query(KeptCheckbox)] == [True, False]
        assert screen.dirty
        assert sample.journal.review(W47) is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None
        assert dict(saved.answers) == {"genuine": "The dinner"}
        assert saved.kept == frozenset({"1" * 32})


async def test_reopening_a_saved_week(sample: Sample) -> None:
    intention = make_intention([sample.uids["Ada"]], "Ask Ada about the choir", uid="4" * 32)
    sample.journal.save_review(
        make_review(W47, answers={"genuine": "Dinner."}, intentions=[intention], kept=["1" * 32])
    )
    app = HostApp(sample.journal, W47)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = review(app)
        assert screen.query_one("#answer-genuine", TextArea).text == "Dinner."
        assert [box.value for box in screen.query(KeptCheckbox)] == [True, False]
        assert [i.text for i in screen.query_one(IntentionEditor).intentions] == ["Ask Ada about the choir"]
        assert not screen.dirty


async def test_leaving_with_unsaved_changes_asks_first(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#answer-time", "x")
        await focus_body(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (ReviewScreen, LeaveScreen))


async def test_leaving_without_changes_is_immediate(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_an_external_change_redraws_the_evidence_and_keeps_the_draft(sample: Sample) -> None:
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_into(pilot, "#answer-time", "draft")
        other = Journal.open(sample.journal.folder, clock=lambda: FIXED_NOW)
        other.add_touchpoint(
            make_touchpoint(
                people=[sample.uids["Ben"]],
                day="2026-11-20",
                channel=Channel.CALL,
                minutes=25,
                now=datetime(2026, 11, 20, 19, 0),
            )
        )
        other.close()
        assert sample.journal.refresh()
        app.notice_journal_changes()
        await pilot.pause()
        await pilot.pause()
        screen = review(app)
        assert text_of(app, "#review-drifting") == "Nobody in your pond is past their cadence or usual gap."
        assert text_of(app, "#review-totals").startswith("Reached 5 of 5 in your pond")
        assert screen.query_one("#answer-time", TextArea).text == "draft"


def test_relative_week() -> None:
    assert relative_week(W47, W47) == "this week"
    assert relative_week(W46, W47) == "last week"
    assert relative_week(IsoWeek(2026, 48), W47) == "next week"
    assert relative_week(IsoWeek(2026, 40), W47) == "7 weeks ago"
    assert relative_week(IsoWeek(2027, 2), W47) == "in 8 weeks"  # 2026 has 53 weeks


async def test_opened_from_the_real_app_with_w(sample: Sample) -> None:
    app_module = pytest.importorskip("journal.tui.app")
    pytest.importorskip("journal.tui.screens.pond")
    app = app_module.ReljournalApp(sample.journal, watch_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = review(app)
        assert screen.week == W47
        await type_into(pilot, "#answer-time", "Ada")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None and dict(saved.answers) == {"time": "Ada"}


# -- snapshots -----------------------------------------------------------------------------------


def test_snapshot_80x24(sample: Sample, snap_compare: Any) -> None:
    assert snap_compare(HostApp(sample.journal), terminal_size=(80, 24))


def test_snapshot_120x40(sample: Sample, snap_compare: Any) -> None:
    assert snap_compare(HostApp(sample.journal), terminal_size=(120, 40))


def test_snapshot_saved_week_scrolled_to_intentions_80x24(sample: Sample, snap_compare: Any) -> None:
    async def scroll_to_intentions(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = review(pilot.app)
        screen.query_one("#review-body").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(HostApp(sample.journal, W46), terminal_size=(80, 24), run_before=scroll_to_intentions)


async def test_w_comes_back_to_this_week(sample: Sample) -> None:
    app = HostApp(sample.journal, IsoWeek(2026, 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert review(app).week == IsoWeek(2026, 30)
        await pilot.press("w")
        await pilot.pause()
        assert review(app).week == W47


async def test_ticks_for_intentions_no_longer_listed_are_kept(sample: Sample) -> None:
    sample.journal.save_review(make_review(W47, kept=["9" * 32]))  # an intention since removed from W46
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not review(app).dirty
        review(app).query(KeptCheckbox).first().focus()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        saved = sample.journal.review(W47)
        assert saved is not None and saved.kept == frozenset({"1" * 32, "9" * 32})


async def test_export_this_week(sample: Sample) -> None:
    export = pytest.importorskip("journal.report.export")
    sample.journal.save_review(make_review(W47, answers={"time": "Ada."}))
    app = HostApp(sample.journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        written = export.default_export_path(sample.journal) / "weeks" / "2026-W47.md"
        assert written.is_file()
        assert "Ada." in written.read_text(encoding="utf-8")
