"""The drafts file: private, atomic, and validated when read back (a hostile file is ignored, never obeyed)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings, strategies as st

from journal.store import drafts as drafts_module
from journal.store.drafts import DRAFTS_FILE, Draft, DraftStore, decode_drafts, encode_drafts

WHEN = datetime(2026, 11, 20, 14, 2)


def write(folder: Path, payload: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DRAFTS_FILE).write_bytes(orjson.dumps(payload))


def record(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"key": "log:new", "saved_at": WHEN.isoformat(), "fields": {"note": "hello"}}
    base.update(overrides)
    return base


def test_put_writes_a_private_file_and_remove_deletes_it(data_dir: Path) -> None:
    store = DraftStore(data_dir)
    store.put(Draft("log:new", WHEN, {"note": "hi", "people": ("a1",)}))
    path = data_dir / DRAFTS_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert DraftStore(data_dir).all() == [Draft("log:new", WHEN, {"note": "hi", "people": ("a1",)})]
    store.remove("log:new")
    assert not path.exists()
    assert DraftStore(data_dir).all() == []


def test_writes_go_through_the_storage_atomic_writer(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []
    real = drafts_module.write_private_file
    monkeypatch.setattr(drafts_module, "write_private_file", lambda p, b: (seen.append(p), real(p, b)))
    DraftStore(data_dir).put(Draft("define:new", WHEN, {"name": "Ada"}))
    assert seen == [data_dir / DRAFTS_FILE]


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "drafts",
        {"version": 2, "drafts": [record()]},
        {"version": 1, "drafts": {"log:new": record()}},
        {"version": 1, "drafts": [record(key=5)]},
        {"version": 1, "drafts": [record(key="../../etc/passwd")]},
        {"version": 1, "drafts": [record(key="log:new\x1b[2J")]},
        {"version": 1, "drafts": [record(saved_at=12)]},
        {"version": 1, "drafts": [record(saved_at="yesterday")]},
        {"version": 1, "drafts": [record(saved_at="2026-11-20T14:02:00+05:00")]},
        {"version": 1, "drafts": [record(fields=["note"])]},
        {"version": 1, "drafts": [record(fields={"note": 5})]},
        {"version": 1, "drafts": [record(fields={"note": {"deep": "x"}})]},
        {"version": 1, "drafts": [record(fields={"note": "\x1b]52;c;aGVsbG8=\x1b\\"})]},
        {"version": 1, "drafts": [record(fields={"note": "\x9b31m red"})]},
        {"version": 1, "drafts": [record(fields={"people": ["ok", "\x07"]})]},
        {"version": 1, "drafts": [record(fields={"Bad Field!": "x"})]},
        {"version": 1, "drafts": [record(fields={"note": "x" * 3_000_000})]},
        {"version": 1, "drafts": [record(fields={"people": ["x"] * 1000})]},
    ],
)
def test_anything_malformed_is_dropped(data_dir: Path, payload: object) -> None:
    write(data_dir, payload)
    assert DraftStore(data_dir).all() == []


def test_good_drafts_survive_beside_bad_ones(data_dir: Path) -> None:
    write(data_dir, {"version": 1, "drafts": [record(key=7), record(), "junk"]})
    assert [d.key for d in DraftStore(data_dir).all()] == ["log:new"]


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"\xff\xfe", b"[" * 5000 + b"]" * 5000, b'{"version": 1, "drafts": [' + b"[" * 2000],
)
def test_a_file_that_is_not_json_holds_no_drafts(data_dir: Path, raw: bytes) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / DRAFTS_FILE).write_bytes(raw)
    assert DraftStore(data_dir).all() == []


def test_a_huge_file_is_not_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts_module, "MAX_FILE_BYTES", 100)
    write(data_dir, {"version": 1, "drafts": [record(fields={"note": "x" * 200})]})
    assert DraftStore(data_dir).all() == []


def test_a_symlink_or_a_fifo_is_not_followed(data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(orjson.dumps({"version": 1, "drafts": [record()]}))
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / DRAFTS_FILE).symlink_to(elsewhere)
    assert DraftStore(data_dir).all() == []
    (data_dir / DRAFTS_FILE).unlink()
    os.mkfifo(data_dir / DRAFTS_FILE)
    assert DraftStore(data_dir).all() == []  # returns at once: a FIFO is never opened for a blocking read


_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), max_size=200)
_fields = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_.]{0,20}", fullmatch=True),
    _text | st.lists(_text, max_size=5).map(tuple),
    max_size=8,
)
_drafts = st.builds(
    Draft,
    st.from_regex(r"(log|define|review):[A-Za-z0-9_-]{1,20}", fullmatch=True),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    _fields,
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_drafts, max_size=5))
def test_what_is_written_reads_back_the_same(drafts: list[Draft]) -> None:
    by_key = {d.key: d for d in drafts}
    assert decode_drafts(encode_drafts(by_key)) == by_key
