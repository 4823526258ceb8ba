"""Where a folder export may write, and how its files are put in place (no Markdown here).

An export writes only inside a folder it made or marked as its own. When it makes the folder (or
adopts an empty one) it leaves a marker file, :data:`MARKER_FILE`; a folder that holds anything else
and no marker is refused, so that a folder of someone's own notes (even one holding only a
``people/`` or ``weeks/`` of theirs) is never written into. An earlier export made before markers
existed (its ``index.md`` says reljournal generated it, and it holds nothing but the export's own
names) is adopted and marked.

Nothing is written through a symbolic link: the export folder, its subfolders and each file are
opened relative to the folder's own descriptor without following links, so a ``people`` that is a
link to somewhere else is refused instead of sending files there. Files go in place through
:func:`journal.store.safefs.write_in` (private, atomic, a temp file created exclusively), without fsync:
they are copies the journal can always regenerate (see :mod:`journal.report.export`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from journal.core.errors import JournalError
from journal.store.durable import describe_os_error
from journal.store.safefs import is_link, open_folder, write_in

MARKER_FILE = ".reljournal-export"
MARKER_TEXT = (
    b"This folder was made by reljournal export, which writes only into folders that hold this file.\n"
    b"Delete this file and reljournal will no longer export into this folder.\n"
)


class ExportError(JournalError):
    """The export could not be written; the message says where and what to do."""


def error_for(error: OSError, path: Path) -> ExportError:
    where = Path(error.filename) if isinstance(error.filename, str) and os.sep in error.filename else path
    if error.errno == errno.ELOOP:
        reason = (
            f"{where} is a symbolic link; an export never writes through a link: export into a new folder"
        )
    elif isinstance(error, (FileExistsError, NotADirectoryError)):
        reason = f"{where} is in the way: part of that path is a file, not a folder"
    else:
        reason = describe_os_error(error, where)
    return ExportError(f"cannot write the export: {reason}")


def _not_ours(folder: Path) -> ExportError:
    return ExportError(
        f"{folder} already holds other files and was not made by reljournal export; export into a new "
        f"or empty folder (such as {folder / 'reljournal-export'}), or into an earlier reljournal export"
    )


def _has_marker(fd: int) -> bool:
    try:
        return stat.S_ISREG(os.lstat(MARKER_FILE, dir_fd=fd).st_mode)
    except OSError:
        return False


def _claim(folder: Path, fd: int, layout: Collection[str], earlier_export: Callable[[Path], bool]) -> bool:
    """Whether ``folder`` (open as ``fd``) is an export's to write in: True when it must be marked now."""
    if _has_marker(fd):
        return False
    try:
        names = os.listdir(fd)
    except OSError as error:
        raise error_for(error, folder) from None
    if not names:
        return True
    visible = {name for name in names if not name.startswith(".")}
    if visible <= set(layout) and earlier_export(folder):
        return True
    raise _not_ours(folder)


def check_folder(folder: Path, layout: Collection[str], earlier_export: Callable[[Path], bool]) -> None:
    """Refuse ``folder`` unless an export may write there (missing, empty, marked, or an earlier export)."""
    if is_link(folder):
        raise ExportError(
            f"{folder} is a symbolic link; an export never writes through a link: name the folder it points to"
        )
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder; name a new or empty folder, or a .md file")
    try:
        fd = open_folder(folder, follow=False)
    except OSError as error:
        raise error_for(error, folder) from None
    try:
        _claim(folder, fd, layout, earlier_export)
    finally:
        os.close(fd)


def _open_root(
    folder: Path, layout: Collection[str], earlier_export: Callable[[Path], bool]
) -> tuple[int, bool]:
    """Open (making it if needed) the export folder and mark it as an export's; (fd, made now)."""
    check_folder(folder, layout, earlier_export)
    made = False
    try:
        folder.mkdir(mode=0o700, parents=True)
        made = True
    except FileExistsError:
        pass
    except OSError as error:
        raise error_for(error, folder) from None
    try:
        fd = open_folder(folder, follow=False)
    except OSError as error:
        raise error_for(error, folder) from None
    try:
        if made or _claim(folder, fd, layout, earlier_export):
            write_in(fd, MARKER_FILE, MARKER_TEXT, durable=False)
    except OSError as error:
        os.close(fd)
        raise error_for(error, folder / MARKER_FILE) from None
    except BaseException:
        os.close(fd)
        raise
    return fd, made


def _open_sub(root_fd: int, root: Path, name: str) -> tuple[int, bool]:
    """Open (making it 0700 if needed) a subfolder of the export, never through a link."""
    made = False
    try:
        os.mkdir(name, 0o700, dir_fd=root_fd)
        made = True
    except FileExistsError:
        pass
    try:
        return open_folder(name, follow=False, dir_fd=root_fd), made
    except NotADirectoryError:
        raise ExportError(
            f"cannot write the export: {root / name} is in the way: it is a file, not a folder"
        ) from None


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path`` if it is a regular file (never a link, FIFO or device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)


def _holds(fd: int, name: str, payload: bytes) -> bool:
    """Whether ``name`` is already a private (0600) regular file holding exactly ``payload``."""
    try:
        file_fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
    except OSError:
        return False
    try:
        info = os.fstat(file_fd)
        if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) != 0o600:
            return False
        return info.st_size == len(payload) and os.read(file_fd, len(payload) + 1) == payload
    finally:
        os.close(file_fd)


def write_tree(
    folder: Path,
    files: Mapping[str, str],
    *,
    places: Collection[str],
    layout: Collection[str],
    earlier_export: Callable[[Path], bool],
) -> list[Path]:
    """Write ``files`` (relative POSIX path -> text) into ``folder``; the paths written.

    ``places``: the subfolders files may go in ("" for the folder itself); ``layout``: every name an
    export puts at the top (what an earlier export without a marker may hold). A file that already
    holds the same bytes is left untouched (sync tools and notes apps see only what changed).
    """
    root = folder.absolute()
    root_fd, root_made = _open_root(root, layout, earlier_export)
    opened: dict[str, tuple[int, bool]] = {"": (root_fd, root_made)}
    written = []
    try:
        for relative, text in files.items():
            place, _, name = relative.rpartition("/")
            # Defence in depth: slugs cannot hold separators or dots, so this never fires.
            if place not in places or not name or name.startswith("."):
                raise ExportError(f"refusing to write {relative!r} outside {root}")
            if place not in opened:
                try:
                    opened[place] = _open_sub(root_fd, root, place)
                except OSError as error:
                    raise error_for(error, root / place) from None
            fd, fresh = opened[place]
            path = root / relative
            payload = text.encode("utf-8")
            try:
                if fresh or not _holds(fd, name, payload):
                    write_in(fd, name, payload, durable=False)
            except OSError as error:
                raise error_for(error, path) from None
            written.append(path)
    finally:
        for fd, _ in opened.values():
            os.close(fd)
    return written
