"""``reljournal list``: touchpoints newest first with short ids, each filter, --json, and bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from helpers.cli import cli

from journal.cli import build_parser
from journal.cli.completion import commands
from journal.core.model import make_definition, make_touchpoint
from journal.core.textsafe import json_for_terminal
from journal.store.journal import Journal

TODAY = date.today()


def _ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture
def journal_dir(data_dir: Path) -> Path:
    """Ada (call, 1 day ago; dinner with Ben, 3), Ben (DM, 5), Cyrus, let go (email, 8)."""
    journal = Journal.open(data_dir)
    ada = journal.add_person("Ada Lovelace", make_definition(why="maths")).uid
    ben = journal.add_person("Ben Okafor", make_definition(why="music")).uid
    cyrus = journal.add_person("Cyrus", make_definition(why="work")).uid
    now = datetime.now()

    def log(people: list[str], days: int, channel: str, note: str, tags: tuple[str, ...] = ()) -> None:
        day = TODAY - timedelta(days=days)
        journal.add_touchpoint(
            make_touchpoint(
                people=people, day=day, channel=channel, minutes=30, note=note, tags=tags, now=now
            )
        )

    log([ada], 1, "call", "Talked about the garden", ("garden",))
    log([ada, ben], 3, "in-person", "Dinner at *home*", ("family",))
    log([ben], 5, "dm", "Birthday wishes")
    log([cyrus], 8, "email", "Garden plans", ("work",))
    journal.archive(cyrus)
    journal.close()
    return data_dir


def _dates(out: str) -> list[str]:
    return [line.split("  ")[1] for line in out.splitlines()]


def test_newest_first_each_with_a_short_id_that_edit_takes(
    capsys: pytest.CaptureFixture[str], journal_dir: Path
) -> None:
    code, out, err = cli(capsys, "list")
    assert code == 0, err
    assert _dates(out) == [_ago(1), _ago(3), _ago(5), _ago(8)]
    first = out.splitlines()[0]
    assert first.endswith(f"  {_ago(1)}  Ada Lovelace  phone call 30m  Talked about the garden  #garden")
    short = first.split("  ")[0]
    assert len(short) >= 7
    uids = [tp.uid for tp in Journal.open(journal_dir).entries()]
    assert uids[0].startswith(short)
    assert cli(capsys, "edit", short, "--minutes", "45")[0] == 0
    assert Journal.open(journal_dir).entries()[0].minutes == 45


@pytest.mark.parametrize(
    ("flags", "days"),
    [
        (["--person", "ada"], [1, 3]),
        (["--person", "cyrus"], [8]),  # archived people are still found
        (["--since", "3 days ago"], [1, 3]),  # spoken dates, inclusive
        (["--until", _ago(5)], [5, 8]),
        (["--since", "6 days ago", "--until", "2 days ago"], [3, 5]),
        (["--channel", "in-person"], [3]),
        (["--channel", "DM"], [5]),
        (["--tag", "#garden"], [1]),
        (["--tag", "Family"], [3]),
        (["--grep", "garden"], [1, 8]),
        (["--grep", "garden #work"], [8]),
        (["--grep", "okafor"], [3, 5]),  # people's names are searched
        (["--person", "ben", "--grep", "dinner"], [3]),
        (["-n", "2"], [1, 3]),
        (["-n", "0"], [1, 3, 5, 8]),
    ],
)
def test_each_filter(
    capsys: pytest.CaptureFixture[str], journal_dir: Path, flags: list[str], days: list[int]
) -> None:
    code, out, err = cli(capsys, "list", *flags)
    assert code == 0, err
    assert _dates(out) == [_ago(d) for d in days]


def test_a_cut_list_says_how_to_see_the_rest(capsys: pytest.CaptureFixture[str], journal_dir: Path) -> None:
    code, out, err = cli(capsys, "list", "-n", "3")
    assert code == 0 and len(out.splitlines()) == 3 and "-n 0 lists every match" in err
    code, out, err = cli(capsys, "list", "-n", "4")
    assert code == 0 and len(out.splitlines()) == 4 and err == ""


def test_nothing_to_list_is_said_on_stderr(capsys: pytest.CaptureFixture[str], journal_dir: Path) -> None:
    assert cli(capsys, "list", "--grep", "zebra") == (0, "", "No touchpoints match.\n")


def test_an_empty_journal(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert cli(capsys, "list") == (0, "", "No touchpoints yet.\n")
    assert cli(capsys, "list", "--json") == (0, "[]\n", "")


def test_json_is_the_stored_records_with_short_ids_and_names(
    capsys: pytest.CaptureFixture[str], journal_dir: Path
) -> None:
    code, out, err = cli(capsys, "list", "--json", "--person", "ada")
    assert code == 0 and err == ""
    rows = orjson.loads(out)
    entries = Journal.open(journal_dir).entries()
    assert [row["uid"] for row in rows] == [entries[0].uid, entries[1].uid]
    assert rows[1] == {
        "id": rows[1]["uid"][: len(rows[1]["id"])],
        **entries[1].to_dict(),
        "names": [
            "Ada Lovelace",
            "Ben Okafor",
        ],
    }
    assert rows[1]["note"] == "Dinner at *home*"


def test_json_escapes_what_a_terminal_would_obey() -> None:
    text = orjson.dumps({"note": "a\x9b31mb\u202ec\x1b"}).decode()
    safe = json_for_terminal(text)
    assert "\x9b" not in safe and "\u202e" not in safe and "\x1b" not in safe
    assert orjson.loads(safe) == {"note": "a\x9b31mb\u202ec\x1b"}  # the same data


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--since", "someday"], "--since: 'someday' is not a date; try today"),
        (["--until", "feb 30"], "is not a real date"),
        (["--until", "2999-01-01"], "--until: 2999-01-01 is in the future"),
        (["--since", "yesterday", "--until", "3 days ago"], f"--since {_ago(1)} is after --until {_ago(3)}"),
        (["--channel", "pigeon"], "--channel: 'pigeon' is not one of: reaction, comment, dm"),
        (["--tag", "two words"], "--tag: tag 'two words' has a space"),
        (["--tag", "#"], "--tag: say which tag"),
        (["--person", "nobody"], "nobody called 'nobody'"),
        (["-n", "-1"], "-n: -1 is below 0"),
    ],
)
def test_bad_input_is_refused_naming_the_flag(
    capsys: pytest.CaptureFixture[str], journal_dir: Path, flags: list[str], message: str
) -> None:
    code, out, err = cli(capsys, "list", *flags)
    assert code == 1 and out == "" and message in err


def test_a_non_number_for_n_is_refused_by_the_parser(
    capsys: pytest.CaptureFixture[str], journal_dir: Path
) -> None:
    code, _, err = cli(capsys, "list", "-n", "lots")
    assert code == 2 and "-n: invalid int value: 'lots'" in err


def test_help_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "list", "--help")
    assert code == 0
    for words in ("newest first", "short id", "spoken", "include their own day", "0: all", "JSON", "#word"):
        assert words in out
    code, out, _ = cli(capsys, "--help")
    assert "list" in out and "newest first" in out


def test_completion_knows_list_and_its_options() -> None:
    found = {command.name: command for command in commands(build_parser(["--help"]))}
    options = {flag: option for option in found["list"].options for flag in option.flags}
    assert options["--person"].takes == "names"
    assert "in-person" in options["--channel"].values
