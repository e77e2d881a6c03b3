"""What every walkthrough pane shares: the session, the bound result, recording edits, Enter, items.

A pane edits ``session.evaluation`` in place: it calls ``record`` first (so the edit can be undone), changes
the model, then ``edited``; the screen rescores and hands the result back through the bound ``result``.
Input handlers compare the widget's value with the model first, so values a pane shows are never edits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label

from scoring.domain.models import Evaluation, field_title
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import SHORT_TITLES

from ..messages import Edited, Jump
from ..places import Place
from ..session import Session
from ..widgets.fields import TextField


def row(label: str | Text, *widgets: Widget, classes: str = "") -> Horizontal:
    return Horizontal(Label(label, classes="label"), *widgets, classes=f"row {classes}".strip())


def title(loc: tuple[str | int, ...]) -> str:
    """A field's Chinese name from the models' ``Field(title=…)``: the one source the schema, the error
    messages and these labels share (``("evaluation", "authority")`` → 主管部门), in its short form where
    the label column is too narrow for it (``SHORT_TITLES``: 偏差原因分析及改进措施 → 偏差原因)."""
    full = field_title(Evaluation, loc)
    return SHORT_TITLES.get(full, full)


@dataclass
class Deletion:
    """What a delete would remove (said in the question) and how."""

    what: str
    apply: Callable[[], Awaitable[None]]


class Pane(VerticalScroll):
    """A walkthrough pane bound to the session; its ``result`` is bound to the screen's."""

    can_focus = False
    section: ClassVar[str] = ""
    result: reactive[EvaluationResult | None] = reactive(None, always_update=True, init=False, repaint=False)

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def watch_result(self, result: EvaluationResult | None) -> None:
        if result is not None and self.display:  # hidden panes catch up when shown (``goto_place``)
            self.show_result(result)

    def show_result(self, result: EvaluationResult) -> None:
        """Refresh the figures computed by the scoring core."""

    # --- edits ---------------------------------------------------------------------------------------------
    def here(self) -> Place:
        """Where an edit made now is (undo comes back here)."""
        return Place(self.section)

    def record(self, group: str | None = None) -> None:
        """Before changing the evaluation: keep what it was (``group``: the field typed in)."""
        self.session.record(self.here(), group)

    def edited(self, structure: bool = False) -> None:
        self.post_message(Edited(structure))

    async def reload(self) -> None:
        """Show the evaluation afresh (after undo, or a change of its items)."""
        await self.recompose()
        if self.result is not None:
            self.show_result(self.result)

    # --- items: add, delete, move (the screen's commands act on the pane shown) -----------------------------
    async def add_item(self) -> None:
        self.notify("此处没有可添加的项目", title="添加")

    def deletion(self) -> Deletion | None:
        """What Ctrl+D would delete where the cursor is, or None."""
        return None

    async def move_item(self, delta: int) -> None:
        self.notify("此处没有可移动的项目", title="移动")

    def focused_item(self, *prefixes: str) -> tuple[str, int] | None:
        """The item the focused field belongs to, from its id (``goal-2-expected`` → ("goal", 2))."""
        focused = self.app.focused
        if focused is None or focused.id is None or self not in focused.ancestors:
            return None
        parts = focused.id.split("-")
        if len(parts) >= 3 and parts[0] in prefixes and parts[1].isdigit():
            return parts[0], int(parts[1])
        return None

    async def focus_id(self, id: str) -> None:
        """Focus a field once the pane has been recomposed (and scroll it into view)."""
        self.screen.set_focus(self.query_one(f"#{id}"))

    def jump(self, place: Place) -> None:
        """Go to ``place`` now: keys typed ahead (a fast typist, a slow machine) must reach the field there,
        not the one being left (a message would be handled after them)."""
        goto = getattr(self.screen, "goto_place", None)
        if callable(goto):
            goto(place)
        else:
            self.post_message(Jump(place))

    # PgDn / PgUp are 下一项 / 上一项 (the screen's bindings): a pane taller than the terminal (80x24, long
    # messages) would otherwise take them to scroll, for ever, and the walkthrough would be stuck on it
    def action_page_down(self) -> None:
        raise SkipAction()

    def action_page_up(self) -> None:
        raise SkipAction()

    def first_field(self) -> Widget | None:
        for widget in self.query("Input, TextArea, TierChoice, Checkbox, Button, DataTable, OptionList"):
            if widget.focusable and widget.display:
                return widget
        return None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    @on(TextField.Submitted)
    def _text_submitted(self, event: TextField.Submitted) -> None:
        event.stop()
        self.advance(event.text_field)

    def advance(self, box: Widget) -> None:
        """Enter in a field: on to the next one."""
        self.screen.focus_next()
