"""Locate the stylesheets shipped with the package (``journal/assets`` in a wheel, ``assets/`` in a checkout)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # journal/


def stylesheet(name: str) -> Path:
    for folder in (_PACKAGE / "assets", _PACKAGE.parent / "assets"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"stylesheet {name} is missing from the installation")
