"""Validation at the boundary: every bad input from DESIGN's last section is refused with a field and a
message that says what to do, and everything a person might legitimately type is accepted as typed."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from journal.core.model import (
    MAX_MINUTES,
    MAX_NAME,
    Cadence,
    Channel,
    Facet,
    Felt,
    Initiator,
    ValidationError,
    clean_closeness,
    clean_date,
    clean_minutes,
    clean_name,
    clean_tags,
    clean_text,
    definition_from_dict,
    make_definition,
    make_intention,
    make_person,
    make_review,
    make_touchpoint,
    new_uid,
    person_from_dict,
    review_from_dict,
    touchpoint_from_dict,
)
from journal.core.textsafe import for_terminal

NOW = datetime(2026, 11, 20, 18, 30)
TODAY = NOW.date()
UID = "0" * 31 + "1"

ESCAPES = [
    "\x1b[31mred",  # CSI colour
    "\x1b]0;title\x07",  # OSC window title
    "\x9b31m",  # 8-bit CSI
    "bell\x07",
    "nul\x00",
    "back\x08space",
    "del\x7f",
    "bidi\u202eevil",  # right-to-left override
    "iso\u2066late",
    "bad\udcffbyte",  # what Python makes of an undecodable byte in argv (surrogateescape)
]


def refused(field: str, func: Any, *args: Any, **kwargs: Any) -> ValidationError:
    """Call ``func`` and return the ValidationError it must raise for ``field``."""
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    assert info.value.field == field, info.value
    assert info.value.message and "\n" not in info.value.message
    return info.value


def touchpoint(**overrides: Any) -> Any:
    fields: dict[str, Any] = {"people": [UID], "day": TODAY, "channel": "call", "minutes": 30, "now": NOW}
    fields.update(overrides)
    return make_touchpoint(**fields)


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", " ", "\t", "   \u00a0  ", "\u3000"])
def test_empty_or_whitespace_name_is_refused(name: str) -> None:
    error = refused("name", clean_name, name)
    assert "empty" in error.message


def test_name_must_be_text() -> None:
    refused("name", clean_name, None)
    refused("name", clean_name, 42)


def test_long_name_is_refused_with_the_limit() -> None:
    assert clean_name("x" * MAX_NAME) == "x" * MAX_NAME
    error = refused("name", clean_name, "x" * (MAX_NAME + 1))
    assert str(MAX_NAME) in error.message


@pytest.mark.parametrize("text", [*ESCAPES, "two\nlines", "car\rriage", "tab\there"])
def test_control_characters_in_a_name_are_refused(text: str) -> None:
    error = refused("name", clean_name, text)
    assert "U+" in error.message  # the message names the character so the person can find it


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Müller",
        "李小龍",
        "Ελένη",
        "Дмитрий",
        "محمد",
        "अनन्या",
        "👩‍🔬 Ada",
        "e\u0301mile",  # combining accent
        "[bold]x[/]",
        "[@click=app.quit]Sam",
        "O'Brien-Smith, Jr.",
    ],
)
def test_names_are_kept_exactly_as_typed(name: str) -> None:
    assert clean_name(name) == unicodedata.normalize("NFC", name)  # one way to write each letter


def test_name_whitespace_is_collapsed() -> None:
    assert clean_name("  Sam   Lee ") == "Sam Lee"


# -- text, notes, tags ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ESCAPES)
def test_control_characters_in_notes_are_refused(text: str) -> None:
    refused("note", touchpoint, note=text)


def test_notes_keep_newlines_tabs_markup_and_unicode() -> None:
    note = "[bold]x[/] and [@click=app.quit]quit[/]\n\n# heading\n\t- 🎉 李\u0301 ``code``"
    assert touchpoint(note=note).note == note


def test_carriage_returns_become_newlines() -> None:
    assert touchpoint(note="a\r\nb\rc").note == "a\nb\nc"


def test_a_one_megabyte_note_is_accepted() -> None:
    note = ("Long walk by the river, talked for hours. 🌊\n" * 25_000)[:1_000_000].strip()
    assert len(note.encode()) > 1_000_000 - 100
    assert touchpoint(note=note).note == note


def test_a_runaway_note_is_refused_with_the_limit() -> None:
    error = refused("note", touchpoint, note="x" * 2_000_001)
    assert "2,000,000" in error.message


def test_error_messages_stay_short_when_the_input_is_huge() -> None:
    assert len(refused("channel", touchpoint, channel="x" * 100_000).message) < 200
    assert len(refused("minutes", clean_minutes, "y" * 100_000).message) < 200
    assert len(refused("date", clean_date, "z" * 100_000, TODAY).message) < 200


def test_single_line_text_refuses_newlines() -> None:
    refused("where", clean_text, "a\nb", "where", multiline=False)
    assert clean_text(None, "where") == ""
    refused("where", clean_text, 5, "where")


@pytest.mark.parametrize("tag", ["a\x1bb", "\x9b2J", "x\u202e"])
def test_control_characters_in_tags_are_refused(tag: str) -> None:
    refused("tags", clean_tags, [tag])


def test_tags_are_normalised_and_deduplicated() -> None:
    assert clean_tags(["#Family", "family", " walk ", "", "[bold]"]) == ("family", "walk", "[bold]")
    assert clean_tags("a, b c") == ("a", "b", "c")
    assert clean_tags(None) == ()


def test_bad_tags_are_refused() -> None:
    refused("tags", clean_tags, ["two words"])
    refused("tags", clean_tags, ["x" * 41])
    refused("tags", clean_tags, [f"t{i}" for i in range(21)])
    refused("tags", clean_tags, [5])


# -- minutes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        *(-1, "-5", "--5", MAX_MINUTES + 1, 10**12, "abc", "", " ", "1.5", 1.5, "3e2", "٣٠", "²", None, [30]),
        pytest.param("9" * 5000, id="5000-digits"),
        pytest.param("-" + "9" * 5000, id="minus-5000-digits"),
    ],
)
def test_bad_minutes_are_refused(value: object) -> None:
    refused("minutes", clean_minutes, value)


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_minutes(value: bool) -> None:
    refused("minutes", clean_minutes, value)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), ("30", 30), (" 45 ", 45), (MAX_MINUTES, MAX_MINUTES)]
)
def test_good_minutes(value: object, expected: int) -> None:
    assert clean_minutes(value) == expected


def test_huge_minutes_message_says_what_to_do() -> None:
    assert "a day" in refused("minutes", clean_minutes, 100_000).message


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2026-13-01", "2025-02-29", "yesterday", "", "20/11/2026", 5, None]
)
def test_dates_that_do_not_exist_are_refused(value: object) -> None:
    refused("date", clean_date, value, TODAY)


@pytest.mark.parametrize("value", ["2026-W47", "20261120", "2026-11-20T10:00"])
def test_dates_must_be_plain_iso_days(value: str) -> None:
    error = refused("date", clean_date, value, TODAY)
    assert "YYYY-MM-DD" in error.message


def test_future_dates_are_refused() -> None:
    error = refused("date", clean_date, TODAY + timedelta(days=1), TODAY)
    assert "future" in error.message
    refused("date", clean_date, "2999-01-01", TODAY)
    refused("date", touchpoint, day="2026-11-21")


def test_good_dates() -> None:
    assert clean_date("2024-02-29", TODAY) == date(2024, 2, 29)
    assert clean_date(TODAY, TODAY) == TODAY
    assert clean_date(NOW, TODAY) == TODAY
    refused("date", clean_date, "1800-01-01", TODAY)


# -- choices -------------------------------------------------------------------------------------


def test_unknown_choices_are_refused_with_the_options() -> None:
    error = refused("channel", touchpoint, channel="carrier pigeon")
    assert "in-person" in error.message and "reaction" in error.message
    refused("felt", touchpoint, felt="sad")
    refused("initiated by", touchpoint, initiated_by="nobody")
    refused("channel", touchpoint, channel=None)
    refused("channel", touchpoint, channel=["call"])
    refused("cadence", make_definition, why="x", cadence="daily")
    refused("known via", make_definition, why="x", known_via="telepathy")
    refused("preferred channel", make_definition, why="x", preferred_channel="fax")
    refused("facets (mine)", make_definition, why="x", facets_mine=["money"])


def test_choices_accept_case_and_aliases() -> None:
    tp = touchpoint(channel=" In_Person ", felt="ROUTINE", initiated_by="Them")
    assert (tp.channel, tp.felt, tp.initiated_by) == (Channel.IN_PERSON, Felt.ROUTINE, Initiator.THEM)


def test_channel_ladder_order() -> None:
    rungs = [c.rung for c in Channel]
    assert rungs == sorted(rungs) and Channel.REACTION.rung == 1 and Channel.IN_PERSON.rung == 8
    assert Channel.IN_PERSON.offline and not Channel.VIDEO.offline


@pytest.mark.parametrize(
    "value", [0, 6, -1, "6", "x", 2.5, True, "٣", pytest.param("9" * 5000, id="5000-digits")]
)
def test_closeness_out_of_range_is_refused(value: object) -> None:
    refused("closeness", clean_closeness, value)


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), (1, 1), ("5", 5), (" 3 ", 3)])
def test_good_closeness(value: object, expected: int | None) -> None:
    assert clean_closeness(value) == expected


# -- touchpoints, definitions, people, reviews ---------------------------------------------------


def test_touchpoint_needs_people_with_real_uids() -> None:
    refused("people", touchpoint, people=[])
    refused("people", touchpoint, people=["sam"])
    assert touchpoint(people=[UID, UID]).people == (UID,)


def test_definition_needs_why() -> None:
    refused("why", make_definition, why="   ")
    refused("why", make_definition, why=None)


def test_mismatched_facets() -> None:
    definition = make_definition(
        why="x", facets_mine=["trust", "support"], facets_theirs=["trust", "channel"]
    )
    assert definition.mismatches == {Facet.SUPPORT, Facet.CHANNEL}


def test_automated_touchpoints_do_not_count_as_contact() -> None:
    assert not touchpoint(felt="automated").counts_as_contact
    assert touchpoint(felt="routine").counts_as_contact


def _full_person() -> Any:
    definition = make_definition(
        why="She sees [bold]things[/] first",
        known_via="offline",
        known_where="the choir",
        facets_mine=["trust", "motivations"],
        facets_theirs=["recommend"],
        meaning="Long\nmeaning 🌱",
        preferred_channel="in_person",
        welcome_contact="texts any time",
        cadence="monthly",
    )
    person = make_person("Ελένη 李", definition, NOW)
    later = make_definition(why="changed", cadence="weekly")
    return person.redefined("Ελένη Li", later, NOW + timedelta(days=3))


def test_person_round_trips_through_dict() -> None:
    person = _full_person()
    assert person.history and person.history[0].name == "Ελένη 李"
    assert person_from_dict(person.to_dict()) == person
    assert person_from_dict(person.to_dict()).to_dict() == person.to_dict()


def test_redefining_with_nothing_new_keeps_no_history() -> None:
    person = _full_person()
    assert person.redefined(person.name, person.definition, NOW) is person


def test_touchpoint_round_trips_through_dict() -> None:
    tp = touchpoint(
        people=[UID, new_uid()],
        channel="video",
        minutes="90",
        initiated_by="them",
        felt="genuine",
        closeness=4,
        note="[@click=app.quit]x[/]\nsecond line",
        tags=["family", "#Walk"],
    )
    assert touchpoint_from_dict(tp.to_dict()) == tp
    assert touchpoint_from_dict(tp.to_dict()).to_dict() == tp.to_dict()


def test_stored_touchpoints_stay_readable_when_the_clock_goes_back() -> None:
    later = touchpoint(now=NOW + timedelta(days=400), day=TODAY + timedelta(days=400))
    assert touchpoint_from_dict(later.to_dict()) == later  # written when the clock said 2027: still readable
    refused("date", touchpoint_from_dict, later.to_dict(), today=TODAY)  # unless a caller asks for "now"


def test_review_round_trips_through_dict() -> None:
    intention = make_intention([UID, UID], "Call [bold]Sam[/] 📞")
    review = make_review(
        "2026-W47",
        answers={"time": "Lots\nof it", "genuine": "", "drifting": "Maybe"},
        intentions=[intention],
        kept=[new_uid()],
        updated_at=NOW,
    )
    assert "genuine" not in review.answers  # empty answers are not stored
    assert intention.people == (UID,)
    assert review_from_dict(review.to_dict()) == review
    assert review_from_dict(review.to_dict()).to_dict() == review.to_dict()


def test_bad_reviews_are_refused() -> None:
    refused("week", make_review, "2026-W54")
    refused("week", make_review, "last week")
    refused("intention", make_intention, [UID], "  ")
    refused("intention", make_intention, [UID], "two\nlines")
    refused("kept", make_review, "2026-W47", kept=["nope"])


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("uid", {"uid": "short"}),
        ("name", {"name": ""}),
        ("created_at", {"created_at": "yesterday"}),
        ("created_at", {"created_at": "2026-11-20T10:00:00+02:00"}),  # local times only: no mixed sorting
        ("status", {"status": "blocked"}),
        ("episodes[0].let_go_on", {"status": "archived", "episodes": [{"let_go_on": "2026-02-30"}]}),
        ("episodes[0].let_go_on", {"status": "archived", "episodes": [{"let_go_on": 7}]}),
        ("history", {"history": "none"}),
        ("history", {"history": ["x"]}),
        ("facets (mine)", {"facets_mine": "trust"}),
    ],
)
def test_hand_edited_person_names_the_field(field: str, change: dict[str, Any]) -> None:
    data = _full_person().to_dict() | change
    refused(field, person_from_dict, data)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("people", {"people": "sam"}),
        ("tags", {"tags": "family"}),
        ("tags", {"tags": 5}),
        ("minutes", {"minutes": -3}),
        ("minutes", {"minutes": "x"}),
        ("date", {"date": "2026-02-30"}),
        ("updated_at", {"updated_at": "2026-11-20T10:00:00Z"}),
    ],
)
def test_hand_edited_touchpoint_names_the_field(field: str, change: dict[str, Any]) -> None:
    refused(field, touchpoint_from_dict, touchpoint().to_dict() | change)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("answers", {"answers": ["x"]}),
        ("intentions", {"intentions": "call sam"}),
        ("intentions", {"intentions": [5]}),
        ("kept", {"kept": "abc"}),
    ],
)
def test_hand_edited_review_names_the_field(field: str, change: dict[str, Any]) -> None:
    refused(field, review_from_dict, make_review("2026-W47").to_dict() | change)


def test_definition_defaults_survive_missing_keys() -> None:
    definition = definition_from_dict({"why": "x"})
    assert definition.cadence is Cadence.NONE and definition.preferred_channel is None


# -- terminal safety -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ESCAPES)
def test_for_terminal_leaves_no_control_characters(text: str) -> None:
    shown = for_terminal(text)
    assert all(ch.isprintable() for ch in shown), repr(shown)
    shown.encode("utf-8")  # printable to a UTF-8 terminal without an encoding error


def test_for_terminal_keeps_ordinary_text() -> None:
    text = "Zoë [bold]李[/] 👩‍🔬\nnext line\ttab"
    assert for_terminal(text) == text


def test_timezones_are_not_accepted_for_created_at() -> None:
    aware = datetime(2026, 1, 1, tzinfo=UTC).isoformat()
    refused("created_at", touchpoint_from_dict, touchpoint().to_dict() | {"created_at": aware})
