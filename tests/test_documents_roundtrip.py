"""jixiao's own xlsx and docx exports read back: export → import → the same scores, findings and text.

The exports print what a 自评表 prints. What they do not print cannot come back, and is left out of the
evaluations compared here: the indicator set's id (given again with --set, as a user would), rule
overrides and 评分标准 (rule, bands, deduct), not-applicable marks, and the clerk's own printed row
得分 / 偏差度 / 执行率 (jixiao prints its computed figures instead). The clerk's 填报总分 is printed only
with ``--findings`` (a publish-ready table shows the computed 总分), in the 问题清单 beside the evaluation's
name: it comes back from such an export, to its own evaluation. Every text is printed with its numbers and
% in half-width (a clerk's ``１２个`` prints ``12个``), and comes back so. An evaluator's score for a row
only an evaluator can score is the 得分 printed for it, and comes back as that score.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import ROWS
from scoring import api
from scoring.domain.models import Evaluation
from scoring.domain.vocabulary import FUND_SOURCE_NAMES
from scoring.io.documents.mapping import Imported
from scoring.render.common import half_width_all
from tests.conftest import SEED

CJK = st.text(
    alphabet=st.sampled_from("项目资金管理服务设备采购建设完成情况良好，。、（）年月日一二三"),
    min_size=2,
    max_size=30,
)
PROSE = st.lists(CJK, min_size=1, max_size=3).map("\n".join)
MONEY = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
WEIGHT = st.integers(min_value=1, max_value=20).map(Decimal)


@st.composite
def indicator_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    chosen = draw(st.lists(st.sampled_from(range(len(ROWS))), min_size=1, max_size=8))
    rows = []
    for index in sorted(chosen):
        level1, level2, level3, target, actuals = ROWS[index]
        actual = draw(st.sampled_from([a for a in actuals if a != "NA"]))
        weight = draw(WEIGHT)
        row: dict[str, Any] = {"level1": level1, "level2": level2, "level3": level3, "target": target}
        if isinstance(actual, tuple):  # a verdict the evaluator scores: 部分达成 and the points given
            tier, share = actual
            row |= {"actual": tier, "score": (weight * Decimal(share)).quantize(Decimal("0.01"))}
        else:
            row["actual"] = actual
        row["weight"] = weight
        if draw(st.booleans()):
            row["reason"] = draw(PROSE)
        rows.append(row)
    return rows


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    kind = draw(st.sampled_from(["project", "department"]))
    annual = draw(MONEY.filter(lambda m: m > 0))
    executed = draw(st.one_of(st.just(annual), MONEY))
    funds: dict[str, Any] = {"weight": 10, "initial": draw(MONEY), "annual": annual, "executed": executed}
    names = draw(st.lists(st.sampled_from(FUND_SOURCE_NAMES), unique=True, max_size=2))
    funds["sources"] = [
        {"name": n, "initial": draw(MONEY), "annual": draw(MONEY), "executed": draw(MONEY)} for n in names
    ]
    head: dict[str, Any] = {"kind": kind, "year": draw(st.integers(2018, 2030)), "name": draw(CJK)}
    if kind == "project":
        head["authority"] = draw(CJK)
        head["implementer"] = draw(CJK)
    if draw(st.booleans()):
        head["reported_total"] = draw(st.decimals(min_value=0, max_value=100, places=2))
    indicators = draw(indicator_rows())
    data: dict[str, Any] = {"evaluation": head, "funds": funds, "indicators": indicators}
    count = draw(st.integers(1, 2))
    if kind == "project":
        data["goals"] = (
            [{"expected": draw(PROSE), "actual": draw(PROSE)}]
            if count == 1
            else [{"name": f"目标 {i + 1}", "expected": draw(CJK), "actual": draw(CJK)} for i in range(count)]
        )
        data["reviews"] = [
            {
                "name": name,
                "weight": 5,
                "score": draw(st.integers(0, 5)),
                "note": draw(PROSE),
                "problem": draw(CJK),
            }
            for name in draw(
                st.lists(st.sampled_from(["安排科学性", "拨付合规性", "使用规范性"]), unique=True)
            )
        ]
    else:
        data["goals"] = [
            {"name": f"目标 {i + 1}", "expected": draw(PROSE), "actual": draw(PROSE)} for i in range(count)
        ]
        data["tasks"] = [
            {"name": f"任务 {i + 1}", "content": draw(PROSE), "actual": draw(CJK)} for i in range(count)
        ]
        data["levels"] = [
            {
                "level1": level1,
                "weight": sum((r["weight"] for r in indicators if r["level1"] == level1), Decimal(0)),
            }
            for level1 in dict.fromkeys(r["level1"] for r in indicators)
        ]
    return Evaluation.model_validate(data)


def printed(ev: Evaluation, *, findings: bool = False) -> Evaluation:
    """What the exports print of an evaluation (see the module's docstring)."""
    data = half_width_all(ev.model_dump(exclude_none=True))
    if not findings:
        data["evaluation"].pop("reported_total", None)
    for row in data["indicators"]:
        row.pop("reported_score", None)
        row.pop("reported_deviation", None)
    if "funds" in data:
        data["funds"].pop("reported_rate", None)
        data["funds"].pop("reported_score", None)
        for source in data["funds"].get("sources", []):
            source.pop("reported_rate", None)
    data["evaluation"].pop("source", None)
    return Evaluation.model_validate(data)


def text_of(ev: Evaluation) -> dict[str, Any]:
    data = ev.model_dump(exclude_none=True)
    data["evaluation"].pop("source", None)
    if data["evaluation"]["kind"] == "department":
        data["evaluation"].pop("implementer", None)  # the 部门整体 table prints only 部门（单位）名称
    return data


def same_after_round_trip(
    originals: list[Evaluation], folder: Path, fmt: str, *, findings: bool = False
) -> list[Imported]:
    """Export the evaluations to one file, import it: each comes back as printed, scoring the same."""
    shown = [printed(original, findings=findings) for original in originals]
    results = [api.score(ev) for ev in shown]
    path = folder / f"导出.{fmt}"
    api.export(fmt, results, path, findings=findings)
    sets = sorted({ev.evaluation.set for ev in shown if ev.evaluation.set})
    found = api.import_document(path, sets=sets).found
    assert len(found) == len(shown)
    for imported, ev, result in zip(found, shown, results, strict=True):
        assert imported.problems == []
        assert text_of(imported.evaluation) == text_of(ev)
        again = api.score_imported(imported)
        assert again.total == result.total and again.grade == result.grade
        assert [(r.score, r.status) for r in again.indicators] == [
            (r.score, r.status) for r in result.indicators
        ]
        assert [(f.severity, f.code, f.where, f.message) for f in again.findings] == [
            (f.severity, f.code, f.where, f.message) for f in result.findings
        ]
    return found


@pytest.mark.parametrize("findings", [False, True], ids=["publish-ready", "with-findings"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("name", ["department", "project-equipment", "project-platform"])
def test_examples_round_trip(name: str, fmt: str, findings: bool, tmp_path: Path) -> None:
    same_after_round_trip([api.load(SEED / f"{name}.toml")], tmp_path, fmt, findings=findings)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_each_evaluation_of_a_file_gets_its_own_reported_total(fmt: str, tmp_path: Path) -> None:
    """Three evaluations in one file with --findings: each 填报总分 in the 问题清单 goes to its own table."""
    names = ("department", "project-equipment", "project-platform")
    found = same_after_round_trip([api.load(SEED / f"{n}.toml") for n in names], tmp_path, fmt, findings=True)
    assert [i.evaluation.evaluation.reported_total for i in found] == [Decimal("96.56"), Decimal("85.87"), 0]


def test_reported_total_goes_by_name_not_by_place(tmp_path: Path) -> None:
    """Two evaluations of one name and a third without a printed total: each takes the line of its own."""
    base = api.load(SEED / "project-equipment.toml")
    twins = [
        base.model_copy(update={"evaluation": base.evaluation.model_copy(update={"reported_total": total})})
        for total in (Decimal("85.87"), None, Decimal("70"))
    ]
    other = api.load(SEED / "project-platform.toml")
    for fmt in ("xlsx", "docx"):
        folder = tmp_path / fmt
        folder.mkdir()
        found = same_after_round_trip([*twins[:2], other, twins[2]], folder, fmt, findings=True)
        assert [i.evaluation.evaluation.reported_total for i in found] == [Decimal("85.87"), None, 0, 70]


def test_an_export_of_the_earlier_wording_still_gives_its_reported_total(tmp_path: Path) -> None:
    """xlsx written before the note was one wording: "名称：文件 x.toml；得分按规则计算，填报总分 85.87。"."""
    from openpyxl import load_workbook

    ev = api.load(SEED / "project-equipment.toml")
    path = tmp_path / "旧.xlsx"
    api.export("xlsx", [api.score(ev)], path, findings=True)
    book = load_workbook(path)
    sheet = book["问题清单"]
    (cell,) = [c for row in sheet.iter_rows() for c in row if "得分按规则计算" in str(c.value or "")]
    cell.value = f"{ev.evaluation.name}：文件 project-equipment.toml；得分按规则计算，填报总分 85.87。"
    book.save(path)
    (imported,) = api.import_document(path, sets=["henan-project"]).found
    assert imported.evaluation.evaluation.reported_total == Decimal("85.87")


def long_evaluation(rows: int) -> Evaluation:
    """A project with ``rows`` indicators in runs of seven under one 二级: its tables break across pages,
    and page breaks cut merged 一级/二级 cells."""
    indicators = []
    for index in range(rows):
        level1, level2, level3, target, actuals = ROWS[(index // 7) % len(ROWS)]
        actual = next(a for a in actuals if isinstance(a, str) and a != "NA")
        row: dict[str, Any] = {"level1": level1, "level2": level2, "level3": f"{level3}{index + 1}"}
        row |= {"target": target}
        row |= {"actual": actual, "weight": Decimal("0.75")}
        if index % 3:
            row["reason"] = "按计划推进，部分乡镇尚未覆盖"
        indicators.append(row)
    head = {"kind": "project", "year": 2023, "name": "长表项目", "authority": "青禾县交通运输局"}
    head |= {"implementer": "青禾县公路事业发展中心", "reported_total": Decimal("88.5")}
    funds = {"weight": 10, "initial": 100, "annual": 100, "executed": 95}
    return Evaluation.model_validate({"evaluation": head, "funds": funds, "indicators": indicators})


@pytest.mark.parametrize("findings", [False, True], ids=["publish-ready", "with-findings"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_a_table_broken_across_pages_comes_back_as_one_evaluation(
    fmt: str, findings: bool, tmp_path: Path
) -> None:
    """120 indicator rows: the docx holds the upper block, then one table per page, each opening with the
    repeated header rows; the xlsx one sheet with print titles. Either reads back as the one evaluation,
    each heading mapped once (from its first page)."""
    (imported,) = same_after_round_trip([long_evaluation(120)], tmp_path, fmt, findings=findings)
    if fmt == "docx":
        import docx

        assert len(docx.Document(str(tmp_path / "导出.docx")).tables) >= 4 + int(findings)
    mapped = [(block, name) for block, _text, _where, name in imported.headings]
    assert len(mapped) == len(set(mapped))
    indicator_fields = {name for block, name in mapped if block == "indicators"}
    assert indicator_fields >= {"level1", "level3", "weight", "score"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=evaluations(), fmt=st.sampled_from(["xlsx", "docx"]), findings=st.booleans())
def test_generated_evaluations_round_trip(
    original: Evaluation, fmt: str, findings: bool, tmp_path: Path
) -> None:
    same_after_round_trip([original], tmp_path, fmt, findings=findings)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    originals=st.lists(evaluations(), min_size=2, max_size=3),
    fmt=st.sampled_from(["xlsx", "docx"]),
    findings=st.booleans(),
)
def test_generated_batches_round_trip(
    originals: list[Evaluation], fmt: str, findings: bool, tmp_path: Path
) -> None:
    """Several evaluations in one file (a 汇总 first; names may repeat): each comes back as itself."""
    same_after_round_trip(originals, tmp_path, fmt, findings=findings)
