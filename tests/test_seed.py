"""The seed's three tables, transcribed as printed: the engine must find what a reviewer finds."""

from __future__ import annotations

from decimal import Decimal

from scoring.core.convert import results
from scoring.core.pipeline import score_cases
from scoring.domain.models import RuleOverrides
from scoring.io.batch import score_paths
from scoring.io.cases import load_case, prepare

from .conftest import SEED, codes, d


def _by_name(result, level3_part: str):
    return next(i for i in result.indicators if level3_part in i.level3)


def test_project_equipment_as_printed() -> None:
    (result,) = score_paths([str(SEED / "project-equipment.toml")]).results
    assert result.execution is not None
    assert result.execution.rate == d("5.68")
    assert result.execution.score == d("0.57")
    deadline = _by_name(result, "采购计划完成时间")
    assert deadline.rule == "deadline"
    assert deadline.score == d("0.30")
    assert deadline.deviation == d("-94.00")
    assert deadline.status == "short"
    assert result.weight_total == 105
    assert result.total == d("90.87")
    assert result.reported_total == d("85.87")
    found = {f.code: f for f in result.findings}
    assert found["weights_total"].severity == "error"
    assert "105" in found["weights_total"].message
    assert found["reported_total_mismatch"].severity == "error"
    assert (
        "85.87" in found["reported_total_mismatch"].message
        and "90.87" in found["reported_total_mismatch"].message
    )
    assert found["spending_gap"].severity == "warning"
    assert "5.68" in found["spending_gap"].message
    subtotals = {s.level1: s.score for s in result.subtotals}
    assert subtotals == {
        "成本指标": d("10"),
        "产出指标": d("25.3"),
        "效益指标": d("27"),
        "满意度指标": d("8"),
    }


def test_department_linear_as_printed() -> None:
    (result,) = score_paths([str(SEED / "department.toml")]).results
    adjust = _by_name(result, "预算调整率")
    assert adjust.rule == "lower"
    assert adjust.score == d("1.02")
    purchase = _by_name(result, "政府采购执行率")
    assert purchase.score == d("0.93")
    assert result.total == d("98.95")
    above = [f for f in result.findings if f.code == "score_above_weight"]
    assert {f.where.split(" / ")[-1] for f in above} == {
        "专项资金细化率",
        "结转结余率",
        "政府采购执行率",
        "管理制度健全性",
    }
    rows_sum = next(f for f in result.findings if f.code == "reported_rows_sum")
    assert "97.95" in rows_sum.message and "96.56" in rows_sum.message
    assert "reported_total_mismatch" in codes(result)


def test_department_under_ratio_rule() -> None:
    case = load_case(SEED / "department.toml")
    evaluation = case.evaluation.model_copy(update={"rules": RuleOverrides(reverse="ratio")})
    (result,) = results(score_cases([prepare(evaluation, case.path, near=SEED / "department.toml")]))
    assert _by_name(result, "预算调整率").score == d("1.34")


def test_project_platform_everything_zero_as_printed() -> None:
    (result,) = score_paths([str(SEED / "project-platform.toml")]).results
    assert result.weight_total == 100
    assert "weights_total" not in codes(result)
    assert result.execution is not None and result.execution.rate == d("0.00")
    # ≤40万元 with 0万元 spent scores full by the rule, and the reviewer is told why that is suspicious
    cost = _by_name(result, "系统建设成本")
    assert cost.score == d("10.00")
    assert "zero_actual_full_score" in codes(result)
    response = _by_name(result, "响应时间")
    assert response.deviation == d("150.00")
    count = _by_name(result, "平台建设数量")
    assert count.deviation == d("-100.00") and count.score == d("0.00")


def test_live_stages_give_the_figures_then_the_same_result_with_findings() -> None:
    """The TUI's road: figures first (no checks run), then exactly what every other road gives."""
    from scoring.api import score as score_evaluation
    from scoring.api import score_live as score_evaluation_stages
    from scoring.io.toml_read import load_evaluation

    for path in sorted(SEED.glob("*.toml")):
        evaluation = load_evaluation(path)
        whole = score_evaluation(evaluation, str(path), near=path)
        figures, final = list(score_evaluation_stages(evaluation, str(path), near=path))
        assert whole.findings, path  # the seed's tables all have findings
        assert figures.findings == []
        assert figures.model_dump(exclude={"findings"}) == whole.model_dump(exclude={"findings"})
        assert final.model_dump() == whole.model_dump()


def test_live_road_reuses_the_rows_an_edit_left_alone_and_scores_as_the_full_road() -> None:
    """A keystroke changes one row: the live road rebuilds that row's result and reuses the others, and after
    every edit (a value typed, taken back, a weight changed) its result is still exactly the full road's."""
    from scoring.api import score as score_evaluation
    from scoring.api import score_live
    from scoring.io.toml_read import load_evaluation

    path = SEED / "project-equipment.toml"
    evaluation = load_evaluation(path)
    first, _ = list(score_live(evaluation, str(path), near=path))
    edits = [("actual", "0.05"), ("actual", "≥0.05%"), ("weight", Decimal("4")), ("actual", "0.0")]
    for field, value in edits:
        setattr(evaluation.indicators[0], field, value)
        figures, final = list(score_live(evaluation, str(path), near=path))
        whole = score_evaluation(evaluation, str(path), near=path)
        assert final.model_dump() == whole.model_dump(), (field, value)
        assert figures.indicators[0] is not first.indicators[0]  # the edited row is built afresh
        assert figures.indicators[0].model_dump() == whole.indicators[0].model_dump()
        assert all(a is b for a, b in zip(figures.indicators[1:], first.indicators[1:], strict=True))
