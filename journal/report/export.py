"""Markdown export: the journal as CommonMark with YAML front matter that any notes app reads.

Pure (no Textual): the CLI and the TUI call the same functions. Layout of a folder export::

    index.md                 links to every person and week
    people/<slug>.md         one per person, following and archived (see journal.report.slug)
    weeks/2026-W47.md        one per ISO week with touchpoints or a saved review

Each file of a folder is replaced atomically and created 0600, but not fsynced: the files are
copies the journal regenerates; a file that already holds the same bytes is left untouched, and an
export writes only in a folder it made or marked, never through a link (see :mod:`journal.report.exportfs`). A single-file export (:func:`write_markdown`) is fsynced like the journal.

The same journal gives the same bytes: everything is sorted, and the only date that is not the
journal's own data is "as of" (the journal clock's today), which depth and drift are judged at.
The TUI and the CLI call :func:`export_all_markdown`, :func:`export_person_markdown`,
:func:`export_week_markdown` (text), :func:`export_to_folder`, :func:`export_person_to_folder`,
:func:`export_week_to_folder` (files, default place :func:`default_export_path`); failures raise
:class:`ExportError`, a JournalError with a message to show as it is.

User text is escaped by :mod:`journal.report.mdsafe` and front matter written by :mod:`journal.report.yamlfront`,
so no name or note can break the front matter or the file's structure. People are linked as
``[[<slug>|<name>]]`` (Obsidian resolves a link by file name; the name is also in ``aliases``) and
weeks as ``[[2026-W47]]``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from journal.core.depth import Depth, depth_of
from journal.core.drift import Drift
from journal.core.humanize import duration
from journal.core.model import (
    REVIEW_PROMPTS,
    Definition,
    Facet,
    Felt,
    Initiator,
    KnownVia,
    Person,
    Touchpoint,
)
from journal.core.textsafe import terminal_text
from journal.core.weeks import IsoWeek
from journal.report import exportfs
from journal.report.mdsafe import link_label, plain, quote_block, wikilink
from journal.report.review import (
    WeekSummary,
    lean_phrase,
    percent,
    summarize_week,
    summarize_weeks,
    touchpoints_by,
    week_range,
)
from journal.report.slug import assign_slugs
from journal.report.yamlfront import Value, front_matter
from journal.store.durable import collector_paused, write_private_file
from journal.store.journal import Journal

EXPORT_FOLDER_NAME = "export"
INDEX_FILE = "index.md"
PEOPLE_DIR = "people"
WEEKS_DIR = "weeks"
GENERATOR = "reljournal"
REMOVED = "(someone removed)"

_KNOWN_VIA = {KnownVia.ONLINE: "Online", KnownVia.OFFLINE: "Offline", KnownVia.BOTH: "Online and offline"}


ExportError = exportfs.ExportError  # failures of an export: a JournalError with a message to show

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


# --------------------------------------------------------------------------------------------
# Shared view of the journal


@dataclass(frozen=True)
class _View:
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
    def of(cls, journal: Journal) -> _View:
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
            parts = (_touch_heading(tp), _touch_facts(tp), _note_tail(tp.note))
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

    def weeks(self) -> list[IsoWeek]:
        """Weeks with touchpoints or a saved review, newest first."""
        weeks = set(self.by_week)
        weeks.update(review.week for review in self.journal.reviews())
        return sorted(weeks, reverse=True)


def _heading(level: int, text: str) -> str:
    return f"{'#' * min(6, level)} {text}"


def _document(matter: Sequence[tuple[str, Value]] | None, blocks: Sequence[str]) -> str:
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


def _quote_or(text: str, empty: str) -> str:
    return quote_block(text) or f"*{empty}*"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@lru_cache(maxsize=4096)  # a journal uses a few dozen tags, on thousands of touchpoints
def _tag(tag: str) -> str:
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


# --------------------------------------------------------------------------------------------
# People


def _aliases(person: Person) -> list[str]:
    """Every name this person has had, and the look-alike label links use, without repeats."""
    names = [person.name, link_label(person.name)]
    for past in reversed(person.history):
        names += [past.name, link_label(past.name)]
    return list(dict.fromkeys(names))


def _person_matter(person: Person, depth: Depth) -> list[tuple[str, Value]]:
    definition = person.definition
    order = list(Facet)
    return [
        ("name", person.name),
        ("aliases", _aliases(person)),
        ("tags", ["reljournal/person", f"reljournal/{person.status.value}"]),
        ("status", person.status.value),
        ("following_since", person.created_at.date()),
        ("archived_on", person.archived_on),
        ("cadence", definition.cadence.value),
        ("preferred_channel", definition.preferred_channel.value if definition.preferred_channel else None),
        ("facets_mine", [f.value for f in sorted(definition.facets_mine, key=order.index)]),
        ("facets_theirs", [f.value for f in sorted(definition.facets_theirs, key=order.index)]),
        ("depth", depth.word),
        ("last_touch", depth.last_contact),
        ("uid", person.uid),
    ]


def _known(definition: Definition) -> str:
    where = f" — {plain(definition.known_where)}" if definition.known_where else ""
    return _KNOWN_VIA[definition.known_via] + where


def _channel_phrase(definition: Definition) -> str:
    channel = definition.preferred_channel.label if definition.preferred_channel else "not set"
    return f"Preferred channel: {channel} · cadence: {definition.cadence.value}"


def _facet_lines(definition: Definition) -> str:
    if not (definition.facets_mine or definition.facets_theirs):
        return "*No facets chosen yet.*"
    lines = []
    for facet in Facet:
        mine, theirs = facet in definition.facets_mine, facet in definition.facets_theirs
        if mine and theirs:
            lines.append(f"- {facet.label}: both of us")
        elif mine:
            lines.append(f"- {facet.label}: only me — **we differ**")
        elif theirs:
            lines.append(f"- {facet.label}: only them, as I see it — **we differ**")
    return "\n".join(lines)


def _facet_names(facets: frozenset[Facet]) -> str:
    return ", ".join(f.label for f in Facet if f in facets) or "none"


def _history_blocks(person: Person, level: int) -> list[str]:
    if not person.history:
        return ["*No earlier definitions: this one has not changed.*"]
    blocks = ["Earlier definitions, newest first."]
    starts = [person.created_at, *(past.replaced_at for past in person.history)]
    for index in reversed(range(len(person.history))):
        past = person.history[index]
        definition = past.definition
        start, until = starts[index].date().isoformat(), past.replaced_at.date().isoformat()
        blocks.append(_heading(level, f"{start} to {until}"))
        facts = []
        if past.name != person.name:
            facts.append(f"Name: {plain(past.name)}")
        facts.append(_channel_phrase(definition))
        facts.append(f"Known: {_known(definition)}")
        facts.append(
            f"Facets — mine: {_facet_names(definition.facets_mine)}; "
            f"theirs: {_facet_names(definition.facets_theirs)}"
        )
        blocks.append("\n".join(f"- {fact}" for fact in facts))
        blocks += ["Why I followed them:", quote_block(definition.why)]
        if definition.meaning:
            blocks += ["What it meant to me:", quote_block(definition.meaning)]
        if definition.welcome_contact:
            blocks += ["What contact was welcome:", quote_block(definition.welcome_contact)]
    return blocks


def _note_tail(note: str) -> str:
    """A note as it follows a touchpoint's line of facts: a blank line and the quote, or nothing."""
    quoted = quote_block(note)
    return f"\n\n{quoted}" if quoted else ""


