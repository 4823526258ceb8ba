"""Short human phrases for times and durations, shared by the CLI, the TUI and the export."""

from __future__ import annotations

from datetime import date


def _span(days: int) -> str:
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def ago(day: date | None, today: date) -> str:
    """``today``, ``yesterday``, ``3d ago``, ``5w ago``, ``4mo ago``, ``2y ago``; ``never`` for None.

    A day after ``today`` (logged while the clock ran ahead) reads ``tomorrow`` or ``in 3d``: saying
    "today" would hide that the date, or the clock, is wrong.
    """
    if day is None:
        return "never"
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    return f"in {_span(-days)}" if days < 0 else f"{_span(days)} ago"


def duration(minutes: int) -> str:
    """``0m``, ``45m``, ``1h``, ``2h 30m``."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 touchpoint``, ``3 touchpoints``; ``many`` for a plural that is not ``word + "s"`` (people)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def percent(share: float | None) -> str:
    """``40%`` for 0.4; ``–`` for no share at all (nothing to divide)."""
    return "–" if share is None else f"{round(share * 100)}%"
