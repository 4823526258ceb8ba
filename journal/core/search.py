"""Finding touchpoints: one filter for the app's Journal screen and ``reljournal list``.

A :class:`TouchpointFilter` says what to let through (who, between which days, which channel and tag,
which words); :func:`filter_touchpoints` applies it in the order given, so the newest-first journal
gives newest-first answers. Words must all appear in the note, the names, the channel or the tags;
``#tag`` in the text means that tag. Pure: no files, no clock, so the app can run it in a thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from journal.core.model import Channel, Touchpoint


@dataclass(frozen=True)
class TouchpointFilter:
    """What to find. Empty fields match everything; ``since`` and ``until`` include their own day."""

    text: str = ""
    person: str | None = None
    since: date | None = None
    until: date | None = None
    channel: Channel | None = None
    tag: str | None = None

    @property
    def words(self) -> list[str]:
        return [word for word in self.text.casefold().split() if not word.startswith("#")]

    @property
    def text_tags(self) -> list[str]:
        return [word[1:] for word in self.text.casefold().split() if word.startswith("#") and len(word) > 1]

    @property
    def active(self) -> bool:
        return bool(
            self.text.strip()
            or self.person
            or self.channel
            or self.tag
            or self.since is not None
            or self.until is not None
        )


class SearchIndex:
    """Case-folded text per touchpoint (note, names, channel, tags), reused while nothing changed."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        self._text: dict[str, tuple[Touchpoint, str]] = {}

    def text(self, tp: Touchpoint) -> str:
        cached = self._text.get(tp.uid)
        if cached is not None and cached[0] is tp:
            return cached[1]
        parts = [tp.note, tp.channel.label, tp.channel.value, *tp.tags]
        parts.extend(self.names.get(uid, "") for uid in tp.people)
        folded = "\n".join(parts).casefold()
        self._text[tp.uid] = (tp, folded)
        return folded


def filter_touchpoints(
    touchpoints: Iterable[Touchpoint],
    spec: TouchpointFilter,
    index: SearchIndex,
    *,
    limit: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Touchpoint]:
    """The touchpoints ``spec`` lets through, in the order given, at most ``limit`` of them.

    Stops early (returns []) if ``cancelled`` says so: the app's worker asks every few thousand."""
    words = spec.words
    tags = [*spec.text_tags, *([spec.tag] if spec.tag else [])]
    result: list[Touchpoint] = []
    if limit is not None and limit <= 0:
        return result
    for position, tp in enumerate(touchpoints):
        if position % 2048 == 0 and cancelled():
            return []
        if spec.person is not None and spec.person not in tp.people:
            continue
        if spec.since is not None and tp.day < spec.since:
            continue
        if spec.until is not None and tp.day > spec.until:
            continue
        if spec.channel is not None and tp.channel is not spec.channel:
            continue
        if tags and not all(tag in tp.tags for tag in tags):
            continue
        if words:
            text = index.text(tp)
            if not all(word in text for word in words):
                continue
        result.append(tp)
        if limit is not None and len(result) >= limit:
            break
    return result


def tag_counts(touchpoints: Iterable[Touchpoint]) -> list[tuple[str, int]]:
    """Every tag used, most used first (then alphabetical)."""
    counts: Counter[str] = Counter()
    for tp in touchpoints:
        counts.update(tp.tags)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
