"""Merge another copy of the journal into this one: both sides kept, united by uid.

Two machines that both write between syncs leave two journals (a sync tool's conflict copy beside
the journal, another machine's file, a backup). :func:`merge_into` unites them:

* People, touchpoints, reviews and tombstones are united by uid (reviews by week).
* A record changed on both sides: the later ``updated_at`` wins (for a person, the later definition:
  the time of their last redefinition). A person's other definition is kept in their dated history,
  and both sides' histories and let-go episodes are united, so no definition or let-go is lost.
* Deletions are honoured through tombstones: a record deleted on one side stays deleted unless the
  other side changed it after the deletion (a person stays while anything kept still names them).
* The result depends only on the two copies, never on which one is "this" journal: merging A into B
  and B into A give the same records, and merging the same copy twice changes nothing.

The other copy is read through the same door as the journal itself (:meth:`DurableStorage.parse` and
:func:`journal.core.stored.read_contents`, or the import's :func:`journal.store.backup.parse_backup`
for a file made by ``reljournal backup``), and the united journal passes the same validation before
it is written, in one durable write; the journal as it was is kept in ``backups/before-merge-*.json``.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from journal.core.errors import CorruptJournalError, JournalError
from journal.core.fields import spelling_key
from journal.core.stored import RecordError, read_contents
from journal.core.textsafe import for_terminal_line
from journal.store import backup
from journal.store.durable import is_debris
from journal.store.journal import Journal
from journal.store.jsondoor import JsonRefused, load_json
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE
from journal.store.safefs import is_link

Record = dict[str, Any]
Tables = dict[str, dict[str, Record]]
MERGED_TABLES = ("people", "entries", "reviews", "tombstones")


class MergeError(JournalError):
    """The other copy cannot be merged; nothing was changed."""


@dataclass
class MergeReport:
    """What a merge changed in this journal, table by table (uids; weeks for reviews)."""

    added: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    kept_copy: Path | None = None
    names: dict[str, str] = field(default_factory=dict)  # person uid -> name, for saying who
    touchpoints: dict[str, Record] = field(default_factory=dict)  # uid -> record, for saying which

    @property
    def changed(self) -> bool:
        return any(self.added.values()) or any(self.updated.values()) or any(self.removed.values())


# -- reading the other copy ----------------------------------------------------------------------


def read_other(journal: Journal, raw: bytes, source: str) -> Tables:
    """The other copy's tables, through the door every journal read passes (or import's, for a file
    made by ``reljournal backup``); :class:`MergeError` names ``source`` when it is not readable."""
    if not raw.strip():
        raise MergeError(f"{source} is empty: it holds no journal (is the copy complete?)")
    if _is_backup_document(raw):
        try:
            data = backup.parse_backup(raw)
        except backup.ImportError_ as error:
            raise MergeError(f"{source} was not merged: {error.message}") from None
        return {table: data[table] for table in MERGED_TABLES}
    try:
        data = journal.storage.parse(raw)
        read_contents(data)
    except CorruptJournalError as error:
        raise MergeError(f"{source} was not merged: {error.reason}. Nothing was changed") from None
    except RecordError as error:
        raise MergeError(
            f"{source} was not merged: {error.where}: {error.message}. Nothing was changed"
        ) from None
    except JournalError as error:  # a newer schema
        raise MergeError(f"{source} was not merged: {error.message}") from None
    return {table: data[table] for table in MERGED_TABLES}


def _is_backup_document(raw: bytes) -> bool:
    try:
        doc = load_json(raw)
    except (orjson.JSONDecodeError, JsonRefused):
        return False
    return isinstance(doc, dict) and doc.get("format") == backup.FORMAT


# -- uniting two copies ---------------------------------------------------------------------------


def _bytes(record: Mapping[str, Any]) -> bytes:
    """A record's canonical bytes: the last tie-break, so that either order picks the same record."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def _stamp(text: object) -> str:
    """A stored local time, comparable as text (every writer stores ``YYYY-MM-DDTHH:MM:SS``)."""
    return datetime.fromisoformat(text).isoformat(timespec="seconds") if isinstance(text, str) else ""


