"""The walkthrough panes: header and funds, goals/tasks, one indicator, review items, the review table.

Panes edit ``session.evaluation`` in place and post ``Edited``; the screen rescores (through the scoring
core) and hands the result back with ``show_result``. Input handlers compare with the model first, so
values set programmatically are never mistaken for edits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from scoring import api
from scoring.domain.models import YEARS, Funds, FundSource, Goal, Indicator, Task
from scoring.domain.numbers import NumberError, to_decimal
from scoring.domain.results import EvaluationResult, IndicatorResult
from scoring.domain.results import Place as ResultPlace
from scoring.domain.vocabulary import FUND_SOURCE_NAMES, GRID_COLUMNS, SEVERITY, TIERS, status_label

from ..messages import Edited, Jump
from ..session import Session
from ..text import num, pct, safe, score, update_static
from .nav import Place

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
PANE_OF_SECTION = {
    "header": "funds",
    "funds": "funds",
    "sources": "funds",
    "goals": "goals",
    "tasks": "goals",
    "indicator": "indicator",
    "review": "management",
}
"""Where the evaluator mends a finding of each section of an evaluation (``total``: nowhere in particular)."""


def row(label: str, *widgets: Widget, classes: str = "") -> Horizontal:
    return Horizontal(Label(label, classes="label"), *widgets, classes=f"row {classes}".strip())


class Field(Input):
    """A one-line entry that carries its own help (F1 shows the focused widget's ``help_text``)."""

    def __init__(self, *, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.help_text = help_text


def field(id: str, value: str = "", placeholder: str = "", help: str = "") -> Field:
    return Field(
        value=value, placeholder=placeholder, id=id, compact=True, select_on_focus=False, help_text=help
    )


def parse_number(text: str, *, money: bool = False) -> Decimal | None:
    """None for an empty field; raises NumberError (Chinese) for anything that is not a number."""
    text = text.strip()
    if not text:
        return None
    return to_decimal(text, money=money)


class EnterCheckbox(Checkbox):
    """Space toggles; Enter moves on (Enter advances everywhere in the walkthrough)."""

    help_text = "不适用：空格切换。不适用的指标不计分，总分按百分制折算，须说明原因。"
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "切换", show=False),
        Binding("enter", "app.focus_next", "下一个", show=False),
    ]


class TierSet(RadioSet):
    """Arrows move, Space picks, Enter picks the highlighted tier and moves on."""

    help_text = f"定性档次：上下键选择 {' / '.join(TIERS)}，回车或空格确定，再在“评分”中填写档次内的分数。"
    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "next_button", "下一档", show=False),
        Binding("up,left", "previous_button", "上一档", show=False),
        Binding("space", "toggle_button", "选择", show=False),
        Binding("enter", "pick", "选择并前进", show=False),
    ]

    def on_focus(self) -> None:
        if self._selected is None:
            self._selected = max(self.pressed_index, 0)

    def action_pick(self) -> None:
        self.action_toggle_button()
        self.call_after_refresh(self.screen.focus_next)


class Pane(VerticalScroll):
    """A walkthrough pane bound to the session; its ``result`` is bound to the screen's."""

    can_focus = False
    result: reactive[EvaluationResult | None] = reactive(None, always_update=True, init=False)

    def watch_result(self, result: EvaluationResult | None) -> None:
        if result is not None and self.display:  # hidden panes catch up when shown (``goto_place``)
            self.show_result(result)

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def show_result(self, result: EvaluationResult) -> None:
        """Refresh the figures computed by the scoring core."""

    # PgDn / PgUp are 下一项 / 上一项 (the screen's bindings): a pane taller than the terminal (80x24, long
    # messages) would otherwise take them to scroll, for ever, and the walkthrough would be stuck on it
    def action_page_down(self) -> None:
        raise SkipAction()

    def action_page_up(self) -> None:
        raise SkipAction()

    def first_field(self) -> Widget | None:
        for widget in self.query("Input, RadioSet, Checkbox, Button, DataTable, OptionList"):
            if widget.focusable and widget.display:
                return widget
        return None

    def edited(self, structure: bool = False) -> None:
        self.post_message(Edited(structure))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    def advance(self, box: Input) -> None:
        """Enter in a field: on to the next one."""
        self.screen.focus_next()


# --- header and funds -----------------------------------------------------------------------------------


