"""Long tables (formats.md §4): many evaluations in one CSV or Parquet file, one row per indicator.

The table becomes the same frames as files do (``Frames``), built with column expressions only, so a
province's table is scored by the same core, without a Python object per evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from scoring.core.exact import half_up
from scoring.core.frames import (
    BAND_SCHEMA,
    LEVEL_SCHEMA,
    META_SCHEMA,
    NOTE_SCHEMA,
    ROW_SCHEMA,
    Frames,
    level_name_weight,
)
from scoring.domain.errors import InputError, InputProblem
from scoring.domain.models import Rules
from scoring.io.sets import find_set

INT = pl.Int128
c = pl.col

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
]


def _check_utf8(path: Path) -> None:
    """CSV must be UTF-8 (Excel's "CSV UTF-8"); a GBK file is named, not read as mojibake."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not merely a character cut at the end of the sample
            line = sample[: exc.start].count(b"\n") + 1
            raise InputError(
                str(path),
                [
                    InputProblem(
                        "表格不是 UTF-8 编码（可能是 GBK）；请在 Excel 中另存为“CSV UTF-8”", line=line
                    )
                ],
            ) from exc


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


def not_a_number(column: str) -> pl.Expr:
    """A cell with text that is not an exact number (blank cells are simply empty)."""
    return c(column).is_not_null() & (c(column).str.strip_chars() != "") & micro(column).is_null()


def _blank(column: str) -> pl.Expr:
    return c(column).is_null() | (c(column).str.strip_chars() == "")


def _not_in(column: str, allowed: tuple[str, ...]) -> pl.Expr:
    return ~_blank(column) & ~c(column).str.strip_chars().is_in(allowed)


RULES = ("higher", "lower", "equal", "range", "deadline", "qualitative", "manual")
TIERS = ("达成", "部分达成", "未达成")
KINDS = ("project", "department")
ACCEPT_NUMBER = "应填写数字，如 5 或 83.65（最多 6 位小数）"


def cell_checks(scope: str) -> list[tuple[pl.Expr, pl.Expr]]:
    """(condition, message) for cells a file would refuse: ``row`` cells on every row, ``first`` cells on
    each evaluation's first row (where the evaluation's own fields are read)."""

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
                (not_a_number(col), said(col, label, "不是数字；" + ACCEPT_NUMBER))
                for col, label in ROW_NUMBERS.items()
            ),
            (_blank("weight"), said("weight", "分值", "未填写；每个指标都应有分值")),
            (
                (micro("weight") < 0) | (micro("weight") > 1000 * 1_000_000),
                said("weight", "分值", "超出范围；应在 0 到 1000 之间"),
            ),
            (_not_in("rule", RULES), said("rule", "评分规则", "不可接受；可选：" + "、".join(RULES))),
            (_not_in("tier", TIERS), said("tier", "定性档次", "不可接受；可选：" + "、".join(TIERS))),
            (
                ~_blank("year") & c("year").str.strip_chars().cast(pl.Int32, strict=False).is_null(),
                said("year", "年度", "不是年份；应填写如 2023"),
            ),
        ]
    return [
        *(
            (not_a_number(col), said(col, label, "不是数字；" + ACCEPT_NUMBER))
            for col, label in FUNDS_NUMBERS.items()
        ),
        (
            (micro("funds_weight") < 0) | (micro("funds_weight") > 1000 * 1_000_000),
            said("funds_weight", "执行率分值", "超出范围；应在 0 到 1000 之间"),
        ),
        *(
            (micro(col) < 0, said(col, FUNDS_NUMBERS[col], "不能为负数；应填写 0 或正数（万元）"))
            for col in ("annual", "executed")
        ),
        (
            _not_in("kind", KINDS),
            said("kind", "类型", "不可接受；可选：project（项目支出）、department（部门整体支出）"),
        ),
    ]


def bad_cells(numbered: pl.LazyFrame) -> pl.DataFrame:
    """Cells a file would refuse (text in a number, a blank 分值, an unknown rule or tier…): (evaluation_id,
    seq, message), usually none."""
    first = c("seq") == c("seq").min().over("evaluation_id")
    parts = [
        numbered.filter(condition.fill_null(False) & (first if scope == "first" else True)).select(
            "evaluation_id", "seq", message.alias("message")
        )
        for scope in ("row", "first")
        for condition, message in cell_checks(scope)
    ]
    return pl.concat(parts).sort("seq").collect()


def count_bad(scope: str) -> pl.Expr:
    """How many of a row's cells (of ``scope``) would be refused."""
    return pl.sum_horizontal(cond.fill_null(False).cast(pl.Int64) for cond, _ in cell_checks(scope))


