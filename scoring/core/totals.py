"""Per-evaluation totals from the scored rows: sums, rescaling for rows not applicable, execution caps,
grades (every road: files, long tables, the streamed summary)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TypeVar, cast

import polars as pl

from scoring.core.exact import half_up, lit
from scoring.core.printed import rate_verdict
from scoring.core.profiles import by_profile, total_knobs
from scoring.core.queries import collect
from scoring.domain.models import Rules
from scoring.domain.numbers import MICRO, to_micro
from scoring.domain.vocabulary import FILLED_STATUSES, OPEN_STATUSES

c = pl.col
U = MICRO
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


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


@cache
def aggregations() -> tuple[pl.Expr, ...]:
    """Per-evaluation sums over scored rows (used by every road: files, tables, streaming). Built once per
    process: the expressions hold no data (the live screen totals at every keystroke)."""
    ind = c("section") == "indicator"
    appl = c("applicable")
    return (
        c("w").sum().alias("weight_total"),
        c("w").filter(~appl).sum().alias("na_weight"),
        c("cents").sum().alias("raw_total"),
        c("cents").filter(ind).sum().alias("ind_cents"),
        c("w").filter(ind & appl).sum().alias("ind_weight"),
        c("cents").filter(c("section") == "funds").first().alias("funds_cents"),
        c("f_annual").filter(c("section") == "funds").first().alias("annual"),
        c("f_executed").filter(c("section") == "funds").first().alias("executed"),
        (appl & c("status").is_in(OPEN_STATUSES)).sum().cast(pl.Int32).alias("rows_open"),
        (ind & appl & c("status").is_in(FILLED_STATUSES)).sum().cast(pl.Int32).alias("rows_filled"),
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
    )


def totals(rows: Frame, meta: Frame, profiles: Sequence[Rules]) -> Frame:
    """Per-evaluation sums of the scored rows, then ``finish``."""
    return finish(rows.lazy().group_by("ev").agg(aggregations()), meta, profiles)


@cache
def _sums_stages() -> tuple[list[pl.Expr], ...]:
    """The sums completed, the 执行率 and the total before caps (rescaled for rows not applicable): the
    same for every profile, built once per process."""
    applicable = c("weight_total") - c("na_weight")
    return (
        [
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
        ],
        [
            pl.when(c("k_rescale") & (c("na_weight") > 0) & (applicable > 0))
            .then(half_up(c("raw_total") * c("k_weights_total"), applicable, 1))
            .otherwise(c("raw_total"))
            .alias("total_pre"),
            pl.when(c("k_rescale") & (c("na_weight") > 0) & (applicable > 0))
            .then(half_up(c("reported_rows_sum") * c("k_weights_total"), applicable * U, 100))
            .otherwise(half_up(c("reported_rows_sum"), lit(U), 100))
            .alias("reported_rows_total"),
        ],
    )


def finish(agg: pl.DataFrame | pl.LazyFrame, meta: Frame, profiles: Sequence[Rules]) -> Frame:
    """Totals, rescaling, caps and grades from the per-evaluation sums (eager or lazy alike)."""
    knobs = total_knobs(profiles)
    evals = (
        meta.lazy()
        .join(agg.lazy(), on="ev", how="left", maintain_order="left")
        .join(knobs.lazy(), on="profile", how="left")
    )
    for stage in _sums_stages():
        evals = evals.with_columns(stage)
    stages, working = rate_verdict()
    for stage in stages:
        evals = evals.with_columns(stage)
    evals = evals.drop(working)
    evals = evals.with_columns(by_profile(profiles, _capped_total).alias("total"))
    evals = evals.with_columns(
        (c("total") != c("total_pre")).fill_null(False).alias("capped"),
        by_profile(profiles, _grade).alias("grade"),
    )
    # eager in, eager out (the live screen's one evaluation: one plan, collected once)
    return cast(
        Frame, collect(evals, meta.height, in_memory=True) if isinstance(meta, pl.DataFrame) else evals
    )
