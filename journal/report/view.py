"""What every file of an export is made from: the journal read and indexed once (:class:`View`), and the
Markdown pieces several files share (headings, a touchpoint's heading and facts, the document frame).

Pure (no files): :mod:`journal.report.render` builds the files from these, :mod:`journal.report.export`
writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

from journal.core.depth import Depth, depth_of
from journal.core.drift import Drift, drift_of
from journal.core.humanize import duration
from journal.core.model import Felt, Initiator, Person, Touchpoint
from journal.core.textsafe import terminal_text
from journal.core.weeks import IsoWeek
from journal.report.mdsafe import link_label, plain, quote_block, wikilink
from journal.report.review import touchpoints_by
from journal.report.slug import assign_slugs
from journal.report.yamlfront import Value, front_matter
from journal.store.journal import Journal

REMOVED = "(someone removed)"

_K = TypeVar("_K", bound=Hashable)


class _Memo(dict[_K, str]):
    """Text worked out once per key by ``make``; a lookup is a plain dict lookup (an export of ten
    years looks up a few hundred thousand links and sentences)."""

    def __init__(self, make: Callable[[_K], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: _K) -> str:
        text = self[key] = self._make(key)
        return text


@dataclass(frozen=True)
class View:
    """Everything rendering needs, read and indexed once, so every file of one export agrees and a
    journal of many years exports in one pass over its touchpoints. What several files show the same
    way (a person's link, a touchpoint's heading, facts and note) is rendered once and reused."""

    journal: Journal
    today: date
    people: Mapping[str, Person]  # uid -> person, in journal order (by name)
    slugs: Mapping[str, str]  # uid -> file stem
    entries: Sequence[Touchpoint]  # newest first
    by_person: Mapping[str, list[Touchpoint]]  # newest first
    by_week: Mapping[IsoWeek, list[Touchpoint]]  # newest first
    week_links: Mapping[date, str]  # day -> link to its week file, for every day with touchpoints
    _depths: dict[str, Depth] = field(default_factory=dict)
    _touches: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # uid -> heading, facts, note
    # uid -> link; uid -> "- link: " (a list item about them); the people of a touchpoint -> their
    # links; sentences the journal words itself (drift reasons), which repeat across weeks -> escaped
    person_link: _Memo[str] = field(init=False)
    item_start: _Memo[str] = field(init=False)
    people_links: _Memo[tuple[str, ...]] = field(init=False)
    sentence: _Memo[str] = field(default_factory=lambda: _Memo(plain))

    def __post_init__(self) -> None:
        link = _Memo(self._person_link)
        object.__setattr__(self, "person_link", link)  # a frozen dataclass
        object.__setattr__(self, "item_start", _Memo(lambda uid: f"- {link[uid]}: "))
        object.__setattr__(self, "people_links", _Memo(lambda uids: ", ".join([link[uid] for uid in uids])))

    @classmethod
    def of(cls, journal: Journal) -> View:
        people = {p.uid: p for p in journal.people()}
        by_person, by_monday = touchpoints_by(journal)  # the index summarize_weeks uses too
        by_week: dict[IsoWeek, list[Touchpoint]] = {}
        week_links: dict[date, str] = {}
        for monday, in_week in by_monday.items():
            week = IsoWeek.of(monday)
            by_week[week] = in_week
            link = wikilink(str(week))
            for tp in in_week:
                week_links[tp.day] = link
        slugs = assign_slugs(people.values())
        return cls(journal, journal.today(), people, slugs, journal.entries(), by_person, by_week, week_links)

    def _person_link(self, uid: str) -> str:
        person = self.people.get(uid)
        return REMOVED if person is None else wikilink(self.slugs[uid], link_label(person.name))

    def link(self, uid: str) -> str:
        return self.person_link[uid]

    def links(self, uids: Sequence[str]) -> str:
        return self.people_links[tuple(uids)]

    def touch(self, tp: Touchpoint) -> tuple[str, str, str]:
        """A touchpoint's heading text, its facts after the links, and its note as a quote after a blank
        line (or ""); the same in its week's file and in each of its people's."""
        parts = self._touches.get(tp.uid)
        if parts is None:
            parts = (touch_heading(tp), touch_facts(tp), note_tail(tp.note))
            self._touches[tp.uid] = parts
        return parts

    def plain(self, sentence: str) -> str:
        """:func:`plain` for sentences the journal words itself, which repeat across many weeks."""
        return self.sentence[sentence]

    def touchpoints_of(self, uid: str) -> list[Touchpoint]:
        return self.by_person.get(uid, [])

    def depth(self, person: Person) -> Depth:
        if person.uid not in self._depths:
            own = self.touchpoints_of(person.uid)  # newest first (the review's index sees to it)
            self._depths[person.uid] = depth_of(person.uid, own, self.today, newest_first=True)
        return self._depths[person.uid]

    def drift(self, person: Person) -> Drift:
        """Whether ``person`` is drifting as of the export's today."""
        return drift_of(person, self.touchpoints_of(person.uid), self.today)

    def weeks(self) -> list[IsoWeek]:
        """Weeks with touchpoints or a saved review, newest first."""
        weeks = set(self.by_week)
        weeks.update(review.week for review in self.journal.reviews())
        return sorted(weeks, reverse=True)