def scan_table(path: Path) -> pl.LazyFrame:
    """The table as text columns (numbers are read exactly from their text), or an InputError in Chinese."""
    name = str(path)
    if not path.is_file():
        raise InputError(name, [InputProblem("文件不存在")])
    if path.stat().st_size == 0:
        raise InputError(name, [InputProblem("表格为空；应有表头行和每个指标一行")])
    if path.suffix.lower() == ".csv":
        _check_utf8(path)
    try:
        if path.suffix.lower() == ".csv":
            frame = pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy")
        else:
            frame = pl.scan_parquet(path)
        columns = frame.collect_schema().names()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(name, [InputProblem(f"无法读取表格：{str(exc).splitlines()[0]}")]) from exc
    columns = [col.lstrip("\ufeff") for col in columns]
    frame = frame.rename({old: new for old, new in zip(frame.collect_schema().names(), columns, strict=True)})
    missing = [col for col in REQUIRED if col not in columns]
    if missing:
        raise InputError(
            name,
            [
                InputProblem(
                    f"缺少列：{'、'.join(missing)}；长表应有列 {', '.join(REQUIRED)}，"
                    f"可选 {', '.join(OPTIONAL)}"
                )
            ],
        )
    unknown = [col for col in columns if col not in REQUIRED and col not in OPTIONAL]
    if unknown:
        raise InputError(name, [InputProblem(f"未知列：{'、'.join(unknown)}（可能是拼写错误）")])
    text = [(c(col).cast(pl.String) if col != "applicable" else c(col)).alias(col) for col in columns]
    frame = frame.select(text)
    for col in OPTIONAL:
        if col not in columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    return frame


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


def _profiles(frame: pl.LazyFrame, near: Path) -> SetProfiles:
    """A rule profile per set named in the ``set`` column (national defaults where empty or unknown)."""
    names = frame.select(c("set").drop_nulls().unique()).collect().to_series().to_list()
    found = SetProfiles([Rules()], {}, {}, {})
    for set_name in sorted(names):
        try:
            indicator_set = find_set(set_name, near)
        except InputError as exc:
            found.ids[set_name] = 0
            found.problems[set_name] = exc.problems[0].message
            continue
        found.ids[set_name] = len(found.profiles)
        found.profiles.append(Rules().merged(indicator_set.rules))
        found.levels[set_name] = {level_name_weight(lv.level1)[0]: lv.weight for lv in indicator_set.levels}
    return found


def declared_levels(pairs: pl.DataFrame, sets: SetProfiles) -> pl.DataFrame:
    """Declared 一级 weights of (key, level1, set) rows: in the name (error) or by the set (warning)."""
    records = []
    for key, level1, set_name in pairs.iter_rows():
        base, in_name = level_name_weight(level1 or "")
        weight = in_name if in_name is not None else sets.levels.get(set_name or "", {}).get(base)
        if weight is not None:
            severity = "error" if in_name is not None else "warning"
            records.append((key, level1, int(weight * 1_000_000), severity))
    return pl.DataFrame(
        records,
        schema={"key": pairs.schema["key"], "level1": pl.String, "declared": INT, "severity": pl.String},
        orient="row",
    )


def _indicator_rows(numbered: pl.LazyFrame, profile: pl.Expr) -> pl.LazyFrame:
    """Indicator rows in the core's row schema from a table with ``ev`` and ``seq`` columns."""
    return numbered.select(
        "ev",
        c("seq").cast(pl.Int32),
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
    )


def _differs(column: str) -> pl.Expr:
    """Within one evaluation: two different values, or a value on some rows and a blank on others."""
    partly_blank = (c(column).null_count() > 0) & (c(column).null_count() < pl.len())
    return (c(column).min() != c(column).max()).fill_null(False) | partly_blank


