"""The full note is read as Markdown: emphasis, lists and links show; hostile text stays inert; a link opens
only after asking, and only a web or mail link."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import FIXED_NOW
from textual.widgets import Markdown, TextArea
from textual.widgets._markdown import MarkdownParagraph

from journal.core.model import Touchpoint, make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.widgets.confirm import ConfirmScreen
from journal.tui.widgets.touchpoint_view import MARKDOWN_LIMIT, TouchpointScreen

OSC52 = "\x1b]52;c;aGVsbG8=\x1b\\"
CSI = "\x9b31m"
SIZE = (100, 40)


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _touchpoint(journal: Journal, note: str) -> tuple[Touchpoint, dict[str, str]]:
    uid = journal.add_person("Ada", make_definition(why="maths")).uid
    tp = make_touchpoint(people=[uid], day=FIXED_NOW.date(), channel="call", minutes=5, now=FIXED_NOW)
    return replace(tp, note=note), {uid: "Ada"}  # past the doors' validation, as a hand-edited file might


async def _open(app: ReljournalApp, pilot: object, tp: Touchpoint, names: dict[str, str]) -> TouchpointScreen:
    screen = TouchpointScreen(tp, names, FIXED_NOW.date())
    app.push_screen(screen)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


HOSTILE = (
    "[site](https://example.com/a) and *soft* **loud**\n"
    "next line\n\n"
    "- one\n- two\n\n"
    f"escapes {OSC52} and {CSI} and \u202eesrever\n\n"
    "[b]not bold[/b] [/] [@click=app.quit] <b>tag</b>\n\n"
    "[bad](javascript:alert(1)) ![img](file:///etc/passwd)"
)


async def test_a_hostile_note_reads_as_markdown_and_does_nothing(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    tp, names = _touchpoint(journal, HOSTILE)
    app = ReljournalApp(journal, watch_interval=3600)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, tp, names)
        assert app.screen.query_one("#tp-note-text", Markdown)
        text = screen_text(app)
        assert "site and soft loud" in text  # emphasis rendered, its asterisks gone
        assert "next line" in text and "site and soft loud next line" not in text  # a line break stays
        assert "• one" in text and "• two" in text
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        assert "escapes \\x1b]52;c;aGVsbG8=\\x1b\\ and \\x9b31m and \\u202eesrever" in text
        assert "[b]not bold[/b] [/] [@click=app.quit] <b>tag</b>" in text  # neither markup nor HTML
        assert app.is_running and opened == []


async def test_a_link_opens_only_after_asking(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    tp, names = _touchpoint(journal, HOSTILE)
    app = ReljournalApp(journal, watch_interval=3600)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, tp, names)
        first = screen.query(MarkdownParagraph).first()
        await pilot.click(first, offset=(1, 0))  # on "site"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Open https://example.com/a in your browser?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and opened == []
        await pilot.click(first, offset=(1, 0))
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert opened == ["https://example.com/a"] and app.screen is screen


async def test_other_links_are_shown_and_never_opened(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    tp, names = _touchpoint(journal, "[bad](javascript:alert(1)) then ![img](file:///etc/passwd)")
    app = ReljournalApp(journal, watch_interval=3600)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, tp, names)
        markdown = screen.query_one("#tp-note-text", Markdown)
        for href in ("javascript:alert(1)", "file:///etc/passwd"):
            markdown.post_message(Markdown.LinkClicked(markdown, href))
            await pilot.pause()
            assert app.screen is screen
        assert opened == []
        messages = [n.message for n in app._notifications]
        assert any("only web and mail links" in m and "file:///etc/passwd" in m for m in messages)


async def test_a_very_long_note_is_plain_text(journal: Journal) -> None:
    tp, names = _touchpoint(journal, "*x* " * (MARKDOWN_LIMIT // 4 + 1))
    app = ReljournalApp(journal, watch_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, tp, names)
        assert isinstance(screen.query_one("#tp-note"), TextArea)
        assert "*x* *x*" in screen_text(app)
