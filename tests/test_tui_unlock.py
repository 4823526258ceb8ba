"""The unlock screen: an encrypted journal with no passphrase source opens on it; a wrong passphrase
says so and asks again; the right one opens the app; escape and ctrl+c quit cleanly, reading nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journal.cli import tui as cli_tui
from journal.core.model import make_definition
from journal.store import crypt, passphrase, rekey
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE
from journal.tui import app as app_module
from journal.tui.screens.unlock import UnlockApp

SECRET = "open sesame"


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(crypt.TEST_KDF_ENV, "10")
    for name in (passphrase.ENV, passphrase.FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(passphrase, "_known", {})
    yield


@pytest.fixture
def sealed(data_dir: Path) -> Path:
    journal = Journal.open(data_dir)
    journal.add_person("Maya", make_definition(why="the unlock tests"))
    journal.close()
    rekey.rekey(data_dir, None, SECRET)
    passphrase.drop(data_dir)
    return data_dir


def _status(app: UnlockApp) -> str:
    return str(app.query_one("#unlock-status").render())


async def test_a_wrong_passphrase_says_so_and_the_right_one_unlocks(sealed: Path) -> None:
    app = UnlockApp(sealed, crypt.file_head(sealed / JOURNAL_FILE))
    async with app.run_test() as pilot:
        await pilot.press(*"wrong", "enter")
        await pilot.pause()
        assert "wrong" in _status(app) and app.is_running
        assert app.query_one("#unlock-passphrase").value == ""  # type: ignore[attr-defined]
        await pilot.press("enter")  # nothing typed: asked for, not checked
        assert "Type the passphrase first" in _status(app)
        await pilot.press(*SECRET, "enter")
        await pilot.pause()
    assert app.return_value == SECRET
    assert passphrase.known(sealed) == SECRET


@pytest.mark.parametrize("key", ["escape", "ctrl+c"])
async def test_escape_and_ctrl_c_quit_cleanly(sealed: Path, key: str) -> None:
    app = UnlockApp(sealed, crypt.file_head(sealed / JOURNAL_FILE))
    async with app.run_test() as pilot:
        await pilot.press(*"half", key)
        await pilot.pause()
    assert app.return_value is None
    assert passphrase.known(sealed) is None


async def test_the_passphrase_is_never_shown(sealed: Path) -> None:
    app = UnlockApp(sealed, crypt.file_head(sealed / JOURNAL_FILE))
    async with app.run_test() as pilot:
        await pilot.press(*"visible?")
        await pilot.pause()
        assert "visible?" not in str(app.query_one("#unlock-passphrase").render())


def test_the_app_opens_on_the_unlock_screen_only_without_a_passphrase_source(
    sealed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Path] = []
    opened: list[int] = []

    def fake_unlock(folder: Path, header: bytes, **options: Any) -> bool:
        shown.append(folder)
        passphrase.give(folder, SECRET)
        return True

    def fake_run(journal: Journal, **options: Any) -> int:
        opened.append(len(journal.people()))
        journal.close()
        return 0

    monkeypatch.setattr("journal.tui.screens.unlock.unlock", fake_unlock)
    monkeypatch.setattr(app_module, "run_journal", fake_run)
    assert cli_tui.run_app(str(sealed)) == 0
    assert shown == [sealed] and opened == [1]
    passphrase.drop(sealed)
    monkeypatch.setenv(passphrase.ENV, SECRET)  # a source is set: straight to the app
    assert cli_tui.run_app(str(sealed)) == 0
    assert shown == [sealed] and opened == [1, 1]


def test_quitting_the_unlock_screen_reads_nothing(sealed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("journal.tui.screens.unlock.unlock", lambda folder, header, **options: False)

    def never(journal: Journal, **options: Any) -> int:
        raise AssertionError("the app must not start")

    monkeypatch.setattr(app_module, "run_journal", never)
    assert cli_tui.run_app(str(sealed)) == 0


async def test_the_app_on_an_encrypted_journal_keeps_drafts_and_changes_sealed(sealed: Path) -> None:
    from textual.widgets import Input, Select, TextArea

    from journal.store.drafts import DRAFTS_FILE, DraftStore
    from journal.tui.app import ReljournalApp
    from journal.tui.screens.guard import DRAFT_DELAY
    from journal.tui.screens.log import LogScreen

    passphrase.give(sealed, SECRET)  # as the unlock screen leaves it
    journal = Journal.open(sealed)
    maya = journal.people()[0].uid
    app = ReljournalApp(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_log([maya])
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogScreen)
        form.query_one("#note", TextArea).focus()
        await pilot.press(*"a private thought")
        await pilot.pause(DRAFT_DELAY + 0.3)
        drafts = (sealed / DRAFTS_FILE).read_bytes()
        assert crypt.looks_sealed(drafts) and b"private thought" not in drafts
        assert DraftStore(sealed).get("log:new") is not None  # and it reads back
        form.query_one("#minutes", Input).value = "5"
        form.query_one("#channel", Select).value = "call"
        await pilot.press("ctrl+s")
        await pilot.pause()
    raw = (sealed / JOURNAL_FILE).read_bytes()
    assert crypt.looks_sealed(raw) and b"private thought" not in raw
    passphrase.drop(sealed)
    passphrase.give(sealed, SECRET)
    assert [tp.note for tp in Journal.open(sealed).entries()] == ["a private thought"]
