"""The batch summary (one row per evaluation) in every text form, from results or from a summary frame;
sorted (``--sort``) and by 主管部门 (``--group-by``).

A department's figures are sums (全年预算数, 全年执行数, errors, warnings), its 执行率 the rate of the
sums, its 总分 the mean weighted by 全年预算数 — all exact decimals, rounded half-up only when printed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from scoring.domain.numbers import fmt2, fmt_plain, percent
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import GROUP_KEYS, KIND_SHORT, SORT_KEYS, half_width
from scoring.render.csv import neutral

if TYPE_CHECKING:
    import polars as pl

HEADERS = ["名称", "类型", "主管部门", "执行率", "总分", "等级", "错误", "警告", "填报总分"]
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
    "authority",
    "executed",
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
    authority: str | None = None
    executed: Decimal | None = None

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
            result.authority,
            ex.executed if ex else None,
        )

    @property
    def department(self) -> str:
        """The 主管部门: as written, else — for a 部门整体 evaluation — the department itself."""
        return self.authority or (self.name if self.kind == "department" else "")

    def cells(self) -> list[str]:
        return [
            self.name,
            KIND_SHORT.get(self.kind, self.kind),
            self.department,
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

    def text(value: str | None) -> str | None:
        return None if value is None else half_width(value)

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
            text(r.get("authority")),
            dec(r.get("executed")),
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


def _grade_counts(rows: Sequence[SummaryRow]) -> dict[str, int]:
    grades: dict[str, int] = {}
    for r in rows:
        key = r.grade or ("无法读取" if r.kind == "unknown" else "未评")
        grades[key] = grades.get(key, 0) + 1
    return grades


def _grades_text(grades: dict[str, int]) -> str:
    return "，".join(f"{k} {v} 个" for k, v in grades.items())


def footer(rows: Sequence[SummaryRow]) -> str:
    text = f"共 {len(rows)} 个自评；等级分布：" + _grades_text(_grade_counts(rows))
    mean = fund_weighted_mean(rows)
    if mean is not None:
        text += f"；按全年预算数加权平均总分 {fmt2(mean)}"
    return text


def summary_csv(frame: pl.DataFrame) -> bytes:
    """The summary frame as CSV with a BOM (Excel/WPS read the Chinese as UTF-8); written by polars, the
    text cells neutralised as ``csv.neutral`` does."""
    import polars as pl

    from scoring.render.csv import FORMULA_START

    def neutral_column(column: str) -> pl.Expr:
        text = pl.col(column)
        start = "^[" + "".join("\\-" if ch == "-" else ch for ch in FORMULA_START) + "]"
        return pl.when(text.str.contains(start)).then("'" + text).otherwise(text).alias(column)

    return (
        frame.select(CSV_COLUMNS)
        .with_columns(neutral_column("file"), neutral_column("name"), neutral_column("authority"))
        .write_csv(include_bom=True)
        .encode("utf-8")
    )


# --- sorted, and by 主管部门 --------------------------------------------------------------------------------


Figure = Callable[["SummaryRow | GroupRow"], Decimal | int | None]


def _descending(value: Figure) -> Callable[[SummaryRow | GroupRow], tuple[bool, Decimal]]:
    """Highest first, rows without the figure last (the sort is stable: ties keep their order)."""

    def key(row: SummaryRow | GroupRow) -> tuple[bool, Decimal]:
        figure = value(row)
        return (figure is None, -Decimal(figure) if figure is not None else Decimal(0))

    return key


_SORTED_BY: dict[str, Figure] = {
    "total": lambda r: r.total,
    "errors": lambda r: r.errors,
    "rate": lambda r: r.rate,
}


Row = TypeVar("Row", "SummaryRow", "GroupRow")


def sort_results(results: Sequence[EvaluationResult], by: str | None) -> list[EvaluationResult]:
    """Evaluations in the order ``--sort`` puts their summary rows (the full tables follow it)."""
    if by is None:
        return list(results)
    key = _descending(_SORTED_BY[SORT_KEYS[by]])
    return sorted(results, key=lambda result: key(SummaryRow.of(result)))


def sort_rows(rows: Sequence[Row], by: str | None) -> list[Row]:
    """``rows`` by a ``--sort`` key (总分, errors, 执行率: see SORT_KEYS), highest first."""
    if by is None:
        return list(rows)
    return sorted(rows, key=_descending(_SORTED_BY[SORT_KEYS[by]]))


@dataclass
class GroupRow:
    """One 主管部门: its evaluations' sums, 执行率 of the sums and 总分 weighted by 全年预算数."""

    department: str
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def annual(self) -> Decimal | None:
        figures = [r.annual for r in self.rows if r.annual is not None]
        return sum(figures, Decimal(0)) if figures else None

    @property
    def executed(self) -> Decimal | None:
        figures = [r.executed for r in self.rows if r.executed is not None and r.annual is not None]
        return sum(figures, Decimal(0)) if figures else None

    @property
    def rate(self) -> Decimal | None:
        """全年执行数 over 全年预算数, both summed over the evaluations that have both."""
        both = [r for r in self.rows if r.annual is not None and r.executed is not None]
        if not both:
            return None
        return percent(
            sum((r.executed or Decimal(0) for r in both), Decimal(0)),
            sum((r.annual or Decimal(0) for r in both), Decimal(0)),
        )

    @property
    def total(self) -> Decimal | None:
        return fund_weighted_mean(self.rows)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rows)

    @property
    def warnings(self) -> int:
        return sum(r.warnings for r in self.rows)

    def cells(self) -> list[str]:
        return [
            self.department or "（未填主管部门）",
            str(self.count),
            fmt2(self.annual),
            fmt2(self.executed),
            "" if self.rate is None else f"{fmt2(self.rate)}%",
            fmt2(self.total),
            _grades_text(_grade_counts(self.rows)),
            str(self.errors),
            str(self.warnings),
        ]