def _touch_heading(tp: Touchpoint) -> str:
    return f"{_iso(tp.day)} · {tp.channel.label} · {_duration(tp.minutes)}"


@lru_cache(maxsize=8192)  # a few touchpoints a day
def _iso(day: date) -> str:
    return day.isoformat()


@lru_cache(maxsize=2048)
def _duration(minutes: int) -> str:
    return duration(minutes)


def _touch_facts(tp: Touchpoint) -> str:
    """Who started it, how it felt, closeness and tags, joined with " · "."""
    return _facts(tp.initiated_by, tp.felt, tp.closeness, tp.tags)


@lru_cache(maxsize=4096)  # a few ratings and a few dozen tags: thousands of touchpoints share a few hundred
def _facts(initiated_by: Initiator, felt: Felt, closeness: int | None, tags: tuple[str, ...]) -> str:
    initiated = "both" if initiated_by is Initiator.MUTUAL else initiated_by.value
    facts = [f"initiated by: {initiated}", f"felt: {felt.value}"]
    if closeness is not None:
        facts.append(f"closeness: {closeness}/5")
    if tags:
        facts.append("tags: " + " ".join([_tag(tag) for tag in tags]))
    return " · ".join(facts)


def _touch_blocks(view: _View, entries: Sequence[Touchpoint], level: int, *, about: str | None) -> list[str]:
    """Touchpoints in full, a block each: heading, one line of facts and links, the note as a quote.

    ``about`` is the person whose file this is (others are linked as "with"); None in a week file,
    where everyone is linked and the week link is left out.
    """
    hashes = "#" * min(6, level)
    touches, people_links, week_links = view._touches, view.people_links, view.week_links
    blocks = []
    for tp in entries:
        heading, facts, note = touches.get(tp.uid) or view.touch(tp)
        if about is None:
            lead = people_links[tp.people]
        else:
            lead = week_links[tp.day]
            if len(tp.people) > 1:
                others = tuple(uid for uid in tp.people if uid != about)
                if others:
                    lead += f" · with: {people_links[others]}"
        blocks.append(f"{hashes} {heading}\n\n{lead} · {facts}{note}")
    return blocks


