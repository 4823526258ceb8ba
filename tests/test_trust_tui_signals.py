"""The real app in a pseudo-terminal: signals keep what was typed and give the terminal back.

Each test starts ``python -m journal`` on a pty, types into a form as a person would, then sends a
signal (or kills it outright) and checks the drafts file, the exit and the bytes that restore the
terminal (leave the alternate screen, mouse tracking off) and the pty's echo.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from journal.core.model import make_definition
from journal.store.journal import Journal

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="pty and signals as on Linux")

LEAVE_ALT_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"
NAME = "Zebra Quux"


class PtyApp:
    """``reljournal`` on a 80x24 pseudo-terminal; ``output`` is every byte it wrote."""

    def __init__(self, data_dir: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.slave = slave
        env = {**os.environ, "TERM": "xterm-256color", "RELJOURNAL_DATA_DIR": str(data_dir)}
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "journal"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            cwd=str(Path(__file__).resolve().parent.parent),
        )
        self.output = b""

    def read(self, seconds: float = 0.1) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: bytes, timeout: float = 20.0, since: int | None = None) -> None:
        """Wait until ``text`` was written (after byte ``since`` of the output, when given)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.1)
            if text in self.output[since or 0 :]:
                return
        raise AssertionError(f"{text!r} never appeared; last output: {self.output[-400:]!r}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_exit(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.1)
            code = self.proc.poll()
            if code is not None:
                self.read(0.3)
                return code
        self.proc.kill()
        raise AssertionError(f"the app did not exit; last output: {self.output[-400:]!r}")

    def echo_on(self) -> bool:
        return bool(termios.tcgetattr(self.slave)[3] & termios.ECHO)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def app(data_dir: Path) -> Iterator[PtyApp]:
    journal = Journal.open(data_dir)
    journal.add_person("Sam", make_definition(why="an old friend"))
    journal.close()
    running = PtyApp(data_dir)
    yield running
    running.close()


def drafts(data_dir: Path) -> dict[str, dict[str, object]]:
    raw = orjson.loads((data_dir / "drafts.json").read_bytes())
    return {d["key"]: d["fields"] for d in raw["drafts"]}


def type_a_new_name(app: PtyApp) -> None:
    app.wait_for(b"Sam")
    app.send("n")
    app.wait_for(b"What does this relationship mean")
    app.send(NAME)
    app.wait_for(NAME.encode())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_keep_the_draft_and_restore_the_terminal(
    app: PtyApp, data_dir: Path, signum: int
) -> None:
    type_a_new_name(app)
    app.proc.send_signal(signum)  # at once: before the typing pause would have written the draft
    assert app.wait_exit() == 0
    assert drafts(data_dir)["define:new"]["name"] == NAME
    assert (data_dir / "drafts.json").stat().st_mode & 0o777 == 0o600
    tail = app.output[app.output.rfind(NAME.encode()) :]
    assert LEAVE_ALT_SCREEN in tail
    assert MOUSE_OFF in tail
    assert app.echo_on()
    assert b"Traceback" not in app.output


def test_sigint_asks_through_the_guard(app: PtyApp, data_dir: Path) -> None:
    type_a_new_name(app)
    app.proc.send_signal(signal.SIGINT)
    app.wait_for(b"Unsaved changes")
    assert app.proc.poll() is None  # the form was not thrown away
    app.send("d")  # keep as a draft
    assert app.wait_exit() == 0
    assert drafts(data_dir)["define:new"]["name"] == NAME
    assert LEAVE_ALT_SCREEN in app.output


def test_a_kill_loses_nothing_typed_and_the_next_start_offers_it_back(app: PtyApp, data_dir: Path) -> None:
    type_a_new_name(app)
    deadline = time.monotonic() + 5
    while not (data_dir / "drafts.json").exists() and time.monotonic() < deadline:
        app.read(0.1)  # the draft is written once typing pauses
    app.proc.kill()
    app.proc.wait()
    assert drafts(data_dir)["define:new"]["name"] == NAME

    again = PtyApp(data_dir)
    try:
        again.wait_for(b"You have an unsaved")
        assert NAME.encode() in again.output
        again.send("r")
        again.wait_for(b"What does this relationship mean")
        shown = len(again.output)
        again.wait_for(NAME.encode(), since=shown)  # the form holds the name typed before the kill
        again.send("\x1b")  # escape: the guard asks
        again.wait_for(b"Unsaved changes")
        again.send("x")  # discard
        again.read(0.5)
        again.send("q")
        assert again.wait_exit() == 0
    finally:
        again.close()
    assert not (data_dir / "drafts.json").exists()  # discarded: the draft went
