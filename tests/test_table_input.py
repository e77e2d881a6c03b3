"""Long tables as clerks and reviewers really send them: empty, GBK, wrong columns, text in number cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.cli import main
from scoring.errors import InputError
from scoring.evaluate import results, score_frames
from scoring.table_input import table_frames
from scoring.table_summary import summarize_table

HEADER = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason\n"
ROW = "A,project,项目甲,2023,产出指标,数量指标,培训人次,≥100人次,90人次,{weight},\n"


def _csv(tmp_path: Path, text: str | bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "表格为空"),
        (HEADER, "没有数据行"),
        ("a,b\n1,2\n", "缺少列"),
        ((HEADER + ROW.format(weight="10")).encode("gbk"), "不是 UTF-8"),
        (HEADER.replace("reason", "reason,wieght") + ROW.format(weight="10,1"), "未知列：wieght"),
    ],
)
def test_unusable_tables_are_refused_in_chinese(
    tmp_path: Path, content: str | bytes, message: str, capsys
) -> None:
    path = _csv(tmp_path, content)
    with pytest.raises(InputError, match=message):
        table_frames(path)
    with pytest.raises(InputError, match=message):
        summarize_table(path)
    assert main(["check", str(path)]) == 2
    assert main(["score", str(path)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out


def test_text_in_a_number_cell_is_an_error_naming_the_line(tmp_path: Path, capsys) -> None:
    path = _csv(tmp_path, HEADER + ROW.format(weight="五") + ROW.format(weight="10"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行 分值（weight）“五”不是数字" in out
    (result,) = results(score_frames(table_frames(path)))
    codes = sorted(f.code for f in result.findings if f.severity == "error")
    assert codes == ["number_invalid", "reason_missing", "weights_total"]
    assert summarize_table(path)["errors"].to_list() == [3]  # the streamed summary counts the same


def test_full_width_and_thousands_in_table_numbers(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + ROW.format(weight='"1,0"'))
    summary = summarize_table(path)
    assert summary["errors"].to_list()[0] >= 1  # "1,0" is not a thousands group: reported, never guessed
