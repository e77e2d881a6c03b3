"""One indicator row: its name and 分值 (with its 一级's sum and the total, live), 年度指标值 and 实际完成值
as the core reads them, the tier and its band, 不适用, 指标值设定偏低, 偏差原因, and the core's findings."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from scoring import api
from scoring.domain.models import Indicator
from scoring.domain.numbers import NumberError
from scoring.domain.results import EvaluationResult, Finding, IndicatorResult
from scoring.domain.results import Place as ResultPlace
from scoring.domain.vocabulary import TIER_WORDS, TIERS, status_label

from .. import editing
from ..places import Place
from ..session import Session
from ..text import num, pct, plain, safe, score, update_static
from ..widgets.fields import EnterCheckbox, Field, TextField, TierChoice, field, parse_number, text_field
from .base import Deletion, Pane, row, title

KEYS_HINT = (
    "Ctrl+O 添加行  Ctrl+D 删除  Ctrl+T 复制  Ctrl+Up/Down 移动  Ctrl+G 添加分组  Ctrl+R 重命名分组  "
    "Ctrl+B 平均分配分值  Ctrl+Z 撤销"
)
WEIGHT_HELP = (
    "分值：本行的分值。上方显示本一级指标的分值合计与应有分值、全部分值合计与应有总分（通常 100），"
    "不符时标红。Ctrl+B 把本一级指标的分值平均分配到各行。"
)


class IndicatorPane(Pane):
    section = "indicator"

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(session, **kwargs)
        self.index = 0
        self._shows: int | None = None  # the row the fields show (see ``_current``)
        # the row and the findings (the list itself, kept so that it is never another's) its messages show
        self._told: tuple[int, list[Finding]] | None = None

    def here(self) -> Place:
        return Place(self.section, self.index)

    def compose(self) -> ComposeResult:
        yield Static("", id="i-title", classes="title")
        yield Horizontal(
            Label("三级指标", classes="label"),
            field("i-level3", placeholder="指标名称", help="三级指标：本行的名称，可直接修改。"),
            Label(" 分值 ", classes="inline"),
            field("i-weight", placeholder="0", help=WEIGHT_HELP, classes="short"),
            classes="row",
        )
        yield Static("", id="i-sums", classes="reading")
        yield row(
            title(("indicators", 0, "target")),
            field(
                "i-target",
                placeholder="如 >=90%、<=10万元、9月前、达成预期",
                help="年度指标值：照批复填写，如 >=90%、<=10万元、=112套、90%-110%、2023年9月前，"
                "或定性描述（如 达成预期）。下方“解读”显示程序的理解（方向、数值、单位、截止日期）。",
            ),
        )
        yield Static("", id="i-target-reading", classes="reading")
        yield row(
            title(("indicators", 0, "actual")),
            field(
                "i-actual",
                placeholder="如 95%、8万元、2023年8月20日",
                help="实际完成值：填写实际数，如 95%、8万元、112套、2023年8月20日。"
                "输入即计分，得分与偏差度随之更新。",
            ),
        )
        yield Static("", id="i-actual-reading", classes="reading")
        yield row(title(("indicators", 0, "tier")), TierChoice(id="i-tier"), classes="qual")
        yield Static("", id="i-band", classes="reading qual")
        yield row(
            "评分",
            field(
                "i-score",
                placeholder="档次内的分数",
                help="评分：定性指标在所选档次范围内打分（如 部分达成 为分值的 60% 至 80%）。",
            ),
            classes="qual",
        )
        yield row(
            title(("indicators", 0, "applicable")),
            EnterCheckbox(
                "不适用（剔除，总分折算）",
                id="i-na",
                compact=True,
                help_text="不适用：空格切换。不适用的指标不计分，总分按百分制折算，须说明原因。",
            ),
        )
        yield Static("", id="i-live", classes="live")
        yield row(
            title(("indicators", 0, "target_too_low")),
            EnterCheckbox(
                "指标值设定偏低（按规则调减）",
                id="i-too-low",
                compact=True,
                help_text="指标值设定偏低：实际完成值远高于年度指标值、系指标值定得过低时勾选（空格），"
                "按评分规则调减分值。",
            ),
            classes="too-low",
        )
        yield row(
            title(("indicators", 0, "reason")),
            text_field(
                "i-reason",
                placeholder="偏差原因分析及改进措施",
                help="偏差原因分析及改进措施：未达成、超额或不适用时必填；回车前往下一项指标。",
            ),
            classes="reason",
        )
        yield Static("", id="i-msg", classes="message")
        yield Static(Text(KEYS_HINT, style="dim"), id="i-keys", classes="hint")

    @property
    def indicator(self) -> Indicator:
        return self.session.evaluation.indicators[self.index]

    def load(self, index: int) -> None:
        """Show row ``index`` (values shown are not edits: the handlers compare with the model)."""
        rows = self.session.evaluation.indicators
        for widget in self.query("Input, TextArea, TierChoice, Checkbox"):
            widget.disabled = not rows
        if not rows:
            self._shows = None
            update_static(self.query_one("#i-title", Static), "此自评没有绩效指标：按 Ctrl+G 添加分组与指标")
            return
        self.index = max(0, min(index, len(rows) - 1))
        ind = self.indicator
        self._title()
        self.query_one("#i-level3", Field).show(ind.level3)
        self.query_one("#i-weight", Field).show(num(ind.weight))
        self.query_one("#i-target", Field).show(ind.target)
        self.query_one("#i-actual", Field).show(ind.actual or "")
        self.query_one("#i-score", Field).show(num(ind.score))
        self.query_one("#i-reason", TextField).show(ind.reason or "")
        self.query_one("#i-na", EnterCheckbox).show(not ind.applicable)
        self.query_one("#i-too-low", EnterCheckbox).show(ind.target_too_low)
        self.query_one("#i-tier", TierChoice).show(ind.tier, token=self.index)
        self._shows = self.index
        for box in self.query(".-invalid"):
            box.remove_class("-invalid")
        update_static(self.query_one("#i-msg", Static), "")
        self._told = None
        self._readings()
        self._sums()
        if self.result is not None:
            self.show_result(self.result)

    def _title(self) -> None:
        rows = self.session.evaluation.indicators
        ind = self.indicator
        title = Text()
        title.append(f"第 {self.index + 1}/{len(rows)} 项  ", style="bold")
        title.append_text(plain(" / ".join(p for p in (ind.level1, ind.level2) if p)))
        update_static(self.query_one("#i-title", Static), title)

    def focus_entry(self) -> None:
        """Focus where typing starts: the target when empty, else the actual (or the tier)."""
        if not self.session.evaluation.indicators:
            return
        if not self.indicator.level3.strip():
            entry: Widget = self.query_one("#i-level3", Input)
        elif not self.indicator.target.strip():
            entry = self.query_one("#i-target", Input)
        elif self._qualitative():
            entry = self.query_one("#i-tier", TierChoice)
        else:
            entry = self.query_one("#i-actual", Input)
        self.screen.set_focus(entry)  # at once (Widget.focus waits a turn: keys typed ahead went astray)

    # --- what the scoring core said ------------------------------------------------------------------------
    def _row_result(self) -> IndicatorResult | None:
        result = self.result
        if result is None or self.index >= len(result.indicators):
            return None
        return result.indicators[self.index]

    def _qualitative(self) -> bool:
        """Scored by a tier and a score: the rule the scoring core gave the row says so."""
        row_result = self._row_result()
        return row_result is not None and row_result.rule in ("qualitative", "manual")

    def _show_tiers(self) -> None:
        qualitative = self._qualitative()
        for widget in self.query(".qual"):
            widget.display = qualitative
        row_result = self._row_result()
        band = row_result.band if row_result is not None and self.indicator.tier is not None else None
        update_static(
            self.query_one("#i-band", Static),
            Text(f"{self.indicator.tier}：{score(band[0])} 至 {score(band[1])} 分", style="dim")
            if band
            else "",
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

    def _sums(self) -> None:
        """本一级指标的分值合计 against its declared 分值, and all 分值 against the total the rules want."""
        ind = self.indicator
        rows = self.session.evaluation.indicators
        level_sum = sum((r.weight for r in rows if r.level1 == ind.level1), Decimal(0))
        result = self.result
        declared = None
        if result is not None:
            declared = next((s.declared_weight for s in result.subtotals if s.level1 == ind.level1), None)
        text = Text("本一级合计 ", style="dim")
        off = declared is not None and level_sum != declared
        text.append(
            num(level_sum) + (f"/{num(declared)}" if declared is not None else ""),
            style="bold red" if off else "bold",
        )
        if result is not None and result.weights_expected is not None:
            whole_off = result.weight_total != result.weights_expected
            text.append("  总分值 ", style="dim")
            text.append(
                f"{num(result.weight_total)}/{num(result.weights_expected)}",
                style="bold red" if whole_off else "bold",
            )
            if whole_off:
                gap = result.weights_expected - result.weight_total
                text.append(f"（{'差' if gap > 0 else '超'} {num(abs(gap))}）", style="red")
        update_static(self.query_one("#i-sums", Static), text)

    def _here(self, place: ResultPlace | None) -> bool:
        """Whether a finding's place is this row (attributes compared: a model's == is ~10× slower, and a
        200-row table has hundreds of findings to sift at every keystroke)."""
        return place is not None and place.section == "indicator" and place.index == self.index

    def show_result(self, result: EvaluationResult) -> None:
        if not self.session.evaluation.indicators or self.index >= len(result.indicators):
            return
        row_result = result.indicators[self.index]
        self._show_tiers()
        self._sums()
        live = Text()
        live.append("得分 ", style="dim")
        live.append(score(row_result.score) or "-", style="bold")
        live.append(f"/{num(row_result.weight)}")
        live.append("  偏差度 ", style="dim")
        live.append(pct(row_result.deviation) or "-", style="bold")
        live.append("  ")
        live.append(status_label(row_result.status, row_result.score), style="bold")
        update_static(self.query_one("#i-live", Static), live)
        self.query_one(".too-low", Horizontal).display = (
            row_result.status == "over" or self.indicator.target_too_low
        )
        # figures only (they carry the last pass's findings): what the row is asked for (its messages, the
        # reason marked as wanted) waits for this pass's own findings. A message coming or going reflows the
        # whole screen and marking the reason restyles its box: once per keystroke is enough.
        told = self._told
        if told is not None and told[0] == self.index and told[1] is result.findings:
            return
        self._told = (self.index, result.findings)
        needs = row_result.reason_missing
        self.query_one(".reason", Horizontal).set_class(needs, "-demanded")
        messages = [f.message for f in result.findings if f.severity != "info" and self._here(f.place)]
        if needs:
            messages.insert(0, "须填写偏差原因分析及改进措施")
        update_static(
            self.query_one("#i-msg", Static),
            Text("\n".join(safe(m) for m in dict.fromkeys(messages)), style="yellow") if messages else "",
        )

    # --- edits ---------------------------------------------------------------------------------------------
    # The fields are shared by every row: ``_shows`` is the row they show (None after the rows changed under
    # them, until the next ``load``). A change is applied only to that row, so a Changed message handled
    # after the walk moved on (keys typed ahead) never lands on another row; ``flush`` applies what the
    # fields hold before the walk leaves the row or the rows change.
    def _group(self, key: str) -> str:
        return f"{key}@{self.index}"

    def _current(self) -> Indicator | None:
        """The row the fields show, when they show one."""
        rows = self.session.evaluation.indicators
        if self._shows is None or self._shows != self.index or self.index >= len(rows):
            return None
        return rows[self.index]

    def _apply(self, key: str, value: str, box: Input | None = None) -> None:
        ind = self._current()
        if ind is None:
            return
        if key == "i-level3":
            if value != ind.level3:
                self.record(self._group(key))
                ind.level3 = value
                self.edited(structure=True)
        elif key == "i-target":
            if value != ind.target:
                self.record(self._group(key))
                ind.target = value
                self._readings()
                self.edited()
        elif key == "i-actual":
            if (value or None) != ind.actual:
                self.record(self._group(key))
                ind.actual = value or None
                self._readings()
                self.edited()
        elif key in ("i-score", "i-weight"):
            self._number(ind, box or self.query_one(f"#{key}", Input), key, value)
        elif key == "i-reason" and (value or None) != ind.reason:
            self.record(self._group(key))
            ind.reason = value or None
            self.edited()

    def _number(self, ind: Indicator, box: Input, key: str, value: str) -> None:
        msg = self.query_one("#i-msg", Static)
        try:
            points = parse_number(value)
        except NumberError as exc:
            box.add_class("-invalid")
            update_static(msg, Text(f"{exc}（已保留您输入的内容）", style="bold red"))
            return
        if key == "i-weight":
            points = points if points is not None else Decimal(0)
            if not Decimal(0) <= points <= Decimal(1000):
                box.add_class("-invalid")
                update_static(msg, Text(f"分值 {value} 超出范围；应在 0 到 1000 之间", style="bold red"))
                return
        box.remove_class("-invalid")
        name = "score" if key == "i-score" else "weight"
        if points != getattr(ind, name):
            self.record(self._group(key))
            setattr(ind, name, points)
            if name == "weight":
                self._sums()
            self.edited()

    def _apply_flag(self, name: str, value: bool) -> None:
        ind = self._current()
        if ind is not None and getattr(ind, name) != value:
            self.record()
            setattr(ind, name, value)
            self.edited()

    def _apply_tier(self, tier: str) -> None:
        """The tier picked; 实际完成值 says it in the official words when the evaluator wrote none."""
        ind = self._current()
        if ind is None or tier == ind.tier:
            return
        self.record()
        ind.tier = tier  # type: ignore[assignment]
        if not (ind.actual or "").strip() or ind.actual in TIER_WORDS.values():
            ind.actual = TIER_WORDS[tier]
            self.query_one("#i-actual", Field).show(ind.actual)
        self._readings()
        self.edited()

    def flush(self) -> None:
        """Apply what the fields hold to the row they show (before leaving it, or changing the rows)."""
        if self._current() is None:
            return
        for key in ("i-level3", "i-weight", "i-target", "i-actual", "i-score"):
            self._apply(key, self.query_one(f"#{key}", Input).value)
        self._apply("i-reason", self.query_one("#i-reason", TextField).text)
        tier = self.query_one("#i-tier", TierChoice).value
        if tier is not None:
            self._apply_tier(tier)
        self._apply_flag("applicable", not self.query_one("#i-na", EnterCheckbox).value)
        self._apply_flag("target_too_low", self.query_one("#i-too-low", EnterCheckbox).value)

    def rows_changed(self) -> None:
        """The rows were changed under the fields (added, deleted, moved, replaced by undo): they show none
        of them until the next ``load``."""
        self._shows = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._apply(event.input.id or "", event.input.value, event.input)

    @on(TextArea.Changed, "#i-reason")
    def _reason(self, event: TextArea.Changed) -> None:
        self._apply("i-reason", event.text_area.text)

    @on(TierChoice.Changed, "#i-tier")
    def _tier(self, event: TierChoice.Changed) -> None:
        if event.token == self._shows:  # picked on the row still shown (else ``flush`` applied it)
            self._apply_tier(event.value)

    @on(Checkbox.Changed, "#i-na")
    def _na(self, event: Checkbox.Changed) -> None:
        self._apply_flag("applicable", not event.checkbox.value)

    @on(Checkbox.Changed, "#i-too-low")
    def _too_low(self, event: Checkbox.Changed) -> None:
        self._apply_flag("target_too_low", event.checkbox.value)

    def advance(self, box: Widget) -> None:
        """After 偏差原因, Enter moves on to the next indicator; so it does after picking 达成 when the row
        has no score of its own (it is complete: full marks in its band, no reason asked), the main road of
        a 部门整体 table, one Enter a row. After 部分达成 or 未达成, or 达成 with a score typed, it goes on
        to 评分 (the score within the band)."""
        complete = isinstance(box, TierChoice) and box.value == TIERS[0] and self.indicator.score is None
        if box.id == "i-reason" or complete:
            self.jump(Place("indicator", self.index + 1))
        else:
            super().advance(box)

    # --- the table's structure (the screen asks, the pane changes the rows) --------------------------------
    def _begin(self) -> None:
        """Before changing the rows: what the fields hold goes to their row, then the state is kept."""
        self.flush()
        self.record()

    def _go(self, index: int) -> None:
        self.rows_changed()
        self.edited(structure=True)
        self.jump(Place("indicator", index))

    async def add_item(self) -> None:
        if not self.session.evaluation.indicators:
            self.notify("此自评还没有指标：按 Ctrl+G 添加分组（一级、二级指标）及其第一行", title="添加")
            return
        self._begin()
        self._go(editing.add_row(self.session.evaluation, self.index))

    def duplicate(self) -> None:
        if not self.session.evaluation.indicators:
            return
        self._begin()
        self._go(editing.duplicate_row(self.session.evaluation, self.index))

    def deletion(self) -> Deletion | None:
        if not self.session.evaluation.indicators:
            return None
        index = self.index

        async def delete() -> None:
            self._begin()
            editing.delete_row(self.session.evaluation, index)
            self._go(max(0, min(index, len(self.session.evaluation.indicators) - 1)))

        return Deletion(f"指标「{self.indicator.level3 or f'第 {index + 1} 项'}」", delete)

    async def move_item(self, delta: int) -> None:
        if not self.session.evaluation.indicators:
            return
        rows = self.session.evaluation.indicators
        other = self.index + delta
        if not 0 <= other < len(rows) or rows[other].level1 != self.indicator.level1:
            edge = "首行" if delta < 0 else "末行"
            self.notify(
                f"已是一级指标「{safe(self.indicator.level1)}」的{edge}；"
                "移到其他一级指标请用 Ctrl+R 修改分组",
                title="移动",
            )
            return
        self._begin()
        moved = editing.move_row(self.session.evaluation, self.index, delta)
        assert moved is not None
        self._go(moved)

    def add_group(self, level1: str, level2: str) -> None:
        self._begin()
        self._go(editing.add_to_group(self.session.evaluation, level1, level2))

    def rename_group(self, level1: str, level2: str) -> None:
        """Rename the current row's 一级 (every row under it) and 二级 (every row of it under that 一级)."""
        ev = self.session.evaluation
        ind = self.indicator
        old1, old2 = ind.level1, ind.level2
        self._begin()
        if level1 != old1:
            editing.rename_level1(ev, old1, level1)
        if level2 != old2:
            editing.rename_level2(ev, level1, old2, level2)
        here = self.index
        order = editing.regroup(ev)
        self._go(order.index(here))

    def rebalance(self) -> None:
        """Share the 一级's 分值 equally among its rows: its declared 分值, else what makes the total
        right."""
        if not self.session.evaluation.indicators:
            return
        ev = self.session.evaluation
        level1 = self.indicator.level1
        current = sum((r.weight for r in ev.indicators if r.level1 == level1), Decimal(0))
        result = self.result
        total = None
        if result is not None:
            total = next((s.declared_weight for s in result.subtotals if s.level1 == level1), None)
            if total is None and result.weights_expected is not None:
                total = current + result.weights_expected - result.weight_total
        if total is None or total < 0:
            total = current
        self._begin()
        count = editing.rebalance(ev, level1, total)
        self.notify(f"一级指标「{safe(level1)}」的 {num(total)} 分已平均分配到 {count} 行", title="平均分配")
        self._go(self.index)

    def declared_weights(self) -> dict[str, Decimal]:
        """The 一级 weights in force now, as the scoring core reports them."""
        result = self.result
        if result is None:
            return {}
        return {s.level1: s.declared_weight for s in result.subtotals if s.declared_weight is not None}

    def set_level_weight(self, weight: Decimal) -> None:
        self._begin()
        editing.set_level_weight(
            self.session.evaluation, self.indicator.level1, weight, self.declared_weights()
        )
        self._go(self.index)
