"""Finding from the shell: ``show NAME`` (what the relationship means, its depth with the evidence,
recent touchpoints) and ``list`` (touchpoints, newest first, each with its short id)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from journal.cli.values import day_from
from journal.core.depth import depth_of
from journal.core.drift import drift_of
from journal.core.humanize import duration
from journal.core.model import Channel, Facet, Person, Touchpoint, ValidationError, clean_channel, clean_tags
from journal.core.search import SearchIndex, TouchpointFilter, filter_touchpoints
from journal.core.shortid import short_length
from journal.core.spoken import DATE_EXAMPLES
from journal.core.textsafe import for_terminal, json_for_terminal, one_line
from journal.store.journal import Journal

RECENT = 5
LISTED = 20
_CHANNELS = "|".join(c.value for c in Channel)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    show = sub.add_parser(
        "show",
        help="one person: what the relationship means, its depth and recent touchpoints",
        description="Show what the relationship with NAME means to you (and what you think it means to "
        "them), its depth with the evidence behind it, drift, let-go episodes and recent touchpoints.",
    )
    show.add_argument("name")
    show.add_argument("-n", dest="recent", type=int, default=RECENT, metavar="N", help="recent touchpoints")
    show.set_defaults(func=cmd_show)

    listing = sub.add_parser(
        "list",
        help="touchpoints, newest first, each with its short id",
        description="List touchpoints, newest first, each with the short id that edit and delete take. "
        "Filters combine: every one given must match. Dates may be spoken "
        f"({DATE_EXAMPLES}); --since and --until include their own day.",
        epilog="examples: reljournal list --person sam --since 'last monday'; "
        "reljournal list --grep garden --tag family -n 0 --json",
    )
    listing.add_argument("--person", metavar="NAME", help="only touchpoints with this person (archived too)")
    listing.add_argument("--since", metavar="DATE", help="only on or after this day")
    listing.add_argument("--until", metavar="DATE", help="only on or before this day")
    listing.add_argument("--channel", metavar=_CHANNELS, help="only over this channel")
    listing.add_argument("--tag", metavar="TAG", help="only touchpoints with this tag (with or without #)")
    listing.add_argument(
        "--grep",
        metavar="TEXT",
        help="only those whose note, people, channel or tags hold every word of TEXT (#word: that tag)",
    )
    listing.add_argument(
        "-n",
        dest="limit",
        type=int,
        default=LISTED,
        metavar="N",
        help=f"at most N (default {LISTED}; 0: all)",
    )
    listing.add_argument(
        "--json",
        action="store_true",
        help="machine output: a JSON array of the stored records, each with its short id and people's names",
    )
    listing.set_defaults(func=cmd_list)


def _facets(facets: frozenset[Facet]) -> str:
    return ", ".join(f.label for f in Facet if f in facets) or "none chosen"


def person_lines(journal: Journal, person: Person, recent: int) -> list[str]:
    """``show``'s text: plain lines with the person's own words made safe for a terminal."""
    today = journal.today()
    definition = person.definition
    entries = journal.entries_for(person.uid)
    status = "in your pond" if person.following else f"let go on {person.archived_on}"
    facts = [status, f"added {person.created_at.date().isoformat()}"]
    if definition.cadence.days is not None:
        facts.append(f"cadence {definition.cadence.value}")
    if definition.preferred_channel is not None:
        facts.append(f"prefers {definition.preferred_channel.label}")
    lines = [for_terminal(person.name), "  " + " · ".join(facts), ""]
    lines.append(f"Why you follow them: {for_terminal(definition.why)}")
    if definition.meaning:
        lines.append(f"What it means to you: {for_terminal(definition.meaning)}")
    known = definition.known_via.value + (f", {definition.known_where}" if definition.known_where else "")
    lines.append(f"How you know each other: {for_terminal(known)}")
    if definition.welcome_contact:
        lines.append(f"Welcome contact: {for_terminal(definition.welcome_contact)}")
    lines.append(f"Facets you want: {_facets(definition.facets_mine)}")
    lines.append(f"Facets you think they want: {_facets(definition.facets_theirs)}")
    if definition.mismatches:
        lines.append(f"  Only one side wants: {_facets(definition.mismatches)}")
    depth = depth_of(person.uid, entries, today, newest_first=True)
    lines += ["", f"Depth: {depth.word}", *(f"  {line}" for line in depth.evidence())]
    if person.following:
        drift = drift_of(person, entries, today)
        lines.append(f"  {'Drifting: ' if drift.drifting else ''}{drift.reason}")
    if person.episodes:
        lines += ["", "Let go:"]
        for episode in person.episodes:
            again = f", followed again {episode.followed_again_on}" if episode.followed_again_on else ""
            note = f": {for_terminal(one_line(episode.note, 60))}" if episode.note else ""
            lines.append(f"  {episode.let_go_on}{again}{note}")
    lines += [
        "",
        f"Recent touchpoints ({min(recent, len(entries))} of {len(entries)}):"
        if entries
        else "No touchpoints yet.",
    ]
    width = short_length(t.uid for t in journal.entries())
    lines += [f"  {touchpoint_line(journal, tp, width, exclude=person.uid)}" for tp in entries[:recent]]
    return lines


def touchpoint_line(journal: Journal, tp: Touchpoint, id_width: int, exclude: str | None = None) -> str:
    """One touchpoint on one line: id, date, who (but ``exclude``), channel, time, the note's start."""
    others = [journal.person(uid).name for uid in tp.people if uid != exclude]
    parts = [tp.uid[:id_width], tp.day.isoformat()]
    if others:
        parts.append(for_terminal(", ".join(others)))
    parts.append(f"{tp.channel.label} {duration(tp.minutes)}")
    if tp.note:
        parts.append(for_terminal(one_line(tp.note, 60)))
    if tp.tags:
        parts.append(" ".join(f"#{for_terminal(tag)}" for tag in tp.tags))
    return "  ".join(parts)


