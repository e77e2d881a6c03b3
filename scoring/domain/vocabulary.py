"""The small words of the domain, each defined once: kinds, rules, tiers, statuses, severities, sections,
their Chinese labels and marks, and the stand-ins for characters of ambiguous width.

Everything else (models, the scoring core, the exports, the TUI) imports these; nothing spells them again.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

# --- kinds of evaluation ----------------------------------------------------------------------------------

Kind = Literal["project", "department"]
KINDS: tuple[Kind, ...] = get_args(Kind)
KIND_TITLE = {"project": "项目支出绩效自评情况表", "department": "部门整体支出绩效自评情况表"}
KIND_SHORT = {"project": "项目", "department": "部门整体", "unknown": "无法读取"}
KIND_CHOICES = "project（项目支出）、department（部门整体支出）"

# --- scoring rules ------------------------------------------------------------------------------------------

RuleName = Literal["higher", "lower", "equal", "range", "deadline", "qualitative", "manual"]
"""The rules a file may name (``rule = "lower"``)."""
RULES: tuple[RuleName, ...] = get_args(RuleName)
QUANTITATIVE_RULES = ("higher", "lower", "equal", "range")
"""Rules that score a number against a number."""
TARGET_RULES = (*QUANTITATIVE_RULES, "deadline", "qualitative")
"""Rules read from the wording of a 年度指标值 (the parser's target kinds that are rules)."""
DATA_RULES = ("bands", "deduct")
"""Rules given as data in the row (评分标准 ``bands``, ``deduct``)."""
SCORED_BY_READING = (*TARGET_RULES, *DATA_RULES)
"""Rules that score from what was read in 实际完成值: a row under one of them that cannot be scored needs
another 实际完成值."""

# --- qualitative tiers ------------------------------------------------------------------------------------

Tier = Literal["达成", "部分达成", "未达成"]
TIERS: tuple[Tier, ...] = get_args(Tier)
TIER_KEYS: dict[str, str] = {"达成": "full", "部分达成": "part", "未达成": "fail"}
TIER_WORDS: dict[str, str] = {"达成": "达成预期", "部分达成": "部分达成", "未达成": "未达成"}
"""What the 自评表 prints as 实际完成值 for a row rated only by its tier (the seed prints 达成预期)."""
"""Each tier's key in the rule profile's knob columns (``k_full_lo`` …)."""

# --- a row's status -----------------------------------------------------------------------------------------

Status = Literal["met", "short", "over", "missing", "judgement", "not_applicable", "invalid"]
STATUSES: tuple[Status, ...] = get_args(Status)
STATUS = {
    "met": "达成",
    "short": "未达成",
    "over": "超额",
    "missing": "未填",
    "judgement": "待评分",
    "not_applicable": "不适用",
    "invalid": "无法评分",
}
FILLED_STATUSES = ("met", "short", "over")
"""A row with one of these has its 实际完成值 scored."""
OPEN_STATUSES = ("missing", "judgement", "invalid")
"""A row with one of these still waits for the evaluator."""

MARK = {
    "met": ("完", "green"),
    "short": ("差", "yellow"),
    "over": ("超", "magenta"),
    "missing": ("缺", "red"),
    "judgement": ("评", "cyan"),
    "not_applicable": ("免", "bright_black"),
    "invalid": ("错", "red"),
    "reason": ("因", "red"),
}
"""One double-width CJK character per status (never an ambiguous-width symbol) and its colour; ``reason``
marks a row whose 偏差原因 is demanded and missing."""


def status_label(status: str, score: object = None) -> str:
    """The 状态 word for a row: a shortfall with some points is 部分达成, with none 未达成."""
    if status == "short" and score is not None and score != 0:
        return "部分达成"
    return STATUS.get(status, status)


# --- findings -----------------------------------------------------------------------------------------------

SHORT_TITLES = {
    "偏差原因分析及改进措施": "偏差原因",
    "存在问题和改进措施": "问题与改进",
    "是否适用": "适用",
    "指标值设定偏低": "指标值偏低",
}
"""A field title (the models' ``Field(title=…)``) as a screen's label column says it, where the full title
does not fit 11 cells: the short form is defined here once, the title itself stays in the model."""

NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’%％‰…,.;:?!)]")
"""Punctuation a Chinese line never starts with (避头点, 禁则): where a line would break before one, the
character ahead moves down with it (printed tables and the screen's 复核 table alike)."""

Severity = Literal["error", "warning", "info"]
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

NO_FINDINGS = "未发现问题。"


def findings_heading(total: int, errors: int, warnings: int) -> str:
    """The line above a findings list, the same in every table and export."""
    return f"发现问题 {total} 项（错误 {errors}，警告 {warnings}）："


def finding_where(where: str, line: int | None, cell: str | None = None) -> str:
    """Where a finding is: the row, and its line in a file ("产出指标 / …，第 12 行") or its cell in a
    document ("产出指标 / …，工作表「项目自评」C14")."""
    if cell:
        return f"{where}，{cell}"
    return f"{where}，第 {line} 行" if line else where


