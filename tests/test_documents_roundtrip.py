"""jixiao's own xlsx and docx exports read back: export → import → the same scores, findings and text.

The exports print what a 自评表 prints. What they do not print cannot come back, and is left out of the
evaluations compared here: the indicator set's id (given again with --set, as a user would), rule
overrides and 评分标准 (rule, bands, deduct), not-applicable marks, and the clerk's own printed row
得分 / 偏差度 / 执行率 (jixiao prints its computed figures instead). The clerk's 填报总分 is printed only
with ``--findings`` (a publish-ready table shows the computed 总分): it comes back from such an export.
An evaluator's score for a row only an evaluator can score is the 得分 printed for it, and comes back as
that score.
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
    data = ev.model_dump(exclude_none=True)
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


def same_after_round_trip(original: Evaluation, folder: Path, fmt: str, *, findings: bool = False) -> None:
    shown = printed(original, findings=findings)
    result = api.score(shown)
    path = folder / f"导出.{fmt}"
    api.export(fmt, [result], path, findings=findings)
    sets = [shown.evaluation.set] if shown.evaluation.set else []
    (imported,) = api.import_document(path, sets=sets).found
    assert imported.problems == []
    assert text_of(imported.evaluation) == text_of(shown)
    again = api.score_imported(imported)
    assert again.total == result.total and again.grade == result.grade
    assert [(r.score, r.status) for r in again.indicators] == [(r.score, r.status) for r in result.indicators]
    assert [(f.severity, f.code, f.where, f.message) for f in again.findings] == [
        (f.severity, f.code, f.where, f.message) for f in result.findings
    ]


@pytest.mark.parametrize("findings", [False, True], ids=["publish-ready", "with-findings"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("name", ["department", "project-equipment", "project-platform"])
def test_examples_round_trip(name: str, fmt: str, findings: bool, tmp_path: Path) -> None:
    same_after_round_trip(api.load(SEED / f"{name}.toml"), tmp_path, fmt, findings=findings)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=evaluations(), fmt=st.sampled_from(["xlsx", "docx"]), findings=st.booleans())
def test_generated_evaluations_round_trip(original: Evaluation, fmt: str, findings: bool, tmp_path: Path) -> None:
    same_after_round_trip(original, tmp_path, fmt, findings=findings)
