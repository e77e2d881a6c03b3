"""Modal dialogs: quit with unsaved changes, recovery offer, export, new file path, help."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

if TYPE_CHECKING:
    from ..session import Session
from textual.widgets.option_list import Option

from scoring.domain.errors import os_reason
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import MARK

from .. import exports
from ..commands.catalog import COMMANDS, PALETTE, key_label
from ..text import plain

MARK_WORDS = [
    (word, MARK[status])
    for status, word in (
        ("met", "已达成"),
        ("short", "未达成"),
        ("over", "超额"),
        ("missing", "未填"),
        ("reason", "缺原因"),
        ("judgement", "待评分"),
        ("not_applicable", "不适用"),
    )
]
"""The tree's marks, as the help explains them (from the vocabulary's marks)."""


class Choice(ModalScreen[str]):
    """A question with buttons; dismisses with the id of the chosen button (Esc = ``cancel``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss('cancel')", "取消", id="cancel"),
        Binding("left", "app.focus_previous", "上一个", show=False),
        Binding("right", "app.focus_next", "下一个", show=False),
    ]

    def __init__(self, title: str, body: str, buttons: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._buttons = buttons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="title")
            yield Static(Text(self._body), classes="body")  # it may hold a file name or a row's name
            with Horizontal(classes="buttons"):
                for id, label, variant in self._buttons:
                    yield Button(label, id=id, variant=variant, compact=True)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")


def confirm_quit() -> Choice:
    return Choice(
        "有未保存的修改",
        "退出前是否保存？不保存时修改将被丢弃。",
        [("save", "保存并退出", "primary"), ("discard", "不保存", "error"), ("cancel", "取消", "default")],
    )


def confirm_delete(what: str) -> Choice:
    return Choice(
        "删除",
        f"删除{what}？删除后可按 Ctrl+Z 撤销。",
        [("delete", "删除", "error"), ("cancel", "取消", "default")],
    )


def offer_recovery(when: str, path: Path) -> Choice:
    return Choice(
        "发现未保存的修改",
        f"上次编辑在 {when} 留下了未保存的修改（{path.name}）。\n恢复这些修改，还是丢弃并打开已保存的文件？",
        [("restore", "恢复修改", "primary"), ("discard", "丢弃", "error")],
    )


