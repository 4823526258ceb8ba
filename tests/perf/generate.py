"""Deterministic journals for the benchmark: N touchpoints over 150 people and ten years.

The same seed always gives the same journal, so figures are comparable between runs and machines.
The jrnl twin holds the same entries (date, people, note) in jrnl's plain-text format.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from journal.core.model import Cadence, Channel, Felt, Initiator, KnownVia, make_definition, make_touchpoint
from journal.store import schema
from journal.store.journal import Journal

PEOPLE = 150
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 18, 30)
YEARS = 10

_FIRST = (
    "Ana Ben Chloé Dmitri Eun-ji Farah Giulia Hiro Ines Jonas Kwame Lea Mateo Nadia Oskar Priya Quinn "
    "Rosa Sven Tomás Uma Viktor Wen Xavier Yara Zoë Amara Björn Chen Dara"
).split()
_LAST = "Lee Okafor Novak Silva Tanaka Müller Haddad Kowalski Nguyen Rossi".split()
_WORDS = (
    "talked about her new job and the move north; we laughed about the old flat; he asked for advice on "
    "the garden; long walk by the river; coffee after the talk; she is worried about her father; shared "
    "photos from the trip; planned a weekend in the hills; sent the book I promised; helped with the CV; "
    "quick check-in, both busy; dinner with the kids running around; he finally finished the synth build; "
    "argued kindly about politics; they want to start a choir; birthday call; recommended me to a friend"
).split("; ")


def _note(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.15:
        return ""
    sentences = rng.randint(1, 3) if kind < 0.8 else rng.randint(6, 30)
    text = ". ".join(rng.choice(_WORDS).capitalize() for _ in range(sentences)) + "."
    if kind > 0.95:
        text += "\n\n" + "\n".join(f"- {rng.choice(_WORDS)}" for _ in range(rng.randint(3, 12)))
    return text


def journal_data(touchpoints: int, seed: int = 47) -> dict[str, Any]:
    """Raw journal data (people + touchpoints) ready to store in one write."""
    rng = random.Random(seed)
    people: dict[str, dict[str, Any]] = {}
    uids: list[str] = []
    for index in range(PEOPLE):
        uid = f"{index:032x}"
        name = f"{_FIRST[index % len(_FIRST)]} {_LAST[(index // len(_FIRST)) % len(_LAST)]} {index}"
        definition = make_definition(
            why=f"I want to hear how {name.split()[0]} sees the world",
            known_via=rng.choice(list(KnownVia)),
            cadence=rng.choice(list(Cadence)),
            meaning="A friend I do not want to lose touch with.",
            facets_mine=rng.sample(["motivations", "interests", "support", "trust"], 2),
            facets_theirs=rng.sample(["channel", "permission", "trust", "recommend"], 2),
        )
        people[uid] = {
            "uid": uid,
            "name": name,
            **definition.to_dict(),
            "status": "following",
            "episodes": [],
            "created_at": datetime(2016, 11, 1, 9, 0).isoformat(timespec="seconds"),
            "history": [],
        }
        uids.append(uid)
    weights = [1 / (1 + i % 25) for i in range(PEOPLE)]  # a few close people, a long tail
    entries: dict[str, dict[str, Any]] = {}
    span = YEARS * 365
    for index in range(touchpoints):
        day = TODAY - timedelta(days=int(span * (rng.random() ** 1.3)))
        who = rng.choices(uids, weights=weights, k=1 if rng.random() < 0.85 else rng.randint(2, 3))
        tp = make_touchpoint(
            people=who,
            day=day,
            channel=rng.choice(list(Channel)),
            minutes=rng.choice([0, 2, 5, 10, 20, 30, 45, 60, 90, 120, 180]),
            initiated_by=rng.choice(list(Initiator)),
            felt=rng.choices(list(Felt), weights=[6, 3, 1])[0],
            closeness=rng.choice([None, 2, 3, 4, 5]),
            note=_note(rng),
            tags=rng.sample(["family", "work", "music", "garden", "trip", "birthday"], rng.randint(0, 2)),
            now=NOW,
            uid=f"{index:032x}",
            created_at=datetime.combine(day, datetime.min.time()).replace(hour=20),
        )
        # As the app stores them: updated when written, and now and then edited a few days later.
        tp = replace(tp, updated_at=min(NOW, tp.created_at + timedelta(days=3 if index % 20 == 0 else 0)))
        entries[tp.uid] = tp.to_dict()
    meta = {schema.META_ID: {"schema_version": schema.SCHEMA_VERSION, "pond_cap": PEOPLE}}
    return {"people": people, "entries": entries, "reviews": {}, "meta": meta}


def write_journal(folder: Path, touchpoints: int) -> Journal:
    journal = Journal.open(folder, clock=lambda: NOW)
    journal.replace_all(journal_data(touchpoints))
    return journal


def write_jrnl_twin(data: dict[str, Any], target: Path) -> None:
    """The same entries in jrnl's format: ``[YYYY-MM-DD HH:MM] Title`` then the body."""
    names = {uid: person["name"] for uid, person in data["people"].items()}
    lines: list[str] = []
    for entry in sorted(data["entries"].values(), key=lambda e: (e["date"], e["uid"])):
        who = " ".join("@" + names[uid].split()[0] for uid in entry["people"])
        lines.append(f"[{entry['date']} 20:00] {entry['channel']} with {who}, {entry['minutes']} minutes.")
        if entry["note"]:
            lines.append(entry["note"])
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")
