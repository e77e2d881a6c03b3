"""Long tables (docs/formats.md): many evaluations in one CSV or Parquet file, one row per indicator.

The table (scanned by ``scoring.io.long_table``) becomes the same frames as files do (``Frames``), built
with column expressions only and with the builders files use for the funds row, the meta record, the
rule profiles and the declared 一级 weights, so a province's table is scored by the same core, without a
Python object per evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from scoring.core.exact import half_up
from scoring.core.frames import Frames, funds_rows, meta_frame
from scoring.core.profiles import SetProfile, declared_level
from scoring.core.schemas import BAND_SCHEMA, INT, LEVEL_SCHEMA, NOTE_SCHEMA, ROW_SCHEMA
from scoring.domain.directions import accepted_directions, direction_words
from scoring.domain.errors import InputError, InputProblem
from scoring.domain.hidden import CONTROL_CLASS, DECEIVING_PATTERN, HIDDEN_ADVICE, HIDDEN_PATTERN
from scoring.domain.models import DEFAULT_RULES, Rules
from scoring.domain.numbers import to_micro
from scoring.domain.vocabulary import KIND_CHOICES, KINDS, RULES, TIERS

c = pl.col

NO_ROWS = "长表没有数据行；应每个指标一行"
BLANK_ID = "（未填写 evaluation_id）"
"""The id rows without one are gathered under (each such row is also a cell_invalid)."""

REQUIRED = [
    "evaluation_id",
    "kind",
    "name",
    "year",
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "weight",
    "reason",
]
OPTIONAL = [
    "rule",
    "tier",
    "score",
    "applicable",
    "reported_score",
    "funds_weight",
    "annual",
    "executed",
    "reported_total",
    "set",
    "reported_deviation",
    "authority",
    "direction",
]


ROW_NUMBERS = {
    "weight": "分值",
    "score": "得分",
    "reported_score": "填报得分",
    "reported_deviation": "填报偏差度",
}
FUNDS_NUMBERS = {
    "funds_weight": "执行率分值",
    "annual": "全年预算数",
    "executed": "全年执行数",
    "reported_total": "填报总分",
}
"""Read from each evaluation's first row (they repeat on every row; differences: funds_columns_disagree)."""


Number = Callable[[str], pl.Expr]
"""A number cell's value in millionths: ``micro`` reads the cell; a query that has read it already passes a
reader of the column it put it in (reading a cell costs a dozen string operations)."""


def not_a_number(column: str, number: Number | None = None) -> pl.Expr:
    """A cell with text that is not an exact number (blank cells are simply empty)."""
    value = (number or micro)(column)
    return c(column).is_not_null() & (c(column).str.strip_chars() != "") & value.is_null()


def _blank(column: str) -> pl.Expr:
    return c(column).is_null() | (c(column).str.strip_chars() == "")


def _not_in(column: str, allowed: tuple[str, ...]) -> pl.Expr:
    return ~_blank(column) & ~c(column).str.strip_chars().is_in(allowed)


ACCEPT_NUMBER = "应填写数字，如 5 或 83.65（最多 6 位小数）"


