"""The app shell: bindings in the footer, the command palette, help, screens opening, starting up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Footer

from journal.cli.tui import run_app
from journal.core.errors import JournalError
from journal.core.model import make_definition
from journal.store.journal import Journal
from journal.tui import app as app_module
from journal.tui.app import ReljournalApp
from journal.tui.screens.common import DataScreen
from journal.tui.screens.help import HelpScreen
from journal.tui.screens.pond import PondScreen

SIZE = (80, 24)


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def add(journal: Journal, name: str) -> str:
    return journal.add_person(name, make_definition(why=f"why {name}")).uid


def footer_descriptions(app: ReljournalApp) -> dict[str, str]:
    return {
        key: active.binding.description
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }


async def test_footer_shows_the_keys_with_descriptions(journal: Journal) -> None:
    add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = footer_descriptions(app)
        for key, description in {
            "enter": "Open",
            "n": "New",
            "e": "Edit",
            "l": "Log",
            "a": "Let go",
            "v": "Archived",
            "j": "Journal",
            "w": "Review",
            "question_mark": "Help",
            "q": "Quit",
        }.items():
            assert shown.get(key) == description, key
        text = screen_text(app)
        assert app.screen.query_one(Footer).display
        for fragment in ("⏎ Open", "n New", "l Log", "a Let go", "? Help", "q Quit"):
            assert fragment in text.splitlines()[-1], fragment
        assert "ctrl+p commands" in text  # the palette is named in the heading bar at 80 columns


async def test_edit_is_disabled_without_a_selection(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.check_action("edit_person", ()) is None
        await pilot.press("e")
        assert isinstance(app.screen, PondScreen)


def _command_titles(app: ReljournalApp, screen: Screen[Any]) -> list[str]:
    return [command.title for command in app.get_system_commands(screen)]


async def test_every_action_is_in_the_command_palette(journal: Journal) -> None:
    add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = _command_titles(app, app.screen)
        for title in (
            "New person",
            "Edit definition",
            "Open person",
            "Log touchpoint",
            "Let go",
            "Toggle archived",
            "Journal",
            "Weekly review",
            "Export",
            "Help",
            "Theme",
            "Quit",
        ):
            assert title in titles, title
        assert "Follow again" not in titles


async def test_command_palette_runs_a_command(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"help")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)


async def test_help_explains_the_ideas_and_lists_the_keys(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for idea in ("small, deep pond", "Your relationship isn't mine", "ladder", "genuine", "Drift"):
            assert idea in text, idea
        await pilot.press("end")  # the body scrolls by keyboard
        await pilot.pause()
        text = screen_text(app)
        for key in ("ctrl+p", "export everything to Markdown", "weekly review", "quit"):
            assert key in text, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)


async def test_a_change_in_the_store_reaches_every_screen_once(journal: Journal) -> None:
    """No writer announces anything: the app sees the store's generation move and publishes once;
    a screen hidden under another full screen redraws once, when it is shown again."""
    redraws: list[str] = []

    class Spy(DataScreen[None]):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.spy = name

        def refresh_from_journal(self) -> None:
            redraws.append(self.spy)

    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(Spy("under"))
        await app.push_screen(Spy("top"))
        assert not app.notice_journal_changes()  # nothing changed: nothing published
        add(journal, "Ada")  # behind the app's back, as a test may
        assert app.notice_journal_changes()
        assert not app.notice_journal_changes()
        await pilot.pause()
        assert redraws == ["top"]
        app.pop_screen()
        await pilot.pause()
        assert redraws == ["top", "under"]
        app.write(lambda: add(journal, "Bo"), lambda _uid: None)  # every write publishes by itself
        await pilot.pause()
        assert redraws == ["top", "under", "under"]


async def test_quit(journal: Journal) -> None:
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_other_screens_open_from_the_pond(journal: Journal) -> None:
    maya = add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"
        assert app.selected_person_uid() == maya
        await pilot.press("j")  # Journal replaces the Person screen rather than piling up
        await pilot.pause()
        assert type(app.screen).__name__ == "EntriesScreen"
        assert len(app.screen_stack) == 2
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PondScreen)
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "LogScreen"


async def test_drilling_into_a_person_keeps_the_way_back(journal: Journal) -> None:
    maya = add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        app.open_person(maya)  # e.g. from a name in the review
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["PondScreen", "ReviewScreen", "PersonScreen"]
        app.open_person(maya)  # the same kind again replaces it
        await pilot.pause()
        assert len(app.screen_stack) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"


async def test_export_writes_markdown_and_says_where(journal: Journal) -> None:
    add(journal, "Maya")
    app = ReljournalApp(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    folder = journal.folder / "export"
    assert (folder / "index.md").is_file()
    assert any(str(folder) in message for message in messages)


def test_run_app_refuses_an_unreadable_journal_with_a_message(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "journal.json").write_text("{ not json")
    with pytest.raises(JournalError) as caught:
        run_app(str(data_dir))
    assert "cannot read the journal" in caught.value.message


def test_the_cli_prints_one_line_instead_of_a_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journal.cli.tui import run_tui

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "journal.json").write_text("[]")
    assert run_tui(str(data_dir)) == 1
    err = capsys.readouterr().err
    assert err.startswith("reljournal: cannot read the journal")
    assert "Traceback" not in err


def test_demo_opens_a_sample_journal_in_a_temp_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(journal: Journal, *, demo: bool = False) -> int:
        seen["typed_before_the_app"] = journal._entries_cache is not None
        seen["demo"] = demo
        seen["folder"] = journal.folder
        seen["people"] = len(journal.people())
        seen["exists_during"] = journal.path.is_file()
        journal.close()
        return 0

    monkeypatch.setattr(app_module, "run_journal", fake_run)
    assert run_app(None, demo=True) == 0
    assert seen["people"] >= 9
    assert seen["demo"]
    assert seen["typed_before_the_app"]
    assert seen["exists_during"]
    assert seen["folder"] != data_dir
    assert not Path(seen["folder"]).exists()  # cleaned up afterwards
    assert not data_dir.exists()  # the real journal was never touched
