"""Long tables (formats.md §4): many evaluations in one CSV or Parquet file, one row per indicator.

The table becomes the same frames as files do (``Frames``), built with column expressions only, so a
province's table is scored by the same core, without a Python object per evaluation.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .errors import InputError, InputProblem
from .frame import BAND_SCHEMA, LEVEL_SCHEMA, META_SCHEMA, NOTE_SCHEMA, ROW_SCHEMA, Frames
from .models import Rules
from .sets import find_set

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
TABLE_SUFFIXES = (".csv", ".parquet", ".pq")


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


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


def bad_numbers(numbered: pl.LazyFrame) -> pl.DataFrame:
    """Number cells that are not numbers: (evaluation_id, seq, message), usually none.

    Row cells are checked on every row, the funds cells on each evaluation's first row.
    """
    first = c("seq") == c("seq").min().over("evaluation_id")
    checks = [
        numbered.filter(not_a_number(col) & (first if col in FUNDS_NUMBERS else True)).select(
            "evaluation_id",
            "seq",
            pl.format(
                "第 {} 行 {}（{}）“{}”不是数字；应填写数字，如 5 或 83.65（最多 6 位小数）",
                (c("seq") + 2).cast(pl.String),
                pl.lit(label),
                pl.lit(col),
                c(col),
            ).alias("message"),
        )
        for col, label in (ROW_NUMBERS | FUNDS_NUMBERS).items()
    ]
    return pl.concat(checks).sort("seq").collect()


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


def _profiles(frame: pl.LazyFrame, near: Path) -> tuple[list[Rules], dict[str, int], list[str]]:
    """A rule profile per set named in the optional ``set`` column (national defaults where empty)."""
    names = frame.select(c("set").drop_nulls().unique()).collect().to_series().to_list()
    profiles = [Rules()]
    mapping: dict[str, int] = {}
    problems = []
    for set_name in sorted(names):
        try:
            mapping[set_name] = len(profiles)
            profiles.append(Rules().merged(find_set(set_name, near).rules))
        except InputError as exc:
            mapping[set_name] = 0
            problems.append(exc.problems[0].message)
    return profiles, mapping, problems


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
        (micro("reported_deviation") // 10_000).alias("reported_dev"),
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
            c("year").first().cast(pl.Int32, strict=False),
            profile.first().alias("profile"),
            *(c(col).first() for col in raw),
            (pl.any_horizontal(_differs(col) for col in ("funds_weight", "annual", "executed"))).alias(
                "funds_disagree"
            ),
            c("annual").is_not_null().any().alias("has_funds"),
        )
        .with_columns(
            pl.sum_horizontal(not_a_number(col) for col in FUNDS_NUMBERS).alias("bad_funds_cells"),
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
        *(pl.lit(None, dtype=pl.String).alias(n) for n in ("authority", "implementer", "set")),
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


def _set_notes(problems: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"ev": 0, "severity": "warning", "code": "set_unknown", "message": m} for m in problems],
        schema=NOTE_SCHEMA,
    )


def _number_notes(bad: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    return (
        bad.join(ids, on="evaluation_id", how="left")
        .select("ev", pl.lit("error").alias("severity"), pl.lit("number_invalid").alias("code"), "message")
        .cast(NOTE_SCHEMA)
    )


def _profile_expr(set_ids: dict[str, int]) -> pl.Expr:
    if not set_ids:
        return pl.lit(0, pl.Int32)
    return c("set").replace_strict(set_ids, default=0, return_dtype=pl.Int32)


def table_frames(path: Path) -> Frames:
    """The frames of a long table, for full results (every row and finding)."""
    frame = scan_table(path)
    profiles, set_ids, problems = _profiles(frame, path)
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
    profile = _profile_expr(set_ids)
    per_eval = _per_eval(numbered, "ev", profile)
    rows = pl.concat([_funds_rows(per_eval), _indicator_rows(numbered, profile)]).cast(ROW_SCHEMA)
    return Frames(
        rows=rows.collect(),
        bands=pl.DataFrame(schema=BAND_SCHEMA),
        meta=_meta(per_eval).sort("ev").collect(),
        levels=pl.DataFrame(schema=LEVEL_SCHEMA),
        notes=pl.concat([_set_notes(problems), _number_notes(bad_numbers(numbered), ids)]),
        profiles=profiles,
    )
