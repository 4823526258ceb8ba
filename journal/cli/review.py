"""``reljournal review [--week 2026-W47]``: the week's summary as plain text (no Textual import)."""

from __future__ import annotations

import argparse
from typing import Any

from journal.cli.values import week_from
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
    review.add_argument("--week", metavar="WEEK", help="this, last, -2 or 2026-W47 (default: this week)")
    review.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace, journal: Journal) -> int:
    week = week_from(args.week, journal.today()) if args.week else IsoWeek.of(journal.today())
    print(render_week_text(summarize_week(journal, week)), end="")
    return 0
