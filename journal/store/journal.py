"""The journal: typed access to people, touchpoints and reviews, with the pond's rules.

This is the one place the CLI and the TUI change data. Each public method that writes is one
locked, durable transaction; reads come from in-memory caches rebuilt only when the data changed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from journal.core.errors import (
    AmbiguousNameError,
    CorruptJournalError,
    DuplicateNameError,
    NotFoundError,
    PondFullError,
)
from journal.core.model import (
    DEFAULT_POND_CAP,
    MAX_POND_CAP,
    Definition,
    Person,
    Touchpoint,
    ValidationError,
    WeeklyReview,
    clean_name,
    clean_pond_cap,
    clean_text,
    make_person,
    name_key,
    person_from_dict,
    review_from_dict,
    touchpoint_from_dict,
)
from journal.core.stored import NEWEST_FIRST, RecordError, read_contents
from journal.core.tombstones import Tombstone, make_tombstone, tombstone_from_dict
from journal.core.weeks import IsoWeek
from journal.store import schema
from journal.store.durable import Change, DurableStorage, collector_paused
from journal.store.paths import data_dir

Clock = Callable[[], datetime]


class UidTable(Table):
    """Documents are keyed by their uid, so other records can point at them.

    The journal changes a table only through :meth:`insert`, :meth:`upsert` and :meth:`remove` of
    documents by uid. TinyDB's own versions copy the whole table twice per change (ids to
    ``document_id_class`` and back), a third of a write at 50,000 touchpoints; these change the
    stored table in place instead, with TinyDB's semantics (insert refuses an existing uid, upsert
    merges into an existing document, remove skips unknown uids). Like every change they run inside
    ``DurableStorage.transaction``, which writes the data once when it ends, or drops it from memory
    and rereads the file if anything fails.
    """

    document_id_class = str  # type: ignore[assignment]

    def _stored(self) -> dict[str, dict[str, Any]]:
        tables = self._storage.read()
        return tables.get(self.name, {}) if tables is not None else {}

    def _changing(self) -> dict[str, dict[str, Any]]:
        """The stored table, marked as changed (``write`` refuses to run outside a transaction)."""
        tables = self._storage.read()
        assert tables is not None  # DurableStorage always has its four tables
        table = tables.setdefault(self.name, {})
        self._storage.write(tables)  # the same dict: this marks the data dirty before it changes
        self.clear_cache()
        return table

    def _note(self, uid: str, before: dict[str, Any] | None) -> None:
        """Say what changed (for :meth:`Journal.after_write`'s listeners): this table's ``uid``, as it was."""
        changes = getattr(self._storage, "changes", None)  # a DurableStorage's
        if changes is not None:
            changes.append((self.name, uid, before))

    def insert(self, document: Mapping[str, Any]) -> int:
        if not isinstance(document, Document):
            return super().insert(document)
        uid = str(document.doc_id)
        if uid in self._stored():
            raise ValueError(f"Document with ID {uid} already exists")
        self._changing()[uid] = dict(document)
        self._note(uid, None)
        self._next_id = None
        return uid  # type: ignore[return-value]

    def upsert(self, document: Mapping[str, Any], cond: Any = None) -> list[int]:
        if cond is not None or not isinstance(document, Document):
            return super().upsert(document, cond)
        uid = str(document.doc_id)
        stored = self._stored().get(uid)
        if stored is None:
            return [self.insert(document)]
        self._changing()
        self._note(uid, dict(stored))
        stored.update(document)
        return [uid]  # type: ignore[list-item]

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        if cond is not None or doc_ids is None:
            return super().remove(cond, doc_ids)
        table = self._stored()
        removed = list(dict.fromkeys(uid for uid in map(str, doc_ids) if uid in table))
        if removed:
            table = self._changing()
            for uid in removed:
                self._note(uid, table.pop(uid))
        return removed  # type: ignore[return-value]


class _JournalDB(TinyDB):
    table_class = UidTable


def _readable(doc: dict[str, Any], read: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """``doc`` once the reader of its table accepts it: a write is refused (ValidationError, nothing
    changed) whenever the next read of the record would be."""
    read(doc)
    return doc


def _doc(data: dict[str, Any], uid: str) -> Document:
    """A TinyDB document keyed by uid (UidTable uses ``str`` ids; TinyDB's hints say ``int``)."""
    return Document(data, doc_id=uid)  # type: ignore[arg-type]


def _newest_first(tp: Touchpoint) -> tuple[date, datetime, str]:
    """Sort key for touchpoints; sorted in reverse it puts the newest first."""
    return (tp.day, tp.created_at, tp.uid)


def _typed(name: str, limit: int = 60) -> str:
    """What was typed, quoted for a message and cut short: a pasted page is not echoed back whole."""
    text = repr(name)
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def _local_now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Journal:
    def __init__(self, folder: Path, clock: Clock = _local_now) -> None:
        self.folder = folder
        self.clock = clock
        self.storage = DurableStorage(folder, today=lambda: self.clock().date())
        self._db = _JournalDB(storage=lambda: self.storage)
        # Typed views of the stored records, rebuilt only after a (re)load from disk; this
        # process's own writes patch them in place, so a write never costs a full rebuild.
        self._people_cache: dict[str, Person] | None = None
        self._people_loads = -1
        self._entries_cache: list[Touchpoint] | None = None
        self._entries_loads = -1
        self._entries_sorted = False  # sorted newest first the first time entries() is asked for

    @classmethod
    def open(cls, folder: str | Path | None = None, clock: Clock = _local_now) -> Journal:
        """Open the journal in ``folder`` (or the configured data dir) and read it once."""
        journal = cls(data_dir(folder), clock)
        journal.storage.read()
        return journal

    @property
    def path(self) -> Path:
        return self.storage.path

    def today(self) -> date:
        return self.clock().date()

    def _table(self, name: str) -> Table:
        return self._db.table(name)

    # -- cache -------------------------------------------------------------------------------

    def _checked(self) -> None:
        """Type and check every record once per (re)load from disk (:func:`journal.core.stored.read_contents`,
        the validation every way in uses). A record that does not validate makes the journal unreadable
        for reads and writes alike: nothing is written over a file that cannot be read back."""
        data = self.storage.read()
        if (
            self._people_cache is not None
            and self._entries_cache is not None
            and self._people_loads == self._entries_loads == self.storage.loads
        ):
            return
        try:
            with collector_paused():  # 10,000 records and their sort keys, no cycles among them
                contents = read_contents(data)
        except RecordError as error:
            raise CorruptJournalError(
                self.path, f"{error.where}: {error.message}", self.storage.newest_readable_backup()
            ) from None
        self._people_cache, self._entries_cache = contents.people, contents.entries
        self._people_loads = self._entries_loads = self.storage.loads
        self._entries_sorted = False  # quick capture checks every touchpoint but never needs them in order

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One locked, durable change (``DurableStorage.transaction``), refused before anything is
        changed when the journal, reread under the lock, does not validate. Every write uses it."""
        with self.storage.transaction():
            self._checked()
            yield

    def _people(self) -> dict[str, Person]:
        self._checked()
        assert self._people_cache is not None
        return self._people_cache

    def _entries(self) -> list[Touchpoint]:
        self._checked()
        assert self._entries_cache is not None
        if not self._entries_sorted:
            with collector_paused():
                self._entries_cache.sort(key=NEWEST_FIRST, reverse=True)
            self._entries_sorted = True
        return self._entries_cache

    def _patch_people(self, person: Person) -> None:
        if self._people_cache is not None and self._people_loads == self.storage.loads:
            self._people_cache[person.uid] = person

    def _patch_entries(self, removed: str | None = None, added: Touchpoint | None = None) -> None:
        """Apply this process's own change to the cached list (kept newest first)."""
        if self._entries_cache is None or self._entries_loads != self.storage.loads:
            return
        entries = self._entries_cache
        if removed is not None:
            entries[:] = [tp for tp in entries if tp.uid != removed]
        if added is not None and not self._entries_sorted:
            entries.append(added)  # put in its place when the list is sorted
        elif added is not None:
            key = _newest_first(added)
            index = 0  # new touchpoints are usually recent: scan from the newest end
            while index < len(entries) and _newest_first(entries[index]) > key:
                index += 1
            entries.insert(index, added)

    def refresh(self) -> bool:
        """Pick up changes another process wrote. True when something changed."""
        changed = self.storage.refresh()
        if changed:
            for name in schema.TABLES:
                self._table(name).clear_cache()
        return changed

    # -- settings ----------------------------------------------------------------------------

    def _meta(self) -> dict[str, Any]:
        return dict(self.storage.read()["meta"].get(schema.META_ID, {}))

    @property
    def pond_cap(self) -> int:
        # Start-up's validation refuses an invalid cap; this stays readable without it so that
        # ``backup`` can still save everything from a journal that does not validate.
        cap = self._meta().get("pond_cap", DEFAULT_POND_CAP)
        try:
            return clean_pond_cap(cap)
        except ValidationError:
            return DEFAULT_POND_CAP

    def set_pond_cap(self, cap: int) -> None:
        try:
            clean_pond_cap(cap)
        except ValidationError:
            raise ValidationError("cap", f"the pond cap is a number from 1 to {MAX_POND_CAP}") from None
        with self._writing():
            following = len(self.following())
            if cap < following:
                raise ValidationError(
                    "cap",
                    f"you follow {following} people; let some go before lowering the cap to {cap}",
                )
            meta = self._meta()
            meta["pond_cap"] = cap
            self._table("meta").upsert(_doc(meta, schema.META_ID))

    # -- people ------------------------------------------------------------------------------

    def people(self) -> list[Person]:
        """Everyone, following and archived, by name."""
        return sorted(self._people().values(), key=lambda p: (p.name.casefold(), p.uid))

    def following(self) -> list[Person]:
        return [p for p in self.people() if p.following]

    def archived(self) -> list[Person]:
        return [p for p in self.people() if not p.following]

    def person(self, uid: str) -> Person:
        try:
            return self._people()[uid]
        except KeyError:
            raise NotFoundError(f"no person with uid {uid}") from None

    def find_person(self, name: str, *, include_archived: bool = True) -> Person:
        """Match a name case-insensitively: exact first, then a unique prefix. Ambiguity is an error."""
        wanted = name_key(name)
        if not wanted:
            raise ValidationError("name", "name is empty")
        candidates = [
            (name_key(p.name), p) for p in (self.people() if include_archived else self.following())
        ]
        exact = [p for key, p in candidates if key == wanted]
        if len(exact) > 1:  # names kept from before invisible characters were ignored: the exact text
            typed = unicodedata.normalize("NFC", " ".join(name.split()))
            exact = [p for p in exact if p.name == typed] or exact
        if len(exact) == 1:
            return exact[0]
        matches = exact or [p for key, p in candidates if key.startswith(wanted)]
        if not matches:
            matches = [p for key, p in candidates if wanted in key]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"nobody called {_typed(name)} in your journal; see: reljournal people")
        alike = len({name_key(p.name) for p in matches}) < len(matches)
        listed = ", ".join(repr(p.name) if alike else p.name for p in matches[:6])  # repr: \u200b shows
        raise AmbiguousNameError(
            f"{_typed(name)} matches {len(matches)} people ({listed}); type more of the name"
        )

    def _check_unique_name(self, name: str, except_uid: str | None = None) -> None:
        wanted = name_key(name)
        for other in self.people():
            if other.uid != except_uid and name_key(other.name) == wanted:
                state = "" if other.following else " (archived)"
                raise DuplicateNameError(
                    f"you already have {other.name}{state}; use a distinguishing name such as {name} B."
                )

    def _check_room(self) -> None:
        following = len(self.following())
        if following >= self.pond_cap:
            raise PondFullError(
                f"your pond is full ({following}/{self.pond_cap}); let someone go first "
                "(reljournal unfollow NAME) or raise the cap"
            )

    def add_person(self, name: str, definition: Definition) -> Person:
        with self._writing():
            person = make_person(name, definition, self.clock())
            self._check_unique_name(person.name)
            self._check_room()
            self._table("people").insert(_doc(person.to_dict(), person.uid))
            self._patch_people(person)
        return person

    def redefine(self, uid: str, name: str, definition: Definition) -> Person:
        """Change a person's name or definition; the previous definition is kept with today's date."""
        with self._writing():
            person = self.person(uid)
            clean = clean_name(name)
            self._check_unique_name(clean, except_uid=uid)
            updated = person.redefined(clean, definition, self.clock())
            if updated is not person:
                self._put_person(updated)
        return updated

    def archive(self, uid: str, note: str = "") -> Person:
        """Let someone go from the pond: a new dated let-go episode with its note. All history stays."""
        with self._writing():
            updated = self.person(uid).let_go(self.today(), clean_text(note, "note"))
            self._put_person(updated)
        return updated

    def refollow(self, uid: str) -> Person:
        """Follow an archived person again: their open let-go is closed with today's date, never erased."""
        with self._writing():
            person = self.person(uid)
            if person.following:
                raise ValidationError("status", f"you already follow {person.name}")
            self._check_room()
            updated = person.followed_again(self.today())
            self._put_person(updated)
        return updated

    def _put_person(self, person: Person) -> None:
        self._table("people").upsert(_doc(_readable(person.to_dict(), person_from_dict), person.uid))
        self._patch_people(person)

    # -- touchpoints -------------------------------------------------------------------------

    def entries(self) -> list[Touchpoint]:
        """Every touchpoint, newest first."""
        return self._entries()

    def entries_for(self, uid: str) -> list[Touchpoint]:
        return [tp for tp in self.entries() if uid in tp.people]

    def entry(self, uid: str) -> Touchpoint:
        for tp in self.entries():
            if tp.uid == uid:
                return tp
        raise NotFoundError(f"no touchpoint with uid {uid}")

    def _check_people_exist(self, uids: Iterable[str]) -> None:
        for uid in uids:
            self.person(uid)

    def add_touchpoint(self, touchpoint: Touchpoint) -> Touchpoint:
        with self._writing():
            self._check_people_exist(touchpoint.people)
            self._table("entries").insert(
                _doc(_readable(touchpoint.to_dict(), touchpoint_from_dict), touchpoint.uid)
            )
            self._patch_entries(added=touchpoint)
        return touchpoint

    def update_touchpoint(self, touchpoint: Touchpoint) -> Touchpoint:
        with self._writing():
            self._check_people_exist(touchpoint.people)
            self.entry(touchpoint.uid)
            updated = replace(touchpoint, updated_at=self.clock())
            self._table("entries").upsert(
                _doc(_readable(updated.to_dict(), touchpoint_from_dict), updated.uid)
            )
            self._patch_entries(removed=updated.uid, added=updated)
        return updated

    def delete_touchpoint(self, uid: str) -> None:
        """Delete a touchpoint; its tombstone keeps a merge with another copy from bringing it back."""
        with self._writing():
            self.entry(uid)
            self._table("entries").remove(doc_ids=[uid])  # type: ignore[list-item]
            self._bury(uid, "entries")
            self._patch_entries(removed=uid)

    def _bury(self, uid: str, table: str) -> None:
        self._table("tombstones").upsert(_doc(make_tombstone(uid, table, self.clock()).to_dict(), uid))

    def _unbury(self, uid: str) -> None:
        """Forget the tombstone of a record written back (undo): a record and its tombstone never meet."""
        if uid in self.storage.read().get("tombstones", {}):
            self._table("tombstones").remove(doc_ids=[uid])  # type: ignore[list-item]

    def tombstones(self) -> list[Tombstone]:
        """What was deleted and when, oldest first."""
        self._checked()
        stored = self.storage.read().get("tombstones", {})
        return sorted(map(tombstone_from_dict, stored.values()), key=lambda t: (t.deleted_at, t.uid))

    # -- reviews -----------------------------------------------------------------------------

    def review(self, week: IsoWeek) -> WeeklyReview | None:
        self._checked()
        doc = self.storage.read()["reviews"].get(str(week))
        return review_from_dict(doc) if doc is not None else None

    def reviews(self) -> list[WeeklyReview]:
        self._checked()
        return [review_from_dict(doc) for _, doc in sorted(self.storage.read()["reviews"].items())]

    def save_review(self, review: WeeklyReview) -> WeeklyReview:
        with self._writing():
            stamped = replace(review, updated_at=self.clock())
            self._check_people_exist(p for i in stamped.intentions for p in i.people)
            self._table("reviews").upsert(
                _doc(_readable(stamped.to_dict(), review_from_dict), str(stamped.week))
            )
        return stamped

    # -- whole journal -----------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        """The stored data as plain JSON-ready objects (used by backup and doctor)."""
        return self.storage.read()

    def replace_all(self, data: dict[str, Any]) -> None:
        """Replace the journal's contents with ``data`` (already validated) in one durable write; the
        one write allowed over a journal that does not validate, since it replaces every record."""
        with self.storage.transaction():
            self.storage.write(data)
            self._people_cache = None
            self._entries_cache = None

    def close(self) -> None:
        self.storage.close()

    def after_write(self, listener: Callable[[Journal, list[Change] | None], None]) -> None:
        """Call ``listener(journal, changes)`` after each durable write of this journal (by any of its
        methods, an import or a merge): ``changes`` lists (table, uid, the record before or None), or
        is None when the data was replaced whole. The write is on disk before any listener runs."""
        self.storage.listeners.append(lambda changes: listener(self, changes))

    # -- undo --------------------------------------------------------------------------------

    def reinstate_touchpoint(self, touchpoint: Touchpoint) -> Touchpoint:
        """Write ``touchpoint`` back exactly as given (same uid, same stamps): what undo restores.

        It passes the validation every stored record passes, and the pond's rules (its people exist).
        """
        with self._writing():
            record = touchpoint_from_dict(touchpoint.to_dict())
            self._check_people_exist(record.people)
            self._unbury(record.uid)
            self._table("entries").upsert(_doc(record.to_dict(), record.uid))
            self._patch_entries(removed=record.uid, added=record)
        return record

    def reinstate_person(self, person: Person) -> Person:
        """Write ``person`` back exactly as given (same uid, history and status): what undo restores.

        It passes the validation every stored record passes, and the pond's rules (a unique name,
        room in the pond when it brings someone back into it).
        """
        with self._writing():
            record = person_from_dict(person.to_dict())
            self._check_unique_name(record.name, except_uid=record.uid)
            current = self._people().get(record.uid)
            if record.following and (current is None or not current.following):
                self._check_room()
            self._unbury(record.uid)
            self._put_person(record)
        return record

    def delete_person(self, uid: str) -> None:
        """Delete someone nothing names (no touchpoint, no intention), leaving a tombstone; someone
        with a history is let go instead, so that the history stays."""
        with self._writing():
            person = self.person(uid)
            named = any(uid in tp.people for tp in self.entries()) or any(
                uid in intention.people for review in self.reviews() for intention in review.intentions
            )
            if named:
                raise ValidationError(
                    "person", f"{person.name} has touchpoints or intentions; let them go instead (unfollow)"
                )
            self._table("people").remove(doc_ids=[uid])  # type: ignore[list-item]
            self._bury(uid, "people")
            if self._people_cache is not None and self._people_loads == self.storage.loads:
                self._people_cache.pop(uid, None)
