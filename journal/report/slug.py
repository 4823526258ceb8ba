"""File names for exported people: readable, safe on every file system, distinct and stable.

A slug keeps Unicode letters, marks and decimal digits (NFC, lower case), drops apostrophes and turns every
run of anything else into one ``-``. So a slug never holds a path separator, a dot, a space or a control character, and
``../../x`` or ``/etc/passwd`` can only ever name a file inside the export folder. Names that slug to
nothing (``???``, an emoji) become ``person-<uid>``; Windows' reserved device names (``CON``, ``nul``)
and look-alikes that would share a file (``Sam Lee``, ``Sam-Lee``, ``sam lee``, also on case-insensitive
file systems) get a short piece of the person's uid. The person added first keeps the plain slug, so
adding a look-alike later never renames an existing file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol

MAX_SLUG_CHARS = 60
MAX_SLUG_BYTES = 150  # UTF-8; leaves room for "-<uid>" and ".md" under the usual 255-byte limit
FALLBACK = "person"

# Windows refuses these as file names whatever the extension (and some tools elsewhere trip on them).
# Slugs hold no "$" or superscripts, so CONIN$ or COM¹ cannot occur.
RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)


class Named(Protocol):
    """What slug assignment needs from a person (``journal.core.model.Person`` fits)."""

    @property
    def uid(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...


_SILENT = frozenset("'’ʼ")  # O'Brien -> obrien, not o-brien


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def slugify(name: str) -> str:
    """The readable part of a file name for ``name``; may be empty (nothing readable in it)."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).lower())
    parts: list[str] = []
    dash = False
    for char in text:
        if char in _SILENT:
            continue
        if _keep(char):
            if dash and parts:
                parts.append("-")
            parts.append(char)
            dash = False
        else:
            dash = True
    slug = "".join(parts)
    slug = slug[:MAX_SLUG_CHARS]
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.strip("-")


def fold(slug: str) -> str:
    """The key two slugs collide on: case-insensitive, normalisation-insensitive file systems."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", slug).casefold())


def is_reserved(slug: str) -> bool:
    return fold(slug) in RESERVED


def assign_slugs(people: Iterable[Named]) -> Mapping[str, str]:
    """uid -> a slug that is unique (case-insensitively) among ``people``; same people, same slugs."""
    ordered = sorted(people, key=lambda p: (p.created_at, p.uid))
    taken: set[str] = set()
    result: dict[str, str] = {}
    for person in ordered:
        base = slugify(person.name)
        candidates = [] if not base or is_reserved(base) else [base]
        stem = base or FALLBACK
        candidates += [f"{stem}-{person.uid[:n]}" for n in (6, 8, 12, len(person.uid))]
        chosen = next((c for c in candidates if fold(c) not in taken), None)
        counter = 2
        while chosen is None:  # only if someone is literally named "<name>-<this uid>"
            candidate = f"{stem}-{person.uid}-{counter}"
            chosen = candidate if fold(candidate) not in taken else None
            counter += 1
        taken.add(fold(chosen))
        result[person.uid] = chosen
    return result
