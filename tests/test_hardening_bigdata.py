"""Big and odd data: a 1 MB note piped in is stored, summarised and exported whole and the journal still
opens fast; names in other scripts, emoji and combining characters line up in the tables."""

from __future__ import annotations

import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from helpers.cli import cli

from journal.core.model import make_definition, make_touchpoint
from journal.core.textsafe import display_width, pad
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE


def big_note(megabytes: float = 1.0) -> str:
    """About ``megabytes`` of UTF-8 prose, one numbered line after another (no Markdown syntax in it)."""
    line = "of a long talk about moving house, the new job, 李 and é and 🌊 — and the cat."
    lines: list[str] = []
    size = 0
    while size < megabytes * 1024 * 1024:
        lines.append(f"line {len(lines):06d} {line}")
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines)


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert cli(capsys, "follow", "Sam", "--why", "good questions")[0] == 0
    return data_dir


# -- a 1 MB note -----------------------------------------------------------------------------------


def test_a_1mb_note_from_stdin_is_stored_summarised_and_exported_whole(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    note = big_note()
    assert len(note.encode()) >= 1024 * 1024
    code, out, err = cli(
        capsys, "log", "Sam", "--channel", "call", "--minutes", "5", "-", stdin=note.encode()
    )
    assert code == 0, err
    assert len(out) < 200 and out.count("\n") == 1  # the confirmation does not echo the note

    (stored,) = Journal.open(pond).entries()
    assert stored.note == note

    code, out, _ = cli(capsys, "people")
    assert code == 0 and "Sam" in out and len(out) < 1_000
    code, out, _ = cli(capsys, "review")
    assert code == 0 and "Sam" in out and len(out) < 4_000  # a summary, not a flood

    code, out, _ = cli(capsys, "export")
    assert code == 0
    quoted = "\n".join(line[2:].rstrip() for line in out.splitlines() if line.startswith("> "))
    assert note in quoted  # every line, in order, none cut
    target = tmp_path / "sam.md"
    assert cli(capsys, "export", "--person", "Sam", "-o", str(target))[0] == 0
    assert note.splitlines()[-1] in target.read_text(encoding="utf-8")


def test_a_1mb_note_through_a_real_pipe(pond: Path) -> None:
    note = big_note()
    done = subprocess.run(
        [sys.executable, "-m", "journal", "log", "sam", "--channel", "call", "--minutes", "5", "-"],
        input=(note + "\r\n").encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (stored,) = Journal.open(pond).entries()
    assert stored.note == note


def test_a_note_over_the_stdin_limit_is_refused_whole(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    before = (pond / JOURNAL_FILE).read_bytes()
    code, _, err = cli(
        capsys, "log", "Sam", "--channel", "call", "--minutes", "5", "-", stdin=b"x" * 4_200_000
    )
    assert code == 1 and err.count("\n") == 1 and "over 4 MB" in err
    code, _, err = cli(
        capsys, "log", "Sam", "--channel", "call", "--minutes", "5", "-", stdin=b"y" * 2_000_001
    )
    assert code == 1 and "the limit is 2,000,000" in err
    assert (pond / JOURNAL_FILE).read_bytes() == before


def test_a_journal_with_big_notes_still_opens_fast(data_dir: Path) -> None:
    journal = Journal.open(data_dir)
    sam = journal.add_person("Sam", make_definition(why="x", meaning=big_note(1.0))).uid
    with journal.storage.transaction():
        for _ in range(3):
            now = journal.clock()
            journal.add_touchpoint(
                make_touchpoint(
                    people=[sam], day=now.date(), channel="call", minutes=5, note=big_note(), now=now
                )
            )
        for minutes in range(500):
            now = journal.clock()
            journal.add_touchpoint(
                make_touchpoint(people=[sam], day=now.date(), channel="dm", minutes=minutes % 60, now=now)
            )
    assert (data_dir / JOURNAL_FILE).stat().st_size > 4 * 1024 * 1024
    started = time.perf_counter()
    reopened = Journal.open(data_dir)
    entries = reopened.entries()
    people = reopened.people()
    elapsed = time.perf_counter() - started
    assert len(entries) == 503 and len(people) == 1
    assert sum(len(tp.note.encode()) for tp in entries) > 3 * 1024 * 1024
    assert elapsed < 1.0, f"opening took {elapsed:.2f}s"


# -- odd names line up ---------------------------------------------------------------------------

NAMES = [
    "日本語",
    "العربية",
    "हिन्दी",
    "👩‍👩‍👧 family",
    "e\u0301mile",  # é as e + combining acute accent
    "Zoë",
    "ｆｕｌｌ ｗｉｄｔｈ",
    "長い名前の人" * 3,  # 36 cells: cut to fit
    "[bold]Kim[/]",
    "Ａ" + "b" * 30,
]


@pytest.fixture
def odd_pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    for name in NAMES:
        code, _, err = cli(capsys, "follow", name, "--why", "x")
        assert code == 0, err
    for name in NAMES[::2]:  # half of them seen today: both "today" and "never" rows
        code, _, err = cli(capsys, "log", name, "--channel", "video", "--minutes", "75")
        assert code == 0, err
    return data_dir


def _column_of(line: str, token: str) -> int:
    """The display column where ``token`` starts in ``line``."""
    return display_width(line[: line.index(token)])


def test_people_columns_line_up_by_display_width(capsys: pytest.CaptureFixture[str], odd_pond: Path) -> None:
    code, out, _ = cli(capsys, "people")
    assert code == 0
    header, *rows = out.splitlines()[1:]
    assert len(rows) == len(NAMES)
    last_touch, cadence, status, month = (
        _column_of(header, word) for word in ("LAST TOUCH", "CADENCE", "STATUS", "THIS MONTH")
    )
    for row in rows:
        when = "today" if "  today  " in row else "never"
        assert _column_of(row, f"  {when}  ") + 2 == last_touch, row
        assert _column_of(row, "  none  ") + 2 == cadence, row
        assert _column_of(row, "  no cadence  ") + 2 == status, row
        assert display_width(row[: row.rindex("  ") + 2]) == month, row
        assert display_width(row[: row.index(f"  {when}  ")]) == 24, row  # the name cell, cut or padded
    shown = "\n".join(rows)
    for name in NAMES[:-2]:
        if display_width(name) <= 24:
            assert unicodedata.normalize("NFC", name) in shown, name  # shown whole, as typed (markup too)
    assert "長い名前の人長い名前の…" in shown


def test_review_columns_line_up_by_display_width(capsys: pytest.CaptureFixture[str], odd_pond: Path) -> None:
    code, out, _ = cli(capsys, "review")
    assert code == 0
    rows = [line for line in out.splitlines() if "1h 15m" in line]
    assert len(rows) == len(NAMES[::2])
    assert len({_column_of(row, "1h 15m") for row in rows}) == 1, rows


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("日本", "日本語"),
        ("ÉMILE", "\u00e9mile"),  # kept in NFC: one way to write each letter
        ("full width", "ｆｕｌｌ ｗｉｄｔｈ"),
        ("👩‍👩‍👧", "👩‍👩‍👧 family"),
    ],
)
def test_odd_names_are_found_as_typed(
    capsys: pytest.CaptureFixture[str], odd_pond: Path, typed: str, name: str
) -> None:
    code, out, err = cli(capsys, "log", typed, "--channel", "dm", "--minutes", "3")
    assert code == 0, err
    assert f"with {name} on" in out


@pytest.mark.parametrize(
    ("text", "cells"),
    [("日本語", 6), ("e\u0301", 1), ("👩‍👩‍👧", 6), ("abc", 3), ("ｆ", 2), ("", 0), ("a\u200bb", 2)],
)
def test_display_width(text: str, cells: int) -> None:
    assert display_width(text) == cells


@pytest.mark.parametrize("text", ["日本語の名前です長い名前", "e\u0301" * 30, "ab日" * 9, "👩‍👩‍👧" * 6])
@pytest.mark.parametrize("width", [1, 2, 5, 11, 24])
def test_pad_always_fills_exactly(text: str, width: int) -> None:
    assert display_width(pad(text, width)) == width
