"""Tombstones: a deleted touchpoint or person leaves its uid and the time of deletion; undo takes the
tombstone back; older journals migrate, backups carry tombstones, and every door checks them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pytest

from journal.core.errors import CorruptJournalError
from journal.core.model import ValidationError, make_definition, make_touchpoint
from journal.store import doctor, schema
from journal.store.backup import ImportError_, backup_bytes, import_backup
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE

NOW = datetime(2026, 11, 20, 18, 30)


def _person(journal: Journal, name: str = "Sam Lee") -> str:
    return journal.add_person(name, make_definition(why="a friend")).uid


def _touchpoint(journal: Journal, uid: str) -> str:
    tp = make_touchpoint(people=[uid], day="2026-11-19", channel="call", minutes=20, now=NOW)
    return journal.add_touchpoint(tp).uid


def test_deleting_a_touchpoint_leaves_its_uid_and_time(journal: Journal, data_dir: Path) -> None:
    sam = _person(journal)
    uid = _touchpoint(journal, sam)
    journal.delete_touchpoint(uid)
    stored = orjson.loads((data_dir / JOURNAL_FILE).read_bytes())
    assert stored["tombstones"] == {
        uid: {"uid": uid, "table": "entries", "deleted_at": "2026-11-20T18:30:00"}
    }
    assert [(t.uid, t.table, t.deleted_at) for t in journal.tombstones()] == [(uid, "entries", NOW)]
    assert Journal.open(data_dir).tombstones() == journal.tombstones()  # read back through the door


def test_undo_writes_the_record_back_and_forgets_its_tombstone(journal: Journal) -> None:
    sam = _person(journal)
    uid = _touchpoint(journal, sam)
    before = journal.entry(uid)
    journal.delete_touchpoint(uid)
    journal.reinstate_touchpoint(before)
    assert journal.tombstones() == [] and journal.entry(uid) == before


def test_deleting_a_person_leaves_a_tombstone_and_someone_with_history_is_refused(journal: Journal) -> None:
    sam, kim = _person(journal), _person(journal, "Kim")
    _touchpoint(journal, sam)
    with pytest.raises(ValidationError, match="let them go instead"):
        journal.delete_person(sam)
    gone = journal.person(kim)
    journal.delete_person(kim)
    assert [p.uid for p in journal.people()] == [sam]
    assert [(t.uid, t.table) for t in journal.tombstones()] == [(kim, "people")]
    journal.reinstate_person(gone)
    assert journal.tombstones() == [] and journal.person(kim) == gone


def test_a_version_2_journal_migrates_with_no_tombstones(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    old = {"people": {}, "entries": {}, "reviews": {}, "meta": {"journal": {"schema_version": 2}}}
    (data_dir / JOURNAL_FILE).write_bytes(orjson.dumps(old))
    journal = Journal.open(data_dir)
    assert journal.raw()["tombstones"] == {} and journal.raw()["meta"]["journal"]["schema_version"] == 3
    assert journal.tombstones() == []


def test_a_newer_journal_with_tables_unknown_here_is_refused_by_its_version(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    newer = {"people": {}, "meta": {"journal": {"schema_version": 99}}, "later": {}}
    (data_dir / JOURNAL_FILE).write_bytes(orjson.dumps(newer))
    with pytest.raises(Exception, match="newer reljournal"):
        Journal.open(data_dir)


@pytest.mark.parametrize(
    ("tombstone", "fault"),
    [
        ({"table": "entries", "deleted_at": "2026-11-20T10:00:00"}, "uid"),
        ({"uid": "b" * 32, "table": "reviews", "deleted_at": "2026-11-20T10:00:00"}, "table"),
        ({"uid": "b" * 32, "table": "entries", "deleted_at": "yesterday"}, "deleted_at"),
        ({"uid": "c" * 32, "table": "entries", "deleted_at": "2026-11-20T10:00:00"}, "key"),
    ],
)
def test_a_bad_tombstone_makes_the_journal_unreadable_and_doctor_names_it(
    data_dir: Path, tombstone: dict[str, str], fault: str
) -> None:
    data_dir.mkdir(parents=True)
    doc = {"meta": {"journal": {"schema_version": 3}}, "tombstones": {"b" * 32: tombstone}}
    (data_dir / JOURNAL_FILE).write_bytes(orjson.dumps(doc))
    with pytest.raises(CorruptJournalError, match=r"tombstones/b{32}"):
        Journal.open(data_dir).people()
    problems = [f.text for f in doctor.examine(data_dir) if not f.ok]
    assert any("tombstones/" + "b" * 32 in text for text in problems)


def test_a_record_still_kept_beside_its_tombstone_is_refused(journal: Journal, data_dir: Path) -> None:
    sam = _person(journal)
    data = orjson.loads((data_dir / JOURNAL_FILE).read_bytes())
    data["tombstones"] = {sam: {"uid": sam, "table": "people", "deleted_at": "2026-11-20T10:00:00"}}
    (data_dir / JOURNAL_FILE).write_bytes(orjson.dumps(data))
    with pytest.raises(CorruptJournalError, match="still in people"):
        Journal.open(data_dir).people()


def test_backup_and_import_carry_tombstones_losslessly(journal: Journal, tmp_path: Path) -> None:
    sam = _person(journal)
    journal.delete_touchpoint(_touchpoint(journal, sam))
    raw = backup_bytes(journal)
    assert len(orjson.loads(raw)["tombstones"]) == 1
    other = Journal.open(tmp_path / "other", clock=lambda: NOW)
    counts = import_backup(other, raw)
    assert counts["entries"] == 0 and other.tombstones() == journal.tombstones()
    assert backup_bytes(other) == raw
    assert other.raw()["meta"]["journal"]["schema_version"] == schema.SCHEMA_VERSION


def test_a_backup_whose_tombstone_hides_a_kept_record_is_refused(journal: Journal, tmp_path: Path) -> None:
    sam = _person(journal)
    doc = orjson.loads(backup_bytes(journal))
    doc["tombstones"] = [{"uid": sam, "table": "people", "deleted_at": "2026-11-20T10:00:00"}]
    other = Journal.open(tmp_path / "other")
    with pytest.raises(ImportError_, match=r"tombstones\[0\]"):
        import_backup(other, orjson.dumps(doc))
    assert not (tmp_path / "other" / JOURNAL_FILE).exists()
