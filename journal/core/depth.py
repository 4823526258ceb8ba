"""How deep a connection is, as evidence: the time you spent, how rich and how recent it was.

Pure and fast (no Textual, no storage): every screen, the CLI and the Markdown export call the same
functions, so the word a person sees is the same everywhere. The formula is described in the README
("Depth"); its properties (more time never lowers depth, in person >= comment, older counts less,
automated adds nothing) are tested in ``tests/test_depth.py``.

The score is internal. What a person sees is a ladder word and the evidence behind it, never a number
to rank people by.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from journal.core.humanize import ago, duration, percent, plural
from journal.core.model import Channel, Felt, Initiator, Touchpoint

LADDER: tuple[str, ...] = ("Not yet", "Surface", "Conversation", "Personal", "Deep")

# Score needed for each rung of LADDER (same order). Calibrated so that, over the default 90 days:
# daily likes alone stay at Surface; a few messages a week reach Conversation; a weekly half-hour
# call reaches Personal; an hour together in person every week reaches Deep.
THRESHOLDS: tuple[float, ...] = (0.0, 3.0, 30.0, 120.0, 360.0)

DEFAULT_WINDOW_DAYS = 90
HALF_LIFE_DAYS = 30.0
FLOOR_MINUTES = 5.0  # every real touchpoint counts as if it took 5 more minutes: a reaction is not nothing
AUTHENTICITY: Mapping[Felt, float] = MappingProxyType(
    {Felt.GENUINE: 1.0, Felt.ROUTINE: 0.5, Felt.AUTOMATED: 0.0}
)
# They sought you out (or you both did): trust, "each seeks the other out", counts a little extra.
RECIPROCITY: Mapping[Initiator, float] = MappingProxyType(
    {Initiator.ME: 1.0, Initiator.MUTUAL: 1.1, Initiator.THEM: 1.1}
)
CLOSENESS_STEP = 0.1  # each point of felt closeness away from 3 (of 1-5) moves a touchpoint by 10%

# One-sidedness: judged on at least this many real touchpoints in the window, when the share
# initiated by them is at most LOW (I always reach out) or at least 1 - LOW (they always do).
ONE_SIDED_MIN_TOUCHPOINTS = 4
ONE_SIDED_LOW = 0.2


_RICHNESS: Mapping[Channel, float] = MappingProxyType({c: c.rung / len(Channel) for c in Channel})


def richness(channel: Channel) -> float:
    """The channel's rung on the ladder of richness as a weight: 1/8 for a like up to 1 in person."""
    return _RICHNESS[channel]


def recency(age_days: int) -> float:
    """Weight of a touchpoint ``age_days`` old: 1 today, 1/2 after HALF_LIFE_DAYS, 1/4 after twice that."""
    return float(0.5 ** (max(0, age_days) / HALF_LIFE_DAYS))


def closeness_factor(closeness: int | None) -> float:
    """Felt closeness 1-5 nudges a touchpoint by -20%..+20%; unrated touchpoints are neutral."""
    return 1.0 if closeness is None else 1.0 + CLOSENESS_STEP * (closeness - 3)


def touchpoint_score(tp: Touchpoint, today: date) -> float:
    """One touchpoint's contribution to the score (0 for automated contact)."""
    return (
        (tp.minutes + FLOOR_MINUTES)
        * richness(tp.channel)
        * recency((today - tp.day).days)
        * AUTHENTICITY[tp.felt]
        * RECIPROCITY[tp.initiated_by]
        * closeness_factor(tp.closeness)
    )


def ladder_index(score: float) -> int:
    """Index into LADDER for a score."""
    index = 0
    for i, threshold in enumerate(THRESHOLDS):
        if score >= threshold:
            index = i
    return index


def ladder_word(score: float) -> str:
    return LADDER[ladder_index(score)]


