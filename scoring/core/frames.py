"""From validated evaluations to the frames the scoring core works on (``Frames``).

Files (and the TUI's one evaluation) come here as ``Case``s; long tables are built in ``long_table``. Both
give the per-evaluation record of ``schemas.PER_EVAL_SCHEMA``, from which ``meta_frame`` and ``funds_rows``
build the meta frame and the 预算执行率 rows the same way for both roads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

import polars as pl

from scoring.core.exact import fmt_cents, half_up
from scoring.core.printed import OK, TRUNCATED, TRUNCATED_SAID, rate_verdict
from scoring.core.profiles import declared_level, level_weights, number_profiles
from scoring.core.queries import collect
from scoring.core.reasons import reason_absent
from scoring.core.schemas import (
    BAND_SCHEMA,
    INT,
    LEVEL_SCHEMA,
    META_SCHEMA,
    NOTE_SCHEMA,
    PER_EVAL_SCHEMA,
    ROW_SCHEMA,
)
from scoring.domain.directions import read_direction
from scoring.domain.models import DEFAULT_RULES, Evaluation, Rules, places
from scoring.domain.numbers import MICRO, NumberError, round_half_up, to_micro
from scoring.domain.vocabulary import FUNDS_ROW

c = pl.col
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


@dataclass
class Case:
    """One evaluation ready to be scored: the file, its model, its resolved rules, its set's 一级 weights."""

    path: str
    evaluation: Evaluation
    rules: Rules = field(default_factory=lambda: DEFAULT_RULES)
    set_levels: dict[str, Decimal] = field(default_factory=dict)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (severity, code, message)
    lines: list[int | None] = field(default_factory=list)
    source_lines: list[int | None] = field(default_factory=list)  # each [[funds.sources]], for its findings


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
        profiles, numbers = number_profiles([rules for part in parts for rules in part.profiles])
        out: dict[str, list[pl.DataFrame]] = {"rows": [], "bands": [], "meta": [], "levels": [], "notes": []}
        offset = done = 0
        for part in parts:
            mapping = dict(enumerate(numbers[done : done + len(part.profiles)]))
            done += len(part.profiles)
            shift = pl.col("ev") + offset
            remap = pl.col("profile").replace_strict(mapping, return_dtype=pl.Int32)
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
        return Frames(profiles=profiles, **joined)


# --- the builders files and long tables share -------------------------------------------------------------


def meta_frame(per_eval: Frame) -> Frame:
    """One row per evaluation: header and what the evaluation checks read (``META_SCHEMA``)."""
    reason = c("f_reason")
    return (
        per_eval.with_columns(reason_absent(reason).alias("funds_reason_blank"))
        .select(list(META_SCHEMA))
        .cast(META_SCHEMA)
    )


DEFAULT_FUNDS_WEIGHT = 10 * MICRO
"""分值 of 预算执行率 when none is given (docs/formats.md §2.2: 10 of 100)."""


def funds_rows(per_eval: Frame) -> Frame:
    """The 预算执行率 row of every evaluation that has a funds block (``ROW_SCHEMA``)."""
    text = pl.String
    return (
        per_eval.filter(c("has_funds"))
        .select(
            "ev",
            pl.lit(-1, dtype=pl.Int32).alias("seq"),
            pl.lit(0, dtype=pl.Int32).alias("item"),
            pl.lit("funds").alias("section"),
            pl.lit(FUNDS_ROW).alias("level1"),
            pl.lit("").alias("level2"),
            pl.lit(FUNDS_ROW).alias("level3"),
            pl.lit(None, dtype=text).alias("target"),
            pl.lit(None, dtype=text).alias("actual"),
            c("f_reason").alias("reason"),
            c("fw").fill_null(pl.lit(DEFAULT_FUNDS_WEIGHT, dtype=INT)).alias("w"),
            c("f_reported").alias("reported"),
            pl.lit(None, dtype=INT).alias("reported_dev"),
            pl.lit(None, dtype=text).alias("rule_set"),
            pl.lit(None, dtype=text).alias("tier_set"),
            pl.lit(None, dtype=INT).alias("score_set"),
            pl.lit(True).alias("applicable"),
            pl.lit(False).alias("too_low"),
            "year",
            "f_annual",
            "f_executed",
            pl.lit(None, dtype=text).alias("d_from"),
            pl.lit(None, dtype=text).alias("d_per"),
            pl.lit(None, dtype=INT).alias("d_points"),
            pl.lit(False).alias("has_bands"),
            "profile",
            c("f_reported_places").alias("reported_places"),
            pl.lit(None, dtype=pl.Int32).alias("reported_dev_places"),
            pl.lit(None, dtype=pl.String).alias("direction"),
            pl.lit(None, dtype=pl.String).alias("direction_written"),
        )
        .cast(ROW_SCHEMA)
    )


