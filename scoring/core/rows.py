"""The one scoring core: every row rule of domain.md as polars expressions over the row frame.

The TUI (one evaluation), the CLI (a few files) and batch (millions of rows) all call ``score_rows``.
A row's exact score is ``num / den`` points (Int128); ``cents`` is that score rounded half-up to hundredths.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from scoring.core.exact import INT, clamp, half_up, lit
from scoring.domain.numbers import MICRO
from scoring.parsing import parse_actual, unit_info

U = MICRO
FULL_SHARE = 1000 * U  # 100 % expressed in ‰ millionths (the base of the ratio dimension)

c = pl.col


def _has(name: str) -> pl.Expr:
    return c(name).is_not_null()


def _rule() -> pl.Expr:
    """Explicit ``rule`` or the rule inferred from the section and the reading of 年度指标值."""
    inferred = (
        pl.when(c("section") == "funds")
        .then(pl.lit("execution"))
        .when(c("has_bands"))
        .then(pl.lit("bands"))
        .when(_has("d_points"))
        .then(pl.lit("deduct"))
        .when((c("t_kind") == "higher") & ~c("t_explicit") & _under_lower_level())
        .then(pl.lit("lower"))
        .when(c("t_kind").is_in(["higher", "lower", "equal", "range", "deadline", "qualitative"]))
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


def _under_lower_level() -> pl.Expr:
    """The row sits under a 一级/二级指标 whose bare numbers are ceilings (knob ``lower_levels``: 成本)."""
    pattern = c("k_lower_re")
    hit = c("level1").str.contains(pattern) | c("level2").str.contains(pattern)
    return hit.fill_null(False)


def _as_share() -> pl.Expr:
    """A completion share ("100%") against a counted target ("至少完成2次"): read as the share done."""
    return (
        c("rule").is_in(["higher", "equal"])
        & (c("a_kind") == "number")
        & (c("a_dim") == "ratio")
        & (c("a_unit") != "")
        & (c("t_dim") != "ratio")
        & (c("t_unit") != "")
    ).fill_null(False)


def _prepare_units() -> list[pl.Expr]:
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


def _tier_expr() -> pl.Expr:
    """The qualitative tier: chosen, read from the actual, or 达成 when the actual repeats the target."""
    same_text = (c("actual").str.strip_chars() == c("target").str.strip_chars()) & (c("target") != "")
    return pl.coalesce(
        c("tier_set"),
        c("a_tier"),
        pl.when(same_text & (c("a_kind") == "invalid")).then(pl.lit("达成")),
    )


def _band(tier: str, bound: str) -> pl.Expr:
    key = {"达成": "full", "部分达成": "part", "未达成": "fail"}[tier]
    return c(f"k_{key}_{bound}")


def tier_band(tier: pl.Expr, bound: str) -> pl.Expr:
    """The chosen tier's band bound (``lo``/``hi``, a share of 分值 in millionths) from the profile knobs."""
    return (
        pl.when(tier == "达成")
        .then(_band("达成", bound))
        .when(tier == "部分达成")
        .then(_band("部分达成", bound))
        .when(tier == "未达成")
        .then(_band("未达成", bound))
    )


def _apply_bands(rows: pl.LazyFrame, bands: pl.DataFrame) -> pl.LazyFrame:
    """评分标准 bands: the first band whose ``upto`` the actual does not exceed gives the score."""
    if bands.is_empty():
        return rows.with_columns(pl.lit(None, dtype=INT).alias("band_score"), pl.lit(False).alias("band_bad"))
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


def _deduct_values() -> list[pl.Expr]:
    """``deduct = {from, per, points}``: the thresholds in the target's base unit (parsed in with_parsed)."""

    def scaled(prefix: str) -> pl.Expr:
        factor = pl.when(c(f"{prefix}_unit") == "").then(c("t_factor")).otherwise(c(f"{prefix}_factor"))
        return (c(f"{prefix}_raw") * factor).alias(f"{prefix}_v")

    return [scaled("d_from"), scaled("d_per")]


SMALL_QUERY = 5000  # rows: below this, planning a query costs more than the optimiser saves


