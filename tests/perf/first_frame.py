"""Start an app headless, wait for its first frame, exit. Timed from outside as a whole process.

Usage: python first_frame.py reljournal DATA_DIR | python first_frame.py minimal

Prints ``peak_rss_kib=N``: the process's own peak resident memory (VmHWM). The rusage a parent gets from
wait4 is no use here: Linux carries the parent's memory at fork into the child's peak across exec, so
every child of a benchmark holding a 50k journal would "peak" at the benchmark's size.
"""

from __future__ import annotations

import sys


async def _exit_when_ready(pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]  # the first frame and mount work are done
    pilot.app.exit()  # type: ignore[attr-defined]


def peak_rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    run()
    print(f"peak_rss_kib={peak_rss_kib()}")


def run() -> None:
    mode = sys.argv[1]
    if mode == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header, Static

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Static("ready")
                yield Footer()

        Minimal().run(headless=True, size=(100, 30), auto_pilot=_exit_when_ready)
        return
    from journal.cli.tui import run_app  # the path `reljournal` takes: read the journal, then Textual

    run_app(sys.argv[2], headless=True, size=(100, 30), auto_pilot=_exit_when_ready)


if __name__ == "__main__":
    main()
