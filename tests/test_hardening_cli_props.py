"""Property tests over what people type: random text in every argument of ``reljournal log`` and
``reljournal follow``, random argument lists for every command, random bytes on stdin, and damaged backup
files. Each input is accepted and stored exactly as validation makes it, or refused in one line with
nothing changed; never a traceback, never half an import."""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings, strategies as st

from journal.cli import main
from journal.cli.values import day_from, minutes_from
from journal.core.errors import JournalError
from journal.core.model import (
    ValidationError,
    clean_name,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
    name_key,
)
from journal.store import backup
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE

NOW = datetime(2026, 11, 20, 18, 30)
PROPS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cli(capsys: pytest.CaptureFixture[str], args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``reljournal ARGS`` in this process, with ``stdin`` piped in: (exit code, stdout, stderr)."""
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = old_stdin
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_refusal(code: int, err: str, *, short: bool = True) -> None:
    """Exit 1 with one line for refused input; exit 2 only for argument syntax argparse rejects."""
    assert code in (1, 2), (code, err)
    assert err.startswith("reljournal") and err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert "Traceback" not in err and "\x1b" not in err
    if short:
        assert len(err) < 600, "a long input is not echoed back whole"
    if code == 2:
        assert re.search(r"\(see reljournal( [a-z]+)? --help\)\n$", err), err


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every journal the CLI opens reads the same clock, so "today" and "the future" are fixed."""
    real_open = Journal.open.__func__  # type: ignore[attr-defined]

    def open_at_now(cls: type[Journal], folder: Any = None, clock: Any = None) -> Journal:
        result: Journal = real_open(cls, folder, clock or (lambda: NOW))
        return result

    monkeypatch.setattr(Journal, "open", classmethod(open_at_now))


@pytest.fixture
def pond(capsys: pytest.CaptureFixture[str], data_dir: Path, fixed_clock: None) -> Iterator[Path]:
    for name in ("Robin", "Sam Lee", "Samantha", "日本語", "e\u0301mile"):
        assert cli(capsys, ["follow", name, "--why", "x"])[0] == 0
    assert cli(capsys, ["cap", "150"])[0] == 0
    yield data_dir


# -- strategies ----------------------------------------------------------------------------------

TRICKY = [
    "", " ", "-", "0", "5", "30", " 30 ", "1440", "1441", "-5", "99999", "1e3", "٣٠", "²", "+5", "0x1f", "9" * 40,
    "2026-11-20", "2026-11-21", "2026-02-29", "2024-02-29", "1899-12-31", "1900-01-01", "20261120", "2026-W47",
    "call", "CALL", "in_person", "in-person", "In Person", "video", "dm", "fax",
    "me", "them", "mutual", "genuine", "routine", "automated", "1", "3", "5", "6", "05",
    "Robin", "robin", "ROB", "Sam", "sam lee", "sa", "Nobody", "日本", "ÉMILE", "e\u0301",
    "\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x1b]0;pwned\x07", "\x9b", "\u202e", "\udcff", "\x00", "\x85", "\x1f",
    "\n", "\t", "\r\n", "[bold]", "[/]", "[@click=app.quit]", "👩‍👩‍👧", "#tag", "a,b", "two words",
    "x" * 41, "x" * 81, "x" * 2001,
]  # fmt: skip
_any_char = st.characters(codec=None, exclude_categories=())  # everything, lone surrogates included
texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.text(_any_char, max_size=8),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=3).map("".join),
)
# A value that argparse reads as a value (a leading "-" makes it an option, which is argparse's business)
values = texts.filter(lambda s: not s.startswith("-") or s in ("-", "-5"))
optional = st.none() | values


def mostly(*valid: str) -> st.SearchStrategy[str]:
    """Usually a valid value, otherwise anything: with ten arguments a fair share of whole commands must
    be valid, or "stored exactly as validated" would hardly be tried."""
    good = st.sampled_from(valid)
    return st.integers(0, 3).flatmap(lambda roll: values if roll == 0 else good)


names = mostly("Robin", "robin", "sam l", "Samantha", "日本", "ÉMILE")


