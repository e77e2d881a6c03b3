"""Long tables on disk (docs/formats.md): a CSV or Parquet file scanned, its sets looked up; the frames and
the streamed summary are built by the core (``scoring.core.long_table``, ``scoring.core.table_stream``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from scoring.core.frames import Frames
from scoring.core.long_table import OPTIONAL, REQUIRED, SetProfiles, set_names, set_profiles, table_frames
from scoring.core.table_stream import summarize
from scoring.domain.errors import InputError, InputProblem
from scoring.io.cases import set_profile_near
from scoring.io.reading import check_regular, wide_encoding

c = pl.col

TABLE_SUFFIXES = (".csv", ".parquet", ".pq")


def is_table(path: str | Path) -> bool:
    """A long table is told apart from evaluation files by its suffix."""
    return Path(path).suffix.lower() in TABLE_SUFFIXES


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


def scan_table(path: Path) -> pl.LazyFrame:
    """The table as text columns (numbers are read exactly from their text), or an InputError in Chinese."""
    name = str(path)
    if check_regular(path) == 0:
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
    # a BOM before the first name; a stray CR after the last (a "\r\r\n" line end, saved twice)
    columns = [col.lstrip("\ufeff").strip() for col in columns]
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


def _sets(frame: pl.LazyFrame, path: Path) -> SetProfiles:
    """A rule profile per set named in the ``set`` column (national defaults where empty or unknown)."""
    return set_profiles({name: set_profile_near(name, path) for name in set_names(frame)})


def read_table(path: Path) -> Frames:
    """The frames of a long table, for full results (every row and finding)."""
    frame = scan_table(path)
    return table_frames(frame, _sets(frame, path), str(path))


def summarize_table(path: Path) -> pl.DataFrame:
    """The summary of every evaluation in a long table, streamed (one row per evaluation)."""
    frame = scan_table(path)
    return summarize(frame, _sets(frame, path), str(path))
