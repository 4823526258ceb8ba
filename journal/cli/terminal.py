"""Talking to the person at the terminal: yes/no questions, a value asked for again until it is right,
and the note written in ``$VISUAL``/``$EDITOR``. With no terminal nothing here waits: callers get None
and say which flag to add instead."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from journal.core.errors import JournalError
from journal.core.textsafe import for_terminal_line

T = TypeVar("T")
MAX_EDITED_NOTE = 4 * 1024 * 1024


def command_line(args: argparse.Namespace, *words: str) -> str:
    """A reljournal command line to paste, with the --data-dir this one used."""
    where = ["--data-dir", args.data_dir] if args.data_dir else []
    return shlex.join(["reljournal", *where, *words])


def interactive() -> bool:
    """A person is at both ends: stdin to answer and stdout to read the question."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_yes_no(question: str) -> bool | None:
    """A yes/no answer (default no); None when there is no terminal to ask."""
    if not interactive():
        return None
    try:
        reply = input(for_terminal_line(question))
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def ask_value(question: str, parse: Callable[[str], T]) -> T | None:
    """Ask until ``parse`` accepts the answer (its ValueError is shown); None without a terminal.

    An empty answer or end of input (ctrl+d) gives up: KeyboardInterrupt's "nothing was saved" is
    the honest way out, and the caller says so."""
    if not interactive():
        return None
    while True:
        try:
            reply = input(for_terminal_line(question))
        except EOFError:
            raise KeyboardInterrupt from None
        if not reply.strip():
            raise KeyboardInterrupt
        try:
            return parse(reply)
        except ValueError as error:
            print(for_terminal_line(f"  {error}"))


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


def strip_template(text: str, template: str) -> str:
    """The text without the lines the template put there (its ``#`` guidance), trimmed.

    Only the template's exact lines go: a Markdown heading the person wrote stays, and a guidance
    line they changed stays too, so nothing typed is lost."""
    guidance = {line for line in template.splitlines() if line.startswith("#")}
    kept = [line for line in text.splitlines() if line not in guidance]
    return "\n".join(kept).strip()
