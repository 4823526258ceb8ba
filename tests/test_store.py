"""The pond's rules and the Journal's typed API: a capped follow list, letting go keeps history,
unique names, and finding people the way a person types their name."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal.core.errors import (
    AmbiguousNameError,
    CorruptJournalError,
    DuplicateNameError,
    NotFoundError,
    PondFullError,
)
from journal.core.model import (
    DEFAULT_POND_CAP,
    MAX_POND_CAP,
    Status,
    ValidationError,
    make_definition,
    make_intention,
    make_review,
    make_touchpoint,
)
from journal.core.pond import pond_rows
from journal.core.weeks import IsoWeek
from journal.store.journal import Journal
from journal.store.paths import JOURNAL_FILE

NOW = datetime(2026, 11, 20, 18, 30)


def add(journal: Journal, name: str, **definition: object) -> str:
    return journal.add_person(name, make_definition(why="I want to hear from them", **definition)).uid


def log(journal: Journal, *uids: str, days_ago: int = 0, **fields: object) -> str:
    values: dict[str, object] = {"channel": "call", "minutes": 30}
    values.update(fields)
    tp = make_touchpoint(
        people=list(uids), day=journal.today() - timedelta(days=days_ago), now=journal.clock(), **values
    )
    return journal.add_touchpoint(tp).uid


def fill(journal: Journal, count: int) -> list[str]:
    with journal.storage.transaction():  # one write for the lot
        return [add(journal, f"Person {index:02d}") for index in range(count)]


# -- the cap -------------------------------------------------------------------------------------


def test_the_cap_defaults_to_15_and_the_16th_follow_is_refused(journal: Journal, data_dir: Path) -> None:
    assert journal.pond_cap == DEFAULT_POND_CAP == 15
    fill(journal, 15)
    before = (data_dir / JOURNAL_FILE).read_bytes()
    with pytest.raises(PondFullError) as info:
        add(journal, "Sixteen")
    assert "let someone go" in info.value.message and "15/15" in info.value.message
    assert (data_dir / JOURNAL_FILE).read_bytes() == before
    assert len(journal.following()) == 15


def test_letting_someone_go_makes_room_and_keeps_their_history(journal: Journal) -> None:
    uids = fill(journal, 15)
    tp = log(journal, uids[0], note="the last dinner")
    archived = journal.archive(uids[0], note="we grew apart")
    assert archived.status is Status.ARCHIVED and archived.archived_on == journal.today()
    assert archived.archive_note == "we grew apart"
    assert journal.entry(tp).note == "the last dinner"
    assert [t.uid for t in journal.entries_for(uids[0])] == [tp]
    assert archived in journal.archived() and archived not in journal.following()
    add(journal, "Sixteen")
    fresh = Journal.open(journal.folder)
    assert fresh.person(uids[0]).status is Status.ARCHIVED and fresh.entry(tp).people == (uids[0],)


def test_refollowing_checks_the_cap(journal: Journal) -> None:
    uids = fill(journal, 15)
    journal.archive(uids[0])
    add(journal, "Newcomer")
    with pytest.raises(PondFullError):
        journal.refollow(uids[0])
    journal.archive(uids[1])
    person = journal.refollow(uids[0])
    assert person.following and person.archived_on is None and person.archive_note == ""


def test_archiving_twice_or_refollowing_a_followed_person_is_refused(journal: Journal) -> None:
    sam = add(journal, "Sam")
    with pytest.raises(ValidationError):
        journal.refollow(sam)
    journal.archive(sam)
    with pytest.raises(ValidationError):
        journal.archive(sam)


def test_set_pond_cap_rules(journal: Journal, data_dir: Path) -> None:
    fill(journal, 5)
    journal.set_pond_cap(5)
    assert journal.pond_cap == 5
    assert Journal.open(data_dir).pond_cap == 5  # the cap is stored in the journal
    with pytest.raises(PondFullError):
        add(journal, "Sixth")
    with pytest.raises(ValidationError, match="let some go"):
        journal.set_pond_cap(4)
    for bad in (0, -1, MAX_POND_CAP + 1, True):
        with pytest.raises(ValidationError):
            journal.set_pond_cap(bad)
    journal.set_pond_cap(MAX_POND_CAP)
    add(journal, "Sixth")
    assert journal.pond_cap == MAX_POND_CAP


def test_a_hand_edited_cap_is_refused_like_any_invalid_record(journal: Journal) -> None:
    """As import refuses it: one validation at every door, so a backup of what loads always imports."""
    with journal.storage.transaction():
        data = journal.raw()
        data["meta"]["journal"]["pond_cap"] = "lots"
        journal.storage.write(data)
    with pytest.raises(CorruptJournalError, match="pond cap"):
        journal.people()


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("again", ["sam lee", "SAM LEE", "  Sam   Lee ", "ｓａｍ ｌｅｅ"])
def test_duplicate_names_are_refused_case_insensitively(journal: Journal, again: str) -> None:
    add(journal, "Sam Lee")
    with pytest.raises(DuplicateNameError) as info:
        add(journal, again)
    assert "Sam Lee" in info.value.message


def test_a_name_differing_only_in_unicode_form_is_a_duplicate(journal: Journal) -> None:
    add(journal, "Jos\u00e9")  # é as one code point
    with pytest.raises(DuplicateNameError):
        add(journal, "Jose\u0301")  # e + combining accent: looks the same
    assert journal.find_person("jose\u0301").name == "Jos\u00e9"


def test_archived_people_still_hold_their_name(journal: Journal) -> None:
    sam = add(journal, "Sam")
    journal.archive(sam)
    with pytest.raises(DuplicateNameError, match="archived"):
        add(journal, "sam")


def test_find_person(journal: Journal) -> None:
    add(journal, "Sam Lee")
    add(journal, "Samantha Ortiz")
    add(journal, "Robin")
    add(journal, "李小龍")
    assert journal.find_person("sam lee").name == "Sam Lee"  # exact wins over a prefix
    assert journal.find_person("SAMA").name == "Samantha Ortiz"  # unique prefix
    assert journal.find_person("rob").name == "Robin"
    assert journal.find_person("ortiz").name == "Samantha Ortiz"  # unique part of the name
    assert journal.find_person("李").name == "李小龍"
    with pytest.raises(AmbiguousNameError) as info:
        journal.find_person("sa")
    assert "Sam Lee" in info.value.message and "Samantha Ortiz" in info.value.message
    with pytest.raises(NotFoundError, match="nobody called"):
        journal.find_person("Kim")
    with pytest.raises(ValidationError):
        journal.find_person("   ")


def test_find_person_can_skip_archived_people(journal: Journal) -> None:
    sam = add(journal, "Sam")
    journal.archive(sam)
    assert journal.find_person("sam").uid == sam
    with pytest.raises(NotFoundError):
        journal.find_person("sam", include_archived=False)


def test_redefining_keeps_the_dated_history(journal: Journal) -> None:
    sam = add(journal, "Sam", cadence="monthly")
    new = make_definition(why="Now a close friend", cadence="weekly")
    updated = journal.redefine(sam, "Samuel", new)
    assert updated.name == "Samuel" and updated.cadence.value == "weekly"
    assert [(h.name, h.definition.cadence.value, h.replaced_at) for h in updated.history] == [
        ("Sam", "monthly", NOW)
    ]
    assert Journal.open(journal.folder).person(sam) == updated
    robin = add(journal, "Robin")
    with pytest.raises(DuplicateNameError):
        journal.redefine(robin, "samuel", new)
    assert journal.redefine(sam, "SAMUEL", new).name == "SAMUEL"  # renaming yourself is not a duplicate


# -- touchpoints and reviews ---------------------------------------------------------------------


def test_touchpoints_newest_first_and_for_several_people(journal: Journal) -> None:
    sam, robin = add(journal, "Sam"), add(journal, "Robin")
    old = log(journal, sam, days_ago=3)
    dinner = log(journal, sam, robin, channel="in-person", minutes=120)
    assert [tp.uid for tp in journal.entries()] == [dinner, old]
    assert [tp.uid for tp in journal.entries_for(robin)] == [dinner]


def test_a_touchpoint_for_an_unknown_person_is_refused(journal: Journal) -> None:
    tp = make_touchpoint(people=["f" * 32], day=journal.today(), channel="dm", minutes=1, now=NOW)
    with pytest.raises(NotFoundError):
        journal.add_touchpoint(tp)
    assert journal.entries() == []


def test_update_and_delete_touchpoints(journal: Journal) -> None:
    sam = add(journal, "Sam")
    uid = log(journal, sam, note="first")
    original = journal.entry(uid)
    changed = make_touchpoint(
        people=[sam],
        day=original.day,
        channel="video",
        minutes=45,
        note="edited",
        now=NOW,
        uid=uid,
        created_at=original.created_at,
    )
    journal.update_touchpoint(changed)
    assert Journal.open(journal.folder).entry(uid).note == "edited"
    journal.delete_touchpoint(uid)
    assert journal.entries() == [] and Journal.open(journal.folder).entries() == []
    with pytest.raises(NotFoundError):
        journal.delete_touchpoint(uid)


def test_reviews_are_saved_per_week(journal: Journal) -> None:
    sam = add(journal, "Sam")
    week = IsoWeek.of(journal.today())
    review = make_review(
        week, answers={"time": "Sam, a long call"}, intentions=[make_intention([sam], "Visit")]
    )
    saved = journal.save_review(review)
    assert saved.updated_at == NOW
    assert journal.review(week) == saved and journal.reviews() == [saved]
    assert Journal.open(journal.folder).review(week) == saved
    assert journal.review(week.shift(-1)) is None
    stranger = make_review(week, intentions=[make_intention(["e" * 32], "Meet")])
    with pytest.raises(NotFoundError):
        journal.save_review(stranger)
    assert journal.review(week) == saved


def test_pond_rows_ignore_automated_contact(journal: Journal) -> None:
    sam = add(journal, "Sam", cadence="weekly")
    log(journal, sam, days_ago=10, minutes=20)
    log(journal, sam, days_ago=1, felt="automated", minutes=1)
    (row,) = pond_rows(journal.following(), journal.entries(), journal.today())
    assert row.days_since(journal.today()) == 10 and str(row.cadence_status(journal.today())) == "overdue 3d"
    assert row.touchpoints == 2 and row.minutes_this_month == 21
