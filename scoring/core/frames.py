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

from scoring.domain.models import DEFAULT_RULES, Evaluation, Rules
from scoring.domain.numbers import MICRO, NumberError, percent, round_half_up, to_micro
from scoring.parsing import ParsedActual, ParsedTarget, parse_actual, parse_target, unit_info

c = pl.col

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
    rules: Rules = field(default_factory=lambda: DEFAULT_RULES)
    levels: dict[str, Decimal] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (severity, code, message)
    lines: list[int | None] = field(default_factory=list)


ROW_SCHEMA = pl.Schema(
    {
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
)

BAND_SCHEMA = pl.Schema(
    {
        "ev": pl.Int32,
        "seq": pl.Int32,
        "band": pl.Int32,
        "upto": pl.String,
        "b_score": INT,
    }
)


def _m(value: Decimal | None) -> int | None:
    return None if value is None else to_micro(value)


Row = tuple[Any, ...]
"""One row in ROW_SCHEMA's column order (tuples build a frame several times faster than dicts)."""


def _rows_of(ev: int, case: Case, profile: int) -> tuple[list[Row], list[dict[str, Any]]]:
    evaluation = case.evaluation
    year = evaluation.evaluation.year
    rows: list[Row] = []
    bands: list[dict[str, Any]] = []
    funds = evaluation.funds
    if funds is not None:
        # fmt: off
        rows.append((
            ev, -1, "funds", "预算执行率", "", "预算执行率", None, None, funds.reason, _m(funds.weight),
            _m(funds.reported_score), None, None, None, None, True, False, year, _m(funds.annual),
            _m(funds.executed), None, None, None, False, profile,
        ))
    for number, review in enumerate(evaluation.reviews):
        rows.append(
            (
                ev,
                -1000 + number,
                "review",
                "资金管理情况",
                "",
                review.name,
                None,
                None,
                review.problem or None,
                _m(review.weight),
                None,
                None,
                "manual",
                None,
                _m(review.score),
                True,
                False,
                year,
                None,
                None,
                None,
                None,
                None,
                False,
                profile,
            )
        )
    for seq, row in enumerate(evaluation.indicators):
        deduct = row.deduct
        actual = row.actual if row.actual and row.actual.strip() else None
        deviation = (
            None if row.reported_deviation is None else int(round_half_up(row.reported_deviation) * 100)
        )
        rows.append(
            (
                ev,
                seq,
                "indicator",
                row.level1,
                row.level2,
                row.level3,
                row.target,
                actual,
                row.reason,
                _m(row.weight),
                _m(row.reported_score),
                deviation,
                row.rule,
                row.tier,
                _m(row.score),
                row.applicable,
                row.target_too_low,
                year,
                None,
                None,
                deduct.from_ if deduct else None,
                deduct.per if deduct else None,
                _m(deduct.points) if deduct else None,
                bool(row.bands),
                profile,
            )
        )
        # fmt: on
        for number, band in enumerate(row.bands or ()):
            bands.append({"ev": ev, "seq": seq, "band": number, "upto": band.upto, "b_score": _m(band.score)})
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
                "k_lower_re": "|".join(re.escape(word) for word in rules.lower_levels) or None,
                **{
                    f"k_{key}_lo": to_micro(bands_value[0]) for key, bands_value in _tier_bands(bands).items()
                },
                **{
                    f"k_{key}_hi": to_micro(bands_value[1]) for key, bands_value in _tier_bands(bands).items()
                },
            }
        )
    schema: dict[str, Any] = {"profile": pl.Int32, "k_linear": pl.Boolean, "k_lower_re": pl.String}
    for record in records[:1]:
        for key in record:
            schema.setdefault(key, INT)
    return pl.DataFrame(records, schema=schema)


TIER_KEYS = {"达成": "full", "部分达成": "part", "未达成": "fail"}


def _tier_bands(bands: Any) -> dict[str, tuple[Decimal, Decimal]]:
    return {key: getattr(bands, tier) for tier, key in TIER_KEYS.items()}


