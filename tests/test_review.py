"""The weekly review model: who was seen, who is drifting, intentions, series; and its text form.

``build_sample`` is shared with the CLI and screen tests: a small, fixed journal around ISO week
2026-W47 (Mon 16 - Sun 22 Nov 2026; "today" is Friday 20 Nov).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from journal.core.depth import depth_of, weekly_minutes
from journal.core.drift import Drift, drift_of
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
from journal.report.review import (
    PersonWeek,
    WeekSummary,
    render_week_text,
    summarize_week,
    summarize_weeks,
    week_range,
)
from journal.store.journal import Journal

FIXED_NOW = datetime(2026, 11, 20, 18, 30, 0)
W47 = IsoWeek(2026, 47)


class MovableClock:
    """A clock tests can set: people are added in the past, the review is read 'today'."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sample:
    journal: Journal
    clock: MovableClock
    uids: dict[str, str]  # first name -> uid


def build_sample(folder: Path) -> Sample:
    """Six people, two weeks of reviews, and touchpoints chosen so every section has something."""
    clock = MovableClock(datetime(2026, 6, 1, 9, 0))
    journal = Journal.open(folder, clock=clock)
    people = {
        "Ada": ("Ada Okafor", Cadence.WEEKLY),
        "Ben": ("Ben Park", Cadence.MONTHLY),
        "Chloé": ("Chloé Martin", Cadence.NONE),
        "Dev": ("Dev Shah", Cadence.NONE),
        "Eun-ji": ("Eun-ji Kim", Cadence.FORTNIGHTLY),
        "Max": ("Max [b]Power[/b]", Cadence.QUARTERLY),
    }
    uids: dict[str, str] = {}
    for key, (name, cadence) in people.items():
        definition = make_definition(why=f"I want to hear what {key} thinks", cadence=cadence)
        uids[key] = journal.add_person(name, definition).uid

    def log(
        who: list[str],
        day: date,
        channel: Channel,
        minutes: int,
        initiated: Initiator = Initiator.MUTUAL,
        felt: Felt = Felt.GENUINE,
        closeness: int | None = None,
    ) -> None:
        clock.now = datetime.combine(day, datetime.min.time()).replace(hour=21)
        journal.add_touchpoint(
            make_touchpoint(
                people=[uids[w] for w in who],
                day=day,
                channel=channel,
                minutes=minutes,
                initiated_by=initiated,
                felt=felt,
                closeness=closeness,
                now=clock.now,
            )
        )

    log(["Eun-ji"], date(2026, 10, 20), Channel.VIDEO, 45)
    log(["Ben"], date(2026, 10, 1), Channel.CALL, 40, Initiator.THEM, closeness=4)
    for day in range(13):  # Chloé: a DM from me every five days
        log(
            ["Chloé"], date(2026, 9, 25) + timedelta(days=5 * day), Channel.DM, 10, Initiator.ME, Felt.ROUTINE
        )
    log(["Ada"], date(2026, 11, 10), Channel.CALL, 30, Initiator.THEM)
    log(["Ada", "Dev"], date(2026, 11, 16), Channel.IN_PERSON, 120, closeness=4)
    log(["Ben"], date(2026, 11, 17), Channel.DM, 0, Initiator.THEM, Felt.AUTOMATED)
    log(["Ada"], date(2026, 11, 18), Channel.IN_PERSON, 90, closeness=5)
    log(["Max"], date(2026, 11, 19), Channel.COMMENT, 5, Initiator.ME)
    clock.now = datetime(2026, 11, 1, 12, 0)
    journal.archive(uids["Eun-ji"], "moved away; we write at new year")

    clock.now = datetime(2026, 11, 15, 20, 0)
    call_ben = make_intention([uids["Ben"]], "Call Ben about his new job", uid="1" * 32)
    dinner = make_intention([uids["Ada"], uids["Dev"]], "Dinner with Ada and Dev", uid="2" * 32)
    journal.save_review(
        make_review("2026-W46", answers={"time": "Mostly work people."}, intentions=[call_ben, dinner])
    )
    clock.now = FIXED_NOW
    return Sample(journal, clock, uids)


@pytest.fixture
def sample(data_dir: Path) -> Iterator[Sample]:
    built = build_sample(data_dir)
    yield built
    built.journal.close()


