"""The typed reading of every 年度指标值 and 实际完成值, joined to the rows: each distinct string is parsed
once (by ``scoring.parsing``) however many rows carry it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from scoring.core.queries import collect, small
from scoring.core.schemas import ACTUAL_SCHEMA, INT, TARGET_SCHEMA
from scoring.domain.numbers import MICRO
from scoring.parsing import ParsedActual, ParsedTarget, parse_actual, parse_target, unit_info

c = pl.col


def _base_micro(value: Decimal | None, factor: int) -> int | None:
    if value is None:
        return None
    return int(value * factor * MICRO)


def _target_record(target: ParsedTarget) -> dict[str, Any]:
    dim, factor = unit_info(target.unit)
    return {
        "t_kind": target.kind,
        "t_val": _base_micro(target.value, factor),
        "t_low": _base_micro(target.low, factor),
        "t_high": _base_micro(target.high, factor),
        "t_unit": target.unit,
        "t_dim": dim,
        "t_factor": factor,
        "t_date": target.deadline,
        "t_render": target.render(),
        "t_error": target.error,
        "t_explicit": target.explicit,
    }


def _actual_record(actual: ParsedActual) -> dict[str, Any]:
    dim, factor = unit_info(actual.unit)
    return {
        "a_kind": actual.kind,
        "a_raw": None if actual.value is None else int(actual.value * MICRO),
        "a_unit": actual.unit,
        "a_dim": dim,
        "a_factor": factor,
        "a_date": actual.date,
        "a_tier": actual.tier,
        "a_op": actual.repeated_op,
        "a_render": actual.render(),
        "a_error": actual.error,
    }


def parsed_targets(strings: pl.DataFrame) -> pl.DataFrame:
    """Distinct (target, year) → typed columns."""
    records = [
        {"target": text, "year": year, **_target_record(parse_target(text, year))}
        for text, year in strings.iter_rows()
    ]
    return pl.DataFrame(records, schema=TARGET_SCHEMA)


def parsed_actuals(strings: pl.DataFrame) -> pl.DataFrame:
    """Distinct (actual, year) → typed columns."""
    records = [
        {"actual": text, "year": year, **_actual_record(parse_actual(text, year))}
        for text, year in strings.iter_rows()
    ]
    return pl.DataFrame(records, schema=ACTUAL_SCHEMA)


def with_parsed(rows: pl.DataFrame) -> pl.DataFrame:
    """Join the typed reading of every 年度指标值 and 实际完成值 (each distinct string parsed once)."""
    targets = parsed_targets(_distinct(rows, "target"))
    actuals = parsed_actuals(_distinct(rows, "actual"))
    joined = (
        rows.lazy()
        .join(targets.lazy(), on=["target", "year"], how="left", nulls_equal=True, maintain_order="left")
        .join(actuals.lazy(), on=["actual", "year"], how="left", nulls_equal=True, maintain_order="left")
        .with_columns(_deduct_parsed(rows))
    )
    return collect(joined, rows.height, in_memory=True)


def _distinct(rows: pl.DataFrame, column: str) -> pl.DataFrame:
    """The distinct (text, year) pairs of ``column``: a set of tuples for one evaluation (the live screen,
    each keystroke), polars' unique for a batch."""
    if small(rows.height):
        pairs = set(zip(rows[column].to_list(), rows["year"].to_list(), strict=True))
        return pl.DataFrame(
            list(pairs), schema={column: pl.String, "year": rows.schema["year"]}, orient="row"
        )
    return rows.select(column, "year").unique()


def _texts(column: pl.Series) -> list[str]:
    """The distinct texts of ``column`` (a list of one evaluation's is quicker than polars' unique)."""
    if small(column.len()):
        return [text for text in column.to_list() if text is not None]
    return column.drop_nulls().unique().to_list()


def _deduct_parsed(rows: pl.DataFrame) -> list[pl.Expr]:
    """deduct's from/per written like actuals ("100%", "1%"): raw number, unit and unit factor."""
    texts = {t for col in ("d_from", "d_per") for t in _texts(rows[col])}
    readings = {t: parse_actual(t) for t in texts}
    if not readings:
        return [
            pl.lit(None, dtype=dtype).alias(f"{column}_{suffix}")
            for column in ("d_from", "d_per")
            for suffix, dtype in (("raw", INT), ("unit", pl.String), ("factor", INT))
        ]
    out = []
    for column in ("d_from", "d_per"):
        raw = {t: None if p.value is None else int(p.value * MICRO) for t, p in readings.items()}
        out += [
            c(column).replace_strict(raw, default=None, return_dtype=INT).alias(f"{column}_raw"),
            c(column)
            .replace_strict({t: p.unit for t, p in readings.items()}, default="", return_dtype=pl.String)
            .alias(f"{column}_unit"),
            c(column)
            .replace_strict(
                {t: unit_info(p.unit)[1] for t, p in readings.items()}, default=1, return_dtype=INT
            )
            .alias(f"{column}_factor"),
        ]
    return out
