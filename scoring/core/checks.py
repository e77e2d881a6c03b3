"""Checks: every problem a reviewer would raise, as findings with stable codes and Chinese messages.

Row checks run over the scored row frame, evaluation checks over the per-evaluation frame; both are
column expressions, so a district's files and a province's table are audited by the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import polars as pl

from scoring.core.exact import fmt_cents, fmt_micro
from scoring.core.printed import MISMATCH, TRUNCATED, TRUNCATED_SAID
from scoring.core.queries import collect
from scoring.core.reasons import reason_placeholder
from scoring.core.row_rules import direction_conflict_expr, tier_band
from scoring.core.schemas import FINDING_SCHEMA
from scoring.domain.numbers import MICRO
from scoring.domain.vocabulary import FUNDS_ROW, QUANTITATIVE_RULES, REVIEWS_LEVEL, SCORED_BY_READING

c = pl.col
U = MICRO

W = fmt_micro(c("w"))
SCORE = fmt_cents(c("cents"))
REPORTED = fmt_micro(c("reported"))


@cache
def _where() -> pl.Expr:
    path = pl.concat_str(
        [
            c("level1"),
            pl.when(c("level2") != "").then(pl.lit(" / ") + c("level2")).otherwise(pl.lit("")),
            pl.lit(" / "),
            c("level3"),
        ]
    )
    return (
        pl.when(c("section") == "funds")
        .then(pl.lit(FUNDS_ROW))
        .when(c("section") == "review")
        .then(pl.lit(f"{REVIEWS_LEVEL} / ") + c("level3"))
        .otherwise(path)
    )


def _blank(column: str) -> pl.Expr:
    return c(column).is_null() | (c(column).str.strip_chars() == "")


DIRECTION_WORDS = {"higher": "正向", "lower": "反向", "equal": "等于", "qualitative": "定性"}
"""How a finding names a row's 指标方向."""
OPERATOR_WORDS = {"higher": "“不低于”（≥）", "lower": "“不超过”（≤）", "equal": "“等于”（=）"}


def _deviation_said(tail: str) -> pl.Expr:
    return pl.format(
        "「{}」填报偏差度 {}，按实际完成值计算应为 {}{}",
        c("level3"),
        fmt_cents(c("reported_dev")),
        fmt_cents(c("dev")),
        pl.lit(tail),
    )


def _placeholder_said(column: str) -> pl.Expr:
    """What a reason_missing message adds when the cell holds a placeholder (无, /, 见附件 …), else ""."""
    return (
        pl.when(reason_placeholder(c(column)))
        .then(pl.format("（所填“{}”视为占位文字，不是原因，按未填写处理）", c(column).str.strip_chars()))
        .otherwise(pl.lit(""))
    )


