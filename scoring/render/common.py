"""Helpers shared by the exports: labels, number text, file names, and the funds-source rows."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from scoring.domain.numbers import fmt2, fmt_plain, round_half_up
from scoring.domain.results import EvaluationResult, FundSourceResult
from scoring.domain.vocabulary import KIND_SHORT, KIND_TITLE, SEVERITY, STATUS  # noqa: F401  (re-exported)


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
    """A file name for one evaluation in an output folder: the input's stem, else its name."""
    stem = Path(result.file).stem if result.file else ""
    stem = stem or result.name or f"evaluation-{index + 1}"
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem)


def _source(
    name: object, initial: object, annual: object, executed: object, reported: object
) -> FundSourceResult:
    def dec(value: object) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    a, e = dec(annual), dec(executed)
    rate = round_half_up(e / a * 100) if a and e is not None else None
    return FundSourceResult(
        name=str(name),
        initial=dec(initial),
        annual=a,
        executed=e,
        rate=rate,
        reported_rate=None if reported is None else str(reported),
    )


def fill_sources(results: list[EvaluationResult]) -> None:
    """Type each result's 其中 rows (财政拨款 …) and give them their 执行率 (B/A).

    The engine fills ``execution.sources`` with plain dicts of the file's [[funds.sources]]; the tables
    print them as the official funds block does, with the rate computed here.
    """
    for result in results:
        ex = result.execution
        if ex is None or not ex.sources:
            continue
        ex.sources = [
            item if isinstance(item, FundSourceResult) and item.rate is not None else _source(**_fields(item))
            for item in ex.sources
        ]


def _fields(item: object) -> dict[str, object]:
    if isinstance(item, dict):
        data = item
    elif hasattr(item, "model_dump"):
        data = item.model_dump()
    else:
        data = {}
    return {
        "name": str(data.get("name", "")),
        "initial": data.get("initial"),
        "annual": data.get("annual"),
        "executed": data.get("executed"),
        "reported": data.get("reported_rate"),
    }
