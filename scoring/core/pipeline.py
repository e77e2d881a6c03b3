"""The road every input takes: cases → frames → one scoring core → per-evaluation results and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

import polars as pl

from scoring.core import checks
from scoring.core.exact import INT, half_up, lit
from scoring.core.frames import Case, Frames, case_frames, level_name_weight, profile_table, with_parsed
from scoring.core.rows import query_flags, score_rows, small
from scoring.domain.errors import InputError
from scoring.domain.models import DEFAULT_RULES, Evaluation, Rules
from scoring.domain.numbers import MICRO, percent, to_micro
from scoring.domain.results import (
    EvaluationResult,
    Execution,
    Finding,
    FundSourceResult,
    IndicatorResult,
    ReviewResult,
    Status,
    Subtotal,
)
from scoring.io.sets import find_set
from scoring.io.toml_files import evaluation_lines, load_evaluation

c = pl.col
U = MICRO
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


@lru_cache(maxsize=256)
def _set_profile(set_name: str, folder: str) -> tuple[Rules, dict[str, Decimal], str | None]:
    """A set's rule profile and declared 一级 weights, resolved once per set (many files share one)."""
    near = Path(folder) / "_" if folder else None
    try:
        indicator_set = find_set(set_name, near)
    except InputError as exc:
        return DEFAULT_RULES, {}, str(exc.problems[0].message)
    levels = {level_name_weight(lv.level1)[0]: lv.weight for lv in indicator_set.levels}
    return DEFAULT_RULES.merged(indicator_set.rules), levels, None


def prepare(evaluation: Evaluation, path: str = "", near: Path | None = None) -> Case:
    """Resolve the rule profile (defaults ← set ← evaluation) and the declared 一级 weights."""
    case = Case(path=path, evaluation=evaluation)
    rules = DEFAULT_RULES
    levels: dict[str, Decimal] = {}
    set_name = evaluation.evaluation.set
    if set_name:
        rules, levels, problem = _set_profile(set_name, str(near.parent) if near else "")
        if problem:
            case.notes.append(("warning", "set_unknown", problem))
    if evaluation.levels:
        levels = {level_name_weight(lv.level1)[0]: lv.weight for lv in evaluation.levels}
    case.rules = rules.merged(evaluation.rules)
    case.levels = levels
    return case


def load_case(path: str | Path, *, lines: bool = True) -> Case:
    """Load and prepare one file (raises InputError); ``lines`` records each indicator's line for messages."""
    path = Path(path)
    case = prepare(load_evaluation(path), str(path), near=path)
    if lines:
        case.lines = evaluation_lines(path)
    return case


@dataclass
class Scored:
    """The scoring core's output for a batch: the scored rows, one row per evaluation, and the findings."""

    cases: Sequence[Case]
    rows: pl.DataFrame
    evals: pl.DataFrame
    findings: pl.DataFrame
    levels: pl.DataFrame
    table_lines: bool = False


def _profile_knobs(profiles: Sequence[Rules]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "profile": n,
                "k_weights_total": to_micro(r.weights_total),
                "k_spending_gap": to_micro(r.spending_gap),
                "k_exec_reason_below": None
                if r.execution_reason_below is None
                else to_micro(r.execution_reason_below),
                "k_rescale": r.rescale_not_applicable,
            }
            for n, r in enumerate(profiles)
        ],
        schema={
            "profile": pl.Int32,
            "k_weights_total": INT,
            "k_spending_gap": INT,
            "k_exec_reason_below": INT,
            "k_rescale": pl.Boolean,
        },
    )


def _by_profile(profiles: Sequence[Rules], make: Callable[[Rules], pl.Expr]) -> pl.Expr:
    """One expression per profile, chosen by the row's profile (profiles are few, evaluations many)."""
    if len(profiles) == 1:  # every row has profile 0 (one file, the TUI)
        return make(profiles[0])
    expr: pl.Expr = pl.lit(None)
    for number, rules in reversed(list(enumerate(profiles))):
        expr = pl.when(c("profile") == number).then(make(rules)).otherwise(expr)
    return expr


def _capped_total(rules: Rules) -> pl.Expr:
    total = c("total_pre")
    for cap in rules.execution_caps:
        limit = int(cap.total_max * 100)
        # the exact rate B/A decides, not its two-decimal print (79.996% is below 80%)
        below = (c("annual") > 0) & (c("executed") * U < c("annual") * to_micro(cap.below))
        total = pl.when(below & (total > limit)).then(lit(limit)).otherwise(total)
    return total