def _later(a: Record, b: Record, stamp: str) -> Record:
    """The later of two versions of a record by ``stamp``, ties broken by content."""
    key_a, key_b = (_stamp(a.get(stamp)), _bytes(a)), (_stamp(b.get(stamp)), _bytes(b))
    return a if key_a >= key_b else b


def _definition(record: Mapping[str, Any]) -> Record:
    """A person's current name and definition as a history entry would keep it (no time yet)."""
    return {
        k: v for k, v in record.items() if k not in ("uid", "status", "episodes", "created_at", "history")
    }


def _undated(past: Mapping[str, Any]) -> Record:
    return {k: v for k, v in past.items() if k != "replaced_at"}


def _defined_at(person: Mapping[str, Any]) -> str:
    """When a person's current definition took effect: their last redefinition, else their creation."""
    return max([_stamp(person["created_at"]), *(_stamp(past["replaced_at"]) for past in person["history"])])


def _united_episodes(a: Iterable[Record], b: Iterable[Record]) -> list[Record]:
    """Both sides' let-go episodes: one per let-go day, the earlier follow-again kept (an open one
    counts as latest); an episode still open before a later let-go is closed on that day."""
    by_day: dict[str, Record] = {}
    for episode in (*a, *b):
        day = episode["let_go_on"]
        known = by_day.get(day)
        if known is None or _episode_key(episode) < _episode_key(known):
            by_day[day] = episode
    episodes = [dict(by_day[day]) for day in sorted(by_day)]
    for earlier, later in pairwise(episodes):
        again = earlier["followed_again_on"]
        if again is None or again > later["let_go_on"]:
            earlier["followed_again_on"] = later["let_go_on"]
    return episodes


def _episode_key(episode: Mapping[str, Any]) -> tuple[str, bytes]:
    again = episode["followed_again_on"]
    return ("9999-99-99" if again is None else again, _bytes(episode))


def _united_person(a: Record, b: Record) -> Record:
    """One person from both sides: the later definition, both histories (with the other side's
    definition kept in it, dated when the winner's took effect), both sides' let-goes."""
    if a == b:
        return a
    when_a, when_b = _defined_at(a), _defined_at(b)
    def_a, def_b = _definition(a), _definition(b)
    winner, loser = (a, b) if (when_a, _bytes(def_a)) >= (when_b, _bytes(def_b)) else (b, a)
    won_at, lost_at = max(when_a, when_b), min(when_a, when_b)
    history = {_bytes(past): past for past in (*a["history"], *b["history"])}
    lost = _definition(loser)
    if lost != _definition(winner):
        # Unless one side's history already shows it replaced (the other side redefined after it).
        superseded = any(
            _undated(past) == lost and _stamp(past["replaced_at"]) >= lost_at for past in history.values()
        )
        if not superseded:
            entry = {"replaced_at": won_at, **lost}
            history[_bytes(entry)] = entry
    merged = dict(winner)
    merged["created_at"] = min(a["created_at"], b["created_at"], key=_stamp)
    merged["history"] = [
        history[key] for key in sorted(history, key=lambda k: (_stamp(history[k]["replaced_at"]), k))
    ]
    merged["episodes"] = _united_episodes(a["episodes"], b["episodes"])
    last = merged["episodes"][-1] if merged["episodes"] else None
    merged["status"] = "archived" if last is not None and last["followed_again_on"] is None else "following"
    return merged


def _union(ours: Mapping[str, Record], theirs: Mapping[str, Record], unite: Any) -> dict[str, Record]:
    united: dict[str, Record] = {}
    for key in sorted(ours.keys() | theirs.keys()):
        mine, other = ours.get(key), theirs.get(key)
        if mine is None or other is None:
            united[key] = mine if other is None else other  # type: ignore[assignment]
        elif mine == other:
            united[key] = mine
        else:
            united[key] = unite(mine, other)
    return united


def _named_people(entries: Iterable[Record], reviews: Iterable[Record]) -> set[str]:
    named = {uid for entry in entries for uid in entry["people"]}
    named.update(
        uid for review in reviews for intention in review["intentions"] for uid in intention["people"]
    )
    return named


