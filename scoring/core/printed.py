"""Printed figures judged at their printed precision (docs/rules.md §8): one expression for 得分, 偏差度 and
执行率 (the funds block and each 资金来源 row), for files and long tables alike.

A printed figure comes as hundredths (``printed``: more decimals than two are first rounded half-up to two,
the precision the 自评表 computes to) with the number of decimals it was written with (``places``). The
computed figure comes as an exact fraction ``num / den`` in the figure's unit (points, percent), never as
its two-decimal print: rounding that print again would round twice (95.4951% → 95.50 → 96, not 95).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from scoring.core.exact import half_up, lit

c = pl.col
OK, TRUNCATED, MISMATCH = "ok", "truncated", "mismatch"
TRUNCATED_SAID = "；填报数系截断而非四舍五入，请按四舍五入填列"
"""What a finding of a figure cut instead of rounded adds to its message."""


Stages = list[list[pl.Expr]]
"""Expressions to run as successive ``with_columns`` (a later stage reads the columns an earlier one made)."""


def _scale(places: pl.Expr) -> pl.Expr:
    """10 ** places for 0, 1 or 2 decimals (Int128)."""
    return pl.when(places <= 0).then(lit(1)).when(places == 1).then(lit(10)).otherwise(lit(100))


def _truncated(num: pl.Expr, den: pl.Expr, scale: pl.Expr) -> pl.Expr:
    """num / den × scale cut toward zero (what a clerk gets by dropping digits)."""
    magnitude = (num.abs() * scale) // den
    return pl.when(num < 0).then(lit(0) - magnitude).otherwise(magnitude)


def _rounded(num: pl.Expr, den: pl.Expr, scale: pl.Expr) -> pl.Expr:
    """num / den × scale rounded half away from zero."""
    magnitude = (2 * scale * num.abs() + den) // (2 * den)
    return pl.when(num < 0).then(lit(0) - magnitude).otherwise(magnitude)


def _parts(name: str) -> list[str]:
    """The working columns of the verdict ``name``: printed, kept decimals, num, den, exact, scale."""
    return [f"_{name}_{part}" for part in ("printed", "kept", "num", "den", "exact", "scale")]


def verdict_columns(*names: str) -> list[str]:
    """The working columns ``verdict_stages`` leaves for the verdicts ``names`` (to drop afterwards)."""
    return [column for name in names for column in _parts(name)]


def verdict_stages(
    name: str, printed: pl.Expr, places: pl.Expr, num: pl.Expr, den: pl.Expr, exact: pl.Expr
) -> Stages:
    """The column ``name``: ``ok`` when the printed figure equals the computed one rounded half-up to the
    decimals it was printed with (2.9 for 2.89, 96 for 95.86); ``truncated`` when it equals the computed
    one cut at those decimals and not rounded (97.80 for 97.808); else ``mismatch``. With ``exact`` (the
    knob printed = "exact") the figure is compared at two decimals and a truncation is a mismatch; null
    when either side is missing.

    In stages, each part a column of its own (``verdict_columns``): as one expression the parts are
    copied into every place that reads them, and the tree grew to ~10,000 nodes (8 ms on one row).
    """
    p, k, n, d, e, s = (c(column) for column in _parts(name))
    kept = pl.when(exact).then(pl.lit(2, dtype=pl.Int32)).otherwise(places.fill_null(2).clip(0, 2))
    shown = p // (lit(100) // s)  # the printed figure at its own decimals (exact: it has no more)
    columns = _parts(name)
    return [
        [
            printed.alias(columns[0]),
            kept.alias(columns[1]),
            num.alias(columns[2]),
            den.alias(columns[3]),
            exact.alias(columns[4]),
        ],
        [_scale(k).alias(columns[5])],
        [
            pl.when(p.is_null() | n.is_null() | d.is_null() | (d <= 0))
            .then(pl.lit(None, dtype=pl.String))
            .when(shown == _rounded(n, d, s))
            .then(pl.lit(OK))
            .when(~e & (shown == _truncated(n, d, s)))
            .then(pl.lit(TRUNCATED))
            .otherwise(pl.lit(MISMATCH))
            .alias(name)
        ],
    ]


def side_by_side(*stages: Stages) -> Stages:
    """Stage lists run together: their first stages as one, their second as one, …"""
    depth = max(len(one) for one in stages)
    return [[expr for one in stages if i < len(one) for expr in one[i]] for i in range(depth)]


def best_verdict(first: pl.Expr, second: pl.Expr) -> pl.Expr:
    """The better of two readings of one printed figure (a rate as a percent or as a fraction)."""
    either = pl.concat_list(first, second)
    return (
        pl.when(either.list.contains(OK))
        .then(pl.lit(OK))
        .when(either.list.contains(TRUNCATED))
        .then(pl.lit(TRUNCATED))
        .otherwise(pl.coalesce(first, second))
    )


@cache
def rate_verdict() -> tuple[Stages, list[str]]:
    """``rate_verdict``: a printed 执行率 (the funds block's, a 资金来源's) judged at its printed precision
    as a percent and, when written without % and not under ``printed = "exact"``, also as a fraction
    (0.9586, 1), the better reading kept.

    Over the columns the funds block and the 资金来源 rows both carry: the printed rate as a percent
    (``reported_rate_v``, ``rate_places``) and as a fraction (``reported_rate_frac_v``, ``rate_frac_places``),
    全年执行数 and 全年预算数 in millionths (``executed``, ``annual``), and whether printed figures are exact
    (``k_printed_exact``). Built once per process; returns the stages and the working columns to drop."""
    num, den = c("executed") * 100, c("annual")
    exact = c("k_printed_exact").fill_null(False)
    as_percent, as_fraction = "rate_verdict_pct", "rate_verdict_frac"
    stages = side_by_side(
        verdict_stages(as_percent, c("reported_rate_v"), c("rate_places"), num, den, exact),
        verdict_stages(as_fraction, c("reported_rate_frac_v"), c("rate_frac_places"), num, den, exact),
    )
    stages.append([best_verdict(c(as_percent), pl.when(~exact).then(c(as_fraction))).alias("rate_verdict")])
    return stages, [as_percent, as_fraction, *verdict_columns(as_percent, as_fraction)]


def hundredths(micro: pl.Expr, places: pl.Expr) -> pl.Expr:
    """A printed figure in millionths as hundredths: as written up to two decimals, rounded beyond."""
    return pl.when(places > 2).then(half_up(micro, lit(10**6), 100)).otherwise(micro // lit(10**4))