_RATE = re.compile(r"^\s*(-?\d+(?:\.(\d+))?)\s*([%％]?)\s*$")


class PrintedRate(NamedTuple):
    """A printed 执行率 read as a percent and, when written without %, as a fraction (0.9586 → 95.86%):
    each as hundredths of a percent with the decimals it carries as a percent (more than two: rounded)."""

    value: int | None
    places: int
    fraction: int | None = None
    fraction_places: int = 2


def _hundredths(value: Decimal) -> tuple[int, int]:
    """A percent as hundredths and its decimals (more than two: rounded half-up to two, as we compute)."""
    decimals = places(value)
    return int(round_half_up(value) * 100), min(decimals, 2)


def rate_printed(text: str | None) -> PrintedRate:
    """A printed 执行率 ("5.68", "100%", "0.0 %", "0.9586", "1") in hundredths of a percent."""
    match = _RATE.match(unicodedata.normalize("NFKC", text)) if text else None
    if not match:
        return PrintedRate(None, 2)
    number = Decimal(match.group(1))
    value, decimals = _hundredths(number)
    if match.group(3):
        return PrintedRate(value, decimals)
    fraction, fraction_places = _hundredths(
        (number * 100).quantize(Decimal(1).scaleb(min(0, 2 - places(number))))
    )
    return PrintedRate(value, decimals, fraction, fraction_places)


# --- files ------------------------------------------------------------------------------------------------


def _m(value: Decimal | None) -> int | None:
    return None if value is None else to_micro(value)


def _places(value: Decimal | None) -> int | None:
    return None if value is None else places(value)


Row = tuple[Any, ...]
"""One row in ROW_SCHEMA's column order (tuples build a frame several times faster than dicts)."""


def _rows_of(ev: int, case: Case, profile: int) -> tuple[list[Row], list[dict[str, Any]]]:
    """The review items and indicators of one evaluation (the funds row comes from ``funds_rows``)."""
    evaluation = case.evaluation
    year = evaluation.evaluation.year
    rows: list[Row] = []
    bands: list[dict[str, Any]] = []
    # fmt: off
    for number, review in enumerate(evaluation.reviews):
        rows.append((
            ev, -1000 + number, number, "review", "资金管理情况", "", review.name, None, None,
            review.problem or None, _m(review.weight), None, None, "manual", None, _m(review.score), True,
            False, year, None, None, None, None, None, False, profile, None, None, None, None,
        ))
    for seq, row in enumerate(evaluation.indicators):
        # inline None tests, not _m/_places: this loop runs for every row of every file in a batch
        deduct, weight, score = row.deduct, row.weight, row.score
        printed, printed_deviation = row.reported_score, row.reported_deviation
        actual = row.actual if row.actual and row.actual.strip() else None
        deviation = None if printed_deviation is None else int(round_half_up(printed_deviation) * 100)
        rows.append((
            ev, seq, seq, "indicator", row.level1, row.level2, row.level3, row.target, actual, row.reason,
            None if weight is None else to_micro(weight), None if printed is None else to_micro(printed),
            deviation, row.rule, row.tier, None if score is None else to_micro(score), row.applicable,
            row.target_too_low, year, None, None, deduct.from_ if deduct else None,
            deduct.per if deduct else None, _m(deduct.points) if deduct else None, bool(row.bands), profile,
            None if printed is None else places(printed),
            None if printed_deviation is None else places(printed_deviation),
            None if row.direction is None else read_direction(row.direction), row.direction,
        ))
        for number, band in enumerate(row.bands or ()):
            bands.append({"ev": ev, "seq": seq, "band": number, "upto": band.upto, "b_score": _m(band.score)})
    # fmt: on
    return rows, bands


