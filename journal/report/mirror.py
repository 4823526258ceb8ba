"""The mirror: a folder export kept in step with the journal, for notes apps (Obsidian and the like).

``reljournal mirror DIR`` turns it on (a full export now, under the export's rules: never a folder of
the user's own files, never through a link); from then on every change made by the CLI or the app
updates DIR before the call returns, rewriting only the files whose bytes change. The folder is kept
per journal in the user's settings (:mod:`journal.store.config`), so a demo or a test journal never
writes into the real journal's mirror.

The update is incremental: a touchpoint added, edited or deleted re-renders its people's notes, the
notes of its week and of the weeks after it (their drift is judged later), and the index; a review its
week, the next, and the index. A change to someone (a name is in every link) or a journal replaced
whole (import, merge, restore) re-exports everything and removes the notes of people and weeks that
are gone. The journal's write is durable before the mirror runs: a mirror that fails loses nothing,
and the failure is reported (:func:`install` takes where to say it).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from journal.core.errors import JournalError
from journal.core.weeks import IsoWeek
from journal.report.exportfs import ExportError
from journal.store import config
from journal.store.durable import Change
from journal.store.journal import Journal
from journal.store.paths import user_path
from journal.store.safefs import open_folder

Report = Callable[[str], None]
# Rendering (journal.report.export) is imported only when a mirror runs: a command with the mirror off
# pays for reading the settings and nothing else.


class MirrorError(JournalError):
    """The mirror could not be turned on or updated; the journal itself is unaffected."""


# -- settings --------------------------------------------------------------------------------------


def mirror_setting(journal: Journal) -> dict[str, Any] | None:
    """Where this journal is mirrored and when it last ran ({"folder", "last_run"}), or None."""
    return config.mirror_of(config.read_settings(), journal.folder)


def _record(journal: Journal, folder: Path | None) -> None:
    key = str(journal.folder.absolute())

    def change(settings: config.Settings) -> None:
        mirrors = settings.setdefault(config.MIRRORS, {})
        if folder is None:
            mirrors.pop(key, None)
        else:
            mirrors[key] = {"folder": str(folder), "last_run": journal.clock().isoformat(timespec="seconds")}

    config.update_settings(change)


def turn_on(journal: Journal, folder_text: str) -> tuple[Path, int]:
    """Mirror the journal into ``folder_text`` from now on: a full export now; (the folder, files written)."""
    folder = user_path(folder_text).absolute()
    data = journal.folder.absolute()
    if folder == data or data.is_relative_to(folder):
        raise MirrorError(f"{folder} holds the journal itself; mirror into a folder of its own")
    from journal.report import export  # the rendering, imported only when a mirror runs

    export.check_export_folder(folder)  # never a folder of the user's own files, never through a link
    written = full_update(journal, folder)
    _record(journal, folder)
    return folder, written


def turn_off(journal: Journal) -> Path | None:
    """Stop mirroring; the folder was (its files are left as they are), or None when it was off."""
    setting = mirror_setting(journal)
    if setting is None:
        return None
    _record(journal, None)
    return Path(setting["folder"])


# -- keeping the folder in step ----------------------------------------------------------------------


def install(journal: Journal, report: Report) -> bool:
    """Keep the journal's mirror (if it has one) in step with every write from now on; ``report`` is
    told, in one line, when the settings or an update fail. The one function the CLI and the app call
    when they open a journal. True when a mirror is on."""
    try:
        setting = mirror_setting(journal)
    except JournalError as error:
        report(f"the mirror is not kept up to date: {error.message}")
        return False
    if setting is None:
        return False
    folder = Path(setting["folder"])

    def listener(journal: Journal, changes: list[Change] | None) -> None:
        try:
            update(journal, folder, changes)
            _record(journal, folder)
        except (JournalError, OSError) as error:
            message = error.message if isinstance(error, JournalError) else str(error)
            report(f"the change is saved, but the mirror in {folder} was not updated: {message}")

    journal.after_write(listener)
    return True


def after_replacing(journal: Journal, report: Report) -> None:
    """Export everything again after the journal file was replaced outside the Journal (restore)."""
    if install(journal, report):
        journal.storage.listeners[-1](None)


def update(journal: Journal, folder: Path, changes: list[Change] | None) -> int:
    """Bring ``folder`` up to date after a write that made ``changes``; how many files were rendered."""
    from journal.report import export

    plan = _plan(journal, changes)
    if plan is None:
        return full_update(journal, folder)
    persons, first_week, weeks, index = plan
    existing = _weeks(journal)
    if first_week is not None:
        weeks.update(w for w in existing if w >= first_week)
    files: dict[str, str] = {}
    if index:
        files[export.INDEX_FILE] = _index(journal, sorted(existing, reverse=True))
    people = {p.uid for p in journal.people()}
    for uid in sorted(persons & people):
        relative, text = export.person_export(journal, uid)
        files[relative] = text
    gone = []
    for week in sorted(weeks):
        if week in existing:
            relative, text = export.week_export(journal, week)
            files[relative] = text
        else:
            gone.append(export.week_path(week))
    for relative, text in files.items():
        export.export_one_to_folder(journal, folder, relative, text)  # only changed bytes are written
    for relative in gone:
        _remove(folder, relative)
    return len(files)


def full_update(journal: Journal, folder: Path) -> int:
    """Export everything into ``folder`` and remove the notes of people and weeks no longer there."""
    from journal.report import export

    written = export.export_to_folder(journal, folder)  # only changed bytes are written
    keep = {path.relative_to(folder).as_posix() for path in written}
    for place in (export.PEOPLE_DIR, export.WEEKS_DIR):
        for name in _notes_in(folder / place):
            if f"{place}/{name}" not in keep:
                _remove(folder, f"{place}/{name}")
    return len(written)


def _plan(
    journal: Journal, changes: list[Change] | None
) -> tuple[set[str], IsoWeek | None, set[IsoWeek], bool] | None:
    """What a write's ``changes`` touch: (people, the first week from which every week, some weeks,
    the index), or None when everything must be rendered again."""
    if changes is None:
        return None
    raw = journal.raw()
    persons: set[str] = set()
    weeks: set[IsoWeek] = set()
    first: IsoWeek | None = None
    index = False
    for table, uid, before in changes:
        if table == "entries":
            for record in (before, raw["entries"].get(uid)):
                if record is not None:
                    persons.update(record["people"])
                    week = IsoWeek.of(date.fromisoformat(record["date"]))
                    weeks.add(week)  # rendered again, or removed when it has nothing left
                    first = week if first is None else min(first, week)
            index = True
        elif table == "reviews":
            week = IsoWeek.parse(uid)
            weeks.update((week, IsoWeek.of(week.sunday + timedelta(days=1))))
            index = True
        elif table != "tombstones":  # people (names are in every link) and settings: everything
            return None
    return persons, first, weeks, index


def _weeks(journal: Journal) -> set[IsoWeek]:
    """The weeks an export has a note for: with touchpoints or a saved review."""
    from journal.report.review import touchpoints_by

    _, by_monday = touchpoints_by(journal)
    weeks = {IsoWeek.of(monday) for monday in by_monday}
    weeks.update(IsoWeek.parse(week) for week in journal.raw()["reviews"])
    return weeks


def _index(journal: Journal, weeks: list[IsoWeek]) -> str:
    """index.md alone, as the full export renders it."""
    from journal.report.render import index_export

    return index_export(journal, weeks)


def _notes_in(place: Path) -> list[str]:
    """The Markdown files (regular, not links) directly in ``place``."""
    try:
        with os.scandir(place) as entries:
            return [e.name for e in entries if e.name.endswith(".md") and e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _remove(folder: Path, relative: str) -> None:
    """Remove an export's note that no longer has a person or week, never through a link."""
    place, _, name = relative.rpartition("/")
    try:
        root = open_folder(folder, follow=False)
    except OSError:
        return
    try:
        sub = open_folder(place, follow=False, dir_fd=root) if place else os.dup(root)
        try:
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG(os.lstat(name, dir_fd=sub).st_mode):
                    os.unlink(name, dir_fd=sub)
        finally:
            os.close(sub)
    except OSError as error:
        raise ExportError(f"cannot remove {folder / relative} from the mirror: {error.strerror}") from None
    finally:
        os.close(root)
