"""The command line's one door for values people type: dates, lengths of time and weeks, spoken or ISO.

Each turns the spoken form into the record's value and then runs the record's own check, so a flag
is refused in the same words as the same value anywhere else, with the flag named.
"""

from __future__ import annotations

from datetime import date

from journal.core.model import ValidationError
from journal.core.spoken import spoken_week, typed_date, typed_minutes
from journal.core.weeks import IsoWeek


def _renamed(error: ValidationError, field: str, flag: str) -> ValidationError:
    return ValidationError(field, f"{flag}: {error.message.removeprefix(f'{field}: ')}")


def day_from(text: str, today: date, flag: str = "--date") -> date:
    """The day ``text`` names (``yesterday``, ``last friday``, ``2026-11-20``…), on or before today."""
    try:
        return typed_date(text, today)
    except ValidationError as error:
        raise _renamed(error, "date", flag) from None


def minutes_from(text: str, flag: str = "--minutes") -> int:
    """Whole minutes from ``30``, ``45m``, ``1h30``…, within what a touchpoint may hold."""
    try:
        return typed_minutes(text)
    except ValidationError as error:
        raise _renamed(error, "minutes", flag) from None


def week_from(text: str, today: date, flag: str = "--week") -> IsoWeek:
    """The week ``text`` names: ``this``, ``last``, ``-2`` or ``2026-W47``."""
    try:
        return spoken_week(text, today)
    except ValueError as error:
        raise ValidationError("week", f"{flag}: {error}") from None