def _per_eval_record(ev: int, case: Case, profile: int) -> dict[str, Any]:
    head = case.evaluation.evaluation
    funds = case.evaluation.funds
    rate = rate_printed(funds.reported_rate if funds else None)
    sources = funds.sources if funds else []

    def total(name: str) -> int | None:
        values = [getattr(s, name) for s in sources if getattr(s, name) is not None]
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
        "reported_total": _m(head.reported_total),
        "reported_rate": funds.reported_rate if funds else None,
        "reported_rate_v": rate.value,
        "rate_places": rate.places,
        "reported_rate_frac_v": rate.fraction,
        "rate_frac_places": rate.fraction_places,
        "src_initial": total("initial"),
        "src_annual": total("annual"),
        "src_executed": total("executed"),
        "f_initial": _m(funds.initial) if funds else None,
        "funds_disagree": False,
        "has_funds": funds is not None,
        "fw": _m(funds.weight) if funds else None,
        "f_annual": _m(funds.annual) if funds else None,
        "f_executed": _m(funds.executed) if funds else None,
        "f_reported": _m(funds.reported_score) if funds else None,
        "f_reported_places": _places(funds.reported_score if funds else None),
        "f_reason": funds.reason if funds else None,
    }


def _level_records(ev: int, case: Case) -> list[dict[str, Any]]:
    own = level_weights(case.evaluation.levels)
    records = []
    for level1 in dict.fromkeys(row.level1 for row in case.evaluation.indicators):
        declared = declared_level(level1, own, case.set_levels)
        if declared is not None:
            weight, severity = declared
            records.append({"ev": ev, "level1": level1, "declared": to_micro(weight), "severity": severity})
    return records


Note = dict[str, Any]
"""A finding made while the frames were built, in NOTE_SCHEMA without its ``ev``."""


def source_where(name: str) -> str:
    """How a finding names a 资金来源 row: 资金来源「其他资金」."""
    return f"资金来源「{name}」"


def _source_rate_notes(case: Case) -> list[Note]:
    """reported_rate_mismatch (or reported_rate_truncated) for the 其中 rows (财政拨款 …), judged at the
    precision printed by the same expression as the funds block's rate (``printed``); each names its
    source row and points at it (section ``sources``, the row's index)."""
    funds = case.evaluation.funds
    sources = tuple((s.name, s.reported_rate, s.annual, s.executed) for s in (funds.sources if funds else []))
    return [dict(note) for note in _source_notes(sources, case.rules.printed == "exact")]


_SOURCE_RATE_SCHEMA = {
    "item": pl.Int32,
    "name": pl.String,
    "text": pl.String,
    "reported_rate_v": INT,
    "rate_places": pl.Int32,
    "reported_rate_frac_v": INT,
    "rate_frac_places": pl.Int32,
    "executed": INT,
    "annual": INT,
    "k_printed_exact": pl.Boolean,
}
"""A 资金来源 row with its printed 执行率, in the columns the funds block's rate is judged over."""


