"""The journal file's schema version and the path from older files to the current one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.core.errors import NewerSchemaError

SCHEMA_VERSION = 3
TABLES = ("people", "entries", "reviews", "meta", "tombstones")
META_ID = "journal"

Data = dict[str, Any]


def _from_0(data: Data) -> Data:
    """Version 0 was a journal without a meta table (or an empty file); the tables are unchanged."""
    for table in TABLES:
        data.setdefault(table, {})
    return data


def letgo_episodes_from_1(person: Data) -> None:
    """A version 1 person kept one let-go as ``archived_on`` and ``archive_note`` (erased when followed
    again); version 2 keeps every let-go as a dated episode. The one kept becomes the first episode.
    Values are moved as they are, so that the validation names a bad one."""
    archived_on = person.pop("archived_on", None)
    note = person.pop("archive_note", "")
    if "episodes" in person:
        return
    if person.get("status") == "archived" or archived_on is not None:
        if archived_on is None:  # archived by hand with no date: the earliest it can have been
            created = person.get("created_at")
            archived_on = created[:10] if isinstance(created, str) else None
        followed_again = None if person.get("status") == "archived" else archived_on
        person["episodes"] = [{"let_go_on": archived_on, "note": note, "followed_again_on": followed_again}]
    else:
        person["episodes"] = []


def _from_1(data: Data) -> Data:
    """Version 1 to 2: let-go episodes (see :func:`letgo_episodes_from_1`)."""
    people = data.get("people")
    if isinstance(people, dict):
        for person in people.values():
            migrate_person(person, 1)
    return data


def migrate_person(person: object, version: int) -> None:
    """Bring one stored person record of ``version`` up to date in place (a backup's records)."""
    if isinstance(person, dict) and version < 2:
        letgo_episodes_from_1(person)


def _from_2(data: Data) -> Data:
    """Version 2 to 3: a table of tombstones (:mod:`journal.core.tombstones`), empty: nothing deleted
    before it was kept can be told."""
    data.setdefault("tombstones", {})
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _from_0, 1: _from_1, 2: _from_2}


def version_of(data: Data) -> int:
    meta = data.get("meta", {}).get(META_ID, {})
    version = meta.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(f"schema_version {version!r} is not a whole number")
    return version


def migrate(data: Data, source: str) -> Data:
    """Bring ``data`` up to :data:`SCHEMA_VERSION`; refuse files written by a newer reljournal."""
    version = version_of(data)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{source} was written by a newer reljournal (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}). Upgrade reljournal: pip install --upgrade reljournal"
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    for table in TABLES:
        data.setdefault(table, {})
    data["meta"].setdefault(META_ID, {})["schema_version"] = SCHEMA_VERSION
    return data


def _newer(data: Data) -> bool:
    try:
        return version_of(data) > SCHEMA_VERSION
    except (ValueError, AttributeError):
        return False


def check_shape(data: object) -> str | None:
    """Why ``data`` is not a journal, or None when the shape is right."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    for name, table in data.items():
        if name not in TABLES and not _newer(data):  # a newer file is refused by its version instead
            # Another program's JSON (or TinyDB's own default file) is not adopted and rewritten.
            return f"it has a table {name!r}, so it is not a reljournal journal"
        if not isinstance(table, dict):
            return f"table {name!r} is not a JSON object"
        for key, record in table.items():
            if not isinstance(record, dict):
                return f"record {key!r} in table {name!r} is not a JSON object"
    return None
