"""The JSON parser every way in uses (start-up, refresh, restore, import, doctor, backups).

orjson is fast but lenient in two ways that lose data: a key that appears twice in one object keeps
only its last value (two ``"people"`` tables: one is silently dropped, and the next write makes that
permanent), and it reads nesting up to 1024 levels while it writes at most 254 (a file that reads
but can never be written back: every change then fails). A number beyond 64 bits becomes a float,
which is not what was written either.

So a file is accepted only if what was read can be written back: :func:`load_json` re-encodes the
parsed data and compares. The journal's own file (written by orjson, compact) comes back byte for
byte, at the cost of one encode (about a tenth of the parse). Anything else (pretty-printed,
hand-edited, another program's) takes the slow path, which finds duplicate keys with the standard
library's ``object_pairs_hook`` and numbers that changed on the way in.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson

# orjson writes at most this many levels of nesting; deeper data raises when a write is attempted.
MAX_DEPTH = 254


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector for a bounded burst of allocation without reference cycles
    (parsing or typing 10,000 records, rendering an export): each collection would walk everything the
    journal holds in memory, a third of such a burst. Collection resumes afterwards, as it was.

    With ``freeze`` what was made meanwhile, and lives on (the app's journal), is also taken out of every
    later collection (``gc.freeze``) before collection resumes. The one place the collector is paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


class JsonRefused(ValueError):
    """JSON that parses but that reljournal refuses to read (it could not write it back as it is)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return obj


def _shown(key: str) -> str:
    return repr(key if len(key) <= 60 else key[:57] + "...")


def writable_bytes(data: Any) -> bytes:
    """``data`` as the journal writes it, or :class:`JsonRefused` when orjson cannot write it."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError as error:
        if "recursion" in str(error).lower():
            raise JsonRefused(
                f"it is nested more than {MAX_DEPTH} levels deep, more than reljournal can write"
            ) from None
        raise JsonRefused(f"it holds a value reljournal cannot write ({error})") from None


def load_json(raw: bytes) -> Any:
    """Parse ``raw``; refuse what could not be written back as it was read.

    Raises ``orjson.JSONDecodeError`` for text that is not JSON (callers say where it breaks) and
    :class:`JsonRefused` for duplicate keys, nesting deeper than :data:`MAX_DEPTH`, and numbers too
    large to keep exactly.
    """
    with collector_paused():  # a large parse allocates many objects and no cycles: skip the collector
        data = orjson.loads(raw)
        if writable_bytes(data) == raw:
            return data
        try:
            exact = json.loads(raw, object_pairs_hook=_no_duplicates)
        except _Duplicate as duplicate:
            raise JsonRefused(
                f"the key {_shown(duplicate.key)} appears twice in one object, so one of them would be "
                "lost; keep one of the two by hand"
            ) from None
        except RecursionError:
            raise JsonRefused(f"it is nested more than {MAX_DEPTH} levels deep") from None
        if exact != data:
            raise JsonRefused("it holds a number too large to keep exactly (more than 64 bits)")
    return data
