"""Long tables on disk (docs/formats.md): a CSV or Parquet file scanned, its sets looked up; the frames and
the streamed summary are built by the core (``scoring.core.long_table``, ``scoring.core.table_stream``)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from scoring.core.convert import results
from scoring.core.frames import Frames
from scoring.core.long_table import (
    BLANK_ID,
    NO_ROWS,
    OPTIONAL,
    REQUIRED,
    SetProfiles,
    set_names,
    set_profiles,
    table_frames,
)
from scoring.core.pipeline import score_frames
from scoring.core.table_stream import summarize
from scoring.domain.errors import InputError, InputProblem
from scoring.domain.results import EvaluationResult
from scoring.io.cases import set_profile_near
from scoring.io.reading import check_regular, wide_encoding

c = pl.col


def _check_utf8(path: Path) -> None:
    """CSV must be UTF-8 (Excel's "CSV UTF-8"); a GBK or UTF-16 file is named, not read as mojibake."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    wide = wide_encoding(sample)
    if wide is not None:
        message = f"表格是 {wide} 编码；请在 Excel 中另存为“CSV UTF-8”"
        raise InputError(str(path), [InputProblem(message)])
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


NESTED = (pl.List, pl.Array, pl.Struct, pl.Object)


def scan_table(path: Path) -> pl.LazyFrame:
    """The table as text columns (numbers are read exactly from their text), or an InputError in Chinese."""
    name = str(path)
    if check_regular(path) == 0:
        raise InputError(name, [InputProblem("表格为空；应有表头行和每个指标一行")])
    is_csv = path.suffix.lower() == ".csv"
    if is_csv:
        _check_utf8(path)
    try:
        if is_csv:
            frame = pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy")
        else:
            frame = pl.scan_parquet(path)
        schema = frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise unreadable(path, exc) from exc
    # a BOM before the first name; a stray CR after the last (a "\r\r\n" line end, saved twice)
    columns = [col.lstrip("\ufeff").strip() for col in schema.names()]
    frame = frame.rename({old: new for old, new in zip(schema.names(), columns, strict=True)})
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
    nested = [col for col, dtype in zip(columns, schema.dtypes(), strict=True) if isinstance(dtype, NESTED)]
    if nested:
        message = f"列 {'、'.join(nested)} 的值是列表或结构，不是单个的文字或数字；每个单元格应只有一个值"
        raise InputError(name, [InputProblem(message)])
    if is_csv:
        _refuse_ragged(path, len(columns))
    text = [(c(col).cast(pl.String) if col != "applicable" else c(col)).alias(col) for col in columns]
    frame = frame.select(text)
    for col in OPTIONAL:
        if col not in columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    # a row without an id still shows, under an id that says so (and cell_invalid on each such row);
    # a blank name or kind is said by the cell checks
    blank_id = c("evaluation_id").is_null() | (c("evaluation_id").str.strip_chars() == "")
    return frame.with_columns(
        pl.when(blank_id).then(pl.lit(BLANK_ID)).otherwise(c("evaluation_id")).alias("evaluation_id"),
        c("name").fill_null(""),
        c("kind").fill_null(""),
    )


def _lines(path: Path) -> pl.LazyFrame:
    """The CSV's lines as text, one column ``line`` (the header excluded), without reading it as CSV."""
    return pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1,
        separator="\x1f",
        quote_char=None,
        infer_schema=False,
        new_columns=["line"],
        encoding="utf8-lossy",
    ).with_row_index("index")


def _refuse_ragged(path: Path, width: int) -> None:
    """A row with more fields than the header has columns: polars would drop what is beyond the last
    column without a word (an unquoted comma in a 偏差原因 cuts it), so the table is refused, naming the
    lines. One pass that only counts commas; a line with more is counted again outside its quotes."""
    line = c("line")
    commas = line.str.count_matches(",", literal=True)
    outside = line.str.replace_all('"[^"]*"', "").str.count_matches(",", literal=True)
    try:
        over = (
            _lines(path)
            .filter(commas >= width)
            .filter(outside >= width)
            .select((c("index") + 2).alias("line"), (outside + 1).alias("fields"))
            .head(5)
            .collect(engine="streaming")
        )
    except pl.exceptions.PolarsError:  # not readable as lines either: the reading itself will say why
        return
    if over.height:
        where = "、".join(f"第 {n} 行（{f} 个字段）" for n, f in over.iter_rows())
        message = (
            f"{where}的字段数多于表头的 {width} 列，多出的内容会被丢掉；"
            "多为文字中有未加引号的英文逗号，请把该单元格用英文双引号括起来或改用中文逗号"
        )
        raise InputError(str(path), [InputProblem(message, line=int(over["line"][0]))])