def _person_blocks(view: _View, person: Person, depth: Depth, level: int) -> list[str]:
    definition = person.definition
    since = person.created_at.date().isoformat()
    if person.following:
        status = f"Following since {since}"
    else:
        status = f"Archived {_day(person.archived_on)} (following since {since})"
    blocks = [
        _heading(level, plain(person.name)),
        f"{status} · cadence: {definition.cadence.value} · depth: **{depth.word}**",
        _heading(level + 1, "What this relationship means to me"),
        _quote_or(definition.meaning, "Not written yet."),
        _heading(level + 1, "Why I follow them"),
        _quote_or(definition.why, "Not written yet."),
        _heading(level + 1, "How we know each other"),
        _known(definition),
        _heading(level + 1, "Contact"),
        _channel_phrase(definition),
    ]
    if definition.welcome_contact:
        blocks += ["What contact is welcome:", quote_block(definition.welcome_contact)]
    blocks += [
        _heading(level + 1, "Facets"),
        "What I want from this relationship, and what I think they want from it.",
        _facet_lines(definition),
        _heading(level + 1, "Depth"),
        f"**{depth.word}** over the last {depth.window_days} days, as of {view.today.isoformat()}.",
        "\n".join(f"- {plain(line)}" for line in depth.evidence()),
    ]
    if person.episodes:
        blocks.append(_heading(level + 1, "Let go"))
        blocks += _episode_blocks(person)
    blocks.append(_heading(level + 1, "Definition history"))
    blocks += _history_blocks(person, level + 2)
    blocks.append(_heading(level + 1, "Touchpoints"))
    own = view.touchpoints_of(person.uid)
    if not own:
        blocks.append("*No touchpoints yet.*")
    else:
        blocks.append(f"{_plural(len(own), 'touchpoint')}, newest first.")
        blocks += _touch_blocks(view, own, level + 2, about=person.uid)
    return blocks


def _episode_blocks(person: Person) -> list[str]:
    """Every time they were let go, oldest first: the date, when they were followed again, the note."""
    blocks: list[str] = []
    for episode in person.episodes:
        when = f"Let go {_day(episode.let_go_on)}; "
        if episode.followed_again_on is None:
            when += "not followed since."
        else:
            when += f"followed again {_day(episode.followed_again_on)}."
        blocks += [when, _quote_or(episode.note, "No note.")]
    return blocks


def _person_markdown(view: _View, person: Person) -> str:
    depth = view.depth(person)
    return _document(_person_matter(person, depth), _person_blocks(view, person, depth, 1))


def person_export(journal: Journal, uid: str) -> tuple[str, str]:
    """One person's file as (its path inside an export folder, its Markdown)."""
    view = _View.of(journal)
    person = journal.person(uid)
    return person_path(view.slugs[uid]), _person_markdown(view, person)


