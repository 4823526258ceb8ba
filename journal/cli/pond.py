"""Pond commands: follow, unfollow, people, cap."""

from __future__ import annotations

import argparse
from typing import Any

from journal.cli.terminal import ask_yes_no, command_line
from journal.core.errors import JournalError, NotFoundError
from journal.core.humanize import ago, duration
from journal.core.model import (
    MAX_POND_CAP,
    Cadence,
    Channel,
    KnownVia,
    Person,
    ValidationError,
    make_definition,
    name_key,
)
from journal.core.textsafe import for_terminal, pad
from journal.store.journal import Journal

MAX_STDIN_NOTE = 4 * 1024 * 1024


def register(sub: argparse._SubParsersAction[Any]) -> None:
    follow = sub.add_parser(
        "follow",
        help="add someone to your pond (or follow an archived person again)",
        description="Add someone to your pond. You follow someone only because you want to hear "
        "what they have to say: --why is required for someone new.",
    )
    follow.add_argument("name")
    follow.add_argument("--why", help="why you follow them (required for someone new)")
    follow.add_argument("--cadence", choices=[c.value for c in Cadence], default="none")
    follow.add_argument("--known-via", choices=[k.value for k in KnownVia], default="both")
    follow.add_argument("--where", default="", help="where you know them from")
    follow.add_argument("--channel", choices=[c.value for c in Channel], help="their preferred channel")
    follow.add_argument(
        "--new", action="store_true", help="add a new person even if NAME matches someone in the journal"
    )
    follow.set_defaults(func=cmd_follow)

    unfollow = sub.add_parser("unfollow", help="let someone go from your pond (history is kept)")
    unfollow.add_argument("name")
    unfollow.add_argument("--note", default="", help="a note on why, kept with them")
    unfollow.set_defaults(func=cmd_unfollow)

    people = sub.add_parser("people", help="your pond as a table")
    people.add_argument("--archived", action="store_true", help="show archived people instead")
    people.add_argument("--all", action="store_true", help="show following and archived people")
    people.set_defaults(func=cmd_people)

    cap = sub.add_parser("cap", help="show or change how many people your pond holds")
    cap.add_argument("size", nargs="?", help="the new cap (default 15)")
    cap.set_defaults(func=cmd_cap)


def cmd_follow(args: argparse.Namespace, journal: Journal) -> int:
    """Follow someone new, or someone let go again. NAME is matched the way ``log`` matches it (exact,
    then a unique prefix), so a let-go person is offered back instead of getting a twin."""
    if not args.new:
        found = _existing(journal, args.name)
        if found is not None:
            return _follow_again(args, journal, found)
    if not args.why:
        raise ValidationError(
            "why", "say why you follow them with --why TEXT: what do you want to hear from them?"
        )
    definition = make_definition(
        why=args.why,
        cadence=args.cadence,
        known_via=args.known_via,
        known_where=args.where,
        preferred_channel=args.channel,
    )
    person = journal.add_person(args.name, definition)
    print(f"Following {for_terminal(person.name)} ({len(journal.following())}/{journal.pond_cap}).")
    return 0


def _existing(journal: Journal, name: str) -> Person | None:
    """Whom ``name`` means in the journal (the one find function ``log`` uses), or None."""
    try:
        return journal.find_person(name)
    except NotFoundError:
        return None
    except ValidationError:
        return None  # an empty or invisible name: add_person says what is wrong with it


def _follow_again(args: argparse.Namespace, journal: Journal, person: Person) -> int:
    new = command_line(args, "follow", args.name, "--new", "--why", "TEXT")
    if person.following:
        raise JournalError(f"{person.name} is already in your pond; to add a different person, run: {new}")
    exact = name_key(person.name) == name_key(args.name)
    if not exact:
        since = person.archived_on.isoformat() if person.archived_on else "some time ago"
        question = f"{args.name!r} is {person.name}, whom you let go on {since}. Follow them again? [y/N] "
        answer = ask_yes_no(question)
        if answer is None:
            raise JournalError(
                f"{args.name!r} matches {person.name}, whom you let go on {since}; nothing was changed. "
                f"To follow them again, run: {command_line(args, 'follow', person.name)}; "
                f"to add a different person: {new}"
            )
        if not answer:
            print("Nothing was changed.")
            return 1
    person = journal.refollow(person.uid)
    print(f"Following {for_terminal(person.name)} again ({len(journal.following())}/{journal.pond_cap}).")
    return 0


def cmd_unfollow(args: argparse.Namespace, journal: Journal) -> int:
    try:
        person = journal.find_person(args.name, include_archived=False)
    except NotFoundError:
        gone = journal.find_person(args.name)  # someone let go already: say so rather than "nobody"
        raise ValidationError(
            "name",
            f"{for_terminal(gone.name)} is already let go (on {gone.archived_on}); nothing was changed",
        ) from None
    journal.archive(person.uid, args.note)
    print(
        f"Let {for_terminal(person.name)} go; their history is kept "
        f"({len(journal.following())}/{journal.pond_cap})."
    )
    return 0


def cmd_people(args: argparse.Namespace, journal: Journal) -> int:
    from journal.core.pond import pond_rows  # here, not at the top: quick capture does not need it

    if args.all:
        people = journal.people()
    elif args.archived:
        people = journal.archived()
    else:
        people = journal.following()
    today = journal.today()
    print(f"Pond {len(journal.following())}/{journal.pond_cap}")
    if not people:
        print("(nobody yet: reljournal follow NAME --why TEXT)" if not args.archived else "(nobody archived)")
        return 0
    header = (
        f"{pad('NAME', 24)}  {pad('LAST TOUCH', 11)}  {pad('CADENCE', 12)}  {pad('STATUS', 12)}  THIS MONTH"
    )
    print(header)
    for row in pond_rows(people, journal.entries(), today):
        status = str(row.cadence_status(today)) if row.person.following else "archived"
        print(
            f"{pad(for_terminal(row.person.name), 24)}  {pad(ago(row.last_contact, today), 11)}  "
            f"{pad(row.person.cadence.value, 12)}  {pad(status, 12)}  {duration(row.minutes_this_month)}"
        )
    return 0


def cmd_cap(args: argparse.Namespace, journal: Journal) -> int:
    if args.size is None:
        print(f"Pond {len(journal.following())}/{journal.pond_cap}")
        return 0
    size = args.size.strip()
    if not (size.isascii() and size.isdigit() and len(size) <= 6):
        raise ValidationError(
            "cap", f"cap: {args.size[:20]!r} is not a whole number from 1 to {MAX_POND_CAP}"
        )
    journal.set_pond_cap(int(size))
    print(f"Pond cap is now {journal.pond_cap} ({len(journal.following())} following).")
    return 0