def _grade(rules: Rules) -> pl.Expr:
    """The grade of the total: thresholds from the highest down, whatever order the TOML lists them in."""
    with_min = sorted((g for g in rules.grades if g.min is not None), key=lambda g: g.min or 0, reverse=True)
    fallback = next((g.grade for g in rules.grades if g.min is None), None)
    expr: pl.Expr = pl.lit(fallback, dtype=pl.String)
    for grade in reversed(with_min):
        expr = pl.when(c("total") >= int((grade.min or 0) * 100)).then(pl.lit(grade.grade)).otherwise(expr)
    return pl.when(c("total").is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(expr)


def aggregations() -> list[pl.Expr]:
    """Per-evaluation sums over scored rows (used by every road: files, tables, streaming)."""
    ind = c("section") == "indicator"
    appl = c("applicable")
    return [
        c("w").sum().alias("weight_total"),
        c("w").filter(~appl).sum().alias("na_weight"),
        c("cents").sum().alias("raw_total"),
        c("cents").filter(ind).sum().alias("ind_cents"),
        c("w").filter(ind & appl).sum().alias("ind_weight"),
        c("cents").filter(c("section") == "funds").first().alias("funds_cents"),
        c("f_annual").filter(c("section") == "funds").first().alias("annual"),
        c("f_executed").filter(c("section") == "funds").first().alias("executed"),
        (appl & c("status").is_in(["missing", "judgement", "invalid"]))
        .sum()
        .cast(pl.Int32)
        .alias("rows_open"),
        (ind & appl & c("status").is_in(["met", "short", "over"])).sum().cast(pl.Int32).alias("rows_filled"),
        (ind & appl).sum().cast(pl.Int32).alias("rows_total"),
        pl.when(c("section") == "review")
        .then(c("score_set"))
        .otherwise(c("reported"))
        .sum()
        .alias("reported_rows_sum"),
        (
            pl.when(c("section") == "review").then(c("score_set")).otherwise(c("reported")).is_not_null()
            | ~appl
        )
        .all()
        .alias("rows_reported_complete"),
    ]


def _evals(rows: Frame, meta: Frame, profiles: Sequence[Rules]) -> Frame:
    return finish(rows.group_by("ev").agg(aggregations()), meta, profiles)


def finish(agg: Frame, meta: Frame, profiles: Sequence[Rules]) -> Frame:
    """Totals, rescaling, caps and grades from the per-evaluation sums (eager or lazy alike)."""
    knobs = _profile_knobs(profiles)
    evals = meta.join(agg, on="ev", how="left", maintain_order="left").join(
        knobs.lazy() if isinstance(meta, pl.LazyFrame) else knobs,
        on="profile",
        how="left",
    )
    evals = evals.with_columns(
        c("weight_total").fill_null(lit(0)),
        c("na_weight").fill_null(lit(0)),
        c("raw_total").fill_null(lit(0)),
        c("rows_open").fill_null(0),
        c("rows_filled").fill_null(0),
        c("rows_total").fill_null(0),
        pl.when(c("annual") > 0).then(half_up(c("executed") * 100, c("annual"))).alias("rate"),
        pl.when(c("ind_weight") > 0)
        .then(half_up(c("ind_cents") * U, c("ind_weight")))
        .alias("indicator_share"),
    )
    applicable = c("weight_total") - c("na_weight")
    evals = evals.with_columns(
        pl.when(c("k_rescale") & (c("na_weight") > 0) & (applicable > 0))
        .then(half_up(c("raw_total") * c("k_weights_total"), applicable, 1))
        .otherwise(c("raw_total"))
        .alias("total_pre"),
        pl.when(c("k_rescale") & (c("na_weight") > 0) & (applicable > 0))
        .then(half_up(c("reported_rows_sum") * c("k_weights_total"), applicable * U, 100))
        .otherwise(half_up(c("reported_rows_sum"), lit(U), 100))
        .alias("reported_rows_total"),
        pl.when(c("rate_places") == 0)
        .then(half_up(c("executed") * 100, c("annual"), 1) * 100)
        .when(c("rate_places") == 1)
        .then(half_up(c("executed") * 100, c("annual"), 10) * 10)
        .otherwise(c("rate"))
        .alias("rate_at_printed_precision"),
    )
    evals = evals.with_columns(_by_profile(profiles, _capped_total).alias("total"))
    evals = evals.with_columns(
        (c("total") != c("total_pre")).fill_null(False).alias("capped"),
        _by_profile(profiles, _grade).alias("grade"),
    )
    return evals


def _level_findings(rows: pl.LazyFrame, levels: pl.DataFrame) -> pl.LazyFrame:
    """level_weight: a declared 一级 weight ≠ the sum of its rows (severity decided where declared)."""
    if levels.is_empty():
        return pl.LazyFrame(schema=checks.FINDING_SCHEMA)
    sums = rows.filter(c("section") == "indicator").group_by("ev", "level1").agg(c("w").sum().alias("sum"))
    bad = (
        levels.lazy()
        .join(sums, on=["ev", "level1"], how="left", maintain_order="left")
        .filter(c("declared") != c("sum"))
    )
    return bad.select(
        "ev",
        pl.lit(None, dtype=pl.Int32).alias("seq"),
        "severity",
        pl.lit("level_weight").alias("code"),
        c("level1").alias("where"),
        pl.format(
            "一级指标「{}」分值 {}，其下各三级指标分值合计 {}",
            c("level1"),
            checks.fmt_micro(c("declared")),
            checks.fmt_micro(c("sum")),
        ).alias("message"),
    ).cast(checks.FINDING_SCHEMA)


def score_frames(
    frames: Frames, cases: Sequence[Case] = (), *, messages: bool = True, findings: bool = True
) -> Scored:
    """The one scoring core for every input: rows → scored rows → per-evaluation totals → findings.

    Without ``findings`` the checks are left for ``with_findings`` (the TUI shows the figures of a
    keystroke first and the findings a moment later).
    """
    profiles = frames.profiles
    scored = score_rows(with_parsed(frames.rows), frames.bands, profile_table(profiles))
    if small(frames.rows.height):  # eager: a millisecond less than planning a query (the TUI)
        evals = _evals(scored, frames.meta, profiles)
    else:
        evals = _evals(scored.lazy(), frames.meta.lazy(), profiles).collect()
    done = Scored(cases=cases, rows=scored, evals=evals, findings=NO_FINDINGS, levels=frames.levels)
    return with_findings(done, frames, messages=messages) if findings else done


NO_FINDINGS = pl.DataFrame(schema=checks.FINDING_SCHEMA)


def with_findings(scored: Scored, frames: Frames, *, messages: bool = True) -> Scored:
    """``scored`` with every finding: file notes, row checks, evaluation checks, 一级 weights."""
    notes = (
        frames.notes.lazy()
        .select(
            "ev",
            pl.lit(None, dtype=pl.Int32).alias("seq"),
            "severity",
            "code",
            pl.lit("文件").alias("where"),
            "message",
        )
        .cast(checks.FINDING_SCHEMA)
    )
    findings = pl.concat(
        [
            notes,
            checks.row_findings(scored.rows, messages=messages).lazy(),
            checks.eval_findings(scored.evals, messages=messages).lazy(),
            _level_findings(scored.rows.lazy(), frames.levels),
        ]
    ).collect(optimizations=query_flags(scored.rows.height))
    return replace(scored, findings=findings)


def decimal_text(column: str, scale: int) -> pl.Expr:
    """An integer column scaled by 10^scale as exact decimal text ("90.87"); null stays null."""
    from scoring.core.exact import fmt_cents, fmt_micro

    return (fmt_cents(c(column)) if scale == 2 else fmt_micro(c(column))).alias(column)


def summary_frame(evals: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """One row per evaluation: name, kind, 执行率, 总分, 等级, error and warning counts, printed total.

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
        )
    )


def score_cases(cases: Sequence[Case]) -> Scored:
    """Score a batch of prepared evaluations in one pass through the core."""
    return score_frames(case_frames(cases), cases)


# --- results -------------------------------------------------------------------------------------


def _dec(value: int | None, scale: int) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-scale)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def results(scored: Scored) -> list[EvaluationResult]:
    """Per-evaluation results (formats.md §5), in the order the evaluations were given.

    Everything comes from the frames, so files and long tables give the same results; a file's model adds
    what only files carry (goals, tasks, review notes, line numbers).
    """
    wanted = [
        "ev",
        "seq",
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
        "f_annual",
        "f_executed",
    ]
    rows_by_ev = scored.rows.select(wanted).sort("ev", "seq").partition_by("ev", as_dict=True)
    findings_by_ev = scored.findings.partition_by("ev", as_dict=True)
    levels = scored.levels
    declared: dict[tuple[int, str], Decimal] = {
        (ev, level1): Decimal(weight).scaleb(-6) for ev, level1, weight, _ in levels.iter_rows()
    }
    out = []
    for ev_row in scored.evals.sort("ev").iter_rows(named=True):
        ev = ev_row["ev"]
        case = scored.cases[ev] if ev < len(scored.cases) else None
        rows = rows_by_ev.get((ev,))
        row_dicts = list(rows.iter_rows(named=True)) if rows is not None else []
        out.append(_result(ev_row, row_dicts, findings_by_ev.get((ev,)), case, declared, scored.table_lines))
    return out


def _m(value: int | None) -> Decimal | None:
    """Millionths as the number a clerk wrote (5, 83.65)."""
    number = _dec(value, 6)
    return None if number is None else number.normalize() + 0


def _result(
    ev: dict[str, Any],
    rows: list[dict[str, Any]],
    findings: pl.DataFrame | None,
    case: Case | None,
    declared: dict[tuple[int, str], Decimal],
    table_lines: bool,
) -> EvaluationResult:
    execution = None
    indicators: list[IndicatorResult] = []
    reviews: list[ReviewResult] = []
    source_reviews = case.evaluation.reviews if case else []
    for row in rows:
        if row["section"] == "funds":
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
            if case and case.evaluation.funds:
                execution.sources = [
                    FundSourceResult(
                        name=source.name,
                        initial=source.initial,
                        annual=source.annual,
                        executed=source.executed,
                        rate=None
                        if source.annual is None or source.executed is None
                        else percent(source.executed, source.annual),
                        reported_rate=source.reported_rate,
                    )
                    for source in case.evaluation.funds.sources
                ]
        elif row["section"] == "review":
            number = row["seq"] + 1000
            note = source_reviews[number].note if number < len(source_reviews) else ""
            reviews.append(
                ReviewResult(
                    name=row["level3"],
                    weight=_m(row["w"]) or Decimal(0),
                    score=_dec(row["cents"], 2),
                    note=note,
                    problem=row["reason"] or "",
                )
            )
        else:
            indicators.append(
                IndicatorResult(
                    level1=row["level1"],
                    level2=row["level2"],
                    level3=row["level3"],
                    target=row["target"],
                    actual=row["actual"],
                    weight=_m(row["w"]) or Decimal(0),
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
                )
            )
    number = ev["ev"]
    found: list[Finding] = []
    for f in findings.iter_rows(named=True) if findings is not None else ():
        seq = f["seq"]
        if table_lines:  # the CSV line of the row (the funds block, seq −1, has none of its own)
            line, index = (None if seq is None or seq < 0 else seq + 2), None
        else:
            lines = case.lines if case else []
            line = lines[seq] if seq is not None and 0 <= seq < len(lines) else None
            index = seq if seq is not None and seq >= 0 else None
        found.append(
            Finding(
                severity=f["severity"],
                code=f["code"],
                message=f["message"],
                where=f["where"],
                line=line,
                row=index,
            )
        )
    found.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.row if f.row is not None else -1))
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
        raw_total=_dec(ev.get("raw_total"), 2),
        total=_dec(ev.get("total"), 2),
        grade=ev.get("grade"),
        reported_total=_m(ev["reported_total"]),
        rows_filled=ev.get("rows_filled") or 0,
        rows_total=ev.get("rows_total") or 0,
        findings=found,
        goals=[g.model_dump(exclude_none=True) for g in case.evaluation.goals] if case else [],
        tasks=[t.model_dump(exclude_none=True) for t in case.evaluation.tasks] if case else [],
    )


def _status(value: str) -> Status:
    known = {"met", "short", "over", "missing", "judgement", "not_applicable"}
    return cast(Status, value if value in known else "invalid")


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


def score_evaluation(evaluation: Evaluation, path: str = "", near: Path | None = None) -> EvaluationResult:
    """Score one evaluation held in memory: same core as every batch."""
    return results(score_cases([prepare(evaluation, path, near)]))[0]


def score_evaluation_stages(
    evaluation: Evaluation, path: str = "", near: Path | None = None
) -> Iterator[EvaluationResult]:
    """The TUI's road: first the figures (scores, 偏差度, statuses, totals; no findings yet), then the
    same result with its findings. Both come from one pass of the core; stopping after the first
    skips the checks (the evaluator typed again)."""
    case = prepare(evaluation, path, near)
    frames = case_frames([case])
    figures = score_frames(frames, [case], findings=False)
    yield results(figures)[0]
    yield results(with_findings(figures, frames))[0]