def names(rows: list[PersonWeek]) -> list[str]:
    return [row.person.name for row in rows]


# -- the week ------------------------------------------------------------------------------------


def test_people_seen_this_week_by_name_never_ranked_by_time(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert names(summary.people) == ["Ada Okafor", "Ben Park", "Chloé Martin", "Dev Shah", "Max [b]Power[/b]"]
    assert [row.minutes for row in summary.people] != sorted(
        (row.minutes for row in summary.people), reverse=True
    )
    ada, ben, chloe, dev, _max = summary.people
    assert (ada.touchpoints, ada.minutes, ada.offline_minutes, ada.genuine) == (2, 210, 210, 2)
    assert (dev.touchpoints, dev.minutes, dev.offline_minutes) == (1, 120, 120)
    assert (chloe.touchpoints, chloe.minutes, chloe.genuine) == (1, 10, 0)
    assert (ben.touchpoints, ben.minutes, ben.automated) == (1, 0, 1)


def test_totals_count_a_shared_touchpoint_once(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert summary.touchpoints == 5
    assert summary.total_minutes == 120 + 90 + 10 + 5
    assert summary.offline_share == pytest.approx(210 / 225)


def test_reached_counts_real_contact_with_the_pond(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert summary.pond_size == 5  # Eun-ji was let go on 1 Nov
    assert summary.reached == 4  # Ben only had an automated DM
    assert [p.name for p in summary.pond] == [
        "Ada Okafor",
        "Ben Park",
        "Chloé Martin",
        "Dev Shah",
        "Max [b]Power[/b]",
    ]


def test_drifting_and_one_sided(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert summary.as_of == date(2026, 11, 20)
    assert [(p.name, d.reason) for p, d in summary.drifting] == [
        ("Ben Park", "last real contact 50 days ago; cadence monthly (31 days)")
    ]
    assert [(p.name, lean) for p, lean in summary.one_sided] == [("Chloé Martin", "me")]


def test_last_weeks_intentions_and_what_was_kept(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert [(i.text, kept) for i, kept in summary.last_week_intentions] == [
        ("Call Ben about his new job", False),
        ("Dinner with Ada and Dev", False),
    ]
    assert summary.saved is None
    sample.journal.save_review(make_review(W47, kept=["2" * 32]))
    summary = summarize_week(sample.journal, W47)
    assert [kept for _, kept in summary.last_week_intentions] == [False, True]
    assert summary.saved is not None and summary.saved.kept == frozenset({"2" * 32})


def test_series_is_twelve_weeks_ending_this_week_for_the_pond(sample: Sample) -> None:
    summary = summarize_week(sample.journal, W47)
    assert set(summary.series) == {p.uid for p in summary.pond}
    ada = summary.series[sample.uids["Ada"]]
    assert len(ada) == 12
    assert ada[-1] == 210 and ada[-2] == 30 and sum(ada) == 240
    assert summary.series[sample.uids["Ben"]][:5] == [0, 0, 0, 0, 40]  # 1 Oct is in week 40


def test_a_past_week_is_judged_as_it_stood(sample: Sample) -> None:
    w43 = IsoWeek(2026, 43)  # 19-25 Oct: Eun-ji was still in the pond, Ben not yet drifting
    summary = summarize_week(sample.journal, w43)
    assert summary.as_of == date(2026, 10, 25)
    assert summary.pond_size == 6
    assert names(summary.people) == ["Chloé Martin", "Eun-ji Kim"]
    assert summary.reached == 2
    # Ada (weekly) and Max (quarterly) had been added in June and not yet met by then.
    assert [p.name for p, _ in summary.drifting] == ["Ada Okafor", "Max [b]Power[/b]"]
    assert summary.drifting[0][1].reason == (
        "no real contact in the 146 days since you added them; cadence weekly"
    )
    assert summary.last_week_intentions == []


def test_an_empty_or_future_week(sample: Sample) -> None:
    summary = summarize_week(sample.journal, IsoWeek(2026, 49))
    assert summary.people == []
    assert summary.total_minutes == 0
    assert summary.offline_share is None
    assert summary.as_of == date(2026, 11, 20)  # judged today, not on a Sunday yet to come
    assert all(len(series) == 12 and series[-1] == 0 for series in summary.series.values())


def test_an_empty_journal(journal: Journal) -> None:
    summary = summarize_week(journal, W47)
    assert (summary.pond_size, summary.reached, summary.people, summary.drifting) == (0, 0, [], [])
    assert "reached 0 of 0" in render_week_text(summary)


def test_someone_added_after_the_week_is_not_in_its_pond(sample: Sample) -> None:
    sample.journal.add_person("Fern Lopez", make_definition(why="new neighbour", cadence="weekly"))
    assert summarize_week(sample.journal, IsoWeek(2026, 46)).pond_size == 5
    this_week = summarize_week(sample.journal, W47)
    assert this_week.pond_size == 6
    assert "Fern Lopez" not in [p.name for p, _ in this_week.drifting]  # added today


def test_matches_the_pure_functions_on_a_random_journal(data_dir: Path) -> None:
    """The review's per-person shortcuts give exactly what depth_of/drift_of give on everything."""
    rng = random.Random(47)
    clock = MovableClock(datetime(2024, 1, 1, 9, 0))
    journal = Journal.open(data_dir, clock=clock)
    journal.set_pond_cap(20)
    uids = [
        journal.add_person(f"Person {i}", make_definition(why="why", cadence=rng.choice(list(Cadence)))).uid
        for i in range(14)
    ]
    clock.now = FIXED_NOW
    for _ in range(600):
        day = FIXED_NOW.date() - timedelta(days=int(700 * rng.random() ** 2))
        journal.add_touchpoint(
            make_touchpoint(
                people=rng.sample(uids, rng.choice([1, 1, 1, 2])),
                day=day,
                channel=rng.choice(list(Channel)),
                minutes=rng.choice([0, 5, 30, 90]),
                initiated_by=rng.choice([Initiator.ME, Initiator.ME, Initiator.THEM, Initiator.MUTUAL]),
                felt=rng.choice(list(Felt)),
                now=clock.now,
            )
        )
    journal.archive(uids[0])
    everything = journal.entries()
    for week in (W47, W47.shift(-1), W47.shift(-9), W47.shift(-60), W47.shift(2)):
        summary = summarize_week(journal, week)
        expected_drift: list[tuple[Person, Drift]] = []
        expected_lean: list[tuple[Person, str]] = []
        for person in summary.pond:
            drift = drift_of(person, everything, summary.as_of)
            if drift.drifting:
                expected_drift.append((person, drift))
            lean = depth_of(person.uid, everything, summary.as_of).one_sided
            if lean:
                expected_lean.append((person, lean))
            assert summary.series[person.uid] == weekly_minutes(person.uid, everything, week.monday)
        assert summary.drifting == expected_drift
        assert summary.one_sided == expected_lean
        seen = {uid for tp in everything if week.contains(tp.day) for uid in tp.people}
        assert {row.person.uid for row in summary.people} == seen
    journal.close()


def test_summarize_weeks_matches_one_at_a_time(sample: Sample) -> None:
    weeks = [W47.shift(-back) for back in range(10)]
    many = summarize_weeks(sample.journal, weeks)
    assert list(many) == weeks
    for week in weeks:
        assert many[week] == summarize_week(sample.journal, week)


def test_a_change_or_a_new_day_is_seen_at_once(sample: Sample) -> None:
    before = summarize_week(sample.journal, W47)
    assert [p.name for p, _ in before.drifting] == ["Ben Park"]
    sample.journal.add_touchpoint(
        make_touchpoint(
            people=[sample.uids["Ben"]], day="2026-11-20", channel="call", minutes=15, now=FIXED_NOW
        )
    )
    after = summarize_week(sample.journal, W47)
    assert after.drifting == []
    assert after.total_minutes == before.total_minutes + 15
    sample.clock.now = datetime(2026, 11, 22, 9, 0)  # Sunday: the week is judged on its last day
    assert summarize_week(sample.journal, W47).as_of == date(2026, 11, 22)


def test_entries_in_any_order_give_the_same_summary(sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = summarize_weeks(sample.journal, [W47, W47.shift(-6)])
    shuffled = list(reversed(sample.journal.entries()))
    other = Journal.open(sample.journal.folder, clock=sample.clock)
    monkeypatch.setattr(other, "entries", lambda: shuffled)
    assert summarize_weeks(other, [W47, W47.shift(-6)]) == expected
    other.close()


# -- text ----------------------------------------------------------------------------------------


def test_week_range() -> None:
    assert week_range(W47) == "Mon 16 Nov – Sun 22 Nov 2026"
    assert week_range(IsoWeek(2026, 53)) == "Mon 28 Dec 2026 – Sun 3 Jan 2027"
    assert week_range(IsoWeek(2027, 1)) == "Mon 4 Jan – Sun 10 Jan 2027"
    assert week_range(IsoWeek(2025, 1)) == "Mon 30 Dec 2024 – Sun 5 Jan 2025"
    assert week_range(IsoWeek(2026, 1)) == "Mon 29 Dec 2025 – Sun 4 Jan 2026"


def test_render_week_text(sample: Sample) -> None:
    sample.journal.save_review(
        make_review(
            W47,
            answers={"time": "Ada, properly.\nDev too.", "drifting": "Ben. Not okay."},
            intentions=[make_intention([sample.uids["Ben"]], "Call Ben", uid="3" * 32)],
            kept=["2" * 32],
        )
    )
    text = render_week_text(summarize_week(sample.journal, W47))
    assert text == (
        "Week 2026-W47 · Mon 16 Nov – Sun 22 Nov 2026\n"
        "\n"
        "Time together\n"
        "  Ada Okafor         3h 30m  2 touchpoints, 3h 30m offline\n"
        "  Ben Park               0m  1 touchpoint, 1 automated\n"
        "  Chloé Martin          10m  1 touchpoint\n"
        "  Dev Shah               2h  1 touchpoint, 2h offline\n"
        "  Max [b]Power[/b]       5m  1 touchpoint\n"
        "  Total 3h 45m · offline 93% · reached 4 of 5 in your pond\n"
        "\n"
        "Drifting\n"
        "  Ben Park: last real contact 50 days ago; cadence monthly (31 days)\n"
        "\n"
        "One-sided\n"
        "  Chloé Martin: you reached out every time or nearly\n"
        "\n"
        "Last week's intentions\n"
        "  [ ] Call Ben about his new job (Ben Park)\n"
        "  [x] Dinner with Ada and Dev (Ada Okafor, Dev Shah)\n"
        "\n"
        "Reflection\n"
        "  Who did I really spend time with this week?\n"
        "    Ada, properly.\n"
        "    Dev too.\n"
        "  Who am I drifting from, and is that okay?\n"
        "    Ben. Not okay.\n"
        "\n"
        "Intentions for next week\n"
        "  - Call Ben (Ben Park)\n"
    )


def test_render_without_a_saved_review(sample: Sample) -> None:
    text = render_week_text(summarize_week(sample.journal, IsoWeek(2026, 40)))
    assert "  (no touchpoints logged this week)" not in text  # Ben and Chloé were seen
    assert "Reflection: not written yet" in text
    assert "  (none set)" in text
    empty = render_week_text(summarize_week(sample.journal, IsoWeek(2026, 49)))
    assert "  (no touchpoints logged this week)" in empty


def test_render_makes_user_text_terminal_safe() -> None:
    """Names are validated on the way in; the text form is still the second line of defence."""
    evil = Person(
        uid="e" * 32,
        name="Eve\x1b]0;pwned\x07\u202e",
        definition=make_definition(why="x"),
        created_at=FIXED_NOW,
    )
    summary = WeekSummary(
        week=W47,
        people=[PersonWeek(evil, 1, 5, 0, 1)],
        total_minutes=5,
        offline_share=0.0,
        reached=1,
        pond_size=1,
        drifting=[(evil, Drift(True, "r", 40, 31))],
        one_sided=[(evil, "them")],
        last_week_intentions=[],
        series={},
        saved=None,
        names={evil.uid: evil.name},
    )
    text = render_week_text(summary)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "Eve\\x1b]0;pwned\\x07" in text
    assert "they reached out every time or nearly" in text


def test_render_lines_up_wide_names(sample: Sample) -> None:
    sample.journal.add_person("王小明", make_definition(why="old friend"))
    wang = sample.journal.find_person("王小明").uid
    sample.journal.add_touchpoint(
        make_touchpoint(people=[wang], day="2026-11-19", channel="video", minutes=45, now=FIXED_NOW)
    )
    text = render_week_text(summarize_week(sample.journal, W47))
    assert "  王小明                45m  1 touchpoint\n" in text
    assert "  Dev Shah               2h  1 touchpoint, 2h offline\n" in text
