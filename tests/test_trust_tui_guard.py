"""Nothing typed is lost: one guard on every way out, drafts on disk as you type, offered back at start."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from time import monotonic

import pytest
from conftest import FIXED_NOW
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from journal.core.model import make_definition
from journal.core.weeks import IsoWeek
from journal.store.drafts import DRAFTS_FILE, Draft, DraftStore
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.define import DefineScreen
from journal.tui.screens.entries import EntriesScreen
from journal.tui.screens.guard import DRAFT_DELAY, DRAFT_MAX_DELAY, LeaveScreen
from journal.tui.screens.log import LogScreen
from journal.tui.screens.pond import PondScreen
from journal.tui.screens.restore import RestoreScreen
from journal.tui.screens.review import ReviewScreen

SIZE = (80, 24)
WEEK = IsoWeek.of(FIXED_NOW.date())


def add(journal: Journal, name: str) -> str:
    return journal.add_person(name, make_definition(why=f"why {name}")).uid


def kept(journal: Journal) -> dict[str, Draft]:
    return {d.key: d for d in DraftStore(journal.folder).all()}


async def review_with_reflection(pilot: Pilot[None], text: str = "Dinner with Sam") -> ReviewScreen:
    app = pilot.app
    assert isinstance(app, ReljournalApp)
    await pilot.press("w")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    screen.query_one("#answer-time", TextArea).focus()
    await pilot.press(*text)
    await pilot.pause()
    screen.query_one("#review-body").focus()
    await pilot.pause()
    return screen


async def log_with_note(pilot: Pilot[None], uid: str, note: str = "We talked") -> LogScreen:
    app = pilot.app
    assert isinstance(app, ReljournalApp)
    app.open_log([uid])
    await pilot.pause()
    form = app.screen
    assert isinstance(form, LogScreen)
    form.query_one("#note", TextArea).focus()
    await pilot.press(*note)
    await pilot.pause()
    return form


@pytest.mark.parametrize("key", ["j", "w", "q", "ctrl+q", "ctrl+c", "escape"])
async def test_every_key_out_of_an_unsaved_review_asks(journal: Journal, key: str) -> None:
    add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_with_reflection(pilot)
        if key == "w":  # w on the review is "this week"; leave by the app's Journal key from there
            await pilot.press("w")
            await pilot.pause()
            assert app.screen is screen
            key = "j"
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen), key
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is screen
        assert app.is_running
        assert screen.query_one("#answer-time", TextArea).text == "Dinner with Sam"


async def test_the_palette_asks_before_leaving_an_unsaved_review(journal: Journal) -> None:
    add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await review_with_reflection(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Journal")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        await pilot.press("x")  # discard
        await pilot.pause()
        assert isinstance(app.screen, EntriesScreen)
        assert screen not in app.screen_stack
    assert kept(journal) == {}


async def test_quit_asks_for_every_unsaved_screen_in_the_stack(journal: Journal) -> None:
    sam = add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await review_with_reflection(pilot)
        form = await log_with_note(pilot, sam)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveScreen)
        assert "touchpoint with Sam" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("d")  # keep the touchpoint as a draft
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LeaveScreen)  # now the review asks
        assert "review of" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("d")
        await pilot.pause()
        assert form.query_one("#note", TextArea).text == "We talked"
    assert not app.is_running
    drafts = kept(journal)
    assert drafts["log:new"].text("note") == "We talked"
    assert drafts[f"review:{WEEK}"].text("answer.time") == "Dinner with Sam"


async def test_save_from_the_question_saves_then_goes(journal: Journal) -> None:
    sam = add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await log_with_note(pilot, sam)
        form.query_one("#channel").focus()
        form.query_one("#minutes", Input).value = "15"
        from textual.widgets import Select

        form.query_one("#channel", Select).value = "call"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert not app.is_running
    assert [tp.note for tp in journal.entries()] == ["We talked"]
    assert kept(journal) == {}


async def test_the_log_form_is_kept_on_disk_as_it_is_typed_and_goes_when_saved(journal: Journal) -> None:
    sam = add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await log_with_note(pilot, sam, "half a thought")
        path = journal.folder / DRAFTS_FILE
        await pilot.pause(DRAFT_DELAY + 0.3)
        assert path.stat().st_mode & 0o777 == 0o600
        draft = kept(journal)["log:new"]
        assert draft.text("note") == "half a thought"
        assert draft.items("people") == (sam,)
        form.query_one("#minutes", Input).value = "5"
        from textual.widgets import Select

        form.query_one("#channel", Select).value = "call"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, LogScreen)
        assert not path.exists()


async def test_the_define_form_is_kept_and_discarding_removes_it(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DefineScreen)
        await pilot.press(*"Ada")
        await pilot.pause(DRAFT_DELAY + 0.3)
        assert kept(journal)["define:new"].text("name") == "Ada"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert kept(journal) == {}


async def test_a_draft_left_by_an_earlier_run_is_offered_and_restored(journal: Journal) -> None:
    sam = add(journal, "Sam")
    store = DraftStore(journal.folder)
    when = datetime(2026, 11, 20, 14, 2)
    store.put(Draft("log:new", when, {"people": (sam,), "note": "the note from before", "minutes": "20"}))
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RestoreScreen)
        question = str(app.screen.query_one("#confirm-question").render())
        assert "unsaved touchpoint with Sam from 14:02" in question
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen)
        assert form.query_one("#note", TextArea).text == "the note from before"
        assert form.query_one("#minutes", Input).value == "20"
        assert form.has_unsaved()


async def test_a_review_draft_comes_back_into_the_review(journal: Journal) -> None:
    add(journal, "Sam")
    store = DraftStore(journal.folder)
    store.put(Draft(f"review:{WEEK}", FIXED_NOW, {"answer.genuine": "a long walk", "kept": ()}))
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "weekly review of" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one("#answer-genuine", TextArea).text == "a long walk"
        screen.action_save()
        await pilot.pause()
    assert journal.review(WEEK) is not None
    assert kept(journal) == {}


async def test_later_keeps_the_draft_and_discard_removes_it(journal: Journal) -> None:
    store = DraftStore(journal.folder)
    store.put(Draft("define:new", FIXED_NOW, {"name": "Someone"}))
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # later
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
    assert "define:new" in kept(journal)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
    assert kept(journal) == {}


async def test_a_hostile_drafts_file_starts_the_app_without_offering_it(
    journal: Journal, data_dir: Path
) -> None:
    add(journal, "Sam")
    (data_dir / DRAFTS_FILE).write_text(
        '{"version": 1, "drafts": [{"key": "log:new", "saved_at": "2026-11-20T14:02:00",'
        ' "fields": {"note": "\\u001b]52;c;aGk=\\u001b\\\\"}}, {"key": 5}, "x", {"key": "../../x"}]}'
    )
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        assert app.is_running


async def test_drafts_that_cannot_be_written_are_said_once_and_the_form_stays(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.store import drafts as drafts_module

    def full_disk(path: Path, payload: bytes) -> None:
        raise OSError(28, "No space left on device")

    sam = add(journal, "Sam")
    monkeypatch.setattr(drafts_module, "write_private_file", full_disk)
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await log_with_note(pilot, sam, "a")
        await pilot.pause(DRAFT_DELAY + 0.3)
        await pilot.press(*"bc")
        await pilot.pause(DRAFT_DELAY + 0.3)
        warnings = [n for n in app._notifications if n.title == "Drafts not kept"]
        assert len(warnings) == 1 and "No space left" in warnings[0].message
        assert app.screen is form and form.query_one("#note", TextArea).text == "abc"


async def test_a_draft_of_an_edit_whose_touchpoint_went_comes_back_as_a_new_one(journal: Journal) -> None:
    sam = add(journal, "Sam")
    DraftStore(journal.folder).put(
        Draft(
            "log:0123456789abcdef", FIXED_NOW, {"people": (sam, "nobody"), "note": "kept", "channel": "bogus"}
        )
    )
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen)
        assert form.touchpoint is None
        assert form.query_one("#note", TextArea).text == "kept"
        assert form._chosen == [sam]  # an unknown uid is left out
        assert form.query_one("#channel").is_blank()  # type: ignore[attr-defined]


async def test_a_draft_is_written_while_typing_goes_on_without_a_pause(journal: Journal) -> None:
    """A paragraph typed without ever pausing for DRAFT_DELAY is still on disk within DRAFT_MAX_DELAY."""
    uid = add(journal, "Sam")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await log_with_note(pilot, uid, "a")
        started = monotonic()
        while not kept(journal) and monotonic() - started < 4 * DRAFT_MAX_DELAY:
            await pilot.press("b")
            await pilot.pause(DRAFT_DELAY / 3)
        assert kept(journal), "no draft was written while typing went on"
        assert monotonic() - started < DRAFT_MAX_DELAY + 1.0
