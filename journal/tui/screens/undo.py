"""Undo for what this app changed since it opened: deletes, let-gos, follow-agains and edits.

Each change is a step (description, the record before, the record after: None when deleted). Undo
writes the earlier record back exactly (same uid) through ``Journal.reinstate_*``, but only when the
record is still as this app left it: a change made since (here or in another window) is not
silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass

from journal.core.errors import JournalError, NotFoundError
from journal.core.model import Person, Touchpoint
from journal.store.journal import Journal

Record = Person | Touchpoint


@dataclass(frozen=True)
class UndoStep:
    description: str  # what undo brings back, e.g. "the deleted call on 2026-11-20"
    before: Record
    after: Record | None


class UndoStack:
    """The steps made since the app opened, newest last."""

    def __init__(self) -> None:
        self._steps: list[UndoStep] = []

    def __bool__(self) -> bool:
        return bool(self._steps)

    def push(self, description: str, before: Record, after: Record | None) -> None:
        if before != after:
            self._steps.append(UndoStep(description, before, after))

    def peek(self) -> UndoStep | None:
        return self._steps[-1] if self._steps else None

    def pop(self) -> UndoStep | None:
        return self._steps.pop() if self._steps else None


def _current(journal: Journal, record: Record) -> Record | None:
    try:
        if isinstance(record, Touchpoint):
            return journal.entry(record.uid)
        return journal.person(record.uid)
    except NotFoundError:
        return None


def undo(journal: Journal, step: UndoStep) -> Record:
    """Write ``step.before`` back; refused when the record changed since the step."""
    if _current(journal, step.before) != step.after:
        raise JournalError(f"Not undone: it changed since ({step.description})")
    if isinstance(step.before, Touchpoint):
        return journal.reinstate_touchpoint(step.before)
    return journal.reinstate_person(step.before)
