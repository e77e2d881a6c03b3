"""基本信息与资金: the header, the funds block and its 资金来源 rows, the 执行率 live."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from scoring.domain.models import YEARS, Funds, FundSource
from scoring.domain.numbers import NumberError
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import FUND_SOURCE_OFFERED, NAME_TO_FILL

from ..text import num, pct, score, update_static
from ..widgets.fields import field, parse_number, text_field
from .base import Deletion, Pane, row, title

MONEY_FIELDS = (
    ("initial", "年初预算数", "年初预算数（万元）：只填数字，如 83.65；也可写 50000元，将换算为万元。"),
    ("annual", "全年预算数", "全年预算数（万元）：执行率 = 全年执行数 / 全年预算数。"),
    ("executed", "全年执行数", "全年执行数（万元）：输入即更新执行率及其得分。"),
)
"""The funds block's amounts: the model's field, the column heading, the field's help."""

SOURCE_HELP = (
    "资金来源名称：可直接输入，或输入开头后按右方向键补全常用名称（" + "、".join(FUND_SOURCE_OFFERED) + "）。"
    "Ctrl+O 添加一行，Ctrl+D 删除所在行。"
)


class FundsPane(Pane):
    section = "funds"

    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        head = ev.evaluation
        funds = ev.funds
        yield Static("基本信息", classes="title")
        name = "" if head.name == NAME_TO_FILL else head.name
        label = "项目名称" if head.kind == "project" else "部门名称"
        yield row(label, field("h-name", name, "请填写名称", help=f"{label}：照批复或预算填写。"))
        if head.kind == "project":
            yield row(title(("evaluation", "authority")), field("h-authority", head.authority or ""))
        yield row(title(("evaluation", "implementer")), field("h-implementer", head.implementer or ""))
        yield row(
            title(("evaluation", "year")), field("h-year", str(head.year), help="年度：四位年份，如 2023。")
        )
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
        offered = SuggestFromList(FUND_SOURCE_OFFERED)
        for i, source in enumerate(funds.sources if funds else []):
            yield Horizontal(
                field(
                    f"s-{i}-name", source.name, "来源名称", SOURCE_HELP, suggester=offered, classes="source"
                ),
                *(
                    field(f"s-{i}-{key}", num(getattr(source, key)), "万元", help)
                    for key, _, help in MONEY_FIELDS
                ),
                classes="row money",
            )
        yield Static("", id="f-live", classes="live")
        yield Static("", id="f-msg", classes="message")
        yield row(
            title(("funds", "reason")),
            text_field(
                "f-reason",
                (funds.reason or "") if funds else "",
                "执行率偏低时说明原因",
                "偏差原因分析及改进措施（预算执行）：执行率偏低时说明原因，写入自评表与情况说明。",
            ),
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

    @on(TextArea.Changed, "#f-reason")
    def _reason(self, event: TextArea.Changed) -> None:
        value = event.text_area.text
        funds = self.session.evaluation.funds
        if (funds.reason if funds else None) != (value or None):
            self.record("f-reason")
            self._funds().reason = value or None
            self.edited()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        box = event.input
        key = box.id or ""
        value = box.value
        head = self.session.evaluation.evaluation
        if key == "h-year":
            self._year(box, value)
        elif key.startswith("h-"):
            name = key[2:]
            current = getattr(head, name)
            new = value if name == "name" else (value or None)
            if name == "name" and not value and current == NAME_TO_FILL:
                return
            if new != current:
                self.record(key)
                setattr(head, name, new)
                self.edited()
        elif key.startswith("s-") and key.endswith("-name"):
            source = self._funds().sources[int(key.split("-")[1])]
            if source.name != value:
                self.record(key)
                source.name = value
                self.edited()
        elif key.startswith(("f-", "s-")):
            self._amount(box, key, value)

    def _year(self, box: Input, value: str) -> None:
        head = self.session.evaluation.evaluation
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
            self.record("h-year")
            head.year = year
            self.edited()

    def _amount(self, box: Input, key: str, value: str) -> None:
        try:
            amount = parse_number(value, money=True)
        except NumberError as exc:
            box.add_class("-invalid")
            self._message(f"{exc}（已保留您输入的内容，改正后自动计分）")
            return
        box.remove_class("-invalid")
        if not self.query("Input.-invalid"):
            self._message("")
        parts = key.split("-")
        funds = self.session.evaluation.funds
        target: object | None = (
            funds if parts[0] == "f" else (funds.sources[int(parts[1])] if funds else None)
        )
        name = parts[-1]
        if (getattr(target, name) if target is not None else None) != amount:
            self.record(key)
            funds = self._funds()
            target = funds if parts[0] == "f" else funds.sources[int(parts[1])]
            setattr(target, name, amount)
            self.edited()

    # --- 资金来源 rows: add, delete, move ------------------------------------------------------------------
    @on(Button.Pressed, "#add-source")
    async def _add_source(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_item()

    async def add_item(self) -> None:
        self.record()
        funds = self._funds()
        used = {s.name for s in funds.sources}
        name = next((n for n in FUND_SOURCE_OFFERED if n not in used), f"其他资金{len(used) + 1}")
        at = self._source_here()
        at = len(funds.sources) if at is None else at + 1
        funds.sources.insert(at, FundSource(name=name))
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"s-{at}-name")

    def _source_here(self) -> int | None:
        item = self.focused_item("s")
        return None if item is None else item[1]

    def deletion(self) -> Deletion | None:
        index = self._source_here()
        funds = self.session.evaluation.funds
        if index is None or funds is None:
            return None

        async def delete() -> None:
            self.record()
            del self._funds().sources[index]
            self.edited(structure=True)
            await self.reload()
            sources = self._funds().sources
            await self.focus_id(f"s-{min(index, len(sources) - 1)}-name" if sources else "add-source")

        return Deletion(f"资金来源「{funds.sources[index].name or '（未命名）'}」", delete)

    async def move_item(self, delta: int) -> None:
        index = self._source_here()
        funds = self.session.evaluation.funds
        if index is None or funds is None or not 0 <= index + delta < len(funds.sources):
            self.notify("请先把光标放在要移动的资金来源上（首行不能上移，末行不能下移）", title="移动")
            return
        self.record()
        sources = funds.sources
        sources[index], sources[index + delta] = sources[index + delta], sources[index]
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"s-{index + delta}-name")
