"""Markdown export: golden files, real YAML and CommonMark parsers, escaping, determinism, privacy.

Golden files live in tests/golden/. After an intended change to the export (or to the depth, drift
or review wording it shows), regenerate them with ``RELJOURNAL_UPDATE_GOLDEN=1 pytest tests/test_export.py``
and read the diff.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from conftest import FIXED_NOW
from hypothesis import HealthCheck, example, given, settings, strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

import journal.core.model as model
from journal.core.drift import drift_of
from journal.core.errors import JournalError
from journal.core.model import (
    MAX_NOTE,
    ValidationError,
    clean_name,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
)
from journal.core.weeks import IsoWeek
from journal.report.export import (
    ExportError,
    check_export_folder,
    default_export_path,
    export_all_markdown,
    export_files,
    export_person_markdown,
    export_person_to_folder,
    export_to_folder,
    export_week_markdown,
    export_week_to_folder,
    person_path,
    week_path,
)
from journal.report.exportfs import MARKER_FILE
from journal.report.mdsafe import link_label, plain, quote_block
from journal.report.review import summarize_week
from journal.report.yamlfront import front_matter, quote
from journal.store.journal import Journal

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RELJOURNAL_UPDATE_GOLDEN") == "1"
MD = MarkdownIt("commonmark")
WIKILINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]|]+))?\]\]")

UIDS = {
    "sam": "5a" * 16,
    "sam2": "5b" * 16,
    "odd": "0d" * 16,
    "zoe": "20" * 16,
    "li": "11" * 16,
    "wave": "3e" * 16,
}

NASTY_NOTE = """---
title: not front matter
---
# Not a heading
Setext?
===
<div onclick="x">html block</div> and <b>inline</b>
[[Sam Lee]] and ![[embed]] and %%comment%% and $x^2$
```python
fenced
```
    indented code
