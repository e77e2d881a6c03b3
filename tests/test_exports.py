"""Every export format on the seed's three tables: golden text, and xlsx/docx read back cell by cell."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import reported_total_note
from scoring.io.batch import score_paths
from scoring.render import render_text, write
from scoring.render.common import Options
from scoring.render.layout import build

from .conftest import ROOT
from .golden_util import check_golden

SEED_FILES = [
    "examples/beiguan-2023/department.toml",
    "examples/beiguan-2023/project-equipment.toml",
    "examples/beiguan-2023/project-platform.toml",
]


@pytest.fixture(scope="module")
def seed() -> list[EvaluationResult]:
    """The seed's results, scored with relative paths (as golden files show them)."""
    import os

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return score_paths(SEED_FILES).results
    finally:
        os.chdir(here)


@pytest.fixture(scope="module")
def xlsx_path(seed: list[EvaluationResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("x") / "seed.xlsx"
    write("xlsx", seed, path)
    return path


@pytest.fixture(scope="module")
def docx_path(seed: list[EvaluationResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("d") / "seed.docx"
    write("docx", seed, path)
    return path


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "html"])
def test_text_formats_golden(seed: list[EvaluationResult], fmt: str) -> None:
    check_golden(f"seed.{fmt}", render_text(fmt, seed, detail=True))


def test_single_table_golden(seed: list[EvaluationResult]) -> None:
    check_golden("project-equipment.table", render_text("table", seed[1:2]))


def test_json_is_formats_section_5(seed: list[EvaluationResult]) -> None:
    data = json.loads(render_text("json", seed))
    first = data["evaluations"][1]
    assert first["execution"]["rate"] == 5.68 and first["execution"]["score"] == 0.57
    assert first["total"] == 90.87 and first["reported_total"] == 85.87
    assert first["execution"]["sources"][0]["name"] == "财政拨款"
    row = next(i for i in first["indicators"] if "采购计划完成时间" in i["level3"])
    assert row["score"] == 0.3 and row["deviation"] == -94.0 and row["status"] == "short"


def test_csv_one_row_per_indicator_with_bom(seed: list[EvaluationResult], tmp_path: Path) -> None:
    path = tmp_path / "seed.csv"
    write("csv", seed, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == sum(len(r.indicators) for r in seed)
    deadline = next(r for r in rows if "采购计划完成时间" in r["level3"])
    assert deadline["name"] == "采购政务服务自动化设备项目"
    assert (deadline["score"], deadline["deviation"], deadline["status"]) == ("0.30", "-94.00", "short")
    assert deadline["reason"] == "因资金紧张，未及时支付。"
    assert deadline["kind"] == "project" and deadline["year"] == "2023"


def test_layout_merges_level_cells(seed: list[EvaluationResult]) -> None:
    grid = build(seed[0])
    spans = {p.cell.text.split("\n")[0]: p.cell.rowspan for p in grid.cells if p.cell.rowspan > 1}
    assert spans["投入管理指标"] == 18
    assert spans["预算和财务管理"] == 11
    assert spans["效益指标"] == 2
    # every grid position is covered exactly once
    covered: list[tuple[int, int]] = []
    for p in grid.cells:
        covered += [
            (r, c) for r in range(p.row, p.row + p.cell.rowspan) for c in range(p.col, p.col + p.cell.colspan)
        ]
    assert len(covered) == len(set(covered)) == grid.nrows * grid.ncols


def test_xlsx_read_back(xlsx_path: Path, seed: list[EvaluationResult]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(xlsx_path)
    assert wb.sheetnames == [
        "安阳市北关区便民服务中心",
        "采购政务服务自动化设备项目",
        "政务协同办公平台建设",
        "汇总",
    ]
    ws = wb["采购政务服务自动化设备项目"]
    values = {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
    text = [v for v in values.values() if isinstance(v, str)]
    assert "项目支出绩效自评情况表" in text and "（2023 年度）" in text
    assert "安阳市北关区政务服务和大数据管理局" in text and "财政拨款" in text
    assert "偏差原因分析\n及改进措施" in text
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 一级 and 二级 cells merged over their rows
    output_at = next(k for k, v in values.items() if isinstance(v, str) and v.startswith("产出指标"))
    assert f"A{output_at[0]}:A{output_at[0] + 3}" in merged
    quality_at = next(k for k, v in values.items() if v == "质量指标")
    assert f"B{quality_at[0]}:B{quality_at[0] + 1}" in merged
    # 总分 row: computed total as a number with two decimals, 分值 sum, grade
    total_row = next(k[0] for k, v in values.items() if v == "总分")
    assert ws.cell(total_row, 6).value == 105
    assert ws.cell(total_row, 7).value == pytest.approx(90.87)
    assert ws.cell(total_row, 7).number_format == "0.00"
    assert ws.cell(total_row, 8).value == "等级：优"
    deadline_row = next(k[0] for k, v in values.items() if v == "指标 1：采购计划完成时间")
    assert ws.cell(deadline_row, 7).value == pytest.approx(0.3)
    assert ws.cell(deadline_row, 8).value == pytest.approx(-94.0)
    assert ws.column_dimensions["C"].width > ws.column_dimensions["F"].width  # 三级指标 wider than 分值
    # "=100%" stays a 年度指标值 (text), never a formula
    dept = wb["安阳市北关区便民服务中心"]
    eq = [c for row in dept.iter_rows() for c in row if c.value == "=100%"]
    assert eq and all(c.data_type == "s" for c in eq)
    summary = wb["汇总"]
    assert summary.cell(1, 1).value == "绩效自评汇总"
    names = [summary.cell(r, 1).value for r in range(3, 6)]
    assert names == [r.name for r in seed]
    assert summary.cell(3, 6).value == pytest.approx(float(seed[0].total or 0))


def test_docx_read_back(docx_path: Path, seed: list[EvaluationResult]) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    doc = Document(str(docx_path))
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in doc.sections)
    rfonts = doc.styles["Normal"].element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    # summary table, then per evaluation its upper block and its indicator table (whose heads repeat)
    assert len(doc.tables) == 1 + 2 * 3
    summary = doc.tables[0]
    assert [c.text for c in summary.rows[0].cells] == [
        "名称",
        "类型",
        "全年预算数\n（万元）",
        "全年执行数\n（万元）",
        "执行率",
        "总分",
        "等级",
    ]
    upper, project = doc.tables[3:5]
    flat = [c.text for row in upper.rows for c in row.cells]
    assert "采购政务服务自动化设备项目" in flat and "年度资金总额" in flat and "0.57" in flat
    cells = [[c.text for c in row.cells] for row in project.rows]
    # 一级 cell merged vertically: the same cell object spans the 成本指标 rows
    head = next(i for i, row in enumerate(cells) if row[0] == "一级指标")
    first, second = project.cell(head + 1, 0), project.cell(head + 2, 0)
    assert first._tc is second._tc and first.text.startswith("成本指标")
    total = next(row for row in cells if row[0] == "总分")
    assert "105" in total and "90.87" in total and "等级：优" in total
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "项目支出绩效自评情况表" in paragraphs and "部门整体支出绩效自评情况表" in paragraphs


def test_binary_exports_golden(xlsx_path: Path, docx_path: Path) -> None:
    """The xlsx and docx contents (values, merges, table text) as a readable text dump."""
    from docx import Document
    from openpyxl import load_workbook

    lines: list[str] = []
    wb = load_workbook(xlsx_path)
    for ws in wb.worksheets:
        lines.append(f"## sheet {ws.title}")
        lines.append("merged: " + " ".join(sorted(str(r) for r in ws.merged_cells.ranges)))
        for row in ws.iter_rows():
            vals = [f"{c.coordinate}={c.value!r}" for c in row if c.value is not None]
            if vals:
                lines.append(" | ".join(vals))
    check_golden("seed.xlsx.txt", "\n".join(lines) + "\n")
    doc = Document(str(docx_path))
    out: list[str] = []
    for index, table in enumerate(doc.tables):
        out.append(f"## table {index}")
        for row in table.rows:
            out.append(" | ".join(c.text.replace("\n", "/") for c in row.cells))
    check_golden("seed.docx.txt", "\n".join(out) + "\n")


def test_html_standalone_with_chart(seed: list[EvaluationResult]) -> None:
    page = render_text("html", seed)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page and "<link" not in page
    assert page.count("<svg") == 3
    assert 'rowspan="18"' in page  # 投入管理指标 over its rows
    assert "28.95 / 30" in page  # 投入管理指标 score against its 分值


def test_md_tables(seed: list[EvaluationResult]) -> None:
    text = render_text("md", seed[1:2])
    assert "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差度 |" in text
    assert "**90.87**" in text


def test_deviation_column_only_where_layout_has_it() -> None:
    (result,) = score_paths([str(ROOT / "examples/demo/sichuan-farmer-training-2024.toml")]).results
    assert "偏差度" not in render_text("md", [result])
    assert result.total is not None and Decimal(result.total) > 0


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    return "\n".join([*book.sheetnames, *values])


def test_documents_for_people_hold_the_official_tables_only(
    seed: list[EvaluationResult], xlsx_path: Path, docx_path: Path
) -> None:
    codes = {f.code for r in seed for f in r.findings}
    for text in (_docx_text(docx_path), _xlsx_text(xlsx_path)):
        assert "问题清单" not in text and "发现问题" not in text and "未发现问题" not in text
        assert "文件" not in text and ".toml" not in text and "jixiao" not in text
        assert "填报总分" not in text  # the printed total is the reviewer's business
        assert not [code for code in codes if code in text]


def test_findings_on_request_in_words(seed: list[EvaluationResult], tmp_path: Path) -> None:
    options = Options(findings=True)
    write("docx", seed, tmp_path / "f.docx", options=options)
    write("xlsx", seed, tmp_path / "f.xlsx", options=options)
    codes = {f.code for r in seed for f in r.findings}
    message = seed[1].findings[0].message
    for text in (_docx_text(tmp_path / "f.docx"), _xlsx_text(tmp_path / "f.xlsx")):
        assert "问题清单" in text and message in text
        assert "examples/beiguan-2023/project-equipment.toml" in text and "填报总分 85.87" in text
        assert reported_total_note("85.87") in text  # one wording in both: an import reads it back
        assert not [code for code in codes if code in text]  # findings in words, never their codes
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "f.xlsx")["问题清单"]
    assert sheet.max_row - 2 - len(seed) == sum(len(r.findings) for r in seed)  # title, heads, notes


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json", "html", "xlsx", "docx"])
def test_numbers_half_width_in_every_export(tmp_path: Path, fmt: str) -> None:
    """A clerk's full-width digits and ％ print half-width; the wording around them is kept."""
    from scoring.api import score

    from .conftest import make, row

    result = score(make(row("≥９５％", "实际１００．０％，共１２套")))
    path = tmp_path / f"out.{fmt}"
    write(fmt, [result], path)
    if fmt == "xlsx":
        text = _xlsx_text(path)
    elif fmt == "docx":
        text = _docx_text(path)
    else:
        text = path.read_text(encoding="utf-8-sig")
    shown = text.replace(">=", "≥")
    assert "≥95%" in shown and "实际100.0%，共12套" in shown
    assert not any("\uff10" <= ch <= "\uff19" or ch == "％" for ch in text)


def test_funds_reason_is_in_every_table_and_the_report(tmp_path: Path) -> None:
    """The 偏差原因 of the budget's execution (typed in the TUI's funds pane) was in no export."""
    import openpyxl
    from docx import Document

    from scoring import api

    evaluation = api.load(ROOT / SEED_FILES[1])
    assert evaluation.funds is not None
    reason = "设备到货延迟，资金未及时支付"
    evaluation.funds.reason = reason
    result = api.score(evaluation)
    assert result.execution is not None and result.execution.reason == reason
    for fmt in ("table", "md", "html"):
        assert reason in render_text(fmt, [result], detail=True), fmt
    write("xlsx", [result], tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert any(reason in str(cell.value) for row in book.worksheets[0].iter_rows() for cell in row)
    write("docx", [result], tmp_path / "t.docx")
    document = Document(str(tmp_path / "t.docx"))
    assert any(reason in cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert reason in api.report_text(api.report([result]))
