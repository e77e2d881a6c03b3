"""Every command once: its key, its footer word, its palette words (Chinese, pinyin, English) and help."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    id: str
    action: str  # an action of the main screen
    title: str  # Chinese, shown in the footer and the palette
    words: str  # pinyin and English aliases the palette matches too
    help: str
    key: str | None = None
    show: bool = True


COMMANDS: list[Command] = [
    Command("save", "save", "保存", "baocun save", "保存自评文件（先写临时文件再替换，原子保存）", "ctrl+s"),
    Command(
        "export",
        "export",
        "导出",
        "daochu export",
        "导出为自评表、Markdown、CSV、JSON、Excel、Word 或网页",
        "ctrl+e",
    ),
    Command("next", "next_item", "下一项", "xiayixiang next", "前往下一项（下一指标或下一部分）", "pagedown"),
    Command("prev", "prev_item", "上一项", "shangyixiang previous prev", "返回上一项", "pageup"),
    Command(
        "missing",
        "next_missing",
        "下一未完成",
        "xiayigeweiwancheng weitian next missing todo",
        "跳到下一个未填写或缺少偏差原因的指标",
        "ctrl+n",
    ),
    Command(
        "funds",
        "goto('funds')",
        "基本信息与资金",
        "zijin jibenxinxi funds budget header",
        "填写名称、预算数与执行数",
        "f2",
        show=False,
    ),
    Command(
        "goals",
        "goto('goals')",
        "目标与任务",
        "mubiao renwu goals tasks",
        "填写年度目标与实际完成情况",
        "f3",
        show=False,
    ),
    Command(
        "indicators",
        "goto('indicator')",
        "绩效指标",
        "zhibiao jixiao indicators",
        "逐项填写绩效指标",
        "f4",
        show=False,
    ),
    Command(
        "management",
        "goto('management')",
        "资金管理情况",
        "zijinguanli pingfen reviews",
        "为资金管理情况各项打分",
        "f5",
        show=False,
    ),
    Command(
        "check",
        "goto('check')",
        "复核",
        "fuhe zongfen review total findings",
        "查看完整自评表、总分、等级与问题清单",
        "f6",
    ),
    Command("add-goal", "add_goal", "添加目标", "tianjiamubiao add goal", "新增一条年度目标"),
    Command("help", "app.help", "帮助", "bangzhu help keys", "按键与填写说明", "f1"),
    Command(
        "open",
        "app.open_picker",
        "打开",
        "dakai open file picker xinjian new",
        "打开其他自评文件或由模板新建",
    ),
    Command("quit", "app.quit", "退出", "tuichu quit exit", "退出（有未保存的修改时先询问）", "ctrl+q"),
]


PALETTE = Command(
    "palette",
    "app.command_palette",
    "命令",
    "mingling palette commands",
    "命令面板：可输入中文、拼音或英文查找命令，如 baocun、save、导出",
    "ctrl+p",
    show=False,
)
"""The command palette's own key (not a command the palette lists)."""


def _binding(c: Command, action: str) -> Binding:
    assert c.key is not None
    return Binding(
        c.key, action, c.title, id=c.id, show=c.show, tooltip=c.help, priority=c.key.startswith("ctrl")
    )


def screen_bindings() -> list[BindingType]:
    """The walkthrough screen's keys: every command of the screen that has one."""
    return [_binding(c, c.action) for c in COMMANDS if c.key and not c.action.startswith("app.")]


def app_bindings() -> list[BindingType]:
    """The app's keys, on every screen: the palette, help, quit."""
    return [
        _binding(c, c.action.removeprefix("app."))
        for c in (PALETTE, *COMMANDS)
        if c.key and c.action.startswith("app.")
    ]
