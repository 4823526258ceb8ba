"""The one way reljournal puts a file in place, and the one way it reads a file someone named.

Writing (:func:`write_private_file`, :func:`write_in`): a temp file beside the target, created with
``O_CREAT | O_EXCL | O_NOFOLLOW`` and mode 0600 (a link or file planted at the temp name is never
followed or reused), written whole, fsynced, ``os.replace``-d over the target, then the folder
fsynced. A kill at any moment leaves the old file or the new one, never a torn one. A target that is
a symbolic link is refused (``ELOOP``): replacing it would silently turn someone's link into a file;
one that is a FIFO, device or folder is refused too (:class:`NotRegularFileError`): ``backup -o
/dev/null`` must not replace the system's ``/dev/null`` with a file.

Reading (:func:`read_regular_file`): ``O_NONBLOCK | O_NOFOLLOW``, then ``fstat``: only a regular
file is read, so a FIFO, a device or a folder is refused at once instead of hanging or streaming
forever, and a file larger than any journal is refused before it is read into memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

# A 50,000-touchpoint journal is about 25 MB; ten times that is still a journal, more is not.
MAX_READ_BYTES = 256 * 1024 * 1024

# What fsync of a folder raises on file systems that cannot sync folders (some network and FUSE
# file systems). The file itself was synced and replaced by then: the change is saved.
_CANNOT_SYNC_FOLDERS = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC


class NotRegularFileError(OSError):
    """A path someone named is not a regular file (a FIFO, device, folder or link): not read."""


def link_error(path: Path | str) -> OSError:
    """The error for a symbolic link where a file or folder of reljournal's belongs."""
    return OSError(errno.ELOOP, "is a symbolic link", os.fspath(path))


def is_link(path: Path | str, *, dir_fd: int | None = None) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


def open_folder(path: Path | str, *, follow: bool = True, dir_fd: int | None = None) -> int:
    """A file descriptor for the folder ``path``, to create and replace files in it by name.

    ``follow=False`` refuses a link in the last component (``ELOOP`` or ``ENOTDIR``). A folder this
    user may enter but not list (mode 0300) is opened with ``O_PATH`` where the system has it.
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        return os.open(path, flags, dir_fd=dir_fd)
    except PermissionError:
        o_path = getattr(os, "O_PATH", 0)
        if not o_path:
            raise
        return os.open(path, flags | o_path, dir_fd=dir_fd)
    except NotADirectoryError:
        if not follow and is_link(path, dir_fd=dir_fd):
            raise link_error(path) from None
        raise


def fsync_folder(folder_fd: int) -> None:
    try:
        os.fsync(folder_fd)
    except OSError as error:
        if error.errno not in _CANNOT_SYNC_FOLDERS:
            raise


def _create_temp(folder_fd: int, name: str) -> tuple[int, str]:
    """Create a new private temp file beside ``name``: the usual name first (so that a writer killed
    mid-write leaves debris that the next one recognises), a random one if something is already there."""
    candidates = [f".{name}.{os.getpid()}.tmp"]
    candidates += [f".{name}.{os.getpid()}-{os.urandom(4).hex()}.tmp" for _ in range(8)]
    for tmp in candidates:
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600, dir_fd=folder_fd), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "cannot create a temp file: names are taken", name)


def write_in(folder_fd: int, name: str, payload: bytes, *, durable: bool = True) -> None:
    """Atomically replace ``name`` in the folder ``folder_fd`` with ``payload`` (mode 0600).

    A payload larger than :data:`MAX_READ_BYTES` is refused (``EFBIG``) before anything is written:
    a file reljournal writes is always one it reads back.

    ``durable``: fsync the file and the folder, so the change survives a crash on return. Files the
    journal can regenerate (the files of a folder export) skip both: an fsync per file made a large
    export take seconds; they are still atomic, private and never written through a link.
    """
    try:
        mode = os.lstat(name, dir_fd=folder_fd).st_mode
    except FileNotFoundError:
        pass
    else:
        if stat.S_ISLNK(mode):
            raise link_error(name)
        if not stat.S_ISREG(mode):  # a FIFO, device or folder is someone's, never replaced by a file
            raise not_regular(name, mode, "name a file, or a folder to write into")
    if len(payload) > MAX_READ_BYTES:  # reljournal would refuse to read it back: never write it
        raise OSError(errno.EFBIG, _too_big_to_write(len(payload)), name)
    fd, tmp = _create_temp(folder_fd, name)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=folder_fd)
        raise
    if durable:
        fsync_folder(folder_fd)


def write_private_file(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Atomically replace ``path`` with ``payload`` (mode 0600), durable on return (see module doc).

    The folder holding ``path`` is where the person pointed: links on the way to it are followed,
    but ``path`` itself must not be a link.
    """
    folder_fd = open_folder(path.parent)
    try:
        write_in(folder_fd, path.name, payload, durable=durable)
    finally:
        os.close(folder_fd)


def read_regular_file(path: Path, *, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path`` and its ``fstat``; anything else is refused at once.

    Raises :class:`NotRegularFileError` (an ``OSError``) for a link, FIFO, socket, device or folder,
    or for a file larger than ``limit`` (default :data:`MAX_READ_BYTES`); other ``OSError`` as they
    come (missing, permission).
    """
    if limit is None:
        limit = MAX_READ_BYTES
    before = os.lstat(path)
    if not stat.S_ISREG(before.st_mode):  # refuse before opening: opening a device can have effects
        raise not_regular(path, before.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | _CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegularFileError(errno.EINVAL, "is a symbolic link", os.fspath(path)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the lstat and the open
            raise not_regular(path, info.st_mode)
        if info.st_size > limit:
            raise NotRegularFileError(errno.EFBIG, _too_big(info.st_size, limit), os.fspath(path))
        chunks = []
        total = 0
        while chunk := os.read(fd, max(info.st_size + 1 - total, 1 << 16)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise NotRegularFileError(errno.EFBIG, _too_big(total, limit), os.fspath(path))
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return f"is {size / 1e6:,.0f} MB, larger than any journal (the limit is {limit / 1e6:,.0f} MB)"


def _too_big_to_write(size: int) -> str:
    return (
        f"would be {size / 1e6:,.1f} MB, larger than reljournal reads back "
        f"(the limit is {MAX_READ_BYTES / 1e6:,.1f} MB)"
    )


def not_regular(path: Path | str, mode: int, fix: str = "") -> NotRegularFileError:
    """The refusal for ``path`` being something other than a regular file (``mode`` from its lstat),
    saying what it is; ``fix`` (after a semicolon) says what to do."""
    return NotRegularFileError(errno.EINVAL, _kind(mode) + (f"; {fix}" if fix else ""), os.fspath(path))


def _kind(mode: int) -> str:
    """What a path is, for a refusal that says why."""
    for test, what in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return f"is {what}, not a regular file"
    return "is not a regular file"