def one_sided_from_share(share: float | None, real_touchpoints: int) -> str | None:
    """``"me"`` when I nearly always reach out, ``"them"`` when they nearly always do, else None."""
    if share is None or real_touchpoints < ONE_SIDED_MIN_TOUCHPOINTS:
        return None
    if share <= ONE_SIDED_LOW:
        return "me"
    if share >= 1.0 - ONE_SIDED_LOW:
        return "them"
    return None


@dataclass(frozen=True)
class Depth:
    """The depth of one connection over a window, with the evidence behind the word."""

    word: str  # one of LADDER
    score: float  # internal, never shown as a verdict
    window_days: int
    minutes: int  # raw minutes in window, as logged
    weighted_minutes: float  # minutes after richness, recency and authenticity weights
    touchpoints: int
    genuine: int
    routine: int
    automated: int
    initiated_by_them_share: float | None  # (them + mutual/2) / real touchpoints; None without any
    one_sided: str | None  # "me" (I always reach out), "them", or None
    offline_share: float | None  # offline (in person, letter) share of the minutes; None without minutes
    avg_closeness: float | None
    last_contact: date | None  # last non-automated touchpoint (any time up to as_of)
    minutes_by_channel: Mapping[Channel, int]
    as_of: date | None = None
    closeness_rated: int = 0  # touchpoints in the window with a closeness rating
    ladder_index: int = 0  # position of word in LADDER

    @property
    def real_touchpoints(self) -> int:
        """Touchpoints that were not automated."""
        return self.genuine + self.routine

    def channel_mix(self) -> list[tuple[Channel, int]]:
        """Channels used in the window, most minutes first (richer first on ties)."""
        return sorted(self.minutes_by_channel.items(), key=lambda item: (-item[1], -item[0].rung))

    def evidence(self) -> list[str]:
        """Short plain-text lines that explain the word; safe to show as-is (no user text)."""
        lines: list[str] = []
        span = f"in {self.window_days} days"
        if not self.touchpoints:
            lines.append(f"No touchpoints {span}")
        else:
            count = plural(self.touchpoints, "touchpoint")
            lines.append(f"{duration(self.minutes)} over {count} {span}")
            kinds = [f"{self.genuine} genuine"]
            if self.routine:
                kinds.append(f"{self.routine} routine")
            if self.automated:
                kinds.append(f"{self.automated} automated (not counted)")
            lines.append(", ".join(kinds))
            mix = [f"{channel.label} {duration(minutes)}" for channel, minutes in self.channel_mix()]
            if mix:
                lines.append("Channels: " + ", ".join(mix[:4]) + (" …" if len(mix) > 4 else ""))
            if self.offline_share is not None:
                lines.append(f"{percent(self.offline_share)} of the time offline")
            if self.one_sided == "me":
                lines.append("You reached out every time or nearly")
            elif self.one_sided == "them":
                lines.append("They reached out every time or nearly")
            elif self.initiated_by_them_share is not None:
                lines.append(f"They started {percent(self.initiated_by_them_share)} of the contact")
            if self.avg_closeness is not None:
                lines.append(f"Felt closeness {self.avg_closeness:.1f} of 5 ({self.closeness_rated} rated)")
        if self.last_contact is None:
            lines.append("No real contact yet")
        elif self.as_of is not None:
            lines.append(
                f"Last real contact {ago(self.last_contact, self.as_of)} ({self.last_contact.isoformat()})"
            )
        else:
            lines.append(f"Last real contact {self.last_contact.isoformat()}")
        return lines


