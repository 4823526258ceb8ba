"""The fast paths the benchmark asked for give exactly what the straightforward code gives.

Each optimisation of issue 6 that could change an answer is checked here against a plain reference:
the per-character escapers of mdsafe/yamlfront (kept below as they were), drift judged span by span
against drift judged day by day, many weeks summarised at once against one week at a time, TinyDB's
own table semantics, and the export's writer that leaves unchanged files alone.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import stat
import statistics
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_NOW
from hypothesis import given, settings, strategies as st

from journal.core.drift import drift_from_days, drift_spans
from journal.core.model import (
    Cadence,
    Channel,
    Felt,
    Initiator,
    Person,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
)
from journal.core.weeks import IsoWeek
from journal.report import export, mdsafe, yamlfront
from journal.report.exportfs import MARKER_FILE
from journal.report.review import summarize_week, summarize_weeks
from journal.store.journal import Journal, _doc

# -- references: the escapers as they were before they were made fast -----------------------------

_PLAIN_SPECIAL = frozenset("\\`*_[]<>#|~$=")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def reference_plain(text: str) -> str:
    flat = " ".join(text.split())
    out: list[str] = []
    for index, char in enumerate(flat):
        next_to_percent = "%" in (flat[index - 1] if index else "", flat[index + 1 : index + 2])
        if char in _PLAIN_SPECIAL or (char == "%" and next_to_percent):
            out.append("\\" + char)
        elif char == "&" and _ENTITY.match(flat, index):
            out.append("\\&")
        else:
            out.append(char)
    escaped = "".join(out)
    match = re.match(r"^(\d{1,9})([.)])|^[-+]", escaped)
    if match is None:
        return escaped
    if match.group(1):
        return match.group(1) + "\\" + escaped[match.end(1) :]
    return "\\" + escaped


def reference_inline_note(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ASCII_PUNCT:
            out.append(text[index : index + 2])
            index += 2
            continue
        after = text[index + 1] if index + 1 < len(text) else ""
        if (
            (char == "<" and (after.isascii() and (after.isalpha() or after in "/!?")))
            or (char == "[" and (after == "[" or (out and out[-1] in ("[", "\\["))))
            or char == "$"
            or (char == "%" and (after == "%" or (out and out[-1] in ("%", "\\%"))))
        ):
            out.append("\\" + char)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def reference_note_line(line: str) -> str:
    text = line.strip()
    prefix = ""
    while True:
        if mdsafe._THEMATIC.match(text) or mdsafe._SETEXT.match(text):
            text = "\\" + text
            break
        item = mdsafe._LIST_ITEM.match(text)
        if item is None:
            break
        rest = (item.group(2) or "").strip()
        if not rest:
            text = mdsafe._escape_marker(item.group(1))
            break
        prefix += item.group(1) + " "
        text = rest
    escaped = reference_inline_note(text)
    fence = mdsafe._FENCE.match(escaped)
    if fence:
        run = fence.group()
        escaped = "\\" + "\\".join(run) + escaped[len(run) :]
    elif not escaped.startswith("\\") and (
        mdsafe._HEADING.match(escaped)
        or escaped.startswith(">")
        or (escaped.startswith("[") and not mdsafe._INLINE_LINK.match(escaped))
    ):
        escaped = "\\" + escaped
    return prefix + escaped


def reference_quote_block(text: str) -> str:
    lines = [reference_note_line(raw) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            if out and out[-1] != ">":
                out.append(">")
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        out.append(f"> {line}  " if following else f"> {line}")
    while out and out[-1] == ">":
        out.pop()
    return "\n".join(out)


def reference_quote(text: str) -> str:
    out = ['"']
    for char in text:
        short = yamlfront._SHORT_ESCAPES.get(char)
        out.append(short if short else f"\\u{ord(char):04x}" if yamlfront._needs_escape(char) else char)
    return "".join(out) + '"'


def reference_link_label(name: str) -> str:
    label = " ".join(name.split()).translate(mdsafe._LABEL_MAP)
    out: list[str] = []
    for index, char in enumerate(label):
        if char == "_" and not (
            0 < index < len(label) - 1 and label[index - 1].isalnum() and label[index + 1].isalnum()
        ):
            out.append("＿")
        elif char == "&" and _ENTITY.match(label, index):
            out.append("＆")
        else:
            out.append(char)
    return "".join(out)


# Text made of what the escapers care about, so that most examples exercise a rule.
_PIECES = [
    *"\\`*_[]<>#|~$=%&;0123456789 \t\n\r-+.()!?/:aZé٣²\u00a0\u2028\x0b\x1c\x85\ufeff",
    *("&amp;", "&#12;", "[[", "%%", "```", "~~~", "- ", "1. ", "\r\n", "\\[", "<a", "</", "<!", "> "),
]
TRICKY = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TRICKY)
def test_escapers_equal_their_references(text: str) -> None:
    assert mdsafe.plain(text) == reference_plain(text)
    assert mdsafe._inline_note(text) == reference_inline_note(text)
    assert yamlfront.quote(text) == reference_quote(text)
    assert mdsafe.note_line(text) == reference_note_line(text)
    assert mdsafe.quote_block(text) == reference_quote_block(text)
    assert mdsafe.link_label(text) == reference_link_label(text)


def test_strip_and_the_fast_paths_agree_on_whitespace() -> None:
    # quote_block strips lines with str.strip(); the first-character check must see the same text
    assert all(c.isspace() == bool(re.match(r"\s", c)) for c in map(chr, range(0x110000)))


# -- drift, span by span -----------------------------------------------------------------------


def _person(cadence: Cadence, created: datetime, uid: str = "a" * 32) -> Person:
    return Person(
        uid=uid, name="Robin", definition=make_definition(why="x", cadence=cadence), created_at=created
    )


def _reference_drifting(person: Person, days: list[date], today: date) -> bool:
    """The drift rule as the README states it, written out plainly (independent of journal.core.drift)."""
    cadence = person.cadence.days
    if cadence is not None:
        counted_from = days[-1] if days else person.created_at.date()
        return max(0, (today - counted_from).days) > cadence
    if len(days) < 3:
        return False
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(days[-11:])]
    return (today - days[-1]).days > max(21, round(2 * statistics.median(gaps)))


@pytest.mark.parametrize("seed", range(12))
def test_drift_spans_say_what_drift_from_days_says_on_every_day(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        person = _person(
            rng.choice(list(Cadence)), datetime(2020, 1, 1) + timedelta(days=rng.randint(-60, 400))
        )
        start = date(2019, 10, 1)
        spread = rng.choice([40, 400, 1500])
        days = sorted({start + timedelta(days=rng.randint(0, spread)) for _ in range(rng.randint(0, 25))})
        spans = drift_spans(person, days)
        for offset in range(0, 1700, 3):
            today = start + timedelta(days=offset)
            expected = drift_from_days(person, [d for d in days if d <= today], today)
            assert expected.drifting == _reference_drifting(person, [d for d in days if d <= today], today)
            hits = [s for s in spans if s.start <= today and (s.end is None or today < s.end)]
            assert len(hits) <= 1
            assert (hits[0].at(today) if hits else None) == (expected if expected.drifting else None)


# -- many weeks at once, one week at a time ----------------------------------------------------


def _random_journal(folder: Path, seed: int) -> Journal:
    """People added before and after their first touchpoint, archived ones, every cadence, automated
    contact, group touchpoints and saved reviews with intentions."""
    rng = random.Random(seed)
    journal = Journal.open(folder, clock=lambda: FIXED_NOW)
    people: dict[str, dict[str, object]] = {}
    for index in range(12):
        uid = f"{index + 1:032x}"
        created = FIXED_NOW - timedelta(days=rng.randint(0, 900))
        person = _person(rng.choice(list(Cadence)), created, uid).to_dict() | {"name": f"Person {index}"}
        if rng.random() < 0.3:
            let_go = min(created.date() + timedelta(days=rng.randint(0, 300)), FIXED_NOW.date())
            episode = {"let_go_on": let_go.isoformat(), "note": "", "followed_again_on": None}
            person |= {"status": "archived", "episodes": [episode]}
        people[uid] = person
    uids = list(people)
    entries = {}
    for index in range(rng.randint(50, 400)):
        day = FIXED_NOW.date() - timedelta(days=rng.randint(0, 1000))
        tp = make_touchpoint(
            people=rng.sample(uids, rng.choice([1, 1, 1, 2, 3])),
            day=day,
            channel=rng.choice(list(Channel)),
            minutes=rng.choice([0, 5, 30, 90]),
            initiated_by=rng.choice(list(Initiator)),
            felt=rng.choice(list(Felt)),
            now=FIXED_NOW,
            uid=f"{index + 1:032x}",
            created_at=datetime.combine(day, datetime.min.time()),
        )
        entries[tp.uid] = tp.to_dict()
    reviews = {}
    for _ in range(6):
        week = IsoWeek.of(FIXED_NOW.date() - timedelta(weeks=rng.randint(0, 100)))
        intention = make_intention(rng.sample(uids, 1), "call more", uid=f"{rng.randrange(1, 2**64):032x}")
        reviews[str(week)] = make_review(week, {"time": "a good week"}, [intention]).to_dict()
    journal.replace_all({"people": people, "entries": entries, "reviews": reviews, "meta": {}})
    return journal


@pytest.mark.parametrize("seed", range(8))
def test_many_weeks_at_once_equal_each_week_alone(data_dir: Path, seed: int) -> None:
    journal = _random_journal(data_dir, seed)
    weeks = [IsoWeek.of(FIXED_NOW.date() + timedelta(weeks=back)) for back in range(-150, 3)]
    many = summarize_weeks(journal, weeks)
    lean = summarize_weeks(journal, weeks, series=False)
    for week in weeks:
        alone = summarize_week(journal, week)
        assert many[week] == alone, week
        assert lean[week].series == {} and lean[week].drifting == alone.drifting
    journal.close()


def test_someone_added_after_logging_history_is_in_the_pond_from_their_first_touchpoint(
    journal: Journal,
) -> None:
    person = journal.add_person("Sam", make_definition(why="x"))  # added today
    first = date(2026, 6, 3)
    journal.add_touchpoint(
        make_touchpoint(people=[person.uid], day=first, channel="call", minutes=30, now=FIXED_NOW)
    )
    assert [p.name for p in summarize_week(journal, IsoWeek.of(first)).pond] == ["Sam"]
    assert summarize_week(journal, IsoWeek.of(first - timedelta(weeks=2))).pond == []


# -- TinyDB tables changed in place -------------------------------------------------------------


def test_tables_keep_tinydb_semantics_and_failures_leave_memory_as_the_file(journal: Journal) -> None:
    table = journal._table("reviews")
    with journal.storage.transaction():
        table.insert(_doc({"a": 1}, "k"))
        with pytest.raises(ValueError, match="already exists"):
            table.insert(_doc({"a": 2}, "k"))
    journal.storage.read()["reviews"]["k"]["extra"] = "kept"  # an unknown key a newer version wrote
    with journal.storage.transaction():
        uids: Any = ["nope", "new"]  # UidTable ids are str; TinyDB's hints say int
        assert [str(uid) for uid in table.upsert(_doc({"a": 3}, "k"))] == ["k"]
        assert [str(uid) for uid in table.upsert(_doc({"b": 1}, "new"))] == ["new"]
        assert [str(uid) for uid in table.remove(doc_ids=uids)] == ["new"]
    assert journal.storage.read()["reviews"] == {"k": {"a": 3, "extra": "kept"}}
    with pytest.raises(RuntimeError), journal.storage.transaction():
        table.insert(_doc({"z": 1}, "z"))
        raise RuntimeError("a fault after the change")
    assert "z" not in journal.storage.read()["reviews"]  # dropped, reread from the file
    with pytest.raises(RuntimeError, match="inside"):
        table.insert(_doc({"y": 1}, "y"))  # outside a transaction: refused before anything changes
    assert "y" not in journal.storage.read()["reviews"]


# -- the export's writer -----------------------------------------------------------------------


def test_export_again_leaves_unchanged_files_alone_and_keeps_them_private(
    journal: Journal, tmp_path: Path
) -> None:
    person = journal.add_person("Sam", make_definition(why="x"))
    journal.add_touchpoint(
        make_touchpoint(people=[person.uid], day="2026-11-19", channel="dm", minutes=5, now=FIXED_NOW)
    )
    out = tmp_path / "export"
    first = {p: p.stat() for p in export.export_to_folder(journal, out)}
    loose = out / export.INDEX_FILE
    loose.chmod(0o644)
    second = {p: p.stat() for p in export.export_to_folder(journal, out)}
    for path, before in first.items():
        after = second[path]
        assert stat.S_IMODE(after.st_mode) == 0o600
        assert (after.st_ino == before.st_ino) == (path != loose)  # only the 0644 one was replaced
    journal.add_touchpoint(
        make_touchpoint(people=[person.uid], day="2026-11-20", channel="dm", minutes=5, now=FIXED_NOW)
    )
    third = {p: p.stat() for p in export.export_to_folder(journal, out)}
    assert third[out / "people" / "sam.md"].st_ino != second[out / "people" / "sam.md"].st_ino
    assert [p.name for p in out.rglob(".*")] == [MARKER_FILE]  # no temp files left behind


# -- the command line ends fast but complete ---------------------------------------------------


def test_the_program_flushes_its_output_and_keeps_what_it_wrote(data_dir: Path) -> None:
    run = [sys.executable, "-m", "journal", "--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [*run, "follow", "Sam", "--why", "x"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("Following Sam"), done
    done = subprocess.run(
        [*run, "log", "sam", "--channel", "dm", "--minutes", "3", "hi"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("Logged 3m direct message with Sam"), done
    assert len(Journal.open(data_dir).entries()) == 1
    done = subprocess.run(
        [*run, "log", "nobody", "--channel", "dm", "--minutes", "3"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1 and "nobody called" in done.stderr
    # a reader that goes away early is not an error, and no traceback reaches the terminal
    pipe = subprocess.Popen([*run, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert pipe.stdout is not None and pipe.stderr is not None
    pipe.stdout.read(10)
    pipe.stdout.close()
    assert pipe.wait(timeout=60) == 0
    assert b"Traceback" not in pipe.stderr.read()
