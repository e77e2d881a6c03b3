"""Tables found by their Chinese headings, in every format and layout the tests can make.

The seed's three tables, laid out as printed, must import to the evaluations of examples/beiguan-2023/
and score exactly as they do (98.95, 90.87, 13.20), with the same findings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from scoring import api
from scoring.domain.models import Evaluation
from scoring.io.documents.importer import import_document
from tests.conftest import SEED
from tests.document_tables import (
    WRITERS,
    Table,
    final_accounts,
    platform_list,
    seed_department,
    seed_project,
    target_form,
    write_docx,
    write_pdf,
    write_xlsx,
)

SETS = ("henan-project", "henan-department")


def seed() -> dict[str, Evaluation]:
    return {path.stem: api.load(path) for path in sorted(SEED.glob("*.toml"))}


def seed_tables(*, numbers: bool = False) -> list[Table]:
    evs = seed()
    return [
        seed_department(evs["department"], numbers=numbers),
        seed_project(evs["project-equipment"], numbers=numbers),
        seed_project(evs["project-platform"], numbers=numbers),
    ]


def comparable(ev: Evaluation) -> dict[str, Any]:
    """The evaluation without what the printed table cannot say: its source note, and the 实施单位 the
    transcriber added to the 部门整体 table (which prints only 部门（单位）名称)."""
    data = ev.model_dump()
    data["evaluation"].pop("source")
    if data["evaluation"]["kind"] == "department":
        data["evaluation"].pop("implementer")
    return data


def findings(result: Any) -> list[tuple[str, str, str, str]]:
    return [(f.severity, f.code, f.where, f.message) for f in result.findings]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "docx", "pdf"])
def test_seed_tables_as_printed_import_to_the_examples(fmt: str, tmp_path: Path) -> None:
    path = WRITERS[fmt](seed_tables(), tmp_path / f"北关区.{fmt}")
    read = api.import_document(path, sets=SETS)
    assert read.problems == []
    by_name = {imported.evaluation.evaluation.name: imported for imported in read.found}
    assert len(by_name) == 3
    totals: dict[str, Decimal | None] = {}
    for original in seed().values():
        imported = by_name[original.evaluation.name]
        assert imported.problems == []
        assert comparable(imported.evaluation) == comparable(original)
        expected, got = api.score(original), api.score_imported(imported)
        assert got.total == expected.total
        assert findings(got) == findings(expected)
        totals[original.evaluation.kind + original.evaluation.name] = got.total
    assert sorted(t for t in totals.values() if t is not None) == [
        Decimal("13.20"),
        Decimal("90.87"),
        Decimal("98.95"),
    ]


def test_seed_tables_with_stored_numbers_and_percent_formats(tmp_path: Path) -> None:
    """Money and 分值 stored as numbers (not text) read the same."""
    path = write_xlsx(seed_tables(numbers=True), tmp_path / "numbers.xlsx")
    read = api.import_document(path, sets=SETS)
    expected = {ev.evaluation.name: api.score(ev) for ev in seed().values()}
    for imported in read.found:
        assert api.score_imported(imported).total == expected[imported.evaluation.evaluation.name].total


def test_two_tables_on_one_sheet_anywhere_on_it(tmp_path: Path) -> None:
    """Tables moved down and right, one under the other with blank rows between: found by their headings."""
    path = write_xlsx(seed_tables()[1:], tmp_path / "one.xlsx", one_sheet=True, offset=(4, 3))
    read = import_document(path, sets=SETS)
    names = [imported.evaluation.evaluation.name for imported in read.found]
    assert names == ["采购政务服务自动化设备项目", "政务协同办公平台建设"]
    first = read.found[0]
    # the table starts at D5 (4 rows down, 3 columns right) with its title
    assert first.table.startswith("工作表「自评表」D5:")
    assert first.cell("indicator", 0) == "工作表「自评表」F23"  # title 5–6, table from row 7


def test_findings_point_at_cells(tmp_path: Path) -> None:
    path = write_xlsx(seed_tables()[1:2], tmp_path / "某单位.xlsx")
    (imported,) = api.import_document(path, sets=SETS).found
    result = api.score_imported(imported)
    by_code = {f.code: f for f in result.findings}
    assert by_code["reported_total_mismatch"].cell == "工作表「自评表1」A33"
    cells = {f.cell for f in result.findings if f.code == "level_weight"}
    assert cells and all(cell and cell.startswith("工作表「自评表1」") for cell in cells)
    # the provenance map: which cell each field came from
    from scoring.io.documents.layout import say

    def where(*loc: str | int) -> str:
        found = imported.where(loc)
        assert found is not None, loc
        return say(found)

    assert where("evaluation", "name") == "工作表「自评表1」B3"
    assert where("funds", "annual") == "工作表「自评表1」E6"
    assert where("funds", "sources", 0, "name") == "工作表「自评表1」B7"
    assert where("reviews", 2, "score") == "工作表「自评表1」G13"
    assert where("indicators", 0, "actual") == "工作表「自评表1」E19"
    assert where("indicators", 13, "reported_score") == "工作表「自评表1」G32"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_final_accounts_document_holds_several_tables(fmt: str, tmp_path: Path) -> None:
    """A 决算公开 document: prose, an accounts table (not a 自评表), then the three tables."""
    doc = final_accounts(seed_tables())
    path = (write_docx if fmt == "docx" else write_pdf)(doc, tmp_path / f"决算.{fmt}")
    read = api.import_document(path, sets=SETS)
    assert [i.evaluation.evaluation.name for i in read.found] == [
        "安阳市北关区便民服务中心",
        "采购政务服务自动化设备项目",
        "政务协同办公平台建设",
    ]
    expected = {ev.evaluation.name: api.score(ev).total for ev in seed().values()}
    for imported in read.found:
        assert api.score_imported(imported).total == expected[imported.evaluation.evaluation.name]
    label = "表 2" if fmt == "docx" else "第 "
    assert read.found[0].table.startswith(label)


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "docx", "pdf"])
def test_platform_flat_list(fmt: str, tmp_path: Path) -> None:
    """一级指标 | … | 计算符号 | 指标值 | 度量单位 | 权重 | 自评完成值 …: operator and unit joined to the
    value, 一级/二级 printed once and blank below, the 合计 row left out, the name above the header."""
    original = seed()["project-equipment"]
    path = WRITERS[fmt]([platform_list(original)], tmp_path / f"平台.{fmt}")
    (imported,) = api.import_document(path).found
    ev = imported.evaluation
    assert ev.evaluation.name == original.evaluation.name
    assert ev.evaluation.year == 2023
    assert ev.evaluation.kind == "project"
    assert ev.funds is None
    assert [(r.level1, r.level2, r.level3) for r in ev.indicators] == [
        (r.level1, r.level2, r.level3) for r in original.indicators
    ]
    assert [r.target for r in ev.indicators] == [r.target for r in original.indicators]
    assert [r.actual for r in ev.indicators] == [r.actual for r in original.indicators]
    assert [r.weight for r in ev.indicators] == [r.weight for r in original.indicators]
    assert [r.reported_score for r in ev.indicators] == [r.reported_score for r in original.indicators]
    assert ev.indicators[5].reason == "因资金紧张，未及时支付。"


def test_target_form_with_weights_is_an_evaluation_to_fill(tmp_path: Path) -> None:
    original = seed()["project-equipment"]
    path = write_docx([target_form(original)], tmp_path / "申报表.docx")
    (imported,) = api.import_document(path).found
    ev = imported.evaluation
    assert imported.targets
    assert ev.funds is not None and ev.funds.initial == Decimal("83.65") and ev.funds.executed is None
    assert [g.expected for g in ev.goals] == [original.goals[0].expected]
    assert all(row.actual is None for row in ev.indicators)
    assert [row.weight for row in ev.indicators] == [row.weight for row in original.indicators]
    assert "由绩效目标表导入" in api.document_toml(imported)


def test_target_form_without_weights_needs_a_set(tmp_path: Path) -> None:
    from scoring.domain.errors import InputError

    original = seed()["project-equipment"]
    path = write_xlsx([target_form(original, weights=False)], tmp_path / "申报表.xlsx")
    with pytest.raises(InputError) as caught:
        api.import_document(path)
    assert "--set" in str(caught.value)
    (imported,) = api.import_document(path, sets=["henan-project"]).found
    weights: dict[str, Decimal] = {}
    for row in imported.evaluation.indicators:
        weights[row.level1] = weights.get(row.level1, Decimal(0)) + row.weight
    # the set's 一级 weights (成本 10, 产出 30, 效益 20, 满意度 10), split over each 一级's rows exactly
    assert weights == {
        "成本指标": Decimal(10),
        "产出指标": Decimal(30),
        "效益指标": Decimal(20),
        "满意度指标": Decimal(10),
    }
    assert any("平均分配" in p.message for p in imported.problems)
    assert imported.evaluation.funds is not None and imported.evaluation.funds.weight == Decimal(10)
    assert len(imported.evaluation.reviews) == 4


def test_jixiao_exports_read_back(tmp_path: Path) -> None:
    """jixiao's own xlsx and docx: its 得分 are computed, so they are not taken as the clerk's."""
    results = [api.score(ev) for ev in seed().values()]
    for fmt in ("xlsx", "docx"):
        path = tmp_path / f"导出.{fmt}"
        api.export(fmt, results, path)
        read = api.import_document(path, sets=SETS)
        assert sorted(i.evaluation.evaluation.name for i in read.found) == sorted(r.name for r in results)
        for imported in read.found:
            assert imported.computed
            assert all(row.reported_score is None for row in imported.evaluation.indicators)


def test_unreadable_number_is_a_finding_at_its_cell(tmp_path: Path) -> None:
    table = platform_list(seed()["project-equipment"])
    table.rows[5][7].text = "五分"  # the 权重 of the second indicator
    path = write_xlsx([table], tmp_path / "平台.xlsx")
    (imported,) = api.import_document(path).found
    (problem,) = [p for p in imported.problems if "五分" in p.message]
    assert problem.cell == "工作表「绩效指标」H6"
    result = api.score_imported(imported)
    (finding,) = [f for f in result.findings if f.code == "document_problem" and "五分" in f.message]
    assert finding.cell == "工作表「绩效指标」H6"


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice not installed: a .doc is answered with how to save it (test_documents_bad)",
)
def test_old_doc_converted_through_libreoffice(tmp_path: Path) -> None:
    from scoring.io.documents.convert import office

    program = office()
    assert program is not None
    (tmp_path / "source").mkdir()
    docx = write_docx(seed_tables()[1:2], tmp_path / "source" / "旧表.docx")
    subprocess.run(
        [program, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    (imported,) = api.import_document(tmp_path / "旧表.doc", sets=SETS).found
    assert imported.file == str(tmp_path / "旧表.doc")
    expected = api.score(seed()["project-equipment"])
    assert api.score_imported(imported).total == expected.total


@pytest.mark.parametrize(
    "heads",
    [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        ("一级指标", "二级指标", "指标名称", "目标值", "全年实际值", "指标分值", "自评得分"),
        ("一级\n指标", "二级 指标", "绩效指标", "指标值", "自评完成值", "权重（%）", "得分"),
    ],
)
def test_heading_wordings_are_synonyms(heads: tuple[str, ...], tmp_path: Path) -> None:
    from tests.document_tables import C

    table = Table(ncols=len(heads))
    table.above = ["项目支出绩效自评表（2024年度）"]
    table.add(C("项目名称"), C("农村公路养护", colspan=len(heads) - 1))
    table.add(*[C(h) for h in heads])
    table.add(C("产出指标"), C("数量指标"), C("养护里程"), C("≥120公里"), C("125公里"), C("60"), C("60"))
    table.add(
        C("满意度指标"), C("服务对象满意度指标"), C("群众满意度"), C("≥90%"), C("93%"), C("40"), C("40")
    )
    path = write_xlsx([table], tmp_path / "同义.xlsx")
    (imported,) = api.import_document(path).found
    ev = imported.evaluation
    assert (ev.evaluation.name, ev.evaluation.year) == ("农村公路养护", 2024)
    assert [(r.level3, r.target, r.actual, r.weight, r.reported_score) for r in ev.indicators] == [
        ("养护里程", "≥120公里", "125公里", Decimal(60), Decimal(60)),
        ("群众满意度", "≥90%", "93%", Decimal(40), Decimal(40)),
    ]
    assert api.score_imported(imported).total == Decimal("100.00")


def test_a_table_lacking_a_required_column_is_refused_with_its_cell(tmp_path: Path) -> None:
    from scoring.domain.errors import InputError
    from tests.document_tables import C

    table = Table(ncols=5)
    table.above = ["项目支出绩效自评表（2024年度）"]
    table.add(C("项目名称"), C("农村公路养护", colspan=4))
    table.add(C("一级指标"), C("二级指标"), C("三级指标"), C("年度指标值"), C("实际完成值"))
    table.add(C("产出指标"), C("数量指标"), C("养护里程"), C("≥120公里"), C("125公里"))
    path = write_xlsx([table], tmp_path / "缺列.xlsx")
    with pytest.raises(InputError) as caught:
        api.import_document(path)
    (problem,) = caught.value.problems
    assert "缺少“分值”" in problem.message and problem.cell == "工作表「自评表1」A3"
