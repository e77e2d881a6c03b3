"""The national 部门整体 set (财预〔2013〕53号 共性指标框架): listed, made an evaluation, filled, scored."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w

from scoring import cli
from scoring.io.sets import find_set

from .conftest import ROOT

SET = "national-department"

# level3 → (年度指标值 where the set leaves it to the unit, 实际完成值, expected 得分)
FILLED: dict[str, tuple[str | None, str, str]] = {
    "绩效目标合理性": (None, "合理", "3.00"),
    "绩效指标明确性": (None, "明确", "2.00"),
    "在职人员控制率": (None, "96.5%", "3.00"),
    "“三公经费”变动率": (None, "-8.2%", "3.00"),
    "重点支出安排率": ("≥60%", "54%", "3.60"),  # 4 × 54 / 60
    "预算调整率": ("≤10%", "12.5%", "1.60"),  # ratio: 2 × 10 / 12.5
    "支付进度率": (None, "100%", "2.00"),
    "结转结余率": ("≤10%", "4%", "2.00"),
    "结转结余变动率": (None, "3%", "0.00"),  # ≤0%: anything above 0 scores nothing
    "公用经费控制率": (None, "98%", "2.00"),
    "“三公经费”控制率": (None, "101%", "1.98"),  # 2 × 100 / 101
    "政府采购执行率": (None, "100%", "2.00"),
    "预算管理制度健全性": (None, "健全", "3.00"),
    "资金使用合规性": (None, "合规", "3.00"),
    "预决算信息公开性": (None, "公开", "3.00"),
    "基础信息完善性": (None, "完善", "2.00"),  # same words as the target: 达成
    "资产管理制度健全性": (None, "健全", "2.00"),
    "资产管理安全性": (None, "安全", "2.00"),
    "固定资产利用率": ("≥95%", "97%", "1.00"),
    "实际完成率": (None, "95%", "6.65"),  # 7 × 95%
    "完成及时率": (None, "100%", "6.00"),
    "质量达标率": (None, "100%", "6.00"),
    "重点工作办结率": (None, "100%", "6.00"),
    "经济效益": ("达成预期", "达成预期指标", "5.00"),
    "社会效益": ("显著提升", "显著提升", "5.00"),
    "生态效益": ("明显", "明显", "5.00"),
    "社会公众或服务对象满意度": ("≥90%", "93.5%", "5.00"),
}
FUNDS_SCORE = Decimal("9.60")  # 10 × 480 / 500


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_sets_lists_it_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "sets")
    assert code == 0
    block = out[out.index(SET) :].split("\n", 3)
    assert "部门整体" in block[0]
    assert "执行率 10 / 投入 15 / 过程 30 / 产出 25 / 效果 20（合计 100）" in block[1]
    assert "财预〔2013〕53号" in block[2] and "部门整体支出绩效评价共性指标体系框架" in block[2]


def test_weights_add_up_level_by_level() -> None:
    found = find_set(SET)
    assert found.set.kind == "department" and found.funds is not None and found.funds.weight == 10
    levels = {level.level1: level.weight for level in found.levels}
    assert list(levels) == ["投入", "过程", "产出", "效果"]
    for level1, weight in levels.items():
        assert sum(row.weight for row in found.indicators if row.level1 == level1) == weight, level1
    assert found.funds.weight + sum(levels.values()) == 100
    assert {row.level3 for row in found.indicators} == set(FILLED)


def test_new_filled_and_scored(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "department.toml"
    code, _, _ = _run(capsys, "new", "--set", SET, "-o", str(path))
    assert code == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["evaluation"]["set"] == SET and data["evaluation"]["kind"] == "department"
    data["evaluation"]["name"] = "某某局"
    data["evaluation"]["year"] = 2023
    data["funds"].update(annual=500, executed=480)
    for row in data["indicators"]:
        target, actual, score = FILLED[row["level3"]]
        assert (row["target"] == "") == (target is not None), row["level3"]
        if target is not None:
            row["target"] = target
        row["actual"] = actual
        if Decimal(score) < row["weight"]:
            row["reason"] = "部分工作未按计划完成，下年度加强预算执行管理。"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")

    code, out, _ = _run(capsys, "score", str(path), "--format", "json")
    assert code == 0
    result = json.loads(out, parse_float=Decimal)["evaluations"][0]
    assert result["execution"]["score"] == FUNDS_SCORE
    scores = {row["level3"]: row["score"] for row in result["indicators"]}
    assert scores == {name: Decimal(score) for name, (_, _, score) in FILLED.items()}
    expected_total = FUNDS_SCORE + sum(Decimal(score) for _, _, score in FILLED.values())
    assert expected_total == Decimal("96.43")
    assert (result["total"], result["grade"], result["weight_total"]) == (expected_total, "优", 100)
    assert [f for f in result["findings"] if f["severity"] == "error"] == []
