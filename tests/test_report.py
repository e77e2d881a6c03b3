"""The 预算绩效情况说明: computed figures, never the printed ones; text, md and docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import cli
from scoring.domain.numbers import fmt2
from scoring.io.batch import score_paths
from scoring.render.report import build_report, render_text

from .conftest import ROOT
from .golden_util import check_golden


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _section(text: str, start: str, end: str | None) -> str:
    body = text.split(start, 1)[1]
    return body.split(end, 1)[0] if end else body


def test_report_figures_are_computed() -> None:
    results = score_paths(["examples/beiguan-2023"]).results
    dept, equipment, platform = results
    text = render_text(build_report(results))
    whole = _section(text, "（二）整体绩效自评结果", "（三）项目绩效自评结果")
    assert "年初预算数）317.05 万元" in whole and "全年预算数（调整后）162.25 万元" in whole
    assert "决算总额（全年执行数）162.25 万元" in whole
    assert f"部门绩效自评得分 {fmt2(dept.total)} 分" in whole and "96.56" not in whole
    assert "预算调整率" in whole and "政府采购执行率" in whole  # the rows that fell short
    assert "因财政紧张，未及时支付。" in whole and "采购资金暂未支付。" in whole
    projects = _section(text, "（三）项目绩效自评结果", None)
    assert "项目支出共 2 个" in projects and "决算资金共 5.00 万元" in projects
    assert f"自评得分 {fmt2(equipment.total)} 分" in projects and "85.87" not in projects
    assert "年初预算数 83.65 万元" in projects and "全年预算数 88.05 万元" in projects
    assert "时效指标“指标 1：采购计划完成时间”" in projects and "因资金紧张，未及时支付。" in projects
    assert "项目总体目标为：为全区 112 个社区和村配置" in projects
    assert f"自评得分 {fmt2(platform.total)} 分" in projects and "资金未支出" in projects
    assert "jixiao" not in text and "附注" not in text and "96.56" not in text  # as it is published
    noted = render_text(build_report(results, notes=True))
    assert "jixiao" in noted  # the reviewer's copy says how the figures were made
    assert "填报总分 96.56，计算得分 98.95" in noted  # and where the print differs
    check_golden("seed.report.txt", text)


def test_report_all_met(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["report", "examples/demo/rural-roads-2024.toml", "--format", "md"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("# 预算绩效情况说明") and "## （三）项目绩效自评结果" in out
    assert "未提供部门整体支出绩效自评表" in out


def test_report_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    target = tmp_path / "说明.docx"
    assert cli.main(["report", "examples/beiguan-2023", "-o", str(target)]) == 0
    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "预算绩效情况说明"
    assert "（二）整体绩效自评结果" in texts and "（三）项目绩效自评结果" in texts
    assert any("决算资金共 5.00 万元" in t for t in texts)
    assert cli.main(["report", "examples/beiguan-2023", "--format", "docx"]) == 2
    assert cli.main(["report", "nowhere.toml"]) == 2
    assert "Traceback" not in capsys.readouterr().err
