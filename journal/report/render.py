"""Markdown export: the journal as CommonMark with YAML front matter that any notes app reads.

Pure (no files; :mod:`journal.report.export` writes them). Layout of a folder export::

    index.md                 links to every person and week
    people/<slug>.md         one per person, following and archived (see journal.report.slug)
    weeks/2026-W47.md        one per ISO week with touchpoints or a saved review

The same journal gives the same bytes: everything is sorted, and the only date that is not the
journal's own data is "as of" (the journal clock's today), which depth and drift are judged at.

User text is escaped by :mod:`journal.report.mdsafe` and front matter written by :mod:`journal.report.yamlfront`,
so no name or note can break the front matter or the file's structure. People are linked as
``[[<slug>|<name>]]`` (Obsidian resolves a link by file name; the name is also in ``aliases``) and
weeks as ``[[2026-W47]]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from journal.core.depth import Depth
from journal.core.drift import Drift
from journal.core.humanize import duration, percent, plural
from journal.core.model import REVIEW_PROMPTS, Definition, Facet, KnownVia, Person, Touchpoint
from journal.core.weeks import IsoWeek
from journal.report.mdsafe import link_label, plain, quote_block, wikilink
from journal.report.review import (
    WeekSummary,
    lean_phrase,
    row_detail,
    summarize_week,
    summarize_weeks,
    week_range,
)
from journal.report.view import (
    View,
    document,
    heading,
    quote_or,
    short_duration,
    touch_heading,
)
from journal.report.yamlfront import Value
from journal.store.durable import collector_paused
from journal.store.journal import Journal

INDEX_FILE = "index.md"
PEOPLE_DIR = "people"
WEEKS_DIR = "weeks"
GENERATOR = "reljournal"

_KNOWN_VIA = {KnownVia.ONLINE: "Online", KnownVia.OFFLINE: "Offline", KnownVia.BOTH: "Online and offline"}


# --------------------------------------------------------------------------------------------
# People


def _aliases(person: Person) -> list[str]:
    """Every name this person has had, and the look-alike label links use, without repeats."""
    names = [person.name, link_label(person.name)]
    for past in reversed(person.history):
        names += [past.name, link_label(past.name)]
    return list(dict.fromkeys(names))


def _person_matter(view: View, person: Person, depth: Depth) -> list[tuple[str, Value]]:
    """A person's properties. Every note of a kind has every one of its properties, each always of one
    type (a list even when empty; a date or null), as Obsidian applies a property's type vault-wide."""
    definition = person.definition
    drift = view.drift(person) if person.following else None  # only the pond drifts
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
        ("drifting", drift is not None and drift.drifting),
        ("drift", drift.reason if drift is not None else ""),
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
        blocks.append(heading(level, f"{start} to {until}"))
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


def _touch_blocks(view: View, entries: Sequence[Touchpoint], level: int, *, about: str | None) -> list[str]:
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


def _person_blocks(view: View, person: Person, depth: Depth, level: int) -> list[str]:
    definition = person.definition
    since = person.created_at.date().isoformat()
    if person.following:
        status = f"Following since {since}"
    else:
        status = f"Archived {_day(person.archived_on)} (following since {since})"
    blocks = [
        heading(level, plain(person.name)),
        f"{status} · cadence: {definition.cadence.value} · depth: **{depth.word}**",
        heading(level + 1, "What this relationship means to me"),
        quote_or(definition.meaning, "Not written yet."),
        heading(level + 1, "Why I follow them"),
        quote_or(definition.why, "Not written yet."),
        heading(level + 1, "How we know each other"),
        _known(definition),
        heading(level + 1, "Contact"),
        _channel_phrase(definition),
    ]
    if definition.welcome_contact:
        blocks += ["What contact is welcome:", quote_block(definition.welcome_contact)]
    blocks += [
        heading(level + 1, "Facets"),
        "What I want from this relationship, and what I think they want from it.",
        _facet_lines(definition),
        heading(level + 1, "Depth"),
        f"**{depth.word}** over the last {depth.window_days} days, as of {view.today.isoformat()}.",
        "\n".join(f"- {plain(line)}" for line in depth.evidence()),
    ]
    if person.episodes:
        blocks.append(heading(level + 1, "Let go"))
        blocks += _episode_blocks(person)
    blocks.append(heading(level + 1, "Definition history"))
    blocks += _history_blocks(person, level + 2)
    blocks.append(heading(level + 1, "Touchpoints"))
    own = view.touchpoints_of(person.uid)
    if not own:
        blocks.append("*No touchpoints yet.*")
    else:
        blocks.append(f"{plural(len(own), 'touchpoint')}, newest first.")
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
        blocks += [when, quote_or(episode.note, "No note.")]
    return blocks


def _person_markdown(view: View, person: Person) -> str:
    depth = view.depth(person)
    return document(_person_matter(view, person, depth), _person_blocks(view, person, depth, 1))


def person_export(journal: Journal, uid: str) -> tuple[str, str]:
    """One person's file as (its path inside an export folder, its Markdown)."""
    view = View.of(journal)
    person = journal.person(uid)
    return person_path(view.slugs[uid]), _person_markdown(view, person)