MONEY_FIELDS = (
    ("initial", "年初预算数", "年初预算数（万元）：只填数字，如 83.65；也可写 50000元，将换算为万元。"),
    ("annual", "全年预算数", "全年预算数（万元）：执行率 = 全年执行数 / 全年预算数。"),
    ("executed", "全年执行数", "全年执行数（万元）：输入即更新执行率及其得分。"),
)
"""The funds block's amounts: the model's field, the column heading, the field's help."""


class FundsPane(Pane):
    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        head = ev.evaluation
        funds = ev.funds
        yield Static("基本信息", classes="title")
        yield row("名称", field("h-name", head.name))
        if head.kind == "project":
            yield row("主管部门", field("h-authority", head.authority or ""))
        yield row("实施单位", field("h-implementer", head.implementer or ""))
        yield row("年度", field("h-year", str(head.year)))
        yield Static("资金情况（万元）", classes="title")
        yield Horizontal(
            Label("", classes="label"),
            *(Label(name, classes="money-head") for _, name, _ in MONEY_FIELDS),
            classes="row",
        )
        yield row(
            "资金总额",
            *(
                field(f"f-{key}", num(getattr(funds, key)) if funds else "", "万元", help)
                for key, _, help in MONEY_FIELDS
            ),
            classes="money",
        )
        for i, source in enumerate(funds.sources if funds else []):
            yield row(
                safe(source.name)[:5],
                *(field(f"s-{i}-{key}", num(getattr(source, key)), "万元") for key, _, _ in MONEY_FIELDS),
                classes="money",
            )
        yield Static("", id="f-live", classes="live")
        yield Static("", id="f-msg", classes="message")
        yield row(
            "偏差原因", field("f-reason", (funds.reason or "") if funds else "", "执行率偏低时说明原因")
        )
        yield Button("添加资金来源（财政拨款等）", id="add-source", compact=True)

    def show_result(self, result: EvaluationResult) -> None:
        ex = result.execution
        live = Text()
        live.append("执行率 ", style="dim")
        live.append(pct(ex.rate) if ex and ex.rate is not None else "-", style="bold")
        live.append("   得分 ", style="dim")
        live.append(score(ex.score) if ex and ex.score is not None else "-", style="bold")
        live.append(f" / {num(ex.weight)}" if ex else "")
        update_static(self.query_one("#f-live", Static), live)

    def _funds(self) -> Funds:
        """The evaluation's funds block, created at the first amount typed."""
        ev = self.session.evaluation
        if ev.funds is None:
            ev.funds = Funds()
        return ev.funds

    def _message(self, text: str) -> None:
        update_static(self.query_one("#f-msg", Static), Text(text, style="bold red") if text else "")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        box = event.input
        key = box.id or ""
        ev = self.session.evaluation
        head = ev.evaluation
        value = event.value
        if key.startswith("h-"):
            name = key[2:]
            if name == "year":
                try:
                    year = int(value.strip())
                    if year not in YEARS:
                        raise ValueError
                except ValueError:
                    box.add_class("-invalid")
                    self._message(f"年度“{value}”无效：应填写四位年份（如 2023）；原值 {head.year} 保留")
                    return
                box.remove_class("-invalid")
                self._message("")
                if year != head.year:
                    head.year = year
                    self.edited()
                return
            current = getattr(head, name)
            new = value if name == "name" else (value or None)
            if new != current:
                setattr(head, name, new)
                self.edited()
            return
        if key == "f-reason":
            if ev.funds is not None and (ev.funds.reason or "") != value:
                ev.funds.reason = value or None
                self.edited()
            return
        if key.startswith(("f-", "s-")):
            try:
                amount = parse_number(value, money=True)
            except NumberError as exc:
                box.add_class("-invalid")
                self._message(f"{exc}（已保留您输入的内容，改正后自动计分）")
                return
            box.remove_class("-invalid")
            if not self.query("Input.-invalid"):
                self._message("")
            funds = self._funds()
            parts = key.split("-")
            target: object = funds if parts[0] == "f" else funds.sources[int(parts[1])]
            name = parts[-1]
            if getattr(target, name) != amount:
                setattr(target, name, amount)
                self.edited()

    @on(Button.Pressed, "#add-source")
    async def _add_source(self, event: Button.Pressed) -> None:
        event.stop()
        funds = self._funds()
        used = {s.name for s in funds.sources}
        name = next((n for n in FUND_SOURCE_NAMES if n not in used), f"其他资金{len(used) + 1}")
        funds.sources.append(FundSource(name=name))
        self.edited()
        await self.recompose()
        if self.result is not None:
            self.show_result(self.result)
        self.query_one(f"#s-{len(funds.sources) - 1}-initial", Input).focus()


