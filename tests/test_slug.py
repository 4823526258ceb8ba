"""File names for exported people: inside the folder, distinct, stable and readable."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from journal.core.model import ValidationError, clean_name
from journal.report.slug import MAX_SLUG_BYTES, RESERVED, assign_slugs, fold, slugify

T0 = datetime(2026, 1, 1, 9, 0)


@dataclass(frozen=True)
class P:
    uid: str
    name: str
    created_at: datetime


def people(*names: str) -> list[P]:
    return [P(f"{i + 1:02x}" * 16, name, T0 + timedelta(minutes=i)) for i, name in enumerate(names)]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sam Lee", "sam-lee"),
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("nul.txt", "nul-txt"),
        (".hidden", "hidden"),
        ("O'Brien", "obrien"),
        ("Zoë Ångström", "zoë-ångström"),
        ("李小龙", "李小龙"),
        ("Ελένη Π.", "ελένη-π"),
        ("محمد علي", "محمد-علي"),
        ("नमस्ते", "नमस्ते"),
        ("Anna (work) #2", "anna-work-2"),
        ("???", ""),
        ("🌊🌊", ""),
    ],
)
def test_slugify_keeps_letters_and_drops_everything_else(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugify_normalises_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert slugify(decomposed) == slugify("Zoë") == unicodedata.normalize("NFC", "zoë")


def test_very_long_names_are_cut_to_a_safe_length() -> None:
    assert len(slugify("a" * 500)) == 60
    assert len(slugify("𝒜" * 80).encode()) <= MAX_SLUG_BYTES
    assert not slugify("ab-" * 40).endswith("-")


def test_look_alikes_get_distinct_files_and_the_first_keeps_the_plain_slug() -> None:
    group = people("Sam Lee", "Sam-Lee", "sam lee", "SAM  LEE")
    slugs = assign_slugs(group)
    assert slugs[group[0].uid] == "sam-lee"
    assert len({fold(s) for s in slugs.values()}) == 4
    for person in group[1:]:
        assert slugs[person.uid] == f"sam-lee-{person.uid[:6]}"


def test_slugs_do_not_depend_on_the_order_people_are_given_in() -> None:
    group = people("Sam Lee", "Sam-Lee", "Zoë", "zoe", "ZOË")
    assert assign_slugs(group) == assign_slugs(list(reversed(group)))


def test_adding_a_look_alike_later_does_not_rename_the_earlier_file() -> None:
    before = assign_slugs(people("Sam Lee"))
    after = assign_slugs(people("Sam Lee", "sam-lee"))
    first = people("Sam Lee")[0].uid
    assert before[first] == after[first] == "sam-lee"


@pytest.mark.parametrize("name", ["CON", "con", "Nul", "aux", "COM1", "lpt9", "prn"])
def test_reserved_device_names_get_a_uid_suffix(name: str) -> None:
    (person,) = people(name)
    slug = assign_slugs([person])[person.uid]
    assert slug == f"{name.lower()}-{person.uid[:6]}"
    assert fold(slug) not in RESERVED


def test_names_with_nothing_readable_get_a_person_slug() -> None:
    group = people("???", "🌊", "...")
    slugs = assign_slugs(group)
    assert [slugs[p.uid] for p in group] == [f"person-{p.uid[:6]}" for p in group]


def test_a_name_that_looks_like_someone_elses_suffixed_slug_still_gets_its_own_file() -> None:
    sam, other = people("Sam Lee", "Sam Lee x")
    impostor = P("ff" * 16, f"sam-lee-{other.uid[:6]}", T0 - timedelta(days=1))
    twin = P(other.uid, "sam lee", other.created_at)
    slugs = assign_slugs([sam, impostor, twin])
    assert len({fold(s) for s in slugs.values()}) == 3


_NAME_CHARS = st.one_of(
    st.sampled_from([*"./\\:*?\"<>|-_ .~$#[]%'", "..", "CON", "nul", "\u0301", "İ", "ß", "ﬁ"]),
    st.characters(codec="utf-8"),
)


def _valid_name(text: str) -> str | None:
    try:
        return clean_name(text)
    except ValidationError:
        return None


names = st.lists(_NAME_CHARS, min_size=1, max_size=40).map("".join).map(_valid_name).filter(bool)


@settings(max_examples=300, deadline=None)
@given(st.lists(names, min_size=1, max_size=8))
def test_any_names_get_safe_distinct_slugs_inside_the_folder(given_names: list[str]) -> None:
    root = Path("/export/people")
    group = people(*given_names)
    slugs = assign_slugs(group)
    assert set(slugs) == {p.uid for p in group}
    assert len({fold(s) for s in slugs.values()}) == len(group)
    for slug in slugs.values():
        assert slug and slug == slug.strip("-")
        assert not slug.startswith(".") and "/" not in slug and "\\" not in slug
        assert all(unicodedata.category(c)[0] in "LMN" or c == "-" for c in slug)
        assert fold(slug) not in RESERVED
        assert len(f"{slug}.md".encode()) <= 255
        path = root / f"{slug}.md"
        assert path.parent == root and ".." not in path.parts
        assert unicodedata.is_normalized("NFC", slug)
