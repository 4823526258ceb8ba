"""Text at the rendering edge: a record that slipped past validation with an escape sequence shows it
as visible codes on every screen, and is never sent to the terminal (nor read as markup)."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXED_NOW

from journal.core.model import make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.tui.app import ReljournalApp
from journal.tui.screens.entries import EntriesScreen
from journal.tui.screens.person import PersonScreen
from journal.tui.widgets.shown import shown, user_content, user_text
from journal.tui.widgets.touchpoint_view import people_names, tags_text

OSC52 = "\x1b]52;c;aGVsbG8=\x1b\\"
CSI = "\x9b31m"


def screen_text(app: ReljournalApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_the_one_function_makes_controls_visible_and_keeps_text() -> None:
    assert shown(f"Sam{OSC52}") == "Sam\\x1b]52;c;aGVsbG8=\\x1b\\"
    assert "\x9b" not in shown(CSI)
    assert shown("Chloé 🌱 [b]x[/b]\nline") == "Chloé 🌱 [b]x[/b]\nline"
    assert user_content("[b]x[/b]").plain == "[b]x[/b]"  # literal, never markup
    assert "\x1b" not in user_text(OSC52).plain
    assert "\x1b" not in "".join(people_names(["a"], {"a": OSC52})) + tags_text([OSC52])


def poison(journal: Journal) -> tuple[str, str]:
    """A person and a touchpoint holding escapes, put in memory past the validation at the doors."""
    uid = journal.add_person("Sam", make_definition(why="why")).uid
    tp = journal.add_touchpoint(
        make_touchpoint(people=[uid], day=FIXED_NOW.date(), channel="call", minutes=5, now=FIXED_NOW)
    )
    people = journal._people()
    person = people[uid]
    people[uid] = replace(
        person,
        name=f"Sam{OSC52}",
        definition=replace(person.definition, why=f"why{CSI}", meaning=f"means{OSC52}"),
    )
    entries = journal._entries()
    entries[0] = replace(tp, note=f"note{OSC52}", tags=(f"t{CSI}",))
    return uid, tp.uid


async def test_no_screen_sends_user_escapes_to_the_terminal(journal: Journal) -> None:
    uid, _ = poison(journal)
    app = ReljournalApp(journal, watch_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pond = screen_text(app)
        assert "Sam\\x1b]52" in pond
        app.push_screen(PersonScreen(uid))
        await pilot.pause(0.3)
        person = screen_text(app)
        app.push_screen(EntriesScreen())
        await pilot.pause(0.3)
        entries = screen_text(app)
        for text in (pond, person, entries):
            assert "\x1b" not in text and "\x9b" not in text
        assert "why\\x9b31m" in person
        assert "note\\x1b]52" in entries