META_SCHEMA = pl.Schema(
    {
        "ev": pl.Int32,
        "file": pl.String,
        "kind": pl.String,
        "name": pl.String,
        "year": pl.Int32,
        "authority": pl.String,
        "implementer": pl.String,
        "set": pl.String,
        "profile": pl.Int32,
        "reported_total": INT,
        "reported_rate": pl.String,
        "reported_rate_v": INT,
        "rate_places": pl.Int32,
        "funds_reason_blank": pl.Boolean,
        "src_initial": INT,
        "src_annual": INT,
        "src_executed": INT,
        "f_initial": INT,
        "funds_disagree": pl.Boolean,
    }
)
LEVEL_SCHEMA = pl.Schema({"ev": pl.Int32, "level1": pl.String, "declared": INT, "severity": pl.String})
NOTE_SCHEMA = pl.Schema({"ev": pl.Int32, "severity": pl.String, "code": pl.String, "message": pl.String})

_RATE = re.compile(r"^\s*(-?\d+(?:\.(\d+))?)\s*[%％]?\s*$")


def rate_printed(text: str | None) -> tuple[int | None, int]:
    """A printed 执行率 ("5.68", "100%", "0.0 %") as hundredths of a percent, and its decimals."""
    match = _RATE.match(text) if text else None
    if not match:
        return None, 2
    places = min(len(match.group(2) or ""), 2)
    # printed with more than two decimals ("5.679"): compared as 5.68, to the two decimals we compute
    return int(round_half_up(Decimal(match.group(1))) * 100), places


@dataclass
class Frames:
    """Everything the scoring core reads, for a batch of evaluations numbered ``ev`` = 0, 1, …"""

    rows: pl.DataFrame
    bands: pl.DataFrame
    meta: pl.DataFrame
    levels: pl.DataFrame
    notes: pl.DataFrame
    profiles: list[Rules]

    @staticmethod
    def concat(parts: Sequence[Frames]) -> Frames:
        """Join batches scored apart (e.g. loaded by several processes): renumber ev and profiles."""
        keys: dict[str, int] = {}
        profiles: list[Rules] = []
        out: dict[str, list[pl.DataFrame]] = {"rows": [], "bands": [], "meta": [], "levels": [], "notes": []}
        offset = 0
        for part in parts:
            mapping = {}
            for number, rules in enumerate(part.profiles):
                key = rules.model_dump_json()
                if key not in keys:
                    keys[key] = len(profiles)
                    profiles.append(rules)
                mapping[number] = keys[key]
            shift = pl.col("ev") + offset
            remap = (
                pl.col("profile").replace_strict(mapping, return_dtype=pl.Int32)
                if mapping
                else pl.col("profile")
            )
            out["rows"].append(part.rows.with_columns(shift, remap))
            out["meta"].append(part.meta.with_columns(shift, remap))
            for name in ("bands", "levels", "notes"):
                out[name].append(getattr(part, name).with_columns(shift))
            offset += part.meta.height
        schemas = {
            "rows": ROW_SCHEMA,
            "bands": BAND_SCHEMA,
            "meta": META_SCHEMA,
            "levels": LEVEL_SCHEMA,
            "notes": NOTE_SCHEMA,
        }
        joined = {
            name: pl.concat(frames) if frames else pl.DataFrame(schema=schemas[name])
            for name, frames in out.items()
        }
        return Frames(profiles=profiles or [Rules()], **joined)


def _meta_record(ev: int, case: Case, profile: int) -> dict[str, Any]:
    head = case.evaluation.evaluation
    funds = case.evaluation.funds
    rate_v, places = rate_printed(funds.reported_rate if funds else None)
    sources = funds.sources if funds else []

    def total(field: str) -> int | None:
        values = [getattr(s, field) for s in sources if getattr(s, field) is not None]
        return to_micro(sum(values, Decimal(0))) if values else None

    return {
        "ev": ev,
        "file": case.path,
        "kind": head.kind,
        "name": head.name,
        "year": head.year,
        "authority": head.authority,
        "implementer": head.implementer,
        "set": head.set,
        "profile": profile,
        "reported_total": None if head.reported_total is None else to_micro(head.reported_total),
        "reported_rate": funds.reported_rate if funds else None,
        "reported_rate_v": rate_v,
        "rate_places": places,
        "funds_reason_blank": not (funds and funds.reason and funds.reason.strip()),
        "src_initial": total("initial"),
        "src_annual": total("annual"),
        "src_executed": total("executed"),
        "f_initial": None if not funds or funds.initial is None else to_micro(funds.initial),
        "funds_disagree": False,
    }


