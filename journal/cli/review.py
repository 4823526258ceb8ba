"""``reljournal review [--week 2026-W47]``: the week's summary as plain text (no Textual import)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.core.model import ValidationError
from journal.core.weeks import IsoWeek
from journal.report.review import render_week_text, summarize_week
from journal.store.journal import Journal


def register(sub: argparse._SubParsersAction[Any]) -> None:
    review = sub.add_parser(
        "review",
        help="the week's summary as text (who you saw, who is drifting, intentions)",
        description="Print the weekly review for an ISO week: time with each person, offline share, "
        "who is drifting, one-sided relationships, last week's intentions and what you wrote.",
    )
    review.add_argument("--week", metavar="YYYY-Www", help="the ISO week, e.g. 2026-W47 (default: this week)")
    review.set_defaults(func=cmd_review)


def parse_week(text: str) -> IsoWeek:
    """An ISO week from the command line, or a ValidationError that says how to write one."""
    try:
        return IsoWeek.parse(text)
    except ValueError as error:
        raise ValidationError("week", f"--week: {error}") from None


def cmd_review(args: argparse.Namespace, journal: Journal) -> int:
    week = parse_week(args.week) if args.week else IsoWeek.of(journal.today())
    print(render_week_text(summarize_week(journal, week)), end="")
    return 0
