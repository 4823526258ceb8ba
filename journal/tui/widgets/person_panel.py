"""The detail panel beside the pond: one person's definition, depth evidence and recent touchpoints.

The screen gathers a :class:`PersonDetail` from the journal and sets ``PersonPanel.detail``; the panel
only lays it out. User text (names, why, meaning, notes, tags) always goes in as plain ``Content``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, Static

from journal.core.humanize import ago, duration
from journal.core.model import Initiator, Person, Touchpoint
from journal.core.textsafe import one_line
from journal.tui.widgets.facet_grid import FacetSummary
from journal.tui.widgets.shown import user_content

RECENT = 5

_INITIATED = {Initiator.ME: "I reached out", Initiator.THEM: "they reached out", Initiator.MUTUAL: "mutual"}


@dataclass(frozen=True)
class PersonDetail:
    """Everything the panel shows about one person, already read from the journal."""

    person: Person
    today: date
    recent: tuple[Touchpoint, ...] = ()
    names: Mapping[str, str] | None = None  # uid -> name, for "with …" on shared touchpoints
    status: str = ""  # cadence status or drift, plain text
    depth_word: str | None = None
    depth_evidence: tuple[str, ...] = ()
    touchpoints: int = 0


def _date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def touchpoint_lines(tp: Touchpoint, detail: PersonDetail) -> list[Content]:
    """Two short lines for a touchpoint: when/how/how long/felt, then the note's first words."""
    felt_style = {"genuine": "$text-success", "routine": "$text-muted", "automated": "$text-warning"}
    head = Content.assemble(
        (f"{ago(tp.day, detail.today):<10}", "$text-accent"),
        (f"{tp.channel.label}", "bold"),
        f" · {duration(tp.minutes)} · ",
        (tp.felt.value, felt_style[tp.felt.value]),
        (f" · {_INITIATED[tp.initiated_by]}", "$text-muted"),
    )
    lines = [head]
    others = [uid for uid in tp.people if uid != detail.person.uid]
    extras: list[Content] = []
    if others and detail.names:
        names = ", ".join(detail.names.get(uid, "someone") for uid in others)
        extras.append(Content.assemble(("with ", "$text-muted"), Content(names)))
    if tp.note:
        extras.append(user_content(one_line(tp.note, 200)))
    if tp.tags:
        extras.append(user_content(" ".join(f"#{tag}" for tag in tp.tags), "$text-secondary"))
    if extras:
        lines.append(Content("          ").append(Content(" — ").join(extras)))
    return lines


class PersonPanel(VerticalScroll):
    """Shows ``detail`` (or a hint when nobody is selected). Focusable so it can be scrolled by keyboard."""

    detail: reactive[PersonDetail | None] = reactive(None, recompose=True)

    def compose(self) -> ComposeResult:
        detail = self.detail
        if detail is None:
            yield Static("Select someone to see what the relationship means to you.", classes="panel-hint")
            return
        person = detail.person
        definition = person.definition
        yield Label(user_content(person.name), classes="panel-name")
        yield Label(self._subtitle(detail), classes="panel-meta")
        if not person.following and person.archive_note:
            yield Label("Why you let them go", classes="panel-heading")
            yield Static(user_content(person.archive_note), classes="panel-text panel-archive-note")

        yield Label(
            "Why I follow them" if person.following else "Why I followed them", classes="panel-heading"
        )
        yield Static(user_content(definition.why), classes="panel-text")

        known = Content.styled(definition.known_via.value, "bold")
        if definition.known_where:
            known = known.append(" · ").append(user_content(definition.known_where))
        yield Label("How we know each other", classes="panel-heading")
        yield Static(known, classes="panel-text")

        if definition.meaning:
            yield Label("What it means to me", classes="panel-heading")
            yield Static(user_content(definition.meaning), classes="panel-text")

        yield Label("Both ways", classes="panel-heading")
        yield FacetSummary(definition.facets_mine, definition.facets_theirs, classes="panel-text")

        contact: list[Content] = []
        if definition.preferred_channel is not None:
            contact.append(Content.assemble("prefers ", (definition.preferred_channel.label, "bold")))
        if definition.welcome_contact:
            contact.append(Content.assemble("welcome: ", user_content(definition.welcome_contact)))
        contact.append(Content.assemble("cadence ", (definition.cadence.value, "bold")))
        yield Label("Contact", classes="panel-heading")
        yield Static(Content(" · ").join(contact), classes="panel-text")

        if detail.depth_word is not None:
            yield Label(
                Content.assemble("Depth  ", (detail.depth_word, "$text-accent")), classes="panel-heading"
            )
            yield Static(Content("\n").join(detail.depth_evidence), classes="panel-text panel-evidence")

        heading = "Recent touchpoints"
        if detail.touchpoints > len(detail.recent):
            heading += f" ({len(detail.recent)} of {detail.touchpoints})"
        yield Label(heading, classes="panel-heading")
        if not detail.recent:
            yield Static("None yet. Press l to log time spent together.", classes="panel-text panel-hint")
        for tp in detail.recent:
            yield Static(
                Content("\n").join(touchpoint_lines(tp, detail)), classes="panel-text panel-touchpoint"
            )

    @staticmethod
    def _subtitle(detail: PersonDetail) -> Content:
        person = detail.person
        if person.following:
            parts = [f"following since {_date(person.created_at.date())}"]
        else:
            archived = _date(person.archived_on) if person.archived_on else "unknown date"
            parts = [f"let go on {archived}"]
        if detail.status:
            parts.append(detail.status)
        if person.history:
            count = len(person.history)
            parts.append(f"{count} earlier definition{'s' if count != 1 else ''}")
        return Content(" · ".join(parts))
