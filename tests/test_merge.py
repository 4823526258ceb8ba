"""Merging two copies of one journal (journal.store.merge): property tests over two divergent
histories (adds, edits, deletes, let-gos and redefinitions on each side), real conflict-copy names,
and copies that cannot be read refused with nothing touched."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.core.model import Definition, make_definition, make_review, make_touchpoint
from journal.core.weeks import IsoWeek
from journal.store import doctor
from journal.store.backup import backup_bytes
from journal.store.journal import Journal
from journal.store.merge import MergeError, conflict_copies, is_conflict_copy, merge_file, merge_into
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE

START = datetime(2026, 11, 20, 9, 0, 0)
TABLES = ("people", "entries", "reviews", "tombstones")


class Clock:
    """A side's clock: every reading a few seconds later (ties between sides happen, on purpose)."""

    def __init__(self, start: datetime, step: int) -> None:
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=self.step)
        return self.now


def _records(journal: Journal) -> dict[str, Any]:
    raw = Journal.open(journal.folder).raw()  # what was written
    return {table: raw.get(table, {}) for table in TABLES}


def _base(folder: Path, people: int, touchpoints: int) -> None:
    journal = Journal.open(folder, clock=Clock(START, 1))
    uids = [journal.add_person(f"Person {i}", make_definition(why="a friend")).uid for i in range(people)]
    for i in range(touchpoints):
        tp = make_touchpoint(
            people=[uids[i % people]], day="2026-11-10", channel="call", minutes=10 + i, now=journal.clock()
        )
        journal.add_touchpoint(tp)
    journal.close()


@contextmanager
def _sides(people: int, touchpoints: int) -> Iterator[tuple[Path, Path, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _base(root / "base", people, touchpoints)
        for side in ("a", "b"):
            (root / side).mkdir(mode=0o700)
            shutil.copy2(root / "base" / JOURNAL_FILE, root / side / JOURNAL_FILE)
            os.chmod(root / side / JOURNAL_FILE, 0o600)
        yield root / "base", root / "a", root / "b"


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "edit", "delete", "letgo", "refollow", "redefine", "person", "review", "drop"]
        ),
        st.integers(0, 50),
    ),
    max_size=12,
)


def _play(journal: Journal, ops: list[tuple[str, int]], side: str) -> None:
    """Apply a side's history; an operation that does not apply to the journal as it is is skipped."""
    for number, (op, pick) in enumerate(ops):
        people, entries = journal.people(), journal.entries()
        person = people[pick % len(people)] if people else None
        entry = entries[pick % len(entries)] if entries else None
        if op == "add" and person is not None:
            tp = make_touchpoint(
                people=[person.uid],
                day="2026-11-18",
                channel="dm",
                minutes=pick,
                note=f"{side}{number}",
                now=journal.clock(),
            )
            journal.add_touchpoint(tp)
        elif op == "edit" and entry is not None:
            journal.update_touchpoint(replace(entry, note=f"edited on {side} {number}", minutes=pick))
        elif op == "delete" and entry is not None:
            journal.delete_touchpoint(entry.uid)
        elif op == "letgo" and person is not None and person.following:
            journal.archive(person.uid, f"let go on {side}")
        elif op == "refollow" and person is not None and not person.following:
            journal.refollow(person.uid)
        elif op == "redefine" and person is not None:
            journal.redefine(person.uid, person.name, make_definition(why=f"{side} {number}"))
        elif op == "person":
            journal.add_person(f"{side.upper()} {number}", make_definition(why="new"))
        elif op == "review" and person is not None:
            week = IsoWeek.parse(["2026-W45", "2026-W46", "2026-W47"][pick % 3])
            journal.save_review(make_review(week, answers={"time": f"{side} {number}"}))
        elif op == "drop" and person is not None and not journal.entries_for(person.uid):
            journal.delete_person(person.uid)  # (reviews here name nobody)


def _definitions(record: dict[str, Any]) -> set[bytes]:
    """Every (name, definition) a person record holds, current or past."""

    def undated(d: dict[str, Any]) -> bytes:
        keep = {
            k: v
            for k, v in d.items()
            if k not in ("uid", "status", "episodes", "created_at", "history", "replaced_at")
        }
        return orjson.dumps(keep, option=orjson.OPT_SORT_KEYS)

    return {undated(record), *(undated(past) for past in record["history"])}


