"""Every row rule of docs/rules.md as polars expressions over the row frame: the one scoring core.

The TUI (one evaluation), the CLI (a few files) and batch (millions of rows) all call ``score_rows``.
A row's exact score is ``num / den`` points (Int128); ``cents`` is that score rounded half-up to hundredths.

The score of a row is the first case that holds among the rule families below, in their order; each
family is a small function returning its cases, so that each can be read (and tested) on its own.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import polars as pl

from scoring.core.exact import INT, clamp, half_up, lit
from scoring.core.printed import Stages, hundredths, side_by_side, verdict_columns, verdict_stages
from scoring.core.queries import collect
from scoring.core.reasons import reason_absent
from scoring.domain.numbers import MICRO
from scoring.domain.vocabulary import QUANTITATIVE_RULES, TARGET_RULES, TIER_KEYS
from scoring.parsing import parse_actual, unit_info
from scoring.parsing.tiers import DONE_PREFIX, WORDING_ENDS

U = MICRO
FULL_SHARE = 1000 * U  # 100 % expressed in ‰ millionths (the base of the ratio dimension)

c = pl.col
NONE = pl.lit(None, dtype=INT)


def _has(name: str) -> pl.Expr:
    return c(name).is_not_null()


# --- before scoring: rule, units, tier ---------------------------------------------------------------------


def rule_expr() -> pl.Expr:
    """Explicit ``rule`` or the rule inferred from the section and the reading of 年度指标值."""
    inferred = (
        pl.when(c("section") == "funds")
        .then(pl.lit("execution"))
        .when(c("has_bands"))
        .then(pl.lit("bands"))
        .when(_has("d_points"))
        .then(pl.lit("deduct"))
        .when(_direction_decides())
        .then(c("direction"))
        .when((c("t_kind") == "higher") & ~c("t_explicit") & _under_lower_level())
        .then(pl.lit("lower"))
        .when(c("t_kind").is_in(TARGET_RULES))
        .then(c("t_kind"))
        .when((c("t_kind") == "empty") & (c("a_kind") == "tier"))
        .then(pl.lit("qualitative"))
        .when(c("t_kind") == "empty")
        .then(pl.lit("manual"))
        .otherwise(pl.lit("invalid"))
    )
    return (
        pl.when(c("section") == "funds")
        .then(pl.lit("execution"))
        .otherwise(pl.coalesce(c("rule_set"), inferred))
    )


NUMERIC_TARGETS = ("higher", "lower", "equal")
"""Readings of a 年度指标值 that are one number with an operator, written or not (≥90%, ≤10万元, =1, 95%)."""


def _direction_decides() -> pl.Expr:
    """A row's 指标方向 (正向 / 反向 / 等于 / 定性; directions.toml) decides the rule of a numeric
    年度指标值, a bare number and a contradicting operator alike (the contradiction: direction_conflict)."""
    return (c("direction").is_not_null() & c("t_kind").is_in(NUMERIC_TARGETS)).fill_null(False)


def direction_conflict_expr() -> pl.Expr:
    """The 指标方向 says one rule and the operator written in 年度指标值 another (正向 with ≤95%)."""
    written = c("t_explicit") & c("t_kind").is_in(NUMERIC_TARGETS)
    return (written & c("direction").is_not_null() & (c("direction") != c("t_kind"))).fill_null(False)


def _under_lower_level() -> pl.Expr:
    """The row sits under a 一级/二级指标 whose bare numbers are ceilings (knob ``lower_levels``: 成本)."""
    pattern = c("k_lower_re")
    hit = c("level1").str.contains(pattern) | c("level2").str.contains(pattern)
    return hit.fill_null(False)


def as_share_expr() -> pl.Expr:
    """A completion share ("100%") against a counted target ("至少完成2次"): read as the share done."""
    return (
        c("rule").is_in(["higher", "equal"])
        & (c("a_kind") == "number")
        & (c("a_dim") == "ratio")
        & (c("a_unit") != "")
        & (c("t_dim") != "ratio")
        & (c("t_unit") != "")
    ).fill_null(False)


def unit_exprs() -> list[pl.Expr]:
    """Actual and target in one base unit: a side written without a unit takes the other side's."""
    factor = pl.when(c("a_unit") == "").then(c("t_factor")).otherwise(c("a_factor"))
    dim = pl.when(c("a_unit") == "").then(c("t_dim")).otherwise(c("a_dim"))
    both = (c("a_unit") != "") & (c("t_unit") != "")
    counts = c("a_dim").str.starts_with("count:") & c("t_dim").str.starts_with("count:")
    # "≥90" against "85%": the target is 90 in the actual's unit (its stored value has factor 1)
    target_scale = pl.when((c("t_unit") == "") & (c("a_unit") != "")).then(c("a_factor")).otherwise(lit(1))
    return [
        (c("t_val") * target_scale).alias("t_val"),
        (c("t_low") * target_scale).alias("t_low"),
        (c("t_high") * target_scale).alias("t_high"),
        (c("a_raw") * factor).alias("a_val"),
        dim.alias("a_dim_eff"),
        (both & (c("a_dim") != c("t_dim")) & ~counts).fill_null(False).alias("unit_hard"),
        (both & (c("a_dim") != c("t_dim")) & counts).fill_null(False).alias("unit_soft"),
    ]


