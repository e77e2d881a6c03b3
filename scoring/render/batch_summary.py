"""The batch summary (one row per evaluation) in every text form, from results or from a summary frame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import KIND_SHORT, half_width

if TYPE_CHECKING:
    import polars as pl

HEADERS = ["名称", "类型", "执行率", "总分", "等级", "错误", "警告", "填报总分"]
CSV_COLUMNS = [
    "file",
    "name",
    "kind",
    "year",
    "annual",
    "rate",
    "total",
    "grade",
    "errors",
    "warnings",
    "reported_total",
]


@dataclass(frozen=True)
class SummaryRow:
    file: str
    name: str
    kind: str
    year: int | None
    annual: Decimal | None
    rate: Decimal | None
    total: Decimal | None
    grade: str | None
    errors: int
    warnings: int
    reported_total: Decimal | None

    @staticmethod
    def of(result: EvaluationResult) -> SummaryRow:
        ex = result.execution
        return SummaryRow(
            result.file,
            result.name,
            result.kind,
            result.year,
            ex.annual if ex else None,
            ex.rate if ex else None,
            result.total,
            result.grade,
            result.errors,
            result.warnings,
            result.reported_total,
        )

    def cells(self) -> list[str]:
        return [
            self.name,
            KIND_SHORT.get(self.kind, self.kind),
            "" if self.rate is None else f"{fmt2(self.rate)}%",
            fmt2(self.total),
            self.grade or "",
            str(self.errors),
            str(self.warnings),
            fmt_plain(self.reported_total),
        ]


def rows_of(items: Sequence[EvaluationResult] | Sequence[SummaryRow]) -> list[SummaryRow]:
    return [item if isinstance(item, SummaryRow) else SummaryRow.of(item) for item in items]


def rows_from_frame(frame: pl.DataFrame) -> list[SummaryRow]:
    """Rows of a summary frame (``scoring.core.convert.summary_frame``: exact decimal text) as SummaryRow."""

    def dec(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return [
        SummaryRow(
            r["file"],
            half_width(r["name"]),
            r["kind"],
            r.get("year"),
            dec(r.get("annual")),
            dec(r.get("rate")),
            dec(r.get("total")),
            r.get("grade"),
            int(r.get("errors") or 0),
            int(r.get("warnings") or 0),
            dec(r.get("reported_total")),
        )
        for r in frame.iter_rows(named=True)
    ]


def fund_weighted_mean(rows: Sequence[SummaryRow]) -> Decimal | None:
    """Mean 总分 weighted by 全年预算数 (evaluations with both figures)."""
    pairs = [(r.annual, r.total) for r in rows if r.annual and r.total is not None]
    weight = sum((a for a, _ in pairs if a is not None), Decimal(0))
    if not weight:
        return None
    return sum((a * t for a, t in pairs if a is not None and t is not None), Decimal(0)) / weight


def footer(rows: Sequence[SummaryRow]) -> str:
    grades: dict[str, int] = {}
    for r in rows:
        key = r.grade or ("无法读取" if r.kind == "unknown" else "未评")
        grades[key] = grades.get(key, 0) + 1
    text = f"共 {len(rows)} 个自评；等级分布：" + "，".join(f"{k} {v} 个" for k, v in grades.items())
    mean = fund_weighted_mean(rows)
    if mean is not None:
        text += f"；按全年预算数加权平均总分 {fmt2(mean)}"
    return text


def summary_csv(frame: pl.DataFrame) -> bytes:
    """The summary frame as CSV with a BOM (Excel/WPS read the Chinese as UTF-8); written by polars."""
    return frame.select(CSV_COLUMNS).write_csv(include_bom=True).encode("utf-8")
