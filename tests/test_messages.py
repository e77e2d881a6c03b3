"""Messages that said the wrong thing (issue 10 point 23): each now names what was found and what is
accepted, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import api
from scoring.domain.errors import InputError
from scoring.io.toml_read import load_evaluation

HEAD = '[evaluation]\nkind = "project"\nname = "项目"\n'
ROW = '[[indicators]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nlevel3 = "台数"\ntarget = "10台"\n'


def _message(tmp_path: Path, text: str) -> str:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_evaluation(path)
    return str(caught.value).split("：", 1)[1]  # the message, without the path


def test_a_boolean_year(tmp_path: Path) -> None:
    said = _message(tmp_path, HEAD + "year = true\n")
    assert "true" in said and "True" not in said and "超出范围" not in said


def test_a_list_where_a_number_belongs(tmp_path: Path) -> None:
    said = _message(tmp_path, HEAD + "year = 2023\n" + ROW + "weight = [90]\n")
    assert "而不是列表" in said and "list" not in said


@pytest.mark.parametrize("value", ["[1]", "[1, 2, 3]", "1"])
def test_a_band_that_is_not_a_pair(tmp_path: Path, value: str) -> None:
    said = _message(tmp_path, HEAD + f'year = 2023\n[rules]\nqualitative_bands = {{ "达成" = {value} }}\n')
    assert "[下限, 上限]" in said and "qualitative_bands" in said
    assert "缺少必填字段" not in said and "Tuple" not in said and "tuple" not in said


def test_a_review_score_above_its_weight_counts_its_weight(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        HEAD
        + 'year = 2023\n[[reviews]]\nname = "资金使用"\nweight = 5\nscore = 50\n'
        + ROW
        + 'actual = "10台"\nweight = 95\n',
        encoding="utf-8",
    )
    result = api.score_inputs(api.gather([path]))[0][0]
    assert result.total is not None and result.total <= result.weight_total == 100
    assert any(f.code == "score_above_weight" for f in result.findings)


COLUMNS = "evaluation_id,kind,name,year,level1,level2,level3,target,actual,weight,reason,annual,executed"


def test_a_csv_saved_with_cr_cr_lf(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        (COLUMNS + "\r\r\ne1,project,项目,2023,产出指标,数量指标,台数,10台,10台,90,,100,100\r\r\n").encode()
    )
    results, failed = api.score_inputs(api.gather([path]))
    assert failed == 0 and "未知列" not in str(results[0].findings)
    assert results[0].execution is not None and results[0].execution.rate == 100


def test_a_blank_year_in_a_long_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        COLUMNS + "\ne1,project,项目,,产出指标,数量指标,台数,10台,10台,100,,,\n", encoding="utf-8"
    )
    result = api.score_inputs(api.gather([path]))[0][0]
    blank = [f for f in result.findings if f.code == "cell_invalid" and "年度" in f.message]
    assert blank and blank[0].severity == "error" and "未填写" in blank[0].message