def query_flags(rows: int) -> pl.QueryOptFlags:
    """Optimiser passes for a query over ``rows`` rows: none for one evaluation, all for a batch.

    The passes never change a result, only the time: on a TUI keystroke's 200 rows, skipping them saves
    a fifth of the scoring time; on a province's table they pay for themselves many times over.
    """
    return pl.QueryOptFlags.none() if small(rows) else pl.QueryOptFlags()


def small(rows: int) -> bool:
    """One evaluation or a few, not a batch: run eagerly and unoptimised."""
    return rows < SMALL_QUERY


def score_rows(rows: pl.DataFrame, bands: pl.DataFrame, profiles: pl.DataFrame) -> pl.DataFrame:
    """``score_rows_lazy`` collected."""
    return score_rows_lazy(rows.lazy(), bands, profiles).collect(optimizations=query_flags(rows.height))


def score_rows_lazy(rows: pl.LazyFrame, bands: pl.DataFrame, profiles: pl.DataFrame) -> pl.LazyFrame:
    """Score every row: rule, exact score (num/den), cents, 偏差度 (hundredths of %), status and flags.

    ``rows`` carry the parsed columns (``frame.with_parsed``); the plan stays lazy so that scoring, totals
    and checks run as one query.
    """
    frame = rows.join(profiles.lazy(), on="profile", how="left", maintain_order="left")
    before, after = _stages()
    for stage in before:
        frame = frame.with_columns(stage)
    frame = _apply_bands(frame, bands)
    for stage in after:
        frame = frame.with_columns(stage)
    return frame


@cache
def _stages() -> tuple[list[list[pl.Expr]], list[list[pl.Expr]]]:
    """The row rules as ``with_columns`` stages, before and after the 评分标准 bands are joined.

    Built once per process: the expressions hold no data, and building them costs more than running
    them on one evaluation (the TUI rescoring on every keystroke).
    """
    before = [
        _prepare_units(),
        [_rule().alias("rule"), _tier_expr().alias("tier")],
        [_as_share().alias("as_share")],
        [(c("unit_hard") & ~c("as_share")).alias("unit_hard")],
    ]
    return before, [_deduct_values(), *_score_stages()]


