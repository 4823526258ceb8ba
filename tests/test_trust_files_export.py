"""Issue 11, files outside the journal: every temp file is created exclusively and never through a
link; export writes only in a folder it made or marked as its own; restore and import read only a
regular file, at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from helpers.cli import cli

from journal.core.model import make_definition, make_touchpoint
from journal.report import export, exportfs
from journal.report.exportfs import MARKER_FILE
from journal.store import safefs
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE


def one_line(err: str) -> str:
    assert err.startswith("reljournal: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    return err


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def sample(data_dir: Path) -> Journal:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    sam = journal.add_person("Sam Lee", make_definition(why="good questions")).uid
    journal.add_touchpoint(
        make_touchpoint(people=[sam], day="2026-11-19", channel="dm", minutes=5, now=FIXED_NOW)
    )
    return journal


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("someone's own file")
    return path


# -- one writer: exclusive temp files, never through a link -----------------------------------------


@pytest.mark.parametrize("command", ["export", "backup"])
def test_a_link_planted_at_the_temp_name_is_never_followed(
    capsys: pytest.CaptureFixture[str], sample: Journal, tmp_path: Path, victim: Path, command: str
) -> None:
    target = tmp_path / ("F.md" if command == "export" else "F.json")
    planted = tmp_path / f".{target.name}.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    code, _, err = cli(capsys, command, "-o", str(target))
    assert code == 0, err
    assert victim.read_text() == "someone's own file"
    assert target.is_file() and not target.is_symlink() and target.stat().st_mode & 0o777 == 0o600
    assert planted.is_symlink()  # left as it was: not ours to remove


def test_the_journals_own_write_never_follows_a_planted_temp_link(
    sample: Journal, data_dir: Path, victim: Path
) -> None:
    (data_dir / f".{JOURNAL_FILE}.{os.getpid()}.tmp").symlink_to(victim)
    sample.add_person("Robin", make_definition(why="kind"))
    assert victim.read_text() == "someone's own file"
    assert "Robin" in [p.name for p in Journal.open(data_dir).people()]


@pytest.mark.parametrize("command", ["export", "backup"])
def test_a_target_that_is_a_link_is_refused(
    capsys: pytest.CaptureFixture[str], sample: Journal, tmp_path: Path, victim: Path, command: str
) -> None:
    target = tmp_path / ("F.md" if command == "export" else "F.json")
    target.symlink_to(victim)
    code, _, err = cli(capsys, command, "-o", str(target))
    assert code == 1 and "is a symbolic link" in one_line(err)
    assert victim.read_text() == "someone's own file" and target.is_symlink()


def test_the_writer_keeps_old_or_new_under_kill_9(tmp_path: Path) -> None:
    """A writer killed at random moments leaves the old bytes or the new ones, never a mix."""
    target = tmp_path / "F.md"
    old, new = b"old\n" * 200_000, b"new\n" * 200_000
    script = (
        "import sys\nfrom pathlib import Path\nfrom journal.store.safefs import write_private_file\n"
        "print('go', flush=True)\nwhile True:\n"
        "    write_private_file(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]) * 200_000)\n"
    )
    for round_ in range(12):
        target.write_bytes(old)
        writer = subprocess.Popen(
            [sys.executable, "-c", script, str(target), b"new\n".hex()], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "go\n"
        subprocess.run(["sleep", f"{0.002 * round_:.3f}"], check=True)
        writer.kill()
        writer.wait()
        assert target.read_bytes() in (old, new)


# -- export folders: only one it made or marked -----------------------------------------------------


@pytest.mark.parametrize("subfolder", ["people", "weeks"])
def test_a_folder_holding_only_someones_people_or_weeks_is_refused(
    capsys: pytest.CaptureFixture[str], sample: Journal, tmp_path: Path, subfolder: str
) -> None:
    notes = tmp_path / "notes"
    (notes / subfolder).mkdir(parents=True)
    (notes / subfolder / "sam-lee.md").write_text("my own notes about Sam")
    (notes / subfolder / "2026-W47.md").write_text("my week")
    before = tree(notes)
    code, _, err = cli(capsys, "export", "-o", str(notes))
    assert code == 1 and "already holds other files" in one_line(err) and "new or empty folder" in err
    assert tree(notes) == before and not (notes / MARKER_FILE).exists()


def test_an_empty_existing_folder_is_adopted_and_marked(sample: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir()
    export.export_to_folder(sample, folder)
    assert (folder / MARKER_FILE).read_bytes() == exportfs.MARKER_TEXT
    export.export_to_folder(sample, folder)  # marked: exporting again is fine


def test_an_earlier_export_without_a_marker_is_adopted(sample: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "old-export"
    export.export_to_folder(sample, folder)
    (folder / MARKER_FILE).unlink()  # as an export made before markers existed
    export.export_to_folder(sample, folder)
    assert (folder / MARKER_FILE).is_file()


@pytest.mark.parametrize("subfolder", ["people", "weeks"])
def test_a_linked_subfolder_is_refused_and_nothing_goes_through_it(
    capsys: pytest.CaptureFixture[str], sample: Journal, tmp_path: Path, subfolder: str
) -> None:
    folder = tmp_path / "export"
    export.export_to_folder(sample, folder)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sam-lee.md").write_text("not an export")
    (elsewhere / "2026-W47.md").write_text("not an export")
    (folder / subfolder).rename(tmp_path / "moved")
    (folder / subfolder).symlink_to(elsewhere)
    code, _, err = cli(capsys, "export", "-o", str(folder))
    assert code == 1 and f"{folder / subfolder} is a symbolic link" in one_line(err)
    assert tree(elsewhere) == {"2026-W47.md": b"not an export", "sam-lee.md": b"not an export"}


def test_a_linked_file_inside_the_export_is_refused(sample: Journal, tmp_path: Path, victim: Path) -> None:
    folder = tmp_path / "export"
    export.export_to_folder(sample, folder)
    (folder / "index.md").unlink()
    (folder / "index.md").symlink_to(victim)
    with pytest.raises(export.ExportError, match="is a symbolic link"):
        export.export_to_folder(sample, folder)
    assert victim.read_text() == "someone's own file"


def test_a_linked_export_folder_is_refused(sample: Journal, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(export.ExportError, match="is a symbolic link"):
        export.export_to_folder(sample, tmp_path / "link")
    assert list(real.iterdir()) == []


def test_one_person_into_someones_folder_is_refused(
    capsys: pytest.CaptureFixture[str], sample: Journal, tmp_path: Path
) -> None:
    (tmp_path / "notes" / "people").mkdir(parents=True)
    (tmp_path / "notes" / "people" / "sam-lee.md").write_text("mine")
    code, _, err = cli(capsys, "export", "--person", "Sam Lee", "-o", str(tmp_path / "notes"))
    assert code == 1 and "already holds other files" in one_line(err)
    assert (tmp_path / "notes" / "people" / "sam-lee.md").read_text() == "mine"


# -- restore and import read a regular file, at once ------------------------------------------------


def _not_regular(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"source-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "device":
        return Path("/dev/zero")  # reading it would never end
    elif kind == "link":
        (tmp_path / "real.json").write_text("{}")
        path.symlink_to(tmp_path / "real.json")
    return path


@pytest.mark.parametrize("command", ["restore", "import"])
@pytest.mark.parametrize("kind", ["fifo", "folder", "socket", "device", "link"])
def test_restore_and_import_refuse_what_is_not_a_regular_file_at_once(
    sample: Journal, data_dir: Path, tmp_path: Path, command: str, kind: str
) -> None:
    source = _not_regular(kind, tmp_path)
    before = (data_dir / JOURNAL_FILE).read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "journal", "--data-dir", str(data_dir), command, str(source)],
        capture_output=True,
        text=True,
        timeout=30,  # a FIFO used to hang here forever
        check=False,
    )
    assert done.returncode == 1 and "not a regular file" in one_line(done.stderr)
    assert "name the backup file itself" in done.stderr
    assert (data_dir / JOURNAL_FILE).read_bytes() == before


@pytest.mark.parametrize("command", ["restore", "import"])
def test_an_empty_or_huge_source_is_refused(
    capsys: pytest.CaptureFixture[str],
    sample: Journal,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    before = (data_dir / JOURNAL_FILE).read_bytes()
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    code, _, err = cli(capsys, command, str(empty))
    assert code == 1 and "is empty" in one_line(err)
    monkeypatch.setattr(safefs, "MAX_READ_BYTES", 1000)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 2000)
    code, _, err = cli(capsys, command, str(huge))
    assert code == 1 and "larger than any journal" in one_line(err)
    assert (data_dir / JOURNAL_FILE).read_bytes() == before


def test_restore_never_replaces_a_journal_that_is_not_a_regular_file(
    capsys: pytest.CaptureFixture[str], sample: Journal, data_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "good.json"
    backup.write_bytes((data_dir / JOURNAL_FILE).read_bytes())
    (data_dir / JOURNAL_FILE).unlink()
    os.mkfifo(data_dir / JOURNAL_FILE)
    code, _, err = cli(capsys, "restore", str(backup))  # reading the FIFO to keep a copy would hang
    assert code == 1 and "nothing was restored" in one_line(err) and "FIFO" in err
