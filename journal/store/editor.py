"""The person's own editor (``$VISUAL``/``$EDITOR``) on a private note file inside the data folder.

No terminal handling here: the command line runs it as it is, the app inside ``App.suspend``. The
file is created new (mode 0600, never through a link) and removed only once its text is safe, so a
failed editor or a failed save leaves it in place to be named."""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Iterator
from pathlib import Path

from journal.core.errors import JournalError
from journal.core.notetext import strip_template
from journal.store.journal import Journal

MAX_EDITED_NOTE = 4 * 1024 * 1024


class EditorError(JournalError):
    """The editor could not be started or ended badly; the file, if written, is named."""


def editor_command() -> list[str] | None:
    """``$VISUAL``, then ``$EDITOR`` (either may carry arguments, like ``code --wait``), then a common one."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                continue
    import shutil  # here: shutil brings zlib, bz2 and lzma, which quick capture never needs

    for fallback in ("sensible-editor", "nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return None


@contextlib.contextmanager
def note_file(journal: Journal) -> Iterator[Path]:
    """A name for a new private note file in the data folder; the file is removed when the block ends
    normally, and kept (to be named) when it ends with an error."""
    stamp = journal.clock().strftime("%Y%m%d-%H%M%S")
    folder = journal.path.parent
    path = folder / f"note-{stamp}.md"
    for attempt in range(1, 100):
        if not path.exists() and not path.is_symlink():
            break
        path = folder / f"note-{stamp}-{attempt}.md"
    yield path
    path.unlink(missing_ok=True)


def edit_in_editor(path: Path, template: str) -> str:
    """Write ``template`` to ``path`` (new, private), let the person edit it, and return what they wrote
    without the template's own lines. ``path`` is left in place: the caller removes it once the text is
    saved, so a failed save keeps it and can name it."""
    command = editor_command()
    if command is None:
        raise EditorError('no editor found; set $EDITOR (e.g. export EDITOR=nano) or give the note as "TEXT"')
    import subprocess  # only when an editor is opened

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(template)
    try:
        finished = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        path.unlink(missing_ok=True)
        raise EditorError(f"cannot start the editor {command[0]!r}: {error.strerror or error}") from None
    if finished.returncode != 0:
        raise EditorError(
            f"the editor {command[0]!r} ended with status {finished.returncode}; "
            f"nothing was saved, and what you wrote is kept in {path}"
        )
    raw = _read_back(path)
    return strip_template(raw, template)


def _read_back(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as error:
        raise EditorError(f"cannot read the note back from {path}: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(MAX_EDITED_NOTE + 1)
    if len(raw) > MAX_EDITED_NOTE:
        raise EditorError(f"the note is over {MAX_EDITED_NOTE // (1024 * 1024)} MB; it is kept in {path}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditorError(f"the note is not UTF-8 text; it is kept in {path}") from None
