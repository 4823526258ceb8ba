"""The mirror (journal.report.mirror, ``reljournal mirror``): a folder export kept in step with every
change, rewriting only files whose bytes change, always equal to a full export; off works; bad folders
refused; a failing mirror never loses the write; settings in the user's config folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest
from helpers.cli import cli

from journal.report import export
from journal.report.exportfs import MARKER_FILE
from journal.store import config
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER_FILE
    }


def _stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.md")}


def _as_full_export(data_dir: Path) -> dict[str, bytes]:
    return {k: v.encode() for k, v in export.export_files(Journal.open(data_dir)).items()}


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    for name in ("Sam Lee", "Kim"):
        assert cli(capsys, "follow", name, "--why", "a friend")[0] == 0
    for day, who in (("2026-11-02", "Sam"), ("2026-11-10", "Kim"), ("2026-11-11", "Sam")):
        assert (
            cli(capsys, "log", who, "--channel", "call", "--minutes", "20", "--date", day, "a call")[0] == 0
        )
    return data_dir


def test_mirror_on_exports_now_and_says_where_and_when(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "vault" / "reljournal"
    code, out, err = cli(capsys, "mirror", str(target))
    assert code == 0, err
    assert f"Mirroring into {target}" in out and _files(target) == _as_full_export(pond)
    code, out, _ = cli(capsys, "mirror")
    assert code == 0 and f"Mirroring into {target}; last updated 20" in out
    settings = config.settings_path()
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert orjson.loads(settings.read_bytes())["mirrors"][str(pond)]["folder"] == str(target)


def test_a_change_rewrites_only_the_files_whose_bytes_change(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mirror"
    assert cli(capsys, "mirror", str(target))[0] == 0
    before, stamps = _files(target), _stamps(target)
    for path in target.rglob("*.md"):  # back-date every file, so that a rewrite shows
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    stamps = _stamps(target)
    code, _, err = cli(
        capsys, "log", "Kim", "--channel", "dm", "--minutes", "5", "--date", "2026-11-12", "hi"
    )
    assert code == 0 and err == ""
    after = _files(target)
    assert after == _as_full_export(pond)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and changed <= {"index.md", "weeks/2026-W46.md"} | {
        n for n in after if n.startswith("people/kim")
    }
    touched = {name for name, ns in _stamps(target).items() if ns != stamps.get(name)}
    assert touched == changed  # nothing else was rewritten


@pytest.mark.parametrize(
    "steps",
    [
        [("edit-date",)],
        [("delete",)],
        [("review",)],
        [("rename",)],
        [("unfollow",)],
        [("delete",), ("delete",), ("delete",)],  # every week note goes
    ],
)
def test_the_mirror_always_equals_a_full_export(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path, steps: list[tuple[str]]
) -> None:
    target = tmp_path / "mirror"
    assert cli(capsys, "mirror", str(target))[0] == 0
    for (step,) in steps:
        journal = Journal.open(pond)
        newest = journal.entries()[0] if journal.entries() else None
        journal.close()
        if step == "edit-date" and newest is not None:
            args = ["edit", newest.uid[:8], "--date", "2026-10-05"]
        elif step == "delete" and newest is not None:
            args = ["delete", newest.uid[:8], "--yes"]
        elif step == "review":
            args = ["review", "--week", "2026-W46"]
        elif step == "rename":
            args = ["follow", "Ana", "--why", "new"]
        else:
            args = ["unfollow", "Kim"]
        code, _, err = cli(capsys, *args)
        assert code == 0, err
        assert err == ""
        assert _files(target) == _as_full_export(pond), step


def test_mirror_off_stops_updates_and_keeps_the_files(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mirror"
    assert cli(capsys, "mirror", str(target))[0] == 0
    code, out, _ = cli(capsys, "mirror", "--off")
    assert code == 0 and "The mirror is off" in out
    before = _files(target)
    assert cli(capsys, "log", "Kim", "--channel", "dm", "--minutes", "5", "later")[0] == 0
    assert _files(target) == before
    code, out, _ = cli(capsys, "mirror")
    assert out.startswith("The mirror is off")
    assert cli(capsys, "mirror", "--off")[1].startswith("The mirror was already off")


def test_folders_the_mirror_may_not_write_in_are_refused(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "my-notes"
    notes.mkdir()
    (notes / "diary.md").write_text("mine")
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    for folder, says in (
        (notes, "already holds other files"),
        (tmp_path / "link", "symbolic link"),
        (pond, "journal itself"),
    ):
        code, out, err = cli(capsys, "mirror", str(folder))
        assert code == 1 and says in err and out == "", err
    assert not config.settings_path().exists() and list(real.iterdir()) == []
    assert (notes / "diary.md").read_text() == "mine" and sorted(os.listdir(notes)) == ["diary.md"]


def test_a_failing_mirror_never_loses_the_write(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mirror"
    assert cli(capsys, "mirror", str(target))[0] == 0
    (target / "weeks").rename(tmp_path / "weeks-aside")
    (target / "weeks").symlink_to(tmp_path / "weeks-aside")  # something put a link in the mirror
    code, out, err = cli(capsys, "log", "Kim", "--channel", "dm", "--minutes", "5", "still saved")
    assert code == 0 and "Logged" in out
    assert err.startswith("reljournal: the change is saved, but the mirror in") and err.count("\n") == 1
    assert any(tp.note == "still saved" for tp in Journal.open(pond).entries())


def test_settings_keep_unknown_keys_and_a_broken_file_is_named_not_rewritten(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    settings = config.settings_path()
    settings.parent.mkdir(parents=True)
    settings.write_bytes(b'{"theme": "dusk"}')
    assert cli(capsys, "mirror", str(tmp_path / "mirror"))[0] == 0
    assert orjson.loads(settings.read_bytes())["theme"] == "dusk"
    settings.write_bytes(b'{"mirrors": []}')
    code, _, err = cli(capsys, "people")
    assert code == 0 and "the mirror is not kept up to date" in err and str(settings) in err
    code, _, err = cli(capsys, "mirror", "--off")
    assert code == 1 and "cannot be used" in err and settings.read_bytes() == b'{"mirrors": []}'


def test_the_config_folder_is_the_tests_own(pond: Path) -> None:
    assert config.config_dir().name == "reljournal-config"
    assert not (pond / JOURNAL_FILE).is_relative_to(config.config_dir())


def test_import_and_restore_bring_the_mirror_in_step(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mirror"
    saved = tmp_path / "saved.json"
    assert cli(capsys, "backup", "-o", str(saved))[0] == 0
    rolling = sorted((pond / "backups").glob("journal-*.json"))[-1]
    assert cli(capsys, "mirror", str(target))[0] == 0
    assert cli(capsys, "follow", "Ana", "--why", "new")[0] == 0
    code, _, err = cli(capsys, "import", "--replace", str(saved))
    assert code == 0 and err == "" and _files(target) == _as_full_export(pond)
    assert not any("ana" in name for name in _files(target))  # the note of someone gone is removed
    code, _, err = cli(capsys, "restore", str(rolling))
    assert code == 0, err
    assert _files(target) == _as_full_export(pond)