def cell_checks(scope: str, number: Number | None = None) -> list[tuple[pl.Expr, pl.Expr]]:
    """(condition, message) for cells a file would refuse: ``row`` cells on every row, ``first`` cells on
    each evaluation's first row (where the evaluation's own fields are read); ``number`` reads the number
    cells (default ``micro``)."""
    read = number or micro

    def said(column: str, label: str, what: str) -> pl.Expr:
        return pl.format(
            "第 {} 行 {}（{}）“{}”{}",
            (c("seq") + 2).cast(pl.String),
            pl.lit(label),
            pl.lit(column),
            c(column).fill_null(""),
            pl.lit(what),
        )

    if scope == "row":
        return [
            *(
                (not_a_number(col, read), said(col, label, "不是数字；" + ACCEPT_NUMBER))
                for col, label in ROW_NUMBERS.items()
            ),
            (_blank("weight"), said("weight", "分值", "未填写；每个指标都应有分值")),
            (
                (read("weight") < 0) | (read("weight") > 1000 * 1_000_000),
                said("weight", "分值", "超出范围；应在 0 到 1000 之间"),
            ),
            (_not_in("rule", RULES), said("rule", "评分规则", "不可接受；可选：" + "、".join(RULES))),
            (_not_in("tier", TIERS), said("tier", "定性档次", "不可接受；可选：" + "、".join(TIERS))),
            (
                ~_blank("direction") & direction_of("direction").is_null(),
                said("direction", "指标方向", "无法识别；应为 " + accepted_directions()),
            ),
            (
                ~_blank("year") & c("year").str.strip_chars().cast(pl.Int32, strict=False).is_null(),
                said("year", "年度", "不是年份；应填写如 2023"),
            ),
        ]
    return [
        *(
            (not_a_number(col, read), said(col, label, "不是数字；" + ACCEPT_NUMBER))
            for col, label in FUNDS_NUMBERS.items()
        ),
        (
            (read("funds_weight") < 0) | (read("funds_weight") > 1000 * 1_000_000),
            said("funds_weight", "执行率分值", "超出范围；应在 0 到 1000 之间"),
        ),
        *(
            (read(col) < 0, said(col, FUNDS_NUMBERS[col], "不能为负数；应填写 0 或正数（万元）"))
            for col in ("annual", "executed")
        ),
        (
            _not_in("kind", KINDS),
            said("kind", "类型", "不可接受；可选：" + KIND_CHOICES),
        ),
        (_blank("kind"), said("kind", "类型", "未填写；可选：" + KIND_CHOICES)),
        (
            c("evaluation_id") == BLANK_ID,
            pl.format(
                "第 {} 行起有行未填写自评编号（evaluation_id）；每行都应填写所属自评的编号",
                (c("seq") + 2).cast(pl.String),
            ),
        ),
        (_blank("name"), said("name", "名称", "未填写；应填写项目或部门（单位）名称")),
        (
            _blank("year_text"),  # the cell's text (per evaluation, ``year`` is already a number)
            said("year", "年度", "未填写；应填写如 2023（自评文件中也是必填）"),
        ),
    ]


HIDDEN_ROW = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "reason": "偏差原因分析及改进措施",
}
HIDDEN_FIRST = {"name": "名称", "set": "指标模板"}
"""Text cells searched for hidden characters: on every row, and (repeated on every row) on the first."""


def hidden(column: str, pattern: str = HIDDEN_PATTERN) -> pl.Expr:
    return c(column).str.contains(pattern).fill_null(False)


def hidden_counts(
    columns: dict[str, str], search: Callable[[str, str], pl.Expr] = hidden
) -> tuple[pl.Expr, pl.Expr]:
    """(errors, warnings) of hidden_chars in a row's ``columns``: a bidirectional control is an error.
    ``search(column, pattern)`` tells whether a cell holds a character of the pattern (default: the cell is
    searched; the streamed summary looks the cell up among the texts found to hold one)."""
    errors = pl.sum_horizontal(search(col, DECEIVING_PATTERN).cast(pl.Int64) for col in columns)
    found = pl.sum_horizontal(search(col, HIDDEN_PATTERN).cast(pl.Int64) for col in columns)
    return errors, found - errors


def hidden_cells(numbered: pl.LazyFrame) -> pl.LazyFrame:
    """hidden_chars for each cell holding a control, bidirectional or zero-width character:
    (evaluation_id, seq, severity, message)."""
    first = c("seq") == c("seq").min().over("evaluation_id")
    parts = []
    for columns, scope in ((HIDDEN_ROW, None), (HIDDEN_FIRST, first)):
        for column, label in columns.items():
            condition = hidden(column) if scope is None else hidden(column) & scope
            kind = pl.when(hidden(column, DECEIVING_PATTERN))
            parts.append(
                numbered.filter(condition).select(
                    "evaluation_id",
                    "seq",
                    kind.then(pl.lit("error")).otherwise(pl.lit("warning")).alias("severity"),
                    pl.format(
                        "第 {} 行 {}（{}）“{}”含有看不见的字符：{}",
                        (c("seq") + 2).cast(pl.String),
                        pl.lit(label),
                        pl.lit(column),
                        c(column),
                        kind.then(pl.lit(HIDDEN_ADVICE["bidi"]))
                        .when(hidden(column, f"[{CONTROL_CLASS}]"))
                        .then(pl.lit(HIDDEN_ADVICE["control"]))
                        .otherwise(pl.lit(HIDDEN_ADVICE["zero"])),
                    ).alias("message"),
                )
            )
    return pl.concat(parts)