GROUP_HEADERS = [
    "主管部门",
    "自评数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "加权平均总分",
    "等级分布",
    "错误",
    "警告",
]
GROUP_CSV_COLUMNS = [
    "authority",
    "evaluations",
    "annual",
    "executed",
    "rate",
    "weighted_total",
    "grades",
    "errors",
    "warnings",
]


def group_rows(rows: Sequence[SummaryRow], by: str) -> list[GroupRow]:
    """The rows by ``--group-by`` key (主管部门), departments in the order they first appear."""
    if by not in GROUP_KEYS:
        raise KeyError(by)
    groups: dict[str, GroupRow] = {}
    for row in rows:
        groups.setdefault(row.department, GroupRow(row.department)).rows.append(row)
    return list(groups.values())


def group_footer(groups: Sequence[GroupRow]) -> str:
    rows = [r for g in groups for r in g.rows]
    text = f"共 {len(groups)} 个主管部门、{len(rows)} 个自评"
    mean = fund_weighted_mean(rows)
    if mean is not None:
        text += f"；按全年预算数加权平均总分 {fmt2(mean)}"
    return text


def group_csv(groups: Sequence[GroupRow]) -> bytes:
    """The departments as CSV with a BOM: exact decimals (rate and weighted total to two places)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GROUP_CSV_COLUMNS)
    for g in groups:
        writer.writerow(
            [
                neutral(g.department),
                g.count,
                fmt_plain(g.annual),
                fmt_plain(g.executed),
                fmt2(g.rate),
                fmt2(g.total),
                _grades_text(_grade_counts(g.rows)),
                g.errors,
                g.warnings,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_csv(rows: Sequence[SummaryRow]) -> bytes:
    """Summary rows (sorted) as the summary CSV, the same columns as ``summary_csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        values = [
            neutral(r.file),
            neutral(r.name),
            r.kind,
            r.year,
            r.annual,
            r.rate,
            r.total,
            r.grade,
            r.errors,
            r.warnings,
            r.reported_total,
            None if r.authority is None else neutral(r.authority),
            r.executed,
        ]
        writer.writerow(["" if v is None else str(v) for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
