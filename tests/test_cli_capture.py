"""Capture and find from the shell: spoken dates and durations, defaults, questions on a terminal,
the editor, edit and delete by short id, show (issue 13)."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.cli import cli

from journal.cli import capture, terminal
from journal.store.journal import Journal


def _touchpoints(data_dir: Path) -> list:  # type: ignore[type-arg]
    return Journal.open(data_dir).entries()


@pytest.fixture
def sam(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert cli(capsys, "follow", "Sam Lee", "--why", "we climb", "--channel", "video")[0] == 0
    return data_dir


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pretend a person is at the terminal; answers are queued in the returned list."""
    answers: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(terminal, "interactive", lambda: True)
    monkeypatch.setattr(capture, "interactive", lambda: True)

    def answer(question: str = "") -> str:
        asked.append(question)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr("builtins.input", answer)
    return answers


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, status: int = 0) -> Path:
    """An $EDITOR that appends ``body`` to the file it is given and records what it was shown."""
    seen = tmp_path / "seen.txt"
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\ncp \"$1\" {seen}\nprintf '%s' '{body}' >> \"$1\"\nexit {status}\n")
    script.chmod(0o700)
    monkeypatch.setenv("VISUAL", str(script))
    return seen


def test_log_takes_spoken_dates_and_durations_and_the_preferred_channel(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    code, out, err = cli(capsys, "log", "sam", "--minutes", "1h30", "--date", "yesterday", "dinner")
    assert code == 0, err
    (tp,) = _touchpoints(sam)
    assert tp.minutes == 90 and tp.day == date.today() - timedelta(days=1) and tp.channel.value == "video"
    assert "1h 30m video call" in out


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--minutes", "half"], "--minutes: 'half' is not a length of time; try 30, 45m"),
        (["--minutes", "25h"], "--minutes: 1500 is more than a day"),
        (["--minutes", "5", "--date", "tomorrowish"], "--date: 'tomorrowish' is not a date"),
        (["--minutes", "5", "--date", "2999-01-01"], "--date: 2999-01-01 is in the future"),
        (["--minutes", "5", "--date", "feb 30"], "is not a real date"),
    ],
)
def test_bad_spoken_values_are_refused_naming_the_flag(
    capsys: pytest.CaptureFixture[str], sam: Path, flags: list[str], message: str
) -> None:
    code, _, err = cli(capsys, "log", "sam", *flags, "")
    assert code == 1 and message in err
    assert _touchpoints(sam) == []


def test_without_a_terminal_what_is_missing_is_refused_with_the_flag_to_add(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert cli(capsys, "follow", "Ana", "--why", "x")[0] == 0  # no preferred channel
    code, _, err = cli(capsys, "log", "ana", "--minutes", "5", "")
    assert code == 1 and "channel is missing; add --channel call" in err
    code, _, err = cli(capsys, "log", "ana", "--channel", "dm", "")
    assert code == 1 and "minutes is missing; add --minutes 30" in err and "log ana --minutes 30" in err
    assert _touchpoints(data_dir) == []


def test_on_a_terminal_what_is_missing_is_asked_until_it_is_right(
    capsys: pytest.CaptureFixture[str], data_dir: Path, at_terminal: list[str]
) -> None:
    assert cli(capsys, "follow", "Ana", "--why", "x")[0] == 0
    at_terminal.extend(["phone", "call", "an hour", "1h"])
    code, out, err = cli(capsys, "log", "ana", "")
    assert code == 0, err
    (tp,) = _touchpoints(data_dir)
    assert tp.channel.value == "call" and tp.minutes == 60
    assert "one of reaction, comment" in out and "not a length of time" in out


def test_an_empty_answer_gives_up_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], sam: Path, at_terminal: list[str]
) -> None:
    at_terminal.append("")
    code, _, err = cli(capsys, "log", "sam", "")
    assert code == 1 and "nothing was saved" in err
    assert _touchpoints(sam) == []


def test_logging_to_someone_let_go_says_so_and_offers_to_follow_again(
    capsys: pytest.CaptureFixture[str], sam: Path, at_terminal: list[str]
) -> None:
    assert cli(capsys, "unfollow", "sam")[0] == 0
    at_terminal.append("y")
    code, out, err = cli(capsys, "log", "sam", "--minutes", "5", "hi")
    assert code == 0 and "You let Sam Lee go on" in err and "Following Sam Lee again" in out
    assert Journal.open(sam).find_person("sam").following


