"""``reljournal``: the TUI with no subcommand, quick capture and data commands otherwise.

Nothing here imports Textual or Rich at module level: only the TUI commands do, so that
``reljournal log`` starts as fast as Python can.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from journal import __version__
from journal.cli import data, pond
from journal.errors import JournalError
from journal.model import ValidationError
from journal.store import Journal
from journal.textsafe import for_terminal

Handler = Callable[[argparse.Namespace, Journal], int]


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error: what was wrong and where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {for_terminal(message)} (see {self.prog} --help)\n")


class _CommandParser(_Parser):
    """Subcommand parser that lets a note come after the options (``log Sam --minutes 5 "note"``)."""

    _intermixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reljournal",
        description="A private, local-first journal for the few relationships that matter. "
        "With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"reljournal {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the journal lives (default: $RELJOURNAL_DATA_DIR or your user data folder)",
    )
    parser.add_argument("--demo", action="store_true", help="open the app on a sample journal")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    demo = sub.add_parser("demo", help="open the app on a generated sample journal in a temp folder")
    demo.set_defaults(func=None)
    pond.register(sub)
    for optional in ("journal.cli.review", "journal.cli.export"):
        _register_optional(optional, sub)
    data.register(sub)
    return parser


def _register_optional(module_name: str, sub: argparse._SubParsersAction[Any]) -> None:
    """Commands whose modules land with their own features."""
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        return
    module.register(sub)


def fail(message: str) -> int:
    print(f"reljournal: {for_terminal(message)}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None or args.command == "demo":
        from journal.cli.tui import run_tui  # Textual is imported only here

        return run_tui(args.data_dir, demo=args.demo or args.command == "demo")
    try:
        standalone = getattr(args, "standalone", None)
        if standalone is not None:
            result: int = standalone(args)
            return result
        handler: Handler = args.func
        journal = Journal.open(args.data_dir)
        try:
            return handler(args, journal)
        finally:
            journal.close()
    except ValidationError as error:
        return fail(error.message)
    except JournalError as error:
        return fail(error.message)
    except KeyboardInterrupt:
        return fail("interrupted; nothing was saved")
    except BrokenPipeError:
        return 0
