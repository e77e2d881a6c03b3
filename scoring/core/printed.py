"""Printed figures judged at their printed precision (docs/rules.md §8): one expression for 得分, 偏差度 and
执行率 (the funds block and each 资金来源 row), for files and long tables alike.

A printed figure comes as hundredths (``printed``: more decimals than two are first rounded half-up to two,
the precision the 自评表 computes to) with the number of decimals it was written with (``places``). The
computed figure comes as an exact fraction ``num / den`` in the figure's unit (points, percent), never as
its two-decimal print: rounding that print again would round twice (95.4951% → 95.50 → 96, not 95).
"""

from __future__ import annotations

import polars as pl

from scoring.core.exact import half_up, lit

OK, TRUNCATED, MISMATCH = "ok", "truncated", "mismatch"
TRUNCATED_SAID = "；填报数系截断而非四舍五入，请按四舍五入填列"
"""What a finding of a figure cut instead of rounded adds to its message."""


def _scale(places: pl.Expr) -> pl.Expr:
    """10 ** places for 0, 1 or 2 decimals (Int128)."""
    return pl.when(places <= 0).then(lit(1)).when(places == 1).then(lit(10)).otherwise(lit(100))


def _truncated(num: pl.Expr, den: pl.Expr, scale: pl.Expr) -> pl.Expr:
    """num / den × scale cut toward zero (what a clerk gets by dropping digits)."""
    magnitude = (num.abs() * scale) // den
    return pl.when(num < 0).then(lit(0) - magnitude).otherwise(magnitude)


def printed_verdict(printed: pl.Expr, places: pl.Expr, num: pl.Expr, den: pl.Expr, exact: pl.Expr) -> pl.Expr:
    """``ok`` when the printed figure equals the computed one rounded half-up to the decimals it was printed
    with (2.9 for 2.89, 96 for 95.86); ``truncated`` when it equals the computed one cut at those decimals
    and not rounded (97.80 for 97.808); else ``mismatch``. With ``exact`` (the knob printed = "exact") the
    figure is compared at two decimals and a truncation is a mismatch; null when either side is missing."""
    kept = pl.when(exact).then(pl.lit(2, dtype=pl.Int32)).otherwise(places.fill_null(2).clip(0, 2))
    scale = _scale(kept)
    shown = printed // (lit(100) // scale)  # the printed figure at its own decimals (exact: it has no more)
    rounded = _rounded(num, den, scale)
    return (
        pl.when(printed.is_null() | num.is_null() | den.is_null() | (den <= 0))
        .then(pl.lit(None, dtype=pl.String))
        .when(shown == rounded)
        .then(pl.lit(OK))
        .when(~exact & (shown == _truncated(num, den, scale)))
        .then(pl.lit(TRUNCATED))
        .otherwise(pl.lit(MISMATCH))
    )


def _rounded(num: pl.Expr, den: pl.Expr, scale: pl.Expr) -> pl.Expr:
    """num / den × scale rounded half away from zero."""
    magnitude = (2 * scale * num.abs() + den) // (2 * den)
    return pl.when(num < 0).then(lit(0) - magnitude).otherwise(magnitude)


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


def hundredths(micro: pl.Expr, places: pl.Expr) -> pl.Expr:
    """A printed figure in millionths as hundredths: as written up to two decimals, rounded beyond."""
    return pl.when(places > 2).then(half_up(micro, lit(10**6), 100)).otherwise(micro // lit(10**4))
