"""``reljournal encrypt``, ``decrypt`` and ``passphrase``: encryption at rest turned on, off, or to a
new passphrase (with ``--remember``/``--forget`` for the system keyring). See README, "Encryption"."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from journal.cli import secret
from journal.core.errors import JournalError, PassphraseMissingError, WrongPassphraseError
from journal.store import crypt, passphrase, rekey
from journal.store.paths import JOURNAL_FILE, data_dir
from journal.store.safefs import read_regular_file

NO_RECOVERY = (
    "A forgotten passphrase cannot be recovered: without it the journal and its backups cannot be "
    "read by anyone, you included. Keep it in a password manager."
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    on = sub.add_parser("encrypt", help="encrypt the journal, its backups and drafts (asks a new passphrase)")
    on.set_defaults(func=None, standalone=cmd_encrypt)
    off = sub.add_parser("decrypt", help="store the journal, its backups and drafts unencrypted again")
    off.set_defaults(func=None, standalone=cmd_decrypt)
    change = sub.add_parser(
        "passphrase", help="change the passphrase (the old one is asked first), or keep it in the keyring"
    )
    keep = change.add_mutually_exclusive_group()
    keep.add_argument("--remember", action="store_true", help="keep the passphrase in the system keyring")
    keep.add_argument("--forget", action="store_true", help="remove it from the system keyring")
    change.set_defaults(func=None, standalone=cmd_passphrase)


def _journal_raw(folder: Path) -> bytes:
    try:
        return read_regular_file(folder / JOURNAL_FILE)[0]
    except FileNotFoundError:
        raise JournalError(f"there is no journal in {folder} yet; write something first") from None
    except OSError as error:
        raise JournalError(f"cannot read {folder / JOURNAL_FILE}: {error.strerror or error}") from None


def new_passphrase() -> str:
    """The new passphrase: from ``RELJOURNAL_NEW_PASSPHRASE_FILE`` or ``RELJOURNAL_NEW_PASSPHRASE`` when
    set, else typed twice on the terminal; no terminal and neither variable: refused at once."""
    given = passphrase.from_file(passphrase.NEW_FILE_ENV) or os.environ.get(passphrase.NEW_ENV)
    if given:
        return given
    first = secret.ask("New passphrase: ")
    if first is None:
        raise PassphraseMissingError(
            f"no terminal to type a new passphrase on: set {passphrase.NEW_FILE_ENV} (a file holding it) "
            f"or {passphrase.NEW_ENV}"
        )
    if not first:
        raise PassphraseMissingError("no passphrase was typed; nothing was changed")
    if secret.ask("The same passphrase again: ") != first:
        raise PassphraseMissingError("the two passphrases differ; nothing was changed")
    return first


def _current(folder: Path, raw: bytes) -> str:
    """The journal's passphrase, checked against it before anything is rewritten."""
    old = passphrase.current(folder)
    if not crypt.passphrase_opens(raw, old, folder / JOURNAL_FILE):
        passphrase.drop(folder)
        raise WrongPassphraseError(
            f"cannot open {folder / JOURNAL_FILE}: the passphrase is wrong; nothing was changed"
        )
    return old


def _sealed_copies(folder: Path) -> list[Path]:
    return [path for path in rekey.kept_files(folder) if crypt.looks_sealed(crypt.file_head(path))]


def cmd_encrypt(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    raw = _journal_raw(folder)
    if crypt.looks_sealed(raw):  # already on: seal whatever plain copy was left behind, same key
        old = _current(folder, raw)
        left = rekey.plain_copies(folder)
        if not left:
            print(f"The journal in {folder} is already encrypted; nothing to do.")
            return 0
        kdf = crypt.header_kdf(folder / JOURNAL_FILE)
        done = rekey.rekey(folder, old, old, kdf)
        print(
            f"The journal was already encrypted; sealed {len(left)} plain copies left behind ({done.files} files)."
        )
        return 0
    # Copies still sealed (a decrypt that was interrupted) open with the passphrase they were sealed with.
    opener = passphrase.current(folder) if _sealed_copies(folder) else None
    print(NO_RECOVERY, file=sys.stderr)
    new = new_passphrase()
    done = rekey.rekey(folder, opener, new)
    print(f"Encrypted the journal, its backups and drafts ({done.files} files) in {folder}.")
    print(NO_RECOVERY)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    raw = _journal_raw(folder)
    if not crypt.looks_sealed(raw):
        if not _sealed_copies(folder):
            print(f"The journal in {folder} is not encrypted; nothing to do.")
            return 0
        old = passphrase.current(folder)  # an interrupted decrypt: finish the copies still sealed
    else:
        old = _current(folder, raw)
    done = rekey.rekey(folder, old, None)
    passphrase.forget(folder)
    print(f"Decrypted the journal, its backups and drafts ({done.files} files): they are plain JSON again.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    raw = _journal_raw(folder)
    if not crypt.looks_sealed(raw):
        raise JournalError(
            f"the journal in {folder} is not encrypted; turn encryption on with: reljournal encrypt"
        )
    if args.forget:
        passphrase.forget(folder)
        print("The passphrase is no longer kept in the system keyring.")
        return 0
    old = _current(folder, raw)
    if args.remember:
        passphrase.remember(folder, old)
        print("The passphrase is now kept in the system keyring; reljournal asks for it no more.")
        return 0
    new = new_passphrase()
    done = rekey.rekey(folder, old, new)
    if passphrase.remembered(folder):
        passphrase.remember(folder, new)
    print(f"Changed the passphrase of the journal, its backups and drafts ({done.files} files).")
    print(NO_RECOVERY)
    return 0
