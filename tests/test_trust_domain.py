"""Issue 11, the domain: kept date range, names that cannot hide, let-go episodes, ``follow`` that finds
who is meant, and text that cannot act on a terminal or turn into a Markdown link."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from conftest import FIXED_NOW
from helpers.cli import cli
from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from journal.core.errors import DuplicateNameError
from journal.core.model import (
    LetGo,
    ValidationError,
    clean_name,
    make_definition,
    make_touchpoint,
    name_key,
    person_from_dict,
)
from journal.core.textsafe import terminal_text
from journal.core.weeks import FIRST_DAY, LAST_DAY, IsoWeek
from journal.report.export import (
    export_all_markdown,
    export_files,
    export_person_markdown,
    export_week_markdown,
)
from journal.report.mdsafe import plain, quote_block
from journal.report.review import summarize_week
from journal.store.backup import ImportError_, backup_bytes, parse_backup
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE
from journal.store.schema import SCHEMA_VERSION

# -- weeks and dates the journal keeps ------------------------------------------------------------

EDGE_WEEKS = ["9999-W52", "9999-W01", "0001-W01", "0001-W02", "0001-W03", "0001-W04", "0001-W05", "1899-W52"]


@pytest.mark.parametrize("week", EDGE_WEEKS)
@pytest.mark.parametrize("command", [["review"], ["export"]])
def test_weeks_outside_the_kept_range_are_a_clear_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], data_dir: Path, command: list[str], week: str
) -> None:
    assert cli(capsys, "follow", "Sam", "--why", "x")[0] == 0
    code, out, err = cli(capsys, *command, "--week", week)
    assert code == 1 and out == ""
    assert "outside the weeks reljournal keeps" in err and err.count("\n") == 1, err


def test_the_first_and_last_kept_weeks_work_and_shifting_past_them_is_refused() -> None:
    first, last = IsoWeek.parse("1900-W01"), IsoWeek.parse("9998-W53")
    assert first.monday == FIRST_DAY and last.contains(LAST_DAY)
    assert IsoWeek.of(FIRST_DAY) == first and IsoWeek.of(LAST_DAY) == last
    for week, step in ((first, -1), (last, 1), (last, 10**6), (first, -(10**6))):
        with pytest.raises(ValueError, match="no week before"):
            week.shift(step)


def _journal_with_edge_dates(folder: Path) -> Journal:
    journal = Journal.open(folder, clock=lambda: datetime(9998, 12, 31, 23, 0))
    sam = journal.add_person("Sam", make_definition(why="x", cadence="quarterly")).uid
    for day in (FIRST_DAY, LAST_DAY):
        journal.add_touchpoint(
            make_touchpoint(
                people=[sam], day=day, channel="call", minutes=5, note="edge", now=journal.clock()
            )
        )
    return journal


def test_export_and_review_of_the_edge_dates_never_crash(data_dir: Path) -> None:
    journal = _journal_with_edge_dates(data_dir)
    files = export_files(journal)
    assert "weeks/1900-W01.md" in files and "weeks/9998-W53.md" in files
    assert "edge" in export_all_markdown(journal)
    for week in (IsoWeek.of(FIRST_DAY), IsoWeek.of(LAST_DAY)):
        summarize_week(journal, week)
        export_week_markdown(journal, week)


def test_import_refuses_a_touchpoint_dated_outside_the_kept_range(data_dir: Path) -> None:
    journal = _journal_with_edge_dates(data_dir)
    doc = orjson.loads(backup_bytes(journal))
    parse_backup(orjson.dumps(doc))  # the edges themselves are fine
    for day in ("9999-12-31", "9999-01-01", "1899-12-31"):
        doc["entries"][0]["date"] = day
        with pytest.raises(ImportError_, match=r"entries\[0\]\.date: .*outside the dates reljournal keeps"):
            parse_backup(orjson.dumps(doc))


# -- names --------------------------------------------------------------------------------------

INVISIBLE = [
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u3164",
    "\u2800",
    "\u115f",
    "\u200d",
    "\u200e",
    "\u0301",
]


@pytest.mark.parametrize("name", [*INVISIBLE, "\u200b\u200d\u2060", " \u00ad \u3164 ", "\u0301\u0308"])
def test_names_made_only_of_invisible_characters_are_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, name: str
) -> None:
    with pytest.raises(ValidationError, match="invisible characters"):
        clean_name(name)
    code, _, err = cli(capsys, "follow", name, "--why", "x")
    assert code == 1 and "shows nothing" in err and "U+" in err and err.count("\n") == 1
    assert not (data_dir / JOURNAL_FILE).exists()


@pytest.mark.parametrize(
    "twin",
    [
        "Sam Lee\u200b",
        "Sam Le\u00ade",
        "Sam\u2800Lee",
        "\ufeffSam Lee",
        "Sam\u200d Lee ",
        "Sam Lee\ufff9",
        "Sam Lee\U00013430",
        "\u0600Sam Lee",
        "Sam Lee\U000110bd",
    ],
)
def test_look_alike_names_are_duplicates(journal: Journal, twin: str) -> None:
    journal.add_person("Sam Lee", make_definition(why="x"))
    assert name_key(twin) == name_key("Sam Lee")
    with pytest.raises(DuplicateNameError):
        journal.add_person(twin, make_definition(why="y"))
    assert journal.find_person("Sam").name == "Sam Lee"


def test_names_are_kept_in_nfc_and_emoji_joiners_survive() -> None:
    assert clean_name("Zoe\u0308") == "Zo\u00eb"
    assert clean_name("👩\u200d👩\u200d👧 family") == "👩\u200d👩\u200d👧 family"


def test_names_from_older_files_still_load_and_the_exact_one_is_found(data_dir: Path) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    sam = journal.add_person("Sam Lee", make_definition(why="x"))
    journal.close()
    path = data_dir / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    twin = dict(data["people"][sam.uid], uid="b" * 32, name="Sam Lee\u200b")
    ghost = dict(data["people"][sam.uid], uid="c" * 32, name="\u200b")
    data["people"].update({twin["uid"]: twin, ghost["uid"]: ghost})
    data["meta"]["journal"]["schema_version"] = 1
    path.write_bytes(orjson.dumps(data))
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    assert len(journal.people()) == 3
    assert journal.find_person("Sam Lee").uid == sam.uid  # the one whose name is exactly that
    with pytest.raises(Exception, match=r"\\u200b"):  # the look-alikes are told apart in the message
        journal.find_person("Sam")


# -- let-go episodes ------------------------------------------------------------------------------


def test_following_again_keeps_every_let_go_with_its_date_and_note(data_dir: Path) -> None:
    days = iter([datetime(2026, 1, 5), datetime(2026, 3, 1), datetime(2026, 6, 1), datetime(2026, 9, 1)])
    now = [datetime(2026, 1, 1)]
    journal = Journal.open(data_dir, clock=lambda: now[0])
    pia = journal.add_person("Pia Extra", make_definition(why="writes well")).uid
    now[0] = next(days)
    journal.archive(pia, "too busy")
    now[0] = next(days)
    journal.refollow(pia)
    now[0] = next(days)
    journal.archive(pia, "moved away")
    person = journal.person(pia)
    assert person.episodes == (
        LetGo(date(2026, 1, 5), "too busy", date(2026, 3, 1)),
        LetGo(date(2026, 6, 1), "moved away", None),
    )
    assert (
        not person.following
        and person.archived_on == date(2026, 6, 1)
        and person.archive_note == "moved away"
    )
    now[0] = next(days)
    journal.refollow(pia)
    journal.close()
    again = Journal.open(data_dir).person(pia)
    assert (
        again.following
        and len(again.episodes) == 2
        and again.episodes[-1].followed_again_on == date(2026, 9, 1)
    )
    text = export_person_markdown(Journal.open(data_dir), pia)
    assert "Let go on 2026-01-05; followed again on 2026-03-01." in text and "> too busy" in text
    assert "Let go on 2026-06-01; followed again on 2026-09-01." in text and "> moved away" in text


def test_cli_unfollow_and_follow_keep_the_history(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert cli(capsys, "follow", "Pia Extra", "--why", "x")[0] == 0
    assert cli(capsys, "unfollow", "Pia", "--note", "quiet year")[0] == 0
    assert cli(capsys, "follow", "pia extra")[0] == 0
    person = Journal.open(data_dir).find_person("Pia Extra")
    assert (
        person.following and person.episodes[0].note == "quiet year" and person.episodes[0].followed_again_on
    )


def test_a_version_1_journal_keeps_its_let_go_as_the_first_episode(data_dir: Path) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    pia = journal.add_person("Pia", make_definition(why="x")).uid
    journal.close()
    path = data_dir / JOURNAL_FILE
    data = orjson.loads(path.read_bytes())
    old = data["people"][pia]
    del old["episodes"]
    old |= {"status": "archived", "archived_on": "2026-10-01", "archive_note": "moved"}
    data["meta"]["journal"]["schema_version"] = 1
    path.write_bytes(orjson.dumps(data))
    person = Journal.open(data_dir).person(pia)
    assert person.episodes == (LetGo(date(2026, 10, 1), "moved", None),)
    doc = {"format": "reljournal-backup", "schema_version": 1, "people": [old], "entries": [], "reviews": []}
    old |= {"archived_on": "2026-10-01"}
    assert parse_backup(orjson.dumps(doc))["people"][pia]["episodes"][0]["note"] == "moved"


_DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1))


@st.composite
def _episodes(draw: st.DrawFn) -> list[dict[str, Any]]:
    days = sorted(draw(st.lists(_DAY, max_size=7, unique=True)))
    notes = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).map(str.strip)
    out = []
    for index in range(0, len(days), 2):
        again = days[index + 1] if index + 1 < len(days) else None
        out.append(
            {
                "let_go_on": days[index].isoformat(),
                "note": draw(notes),
                "followed_again_on": again.isoformat() if again else None,
            }
        )
    return out


@settings(max_examples=60, deadline=None)
@given(_episodes())
def test_episodes_survive_a_backup_and_import_round_trip(
    tmp_path_factory: pytest.TempPathFactory, episodes: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("j")
    journal = Journal.open(folder, clock=lambda: FIXED_NOW)
    uid = journal.add_person("Pia", make_definition(why="x")).uid
    data = orjson.loads(orjson.dumps(journal.raw()))
    status = "archived" if episodes and episodes[-1]["followed_again_on"] is None else "following"
    data["people"][uid] |= {"episodes": episodes, "status": status}
    journal.replace_all(data)
    before = journal.person(uid)
    restored = parse_backup(backup_bytes(journal))
    assert person_from_dict(restored["people"][uid]) == before
    assert [e.to_dict() for e in before.episodes] == episodes
    other = Journal.open(tmp_path_factory.mktemp("k"))
    other.replace_all(restored)
    assert other.person(uid) == before and restored["meta"]["journal"]["schema_version"] == SCHEMA_VERSION


# -- follow finds who is meant -------------------------------------------------------------------


@pytest.fixture
def pia_let_go(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert cli(capsys, "follow", "Pia Extra", "--why", "x")[0] == 0
    assert cli(capsys, "unfollow", "Pia Extra", "--note", "moved")[0] == 0
    return data_dir


def test_follow_of_a_prefix_of_someone_let_go_says_how_to_bring_them_back_without_a_terminal(
    capsys: pytest.CaptureFixture[str], pia_let_go: Path
) -> None:
    before = (pia_let_go / JOURNAL_FILE).read_bytes()
    for args in (["follow", "pia"], ["follow", "pia", "--why", "x"]):
        code, out, err = cli(capsys, *args)
        assert code == 1 and out == ""
        assert "matches Pia Extra" in err and "reljournal follow 'Pia Extra'" in err and "--new" in err, err
    assert (pia_let_go / JOURNAL_FILE).read_bytes() == before
    assert len(Journal.open(pia_let_go).people()) == 1


@pytest.mark.parametrize(("reply", "following"), [("y\n", True), ("\n", False), ("no\n", False)])
def test_follow_of_a_prefix_asks_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pia_let_go: Path,
    reply: str,
    following: bool,
) -> None:
    import journal.cli.pond as pond

    asked: list[str] = []
    monkeypatch.setattr(
        pond, "ask_yes_no", lambda q: asked.append(q) or reply.strip().lower() in ("y", "yes")
    )
    code, out, _ = cli(capsys, "follow", "pia")
    assert len(asked) == 1 and "Pia Extra, whom you let go on" in asked[0]
    assert ("again" in out) if following else ("Nothing was changed" in out)
    people = Journal.open(pia_let_go).people()
    assert len(people) == 1 and people[0].following is following and len(people[0].episodes) == 1
    assert code == (0 if following else 1)


def test_follow_new_adds_a_different_person_and_follow_of_a_followed_prefix_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert cli(capsys, "follow", "Pia Extra", "--why", "x")[0] == 0
    code, _, err = cli(capsys, "follow", "Pia", "--why", "y")
    assert code == 1 and "Pia Extra is already in your pond" in err and "--new" in err
    assert cli(capsys, "follow", "Pia", "--why", "y", "--new")[0] == 0
    assert sorted(p.name for p in Journal.open(data_dir).people()) == ["Pia", "Pia Extra"]


# -- text that cannot act --------------------------------------------------------------------------

MD = MarkdownIt("commonmark")
LINK_DEFINITIONS = [
    "[foo\\](]: /url",
    "   [foo\\](]: /url",
    "[x]: /url",
    "[x]: <http://evil.example>",
    "- [x]: /url",
    "[foo\\]\\(]: <a b>",
    "[a\n]: /url",
    "[^1]: /url",
]


@pytest.mark.parametrize("line", LINK_DEFINITIONS)
def test_a_note_line_never_becomes_a_link_reference_definition(line: str) -> None:
    for note in (line, f"{line}\n\n[x] [foo\\](] [a] see [x][] and [foo\\](][]"):
        html = MD.render(quote_block(note) + "\n\n[x] [foo\\](] [a]\n")
        assert "<a " not in html, (note, html)


_NOTE = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


def _literal(text: str) -> str:
    """The words a reader sees of a note: what the export must show, whatever markup it holds."""
    return " ".join(text.split())


_MARKUP = st.text(alphabet="[]()\\:<>!*_`~#-=+>.% \nax/^$&;|", max_size=50)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_MARKUP, _NOTE))
def test_no_note_defines_a_link_or_opens_html_or_code(note: str) -> None:
    env: dict[str, Any] = {}
    tokens = MD.parse(quote_block(note) + "\n\n[ax] [a]\n", env)
    assert not env.get("references"), (note, env)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert not kinds & {"html_block", "html_inline", "fence", "code_block", "heading_open", "hr"}, note
    assert [t.type for t in tokens][-3:] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]  # nothing leaks out


@settings(max_examples=400, deadline=None)
@given(st.one_of(_MARKUP, _NOTE))
def test_plain_text_round_trips_as_literal_text_through_the_rendering(text: str) -> None:
    tokens = MD.parse(plain(text))
    children = [c for t in tokens for c in (t.children or [])]
    assert all(c.type in ("text", "softbreak") for c in children), (text, children)
    shown = "".join(c.content for c in children if c.type == "text")
    assert shown == " ".join(text.split()).replace("\x00", "\ufffd"), text


@settings(max_examples=200, deadline=None)
@given(_NOTE)
def test_terminal_text_lets_no_control_through_and_keeps_what_is_safe(text: str) -> None:
    shown = terminal_text(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", shown)
    shown.encode("utf-8")
    assert len(shown) == len(text)
    if not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]", text):
        assert shown is text


def test_terminal_text_shows_an_osc_52_as_harmless_text() -> None:
    assert terminal_text("a\x1b]52;c;aGk=\x1b\\b\x9b2J\u202ez") == "a␛]52;c;aGk=␛\\b\ufffd2J\ufffdz"


def test_export_writes_no_raw_escape_even_from_a_bad_record_in_memory(data_dir: Path) -> None:
    journal = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    sam = journal.add_person("Sam", make_definition(why="x")).uid
    journal.add_touchpoint(
        make_touchpoint(
            people=[sam], day=FIXED_NOW.date(), channel="dm", minutes=1, note="fine", now=FIXED_NOW
        )
    )
    entries = journal.entries()
    from dataclasses import replace

    entries[0] = replace(entries[0], note="\x1b]52;c;aGk=\x1b\\ \x9b2J")  # past every door, in memory only
    for text in [export_all_markdown(journal), *export_files(journal).values()]:
        assert "\x1b" not in text and "\x9b" not in text
    assert "␛]52;c;aGk=" in export_all_markdown(journal)


async def test_the_app_exports_a_journal_holding_the_edge_dates(data_dir: Path) -> None:
    from journal.tui.app import ReljournalApp

    journal = _journal_with_edge_dates(data_dir)
    app = ReljournalApp(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        titles = [n.title for n in app._notifications]
        assert "Exported" in titles and "Export failed" not in titles


def test_a_let_go_after_a_corrected_clock_keeps_the_journal_readable(data_dir: Path) -> None:
    """Let go while the clock ran ahead, followed again, clock set right, let go again: the new episode
    never starts before the last one ended, so the write is one the next read accepts."""
    now = [datetime(2026, 12, 20, 9, 0)]
    journal = Journal.open(data_dir, clock=lambda: now[0])
    sam = journal.add_person("Sam Lee", make_definition(why="x")).uid
    journal.archive(sam, "moved away")
    now[0] = datetime(2026, 12, 25, 9, 0)
    journal.refollow(sam)
    now[0] = datetime(2026, 12, 2, 9, 0)  # the clock is corrected
    journal.archive(sam, "again")
    journal.close()
    reread = Journal.open(data_dir).person(sam)
    assert [e.let_go_on for e in reread.episodes] == [date(2026, 12, 20), date(2026, 12, 25)]
    assert reread.archive_note == "again"


def test_a_record_the_next_read_would_refuse_is_never_written(journal: Journal) -> None:
    sam = journal.add_person("Sam Lee", make_definition(why="x"))
    before = journal.path.read_bytes()
    tangled = replace(
        sam,
        episodes=(
            LetGo(date(2026, 11, 10), "", date(2026, 11, 12)),
            LetGo(date(2026, 11, 1), "starts before the last ended"),
        ),
    )
    with pytest.raises(ValidationError, match="episodes"):
        journal.reinstate_person(tangled)
    assert journal.path.read_bytes() == before


def test_unfollow_of_someone_already_let_go_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert cli(capsys, "follow", "Sam Lee", "--why", "x")[0] == 0
    assert cli(capsys, "unfollow", "sam", "--note", "moving away")[0] == 0
    before = (data_dir / JOURNAL_FILE).read_bytes()
    code, _, err = cli(capsys, "unfollow", "sam", "--note", "again")
    assert code == 1 and "Sam Lee is already let go" in err and "nobody" not in err
    assert (data_dir / JOURNAL_FILE).read_bytes() == before


@pytest.mark.parametrize("week", ["٢٠٢٦-W48", "２０２６-W48", "2026-W４８"])
def test_weeks_take_ascii_digits_only_as_dates_do(capsys: pytest.CaptureFixture[str], week: str) -> None:
    with pytest.raises(ValueError):
        IsoWeek.parse(week)
    code, _, err = cli(capsys, "review", "--week", week)
    assert code != 0 and "Traceback" not in err


def test_a_note_from_stdin_loses_its_byte_order_mark(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    import io
    import sys

    assert cli(capsys, "follow", "Sam Lee", "--why", "x")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffA long talk".encode())))
    assert cli(capsys, "log", "sam", "--channel", "call", "--minutes", "5", "-")[0] == 0
    (entry,) = Journal.open(data_dir).entries()
    assert entry.note == "A long talk"
