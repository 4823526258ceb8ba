"""What every snapshot's run_before ends with, so that a busy machine draws the same picture."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input


async def steady_cursors(pilot: Pilot[Any]) -> None:
    """Stop text cursors blinking: a slow run could catch a focused field's cursor on or off."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
