"""Checking one field of what enters the journal: names, text, numbers, dates, uids.

Each ``clean_*`` function takes what was typed or stored and returns the value the journal keeps, or
raises :class:`ValidationError` with a message a person can act on. :mod:`journal.core.model` builds its
records from these (and re-exports them).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from journal.core.textsafe import describe_char, find_control
from journal.core.weeks import FIRST_DAY, LAST_DAY

MAX_NAME = 80
MAX_SHORT_TEXT = 2_000
MAX_NOTE = 2_000_000  # characters; a 1 MB note is fine, a runaway paste is not
MAX_MINUTES = 24 * 60
MAX_TAG = 40
MAX_TAGS = 20
EARLIEST_DATE = FIRST_DAY  # every date the journal keeps lies in FIRST_DAY..LAST_DAY (see journal.core.weeks)
LATEST_DATE = LAST_DAY
DEFAULT_POND_CAP = 15
MAX_POND_CAP = 150


class ValidationError(ValueError):
    """Input that cannot enter the journal. ``field`` names the form field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _shown(value: object, limit: int = 40) -> str:
    """``repr(value)`` cut to ``limit`` characters, for error messages that echo what was typed."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choice(enum: type[StrEnum], value: object, field_name: str) -> Any:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower() if value is not None else ""
    aliases = {"in_person": "in-person", "inperson": "in-person", "": ""}
    text = aliases.get(text, text)
    try:
        return enum(text)
    except ValueError:
        options = ", ".join(member.value for member in enum)
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not one of: {options}") from None


def clean_pond_cap(value: object) -> int:
    """The pond's cap, as every door checks it (start-up, import, ``reljournal cap``)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_POND_CAP:
        raise ValidationError(
            "pond_cap", f"the pond cap is a number from 1 to {MAX_POND_CAP}, not {value!r}"[:120]
        )
    return value


def clean_name(value: object, *, stored: bool = False) -> str:
    """A name as the journal keeps it: spacing collapsed, in NFC (one way to write each letter).

    A name must show something: one made only of invisible characters (zero-width spaces, joiners,
    soft hyphens, direction marks, Hangul fillers, a blank Braille cell, a lone accent) is refused.
    ``stored``: a name read back from a file, which older versions let hold only such characters; it
    still loads, so that no journal becomes unreadable.
    """
    if not isinstance(value, str):
        raise ValidationError("name", "name must be text")
    bad = find_control(value, allow_newlines=False)
    name = unicodedata.normalize("NFC", " ".join(value.split()))
    # split() also takes FS/RS/NEL for spaces: a name of only those is named as such, not called empty.
    if not name and (bad is None or bad in "\t\n\r\x0b\x0c"):
        raise ValidationError("name", "name is empty; type the name you call them by")
    if bad is not None:
        raise ValidationError("name", f"name contains {describe_char(bad)}; remove it")
    if len(name) > MAX_NAME:
        raise ValidationError("name", f"name is {len(name)} characters; keep it under {MAX_NAME}")
    if not stored and not _visible(name):
        shown = ", ".join(f"U+{ord(char):04X}" for char in dict.fromkeys(name) if not char.isspace())
        raise ValidationError(
            "name",
            f"name shows nothing: it holds only invisible characters ({shown}); type a name you can read",
        )
    return name


# Characters that show nothing and change nothing of how a name reads: Unicode's default-ignorable
# code points (zero-width space and joiners, word joiner, BOM, soft hyphen, direction marks,
# variation selectors, Hangul fillers, tag characters, ...).
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Blanks that are not whitespace to Python but look like a space: compared as one.
_BLANK = str.maketrans({"\u2800": " ", "\u3164": " ", "\u115f": " ", "\u1160": " ", "\uffa0": " "})


def _without_invisible(name: str) -> str:
    """``name`` with blanks as spaces and without the characters that show nothing: the default
    ignorables above and every Unicode format character (category Cf: Arabic number signs, interlinear
    annotation marks, Egyptian format controls…), so that no look-alike twin can be typed."""
    if name.isascii():
        return name
    bare = _IGNORABLE.sub("", name.translate(_BLANK))
    return "".join(char for char in bare if unicodedata.category(char) != "Cf")


def _visible(name: str) -> bool:
    """Whether ``name`` shows at least one character (not a blank, not only accents)."""
    bare = _without_invisible(name)
    return any(not char.isspace() and not unicodedata.combining(char) for char in bare)