def test_logging_to_someone_let_go_in_a_script_logs_and_says_so(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    assert cli(capsys, "unfollow", "sam")[0] == 0
    code, _, err = cli(capsys, "log", "sam", "--minutes", "5", "hi")
    assert code == 0 and "You let Sam Lee go on" in err
    journal = Journal.open(sam)
    assert not journal.find_person("sam").following and len(journal.entries()) == 1


def test_no_note_on_a_terminal_opens_the_editor_on_a_private_file_in_the_data_folder(
    capsys: pytest.CaptureFixture[str],
    sam: Path,
    at_terminal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _editor(tmp_path, monkeypatch, "# A heading I wrote\nWe talked for ages.")
    code, _, err = cli(capsys, "log", "sam", "--minutes", "30")
    assert code == 0, err
    (tp,) = _touchpoints(sam)
    assert tp.note == "# A heading I wrote\nWe talked for ages."  # only the template's lines go
    assert "# Note on" in seen.read_text() and "Sam Lee" in seen.read_text()
    assert not list(sam.glob("note-*.md"))  # removed once saved


def test_an_empty_note_from_the_editor_saves_nothing_and_says_so(
    capsys: pytest.CaptureFixture[str],
    sam: Path,
    at_terminal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _editor(tmp_path, monkeypatch, "   ")
    code, out, _ = cli(capsys, "log", "sam", "--minutes", "30")
    assert code == 1 and "nothing was logged" in out
    assert _touchpoints(sam) == [] and not list(sam.glob("note-*.md"))


def test_a_failed_editor_keeps_the_file_and_names_it(
    capsys: pytest.CaptureFixture[str],
    sam: Path,
    at_terminal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _editor(tmp_path, monkeypatch, "precious words", status=3)
    code, _, err = cli(capsys, "log", "sam", "--minutes", "30")
    (kept,) = sam.glob("note-*.md")
    assert code == 1 and str(kept) in err and "status 3" in err
    assert "precious words" in kept.read_text() and stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_failed_save_keeps_the_note_file_and_names_it(
    capsys: pytest.CaptureFixture[str],
    sam: Path,
    at_terminal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _editor(tmp_path, monkeypatch, "precious words")

    def refuse(self: Journal, touchpoint: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "add_touchpoint", refuse)
    code, _, err = cli(capsys, "log", "sam", "--minutes", "30")
    (kept,) = sam.glob("note-*.md")
    assert code == 1 and "No space left on device" in err and str(kept) in err
    assert "precious words" in kept.read_text()


def test_edit_and_delete_by_short_id(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    assert cli(capsys, "log", "sam", "--minutes", "30", "first")[0] == 0
    (tp,) = _touchpoints(sam)
    code, out, err = cli(
        capsys, "edit", tp.uid[:7], "--minutes", "1h", "--date", "2 days ago", "--note", "new"
    )
    assert code == 0, err
    (edited,) = _touchpoints(sam)
    assert (edited.minutes, edited.note, edited.day) == (60, "new", date.today() - timedelta(days=2))
    assert edited.created_at == tp.created_at and edited.uid == tp.uid
    code, _, err = cli(capsys, "delete", tp.uid[:7])
    assert code == 1 and "--yes" in err and len(_touchpoints(sam)) == 1
    code, out, _ = cli(capsys, "delete", tp.uid[:7], "--yes")
    assert code == 0 and "Deleted" in out and _touchpoints(sam) == []


def test_edit_with_no_flags_opens_the_note_in_the_editor(
    capsys: pytest.CaptureFixture[str],
    sam: Path,
    at_terminal: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cli(capsys, "log", "sam", "--minutes", "30", "first")[0] == 0
    (tp,) = _touchpoints(sam)
    seen = _editor(tmp_path, monkeypatch, "and more")
    assert cli(capsys, "edit", tp.uid)[0] == 0
    assert "first" in seen.read_text()
    assert _touchpoints(sam)[0].note.replace("\n", "") == "firstand more"


def test_edit_with_no_flags_in_a_script_says_what_to_give(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    assert cli(capsys, "log", "sam", "--minutes", "30", "first")[0] == 0
    code, _, err = cli(capsys, "edit", _touchpoints(sam)[0].uid)
    assert code == 1 and "--minutes" in err and "--note" in err


def test_an_id_prefix_that_fits_two_is_refused_naming_both(
    capsys: pytest.CaptureFixture[str], sam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uids = iter(["abc1230000000000000000000000000a", "abc1239999999999999999999999999b"])
    monkeypatch.setattr(capture, "new_uid", lambda: next(uids))
    for note in ("one", "two"):
        assert cli(capsys, "log", "sam", "--minutes", "5", note)[0] == 0
    code, _, err = cli(capsys, "delete", "abc", "--yes")
    assert code == 1 and "fits 2 touchpoints" in err and "abc1230, abc1239" in err
    code, _, err = cli(capsys, "delete", "zzz", "--yes")
    assert code == 1 and "no touchpoint has the id zzz" in err
    assert len(_touchpoints(sam)) == 2


def test_show_tells_what_the_relationship_means_and_its_evidence(
    capsys: pytest.CaptureFixture[str], sam: Path
) -> None:
    assert cli(capsys, "log", "sam", "--minutes", "45", "--tag", "gym", "bouldering [b]x[/b]")[0] == 0
    code, out, _ = cli(capsys, "show", "sam")
    assert code == 0
    assert "Why you follow them: we climb" in out and "Depth:" in out and "45m over 1 touchpoint" in out
    assert "Recent touchpoints (1 of 1)" in out and "#gym" in out and "[b]x[/b]" in out


def test_review_and_export_take_spoken_weeks(capsys: pytest.CaptureFixture[str], sam: Path) -> None:
    code, out, _ = cli(capsys, "review", "--week", "last")
    assert code == 0 and out.startswith("Week ")
    code, out, _ = cli(capsys, "export", "--week", "-2")
    assert code == 0 and "week" in out.lower()
    code, _, err = cli(capsys, "review", "--week", "soon")
    assert code == 1 and "try this, last, -2 or 2026-W47" in err
