"""A tiny YAML emitter for Markdown front matter (PyYAML is a test dependency, never a runtime one).

It writes only what the export needs: flat keys with strings, whole numbers, booleans, null, dates and
lists of strings. Every string is emitted as a double-quoted, JSON-compatible scalar on one line, which
YAML 1.1 (PyYAML) and YAML 1.2 (Obsidian, js-yaml) both read back exactly: user text can never end the
front matter early, start a new key, or be read as a number, a date, a boolean or null.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache

Scalar = str | int | bool | date | None
Value = Scalar | Sequence[str]

_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def _needs_escape(char: str) -> bool:
    """Characters a YAML reader refuses or folds, or that a JSON reader refuses, inside quotes.

    C0/C1 controls and DEL; NEL and the Unicode line/paragraph separators (YAML 1.1 line breaks, so
    PyYAML would fold them into spaces); the byte-order mark; non-characters; lone surrogates.
    """
    code = ord(char)
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
        or 0xD800 <= code <= 0xDFFF
    )


# Any character quote() must escape: the short escapes and everything _needs_escape names.
_NEEDS_QUOTING = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')


def quote(text: str) -> str:
    """``text`` as a double-quoted scalar that JSON and YAML 1.1/1.2 parsers all read back exactly."""
    if not _NEEDS_QUOTING.search(text):
        return f'"{text}"'  # nearly every name and tag: one scan, no per-character work
    out = ['"']
    for char in text:
        short = _SHORT_ESCAPES.get(char)
        if short is not None:
            out.append(short)
        elif _needs_escape(char):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _scalar(value: object) -> str:
    if isinstance(value, str):  # most values: checked first (no str is any of the types below)
        return quote(value)
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"front matter cannot hold {type(value).__name__}")


@lru_cache(maxsize=256)  # an export writes the same dozen keys into hundreds of files
def _is_key(key: str) -> bool:
    return _KEY.match(key) is not None


def front_matter(fields: Sequence[tuple[str, Value]]) -> str:
    """A ``---`` delimited YAML block, keys in the order given (so output is deterministic)."""
    lines = ["---"]
    seen: set[str] = set()
    for key, value in fields:
        if key in seen or not _is_key(key):
            raise ValueError(f"bad or repeated front matter key {key!r}")
        seen.add(key)
        if isinstance(value, (list, tuple)):
            if not value:
                lines.append(f"{key}: []")
                continue
            lines.append(f"{key}:")
            for item in value:
                if not isinstance(item, str):
                    raise TypeError("front matter lists hold strings only")
                lines.append(f"  - {quote(item)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---\n")
    return "\n".join(lines)
