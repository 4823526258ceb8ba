"""Issue 11, attacks on the storage floor: the app's own writes stay readable, empty and unknown-user
paths are refused, stray objects in reljournal's folders neither block writes nor get removed, a
hard-linked journal never shares its backup, and no output replaces something that is not a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal import safefs
from journal.errors import JournalWriteError
from journal.model import make_definition
from journal.paths import JOURNAL_FILE
from journal.store import Journal


def one_line(err: str) -> str:
    assert err.startswith("reljournal: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    return err


# -- 1. a write the read limit would refuse -----------------------------------------------------


def test_a_write_larger_than_a_read_accepts_is_refused_and_nothing_is_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(data_dir)
    journal.add_person("Sam", make_definition(why="x"))
    before = (data_dir / JOURNAL_FILE).read_bytes()
    monkeypatch.setattr(safefs, "MAX_READ_BYTES", len(before) + 100)
    with pytest.raises(
        JournalWriteError,
        match=r"not saved: .*journal.json would be .* MB, larger than reljournal reads back",
    ):
        journal.add_person("Robin", make_definition(why="y" * 200))
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert [p.name for p in Journal.open(data_dir).people()] == ["Sam"]
