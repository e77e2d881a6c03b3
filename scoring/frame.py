"""From validated evaluations to the polars frames the scoring core works on.

One row per scored item: the 预算执行率 row (section ``funds``), each 资金管理情况 item (``review``) and each
indicator (``indicator``). Numbers are Int128 millionths (``MICRO``). 年度指标值 and 实际完成值 are
parsed once
per distinct string and joined back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from .models import Evaluation, Rules
from .numbers import MICRO, NumberError, to_micro
from .parsing import ParsedActual, ParsedTarget, parse_actual, parse_target, unit_info

INT = pl.Int128

_LEVEL_WEIGHT_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")


def level_name_weight(name: str) -> tuple[str, Decimal | None]:
    """'产出指标(50分)' → ('产出指标', 50); a plain name → (name, None)."""
    match = _LEVEL_WEIGHT_IN_NAME.search(name)
    if not match:
        return name.strip(), None
    return name[: match.start()].strip(), Decimal(match.group(1))


@dataclass
class Case:
    """One evaluation ready to be scored: the file, its model, its resolved rules and declared levels."""

    path: str
    evaluation: Evaluation
    rules: Rules = field(default_factory=Rules)
    levels: dict[str, Decimal] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (severity, code, message)
    lines: list[int | None] = field(default_factory=list)


ROW_SCHEMA: dict[str, Any] = {
    "ev": pl.Int32,
    "seq": pl.Int32,
    "section": pl.String,
    "level1": pl.String,
    "level2": pl.String,
    "level3": pl.String,
    "target": pl.String,
    "actual": pl.String,
    "reason": pl.String,
    "w": INT,
    "reported": INT,
    "reported_dev": INT,
    "rule_set": pl.String,
    "tier_set": pl.String,
    "score_set": INT,
    "applicable": pl.Boolean,
    "too_low": pl.Boolean,
    "year": pl.Int32,
    "f_annual": INT,
    "f_executed": INT,
    "d_from": pl.String,
    "d_per": pl.String,
    "d_points": INT,
    "has_bands": pl.Boolean,
    "profile": pl.Int32,
}

BAND_SCHEMA: dict[str, Any] = {
    "ev": pl.Int32,
    "seq": pl.Int32,
    "band": pl.Int32,
    "upto": pl.String,
    "b_score": INT,
}


def _m(value: Decimal | None) -> int | None:
    return None if value is None else to_micro(value)


def _rows_of(ev: int, case: Case, profile: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    evaluation = case.evaluation
    year = evaluation.evaluation.year
    base = {
        "ev": ev,
        "year": year,
        "profile": profile,
        "applicable": True,
        "too_low": False,
        "has_bands": False,
    }
    rows: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    funds = evaluation.funds
    if funds is not None:
        rows.append(
            base
            | {
                "seq": -1,
                "section": "funds",
                "level1": "预算执行率",
                "level2": "",
                "level3": "预算执行率",
                "w": _m(funds.weight),
                "reported": _m(funds.reported_score),
                "reason": funds.reason,
                "f_annual": _m(funds.annual),
                "f_executed": _m(funds.executed),
            }
        )
    for number, review in enumerate(evaluation.reviews):
        rows.append(
            base
            | {
                "seq": -1000 + number,
                "section": "review",
                "level1": "资金管理情况",
                "level2": "",
                "level3": review.name,
                "w": _m(review.weight),
                "score_set": _m(review.score),
                "reason": review.problem or None,
                "rule_set": "manual",
            }
        )
    for seq, row in enumerate(evaluation.indicators):
        record = base | {
            "seq": seq,
            "section": "indicator",
            "level1": row.level1,
            "level2": row.level2,
            "level3": row.level3,
            "target": row.target,
            "actual": row.actual,
            "reason": row.reason,
            "w": _m(row.weight),
            "reported": _m(row.reported_score),
            "reported_dev": None if row.reported_deviation is None else int(row.reported_deviation * 100),
            "rule_set": row.rule,
            "tier_set": row.tier,
            "score_set": _m(row.score),
            "applicable": row.applicable,
            "too_low": row.target_too_low,
        }
        if row.deduct is not None:
            record |= {"d_from": row.deduct.from_, "d_per": row.deduct.per, "d_points": _m(row.deduct.points)}
        if row.bands:
            record["has_bands"] = True
            for number, band in enumerate(row.bands):
                bands.append(
                    {"ev": ev, "seq": seq, "band": number, "upto": band.upto, "b_score": _m(band.score)}
                )
        rows.append(record)
    return rows, bands


def profile_table(profiles: Sequence[Rules]) -> pl.DataFrame:
    """One row per distinct rule profile, with the knobs the row rules need as columns."""
    records = []
    for number, rules in enumerate(profiles):
        deduction = rules.overachievement_deduction.strip()
        share = deduction.endswith(("%", "％"))
        amount = Decimal(deduction.rstrip("%％") or "0")
        bands = rules.qualitative_bands
        records.append(
            {
                "profile": number,
                "k_linear": rules.reverse == "linear",
                "k_over": to_micro(rules.overachievement_ratio),
                "k_ded_points": 0 if share else to_micro(amount),
                "k_ded_share": to_micro(amount / 100) if share else 0,
                "k_late": to_micro(rules.late),
                **{
                    f"k_{key}_lo": to_micro(bands_value[0]) for key, bands_value in _tier_bands(bands).items()
                },
                **{
                    f"k_{key}_hi": to_micro(bands_value[1]) for key, bands_value in _tier_bands(bands).items()
                },
            }
        )
    schema: dict[str, Any] = {"profile": pl.Int32, "k_linear": pl.Boolean}
    for record in records[:1]:
        for key in record:
            schema.setdefault(key, INT)
    return pl.DataFrame(records, schema=schema)


TIER_KEYS = {"达成": "full", "部分达成": "part", "未达成": "fail"}


def _tier_bands(bands: Any) -> dict[str, tuple[Decimal, Decimal]]:
    return {key: getattr(bands, tier) for tier, key in TIER_KEYS.items()}


def build_rows(cases: Sequence[Case], profile_of: Sequence[int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    for ev, case in enumerate(cases):
        try:
            more_rows, more_bands = _rows_of(ev, case, profile_of[ev])
        except NumberError as exc:  # more than six decimals somewhere: report, score nothing of it
            case.notes.append(("error", "number_invalid", str(exc)))
            continue
        rows.extend(more_rows)
        bands.extend(more_bands)
    return (
        pl.DataFrame(rows, schema=ROW_SCHEMA),
        pl.DataFrame(bands, schema=BAND_SCHEMA),
    )


# --- parsed values -------------------------------------------------------------------------------


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


TARGET_SCHEMA: dict[str, Any] = {
    "target": pl.String,
    "year": pl.Int32,
    "t_kind": pl.String,
    "t_val": INT,
    "t_low": INT,
    "t_high": INT,
    "t_unit": pl.String,
    "t_dim": pl.String,
    "t_factor": INT,
    "t_date": pl.Date,
    "t_render": pl.String,
    "t_error": pl.String,
}
ACTUAL_SCHEMA: dict[str, Any] = {
    "actual": pl.String,
    "year": pl.Int32,
    "a_kind": pl.String,
    "a_raw": INT,
    "a_unit": pl.String,
    "a_dim": pl.String,
    "a_factor": INT,
    "a_date": pl.Date,
    "a_tier": pl.String,
    "a_op": pl.String,
    "a_render": pl.String,
    "a_error": pl.String,
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
    targets = parsed_targets(rows.select("target", "year").unique())
    actuals = parsed_actuals(rows.select("actual", "year").unique())
    return rows.join(targets, on=["target", "year"], how="left", nulls_equal=True).join(
        actuals, on=["actual", "year"], how="left", nulls_equal=True
    )