def _merged_copy(into: Path, other: Path, target: Path) -> Journal:
    shutil.copytree(into, target)
    journal = Journal.open(target, clock=Clock(START + timedelta(days=1), 1))
    merge_into(journal, (other / JOURNAL_FILE).read_bytes(), str(other))
    return journal


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ops_a=OPS,
    ops_b=OPS,
    step_a=st.integers(1, 3),
    step_b=st.integers(1, 3),
    people=st.integers(1, 3),
    touchpoints=st.integers(0, 4),
)
def test_two_divergent_histories_merge_losslessly_idempotently_and_commutatively(
    ops_a: list[tuple[str, int]],
    ops_b: list[tuple[str, int]],
    step_a: int,
    step_b: int,
    people: int,
    touchpoints: int,
) -> None:
    with _sides(people, touchpoints) as (_, a, b):
        later = START + timedelta(hours=1)
        for folder, ops, step, side in ((a, ops_a, step_a, "a"), (b, ops_b, step_b, "b")):
            journal = Journal.open(folder, clock=Clock(later, step))
            _play(journal, ops, side)
            journal.close()
        side_a, side_b = _records(Journal.open(a)), _records(Journal.open(b))
        ab = _merged_copy(a, b, a.parent / "ab")
        ba = _merged_copy(b, a, a.parent / "ba")
        merged = _records(ab)

        # Commutative: A into B and B into A hold the same records.
        assert merged == _records(ba)
        # Idempotent: merging either side again, or the result into itself, changes nothing.
        for again in (b, a, ab.folder):
            assert not merge_into(ab, (again / JOURNAL_FILE).read_bytes()).changed
        assert _records(ab) == merged
        # Nothing written on either side is lost, except what the other side deleted afterwards.
        tombstones = {**side_a["tombstones"], **side_b["tombstones"]}
        for mine in (side_a, side_b):
            for uid, record in mine["entries"].items():
                if uid in merged["entries"]:
                    assert merged["entries"][uid]["updated_at"] >= record["updated_at"]
                else:
                    assert uid in merged["tombstones"] and uid in tombstones
                    assert merged["tombstones"][uid]["deleted_at"] >= record["updated_at"]
            for uid, record in mine["people"].items():
                if uid not in merged["people"]:
                    assert uid in merged["tombstones"]
                    continue
                united = merged["people"][uid]
                assert _definitions(record) <= _definitions(united)
                days = {e["let_go_on"] for e in united["episodes"]}
                assert {e["let_go_on"] for e in record["episodes"]} <= days
            for week, review in mine["reviews"].items():
                assert merged["reviews"][week]["updated_at"] >= review["updated_at"]
        for uid in merged["tombstones"]:  # a tombstone stands for a record that is gone
            assert uid not in merged["entries"] and uid not in merged["people"]
        # The merged journal passes doctor.
        problems = [f.text for f in doctor.examine(ab.folder) if not f.ok]
        assert problems == []


def test_a_touchpoint_deleted_on_one_machine_is_not_brought_back(tmp_path: Path) -> None:
    with _sides(1, 2) as (_, a, b):
        laptop = Journal.open(a, clock=Clock(START + timedelta(hours=1), 1))
        gone = laptop.entries()[0].uid
        laptop.delete_touchpoint(gone)
        desktop = Journal.open(b, clock=Clock(START + timedelta(hours=1), 1))
        report = merge_into(desktop, (a / JOURNAL_FILE).read_bytes())
        assert report.removed["entries"] == [gone] and gone not in {tp.uid for tp in desktop.entries()}
        assert [t.uid for t in desktop.tombstones()] == [gone]
        assert report.kept_copy is not None and report.kept_copy.parent == b / BACKUP_DIR
        assert report.kept_copy.name.startswith("before-merge-")


def test_an_edit_after_the_deletion_elsewhere_keeps_the_touchpoint() -> None:
    with _sides(1, 1) as (_, a, b):
        Journal.open(a, clock=Clock(START + timedelta(hours=1), 1)).delete_touchpoint(
            Journal.open(a).entries()[0].uid
        )
        desktop = Journal.open(b, clock=Clock(START + timedelta(hours=2), 1))
        entry = desktop.entries()[0]
        desktop.update_touchpoint(replace(entry, note="written after the laptop deleted it"))
        merge_into(desktop, (a / JOURNAL_FILE).read_bytes())
        assert desktop.entries()[0].note == "written after the laptop deleted it"
        assert desktop.tombstones() == []


def test_a_person_redefined_on_both_sides_keeps_the_other_definition_in_history() -> None:
    with _sides(1, 0) as (_, a, b):
        uid = Journal.open(a).people()[0].uid
        Journal.open(a, clock=Clock(START + timedelta(hours=1), 1)).redefine(
            uid, "Person 0", make_definition(why="laptop")
        )
        desktop = Journal.open(b, clock=Clock(START + timedelta(hours=2), 1))
        desktop.redefine(uid, "Person 0", make_definition(why="desktop"))
        merge_into(desktop, (a / JOURNAL_FILE).read_bytes())
        person = desktop.person(uid)
        assert person.definition.why == "desktop"  # the later one
        assert {past.definition.why for past in person.history} == {"a friend", "laptop"}


