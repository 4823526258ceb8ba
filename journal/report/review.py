"""The weekly review as data: who you spent time with, who is drifting, what you meant to do.

Pure (no Textual). ``summarize_week`` reads the journal once and indexes the touchpoints by person in
a single pass, so a 10,000-touchpoint journal is summarised in a few milliseconds. The review shows
evidence and asks questions; nothing here ranks people.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple
from weakref import WeakKeyDictionary

from journal.core.depth import DEFAULT_WINDOW_DAYS, ONE_SIDED_MIN_TOUCHPOINTS, one_sided_from_share
from journal.core.drift import RECENT_GAPS, Drift, DriftSpan, drift_from_days, drift_spans
from journal.core.humanize import duration, percent as percent, plural
from journal.core.model import (
    REVIEW_PROMPTS,
    Channel,
    Felt,
    Initiator,
    Intention,
    Person,
    Touchpoint,
    WeeklyReview,
)
from journal.core.textsafe import display_width, for_terminal, pad
from journal.core.weeks import FIRST_YEAR, IsoWeek
from journal.store.journal import Journal

SERIES_WEEKS = 12


class PersonWeek(NamedTuple):
    """Time with one person in one week (raw minutes as logged).

    A NamedTuple rather than a frozen dataclass, as immutable and about three times as quick to make: an
    export of ten years makes one for every person seen in every week.
    """

    person: Person
    touchpoints: int
    minutes: int
    offline_minutes: int
    genuine: int
    automated: int = 0


@dataclass(frozen=True)
class WeekSummary:
    week: IsoWeek
    people: list[PersonWeek]  # only people seen that week, by name: a week is not a ranking of people
    total_minutes: int  # each touchpoint counted once, however many people were there
    offline_share: float | None  # offline share of total_minutes; None when no minutes
    reached: int  # people in the pond with real (non-automated) contact this week
    pond_size: int
    drifting: list[tuple[Person, Drift]]
    one_sided: list[tuple[Person, str]]  # "me" (I always reach out) or "them"
    last_week_intentions: list[tuple[Intention, bool]]  # (intention, kept?)
    series: dict[str, list[int]]  # uid -> minutes per week for SERIES_WEEKS weeks ending this week
    saved: WeeklyReview | None
    as_of: date = date.min  # the day drift and depth were judged at: the week's Sunday, or today
    touchpoints: int = 0
    pond: list[Person] = field(default_factory=list)  # the pond as it stood, by name
    names: Mapping[str, str] = field(default_factory=dict)  # uid -> name, for everyone in the journal

    def name_of(self, uid: str) -> str:
        return self.names.get(uid, "(someone removed)")


def in_pond_on(person: Person, day: date, *, met_by_then: bool = False) -> bool:
    """Was ``person`` in the pond at the end of ``day``?

    Yes when they were added by then (or, for history logged after adding someone, you had already
    spent time with them by then) and had not been let go on or before that day.
    """
    if person.created_at.date() > day and not met_by_then:
        return False
    if person.following:
        return True
    return person.archived_on is not None and person.archived_on > day


_OFFLINE = frozenset(channel for channel in Channel if channel.offline)


def _week_totals(
    week_entries: Iterable[Touchpoint], people: Mapping[str, Person]
) -> tuple[list[PersonWeek], int, int, set[str]]:
    """One pass over a week's touchpoints: the rows by person, total and offline minutes (each
    touchpoint once), and who had real contact."""
    totals: dict[str, list[int]] = {}
    total = offline_total = 0
    reached: set[str] = set()
    genuine_felt, automated_felt = Felt.GENUINE, Felt.AUTOMATED
    for tp in week_entries:
        minutes = tp.minutes
        offline = minutes if tp.channel in _OFFLINE else 0
        genuine = 1 if tp.felt is genuine_felt else 0
        automated = 1 if tp.felt is automated_felt else 0
        total += minutes
        offline_total += offline
        if not automated:
            reached.update(tp.people)
        for uid in tp.people:
            row = totals.get(uid)
            if row is None:
                totals[uid] = [1, minutes, offline, genuine, automated]
            else:
                row[0] += 1
                row[1] += minutes
                row[2] += offline
                row[3] += genuine
                row[4] += automated
    rows = [
        PersonWeek(people[uid], count, minutes, offline, genuine, automated)
        for uid, (count, minutes, offline, genuine, automated) in totals.items()
        if uid in people
    ]
    rows.sort(key=lambda row: (row.person.name.casefold(), row.person.uid))  # never by time: no ranking
    return rows, total, offline_total, reached


class _Index:
    """The journal indexed once: touchpoints and days of real contact by person, touchpoints by week.

    Building it is one pass over the journal; each week and each person is then a few binary searches
    over short recent slices; summarising many weeks (an export) judges each person once over all of
    them (:meth:`summarize_many`).
    """

    def __init__(self, journal: Journal) -> None:
        self.today = journal.today()
        self.people = journal.people()
        self.names = {p.uid: p.name for p in self.people}
        self.by_uid = {p.uid: p for p in self.people}
        self._spans: dict[str, list[DriftSpan]] = {}  # uid -> when they drift (many weeks at once)
        self._week_minutes: dict[str, dict[date, int]] = {}  # uid -> minutes by week (Monday)
        entries = journal.entries()
        if not self._build(entries):  # entries() promises newest first; stay correct if that changes
            self._build(sorted(entries, key=lambda tp: tp.day, reverse=True))

    def _build(self, entries: list[Touchpoint]) -> bool:
        """Index ``entries`` (newest first); False, with the index incomplete, if they were not in order.

        Per person, ``keys`` holds each touchpoint's negated day ordinal, ascending as the newest-first
        list goes back in time, ready for bisect; ``real_days`` the distinct days of real contact.
        """
        by_week: dict[date, list[Touchpoint]] = {}
        # uid -> (touchpoints, keys, real days, real keys), one lookup per touchpoint
        records: dict[str, tuple[list[Touchpoint], list[int], list[date], list[int]]] = {}
        automated = Felt.AUTOMATED
        # Newest first, the touchpoints come a day and a week at a time: work out each day's key and
        # week when it starts.
        day: date | None = None
        monday: date | None = None
        key = 0
        bucket: list[Touchpoint] = []
        for tp in entries:
            if tp.day != day:
                if day is not None and tp.day > day:
                    return False
                day = tp.day
                key = -day.toordinal()
                starts = day - timedelta(days=day.weekday())
                if starts != monday:
                    monday = starts
                    bucket = by_week[monday] = []
            bucket.append(tp)
            real = tp.felt is not automated
            for uid in tp.people:
                record = records.get(uid)
                if record is None:
                    record = records[uid] = ([], [], [], [])
                own, keys, real_days, real_keys = record
                own.append(tp)
                keys.append(key)
                if real and (not real_days or real_days[-1] != day):
                    real_days.append(day)
                    real_keys.append(key)
        self.by_week = by_week
        self.by_person = {uid: record[0] for uid, record in records.items()}
        self.keys = {uid: record[1] for uid, record in records.items()}
        self.real_days = {uid: record[2] for uid, record in records.items()}
        self.real_keys = {uid: record[3] for uid, record in records.items()}
        return True

    def week_minutes(self, uid: str) -> dict[date, int]:
        """Minutes with ``uid`` by week (keyed by Monday), worked out the first time a series asks."""
        minutes = self._week_minutes.get(uid)
        if minutes is None:
            minutes = self._week_minutes[uid] = {}
            for tp in self.by_person.get(uid, ()):
                monday = tp.day - timedelta(days=tp.day.weekday())
                minutes[monday] = minutes.get(monday, 0) + tp.minutes
        return minutes

    def met_by(self, uid: str, day: date) -> bool:
        """Any touchpoint with ``uid`` on or before ``day``."""
        keys = self.keys.get(uid)
        return keys is not None and keys[-1] >= -day.toordinal()  # keys[-1]: the oldest, negated

    def drift(self, person: Person, as_of: date) -> Drift:
        """drift_of(person, everything, as_of), from the last few days of real contact."""
        real_days = self.real_days.get(person.uid, [])
        first = bisect_left(self.real_keys.get(person.uid, []), -as_of.toordinal())
        recent = real_days[first : first + RECENT_GAPS + 1]
        recent.reverse()
        return drift_from_days(person, recent, as_of)

    def lean(self, uid: str, as_of: date) -> str | None:
        """depth_of(uid, everything, as_of).one_sided, from the touchpoints in the window only."""
        own = self.by_person.get(uid)
        if not own:
            return None
        keys = self.keys[uid]
        start = bisect_left(keys, -as_of.toordinal())
        end = bisect_left(keys, -as_of.toordinal() + DEFAULT_WINDOW_DAYS)
        real = 0
        them = 0.0
        automated, by_them, mutual = Felt.AUTOMATED, Initiator.THEM, Initiator.MUTUAL
        for tp in own[start:end]:
            if tp.felt is not automated:
                real += 1
                if tp.initiated_by is by_them:
                    them += 1.0
                elif tp.initiated_by is mutual:
                    them += 0.5
        return one_sided_from_share(them / real if real else None, real)

    def summarize(self, journal: Journal, week: IsoWeek) -> WeekSummary:
        as_of = min(week.sunday, self.today)
        pond = [p for p in self.people if in_pond_on(p, as_of, met_by_then=self.met_by(p.uid, as_of))]
        drifting: list[tuple[Person, Drift]] = []
        one_sided: list[tuple[Person, str]] = []
        for person in pond:
            drift = self.drift(person, as_of)
            if drift.drifting:
                drifting.append((person, drift))
            lean = self.lean(person.uid, as_of)
            if lean is not None:
                one_sided.append((person, lean))
        in_pond = {p.uid for p in pond}
        return self._summary(journal, week, as_of, pond, drifting, one_sided, series=True, in_pond=in_pond)

    def summarize_many(
        self, journal: Journal, weeks: Iterable[IsoWeek], *, series: bool
    ) -> dict[IsoWeek, WeekSummary]:
        """:meth:`summarize` for each of ``weeks``, equal week for week, at a fraction of the cost.

        Asking every person about every week is 150 people x 520 weeks for a ten-year export. Here each
        person is worked out once over all the weeks instead: when they were in the pond (an interval),
        when they were drifting (:func:`journal.core.drift.drift_spans`) and when one-sided (spans between
        the days a touchpoint enters or leaves the window); only the weeks that fall in those spans are
        visited.
        """
        wanted = list(dict.fromkeys(weeks))
        as_of = [min(week.sunday, self.today) for week in wanted]
        at: dict[int, list[int]] = {}  # day judged at (ordinal) -> positions in ``wanted``
        for position, day in enumerate(as_of):
            at.setdefault(day.toordinal(), []).append(position)
        ordinals = sorted(at)  # weeks after today all share today
        # Who drifts and who is one-sided, by day judged at (in ``ordinals`` order)
        drifting: list[list[tuple[Person, Drift]]] = [[] for _ in ordinals]
        one_sided: list[list[tuple[Person, str]]] = [[] for _ in ordinals]
        spans = {person.uid: self._pond_span(person) for person in self.people}
        # Equal drifts are one (immutable) object: tens of thousands of person-weeks say a few thousand
        # different things ("last real contact 40 days ago; cadence monthly (31 days)").
        drifts: dict[tuple[bool, str, int, int], dict[int, Drift]] = {}
        for person in self.people:  # in name order, like the pond, so every week's lists are too
            first, end = spans[person.uid]
            low, high = bisect_left(ordinals, first), bisect_left(ordinals, end)
            if low >= high:
                continue
            for span in self._drift_spans(person):
                start = bisect_left(ordinals, span.start.toordinal(), low, high)
                stop = high if span.end is None else bisect_left(ordinals, span.end.toordinal(), low, high)
                origin = span.counted_from.toordinal()
                said = drifts.setdefault(
                    (span.contacted, span.reason_tail, span.expected_gap_days, span.limit_days), {}
                )
                for ordinal, drifting_then in zip(ordinals[start:stop], drifting[start:stop], strict=True):
                    days = ordinal - origin
                    drift = said.get(days)
                    if drift is None:
                        drift = said[days] = span.after(days)
                    drifting_then.append((person, drift))
            for span_first, span_end, lean in self._lean_spans(person.uid):
                start = bisect_left(ordinals, span_first, low, high)
                stop = bisect_left(ordinals, span_end, low, high)
                item = (person, lean)
                for one_sided_then in one_sided[start:stop]:
                    one_sided_then.append(item)
        # The pond only changes on the days someone enters or leaves it: work it out once per change.
        changes = sorted({day for span in spans.values() for day in span})
        ponds: dict[int, tuple[list[Person], set[str]]] = {}
        summaries: dict[IsoWeek, WeekSummary] = {}
        for index, ordinal in enumerate(ordinals):
            key = bisect_right(changes, ordinal)
            known = ponds.get(key)
            if known is None:
                pond = [p for p in self.people if spans[p.uid][0] <= ordinal < spans[p.uid][1]]
                known = ponds[key] = (pond, {p.uid for p in pond})
            pond, in_pond = known
            for position in at[ordinal]:  # more than one only for weeks after today: each its own lists
                week = wanted[position]
                summaries[week] = self._summary(
                    journal,
                    week,
                    as_of[position],
                    list(pond),
                    list(drifting[index]),
                    list(one_sided[index]),
                    series=series,
                    in_pond=in_pond,
                )
        return {week: summaries[week] for week in wanted}

    def _pond_span(self, person: Person) -> tuple[int, int]:
        """The days (ordinals, the last one excluded) on which ``in_pond_on`` says yes for ``person``."""
        first = person.created_at.date().toordinal()
        keys = self.keys.get(person.uid)
        if keys is not None:
            first = min(first, -keys[-1])  # met before being added: history logged later
        if person.following:
            return first, _NEVER
        if person.archived_on is None:
            return first, first
        return first, person.archived_on.toordinal()

    def _drift_spans(self, person: Person) -> list[DriftSpan]:
        spans = self._spans.get(person.uid)
        if spans is None:
            spans = self._spans[person.uid] = drift_spans(person, self.real_days.get(person.uid, [])[::-1])
        return spans

    def _lean_spans(self, uid: str) -> list[tuple[int, int, str]]:
        """(first ordinal, end ordinal excluded, "me" or "them") whenever :meth:`lean` is not None: it only
        changes on the day a real touchpoint enters the window or the day it leaves it."""
        automated, by_them, mutual = Felt.AUTOMATED, Initiator.THEM, Initiator.MUTUAL
        # oldest first
        real_tps = [tp for tp in reversed(self.by_person.get(uid, ())) if tp.felt is not automated]
        count = len(real_tps)
        if count < ONE_SIDED_MIN_TOUCHPOINTS:
            return []
        days = [tp.day.toordinal() for tp in real_tps]
        shares = [
            1.0 if tp.initiated_by is by_them else 0.5 if tp.initiated_by is mutual else 0.0
            for tp in real_tps
        ]
        window = DEFAULT_WINDOW_DAYS
        spans: list[tuple[int, int, str]] = []
        entering = leaving = 0  # next touchpoint to enter the window, next to leave it
        real = 0
        them = 0.0  # a sum of halves and ones: exact in any order, so equal to lean()'s
        open_span: tuple[int, str] | None = None
        while leaving < count:
            day = days[leaving] + window
            if entering < count and days[entering] < day:
                day = days[entering]
            while entering < count and days[entering] == day:
                real += 1
                them += shares[entering]
                entering += 1
            while leaving < count and days[leaving] + window == day:
                real -= 1
                them -= shares[leaving]
                leaving += 1
            lean = one_sided_from_share(them / real, real) if real >= ONE_SIDED_MIN_TOUCHPOINTS else None
            if open_span is not None and open_span[1] != lean:
                spans.append((open_span[0], day, open_span[1]))
                open_span = None
            if lean is not None and open_span is None:
                open_span = (day, lean)
        assert open_span is None  # everyone has left the window by the end
        return spans

    def _summary(
        self,
        journal: Journal,
        week: IsoWeek,
        as_of: date,
        pond: list[Person],
        drifting: list[tuple[Person, Drift]],
        one_sided: list[tuple[Person, str]],
        *,
        series: bool,
        in_pond: set[str],
    ) -> WeekSummary:
        """The summary from the pond (``in_pond``: its uids) and what was found about it."""
        monday = week.monday
        week_entries = self.by_week.get(monday, [])
        rows, total, offline, reached_uids = _week_totals(week_entries, self.by_uid)
        minutes: dict[str, list[int]] = {}
        if series:
            mondays = [monday - timedelta(weeks=back) for back in range(SERIES_WEEKS - 1, -1, -1)]
            for person in pond:
                per_week = self.week_minutes(person.uid)
                minutes[person.uid] = [per_week.get(day, 0) for day in mondays]
        saved = journal.review(week)
        last_review = journal.review(week.shift(-1)) if week > IsoWeek(FIRST_YEAR, 1) else None
        kept = saved.kept if saved is not None else frozenset()
        last_week = [(i, i.uid in kept) for i in last_review.intentions] if last_review is not None else []
        return WeekSummary(
            week=week,
            people=rows,
            total_minutes=total,
            offline_share=offline / total if total else None,
            reached=len(reached_uids & in_pond),
            pond_size=len(pond),
            drifting=drifting,
            one_sided=one_sided,
            last_week_intentions=last_week,
            series=minutes,
            saved=saved,
            as_of=as_of,
            touchpoints=len(week_entries),
            pond=pond,
            names=self.names,
        )


_NEVER = date.max.toordinal() + 1  # an end that no day reaches


_INDEXES: WeakKeyDictionary[Journal, tuple[tuple[int, date], _Index]] = WeakKeyDictionary()


def _index_for(journal: Journal) -> _Index:
    """The journal's index, reused while its data and its today are unchanged (moving between weeks)."""
    journal.entries()  # load first: the storage's generation counts every change to the data in memory
    generation = getattr(journal.storage, "generation", None)
    if not isinstance(generation, int):
        return _Index(journal)
    token = (generation, journal.today())
    cached = _INDEXES.get(journal)
    if cached is not None and cached[0] == token:
        return cached[1]
    index = _Index(journal)
    _INDEXES[journal] = (token, index)
    return index


