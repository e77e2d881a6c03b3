"""资金管理情况: items the evaluator scores (out of range is the scoring core's finding), each named and
weighted, with its 情况说明 and 存在问题和改进措施."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from scoring.domain.models import Review
from scoring.domain.numbers import NumberError
from scoring.domain.results import EvaluationResult
from scoring.domain.results import Place as ResultPlace

from ..places import Place
from ..text import num, safe, update_static
from ..widgets.fields import field, parse_number, text_field
from .base import Deletion, Pane, row, title

ITEM_HELP = "资金管理情况：评价人按各项分值打分。Ctrl+O 添加一项，Ctrl+D 删除所在项，Ctrl+↑/↓ 移动。"


class ManagementPane(Pane):
    section = "management"

    def here(self) -> Place:
        item = self.focused_item("r")
        return Place(self.section, item[1] if item else 0)

    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        yield Static("资金管理情况（评价人打分）", classes="title")
        if not ev.reviews:
            yield Static("此自评没有资金管理情况项目；需要时按 Ctrl+O 添加。", classes="hint")
        for i, item in enumerate(ev.reviews):
            yield Horizontal(
                Label(f"第 {i + 1} 项", classes="label"),
                field(f"r-{i}-name", item.name, "项目名称", ITEM_HELP),
                Label(" 分值 ", classes="inline"),
                field(
                    f"r-{i}-weight",
                    num(item.weight),
                    "分值",
                    "本项分值（各项分值计入总分值 100）。",
                    classes="short",
                ),
                classes="row subtitle-row",
            )
            yield row(
                title(("reviews", i, "score")),
                field(f"r-{i}-score", num(item.score), f"0 至 {num(item.weight)}", ITEM_HELP),
            )
            yield Static("", id=f"r-{i}-msg", classes="message -empty")  # said under the score typed
            yield row(
                title(("reviews", i, "note")), text_field(f"r-{i}-note", item.note, "情况说明", ITEM_HELP)
            )
            yield row(
                title(("reviews", i, "problem")),
                text_field(f"r-{i}-problem", item.problem, "存在问题和改进措施", ITEM_HELP),
            )
        yield Button("添加资金管理项目", id="add-review", compact=True)

    def _say(self, index: int, text: str) -> None:
        msg = self.query_one(f"#r-{index}-msg", Static)
        msg.update(Text(text, style="bold red"))
        msg.remove_class("-empty")
        msg.add_class("-typing")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        key = event.input.id or "--"
        _, index, name = key.split("-", 2)
        item = self.session.evaluation.reviews[int(index)]
        value = event.input.value
        if name in ("score", "weight"):
            try:
                points = parse_number(value)
            except NumberError as exc:
                event.input.add_class("-invalid")
                self._say(int(index), f"{exc}（已保留您输入的内容）")
                return
            event.input.remove_class("-invalid")
            self.query_one(f"#r-{index}-msg", Static).remove_class("-typing")
            if name == "weight":
                points = points if points is not None else Decimal(0)
                if not Decimal(0) <= points <= Decimal(1000):
                    event.input.add_class("-invalid")
                    self._say(int(index), f"分值 {value} 超出范围；应在 0 到 1000 之间")
                    return
            if points != getattr(item, name):
                self.record(key)
                setattr(item, name, points)
                self.edited()
            elif self.result is not None:
                self.show_result(self.result)
        elif getattr(item, name) != value:
            self.record(key)
            setattr(item, name, value)
            self.edited()

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        key = event.text_area.id or "--"
        _, index, name = key.split("-", 2)
        item = self.session.evaluation.reviews[int(index)]
        if getattr(item, name) != event.text_area.text:
            self.record(key)
            setattr(item, name, event.text_area.text)
            self.edited()

    def show_result(self, result: EvaluationResult) -> None:
        """Each item's errors (a score beyond 0..分值 …) said right under its score."""
        for i in range(len(self.session.evaluation.reviews)):
            if not self.query(f"#r-{i}-score"):
                continue
            place = ResultPlace(section="review", index=i)
            errors = [f.message for f in result.findings if f.place == place and f.severity == "error"]
            box = self.query_one(f"#r-{i}-score", Input)
            msg = self.query_one(f"#r-{i}-msg", Static)
            if msg.has_class("-typing"):  # a number that cannot be read is said until it is mended
                continue
            box.set_class(bool(errors), "-invalid")
            update_static(msg, Text("\n".join(safe(m) for m in errors), style="bold red") if errors else "")
            msg.set_class(not errors, "-empty")

    def advance(self, box: Widget) -> None:
        """Enter after an item's 问题与改进: on to the next item's score (its name and 分值 are Tab away)."""
        parts = (box.id or "").split("-")
        if len(parts) == 3 and parts[2] == "problem" and self.query(f"#r-{int(parts[1]) + 1}-score"):
            self.screen.set_focus(self.query_one(f"#r-{int(parts[1]) + 1}-score"))
        else:
            super().advance(box)

    # --- items ----------------------------------------------------------------------------------------------
    @on(Button.Pressed, "#add-review")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_item()

    async def add_item(self) -> None:
        reviews = self.session.evaluation.reviews
        here = self.focused_item("r")
        at = len(reviews) if here is None else here[1] + 1
        self.record()
        reviews.insert(at, Review(name="", weight=Decimal(0)))
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"r-{at}-name")

    def deletion(self) -> Deletion | None:
        here = self.focused_item("r")
        if here is None:
            return None
        index = here[1]
        item = self.session.evaluation.reviews[index]

        async def delete() -> None:
            self.record()
            del self.session.evaluation.reviews[index]
            self.edited(structure=True)
            await self.reload()
            left = len(self.session.evaluation.reviews)
            await self.focus_id(f"r-{min(index, left - 1)}-score" if left else "add-review")

        return Deletion(f"资金管理项目「{item.name or f'第 {index + 1} 项'}」", delete)

    async def move_item(self, delta: int) -> None:
        here = self.focused_item("r")
        reviews = self.session.evaluation.reviews
        if here is None or not 0 <= here[1] + delta < len(reviews):
            self.notify("请先把光标放在要移动的项目上（首项不能上移，末项不能下移）", title="移动")
            return
        index = here[1]
        self.record()
        reviews[index], reviews[index + delta] = reviews[index + delta], reviews[index]
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"r-{index + delta}-name")
