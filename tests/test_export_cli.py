"""``reljournal export``: stdout, one file, a folder, one person or one week; clear errors."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export import build_sample, check_markdown, split

from journal.cli import main
from journal.cli.export import target_kind
from journal.core.model import ValidationError
from journal.core.weeks import IsoWeek
from journal.report import export
from journal.store.journal import Journal


@pytest.fixture
def sample(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    build_sample(data_dir, monkeypatch).close()
    yield data_dir


def reopened(data_dir: Path) -> Journal:
    """The journal as the CLI sees it (real clock), for comparing with what it printed."""
    return Journal.open(data_dir)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["export", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_prints_the_whole_journal(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    journal = reopened(sample)
    assert out == export.export_all_markdown(journal)
    matter, _ = check_markdown(out)
    assert matter["people_count"] == 6


def test_dash_is_stdout_too(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-o", "-")[1] == run(capsys)[1]


def test_export_to_a_markdown_file(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "Journal.MD"
    code, out, _ = run(capsys, "-o", str(target))
    assert code == 0 and str(target) in out
    assert target.read_text("utf-8") == export.export_all_markdown(reopened(sample))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("spelling", ["new-folder", "new-folder/", "existing", "notes.md/"])
def test_export_to_a_folder(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    (tmp_path / "existing").mkdir()
    target = tmp_path / spelling.rstrip("/")
    code, out, _ = run(capsys, "-o", f"{tmp_path}/{spelling}")
    assert code == 0, out
    assert "6 people and 6 weeks" in out
    assert (target / "index.md").is_file()
    assert sorted(p.name for p in (target / "people").iterdir())[:2] == [
        "obrien-bee-bold-x-1-a.md",
        "person-3e3e3e.md",
    ]
    assert (target / "weeks" / "2026-W47.md").is_file()
    assert stat.S_IMODE((target / "people").stat().st_mode) == 0o700


def test_the_output_rule() -> None:
    assert target_kind(None) == "stdout"
    assert target_kind("-") == "stdout"
    assert target_kind("x.md") == "file"
    assert target_kind("x.markdown") == "file"
    assert target_kind("x") == "folder"
    assert target_kind("x/") == "folder"
    with pytest.raises(ValidationError, match="-o needs a path"):
        target_kind(" ")


def test_export_one_person(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--person", "zoë")
    assert code == 0
    matter, _ = split(out)
    assert matter["name"] == "Zoë Ångström"
    code, out, _ = run(capsys, "--person", "Zoë Ångström", "-o", str(tmp_path / "z.md"))
    assert code == 0 and "Zoë Ångström" in out
    assert split((tmp_path / "z.md").read_text("utf-8"))[0]["name"] == "Zoë Ångström"
    code, out, _ = run(capsys, "--person", "李小龙", "-o", str(tmp_path / "vault"))  # archived, into a folder
    assert code == 0
    assert split((tmp_path / "vault" / "people" / "李小龙.md").read_text("utf-8"))[0]["status"] == "archived"


def test_export_one_week(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--week", "2026-W46")
    assert code == 0
    assert out == export.export_week_markdown(reopened(sample), IsoWeek.parse("2026-W46"))
    code, _, _ = run(capsys, "--week", "2026-W46", "-o", str(tmp_path / "weeks-folder"))
    assert code == 0
    assert (
        split((tmp_path / "weeks-folder" / "weeks" / "2026-W46.md").read_text("utf-8"))[0]["week"]
        == "2026-W46"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--week", "2026-W60"], "--week: 2026-W60 does not exist"),
        (["--week", "next week"], "is not a week; try this, last, -2 or 2026-W47"),
        (["--person", "Nobody Here"], "nobody called 'Nobody Here'"),
        (["--person", "Sam"], "matches 2 people"),
    ],
)
def test_bad_input_is_a_clear_error(
    sample: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert message in err and err.startswith("reljournal: ")


def test_person_and_week_together_are_refused(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--person", "Zoë", "--week", "2026-W47"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_folder_of_someone_elses_files_is_refused(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.md").write_text("mine")
    code, _, err = run(capsys, "-o", str(tmp_path))
    assert code == 1 and "already holds other files" in err
    assert (tmp_path / "index.md").read_text() == "mine"
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(capsys, "-o", str(tmp_path / "notes.txt"))
    assert code == 1 and "not a .md file" in err


def test_an_unwritable_target_is_a_clear_error(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    code, out, err = run(capsys, "-o", str(tmp_path / "a-file" / "x.md"))
    assert (code, out) == (1, "")
    assert err.startswith("reljournal: cannot write the export") and "a-file" in err
    code, _, err = run(capsys, "-o", str(tmp_path / "a-file" / "folder"))
    assert code == 1 and "cannot write the export" in err


def test_stdout_never_carries_raw_escape_sequences(
    sample: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "export_all_markdown", lambda journal: "a \x1b]52;c;evil\x07 \x9b31m b\n")
    code, out, _ = run(capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b" in out


def test_an_empty_journal_exports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert split(out)[0]["people_count"] == 0
    code, out, _ = run(capsys, "-o", str(tmp_path / "empty"))
    assert code == 0 and (tmp_path / "empty" / "index.md").is_file()