def export_person_markdown(journal: Journal, uid: str) -> str:
    """One person's file: front matter, definition, depth, history and every touchpoint."""
    return person_export(journal, uid)[1]


# --------------------------------------------------------------------------------------------
# Weeks


def _week_matter(summary: WeekSummary) -> list[tuple[str, Value]]:
    return [
        ("week", str(summary.week)),
        ("start", summary.week.monday),
        ("end", summary.week.sunday),
        ("tags", ["reljournal/week"]),
        ("minutes", summary.total_minutes),
        ("touchpoints", summary.touchpoints),
        ("people", [row.person.name for row in summary.people]),
        ("reviewed", summary.saved is not None),
    ]


def _with(view: _View, uids: Sequence[str]) -> str:
    return f" — with {view.links(uids)}" if uids else ""


def _week_blocks(view: _View, summary: WeekSummary, level: int, *, notes: bool) -> list[str]:
    """The review's evidence, the saved reflection and intentions, then the week's touchpoints.

    With ``notes`` each touchpoint is shown in full; without (the one-document export, where every
    note is already under its people) each is one line.
    """
    blocks = [
        _heading(level, f"Week {summary.week}"),
        f"{week_range(summary.week)} · judged as of {summary.as_of.isoformat()}",
        _heading(level + 1, "Time together"),
    ]
    rows = []
    starts = view.item_start
    for row in summary.people:
        detail = _plural(row.touchpoints, "touchpoint")
        if row.offline_minutes:
            detail += f", {_duration(row.offline_minutes)} offline"
        if row.automated:
            detail += f", {row.automated} automated"
        rows.append(f"{starts[row.person.uid]}{_duration(row.minutes)} ({detail})")
    blocks.append("\n".join(rows) or "*No touchpoints logged this week.*")
    blocks.append(
        f"Total {duration(summary.total_minutes)} · offline {percent(summary.offline_share)} · "
        f"reached {summary.reached} of {summary.pond_size} in the pond"
    )
    blocks.append(_heading(level + 1, "Drifting"))
    blocks.append(_drifting_lines(view, summary.drifting) or "*Nobody.*")
    blocks.append(_heading(level + 1, "One-sided"))
    blocks.append(
        "\n".join(f"{starts[p.uid]}{view.plain(lean_phrase(lean))}" for p, lean in summary.one_sided)
        or "*Nobody.*"
    )
    blocks.append(_heading(level + 1, "Last week's intentions"))
    blocks.append(
        "\n".join(
            f"- [{'x' if kept else ' '}] {plain(i.text)}{_with(view, i.people)}"
            for i, kept in summary.last_week_intentions
        )
        or "*None set.*"
    )
    blocks.append(_heading(level + 1, "Reflection"))
    saved = summary.saved
    if saved is None:
        blocks.append("*Not written yet.*")
    elif not saved.answers:
        blocks.append("*No answers written.*")
    else:
        keys = [k for k in REVIEW_PROMPTS if k in saved.answers]
        keys += sorted(k for k in saved.answers if k not in REVIEW_PROMPTS)
        for key in keys:
            blocks.append(_heading(level + 2, plain(REVIEW_PROMPTS.get(key, key))))
            blocks.append(quote_block(saved.answers[key]))
    blocks.append(_heading(level + 1, "Intentions for next week"))
    intentions = saved.intentions if saved is not None else ()
    blocks.append("\n".join(f"- {plain(i.text)}{_with(view, i.people)}" for i in intentions) or "*None set.*")
    blocks.append(_heading(level + 1, "Touchpoints"))
    week_entries = view.by_week.get(summary.week, [])
    if not week_entries:
        blocks.append("*No touchpoints logged this week.*")
    elif notes:
        blocks.append(f"{_plural(len(week_entries), 'touchpoint')}, newest first.")
        blocks += _touch_blocks(view, week_entries, level + 2, about=None)
    else:
        blocks.append("Newest first; each note is with the people above.")
        blocks.append(
            "\n".join(
                f"- {_touch_heading(tp)} · {view.links(tp.people)} · {tp.felt.value}" for tp in week_entries
            )
        )
    return blocks


