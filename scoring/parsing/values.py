"""Result types of the parsers and their short Chinese renderings."""

from __future__ import annotations

import datetime as _dt
import unicodedata
from decimal import Decimal
from typing import Literal, NamedTuple

from scoring.domain.vocabulary import Tier, cell_safe

__all__ = [
    "ActualKind",
    "ParsedActual",
    "ParsedTarget",
    "TargetKind",
    "Tier",
    "format_number",
    "format_quantity",
]

TargetKind = Literal["higher", "lower", "equal", "range", "deadline", "qualitative", "empty", "invalid"]
ActualKind = Literal["number", "date", "tier", "empty", "invalid"]

_MAX_SHOWN = 40


def _safe(text: str) -> str:
    """Text fit for a table cell: no ambiguous-width look-alikes, no control characters, bounded length."""
    s = "".join(ch for ch in cell_safe(text) if unicodedata.category(ch)[0] != "C").strip()
    if len(s) > _MAX_SHOWN:
        s = s[:_MAX_SHOWN] + "..."
    return s or "?"


def format_number(value: Decimal) -> str:
    """Plain decimal notation, never exponent form; '-0' prints as '0'."""
    if value == 0:
        return "0"
    return format(value, "f")


_DISPLAY = {"工作日": "个工作日", "月": "个月", "百分点": "个百分点"}


def format_quantity(value: Decimal, unit: str) -> str:
    """'90%', '千分之5', '10 小时', '112 套', '3 个工作日', '3'."""
    num = format_number(value)
    if unit == "%":
        return num + "%"
    if unit == "‰":
        return "千分之" + num
    return f"{num} {_DISPLAY.get(unit, unit)}" if unit else num


class ParsedTarget(NamedTuple):
    """A 年度指标值 as understood by the parser. (The parsers' values are named tuples: made at every
    start-up, a frozen dataclass costs four times as much, 0.8 ms each.)"""

    text: str
    kind: TargetKind
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""
    deadline: _dt.date | None = None
    explicit: bool = False
    error: str | None = None

    def render(self) -> str:
        """Short Chinese rendering, e.g. '不低于 90%', '90% 至 110%', '截止 2023-08-31'."""
        if self.kind in ("higher", "lower", "equal") and self.value is not None:
            word = {"higher": "不低于", "lower": "不高于", "equal": "等于"}[self.kind]
            return f"{word} {format_quantity(self.value, self.unit)}"
        if self.kind == "range" and self.low is not None and self.high is not None:
            return f"{format_quantity(self.low, self.unit)} 至 {format_quantity(self.high, self.unit)}"
        if self.kind == "deadline" and self.deadline is not None:
            return f"截止 {self.deadline.isoformat()}"
        if self.kind == "qualitative":
            return "定性：" + _safe(self.text)
        if self.kind == "empty":
            return "未填写"
        return "无法识别：" + _safe(self.text)


class ParsedActual(NamedTuple):
    """A 实际完成值 as understood by the parser."""

    text: str
    kind: ActualKind
    value: Decimal | None = None
    unit: str = ""
    date: _dt.date | None = None
    tier: Tier | None = None
    repeated_op: str | None = None
    error: str | None = None

    def render(self) -> str:
        """Short Chinese rendering, e.g. '90%', '10 小时', '2023-08-20', '达成'."""
        if self.kind == "number" and self.value is not None:
            return format_quantity(self.value, self.unit)
        if self.kind == "date" and self.date is not None:
            return self.date.isoformat()
        if self.kind == "tier" and self.tier is not None:
            return self.tier
        if self.kind == "empty":
            return "未填写"
        return "无法识别：" + _safe(self.text)
