"""Across devices in the app: the mirror kept in step with every write, and conflict copies offered.

A sync tool that found both machines' journals changed leaves one beside the other under a conflict
name (see :func:`journal.store.merge.conflict_copies`). At start-up, and every few seconds after, the
app offers to merge each copy it has not offered yet, in a small confirm dialog; merging keeps both
sides (the journal as it was goes to ``backups/``, the copy too) and every screen redraws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.content import Content

from journal.core.errors import JournalError
from journal.report.mirror import install
from journal.store.merge import MergeReport, conflict_copies, merge_file, summary_lines
from journal.store.safefs import read_regular_file
from journal.tui.widgets.confirm import ConfirmScreen

CHECK_SECONDS = 5.0


def watch_sync(app: Any) -> None:
    """Keep the journal's mirror in step and offer the merge of conflict copies, now and from now on."""
    install(
        app.journal,
        lambda message: app.notify(message, title="Mirror not updated", severity="warning", markup=False),
    )
    offered: set[str] = set()
    offer_conflict_copies(app, offered)
    app.set_interval(CHECK_SECONDS, lambda: offer_conflict_copies(app, offered), name="watch-conflict-copies")


def offer_conflict_copies(app: Any, offered: set[str]) -> None:
    """Ask about the first conflict copy not offered yet (never over a form or another dialog)."""
    if app.screen.is_modal:
        return
    for copy in conflict_copies(app.journal.folder):
        if copy.name not in offered:
            offered.add(copy.name)
            question = Content(
                f"{copy.name} was left beside your journal by a sync tool: both machines wrote before "
                "they synced. Merge it? Both sides are kept, and the journal as it is now is kept in backups."
            )
            confirm = ConfirmScreen("Another copy of your journal", question, confirm="Merge", keep="Later")
            app.push_screen(confirm, lambda yes, copy=copy: _answered(app, copy, bool(yes)))
            return


def _answered(app: Any, copy: Path, yes: bool) -> None:
    if not yes:
        app.notify(f"Not merged; merge later with: reljournal merge {copy}", markup=False, timeout=6)
        return
    try:
        raw, _ = read_regular_file(copy)
    except OSError as error:
        app.notify(
            f"{copy} cannot be read: {error.strerror}", title="Not merged", severity="error", markup=False
        )
        return

    def merged(result: tuple[MergeReport, Path | None]) -> None:
        report, _ = result
        lines = summary_lines(report) or ["nothing new: the journal already held all of it"]
        app.notify("\n".join(lines), title=f"Merged {copy.name}", markup=False, timeout=8)

    def merge() -> tuple[MergeReport, Path | None]:
        try:
            return merge_file(app.journal, copy, raw)
        except OSError as error:  # moving the copy aside after the merge
            raise JournalError(f"merged, but {copy} was not moved into backups: {error.strerror}") from None

    app.write(merge, merged, title="Not merged")
