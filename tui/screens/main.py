"""The walkthrough screen: sidebar (scoreboard + indicator tree) and the panes, scored live.

The screen holds the current result in a reactive; the scoreboard, the tree and the panes bind to it and
redraw themselves when it changes. It is scored one way only: ``request_score`` runs the front door's
live road (``scoring.api.score_live``: the figures first, the findings a moment later) in a worker thread.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, Input, Tree

from scoring import api
from scoring.domain.models import Evaluation
from scoring.domain.numbers import NumberError
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import MARK, OPEN_STATUSES

from ..commands.catalog import screen_bindings
from ..messages import Edited, Jump, Scored
from ..panes import CheckPane, FundsPane, GoalsPane, IndicatorPane, ManagementPane, Pane
from ..places import Place
from ..session import ReadOnly, SaveFailed, Session, snapshot
from ..widgets.fields import parse_number
from ..widgets.footer import KeysFooter
from ..widgets.nav import NavTree, mark_of
from ..widgets.scoreboard import Scoreboard
from .modals import ExportModal, FormModal, confirm_delete

OPEN_MARKS = {MARK[status][0] for status in (*OPEN_STATUSES, "reason")}
"""The tree's marks of a row still waiting for the evaluator (Ctrl+N stops there): 缺, 评 (a tier), 错, 因."""
RECOVERY_DELAY = 0.4  # seconds of quiet before unsaved edits are written to the recovery file


