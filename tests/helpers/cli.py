"""Run ``reljournal`` in this process, the way every CLI test does."""

from __future__ import annotations

import io
import sys

import pytest

from journal.cli import main


def cli(capsys: pytest.CaptureFixture[str], *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """``reljournal ARGS`` in this process: (exit code, stdout, stderr)."""
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = old_stdin
    out, err = capsys.readouterr()
    return code, out, err