def cmd_show(args: argparse.Namespace, journal: Journal) -> int:
    person = journal.find_person(args.name)
    recent = max(0, args.recent)
    print("\n".join(person_lines(journal, person, recent)))
    return 0


def list_filter(args: argparse.Namespace, journal: Journal) -> TouchpointFilter:
    """The filter the flags describe, each value read as anywhere else and refused naming its flag."""
    today = journal.today()
    since = day_from(args.since, today, "--since") if args.since is not None else None
    until = day_from(args.until, today, "--until") if args.until is not None else None
    if since is not None and until is not None and since > until:
        raise ValidationError("since", f"--since {since.isoformat()} is after --until {until.isoformat()}")
    tag = None
    if args.tag is not None:
        try:
            tags = clean_tags([args.tag])
        except ValidationError as error:
            raise ValidationError("tag", f"--tag: {error.message}") from None
        if not tags:
            raise ValidationError("tag", "--tag: say which tag (e.g. --tag family)")
        tag = tags[0]
    channel = clean_channel(args.channel, "--channel") if args.channel is not None else None
    person = journal.find_person(args.person).uid if args.person is not None else None
    return TouchpointFilter(
        text=args.grep or "", person=person, since=since, until=until, channel=channel, tag=tag
    )


def cmd_list(args: argparse.Namespace, journal: Journal) -> int:
    if args.limit < 0:
        raise ValidationError("n", f"-n: {args.limit} is below 0; use 0 to list every match")
    spec = list_filter(args, journal)
    entries = journal.entries()
    names = {p.uid: p.name for p in journal.people()}
    limit = args.limit or None
    found = filter_touchpoints(entries, spec, SearchIndex(names), limit=None if limit is None else limit + 1)
    more = limit is not None and len(found) > limit
    found = found[:limit]
    width = short_length(tp.uid for tp in entries)
    if args.json:
        sys.stdout.write(json_for_terminal(_as_json(found, names, width)) + "\n")
        return 0
    if not found:
        print("No touchpoints yet." if not entries else "No touchpoints match.", file=sys.stderr)
        return 0
    print("\n".join(touchpoint_line(journal, tp, width) for tp in found))
    if more:
        print(f"(the newest {limit}; -n 0 lists every match)", file=sys.stderr)
    return 0


def _as_json(found: list[Touchpoint], names: dict[str, str], width: int) -> str:
    import orjson  # only for --json

    # The stored record (as an export or backup has it), with the short id and the names beside it.
    rows = [
        {"id": tp.uid[:width], **tp.to_dict(), "names": [names.get(uid, "") for uid in tp.people]}
        for tp in found
    ]
    return orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode()
