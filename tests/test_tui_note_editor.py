"""The Log form's note in the person's own editor (ctrl+o): the app suspended, a private file in the data
folder, the field untouched when the editor fails.

Textual's headless driver cannot suspend (``can_suspend`` is False, so ``App.suspend`` raises
``SuspendNotSupported``); that refusal is tested as it is, and the editor itself is tested with
``App.suspend`` replaced by a do-nothing context, running a real fake ``$VISUAL`` script."""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import TextArea

from journal.core.model import make_definition
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.log import LogScreen

SIZE = (80, 24)


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, status: int = 0) -> Path:
    """A $VISUAL that replaces the file's last line with ``body`` and records what it was shown."""
    seen = tmp_path / "seen.txt"
    script = tmp_path / "fake-editor"
    script.write_text(
        f'#!/bin/sh\ncp "$1" {seen}\nls -l "$1" > {seen}.mode\nprintf \'%s\' \'{body}\' >> "$1"\nexit {status}\n'
    )
    script.chmod(0o700)
    monkeypatch.setenv("VISUAL", str(script))
    return seen


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


def _screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def _form(app: ReljournalApp, pilot: object, uid: str) -> LogScreen:
    form = LogScreen([uid])
    app.push_screen(form)
    await pilot.pause()  # type: ignore[attr-defined]
    return form


def _ada(journal: Journal) -> str:
    return journal.add_person("Ada Lovelace", make_definition(why="maths")).uid


async def test_ctrl_o_on_the_note_opens_the_editor_and_brings_the_text_back(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _editor(tmp_path, monkeypatch, "and we planned the engine.")
    app = ReljournalApp(journal)
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(app, pilot, _ada(journal))
        note = form.query_one("#note", TextArea)
        note.focus()
        await pilot.pause()
        assert "^o Editor" in _screen_text(app)  # the key is in the Footer while on the note
        await pilot.press(*"We talked.")
        await pilot.press("ctrl+o")
        await pilot.pause()
        shown = seen.read_text()
        assert "# Note on 2026-11-20 with Ada Lovelace." in shown
        assert shown.endswith("We talked.\n")  # the field's text, under the guidance
        assert note.text == "We talked.\nand we planned the engine."  # the guidance is gone
        assert app.focused is note
        assert "-rw-------" in (tmp_path / "seen.txt.mode").read_text()  # private while open
        assert str(journal.path.parent) in (tmp_path / "seen.txt.mode").read_text()  # in the data folder
        assert not list(journal.path.parent.glob("note-*.md"))  # removed once back in the field
        await pilot.press("ctrl+z")  # one edit: undo brings back what was typed
        await pilot.pause()
        assert note.text == "We talked."


async def test_a_failed_editor_leaves_the_field_untouched_and_names_the_kept_file(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "half a thought", status=3)
    app = ReljournalApp(journal)
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(app, pilot, _ada(journal))
        note = form.query_one("#note", TextArea)
        note.load_text("Typed in the app")
        note.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert note.text == "Typed in the app"
        (kept,) = journal.path.parent.glob("note-*.md")
        assert "half a thought" in kept.read_text() and stat.S_IMODE(kept.stat().st_mode) == 0o600
        messages = [n.message for n in app._notifications]
        assert any("status 3" in m and str(kept) in m for m in messages)


async def test_an_editor_that_cannot_start_changes_nothing(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    app = ReljournalApp(journal)
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(app, pilot, _ada(journal))
        note = form.query_one("#note", TextArea)
        note.load_text("kept")
        note.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert note.text == "kept"
        assert not list(journal.path.parent.glob("note-*.md"))
        assert any("Cannot start the editor" in n.message for n in app._notifications)


async def test_where_the_app_cannot_suspend_it_says_so(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _editor(tmp_path, monkeypatch, "never")
    app = ReljournalApp(journal)  # the headless driver: App.suspend raises SuspendNotSupported
    async with app.run_test(size=SIZE) as pilot:
        form = await _form(app, pilot, _ada(journal))
        note = form.query_one("#note", TextArea)
        note.load_text("kept")
        note.focus()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert note.text == "kept" and not seen.exists()
        assert any("cannot hand the screen to an editor" in n.message for n in app._notifications)
        assert not list(journal.path.parent.glob("note-*.md"))
