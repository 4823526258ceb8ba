"""The command line as a new user would try it: every command works, and every bad input exits non-zero
with exactly one line on stderr, no traceback, and the journal byte-identical."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from helpers.cli import cli

from journal import __version__
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE
from journal.store.schema import SCHEMA_VERSION


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str | bytes, stdin: bytes | None = None) -> Done:
    """The real ``reljournal`` in a child process (the data dir comes from RELJOURNAL_DATA_DIR)."""
    proc = subprocess.run(
        [sys.executable, "-m", "journal", *args], input=stdin, capture_output=True, timeout=60, check=False
    )
    return Done(proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err and "\x1b" not in err
    return err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the data dir with its bytes (a refused command must change none of them)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    """A journal with three people and one touchpoint, made through the CLI."""
    for name in ("Sam Lee", "Samantha", "Robin"):
        assert cli(capsys, "follow", name, "--why", f"I want to hear {name}")[0] == 0
    assert cli(capsys, "log", "robin", "--channel", "call", "--minutes", "20")[0] == 0
    return data_dir


# -- basics, in a real process -------------------------------------------------------------------


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"reljournal {__version__}"
    helped = run("--help")
    assert helped.returncode == 0 and helped.stderr == ""
    for command in ("follow", "unfollow", "people", "cap", "log", "backup", "import", "restore", "doctor"):
        assert command in helped.stdout
    log_help = run("log", "--help")
    assert log_help.returncode == 0 and "--with" in log_help.stdout and "stdin" in log_help.stdout


def test_data_dir_flag_and_environment(tmp_path: Path, data_dir: Path) -> None:
    flagged = tmp_path / "flagged"
    assert run("--data-dir", str(flagged), "follow", "Sam", "--why", "x").returncode == 0
    assert (flagged / JOURNAL_FILE).exists() and not data_dir.exists()
    assert run("follow", "Robin", "--why", "y").returncode == 0  # RELJOURNAL_DATA_DIR from the env
    assert "Robin" in run("people").stdout and "Sam" not in run("people").stdout
    assert "Sam" in run("--data-dir", str(flagged), "people").stdout


def test_a_note_from_stdin(pond: Path) -> None:
    note = "Long talk about [bold]the move[/].\n\n- 李 🌊\n- second point\n" + "x" * 200_000
    done = run("log", "Sam Lee", "--channel", "video", "--minutes", "45", "-", stdin=note.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged 45m video call with Sam Lee")
    (tp,) = Journal.open(pond).entries_for(Journal.open(pond).find_person("Sam Lee").uid)
    assert tp.note == note.strip()


def test_stdin_that_is_not_utf8_is_refused(pond: Path) -> None:
    before = snapshot(pond)
    done = run("log", "Robin", "--channel", "dm", "--minutes", "5", "-", stdin=b"caf\xe9 \xff")
    assert done.returncode == 1 and "UTF-8" in one_line_error(done.stderr)
    assert snapshot(pond) == before


def test_argv_that_is_not_utf8_is_refused_cleanly(pond: Path) -> None:
    before = snapshot(pond)
    for args in (
        [b"follow", b"Bad\xffName", b"--why", b"x"],
        [b"log", b"Robin", b"--channel", b"dm", b"--minutes", b"5", b"caf\xe9"],
        [b"unfollow", b"\xff"],
    ):
        done = run(*args)
        assert done.returncode == 1, done
        assert "UTF-8" in one_line_error(done.stderr) or "nobody called" in done.stderr
    assert snapshot(pond) == before


# -- the pond ------------------------------------------------------------------------------------


def test_follow_people_unfollow(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    code, out, _ = cli(capsys, "follow", "[bold]Kim[/]", "--why", "she builds synths", "--cadence", "monthly")
    assert code == 0 and out == "Following [bold]Kim[/] (4/15).\n"
    code, out, _ = cli(capsys, "people")
    assert code == 0 and out.splitlines()[0] == "Pond 4/15"
    assert "[bold]Kim[/]" in out and "not yet" in out and "Robin" in out and "today" in out
    code, out, _ = cli(capsys, "unfollow", "[BOLD]kim[/]", "--note", "we drifted")
    assert code == 0 and "their history is kept (3/15)" in out
    code, out, _ = cli(capsys, "people", "--archived")
    assert "[bold]Kim[/]" in out and "archived" in out and "Robin" not in out
    code, out, _ = cli(capsys, "people", "--all")
    assert "[bold]Kim[/]" in out and "Robin" in out
    code, out, _ = cli(capsys, "follow", "[bold]kim[/]")  # an archived person comes back without --why
    assert code == 0 and "again (4/15)" in out
    assert Journal.open(pond).find_person("[bold]kim[/]").following


def test_people_on_an_empty_journal(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = cli(capsys, "people")
    assert code == 0 and "nobody yet" in out
    assert not data_dir.exists()  # reading creates nothing


def test_a_full_pond_says_to_let_someone_go(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    assert cli(capsys, "cap", "3")[0] == 0
    before = snapshot(pond)
    code, _, err = cli(capsys, "follow", "Kim", "--why", "x")
    assert code == 1 and "let someone go" in one_line_error(err)
    assert snapshot(pond) == before


def test_cap(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    assert cli(capsys, "cap")[1] == "Pond 3/15\n"
    code, out, _ = cli(capsys, "cap", "5")
    assert code == 0 and "Pond cap is now 5" in out
    assert Journal.open(pond).pond_cap == 5


# -- log -----------------------------------------------------------------------------------------


def test_log_with_several_people_and_a_note_after_the_options(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    code, out, err = cli(
        capsys,
        "log", "SAM LEE", "--with", "robin", "--with", "samantha", "--channel", "in-person", "--minutes", "90",
        "--initiated", "them", "--felt", "genuine", "--closeness", "4", "--date", "2026-01-15",
        "--tag", "dinner", "--tag", "#Family", "Dinner at [red]Robin's[/]",
    )  # fmt: skip
    assert code == 0, err
    assert out == (
        "Logged 1h 30m in person with Sam Lee, Robin, Samantha on 2026-01-15 (genuine, they reached out).\n"
    )
    journal = Journal.open(pond)
    (tp,) = [t for t in journal.entries() if t.minutes == 90]
    assert [journal.person(uid).name for uid in tp.people] == ["Sam Lee", "Robin", "Samantha"]
    assert (tp.note, tp.tags, tp.closeness, tp.day.isoformat()) == (
        "Dinner at [red]Robin's[/]",
        ("dinner", "family"),
        4,
        "2026-01-15",
    )


@pytest.mark.parametrize(
    ("initiated", "words"), [("me", "you reached out"), ("them", "they reached out"), ("mutual", "mutual")]
)
def test_log_says_who_reached_out_naturally(
    capsys: pytest.CaptureFixture[str], pond: Path, initiated: str, words: str
) -> None:
    code, out, _ = cli(capsys, "log", "Robin", "--channel", "dm", "--minutes", "5", "--initiated", initiated)
    assert code == 0 and out.rstrip().endswith(f"(genuine, {words}).")
    assert "initiated by" not in out


def test_log_an_automated_touchpoint(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    code, out, _ = cli(
        capsys, "log", "Robin", "note first", "--channel", "email", "--minutes", "0", "--felt", "automated"
    )
    assert code == 0 and "not counted as depth" in out
    (automated,) = [tp for tp in Journal.open(pond).entries() if not tp.counts_as_contact]
    assert automated.note == "note first" and automated.minutes == 0


# -- every bad input: one line, non-zero, nothing changed ----------------------------------------

BAD_INPUTS = [
    ["follow", "", "--why", "x"],
    ["follow", "   ", "--why", "x"],
    ["follow", "Robin", "--why", "x"],
    ["follow", "  ROBIN ", "--why", "x"],
    ["follow", "Newcomer"],
    ["follow", "Newcomer", "--why", "   "],
    ["follow", "x" * 81, "--why", "x"],
    ["follow", "\x1b[31mEvil", "--why", "x"],
    ["follow", "Evil\u202eName", "--why", "x"],
    ["follow", "Newcomer", "--why", "title\x1b]0;pwned\x07"],
    ["follow", "Newcomer", "--why", "x", "--cadence", "daily"],
    ["follow", "Newcomer", "--why", "x", "--channel", "fax"],
    ["unfollow", "Nobody"],
    ["unfollow", "sa"],
    ["unfollow", "Robin", "--note", "bell\x07"],
    ["log", "Robin", "--channel", "call", "--minutes", "-5"],
    ["log", "Robin", "--channel", "call", "--minutes", "abc"],
    ["log", "Robin", "--channel", "call", "--minutes", "99999"],
    ["log", "Robin", "--channel", "call", "--minutes", "1e3"],
    ["log", "Robin", "--channel", "call", "--minutes", "9" * 5000],
    ["log", "Robin", "--channel", "call", "--minutes", "٣٠"],
    ["log", "Robin", "--channel", "pigeon", "--minutes", "5"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--date", "2026-02-30"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--date", "2999-01-01"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--date", "tomorrow"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--felt", "sad"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--initiated", "nobody"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--closeness", "7"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "--tag", "two words"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "note with \x1b[2J"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "x" * 2_000_001],
    ["log", "Nobody", "--channel", "call", "--minutes", "5"],
    ["log", "sa", "--channel", "call", "--minutes", "5"],
    ["log", "Robin", "--with", "ROBIN", "--channel", "call", "--minutes", "5"],
    ["log", "Robin", "--with", "Nobody", "--channel", "call", "--minutes", "5"],
    ["log", "Robin", "--channel", "call"],
    ["log", "Robin", "--minutes", "5"],
    ["log", "--channel", "call", "--minutes", "5"],
    ["log", "Robin", "--channel", "call", "--minutes", "5", "one note", "two notes"],
    ["cap", "0"],
    ["cap", "2"],
    ["cap", "151"],
    ["cap", "abc"],
    ["cap", "²"],
    ["cap", "-3"],
    ["cap", "9" * 5000],
    ["import", "/nonexistent/backup.json"],
    ["backup", "-o", "/nonexistent/dir/backup.json"],
    ["restore", "/nonexistent/journal.json"],
    ["bogus"],
    ["people", "--bogus"],
    ["--data-dir"],
]


@pytest.mark.parametrize("args", BAD_INPUTS, ids=lambda a: " ".join(a)[:60].encode("unicode_escape").decode())
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], pond: Path, args: list[str]
) -> None:
    before = snapshot(pond)
    code, _, err = cli(capsys, *args)
    assert code != 0
    one_line_error(err)
    assert err.startswith("reljournal")
    assert len(err) < 400  # a huge input is not echoed back
    assert snapshot(pond) == before


@pytest.mark.parametrize(
    "args",
    [
        ["log", "Robin", "--channel", "call", "--minutes", "-5"],
        ["follow", "\x1b[31mEvil", "--why", "x"],
        ["log", "Robin", "--channel", "call", "--minutes", "5", "--date", "2026-02-30"],
        ["cap", "0"],
        ["bogus"],
    ],
)
def test_bad_input_in_a_real_process(pond: Path, args: list[str]) -> None:
    before = snapshot(pond)
    done = run(*args)
    assert done.returncode != 0 and done.stdout == ""
    one_line_error(done.stderr)
    assert snapshot(pond) == before


def test_a_corrupt_journal_stops_every_command_with_one_line(
    capsys: pytest.CaptureFixture[str], pond: Path
) -> None:
    path = pond / JOURNAL_FILE
    path.write_bytes(path.read_bytes()[:100])
    before = snapshot(pond)
    for args in (["people"], ["log", "Robin", "--channel", "dm", "--minutes", "1"], ["follow", "K", "--why", "x"],
                 ["cap", "4"], ["backup", "-o", str(pond.parent / "b.json")], ["unfollow", "Robin"]):  # fmt: skip
        code, _, err = cli(capsys, *args)
        assert code == 1 and str(path) in one_line_error(err), args
    assert snapshot(pond) == before
    assert not (pond.parent / "b.json").exists()


def test_output_paths_pass_through_for_terminal(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    target = tmp_path / "evil\x1b[2Jname.json"
    code, out, _ = cli(capsys, "backup", "-o", str(target))
    assert code == 0 and target.exists()
    assert "\x1b" not in out and "\\x1b" in out


# -- backup, import, restore, doctor -------------------------------------------------------------


def test_backup_import_round_trip(capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, _ = cli(capsys, "backup", "-o", str(first))
    assert code == 0 and "3 people, 1 touchpoints and 0 reviews" in out
    assert first.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh"
    code, out, _ = cli(capsys, "--data-dir", str(fresh), "import", str(first))
    assert code == 0 and "Imported 3 people, 1 touchpoints and 0 reviews" in out
    assert cli(capsys, "--data-dir", str(fresh), "backup", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert cli(capsys, "backup", "-o", str(tmp_path))[0] == 0  # a folder gets a dated file name
    assert len(list(tmp_path.glob("reljournal-backup-*.json"))) == 1


def test_backup_refuses_to_overwrite_the_journal(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    before = snapshot(pond)
    code, _, err = cli(capsys, "backup", "-o", str(pond / JOURNAL_FILE))
    assert code == 1 and "journal itself" in one_line_error(err)
    assert snapshot(pond) == before


def test_import_into_a_journal_with_data_needs_replace_and_keeps_a_copy(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    assert cli(capsys, "--data-dir", str(other), "follow", "Kim", "--why", "x")[0] == 0
    backup = tmp_path / "kim.json"
    assert cli(capsys, "--data-dir", str(other), "backup", "-o", str(backup))[0] == 0

    before = snapshot(pond)
    code, _, err = cli(capsys, "import", str(backup))
    assert code == 1 and "--replace" in one_line_error(err)
    assert snapshot(pond) == before

    old_journal = (pond / JOURNAL_FILE).read_bytes()
    code, out, _ = cli(capsys, "import", "--replace", str(backup))
    assert code == 0 and "Kept the current journal as" in out
    (kept,) = (pond / BACKUP_DIR).glob("before-import-*.json")
    assert kept.read_bytes() == old_journal and kept.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in Journal.open(pond).people()] == ["Kim"]


def test_import_replace_of_a_bad_file_writes_nothing(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    assert cli(capsys, "backup", "-o", str(bad))[0] == 0
    doc = orjson.loads(bad.read_bytes())
    doc["entries"][0]["minutes"] = "lots"
    bad.write_bytes(orjson.dumps(doc))
    before = snapshot(pond)
    code, _, err = cli(capsys, "import", "--replace", str(bad))
    assert code == 1 and "entries[0].minutes" in one_line_error(err)
    assert snapshot(pond) == before  # not even the "kept copy"


def test_restore_end_to_end(capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path) -> None:
    good = (pond / JOURNAL_FILE).read_bytes()
    for earlier in (pond / BACKUP_DIR).glob("*.json"):  # today's, from the fixture's writes
        earlier.unlink()
    rolling = pond / BACKUP_DIR / "journal-2026-11-19.json"
    rolling.write_bytes(good)
    torn = good[: len(good) // 2]
    (pond / JOURNAL_FILE).write_bytes(torn)

    code, _, err = cli(capsys, "people")
    assert code == 1 and f"reljournal --data-dir {pond} restore {rolling}" in one_line_error(err)

    code, out, _ = cli(capsys, "restore", str(rolling))
    assert code == 0 and "Restored" in out
    assert (pond / JOURNAL_FILE).read_bytes() == good
    (kept,) = (pond / BACKUP_DIR).glob("replaced-*.json")
    assert kept.read_bytes() == torn  # the broken file is kept, never silently lost
    code, out, _ = cli(capsys, "people")
    assert code == 0 and "Robin" in out
    assert cli(capsys, "log", "Robin", "--channel", "dm", "--minutes", "3")[0] == 0


def test_restore_refuses_unreadable_and_backup_format_files(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    export = tmp_path / "full.json"
    assert cli(capsys, "backup", "-o", str(export))[0] == 0
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"{not json")
    newer = tmp_path / "newer.json"
    newer.write_bytes(b'{"meta": {"journal": {"schema_version": 42}}}')
    before = snapshot(pond)
    code, _, err = cli(capsys, "restore", str(export))
    assert code == 1 and "reljournal import --replace" in one_line_error(err)
    code, _, err = cli(capsys, "restore", str(garbage))
    assert code == 1 and "older backup" in one_line_error(err)
    code, _, err = cli(capsys, "restore", str(newer))
    assert code == 1 and "newer reljournal" in one_line_error(err)
    assert snapshot(pond) == before


def test_doctor_on_a_healthy_journal(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    before = snapshot(pond)
    code, out, _ = cli(capsys, "doctor")
    assert code == 0 and out.endswith("Everything looks right.\n")
    assert (
        "every record is valid (3 people, 1 entries, 0 reviews)" in out
        and f"schema version {SCHEMA_VERSION} (current)" in out
    )
    assert snapshot(pond) == before


def test_doctor_on_a_missing_journal(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = cli(capsys, "doctor")
    assert code == 0 and "no journal yet" in out and not data_dir.exists()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("torn", "not valid JSON"),
        ("mode", "chmod 600"),
        ("record", "minutes"),
        ("dangling", "references point at people who are not in the journal"),
        ("people-not-list", "people must be a list"),
    ],
)
def test_doctor_finds_problems_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], pond: Path, damage: str, words: str
) -> None:
    path = pond / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    (entry,) = data["entries"].values()
    if damage == "torn":
        path.write_bytes(path.read_bytes()[:-10])
    elif damage == "mode":
        path.chmod(0o644)
    elif damage == "record":
        entry["minutes"] = -1
    elif damage == "dangling":
        entry["people"] = ["f" * 32]
    elif damage == "people-not-list":
        entry["people"] = 7
    if damage in ("record", "dangling", "people-not-list"):
        path.write_bytes(orjson.dumps(data))
    before = snapshot(pond)
    code, out, err = cli(capsys, "doctor")
    assert code == 1 and err == "" and words in out, out
    assert "!! " in out and out.endswith("problem(s) found.\n")
    assert snapshot(pond) == before


def test_doctor_reports_an_old_schema_as_fine(capsys: pytest.CaptureFixture[str], pond: Path) -> None:
    path = pond / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    del data["meta"]
    path.write_bytes(orjson.dumps(data))
    code, out, _ = cli(capsys, "doctor")
    assert code == 0 and f"schema version 0; it is upgraded to {SCHEMA_VERSION}" in out


def test_restore_refuses_a_backup_of_another_data_dir(
    capsys: pytest.CaptureFixture[str], pond: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    assert cli(capsys, "--data-dir", str(other), "follow", "Kim", "--why", "x")[0] == 0
    (other / BACKUP_DIR).mkdir(mode=0o700)
    foreign = other / BACKUP_DIR / "journal-2026-11-19.json"
    foreign.write_bytes((other / JOURNAL_FILE).read_bytes())
    before = snapshot(pond)
    code, _, err = cli(capsys, "restore", str(foreign))  # into RELJOURNAL_DATA_DIR, not into "other"
    assert code == 1 and f"reljournal --data-dir {other} restore" in one_line_error(err)
    assert snapshot(pond) == before
    code, out, _ = cli(capsys, "--data-dir", str(other), "restore", str(foreign))
    assert code == 0 and "nothing to do" in out


def test_a_disk_error_outside_the_journal_is_one_line(
    capsys: pytest.CaptureFixture[str], pond: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import journal.cli.data as data_module

    def full_disk(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    rolling = pond / BACKUP_DIR / "journal-2026-11-19.json"
    rolling.write_bytes(
        orjson.dumps(orjson.loads((pond / JOURNAL_FILE).read_bytes()), option=orjson.OPT_INDENT_2)
    )
    monkeypatch.setattr(data_module, "write_private_file", full_disk)
    before = snapshot(pond)
    code, _, err = cli(capsys, "restore", str(rolling))
    assert code == 1 and "No space left on device" in one_line_error(err)
    assert snapshot(pond) == before