# --- the reviewer's part of a docx / xlsx export (--findings) ---------------------------------------------

FINDINGS_PART = "问题清单"
"""The title of the part ``--findings`` adds to a docx (a section) or an xlsx (a sheet): each evaluation's
file, its findings and the clerk's 填报总分."""
COMPUTED_SCORES = "得分按规则计算"
REPORTED_TOTAL = "填报总分"


def evaluation_file(name: str, file: str) -> str:
    """An evaluation and its file, as the 问题清单 names it: 采购项目（文件：项目.toml）."""
    return f"{name}（文件：{file}）" if name else f"文件：{file}"


def reported_total_note(total: str) -> str:
    """What the 问题清单 says of an evaluation that printed its own 总分, in docx and xlsx alike (an import of
    jixiao's file reads the clerk's 填报总分 back from it): the 得分 shown are computed."""
    return f"{COMPUTED_SCORES}；{REPORTED_TOTAL} {total}"


# --- the sections of an evaluation (where a row or a finding is) -------------------------------------------

Section = Literal["header", "funds", "sources", "goals", "tasks", "review", "indicator", "total"]
"""Where a row or a finding is: the scored rows are `funds`, `review` (资金管理情况) and `indicator`."""
FUNDS_ROW = "预算执行率"
"""The name of the funds block's scored row (一级 and 三级) and of the place of its findings."""
REVIEWS_LEVEL = "资金管理情况"
EXECUTION_REASON = "预算执行偏差原因分析及改进措施"
"""The label of the funds block's 偏差原因 (its ``reason``) in the tables and documents."""
"""The 一级 of the review items (资金管理情况) in the official table."""

FUND_SOURCE_NAMES = ("财政拨款", "上年结转", "财政专户管理资金", "单位资金", "其他资金")
"""The 资金来源 rows the official funds block prints, in its order."""
FUND_SOURCE_OFFERED = (
    *FUND_SOURCE_NAMES,
    "其中：当年财政拨款",
    "上年结转资金",
    "政府预算资金",
    "政府性基金预算资金",
    "国有资本经营预算资金",
    "上级补助资金",
    "自筹资金",
)
"""The 资金来源 names offered when one is typed or added (the printed rows first, then other common ones)."""

NAME_TO_FILL = "（请填写名称）"
"""The name a new evaluation carries until the evaluator gives it one (a screen shows it as a hint)."""

GRID_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差度",
    "状态",
)
"""The indicator grid's columns (the 自评表's, plus 状态), before 偏差原因分析及改进措施."""

# --- characters of ambiguous width --------------------------------------------------------------------------

WIDE_STAND_INS = str.maketrans(
    {
        "≥": ">=",
        "≤": "<=",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": "...",
        "—": "-",
        "–": "-",
        "·": ".",
        "×": "x",
        "÷": "/",
        "±": "+/-",
        "°": "度",
        "‰": "千分之",
        "→": "->",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)
"""Stand-ins for symbols that Rich counts as one cell while many Chinese terminals draw two (and for line
breaks), for every grid cell: the terminal tables, the parsers' readings and the TUI."""


def cell_safe(text: str | None) -> str:
    """Text fit for one line of a grid cell: ambiguous-width symbols replaced (>= instead of ≥)."""
    return (text or "").translate(WIDE_STAND_INS)


# --- the words of the summary and the documents: --group-by, --sort, --orientation --------------------------

GROUP_KEYS = {"主管部门": "authority", "authority": "authority"}
"""What ``--group-by`` accepts (one key for now: the 主管部门) and the summary field it reads."""
SORT_KEYS = {
    "总分": "total",
    "total": "total",
    "errors": "errors",
    "错误": "errors",
    "执行率": "rate",
    "rate": "rate",
}
"""What ``--sort`` accepts and the summary field it orders by: 总分, errors, 执行率 (highest first)."""
Orientation = Literal["auto", "portrait", "landscape"]
ORIENTATIONS: tuple[Orientation, ...] = get_args(Orientation)
ORIENTATION_WORDS: dict[str, Orientation] = {"自动": "auto", "纵向": "portrait", "横向": "landscape"}
"""The documents' page orientations (auto: portrait where the table fits A4 portrait), and in Chinese."""


# --- official text: numbers as the printed tables write them -----------------------------------------------

HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},  # ０–９
        "％": "%",
        "﹪": "%",
        "＋": "+",
        "－": "-",
        "＝": "=",
        "＜": "<",
        "＞": ">",
    }
)
"""Full-width digits, % and the signs around figures, as half-width: what a clerk's IME types (１００％)
and what the printed 自评表 shows (100%)."""

_WIDE_POINT = re.compile(r"(?<=[0-9])[．｡](?=[0-9])")


def half_width(text: str) -> str:
    """Numbers and % in half-width (１００．５％ → 100.5%), the rest of the wording as written."""
    return _WIDE_POINT.sub(".", text.translate(HALF_WIDTH))