@lru_cache(maxsize=256)
def _source_notes(
    sources: tuple[tuple[str, str | None, Decimal | None, Decimal | None], ...], strict: bool
) -> tuple[Note, ...]:
    """The notes of the 资金来源 rows (name, printed rate, 全年预算数, 全年执行数): kept, as the screen asks
    again at every keystroke while the funds rarely change (a frame of its own costs ~10 ms)."""
    records = []
    for index, (name, reported_rate, annual, executed) in enumerate(sources):
        rate = rate_printed(reported_rate)
        if rate.value is None or annual is None or executed is None or annual <= 0:
            continue
        printed = (rate.value, rate.places, rate.fraction, rate.fraction_places)
        records.append((index, name, reported_rate, *printed, to_micro(executed), to_micro(annual), strict))
    if not records:
        return ()
    stages, _ = rate_verdict()  # the funds block's expression, over the same columns
    plan = pl.LazyFrame(records, schema=_SOURCE_RATE_SCHEMA, orient="row").with_columns(
        fmt_cents(half_up(c("executed") * 100, c("annual"))).alias("computed")
    )
    for stage in stages:
        plan = plan.with_columns(stage)
    judged = collect(plan.select("item", "name", "text", "rate_verdict", "computed"), len(records))
    notes: list[Note] = []
    for item, name, text, verdict, computed in judged.iter_rows():
        if verdict == OK:
            continue
        said = f"资金来源「{name}」填报执行率 {text}，按执行数 / 预算数计算应为 {computed}%"
        truncated = verdict == TRUNCATED
        notes.append(
            {
                "severity": "warning" if truncated else "error",
                "code": "reported_rate_truncated" if truncated else "reported_rate_mismatch",
                "section": "sources",
                "item": item,
                "where": source_where(name),
                "message": said + (TRUNCATED_SAID if truncated else ""),
            }
        )
    return tuple(notes)


@lru_cache(maxsize=8)
def _one_evaluation(record: tuple[tuple[str, Any], ...]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The funds row and the meta row of one evaluation, kept: the live screen asks at every keystroke
    while the header and the funds rarely change (two small queries, ~3 ms). Frames are never changed in
    place, so sharing them is safe."""
    evaluations = pl.LazyFrame([dict(record)], schema=PER_EVAL_SCHEMA)
    return collect(funds_rows(evaluations), 1), collect(meta_frame(evaluations), 1)


def case_frames(cases: Sequence[Case]) -> Frames:
    """The frames of a batch of prepared evaluations (files, or the TUI's one evaluation)."""
    profiles, numbers = number_profiles([case.rules for case in cases])
    rows: list[Row] = []
    bands: list[dict[str, Any]] = []
    per_eval: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for ev, (case, profile) in enumerate(zip(cases, numbers, strict=True)):
        try:
            record = _per_eval_record(ev, case, profile)
            more_rows, more_bands = _rows_of(ev, case, profile)
        except NumberError as exc:  # more than six decimals somewhere: report, score nothing of it
            case.notes.append(("error", "number_invalid", str(exc)))
            head = case.evaluation.evaluation
            record = {"ev": ev, "file": case.path, "kind": head.kind, "name": head.name, "year": head.year}
            record |= {"profile": profile, "has_funds": False}
        else:
            rows.extend(more_rows)
            bands.extend(more_bands)
        per_eval.append(record)
        levels.extend(_level_records(ev, case))
        for severity, code, message in case.notes:
            notes.append(
                {
                    "ev": ev,
                    "severity": severity,
                    "code": code,
                    "section": "header",
                    "item": None,
                    "where": "文件",
                    "message": message,
                }
            )
        notes.extend({"ev": ev, **note} for note in _source_rate_notes(case))
    if len(per_eval) == 1:
        funds, meta = _one_evaluation(tuple(per_eval[0].items()))
    else:
        evaluations = pl.DataFrame(per_eval, schema=PER_EVAL_SCHEMA)
        funds, meta = funds_rows(evaluations), meta_frame(evaluations)
    return Frames(
        rows=pl.concat([funds, pl.DataFrame(rows, schema=ROW_SCHEMA, orient="row")]),
        bands=pl.DataFrame(bands, schema=BAND_SCHEMA),
        meta=meta,
        levels=pl.DataFrame(levels, schema=LEVEL_SCHEMA),
        notes=pl.DataFrame(notes, schema=NOTE_SCHEMA),
        profiles=profiles,
    )