class PathModal(ModalScreen[Path | None]):
    """Ask where a new evaluation is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "取消", id="cancel")]

    def __init__(self, title: str, default: Path) -> None:
        super().__init__()
        self._title = title
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._title, classes="title")
            yield Label("保存位置（回车确认，Esc 取消）：")
            yield Input(str(self._default), id="path", compact=True)
            yield Static("", id="msg", classes="message")

    @on(Input.Submitted, "#path")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.query_one("#msg", Static).update(Text("请填写文件路径", style="red"))
            return
        path = Path(text).expanduser()
        if path.suffix != ".toml":
            path = path.with_name(path.name + ".toml")
        if path.exists():
            self.query_one("#msg", Static).update(Text(f"{path} 已存在，请换一个文件名", style="red"))
            return
        self.dismiss(path)


def save_as(session: Session) -> PathModal:
    """Where an evaluation read from a document is saved: a new .toml file (the document is never written)."""
    source = session.source.name if session.source is not None else ""
    return PathModal(f"另存为自评文件（读取自 {source}）", session.path)


class FormModal(ModalScreen[dict[str, str] | None]):
    """A few named values asked at once (Enter moves on, Enter in the last one confirms, Esc cancels)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "取消", id="cancel")]

    def __init__(
        self,
        title: str,
        note: str,
        fields: Sequence[tuple[str, str, str]],
        *,
        required: Sequence[str] = (),
        check: Callable[[dict[str, str]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._note = note
        self._fields = list(fields)
        self._required = set(required)
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="title")
            yield Static(plain(self._note), classes="body")
            for key, label, value in self._fields:
                with Horizontal(classes="row"):
                    yield Label(label, classes="label")
                    yield Input(value, id=f"form-{key}", compact=True, select_on_focus=False)
            yield Static("回车确认，Esc 取消", id="msg", classes="hint")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def _answer(self) -> dict[str, str]:
        return {key: self.query_one(f"#form-{key}", Input).value.strip() for key, _, _ in self._fields}

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is not inputs[-1]:
            self.focus_next()
            return
        answer = self._answer()
        missing = [label for key, label, _ in self._fields if key in self._required and not answer[key]]
        problem = f"请填写{'、'.join(missing)}" if missing else (self._check(answer) if self._check else None)
        if problem:
            self.query_one("#msg", Static).update(Text(problem, style="red"))
            return
        self.dismiss(answer)


class ExportModal(ModalScreen[None]):
    """Pick a format and a file; the headless exporters do the work.

    It opens at once, while the evaluation is scored afresh (``set_result``): keys typed right after
    Ctrl+E are the dialog's, and an export asked for before the result is there is done when it comes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "关闭", id="close"),
        # the dialog's keys before its list has the focus (a key typed ahead of the dialog's mounting)
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("enter", "export", show=False),
    ]
    AUTO_FOCUS = "#formats"

    def __init__(self, result: EvaluationResult | None, source: Path) -> None:
        super().__init__()
        self.result = result
        self.source = source
        self._pending: tuple[str, Path] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("导出", classes="title")
            options = []
            for fmt, name, ext in exports.FORMATS:
                options.append(Option(Text(f"{name}（.{ext}）"), id=fmt))
            yield OptionList(*options, id="formats")
            yield Label("文件：")
            yield Input(self._default("table"), id="target", compact=True)
            yield Static(self._hint(), id="msg", classes="hint")

    def _hint(self) -> Text:
        if self.result is None:
            return Text("正在计分…（可先选格式，回车后计分完成即导出）", style="dim")
        return Text("上下键选格式，回车导出；Esc 关闭")

    def _default(self, fmt: str) -> str:
        return str(self.source.with_name(f"{self.source.stem}-自评表.{exports.EXTENSIONS[fmt]}"))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def set_result(self, result: EvaluationResult) -> None:
        """The evaluation scored afresh: export now if asked already."""
        self.result = result
        if self.is_attached:
            self.query_one("#msg", Static).update(self._hint())
        if self._pending is not None:
            fmt, target = self._pending
            self._pending = None
            self._write(fmt, target)

    def action_move(self, delta: int) -> None:
        formats = self.query_one(OptionList)
        formats.highlighted = ((formats.highlighted or 0) + delta) % formats.option_count

    def action_export(self) -> None:
        self._export(exports.FORMATS[self.query_one(OptionList).highlighted or 0][0])

    @on(OptionList.OptionHighlighted, "#formats")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#target", Input).value = self._default(event.option.id or "table")

    @on(OptionList.OptionSelected, "#formats")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._export(event.option.id or "table")

    @on(Input.Submitted, "#target")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def _export(self, fmt: str) -> None:
        target = Path(self.query_one("#target", Input).value.strip()).expanduser()
        if self.result is None:
            self._pending = (fmt, target)
            self.query_one("#msg", Static).update(Text(f"计分完成后导出 {target}…", style="dim"))
            return
        self.query_one("#msg", Static).update(Text(f"正在导出 {target} …", style="dim"))
        self._write(fmt, target)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, target: Path) -> None:
        """Write off the screen's thread (a workbook or a document takes a moment); the dialog stays until
        the file is written, and says why when it cannot be."""
        assert self.result is not None
        try:
            exports.export(self.result, fmt, target)
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"无法写入 {target}：{os_reason(exc)}")
            return
        except Exception as exc:  # an exporter failed: say so, keep the dialog
            self.app.call_from_thread(self._failed, f"导出失败：{exc}")
            return
        self.app.call_from_thread(self._done, target)

    def _failed(self, message: str) -> None:
        self.query_one("#msg", Static).update(Text(message, style="red"))

    def _done(self, target: Path) -> None:
        self.notify(f"已导出 {target}", title="导出")
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss(None)", "关闭", id="close")]

    def __init__(self, field_help: str | None = None) -> None:
        super().__init__()
        self.field_help = field_help  # the focused widget's own help

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide help"):
            yield Static("帮助", classes="title")
            if self.field_help:
                yield Static(Text("当前输入框  ", style="bold") + Text(self.field_help), classes="body")
            text = Text()
            text.append("填写顺序\n", style="bold")
            text.append("  基本信息与资金 > 目标与任务 > 各项绩效指标 > 资金管理情况 > 复核\n")
            text.append("  回车或 Tab 前进，Shift+Tab 后退；左侧目录可用鼠标或方向键选择。\n")
            text.append("  目标、任务、说明和偏差原因自动换行；Ctrl+J 另起一行。\n")
            text.append("  状态标记：", style="bold")
            for word, (mark, style) in MARK_WORDS:
                text.append(mark, style=style)
                text.append(f" {word}  ")
            text.rstrip()
            yield Static(text, classes="body")
            keys = Table.grid(padding=(0, 2))
            keys.add_column(style="cyan", no_wrap=True)
            keys.add_column(ratio=1)
            for c in (*COMMANDS, PALETTE):
                said = Text(f"{c.title}：{c.help}", overflow="fold")
                keys.add_row(key_label(c.key) if c.key else "命令面板", said)
            yield Static(Text("按键", style="bold"), classes="body")
            yield Static(keys)
            text = Text()
            text.append("不会丢失修改\n", style="bold")
            text.append("  每次修改后自动写入恢复文件（.文件名.toml.recovery）；下次打开时可恢复。\n")
            text.append("  Ctrl+S 原子保存（先写临时文件再替换）；Ctrl+Z 撤销，保存后仍可撤销。")
            yield Static(text, classes="body")


def changed_on_disk(path: Path) -> Choice:
    return Choice(
        "文件已被其他程序修改",
        f"{path} 在打开（或上次保存）之后被修改过。\n"
        "载入磁盘上的版本（放弃本窗口的修改），还是保存本窗口的修改（磁盘上的版本另存一份在旁边）？",
        [
            ("keep", "保存我的修改", "primary"),
            ("reload", "载入磁盘版本", "error"),
            ("compare", "比较", "default"),
            ("cancel", "取消", "default"),
        ],
    )


def read_only_file(path: Path, reason: str) -> Choice:
    return Choice(
        "文件不能直接保存",
        f"{path} 是{reason}，不会强行覆盖。\n另存为其他文件？",
        [("save_as", "另存为…", "primary"), ("cancel", "取消", "default")],
    )


class DiffScreen(ModalScreen[None]):
    """The file on disk against the edits made here (a unified diff, shown as plain text)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "dismiss(None)", "关闭", id="close")]

    def __init__(self, diff: str) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide help"):
            yield Static("比较：磁盘上的版本（-）与本窗口的修改（+）", classes="title")
            text = Text()
            for line in self.diff.splitlines():
                style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
                text.append(line + "\n", style=style)
            yield Static(text, classes="body")
            yield Static("回车或 Esc 返回", classes="hint")
