"""The journal file's schema version and the path from older files to the current one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.errors import NewerSchemaError

SCHEMA_VERSION = 1
TABLES = ("people", "entries", "reviews", "meta")
META_ID = "journal"

Data = dict[str, Any]


def _from_0(data: Data) -> Data:
    """Version 0 was a journal without a meta table (or an empty file); the tables are unchanged."""
    for table in TABLES:
        data.setdefault(table, {})
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _from_0}


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


def check_shape(data: object) -> str | None:
    """Why ``data`` is not a journal, or None when the shape is right."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    for name, table in data.items():
        if name not in TABLES:
            # Another program's JSON (or TinyDB's own default file) is not adopted and rewritten.
            return f"it has a table {name!r}, so it is not a reljournal journal"
        if not isinstance(table, dict):
            return f"table {name!r} is not a JSON object"
        for key, record in table.items():
            if not isinstance(record, dict):
                return f"record {key!r} in table {name!r} is not a JSON object"
    return None
