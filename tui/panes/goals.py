"""目标与任务: the year's goals (年度总体目标 / 年度履职目标) and tasks (年度主要任务), each named."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from scoring.domain.models import Goal, Task

from ..text import plain
from ..widgets.fields import field, text_field
from .base import Deletion, Pane, row, title

GOAL_HELP = "年度目标：照批复填写预期目标，再写全年实际完成情况。Ctrl+O 添加，Ctrl+D 删除所在目标。"
TASK_HELP = "年度主要任务：任务名称、主要内容及完成情况。Ctrl+O 添加，Ctrl+D 删除所在任务。"
ITEM_WORD = {"goal": "目标", "task": "任务"}


class GoalsPane(Pane):
    section = "goals"

    def _items(self, kind: str) -> list[Goal] | list[Task]:
        ev = self.session.evaluation
        return ev.goals if kind == "goal" else ev.tasks

    def _tasks_shown(self) -> bool:
        ev = self.session.evaluation
        return ev.evaluation.kind == "department" or bool(ev.tasks)

    def compose(self) -> ComposeResult:
        ev = self.session.evaluation
        label = "年度总体目标" if ev.evaluation.kind == "project" else "年度履职目标"
        yield Static(label, classes="title")
        if not ev.goals:
            yield Static("尚无目标：按“添加目标”（Ctrl+O）填写批复的年度目标及实际完成情况。", classes="hint")
        for i, goal in enumerate(ev.goals):
            yield from self._item_rows(
                "goal", i, goal, "可不填", GOAL_HELP, expected="批复的年度目标", actual="全年实际完成情况"
            )
        yield Button("添加目标", id="add-goal", compact=True)
        if self._tasks_shown():
            yield Static("年度主要任务", classes="title")
            for i, task in enumerate(ev.tasks):
                yield from self._item_rows(
                    "task", i, task, "任务名称", TASK_HELP, content="任务内容", actual="任务完成情况"
                )
            yield Button("添加任务", id="add-task", compact=True)

    def _item_rows(
        self, kind: str, i: int, item: Goal | Task, name_hint: str, help: str, **texts: str
    ) -> Iterator[Widget]:
        """A goal's (or task's) rows: its number, its name and its text fields (``texts``: field →
        placeholder), each labelled with the model's title."""
        word = ITEM_WORD[kind]
        loc = f"{kind}s"
        yield Static(plain(f"{word} {i + 1}"), classes="subtitle")
        yield row(word + title((loc, i, "name")), field(f"{kind}-{i}-name", item.name or "", name_hint, help))
        for name, hint in texts.items():
            yield row(
                title((loc, i, name)), text_field(f"{kind}-{i}-{name}", getattr(item, name), hint, help)
            )

    def _apply(self, key: str, value: str) -> None:
        kind, index, name = key.split("-", 2)
        item = self._items(kind)[int(index)]
        new: str | None = (value or None) if name == "name" else value
        if getattr(item, name) != new:
            self.record(key)
            setattr(item, name, new)
            self.edited()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._apply(event.input.id or "--", event.input.value)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        self._apply(event.text_area.id or "--", event.text_area.text)

    # --- items ----------------------------------------------------------------------------------------------
    @on(Button.Pressed, "#add-goal, #add-task")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add(event.button.id == "add-goal")

    async def add(self, goal: bool = True, after: int | None = None) -> None:
        kind = "goal" if goal else "task"
        items = self._items(kind)
        at = len(items) if after is None else after + 1
        self.record()
        if goal:
            self.session.evaluation.goals.insert(at, Goal())
        else:
            self.session.evaluation.tasks.insert(at, Task())
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"{kind}-{at}-{'expected' if goal else 'name'}")

    async def add_item(self) -> None:
        """After the goal (or task) where the cursor is; a goal when the cursor is on neither."""
        here = self.focused_item("goal", "task")
        if here is None:
            on_task = self.app.focused is not None and self.app.focused.id == "add-task"
            await self.add(goal=not on_task)
        else:
            await self.add(goal=here[0] == "goal", after=here[1])

    def deletion(self) -> Deletion | None:
        here = self.focused_item("goal", "task")
        if here is None:
            return None
        kind, index = here
        item = self._items(kind)[index]
        word = ITEM_WORD[kind]
        name = (
            item.name or (item.expected if isinstance(item, Goal) else item.content) or f"{word} {index + 1}"
        )

        async def delete() -> None:
            self.record()
            del self._items(kind)[index]
            self.edited(structure=True)
            await self.reload()
            left = len(self._items(kind))
            await self.focus_id(f"{kind}-{min(index, left - 1)}-name" if left else f"add-{kind}")

        return Deletion(f"{word}「{name[:20]}」", delete)

    async def move_item(self, delta: int) -> None:
        here = self.focused_item("goal", "task")
        items = self._items(here[0]) if here else []
        if here is None or not 0 <= here[1] + delta < len(items):
            self.notify("请先把光标放在要移动的目标或任务上（首项不能上移，末项不能下移）", title="移动")
            return
        kind, index = here
        self.record()
        items[index], items[index + delta] = items[index + delta], items[index]  # type: ignore[assignment]
        self.edited(structure=True)
        await self.reload()
        await self.focus_id(f"{kind}-{index + delta}-name")
