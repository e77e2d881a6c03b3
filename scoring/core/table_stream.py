"""A province's long table → one summary row per evaluation, without holding the table in memory.

Scoring a row depends only on a handful of its cells (年度指标值, 实际完成值, 分值, rule, tier, score, …), and
real tables repeat those combinations endlessly. So the core scores each distinct combination once
(``score_rows`` and the row checks, exactly as for files), and a streaming pass joins the scores back
and sums them per evaluation with the same ``aggregations()`` every other road uses.
"""

from __future__ import annotations

import polars as pl

from scoring.core import checks
from scoring.core.convert import summary_frame
from scoring.core.frames import funds_rows, meta_frame
from scoring.core.long_table import (
    HIDDEN_FIRST,
    HIDDEN_ROW,
    NO_ROWS,
    SetProfiles,
    count_bad,
    declared_levels,
    hidden,
    hidden_counts,
    indicator_rows,
    micro,
    per_eval,
    profile_expr,
)
from scoring.core.parsed import with_parsed
from scoring.core.profiles import row_knobs
from scoring.core.reasons import reason_absent
from scoring.core.row_rules import score_rows
from scoring.core.schemas import BAND_SCHEMA, ROW_SCHEMA
from scoring.core.totals import aggregations, finish
from scoring.domain.errors import InputError, InputProblem

c = pl.col

KEYS = [
    "level1",
    "level2",
    "target",
    "actual",
    "weight",
    "rule",
    "tier",
    "score",
    "applicable",
    "year",
    "set",
    "reported_score",
    "reported_deviation",
    "direction",
    "reason_blank",
]
KEY_HIDDEN = {column: label for column, label in HIDDEN_ROW.items() if column in KEYS}
ROW_HIDDEN = {column: label for column, label in HIDDEN_ROW.items() if column not in KEYS}
"""The cells of every row searched for hidden characters: those among the keys once per distinct
combination (their counts come back with its scores), the others (三级指标, 偏差原因) once per distinct text
(``_distinct_texts``)."""
CARRIED = ["section", "w", "applicable", "cents", "status", "score_set", "reported", "f_annual", "f_executed"]


def _counts(scored: pl.DataFrame, key: str) -> pl.DataFrame:
    """Errors and warnings per row of ``scored`` (row checks only, no messages)."""
    return scored.join(checks.row_counts(scored), on=["ev", "seq"], how="left", maintain_order="left")


def summarize(long_table: pl.LazyFrame, sets: SetProfiles, name: str) -> pl.DataFrame:
    """The summary of every evaluation in a long table (``name`` for messages), streamed."""
    texts = _distinct_texts(long_table, ["reason", *ROW_HIDDEN])
    frame = long_table.with_columns(_reason_blank(texts["reason"]).alias("reason_blank"))
    profile = profile_expr(sets.ids)
    knobs = row_knobs(sets.profiles)
    digest = pl.struct(KEYS).hash(seed=20231231).alias("h")

    # 1. every distinct combination, scored once by the core
    combos = frame.select(KEYS).unique().collect(engine="streaming").with_row_index("seq")
    combos = combos.with_columns(digest, pl.lit(0, dtype=pl.Int32).alias("ev"))
    if combos["h"].n_unique() != combos.height:  # pragma: no cover - a 64-bit collision among distinct cells
        raise RuntimeError("hash collision among distinct rows; score this table with --detail")
    placeholders = combos.with_columns(
        pl.lit("").alias("level3"),
        pl.when(c("reason_blank")).then(None).otherwise(pl.lit("有")).alias("reason"),
    )
    rows = indicator_rows(placeholders.lazy(), profile).cast(ROW_SCHEMA).collect()
    scored = _counts(score_rows(with_parsed(rows), pl.DataFrame(schema=BAND_SCHEMA), knobs), "seq")
    bad_cells = count_bad("row").alias("bad_cells")
    key_hidden_errors, key_hidden_warnings = hidden_counts(KEY_HIDDEN)
    table = (
        scored.join(
            combos.select(
                "seq", "h", bad_cells, key_hidden_errors.alias("kh_err"), key_hidden_warnings.alias("kh_warn")
            ),
            on="seq",
        )
        .with_columns(c("n_err") + c("bad_cells") + c("kh_err"), c("n_warn") + c("kh_warn"))
        .select("h", *CARRIED, "n_err", "n_warn")
    )

    # 2. one row per evaluation: header, funds (scored by the core), in order of first appearance
    numbered = frame.with_row_index("seq")
    evaluations = (
        per_eval(numbered, "evaluation_id", profile)
        .collect(engine="streaming")
        .sort("first_row")
        .with_row_index("ev")
        .with_columns(c("ev").cast(pl.Int32))
    )
    if evaluations.is_empty():
        raise InputError(name, [InputProblem(NO_ROWS)])
    funds = funds_rows(evaluations.lazy()).collect()
    funds_scored = _counts(score_rows(with_parsed(funds), pl.DataFrame(schema=BAND_SCHEMA), knobs), "ev")
    funds_part = funds_scored.select("ev", *CARRIED, "n_err", "n_warn")

    # 3. stream the table once more: join each row's scores, sum per evaluation
    ids = evaluations.select("evaluation_id", "ev")
    hidden_errors, hidden_warnings = _row_hidden_counts(texts)
    row_part = (
        frame.select("evaluation_id", digest, hidden_errors.alias("h_err"), hidden_warnings.alias("h_warn"))
        .join(table.lazy(), on="h", how="left")
        .select(
            "evaluation_id",
            *CARRIED,
            (c("n_err") + c("h_err")).alias("n_err"),
            (c("n_warn") + c("h_warn")).alias("n_warn"),
        )
    )
    funds_keyed = funds_part.join(ids, on="ev").select("evaluation_id", *CARRIED, "n_err", "n_warn")
    both = pl.concat([funds_keyed.lazy(), row_part], how="vertical_relaxed")
    agg = (
        both.group_by("evaluation_id")  # the id as it is: no join of every row to a number
        .agg(*aggregations(), c("n_err").sum().alias("row_errors"), c("n_warn").sum().alias("row_warnings"))
        .collect(engine="streaming")
        .join(ids, on="evaluation_id")
        .drop("evaluation_id")
    )
    meta = meta_frame(evaluations.lazy()).collect()
    evals = finish(agg.drop("row_errors", "row_warnings"), meta, sets.profiles)
    eval_found = checks.eval_findings(evals, messages=False)
    levels = _level_counts(frame, combos, sets, evaluations)
    unknown_set = c("set").is_in(list(sets.problems)).fill_null(False).cast(pl.Int64)
    first_errors, first_warnings = hidden_counts(HIDDEN_FIRST)
    per_first = evaluations.select(
        "ev",
        (c("bad_funds_cells") + first_errors).alias("bad_funds_cells"),
        (unknown_set + first_warnings).alias("set_warnings"),
    )
    row_counts = (
        agg.join(per_first, on="ev")
        .join(levels, on="ev", how="left")
        .select(
            "ev",
            (c("row_errors") + c("bad_funds_cells") + c("level_errors").fill_null(0))
            .cast(pl.Int64)
            .alias("row_errors"),
            (c("row_warnings") + c("set_warnings") + c("level_warnings").fill_null(0))
            .cast(pl.Int64)
            .alias("row_warnings"),
        )
    )
    summary = summary_frame(evals, eval_found)
    return (
        summary.with_columns(pl.Series("ev", evals.sort("ev")["ev"]))
        .join(row_counts, on="ev", how="left")
        .with_columns(
            (c("errors") + c("row_errors").fill_null(0)).cast(pl.UInt32).alias("errors"),
            (c("warnings") + c("row_warnings").fill_null(0)).cast(pl.UInt32).alias("warnings"),
        )
        .sort("ev")
        .drop("ev", "row_errors", "row_warnings")
    )