def _wording(column: str) -> pl.Expr:
    """A 年度指标值 or 实际完成值 as a wording: its ends and a leading 已/均已/已经 … taken off."""
    return c(column).str.strip_chars(WORDING_ENDS).str.replace(DONE_PREFIX, "")


def tier_expr() -> pl.Expr:
    """The qualitative tier: chosen, read from the actual, or 达成 when the actual repeats the target (or
    says it done: 已建立 against 建立)."""
    same_text = (_wording("actual") == _wording("target")) & (c("target").str.strip_chars(WORDING_ENDS) != "")
    return pl.coalesce(
        c("tier_set"),
        c("a_tier"),
        pl.when(same_text & (c("a_kind") == "invalid")).then(pl.lit("达成")),
    )


def _band(tier: str, bound: str) -> pl.Expr:
    return c(f"k_{TIER_KEYS[tier]}_{bound}")


def tier_band(tier: pl.Expr, bound: str) -> pl.Expr:
    """The chosen tier's band bound (``lo``/``hi``, a share of 分值 in millionths) from the profile knobs."""
    expr: pl.Expr = pl.lit(None, dtype=INT)
    for name in reversed(TIER_KEYS):
        expr = pl.when(tier == name).then(_band(name, bound)).otherwise(expr)
    return expr


def _apply_bands(rows: pl.LazyFrame, bands: pl.DataFrame) -> pl.LazyFrame:
    """评分标准 bands: the first band whose ``upto`` the actual does not exceed gives the score."""
    if bands.is_empty():
        return rows.with_columns(NONE.alias("band_score"), pl.lit(False).alias("band_bad"))
    parsed = pl.DataFrame(
        [
            {
                "upto": text,
                "u_raw": None if (p := parse_actual(text)).value is None else int(p.value * U),
                "u_unit": p.unit,
                "u_factor": unit_info(p.unit)[1],
            }
            for text in bands["upto"].unique().to_list()
        ],
        schema={"upto": pl.String, "u_raw": INT, "u_unit": pl.String, "u_factor": INT},
    )
    joined = (
        bands.lazy()
        .join(parsed.lazy(), on="upto", how="left")
        .join(rows.select("ev", "seq", "a_val", "t_factor"), on=["ev", "seq"], how="left")
        .with_columns(
            (c("u_raw") * pl.when(c("u_unit") == "").then(c("t_factor")).otherwise(c("u_factor"))).alias(
                "u_val"
            )
        )
    )
    bad = joined.group_by("ev", "seq").agg(c("u_val").is_null().any().alias("band_bad"))
    chosen = (
        joined.filter(c("a_val") <= c("u_val"))
        .sort("band")
        .group_by("ev", "seq")
        .agg(c("b_score").first().alias("band_score"))
    )
    return rows.join(chosen, on=["ev", "seq"], how="left", maintain_order="left").join(
        bad, on=["ev", "seq"], how="left", maintain_order="left"
    )