def editing(action: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """An action that changes the evaluation: refused, with a word why, in a read-only session (another
    editor holds the file), so no structure edit or undo reaches a file this window may not save."""

    @functools.wraps(action)
    async def guarded(self: MainScreen, *args: Any) -> None:
        if self.session.read_only:
            self.notify(
                f"只读：{self.session.path} 正由{self.session.held_by_text()}编辑，不能修改",
                severity="warning",
            )
            return
        await action(self, *args)

    return guarded


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = screen_bindings()
    # below 100 columns the 复核 table takes the whole width (the sidebar says what its title line says)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy")]  # noqa: RUF012 (Textual's own declaration)

    result: reactive[EvaluationResult | None] = reactive(None, always_update=True, init=False, repaint=False)
    """The latest result of the scoring core (``always_update``: a new result is never compared with
    the old one field by field)."""

    def __init__(self, session: Session, start: Place | None = None) -> None:
        # the width's class from the start: the first resize then changes no class, where adding one
        # restyled every widget of the screen (a tenth of the time to the first screen)
        width = self.app.size.width
        super().__init__(
            classes=next(n for least, n in reversed(self.HORIZONTAL_BREAKPOINTS) if width >= least)
        )
        self.session = session
        self.place = start or Place("funds")
        self._scoring = False
        self._pending = False
        self._recovery_timer: Timer | None = None
        self.recovery_delay = RECOVERY_DELAY
        self._shown = False

    # --- layout -----------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        session = self.session
        yield Header(icon="")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield Scoreboard(id="scoreboard").data_bind(MainScreen.result)
                yield NavTree(session, id="nav").data_bind(MainScreen.result)
            with ContentSwitcher(id="panes", initial="funds"):
                yield FundsPane(session, id="funds").data_bind(MainScreen.result)
                yield GoalsPane(session, id="goals").data_bind(MainScreen.result)
                yield IndicatorPane(session, id="indicator").data_bind(MainScreen.result)
                yield ManagementPane(session, id="management").data_bind(MainScreen.result)
                yield CheckPane(session, id="check").data_bind(MainScreen.result)
        yield KeysFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, its widgets were styled as they were mounted: Textual's
        restyling of the whole screen then (a tenth of the time to the first screen) is skipped. Later
        resumes (back from a dialog) restyle as Textual does."""
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.query_one(NavTree).build()
        if self.session.read_only:  # another editor holds the file: look, do not touch
            self.query_one("#panes").disabled = True
        self._titles()
        self.goto_place(self.place)
        self.request_score()

    def _titles(self) -> None:
        self.title = f"绩效自评：{self.session.evaluation.evaluation.name}"
        state = "（只读）" if self.session.read_only else "（未保存）" if self.session.dirty else ""
        # the state first: a long title is cut at its end
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

    def _score_thread(self, frozen: Evaluation) -> None:
        """Figures first (shown at once), then the findings, unless the evaluator has typed again."""
        path = self.session.path
        try:
            stages = api.score_live(frozen, path, near=path)
            self.app.call_from_thread(self._scored, next(stages), False)
            if self._pending:  # a newer edit is waiting: its pass will bring the findings
                self.app.call_from_thread(self._scored, None, True)
                return
            result: EvaluationResult | Exception | None = next(stages)
        except Exception as exc:  # the core failed: keep the edits, say so
            result = exc
        self.app.call_from_thread(self._scored, result, True)

    def _scored(self, result: EvaluationResult | Exception | None, final: bool) -> None:
        if isinstance(result, Exception):
            self.notify(f"计分出错（修改已保留）：{result}", severity="error", title="计分")
        elif result is not None:
            if not final and self.result is not None:
                result.findings = self.result.findings  # until this pass's findings arrive
            self.result = result
            self.post_message(Scored(result, final))
        if final:
            self._scoring = False
            if self._pending:
                self._start_score()

    async def settled(self) -> None:
        """Wait until no scoring is running or pending (tests)."""
        while self._scoring or self._pending:
            await asyncio.sleep(0.002)

    # --- edits, unsaved state, recovery -------------------------------------------------------------------
    @on(Edited)
    def _edited(self, event: Edited) -> None:
        event.stop()
        if not self.session.dirty:
            self.session.changed()
            self._titles()
        if event.structure:
            self.query_one(NavTree).refresh_marks(self.result)
        self.request_score()
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(self.recovery_delay, self.write_recovery)

    def write_recovery(self) -> None:
        try:
            self.session.write_recovery()
        except OSError as exc:
            self.notify(f"无法写入恢复文件：{exc}", severity="warning")
        self._titles()

    # --- navigation ---------------------------------------------------------------------------------------
    def places(self) -> list[Place]:
        rows = [Place("indicator", i) for i in range(len(self.session.evaluation.indicators))]
        return [Place("funds"), Place("goals"), *rows, Place("management"), Place("check")]

    def goto_place(self, place: Place, focus: bool = True) -> None:
        self.query_one(IndicatorPane).flush()  # what the row's fields hold, before they show another row
        self.session.history.group = None  # typing here afresh is an edit of its own
        rows = len(self.session.evaluation.indicators)
        if place.section == "indicator" and rows and place.index >= rows:
            place = Place("management")
        self.place = place
        switcher = self.query_one(ContentSwitcher)
        switcher.current = place.section
        self.query_one("#body").set_class(place.section == "check", "-check")
        pane = self.query_one(f"#{place.section}", Pane)
        if isinstance(pane, IndicatorPane):
            pane.load(place.index)
        if self.result is not None:
            pane.show_result(self.result)
        pane.scroll_home(animate=False)
        tree = self.query_one(NavTree)
        tree.refresh_marks(self.result)  # rows added or deleted just now: the tree has them before the cursor
        tree.select_place(place)
        if focus:  # at once (Widget.focus waits a turn, and keys typed ahead would go to the pane left)
            if isinstance(pane, IndicatorPane):
                pane.focus_entry()
            elif isinstance(pane, ManagementPane) and pane.query(f"#r-{place.index}-score"):
                self.set_focus(pane.query_one(f"#r-{place.index}-score", Input))
            else:
                first = pane.first_field()
                if first is not None:
                    self.set_focus(first)

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

    async def catch_up(self) -> None:
        """Let the focused field take the keys it was handed before this command, then apply what the
        row's fields hold. On a busy machine keys typed ahead wait in the field while the command (a
        priority key) runs first: they landed on the next row, or missed the file saved."""
        keys_handled = getattr(self.app, "keys_handled", None)
        if keys_handled is not None:
            await keys_handled()
        await asyncio.sleep(0)  # the last one handled, not only taken from the queue
        self.query_one(IndicatorPane).flush()

    async def action_next_item(self) -> None:
        await self.catch_up()
        self._step(1)

    async def action_prev_item(self) -> None:
        await self.catch_up()
        self._step(-1)

    async def action_goto(self, section: str) -> None:
        await self.catch_up()
        index = self.place.index if self.place.section == "indicator" else 0
        self.goto_place(Place(section, index if section == "indicator" else 0))

    async def action_next_missing(self) -> None:
        await self.catch_up()
        rows = len(self.session.evaluation.indicators)
        start = self.place.index + 1 if self.place.section == "indicator" else 0
        for offset in range(rows):
            i = (start + offset) % rows
            if mark_of(self.result, i)[0] in OPEN_MARKS:
                self.goto_place(Place("indicator", i))
                return
        self.notify("所有指标均已填写", title="下一未完成")

    # --- undo / redo ----------------------------------------------------------------------------------------
    @editing
    async def action_undo(self) -> None:
        await self.catch_up()  # a keystroke not yet applied is the edit undone
        place = self.session.undo()
        if place is None:
            self.notify("没有可撤销的修改", title="撤销")
            return
        await self._restored(place)

    @editing
    async def action_redo(self) -> None:
        await self.catch_up()
        place = self.session.redo()
        if place is None:
            self.notify("没有可重做的修改", title="重做")
            return
        await self._restored(place)

    async def _restored(self, place: Place) -> None:
        """The evaluation was replaced (undo, redo): every pane shows it afresh, then the edit's place."""
        self.query_one(IndicatorPane).rows_changed()
        for pane in (FundsPane, GoalsPane, ManagementPane):
            await self.query_one(pane).reload()
        self.query_one(NavTree).build()
        self.post_message(Edited(structure=True))
        self.goto_place(place)

    # --- items and the table's structure ------------------------------------------------------------------
    def _pane(self) -> Pane:
        return self.query_one(f"#{self.place.section}", Pane)

    def _rows_pane(self) -> IndicatorPane | None:
        """The indicator pane when it is shown (the structure commands act on its row), else None (said)."""
        if self.place.section != "indicator":
            self.notify("请先进入绩效指标（F4），再对所在的指标行操作", title="指标结构")
            return None
        return self.query_one(IndicatorPane)

    @editing
    async def action_add(self) -> None:
        await self.catch_up()
        await self._pane().add_item()

    @work(exclusive=True, group="ask")
    @editing
    async def action_delete(self) -> None:
        await self.catch_up()
        deletion = self._pane().deletion()
        if deletion is None:
            self.notify("请先把光标放在要删除的项目上", title="删除")
            return
        if await self.app.push_screen_wait(confirm_delete(deletion.what)) == "delete":
            await deletion.apply()
            self.notify(f"已删除{deletion.what}；按 Ctrl+Z 撤销", title="删除")

    @editing
    async def action_move(self, delta: int) -> None:
        await self.catch_up()
        await self._pane().move_item(delta)

    @editing
    async def action_duplicate(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is not None:
            pane.duplicate()

    @editing
    async def action_rebalance(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is not None:
            pane.rebalance()

    @work(exclusive=True, group="ask")
    @editing
    async def action_add_group(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is None:
            return
        rows = self.session.evaluation.indicators
        level1 = pane.indicator.level1 if rows else "产出指标"
        answer = await self.app.push_screen_wait(
            FormModal(
                "添加分组",
                "在一级指标下添加二级指标（或新的一级指标）及其第一行；名称可改。",
                [("level1", "一级指标", level1), ("level2", "二级指标", "")],
                required=("level1",),
            )
        )
        if answer is not None:
            pane.add_group(answer["level1"], answer["level2"])

    @work(exclusive=True, group="ask")
    @editing
    async def action_rename_group(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is None or not self.session.evaluation.indicators:
            return
        ind = pane.indicator
        answer = await self.app.push_screen_wait(
            FormModal(
                "重命名分组",
                "改名对本一级（二级）指标下的所有行生效。",
                [("level1", "一级指标", ind.level1), ("level2", "二级指标", ind.level2)],
                required=("level1",),
            )
        )
        if answer is not None and (answer["level1"], answer["level2"]) != (ind.level1, ind.level2):
            pane.rename_group(answer["level1"], answer["level2"])

    @work(exclusive=True, group="ask")
    @editing
    async def action_level_weight(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is None or not self.session.evaluation.indicators:
            return
        level1 = pane.indicator.level1
        now = pane.declared_weights().get(level1)
        answer = await self.app.push_screen_wait(
            FormModal(
                "一级指标分值",
                f"一级指标「{level1}」的分值（自评表打印的分值）：",
                [("weight", "分值", "" if now is None else f"{now.normalize():f}")],
                required=("weight",),
                check=_weight_problem,
            )
        )
        if answer is not None:
            weight = parse_number(answer["weight"])
            assert weight is not None
            pane.set_level_weight(weight)

    @editing
    async def action_too_low(self) -> None:
        await self.catch_up()
        pane = self._rows_pane()
        if pane is not None and self.session.evaluation.indicators:
            box = pane.query_one("#i-too-low")
            box.parent.display = True  # type: ignore[union-attr]
            box.toggle()  # type: ignore[attr-defined]

    @editing
    async def action_add_goal(self) -> None:
        self.goto_place(Place("goals"), focus=False)
        await self.query_one(GoalsPane).add(goal=True)

    @editing
    async def action_add_task(self) -> None:
        self.goto_place(Place("goals"), focus=False)
        await self.query_one(GoalsPane).add(goal=False)

    @editing
    async def action_add_source(self) -> None:
        self.goto_place(Place("funds"), focus=False)
        await self.query_one(FundsPane).add_item()

    @editing
    async def action_add_review(self) -> None:
        self.goto_place(Place("management"), focus=False)
        await self.query_one(ManagementPane).add_item()

    def action_sidebar(self) -> None:
        self.query_one("#sidebar").toggle_class("-wide")

    # --- save / export --------------------------------------------------------------------------------------
    async def action_save(self) -> None:
        await self.catch_up()  # the last keys typed are in the file
        self._save_worker()

    @work(exclusive=True, group="save")
    async def _save_worker(self) -> None:
        await self.save()

    async def save(self) -> bool:
        """Save, asking first when the file changed on disk or may not be written; never overwrite silently.
        True when the edits are in a file (this one or one the evaluator chose)."""
        from .modals import DiffScreen, PathModal, changed_on_disk, read_only_file, save_as

        session = self.session
        if session.source is not None:  # read from a document: saved to a .toml file named first
            chosen = await self.app.push_screen_wait(save_as(session))
            if chosen is None:
                return False
            return self._saved(lambda: self._save_document(chosen))
        if session.read_only:
            self.notify(
                f"只读：{session.path} 正由{session.held_by_text()}编辑，不能保存", severity="warning"
            )
            return False
        over = False
        if session.changed_on_disk():
            choice = await self.app.push_screen_wait(changed_on_disk(session.path))
            while choice == "compare":
                await self.app.push_screen_wait(DiffScreen(session.compare()))
                choice = await self.app.push_screen_wait(changed_on_disk(session.path))
            if choice == "reload":
                session.reload()
                self.notify(f"已载入磁盘上的 {session.path}", title="载入")
                # a fresh screen on the file as loaded (switched by the app: this worker is this screen's)
                self.app.call_later(self.app.switch_screen, MainScreen(session, self.place))
                return False
            if choice != "keep":
                return False
            if session.path.exists():
                theirs = session.keep_theirs_beside()
                self.notify(f"磁盘上的版本已另存为 {theirs}", title="保存")
            over = True
        refusal = session.write_refusal()
        if refusal is not None:  # ask, never force
            if await self.app.push_screen_wait(read_only_file(session.path, refusal)) != "save_as":
                return False
            target = await self.app.push_screen_wait(
                PathModal("另存为", session.path.with_name(f"{session.path.stem}-副本.toml"))
            )
            if target is None:
                return False
            return self._saved(lambda: session.save_as(target))
        return self._saved(lambda: session.save(over_theirs=over))

    def _save_document(self, target: Path) -> str:
        note = self.session.save_as(target)
        self.session.source = None
        return note

    def _saved(self, save: Callable[[], str]) -> bool:
        try:
            note = save()
        except (SaveFailed, ReadOnly) as exc:
            self.notify(str(exc), severity="error", title="保存", timeout=12)
            return False
        self._titles()
        self.notify(
            note or f"已保存 {self.session.path}", title="保存", severity="warning" if note else "information"
        )
        return True

    async def action_export(self) -> None:
        await self.catch_up()
        modal = ExportModal(None, Path(self.session.path))
        self.app.push_screen(modal)  # at once: the keys typed next are the dialog's
        self._export(snapshot(self.session.evaluation), modal)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, frozen: Evaluation, modal: ExportModal) -> None:
        """Score afresh, findings included (the live result may still carry the previous keystroke's), off
        the screen's thread, and hand the result to the dialog."""
        path = self.session.path
        result = api.score(frozen, path, near=path)
        self.app.call_from_thread(modal.set_result, result)


def _weight_problem(answer: dict[str, str]) -> str | None:
    """Why a typed 分值 cannot be taken, or None."""
    try:
        weight = parse_number(answer["weight"])
    except NumberError as exc:
        return str(exc)
    if weight is None or not 0 <= weight <= 1000:
        return "分值应在 0 到 1000 之间"
    return None