def export_person_markdown(journal: Journal, uid: str) -> str:
    """One person's file: front matter, definition, depth, history and every touchpoint."""
    return person_export(journal, uid)[1]


# --------------------------------------------------------------------------------------------
# Weeks


def _week_matter(view: View, summary: WeekSummary) -> list[tuple[str, Value]]:
    """A week's properties; ``people`` as quoted wikilinks to their notes, so backlinks and the graph
    see who was there."""
    return [
        ("week", str(summary.week)),
        ("start", summary.week.monday),
        ("end", summary.week.sunday),
        ("tags", ["reljournal/week"]),
        ("minutes", summary.total_minutes),
        ("touchpoints", summary.touchpoints),
        ("people", [view.link(row.person.uid) for row in summary.people]),
        ("reviewed", summary.saved is not None),
    ]


def _with(view: View, uids: Sequence[str]) -> str:
    return f" — with {view.links(uids)}" if uids else ""


def _week_blocks(view: View, summary: WeekSummary, level: int, *, notes: bool) -> list[str]:
    """The review's evidence, the saved reflection and intentions, then the week's touchpoints.

    With ``notes`` each touchpoint is shown in full; without (the one-document export, where every
    note is already under its people) each is one line.
    """
    blocks = [
        heading(level, f"Week {summary.week}"),
        f"{week_range(summary.week)} · judged as of {summary.as_of.isoformat()}",
        heading(level + 1, "Time together"),
    ]
    rows = []
    starts = view.item_start
    for row in summary.people:
        rows.append(f"{starts[row.person.uid]}{short_duration(row.minutes)} ({row_detail(row)})")
    blocks.append("\n".join(rows) or "*No touchpoints logged this week.*")
    blocks.append(
        f"Total {duration(summary.total_minutes)} · offline {percent(summary.offline_share)} · "
        f"reached {summary.reached} of {summary.pond_size} in the pond"
    )
    blocks.append(heading(level + 1, "Drifting"))
    blocks.append(_drifting_lines(view, summary.drifting) or "*Nobody.*")
    blocks.append(heading(level + 1, "One-sided"))
    blocks.append(
        "\n".join(f"{starts[p.uid]}{view.plain(lean_phrase(lean))}" for p, lean in summary.one_sided)
        or "*Nobody.*"
    )
    blocks.append(heading(level + 1, "Last week's intentions"))
    blocks.append(
        "\n".join(
            f"- [{'x' if kept else ' '}] {plain(i.text)}{_with(view, i.people)}"
            for i, kept in summary.last_week_intentions
        )
        or "*None set.*"
    )
    blocks.append(heading(level + 1, "Reflection"))
    saved = summary.saved
    if saved is None:
        blocks.append("*Not written yet.*")
    elif not saved.answers:
        blocks.append("*No answers written.*")
    else:
        keys = [k for k in REVIEW_PROMPTS if k in saved.answers]
        keys += sorted(k for k in saved.answers if k not in REVIEW_PROMPTS)
        for key in keys:
            blocks.append(heading(level + 2, plain(REVIEW_PROMPTS.get(key, key))))
            blocks.append(quote_block(saved.answers[key]))
    blocks.append(heading(level + 1, "Intentions for next week"))
    intentions = saved.intentions if saved is not None else ()
    blocks.append("\n".join(f"- {plain(i.text)}{_with(view, i.people)}" for i in intentions) or "*None set.*")
    blocks.append(heading(level + 1, "Touchpoints"))
    week_entries = view.by_week.get(summary.week, [])
    if not week_entries:
        blocks.append("*No touchpoints logged this week.*")
    elif notes:
        blocks.append(f"{plural(len(week_entries), 'touchpoint')}, newest first.")
        blocks += _touch_blocks(view, week_entries, level + 2, about=None)
    else:
        blocks.append("Newest first; each note is with the people above.")
        blocks.append(
            "\n".join(
                f"- {touch_heading(tp)} · {view.links(tp.people)} · {tp.felt.value}" for tp in week_entries
            )
        )
    return blocks


def _drifting_lines(view: View, drifting: Sequence[tuple[Person, Drift]]) -> str:
    """One line per person drifting that week: the bulk of a ten-year export (tens of thousands of
    lines), so each is two cached pieces, looked up directly."""
    starts, reasons = view.item_start, view.sentence
    return "\n".join([starts[person.uid] + reasons[drift.reason] for person, drift in drifting])


def _week_markdown(view: View, week: IsoWeek, summary: WeekSummary | None = None) -> str:
    summary = summary or summarize_week(view.journal, week)
    return document(_week_matter(view, summary), _week_blocks(view, summary, 1, notes=True))


def week_export(journal: Journal, week: IsoWeek) -> tuple[str, str]:
    """One week's file as (its path inside an export folder, its Markdown)."""
    return week_path(week), _week_markdown(View.of(journal), week)


def export_week_markdown(journal: Journal, week: IsoWeek) -> str:
    """One week's file: the review's evidence, the saved reflection and intentions, the touchpoints."""
    return week_export(journal, week)[1]