def _expected_touchpoint(journal: Journal, fields: dict[str, Any]) -> Any:
    """What validation makes of the inputs, or the ValidationError/JournalError that refuses them.

    Dates and minutes pass the command line's one door for typed values first (spoken forms)."""
    try:
        day = NOW.date() if fields["date"] is None else day_from(fields["date"], NOW.date())
        minutes = minutes_from(fields["minutes"])
        people = [journal.find_person(fields["name"]).uid]
        for other in fields["with"]:
            uid = journal.find_person(other).uid
            if uid in people:
                return ValidationError("people", "named twice")
            people.append(uid)
        return make_touchpoint(
            people=people,
            day=day,
            channel=fields["channel"],
            minutes=minutes,
            initiated_by=fields["initiated"] or "mutual",
            felt=fields["felt"] or "genuine",
            closeness=fields["closeness"],
            note="" if fields["note"] in (None, "-") else fields["note"],
            tags=fields["tags"],
            now=NOW,
        )
    except (ValidationError, JournalError) as error:
        return error


@PROPS
@given(
    fields=st.fixed_dictionaries(
        {
            "name": names,
            "with": st.lists(names, max_size=1),
            "channel": mostly("call", "in-person", "DM", "letter"),
            "minutes": mostly("0", "30", " 90 ", "1440"),
            "date": st.none() | mostly("2026-11-20", "2026-01-31", "1900-01-01"),
            "initiated": st.none() | mostly("me", "them", "Mutual"),
            "felt": st.none() | mostly("genuine", "automated"),
            "closeness": st.none() | mostly("1", "5", ""),
            "tags": st.lists(mostly("dinner", "#Family", "日本"), max_size=3),
            "note": st.none() | mostly("a note", "[bold]x[/] 👩‍👩‍👧\nline two", "-"),
        }
    )
)
def test_log_accepts_exactly_what_validation_accepts(
    capsys: pytest.CaptureFixture[str], pond: Path, fields: dict[str, Any]
) -> None:
    args = ["log", fields["name"], "--channel", fields["channel"], "--minutes", fields["minutes"]]
    for other in fields["with"]:
        args += ["--with", other]
    for option in ("date", "initiated", "felt", "closeness"):
        if fields[option] is not None:
            args += [f"--{option}", fields[option]]
    for tag in fields["tags"]:
        args += ["--tag", tag]
    if fields["note"] is not None:
        args.append(fields["note"])
    before = snapshot(pond)
    journal = Journal.open(pond)
    known = {tp.uid for tp in journal.entries()}
    expected = _expected_touchpoint(journal, fields)

    code, out, err = cli(capsys, args)
    event("accepted" if code == 0 else f"refused with exit {code}")
    if code == 0:
        assert err == "" and out.startswith("Logged ")
        assert not isinstance(expected, Exception), f"accepted what validation refuses: {expected}"
        (stored,) = [tp for tp in Journal.open(pond).entries() if tp.uid not in known]
        for field in (
            "people",
            "day",
            "channel",
            "minutes",
            "initiated_by",
            "felt",
            "closeness",
            "note",
            "tags",
        ):
            assert getattr(stored, field) == getattr(expected, field), field
    else:
        assert_refusal(code, err)
        assert snapshot(pond) == before
        if code == 1:
            assert isinstance(expected, Exception), f"refused what validation accepts: {err}"


@PROPS
@given(
    name=mostly("Kim", "Zoë Ng", "日本語 二", "e\u0301va", "[b]Lee[/]", "👩‍🔬 Ada")
    | st.builds("{} {}".format, st.sampled_from(["Kim", "李", "Ana-María"]), st.integers(1, 10**6)),
    why=mostly("to hear about synths", "x", "line one\nline two") | st.none(),
    where=optional,
    cadence=st.none() | st.sampled_from(["weekly", "monthly", "none", "daily", "WEEKLY", ""]),
    channel=st.none() | st.sampled_from(["call", "in-person", "fax", ""]),
)
def test_follow_accepts_exactly_what_validation_accepts(
    capsys: pytest.CaptureFixture[str],
    pond: Path,
    name: str,
    why: str | None,
    where: str | None,
    cadence: str | None,
    channel: str | None,
) -> None:
    args = ["follow", name]
    for option, value in (("--why", why), ("--where", where), ("--cadence", cadence), ("--channel", channel)):
        if value is not None:
            args += [option, value]
    before = snapshot(pond)
    existing = {name_key(p.name) for p in Journal.open(pond).people()}
    code, out, err = cli(capsys, args)
    event("accepted" if code == 0 else f"refused with exit {code}")
    if code == 0:
        assert err == "" and out.startswith("Following ")
        clean = clean_name(name)
        assert name_key(clean) not in existing
        (added,) = [p for p in Journal.open(pond).people() if name_key(p.name) == name_key(clean)]
        assert added.name == clean
        assert added.definition == make_definition(
            why=why, known_where=where or "", cadence=cadence or "none", preferred_channel=channel
        )
    else:
        assert_refusal(code, err)
        assert snapshot(pond) == before