def _distinct_texts(long_table: pl.LazyFrame, columns: list[str]) -> dict[str, pl.Series]:
    """The distinct texts of each of ``columns``, gathered in one pass: a row's 偏差原因 and 三级指标 are then
    judged once per text (placeholder, hidden characters) and each row only looks its own up. NFKC, the
    placeholder patterns and the hidden-character searches on every cell of a province's table cost as much
    as the whole summary did; most of its texts repeat."""
    found = long_table.select(c(column).unique().implode() for column in dict.fromkeys(columns))
    row = found.collect(engine="streaming").row(0, named=True)
    return {column: pl.Series(column, values, dtype=pl.String) for column, values in row.items()}


def _among(column: str, texts: pl.Series) -> pl.Expr:
    """Whether a row's cell is one of ``texts`` (no work on the rows when there are none)."""
    return c(column).is_in(texts.implode()).fill_null(False) if len(texts) else pl.lit(False)


def _reason_blank(reasons: pl.Series) -> pl.Expr:
    """``reason_absent`` of each row's 偏差原因, judged on the distinct texts."""
    judged = reasons.to_frame().filter(reason_absent(c("reason")))["reason"].drop_nulls()
    return c("reason").is_null() | _among("reason", judged)


def _row_hidden_counts(texts: dict[str, pl.Series]) -> tuple[pl.Expr, pl.Expr]:
    """``hidden_counts`` of the cells searched on every row (``ROW_HIDDEN``), judged on the distinct texts."""

    def found_in(column: str, pattern: str) -> pl.Expr:
        distinct = texts[column].to_frame()
        return _among(column, distinct.filter(hidden(column, pattern))[column])

    return hidden_counts(ROW_HIDDEN, found_in)


def _level_counts(
    frame: pl.LazyFrame, combos: pl.DataFrame, sets: SetProfiles, evaluations: pl.DataFrame
) -> pl.DataFrame:
    """level_weight errors/warnings per evaluation; an extra pass only when some 一级 weight is declared."""
    pairs = combos.select(c("set").alias("key"), "level1", "set").unique()
    declared = declared_levels(pairs, sets).rename({"key": "set"})
    empty = pl.DataFrame(schema={"ev": pl.Int32, "level_errors": pl.Int64, "level_warnings": pl.Int64})
    if declared.is_empty():
        return empty
    sums = (
        frame.filter(c("level1").is_in(declared["level1"].unique().to_list()))
        .group_by("evaluation_id", "level1", "set")
        .agg(micro("weight").sum().alias("sum"))
        .collect(engine="streaming")
    )
    bad = sums.join(declared, on=["level1", "set"], how="inner", nulls_equal=True).filter(
        c("declared") != c("sum")
    )
    return (
        bad.join(evaluations.select("evaluation_id", "ev"), on="evaluation_id")
        .group_by("ev")
        .agg(
            (c("severity") == "error").sum().cast(pl.Int64).alias("level_errors"),
            (c("severity") == "warning").sum().cast(pl.Int64).alias("level_warnings"),
        )
    )
