"""``reljournal merge FILE``: what it added, updated and removed, named terminal-safely; --dry-run;
bad input refused with nothing touched; doctor names the command for a conflict copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from helpers.cli import cli

from journal.core.model import make_definition, make_touchpoint
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE

CONFLICT = "journal.sync-conflict-20261201-120000-ABCDEFG.json"


def _other_copy(data_dir: Path, tmp_path: Path, name: str = "laptop.json") -> Path:
    """A copy of the journal in ``data_dir`` that went on elsewhere: a new person and a touchpoint."""
    folder = tmp_path / "laptop"
    shutil.copytree(data_dir, folder)
    laptop = Journal.open(folder, clock=lambda: FIXED_NOW)
    ana = laptop.add_person("Ana [bold]Ó[/]", make_definition(why="abroad"))
    laptop.add_touchpoint(
        make_touchpoint(people=[ana.uid], day="2026-11-19", channel="call", minutes=30, now=FIXED_NOW)
    )
    return folder / JOURNAL_FILE


def test_merge_prints_what_it_added_and_keeps_the_journal_as_it_was(
    capsys: pytest.CaptureFixture[str], journal: Journal, data_dir: Path, tmp_path: Path
) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    other = _other_copy(data_dir, tmp_path)
    code, out, err = cli(capsys, "merge", str(other))
    assert code == 0, err
    assert "added: 1 person (Ana [bold]Ó[/]); 1 touchpoint (2026-11-19 call with Ana [bold]Ó[/])" in out
    assert "Kept the journal as it was in" in out
    assert len(list((data_dir / BACKUP_DIR).glob("before-merge-*.json"))) == 1
    assert sorted(p.name for p in Journal.open(data_dir).people())[0].startswith("Ana")
    code, out, _ = cli(capsys, "merge", str(other))  # again: nothing to do
    assert code == 0 and out.startswith("Nothing to merge")


def test_dry_run_says_what_would_change_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], journal: Journal, data_dir: Path, tmp_path: Path
) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    other = _other_copy(data_dir, tmp_path)
    before = (data_dir / JOURNAL_FILE).read_bytes()
    code, out, _ = cli(capsys, "merge", "--dry-run", str(other))
    assert code == 0 and out.startswith("Would merge") and "added: 1 person" in out
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert not list((data_dir / BACKUP_DIR).glob("before-merge-*"))


def test_a_conflict_copy_is_named_by_doctor_then_merged_and_put_away(
    capsys: pytest.CaptureFixture[str], journal: Journal, data_dir: Path, tmp_path: Path
) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    copy = data_dir / CONFLICT
    shutil.copy2(_other_copy(data_dir, tmp_path), copy)
    code, out, _ = cli(capsys, "doctor")
    assert code == 1 and CONFLICT in out and f"merge {copy}" in out
    code, out, _ = cli(capsys, "merge", str(copy))
    assert code == 0 and "Moved the merged copy to" in out and not copy.exists()
    assert any(p.name.startswith("merged-journal.sync-conflict") for p in (data_dir / BACKUP_DIR).iterdir())
    code, out, _ = cli(capsys, "doctor")
    assert code == 0, out


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.mkdir(), "name the backup file itself"),
        (lambda p: p.write_bytes(b'{"people": {'), "not valid JSON"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.symlink_to(p.parent / "elsewhere.json"), "symbolic link"),
        (lambda p: None, "cannot read"),
    ],
)
def test_an_unreadable_file_is_refused_and_nothing_is_touched(
    capsys: pytest.CaptureFixture[str], journal: Journal, data_dir: Path, tmp_path: Path, make, says: str
) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    (tmp_path / "elsewhere.json").write_bytes((data_dir / JOURNAL_FILE).read_bytes())
    target = tmp_path / "copy.json"
    make(target)
    before = (data_dir / JOURNAL_FILE).read_bytes()
    code, out, err = cli(capsys, "merge", str(target))
    assert code == 1 and says in err and out == ""
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert not list((data_dir / BACKUP_DIR).glob("before-merge-*"))
