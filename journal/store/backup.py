"""Backup and import: a lossless, validated round trip of the whole journal.

A backup is deterministic JSON (same journal, same bytes). Import checks every record before anything
is written and names the record and field at fault, so a hand-edited or truncated file is refused whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from journal.core.errors import JournalError
from journal.core.model import (
    DEFAULT_POND_CAP,
    MAX_POND_CAP,
    ValidationError,
    clean_pond_cap,
    person_from_dict,
    review_from_dict,
    touchpoint_from_dict,
)
from journal.core.stored import RecordError, read_contents
from journal.core.tombstones import tombstone_from_dict
from journal.store import crypt, passphrase, schema
from journal.store.durable import ensure_private_dir, where_json_breaks, write_private_file
from journal.store.journal import Journal
from journal.store.jsondoor import JsonRefused, load_json
from journal.store.paths import BACKUP_DIR
from journal.store.safefs import read_regular_file

FORMAT = "reljournal-backup"


class ImportError_(JournalError):
    """A backup file that cannot be imported; nothing was written."""


def backup_data(journal: Journal) -> dict[str, Any]:
    """The journal as a backup document, in a stable order."""
    raw = journal.raw()
    cap = journal.pond_cap
    return {
        "format": FORMAT,
        "schema_version": schema.SCHEMA_VERSION,
        "settings": {"pond_cap": cap},
        "people": [raw["people"][uid] for uid in sorted(raw["people"])],
        "entries": [raw["entries"][uid] for uid in sorted(raw["entries"])],
        "reviews": [raw["reviews"][week] for week in sorted(raw["reviews"])],
        "tombstones": [raw["tombstones"][uid] for uid in sorted(raw.get("tombstones", {}))],
    }


def backup_bytes(journal: Journal) -> bytes:
    return orjson.dumps(backup_data(journal), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def kept_copy_path(folder: Path, prefix: str, now: datetime) -> Path:
    """A new file name in the backups folder that never overwrites an earlier kept copy."""
    backup_dir = folder / BACKUP_DIR
    ensure_private_dir(backup_dir)
    stem = f"{prefix}-{now.strftime('%Y%m%d-%H%M%S')}"
    target = backup_dir / f"{stem}.json"
    counter = 1
    while os.path.lexists(target):  # a link planted at the name counts as taken, never followed
        counter += 1
        target = backup_dir / f"{stem}-{counter}.json"
    return target


def keep_copy(journal: Journal, prefix: str) -> Path | None:
    """Keep the journal file as it is now in ``backups/PREFIX-STAMP.json`` (call it under the journal's
    lock, just before a change that replaces many records); None when there is no file yet."""
    if not journal.path.exists():
        return None
    target = kept_copy_path(journal.folder, prefix, journal.clock())
    write_private_file(target, read_regular_file(journal.path)[0])
    return target


def write_backup(journal: Journal, target: Path, *, plain: bool = False) -> None:
    """Write the backup file; sealed with the journal's key while the journal is encrypted, unless
    ``plain`` is asked for."""
    payload = backup_bytes(journal)
    kdf = journal.storage.sealing
    if kdf is not None and not plain:
        payload = crypt.seal(payload, kdf, passphrase.current(journal.folder))
    write_private_file(target, payload)


def opened_backup(journal: Journal, raw: bytes, source: Path) -> bytes:
    """The plain bytes of a backup file to import: an encrypted one is opened with the passphrase of
    this journal (asked for if this process does not know it yet)."""
    if not crypt.looks_sealed(raw):
        return raw
    return crypt.unseal(raw, passphrase.current(journal.folder), source)[0]


def _check_records(
    records: object,
    section: str,
    parse: Callable[[Mapping[str, Any]], Any],
    key: Callable[[Any], str],
) -> dict[str, Any]:
    if not isinstance(records, list):
        raise ImportError_(f"{section}: expected a list")
    checked: dict[str, Any] = {}
    for index, record in enumerate(records):
        where = f"{section}[{index}]"
        if not isinstance(record, dict):
            raise ImportError_(f"{where}: expected an object")
        try:
            parsed = parse(record)
        except ValidationError as error:
            raise ImportError_(f"{where}.{error.field}: {error.message}") from None
        except (TypeError, ValueError, AttributeError) as error:
            raise ImportError_(f"{where}: {error}") from None
        record_key = key(parsed)
        if record_key in checked:
            raise ImportError_(f"{where}: duplicate key {record_key}")
        checked[record_key] = parsed.to_dict()
    return checked


def parse_backup(raw: bytes) -> dict[str, Any]:
    """Validate a backup file completely and return journal data ready to store."""
    try:
        doc = load_json(raw)
    except orjson.JSONDecodeError as error:
        raise ImportError_(f"not valid JSON{where_json_breaks(error, raw)}") from None
    except JsonRefused as refused:
        raise ImportError_(refused.reason) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportError_(f'not a reljournal backup (expected "format": "{FORMAT}")')
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= schema.SCHEMA_VERSION:
        raise ImportError_(
            f"schema_version {version!r} is not one this reljournal reads (up to {schema.SCHEMA_VERSION})"
        )
    for section in ("people", "entries", "reviews"):
        if section not in doc:
            raise ImportError_(f'missing section "{section}" (is the file truncated?)')
    if isinstance(doc["people"], list):  # a backup of an older journal: its people as they are now
        for person in doc["people"]:
            schema.migrate_person(person, version)
    people = _check_records(doc["people"], "people", person_from_dict, lambda p: p.uid)
    entries = _check_records(doc["entries"], "entries", touchpoint_from_dict, lambda t: t.uid)
    reviews = _check_records(doc["reviews"], "reviews", review_from_dict, lambda r: str(r.week))
    # A backup made before tombstones were kept has none.
    tombstones = _check_records(doc.get("tombstones", []), "tombstones", tombstone_from_dict, lambda t: t.uid)
    tables = {"people": people, "entries": entries, "reviews": reviews, "tombstones": tombstones}
    try:  # what will be stored passes the validation every way in uses (references among records)
        read_contents(tables)
    except RecordError as error:
        index = list(tables[error.table]).index(error.key)
        raise ImportError_(f"{error.table}[{index}].{error.field}: {error.message}") from None
    settings = doc.get("settings") or {}
    cap = settings.get("pond_cap", DEFAULT_POND_CAP) if isinstance(settings, dict) else None
    try:  # the check start-up makes; a pond over its cap (a hand edit) loads at both doors alike
        clean_pond_cap(cap)
    except ValidationError:
        raise ImportError_(f"settings.pond_cap: {cap!r} is not a number from 1 to {MAX_POND_CAP}") from None
    meta = {schema.META_ID: {"schema_version": schema.SCHEMA_VERSION, "pond_cap": cap}}
    return {"people": people, "entries": entries, "reviews": reviews, "meta": meta, "tombstones": tombstones}


def import_backup(
    journal: Journal,
    raw: bytes,
    *,
    replace: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Load a backup into the journal. Refuses to mix into a non-empty journal unless ``replace``.

    The whole file is validated before anything is written. ``before_replace`` runs under the journal's
    lock just before existing data is replaced, so a copy it keeps is exactly what is being replaced.
    """
    data = parse_backup(raw)
    with journal.storage.transaction():
        current = journal.raw()
        if any(current.get(table) for table in ("people", "entries", "reviews", "tombstones")):
            if not replace:
                raise ImportError_(
                    "this journal already has data; import into an empty --data-dir, "
                    "or pass --replace to overwrite it (a copy of the current journal is kept)"
                )
            if before_replace is not None:
                before_replace()
        journal.replace_all(data)
    return {name: len(data[name]) for name in ("people", "entries", "reviews")}
