"""Showing one touchpoint: short labels for tables and a reader for the whole note.

User text (names, notes, tags) only ever enters ``Content(...)``/``Content.styled(...)`` as plain text,
never as markup, so ``[b]x[/b]`` shows literally and ``[@click=app.quit]`` does nothing. The full note
is read as Markdown (emphasis, lists, headings, links), its controls made visible first; Textual's
Markdown widget builds plain Content from it too, and a link is only opened after asking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from journal.core.humanize import ago, duration
from journal.core.model import Channel, Felt, Initiator, Touchpoint
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.widgets.confirm import ConfirmScreen
from journal.tui.widgets.shown import shown, user_content

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from textual.widgets import Markdown

# Longer notes are shown as plain text: Markdown builds a widget per block, a read-only TextArea
# stays fast on a 1 MB note.
MARKDOWN_LIMIT = 20_000
# Links that may be handed to the browser (after asking); anything else (file:, javascript:…) is shown only.
OPENABLE_SCHEMES = ("https://", "http://", "mailto:")

_SHORT_CHANNEL = {
    Channel.REACTION: "reaction",
    Channel.COMMENT: "comment",
    Channel.DM: "DM",
    Channel.EMAIL: "email",
    Channel.LETTER: "letter",
    Channel.CALL: "call",
    Channel.VIDEO: "video",
    Channel.IN_PERSON: "in person",
}

_INITIATED = {
    Initiator.ME: "I reached out",
    Initiator.THEM: "they reached out",
    Initiator.MUTUAL: "mutual",
}

_INITIATED_SHORT = {Initiator.ME: "me", Initiator.THEM: "them", Initiator.MUTUAL: "both"}
_FELT_SHORT = {Felt.GENUINE: "genuine", Felt.ROUTINE: "routine", Felt.AUTOMATED: "auto"}


def channel_short(channel: Channel) -> str:
    """A channel in at most 9 cells, for table columns (``in person``, ``DM``, ``call``)."""
    return _SHORT_CHANNEL[channel]


def initiated_short(initiator: Initiator) -> str:
    """``me``, ``them`` or ``both`` (mutual)."""
    return _INITIATED_SHORT[initiator]


def felt_short(felt: Felt) -> str:
    """``genuine``, ``routine`` or ``auto``."""
    return _FELT_SHORT[felt]


def closeness_dots(closeness: int | None) -> str:
    """``●●●○○`` for 3 of 5; empty when not noted."""
    if closeness is None:
        return ""
    return "●" * closeness + "○" * (5 - closeness)


def people_names(uids: Iterable[str], names: Mapping[str, str], exclude: str | None = None) -> list[str]:
    """Display names for ``uids`` (skipping ``exclude``); a person missing from ``names`` shows as ``?``."""
    return [shown(names.get(uid, "?")) for uid in uids if uid != exclude]


def tags_text(tags: Iterable[str]) -> str:
    return shown(" ".join(f"#{tag}" for tag in tags))


def long_date(day: date, today: date) -> str:
    """``Fri 20 Nov 2026 · today``."""
    when = ago(day, today)
    return f"{day:%a} {day.day} {day:%b %Y} · {when}"


def touchpoint_title(tp: Touchpoint) -> str:
    """``Phone call · 45m``: no user text, safe anywhere."""
    label = tp.channel.label
    return f"{label[0].upper()}{label[1:]} · {duration(tp.minutes)}"


FELT_STYLE = {Felt.GENUINE: "$text-success", Felt.ROUTINE: "", Felt.AUTOMATED: "$text-warning italic"}


def with_line(tp: Touchpoint, names: Mapping[str, str]) -> Content:
    """``With Ada, Ben`` (names literal)."""
    return Content.assemble(("With ", "$text-muted"), Content(", ".join(people_names(tp.people, names))))


def facts_line(tp: Touchpoint) -> Content:
    """``they reached out · felt genuine · closeness ●●●●○ 4/5``."""
    parts: list[Content] = [Content(_INITIATED[tp.initiated_by])]
    felt = f"felt {tp.felt.value}"
    if tp.felt is Felt.AUTOMATED:
        felt += " (noticed, not counted)"
    parts.append(Content.styled(felt, FELT_STYLE[tp.felt]))
    if tp.closeness is not None:
        parts.append(
            Content.assemble("closeness ", (closeness_dots(tp.closeness), "$accent"), f" {tp.closeness}/5")
        )
    return Content(" · ").join(parts)


def touchpoint_preview(tp: Touchpoint, names: Mapping[str, str], today: date) -> Content:
    """A few lines for a preview pane: what, when, with whom, how, tags and the note."""
    lines: list[Content] = [
        Content.assemble(
            (touchpoint_title(tp), "bold $text-primary"), ("  " + long_date(tp.day, today), "$text-muted")
        ),
        Content.assemble(with_line(tp, names), "  ", facts_line(tp)),
    ]
    if tp.tags:
        lines.append(Content.styled(tags_text(tp.tags), "$text-accent"))
    if tp.note:
        lines.append(user_content(tp.note[:4000]))
    else:
        lines.append(Content.styled("No note.", "$text-muted italic"))
    return Content("\n").join(lines)


def note_parser() -> MarkdownIt:
    """GitHub-like Markdown as people write notes: a line break stays one, and HTML is text (Textual
    would drop the tags it cannot show, hiding what was typed)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like", {"html": False, "breaks": True})
    parser.core.ruler.push("note_line_breaks", _hard_line_breaks)
    return parser