def unreadable(path: Path, exc: Exception) -> InputError:
    """A table polars could not read, said in Chinese (the first line with an unclosed quote named)."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "malformed" in detail or "quote" in detail.lower():
        line = _unclosed_quote(path)
        at = "" if line else "某一行"
        message = f"{at}引号没有闭合（单元格以英文双引号开头却没有结束的引号）；请补上引号或删去它"
        return InputError(str(path), [InputProblem(message, line=line)])
    if "more fields" in detail:
        return InputError(str(path), [InputProblem("某一行的字段数多于表头的列数；请检查未加引号的英文逗号")])
    return InputError(str(path), [InputProblem(f"无法读取表格：{detail[:200]}")])


def _unclosed_quote(path: Path) -> int | None:
    if path.suffix.lower() != ".csv":
        return None
    try:
        found = (
            _lines(path)
            .filter(c("line").str.count_matches('"', literal=True) % 2 == 1)
            .select(c("index") + 2)
            .head(1)
            .collect(engine="streaming")
        )
    except pl.exceptions.PolarsError:
        return None
    return int(found.item()) if found.height else None


def _sets(frame: pl.LazyFrame, path: Path) -> SetProfiles:
    """A rule profile per set named in the ``set`` column (national defaults where empty or unknown)."""
    return set_profiles({name: set_profile_near(name, path) for name in set_names(frame)})


def read_table(path: Path) -> Frames:
    """The frames of a long table, for full results (every row and finding)."""
    frame = scan_table(path)
    try:
        return table_frames(frame, _sets(frame, path), str(path))
    except pl.exceptions.PolarsError as exc:
        raise unreadable(path, exc) from exc


def summarize_table(path: Path) -> pl.DataFrame:
    """The summary of every evaluation in a long table, streamed (one row per evaluation)."""
    frame = scan_table(path)
    try:
        return summarize(frame, _sets(frame, path), str(path))
    except pl.exceptions.PolarsError as exc:
        raise unreadable(path, exc) from exc


BATCH_ROWS = 10_000
"""Rows scored together when a table's full results stream (check, json): about 200 MB of working
memory, whatever the table's size."""


def stream_results(path: Path, batch_rows: int = BATCH_ROWS) -> Iterator[list[EvaluationResult]]:
    """The full results of every evaluation in a long table, a batch of evaluations at a time, in the order
    they first appear; the lines findings name are the table's. Memory stays that of one batch (plus one
    small record per evaluation), so ``check`` on a province's table does not hold it all.

    Raises InputError before the first batch when the table cannot be read."""
    frame = scan_table(path)
    try:
        sets = _sets(frame, path)
        spans = _spans(frame)
    except pl.exceptions.PolarsError as exc:
        raise unreadable(path, exc) from exc
    if spans.is_empty():
        raise InputError(str(path), [InputProblem(NO_ROWS)])
    together = bool((spans["last"] - spans["first"] + 1 == spans["rows"]).all())
    parts = _in_order(frame, spans, batch_rows) if together else _by_group(frame, spans, batch_rows)
    for part in parts:
        try:
            scored = score_frames(table_frames(part.lazy(), sets, str(path)))
        except pl.exceptions.PolarsError as exc:
            raise unreadable(path, exc) from exc
        scored.table_lines = True
        yield results(scored)


def _spans(frame: pl.LazyFrame) -> pl.DataFrame:
    """Each evaluation's first and last row and its number of rows, in order of first appearance."""
    return (
        frame.select("evaluation_id")
        .with_row_index("seq")
        .group_by("evaluation_id")
        .agg(c("seq").min().alias("first"), c("seq").max().alias("last"), pl.len().alias("rows"))
        .sort("first")
        .collect(engine="streaming")
    )


def _in_order(frame: pl.LazyFrame, spans: pl.DataFrame, batch_rows: int) -> Iterator[pl.DataFrame]:
    """A table whose evaluations each stand in consecutive rows (as systems export them): read once, in
    batches cut where an evaluation ends."""
    ends = spans["last"].to_list()  # ascending: the evaluations follow each other
    pending: list[pl.DataFrame] = []
    start = 0  # the table's row the pending rows begin at
    batches = frame.with_row_index("seq").collect_batches(chunk_size=batch_rows)
    try:
        for batch in batches:
            pending.append(batch)
            end = start + sum(b.height for b in pending)
            done = bisect.bisect_left(ends, end) - 1  # the last evaluation whose rows have all come
            if done < 0 or ends[done] < start:
                continue
            rows = pl.concat(pending)
            cut = ends[done] + 1 - start
            yield rows.head(cut)
            pending = [rows.slice(cut)] if cut < rows.height else []
            start += cut
    finally:
        stop = getattr(batches, "stop", None)
        if stop is not None:
            stop()
    if pending:
        yield pl.concat(pending)


def _by_group(frame: pl.LazyFrame, spans: pl.DataFrame, batch_rows: int) -> Iterator[pl.DataFrame]:
    """A table whose evaluations' rows are scattered: evaluations taken a group at a time (about
    ``batch_rows`` rows each, in order of first appearance), one pass over the table per group."""
    groups = spans.select(
        "evaluation_id", (c("rows").cum_sum() - c("rows")).floordiv(batch_rows).alias("group")
    )
    numbered = frame.with_row_index("seq")
    for group in groups["group"].unique(maintain_order=True).to_list():
        members = groups.filter(c("group") == group).select("evaluation_id")
        yield numbered.join(members.lazy(), on="evaluation_id", how="semi").collect(engine="streaming")
