"""What leaves the core: scored frames as results (docs/formats.md, the JSON result) and as the summary frame.

Everything comes from the frames, so files and long tables give the same results; a file's model adds
what only files carry (goals, tasks, review notes, fund sources, line numbers).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import polars as pl

from scoring.core.exact import fmt_cents, fmt_micro
from scoring.core.frames import Case
from scoring.core.pipeline import Scored
from scoring.core.row_rules import tier_band
from scoring.domain.results import (
    EvaluationResult,
    Execution,
    Finding,
    FundSourceResult,
    IndicatorResult,
    Place,
    ReviewResult,
    Subtotal,
)
from scoring.domain.vocabulary import SEVERITY_ORDER, STATUSES, Section, Status

c = pl.col


def decimal_text(column: str, scale: int) -> pl.Expr:
    """An integer column scaled by 10^scale as exact decimal text ("90.87"); null stays null."""
    return (fmt_cents(c(column)) if scale == 2 else fmt_micro(c(column))).alias(column)


def summary_frame(evals: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """One row per evaluation: name, kind, 执行率, 总分, 等级, error and warning counts, printed total, and
    for the department view 全年执行数 and 主管部门.

    Figures are exact decimal text, so the CSV shows 90.87, never 90.86999999.
    """
    counts = findings.group_by("ev").agg(
        (c("severity") == "error").sum().alias("errors"),
        (c("severity") == "warning").sum().alias("warnings"),
    )
    return (
        evals.join(counts, on="ev", how="left")
        .sort("ev")
        .select(
            "file",
            "name",
            "kind",
            "year",
            decimal_text("annual", 6),
            decimal_text("rate", 2),
            decimal_text("total", 2),
            "grade",
            c("errors").fill_null(0).cast(pl.UInt32),
            c("warnings").fill_null(0).cast(pl.UInt32),
            decimal_text("reported_total", 6),
            decimal_text("executed", 6),
            "authority",
        )
    )


def _dec(value: int | None, scale: int) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-scale)


def _m(value: int | None) -> Decimal | None:
    """Millionths as the number a clerk wrote (5, 83.65)."""
    number = _dec(value, 6)
    return None if number is None else number.normalize() + 0


_WANTED = [
    "ev",
    "seq",
    "item",
    "section",
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "reason",
    "w",
    "reported",
    "reported_dev",
    "rule",
    "cents",
    "dev",
    "status",
    "t_render",
    "a_render",
    "tier",
    "needs_reason",
    "reason_missing",
    "f_annual",
    "f_executed",
]


Known = dict[tuple[Any, ...], IndicatorResult]
"""Indicator results already built, by the values of their scored row (results are never changed after)."""


def results(scored: Scored, known: Known | None = None) -> list[EvaluationResult]:
    """Per-evaluation results, in the order the evaluations were given.

    ``known``: results built before, reused for rows whose values are the same (the live road, where a
    keystroke changes one row of 200); rows built now are added to it.
    """
    rows = scored.rows.select(
        *_WANTED, tier_band(c("tier"), "lo").alias("band_lo"), tier_band(c("tier"), "hi").alias("band_hi")
    )
    rows_by_ev = rows.sort("ev", "seq").partition_by("ev", as_dict=True)
    findings_by_ev = scored.findings.partition_by("ev", as_dict=True)
    declared: dict[tuple[int, str], Decimal] = {
        (ev, level1): Decimal(weight).scaleb(-6) for ev, level1, weight, _ in scored.levels.iter_rows()
    }
    out = []
    for ev_row in scored.evals.sort("ev").iter_rows(named=True):
        ev = ev_row["ev"]
        case = scored.cases[ev] if ev < len(scored.cases) else None
        frame = rows_by_ev.get((ev,))
        row_dicts = list(frame.iter_rows(named=True)) if frame is not None else []
        found = _findings(findings_by_ev.get((ev,)), case, scored.table_lines)
        out.append(_result(ev_row, row_dicts, found, case, declared, known))
    return out


def _findings(frame: pl.DataFrame | None, case: Case | None, table_lines: bool) -> list[Finding]:
    found: list[Finding] = []
    for f in frame.iter_rows(named=True) if frame is not None else ():
        seq = f["seq"]
        if table_lines:  # the CSV line of the row (the funds block, seq −1, has none of its own)
            line, index = (None if seq is None or seq < 0 else seq + 2), None
        else:
            lines = case.lines if case else []
            line = lines[seq] if seq is not None and 0 <= seq < len(lines) else None
            index = seq if seq is not None and seq >= 0 else None
            sources = case.source_lines if case else []
            if f["section"] == "sources" and f["item"] is not None and f["item"] < len(sources):
                line = sources[f["item"]]  # a 资金来源 row's finding names its [[funds.sources]] line
        found.append(
            Finding(
                severity=f["severity"],
                code=f["code"],
                message=f["message"],
                where=f["where"],
                line=line,
                row=index,
                place=Place(section=cast(Section, f["section"]), index=f["item"]),
            )
        )
    found.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.row if f.row is not None else -1))
    return found


def _execution(ev: dict[str, Any], row: dict[str, Any], case: Case | None) -> Execution:
    execution = Execution(
        initial=_m(ev["f_initial"]),
        annual=_m(row["f_annual"]),
        executed=_m(row["f_executed"]),
        rate=_dec(ev.get("rate"), 2),
        weight=_m(row["w"]) or Decimal(0),
        score=_dec(row["cents"], 2),
        reported_rate=ev["reported_rate"],
        reported_score=_m(row["reported"]),
    )
    funds = case.evaluation.funds if case else None
    if funds is not None:
        execution.reason = funds.reason
        execution.sources = [
            FundSourceResult(
                name=source.name,
                initial=source.initial,
                annual=source.annual,
                executed=source.executed,
                rate=source.rate,
                reported_rate=source.reported_rate,
            )
            for source in funds.sources
        ]
    return execution


def _indicator(row: dict[str, Any]) -> IndicatorResult:
    weight = _m(row["w"]) or Decimal(0)
    low, high = _dec(row["band_lo"], 6), _dec(row["band_hi"], 6)
    # built without validation: every value comes typed from the core (the screen converts 200 rows at
    # every keystroke; validating them cost half of this conversion)
    return IndicatorResult.model_construct(
        level1=row["level1"],
        level2=row["level2"],
        level3=row["level3"],
        target=row["target"],
        actual=row["actual"],
        weight=weight,
        rule=row["rule"],
        score=_dec(row["cents"], 2),
        deviation=_dec(row["dev"], 2),
        status=_status(row["status"]),
        reason=row["reason"],
        reported_score=_m(row["reported"]),
        reported_deviation=_dec(row["reported_dev"], 2),
        target_reading=row["t_render"] or "",
        actual_reading=row["a_render"] or "",
        tier=row["tier"],
        needs_reason=bool(row["needs_reason"]),
        reason_missing=bool(row["reason_missing"]),
        band=None if low is None or high is None else (low * weight, high * weight),
        place=Place.model_construct(section="indicator", index=row["item"]),
    )


def _result(
    ev: dict[str, Any],
    rows: list[dict[str, Any]],
    found: list[Finding],
    case: Case | None,
    declared: dict[tuple[int, str], Decimal],
    known: Known | None,
) -> EvaluationResult:
    execution = None
    indicators: list[IndicatorResult] = []
    reviews: list[ReviewResult] = []
    source_reviews = case.evaluation.reviews if case else []
    for row in rows:
        if row["section"] == "funds":
            execution = _execution(ev, row, case)
        elif row["section"] == "review":
            item = row["item"]
            reviews.append(
                ReviewResult(
                    name=row["level3"],
                    weight=_m(row["w"]) or Decimal(0),
                    score=_dec(row["cents"], 2),
                    note=source_reviews[item].note if item < len(source_reviews) else "",
                    problem=row["reason"] or "",
                )
            )
        elif known is None:
            indicators.append(_indicator(row))
        else:
            values = tuple(row.values())
            result = known.get(values)
            if result is None:
                result = known[values] = _indicator(row)
            indicators.append(result)
    number = ev["ev"]
    return EvaluationResult(
        file=ev["file"],
        kind=ev["kind"],
        name=ev["name"],
        year=ev["year"],
        authority=ev["authority"],
        implementer=ev["implementer"],
        set=ev["set"],
        execution=execution,
        indicators=indicators,
        reviews=reviews,
        subtotals=_subtotals(indicators, number, declared, level2=False),
        level2_subtotals=_subtotals(indicators, number, declared, level2=True),
        weight_total=_dec(ev.get("weight_total"), 6) or Decimal(0),
        weights_expected=_dec(ev.get("k_weights_total"), 6),
        raw_total=_dec(ev.get("raw_total"), 2),
        total=_dec(ev.get("total"), 2),
        grade=ev.get("grade"),
        # as the file has it, with its printed decimals (8.60), where there is a file
        reported_total=case.evaluation.evaluation.reported_total if case else _m(ev["reported_total"]),
        rows_filled=ev.get("rows_filled") or 0,
        rows_total=ev.get("rows_total") or 0,
        findings=found,
        goals=[g.model_dump(exclude_none=True) for g in case.evaluation.goals] if case else [],
        tasks=[t.model_dump(exclude_none=True) for t in case.evaluation.tasks] if case else [],
    )


def _status(value: str) -> Status:
    return cast(Status, value if value in STATUSES else "invalid")


def _subtotals(
    indicators: list[IndicatorResult], ev: int, declared: dict[tuple[int, str], Decimal], *, level2: bool
) -> list[Subtotal]:
    groups: dict[tuple[str, str | None], list[IndicatorResult]] = {}
    for row in indicators:
        groups.setdefault((row.level1, row.level2 if level2 else None), []).append(row)
    return [
        Subtotal(
            level1=level1,
            level2=second,
            weight=sum((i.weight for i in items if i.status != "not_applicable"), Decimal(0)),
            score=sum((i.score for i in items if i.score is not None), Decimal("0.00")),
            declared_weight=None if level2 else declared.get((ev, level1)),
        )
        for (level1, second), items in groups.items()
    ]