def spelling_key(name: str) -> str:
    """:func:`name_key` as it was before invisible characters were ignored. No reljournal ever let two
    people share it, so a file where two do was edited by hand and is refused at every door; names
    that share only :func:`name_key` (``Sam Lee`` and ``Sam Lee\u200b``) may sit in older files and
    still load, while no new one can be added."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def name_key(name: str) -> str:
    """What two names are compared by: case, spacing, Unicode form (``é`` typed as one character or
    as ``e`` + accent, full-width letters) and invisible characters (``Sam Lee\u200b``,
    ``Sam Le\u00ade``) do not make a different person."""
    bare = _without_invisible(name)
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def clean_text(value: object, field_name: str, *, limit: int = MAX_SHORT_TEXT, multiline: bool = True) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field_name, f"{field_name} must be text")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = find_control(text, allow_newlines=multiline)
    if bad is not None:
        raise ValidationError(field_name, f"{field_name} contains {describe_char(bad)}; remove it")
    text = text.strip()
    if len(text) > limit:
        raise ValidationError(field_name, f"{field_name} is {len(text):,} characters; the limit is {limit:,}")
    return text


def clean_minutes(value: object) -> int:
    typed = value
    if isinstance(value, bool):
        raise ValidationError("minutes", "minutes must be a whole number")
    if isinstance(value, str):
        text = value.strip()
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(
                "minutes", f"minutes: {_shown(value)} is not a whole number of minutes (e.g. 30)"
            )
        if len(text) > 12:  # int() refuses very long digit strings; anything this long is out of range
            text = "-1" if text.startswith("-") else str(10**12)
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError("minutes", "minutes must be a whole number")
    if value < 0:
        raise ValidationError("minutes", "minutes cannot be negative")
    if value > MAX_MINUTES:
        raise ValidationError(
            "minutes",
            f"minutes: {_shown(typed, 20)} is more than a day ({MAX_MINUTES}); "
            "log long visits as one touchpoint a day",
        )
    return value


def clean_date(value: object, today: date, field_name: str = "date") -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        try:
            # fromisoformat also takes "20261120" and "2026-W47"; only the form the help shows is a date here
            if not _ISO_DAY.fullmatch(text):
                raise ValueError(text)
            value = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                field_name, f"{field_name}: {_shown(value)} is not a real date; use YYYY-MM-DD"
            ) from None
    if not isinstance(value, date):
        raise ValidationError(field_name, f"{field_name} must be a date (YYYY-MM-DD)")
    if value > today:
        raise ValidationError(
            field_name, f"{field_name}: {value.isoformat()} is in the future; log what has happened"
        )
    if value < EARLIEST_DATE or value > LATEST_DATE:
        raise ValidationError(field_name, f"{field_name}: {value.isoformat()} {_OUT_OF_RANGE}")
    return value


_OUT_OF_RANGE = f"is outside the dates reljournal keeps ({EARLIEST_DATE} to {LATEST_DATE})"


def clean_closeness(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (_WHOLE_NUMBER.fullmatch(value) and len(value) <= 3):
            raise ValidationError("closeness", "closeness is a number from 1 to 5, or empty")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError("closeness", "closeness is a number from 1 to 5, or empty")
    return value


def clean_tags(values: Iterable[object] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    tags: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise ValidationError("tags", "tags must be text")
        # Controls are checked before stripping: strip() would silently drop a NEL or FS at either end.
        bad = find_control(raw, allow_newlines=False)
        if bad is not None:
            raise ValidationError("tags", f"tag contains {describe_char(bad)}; remove it")
        tag = raw.strip().lstrip("#").strip().lower()
        if not tag:
            continue
        if any(ch.isspace() for ch in tag):
            raise ValidationError("tags", f"tag {tag!r} has a space; use one word or a-dash")
        if len(tag) > MAX_TAG:
            raise ValidationError("tags", f"tag {tag[:20]!r}… is longer than {MAX_TAG} characters")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError("tags", f"{len(tags)} tags; keep it to {MAX_TAGS} or fewer")
    return tuple(tags)


def new_uid() -> str:
    return uuid.uuid4().hex


def clean_uid(value: object, field_name: str = "uid") -> str:
    if not isinstance(value, str) or len(value) != 32 or not all(c in "0123456789abcdef" for c in value):
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not a 32-character hex uid")
    return value


def _parse_datetime(value: object, field_name: str) -> datetime:
    """A stored local date-time. One with a UTC offset is refused: naive and aware times cannot be sorted
    together, so a single hand-edited record would make the whole journal unreadable."""
    parsed = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = datetime.fromisoformat(value)
    if parsed is None:
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not an ISO date-time")
    if parsed.tzinfo is not None:
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} has a time zone; use local time")
    if not EARLIEST_DATE <= parsed.date() <= LATEST_DATE:
        raise ValidationError(field_name, f"{field_name}: {_shown(value)} {_OUT_OF_RANGE}")
    return parsed


def _parse_day(value: object, field_name: str) -> date:
    """A stored ISO day (``2026-11-20``), refused with the field named when it is not one."""
    day = None
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value)
    if day is not None:
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(field_name, f"{field_name}: {value} {_OUT_OF_RANGE}")
        return day
    raise ValidationError(field_name, f"{field_name}: {_shown(value)} is not a real date (YYYY-MM-DD)")


def _list_of(value: object, field_name: str, kind: type = object) -> list[Any]:
    """A JSON list whose items are all ``kind``; anything else is a hand edit, refused by field."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        what = "objects" if kind is dict else "text" if kind is str else "items"
        raise ValidationError(field_name, f"{field_name} must be a list of {what}")
    return value
