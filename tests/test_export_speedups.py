"""The export's shortcuts give exactly what the plain way gives.

Each shortcut that makes a ten-year export fast is checked against the way it would be done without it:
a note's plain list item against the full line rules, plain()'s quick scan against the substitution it
skips, depth read newest first (and stopped early) against depth read in any order, a document joined in
one go against blocks joined and then framed, and a folder the export has just made (nothing in it to
compare with) against an earlier export.
"""

from __future__ import annotations

import os
import random
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from hypothesis import given, settings, strategies as st

from journal.core.depth import depth_of
from journal.core.model import Channel, Felt, Initiator, make_definition, make_touchpoint
from journal.report import export, exportfs, mdsafe, view
from journal.report.yamlfront import Value, front_matter
from journal.store.journal import Journal

# Lines made of list markers, block starts and what inline escaping cares about.
_PIECES = [
    *("- ", "* ", "+ ", "1. ", "12) ", "-", "*", "  ", "\t", " ", "\u00a0", "\x0b"),
    *("#", ">", "=", "_", "`", "~", "[", "]", "(", "\\", "<", "$", "%", "&", "!", "/"),
    *("a", "Zoë", "٣", "²", "0", "7", "word", "```", "---", "***", "[[x]]", "<b>", "[a](b)"),
]
LINES = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None)
@given(LINES)
def test_a_plain_list_item_takes_the_shortcut_to_the_same_line(line: str) -> None:
    assert mdsafe.note_line(line) == mdsafe._block_safe(line.strip())


@settings(max_examples=3000, deadline=None)
@given(LINES)
def test_the_quick_scan_of_plain_text_misses_nothing_to_escape(text: str) -> None:
    flat = " ".join(text.split())
    if mdsafe._PLAIN_SPECIAL.search(flat) is None:
        assert mdsafe._PLAIN_ESCAPE.sub(r"\\\g<0>", flat) == flat


@pytest.mark.parametrize("seed", range(40))
def test_depth_read_newest_first_and_stopped_early_is_depth_read_in_any_order(seed: int) -> None:
    rng = random.Random(seed)
    uid = "a" * 32
    today = FIXED_NOW.date() - timedelta(days=rng.randint(0, 200))
    entries = [
        make_touchpoint(
            people=[uid],
            day=FIXED_NOW.date() - timedelta(days=rng.choice([rng.randint(0, 30), rng.randint(0, 900)])),
            channel=rng.choice(list(Channel)),
            minutes=rng.choice([0, 5, 30, 90]),
            initiated_by=rng.choice(list(Initiator)),
            felt=rng.choice(list(Felt)),
            closeness=rng.choice([None, 1, 3, 5]),
            now=FIXED_NOW,
        )
        for _ in range(rng.randint(0, 60))
    ]
    newest_first = sorted(entries, key=lambda tp: tp.day, reverse=True)
    rng.shuffle(entries)
    assert depth_of(uid, newest_first, today, newest_first=True) == depth_of(uid, entries, today)


_MATTER: list[tuple[str, Value]] = [("title", "x"), ("day", date(2026, 11, 20)), ("tags", ["a", "b"])]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "# b", "line\nline", "\n", " ", "> q  \n> r"])), st.booleans())
def test_a_document_joined_in_one_go_is_its_blocks_joined_then_framed(
    blocks: list[str], matter: bool
) -> None:
    fields = _MATTER if matter else None
    framed = (front_matter(_MATTER) + "\n" if fields else "") + "\n\n".join(filter(None, blocks)) + "\n"
    assert view.document(fields, blocks) == framed


def test_a_folder_made_by_the_export_is_written_without_comparing_and_an_old_one_with(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = journal.add_person("Sam", make_definition(why="x"))
    journal.add_touchpoint(
        make_touchpoint(people=[person.uid], day="2026-11-19", channel="dm", minutes=5, now=FIXED_NOW)
    )
    compared: list[Path] = []
    holds = exportfs._holds

    def counting_holds(fd: int, name: str, payload: bytes) -> bool:
        compared.append(Path(os.readlink(f"/proc/self/fd/{fd}")) / name)  # files are compared by folder fd
        return holds(fd, name, payload)

    monkeypatch.setattr(exportfs, "_holds", counting_holds)
    out = tmp_path / "new" / "export"
    written = export.export_to_folder(journal, out)
    assert compared == []  # nothing was there to compare with
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(folder.stat().st_mode) for folder in (out / "people", out / "weeks")} == {0o700}
    first = {path: (path.read_bytes(), path.stat()) for path in written}
    assert {stat.S_IMODE(info.st_mode) for _, info in first.values()} == {0o600}

    again = export.export_to_folder(journal, out)
    assert sorted(compared) == sorted(p.resolve() for p in again) == sorted(p.resolve() for p in written)
    for path in again:
        assert path.read_bytes() == first[path][0]
        assert path.stat().st_ino == first[path][1].st_ino  # the same bytes: left alone

    (out / "weeks").rename(tmp_path / "moved")  # one folder made afresh, the others still there
    compared.clear()
    export.export_to_folder(journal, out)
    assert compared and all(path.parent.name != "weeks" for path in compared)
    assert [p.name for p in out.rglob(".*")] == [exportfs.MARKER_FILE]  # no temp files left behind
