"""The scoring core's rule families, one expression at a time, on small frames.

Each family (``scoring.core.row_rules``) is a list of cases; ``first_case`` picks the first that holds.
These tests give a family only the columns it reads, in exact micro units (1 point = 1_000_000), and check
num / den / status. The end-to-end tests (seed, rules, rounding oracle) stay beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from scoring.core import row_rules as rr
from scoring.core.schemas import INT
from scoring.core.totals import _capped_total, _grade
from scoring.domain.models import ExecutionCap, Rules

U = 1_000_000
P = 1_000 * U  # 100 % in the ratio dimension's base (‰ millionths)


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows with every column a family may read; what a row does not give is null (or false)."""
    ints = ["a_val", "t_val", "t_low", "t_high", "w", "score_set", "f_annual", "f_executed", "k_late"]
    ints += ["d_from_v", "d_per_v", "d_points", "band_score", "k_full_hi", "k_over", "k_ded_share"]
    ints += ["k_ded_points", "num", "den", "cents"]
    strings = ["rule", "tier", "a_kind", "a_dim_eff", "t_kind", "actual", "section", "status", "target"]
    bools = ["unit_hard", "as_share", "band_bad", "k_linear", "over", "too_low", "applicable", "k_dev_signed"]
    schema: dict[str, Any] = {**dict.fromkeys(ints, INT), **dict.fromkeys(strings, pl.String)}
    schema |= dict.fromkeys(bools, pl.Boolean) | {"a_date": pl.Date, "t_date": pl.Date}
    defaults = {name: False for name in bools} | {"applicable": True, "k_full_hi": U, "actual": "x"}
    return pl.DataFrame([defaults | row for row in rows], schema=schema)


def _scores(family: Callable[[], list[rr.Case]], rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = _frame(rows).lazy()
    for stage in rr.first_case(family()):
        frame = frame.with_columns(stage)
    return frame.select("num", "den", "status").collect()


def _expect(*rows: tuple[int | None, int, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema={"num": INT, "den": INT, "status": pl.String}, orient="row"
    ).with_columns(pl.col("status").fill_null("invalid"))


NUMBER = {"a_kind": "number", "t_kind": "higher"}


def test_execution_scores_the_share_spent_and_caps_at_full() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "execution", "w": 10 * U, "f_annual": 100 * U, "f_executed": 90 * U},
        {"rule": "execution", "w": 10 * U, "f_annual": 100 * U, "f_executed": 120 * U},
        {"rule": "execution", "w": 10 * U, "f_annual": 0, "f_executed": 5 * U},
        {"rule": "execution", "w": 10 * U, "f_annual": 100 * U},
    ]
    assert_frame_equal(
        _scores(rr.execution_cases, rows),
        _expect(
            (10 * U * 90 * U, U * 100 * U, "short"),
            (10 * U, U, "met"),
            (None, 1, "invalid"),
            (None, 1, "missing"),
        ),
    )


def test_evaluator_score_wins_and_open_rows_wait() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "manual", "score_set": 3 * U, "w": 5 * U},
        {"rule": "higher", "actual": None, "w": 5 * U},
        {"rule": "manual", "w": 5 * U},
        {"rule": "higher", "t_kind": "invalid", "w": 5 * U},
    ]
    assert_frame_equal(
        _scores(rr.evaluator_cases, rows),
        _expect((3 * U, U, "scored"), (None, 1, "missing"), (None, 1, "judgement"), (None, 1, "invalid")),
    )


def test_verdict_scores_qualitative_rows_and_numbers_win_on_quantitative_ones() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "qualitative", "tier": "达成", "w": 10 * U},
        {"rule": "qualitative", "tier": "部分达成", "w": 10 * U},
        {"rule": "higher", "tier": "达成", "a_kind": "tier", "w": 10 * U},
        {"rule": "higher", "tier": "达成", "a_kind": "number", "w": 10 * U},  # the number decides
    ]
    assert_frame_equal(
        _scores(rr.verdict_cases, rows),
        _expect(
            (10 * U * U, U * U, "met"),
            (None, 1, "judgement"),
            (10 * U * U, U * U, "met"),
            (None, 1, None),
        ),
    )


