"""Every test runs against a temporary data dir; the real user data dir is never touched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from journal.store import passphrase
from journal.store.journal import Journal

FIXED_NOW = datetime(2026, 11, 20, 18, 30, 0)  # a Friday in ISO week 2026-W47


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    data = home / "reljournal-data"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("RELJOURNAL_DATA_DIR", str(data))
    monkeypatch.setenv("RELJOURNAL_CONFIG_DIR", str(home / "reljournal-config"))  # never the real settings
    for name in (passphrase.ENV, passphrase.FILE_ENV, passphrase.NEW_ENV, passphrase.NEW_FILE_ENV):
        monkeypatch.delenv(name, raising=False)  # a developer's own passphrase never reaches a test
    monkeypatch.setattr(passphrase, "_known", {})  # nor one an earlier test gave
    return data


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    opened = Journal.open(data_dir, clock=lambda: FIXED_NOW)
    yield opened
    opened.close()