def unite(ours: Tables, theirs: Tables) -> Tables:
    """The records of two copies as one journal's (see the module's rules); symmetric in its arguments."""
    tombstones = _union(ours["tombstones"], theirs["tombstones"], lambda a, b: _later(a, b, "deleted_at"))
    entries = _union(ours["entries"], theirs["entries"], lambda a, b: _later(a, b, "updated_at"))
    reviews = _union(ours["reviews"], theirs["reviews"], lambda a, b: _later(a, b, "updated_at"))
    people = _union(ours["people"], theirs["people"], _united_person)
    for uid in [uid for uid in entries if uid in tombstones]:
        if tombstones[uid]["table"] != "entries":
            continue
        if _stamp(tombstones[uid]["deleted_at"]) >= _stamp(entries[uid]["updated_at"]):
            del entries[uid]  # deleted after its last change (on either side): it stays deleted
        else:
            del tombstones[uid]  # changed after it was deleted elsewhere: what was written is kept
    named = _named_people(entries.values(), reviews.values())
    for uid in [uid for uid in people if uid in tombstones]:
        if tombstones[uid]["table"] != "people":
            continue
        if uid not in named and _stamp(tombstones[uid]["deleted_at"]) >= _defined_at(people[uid]):
            del people[uid]
        else:
            del tombstones[uid]
    return {"people": people, "entries": entries, "reviews": reviews, "tombstones": tombstones}


def _same_names(people: Mapping[str, Record]) -> tuple[str, str] | None:
    seen: dict[str, str] = {}
    for person in people.values():
        other = seen.setdefault(spelling_key(person["name"]), person["name"])
        if other is not person["name"]:
            return other, person["name"]
    return None


def _report(before: Tables, after: Tables) -> MergeReport:
    report = MergeReport()
    for table in MERGED_TABLES:
        old, new = before[table], after[table]
        report.added[table] = [key for key in new if key not in old]
        report.updated[table] = [key for key in new if key in old and new[key] != old[key]]
        report.removed[table] = [key for key in old if key not in new]
    for people in (before["people"], after["people"]):
        report.names.update((uid, person["name"]) for uid, person in people.items())
    for entries in (before["entries"], after["entries"]):
        for uid in (*report.added["entries"], *report.updated["entries"], *report.removed["entries"]):
            if uid in entries:
                report.touchpoints[uid] = entries[uid]
    return report


def merge_into(
    journal: Journal, other: bytes, source: str = "the other copy", *, dry_run: bool = False
) -> MergeReport:
    """Unite ``other`` (a journal file's bytes, or a backup's) into ``journal`` in one durable write,
    keeping the journal as it was in ``backups/before-merge-STAMP.json``. Refused whole, nothing
    changed, when ``other`` or the united result would not read back (:class:`MergeError`)."""
    theirs = read_other(journal, other, source)
    with journal.storage.transaction():
        journal.people()  # the journal itself validates (under the lock, as it is now)
        current = journal.raw()
        ours = {table: current.get(table, {}) for table in MERGED_TABLES}
        united = unite(ours, theirs)
        clash = _same_names(united["people"])
        if clash is not None:
            raise MergeError(
                f"{source} was not merged: both copies have someone called {clash[0]!r} (two different "
                f"people, one added on each side, or {clash[1]!r} renamed); rename one of them "
                "(reljournal follow can't hold two), then merge again. Nothing was changed"
            )
        data = {**united, "meta": current["meta"]}
        try:
            read_contents(data)
        except RecordError as error:
            raise MergeError(
                f"{source} was not merged: the united journal would not read back ({error.where}: "
                f"{error.message}). Nothing was changed"
            ) from None
        report = _report(ours, united)
        if report.changed and not dry_run:
            report.kept_copy = backup.keep_copy(journal, "before-merge")
            journal.replace_all(data)
    return report


# -- conflict copies ------------------------------------------------------------------------------

