"""The demo journal: realistic, varied, deterministic, and nowhere near the real journal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.core.drift import drift_of
from journal.core.model import Channel, Felt, Initiator
from journal.core.pond import CadenceState, pond_rows
from journal.core.weeks import IsoWeek
from journal.store.journal import Journal
from journal.store.sample import build_demo_journal

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Journal]:
    journal = build_demo_journal(tmp_path / "demo", TODAY)
    yield journal
    journal.close()


def test_the_same_day_gives_the_same_journal(tmp_path: Path) -> None:
    first = build_demo_journal(tmp_path / "a", TODAY)
    second = build_demo_journal(tmp_path / "b", TODAY)
    assert first.path.read_bytes() == second.path.read_bytes()
    first.close()
    second.close()


def test_a_pond_with_people_let_go(demo: Journal) -> None:
    following, archived = demo.following(), demo.archived()
    assert len(following) == 9
    assert len(archived) == 2
    assert all(person.archive_note for person in archived)
    assert len(following) < demo.pond_cap
    cadences = {person.cadence for person in demo.people()}
    assert len(cadences) >= 4
    assert any(person.definition.mismatches for person in following)
    assert any(person.history for person in following)  # a definition that changed
    assert {person.definition.known_via for person in following} == {"online", "offline", "both"}


def test_six_months_of_varied_touchpoints(demo: Journal) -> None:
    entries = demo.entries()
    assert len(entries) > 150
    days = [tp.day for tp in entries]
    assert max(days) <= TODAY
    assert min(days) <= TODAY - timedelta(days=150)
    assert set(Counter(tp.channel for tp in entries)) == set(Channel)
    felt = Counter(tp.felt for tp in entries)
    assert felt[Felt.AUTOMATED] >= 3 and felt[Felt.GENUINE] > felt[Felt.ROUTINE]
    initiated = Counter(tp.initiated_by for tp in entries)
    assert all(initiated[who] > 10 for who in Initiator)
    assert any(len(tp.people) > 1 for tp in entries)  # dinners with several friends
    assert sum(1 for tp in entries if tp.note) > len(entries) / 2
    assert sum(1 for tp in entries if tp.tags) > len(entries) / 3
    assert any(tp.closeness for tp in entries)
    for person in demo.following():
        assert demo.entries_for(person.uid), person.name


def test_some_people_are_drifting(demo: Journal) -> None:
    entries = demo.entries()
    drifting = [p.name for p in demo.following() if drift_of(p, entries, TODAY).drifting]
    assert 1 <= len(drifting) <= 4
    statuses = [row.cadence_status(TODAY) for row in pond_rows(demo.following(), entries, TODAY)]
    assert any(status.state is CadenceState.OVERDUE for status in statuses)
    assert sum(status.state is CadenceState.ON_TRACK for status in statuses) >= 4


def test_last_weeks_review_with_intentions(demo: Journal) -> None:
    last_week = IsoWeek.of(TODAY).shift(-1)
    review = demo.review(last_week)
    assert review is not None
    assert review.answers and review.intentions
    people = {p.uid for p in demo.people()}
    assert all(set(i.people) <= people for i in review.intentions)
    earlier = demo.review(last_week.shift(-1))
    assert earlier is not None
    assert review.kept <= {i.uid for i in earlier.intentions}
    assert review.kept


def test_the_real_journal_is_untouched(tmp_path: Path, data_dir: Path) -> None:
    build_demo_journal(tmp_path / "demo", TODAY).close()
    assert not data_dir.exists()
    assert (tmp_path / "demo" / "journal.json").is_file()


def test_the_demo_reads_back_cleanly(demo: Journal) -> None:
    fresh = Journal.open(demo.folder)
    assert [p.name for p in fresh.people()] == [p.name for p in demo.people()]
    assert len(fresh.entries()) == len(demo.entries())
    fresh.close()