# --- goals and tasks ------------------------------------------------------------------------------------


class GoalsPane(Pane):
    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        label = "年度总体目标" if ev.evaluation.kind == "project" else "年度履职目标"
        yield Static(label, classes="title")
        if not ev.goals:
            yield Static("尚无目标：按“添加目标”填写批复的年度目标及实际完成情况。", classes="hint")
        for i, goal in enumerate(ev.goals):
            yield Static(safe(goal.name or f"目标 {i + 1}"), classes="subtitle")
            yield row("预期目标", field(f"goal-{i}-expected", goal.expected, "批复的年度目标"))
            yield row("实际完成", field(f"goal-{i}-actual", goal.actual, "实际完成情况"))
        yield Button("添加目标", id="add-goal", compact=True)
        if ev.evaluation.kind == "department" or ev.tasks:
            yield Static("年度主要任务", classes="title")
            for i, task in enumerate(ev.tasks):
                yield Static(safe(task.name or f"任务 {i + 1}"), classes="subtitle")
                yield row("任务内容", field(f"task-{i}-content", task.content))
                yield row("实际完成", field(f"task-{i}-actual", task.actual))
            yield Button("添加任务", id="add-task", compact=True)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        kind, index, name = (event.input.id or "--").split("-", 2)
        items: list[Goal] | list[Task] = (
            self.session.evaluation.goals if kind == "goal" else self.session.evaluation.tasks
        )
        item = items[int(index)]
        if getattr(item, name) != event.value:
            setattr(item, name, event.value)
            self.edited()

    @on(Button.Pressed, "#add-goal, #add-task")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add(event.button.id == "add-goal")

    async def add(self, goal: bool = True) -> None:
        ev = self.session.evaluation
        if goal:
            ev.goals.append(Goal(name=f"目标 {len(ev.goals) + 1}"))
            first = f"#goal-{len(ev.goals) - 1}-expected"
        else:
            ev.tasks.append(Task(name=f"任务 {len(ev.tasks) + 1}"))
            first = f"#task-{len(ev.tasks) - 1}-content"
        self.edited()
        await self.recompose()
        self.query_one(first, Input).focus()


# --- one indicator --------------------------------------------------------------------------------------