# Syncthing: journal.sync-conflict-20261201-120000-ABCDEFG.json; Dropbox: "journal (Sam's conflicted
# copy 2026-12-01).json"; other tools: journal (1).json, journal-laptop.json, journal.json.bak...
_SYNCTHING = re.compile(r"journal\.sync-conflict-\d{8}-\d{6}-[0-9A-Z]{7}\.json")
_DROPBOX = re.compile(r"journal \(.*conflicted copy.*\)\.json")
_OTHER = re.compile(r"journal[^/]*\.json")


def is_conflict_copy(name: str) -> bool:
    """Whether a file called ``name`` beside the journal looks like a copy a sync tool left."""
    if name == JOURNAL_FILE or is_debris(name) or name.startswith("."):
        return False
    return bool(_SYNCTHING.fullmatch(name) or _DROPBOX.fullmatch(name) or _OTHER.fullmatch(name))


def conflict_copies(folder: Path) -> list[Path]:
    """Copies of the journal a sync tool left beside it, oldest name first: regular files only (a
    link is never followed), never the journal itself or a writer's temp file."""
    try:
        with os.scandir(folder) as entries:
            found = [
                Path(entry.path)
                for entry in entries
                if is_conflict_copy(entry.name) and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return []
    return sorted(found)


def merge_command(folder: Path, copy: Path) -> str:
    """The command that merges ``copy`` into the journal in ``folder``, ready to paste."""
    return f"reljournal --data-dir {shlex.quote(str(folder))} merge {shlex.quote(str(copy))}"


def put_away(journal: Journal, copy: Path) -> Path:
    """Move a merged conflict copy into ``backups/`` (never over an earlier file there)."""
    backup_dir = journal.folder / BACKUP_DIR
    if is_link(copy) or is_link(backup_dir):
        raise MergeError(f"{copy} was merged but not moved: a symbolic link is in the way")
    target = backup.kept_copy_path(journal.folder, "merged-" + _safe_name(copy.stem), journal.clock())
    os.replace(copy, target)
    return target


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120]


def merge_file(
    journal: Journal, path: Path, raw: bytes, *, dry_run: bool = False
) -> tuple[MergeReport, Path | None]:
    """Merge the copy at ``path`` (its bytes ``raw``); a conflict copy beside the journal is then
    moved into ``backups/``. The report, and where the copy went (None when it stayed)."""
    report = merge_into(journal, raw, str(path), dry_run=dry_run)
    moved = None
    beside = path.absolute().parent == journal.folder.absolute()
    if not dry_run and beside and path.name in {copy.name for copy in conflict_copies(journal.folder)}:
        moved = put_away(journal, path)
    return report, moved


# -- saying what a merge did ----------------------------------------------------------------------

SHOWN = 8  # names listed per line before "and N more"


def summary_lines(report: MergeReport) -> list[str]:
    """What the merge added, updated and removed, a line each, people and touchpoints named."""
    lines = []
    for word, changes in (("added", report.added), ("updated", report.updated), ("removed", report.removed)):
        parts = []
        if changes["people"]:
            parts.append(
                _count(
                    len(changes["people"]), "person", "people", [report.names[u] for u in changes["people"]]
                )
            )
        if changes["entries"]:
            named = [_touchpoint(report, uid) for uid in changes["entries"]]
            parts.append(_count(len(named), "touchpoint", "touchpoints", named))
        if changes["reviews"]:
            parts.append(_count(len(changes["reviews"]), "review", "reviews", changes["reviews"]))
        if parts:
            lines.append(f"{word}: " + "; ".join(parts))
    return lines


def _count(number: int, one: str, many: str, names: list[str]) -> str:
    listed = ", ".join(for_terminal_line(name) for name in sorted(names)[:SHOWN])
    more = f" and {number - SHOWN} more" if number > SHOWN else ""
    return f"{number} {one if number == 1 else many} ({listed}{more})"


def _touchpoint(report: MergeReport, uid: str) -> str:
    record = report.touchpoints[uid]
    people = " & ".join(report.names.get(person, "someone") for person in record["people"])
    return f"{record['date']} {record['channel']} with {people}"
