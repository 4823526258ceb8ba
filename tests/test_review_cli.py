"""``reljournal review [--week …]``: the week's summary as text, and a clear refusal of a bad week."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_review import FIXED_NOW, Sample, build_sample

from journal.cli import main
from journal.core.model import make_review
from journal.store.journal import Journal


@pytest.fixture
def sample(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sample]:
    """The sample journal, and a CLI whose clock is fixed to Friday 2026-11-20."""
    built = build_sample(data_dir)
    real_open = Journal.open.__func__  # type: ignore[attr-defined]

    def fixed_open(cls: type[Journal], folder: Any = None, clock: Any = None) -> Journal:
        opened: Journal = real_open(cls, folder, lambda: FIXED_NOW)
        return opened

    monkeypatch.setattr(Journal, "open", classmethod(fixed_open))
    yield built
    built.journal.close()


def test_review_prints_this_week_by_default(sample: Sample, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("Week 2026-W47 · Mon 16 Nov – Sun 22 Nov 2026\n")
    assert "  Ada Okafor         3h 30m  2 touchpoints, 3h 30m offline\n" in out
    assert "  Ben Park: last real contact 50 days ago; cadence monthly (31 days)\n" in out
    assert "  Chloé Martin: you reached out every time or nearly\n" in out
    assert "  [ ] Call Ben about his new job (Ben Park)\n" in out
    assert "Max [b]Power[/b]" in out  # markup in a name is just text


def test_review_of_another_week(sample: Sample, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--week", "2026-W46"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Week 2026-W46 · Mon 9 Nov – Sun 15 Nov 2026\n")
    assert "  Ada Okafor        30m  1 touchpoint\n" in out
    assert "  Who did I really spend time with this week?\n    Mostly work people.\n" in out
    assert "  - Call Ben about his new job (Ben Park)\n" in out


def test_review_shows_kept_intentions(sample: Sample, capsys: pytest.CaptureFixture[str]) -> None:
    sample.journal.save_review(make_review("2026-W47", kept=["1" * 32]))
    assert main(["review", "--week", " 2026-W47 "]) == 0
    out = capsys.readouterr().out
    assert "  [x] Call Ben about his new job (Ben Park)\n" in out
    assert "Reflection\n  (no answers written)\n" in out


def test_review_of_an_empty_journal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", "--week", "2026-W01"]) == 0
    out = capsys.readouterr().out
    assert "(no touchpoints logged this week)" in out
    assert "reached 0 of 0 in your pond" in out


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2026-W60", "reljournal: --week: 2026-W60 does not exist: 2026 has no week 60\n"),
        ("2025-W53", "reljournal: --week: 2025-W53 does not exist: 2025 has no week 53\n"),
        ("47", "reljournal: --week: '47' is not a week; try this, last, -2 or 2026-W47\n"),
        ("2026-W4", "reljournal: --week: '2026-W4' is not a week; try this, last, -2 or 2026-W47\n"),
        ("\x1b[31m", "reljournal: --week: '\\x1b[31m' is not a week; try this, last, -2 or 2026-W47\n"),
    ],
)
def test_an_invalid_week_is_refused_on_one_line(
    sample: Sample, capsys: pytest.CaptureFixture[str], week: str, message: str
) -> None:
    before = sample.journal.path.read_bytes()
    assert main(["review", "--week", week]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == message
    assert sample.journal.path.read_bytes() == before


def test_review_command_does_not_import_textual() -> None:
    code = (
        "import sys, journal.cli, journal.cli.review, journal.report.review, journal.core.depth, journal.core.drift;"
        "journal.cli.build_parser();"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
