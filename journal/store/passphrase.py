"""Where an encrypted journal's passphrase comes from, once per process.

In this order: ``RELJOURNAL_PASSPHRASE_FILE`` (a file holding it, the way restic and borg let scripts
run), ``RELJOURNAL_PASSPHRASE``, the system keyring when the person opted in (``reljournal passphrase
--remember`` leaves the marker file :data:`KEYRING_MARKER` in the data folder; ``keyring`` is imported
only then, and any failure of it falls back to the prompt), else the prompt that the command line
installs with :func:`set_prompt` (it reads the terminal without echo). With no terminal either, the
refusal is immediate and says what to set: never a hang.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from journal.core.errors import JournalError, PassphraseMissingError
from journal.store.safefs import read_regular_file

FILE_ENV = "RELJOURNAL_PASSPHRASE_FILE"
ENV = "RELJOURNAL_PASSPHRASE"
NEW_FILE_ENV = "RELJOURNAL_NEW_PASSPHRASE_FILE"
NEW_ENV = "RELJOURNAL_NEW_PASSPHRASE"
KEYRING_MARKER = "passphrase-in-keyring"
KEYRING_SERVICE = "reljournal"
MAX_PASSPHRASE_FILE = 4096

Prompt = Callable[[str], "str | None"]  # None: there is no terminal to ask on
_prompt: Prompt | None = None
_known: dict[Path, str] = {}
_sources: dict[Path, str] = {}
keyring_problem: str | None = None  # why the keyring gave nothing, for the message when nothing else can


def set_prompt(prompt: Prompt | None) -> None:
    """Install the way to ask a person (the command line's terminal prompt)."""
    global _prompt
    _prompt = prompt


def _key(folder: Path) -> Path:
    return folder.absolute()


def give(folder: Path, passphrase: str, source: str = "was given") -> None:
    """This process now knows ``folder``'s passphrase (the unlock screen, ``encrypt``, a change);
    ``source`` says where it came from, for the message when it turns out wrong."""
    _known[_key(folder)] = passphrase
    _sources[_key(folder)] = source


def source_of(folder: Path) -> str:
    """Where ``folder``'s passphrase came from ("came from RELJOURNAL_PASSPHRASE", "was typed")."""
    return _sources.get(_key(folder), "was given")


def drop(folder: Path) -> None:
    """Forget ``folder``'s passphrase (it turned out wrong, or the journal was decrypted)."""
    _known.pop(_key(folder), None)


def known(folder: Path) -> str | None:
    """The passphrase this process already has for ``folder``, without asking anyone."""
    return _known.get(_key(folder))


def from_file(variable: str) -> str | None:
    """The passphrase in the file that ``variable`` names (one trailing line ending dropped)."""
    name = os.environ.get(variable)
    if not name:
        return None
    try:
        raw, _ = read_regular_file(Path(name).expanduser(), limit=MAX_PASSPHRASE_FILE)
    except OSError as error:
        raise PassphraseMissingError(
            f"cannot read the passphrase file {name} named by {variable}: {error.strerror or error}"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseMissingError(f"the passphrase file {name} ({variable}) is not UTF-8 text") from None
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise PassphraseMissingError(f"the passphrase file {name} ({variable}) is empty")
    return text


def preset(folder: Path) -> str | None:
    """The passphrase from a file, a variable or the keyring: every source but the prompt."""
    found = known(folder)
    if found:
        return found
    sources: list[tuple[str, Callable[[], str | None]]] = [
        (f"came from {FILE_ENV}", lambda: from_file(FILE_ENV)),
        (f"came from {ENV}", lambda: os.environ.get(ENV)),
        ("came from the system keyring", lambda: from_keyring(folder)),
    ]
    for source, get in sources:
        found = get()
        if found:
            give(folder, found, source)
            return found
    return None


def current(folder: Path) -> str:
    """``folder``'s passphrase, asked for at most once per process; :class:`PassphraseMissingError`
    at once when no source has it and there is no terminal."""
    found = preset(folder)
    if found:
        return found
    typed = _prompt(f"Passphrase for the journal in {folder}: ") if _prompt is not None else None
    if typed is None:
        note = f" ({keyring_problem})" if keyring_problem else ""
        raise PassphraseMissingError(
            f"the journal in {folder} is encrypted and no passphrase was given{note}: set {FILE_ENV} "
            f"(a file holding it) or {ENV}, or run on a terminal to be asked"
        )
    if not typed:
        raise PassphraseMissingError("no passphrase was typed; nothing was changed")
    give(folder, typed, "was typed")
    return typed


def remembered(folder: Path) -> bool:
    """Whether the person opted in to keeping this folder's passphrase in the system keyring."""
    return os.path.lexists(folder / KEYRING_MARKER)


def from_keyring(folder: Path) -> str | None:
    """The remembered passphrase; None (and :data:`keyring_problem` set) when the keyring cannot give it."""
    global keyring_problem
    if not remembered(folder):
        return None
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, str(_key(folder)))
    except ImportError:
        keyring_problem = "the keyring package is not installed: pip install 'reljournal[keyring]'"
        return None
    except Exception as error:  # any backend failure (none installed, locked, D-Bus gone): ask instead
        keyring_problem = f"the system keyring did not answer: {type(error).__name__}"
        return None
    if not found:
        keyring_problem = "the system keyring holds no passphrase for this journal"
        return None
    return str(found)


def _keyring() -> object:
    try:
        import keyring
    except ImportError:
        raise JournalError(
            "the keyring package is not installed; install it with: pip install 'reljournal[keyring]'"
        ) from None
    return keyring


def remember(folder: Path, passphrase: str) -> None:
    """Keep the passphrase in the system keyring and leave the marker that opts this folder in."""
    from journal.store.safefs import write_private_file

    keyring: object = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, str(_key(folder)), passphrase)  # type: ignore[attr-defined]
    except Exception as error:
        raise JournalError(
            f"the system keyring refused to keep the passphrase ({type(error).__name__}: {error}); "
            "nothing was changed. Use RELJOURNAL_PASSPHRASE_FILE instead"
        ) from None
    write_private_file(folder / KEYRING_MARKER, b"the passphrase of this journal is in the system keyring\n")


def forget(folder: Path) -> None:
    """Remove the passphrase from the keyring (if it can be reached) and the marker."""
    if remembered(folder):
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, str(_key(folder)))
        except Exception:  # not installed, no backend, nothing kept: the marker goes all the same
            pass
        os.unlink(folder / KEYRING_MARKER)