# --------------------------------------------------------------------------------------------
# Everything


def _week_line(summary: WeekSummary) -> str:
    reviewed = " · reviewed" if summary.saved is not None else ""
    return f"{duration(summary.total_minutes)} over {plural(summary.touchpoints, 'touchpoint')}{reviewed}"


def _day(day: date | None) -> str:
    return f"on {day.isoformat()}" if day else "on an unknown date"


def _person_line(depth: Depth) -> str:
    last = depth.last_contact.isoformat() if depth.last_contact else "never"
    return f"{depth.word} · last touch {last}"


def _counts(view: View, weeks: int) -> str:
    total = len(view.people)
    following = sum(1 for p in view.people.values() if p.following)
    return (
        f"{plural(total, 'person', 'people')} ({following} following, {total - following} archived), "
        f"{plural(len(view.entries), 'touchpoint')} and {plural(weeks, 'week')}, "
        f"as of {view.today.isoformat()}."
    )


def export_all_markdown(journal: Journal) -> str:
    """The whole journal as one document: an overview, every person, then every week."""
    with collector_paused():
        return _all_markdown(journal)


def _all_markdown(journal: Journal) -> str:
    view = View.of(journal)
    weeks = view.weeks()
    depths = {uid: view.depth(person) for uid, person in view.people.items()}
    by_week = summarize_weeks(journal, weeks, series=False)
    summaries = [by_week[week] for week in weeks]
    matter: list[tuple[str, Value]] = [
        ("title", "reljournal"),
        ("tags", ["reljournal/export"]),
        ("people_count", len(view.people)),  # not "people": that is the week notes' list of links
        ("weeks_count", len(weeks)),
    ]
    blocks = [heading(1, "reljournal"), _counts(view, len(weeks)), heading(1, "People")]
    blocks.append(
        "\n".join(
            f"- {view.link(uid)} — {person.status.value} · {_person_line(depths[uid])}"
            for uid, person in view.people.items()
        )
        or "*Nobody yet.*"
    )
    for uid, person in view.people.items():
        blocks += _person_blocks(view, person, depths[uid], 2)
    blocks.append(heading(1, "Weeks"))
    blocks.append(
        "\n".join(f"- {wikilink(str(s.week))} — {_week_line(s)}" for s in summaries) or "*No weeks yet.*"
    )
    for summary in summaries:
        blocks += _week_blocks(view, summary, 2, notes=False)
    return document(matter, blocks)


def person_path(slug: str) -> str:
    """Where a person's file goes inside an export folder (POSIX-style, relative)."""
    return f"{PEOPLE_DIR}/{slug}.md"


def week_path(week: IsoWeek) -> str:
    return f"{WEEKS_DIR}/{week}.md"


def index_export(journal: Journal, weeks: Sequence[IsoWeek]) -> str:
    """index.md alone, as the full export renders it (the mirror rewrites it after each change)."""
    return _index_markdown(View.of(journal), weeks, summarize_weeks(journal, weeks, series=False))


def _index_markdown(view: View, weeks: Sequence[IsoWeek], summaries: Mapping[IsoWeek, WeekSummary]) -> str:
    matter: list[tuple[str, Value]] = [
        ("title", "reljournal"),
        ("generator", GENERATOR),
        ("tags", ["reljournal/index"]),
        ("people_count", len(view.people)),  # not "people": that is the week notes' list of links
        ("weeks_count", len(weeks)),
    ]
    following = [p for p in view.people.values() if p.following]
    archived = [p for p in view.people.values() if not p.following]

    def item(person: Person, detail: str) -> str:
        target = person_path(view.slugs[person.uid])
        return f"- [{plain(person.name)}]({target}) — {detail}"

    blocks = [
        heading(1, "reljournal"),
        _counts(view, len(weeks)),
        heading(2, f"Following ({len(following)} of {view.journal.pond_cap})"),
        "\n".join(item(p, _person_line(view.depth(p))) for p in following) or "*Nobody yet.*",
        heading(2, "Archived"),
        "\n".join(
            item(p, f"archived {_day(p.archived_on)} · {_person_line(view.depth(p))}") for p in archived
        )
        or "*Nobody.*",
        heading(2, "Weeks"),
        "\n".join(f"- [{w}]({week_path(w)}) — {_week_line(summaries[w])}" for w in weeks)
        or "*No weeks yet.*",
    ]
    return document(matter, blocks)


def export_files(journal: Journal) -> dict[str, str]:
    """Every file of a folder export: relative POSIX path -> Markdown text (index first)."""
    with collector_paused():
        return _files(journal)


def _files(journal: Journal) -> dict[str, str]:
    view = View.of(journal)
    weeks = view.weeks()
    summaries = summarize_weeks(journal, weeks, series=False)
    files = {INDEX_FILE: _index_markdown(view, weeks, summaries)}
    for uid, person in view.people.items():
        files[person_path(view.slugs[uid])] = _person_markdown(view, person)
    for week in weeks:
        files[week_path(week)] = _week_markdown(view, week, summaries[week])
    return files
