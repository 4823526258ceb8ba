"""Terminal safety: escape sequences and other control characters never reach the terminal raw.

First line of defence: typed or piped text holding them is refused, with a message that names the
character and the field. Second line: text that reached the journal anyway (a hand-edited file, an old
version, a data folder with an odd name) is shown with the controls made visible, by every command that
prints user text. "Never raw" is checked on what the commands print, in this process and in a real one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from helpers.cli import cli
from hypothesis import given, settings, strategies as st

from journal.core.model import make_intention, make_review
from journal.core.textsafe import describe_char, find_control, for_terminal
from journal.core.weeks import IsoWeek
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE

# What a terminal must never receive from user text: C0 controls but tab and newline, DEL, C1 controls
# (U+0080-U+009F: the one-byte CSI/OSC/DCS introducers), and bidi overrides/isolates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

SEQUENCES = {
    "clear screen": ("\x1b[2J", "ESC (U+001B)"),
    "OSC 52 clipboard": ("\x1b]52;c;aGVsbG8=\x07", "ESC (U+001B)"),
    "OSC 0 title": ("\x1b]0;pwned\x07", "ESC (U+001B)"),
    "C1 CSI": ("\x9b31m", "CSI (U+009B)"),
    "C1 OSC": ("\x9d0;pwned\x9c", "OSC (U+009D)"),
    "bidi override": ("\u202egnp.exe", "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
    "bidi isolate": ("\u2067x", "RIGHT-TO-LEFT ISOLATE (U+2067)"),
    "bell": ("ding\x07", "BEL (U+0007)"),
    "backspace": ("Sam\x08\x08\x08Evil", "backspace (U+0008)"),
    "carriage return": ("Sam\rEvil", "carriage return (U+000D)"),
}
EVIL = "A\x1b[2JB\x1b]52;c;aGVsbG8=\x07C\x1b]0;pwned\x07D\x9b31mE\u202eF\x9d0;x\x9cG\x08\r"


def assert_safe(*texts: str) -> None:
    for text in texts:
        found = UNSAFE.findall(text)
        assert not found, f"raw control characters reached the terminal: {found!r}"


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert cli(capsys, "follow", "Sam", "--why", "good questions")[0] == 0
    assert cli(capsys, "follow", "Robin", "--why", "kind")[0] == 0
    assert (
        cli(capsys, "log", "Robin", "--with", "Sam", "--channel", "call", "--minutes", "20", "a call")[0] == 0
    )
    return data_dir


# -- refused at input, naming the character -------------------------------------------------------

FIELDS = {
    "name": (["follow", "{}", "--why", "x"], "name"),
    "why": (["follow", "Kim", "--why", "{}"], "why"),
    "where": (["follow", "Kim", "--why", "x", "--where", "{}"], "where you know them"),
    "archive note": (["unfollow", "Sam", "--note", "{}"], "note"),
    "note": (["log", "Robin", "--channel", "dm", "--minutes", "3", "{}"], "note"),
    "note on stdin": (["log", "Robin", "--channel", "dm", "--minutes", "3", "-"], "note"),
    "tag": (["log", "Robin", "--channel", "dm", "--minutes", "3", "--tag", "{}"], "tag"),
    "second tag": (
        ["log", "Robin", "--channel", "dm", "--minutes", "3", "--tag", "ok", "--tag", "x{}"],
        "tag",
    ),
}


MULTILINE = ("why", "archive note", "note", "note on stdin")


@pytest.mark.parametrize("sequence", SEQUENCES, ids=str)
@pytest.mark.parametrize("field", FIELDS, ids=str)
def test_control_text_is_refused_naming_the_character(
    capsys: pytest.CaptureFixture[str], pond: Path, field: str, sequence: str
) -> None:
    text, char_named = SEQUENCES[sequence]
    char: str | None = char_named
    template, label = FIELDS[field]
    args = [part.replace("{}", f"Hi {text} there") for part in template]
    stdin = f"line one\nHi {text} there\n".encode() if field == "note on stdin" else None
    if sequence == "carriage return" and field in MULTILINE:
        char = None  # a line ending (CR or CRLF) in multi-line text becomes a newline: accepted
    elif sequence == "carriage return" and field == "where":
        char = "newline (U+000A)"  # the same, then refused as a line break in a one-line field
    before = snapshot(pond)
    code, out, err = cli(capsys, *args, stdin=stdin)
    assert_safe(out, err)
    if char is None:
        assert code == 0, err
        assert "\r" not in (pond / JOURNAL_FILE).read_text(encoding="utf-8")
        return
    assert code == 1 and out == ""
    assert err.startswith("reljournal: ") and err.count("\n") == 1 and "Traceback" not in err
    assert char in err and label in err and "remove it" in err, err
    assert snapshot(pond) == before


@pytest.mark.parametrize("char", ["\x1c", "\x1d", "\x1e", "\x1f", "\x85"], ids=repr)
def test_controls_that_python_counts_as_spaces_are_named_too(
    capsys: pytest.CaptureFixture[str], pond: Path, char: str
) -> None:
    """``str.split``/``strip`` treat FS, GS, RS, US and NEL as spaces: alone in a name or at the end of a
    tag they were silently dropped or reported as "empty" instead of being named."""
    before = snapshot(pond)
    for args in (
        ["follow", char, "--why", "x"],
        ["log", "Robin", "--channel", "dm", "--minutes", "3", "--tag", f"ok{char}"],
        ["log", "Robin", "--channel", "dm", "--minutes", "3", "--tag", char],
    ):
        code, _, err = cli(capsys, *args)
        assert code == 1 and describe_char(char) in err, (args, err)
        assert_safe(err)
    assert snapshot(pond) == before


# -- text that reached the journal anyway is never printed raw ------------------------------------


def _hand_edit(folder: Path, change: Any) -> None:
    path = folder / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


@pytest.fixture
def evil_entries(pond: Path) -> Path:
    """Notes and tags holding escape sequences, as a hand edit (or an older version) would leave them."""

    def change(data: dict[str, Any]) -> None:
        for entry in data["entries"].values():
            entry["note"] = f"{EVIL}\n\nsecond paragraph {EVIL}"
            entry["tags"] = ["fine", EVIL]

    _hand_edit(pond, change)
    return pond


def _week() -> str:
    return str(IsoWeek.of(Journal.open().today()))


PRINTING = [
    ["people"],
    ["people", "--all"],
    ["review"],
    ["review", "--week", "{week}"],
    ["export"],
    ["export", "--person", "Robin"],
    ["export", "--week", "{week}"],
    ["doctor"],
    ["log", "Robin", "--channel", "dm", "--minutes", "1"],
    ["unfollow", "Sam", "--note", "moved"],
    ["follow", "Kim", "--why", "x"],
]
WRITING = ("log", "unfollow", "follow")


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_hand_edited_notes_and_tags_never_reach_the_terminal_raw(
    capsys: pytest.CaptureFixture[str], evil_entries: Path, args: list[str]
) -> None:
    argv = [a.replace("{week}", _week()) for a in args]
    code, out, err = cli(capsys, *argv)
    assert "Traceback" not in err
    assert_safe(out, err)
    if argv[0] == "doctor":
        assert code == 1 and "note contains ESC (U+001B)" in out
    else:  # every door refuses the journal, reads and writes alike, in one safe line
        assert code == 1 and "note contains ESC (U+001B)" in err and err.count("\n") == 1, err


def test_backup_import_and_restore_messages_are_safe(
    capsys: pytest.CaptureFixture[str], evil_entries: Path, tmp_path: Path
) -> None:
    odd = tmp_path / f"odd{EVIL.replace('/', '')}"
    odd.mkdir()
    target = odd / "backup.json"
    code, out, err = cli(capsys, "backup", "-o", str(target))
    assert code == 0 and target.exists(), err
    assert_safe(out, err)
    code, out, err = cli(capsys, "--data-dir", str(odd / "data"), "import", str(target))
    assert code == 1 and "entries[0].note: note contains ESC (U+001B)" in err  # refused: validation runs
    assert_safe(out, err)
    code, out, err = cli(capsys, "--data-dir", str(odd / "data"), "restore", str(evil_entries / JOURNAL_FILE))
    assert code == 1 and "was not restored" in err and "note contains ESC (U+001B)" in err  # the same check
    assert_safe(out, err)
    assert not (odd / "data" / JOURNAL_FILE).exists()


@pytest.mark.parametrize("where", ["name", "review answer", "intention", "archive note", "why"])
def test_hand_edited_names_and_reviews_are_refused_in_one_safe_line(
    capsys: pytest.CaptureFixture[str], pond: Path, where: str
) -> None:
    journal = Journal.open(pond)
    robin = journal.find_person("Robin").uid
    week = IsoWeek.of(journal.today())
    journal.save_review(
        make_review(week, answers={"time": "ok"}, intentions=[make_intention([robin], "call")])
    )

    def change(data: dict[str, Any]) -> None:
        person = data["people"][robin]
        review = data["reviews"][str(week)]
        if where == "name":
            person["name"] = f"Robin{EVIL}"
        elif where == "why":
            person["why"] = EVIL
        elif where == "archive note":
            person["status"] = "archived"
            person["episodes"] = [{"let_go_on": "2026-01-02", "note": EVIL, "followed_again_on": None}]
        elif where == "review answer":
            review["answers"]["time"] = EVIL
        else:
            review["intentions"][0]["text"] = EVIL

    _hand_edit(pond, change)
    before = snapshot(pond)
    for args in sorted(PRINTING, key=lambda a: a[0] in WRITING):  # the commands that only read first
        if args[0] == WRITING[0]:
            assert snapshot(pond) == before
        argv = [a.replace("{week}", str(week)) for a in args]
        code, out, err = cli(capsys, *argv)
        assert "Traceback" not in err
        assert_safe(out, err)
        if code != 0 and argv[0] != "doctor":
            assert err.count("\n") == 1 and "ESC (U+001B)" in err, (argv, err)
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and "contains ESC (U+001B)" in out
    edited = orjson.loads(before[JOURNAL_FILE])
    assert orjson.loads((pond / JOURNAL_FILE).read_bytes())["reviews"] == edited["reviews"]  # kept as it was


def test_a_data_folder_with_escapes_in_its_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "x\x1b]0;pwned\x07\x9b2J"
    assert cli(capsys, "--data-dir", str(folder), "follow", "Sam", "--why", "x")[0] == 0
    assert cli(capsys, "--data-dir", str(folder), "follow", "Robin", "--why", "x")[0] == 0
    (folder / JOURNAL_FILE).write_bytes(b"{")
    code, out, err = cli(capsys, "--data-dir", str(folder), "people")
    assert code == 1 and "restore it with" in err
    assert_safe(out, err)
    code, out, err = cli(capsys, "--data-dir", str(folder), "doctor")
    assert code == 1 and "\\x1b]0;pwned\\x07" in out
    assert_safe(out, err)


def test_nothing_raw_reaches_a_real_terminal(evil_entries: Path) -> None:
    """The same commands in a real process, checked byte by byte on the pipes a terminal would read."""
    script = (
        "import sys\nfrom journal.cli import main\n"
        "for argv in ([], ['--all']):\n    main(['people', *argv])\n"
        "for argv in (['review'], ['export'], ['export', '--person', 'robin'], ['doctor']):\n    main(argv)\n"
        "main(['bogus\\x1b]0;x\\x07'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert b"Traceback" not in done.stderr, done.stderr
    assert b"cannot read the journal" in done.stderr and b"ESC (U+001B)" in done.stderr
    for stream in (done.stdout, done.stderr):
        for raw in (b"\x1b", b"\x07", b"\x08", b"\r", b"\xc2\x9b", b"\xc2\x9d", b"\xe2\x80\xae"):
            assert raw not in stream, raw


# -- the escaping itself -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(codec=None, exclude_categories=()), max_size=40))
def test_for_terminal_never_lets_a_control_through_and_leaves_safe_text_alone(text: str) -> None:
    shown = for_terminal(text)
    assert_safe(shown)
    assert not re.search(r"[\ud800-\udfff]", shown)
    shown.encode("utf-8")  # printable on any UTF-8 terminal: no lone surrogates left
    if find_control(text, allow_newlines=True) is None:
        assert shown == text


def test_rich_markup_is_printed_literally(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    markup = "[b]Kim[/][@click=q]"
    assert cli(capsys, "follow", markup, "--why", "[link=https://evil.example]why[/link]")[0] == 0
    assert cli(capsys, "log", "kim", "--channel", "dm", "--minutes", "4", "[blink]hi[/blink]")[0] == 0
    code, out, _ = cli(capsys, "people")
    assert code == 0 and markup in out
    code, out, _ = cli(capsys, "review")
    assert code == 0 and markup in out
    assert (Path(pond) / BACKUP_DIR).is_dir()
