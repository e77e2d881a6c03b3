"""The walkthrough's entry widgets: one-line fields, multi-line text, the tier choice, the 不适用 box.

Each carries its own help (F1 shows the focused widget's ``help_text``); Enter moves on everywhere. Values
are set with ``show`` (never an edit: the panes compare with the model), which also puts the cursor at the
end, so a row entered afresh never keeps the cursor where the previous row left it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Checkbox, Input, TextArea

from scoring.domain.numbers import to_decimal
from scoring.domain.vocabulary import TIERS

from .wrapping import ChineseWrappedDocument


def made_compact(widget: Input | TextArea | Checkbox, *, valid: bool = False) -> None:
    """Make ``widget`` compact (and ``valid``: an Input without validators is) as Textual does when it is
    given ``compact=True``, without restyling it.

    Textual restyles a widget whose classes change at once, mounted or not: each field of the screen was
    restyled twice before it was even mounted (made compact, then found valid), a twentieth of the time
    to the first screen. The classes are set as they would end, the compact reactive without its watcher.
    """
    widget.add_class("-textual-compact", *(("-valid",) if valid else ()), update=False)
    widget.set_reactive(type(widget).compact, True)


class Field(Input):
    """A one-line entry that carries its own help."""

    def __init__(self, *, help_text: str = "", compact: bool = False, value: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if compact:
            made_compact(self, valid=not self.validators)
        self.value = value  # found valid now: made so above
        self.help_text = help_text

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":  # handled here, in turn with the keys typed (see ``handle_here``)
            handle_here(event)
            if not advance(self):
                await self.action_submit()
            return
        await super()._on_key(event)

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size, a layout reactive, to the text's width at every key: a reflow and a
        # repaint of the whole screen per keystroke. A one-line entry without scroll bars needs no layout
        # for it: the size is kept (its scrolling reads it) without the reflow.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def show(self, value: str) -> None:
        """Show ``value`` with the cursor at its end."""
        if self.value != value:
            self.value = value
        self.cursor_position = len(value)


def advance(widget: Widget) -> bool:
    """Enter in a field: the pane holding it moves on at once (the focus moves before the next key is
    given out); False when no pane holds it."""
    for ancestor in widget.ancestors:
        step = getattr(ancestor, "advance", None)
        if callable(step):
            step(widget)
            return True
    return False


def handle_here(event: events.Key) -> None:
    """The walk's own keys (Enter, Space, a tier's number) are handled by the widget as it takes them, not
    as bindings: a binding runs when the key has bubbled back to the app, after a command key (PgDn,
    Ctrl+N, F4…) that came later, so on a busy machine Enter landed on the next row."""
    event.stop()
    event.prevent_default()


def field(id: str, value: str = "", placeholder: str = "", help: str = "", **kwargs: Any) -> Field:
    entry = Field(
        value=value,
        placeholder=placeholder,
        id=id,
        compact=True,
        select_on_focus=False,
        help_text=help,
        **kwargs,
    )
    entry.cursor_position = len(value)
    return entry


class TextField(TextArea):
    """Multi-line text that wraps (Chinese included): goals, tasks, 情况说明, 偏差原因.

    Enter moves on, as in every field; Ctrl+J starts a new line.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+j,shift+enter", "newline", "换行", show=False),
    ]

    class Submitted(Message):
        """Enter in a text field (the pane moves on)."""

        def __init__(self, text_field: TextField) -> None:
            super().__init__()
            self.text_field = text_field

        @property
        def control(self) -> TextField:
            return self.text_field

    @property
    def wrapped_document(self) -> WrappedDocument:
        """The wrapped view of the text, with Chinese line breaking (``ChineseWrappedDocument``)."""
        return self._wrapped

    @wrapped_document.setter
    def wrapped_document(self, wrapped: WrappedDocument) -> None:
        # TextArea makes a plain one (unwrapped until it knows its width) for each text it is given
        self._wrapped = ChineseWrappedDocument(wrapped.document, tab_width=self.indent_width)

    def __init__(self, text: str = "", *, help_text: str = "", placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(text, soft_wrap=True, placeholder=placeholder, **kwargs)
        made_compact(self)
        self.help_text = help_text or "多行文字：自动换行；回车前往下一项，Ctrl+J 换行。"
        self.highlight_cursor_line = False

    @property
    def value(self) -> str:
        return self.text

    def show(self, value: str) -> None:
        """Show ``value`` with the cursor at its end."""
        if self.text != value:
            self.load_text(value)
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            handle_here(event)
            if not advance(self):
                self.post_message(self.Submitted(self))
            return
        await super()._on_key(event)

    def action_newline(self) -> None:
        self.insert("\n")


def text_field(id: str, value: str = "", placeholder: str = "", help: str = "") -> TextField:
    area = TextField(value, id=id, placeholder=placeholder, help_text=help)
    area.move_cursor(area.document.end)
    return area


def parse_number(text: str, *, money: bool = False) -> Decimal | None:
    """None for an empty field; raises NumberError (Chinese) for anything that is not a number."""
    text = text.strip()
    if not text:
        return None
    return to_decimal(text, money=money)


class EnterCheckbox(Checkbox):
    """Space toggles; Enter moves on (Enter advances everywhere in the walkthrough)."""

    inherit_bindings = False
    BINDINGS: ClassVar[list[BindingType]] = []

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space":
            handle_here(event)
            self.toggle()
        elif event.key == "enter":
            handle_here(event)
            self.screen.focus_next()

    def __init__(self, label: str, *, help_text: str = "", compact: bool = False, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        if compact:
            made_compact(self)
        self.help_text = help_text

    def show(self, value: bool) -> None:
        if self.value != value:
            with self.prevent(Checkbox.Changed):
                self.value = value


class TierChoice(Widget, can_focus=True):
    """The qualitative tier of a row: ←/→ move, Space picks, Enter picks and moves on, 1/2/3 pick at once.

    Its value is always the row's (``show``); picking posts ``Changed`` only when the tier differs, and
    picking the tier a row already has keeps it (the previous row's choice is never carried over).
    """

    DEFAULT_CSS = """
    TierChoice { height: 1; width: 1fr; }
    """
    KEYS: ClassVar[dict[str, str]] = {
        "right": "move(1)",
        "down": "move(1)",
        "left": "move(-1)",
        "up": "move(-1)",
        "space": "pick",
        "enter": "pick_and_go",
        **{str(n + 1): f"pick({n})" for n in range(len(TIERS))},
    }
    """Its keys, handled as they come (``handle_here``), not as bindings."""
    help_text = (
        f"定性档次：左右键选择 {' / '.join(TIERS)}（或按 1、2、3），空格选定，回车选定并前进"
        "（达成时直接到下一项指标，部分达成、未达成时到“评分”）；"
        "实际完成值未填时写入对应的表述（达成预期 / 部分达成 / 未达成）。再在“评分”中填写档次内的分数。"
    )

    value: reactive[str | None] = reactive(None)
    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, choice: TierChoice, value: str, token: object) -> None:
            super().__init__()
            self.choice = choice
            self.value = value
            self.token = token  # what the choice showed when picked (the pane's row)

        @property
        def control(self) -> TierChoice:
            return self.choice

    token: object = None

    def show(self, value: str | None, token: object = None) -> None:
        """The row's tier (not an edit); ``token`` comes back with a pick (which row it was made on)."""
        self.token = token
        self.value = value
        self.cursor = TIERS.index(value) if value in TIERS else 0

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, tier in enumerate(TIERS):
            chosen = tier == self.value
            style = "bold reverse" if self.has_focus and n == self.cursor else ""
            text.append(f"({'x' if chosen else ' '}) ", style=style)
            text.append(tier, style=f"{style} {'bold green' if chosen else ''}".strip())
            text.append("  ")
        text.rstrip()
        return text

    async def _on_key(self, event: events.Key) -> None:
        action = self.KEYS.get(event.key)
        if action is not None:
            handle_here(event)
            await self.run_action(action)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        x = 0
        for n, tier in enumerate(TIERS):
            width = 4 + 2 * len(tier) + 2
            if x <= event.x < x + width:
                self.action_pick(n)
                return
            x += width

    def action_move(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(TIERS)

    def action_pick(self, n: int | None = None) -> None:
        if n is not None:
            self.cursor = n
        tier = TIERS[self.cursor]
        if tier != self.value:
            self.value = tier
            self.post_message(self.Changed(self, tier, self.token))

    def action_pick_and_go(self) -> None:
        """Pick, then on as Enter in any field goes: the pane decides where (``advance``), at once, so that
        keys typed ahead land there."""
        self.action_pick()
        for node in self.ancestors:
            advance = getattr(node, "advance", None)
            if callable(advance):
                advance(self)
                return
        self.screen.focus_next()
