"""Long tables as clerks and reviewers really send them: empty, GBK, wrong columns, text in number cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.cli import main
from scoring.core.convert import results
from scoring.core.pipeline import score_frames
from scoring.domain.errors import InputError
from scoring.io.long_table import read_table as table_frames
from scoring.io.long_table import summarize_table

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
    assert codes == ["cell_invalid", "reason_missing", "weights_total"]
    assert summarize_table(path)["errors"].to_list() == [3]  # the streamed summary counts the same


def test_full_width_and_thousands_in_table_numbers(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + ROW.format(weight='"1,0"'))
    summary = summarize_table(path)
    assert summary["errors"].to_list()[0] >= 1  # "1,0" is not a thousands group: reported, never guessed


def test_streamed_summary_counts_what_the_full_results_find(tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + ",funds_weight,annual,executed\n"
    # a bare cost (a ceiling), text in 分值, text in 全年预算数, a copied operator
    rows = [
        "A,project,甲,2023,成本指标,经济成本指标,单位造价,20万元,18万元,45,,10,100,90\n",
        "A,project,甲,2023,产出指标,数量指标,培训人次,≥100人次,90人次,x5,,10,100,90\n",
        "B,project,乙,2023,产出指标,数量指标,培训人次,≥100人次,130人次,90,,10,一百,90\n",
        "B,project,乙,2023,产出指标,质量指标,合格率,≥90%,≥90%,0,,10,一百,90\n",
    ]
    path = _csv(tmp_path, header + "".join(rows))
    full = results(score_frames(table_frames(path)))
    summary = summarize_table(path)
    assert summary["errors"].to_list() == [r.errors for r in full]
    assert summary["warnings"].to_list() == [r.warnings for r in full]
    assert summary["total"].to_list() == [str(r.total) for r in full]
    assert full[0].indicators[0].rule == "lower"
    assert sum(f.code == "cell_invalid" for f in full[1].findings) == 1  # 全年预算数, once per evaluation


def test_table_checks_match_files_for_levels_sets_and_enumerations(tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + ",set,rule,tier,funds_weight,annual,executed\n"
    rows = [
        "A,project,甲,2023,产出指标(50分),数量指标,培训人次,≥100人次,100人次,40,,,,,10,100,\n",
        "A,project,甲,2023,效益指标,社会效益指标,满意度,≥90%,95%,50,,,higer,,10,100,\n",
        "B,项目,乙,2023年,产出指标,数量指标,培训人次,≥100人次,100人次,,,henan-projetc,,部份达成,10,100,100\n",
    ]
    path = _csv(tmp_path, header + "".join(rows))
    full = results(score_frames(table_frames(path)))
    a, b = ({f.code for f in r.findings} for r in full)
    assert {"level_weight", "cell_invalid", "execution_missing"} <= a
    assert {"set_unknown", "cell_invalid"} <= b
    assert not any(f.code == "set_unknown" for f in full[0].findings)  # the unknown set is B's, not A's
    summary = summarize_table(path)
    assert summary["errors"].to_list() == [r.errors for r in full]
    assert summary["warnings"].to_list() == [r.warnings for r in full]


def test_negative_money_and_weights_in_a_table_are_errors(tmp_path: Path, capsys) -> None:
    """As in files: a negative 全年预算数/执行数 or 分值 is refused (it scored a negative 执行率 silently)."""
    header = HEADER.rstrip("\n") + ",funds_weight,annual,executed\n"
    rows = [
        "A,project,甲,2023,产出指标,数量指标,培训人次,≥100人次,100人次,90,,10,100,-5\n",
        "B,project,乙,2023,产出指标,数量指标,培训人次,≥100人次,100人次,90,,10,-100,50\n",
        "C,project,丙,2023,产出指标,数量指标,培训人次,≥100人次,100人次,-5,,10,100,100\n",
        "D,project,丁,2023,产出指标,数量指标,培训人次,≥100人次,100人次,90,,-10,100,100\n",
    ]
    path = _csv(tmp_path, header + "".join(rows))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行 全年执行数（executed）“-5”不能为负数" in out
    assert "第 3 行 全年预算数（annual）“-100”不能为负数" in out
    assert "第 4 行 分值（weight）“-5”超出范围；应在 0 到 1000 之间" in out
    assert "第 5 行 执行率分值（funds_weight）“-10”超出范围；应在 0 到 1000 之间" in out
    full = results(score_frames(table_frames(path)))
    assert all(any(f.code == "cell_invalid" for f in r.findings) for r in full)
    summary = summarize_table(path)
    assert summary["errors"].to_list() == [r.errors for r in full]


def test_report_reads_a_long_table_as_score_does(tmp_path: Path, capsys) -> None:
    """jixiao report on a .csv read it as TOML ("第 1 行：第 14 列，键后面缺少 =") and exited 2."""
    header = HEADER.rstrip("\n") + ",funds_weight,annual,executed\n"
    row = "A,project,项目甲,2023,产出指标,数量指标,培训人次,≥100人次,100人次,90,,10,100,90\n"
    path = _csv(tmp_path, header + row)
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr()
    assert "项目甲" in out.out and "键后面缺少" not in out.err