def heading(level: int, text: str) -> str:
    return f"{'#' * min(6, level)} {text}"


def document(matter: Sequence[tuple[str, Value]] | None, blocks: Sequence[str]) -> str:
    """Front matter, then blocks separated by blank lines; ends with exactly one newline.

    Joined in one go: a file can be megabytes, and each extra copy of it shows in an export's time.
    """
    parts = [block for block in blocks if block] or [""]
    parts[-1] += "\n"  # the newline the file ends with: this copies only the last block
    if matter:
        parts.insert(0, front_matter(matter)[:-1])  # its own last newline starts the blank line below
    # Validation keeps controls out of the journal; should one reach memory all the same, no file an
    # export writes carries a raw escape sequence to the terminal that shows it.
    return terminal_text("\n\n".join(parts))


def quote_or(text: str, empty: str) -> str:
    return quote_block(text) or f"*{empty}*"


@lru_cache(maxsize=4096)  # a journal uses a few dozen tags, on thousands of touchpoints
def tag_text(tag: str) -> str:
    """``#tag`` when Obsidian reads it as a tag and CommonMark as plain text, else the text made literal."""
    simple = all(
        c.isalnum()
        or c in "-/"
        or (c == "_" and 0 < i < len(tag) - 1 and tag[i - 1].isalnum() and tag[i + 1].isalnum())
        for i, c in enumerate(tag)
    )
    if simple and not tag.isdigit():
        return "#" + tag
    return plain("#" + tag)


def note_tail(note: str) -> str:
    """A note as it follows a touchpoint's line of facts: a blank line and the quote, or nothing."""
    quoted = quote_block(note)
    return f"\n\n{quoted}" if quoted else ""


def touch_heading(tp: Touchpoint) -> str:
    return f"{iso_day(tp.day)} · {tp.channel.label} · {short_duration(tp.minutes)}"


@lru_cache(maxsize=8192)  # a few touchpoints a day
def iso_day(day: date) -> str:
    return day.isoformat()


@lru_cache(maxsize=2048)
def short_duration(minutes: int) -> str:
    return duration(minutes)


def touch_facts(tp: Touchpoint) -> str:
    """Who started it, how it felt, closeness and tags, joined with " · "."""
    return _facts(tp.initiated_by, tp.felt, tp.closeness, tp.tags)


@lru_cache(maxsize=4096)  # a few ratings and a few dozen tags: thousands of touchpoints share a few hundred
def _facts(initiated_by: Initiator, felt: Felt, closeness: int | None, tags: tuple[str, ...]) -> str:
    initiated = "both" if initiated_by is Initiator.MUTUAL else initiated_by.value
    facts = [f"initiated by: {initiated}", f"felt: {felt.value}"]
    if closeness is not None:
        facts.append(f"closeness: {closeness}/5")
    if tags:
        facts.append("tags: " + " ".join([tag_text(tag) for tag in tags]))
    return " · ".join(facts)