> nested quote
[ref]: https://example.com
* * *
- a list item
1. and a numbered one
[bold]Rich[/] [@click=app.quit]x[/]"""


# --------------------------------------------------------------------------------------------
# A small fixed journal


def build_sample(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Journal:
    """A journal with fixed uids and clock: look-alike, odd and non-Latin names, history, reviews."""
    queue = iter(UIDS.values())
    monkeypatch.setattr(model, "new_uid", lambda: next(queue))
    now = [datetime(2026, 3, 2, 9, 0)]
    journal = Journal.open(folder, clock=lambda: now[0])

    def person(name: str, **definition: Any) -> model.Person:
        return journal.add_person(name, make_definition(**definition))

    sam_definition: dict[str, Any] = {
        "why": "Sam asks the questions nobody else asks.",
        "known_via": "both",
        "known_where": "the climbing gym",
        "facets_mine": ["motivations", "trust", "interests"],
        "facets_theirs": ["trust", "recommend"],
        "meaning": "A friend who *really* listens.\n\nWe met on a wet Tuesday.",
        "preferred_channel": "call",
        "welcome_contact": "Calls at weekends; no texts after 10pm.",
        "cadence": "monthly",
    }
    sam = person("Sam Lee", **sam_definition)
    now[0] = datetime(2026, 4, 1, 10, 0)
    sam2 = person("Sam-Lee", why="A different Sam.")
    odd = person('O\'Brien: "Bee" [bold]x[/] #1 | ^a', why="An odd name, on purpose.", known_via="online")
    zoe = person("Zoë Ångström", why="Her letters.", preferred_channel="letter", cadence="quarterly")
    li = person("李小龙", why="Kung fu.", known_via="offline", meaning=NASTY_NOTE)
    wave = person("🌊", why="Only an emoji.")
    now[0] = datetime(2026, 5, 1, 12, 0)
    sam_definition.update(
        why="Sam asks the questions nobody else asks.\nAnd listens to the answers.",
        facets_mine=["motivations", "trust"],
    )
    journal.redefine(sam.uid, "Sam Lee", make_definition(**sam_definition))
    now[0] = datetime(2026, 11, 1, 12, 0)
    journal.archive(li.uid, "We drifted apart, and that's okay.")
    now[0] = FIXED_NOW
    tps = itertools.count(1)

    def log(people: list[model.Person], day: str, channel: str, minutes: int, **kw: Any) -> None:
        uid = f"{next(tps):02x}" * 16
        journal.add_touchpoint(
            make_touchpoint(
                people=[p.uid for p in people],
                day=day,
                channel=channel,
                minutes=minutes,
                now=now[0],
                uid=uid,
                **kw,
            )
        )

    log(
        [sam],
        "2026-11-18",
        "call",
        45,
        initiated_by="them",
        closeness=4,
        tags=["catch-up"],
        note="Talked about:\n- her new job\n- the kids\n\nFelt **good**. See [her blog](https://example.com).",
    )
    log(
        [sam, zoe],
        "2026-11-14",
        "in-person",
        120,
        tags=["dinner", "food_and_wine", "c++"],
        note="Dinner at Zoë's: $20 each, 100% fun. <script>alert(1)</script>",
    )
    log([odd], "2026-11-10", "dm", 0, felt="automated", note=NASTY_NOTE)
    log([zoe], "2026-11-03", "letter", 30, initiated_by="me", felt="routine")
    log([sam2, wave], "2026-10-20", "video", 25, closeness=2, note="Both at once.")
    log([li], "2026-09-01", "email", 10, note="Last one.")
    intention = make_intention([sam.uid], "Call Sam about the trip [soon]", uid="1f" * 16)
    journal.save_review(
        make_review(
            "2026-W46",
            answers={
                "time": "Mostly Sam and Zoë.",
                "genuine": "Dinner.\n# not a heading",
                "my own: *question*": "Yes.",
            },
            intentions=[intention, make_intention([], "Write to nobody in particular", uid="2f" * 16)],
        )
    )
    journal.save_review(make_review("2026-W47", answers={"time": "Sam again."}, kept=["1f" * 16]))
    journal.save_review(make_review("2026-W40"))  # a review with nothing in it still gets a file
    return journal


@pytest.fixture
def sample(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journal]:
    journal = build_sample(data_dir, monkeypatch)
    yield journal
    journal.close()


# --------------------------------------------------------------------------------------------
# Parsing helpers


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter parsed by PyYAML, Markdown body); the front matter ends at the first ``---``."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3)
    matter = yaml.safe_load(text[4 : end + 1])
    assert isinstance(matter, dict)
    return matter, text[end + 5 :]


def parse(body: str) -> tuple[list[Token], dict[str, Any]]:
    env: dict[str, Any] = {}
    return MD.parse(body, env), env


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(tok.tag, tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "heading_open"]


def all_tokens(tokens: list[Token]) -> Iterator[Token]:
    for tok in tokens:
        yield tok
        if tok.children:
            yield from all_tokens(tok.children)


def inline_text(tok: Token) -> str:
    assert tok.children is not None
    assert {child.type for child in tok.children} <= {"text"}, [c.type for c in tok.children]
    return "".join(child.content for child in tok.children)


def has_unescaped(text: str, pattern: str) -> bool:
    """Does ``pattern`` occur with none of its characters backslash-escaped?"""
    index = 0
    plain_chars: list[tuple[int, str]] = []
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            index += 2
            plain_chars.append((index - 1, "\0"))
            continue
        plain_chars.append((index, text[index]))
        index += 1
    flat = "".join(char for _, char in plain_chars)
    return pattern in flat


def check_markdown(text: str) -> tuple[dict[str, Any], list[Token]]:
    """Front matter and body both parse; the body has no HTML and defines no link references."""
    matter, body = split(text)
    tokens, env = parse(body)
    kinds = {tok.type for tok in all_tokens(tokens)}
    assert not kinds & {"html_block", "html_inline", "hr", "code_block", "fence"}, kinds
    assert not env.get("references"), env.get("references")
    assert text.endswith("\n") and not text.endswith("\n\n")
    return matter, tokens


# --------------------------------------------------------------------------------------------
# Golden files


def _compare_tree(actual: dict[str, str], golden_dir: Path) -> None:
    if UPDATE:
        shutil.rmtree(golden_dir, ignore_errors=True)
        for relative, text in actual.items():
            path = golden_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
    expected = {
        path.relative_to(golden_dir).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(golden_dir.rglob("*.md"))
    }
    assert sorted(actual) == sorted(expected)
    for relative, text in actual.items():
        assert text == expected[relative], f"{relative} differs from tests/golden (see module docstring)"


def test_folder_export_matches_the_golden_files(sample: Journal, tmp_path: Path) -> None:
    written = export_to_folder(sample, tmp_path / "out")
    actual = {path.relative_to(tmp_path / "out").as_posix(): path.read_text("utf-8") for path in written}
    assert next(iter(actual)) == "index.md"
    _compare_tree(actual, GOLDEN / "folder")


def test_one_document_export_matches_the_golden_file(sample: Journal) -> None:
    _compare_tree({"journal.md": export_all_markdown(sample)}, GOLDEN / "one-document")


def test_folder_layout(sample: Journal) -> None:
    files = export_files(sample)
    assert sorted(files) == [
        "index.md",
        "people/obrien-bee-bold-x-1-a.md",
        "people/person-3e3e3e.md",
        "people/sam-lee-5b5b5b.md",
        "people/sam-lee.md",
        "people/zoë-ångström.md",
        "people/李小龙.md",
        "weeks/2026-W36.md",
        "weeks/2026-W40.md",
        "weeks/2026-W43.md",
        "weeks/2026-W45.md",
        "weeks/2026-W46.md",
        "weeks/2026-W47.md",
    ]


def test_single_person_and_week_exports_are_the_folder_files(sample: Journal) -> None:
    files = export_files(sample)
    sam = sample.find_person("Sam Lee")
    assert export_person_markdown(sample, sam.uid) == files["people/sam-lee.md"]
    week = IsoWeek.parse("2026-W46")
    assert export_week_markdown(sample, week) == files[week_path(week)]
    assert person_path("sam-lee") == "people/sam-lee.md"


# --------------------------------------------------------------------------------------------
# Real parsers


def test_every_file_parses_and_front_matter_round_trips_every_name(sample: Journal) -> None:
    files = export_files(sample)
    people = {p.uid: p for p in sample.people()}
    stems = {relative.rsplit("/", 1)[-1][: -len(".md")] for relative in files}
    for relative, text in files.items():
        matter, tokens = check_markdown(text)
        linked = [
            split(text)[1],
            *(item for value in matter.values() if isinstance(value, list) for item in value),
        ]
        for target, label in WIKILINK.findall("\n".join(linked)):  # property values as YAML reads them
            assert target in stems, f"{relative}: [[{target}]] points at no exported file"
            if label:  # a person's link: its label is one of that person's aliases
                target_matter, _ = split(files[person_path(target)])
                assert label in target_matter["aliases"], (label, target_matter["aliases"])
        for link in (tok for tok in all_tokens(tokens) if tok.type == "link_open" and relative == "index.md"):
            assert unquote(str(link.attrGet("href"))) in files, link.attrGet("href")
        if relative.startswith("people/"):
            person = people[matter["uid"]]
            assert matter["name"] == person.name
            assert person.name in matter["aliases"]
            assert matter["tags"] == ["reljournal/person", f"reljournal/{person.status.value}"]
            assert matter["following_since"] == person.created_at.date()
            assert matter["archived_on"] == person.archived_on
            assert headings(tokens)[0] == ("h1", plain(person.name))
            assert inline_text(tokens[1]) == person.name
        elif relative.startswith("weeks/"):
            week = IsoWeek.parse(matter["week"])
            assert (matter["start"], matter["end"]) == (week.monday, week.sunday)
            assert matter["tags"] == ["reljournal/week"]


def test_person_front_matter_fields(sample: Journal) -> None:
    sam = sample.find_person("Sam Lee")
    matter, _ = split(export_person_markdown(sample, sam.uid))
    assert matter == {
        "name": "Sam Lee",
        "aliases": ["Sam Lee"],
        "tags": ["reljournal/person", "reljournal/following"],
        "status": "following",
        "following_since": date(2026, 3, 2),
        "archived_on": None,
        "cadence": "monthly",
        "preferred_channel": "call",
        "facets_mine": ["motivations", "trust"],
        "facets_theirs": ["trust", "recommend"],
        "depth": matter["depth"],
        "last_touch": date(2026, 11, 18),
        "drifting": False,
        "drift": "last real contact 2 days ago, within your monthly cadence",
        "uid": sam.uid,
    }
    assert matter["depth"] in ("Not yet", "Surface", "Conversation", "Personal", "Deep")


def test_odd_names_link_with_a_lookalike_label_kept_in_aliases(sample: Journal) -> None:
    odd = sample.find_person("O'Brien")
    matter, _ = split(export_person_markdown(sample, odd.uid))
    label = link_label(odd.name)
    assert matter["aliases"] == [odd.name, label]
    assert not set("[]|#^") & set(label)
    week = export_week_markdown(sample, IsoWeek.parse("2026-W46"))
    assert f"[[obrien-bee-bold-x-1-a|{label}]]" in week


def test_a_nasty_note_stays_inside_its_quote(sample: Journal) -> None:
    odd = sample.find_person("O'Brien")
    text = export_person_markdown(sample, odd.uid)
    matter, tokens = check_markdown(text)
    assert matter["name"] == odd.name
    assert [h for h in headings(tokens) if h[0] == "h3"] == [("h3", "2026-11-10 · direct message · 0m")]
    quotes = [tok for tok in tokens if tok.type == "blockquote_open"]
    assert all(tok.level == 0 for tok in quotes)
    for needle in ("[[Sam Lee]]", "![[embed]]", "%%", "$x"):
        assert not has_unescaped(text, needle)


def test_notes_keep_their_markdown(sample: Journal) -> None:
    sam = sample.find_person("Sam Lee")
    _, tokens = check_markdown(export_person_markdown(sample, sam.uid))
    kinds = [tok.type for tok in all_tokens(tokens)]
    assert "strong_open" in kinds and "em_open" in kinds and "bullet_list_open" in kinds
    links = [tok.attrGet("href") for tok in all_tokens(tokens) if tok.type == "link_open"]
    assert links == ["https://example.com"]


# --------------------------------------------------------------------------------------------
# Determinism


def test_export_is_deterministic(sample: Journal, data_dir: Path) -> None:
    first = export_files(sample)
    assert export_files(sample) == first
    assert export_all_markdown(sample) == export_all_markdown(sample)
    reopened = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    try:
        assert export_files(reopened) == first
    finally:
        reopened.close()


# --------------------------------------------------------------------------------------------
# Obsidian: links in properties, one type per property name


def test_week_notes_list_their_people_as_quoted_wikilinks(sample: Journal) -> None:
    files = export_files(sample)
    slugs = {
        split(files[r])[0]["uid"]: r[len("people/") : -len(".md")] for r in files if r.startswith("people/")
    }
    weeks = [r for r in files if r.startswith("weeks/")]
    assert weeks
    for relative in weeks:
        text = files[relative]
        matter, _ = split(text)
        summary = summarize_week(sample, IsoWeek.parse(matter["week"]))
        expected = []
        for row in summary.people:
            slug, name = slugs[row.person.uid], row.person.name
            expected.append(f"[[{slug}]]" if slug == name else f"[[{slug}|{link_label(name)}]]")
        assert matter["people"] == expected
        raw = text[: text.index("\n---\n", 3)].split("\npeople:", 1)[1].split("\nreviewed:")[0]
        assert raw == (
            "".join(f"\n  - {quote(link)}" for link in expected) or " []"
        )  # quoted: YAML keeps [[ ]]
    sam_lee = split(files["weeks/2026-W47.md"])[0]["people"]
    assert "[[sam-lee|Sam Lee]]" in sam_lee


def test_person_notes_link_the_weeks_of_their_touchpoints(sample: Journal) -> None:
    files = export_files(sample)
    for relative, text in files.items():
        if relative.startswith("people/"):
            uid = split(text)[0]["uid"]
            weeks = {str(IsoWeek.of(tp.day)) for tp in sample.entries() if uid in tp.people}
            linked = {target for target, _ in WIKILINK.findall(text) if re.fullmatch(r"\d{4}-W\d{2}", target)}
            assert linked == weeks, relative


def test_a_property_has_one_type_in_every_note_and_every_note_of_a_kind_has_them_all(
    sample: Journal, journal: Journal
) -> None:
    notes = [*export_files(sample).values(), export_all_markdown(sample), *export_files(journal).values()]
    types: dict[str, set[type]] = {}
    kinds: dict[str, set[frozenset[str]]] = {}
    for text in notes:
        matter, _ = split(text)
        kinds.setdefault(matter["tags"][0], set()).add(frozenset(matter))
        for key, value in matter.items():
            types.setdefault(key, set()).add(type(value))
    nullable = {"archived_on", "last_touch", "preferred_channel"}
    for key, seen in types.items():
        assert len(seen - {type(None)}) == 1, (key, seen)  # a list is a list even empty or of one
        assert type(None) not in seen or key in nullable, key
    assert all(len(keys) == 1 for keys in kinds.values()), kinds


def test_person_notes_say_who_is_drifting(journal: Journal) -> None:
    ana = journal.add_person("Ana", make_definition(why="to hear her", cadence="weekly"))
    journal.add_touchpoint(
        make_touchpoint(people=[ana.uid], day=date(2026, 10, 30), channel="call", minutes=30, now=FIXED_NOW)
    )
    bo = journal.add_person("Bo", make_definition(why="to hear him", cadence="weekly"))
    journal.add_touchpoint(
        make_touchpoint(people=[bo.uid], day=date(2026, 11, 19), channel="call", minutes=30, now=FIXED_NOW)
    )
    files = export_files(journal)
    ana_matter, bo_matter = split(files["people/ana.md"])[0], split(files["people/bo.md"])[0]
    assert ana_matter["drifting"] is True and bo_matter["drifting"] is False
    assert ana_matter["drift"] == drift_of(ana, journal.entries(), journal.today()).reason
    assert ana_matter["drift"].startswith("last real contact 21 days ago; cadence weekly")
    journal.archive(ana.uid, "moved away")
    archived = split(export_files(journal)["people/ana.md"])[0]
    assert (archived["drifting"], archived["drift"]) == (False, "")  # only the pond drifts


# --------------------------------------------------------------------------------------------
# Writing files


def test_exported_files_are_private(sample: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "new" / "export"
    written = export_to_folder(sample, folder)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for directory in (folder, folder / "people", folder / "weeks"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert [p.name for p in folder.rglob(".*")] == [MARKER_FILE]  # no temp files left behind


def test_exporting_again_into_an_earlier_export_replaces_its_files(sample: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    export_to_folder(sample, folder)
    (folder / "people" / "sam-lee.md").write_text("stale")
    (folder / ".obsidian").mkdir()
    export_to_folder(sample, folder)
    assert (folder / "people" / "sam-lee.md").read_text("utf-8") == export_files(sample)["people/sam-lee.md"]


def test_a_folder_with_other_files_is_refused_and_left_alone(sample: Journal, tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("my own notes")
    (tmp_path / "todo.txt").write_text("x")
    with pytest.raises(ExportError, match="already holds other files"):
        export_to_folder(sample, tmp_path)
    assert (tmp_path / "index.md").read_text() == "my own notes"
    assert not (tmp_path / "people").exists()
    only_index = tmp_path / "b"
    only_index.mkdir()
    (only_index / "index.md").write_text("---\ntitle: mine\n---\n")
    with pytest.raises(ExportError):
        check_export_folder(only_index)
    a_file = tmp_path / "todo.txt"
    with pytest.raises(ExportError, match="is a file"):
        export_to_folder(sample, a_file)


def test_one_person_or_week_into_an_export_folder(sample: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    files = export_files(sample)
    zoe = sample.find_person("Zoë")
    path = export_person_to_folder(sample, zoe.uid, folder)
    assert path == folder / "people" / "zoë-ångström.md"
    assert path.read_text("utf-8") == files["people/zoë-ångström.md"]
    week = export_week_to_folder(sample, IsoWeek.parse("2026-W47"), folder)
    assert week.read_text("utf-8") == files["weeks/2026-W47.md"]
    export_to_folder(sample, folder)  # a partial export folder is still an export folder
    assert stat.S_IMODE(week.stat().st_mode) == 0o600
    assert issubclass(ExportError, JournalError)


def test_default_export_path_is_inside_the_data_folder(sample: Journal, data_dir: Path) -> None:
    assert default_export_path(sample) == data_dir / "export"
    written = export_to_folder(sample, default_export_path(sample))
    assert all(path.is_relative_to(data_dir / "export") for path in written)


def test_an_empty_journal_exports(journal: Journal, tmp_path: Path) -> None:
    text = export_all_markdown(journal)
    matter, _ = check_markdown(text)
    assert matter == {
        "title": "reljournal",
        "tags": ["reljournal/export"],
        "people_count": 0,
        "weeks_count": 0,
    }
    assert [p.name for p in export_to_folder(journal, tmp_path / "e")] == ["index.md"]


# --------------------------------------------------------------------------------------------
# Front matter emitter


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        'a "quoted" name: yes',
        "---",
        "- item",
        "# x",
        "null",
        "true",
        "2026-11-20",
        "0x1f",
        "1e3",
        "~",
        "'",
        "a\\b",
        "tab\there",
        "line\nbreak",
        "\u2028\u2029\x85\ufeff",
        "\x1b[31mred",
        "é中🌊",
        " lead ",
    ],
)
def test_quoted_strings_read_back_exactly_in_yaml_and_json(text: str) -> None:
    assert yaml.safe_load(f"key: {quote(text)}") == {"key": text}
    assert json.loads(quote(text)) == text
    assert "\n" not in quote(text)


def test_front_matter_values() -> None:
    text = front_matter(
        [
            ("s", "x"),
            ("n", 3),
            ("b", False),
            ("none", None),
            ("d", date(2026, 11, 20)),
            ("l", ["a", "b"]),
            ("e", []),
        ]
    )
    assert yaml.safe_load(text.strip("-\n")) == {
        "s": "x",
        "n": 3,
        "b": False,
        "none": None,
        "d": date(2026, 11, 20),
        "l": ["a", "b"],
        "e": [],
    }
    with pytest.raises(ValueError):
        front_matter([("Bad Key", 1)])
    with pytest.raises(TypeError):
        front_matter([("x", 1.5)])  # type: ignore[list-item]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_any_string_survives_yaml_front_matter(text: str) -> None:
    matter = front_matter([("name", text), ("aliases", [text, text + "!"])])
    lines = matter.split("\n")
    assert lines.count("---") == 2 and lines[0] == "---"
    assert yaml.safe_load(matter.strip().removeprefix("---").removesuffix("---")) == {
        "name": text,
        "aliases": [text, text + "!"],
    }


# --------------------------------------------------------------------------------------------
# Escaping: names and notes

_MARKUP = [
    *"#>-+*_=`~<>[]()!|\\$%&;:/.'\"{}^@ \t\n0123456789",
    "---",
    "===",
    "```",
    "~~~",
    "    ",
    "[[",
    "]]",
    "<div>",
    "</b>",
    "<!--",
    "&amp;",
    "&#x1F30A;",
    "[x]: /u",
    "1. ",
    "- ",
    "* ",
    "[bold]",
    "[/]",
    "[@click=app.quit]",
    "%%",
    "$$",
    "![[",
    "<https://x.y>",
    "\\\n",
    "  \n",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_MARKUP), st.characters(codec="utf-8")), max_size=60).map("".join)


def _name(text: str) -> str:
    try:
        return clean_name(text)
    except ValidationError:
        return ""


def _note_ok(text: str) -> bool:
    try:
        model.clean_text(text, "note", limit=MAX_NOTE)
    except ValidationError:
        return False
    return True


NAMES = _TEXT.map(_name).filter(bool)
NOTES = _TEXT.filter(_note_ok).map(lambda text: model.clean_text(text, "note", limit=MAX_NOTE))


@settings(max_examples=400, deadline=None)
@given(NAMES)
@example("# [bold]x[/] <b>y</b> *z* `c` &amp; 1. | ^ $m$ %%c%% ==h== ~~s~~")
@example("- Sam")
@example("1) Sam")
def test_a_name_is_literal_text_wherever_it_appears(name: str) -> None:
    escaped = plain(name)
    for body in (f"# {escaped}\n", f"- {escaped}\n", f"{escaped}\n", f"## x\n\nsee {escaped} here\n"):
        tokens, env = parse(body)
        inline = [tok for tok in tokens if tok.type == "inline"]
        assert len([tok for tok in tokens if tok.type.endswith("_open") and tok.level == 0]) == (
            2 if "##" in body else 1
        )
        text = inline_text(inline[-1])
        assert name in text
        assert not env.get("references")
    tokens, _ = parse(f"[{escaped}](people/x.md)\n")
    link = tokens[1].children
    assert link is not None and [t.type for t in link] == [
        "link_open",
        *["text"] * (len(link) - 2),
        "link_close",
    ]
    assert "".join(t.content for t in link[1:-1]) == name


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_a_link_label_is_valid_in_obsidian_and_plain_in_commonmark(name: str) -> None:
    label = link_label(name)
    assert not set("[]|\n") & set(label)
    raw = f"[[some-slug|{label}]]"
    tokens, _ = parse(f"with {raw} today\n")
    assert inline_text(tokens[1]) == f"with {raw} today"


_SKELETON_HEADINGS = [("h1", "Title"), ("h3", "After")]


def _embed(note: str) -> str:
    return f"# Title\n\nbefore\n\n{quote_block(note)}\n\nafter\n\n### After\n"


@settings(max_examples=500, deadline=None)
@given(_TEXT)
@example(NASTY_NOTE)
@example("- ---\n- - -\n+ ===\n1.\n-\n*")
@example("line\n--")
@example("a `code\n<div>` b\n` <img src=x>`")
@example("\\[[x]] [\\[y]] \\%%z")
def test_a_note_cannot_change_the_structure_around_it(note: str) -> None:
    quoted = quote_block(note)
    body = _embed(note)
    tokens, env = parse(body)
    assert headings(tokens) == _SKELETON_HEADINGS
    kinds = {tok.type for tok in all_tokens(tokens)}
    assert not kinds & {"html_block", "html_inline", "hr", "code_block", "fence"}, kinds
    assert not env.get("references")
    opens = [tok for tok in tokens if tok.type == "blockquote_open"]
    assert len(opens) == (1 if quoted else 0) and all(tok.level == 0 for tok in opens)
    top = [
        tokens[i + 1].content
        for i, tok in enumerate(tokens)
        if tok.type == "paragraph_open" and tok.level == 0
    ]
    assert top == ["before", "after"]
    for marker in ("[[", "%%", "$"):
        assert not has_unescaped(quoted, marker), marker
    assert all(line == ">" or line.startswith("> ") for line in quoted.split("\n") if quoted)


def test_a_note_keeps_its_words_and_line_breaks() -> None:
    tokens, _ = parse(quote_block("first line\nsecond line\n\n\n\nnew paragraph"))
    kinds = [tok.type for tok in all_tokens(tokens)]
    assert kinds.count("hardbreak") == 1 and kinds.count("paragraph_open") == 2
    assert quote_block("") == "" and quote_block("\n  \n") == ""


def test_a_huge_note_exports_quickly() -> None:
    note = ("- item with <b>html</b> and [[link]] $5\n" * 30_000)[:MAX_NOTE]
    quoted = quote_block(note)
    assert quoted.count("\n") == note.count("\n") - 1


# --------------------------------------------------------------------------------------------
# End to end with arbitrary names and notes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(NAMES, min_size=1, max_size=3, unique_by=str.casefold), NOTES)
def test_any_names_and_notes_export_safely(names: list[str], note: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        journal = Journal.open(root / "data", clock=lambda: FIXED_NOW)
        try:
            people = [journal.add_person(name, make_definition(why="x", meaning=note)) for name in names]
            journal.add_touchpoint(
                make_touchpoint(
                    people=[p.uid for p in people],
                    day=FIXED_NOW.date(),
                    channel="call",
                    minutes=5,
                    note=note,
                    now=FIXED_NOW,
                )
            )
            folder = root / "export"
            written = export_to_folder(journal, folder)
            assert len(written) == 1 + len(people) + 1
            for path in written:
                assert path.resolve().is_relative_to(folder.resolve())
                text = path.read_text("utf-8")
                matter, tokens = check_markdown(text)
                if path.parent.name == "people":
                    person = next(p for p in people if p.uid == matter["uid"])
                    assert matter["name"] == person.name
                    assert inline_text(tokens[1]) == person.name
                    # the sections are the exporter's, whatever the note says
                    assert [h for h in headings(tokens) if h[0] == "h2"][:2] == [
                        ("h2", "What this relationship means to me"),
                        ("h2", "Why I follow them"),
                    ]
            assert {p.name for p in folder.iterdir()} == {"index.md", "people", "weeks", MARKER_FILE}
            check_markdown(export_all_markdown(journal))
        finally:
            journal.close()


def test_a_new_export_folder_and_its_subfolders_are_private(journal: Journal, tmp_path: Path) -> None:
    journal.add_person("Ada", make_definition(why="she explains things well"))
    target = tmp_path / "new" / "export"
    export_to_folder(journal, target)
    for folder in (target, target / "people"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
