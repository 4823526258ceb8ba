"""The weekly review: evidence from any ISO week, questions to answer, and next week's intentions.

Everything shown comes from :func:`journal.report.review.summarize_week`; the screen only lays it out and
edits the week's :class:`WeeklyReview`. It asks questions and shows evidence; it never scores or ranks
people (the 12-week sparklines are in name order, each on its own scale).

Edits are drafts per week until ``ctrl+s``: moving with ``[`` / ``]`` keeps them, they are kept on
disk as they are typed, and every way out with unsaved drafts passes the unsaved-changes guard
(``journal.tui.screens.guard``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, DataTable, Footer, Header, Label, Static, TextArea

from journal.core.errors import JournalError
from journal.core.humanize import duration
from journal.core.model import (
    REVIEW_PROMPTS,
    Intention,
    ValidationError,
    WeeklyReview,
    make_intention,
    make_review,
)
from journal.core.weeks import IsoWeek
from journal.report.review import (
    WeekSummary,
    intention_line,
    lean_phrase,
    percent,
    summarize_week,
    week_range,
)
from journal.store.drafts import Draft as StoredDraft
from journal.tui.assets import stylesheet
from journal.tui.keys import bindings
from journal.tui.screens.common import DataScreen
from journal.tui.screens.guard import DraftFields, UnsavedForm
from journal.tui.widgets.review_intentions import IntentionEditor
from journal.tui.widgets.review_sparkline import WeeksSparkline
from journal.tui.widgets.shown import shown, user_content

PEOPLE_COLUMNS = ("Who", "Touchpoints", "Time", "Offline", "Genuine")
NAME_WIDTH = 22


@dataclass(frozen=True)
class Draft:
    """What the form holds for one week: answers, kept intentions, next week's intentions."""

    answers: tuple[tuple[str, str], ...]
    kept: frozenset[str]
    intentions: tuple[Intention, ...]

    @classmethod
    def of(cls, review: WeeklyReview | None) -> Draft:
        if review is None:
            return cls((), frozenset(), ())
        return cls.make(review.answers, review.kept, review.intentions)

    @classmethod
    def make(cls, answers: Mapping[str, str], kept: Iterable[str], intentions: Iterable[Intention]) -> Draft:
        """A normalised draft: blank answers dropped, text stripped, so equal forms compare equal."""
        pairs = sorted((key, text.strip()) for key, text in answers.items() if text.strip())
        return cls(tuple(pairs), frozenset(kept), tuple(intentions))

    def fields(self) -> DraftFields:
        """The draft as kept on disk: ``answer.<prompt>``, ``kept``, ``intention.<n>`` (uid, text, people)."""
        fields: dict[str, str | tuple[str, ...]] = {f"answer.{key}": text for key, text in self.answers}
        fields["kept"] = tuple(sorted(self.kept))
        for n, intention in enumerate(self.intentions):
            fields[f"intention.{n}"] = (intention.uid, intention.text, *intention.people)
        return fields

    @classmethod
    def from_stored(cls, stored: StoredDraft, people: Iterable[str]) -> Draft:
        """A kept draft back as a form; intentions that no longer validate (or name nobody known) go."""
        known = set(people)
        answers = {name[7:]: stored.text(name) for name in stored.fields if name.startswith("answer.")}
        intentions: list[Intention] = []
        numbered = sorted(
            (int(name[10:]), name)
            for name in stored.fields
            if name[10:].isdigit() and name[:10] == "intention."
        )
        for _, name in numbered:
            parts = stored.items(name)
            if len(parts) < 2:
                continue
            try:
                intentions.append(make_intention([p for p in parts[2:] if p in known], parts[1], parts[0]))
            except ValidationError:
                continue
        return cls.make(answers, stored.items("kept"), intentions)


def relative_week(week: IsoWeek, this_week: IsoWeek) -> str:
    """``this week``, ``last week``, ``3 weeks ago``, ``next week``, ``in 2 weeks``."""
    weeks = (week.monday - this_week.monday).days // 7
    if weeks == 0:
        return "this week"
    if weeks == -1:
        return "last week"
    if weeks == 1:
        return "next week"
    return f"{-weeks} weeks ago" if weeks < 0 else f"in {weeks} weeks"


def _name_cell(name: str) -> Content:
    """A name as plain content, cut with an ellipsis to fit its column."""
    return user_content(name).truncate(NAME_WIDTH, ellipsis=True)


