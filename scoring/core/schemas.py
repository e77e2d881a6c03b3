"""The column schemas of every frame the scoring core builds or reads, in one place.

Figures are Int128 millionths (``MICRO``) in input columns and hundredths in scores (``cents``, ``dev``).
One row per scored item: the 预算执行率 row (section ``funds``), each 资金管理情况 item (``review``) and each
indicator (``indicator``). ``seq`` orders and identifies a row within its evaluation (an indicator's seq is
its index in the file); ``item`` is the row's index within its section.
"""

from __future__ import annotations

import polars as pl

INT = pl.Int128

ROW_SCHEMA = pl.Schema(
    {
        "ev": pl.Int32,
        "seq": pl.Int32,
        "item": pl.Int32,
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
        "reported_places": pl.Int32,
        "reported_dev_places": pl.Int32,
        "direction": pl.String,
        "direction_written": pl.String,
    }
)

BAND_SCHEMA = pl.Schema(
    {"ev": pl.Int32, "seq": pl.Int32, "band": pl.Int32, "upto": pl.String, "b_score": INT}
)

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
        "reported_rate_frac_v": INT,
        "rate_frac_places": pl.Int32,
        "funds_reason_blank": pl.Boolean,
        "f_reason": pl.String,
        "src_initial": INT,
        "src_annual": INT,
        "src_executed": INT,
        "f_initial": INT,
        "funds_disagree": pl.Boolean,
    }
)
"""One row per evaluation: its header and what the evaluation checks read besides the scored rows."""

FUNDS_SCHEMA = pl.Schema(
    {
        "has_funds": pl.Boolean,
        "fw": INT,
        "f_annual": INT,
        "f_executed": INT,
        "f_reported": INT,
        "f_reported_places": pl.Int32,
        "f_reason": pl.String,
    }
)
PER_EVAL_SCHEMA = pl.Schema({**META_SCHEMA, **FUNDS_SCHEMA})
"""What files and long tables both give per evaluation: the meta columns and the funds block, from which
``frames.meta_frame`` and ``frames.funds_rows`` build the same frames for both."""

LEVEL_SCHEMA = pl.Schema({"ev": pl.Int32, "level1": pl.String, "declared": INT, "severity": pl.String})
"""Declared 一级 weights (in the name, in [[levels]] or by the set) and the severity of a mismatch."""

NOTE_SCHEMA = pl.Schema(
    {
        "ev": pl.Int32,
        "severity": pl.String,
        "code": pl.String,
        "section": pl.String,
        "item": pl.Int32,
        "where": pl.String,
        "message": pl.String,
    }
)
"""Findings made while the frames were built (an unknown set, a figure that cannot be read …)."""

FINDING_SCHEMA = pl.Schema(
    {
        "ev": pl.Int32,
        "seq": pl.Int32,
        "severity": pl.String,
        "code": pl.String,
        "section": pl.String,
        "item": pl.Int32,
        "where": pl.String,
        "message": pl.String,
    }
)

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
