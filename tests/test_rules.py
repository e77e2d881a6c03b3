"""Every row rule and knob of docs/rules.md, one behaviour per test."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scoring.api import score as score_evaluation

from .conftest import codes, d, make, row, score_one


def test_higher_met_short_and_negative_actual() -> None:
    assert score_one("≥90%", "95%").indicators[0].score == d("10.00")
    short = score_one("不低于90%", "45%").indicators[0]
    assert (short.score, short.status, short.deviation) == (d("5.00"), "short", d("-50.00"))
    assert score_one("≥90%", "-5%").indicators[0].score == d("0.00")


def test_bare_number_and_full_width_forms_are_higher() -> None:
    assert score_one("112套", "56套").indicators[0].score == d("5.00")
    assert score_one("≥９０％", "４５％").indicators[0].score == d("5.00")


def test_lower_ratio_default_and_linear_knob() -> None:
    assert score_one("≤4小时", "10小时", "8").indicators[0].score == d("3.20")
    linear = score_one("≤4小时", "10小时", "8", rules='reverse = "linear"').indicators[0]
    assert linear.score == d("0.00")
    assert linear.deviation == d("150.00")
    assert score_one("≤10%", "14.88%", "2", rules='reverse = "linear"').indicators[0].score == d("1.02")


def test_lower_zero_target() -> None:
    assert score_one("≤0", "0").indicators[0].score == d("10.00")
    assert score_one("≤0", "1").indicators[0].score == d("0.00")


def test_units_convert_and_actual_takes_the_target_unit() -> None:
    assert score_one("≤83.65万元", "836500元").indicators[0].status == "met"
    assert score_one("≤1天", "12小时").indicators[0].status == "met"
    assert score_one("≥90%", "900‰").indicators[0].status == "met"
    assert score_one("≥90%", "90").indicators[0].status == "met"


def test_incompatible_units_are_an_error() -> None:
    result = score_one("≥90%", "90万元")
    assert result.indicators[0].status == "invalid"
    assert "unit_mismatch" in codes(result)


def test_equal_zero_target_and_mismatch_flag() -> None:
    assert score_one("=0", "0").indicators[0].score == d("10.00")
    assert score_one("=0", "2").indicators[0].score == d("0.00")
    result = score_one("=1个", "0个", "2")
    assert result.indicators[0].score == d("0.00") and result.indicators[0].deviation == d("-100.00")
    over = score_one("=100%", "120%")
    assert over.indicators[0].score == d("10.00")
    assert "equal_mismatch" in codes(over)


def test_range() -> None:
    assert score_one("90%-110%", "100%").indicators[0].score == d("10.00")
    assert score_one("90%-110%", "45%").indicators[0].score == d("5.00")
    above = score_one("90%-110%", "220%").indicators[0]
    assert above.score == d("5.00") and above.deviation == d("100.00")


def test_deadline_date_share_and_late_knob() -> None:
    on_time = score_one("2023年9月底前", "2023年9月20日").indicators[0]
    assert on_time.score == d("10.00") and on_time.status == "met"
    assert score_one("2023年9月前", "2023年9月5日").indicators[0].score == d("0.00")
    late = score_one("2023年9月前", "2023年9月5日", rules='late = "50%"').indicators[0]
    assert late.score == d("5.00")
    share = score_one("2023年9月前", "6%", "5").indicators[0]
    assert (share.score, share.deviation) == (d("0.30"), d("-94.00"))
    assert score_one("12月31日前", "按时完成").indicators[0].score == d("10.00")


def test_qualitative_tiers_and_bands() -> None:
    assert score_one("达成预期", "达成预期指标").indicators[0].score == d("10.00")
    assert score_one("明显", "明显").indicators[0].status == "met"
    pending = score_one("显著提升", "基本达成")
    assert pending.indicators[0].status == "judgement"
    assert "judgement_needed" in codes(pending)
    chosen = score_one("显著提升", "基本达成", score="7", reason='"部分乡镇未覆盖"').indicators[0]
    assert (chosen.score, chosen.status) == (d("7.00"), "short")
    outside = score_one("显著提升", "基本达成", score="9.5", reason='"x"')
    assert "score_out_of_band" in codes(outside)
    assert score_one("通过", "0%", "5").indicators[0].deviation == d("-100.00")


def test_qualitative_band_knob() -> None:
    rules = 'qualitative_bands = { "达成" = [0.8, 1.0], "部分达成" = [0.5, 0.8], "未达成" = [0.0, 0.5] }'
    ok = score_one("显著提升", "基本达成", rules=rules, score="5.5", reason='"x"')
    assert "score_out_of_band" not in codes(ok)


def test_manual_row_needs_a_score() -> None:
    result = score_one("", "见附件", rule='"manual"')
    assert result.indicators[0].status == "judgement"
    assert score_one("", "见附件", rule='"manual"', score="8", reason='"x"').indicators[0].score == d("8.00")


def test_not_applicable_rescales_to_100() -> None:
    rows = (
        row("≥90%", "90%", "45")
        + row("≥90%", "45%", "45")
        + row("≥1", None, "10", applicable="false", reason='"本年度未涉及"')
    )
    result = score_evaluation(make(rows))
    assert result.indicators[2].status == "not_applicable"
    assert result.raw_total == d("67.50")
    assert result.total == d("75.00")  # 67.5 × 100 / 90
    assert "not_applicable_rescaled" in codes(result)


def test_not_applicable_without_rescale_knob() -> None:
    rows = row("≥90%", "90%", "90") + row("≥1", None, "10", applicable="false", reason='"x"')
    result = score_evaluation(make(rows, rules="rescale_not_applicable = false"))
    assert result.total == d("90.00")


def test_overachievement_flag_reason_and_deduction() -> None:
    flagged = score_one("≥100人次", "130人次")
    assert flagged.indicators[0].status == "over"
    assert {"overachieved", "reason_missing"} <= codes(flagged)
    under_knob = score_one("≥100人次", "119人次")
    assert "overachieved" not in codes(under_knob)
    guangxi = score_one("≥100人次", "125人次", rules="overachievement_ratio = 1.3")
    assert "overachieved" not in codes(guangxi)
    deducted = score_one(
        "≥100人次",
        "130人次",
        rules="overachievement_deduction = 2",
        target_too_low="true",
        reason='"指标值设定偏低"',
    )
    assert deducted.indicators[0].score == d("8.00")
    share = score_one(
        "≥100人次",
        "130人次",
        rules='overachievement_deduction = "20%"',
        target_too_low="true",
        reason='"指标值设定偏低"',
    )
    assert share.indicators[0].score == d("8.00")


def test_bands_standard_as_data() -> None:
    bands = 'bands = [{ upto = "0%", score = 3 }, { upto = "10%", score = 2 }, { upto = "20%", score = 1 }]'
    assert score_one("≤10%", "0%", "3", bands=bands.removeprefix("bands = ")).indicators[0].score == d("3.00")
    assert score_one("≤10%", "5%", "3", bands=bands.removeprefix("bands = ")).indicators[0].score == d("2.00")
    assert score_one("≤10%", "35%", "3", bands=bands.removeprefix("bands = "), reason='"x"').indicators[
        0
    ].score == d("0.00")


def test_deduct_standard_as_data() -> None:
    deduct = '{ from = "100%", per = "1%", points = 1 }'
    assert score_one("≤100%", "100%", "6", deduct=deduct).indicators[0].score == d("6.00")
    assert score_one("≤100%", "103%", "6", deduct=deduct, reason='"x"').indicators[0].score == d("3.00")
    assert score_one("≤100%", "120%", "6", deduct=deduct, reason='"x"').indicators[0].score == d("0.00")


def test_reason_required_below_full_marks() -> None:
    assert "reason_missing" in codes(score_one("≥90%", "45%"))
    assert "reason_missing" not in codes(score_one("≥90%", "45%", reason='"原因"'))


def test_missing_and_unparsed_values() -> None:
    missing = score_one("≥90%", None)
    assert missing.indicators[0].status == "missing" and "actual_missing" in codes(missing)
    bad = score_one("≥90%", "很多")
    assert bad.indicators[0].status == "invalid" and "actual_unparsed" in codes(bad)
    bad_target = score_one("≥abc%", "90%")
    assert "target_unparsed" in codes(bad_target)


def test_execution_zero_budget_is_said_not_divided() -> None:
    result = score_evaluation(make(row("≥1", "1", "90"), funds="annual = 0\nexecuted = 0"))
    assert result.execution is not None and result.execution.rate is None and result.execution.score is None
    assert "execution_zero_budget" in codes(result)


def test_execution_reason_and_caps_knobs() -> None:
    funds = "annual = 100\nexecuted = 55"
    rules = 'execution_reason_below = "90%"\nexecution_caps = [{ below = 0.6, total_max = 69 }]'
    result = score_evaluation(make(row("≥1", "1", "90"), funds=funds, rules=rules))
    assert result.raw_total == d("95.50")
    assert result.total == d("69.00") and result.grade == "中"
    assert {"execution_reason_missing", "execution_cap_applied", "spending_gap"} <= codes(result)


def test_grades_default_and_knob() -> None:
    assert score_evaluation(make(row("≥1", "1", "90"), funds="annual = 1\nexecuted = 1")).grade == "优"
    rules = 'grades = [{ min = 95, grade = "A" }, { grade = "B" }]'
    assert (
        score_evaluation(make(row("≥2", "1", "10"), funds="annual=1\nexecuted=1", rules=rules)).grade == "B"
    )


def test_reported_rate_compared_at_printed_precision() -> None:
    funds = 'annual = 88.05\nexecuted = 5\nreported_rate = "5.7%"'
    assert "reported_rate_mismatch" not in codes(score_evaluation(make(row("≥1", "1", "90"), funds=funds)))
    funds = 'annual = 88.05\nexecuted = 5\nreported_rate = "6.68%"'
    assert "reported_rate_mismatch" in codes(score_evaluation(make(row("≥1", "1", "90"), funds=funds)))


def test_funds_sources_must_add_up() -> None:
    funds = 'annual = 100\nexecuted = 50\n[[funds.sources]]\nname = "财政拨款"\nannual = 90\nexecuted = 50\n'
    assert "funds_sources_mismatch" in codes(score_evaluation(make(row("≥1", "1", "90"), funds=funds)))


def test_level_weight_written_in_the_name() -> None:
    rows = row("≥1", "1", "30").replace("产出指标", "产出指标(50分)")
    assert "level_weight" in codes(score_evaluation(make(rows)))


def test_weights_total_knob() -> None:
    result = score_evaluation(make(row("≥1", "1", "90"), rules="weights_total = 90"))
    assert "weights_total" not in codes(result)
    assert Decimal(result.weight_total) == 90


def test_zero_tolerance_targets_are_ceilings() -> None:
    assert score_one("0起", "0起").indicators[0].score == d("10.00")
    assert score_one("0起", "2起", reason='"发生2起"').indicators[0].score == d("0.00")


def test_bare_number_under_a_cost_level_is_a_ceiling_and_the_knob_can_change_it() -> None:
    cost = row("20万元", "18万元").replace("产出指标", "成本指标").replace("数量指标", "经济成本指标")
    result = score_evaluation(make(cost))
    assert (result.indicators[0].rule, result.indicators[0].score) == ("lower", d("10.00"))
    none = score_evaluation(make(cost, rules="lower_levels = []"))
    assert (none.indicators[0].rule, none.indicators[0].score) == ("higher", d("9.00"))
    written = score_evaluation(make(cost.replace('"20万元"', '"≥20万元"')))
    assert written.indicators[0].rule == "higher"  # an operator the clerk wrote always wins


def test_completion_share_against_a_counted_target() -> None:
    result = score_one("至少全年完成2次", "100%", reason='"已完成"')
    assert result.indicators[0].score == d("10.00")
    assert "actual_as_share" in codes(result) and "unit_mismatch" not in codes(result)
    half = score_one("≥2次", "50%", reason='"完成一次"')
    assert (half.indicators[0].score, half.indicators[0].deviation) == (d("5.00"), d("-50.00"))
    cost = score_one("≤40万元", "100%")
    assert "unit_mismatch" in codes(cost)  # a share says nothing about a cost ceiling


def test_actual_that_repeats_the_target_operator_is_flagged() -> None:
    assert "actual_copies_target" in codes(score_one("≥90%", "≥90%"))
    assert "actual_copies_target" not in codes(score_one("≥90%", "90%"))
    assert "actual_copies_target" not in codes(score_one("达成预期", "达成预期"))


def test_a_target_without_unit_takes_the_actuals_unit() -> None:
    plain = score_one("≥90", "85%", reason='"x"').indicators[0]
    assert (plain.score, plain.status, plain.deviation) == (d("9.44"), "short", d("-5.56"))
    cost = score_one("≤20", "15万元").indicators[0]
    assert (cost.score, cost.deviation) == (d("10.00"), d("0.00"))  # a ceiling kept: no deviation
    assert score_one("90-110", "95%").indicators[0].score == d("10.00")


def test_a_tier_does_not_override_a_missed_number() -> None:
    result = score_one("≥1000人次", "500人次", "100", tier='"达成"', reason='"x"')
    assert (result.indicators[0].score, result.indicators[0].status) == (d("50.00"), "short")


def test_grades_in_any_order() -> None:
    rules = (
        'grades = [{ min = 60, grade = "中" }, { min = 80, grade = "良" }, '
        '{ min = 90, grade = "优" }, { grade = "差" }]'
    )
    result = score_evaluation(make(row("≥1", "1", "90"), funds="annual = 1\nexecuted = 1", rules=rules))
    assert result.grade == "优"


def test_scores_above_weight_count_as_the_weight_and_are_flagged() -> None:
    over = score_one("≥100", "50", "10", score="15")
    assert over.indicators[0].score == d("10.00") and "score_above_weight" in codes(over)
    bands = score_one("≤20%", "5%", "3", bands='[{ upto = "20%", score = 5 }]')
    assert bands.indicators[0].score == d("3.00") and "score_above_weight" in codes(bands)


def test_weights_and_knobs_out_of_range_are_refused(tmp_toml) -> None:
    from scoring.domain.errors import InputError
    from scoring.io.toml_read import load_evaluation

    base = '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n'
    for bad, words in [
        ("[rules]\nlate = 1.5\n", "late"),
        ("[rules]\novearachievement = 1\n", "未知字段"),
        ('[rules]\noverachievement_deduction = "两分"\n', "不是数字"),
        ('[rules]\nqualitative_bands = { "达成" = [0.8, 1.2] }\n', "qualitative_bands"),
        ('[[indicators]]\nlevel1 = "a"\nlevel3 = "b"\nweight = 999999999999\n', "0 到 1000"),
    ]:
        try:
            load_evaluation(tmp_toml(base + bad))
        except InputError as exc:
            assert words in str(exc)
        else:
            raise AssertionError(f"accepted: {bad}")


def test_printed_rates_compared_at_two_decimals_and_for_each_source() -> None:
    funds = 'annual = 88.05\nexecuted = 5\nreported_rate = "5.679%"'
    assert "reported_rate_mismatch" not in codes(score_evaluation(make(row("≥1", "1", "90"), funds=funds)))
    funds = (
        'annual = 88.05\nexecuted = 5\n[[funds.sources]]\nname = "财政拨款"\nannual = 88.05\nexecuted = 5\n'
        'reported_rate = "56.8%"\n'
    )
    found = score_evaluation(make(row("≥1", "1", "90"), funds=funds))
    assert any(f.code == "reported_rate_mismatch" and "财政拨款" in f.message for f in found.findings)


def test_band_tops_belong_to_the_next_tier() -> None:
    top = score_one("达成预期", "有一定效果", "5", tier='"部分达成"', score="4", reason='"x"')
    assert "score_out_of_band" in codes(top)  # 80% is 达成's floor, not 部分达成's
    assert "score_out_of_band" not in codes(score_one("达成预期", "达成", "5", tier='"达成"', score="5"))


def test_caps_use_the_exact_rate() -> None:
    funds = "annual = 100\nexecuted = 79.996"
    result = score_evaluation(
        make(row("≥1", "1", "90"), funds=funds, rules="execution_caps = [{ below = 0.8, total_max = 89 }]")
    )
    assert result.execution is not None and result.execution.rate == d("80.00")
    assert result.total == d("89.00")  # 79.996% is below 80% although it prints as 80.00%


def test_messages_say_what_was_done() -> None:
    rows = row("≥90%", "90%", "90") + row("≥1", None, "10", applicable="false", reason='"x"')
    kept = score_evaluation(make(rows, rules="rescale_not_applicable = false"))
    assert any("未按百分制折算" in f.message for f in kept.findings if f.code == "not_applicable_rescaled")
    marked = score_one(
        "≥100人次", "130人次", rules="overachievement_deduction = 2", target_too_low="true", reason='"偏低"'
    )
    assert any("已标注" in f.message for f in marked.findings if f.code == "overachieved")


def test_deviation_zero_on_met_rows_signed_on_shortfalls() -> None:
    """The 自评表 prints 0.00 on a met row (≥ met or over, ≤ met or under, = met, a deadline met)."""
    for target, actual in [
        ("≤83.65万元", "5万元"),
        ("≤100%", "0%"),
        ("≥95%", "100%"),
        ("=112套", "112套"),
        ("2023年9月底前", "2023年9月20日"),
        ("达成预期", "达成"),
    ]:
        row = score_one(target, actual).indicators[0]
        assert (row.status, row.deviation) == ("met", d("0.00")), (target, actual)
    over = score_one("≥100人次", "150人次", reason='"超额完成"').indicators[0]
    assert (over.status, over.deviation) == ("over", d("0.00"))
    short = score_one("≥100人次", "80人次", reason='"x"').indicators[0]
    assert short.deviation == d("-20.00")
    above = score_one("≤4小时", "10小时", reason='"x"').indicators[0]
    assert above.deviation == d("150.00")


def test_deviation_knob_signed_keeps_every_row_signed() -> None:
    signed = 'deviation = "signed"'
    assert score_one("≤83.65万元", "5万元", rules=signed).indicators[0].deviation == d("-94.02")
    assert score_one("≥95%", "100%", rules=signed).indicators[0].deviation == d("5.26")
    assert score_one("2023年9月底前", "2023年9月20日", rules=signed).indicators[0].deviation is None
    short = score_one("≥100人次", "80人次", rules=signed, reason='"x"').indicators[0]
    assert short.deviation == d("-20.00")


def test_deviation_knob_refuses_other_words() -> None:
    from pydantic import ValidationError

    from scoring.domain.models import RuleOverrides

    with pytest.raises(ValidationError):
        RuleOverrides.model_validate({"deviation": "always"})


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("建立", "已建立"),
        ("建立", "已经建立"),
        ("建立健全", "均已建立健全"),
        ("落实到位", "已全部落实到位"),
        ("建立", "建立。"),
    ],
)
def test_the_targets_own_wording_done_reads_as_met(target: str, actual: str) -> None:
    """已建立 against 建立 was 无法识别: the same wording as the target, said done, is 达成."""
    result = score_one(target, actual).indicators[0]
    assert (result.status, result.tier, result.score) == ("met", "达成", d("10.00")), result


def test_other_wording_against_a_qualitative_target_is_not_read_as_met() -> None:
    """Only the target's own wording: 已建立 against 健全 still asks for a tier."""
    assert score_one("健全", "已建立").indicators[0].status != "met"
    assert score_one("建立", "未建立").indicators[0].status != "met"


def test_messages_name_no_fields_or_codes() -> None:
    """Findings say 得分 and 档次 in Chinese (not “（score）”, “（tier）”, target_too_low, bands)."""
    results = [
        score_one("群众满意", None, tier='"部分达成"', reason='"x"'),  # tier without a score
        score_one("", "做了一些", rule='"manual"'),  # manual score wanted
        score_one("群众满意", "做了一些"),  # no tier
        score_one("≥10台", "100台"),  # over-achieved, not marked
        score_one("≥10台", "100台", target_too_low="true", reason='"x"'),  # over-achieved, marked
    ]
    messages = [f.message for r in results for f in r.findings]
    assert any("档次" in m for m in messages) and any("偏低" in m for m in messages), messages
    english = [m for m in messages if re.search(r"[A-Za-z_]{3,}", m)]
    assert not english, english
