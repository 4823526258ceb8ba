"""Capture from the shell: ``log`` a touchpoint, ``edit`` or ``delete`` one by its short id.

What is missing is asked for on a terminal and refused otherwise with the exact flag to add; a note not
given on a terminal is written in the person's editor, on a private file inside the data folder that
is removed once the touchpoint is saved and kept (and named) when it is not.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from journal.cli.terminal import ask_value, ask_yes_no, command_line, interactive
from journal.cli.values import day_from, minutes_from
from journal.core.errors import JournalError
from journal.core.humanize import duration
from journal.core.model import (
    Channel,
    Felt,
    Initiator,
    Person,
    Touchpoint,
    ValidationError,
    clean_minutes,
    make_touchpoint,
    new_uid,
)
from journal.core.notetext import note_template
from journal.core.spoken import DATE_EXAMPLES, MINUTES_EXAMPLES, spoken_minutes
from journal.core.textsafe import for_terminal, for_terminal_line, one_line
from journal.store.editor import edit_in_editor, note_file
from journal.store.journal import Journal

MAX_STDIN_NOTE = 4 * 1024 * 1024
_CHANNELS = "|".join(c.value for c in Channel)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    log = sub.add_parser(
        "log",
        help="log a touchpoint from the shell",
        description="Log time spent with someone. NAME matches case-insensitively. The channel defaults "
        "to the person's preferred one; on a terminal, what is missing is asked for and a note not "
        "given opens $VISUAL or $EDITOR.",
    )
    log.add_argument("name")
    log.add_argument("note", nargs="?", default=None, help='the note; "-" reads it from stdin, "" logs none')
    log.add_argument(
        "--with",
        dest="others",
        action="append",
        default=[],
        metavar="NAME",
        help="someone else who was there (repeat for more)",
    )
    log.add_argument("--channel", metavar=_CHANNELS, help="default: the person's preferred channel")
    log.add_argument("--minutes", metavar="TIME", help=f"e.g. {MINUTES_EXAMPLES}")
    log.add_argument("--initiated", default="mutual", metavar="me|them|mutual")
    log.add_argument("--felt", default="genuine", metavar="genuine|routine|automated")
    log.add_argument("--closeness", default=None, metavar="1-5")
    log.add_argument("--date", default=None, metavar="DAY", help=f"e.g. {DATE_EXAMPLES} (default: today)")
    log.add_argument("--tag", dest="tags", action="append", default=[], help="a tag (repeatable)")
    log.set_defaults(func=cmd_log)

    edit = sub.add_parser(
        "edit",
        help="change a touchpoint (by the id `reljournal list` shows)",
        description="Change a touchpoint. With no flags on a terminal, its note opens in your editor.",
    )
    edit.add_argument("id", help="the touchpoint's id, or a unique beginning of it")
    edit.add_argument("--date", metavar="DAY", help=f"e.g. {DATE_EXAMPLES}")
    edit.add_argument("--minutes", metavar="TIME", help=f"e.g. {MINUTES_EXAMPLES}")
    edit.add_argument("--channel", metavar=_CHANNELS)
    edit.add_argument("--initiated", metavar="me|them|mutual")
    edit.add_argument("--felt", metavar="genuine|routine|automated")
    edit.add_argument("--closeness", metavar="1-5", help='"" clears it')
    edit.add_argument("--note", help='the new note; "-" reads it from stdin')
    edit.set_defaults(func=cmd_edit)

    delete = sub.add_parser("delete", help="delete a touchpoint (by the id `reljournal list` shows)")
    delete.add_argument("id", help="the touchpoint's id, or a unique beginning of it")
    delete.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    delete.set_defaults(func=cmd_delete)


def _asked_minutes(reply: str) -> int:
    return clean_minutes(spoken_minutes(reply))


def _asked_channel(reply: str) -> Channel:
    try:
        return Channel(reply.strip().lower())
    except ValueError:
        raise ValueError(f"one of {', '.join(c.value for c in Channel)}") from None


def read_stdin_note() -> str:
    raw = sys.stdin.buffer.read(MAX_STDIN_NOTE + 1)
    if len(raw) > MAX_STDIN_NOTE:
        raise ValidationError("note", f"the note on stdin is over {MAX_STDIN_NOTE // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8-sig")  # an editor's byte-order mark is not part of the note
    except UnicodeDecodeError:
        raise ValidationError("note", "the note on stdin is not UTF-8 text") from None


def _people(journal: Journal, names: list[str]) -> list[Person]:
    people: list[Person] = []
    for name in names:
        person = journal.find_person(name)
        if person.uid in (p.uid for p in people):
            raise ValidationError("people", f"{person.name} is named twice")
        people.append(person)
    return people


def _refollow_let_go(args: argparse.Namespace, journal: Journal, people: list[Person]) -> list[Person]:
    """Say when someone logged was let go; on a terminal, offer to follow them again."""
    kept: list[Person] = []
    for person in people:
        if not person.following:
            print(
                f"You let {for_terminal(person.name)} go on {person.archived_on}; this touchpoint joins "
                "their history all the same.",
                file=sys.stderr,
            )
            if ask_yes_no(f"Follow {person.name} again? [y/N] "):
                try:
                    person = journal.refollow(person.uid)
                except JournalError as error:  # a full pond: the touchpoint is still worth keeping
                    print(for_terminal_line(error.message), file=sys.stderr)
                else:
                    print(
                        f"Following {for_terminal(person.name)} again "
                        f"({len(journal.following())}/{journal.pond_cap})."
                    )
        kept.append(person)
    return kept


def _missing(args: argparse.Namespace, what: str, flag: str, example: str) -> ValidationError:
    return ValidationError(
        what,
        f"{what} is missing; add {flag} {example}, e.g. {command_line(args, 'log', args.name, flag, example)}",
    )


def cmd_log(args: argparse.Namespace, journal: Journal) -> int:
    now = journal.clock()
    day = day_from(args.date, now.date()) if args.date is not None else now.date()
    people = _refollow_let_go(args, journal, _people(journal, [args.name, *args.others]))
    channel: Channel | str | None = args.channel
    if channel is None:
        channel = people[0].definition.preferred_channel
    if channel is None:
        channel = ask_value(f"Channel ({_CHANNELS}): ", _asked_channel)
    if channel is None:
        raise _missing(args, "channel", "--channel", "call")
    if args.minutes is not None:
        minutes: int | None = minutes_from(args.minutes)
    else:
        minutes = ask_value("Minutes (e.g. 30, 1h30): ", _asked_minutes)
    if minutes is None:
        raise _missing(args, "minutes", "--minutes", "30")

    uid = new_uid()

    def touchpoint(note: str) -> Touchpoint:
        return make_touchpoint(
            uid=uid,
            people=[p.uid for p in people],
            day=day,
            channel=channel,
            minutes=minutes,
            initiated_by=args.initiated,
            felt=args.felt,
            closeness=args.closeness,
            note=note,
            tags=args.tags,
            now=now,
        )

    draft = touchpoint("")  # every field but the note is checked before anyone writes it
    if args.note == "-":
        saved = _save_new(journal, touchpoint(read_stdin_note()))
    elif args.note is not None or not interactive():
        saved = _save_new(journal, touchpoint(args.note or ""))
    else:
        who = ", ".join(p.name for p in people)
        template = note_template(
            f"Note on {day.isoformat()} with {who} ({draft.channel.label}, {duration(draft.minutes)})."
        )
        with note_file(journal) as path:
            note = edit_in_editor(path, template)
            if not note:
                print("The note was empty, so nothing was logged.")
                return 1
            saved = _save_new(journal, touchpoint(note), kept=path)
    _say_logged(saved, people)
    return 0


def _saving(kept: Path | None, action: Callable[[], Touchpoint]) -> Touchpoint:
    try:
        return action()
    except (JournalError, ValidationError, OSError) as error:
        if kept is None:
            raise
        message = error.message if isinstance(error, JournalError | ValidationError) else str(error)
        raise JournalError(f"{message}; nothing was saved, and your note is kept in {kept}") from None


def _save_new(journal: Journal, touchpoint: Touchpoint, kept: Path | None = None) -> Touchpoint:
    return _saving(kept, lambda: journal.add_touchpoint(touchpoint))


_WHO_REACHED_OUT = {
    Initiator.ME: "you reached out",
    Initiator.THEM: "they reached out",
    Initiator.MUTUAL: "mutual",
}


def _say_logged(touchpoint: Touchpoint, people: list[Person]) -> None:
    kind = (
        "automated (noted, not counted as depth)"
        if touchpoint.felt is Felt.AUTOMATED
        else touchpoint.felt.value
    )
    who = ", ".join(for_terminal(p.name) for p in people)
    print(
        f"Logged {duration(touchpoint.minutes)} {touchpoint.channel.label} with {who} "
        f"on {touchpoint.day.isoformat()} ({kind}, {_WHO_REACHED_OUT[touchpoint.initiated_by]})."
    )


def find_touchpoint(journal: Journal, typed: str) -> Touchpoint:
    """The touchpoint a short id (or a unique beginning of one) names."""
    from journal.core.shortid import resolve

    entries = journal.entries()
    return journal.entry(resolve(typed, [t.uid for t in entries]))


def short_id(journal: Journal, touchpoint: Touchpoint) -> str:
    from journal.core.shortid import short_length

    return touchpoint.uid[: short_length(t.uid for t in journal.entries())]


def cmd_edit(args: argparse.Namespace, journal: Journal) -> int:
    old = find_touchpoint(journal, args.id)
    now = journal.clock()
    changes: dict[str, Any] = {}
    if args.date is not None:
        changes["day"] = day_from(args.date, now.date())
    if args.minutes is not None:
        changes["minutes"] = minutes_from(args.minutes)
    for flag, field in (("channel", "channel"), ("initiated", "initiated_by"), ("felt", "felt")):
        if getattr(args, flag) is not None:
            changes[field] = getattr(args, flag)
    if args.closeness is not None:
        changes["closeness"] = args.closeness or None
    kept: Path | None = None
    with contextlib.ExitStack() as stack:
        if args.note == "-":
            changes["note"] = read_stdin_note()
        elif args.note is not None:
            changes["note"] = args.note
        elif not changes:
            if not interactive():
                raise ValidationError(
                    "edit",
                    "say what to change: --date, --minutes, --channel, --initiated, --felt, "
                    "--closeness or --note (with no flags on a terminal, the note opens in your editor)",
                )
            kept = stack.enter_context(note_file(journal))
            template = note_template(
                f"Note on {old.day.isoformat()} ({old.channel.label}, {duration(old.minutes)})."
            )
            changes["note"] = edit_in_editor(kept, template + old.note + "\n")
            if changes["note"] == old.note:
                print("The note is unchanged; nothing was saved.")
                return 0
        new = _edited(old, changes, now)
        if new == dataclasses.replace(old, updated_at=new.updated_at):
            print("Nothing changed.")
            return 0
        _saving(kept, lambda: journal.update_touchpoint(new))
    print(f"Changed the touchpoint {short_id(journal, new)} of {new.day.isoformat()}.")
    return 0


def _edited(old: Touchpoint, changes: dict[str, Any], now: datetime) -> Touchpoint:
    """``old`` with ``changes``, through the same checks as a new touchpoint."""
    values: dict[str, Any] = {
        "day": old.day,
        "channel": old.channel,
        "minutes": old.minutes,
        "initiated_by": old.initiated_by,
        "felt": old.felt,
        "closeness": old.closeness,
        "note": old.note,
    }
    values.update(changes)
    return make_touchpoint(
        people=old.people,
        tags=old.tags,
        now=now,
        uid=old.uid,
        created_at=old.created_at,
        **values,
    )


def cmd_delete(args: argparse.Namespace, journal: Journal) -> int:
    touchpoint = find_touchpoint(journal, args.id)
    names = ", ".join(journal.person(uid).name for uid in touchpoint.people)
    what = (
        f"{touchpoint.day.isoformat()} · {names} · {touchpoint.channel.label} {duration(touchpoint.minutes)}"
        + (f" · {one_line(touchpoint.note, 40)}" if touchpoint.note else "")
    )
    if not args.yes:
        answer = ask_yes_no(f"Delete {what}? [y/N] ")
        if answer is None:
            raise ValidationError(
                "delete",
                f"deleting needs a yes: on a terminal it is asked, in a script add --yes "
                f"({command_line(args, 'delete', args.id, '--yes')})",
            )
        if not answer:
            print("Nothing was deleted.")
            return 1
    journal.delete_touchpoint(touchpoint.uid)
    print(for_terminal(f"Deleted {what}."))
    return 0