def deduct_values() -> list[pl.Expr]:
    """``deduct = {from, per, points}``: the thresholds in the target's base unit (parsed in with_parsed)."""

    def scaled(prefix: str) -> pl.Expr:
        factor = pl.when(c(f"{prefix}_unit") == "").then(c("t_factor")).otherwise(c(f"{prefix}_factor"))
        return (c(f"{prefix}_raw") * factor).alias(f"{prefix}_v")

    return [scaled("d_from"), scaled("d_per")]


# --- the rule families: each a list of (condition, score as num / den, status) -------------------------


class Case(NamedTuple):
    cond: pl.Expr
    num: pl.Expr
    den: pl.Expr
    status: str


A, T, W = c("a_val"), c("t_val"), c("w")
RULE = c("rule")
TIER = c("tier")


def _number() -> pl.Expr:
    """A number in a unit the target's can be converted to."""
    return (c("a_kind") == "number") & ~c("unit_hard")


def _full(cond: pl.Expr, status: str = "met") -> Case:
    return Case(cond, W, lit(U), status)


def _none(cond: pl.Expr, status: str) -> Case:
    return Case(cond, NONE, lit(1), status)


def execution_cases() -> list[Case]:
    """预算执行率: 分值 × min(B / A, 1)."""
    annual, executed = c("f_annual"), c("f_executed")
    is_exec = RULE == "execution"
    return [
        _none(is_exec & (annual.is_null() | (annual <= 0)), "invalid"),
        _none(is_exec & executed.is_null(), "missing"),
        _full(is_exec & (executed >= annual)),
        Case(is_exec, W * clamp(executed, lit(0), annual), lit(U) * annual, "short"),
    ]


def evaluator_cases() -> list[Case]:
    """A row the evaluator scored (manual, review, qualitative band, override); rows still open."""
    has_actual = c("actual").is_not_null() & (c("actual").str.strip_chars() != "")
    return [
        Case(c("score_set").is_not_null(), c("score_set"), lit(U), "scored"),
        _none(~has_actual & TIER.is_null(), "missing"),
        _none(RULE == "manual", "judgement"),
        _none(c("t_kind") == "invalid", "invalid"),
    ]


def verdict_cases() -> list[Case]:
    """A verdict (达成 / 部分达成 / 未达成) scores qualitative and deadline rows; a quantitative row only
    when no number was given (第十五条: a missed number scores by its ratio, whatever tier is beside it)."""
    usable = TIER.is_not_null() & (
        RULE.is_in(["qualitative", "deadline"]) | (RULE.is_in(QUANTITATIVE_RULES) & (c("a_kind") != "number"))
    )
    return [
        Case(usable & (TIER == "达成"), W * _band("达成", "hi"), lit(U) * lit(U), "met"),
        _none(usable, "judgement"),
    ]


def share_cases() -> list[Case]:
    """Completion shares for qualitative and deadline rows ("6%": 分值 × 6%)."""
    share = _number() & (c("a_dim_eff") == "ratio")
    applies = (RULE.is_in(["qualitative", "deadline"]) | c("as_share")) & share
    return [
        _full(applies & (A >= FULL_SHARE)),
        Case(applies, W * clamp(A, lit(0), lit(FULL_SHARE)), lit(U) * lit(FULL_SHARE), "short"),
        _none(RULE == "qualitative", "judgement"),
    ]


def deadline_cases() -> list[Case]:
    """Deadlines met by a date; late: 分值 × the profile's ``late`` share."""
    is_date = (RULE == "deadline") & (c("a_kind") == "date") & c("t_date").is_not_null()
    return [
        _full(is_date & (c("a_date") <= c("t_date"))),
        Case(is_date, W * c("k_late"), lit(U) * lit(U), "short"),
    ]


def needs_number_cases() -> list[Case]:
    """Everything after this needs a number in a compatible unit (and a target, but for ranges and data)."""
    return [_none(~_number() | T.is_null() & ~RULE.is_in(["range", "bands", "deduct"]), "invalid")]


def band_cases() -> list[Case]:
    """评分标准 as data: the first band the actual does not exceed."""
    return [
        _none((RULE == "bands") & c("band_bad").fill_null(False), "invalid"),
        Case(RULE == "bands", c("band_score").fill_null(lit(0)), lit(U), "scored"),
    ]


