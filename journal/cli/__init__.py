"""``reljournal``: the TUI with no subcommand, quick capture and data commands otherwise.

Nothing here imports Textual or Rich at module level: only the TUI commands do, so that
``reljournal log`` starts as fast as Python can.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from journal import __version__
from journal.core.errors import JournalError
from journal.core.model import ValidationError
from journal.core.textsafe import for_terminal_line
from journal.store.journal import Journal

Handler = Callable[[argparse.Namespace, Journal], int]
_LONG_WORD = re.compile(r"\S{100,}")


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` says, without importing shutil (and with it zlib,
    bz2 and lzma) on every run: argparse asks once per argument, even when no help is printed."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ):
        super().__init__(
            prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width
        )


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error: what was wrong and where to look."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # argparse quotes what was typed; a pasted page in the wrong place is cut, not echoed back whole
        message = _LONG_WORD.sub(lambda match: match.group()[:80] + "…", message)
        self.exit(2, f"{self.prog}: {for_terminal_line(message)} (see {self.prog} --help)\n")


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


# Which module defines each command, in the order --help lists them. Only the module of the command
# being run is imported, so quick capture does not pay for the review or export code.
COMMAND_MODULES: dict[str, str] = {
    "follow": "journal.cli.pond",
    "unfollow": "journal.cli.pond",
    "people": "journal.cli.pond",
    "cap": "journal.cli.pond",
    "show": "journal.cli.find",
    "list": "journal.cli.find",
    "log": "journal.cli.capture",
    "edit": "journal.cli.capture",
    "delete": "journal.cli.capture",
    "review": "journal.cli.review",
    "export": "journal.cli.export",
    "backup": "journal.cli.data",
    "import": "journal.cli.data",
    "restore": "journal.cli.data",
    "doctor": "journal.cli.data",
    "completion": "journal.cli.completion",
}
_GLOBAL_WITH_VALUE = ("--data-dir",)


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (skipping global options), or None."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _GLOBAL_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
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
    chosen = _chosen_command(argv)
    if chosen in COMMAND_MODULES:
        modules = [COMMAND_MODULES[chosen]]
    else:  # help, or a mistyped command: list every command
        modules = list(dict.fromkeys(COMMAND_MODULES.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def fail(message: str) -> int:
    print(f"reljournal: {for_terminal_line(message)}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``reljournal``; the exit code. Called with no ``argv`` (as the program), a one-shot command
    ends the process through :func:`_leave` instead of returning."""
    program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    if args.command is None or args.command == "demo":
        from journal.cli.tui import run_tui  # Textual is imported only here

        return run_tui(args.data_dir, demo=args.demo or args.command == "demo")
    if program:
        # A one-shot command makes no garbage cycles worth collecting before it ends (and _leave does
        # not free memory at all): the collector would only walk the parsed journal, again and again.
        gc.disable()
        _leave(_run_command(args))
    return _run_command(args)


def _leave(code: int) -> NoReturn:
    """End a one-shot command now, skipping the interpreter's teardown.

    Everything the command changed is already handed to the kernel (the journal's writes fsynced and
    replaced before they return, other files written with os.write or closed) and the journal's lock
    is released, so nothing is left to do but free memory object by object: 20-40 ms for a parsed
    10,000-touchpoint journal, a fifth of ``reljournal log``. Python's own output buffers are flushed
    first; a reader that went away (``| head``) is not an error.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass
        except OSError as error:  # e.g. stdout redirected to a full disk: say so, as Python would
            code = code or 1
            with contextlib.suppress(OSError):
                os.write(2, f"reljournal: cannot write the output: {error.strerror or error}\n".encode())
    os._exit(code)


def _run_command(args: argparse.Namespace) -> int:
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
    except BrokenPipeError:
        return 0
    except OSError as error:  # a file the command was pointed at (journal faults arrive as JournalError)
        where = f": {error.filename}" if error.filename else ""
        return fail(f"{error.strerror or error}{where}")
    except KeyboardInterrupt:
        return fail("interrupted; nothing was saved")
