"""Exact integer arithmetic as polars expressions (Int128), and its rounding.

Scores are fractions ``num / den`` of points kept as two Int128 columns; they are rounded once, half
away from zero (四舍五入), to hundredths. Polars' own Decimal division and ``round`` use banker's rounding
and would turn 0.565 into 0.56, so they are never used for a score.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import polars as pl

INT = pl.Int128


@lru_cache(maxsize=256)
def lit(value: int) -> pl.Expr:
    """An Int128 literal. Kept: a typed literal is built through a one-value Series (~8 µs, 6 times an
    untyped one), the rules use a handful of values a hundred times (and a few caps from the rules), and an
    expression never changes."""
    return pl.lit(value, dtype=INT)


def half_up(num: pl.Expr, den: pl.Expr, scale: int = 100) -> pl.Expr:
    """round(num / den × scale) half away from zero, for any sign of num (den > 0)."""
    magnitude = (2 * scale * num.abs() + den) // (2 * den)
    return pl.when(num < 0).then(lit(0) - magnitude).otherwise(magnitude)


def fmt_cents(cents: pl.Expr) -> pl.Expr:
    """Hundredths as "0.57" / "-94.00" (null stays null): an exact decimal cast, no float."""
    return (cents.cast(pl.Decimal(38, 0)) * Decimal("0.01")).cast(pl.String)


def fmt_micro(micro: pl.Expr) -> pl.Expr:
    """A micro-scaled number as a clerk writes it: 5, 2.5, 83.65."""
    text = (micro.cast(pl.Decimal(38, 0)) * Decimal("0.000001")).cast(pl.String)
    return text.str.strip_chars_end("0").str.strip_chars_end(".")


def clamp(value: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """Null-preserving clamp (min/max_horizontal would skip nulls)."""
    return pl.when(value < low).then(low).when(value > high).then(high).otherwise(value)