class ReviewScreen(UnsavedForm, DataScreen[None]):
    """The weekly review of one ISO week (``[`` / ``]`` move, ``ctrl+s`` saves)."""

    CSS_PATH = str(stylesheet("review.tcss"))
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = bindings("review")

    def __init__(self, week: IsoWeek | None = None) -> None:
        super().__init__()
        self._requested_week = week
        self.week: IsoWeek = week or IsoWeek(1970, 1)
        self.summary: WeekSummary | None = None
        self._drafts: dict[IsoWeek, Draft] = {}

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="◎")
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-heading")
            yield Static(
                "Evidence for your own reflection, not a score. [ and ] move between weeks.",
                id="review-intro",
                markup=False,
            )
            yield Label("Who did I spend time with?", classes="section-title")
            yield Static("", id="review-totals")
            yield DataTable(id="review-people", show_cursor=False, zebra_stripes=True)
            yield Static("", id="review-no-people", markup=False)
            yield Label("Time together, last 12 weeks", classes="section-title")
            yield Vertical(id="review-series")
            yield Label("Who am I drifting from?", classes="section-title")
            yield Static("", id="review-drifting")
            yield Label("Does anything lean one way?", classes="section-title")
            yield Static("", id="review-one-sided")
            yield Label("Did I do what I meant to last week?", classes="section-title")
            yield Vertical(id="review-kept")
            yield Label("Reflection", classes="section-title")
            for key, prompt in REVIEW_PROMPTS.items():
                yield Label(prompt, classes="prompt", markup=False)
                yield TextArea(id=f"answer-{key}", classes="answer", soft_wrap=True, tab_behavior="focus")
            yield Label("What do I mean to do next week?", classes="section-title")
            yield IntentionEditor(id="review-intentions")
            yield Static("", id="review-saved")
        yield Footer()

    async def on_mount(self) -> None:
        table = self.query_one("#review-people", DataTable)
        table.can_focus = False
        for column in PEOPLE_COLUMNS:
            table.add_column(column, key=column)
        week = self._requested_week or IsoWeek.of(self.journal.today())
        await self.show_week(week)
        self.query_one("#review-body").focus()

    # -- the week ----------------------------------------------------------------------------

    async def show_week(self, week: IsoWeek) -> None:
        """Move to ``week``: keep the current week's edits as a draft, then draw the new one."""
        if self.summary is not None:
            self._stash_draft()
        self.week = week
        self.summary = summarize_week(self.journal, week)
        self._adopt_kept_draft(week)
        await self._draw_evidence()
        await self._load_form(self._drafts.get(week) or Draft.of(self.summary.saved))
        self._update_saved_note()
        self.query_one("#review-body").scroll_home(animate=False)

    def _adopt_kept_draft(self, week: IsoWeek) -> None:
        """A draft of ``week`` kept on disk (an earlier run, or "keep as draft") fills the form."""
        key = f"review:{week}"
        stored = self.rj.drafts.get(key)
        if week in self._drafts or stored is None or key in self._held_drafts:
            return
        assert self.summary is not None
        draft = Draft.from_stored(stored, (p.uid for p in self.journal.people()))
        if draft != Draft.of(self.summary.saved):
            self._drafts[week] = draft
        self.adopt_draft(key)

    def refresh_from_journal(self) -> None:
        """The journal changed (here or elsewhere): redraw the evidence, keep any edits."""
        self.call_later(self._reload)

    async def _reload(self) -> None:
        if self.summary is None:
            return
        self._stash_draft()
        self.summary = summarize_week(self.journal, self.week)
        await self._draw_evidence()
        await self._load_form(self._drafts.get(self.week) or Draft.of(self.summary.saved))
        self._update_saved_note()

    # -- drawing the evidence ----------------------------------------------------------------

    async def _draw_evidence(self) -> None:
        summary = self.summary
        assert summary is not None
        this_week = IsoWeek.of(self.journal.today())
        self.title = "Weekly review"
        self.sub_title = f"{summary.week} · {relative_week(summary.week, this_week)}"
        self.query_one("#review-heading", Static).update(
            Content.assemble(
                (str(summary.week), "bold $text-primary"),
                "  ",
                week_range(summary.week),
                (f"  ({relative_week(summary.week, this_week)})", "$text-muted"),
            )
        )
        self._draw_people(summary)
        await self._draw_series(summary)
        self._draw_lists(summary)
        await self._draw_kept(summary)

    def _draw_people(self, summary: WeekSummary) -> None:
        totals = Content.assemble(
            (f"Reached {summary.reached} of {summary.pond_size}", "bold"),
            " in your pond · ",
            f"{duration(summary.total_minutes)} over {summary.touchpoints} "
            f"touchpoint{'s' if summary.touchpoints != 1 else ''}",
            f" · offline {percent(summary.offline_share)}",
        )
        self.query_one("#review-totals", Static).update(totals)
        table = self.query_one("#review-people", DataTable)
        table.clear()
        for row in summary.people:
            genuine = f"{row.genuine}" + (f" · {row.automated} automated" if row.automated else "")
            # DataTable measures rich Text; Text(...) is literal, so a name is never read as markup.
            table.add_row(
                Text(_name_cell(row.person.name).plain),
                Text(str(row.touchpoints)),
                Text(duration(row.minutes)),
                Text(duration(row.offline_minutes) if row.offline_minutes else "–"),
                Text(genuine),
                key=row.person.uid,
            )
        table.display = bool(summary.people)
        empty = self.query_one("#review-no-people", Static)
        empty.update("No touchpoints logged this week." if not summary.people else "")
        empty.display = not summary.people

    async def _draw_series(self, summary: WeekSummary) -> None:
        container = self.query_one("#review-series", Vertical)
        existing = list(container.query(SeriesRow))
        if [row.uid for row in existing] == [person.uid for person in summary.pond] and existing:
            for row, person in zip(existing, summary.pond, strict=True):
                row.update(person.name, summary.series.get(person.uid, []))
            return
        await container.remove_children()
        if summary.pond:
            await container.mount_all(
                SeriesRow(person.uid, person.name, summary.series.get(person.uid, []))
                for person in summary.pond
            )
        else:
            await container.mount(Static(Content.styled("Nobody in your pond yet.", "$text-muted")))

    def _draw_lists(self, summary: WeekSummary) -> None:
        if summary.drifting:
            drifting = Content("\n").join(
                Content.assemble((shown(person.name), "bold"), (" — " + drift.reason, "$text-muted"))
                for person, drift in summary.drifting
            )
        else:
            drifting = Content.styled(
                "Nobody in your pond is past their cadence or usual gap.", "$text-muted"
            )
        self.query_one("#review-drifting", Static).update(drifting)
        if summary.one_sided:
            leaning = Content("\n").join(
                Content.assemble((shown(person.name), "bold"), (" — " + lean_phrase(lean), "$text-muted"))
                for person, lean in summary.one_sided
            )
        else:
            leaning = Content.styled("Nothing leans far one way in the last 90 days.", "$text-muted")
        self.query_one("#review-one-sided", Static).update(leaning)

    async def _draw_kept(self, summary: WeekSummary) -> None:
        container = self.query_one("#review-kept", Vertical)
        existing = list(container.query(KeptCheckbox))
        wanted = summary.last_week_intentions
        if existing and [box.intention_uid for box in existing] == [i.uid for i, _ in wanted]:
            for box, (intention, _) in zip(existing, wanted, strict=True):
                box.label = Content(intention_line(intention, summary))
            return  # same intentions: keep the boxes (and the focus); _load_form sets the ticks
        await container.remove_children()
        if wanted:
            await container.mount_all(
                KeptCheckbox(intention.uid, Content(intention_line(intention, summary)), kept)
                for intention, kept in wanted
            )
        else:
            await container.mount(Static(Content.styled("No intentions were set last week.", "$text-muted")))

    # -- the form ----------------------------------------------------------------------------

    async def _load_form(self, draft: Draft) -> None:
        summary = self.summary
        assert summary is not None
        answers = dict(draft.answers)
        for key in REVIEW_PROMPTS:
            area = self.query_one(f"#answer-{key}", TextArea)
            if area.text != answers.get(key, ""):
                area.load_text(answers.get(key, ""))
        last_week = {intention.uid for intention, _ in summary.last_week_intentions}
        for box in self.query(KeptCheckbox):
            if box.intention_uid in last_week:
                with box.prevent(Checkbox.Changed):
                    box.value = box.intention_uid in draft.kept
        await self.query_one(IntentionEditor).load(draft.intentions, summary.pond, summary.names)

    def current_draft(self) -> Draft:
        """What the form holds now."""
        answers = {key: self.query_one(f"#answer-{key}", TextArea).text for key in REVIEW_PROMPTS}
        saved = self.summary.saved if self.summary is not None else None
        if saved is not None:  # answers to prompts this version does not ask are kept as they were
            answers.update({k: v for k, v in saved.answers.items() if k not in REVIEW_PROMPTS})
        kept = {box.intention_uid for box in self.query(KeptCheckbox) if box.value}
        if saved is not None:  # ticks for intentions no longer in last week's review are left alone
            shown = {box.intention_uid for box in self.query(KeptCheckbox)}
            kept |= saved.kept - shown
        return Draft.make(answers, kept, self.query_one(IntentionEditor).intentions)

    @property
    def dirty(self) -> bool:
        """The form differs from what is saved for this week."""
        if self.summary is None:
            return False
        return self.current_draft() != Draft.of(self.summary.saved)

    def _stash_draft(self) -> None:
        if self.dirty:
            self._drafts[self.week] = self.current_draft()
        else:
            self._drafts.pop(self.week, None)

    def _unsaved_weeks(self) -> list[IsoWeek]:
        self._stash_draft()
        return sorted(self._drafts)

    def _update_saved_note(self) -> None:
        summary = self.summary
        assert summary is not None
        saved = summary.saved
        if saved is None:
            note = "Not saved yet · ctrl+s saves this week's review"
        elif saved.updated_at is not None:
            when = saved.updated_at
            note = f"Saved {when:%a} {when.day} {when:%b %Y} at {when:%H:%M} · ctrl+s saves changes"
        else:
            note = "Saved · ctrl+s saves changes"
        if self.dirty:
            note = "Unsaved changes · " + note
        self.query_one("#review-saved", Static).update(user_content(note))

    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(IntentionEditor.Changed)
    def _form_changed(self) -> None:
        if self.summary is not None:
            self._update_saved_note()
            self.typed()

    # -- the unsaved-changes guard -----------------------------------------------------------

    def unsaved_drafts(self) -> dict[str, DraftFields]:
        if self.summary is None or not self.is_mounted:
            return {}
        return {f"review:{week}": self._drafts[week].fields() for week in self._unsaved_weeks()}

    def unsaved_summary(self) -> str:
        weeks = self._unsaved_weeks()
        if len(weeks) == 1:
            return f"the review of {weeks[0]}"
        return "the reviews of " + ", ".join(str(week) for week in weeks)

    def save_unsaved(self, done: Callable[[bool], None]) -> None:
        """Save every week with unsaved changes, in one write."""
        drafts = {week: self._drafts[week] for week in self._unsaved_weeks()}
        try:
            reviews = [make_review(week, dict(d.answers), d.intentions, d.kept) for week, d in drafts.items()]
        except ValidationError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            done(False)
            return

        def write() -> list[WeeklyReview]:
            return [self.journal.save_review(review) for review in reviews]

        def saved(_: list[WeeklyReview]) -> None:
            for week in drafts:
                self._drafts.pop(week, None)
            self._after_save()
            done(True)

        self.rj.write(write, saved, lambda _: done(False))

    def _after_save(self) -> None:
        if self.summary is not None:
            self.summary = summarize_week(self.journal, self.week)
        self._update_saved_note()
        self.keep_drafts()  # the saved weeks' drafts go; other weeks' stay

    # -- actions -----------------------------------------------------------------------------

    async def action_previous_week(self) -> None:
        await self.show_week(self.week.shift(-1))

    async def action_next_week(self) -> None:
        await self.show_week(self.week.shift(1))

    def action_save(self) -> None:
        """Store the week's review (answers, kept intentions, next week's intentions)."""
        draft = self.current_draft()
        week = self.week
        try:
            review = make_review(week, dict(draft.answers), draft.intentions, draft.kept)
        except ValidationError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            return

        def saved(stored: WeeklyReview) -> None:
            self._drafts.pop(week, None)
            self._after_save()
            self.notify(f"Saved the review of {stored.week}", markup=False)

        self.rj.write(lambda: self.journal.save_review(review), saved)

    async def action_this_week(self) -> None:
        await self.show_week(IsoWeek.of(self.journal.today()))

    def action_export_week(self) -> None:
        """Write this week's Markdown file into the export folder (what is saved, not the draft)."""
        from journal.report import export  # lazily: only an export needs it

        try:
            relative, text = export.week_export(self.journal, self.week)
            path = export.export_one_to_folder(
                self.journal, export.default_export_path(self.journal), relative, text
            )
        except (JournalError, OSError) as error:
            reason = error.message if isinstance(error, JournalError) else str(error)
            self.notify(reason, title="Export failed", severity="error", markup=False)
            return
        unsaved = " (unsaved changes are not in it: ctrl+s first)" if self.dirty else ""
        self.notify(f"{self.week} written to {path}{unsaved}", title="Exported", markup=False)

    def action_back(self) -> None:
        self.ask_before_leaving(lambda: self.dismiss(None))


class KeptCheckbox(Checkbox):
    """One of last week's intentions: ticked when it was kept."""

    def __init__(self, intention_uid: str, label: Content, value: bool) -> None:
        super().__init__(label, value, classes="kept")
        self.intention_uid = intention_uid


class SeriesRow(Horizontal):
    """One person's minutes per week for 12 weeks, on their own scale, with the total beside it."""

    def __init__(self, uid: str, name: str, series: list[int]) -> None:
        super().__init__(classes="series-row")
        self.uid = uid
        self._person_name = name
        self._series = series

    def compose(self) -> ComposeResult:
        yield Label(_name_cell(self._person_name), classes="series-name")
        yield WeeksSparkline(self._series, classes="series-line")
        yield Label(self._total(), classes="series-total")

    def _total(self) -> Content:
        total = sum(self._series)
        return Content(duration(total) if total else "–")

    def update(self, name: str, series: list[int]) -> None:
        self._person_name, self._series = name, series
        self.query_one(".series-name", Label).update(_name_cell(name))
        self.query_one(WeeksSparkline).data = series
        self.query_one(".series-total", Label).update(self._total())