def test_shares_score_qualitative_and_deadline_rows_by_the_share_done() -> None:
    share = {"a_kind": "number", "a_dim_eff": "ratio", "w": 10 * U}
    rows: list[dict[str, Any]] = [
        {**share, "rule": "qualitative", "a_val": P},
        {**share, "rule": "deadline", "a_val": P * 6 // 100},
        {"rule": "qualitative", "a_kind": "number", "a_dim_eff": "money", "w": 10 * U},
    ]
    assert_frame_equal(
        _scores(rr.share_cases, rows),
        _expect((10 * U, U, "met"), (10 * U * (P * 6 // 100), U * P, "short"), (None, 1, "judgement")),
    )


def test_deadline_met_by_a_date_and_late_by_the_late_share() -> None:
    import datetime as dt

    date = {"rule": "deadline", "a_kind": "date", "t_date": dt.date(2023, 9, 30), "w": 5 * U, "k_late": 0}
    rows: list[dict[str, Any]] = [
        {**date, "a_date": dt.date(2023, 8, 20)},
        {**date, "a_date": dt.date(2023, 10, 1), "k_late": U // 2},
    ]
    assert_frame_equal(
        _scores(rr.deadline_cases, rows), _expect((5 * U, U, "met"), (5 * U * (U // 2), U * U, "short"))
    )


def test_rows_needing_a_number_without_one_are_invalid() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "higher", "a_kind": "date", "t_val": 1},
        {"rule": "higher", "a_kind": "number", "unit_hard": True, "t_val": 1},
        {"rule": "higher", "a_kind": "number"},  # no target number
        {"rule": "range", "a_kind": "number"},  # ranges read their bounds elsewhere
    ]
    assert_frame_equal(
        _scores(rr.needs_number_cases, rows),
        _expect((None, 1, "invalid"), (None, 1, "invalid"), (None, 1, "invalid"), (None, 1, None)),
    )


def test_bands_and_deductions() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "bands", "band_score": 4 * U, "w": 5 * U},
        {"rule": "bands", "band_bad": True, "w": 5 * U},
        {"rule": "deduct", "a_val": 3 * U, "d_from_v": 5 * U, "d_per_v": U, "d_points": U, "w": 5 * U},
        {"rule": "deduct", "a_val": 7 * U + 1, "d_from_v": 5 * U, "d_per_v": U, "d_points": U, "w": 5 * U},
        {"rule": "deduct", "a_val": 7 * U, "d_from_v": 5 * U, "d_per_v": 0, "d_points": U, "w": 5 * U},
    ]
    bands = _scores(rr.band_cases, rows[:2])
    assert_frame_equal(bands, _expect((4 * U, U, "scored"), (None, 1, "invalid")))
    deduct = _scores(rr.deduct_cases, rows[2:])
    # 7.000001 is three steps of 1 beyond 5 (a started step counts): 5 − 3 = 2 points
    assert_frame_equal(deduct, _expect((5 * U, U, "met"), (2 * U, U, "short"), (None, 1, "invalid")))


def test_higher_is_better_and_equal() -> None:
    rows: list[dict[str, Any]] = [
        {"rule": "higher", "a_val": 95, "t_val": 90, "w": 10 * U},
        {"rule": "higher", "a_val": 45, "t_val": 90, "w": 10 * U},
        {"rule": "higher", "a_val": -5, "t_val": 90, "w": 10 * U},
        {"rule": "equal", "a_val": 112, "t_val": 112, "w": 10 * U},
        {"rule": "equal", "a_val": 0, "t_val": 0, "w": 10 * U},
        {"rule": "equal", "a_val": 3, "t_val": 0, "w": 10 * U},
    ]
    assert_frame_equal(
        _scores(rr.higher_cases, rows),
        _expect(
            (10 * U, U, "met"),
            (10 * U * 45, U * 90, "short"),
            (0, U * 90, "short"),
            (10 * U, U, "met"),
            (10 * U, U, "met"),
            (0, 1, "short"),
        ),
    )


def test_lower_is_better_by_ratio_or_linear() -> None:
    base = {"rule": "lower", "t_val": 10, "w": 10 * U}
    rows = [{**base, "a_val": 8}, {**base, "a_val": 12}, {**base, "a_val": 12, "k_linear": True}]
    rows.append({**base, "a_val": 5, "t_val": 0})
    assert_frame_equal(
        _scores(rr.lower_cases, rows),
        _expect(
            (10 * U, U, "met"),
            (10 * U * 10, U * 12, "short"),
            (10 * U * 8, U * 10, "short"),
            (0, 1, "short"),
        ),
    )


def test_ranges_score_inside_below_and_above() -> None:
    base = {"rule": "range", "t_low": 90, "t_high": 110, "w": 10 * U}
    rows = [{**base, "a_val": 100}, {**base, "a_val": 45}, {**base, "a_val": 220}]
    assert_frame_equal(
        _scores(rr.range_cases, rows),
        _expect((10 * U, U, "met"), (10 * U * 45, U * 90, "short"), (10 * U * 110, U * 220, "short")),
    )


def test_families_run_in_order_the_first_case_decides() -> None:
    """An evaluator's score beats the number; a missing actual beats a verdict."""
    cases = [case for family in rr.RULE_FAMILIES for case in family()]
    rows: list[dict[str, Any]] = [
        {**NUMBER, "rule": "higher", "a_val": 95, "t_val": 90, "w": 10 * U, "score_set": 7 * U},
        {"rule": "qualitative", "tier": "达成", "actual": None, "w": 10 * U},
    ]
    frame = _frame(rows).lazy()
    for stage in rr.first_case(cases):
        frame = frame.with_columns(stage)
    got = frame.select("num", "den", "status").collect()
    assert_frame_equal(got, _expect((7 * U, U, "scored"), (10 * U * U, U * U, "met")))


def _one(expr: pl.Expr, rows: list[dict[str, Any]]) -> list[Any]:
    return _frame(rows).select(expr).to_series().to_list()


DEVIATION_ROWS: list[dict[str, Any]] = [
    {**NUMBER, "rule": "higher", "a_val": 95, "t_val": 100, "status": "short"},
    {**NUMBER, "rule": "lower", "a_val": 5, "t_val": 8365, "status": "met"},  # ≤83.65万元, 5万元
    {**NUMBER, "rule": "higher", "a_val": 100, "t_val": 95, "status": "met"},  # ≥95%, 100%
    {**NUMBER, "rule": "higher", "a_val": 130, "t_val": 100, "status": "over"},
    {**NUMBER, "rule": "lower", "a_val": 1488, "t_val": 1000, "status": "short"},  # ≤10%, 14.88%
    {**NUMBER, "rule": "range", "a_val": 100, "t_low": 90, "t_high": 110, "status": "met"},
    {**NUMBER, "rule": "range", "a_val": 45, "t_low": 90, "t_high": 110, "status": "short"},
    {"rule": "deadline", "a_kind": "date", "status": "met"},  # 2023年9月前, done in August
    {"rule": "qualitative", "tier": "达成", "status": "met"},
    {"rule": "qualitative", "tier": "部分达成", "status": "short"},
    {**NUMBER, "rule": "higher", "a_val": 95, "t_val": 100, "applicable": False, "status": "not_applicable"},
    {"rule": "execution", "status": "met", "section": "funds"},
]


def test_deviation_as_the_form_prints_it() -> None:
    """0.00 on every row that met its target; signed (实际 − 指标) / 指标 × 100 where it falls short."""
    rows = [{"section": "indicator"} | row for row in DEVIATION_ROWS]
    got = _one(rr.deviation_expr(), rows)
    assert got == [-500, 0, 0, 0, 4880, 0, -5000, 0, 0, None, None, None]


def test_deviation_signed_on_every_row_with_the_knob() -> None:
    """``deviation = "signed"``: the signed figure wherever one can be computed, met rows too."""
    rows = [{"section": "indicator", "k_dev_signed": True} | row for row in DEVIATION_ROWS]
    got = _one(rr.deviation_expr(), rows)
    assert got == [-500, -9994, 526, 3000, 4880, 0, -5000, None, None, None, None, None]


def test_overachievement_at_the_profile_ratio() -> None:
    base = {**NUMBER, "rule": "higher", "t_val": 100, "k_over": 1_200_000}
    rows = [{**base, "a_val": 120}, {**base, "a_val": 119}, {**base, "a_val": 130, "as_share": True}]
    assert _one(rr.overachievement_expr(), rows) == [True, False, False]


def test_reason_needed_below_full_marks_over_achieved_or_excluded() -> None:
    base = {"section": "indicator", "w": 10 * U, "cents": 1000}
    rows: list[dict[str, Any]] = [
        base,
        {**base, "cents": 999},
        {**base, "over": True},
        {**base, "applicable": False, "cents": None},
    ]
    rows.append({**base, "section": "review", "cents": 0})
    assert _one(rr.needs_reason_expr(), rows) == [False, True, True, True, False]


def test_grades_from_the_highest_threshold_down_and_caps_by_the_exact_rate() -> None:
    rules = Rules(execution_caps=(ExecutionCap(below=0.8, total_max=80),))
    frame = pl.DataFrame(
        {"total_pre": [9500, 9500, 7000], "annual": [100, 100_000, 100], "executed": [79, 79_996, 90]},
        schema={"total_pre": INT, "annual": INT, "executed": INT},
    )
    capped = frame.select(_capped_total(rules).alias("total"))["total"].to_list()
    assert capped == [8000, 8000, 7000]  # 79.996% is below 80%
    grades = pl.DataFrame({"total": [9000, 8999, 6000, 5999, None]}, schema={"total": INT})
    assert grades.select(_grade(Rules()).alias("grade"))["grade"].to_list() == ["优", "良", "中", "差", None]