def deduct_cases() -> list[Case]:
    """``deduct``: full marks up to ``from``, then ``points`` off for every ``per`` beyond it."""
    d_from, d_per = c("d_from_v"), c("d_per_v")
    is_deduct = RULE == "deduct"
    steps = (A - d_from + d_per - 1) // d_per
    return [
        _none(is_deduct & (d_from.is_null() | d_per.is_null() | (d_per <= 0)), "invalid"),
        _full(is_deduct & (d_from >= A)),
        Case(is_deduct, clamp(W - c("d_points") * steps, lit(0), W), lit(U), "short"),
    ]


def higher_cases() -> list[Case]:
    """Higher is better (and equal with a nonzero target): 分值 × 实际 / 指标 below the target."""
    higher = (RULE == "higher") | ((RULE == "equal") & (T != 0))
    return [
        Case(higher & (T <= 0), pl.when(A >= T).then(W).otherwise(lit(0)), lit(U), "met"),
        _full(higher & (A >= T)),
        Case(higher, W * clamp(A, lit(0), T), lit(U) * T, "short"),
        _full((RULE == "equal") & (A == 0)),
        Case(RULE == "equal", lit(0), lit(1), "short"),
    ]


def lower_cases() -> list[Case]:
    """Lower is better: ratio (分值 × 指标值 / 实际值) or linear (分值 × (1 − 超出 / 指标值), 0 at twice)."""
    is_lower = RULE == "lower"
    return [
        _full(is_lower & (A <= T)),
        Case(is_lower & (T <= 0), lit(0), lit(1), "short"),
        Case(is_lower & c("k_linear"), W * clamp(2 * T - A, lit(0), T), lit(U) * T, "short"),
        Case(is_lower, W * T, lit(U) * A, "short"),
    ]


def range_cases() -> list[Case]:
    """Ranges: full inside; below by the ratio to the low end, above by the high end to the ratio."""
    low, high = c("t_low"), c("t_high")
    is_range = (RULE == "range") & low.is_not_null() & high.is_not_null()
    return [
        _full(is_range & (low <= A) & (high >= A)),
        Case(is_range & (low > A) & (low > 0), W * clamp(A, lit(0), low), lit(U) * low, "short"),
        Case(is_range & (high < A) & (A > 0), W * high, lit(U) * A, "short"),
        Case(is_range, lit(0), lit(1), "short"),
    ]


RULE_FAMILIES = (
    execution_cases,
    evaluator_cases,
    verdict_cases,
    share_cases,
    deadline_cases,
    needs_number_cases,
    band_cases,
    deduct_cases,
    higher_cases,
    lower_cases,
    range_cases,
)
"""In the order they are tried: the first case that holds, over all families, scores the row."""


def first_case(cases: list[Case]) -> list[list[pl.Expr]]:
    """Stages giving ``num``, ``den`` and ``status`` of the first case that holds (null when none does).

    The case's number first, then its formula picked by number: a coalesce of single-branch whens costs
    far less to run than a 50-deep when/then/otherwise chain. Cases sharing a formula are picked by one
    branch, and a null formula needs none (the coalesce gives null): a sixth fewer expressions to run.
    """
    first = pl.coalesce([pl.when(case.cond).then(pl.lit(n, dtype=pl.Int16)) for n, case in enumerate(cases)])
    picked = c("_case")

    def pick(values: list[pl.Expr], fallback: pl.Expr) -> pl.Expr:
        groups: list[tuple[pl.Expr, list[int]]] = []  # each formula and the cases giving it
        for n, value in enumerate(values):
            same = next((numbers for shared, numbers in groups if shared.meta.eq(value)), None)
            if same is None:
                groups.append((value, [n]))
            else:
                same.append(n)
        return pl.coalesce(
            [
                pl.when(picked == numbers[0] if len(numbers) == 1 else picked.is_in(numbers)).then(value)
                for value, numbers in groups
                if not value.meta.eq(NONE)
            ]
            + [pl.when(picked.is_null()).then(fallback)]
        )

    statuses = pl.lit(pl.Series([case.status for case in cases], dtype=pl.String))
    return [
        [first.alias("_case")],
        [
            pick([case.num for case in cases], NONE).alias("num"),
            pick([case.den for case in cases], lit(1)).alias("den"),
            pl.coalesce(statuses.gather(picked), pl.lit("invalid")).alias("status"),
        ],
    ]