def _drifting_lines(view: _View, drifting: Sequence[tuple[Person, Drift]]) -> str:
    """One line per person drifting that week: the bulk of a ten-year export (tens of thousands of
    lines), so each is two cached pieces, looked up directly."""
    starts, reasons = view.item_start, view.sentence
    return "\n".join([starts[person.uid] + reasons[drift.reason] for person, drift in drifting])


def _week_markdown(view: _View, week: IsoWeek, summary: WeekSummary | None = None) -> str:
    summary = summary or summarize_week(view.journal, week)
    return _document(_week_matter(summary), _week_blocks(view, summary, 1, notes=True))


def week_export(journal: Journal, week: IsoWeek) -> tuple[str, str]:
    """One week's file as (its path inside an export folder, its Markdown)."""
    return week_path(week), _week_markdown(_View.of(journal), week)


def export_week_markdown(journal: Journal, week: IsoWeek) -> str:
    """One week's file: the review's evidence, the saved reflection and intentions, the touchpoints."""
    return week_export(journal, week)[1]


# --------------------------------------------------------------------------------------------
# Everything


def _week_line(summary: WeekSummary) -> str:
    reviewed = " · reviewed" if summary.saved is not None else ""
    return f"{duration(summary.total_minutes)} over {_plural(summary.touchpoints, 'touchpoint')}{reviewed}"


def _day(day: date | None) -> str:
    return f"on {day.isoformat()}" if day else "on an unknown date"


def _person_line(depth: Depth) -> str:
    last = depth.last_contact.isoformat() if depth.last_contact else "never"
    return f"{depth.word} · last touch {last}"


def _counts(view: _View, weeks: int) -> str:
    total = len(view.people)
    following = sum(1 for p in view.people.values() if p.following)
    return (
        f"{total} {'person' if total == 1 else 'people'} ({following} following, {total - following} archived), "
        f"{_plural(len(view.entries), 'touchpoint')} and {_plural(weeks, 'week')}, "
        f"as of {view.today.isoformat()}."
    )


def export_all_markdown(journal: Journal) -> str:
    """The whole journal as one document: an overview, every person, then every week."""
    with collector_paused():
        return _all_markdown(journal)


def _all_markdown(journal: Journal) -> str:
    view = _View.of(journal)
    weeks = view.weeks()
    depths = {uid: view.depth(person) for uid, person in view.people.items()}
    by_week = summarize_weeks(journal, weeks, series=False)
    summaries = [by_week[week] for week in weeks]
    matter: list[tuple[str, Value]] = [
        ("title", "reljournal"),
        ("tags", ["reljournal/export"]),
        ("people", len(view.people)),
        ("weeks", len(weeks)),
    ]
    blocks = [_heading(1, "reljournal"), _counts(view, len(weeks)), _heading(1, "People")]
    blocks.append(
        "\n".join(
            f"- {view.link(uid)} — {person.status.value} · {_person_line(depths[uid])}"
            for uid, person in view.people.items()
        )
        or "*Nobody yet.*"
    )
    for uid, person in view.people.items():
        blocks += _person_blocks(view, person, depths[uid], 2)
    blocks.append(_heading(1, "Weeks"))
    blocks.append(
        "\n".join(f"- {wikilink(str(s.week))} — {_week_line(s)}" for s in summaries) or "*No weeks yet.*"
    )
    for summary in summaries:
        blocks += _week_blocks(view, summary, 2, notes=False)
    return _document(matter, blocks)


def person_path(slug: str) -> str:
    """Where a person's file goes inside an export folder (POSIX-style, relative)."""
    return f"{PEOPLE_DIR}/{slug}.md"


def week_path(week: IsoWeek) -> str:
    return f"{WEEKS_DIR}/{week}.md"