def depth_of(
    person_uid: str,
    entries: Iterable[Touchpoint],
    today: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    *,
    newest_first: bool = False,
) -> Depth:
    """The depth of the connection with ``person_uid`` as of ``today``, over the last ``window_days``.

    ``entries`` may be the whole journal or already filtered to the person, in any order. Touchpoints
    after ``today`` are ignored, so a past week can be judged as it stood then. With ``newest_first``
    (``entries`` are in that order, as the journal keeps them) reading stops at the first touchpoint
    before the window once the last real contact is known: years of history are not read for nothing.
    """
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    contributions: list[float] = []
    weighted: list[float] = []
    minutes = genuine = routine = automated = 0
    real = 0
    initiated_by_them = 0.0
    offline_minutes = 0
    closeness_sum = closeness_count = 0
    by_channel: dict[Channel, int] = {}
    last_contact: date | None = None
    for tp in entries:
        if person_uid not in tp.people:
            continue
        age = (today - tp.day).days
        if age < 0:
            continue
        if tp.felt is not Felt.AUTOMATED and (last_contact is None or tp.day > last_contact):
            last_contact = tp.day
        if age >= window_days:
            if newest_first and last_contact is not None:
                break
            continue
        minutes += tp.minutes
        if tp.channel.offline:
            offline_minutes += tp.minutes
        by_channel[tp.channel] = by_channel.get(tp.channel, 0) + tp.minutes
        if tp.closeness is not None:
            closeness_sum += tp.closeness
            closeness_count += 1
        if tp.felt is Felt.AUTOMATED:
            automated += 1
            continue
        if tp.felt is Felt.GENUINE:
            genuine += 1
        else:
            routine += 1
        real += 1
        if tp.initiated_by is Initiator.THEM:
            initiated_by_them += 1.0
        elif tp.initiated_by is Initiator.MUTUAL:
            initiated_by_them += 0.5
        weight = _RICHNESS[tp.channel] * recency(age) * AUTHENTICITY[tp.felt]
        weighted.append(tp.minutes * weight)
        contributions.append(
            (tp.minutes + FLOOR_MINUTES)
            * weight
            * RECIPROCITY[tp.initiated_by]
            * closeness_factor(tp.closeness)
        )
    # fsum is correctly rounded, so adding a touchpoint anywhere in the order never lowers the score.
    score = math.fsum(contributions)
    share = initiated_by_them / real if real else None
    index = ladder_index(score)
    return Depth(
        word=LADDER[index],
        score=score,
        window_days=window_days,
        minutes=minutes,
        weighted_minutes=math.fsum(weighted),
        touchpoints=genuine + routine + automated,
        genuine=genuine,
        routine=routine,
        automated=automated,
        initiated_by_them_share=share,
        one_sided=one_sided_from_share(share, real),
        offline_share=offline_minutes / minutes if minutes else None,
        avg_closeness=closeness_sum / closeness_count if closeness_count else None,
        last_contact=last_contact,
        minutes_by_channel=MappingProxyType({c: by_channel[c] for c in Channel if c in by_channel}),
        as_of=today,
        closeness_rated=closeness_count,
        ladder_index=index,
    )


def weekly_minutes(person_uid: str, entries: Iterable[Touchpoint], today: date, weeks: int = 12) -> list[int]:
    """Minutes spent with ``person_uid`` per ISO week, oldest first; the last item is today's week.

    Raw minutes as logged (automated contact included, it is usually 0 minutes): the sparkline shows
    time, the depth word shows what it was worth.
    """
    if weeks < 1:
        return []
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    last_day = this_monday + timedelta(days=6)
    series = [0] * weeks
    for tp in entries:
        if person_uid not in tp.people or not first_monday <= tp.day <= last_day:
            continue
        series[(tp.day - first_monday).days // 7] += tp.minutes
    return series


def group_by_person(entries: Iterable[Touchpoint]) -> dict[str, list[Touchpoint]]:
    """Touchpoints by person uid, in the order given: one pass, so a screen showing the depth of
    everyone in the pond does not walk the whole journal once per person."""
    grouped: dict[str, list[Touchpoint]] = {}
    for tp in entries:
        for uid in tp.people:
            bucket = grouped.get(uid)
            if bucket is None:
                grouped[uid] = [tp]
            else:
                bucket.append(tp)
    return grouped
