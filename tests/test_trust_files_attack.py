"""Issue 11, attacks on the storage floor: the app's own writes stay readable, empty and unknown-user
paths are refused, stray objects in reljournal's folders neither block writes nor get removed, a
hard-linked journal never shares its backup, and no output replaces something that is not a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.cli import cli

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


# -- 2, 3. empty and unknown-user paths ----------------------------------------------------------


@pytest.fixture
def real_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Where the journal would go without an override (a temp folder standing in for the real one)."""
    default = tmp_path / "default-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(default))
    return default


def test_an_empty_data_dir_option_is_refused(
    capsys: pytest.CaptureFixture[str], real_default: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RELJOURNAL_DATA_DIR")
    for args in (("--data-dir", "", "follow", "Sam", "--why", "x"), ("--data-dir", "", "doctor")):
        code, _, err = cli(capsys, *args)
        assert code == 1 and "--data-dir is empty" in one_line(err)
    assert not real_default.exists()


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_data_dir_variable_is_refused(
    capsys: pytest.CaptureFixture[str], real_default: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", value)
    for args in (("follow", "Sam", "--why", "x"), ("doctor",), ("restore", "x.json")):
        code, _, err = cli(capsys, *args)
        assert code == 1 and "RELJOURNAL_DATA_DIR is set but empty" in one_line(err)
    assert not real_default.exists()


def test_an_empty_data_dir_is_refused_by_the_app_too(
    capsys: pytest.CaptureFixture[str], real_default: Path
) -> None:
    code, _, err = cli(capsys, "--data-dir", "")
    assert code == 1 and "--data-dir is empty" in one_line(err)
    assert not real_default.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("--data-dir", "~nosuchuser-rj/data", "people"),
        ("--data-dir", "~nosuchuser-rj/data", "doctor"),
        ("export", "-o", "~nosuchuser-rj/out.md"),
        ("export", "-o", "~nosuchuser-rj/out/"),
        ("backup", "-o", "~nosuchuser-rj/b.json"),
        ("restore", "~nosuchuser-rj/b.json"),
        ("import", "~nosuchuser-rj/b.json"),
    ],
)
def test_a_path_naming_an_unknown_user_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: tuple[str, ...]
) -> None:
    code, _, err = cli(capsys, *args)
    assert code == 1 and "~nosuchuser-rj" in one_line(err) and "no such user" in err


def test_the_data_dir_variable_naming_an_unknown_user_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", "~nosuchuser-rj/data")
    code, _, err = cli(capsys, "people")
    assert code == 1 and "no such user" in one_line(err)