def _hard_line_breaks(state: StateCore) -> None:
    """Textual joins a soft line break with a space whatever ``breaks`` says; as a hard break it stays."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "softbreak":
                child.type = "hardbreak"


class TouchpointScreen(ModalScreen[str | None]):
    """Read one touchpoint in full. Dismisses with ``"edit"``, ``"delete"`` or None; the caller acts."""

    CSS_PATH = str(stylesheet("touchpoint.tcss"))

    BINDINGS: ClassVar[list[BindingType]] = bindings("touchpoint")

    def __init__(self, touchpoint: Touchpoint, names: Mapping[str, str], today: date) -> None:
        super().__init__()
        self.touchpoint = touchpoint
        self.names = dict(names)
        self.today = today

    def compose(self) -> ComposeResult:
        tp = self.touchpoint
        with Vertical(id="tp-dialog"):
            with Horizontal(id="tp-heading"):
                yield Static(Content(touchpoint_title(tp)), id="tp-title")
                yield Static(Content(long_date(tp.day, self.today)), id="tp-date")
            yield Static(with_line(tp, self.names), id="tp-people")
            yield Static(facts_line(tp), id="tp-facts")
            if tp.tags:
                yield Static(Content(tags_text(tp.tags)), id="tp-tags")
            if tp.note and len(tp.note) <= MARKDOWN_LIMIT:
                from textual.widgets import Markdown  # markdown-it is loaded when a note is first read

                with VerticalScroll(id="tp-note", classes="markdown"):
                    yield Markdown(
                        shown(tp.note), id="tp-note-text", open_links=False, parser_factory=note_parser
                    )
            elif tp.note:
                # A read-only TextArea: never markup, fast on a 1 MB note, and text can be selected.
                yield TextArea(
                    tp.note,
                    id="tp-note",
                    read_only=True,
                    soft_wrap=True,
                    show_cursor=False,
                    highlight_cursor_line=False,
                    compact=True,
                )
            else:
                yield Static(Content.styled("No note.", "italic"), id="tp-note", classes="empty")
            yield Static(self._stamp_line(), id="tp-stamp")
            with Horizontal(id="tp-buttons"):
                yield Button("Edit  e", id="tp-edit", compact=True)
                yield Button("Delete  d", id="tp-delete", variant="error", compact=True)
                yield Button("Close  esc", id="tp-close", variant="primary", compact=True)

    def on_mount(self) -> None:
        note = self.query_one("#tp-note")
        if note.focusable:
            note.focus()
        else:
            self.query_one("#tp-close").focus()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link in the note opens only once the person has seen where it goes and said yes."""
        event.stop()
        href = event.href
        shown_href = shown(href if len(href) <= 300 else href[:300] + "…")
        if not href.lower().startswith(OPENABLE_SCHEMES):
            self.notify(
                f"Not opened: only web and mail links open from a note ({shown_href})",
                title="Link",
                severity="warning",
                markup=False,
            )
            return
        question = Content.assemble("Open ", (shown_href, "bold"), " in your browser?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_url(href)

        self.app.push_screen(ConfirmScreen("Open link", question, confirm="Open", keep="Stay"), answered)

    def _with_line(self) -> Content:
        names = people_names(self.touchpoint.people, self.names)
        return Content.assemble(("With ", "dim"), Content(", ".join(names)))

    def _facts_line(self) -> Content:
        tp = self.touchpoint
        parts: list[Content] = [Content(_INITIATED[tp.initiated_by])]
        felt_style = {Felt.GENUINE: "$text-success", Felt.ROUTINE: "", Felt.AUTOMATED: "$text-warning italic"}
        felt = f"felt {tp.felt.value}"
        if tp.felt is Felt.AUTOMATED:
            felt += " (noticed, not counted)"
        parts.append(Content.styled(felt, felt_style[tp.felt]))
        if tp.closeness is not None:
            parts.append(
                Content.assemble(
                    ("closeness ", ""), (closeness_dots(tp.closeness), "$accent"), f" {tp.closeness}/5"
                )
            )
        return Content(" · ").join(parts)

    def _stamp_line(self) -> Content:
        tp = self.touchpoint
        text = f"logged {tp.created_at:%Y-%m-%d %H:%M}"
        if tp.updated_at != tp.created_at:
            text += f" · edited {tp.updated_at:%Y-%m-%d %H:%M}"
        return Content.styled(text, "dim")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        result = {"tp-edit": "edit", "tp-delete": "delete"}.get(event.button.id or "")
        self.dismiss(result)