@PROPS
@given(
    raw=st.one_of(
        st.binary(max_size=64),
        st.text(_any_char, max_size=32).map(lambda s: s.encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_on_stdin_are_stored_as_text_or_refused(
    capsys: pytest.CaptureFixture[str], pond: Path, raw: bytes
) -> None:
    before = snapshot(pond)
    known = {tp.uid for tp in Journal.open(pond).entries()}
    code, _, err = cli(capsys, ["log", "Robin", "--channel", "dm", "--minutes", "2", "-"], stdin=raw)
    if code == 0:
        (stored,) = [tp for tp in Journal.open(pond).entries() if tp.uid not in known]
        text = raw.decode("utf-8")
        assert stored.note == text.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        assert_refusal(code, err)
        assert "note" in err
        assert snapshot(pond) == before


# Options that can make a command write outside the data folder are not drawn: the fuzz is about input.
SAFE_OPTIONS = [
    "--week", "--person", "--all", "--archived", "--note", "--why", "--cadence", "--channel", "--minutes",
    "--tag", "--with", "--date", "--closeness", "--felt", "--initiated", "--where", "--known-via", "--", "-",
    "--bogus", "-x",
]  # fmt: skip
COMMANDS = ["follow", "unfollow", "people", "cap", "log", "review", "export", "doctor", "bogus", ""]


@PROPS
@given(
    command=st.sampled_from(COMMANDS),
    tokens=st.lists(st.one_of(values, st.sampled_from(SAFE_OPTIONS)), max_size=7),
)
def test_any_argument_list_is_handled_without_a_traceback(
    capsys: pytest.CaptureFixture[str], pond: Path, command: str, tokens: list[str]
) -> None:
    assume(command or tokens)  # no command at all opens the TUI
    args = [command, *tokens] if command else tokens
    assume(args[0] not in ("demo", "backup", "import", "restore") and "--help" not in args)
    before = snapshot(pond)
    code, out, err = cli(capsys, args)
    if code == 0:
        assert "Traceback" not in err
    elif args[0] == "doctor" and code == 1 and err == "":
        assert "problem(s) found" in out
    else:
        assert_refusal(code, err)
        assert snapshot(pond) == before


LONG = "x" * 5000


@pytest.mark.parametrize(
    "args",
    [
        ["log", LONG, "--channel", "dm", "--minutes", "1"],
        ["log", "Sa", "--channel", "dm", "--minutes", "1"],  # ambiguous: names the matches, not the input
        ["unfollow", LONG],
        ["export", "--person", LONG],
        ["people", LONG],
        ["log", "Robin", "--channel", LONG, "--minutes", "1"],
        ["log", "Robin", "--channel", "dm", "--minutes", LONG],
        ["log", "Robin", "--channel", "dm", "--minutes", "1", "--date", LONG],
        ["follow", "Kim", "--why", "x", "--cadence", LONG],
        ["review", "--week", LONG],
        ["export", "--week", LONG],
        ["cap", LONG],
        [LONG],
    ],
    ids=lambda a: " ".join(x if len(x) < 20 else "LONG" for x in a) if isinstance(a, list) else None,
)
def test_a_pasted_page_in_any_argument_is_not_echoed_back(
    capsys: pytest.CaptureFixture[str], pond: Path, args: list[str]
) -> None:
    before = snapshot(pond)
    code, _, err = cli(capsys, args)
    assert_refusal(code, err)
    assert len(err) < 400, err
    assert snapshot(pond) == before


# -- the import format ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> bytes:
    """A backup with odd text in it, as ``reljournal backup`` writes it (indented: people edit these)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder), clock=lambda: NOW)
        sam = journal.add_person("Sam 日本語", make_definition(why="x 🌊", facets_mine=["trust"])).uid
        robin = journal.add_person("Robin", make_definition(why="y\nsecond line")).uid
        journal.archive(robin, "moved")
        for minutes in (5, 50):
            journal.add_touchpoint(
                make_touchpoint(
                    people=[sam, robin],
                    day=NOW.date(),
                    channel="call",
                    minutes=minutes,
                    closeness=3,
                    note='e\u0301 [bold] "quoted" \\ back',
                    tags=["t"],
                    now=NOW,
                )
            )
        journal.save_review(
            make_review("2026-W47", answers={"time": "a"}, intentions=[make_intention([sam], "Call")])
        )
        return backup.backup_bytes(journal)


def _refused_whole(raw: bytes, tmp_path: Path) -> str:
    """Import ``raw`` into a new folder: it must be refused, and nothing may be created."""
    target = tmp_path / "fresh"
    journal = Journal.open(target)
    with pytest.raises(backup.ImportError_) as info:
        backup.import_backup(journal, raw)
    assert not target.exists()
    message = info.value.message
    assert "\n" not in message
    return message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_truncated_backup_names_the_line_where_it_ends(
    sample: bytes, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(1, len(sample) - 2))  # the final newline alone is not damage
    raw = sample[:cut]
    message = _refused_whole(raw, tmp_path_factory.mktemp("t"))
    line = raw.count(b"\n") + 1  # every token of an indented backup sits on one line
    assert f"not valid JSON at line {line}, column " in message, message
    assert message.endswith("(the file ends too early: is it truncated?)"), message


@pytest.mark.parametrize(
    ("typo", "marker"),
    [
        (lambda s: s.replace('"minutes": 5,', '"minutes": 5,,', 1), ",,"),
        (lambda s: s.replace('"closeness": 3,', "'closeness': 3,", 1), "'closeness'"),
        (lambda s: s.replace('"tags": [', '// my tags\n    "tags": [', 1), "// my tags"),
        (lambda s: s.replace('"minutes": 50', '"minutes": NaN', 1), "NaN"),
        (lambda s: s.replace('"t"\n', '"t",\n', 1), '"t",'),
        (lambda s: s.replace('"why": "x 🌊"', '"why": "x 🌊', 1), "x 🌊"),
    ],
    ids=["double comma", "single quotes", "comment", "NaN", "trailing comma", "unclosed string"],
)
def test_a_hand_edit_that_breaks_the_json_names_its_line(
    sample: bytes, tmp_path: Path, typo: Callable[[str], str], marker: str
) -> None:
    text = typo(sample.decode())
    assert text != sample.decode()
    message = _refused_whole(text.encode(), tmp_path)
    (at,) = [i for i, row in enumerate(text.splitlines(), start=1) if marker in row]  # the edited line
    # the fault is reported on the edited line, or (for a value cut short) on the line right after it
    assert any(f"line {n}, column" in message for n in (at, at + 1)), (at, message)


def test_an_empty_backup_says_so(tmp_path: Path) -> None:
    assert "the file is empty" in _refused_whole(b"  \n", tmp_path)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_corrupted_byte_is_refused_or_imported_whole(
    sample: bytes, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Bit rot or a stray keystroke anywhere: refused naming a place, or (when it happens to still be a
    valid backup) imported completely, so that a new backup of the result reads back the same."""
    index = data.draw(st.integers(0, len(sample) - 1))
    byte = data.draw(st.integers(0, 255))
    raw = sample[:index] + bytes([byte]) + sample[index + 1 :]
    target = tmp_path_factory.mktemp("c") / "fresh"
    journal = Journal.open(target)
    try:
        backup.import_backup(journal, raw)
    except backup.ImportError_ as error:
        assert not target.exists()
        assert "\n" not in error.message
        assert error.message.startswith(
            (
                "not valid JSON at line",
                "not a reljournal",
                "schema_version",
                "people",
                "entries",
                "reviews",
                "settings",
                "missing section",
            )
        ), error.message
        return
    assert backup.parse_backup(backup.backup_bytes(journal)) == backup.parse_backup(raw)


def test_import_replace_on_a_full_disk_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    pond: Path,
    sample: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "backup.json"
    source.write_bytes(sample)
    journal_before = (pond / JOURNAL_FILE).read_bytes()
    real_replace = os.replace

    def full_disk(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst).name == JOURNAL_FILE:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_replace(src, dst, **kwargs)

    with monkeypatch.context() as patch:  # never monkeypatch.undo(): that would undo the temp data dir too
        patch.setattr(os, "replace", full_disk)
        code, _, err = cli(capsys, ["import", "--replace", str(source)])
    assert_refusal(code, err)
    assert "no space left" in err and "not saved" in err
    assert (pond / JOURNAL_FILE).read_bytes() == journal_before
    (kept,) = (pond / BACKUP_DIR).glob("before-import-*.json")  # the copy kept first is the old journal
    assert kept.read_bytes() == journal_before
    assert cli(capsys, ["import", "--replace", str(source)])[0] == 0
    assert sorted(p.name for p in Journal.open(pond).people()) == ["Robin", "Sam 日本語"]