def _index_markdown(view: _View, weeks: Sequence[IsoWeek], summaries: Mapping[IsoWeek, WeekSummary]) -> str:
    matter: list[tuple[str, Value]] = [
        ("title", "reljournal"),
        ("generator", GENERATOR),
        ("tags", ["reljournal/index"]),
        ("people", len(view.people)),
        ("weeks", len(weeks)),
    ]
    following = [p for p in view.people.values() if p.following]
    archived = [p for p in view.people.values() if not p.following]

    def item(person: Person, detail: str) -> str:
        target = person_path(view.slugs[person.uid])
        return f"- [{plain(person.name)}]({target}) — {detail}"

    blocks = [
        _heading(1, "reljournal"),
        _counts(view, len(weeks)),
        _heading(2, f"Following ({len(following)} of {view.journal.pond_cap})"),
        "\n".join(item(p, _person_line(view.depth(p))) for p in following) or "*Nobody yet.*",
        _heading(2, "Archived"),
        "\n".join(
            item(p, f"archived {_day(p.archived_on)} · {_person_line(view.depth(p))}") for p in archived
        )
        or "*Nobody.*",
        _heading(2, "Weeks"),
        "\n".join(f"- [{w}]({week_path(w)}) — {_week_line(summaries[w])}" for w in weeks)
        or "*No weeks yet.*",
    ]
    return _document(matter, blocks)


def export_files(journal: Journal) -> dict[str, str]:
    """Every file of a folder export: relative POSIX path -> Markdown text (index first)."""
    with collector_paused():
        return _files(journal)


def _files(journal: Journal) -> dict[str, str]:
    view = _View.of(journal)
    weeks = view.weeks()
    summaries = summarize_weeks(journal, weeks, series=False)
    files = {INDEX_FILE: _index_markdown(view, weeks, summaries)}
    for uid, person in view.people.items():
        files[person_path(view.slugs[uid])] = _person_markdown(view, person)
    for week in weeks:
        files[week_path(week)] = _week_markdown(view, week, summaries[week])
    return files


# --------------------------------------------------------------------------------------------
# Writing


def default_export_path(journal: Journal) -> Path:
    """``<data folder>/export``: as private as the journal (0700), always writable, never someone
    else's files, and a demo journal's export stays in the demo's temp folder."""
    return journal.folder / EXPORT_FOLDER_NAME


def _is_previous_export(folder: Path) -> bool:
    """Whether ``folder`` holds an export made before exports left a marker (its index says so)."""
    head = exportfs.read_head(folder / INDEX_FILE, 4096).decode("utf-8", "replace")
    return head.startswith("---\n") and f'\ngenerator: "{GENERATOR}"\n' in head


_LAYOUT = (INDEX_FILE, PEOPLE_DIR, WEEKS_DIR)


def check_export_folder(folder: Path) -> None:
    """Refuse a folder that an export may not write in (see :mod:`journal.report.exportfs`), so no one's files
    are overwritten."""
    exportfs.check_folder(folder, _LAYOUT, _is_previous_export)


def write_markdown(path: Path, text: str) -> None:
    """Write one exported file: 0600, atomic, never through a link, in a folder created 0700 if
    missing (durable, like the journal: one file costs one fsync)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private_file(path, text.encode("utf-8"))
    except OSError as error:
        raise exportfs.error_for(error, path) from None


def _write_files(folder: Path, files: Mapping[str, str]) -> list[Path]:
    return exportfs.write_tree(
        folder, files, places=("", PEOPLE_DIR, WEEKS_DIR), layout=_LAYOUT, earlier_export=_is_previous_export
    )


def export_to_folder(journal: Journal, folder: Path) -> list[Path]:
    """Write index.md, people/<slug>.md and weeks/<week>.md into ``folder``; the paths written.

    ``folder`` must be new, empty or an earlier export (files of the same name are replaced; files
    of people renamed or removed since are left as they were).
    """
    check_export_folder(folder)
    return _write_files(folder, export_files(journal))


def export_one_to_folder(journal: Journal, folder: Path, relative: str, text: str) -> Path:
    """Write one person's or week's file at its place in an export folder layout."""
    check_export_folder(folder)
    return _write_files(folder, {relative: text})[0]


def export_person_to_folder(journal: Journal, uid: str, folder: Path) -> Path:
    """Write (or refresh) ``people/<slug>.md`` in an export folder; the path written."""
    relative, text = person_export(journal, uid)
    return export_one_to_folder(journal, folder, relative, text)


def export_week_to_folder(journal: Journal, week: IsoWeek, folder: Path) -> Path:
    """Write (or refresh) ``weeks/<week>.md`` in an export folder; the path written."""
    relative, text = week_export(journal, week)
    return export_one_to_folder(journal, folder, relative, text)
