"""Encryption at rest: the sealed file format (AES-256-GCM, key from scrypt).

A sealed file is an 81-byte header followed by the ciphertext and its 16-byte tag::

    magic "RELJOURNAL-ENC\\n" (15) · format version (1) · KDF id (1, scrypt) · log2 n (1) · r (1) · p (1)
    · flags (1, none yet) · salt (16, random per journal) · key check value (16) · nonce (12, fresh on
    every write) · body length (8) · header digest (8, SHA-256 of the 73 bytes before it)

The whole header is the associated data, so no byte of it can change unnoticed. The digest and the key
check value (16 bytes of scrypt output that are not the key) let a refusal say *which* thing is wrong: a
damaged header, a wrong passphrase, a file cut short or a changed body. The KDF parameters live in the
header so that they can be raised later without breaking older files.

``cryptography`` is imported only when a sealed file is opened or written; while scrypt runs (it releases
the GIL) the import happens on another thread, so it costs nothing on top of the key derivation.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journal.core.errors import DamagedFileError, JournalError, TruncatedFileError, WrongPassphraseError

MAGIC = b"RELJOURNAL-ENC\n"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">15sBBBBBB16s16s12sQ")  # everything before the digest
DIGEST_SIZE = 8
HEADER_SIZE = HEADER.size + DIGEST_SIZE  # 81
TAG_SIZE = 16
DEFAULT_LOG2N = 16  # about 170 ms on an idle laptop core: inside the 100-300 ms the design asks for
TEST_KDF_ENV = "RELJOURNAL_TEST_KDF_LOG2N"  # tests make the key derivation cheap; never set it for real
_AEAD_MODULE = "cryptography.hazmat.primitives.ciphers.aead"


@dataclass(frozen=True)
class Kdf:
    """How a journal's key is derived: scrypt's cost parameters and the journal's random salt."""

    log2n: int
    r: int
    p: int
    salt: bytes

    def describe(self) -> str:
        return f"AES-256-GCM, key from scrypt (n=2^{self.log2n}, r={self.r}, p={self.p})"


def new_kdf() -> Kdf:
    """Parameters for a journal being encrypted now: a fresh random salt, never a fixed one."""
    log2n = DEFAULT_LOG2N
    knob = os.environ.get(TEST_KDF_ENV, "")
    if knob.isdigit() and 4 <= int(knob) <= 24:
        log2n = int(knob)
    return Kdf(log2n, 8, 1, os.urandom(16))


def looks_sealed(raw: bytes) -> bool:
    """Whether ``raw`` is (or was, before damage) a sealed file: the magic, a few bytes of it flipped,
    or the file cut short inside it. A journal's JSON starts with ``{`` and never matches."""
    if raw.startswith(MAGIC):
        return True
    if not raw or raw[:1] != MAGIC[:1]:
        return False
    if len(raw) < len(MAGIC):
        return MAGIC.startswith(raw)
    return sum(a != b for a, b in zip(raw[: len(MAGIC)], MAGIC, strict=True)) <= 3


def file_head(path: Path, size: int = HEADER_SIZE) -> bytes:
    """The first ``size`` bytes of the regular file ``path`` (a link is not followed; b"" if unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return b""
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)


def header_kdf(path: Path) -> Kdf | None:
    """The key parameters of the sealed file ``path``, or None when it is missing, plain or damaged.

    Reads only the header: cheap enough to ask before every draft write.
    """
    head = file_head(path)
    if not head.startswith(MAGIC):
        return None
    try:
        return _read_header(head, path)[0]
    except JournalError:
        return None


def _read_header(raw: bytes, path: Path) -> tuple[Kdf, bytes, bytes, int]:
    """The header's KDF, key check value, nonce and body length, after checking it is whole and intact."""
    if len(raw) < HEADER_SIZE:
        raise TruncatedFileError(
            path, f"the encrypted file ends inside its header ({len(raw)} of {HEADER_SIZE} bytes)", None
        )
    fields = HEADER.unpack_from(raw)
    magic, version, kdf_id, log2n, r, p, flags, salt, check, nonce, length = fields
    digest = raw[HEADER.size : HEADER_SIZE]
    if magic != MAGIC or hashlib.sha256(raw[: HEADER.size]).digest()[:DIGEST_SIZE] != digest:
        raise DamagedFileError(
            path, "the encrypted file's header was changed (its digest does not match)", None
        )
    if version != FORMAT_VERSION or kdf_id != KDF_SCRYPT or flags:
        raise JournalError(
            f"cannot open {path}: it is encrypted in a newer format (version {version}, key method {kdf_id}); "
            "it was not changed: update reljournal to read it"
        )
    if not (4 <= log2n <= 24 and 1 <= r <= 32 and 1 <= p <= 16):
        raise DamagedFileError(
            path, f"the encrypted file's key parameters are out of range (n=2^{log2n})", None
        )
    return Kdf(log2n, r, p, salt), check, nonce, length


