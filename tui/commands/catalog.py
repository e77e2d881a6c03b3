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
    Command(
        "undo",
        "undo",
        "撤销",
        "chexiao huifu undo",
        "撤销上一处修改（含添加、删除、移动、改分值），保存后仍可撤销",
        "ctrl+z",
    ),
    Command("redo", "redo", "重做", "chongzuo redo", "重做刚撤销的修改", "ctrl+y", show=False),
    Command(
        "next",
        "next_item",
        "下一项",
        "xiayixiang next",
        "前往下一项（下一指标或下一部分）",
        "pagedown",
        show=False,
    ),
    Command("prev", "prev_item", "上一项", "shangyixiang previous prev", "返回上一项", "pageup", show=False),
    Command(
        "missing",
        "next_missing",
        "下一未完成",
        "xiayigeweiwancheng weitian next missing todo",
        "跳到下一个未填写、待选档次、无法评分或缺少偏差原因的指标",
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
    Command(
        "add",
        "add",
        "添加",
        "tianjia zengjia add new insert 添加指标 添加行 添加目标 添加任务 添加资金来源 添加项目",
        "在光标处添加：指标行（在本行下方）、目标或任务、资金来源、资金管理项目",
        "ctrl+o",
        show=False,
    ),
    Command(
        "delete",
        "delete",
        "删除",
        "shanchu delete remove 删除指标 删除行 删除目标 删除任务 删除资金来源",
        "删除光标所在的指标行、目标、任务、资金来源或资金管理项目（先询问，可撤销）",
        "ctrl+d",
        show=False,
    ),
    Command(
        "duplicate",
        "duplicate",
        "复制本行",
        "fuzhi duplicate copy 复制指标",
        "在本行下方添加一行相同的指标（再改名称与指标值）",
        "ctrl+t",
        show=False,
    ),
    Command(
        "move-up",
        "move(-1)",
        "上移",
        "shangyi move up 移动",
        "把本行（或所在项目）上移一位",
        "ctrl+up",
        show=False,
    ),
    Command(
        "move-down",
        "move(1)",
        "下移",
        "xiayi move down 移动",
        "把本行（或所在项目）下移一位",
        "ctrl+down",
        show=False,
    ),
    Command(
        "add-group",
        "add_group",
        "添加分组",
        "tianjia fenzu yiji erji group level 添加二级指标 添加一级指标",
        "添加二级指标或一级指标（及其第一行）",
        "ctrl+g",
        show=False,
    ),
    Command(
        "rename-group",
        "rename_group",
        "重命名分组",
        "chongmingming gaiming rename group 一级指标 二级指标 改名",
        "修改本行所在一级、二级指标的名称（对其下所有行生效）",
        "ctrl+r",
        show=False,
    ),
    Command(
        "rebalance",
        "rebalance",
        "平均分配分值",
        "pingjun fenpei fenzhi rebalance weight 分值 平衡",
        "把本一级指标的分值平均分配到其下各行（无规定分值时补足总分 100）",
        "ctrl+b",
        show=False,
    ),
    Command(
        "level-weight",
        "level_weight",
        "一级指标分值",
        "yiji fenzhi level weight 分值 修改分值",
        "修改本行所在一级指标的分值（写入自评文件的 一级指标分值）",
    ),
    Command(
        "too-low",
        "too_low",
        "标注指标值设定偏低",
        "zhibiaozhi pianli sheding piandi target too low 调减",
        "实际完成值远高于指标值、系指标值定得过低时标注，按规则调减分值",
    ),
    Command("add-goal", "add_goal", "添加目标", "tianjiamubiao add goal", "新增一条年度目标"),
    Command("add-task", "add_task", "添加任务", "tianjiarenwu add task", "新增一条年度主要任务"),
    Command(
        "add-source",
        "add_source",
        "添加资金来源",
        "tianjia zijinlaiyuan add fund source 财政拨款 上年结转",
        "新增一行资金来源（财政拨款、上年结转资金等）",
    ),
    Command(
        "add-review",
        "add_review",
        "添加资金管理项目",
        "tianjia zijinguanli add review item",
        "新增一项资金管理情况（评价人打分）",
    ),
    Command(
        "sidebar",
        "sidebar",
        "目录宽窄",
        "mulu kuandu sidebar wider tree width",
        "加宽或还原左侧目录",
        "f8",
        show=False,
    ),
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


def key_label(key: str) -> str:
    """A key as the help and the palette write it: Ctrl+S, F6, PgDn, Ctrl+Up."""
    names = {"pagedown": "PgDn", "pageup": "PgUp", "up": "Up", "down": "Down"}
    return "+".join(
        names.get(part, part.capitalize() if len(part) > 1 else part.upper()) for part in key.split("+")
    )


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
    # every key of the catalog before the focused widget's own: a text area takes F6 (select line) and PgDn
    return Binding(c.key, action, c.title, id=c.id, show=c.show, tooltip=c.help, priority=True)


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