def _score_stages() -> list[list[pl.Expr]]:
    """The score of each row: the first matching case of domain.md's rules gives num / den and status."""

    a, t, w = c("a_val"), c("t_val"), c("w")
    low, high = c("t_low"), c("t_high")
    rule = c("rule")
    number = (c("a_kind") == "number") & ~c("unit_hard")
    share = number & (c("a_dim_eff") == "ratio")
    has_actual = c("actual").is_not_null() & (c("actual").str.strip_chars() != "")
    tier = c("tier")
    # a verdict scores qualitative and deadline rows; a quantitative row only when no number was given
    # (第十五条: a missed number scores by its ratio, whatever tier is written beside it)
    tier_usable = tier.is_not_null() & (
        rule.is_in(["qualitative", "deadline"])
        | (rule.is_in(["higher", "lower", "equal", "range"]) & (c("a_kind") != "number"))
    )

    full = (w, lit(U))
    zero = (lit(0), lit(1))
    cases: list[tuple[pl.Expr, tuple[pl.Expr, pl.Expr], str]] = []

    def case(cond: pl.Expr, score: tuple[pl.Expr, pl.Expr], status: str) -> None:
        cases.append((cond, score, status))

    # execution (预算执行率): 分值 × min(B / A, 1)
    annual, executed = c("f_annual"), c("f_executed")
    is_exec = rule == "execution"
    case(is_exec & (annual.is_null() | (annual <= 0)), (pl.lit(None, dtype=INT), lit(1)), "invalid")
    case(is_exec & executed.is_null(), (pl.lit(None, dtype=INT), lit(1)), "missing")
    case(is_exec & (executed >= annual), full, "met")
    case(is_exec, (w * clamp(executed, lit(0), annual), lit(U) * annual), "short")

    # a row the evaluator scored (manual, review, qualitative band, override)
    case(c("score_set").is_not_null(), (c("score_set"), lit(U)), "scored")
    case(~has_actual & tier.is_null(), (pl.lit(None, dtype=INT), lit(1)), "missing")
    case(rule == "manual", (pl.lit(None, dtype=INT), lit(1)), "judgement")
    case(c("t_kind") == "invalid", (pl.lit(None, dtype=INT), lit(1)), "invalid")

    # a verdict (达成 / 部分达成 / 未达成) wherever one was given
    case(tier_usable & (tier == "达成"), (w * _band("达成", "hi"), lit(U) * lit(U)), "met")
    case(tier_usable, (pl.lit(None, dtype=INT), lit(1)), "judgement")

    # completion shares for qualitative and deadline rows ("6%": 分值 × 6%)
    share_rule = (rule.is_in(["qualitative", "deadline"]) | c("as_share")) & share
    case(share_rule & (a >= FULL_SHARE), full, "met")
    case(share_rule, (w * clamp(a, lit(0), lit(FULL_SHARE)), lit(U) * lit(FULL_SHARE)), "short")
    case(rule == "qualitative", (pl.lit(None, dtype=INT), lit(1)), "judgement")

    # deadlines met by a date
    is_date = (rule == "deadline") & (c("a_kind") == "date") & c("t_date").is_not_null()
    case(is_date & (c("a_date") <= c("t_date")), full, "met")
    case(is_date, (w * c("k_late"), lit(U) * lit(U)), "short")

    # everything below needs a number in a compatible unit
    case(
        ~number | t.is_null() & ~rule.is_in(["range", "bands", "deduct"]),
        (pl.lit(None, dtype=INT), lit(1)),
        "invalid",
    )

    # 评分标准 as data
    case((rule == "bands") & c("band_bad").fill_null(False), (pl.lit(None, dtype=INT), lit(1)), "invalid")
    case(rule == "bands", (c("band_score").fill_null(lit(0)), lit(U)), "scored")
    d_from, d_per = c("d_from_v"), c("d_per_v")
    is_deduct = rule == "deduct"
    case(
        is_deduct & (d_from.is_null() | d_per.is_null() | (d_per <= 0)),
        (pl.lit(None, dtype=INT), lit(1)),
        "invalid",
    )
    case(is_deduct & (a <= d_from), full, "met")
    steps = (a - d_from + d_per - 1) // d_per
    case(is_deduct, (clamp(w - c("d_points") * steps, lit(0), w), lit(U)), "short")

    # higher is better (and equal with a nonzero target)
    higher = (rule == "higher") | ((rule == "equal") & (t != 0))
    case(higher & (t <= 0), (pl.when(a >= t).then(w).otherwise(lit(0)), lit(U)), "met")
    case(higher & (a >= t), full, "met")
    case(higher, (w * clamp(a, lit(0), t), lit(U) * t), "short")
    case((rule == "equal") & (a == 0), full, "met")
    case(rule == "equal", zero, "short")

    # lower is better: ratio (分值 × 指标值 / 实际值) or linear (分值 × (1 − 超出 / 指标值), 0 at twice)
    is_lower = rule == "lower"
    case(is_lower & (a <= t), full, "met")
    case(is_lower & (t <= 0), zero, "short")
    linear = (w * clamp(2 * t - a, lit(0), t), lit(U) * t)
    ratio = (w * t, lit(U) * a)
    case(is_lower & c("k_linear"), linear, "short")
    case(is_lower, ratio, "short")

    # ranges
    is_range = (rule == "range") & low.is_not_null() & high.is_not_null()
    case(is_range & (a >= low) & (a <= high), full, "met")
    case(is_range & (a < low) & (low > 0), (w * clamp(a, lit(0), low), lit(U) * low), "short")
    case(is_range & (a > high) & (a > 0), (w * high, lit(U) * a), "short")
    case(is_range, zero, "short")

    # the first case that holds: its number, then its formula picked by number (a coalesce of
    # single-branch whens costs far less to run than a 50-deep when/then/otherwise chain)
    first = pl.coalesce(
        [pl.when(cond).then(pl.lit(n, dtype=pl.Int16)) for n, (cond, _, _) in enumerate(cases)]
    )
    picked = c("_case")

    def pick(values: list[pl.Expr], fallback: pl.Expr) -> pl.Expr:
        return pl.coalesce(
            [pl.when(picked == n).then(value) for n, value in enumerate(values)]
            + [pl.when(picked.is_null()).then(fallback)]
        )

    statuses = [label for _, _, label in cases]
    w_cents = c("w") // (U // 100)
    return [
        [first.alias("_case")],
        [
            pick([n for _, (n, _), _ in cases], pl.lit(None, dtype=INT)).alias("num"),
            pick([d for _, (_, d), _ in cases], lit(1)).alias("den"),
            pl.coalesce(pl.lit(pl.Series(statuses, dtype=pl.String)).gather(picked), pl.lit("invalid")).alias(
                "status"
            ),
        ],
        [_overachievement(), _deviation()],
        _deducted(),
        # never below 0 nor above 分值: an evaluator's or a band's score beyond 分值 is flagged, not counted
        [pl.when(c("num") < 0).then(lit(0)).otherwise(c("num")).alias("_num0")],
        [half_up(c("_num0"), c("den")).alias("_rounded")],
        [
            pl.when(~c("applicable"))
            .then(pl.lit(None, dtype=INT))
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
        [_needs_reason()],
    ]


def _overachievement() -> pl.Expr:
    """完成值高于指标值较多: actual / target at or above the profile's ratio (higher-is-better rows)."""
    a, t = c("a_val"), c("t_val")
    numeric = (c("a_kind") == "number") & ~c("unit_hard") & (t > 0)
    over = numeric & (c("rule") == "higher") & ~c("as_share") & (a * U >= c("k_over") * t)
    return over.fill_null(False).alias("over")


def _deducted() -> list[pl.Expr]:
    """按照偏离度适度调减: deduct from a full score when the evaluator marks the target as set too low."""
    w = c("w")
    applies = c("over") & c("too_low") & c("score_set").is_null()
    take = w * c("k_ded_share") + c("k_ded_points") * U
    return [
        pl.when(applies).then(clamp(w * U - take, lit(0), w * U)).otherwise(c("num")).alias("num"),
        pl.when(applies).then(lit(U) * lit(U)).otherwise(c("den")).alias("den"),
    ]


def _deviation() -> pl.Expr:
    """偏差度 = (实际 − 指标) / 指标 × 100, in hundredths of a percent; null where it does not apply."""
    a, t, rule = c("a_val"), c("t_val"), c("rule")
    number = (c("a_kind") == "number") & ~c("unit_hard")
    share = number & (c("a_dim_eff") == "ratio") & (rule.is_in(["qualitative", "deadline"]) | c("as_share"))
    low, high = c("t_low"), c("t_high")
    numeric = (
        number & rule.is_in(["higher", "lower", "equal", "bands", "deduct"]) & t.is_not_null() & (t != 0)
    )
    in_range = number & (rule == "range") & low.is_not_null() & high.is_not_null()
    return (
        pl.when(~c("applicable"))
        .then(pl.lit(None, dtype=INT))
        .when(share)
        .then(half_up((a - FULL_SHARE) * 100, lit(FULL_SHARE)))
        .when(numeric)
        .then(half_up((a - t) * 100, t.abs()))
        .when(in_range & (a < low) & (low != 0))
        .then(half_up((a - low) * 100, low.abs()))
        .when(in_range & (a > high) & (high != 0))
        .then(half_up((a - high) * 100, high.abs()))
        .when(in_range)
        .then(lit(0))
        .otherwise(pl.lit(None, dtype=INT))
        .alias("dev")
    )


def _needs_reason() -> pl.Expr:
    """偏差原因分析及改进措施 is required below full marks, when over-achieved, and for excluded rows."""
    w_cents = c("w") // (U // 100)
    below = c("cents").is_not_null() & (c("cents") < w_cents)
    return (
        ((c("section") == "indicator") & (below | c("over") | ~c("applicable")))
        .fill_null(False)
        .alias("needs_reason")
    )
