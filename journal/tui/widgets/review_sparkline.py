"""A 12-week sparkline of minutes that stays honest about small amounts.

Textual's :class:`Sparkline` scales each series from its own minimum to its own maximum, so a single
five-minute comment draws as tall as a four-hour dinner. This subclass keeps the widget (its CSS
classes and colours) but draws every week against a ceiling of at least an hour: zero is the lowest
bar, any time at all is visibly above it, and an hour or more is full height.
"""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widgets import Sparkline

BARS = "▁▂▃▄▅▆▇█"
CEILING_MINUTES = 60


class WeeksSparkline(Sparkline):
    """Minutes per week, oldest first; each week gets the same number of cells."""

    def __init__(
        self, minutes: list[int], *, ceiling: int = CEILING_MINUTES, classes: str | None = None
    ) -> None:
        super().__init__(minutes, classes=classes)
        self.ceiling = ceiling

    @staticmethod
    def bar_index(value: float, ceiling: float) -> int:
        """0 for nothing, at least 1 for any time at all, 7 (full) at or above the ceiling."""
        if value <= 0:
            return 0
        return max(1, min(len(BARS) - 1, math.ceil(value / ceiling * (len(BARS) - 1))))

    def render(self) -> RenderResult:
        data = list(self.data or [])
        width = self.size.width
        if not data or width <= 0:
            return Text("")
        _, base = self.background_colors
        low = base + self.get_component_styles("sparkline--min-color").color
        high = base + self.get_component_styles("sparkline--max-color").color
        ceiling = max(self.ceiling, max(data))
        cells = max(1, width // len(data))
        shown = data[-(width // cells) :] if width >= len(data) else data[-width:]
        text = Text(" " * max(0, width - cells * len(shown)))
        for value in shown:
            index = self.bar_index(value, ceiling)
            colour = low.blend(high, index / (len(BARS) - 1))
            text.append(BARS[index] * cells, Style(color=colour.rich_color))
        return text
