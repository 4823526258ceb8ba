"""Talking to the person at the terminal: yes/no questions, a value asked for again until it is right.
With no terminal nothing here waits: callers get None and say which flag to add instead. (The note
written in ``$VISUAL``/``$EDITOR`` is ``journal.store.editor``, shared with the app.)"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from typing import TypeVar

from journal.core.textsafe import for_terminal_line

T = TypeVar("T")


def command_line(args: argparse.Namespace, *words: str) -> str:
    """A reljournal command line to paste, with the --data-dir this one used."""
    where = ["--data-dir", args.data_dir] if args.data_dir else []
    return shlex.join(["reljournal", *where, *words])


def interactive() -> bool:
    """A person is at both ends: stdin to answer and stdout to read the question."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_yes_no(question: str) -> bool | None:
    """A yes/no answer (default no); None when there is no terminal to ask."""
    if not interactive():
        return None
    try:
        reply = input(for_terminal_line(question))
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes")


def ask_value(question: str, parse: Callable[[str], T]) -> T | None:
    """Ask until ``parse`` accepts the answer (its ValueError is shown); None without a terminal.

    An empty answer or end of input (ctrl+d) gives up: KeyboardInterrupt's "nothing was saved" is
    the honest way out, and the caller says so."""
    if not interactive():
        return None
    while True:
        try:
            reply = input(for_terminal_line(question))
        except EOFError:
            raise KeyboardInterrupt from None
        if not reply.strip():
            raise KeyboardInterrupt
        try:
            return parse(reply)
        except ValueError as error:
            print(for_terminal_line(f"  {error}"))