class IndicatorPane(Pane):
    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(session, **kwargs)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="i-title", classes="title")
        yield row("三级指标", field("i-level3", placeholder="指标名称"))
        yield row(
            "年度指标值",
            field(
                "i-target",
                placeholder="如 >=90%、<=10万元、9月前、达成预期",
                help="年度指标值：照批复填写，如 >=90%、<=10万元、=112套、90%-110%、2023年9月前，"
                "或定性描述（如 达成预期）。下方“解读”显示程序的理解（方向、数值、单位、截止日期）。",
            ),
        )
        yield Static("", id="i-target-reading", classes="reading")
        yield row("分值", Static("", id="i-weight"))
        yield row(
            "实际完成值",
            field(
                "i-actual",
                placeholder="如 95%、8万元、2023年8月20日",
                help="实际完成值：填写实际数，如 95%、8万元、112套、2023年8月20日。"
                "输入即计分，得分与偏差度随之更新。",
            ),
        )
        yield Static("", id="i-actual-reading", classes="reading")
        yield row(
            "定性档次",
            TierSet(
                *(RadioButton(t, id=f"tier-{n}") for n, t in enumerate(TIERS)), id="i-tier", compact=True
            ),
            classes="qual",
        )
        yield row(
            "评分",
            field(
                "i-score",
                placeholder="档次内的分数",
                help="评分：定性指标在所选档次范围内打分（如 部分达成 为分值的 60% 至 80%）。",
            ),
            Static("", id="i-band"),
            classes="qual",
        )
        yield row("适用", EnterCheckbox("不适用（剔除，总分折算）", id="i-na", compact=True))
        yield Static("", id="i-live", classes="live")
        yield row(
            "偏差原因",
            field(
                "i-reason",
                placeholder="偏差原因分析及改进措施",
                help="偏差原因：得分低于分值、不适用或超额完成时须填写偏差原因分析及改进措施。回车进入下一项。",
            ),
            classes="reason",
        )
        yield Static("", id="i-msg", classes="message")

    @property
    def indicator(self) -> Indicator:
        return self.session.evaluation.indicators[self.index]

    def load(self, index: int) -> None:
        """Show row ``index`` (values set here are not edits: the handlers compare with the model)."""
        rows = self.session.evaluation.indicators
        if not rows:
            update_static(self.query_one("#i-title", Static), "此自评没有绩效指标")
            return
        self.index = max(0, min(index, len(rows) - 1))
        ind = self.indicator
        title = Text()
        title.append(f"第 {self.index + 1}/{len(rows)} 项  ", style="bold")
        title.append(safe(" / ".join(p for p in (ind.level1, ind.level2) if p)))
        update_static(self.query_one("#i-title", Static), title)
        self.query_one("#i-level3", Input).value = ind.level3
        self.query_one("#i-target", Input).value = ind.target
        self.query_one("#i-actual", Input).value = ind.actual or ""
        self.query_one("#i-score", Input).value = num(ind.score)
        self.query_one("#i-reason", Input).value = ind.reason or ""
        update_static(self.query_one("#i-weight", Static), num(ind.weight))
        self.query_one("#i-na", Checkbox).value = not ind.applicable
        tier_set = self.query_one("#i-tier", RadioSet)
        for n, tier in enumerate(TIERS):
            button = self.query_one(f"#tier-{n}", RadioButton)
            if button.value != (ind.tier == tier):
                button.value = ind.tier == tier
        tier_set.refresh()
        update_static(self.query_one("#i-msg", Static), "")
        self._readings()
        if self.result is not None:
            self.show_result(self.result)

    def focus_entry(self) -> None:
        """Focus where typing starts: the target when empty, else the actual (or the tier)."""
        ind = self.indicator if self.session.evaluation.indicators else None
        if ind is None:
            return
        if not ind.target.strip():
            self.query_one("#i-target", Input).focus()
        elif self._qualitative():
            self.query_one("#i-tier", RadioSet).focus()
        else:
            self.query_one("#i-actual", Input).focus()

    def _row_result(self) -> IndicatorResult | None:
        result = self.result
        if result is None or self.index >= len(result.indicators):
            return None
        return result.indicators[self.index]

    def _qualitative(self) -> bool:
        """Scored by a tier and a score: the rule the scoring core gave the row says so."""
        row_result = self._row_result()
        return row_result is not None and row_result.rule in ("qualitative", "manual")

    def _band(self) -> tuple[Decimal, Decimal] | None:
        """The points of the chosen tier's band, as the scoring core bounds it (from the last result)."""
        row_result = self._row_result()
        return row_result.band if row_result is not None and self.indicator.tier is not None else None

    def _show_tiers(self) -> None:
        qualitative = self._qualitative()
        for widget in self.query(".qual"):
            widget.display = qualitative
        band = self._band()
        tier = self.indicator.tier
        update_static(
            self.query_one("#i-band", Static),
            Text(f" {tier}：{score(band[0])} 至 {score(band[1])} 分", style="dim") if band else "",
        )

    def _readings(self) -> None:
        ind = self.indicator
        year = self.session.evaluation.evaluation.year
        target = api.read_target(ind.target, year)
        reading = Text("解读：", style="dim")
        reading.append(target.render(), style="red" if target.kind == "invalid" else "cyan")
        if target.error:
            reading.append("\n" + safe(target.error), style="red")
        update_static(self.query_one("#i-target-reading", Static), reading)
        actual_box = self.query_one("#i-actual", Input)
        actual = api.read_actual(actual_box.value, year)
        reading = Text("解读：", style="dim")
        reading.append(actual.render(), style="red" if actual.kind == "invalid" else "cyan")
        if actual.error:
            reading.append("\n" + safe(actual.error), style="red")
        update_static(self.query_one("#i-actual-reading", Static), reading)
        actual_box.set_class(actual.kind == "invalid", "-invalid")
        self._show_tiers()

    def show_result(self, result: EvaluationResult) -> None:
        if self.index >= len(result.indicators):
            return
        row_result = result.indicators[self.index]
        self._show_tiers()
        live = Text()
        live.append("得分 ", style="dim")
        live.append(score(row_result.score) or "-", style="bold")
        live.append(f"/{num(row_result.weight)}")
        live.append("  偏差度 ", style="dim")
        live.append(pct(row_result.deviation) or "-", style="bold")
        live.append("  ")
        live.append(status_label(row_result.status, row_result.score), style="bold")
        update_static(self.query_one("#i-live", Static), live)
        needs = row_result.reason_missing
        reason_row = self.query_one(".reason", Horizontal)
        reason_row.set_class(needs, "-demanded")
        messages = [
            f.message
            for f in result.findings
            if f.place == ResultPlace(section="indicator", index=self.index) and f.severity != "info"
        ]
        if needs:
            messages.insert(0, "须填写偏差原因分析及改进措施")
        update_static(
            self.query_one("#i-msg", Static),
            Text("\n".join(safe(m) for m in dict.fromkeys(messages)), style="yellow") if messages else "",
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if not self.session.evaluation.indicators:
            return
        ind = self.indicator
        key = event.input.id
        value = event.value
        if key == "i-level3":
            if value != ind.level3:
                ind.level3 = value
                self.edited(structure=True)
            return
        if key == "i-target":
            if value != ind.target:
                ind.target = value
                self._readings()
                self.edited()
            return
        if key == "i-actual":
            if (value or None) != ind.actual:
                ind.actual = value or None
                self._readings()
                self.edited()
            return
        if key == "i-reason":
            if (value or None) != ind.reason:
                ind.reason = value or None
                self.edited()
            return
        if key == "i-score":
            try:
                points = parse_number(value)
            except NumberError as exc:
                event.input.add_class("-invalid")
                update_static(
                    self.query_one("#i-msg", Static), Text(f"{exc}（已保留您输入的内容）", style="bold red")
                )
                return
            event.input.remove_class("-invalid")
            if points != ind.score:
                ind.score = points
                self.edited()

    @on(RadioSet.Changed, "#i-tier")
    def _tier(self, event: RadioSet.Changed) -> None:
        tier = TIERS[event.index] if event.index >= 0 else None
        if tier != self.indicator.tier:
            self.indicator.tier = tier
            self._readings()
            self.edited()

    @on(Checkbox.Changed, "#i-na")
    def _na(self, event: Checkbox.Changed) -> None:
        applicable = not event.value
        if applicable != self.indicator.applicable:
            self.indicator.applicable = applicable
            self.edited()

    def advance(self, box: Input) -> None:
        """After 偏差原因, Enter moves on to the next indicator."""
        if box.id == "i-reason":
            self.post_message(Jump(Place("indicator", self.index + 1)))
        else:
            super().advance(box)


# --- review items (资金管理情况) --------------------------------------------------------------------------


class ManagementPane(Pane):
    """资金管理情况: the evaluator scores each item (out of range is the scoring core's finding)."""

    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        yield Static("资金管理情况（评价人打分）", classes="title")
        if not ev.reviews:
            yield Static("此自评没有资金管理情况项目。", classes="hint")
        for i, item in enumerate(ev.reviews):
            yield Static(f"{safe(item.name)}（分值 {num(item.weight)}）", classes="subtitle")
            yield row("得分", field(f"r-{i}-score", num(item.score), f"0 至 {num(item.weight)}"))
            yield Static("", id=f"r-{i}-msg", classes="message -empty")  # said under the score typed
            yield row("情况说明", field(f"r-{i}-note", item.note))
            yield row("问题与改进", field(f"r-{i}-problem", item.problem))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        _, index, name = (event.input.id or "--").split("-", 2)
        item = self.session.evaluation.reviews[int(index)]
        if name == "score":
            msg = self.query_one(f"#r-{index}-msg", Static)
            try:
                points = parse_number(event.value)
            except NumberError as exc:
                event.input.add_class("-invalid")
                msg.update(Text(f"{exc}（已保留您输入的内容）", style="bold red"))
                msg.remove_class("-empty")
                msg.add_class("-typing")
                return
            msg.remove_class("-typing")
            if points != item.score:
                item.score = points
                self.edited()
            elif self.result is not None:
                self.show_result(self.result)
        elif getattr(item, name) != event.value:
            setattr(item, name, event.value)
            self.edited()

    def show_result(self, result: EvaluationResult) -> None:
        """Each item's errors (a score beyond 0..分值 …) said right under its score."""
        for i in range(len(self.session.evaluation.reviews)):
            place = ResultPlace(section="review", index=i)
            errors = [f.message for f in result.findings if f.place == place and f.severity == "error"]
            box = self.query_one(f"#r-{i}-score", Input)
            msg = self.query_one(f"#r-{i}-msg", Static)
            if msg.has_class("-typing"):  # a number that cannot be read is said until it is mended
                continue
            box.set_class(bool(errors), "-invalid")
            update_static(msg, Text("\n".join(safe(m) for m in errors), style="bold red") if errors else "")
            msg.set_class(not errors, "-empty")


# --- the review screen (复核): the official table, total, grade, findings ----------------------------------


class CheckPane(Pane):
    def compose(self) -> ComposeResult:
        yield Static("", id="v-total", classes="title")
        table: DataTable[str | Text] = DataTable(id="v-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("问题清单（回车跳转到该行）", classes="subtitle")
        yield OptionList(id="v-findings")

    def on_mount(self) -> None:
        table = self.query_one("#v-table", DataTable)
        for name in GRID_COLUMNS:
            table.add_column(name, key=name)

    def show_result(self, result: EvaluationResult) -> None:
        total = Text()
        total.append("总分 ", style="dim")
        total.append(score(result.total) or "-", style="bold")
        total.append("  等级 ", style="dim")
        total.append(result.grade or "-", style="bold")
        total.append(f"  错误 {result.errors}  警告 {result.warnings}", style="dim")
        update_static(self.query_one("#v-total", Static), total)
        table = self.query_one("#v-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        ex = result.execution
        if ex is not None:
            table.add_row(
                "预算执行率",
                "",
                "",
                num(ex.annual),
                num(ex.executed),
                num(ex.weight),
                score(ex.score),
                pct(ex.rate),
                "",
                key="funds",
            )
        for i, item in enumerate(result.reviews):
            table.add_row(
                "资金管理情况",
                "",
                safe(item.name),
                "",
                "",
                num(item.weight),
                score(item.score),
                "",
                "",
                key=f"review-{i}",
            )
        for i, ind in enumerate(result.indicators):
            table.add_row(
                safe(ind.level1),
                safe(ind.level2),
                safe(ind.level3)[:24],
                safe(ind.target),
                safe(ind.actual or ""),
                num(ind.weight),
                score(ind.score),
                pct(ind.deviation),
                status_label(ind.status, ind.score),
                key=f"ind-{i}",
            )
        if 0 <= cursor < table.row_count:
            table.move_cursor(row=cursor)
        findings = self.query_one("#v-findings", OptionList)
        highlighted = findings.highlighted
        findings.clear_options()
        for n, f in enumerate(result.findings):
            word, style = SEVERITY[f.severity], SEVERITY_STYLE[f.severity]
            prompt = Text()
            prompt.append(f"{word} ", style=f"bold {style}")
            prompt.append(safe(f.where), style="dim")
            prompt.append(" " + safe(f.message))
            findings.add_option(Option(prompt, id=f"finding-{n}"))
        if highlighted is not None and highlighted < findings.option_count:
            findings.highlighted = highlighted

    def place_of_finding(self, n: int) -> Place | None:
        """The pane (and row) a finding is about, from the place the scoring core gave it."""
        result = self.result
        if result is None or n >= len(result.findings) or result.findings[n].place is None:
            return None
        place = result.findings[n].place
        assert place is not None
        pane = PANE_OF_SECTION.get(place.section)
        return None if pane is None else Place(pane, place.index or 0)

    @on(OptionList.OptionSelected, "#v-findings")
    def _finding(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        place = self.place_of_finding(event.option_index)
        if place is None:
            self.notify("此问题涉及整份自评（如总分、分值合计），没有对应的单独一行", title="无法跳转")
        else:
            self.post_message(Jump(place))

    @on(DataTable.RowSelected, "#v-table")
    def _row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key == "funds":
            self.post_message(Jump(Place("funds")))
        elif key.startswith("review-"):
            self.post_message(Jump(Place("management", int(key[7:]))))
        elif key.startswith("ind-"):
            self.post_message(Jump(Place("indicator", int(key[4:]))))
