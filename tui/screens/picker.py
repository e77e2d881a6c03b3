"""The picker: open an evaluation file, or start one from an indicator set."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from scoring import api
from scoring.domain.errors import InputError

MAX_FILES = 200


def find_evaluations(root: Path) -> list[Path]:
    """``*.toml`` files holding an [evaluation], up to three folders deep (hidden folders skipped)."""
    found: list[Path] = []
    for pattern in ("*.toml", "*/*.toml", "*/*/*.toml", "*/*/*/*.toml"):
        for path in sorted(root.glob(pattern)):
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            try:
                head = path.read_text(encoding="utf-8-sig", errors="replace")[:4000]
            except OSError:
                continue
            if "[evaluation]" in head:
                found.append(path)
            if len(found) >= MAX_FILES:
                return found
    return found


class PickerScreen(Screen[None]):
    """Lists evaluation files under the working folder and the shipped indicator sets."""

    class Open(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class New(Message):
        def __init__(self, set_id: str) -> None:
            super().__init__()
            self.set_id = set_id

    class FromPrevious(Message):
        """Start next year's evaluation from the file chosen (last year's)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "from_previous", "以所选文件为上年新建", id="from-previous"),
    ]

    def __init__(self, root: Path | None = None, message: str = "") -> None:
        super().__init__()
        self.root = root or Path.cwd()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="picker"):
            if self.message:
                yield Static(Text(self.message, style="bold red"), id="picker-msg")
            with Horizontal(id="picker-lists"):
                with Vertical():
                    yield Label("打开自评文件", classes="title")
                    # one line at 80 columns, and one beside it: the two lists start on the same row
                    yield Label("回车打开；Ctrl+O 以其为上年新建", classes="hint")
                    files = find_evaluations(self.root)
                    options = [Option(Text(str(p.relative_to(self.root))), id=f"file:{p}") for p in files]
                    if not options:
                        options = [
                            Option(Text("（此文件夹下没有自评文件）", style="dim"), id="none", disabled=True)
                        ]
                    yield OptionList(*options, id="files")
                with Vertical():
                    yield Label("由指标模板新建", classes="title")
                    yield Label("回车以所选模板新建", classes="hint")
                    sets = []
                    for _path, item in api.sets():
                        if isinstance(item, InputError):
                            continue
                        prompt = Text(item.set.id, style="bold")
                        prompt.append("\n" + item.set.title, style="dim")
                        sets.append(Option(prompt, id=f"set:{item.set.id}"))
                    yield OptionList(*sets, id="sets")
            yield Horizontal(
                Label("或输入路径：", classes="label"),
                Input(id="path", compact=True, placeholder="自评文件路径，回车打开"),
                classes="row",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = "jixiao 绩效：打开或新建自评"
        files = self.query_one("#files", OptionList)
        (
            files
            if files.option_count and not files.get_option_at_index(0).disabled
            else self.query_one("#sets")
        ).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("file:"):
            self.post_message(self.Open(Path(option_id[5:])))
        elif option_id.startswith("set:"):
            self.post_message(self.New(option_id[4:]))

    def action_from_previous(self) -> None:
        files = self.query_one("#files", OptionList)
        index = files.highlighted
        option = files.get_option_at_index(index) if index is not None else None
        if option is None or not (option.id or "").startswith("file:"):
            self.notify("请先在“打开自评文件”中选中上年的自评文件", title="由上年新建")
            return
        self.post_message(self.FromPrevious(Path((option.id or "")[5:])))

    @on(Input.Submitted, "#path")
    def _path(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Open(Path(event.value.strip()).expanduser()))