@cache
def _row_checks() -> tuple[tuple[str, str, pl.Expr, pl.Expr], ...]:
    """(code, severity, condition, message) over the scored rows; the message names the row's 三级指标."""
    indicator = c("section") == "indicator"
    tier_score = c("score_set")
    band_lo = tier_band(c("tier"), "lo")
    band_hi = tier_band(c("tier"), "hi")
    return (
        (
            "target_missing",
            "error",
            indicator & c("applicable") & (c("t_kind") == "empty") & c("score_set").is_null(),
            pl.format(
                "「{}」未填写年度指标值；请填写批复的指标值（如 ≥90%、≤10万元、2023年9月前、达成预期）",
                c("level3"),
            ),
        ),
        (
            "target_unparsed",
            "error",
            indicator & c("applicable") & (c("t_kind") == "invalid"),
            pl.format("「{}」{}", c("level3"), c("t_error")),
        ),
        (
            "actual_missing",
            "error",
            c("applicable") & (c("status") == "missing") & (c("section") != "funds"),
            pl.when(c("section") == "review")
            .then(pl.format("资金管理情况「{}」未打分（分值 {}）", c("level3"), W))
            .when(_blank("target"))
            .then(pl.format("「{}」未填写实际完成值（年度指标值也未填写）", c("level3")))
            .otherwise(pl.format("「{}」未填写实际完成值（年度指标值 {}）", c("level3"), c("target"))),
        ),
        (
            "actual_unparsed",
            "error",
            indicator
            & c("applicable")
            & (c("a_kind") == "invalid")
            & (c("status") == "invalid")
            & (c("t_kind") != "invalid"),
            pl.format("「{}」{}", c("level3"), c("a_error")),
        ),
        (
            "actual_unparsed",
            "error",
            indicator
            & c("applicable")
            & (c("status") == "invalid")
            & (c("a_kind") != "invalid")
            & (c("t_kind") != "invalid")
            & ~c("unit_hard")
            & c("rule").is_in(SCORED_BY_READING),
            pl.format(
                "「{}」实际完成值“{}”无法按年度指标值“{}”评分；应填写{}",
                c("level3"),
                c("actual"),
                c("target"),
                pl.when(c("rule") == "deadline")
                .then(pl.lit("完成日期（如 2023年8月20日）或完成比例（如 80%）"))
                .otherwise(pl.lit("与指标值同单位的数值（如 95%）")),
            ),
        ),
        (
            "direction_conflict",
            "error",
            indicator & direction_conflict_expr(),
            pl.format(
                "「{}」指标方向为“{}”（{}），年度指标值“{}”却写作{}；已按指标方向评分，请核对指标方向或指标值",
                c("level3"),
                c("direction_written").str.strip_chars(),
                c("direction").replace_strict(DIRECTION_WORDS, default=c("direction")),
                c("target"),
                c("t_kind").replace_strict(OPERATOR_WORDS, default=c("t_kind")),
            ),
        ),
        (
            "unit_mismatch",
            "error",
            indicator & c("applicable") & c("unit_hard"),
            pl.format(
                "「{}」实际完成值单位“{}”与年度指标值单位“{}”不一致，无法换算；请改用同一单位",
                c("level3"),
                c("a_unit"),
                c("t_unit"),
            ),
        ),
        (
            "unit_mismatch",
            "warning",
            indicator & c("applicable") & c("unit_soft"),
            pl.format(
                "「{}」实际完成值单位“{}”与年度指标值单位“{}”不同，已按同一计量单位比较，请核实",
                c("level3"),
                c("a_unit"),
                c("t_unit"),
            ),
        ),
        (
            "judgement_needed",
            "error",
            indicator & c("applicable") & (c("status") == "judgement"),
            pl.when(c("tier").is_not_null())
            .then(pl.format("「{}」评为“{}”，须在该档分值区间内给出得分", c("level3"), c("tier")))
            .when(c("rule") == "manual")
            .then(pl.format("「{}」需人工评分：请给出 0 至 {} 之间的得分", c("level3"), W))
            .otherwise(
                pl.format(
                    "「{}」实际完成值“{}”不能直接评分：请选择达成档次（达成、部分达成、未达成）并给出得分",
                    c("level3"),
                    c("actual"),
                )
            ),
        ),
        (
            "score_out_of_band",
            "warning",
            indicator
            & tier_score.is_not_null()
            & c("tier").is_not_null()
            # bands are [low, high): only 达成 reaches its top (docs/rules.md §5.3: 部分达成 [60%, 80%))
            & (
                (tier_score * U < band_lo * c("w"))
                | (tier_score * U > band_hi * c("w"))
                | ((c("tier") != "达成") & (tier_score * U == band_hi * c("w")))
            ),
            pl.format(
                "「{}」评为“{}”，得分 {} 不在该档分值区间内", c("level3"), c("tier"), fmt_micro(tier_score)
            ),
        ),
        (
            "score_above_weight",
            "error",
            c("score_set").is_not_null() & ((c("score_set") > c("w")) | (c("score_set") < 0)),
            pl.format(
                "「{}」给出的得分 {} 超出 0 至分值 {} 的范围", c("level3"), fmt_micro(c("score_set")), W
            ),
        ),
        (
            "score_above_weight",
            "error",
            (c("rule") == "bands") & c("band_score").is_not_null() & (c("band_score") > c("w")),
            pl.format(
                "「{}」评分标准给出 {} 分，高于分值 {}；按分值计",
                c("level3"),
                fmt_micro(c("band_score")),
                W,
            ),
        ),
        (
            "score_above_weight",
            "error",
            c("reported").is_not_null() & (c("reported") > c("w")),
            pl.format("「{}」填报得分 {} 高于分值 {}", c("level3"), REPORTED, W),
        ),
        (
            "reason_missing",
            "error",
            c("reason_missing"),
            pl.concat_str(
                pl.when(~c("applicable"))
                .then(pl.format("「{}」不适用，须说明原因", c("level3")))
                .when(c("over"))
                .then(
                    pl.format(
                        "「{}」完成值明显高于指标值（超过 {} 倍），须分析原因（指标值是否设定偏低）",
                        c("level3"),
                        fmt_micro(c("k_over")),
                    )
                )
                .otherwise(
                    pl.format(
                        "「{}」得分 {} 低于分值 {}，须填写偏差原因分析及改进措施", c("level3"), SCORE, W
                    )
                ),
                _placeholder_said("reason"),
            ),
        ),
        (
            "review_problem_missing",
            "warning",
            (c("section") == "review")
            & c("cents").is_not_null()
            & (c("cents") * (U // 100) < c("w"))
            & _blank("reason"),
            pl.format(
                "资金管理情况「{}」得分 {} 低于分值 {}，宜填写存在问题和改进措施", c("level3"), SCORE, W
            ),
        ),
        (
            "overachieved",
            "warning",
            indicator & c("over"),
            pl.when(c("too_low"))
            .then(
                pl.format(
                    "「{}」实际完成值 {} 高于年度指标值 {} 较多（达 {} 倍以上），"
                    "已标注指标值设定偏低，按规则调减分值",
                    c("level3"),
                    c("actual"),
                    c("target"),
                    fmt_micro(c("k_over")),
                )
            )
            .otherwise(
                pl.format(
                    "「{}」实际完成值 {} 高于年度指标值 {} 较多（达 {} 倍以上）；若系指标值设定偏低，应标注 "
                    "“指标值设定偏低”并按偏离度调减分值",
                    c("level3"),
                    c("actual"),
                    c("target"),
                    fmt_micro(c("k_over")),
                )
            ),
        ),
        (
            "actual_as_share",
            "warning",
            indicator & c("applicable") & c("as_share"),
            pl.format(
                "「{}」年度指标值为“{}”，实际完成值“{}”已按完成比例计分；宜填写实际完成数量",
                c("level3"),
                c("target"),
                c("actual"),
            ),
        ),
        (
            "actual_copies_target",
            "warning",
            indicator
            & c("applicable")
            & c("rule").is_in(QUANTITATIVE_RULES)
            & (c("a_kind") == "number")
            & c("a_op").is_not_null(),
            pl.format(
                "「{}」实际完成值“{}”照抄了年度指标值的写法；应填写实际达到的数值（如 96.5%）",
                c("level3"),
                c("actual"),
            ),
        ),
        (
            "equal_mismatch",
            "warning",
            indicator
            & (c("rule") == "equal")
            & (c("a_kind") == "number")
            & ~c("unit_hard")
            & ~c("as_share")
            & (c("a_val") != c("t_val")),
            pl.format(
                "「{}」年度指标值为“{}”（等于），实际完成值“{}”与之不符，请核实",
                c("level3"),
                c("target"),
                c("actual"),
            ),
        ),
        (
            "actual_is_verdict",
            "warning",
            indicator & c("rule").is_in(QUANTITATIVE_RULES) & (c("a_kind") == "tier"),
            pl.format(
                "「{}」是定量指标（{}），实际完成值却填写了“{}”；应填写实际数值",
                c("level3"),
                c("target"),
                c("actual"),
            ),
        ),
        (
            "zero_actual_full_score",
            "warning",
            indicator
            & (c("rule") == "lower")
            & (c("a_val") == 0)
            & (c("t_val") > 0)
            & (c("t_dim") == "money"),
            pl.format(
                "「{}」实际完成值为 0，按“越低越好”记满分；若项目未实施，该得分不能反映实际绩效，请核实",
                c("level3"),
            ),
        ),
        (
            "reported_score_mismatch",
            "error",
            c("reported_verdict") == MISMATCH,
            pl.format("「{}」填报得分 {}，按规则计算应为 {}", c("level3"), REPORTED, SCORE),
        ),
        (
            "reported_score_truncated",
            "warning",
            c("reported_verdict") == TRUNCATED,
            pl.format(
                "「{}」填报得分 {}，按规则计算应为 {}{}", c("level3"), REPORTED, SCORE, pl.lit(TRUNCATED_SAID)
            ),
        ),
        (
            "reported_deviation_mismatch",
            "warning",
            (c("dev_verdict") == MISMATCH) & ~((c("reported_dev") == 0) & c("status").is_in(["met", "over"])),
            _deviation_said(""),
        ),
        (
            "reported_deviation_truncated",
            "warning",
            (c("dev_verdict") == TRUNCATED)
            & ~((c("reported_dev") == 0) & c("status").is_in(["met", "over"])),
            _deviation_said(TRUNCATED_SAID),
        ),
        (
            "execution_zero_budget",
            "error",
            (c("section") == "funds") & (c("f_annual").is_null() | (c("f_annual") <= 0)),
            pl.lit("全年预算数为 0 或未填写，无法计算预算执行率；请填写全年预算数（万元）"),
        ),
        (
            "execution_missing",
            "error",
            (c("section") == "funds") & (c("f_annual") > 0) & c("f_executed").is_null(),
            pl.lit("未填写全年执行数，无法计算预算执行率"),
        ),
        (
            "execution_over_budget",
            "warning",
            (c("section") == "funds") & (c("f_executed") > c("f_annual")) & (c("f_annual") > 0),
            pl.format(
                "全年执行数 {} 万元超过全年预算数 {} 万元，请核实",
                fmt_micro(c("f_executed")),
                fmt_micro(c("f_annual")),
            ),
        ),
    )


class Check(NamedTuple):
    """One check: its code, severity, condition, and the place and message of each finding it makes."""

    code: str
    severity: str
    cond: pl.Expr
    where: pl.Expr
    message: pl.Expr
    section: pl.Expr
    item: pl.Expr


def _hits(frame: pl.DataFrame, checks: Sequence[Check], messages: bool) -> pl.DataFrame:
    """Findings of ``checks`` over ``frame``.

    Conditions are evaluated together in one pass; messages are formatted only for the checks that hit,
    on the rows they hit (most checks hit nothing, and formatting is what costs).
    """
    flagged = collect(
        frame.lazy().with_columns(
            [check.cond.fill_null(False).alias(f"_hit{i}") for i, check in enumerate(checks)]
        ),
        frame.height,
        in_memory=True,  # a frame in memory, as the eager operation it was
    )
    hit_any = flagged.select([c(f"_hit{i}").any() for i in range(len(checks))]).row(0) if frame.height else ()
    parts = [
        flagged.lazy()
        .filter(c(f"_hit{i}"))
        .select(
            "ev",
            c("seq") if "seq" in frame.columns else pl.lit(None, dtype=pl.Int32).alias("seq"),
            pl.lit(check.severity).alias("severity"),
            pl.lit(check.code).alias("code"),
            check.section.alias("section"),
            check.item.alias("item"),
            (check.where if messages else pl.lit("")).alias("where"),
            (check.message if messages else pl.lit("")).alias("message"),
        )
        .sort("ev", "seq", nulls_last=False)
        for i, check in enumerate(checks)
        if hit_any and hit_any[i]
    ]
    if not parts:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    return collect(pl.concat(parts, how="vertical_relaxed").cast(FINDING_SCHEMA), frame.height)


def row_findings(rows: pl.DataFrame, *, messages: bool = True) -> pl.DataFrame:
    """Every row finding; without ``messages`` only their codes (counting a province's rows is cheaper)."""
    return _hits(rows, _row_check_list(), messages)


@cache
def _row_check_list() -> tuple[Check, ...]:
    where, section, item = _where(), c("section"), c("item")
    return tuple(Check(code, sev, cond, where, msg, section, item) for code, sev, cond, msg in _row_checks())


def row_counts(rows: pl.DataFrame) -> pl.DataFrame:
    """Errors and warnings per row (ev, seq, n_err, n_warn), without building any finding."""
    checks = _row_checks()
    errors = [cond.fill_null(False).cast(pl.Int64) for _, sev, cond, _ in checks if sev == "error"]
    warnings = [cond.fill_null(False).cast(pl.Int64) for _, sev, cond, _ in checks if sev == "warning"]
    return rows.select(
        "ev", "seq", pl.sum_horizontal(errors).alias("n_err"), pl.sum_horizontal(warnings).alias("n_warn")
    )


def eval_findings(evals: pl.DataFrame, *, messages: bool = True) -> pl.DataFrame:
    """Checks of whole evaluations (weights, totals, execution, spending)."""
    return _hits(evals, _eval_checks(), messages)


@cache
def _eval_checks() -> tuple[Check, ...]:
    """(code, severity, condition, where, message) over the per-evaluation frame; built once."""
    checks: list[tuple[str, str, pl.Expr, str, pl.Expr]] = [
        (
            "weights_total",
            "error",
            c("weight_total") != c("k_weights_total"),
            "总分",
            pl.format("分值合计 {}，应为 {}", fmt_micro(c("weight_total")), fmt_micro(c("k_weights_total"))),
        ),
        (
            "reported_total_mismatch",
            "error",
            c("reported_total").is_not_null() & (c("reported_total") != c("total") * (U // 100)),
            "总分",
            pl.format(
                "填报总分 {}，按规则计算应为 {}", fmt_micro(c("reported_total")), fmt_cents(c("total"))
            ),
        ),
        (
            "reported_rows_sum",
            "error",
            c("reported_total").is_not_null()
            & c("rows_reported_complete")
            & (c("reported_rows_total") * (U // 100) != c("reported_total")),
            "总分",
            pl.when(c("na_weight") > 0)
            .then(
                pl.format(
                    "各行填报得分合计 {}（剔除不适用指标后折算为 {}），与填报总分 {} 不符",
                    fmt_micro(c("reported_rows_sum")),
                    fmt_cents(c("reported_rows_total")),
                    fmt_micro(c("reported_total")),
                )
            )
            .otherwise(
                pl.format(
                    "各行填报得分合计 {}，与填报总分 {} 不符",
                    fmt_micro(c("reported_rows_sum")),
                    fmt_micro(c("reported_total")),
                )
            ),
        ),
        *(
            (
                code,
                severity,
                c("rate_verdict") == verdict,
                FUNDS_ROW,
                pl.format(
                    "填报执行率 {}，按全年执行数 / 全年预算数计算应为 {}%{}",
                    c("reported_rate"),
                    fmt_cents(c("rate")),
                    pl.lit(tail),
                ),
            )
            for code, severity, verdict, tail in (
                ("reported_rate_mismatch", "error", MISMATCH, ""),
                ("reported_rate_truncated", "warning", TRUNCATED, TRUNCATED_SAID),
            )
        ),
        (
            "execution_reason_missing",
            "error",
            c("k_exec_reason_below").is_not_null()
            & c("rate").is_not_null()
            & (c("rate") * (U // 100) < c("k_exec_reason_below") * 100)
            & c("funds_reason_blank"),
            FUNDS_ROW,
            pl.concat_str(
                pl.format(
                    "预算执行率 {}% 低于 {}%，须说明原因（[funds] reason）",
                    fmt_cents(c("rate")),
                    fmt_micro(c("k_exec_reason_below") * 100),
                ),
                _placeholder_said("f_reason"),
            ),
        ),
        (
            "spending_gap",
            "warning",
            c("rate").is_not_null()
            & c("indicator_share").is_not_null()
            & ((c("indicator_share") - c("rate")) * (U // 100) > c("k_spending_gap") * 100),
            FUNDS_ROW,
            pl.format(
                "绩效指标得分率 {}% 高于预算执行率 {}% 超过 {} 个百分点：资金未支出而绩效已申报完成，请核实",
                fmt_cents(c("indicator_share")),
                fmt_cents(c("rate")),
                fmt_micro(c("k_spending_gap") * 100),
            ),
        ),
        (
            "execution_cap_applied",
            "info",
            c("capped"),
            "总分",
            pl.format("预算执行率 {}%，总分按规定封顶为 {}", fmt_cents(c("rate")), fmt_cents(c("total"))),
        ),
        (
            "not_applicable_rescaled",
            "info",
            c("na_weight") > 0,
            "总分",
            pl.when(c("k_rescale"))
            .then(
                pl.format(
                    "不适用指标分值 {} 已剔除，适用指标得分 {} 按百分制折算为 {}",
                    fmt_micro(c("na_weight")),
                    fmt_cents(c("raw_total")),
                    fmt_cents(c("total_pre")),
                )
            )
            .otherwise(
                pl.format(
                    "不适用指标分值 {} 已剔除，按评分规则未按百分制折算",
                    fmt_micro(c("na_weight")),
                )
            ),
        ),
        *(
            (
                "funds_sources_mismatch",
                "error",
                c(source).is_not_null() & c(total).is_not_null() & (c(source) != c(total)),
                "资金来源",
                pl.format(
                    "资金来源各行{}合计 {} 万元，与年度资金总额 {} 万元不符",
                    pl.lit(label),
                    fmt_micro(c(source)),
                    fmt_micro(c(total)),
                ),
            )
            for source, total, label in (
                ("src_annual", "annual", "全年预算数"),
                ("src_executed", "executed", "全年执行数"),
                ("src_initial", "f_initial", "年初预算数"),
            )
        ),
        (
            "funds_columns_disagree",
            "error",
            c("funds_disagree").fill_null(False),
            FUNDS_ROW,
            pl.lit("同一自评各行的预算执行率分值、全年预算数、全年执行数不一致；已按第一行计算，请核对"),
        ),
        (
            "incomplete",
            "warning",
            c("rows_open") > 0,
            "总分",
            pl.format("尚有 {} 行未完成评分（未填实际完成值或待人工评分），总分按已评行计算", c("rows_open")),
        ),
    ]
    return tuple(
        Check(code, sev, cond, pl.lit(where), msg, pl.lit(PLACES[where]), pl.lit(None, dtype=pl.Int32))
        for code, sev, cond, where, msg in checks
    )


PLACES = {"总分": "total", FUNDS_ROW: "funds", "资金来源": "sources"}
"""The section of an evaluation check's finding, by the place it names."""


def level_findings(rows: pl.LazyFrame, levels: pl.DataFrame) -> pl.LazyFrame:
    """level_weight: a declared 一级 weight ≠ the sum of its rows (severity decided where declared).

    The finding's place is the first row under that 一级指标.
    """
    if levels.is_empty():
        return pl.LazyFrame(schema=FINDING_SCHEMA)
    sums = (
        rows.filter(c("section") == "indicator")
        .group_by("ev", "level1")
        .agg(c("w").sum().alias("sum"), c("item").min().alias("first"))
    )
    bad = (
        levels.lazy()
        .join(sums, on=["ev", "level1"], how="left", maintain_order="left")
        .filter(c("declared") != c("sum"))
    )
    return bad.select(
        "ev",
        pl.lit(None, dtype=pl.Int32).alias("seq"),
        "severity",
        pl.lit("level_weight").alias("code"),
        pl.lit("indicator").alias("section"),
        c("first").alias("item"),
        c("level1").alias("where"),
        pl.format(
            "一级指标「{}」分值 {}，其下各三级指标分值合计 {}",
            c("level1"),
            fmt_micro(c("declared")),
            fmt_micro(c("sum")),
        ).alias("message"),
    ).cast(FINDING_SCHEMA)


def note_findings(notes: pl.DataFrame) -> pl.LazyFrame:
    """Findings made while the frames were built (unknown set, unreadable cell …), as findings."""
    return (
        notes.lazy()
        .select(
            "ev",
            pl.lit(None, dtype=pl.Int32).alias("seq"),
            "severity",
            "code",
            "section",
            "item",
            "where",
            "message",
        )
        .cast(FINDING_SCHEMA)
    )