# --- after the score: over-achievement, 偏差度, deductions, rounding, status, reasons -------------------


def overachievement_expr() -> pl.Expr:
    """完成值高于指标值较多: actual / target at or above the profile's ratio (higher-is-better rows)."""
    numeric = _number() & (T > 0)
    over = numeric & (RULE == "higher") & ~c("as_share") & (c("k_over") * T <= A * U)
    return over.fill_null(False).alias("over")


def deducted_exprs() -> list[pl.Expr]:
    """按照偏离度适度调减: deduct from a full score when the evaluator marks the target as set too low."""
    applies = c("over") & c("too_low") & c("score_set").is_null()
    take = W * c("k_ded_share") + c("k_ded_points") * U
    return [
        pl.when(applies).then(clamp(W * U - take, lit(0), W * U)).otherwise(c("num")).alias("num"),
        pl.when(applies).then(lit(U) * lit(U)).otherwise(c("den")).alias("den"),
    ]


def deviation_exprs() -> list[pl.Expr]:
    """偏差度 as an exact fraction (``dev_num`` / ``dev_den``, percent); null where it does not apply.
    Reads the row's final status.

    As the 自评表 prints it (knob ``deviation = "shortfall"``, the default): 0.00 on an indicator row that
    met its target (≥ met or over, ≤ met or under, = met, a deadline met, a verdict 达成), and on a row that
    falls short the signed (实际 − 指标) / 指标 × 100. With ``deviation = "signed"`` every row that has a
    number gets the signed figure, met rows too (≤83.65万元 with 5万元: −94.02).
    """
    share = (
        _number() & (c("a_dim_eff") == "ratio") & (RULE.is_in(["qualitative", "deadline"]) | c("as_share"))
    )
    low, high = c("t_low"), c("t_high")
    numeric = (
        _number() & RULE.is_in(["higher", "lower", "equal", "bands", "deduct"]) & T.is_not_null() & (T != 0)
    )
    in_range = _number() & (RULE == "range") & low.is_not_null() & high.is_not_null()
    met = (c("section") == "indicator") & c("status").is_in(["met", "over"]) & ~c("k_dev_signed")
    branches = [
        (met, lit(0), lit(1)),
        (share, (A - FULL_SHARE) * 100, lit(FULL_SHARE)),
        (numeric, (A - T) * 100, T.abs()),
        (in_range & (low > A) & (low != 0), (A - low) * 100, low.abs()),
        (in_range & (high < A) & (high != 0), (A - high) * 100, high.abs()),
        (in_range, lit(0), lit(1)),
    ]

    def chain(pick: int) -> pl.Expr:
        expr: pl.Expr = NONE
        for branch in reversed(branches):
            expr = pl.when(branch[0]).then(branch[pick]).otherwise(expr)
        return pl.when(~c("applicable")).then(NONE).otherwise(expr)

    # the exact 偏差度 in percent is dev_num / dev_den; printed figures are judged against it (printed.py)
    return [chain(1).alias("dev_num"), chain(2).alias("dev_den")]


def deviation_rounded() -> pl.Expr:
    """偏差度 in hundredths of a percent, rounded half-up once from its exact fraction."""
    return half_up(c("dev_num"), c("dev_den")).alias("dev")


def deviation_expr() -> pl.Expr:
    """偏差度 in hundredths of a percent, in one expression (``deviation_exprs``, rounded)."""
    num, den = deviation_exprs()
    return half_up(num, den).alias("dev")


def needs_reason_expr() -> pl.Expr:
    """偏差原因分析及改进措施 is required below full marks, when over-achieved, and for excluded rows."""
    w_cents = W // (U // 100)
    below = c("cents").is_not_null() & (c("cents") < w_cents)
    return (
        ((c("section") == "indicator") & (below | c("over") | ~c("applicable")))
        .fill_null(False)
        .alias("needs_reason")
    )


PRINTED_WORKING = ["_score_verdict", *verdict_columns("_score_verdict", "dev_verdict")]
"""The working columns of ``printed_stages``, dropped once the rows are scored."""