_keys: dict[tuple[str, Kdf], tuple[bytes, bytes]] = {}


def _import_aead() -> None:
    import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401  (warm the import)


def _derive(passphrase: str, kdf: Kdf) -> tuple[bytes, bytes]:
    """The AES key and the key check value: derived once per process for each passphrase and salt."""
    cached = _keys.get((passphrase, kdf))
    if cached is not None:
        return cached
    importing = None
    if _AEAD_MODULE not in sys.modules:
        importing = threading.Thread(target=_import_aead, daemon=True)
        importing.start()
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    out = hashlib.scrypt(
        secret, salt=kdf.salt, n=1 << kdf.log2n, r=kdf.r, p=kdf.p, maxmem=256 * 1024 * 1024 * kdf.p, dklen=48
    )
    if importing is not None:
        importing.join()
    _keys[(passphrase, kdf)] = pair = (out[:32], out[32:48])
    return pair


def forget_keys() -> None:
    """Drop every derived key from memory (after a passphrase change)."""
    _keys.clear()


def _aesgcm(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def seal(plain: bytes, kdf: Kdf, passphrase: str) -> bytes:
    """``plain`` as a sealed file: the header (fresh nonce) and the AES-256-GCM ciphertext."""
    key, check = _derive(passphrase, kdf)
    nonce = os.urandom(12)
    head = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        KDF_SCRYPT,
        kdf.log2n,
        kdf.r,
        kdf.p,
        0,
        kdf.salt,
        check,
        nonce,
        len(plain) + TAG_SIZE,
    )
    header = head + hashlib.sha256(head).digest()[:DIGEST_SIZE]
    aead = _aesgcm(key)
    if not hasattr(aead, "encrypt_into"):  # cryptography before 45: one more copy of the file in memory
        body: bytes = aead.encrypt(nonce, plain, header)
        return header + body
    sealed = bytearray(HEADER_SIZE + len(plain) + TAG_SIZE)  # written in place: no 5 MB copy per write
    sealed[:HEADER_SIZE] = header
    aead.encrypt_into(nonce, plain, header, memoryview(sealed)[HEADER_SIZE:])
    return sealed  # type: ignore[return-value]  # a bytes-like buffer the writer takes as it is


def passphrase_opens(raw: bytes, passphrase: str, path: Path) -> bool:
    """Whether ``passphrase`` is the one ``raw`` was sealed with (the key check value; the body is not read)."""
    kdf, check, _, _ = _read_header(raw, path)
    return _derive(passphrase, kdf)[1] == check


def unseal(raw: bytes, passphrase: str, path: Path) -> tuple[bytes, Kdf]:
    """The plain bytes of the sealed file ``raw`` (read from ``path``) and its key parameters.

    Raises :class:`TruncatedFileError` (cut short), :class:`DamagedFileError` (a byte changed, or bytes
    added), :class:`WrongPassphraseError`, each saying which; nothing is ever repaired.
    """
    kdf, check, nonce, length = _read_header(raw, path)
    body = memoryview(raw)[HEADER_SIZE:]
    if len(body) < length:
        raise TruncatedFileError(
            path,
            f"the encrypted file is cut short ({len(body):,} of {length:,} bytes after the header)",
            None,
        )
    if len(body) > length:
        raise DamagedFileError(
            path, f"{len(body) - length:,} bytes were added after the encrypted file's end", None
        )
    key, expected = _derive(passphrase, kdf)
    if expected != check:
        raise WrongPassphraseError(
            f"cannot open {path}: the passphrase is wrong (it is not the one this file was encrypted with). "
            "Nothing was changed; try again"
        )
    from cryptography.exceptions import InvalidTag

    try:
        plain: bytes = _aesgcm(key).decrypt(nonce, bytes(body), raw[:HEADER_SIZE])
    except InvalidTag:
        raise DamagedFileError(
            path, "the encrypted contents were changed (the authentication tag does not match)", None
        ) from None
    return plain, kdf
