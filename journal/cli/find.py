"""Finding from the shell: ``show NAME`` (what the relationship means, its depth with the evidence,
recent touchpoints) and ``list`` (touchpoints, newest first, each with its short id)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.core.depth import depth_of
from journal.core.drift import drift_of
from journal.core.humanize import duration
from journal.core.model import Facet, Person, Touchpoint
from journal.core.shortid import short_length
from journal.core.textsafe import for_terminal, one_line
from journal.store.journal import Journal

RECENT = 5


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