def test_the_same_name_added_on_both_sides_is_refused_with_nothing_changed() -> None:
    with _sides(1, 0) as (_, a, b):
        Journal.open(a).add_person("Kim", make_definition(why="laptop"))
        desktop = Journal.open(b)
        desktop.add_person("Kim", make_definition(why="desktop"))
        before = (b / JOURNAL_FILE).read_bytes()
        with pytest.raises(MergeError, match="'Kim'"):
            merge_into(desktop, (a / JOURNAL_FILE).read_bytes(), "laptop.json")
        assert (b / JOURNAL_FILE).read_bytes() == before and not list((b / BACKUP_DIR).glob("before-merge-*"))


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"", "is empty"),
        (b'{"people": {', "not valid JSON"),
        (b'{"people": {}, "other": {}}', "not a reljournal journal"),
        (b'{"meta": {"journal": {"schema_version": 99}}}', "newer reljournal"),
        (b'{"entries": {"x": {"uid": "x"}}}', "entries/x"),
    ],
)
def test_an_unreadable_copy_is_refused_touching_nothing(journal: Journal, raw: bytes, says: str) -> None:
    journal.add_person("Sam", make_definition(why="a friend"))
    before = journal.path.read_bytes()
    with pytest.raises(MergeError, match=says) as refused:
        merge_into(journal, raw, "copy.json")
    assert "copy.json" in refused.value.message
    assert journal.path.read_bytes() == before and not list(
        (journal.folder / BACKUP_DIR).glob("before-merge-*")
    )


def test_a_backup_file_merges_like_a_journal_copy(journal: Journal, tmp_path: Path) -> None:
    other = Journal.open(tmp_path / "other")
    other.add_person("Ana", make_definition(why="abroad"))
    report = merge_into(journal, backup_bytes(other))
    assert [p.name for p in journal.people()] == ["Ana"] and report.added["people"]


SYNCTHING = "journal.sync-conflict-20261201-120000-ABCDEFG.json"
DROPBOX = "journal (Sam's conflicted copy 2026-12-01).json"


def test_conflict_copies_are_found_by_their_real_names_and_never_through_a_link(tmp_path: Path) -> None:
    for name in (
        SYNCTHING,
        DROPBOX,
        "journal (1).json",
        "journal.json",
        ".journal.json.x1.tmp",
        "notes.json",
    ):
        (tmp_path / name).write_text("{}")
    (tmp_path / "journal-laptop.json").symlink_to(tmp_path / "notes.json")
    (tmp_path / "journal-folder.json").mkdir()
    assert [p.name for p in conflict_copies(tmp_path)] == sorted([SYNCTHING, DROPBOX, "journal (1).json"])
    assert not is_conflict_copy(JOURNAL_FILE) and is_conflict_copy("journal-laptop.json")


@pytest.mark.parametrize("name", [SYNCTHING, DROPBOX])
def test_syncing_through_a_conflict_copy_unites_both_machines(name: str) -> None:
    """Both machines write between syncs; the sync tool keeps one file and puts the other beside it
    under its conflict name. Merging that copy holds both sides' touchpoints, and the copy is put away."""
    with _sides(1, 1) as (_, laptop_dir, desktop_dir):
        laptop = Journal.open(laptop_dir, clock=Clock(START + timedelta(hours=1), 1))
        desktop = Journal.open(desktop_dir, clock=Clock(START + timedelta(hours=1), 2))
        sam = laptop.people()[0].uid
        for journal, note in ((laptop, "from the laptop"), (desktop, "from the desktop")):
            tp = make_touchpoint(
                people=[sam], day="2026-11-19", channel="call", minutes=5, note=note, now=journal.clock()
            )
            journal.add_touchpoint(tp)
        copy = desktop_dir / name  # the sync tool's doing: the laptop's file beside the desktop's
        shutil.copy2(laptop_dir / JOURNAL_FILE, copy)
        assert conflict_copies(desktop_dir) == [copy]
        assert any(name in f.text and "merge" in f.text for f in doctor.examine(desktop_dir) if not f.ok)
        report, moved = merge_file(desktop, copy, copy.read_bytes())
        assert {tp.note for tp in desktop.entries()} >= {"from the laptop", "from the desktop"}
        assert len(report.added["entries"]) == 1
        assert moved is not None and moved.parent == desktop_dir / BACKUP_DIR and not copy.exists()
        assert conflict_copies(desktop_dir) == []
        assert [f.text for f in doctor.examine(desktop_dir) if not f.ok] == []


def test_a_definition_value_round_trips_through_merge_unchanged(journal: Journal, tmp_path: Path) -> None:
    """What the merge writes for a person edited on one side only is that side's record, byte for byte."""
    sam = journal.add_person("Sam", make_definition(why="a friend"))
    shutil.copytree(journal.folder, tmp_path / "copy")
    other = Journal.open(tmp_path / "copy", clock=lambda: START + timedelta(days=2))
    other.redefine(sam.uid, "Sam Lee", Definition(why="an old friend"))
    merge_into(journal, (tmp_path / "copy" / JOURNAL_FILE).read_bytes())
    assert journal.raw()["people"][sam.uid] == other.raw()["people"][sam.uid]
