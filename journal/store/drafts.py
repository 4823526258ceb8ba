"""Drafts: what a person typed into a form and has not saved yet, kept on disk beside the journal.

A crash, a closed terminal or a kill loses nothing typed: the app writes each open form's draft here
as it is typed and on every way out, removes it when the form is saved or discarded, and offers it back
on the next start. This module is pure storage (no Textual): a draft is a key naming the form
(``log:new``, ``log:<touchpoint uid>``, ``define:new``, ``define:<person uid>``, ``review:2026-W47``),
the time it was kept and the form's fields as text or lists of text.

The file is private like the journal (0600, written atomically by ``storage.write_private_file``).
What is read back is validated: anything malformed, oversized or holding terminal controls is
dropped, so a hostile drafts file can neither crash the app nor reach the terminal. The interface is
the small :class:`DraftStore` (``all`` / ``put`` / ``remove``) over two byte functions
(``encode_drafts`` / ``decode_drafts``). While the journal is encrypted, so is the drafts file: sealed
with the journal's key (:mod:`journal.store.crypt`), read back only with the passphrase already given.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from journal.core.errors import JournalError
from journal.core.model import MAX_NOTE
from journal.core.textsafe import find_control
from journal.store import crypt, passphrase
from journal.store.durable import ensure_private_dir, write_private_file
from journal.store.paths import JOURNAL_FILE

DRAFTS_FILE = "drafts.json"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 32 * 1024 * 1024  # a few forms holding 1 MB notes fit; a runaway file is not read
MAX_DRAFTS = 64
MAX_FIELDS = 256
MAX_LIST = 256

FieldValue = str | tuple[str, ...]
_KEY = re.compile(r"(log|define|review):[A-Za-z0-9_-]{1,64}")
_FIELD = re.compile(r"[a-z][a-z0-9_.]{0,63}")


@dataclass(frozen=True)
class Draft:
    """One form's unsaved text. ``fields`` maps the form's field names to what was typed."""

    key: str
    saved_at: datetime
    fields: Mapping[str, FieldValue]

    @property
    def kind(self) -> str:
        """``log``, ``define`` or ``review``."""
        return self.key.partition(":")[0]

    @property
    def target(self) -> str:
        """What the form edits: ``new``, a uid or a week."""
        return self.key.partition(":")[2]

    def text(self, name: str) -> str:
        value = self.fields.get(name, "")
        return value if isinstance(value, str) else ""

    def items(self, name: str) -> tuple[str, ...]:
        value = self.fields.get(name, ())
        return value if isinstance(value, tuple) else ()


def valid_key(key: str) -> bool:
    return _KEY.fullmatch(key) is not None


def _clean_text(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_NOTE:
        return None
    return value if find_control(value, allow_newlines=True) is None else None


def _clean_value(value: object) -> FieldValue | None:
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            return None
        items = [_clean_text(item) for item in value]
        return None if any(item is None for item in items) else tuple(i for i in items if i is not None)
    return _clean_text(value)


def _clean_draft(record: object) -> Draft | None:
    """A draft read back from disk, or None when any part of it is not what this module writes."""
    if not isinstance(record, dict):
        return None
    key, saved_at, fields = record.get("key"), record.get("saved_at"), record.get("fields")
    if not isinstance(key, str) or not valid_key(key) or not isinstance(fields, dict):
        return None
    if not isinstance(saved_at, str) or len(saved_at) > 40:
        return None
    try:
        when = datetime.fromisoformat(saved_at)
    except ValueError:
        return None
    if when.tzinfo is not None or len(fields) > MAX_FIELDS:
        return None
    clean: dict[str, FieldValue] = {}
    for name, value in fields.items():
        if not isinstance(name, str) or _FIELD.fullmatch(name) is None:
            return None
        cleaned = _clean_value(value)
        if cleaned is None:
            return None
        clean[name] = cleaned
    return Draft(key, when, clean)


def encode_drafts(drafts: Mapping[str, Draft]) -> bytes:
    records = [
        {
            "key": draft.key,
            "saved_at": draft.saved_at.isoformat(),
            "fields": {name: list(v) if isinstance(v, tuple) else v for name, v in draft.fields.items()},
        }
        for draft in drafts.values()
    ]
    return orjson.dumps({"version": FORMAT_VERSION, "drafts": records})


def decode_drafts(raw: bytes) -> dict[str, Draft]:
    """The valid drafts in ``raw``; a file that is not a drafts file at all holds none."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return {}
    records = data.get("drafts")
    if not isinstance(records, list):
        return {}
    drafts: dict[str, Draft] = {}
    for record in records[:MAX_DRAFTS]:
        draft = _clean_draft(record)
        if draft is not None:
            drafts[draft.key] = draft
    return drafts


class DraftStore:
    """The drafts file in ``folder``. Reads never raise; writes raise OSError or JournalWriteError."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / DRAFTS_FILE
        self._drafts: dict[str, Draft] | None = None

    def _read(self) -> dict[str, Draft]:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return {}  # missing, a symlink or unreadable: no drafts to offer
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return {}
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError:
            return {}
        finally:
            os.close(fd)
        if len(raw) > MAX_FILE_BYTES:
            return {}
        if crypt.looks_sealed(raw):
            known = passphrase.known(self.folder)
            try:
                raw = crypt.unseal(raw, known, self.path)[0] if known is not None else b""
            except JournalError:
                return {}  # damaged, or another passphrase's: nothing that can be offered back
        return decode_drafts(raw)

    def all(self) -> list[Draft]:
        """Every kept draft, newest first."""
        if self._drafts is None:
            self._drafts = self._read()
        return sorted(self._drafts.values(), key=lambda d: d.saved_at, reverse=True)

    def get(self, key: str) -> Draft | None:
        self.all()
        assert self._drafts is not None
        return self._drafts.get(key)

    def put(self, draft: Draft) -> None:
        """Keep ``draft`` (replacing the one with its key), durably."""
        if not valid_key(draft.key):
            raise ValueError(f"not a draft key: {draft.key!r}")
        self.all()
        assert self._drafts is not None
        kept = self._drafts.get(draft.key)
        if kept is not None and kept.fields == draft.fields:
            return  # nothing typed since: keep the time it was last changed
        self._drafts[draft.key] = draft
        self._write()

    def remove(self, key: str) -> None:
        self.all()
        assert self._drafts is not None
        if self._drafts.pop(key, None) is not None:
            self._write()

    def _write(self) -> None:
        assert self._drafts is not None
        if not self._drafts:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        ensure_private_dir(self.folder)
        payload = encode_drafts(self._drafts)
        kdf = crypt.header_kdf(self.folder / JOURNAL_FILE)
        if kdf is not None:  # never a plain draft beside an encrypted journal
            payload = crypt.seal(payload, kdf, passphrase.current(self.folder))
        write_private_file(self.path, payload)
