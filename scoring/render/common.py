"""Helpers shared by the exports: labels, number text, file names, and the funds-source rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from scoring.domain.file_names import file_stem
from scoring.domain.hidden import xml_safe
from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import KIND_TITLE, Orientation, half_width


class Options(NamedTuple):
    """How an export is written (a named tuple: a frozen dataclass is built at every start-up, 0.8 ms).

    ``findings``: the documents for people (docx, xlsx) carry the official tables only unless this is set;
    with it, the findings, the source file and the notes on printed figures go to their own section or
    sheet. ``orientation``: A4 portrait where the table fits it (``auto``), or as asked.
    """

    findings: bool = False
    orientation: Orientation = "auto"


def official(result: EvaluationResult) -> EvaluationResult:
    """The result as the exports print it: numbers and % in half-width in every text (１００％ → 100%), the
    clerk's wording kept otherwise; the file's path as it is."""
    return half_width_all(result).model_copy(update={"file": result.file})


def half_width_all(value: Any) -> Any:
    """Every text inside the value (str, list, dict, pydantic model) with its numbers and % half-width."""
    if isinstance(value, str):
        return half_width(value)
    if isinstance(value, list):
        return [half_width_all(v) for v in value]
    if isinstance(value, dict):
        return {k: half_width_all(v) for k, v in value.items()}
    if isinstance(value, BaseModel):
        return value.model_copy(
            update={name: half_width_all(getattr(value, name)) for name in type(value).model_fields}
        )
    return value


def title(result: EvaluationResult) -> str:
    return KIND_TITLE.get(result.kind, "绩效自评情况表")


def year_line(result: EvaluationResult) -> str:
    return f"（{result.year} 年度）" if result.year else ""


def pct(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt2(value)}%"


def num(value: Decimal | None) -> str:
    return fmt2(value)


def plain(value: Decimal | None) -> str:
    return fmt_plain(value)


def has_deviation_column(result: EvaluationResult) -> bool:
    """The Henan layout prints 偏差度; so does any file that reported one."""
    if result.set and result.set.startswith("henan"):
        return True
    return any(i.reported_deviation is not None for i in result.indicators)


def level1_weights(result: EvaluationResult) -> dict[str, Decimal]:
    """The 一级指标 分值 printed beside the 一级 cell.

    The 部门整体 layout has that column (the seed's 投入管理指标 30); the 项目 layout does not.
    Declared weight when the set/file gives one, else the rows' sum.
    """
    if result.kind != "department":
        return {}
    return {
        s.level1: s.declared_weight if s.declared_weight is not None else s.weight for s in result.subtotals
    }


def goal_text(goal: dict[str, str], field: str = "expected") -> str:
    name = goal.get("name", "")
    text = goal.get(field, "")
    return f"{name}：{text}" if name and field == "expected" else text


def safe_stem(result: EvaluationResult, index: int) -> str:
    """A file name for one evaluation in an output folder: the input's stem, else its name (see
    ``file_stem``: no hidden characters, no dotfile, no name Windows reserves)."""
    stem = Path(result.file).stem if result.file else ""
    return file_stem(stem or result.name or "", f"evaluation-{index + 1}")


def safe_name(text: str) -> str:
    """``text`` (a department's name) fit for a file name, as ``safe_stem``."""
    return file_stem(text, "未填主管部门")


def _xml_clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(update={name: _xml_clean(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [_xml_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _xml_clean(item) for key, item in value.items()}
    return value


def xml_ready(results: list[EvaluationResult]) -> list[EvaluationResult]:
    """The results with every text as XML allows it (xlsx, docx): a control character pasted from Word
    (``\\x07``, ``\\x00``) made openpyxl and python-docx refuse the whole export. A result without one is
    passed as it is."""
    return [_xml_clean(r) if _needs_cleaning(r) else r for r in results]


def _needs_cleaning(value: Any) -> bool:
    if isinstance(value, str):
        return xml_safe(value) is not value
    if isinstance(value, BaseModel):
        return any(_needs_cleaning(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, list):
        return any(_needs_cleaning(item) for item in value)
    if isinstance(value, dict):
        return any(_needs_cleaning(item) for item in value.values())
    return False
