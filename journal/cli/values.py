"""The command line's one door for values people type: dates, lengths of time and weeks, spoken or ISO.

Each turns the spoken form into the record's value and then runs the record's own check, so a flag
is refused in the same words as the same value anywhere else, with the flag named.
"""

from __future__ import annotations

from datetime import date

from journal.core.model import ValidationError, clean_date, clean_minutes
from journal.core.weeks import IsoWeek

# journal.core.spoken is imported only for what ISO or plain digits do not say (its patterns cost
# about 2 ms to compile, a few per cent of `reljournal log`).


def _iso_day(text: str) -> bool:
    text = text.strip()
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isascii()


def day_from(text: str, today: date, flag: str = "--date") -> date:
    """The day ``text`` names (``yesterday``, ``last friday``, ``2026-11-20``…), on or before today."""
    try:
        day: object = text
        if not _iso_day(text):
            from journal.core.spoken import spoken_date

            day = spoken_date(text, today)
    except ValueError as error:
        raise ValidationError("date", f"{flag}: {error}") from None
    try:
        return clean_date(day, today)
    except ValidationError as error:
        raise ValidationError("date", f"{flag}: {error.message.removeprefix('date: ')}") from None


def minutes_from(text: str, flag: str = "--minutes") -> int:
    """Whole minutes from ``30``, ``45m``, ``1h30``…, within what a touchpoint may hold."""
    try:
        if text.strip().isascii() and text.strip().isdigit():
            return clean_minutes(text)
        from journal.core.spoken import spoken_minutes

        return clean_minutes(spoken_minutes(text))
    except ValidationError as error:
        raise ValidationError("minutes", f"{flag}: {error.message.removeprefix('minutes: ')}") from None
    except ValueError as error:
        raise ValidationError("minutes", f"{flag}: {error}") from None


def week_from(text: str, today: date, flag: str = "--week") -> IsoWeek:
    """The week ``text`` names: ``this``, ``last``, ``-2`` or ``2026-W47``."""
    from journal.core.spoken import spoken_week

    try:
        return spoken_week(text, today)
    except ValueError as error:
        raise ValidationError("week", f"{flag}: {error}") from None