def _level_records(ev: int, case: Case) -> list[dict[str, Any]]:
    """Declared 一级 weights: in the name (产出指标(50分)) or [[levels]] → error; from the set → warning."""
    records = []
    for level1 in dict.fromkeys(row.level1 for row in case.evaluation.indicators):
        base, in_name = level_name_weight(level1)
        weight = in_name if in_name is not None else case.levels.get(base)
        if weight is not None:
            own = in_name is not None or bool(case.evaluation.levels)
            records.append(
                {
                    "ev": ev,
                    "level1": level1,
                    "declared": to_micro(weight),
                    "severity": "error" if own else "warning",
                }
            )
    return records


def _source_rate_notes(case: Case) -> list[tuple[str, str, str]]:
    """reported_rate_mismatch for the 其中 rows (财政拨款 …), compared at the precision printed."""
    funds = case.evaluation.funds
    notes = []
    for source in funds.sources if funds else []:
        printed, places = rate_printed(source.reported_rate)
        if printed is None or source.annual is None or source.executed is None or source.annual <= 0:
            continue
        exact = percent(source.executed, source.annual)
        if exact is None:
            continue
        shown = round_half_up(exact, Decimal(1).scaleb(-places)) * 100
        if int(shown) != printed:
            printed_as = source.reported_rate
            message = f"资金来源「{source.name}」填报执行率 {printed_as}，按执行数 / 预算数计算应为 {exact}%"
            notes.append(("error", "reported_rate_mismatch", message))
    return notes


def case_frames(cases: Sequence[Case]) -> Frames:
    """The frames of a batch of prepared evaluations (files, or the TUI's one evaluation)."""
    keys: dict[str, int] = {}
    by_id: dict[int, int] = {}
    profiles: list[Rules] = []
    rows: list[Row] = []
    bands: list[dict[str, Any]] = []
    meta: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for ev, case in enumerate(cases):
        profile = by_id.get(id(case.rules), -1)
        if profile < 0:
            key = case.rules.model_dump_json()
            if key not in keys:
                keys[key] = len(profiles)
                profiles.append(case.rules)
            profile = by_id[id(case.rules)] = keys[key]
        meta.append(_meta_record(ev, case, profile))
        try:
            more_rows, more_bands = _rows_of(ev, case, profile)
        except NumberError as exc:  # more than six decimals somewhere: report, score nothing of it
            case.notes.append(("error", "number_invalid", str(exc)))
        else:
            rows.extend(more_rows)
            bands.extend(more_bands)
        levels.extend(_level_records(ev, case))
        for severity, code, message in [*case.notes, *_source_rate_notes(case)]:
            notes.append({"ev": ev, "severity": severity, "code": code, "message": message})
    return Frames(
        rows=pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row"),
        bands=pl.DataFrame(bands, schema=BAND_SCHEMA),
        meta=pl.DataFrame(meta, schema=META_SCHEMA),
        levels=pl.DataFrame(levels, schema=LEVEL_SCHEMA),
        notes=pl.DataFrame(notes, schema=NOTE_SCHEMA),
        profiles=profiles or [Rules()],
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


TARGET_SCHEMA = pl.Schema(
    {
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
        "t_explicit": pl.Boolean,
    }
)
ACTUAL_SCHEMA = pl.Schema(
    {
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
)


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
    joined = rows.join(
        targets, on=["target", "year"], how="left", nulls_equal=True, maintain_order="left"
    ).join(actuals, on=["actual", "year"], how="left", nulls_equal=True, maintain_order="left")
    return joined.with_columns(_deduct_parsed(rows))


def _deduct_parsed(rows: pl.DataFrame) -> list[pl.Expr]:
    """deduct's from/per written like actuals ("100%", "1%"): raw number, unit and unit factor."""
    texts = {t for col in ("d_from", "d_per") for t in rows[col].drop_nulls().unique().to_list()}
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