def touchpoints_by(
    journal: Journal,
) -> tuple[Mapping[str, list[Touchpoint]], Mapping[date, list[Touchpoint]]]:
    """Every touchpoint by person and by week (keyed by its Monday), each list newest first.

    The index the review keeps for the journal as it is: an export that also summarises its weeks
    reads the journal once. The lists are shared: do not change them.
    """
    index = _index_for(journal)
    return index.by_person, index.by_week


def summarize_week(journal: Journal, week: IsoWeek) -> WeekSummary:
    """Everything the weekly review shows for ``week``, judged as of its Sunday (or today, if sooner)."""
    return _index_for(journal).summarize(journal, week)


def summarize_weeks(
    journal: Journal, weeks: Iterable[IsoWeek], *, series: bool = True
) -> dict[IsoWeek, WeekSummary]:
    """:func:`summarize_week` for many weeks (an export), each equal to what summarize_week gives.

    The journal is indexed once, and each person judged once over all the weeks. ``series=False`` leaves
    every summary's ``series`` empty, for callers that do not show it (the Markdown export): twelve
    weeks of minutes per person per week are most of the work left once the rest is spread out.
    """
    return _index_for(journal).summarize_many(journal, weeks, series=series)


def week_range(week: IsoWeek) -> str:
    """``Mon 16 Nov – Sun 22 Nov 2026`` (locale-independent)."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    mon, sun = week.monday, week.sunday
    first = f"Mon {mon.day} {months[mon.month - 1]}" + (f" {mon.year}" if mon.year != sun.year else "")
    return f"{first} – Sun {sun.day} {months[sun.month - 1]} {sun.year}"


def row_detail(row: PersonWeek) -> str:
    """``3 touchpoints, 1h offline, 1 automated``: what follows a person's time in a week, everywhere."""
    detail = plural(row.touchpoints, "touchpoint")
    if row.offline_minutes:
        detail += f", {duration(row.offline_minutes)} offline"
    if row.automated:
        detail += f", {row.automated} automated"
    return detail


