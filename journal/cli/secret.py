"""Read a passphrase from the terminal without echo: ``/dev/tty`` itself, never stdin (a script's
piped input is not a person typing), and no terminal means no prompt at all, at once (never a hang)."""

from __future__ import annotations

import contextlib
import os

MAX_TYPED = 4096


def ask(prompt: str) -> str | None:
    """What the person typed (without the line ending), or None when there is no terminal.

    Ctrl+C raises ``KeyboardInterrupt`` as usual; the terminal's echo is restored in every case.
    """
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        import termios

        try:
            before = termios.tcgetattr(fd)
        except termios.error:
            return None
        quiet = list(before)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)  # echo off before the prompt shows: never a race
        try:
            os.write(fd, prompt.encode("utf-8", "replace"))
            typed = b""
            while not typed.endswith(b"\n") and len(typed) <= MAX_TYPED:
                chunk = os.read(fd, 1024)
                if not chunk:
                    break
                typed += chunk
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
            with contextlib.suppress(OSError):
                os.write(fd, b"\n")
        return typed.decode("utf-8", "replace").removesuffix("\n").removesuffix("\r")
    finally:
        os.close(fd)
