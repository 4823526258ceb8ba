"""Writing the Markdown export (:mod:`journal.report.render` makes the text): a folder, or one file.

Each file of a folder is replaced atomically and created 0600, but not fsynced: the files are copies
the journal regenerates; a file that already holds the same bytes is left untouched, and an export
writes only in a folder it made or marked, never through a link (see :mod:`journal.report.exportfs`).
A single-file export (:func:`write_markdown`) is fsynced like the journal. Every write goes through the
store's one atomic writer (:mod:`journal.store.safefs`).

The TUI and the CLI call :func:`export_all_markdown`, :func:`export_person_markdown`,
:func:`export_week_markdown` (text), :func:`export_to_folder`, :func:`export_person_to_folder`,
:func:`export_week_to_folder` (files, default place :func:`default_export_path`); failures raise
:class:`ExportError`, a JournalError with a message to show as it is. The rendering names are
re-exported here, where callers have always imported them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from journal.core.weeks import IsoWeek
from journal.report import exportfs
from journal.report.render import (
    GENERATOR as GENERATOR,
    INDEX_FILE as INDEX_FILE,
    PEOPLE_DIR as PEOPLE_DIR,
    WEEKS_DIR as WEEKS_DIR,
    export_all_markdown as export_all_markdown,
    export_files as export_files,
    export_person_markdown as export_person_markdown,
    export_week_markdown as export_week_markdown,
    person_export as person_export,
    person_path as person_path,
    week_export as week_export,
    week_path as week_path,
)
from journal.store.durable import write_private_file
from journal.store.journal import Journal

EXPORT_FOLDER_NAME = "export"

ExportError = exportfs.ExportError  # failures of an export: a JournalError with a message to show


def default_export_path(journal: Journal) -> Path:
    """``<data folder>/export``: as private as the journal (0700), always writable, never someone
    else's files, and a demo journal's export stays in the demo's temp folder."""
    return journal.folder / EXPORT_FOLDER_NAME


def _is_previous_export(folder: Path) -> bool:
    """Whether ``folder`` holds an export made before exports left a marker (its index says so)."""
    head = exportfs.read_head(folder / INDEX_FILE, 4096).decode("utf-8", "replace")
    return head.startswith("---\n") and f'\ngenerator: "{GENERATOR}"\n' in head


_LAYOUT = (INDEX_FILE, PEOPLE_DIR, WEEKS_DIR)


def check_export_folder(folder: Path) -> None:
    """Refuse a folder that an export may not write in (see :mod:`journal.report.exportfs`), so no one's files
    are overwritten."""
    exportfs.check_folder(folder, _LAYOUT, _is_previous_export)


def write_markdown(path: Path, text: str) -> None:
    """Write one exported file: 0600, atomic, never through a link, in a folder created 0700 if
    missing (durable, like the journal: one file costs one fsync)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private_file(path, text.encode("utf-8"))
    except OSError as error:
        raise exportfs.error_for(error, path) from None


def _write_files(folder: Path, files: Mapping[str, str]) -> list[Path]:
    return exportfs.write_tree(
        folder, files, places=("", PEOPLE_DIR, WEEKS_DIR), layout=_LAYOUT, earlier_export=_is_previous_export
    )


def export_to_folder(journal: Journal, folder: Path) -> list[Path]:
    """Write index.md, people/<slug>.md and weeks/<week>.md into ``folder``; the paths written.

    ``folder`` must be new, empty or an earlier export (files of the same name are replaced; files
    of people renamed or removed since are left as they were).
    """
    check_export_folder(folder)
    return _write_files(folder, export_files(journal))


def export_one_to_folder(journal: Journal, folder: Path, relative: str, text: str) -> Path:
    """Write one person's or week's file at its place in an export folder layout."""
    check_export_folder(folder)
    return _write_files(folder, {relative: text})[0]


def export_person_to_folder(journal: Journal, uid: str, folder: Path) -> Path:
    """Write (or refresh) ``people/<slug>.md`` in an export folder; the path written."""
    relative, text = person_export(journal, uid)
    return export_one_to_folder(journal, folder, relative, text)


def export_week_to_folder(journal: Journal, week: IsoWeek, folder: Path) -> Path:
    """Write (or refresh) ``weeks/<week>.md`` in an export folder; the path written."""
    relative, text = week_export(journal, week)
    return export_one_to_folder(journal, folder, relative, text)