def bad_cells(numbered: pl.LazyFrame) -> pl.DataFrame:
    """Cells a file would refuse (text in a number, a blank 分值, an unknown rule or tier…): (evaluation_id,
    seq, message), usually none."""
    first = c("seq") == c("seq").min().over("evaluation_id")
    numbered = numbered.with_columns(c("year").alias("year_text"))
    parts = [
        numbered.filter(condition.fill_null(False) & (first if scope == "first" else True)).select(
            "evaluation_id", "seq", message.alias("message")
        )
        for scope in ("row", "first")
        for condition, message in cell_checks(scope)
    ]
    return pl.concat(parts).sort("seq").collect()


def count_bad(scope: str, number: Number | None = None) -> pl.Expr:
    """How many of a row's cells (of ``scope``) would be refused."""
    return pl.sum_horizontal(cond.fill_null(False).cast(pl.Int64) for cond, _ in cell_checks(scope, number))


def micro(column: str) -> pl.Expr:
    """A decimal as text ("83.65", "1,250", "９０", "-5") → exact Int128 millionths; null when not a number.

    Full-width digits are read (NFKC); a comma only as a thousands separator ("1,0" is not a number);
    at most 12 digits before the point and 6 after, as in files.
    """
    raw = c(column).str.normalize("NFKC").str.strip_chars()
    grouped = raw.str.contains(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
    text = pl.when(grouped).then(raw.str.replace_all(",", "")).otherwise(raw)
    ok = text.str.contains(r"^-?[0-9]{1,12}(\.[0-9]{1,6})?$")
    negative = text.str.starts_with("-")
    whole = text.str.extract(r"^-?([0-9]+)", 1).cast(INT, strict=False)
    frac = (
        (text.str.extract(r"\.([0-9]+)$", 1).fill_null("") + "000000").str.slice(0, 6).cast(INT, strict=False)
    )
    value = whole * 1_000_000 + frac
    return pl.when(ok).then(pl.when(negative).then(pl.lit(0, dtype=INT) - value).otherwise(value))


def places_written(column: str) -> pl.Expr:
    """The decimals a number cell was written with ("2.90" → 2, "96" → 0); null when not a number."""
    raw = c(column).str.normalize("NFKC").str.strip_chars()
    decimals = raw.str.extract(r"\.([0-9]+)$", 1).str.len_chars().fill_null(0).cast(pl.Int32)
    return pl.when(micro(column).is_not_null()).then(decimals)


def direction_of(column: str) -> pl.Expr:
    """A 指标方向 / 计算符号 cell (directions.toml) as the rule it stands for; null when blank or unknown."""
    words = direction_words()
    matched = c(column).str.normalize("NFKC").str.replace_all(r"\s", "").str.to_lowercase()
    return matched.replace_strict(words, default=None, return_dtype=pl.String)


def _applicable() -> pl.Expr:
    text = c("applicable").cast(pl.String).str.strip_chars().str.to_lowercase()
    return ~text.is_in(["false", "0", "否", "no", "不适用", "f"]).fill_null(False)


@dataclass
class SetProfiles:
    """What the ``set`` column brings: a rule profile per set, its declared 一级 weights, problems."""

    profiles: list[Rules]
    ids: dict[str, int]
    problems: dict[str, str]
    levels: dict[str, dict[str, Decimal]]


def set_names(frame: pl.LazyFrame) -> list[str]:
    """The sets the ``set`` column names, sorted."""
    return sorted(frame.select(c("set").drop_nulls().unique()).collect().to_series().to_list())


def set_profiles(found: Mapping[str, SetProfile | str]) -> SetProfiles:
    """Number the profiles of the sets a table names (``found``: each set's profile, or why it cannot be
    used); profile 0 is the national defaults, for rows without a usable set."""
    profiles = SetProfiles([DEFAULT_RULES], {}, {}, {})
    for set_name, profile in found.items():
        if isinstance(profile, str):
            profiles.ids[set_name] = 0
            profiles.problems[set_name] = profile
            continue
        profiles.ids[set_name] = len(profiles.profiles)
        profiles.profiles.append(profile.rules)
        profiles.levels[set_name] = profile.levels
    return profiles


def declared_levels(pairs: pl.DataFrame, sets: SetProfiles) -> pl.DataFrame:
    """Declared 一级 weights of (key, level1, set) rows: in the name (error) or by the set (warning)."""
    records = []
    for key, level1, set_name in pairs.iter_rows():
        declared = declared_level(level1 or "", {}, sets.levels.get(set_name or "", {}))
        if declared is not None:
            weight, severity = declared
            records.append((key, level1, to_micro(weight), severity))
    return pl.DataFrame(
        records,
        schema={"key": pairs.schema["key"], "level1": pl.String, "declared": INT, "severity": pl.String},
        orient="row",
    )


def indicator_rows(numbered: pl.LazyFrame, profile: pl.Expr) -> pl.LazyFrame:
    """Indicator rows in the core's row schema from a table with ``ev`` and ``seq`` columns."""
    return numbered.select(
        "ev",
        c("seq").cast(pl.Int32),
        c("seq").cast(pl.Int32).alias("item"),
        pl.lit("indicator").alias("section"),
        c("level1").fill_null(""),
        c("level2").fill_null(""),
        c("level3").fill_null(""),
        c("target").fill_null(""),
        pl.when(c("actual").str.strip_chars() == "").then(None).otherwise(c("actual")).alias("actual"),
        c("reason"),
        micro("weight").alias("w"),
        micro("reported_score").alias("reported"),
        half_up(micro("reported_deviation"), pl.lit(10_000, dtype=INT), 1).alias("reported_dev"),
        c("rule").alias("rule_set"),
        c("tier").alias("tier_set"),
        micro("score").alias("score_set"),
        _applicable().alias("applicable"),
        pl.lit(False).alias("too_low"),
        c("year").cast(pl.Int32, strict=False).alias("year"),
        pl.lit(None, dtype=INT).alias("f_annual"),
        pl.lit(None, dtype=INT).alias("f_executed"),
        pl.lit(None, dtype=pl.String).alias("d_from"),
        pl.lit(None, dtype=pl.String).alias("d_per"),
        pl.lit(None, dtype=INT).alias("d_points"),
        pl.lit(False).alias("has_bands"),
        profile.alias("profile"),
        places_written("reported_score").alias("reported_places"),
        places_written("reported_deviation").alias("reported_dev_places"),
        direction_of("direction").alias("direction"),
        c("direction").alias("direction_written"),
    )


def _differs(column: str) -> pl.Expr:
    """Within one evaluation: two different values, or a value on some rows and a blank on others."""
    partly_blank = (c(column).null_count() > 0) & (c(column).null_count() < pl.len())
    return (c(column).min() != c(column).max()).fill_null(False) | partly_blank


_FUNDS_READ = {
    "funds_weight": "fw",
    "annual": "f_annual",
    "executed": "f_executed",
    "reported_total": "f_total",
}
"""The funds cells of an evaluation's first row and the columns their values are read into."""


def per_eval(numbered: pl.LazyFrame, key: str, profile: pl.Expr) -> pl.LazyFrame:
    """One row per evaluation: its header, funds columns (first row) and whether they agree, with the
    columns of ``PER_EVAL_SCHEMA`` that files fill and tables do not have left empty."""
    ident = [] if key == "evaluation_id" else [c("evaluation_id").first()]
    raw = ["funds_weight", "annual", "executed", "reported_total"]
    return (
        numbered.group_by(key)
        .agg(
            c("seq").min().alias("first_row"),
            *ident,
            c("kind").first(),
            c("name").first(),
            c("authority").first(),
            c("set").first(),
            c("year").first().cast(pl.Int32, strict=False),
            c("year").first().alias("year_text"),
            profile.first().alias("profile"),
            *(c(col).first() for col in raw),
            (pl.any_horizontal(_differs(col) for col in ("funds_weight", "annual", "executed"))).alias(
                "funds_disagree"
            ),
            # a funds block exists as soon as any of its cells does (a blank 全年预算数 is said, not lost)
            pl.any_horizontal(
                c(col).null_count() < pl.len() for col in ("funds_weight", "annual", "executed")
            ).alias("has_funds"),
        )
        # each funds cell read once: the checks of the first row read the values read here
        .with_columns(micro(column).alias(read) for column, read in _FUNDS_READ.items())
        .with_columns(
            count_bad("first", lambda column: c(_FUNDS_READ[column])).alias("bad_funds_cells"),
            c(_FUNDS_READ["reported_total"]).alias("reported_total"),
            c("evaluation_id").alias("file"),
            *(pl.lit(None, dtype=pl.String).alias(n) for n in ("implementer", "reported_rate")),
            *(pl.lit(None, dtype=INT).alias(n) for n in ("reported_rate_v", "f_initial", "f_reported")),
            pl.lit(None, dtype=INT).alias("reported_rate_frac_v"),
            pl.lit(2, dtype=pl.Int32).alias("rate_frac_places"),
            pl.lit(None, dtype=pl.Int32).alias("f_reported_places"),
            *(pl.lit(None, dtype=INT).alias(n) for n in ("src_initial", "src_annual", "src_executed")),
            pl.lit(2, dtype=pl.Int32).alias("rate_places"),
            pl.lit(None, dtype=pl.String).alias("f_reason"),
        )
        .drop(_FUNDS_READ["reported_total"])
    )


def _set_notes(per_eval: pl.DataFrame, sets: SetProfiles) -> pl.DataFrame:
    """set_unknown for each evaluation whose set could not be used."""
    message = c("set").replace_strict(sets.problems, default=None, return_dtype=pl.String)
    return (
        per_eval.filter(c("set").is_in(list(sets.problems)))
        .select(
            "ev",
            pl.lit("warning").alias("severity"),
            pl.lit("set_unknown").alias("code"),
            pl.lit("header").alias("section"),
            pl.lit(None, dtype=pl.Int32).alias("item"),
            pl.lit("文件").alias("where"),
            message.alias("message"),
        )
        .cast(NOTE_SCHEMA)
    )


def _cell_notes(cells: pl.DataFrame, ids: pl.DataFrame, code: str) -> pl.DataFrame:
    """Findings of single cells (a number that cannot be read, hidden characters), each with its message
    and, where the cells carry one, its severity (else an error)."""
    severity = "severity" if "severity" in cells.columns else pl.lit("error").alias("severity")
    return (
        cells.join(ids, on="evaluation_id", how="left")
        .select(
            "ev",
            severity,
            pl.lit(code).alias("code"),
            pl.lit("header").alias("section"),
            pl.lit(None, dtype=pl.Int32).alias("item"),
            pl.lit("文件").alias("where"),
            "message",
        )
        .cast(NOTE_SCHEMA)
    )


def profile_expr(set_ids: dict[str, int]) -> pl.Expr:
    if not set_ids:
        return pl.lit(0, pl.Int32)
    return c("set").replace_strict(set_ids, default=0, return_dtype=pl.Int32)


def table_frames(frame: pl.LazyFrame, sets: SetProfiles, name: str) -> Frames:
    """The frames of a long table (``name`` for messages), for full results (every row and finding).

    ``frame`` may be a part of a table (``io.long_table.stream_results``) with its rows already numbered in
    a ``seq`` column, so that the lines findings name are the table's."""
    ids = (
        frame.select("evaluation_id")
        .unique(maintain_order=True)
        .with_row_index("ev")
        .collect()
        .with_columns(c("ev").cast(pl.Int32))
    )
    if ids.is_empty():
        raise InputError(name, [InputProblem(NO_ROWS)])
    if "seq" not in frame.collect_schema():
        frame = frame.with_row_index("seq")
    numbered = frame.join(ids.lazy(), on="evaluation_id", how="left")
    profile = profile_expr(sets.ids)
    evaluations = per_eval(numbered, "ev", profile).collect()
    rows = pl.concat([funds_rows(evaluations.lazy()), indicator_rows(numbered, profile).cast(ROW_SCHEMA)])
    pairs = numbered.select(c("ev").alias("key"), "level1", "set").unique().collect()
    levels = declared_levels(pairs, sets).rename({"key": "ev"}).cast(LEVEL_SCHEMA)
    return Frames(
        rows=rows.collect(),
        bands=pl.DataFrame(schema=BAND_SCHEMA),
        meta=meta_frame(evaluations.lazy()).sort("ev").collect(),
        levels=levels,
        notes=pl.concat(
            [
                _set_notes(evaluations, sets),
                _cell_notes(bad_cells(numbered), ids, "cell_invalid"),
                _cell_notes(hidden_cells(numbered).sort("seq").collect(), ids, "hidden_chars"),
            ]
        ),
        profiles=sets.profiles,
    )
