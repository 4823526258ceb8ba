"""Where the time went (channel mix) and who reaches out (give and take), drawn as small bars.

Pure widgets: the screen hands them numbers (see :func:`channel_totals` and :func:`initiator_counts`);
they do no I/O and contain no user text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from journal.core.humanize import duration
from journal.core.model import Channel, Initiator, Touchpoint


@dataclass(frozen=True)
class ChannelTotal:
    channel: Channel
    minutes: int
    count: int


def channel_totals(entries: Iterable[Touchpoint]) -> list[ChannelTotal]:
    """Minutes and touchpoints per channel, richest channel first; channels never used are left out."""
    minutes: dict[Channel, int] = {}
    counts: dict[Channel, int] = {}
    for tp in entries:
        minutes[tp.channel] = minutes.get(tp.channel, 0) + tp.minutes
        counts[tp.channel] = counts.get(tp.channel, 0) + 1
    return [
        ChannelTotal(channel, minutes[channel], counts[channel])
        for channel in sorted(counts, key=lambda c: c.rung, reverse=True)
    ]


def initiator_counts(entries: Iterable[Touchpoint]) -> dict[Initiator, int]:
    """Who reached out, over touchpoints that were real contact (automated ones are left out)."""
    counts = dict.fromkeys(Initiator, 0)
    for tp in entries:
        if tp.counts_as_contact:
            counts[tp.initiated_by] += 1
    return counts


def _bar(fraction: float, width: int) -> str:
    """A bar of ``width`` cells filled to ``fraction`` with eighth blocks for a smooth end."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)


class ChannelMix(Widget):
    """One line per channel used: label, a bar of its share of the minutes, time and count."""

    totals: reactive[tuple[ChannelTotal, ...]] = reactive((), layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.totals))

    def render(self) -> Content:
        if not self.totals:
            return Content.styled("Nothing logged yet", "dim italic")
        most = max(total.minutes for total in self.totals) or 1
        label_width = max(len(total.channel.label) for total in self.totals)
        lines: list[Content] = []
        for total in self.totals:
            figures = f" {duration(total.minutes):>7} · {total.count}"
            bar_width = max(4, self.size.width - label_width - len(figures) - 2)
            lines.append(
                Content.assemble(
                    (total.channel.label.ljust(label_width), "$text-muted"),
                    " ",
                    (_bar(total.minutes / most, bar_width), "$accent"),
                    figures,
                )
            )
        return Content("\n").join(lines)


class GiveAndTake(Widget):
    """Who reached out, as one stacked bar and a sentence."""

    counts: reactive[Mapping[Initiator, int]] = reactive(dict, layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 2

    def render(self) -> Content:
        total = sum(self.counts.values())
        if not total:
            return Content.styled("No real contact logged yet", "dim italic")
        width = max(10, self.size.width)
        styles = {Initiator.ME: "$primary", Initiator.MUTUAL: "$success", Initiator.THEM: "$accent"}
        order = (Initiator.ME, Initiator.MUTUAL, Initiator.THEM)
        parts: list[tuple[str, str]] = []
        running = 0
        start = 0
        for initiator in order:
            running += self.counts.get(initiator, 0)
            end = round(running / total * width)  # cumulative rounding: the cells always add up
            parts.append(("█" * (end - start), styles[initiator]))
            start = end
        words = {Initiator.ME: "me", Initiator.MUTUAL: "both", Initiator.THEM: "them"}
        legend: list[Content] = []
        for initiator in order:
            count = self.counts.get(initiator, 0)
            share = round(count / total * 100)
            legend.append(Content.assemble(("■ ", styles[initiator]), f"{words[initiator]} {share}%"))
        return Content.assemble(*parts, "\n", Content("  ").join(legend))