def lean_phrase(lean: str) -> str:
    """How a one-sided relationship is described: an observation, not a verdict."""
    return "you reached out every time or nearly" if lean == "me" else "they reached out every time or nearly"


def intention_line(intention: Intention, summary: WeekSummary) -> str:
    who = ", ".join(summary.name_of(uid) for uid in intention.people)
    return f"{intention.text} ({who})" if who else intention.text


def render_week_text(summary: WeekSummary) -> str:
    """The week as plain text for ``reljournal review``; user text is made terminal-safe here."""
    safe = for_terminal
    lines = [f"Week {summary.week} · {week_range(summary.week)}", ""]
    lines.append("Time together")
    if summary.people:
        width = min(24, max(display_width(safe(row.person.name)) for row in summary.people))
        for row in summary.people:
            lines.append(
                f"  {pad(safe(row.person.name), width)}  {duration(row.minutes):>7}  {row_detail(row)}"
            )
    else:
        lines.append("  (no touchpoints logged this week)")
    lines.append(
        f"  Total {duration(summary.total_minutes)} · offline {percent(summary.offline_share)}"
        f" · reached {summary.reached} of {summary.pond_size} in your pond"
    )
    said = [("Drifting", [(p, drift.reason) for p, drift in summary.drifting])]
    said.append(("One-sided", [(p, lean_phrase(lean)) for p, lean in summary.one_sided]))
    for title, about in said:
        lines += ["", title]
        lines.extend([f"  {safe(person.name)}: {words}" for person, words in about] or ["  (nobody)"])
    lines.append("")
    lines.append("Last week's intentions")
    if summary.last_week_intentions:
        for intention, kept in summary.last_week_intentions:
            lines.append(f"  [{'x' if kept else ' '}] {safe(intention_line(intention, summary))}")
    else:
        lines.append("  (none set)")
    saved = summary.saved
    lines.append("")
    if saved is None:
        lines.append("Reflection: not written yet (open the app and press w for the weekly review)")
    else:
        lines.append("Reflection")
        if not saved.answers:
            lines.append("  (no answers written)")
        for key, prompt in REVIEW_PROMPTS.items():
            answer = saved.answers.get(key, "")
            if answer:
                lines.append(f"  {prompt}")
                lines.extend(f"    {safe(text)}" for text in answer.splitlines())
        extra = sorted(key for key in saved.answers if key not in REVIEW_PROMPTS)
        for key in extra:
            lines.append(f"  {safe(key)}")
            lines.extend(f"    {safe(text)}" for text in saved.answers[key].splitlines())
        lines.append("")
        lines.append("Intentions for next week")
        if saved.intentions:
            lines.extend(f"  - {safe(intention_line(i, summary))}" for i in saved.intentions)
        else:
            lines.append("  (none)")
    return "\n".join(lines) + "\n"