def printed_stages() -> Stages:
    """The clerk's printed 得分 and 偏差度 judged at the decimals they were printed with (printed.py):
    ok, truncated or mismatch against the exact score and 偏差度; null where nothing is printed."""
    over = c("_num0") * U > W * c("den")  # above 分值: counted as 分值
    num = pl.when(over).then(W).otherwise(c("_num0"))
    den = pl.when(over).then(lit(U)).otherwise(c("den"))
    exact = c("k_printed_exact").fill_null(False)
    printed = hundredths(c("reported"), c("reported_places").fill_null(2))
    stages = side_by_side(
        verdict_stages("_score_verdict", printed, c("reported_places"), num, den, exact),
        verdict_stages(
            "dev_verdict", c("reported_dev"), c("reported_dev_places"), c("dev_num"), c("dev_den"), exact
        ),
    )
    stages.append([pl.when(c("cents").is_not_null()).then(c("_score_verdict")).alias("reported_verdict")])
    return stages


def reason_missing_expr() -> pl.Expr:
    """A row that needs a 偏差原因 and has none: blank, or a placeholder (无, /, 见附件 …; reasons.py)."""
    return (c("needs_reason") & reason_absent(c("reason"))).alias("reason_missing")


def _finishing_stages() -> list[list[pl.Expr]]:
    """From num / den to cents and the final status."""
    w_cents = W // (U // 100)
    return [
        [overachievement_expr()],
        deducted_exprs(),
        # never below 0 nor above 分值: an evaluator's or a band's score beyond 分值 is flagged, not counted
        [pl.when(c("num") < 0).then(lit(0)).otherwise(c("num")).alias("_num0")],
        [half_up(c("_num0"), c("den")).alias("_rounded")],
        [
            pl.when(~c("applicable"))
            .then(NONE)
            .otherwise(clamp(c("_rounded"), lit(0), w_cents))
            .alias("cents"),
            pl.when(~c("applicable")).then(pl.lit("not_applicable")).otherwise(c("status")).alias("status"),
        ],
        [
            pl.when(c("status") == "scored")
            .then(pl.when(c("cents") >= w_cents).then(pl.lit("met")).otherwise(pl.lit("short")))
            .when((c("status") == "met") & c("over"))
            .then(pl.lit("over"))
            .when((c("status") == "met") & (c("cents") < w_cents))
            .then(pl.lit("short"))
            .otherwise(c("status"))
            .alias("status")
        ],
        [needs_reason_expr(), *deviation_exprs()],
        [reason_missing_expr(), deviation_rounded()],
        *printed_stages(),
    ]


# --- running them ------------------------------------------------------------------------------------------


def score_rows(rows: pl.DataFrame, bands: pl.DataFrame, profiles: pl.DataFrame) -> pl.DataFrame:
    """``score_rows_lazy`` collected."""
    return collect(score_rows_lazy(rows.lazy(), bands, profiles), rows.height)


def score_rows_lazy(rows: pl.LazyFrame, bands: pl.DataFrame, profiles: pl.DataFrame) -> pl.LazyFrame:
    """Score every row: rule, exact score (num/den), cents, 偏差度 (hundredths of %), status and flags.

    ``rows`` carry the parsed columns (``parsed.with_parsed``) and ``profiles`` the row knobs
    (``profiles.row_knobs``); the plan stays lazy so that scoring, totals and checks run as one query.
    """
    frame = rows.join(profiles.lazy(), on="profile", how="left", maintain_order="left")
    before, after = _stages()
    for stage in before:
        frame = frame.with_columns(stage)
    frame = _apply_bands(frame, bands)
    for stage in after:
        frame = frame.with_columns(stage)
    return frame.drop(PRINTED_WORKING)


@cache
def _stages() -> tuple[list[list[pl.Expr]], list[list[pl.Expr]]]:
    """The row rules as ``with_columns`` stages, before and after the 评分标准 bands are joined.

    Built once per process: the expressions hold no data, and building them costs more than running
    them on one evaluation (the TUI rescoring on every keystroke).
    """
    before = [
        unit_exprs(),
        [rule_expr().alias("rule"), tier_expr().alias("tier")],
        [as_share_expr().alias("as_share")],
        [(c("unit_hard") & ~c("as_share")).alias("unit_hard")],
    ]
    cases = [case for family in RULE_FAMILIES for case in family()]
    return before, [deduct_values(), *first_case(cases), *_finishing_stages()]
