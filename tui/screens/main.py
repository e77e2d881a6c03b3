"""The walkthrough screen: sidebar (summary + indicator tree) and the panes, scored live."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Input, Tree

from scoring import api
from scoring.domain.models import Evaluation
from scoring.domain.results import EvaluationResult

from ..commands.catalog import screen_bindings
from ..messages import Edited, Jump
from ..session import Session, snapshot
from ..widgets.nav import NavTree, Place, mark_of
from ..widgets.panes import FundsPane, GoalsPane, IndicatorPane, Pane, ReviewPane, ReviewsPane

RECOVERY_DELAY = 0.4  # seconds of quiet before unsaved edits are written to the recovery file


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = screen_bindings()

    def __init__(self, session: Session, start: Place | None = None) -> None:
        super().__init__()
        self.session = session
        self.place = start or Place("funds")
        self._scoring = False
        self._pending = False
        self._recovery_timer: Timer | None = None
        self.score_count = 0
        self.last_core_seconds = 0.0
        self.last_apply_seconds = 0.0
        self.edit_started: float | None = None
        self.last_edit_seconds = 0.0
        self.last_findings_seconds = 0.0
        self.figures_shown = asyncio.Event()  # set when an edit's figures are on screen (benchmarks)

    # --- layout -----------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                from ..widgets.summary import Summary

                yield Summary(id="summary")
                yield NavTree(id="nav")
            with ContentSwitcher(id="panes", initial="funds"):
                yield FundsPane(self.session, id="funds")
                yield GoalsPane(self.session, id="goals")
                yield IndicatorPane(self.session, id="indicator")
                yield ReviewsPane(self.session, id="reviews")
                yield ReviewPane(self.session, id="review")
        yield Footer()

    def on_mount(self) -> None:
        if self.session.result is None:
            self.session.score()
        self.query_one(NavTree).build(self.session.evaluation, self.session.result)
        self._titles()
        self.goto_place(self.place)
        self._show(self.session.result)

    def _titles(self) -> None:
        self.title = f"绩效自评：{self.session.evaluation.evaluation.name}"
        state = "（未保存）" if self.session.dirty else ""  # first: a long title is cut at its end
        self.sub_title = f"{state}{self.session.path.name}"

    # --- scoring ------------------------------------------------------------------------------------------
    def request_score(self) -> None:
        """Rescore soon; keystrokes arriving while a score runs are folded into one more pass."""
        self._pending = True
        if not self._scoring:
            self._start_score()

    def _start_score(self) -> None:
        self._pending = False
        self._scoring = True
        frozen = snapshot(self.session.evaluation)
        self.run_worker(lambda: self._score_thread(frozen), thread=True, group="score", exit_on_error=False)

    def _score_thread(self, snapshot: Evaluation) -> None:
        """Figures first (shown at once), then the findings, unless the evaluator has typed again."""
        path = self.session.path
        start = time.perf_counter()
        try:
            stages = api.score_live(snapshot, path, near=path)
            figures = next(stages)
            self.last_core_seconds = time.perf_counter() - start
            self.app.call_from_thread(self._scored, figures, False)
            if self._pending:  # a newer edit is waiting: its pass will bring the findings
                self.app.call_from_thread(self._scored, None, True)
                return
            result: EvaluationResult | Exception | None = next(stages)
            self.last_findings_seconds = time.perf_counter() - start
        except Exception as exc:  # the core failed: keep the edits, say so
            result = exc
        self.app.call_from_thread(self._scored, result, True)

    def _scored(self, result: EvaluationResult | Exception | None, final: bool) -> None:
        if isinstance(result, Exception):
            self.notify(f"计分出错（修改已保留）：{result}", severity="error", title="计分")
        elif result is not None:
            start = time.perf_counter()
            previous = self.session.result
            if not final and previous is not None:
                result.findings = previous.findings  # until this pass's findings arrive
            self.session.result = result
            self._show(result)
            self.last_apply_seconds = time.perf_counter() - start
            if not final:
                if self.edit_started is not None and not self._pending:
                    self.last_edit_seconds = time.perf_counter() - self.edit_started
                    self.edit_started = None
                self.score_count += 1
                self.figures_shown.set()
        if final:
            self._scoring = False
            if self._pending:
                self._start_score()

    async def settled(self) -> None:
        """Wait until no scoring is running or pending (tests, benchmarks)."""
        while self._scoring or self._pending:
            await asyncio.sleep(0.002)

    def _show(self, result: EvaluationResult | None) -> None:
        from ..widgets.summary import Summary

        self.query_one(Summary).show(result)
        if result is None:
            return
        self.query_one(NavTree).refresh_marks(self.session.evaluation, result)
        current = self.query_one(ContentSwitcher).current
        if current:
            self.query_one(f"#{current}", Pane).show_result(result)

    # --- edits, unsaved state, recovery -------------------------------------------------------------------
    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        if not self.session.dirty:
            self.session.changed()
            self._titles()
        if self.edit_started is None:
            self.edit_started = time.perf_counter()
        if event.structure:
            self.query_one(NavTree).refresh_marks(self.session.evaluation, self.session.result)
        self.request_score()
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, self.write_recovery)

    def write_recovery(self) -> None:
        try:
            self.session.write_recovery()
        except OSError as exc:
            self.notify(f"无法写入恢复文件：{exc}", severity="warning")
        self._titles()

    # --- navigation ---------------------------------------------------------------------------------------
    def places(self) -> list[Place]:
        rows = [Place("indicator", i) for i in range(len(self.session.evaluation.indicators))]
        return [Place("funds"), Place("goals"), *rows, Place("reviews"), Place("review")]

    def goto_place(self, place: Place, focus: bool = True) -> None:
        rows = len(self.session.evaluation.indicators)
        if place.section == "indicator" and rows and place.index >= rows:
            place = Place("reviews")
        self.place = place
        switcher = self.query_one(ContentSwitcher)
        switcher.current = place.section
        pane = self.query_one(f"#{place.section}", Pane)
        if isinstance(pane, IndicatorPane):
            pane.load(place.index)
        if self.session.result is not None:
            pane.show_result(self.session.result)
        pane.scroll_home(animate=False)
        self.query_one(NavTree).select_place(place)
        if focus:
            if isinstance(pane, IndicatorPane):
                pane.focus_entry()
            elif isinstance(pane, ReviewsPane) and pane.query(f"#r-{place.index}-score"):
                pane.query_one(f"#r-{place.index}-score", Input).focus()
            else:
                first = pane.first_field()
                if first is not None:
                    first.focus()

    @on(Jump)
    def _jump(self, event: Jump) -> None:
        event.stop()
        self.goto_place(event.place)

    @on(Tree.NodeSelected, "#nav")
    def _nav(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        if event.node.data is not None:
            self.goto_place(event.node.data)

    def _step(self, delta: int) -> None:
        places = self.places()
        place = self.place if self.place.section == "indicator" else Place(self.place.section)
        try:
            here = places.index(place)
        except ValueError:
            here = 0
        self.goto_place(places[max(0, min(len(places) - 1, here + delta))])

    def action_next_item(self) -> None:
        self._step(1)

    def action_prev_item(self) -> None:
        self._step(-1)

    def action_goto(self, section: str) -> None:
        index = self.place.index if self.place.section == "indicator" else 0
        self.goto_place(Place(section, index if section == "indicator" else 0))

    def action_next_missing(self) -> None:
        rows = len(self.session.evaluation.indicators)
        start = self.place.index + 1 if self.place.section == "indicator" else 0
        for offset in range(rows):
            i = (start + offset) % rows
            if mark_of(self.session.result, i)[0] in ("缺", "因", "错"):
                self.goto_place(Place("indicator", i))
                return
        self.notify("所有指标均已填写", title="下一未完成")

    async def action_add_goal(self) -> None:
        self.goto_place(Place("goals"), focus=False)
        await self.query_one(GoalsPane).add(goal=True)

    # --- save / export --------------------------------------------------------------------------------------
    def action_save(self) -> None:
        try:
            self.session.save()
        except OSError as exc:
            self.notify(f"保存失败：{exc}（修改仍在恢复文件中）", severity="error", title="保存")
            return
        self._titles()
        self.notify(f"已保存 {self.session.path}", title="保存")

    def action_export(self) -> None:
        from .modals import ExportModal

        session = self.session
        # scored afresh, findings included: the live result may still carry the previous keystroke's
        result = api.score(session.evaluation, session.path, near=session.path)
        self.app.push_screen(ExportModal(result, Path(session.path)))