def _per_eval(numbered: pl.LazyFrame, key: str, profile: pl.Expr) -> pl.LazyFrame:
    """One row per evaluation: its header, funds columns (first row) and whether they agree."""
    ident = [] if key == "evaluation_id" else [c("evaluation_id").first()]
    raw = ["funds_weight", "annual", "executed", "reported_total"]
    return (
        numbered.group_by(key)
        .agg(
            c("seq").min().alias("first_row"),
            *ident,
            c("kind").first(),
            c("name").first(),
            c("set").first(),
            c("year").first().cast(pl.Int32, strict=False),
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
        .with_columns(
            count_bad("first").alias("bad_funds_cells"),
            micro("funds_weight").alias("fw"),
            micro("annual").alias("f_annual"),
            micro("executed").alias("f_executed"),
            micro("reported_total").alias("reported_total"),
        )
    )


def _funds_rows(per_eval: pl.LazyFrame) -> pl.LazyFrame:
    return per_eval.filter(c("has_funds")).select(
        "ev",
        pl.lit(-1, dtype=pl.Int32).alias("seq"),
        pl.lit("funds").alias("section"),
        pl.lit("预算执行率").alias("level1"),
        pl.lit("").alias("level2"),
        pl.lit("预算执行率").alias("level3"),
        pl.lit(None, dtype=pl.String).alias("target"),
        pl.lit(None, dtype=pl.String).alias("actual"),
        pl.lit(None, dtype=pl.String).alias("reason"),
        c("fw").fill_null(pl.lit(10_000_000, dtype=INT)).alias("w"),
        *(pl.lit(None, dtype=INT).alias(n) for n in ("reported", "reported_dev")),
        *(pl.lit(None, dtype=pl.String).alias(n) for n in ("rule_set", "tier_set")),
        pl.lit(None, dtype=INT).alias("score_set"),
        pl.lit(True).alias("applicable"),
        pl.lit(False).alias("too_low"),
        "year",
        "f_annual",
        "f_executed",
        pl.lit(None, dtype=pl.String).alias("d_from"),
        pl.lit(None, dtype=pl.String).alias("d_per"),
        pl.lit(None, dtype=INT).alias("d_points"),
        pl.lit(False).alias("has_bands"),
        "profile",
    )


def _meta(per_eval: pl.LazyFrame) -> pl.LazyFrame:
    return per_eval.select(
        "ev",
        c("evaluation_id").alias("file"),
        "kind",
        "name",
        "year",
        *(pl.lit(None, dtype=pl.String).alias(n) for n in ("authority", "implementer")),
        "set",
        "profile",
        "reported_total",
        pl.lit(None, dtype=pl.String).alias("reported_rate"),
        pl.lit(None, dtype=INT).alias("reported_rate_v"),
        pl.lit(2, dtype=pl.Int32).alias("rate_places"),
        pl.lit(True).alias("funds_reason_blank"),
        *(
            pl.lit(None, dtype=INT).alias(n)
            for n in ("src_initial", "src_annual", "src_executed", "f_initial")
        ),
        "funds_disagree",
    ).cast(META_SCHEMA)


def _set_notes(per_eval: pl.DataFrame, sets: SetProfiles) -> pl.DataFrame:
    """set_unknown for each evaluation whose set could not be used."""
    message = c("set").replace_strict(sets.problems, default=None, return_dtype=pl.String)
    return (
        per_eval.filter(c("set").is_in(list(sets.problems)))
        .select(
            "ev",
            pl.lit("warning").alias("severity"),
            pl.lit("set_unknown").alias("code"),
            message.alias("message"),
        )
        .cast(NOTE_SCHEMA)
    )


def _number_notes(bad: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    return (
        bad.join(ids, on="evaluation_id", how="left")
        .select("ev", pl.lit("error").alias("severity"), pl.lit("cell_invalid").alias("code"), "message")
        .cast(NOTE_SCHEMA)
    )


def _profile_expr(set_ids: dict[str, int]) -> pl.Expr:
    if not set_ids:
        return pl.lit(0, pl.Int32)
    return c("set").replace_strict(set_ids, default=0, return_dtype=pl.Int32)


def table_frames(path: Path) -> Frames:
    """The frames of a long table, for full results (every row and finding)."""
    frame = scan_table(path)
    sets = _profiles(frame, path)
    ids = (
        frame.select("evaluation_id")
        .unique(maintain_order=True)
        .with_row_index("ev")
        .collect()
        .with_columns(c("ev").cast(pl.Int32))
    )
    if ids.is_empty():
        raise InputError(str(path), [InputProblem("长表没有数据行；应每个指标一行")])
    numbered = frame.with_row_index("seq").join(ids.lazy(), on="evaluation_id", how="left")
    profile = _profile_expr(sets.ids)
    per_eval = _per_eval(numbered, "ev", profile).collect()
    rows = pl.concat([_funds_rows(per_eval.lazy()), _indicator_rows(numbered, profile)]).cast(ROW_SCHEMA)
    pairs = numbered.select(c("ev").alias("key"), "level1", "set").unique().collect()
    levels = declared_levels(pairs, sets).rename({"key": "ev"}).cast(LEVEL_SCHEMA)
    return Frames(
        rows=rows.collect(),
        bands=pl.DataFrame(schema=BAND_SCHEMA),
        meta=_meta(per_eval.lazy()).sort("ev").collect(),
        levels=levels,
        notes=pl.concat([_set_notes(per_eval, sets), _number_notes(bad_cells(numbered), ids)]),
        profiles=sets.profiles,
    )
