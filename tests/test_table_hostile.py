"""Long tables a careless export makes (issue 10 point 15): blank ids, names and kinds, unclosed quotes,
ragged rows, list columns. Each is a finding or a Chinese message with its line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from scoring import api, cli
from scoring.io.long_table import summarize_table

HEADER = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"
ROW = "e1,project,项目,2023,产出指标,数量指标,台数,10台,10台,100,\n"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (",project,项目,2023,产出指标,数量指标,台数,10台,10台,100,\n", "未填写自评编号（evaluation_id）"),
        ("e1,project,,2023,产出指标,数量指标,台数,10台,10台,100,\n", "名称（name）“”未填写"),
        ("e1,,项目,2023,产出指标,数量指标,台数,10台,10台,100,\n", "类型（kind）“”未填写"),
    ],
)
def test_blank_cells_are_findings_with_their_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, row: str, said: str
) -> None:
    path = _csv(tmp_path, HEADER + row + ROW.replace("e1", "e2"))
    code, text = run(capsys, "check", str(path))
    assert code == 1 and said in text and "第 2 行" in text
    results, failed = api.score_inputs(api.gather([path]))
    assert failed == 0 and len(results) == 2
    summary = summarize_table(path)  # the streamed summary counts what check lists
    assert summary["errors"].to_list() == [r.errors for r in results]
    for argv in (["score", str(path)], ["score", str(path), str(path)], ["report", str(path)]):
        assert run(capsys, *argv)[0] in (0, 1)


def test_a_null_id_in_parquet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    columns = HEADER.strip().split(",")
    values = ROW.rstrip("\n").split(",")
    frame = pl.DataFrame([dict(zip(columns, values, strict=True))]).with_columns(
        pl.lit(None, dtype=pl.String).alias("evaluation_id")
    )
    path = tmp_path / "t.parquet"
    frame.write_parquet(path)
    code, text = run(capsys, "check", str(path))
    assert code == 1 and "未填写自评编号" in text
    assert run(capsys, "score", str(path), str(path))[0] == 0


def test_an_unclosed_quote_names_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _csv(
        tmp_path, HEADER + ROW + 'e2,project,"项目,2023,产出指标,数量指标,台数,10台,10台,100,\n' + ROW
    )
    for command in ("check", "score"):
        code, text = run(capsys, command, str(path))
        assert code == 2 and "引号没有闭合" in text and "第 3 行" in text


def test_a_row_with_more_fields_than_columns_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # an unquoted comma in the last column: polars would keep "原因一" and drop "原因二" without a word
    path = _csv(
        tmp_path, HEADER + ROW + "e1,project,项目,2023,产出指标,数量指标,套数,5套,5套,0,原因一,原因二\n"
    )
    for command in ("check", "score"):
        code, text = run(capsys, command, str(path))
        assert code == 2 and "第 3 行（12 个字段）" in text and "11 列" in text


def test_quoted_commas_are_no_extra_fields(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _csv(
        tmp_path, HEADER + 'e1,project,项目,2023,产出指标,数量指标,台数,"1,000台","1,000台",100,"甲,乙"\n'
    )
    code, text = run(capsys, "check", str(path))
    assert code == 0, text


def test_a_short_row_is_read_with_its_cells_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _csv(tmp_path, HEADER + ROW + "e1,project\n")
    code, text = run(capsys, "check", str(path))
    assert code == 1 and "第 3 行 分值（weight）“”未填写" in text


def test_a_list_column_in_parquet_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    columns = HEADER.strip().split(",")
    values: dict[str, object] = dict(zip(columns, ROW.rstrip("\n").split(","), strict=True))
    values["actual"] = ["10台", "11台"]
    path = tmp_path / "t.parquet"
    pl.DataFrame([values]).write_parquet(path)
    for command in ("check", "score"):
        code, text = run(capsys, command, str(path))
        assert code == 2 and "列 actual 的值是列表" in text
