"""Tombstones: a deleted touchpoint or person leaves its uid and the time it was deleted.

A merge with another copy of the journal (:mod:`journal.store.merge`) would otherwise bring a deleted
record back from the copy that still has it. A tombstone names the table the record lived in, so that
a touchpoint's tombstone never hides a person, and is checked at every way in like any other record:
it sits under its own uid, and no live record of its table has that uid (undo removes the tombstone
when it writes the record back).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from journal.core.fields import ValidationError, _parse_datetime, clean_uid

# The tables whose records leave a tombstone when deleted.
TOMBSTONE_TABLES = ("entries", "people")


@dataclass(frozen=True)
class Tombstone:
    """A record of ``table`` with ``uid`` was deleted at ``deleted_at`` (local time)."""

    uid: str
    table: str
    deleted_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "table": self.table,
            "deleted_at": self.deleted_at.isoformat(timespec="seconds"),
        }


def make_tombstone(uid: str, table: str, when: datetime) -> Tombstone:
    """The tombstone of a record deleted now (seconds, as every stored time)."""
    return tombstone_from_dict({"uid": uid, "table": table, "deleted_at": when.isoformat(timespec="seconds")})


def tombstone_from_dict(data: Mapping[str, Any]) -> Tombstone:
    table = data.get("table")
    if table not in TOMBSTONE_TABLES:
        raise ValidationError("table", f"table: {table!r} is not one of {', '.join(TOMBSTONE_TABLES)}")
    return Tombstone(
        uid=clean_uid(data.get("uid")),
        table=str(table),
        deleted_at=_parse_datetime(data.get("deleted_at"), "deleted_at"),
    )


def stored_tombstone(key: str, live: Mapping[str, Collection[str]], data: Mapping[str, Any]) -> Tombstone:
    """The tombstone stored under ``key``, checked against ``live`` (table -> the uids kept there): it
    sits under its own uid, and the record it stands for is not kept as well."""
    tombstone = tombstone_from_dict(data)
    if tombstone.uid != key:
        raise ValidationError("uid", f"uid {tombstone.uid} is not the key it is stored under")
    if key in live.get(tombstone.table, ()):
        raise ValidationError("uid", f"uid: the deleted record is still in {tombstone.table}")
    return tombstone
