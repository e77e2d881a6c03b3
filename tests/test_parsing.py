"""Table-driven tests for scoring.parsing (targets, actuals, units, normalisation, renderings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scoring.parsing import (
    ParsedActual,
    ParsedTarget,
    canonical_unit,
    normalize,
    parse_actual,
    parse_target,
    unit_info,
)

D = Decimal

# --- targets: (text, kind, value, unit, explicit) ---------------------------------------------------------

SEED_TARGETS = [
    # 部门整体支出绩效自评情况表
    ("≥90%", "higher", D("90"), "%", True),
    ("≤10%", "lower", D("10"), "%", True),
    ("≤100%", "lower", D("100"), "%", True),
    ("=100%", "equal", D("100"), "%", True),
    ("112 套", "higher", D("112"), "套", False),
    # 采购政务服务自动化设备项目 (cells wrapped by the PDF extraction)
    ("≥0.05%", "higher", D("0.05"), "%", True),
    ("≤83.65\n\n万元", "lower", D("83.65"), "万元", True),
    ("=112 套", "equal", D("112"), "套", True),
    ("≥95%", "higher", D("95"), "%", True),
    ("100%", "higher", D("100"), "%", False),
    ("95%", "higher", D("95"), "%", False),
    # 政务协同办公平台建设
    ("≤40 万\n\n元", "lower", D("40"), "万元", True),
    ("=1 个", "equal", D("1"), "个", True),
    ("≤4小\n\n时", "lower", D("4"), "小时", True),
]

SEED_QUALITATIVE = [
    "相关",
    "科学",
    "合理",
    "完整",
    "真实",
    "合规",
    "健全",
    "公开",
    "规范",
    "提升。",
    "明显",
    "通过",
    "提升",
    "达成预期",
    "显著提升",
    "有效",
    "高",
    "好",
    "逐步提高",
    "较上年有所提升",
]

NUMERIC_FORMS = [
    ("≥ 90 %", "higher", D("90"), "%", True),
    ("＞＝９０％", "higher", D("90"), "%", True),
    (">=90%", "higher", D("90"), "%", True),
    ("=>90%", "higher", D("90"), "%", True),
    ("≧90%", "higher", D("90"), "%", True),
    ("⩾90%", "higher", D("90"), "%", True),
    (">90%", "higher", D("90"), "%", True),
    ("不少于100人次", "higher", D("100"), "人次", True),
    ("不低于95%", "higher", D("95"), "%", True),
    ("不小于3项", "higher", D("3"), "项", True),
    ("至少3场", "higher", D("3"), "场", True),
    ("达到100%", "higher", D("100"), "%", True),
    ("大于80%", "higher", D("80"), "%", True),
    ("高于80%", "higher", D("80"), "%", True),
    ("超过500户", "higher", D("500"), "户", True),
    ("100人次以上", "higher", D("100"), "人次", True),
    ("90%以上", "higher", D("90"), "%", True),
    ("90%（含）以上", "higher", D("90"), "%", True),
    ("100余人", "higher", D("100"), "人", False),
    ("约100人", "higher", D("100"), "人", False),
    ("大约 90%", "higher", D("90"), "%", False),
    ("≦10%", "lower", D("10"), "%", True),
    ("<=10%", "lower", D("10"), "%", True),
    ("=<10%", "lower", D("10"), "%", True),
    ("<5%", "lower", D("5"), "%", True),
    ("不超过预算的100%", "lower", D("100"), "%", True),
    ("不超过10万元", "lower", D("10"), "万元", True),
    ("不高于10%", "lower", D("10"), "%", True),
    ("不大于5%", "lower", D("5"), "%", True),
    ("低于5%", "lower", D("5"), "%", True),
    ("小于5%", "lower", D("5"), "%", True),
    ("控制在83.65万元以内", "lower", D("83.65"), "万元", True),
    ("控制在83.65万元之内", "lower", D("83.65"), "万元", True),
    ("控制在5%以下", "lower", D("5"), "%", True),
    ("控制在5%", "lower", D("5"), "%", True),
    ("3个工作日内", "lower", D("3"), "工作日", True),
    ("24小时内响应", "lower", D("24"), "小时", True),
    ("3日内", "lower", D("3"), "天", True),
    ("≤4小时", "lower", D("4"), "小时", True),
    ("≤0", "lower", D("0"), "", True),
    ("＝1个", "equal", D("1"), "个", True),
    ("﹦100%", "equal", D("100"), "%", True),
    ("等于100%", "equal", D("100"), "%", True),
    ("=0", "equal", D("0"), "", True),
    ("1,000人", "higher", D("1000"), "人", False),
    ("1，000万元", "higher", D("1000"), "万元", False),
    ("83．65万元", "higher", D("83.65"), "万元", False),
    ("“≥90%”", "higher", D("90"), "%", True),
    ("≤10%。", "lower", D("10"), "%", True),
    ("≥-5%", "higher", D("-5"), "%", True),
    ("-5%", "higher", D("-5"), "%", False),
    ("5万人次", "higher", D("50000"), "人次", False),
    ("≤40万", "lower", D("40"), "万元", True),
    ("1千万元", "higher", D("1000"), "万元", False),
    ("≥0.5‰", "higher", D("0.5"), "‰", True),
    ("10km", "higher", D("10"), "公里", False),
    ("10h", "higher", D("10"), "小时", False),
    ("≥95分", "higher", D("95"), "分", True),
    ("落实3项制度", "higher", D("3"), "项", False),
    ("2023年≥90%", "higher", D("90"), "%", True),
    ("全年≥12次", "higher", D("12"), "次", True),
    ("≥90%\n", "higher", D("90"), "%", True),
]


@pytest.mark.parametrize(("text", "kind", "value", "unit", "explicit"), SEED_TARGETS + NUMERIC_FORMS)
def test_numeric_targets(text: str, kind: str, value: Decimal, unit: str, explicit: bool) -> None:
    p = parse_target(text, 2023)
    assert (p.kind, p.value, p.unit, p.explicit, p.error) == (kind, value, unit, explicit, None)
    assert p.text == text


@pytest.mark.parametrize("text", SEED_QUALITATIVE)
def test_qualitative_targets(text: str) -> None:
    p = parse_target(text)
    assert p.kind == "qualitative"
    assert p.value is None and p.error is None


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("90%-110%", D("90"), D("110"), "%"),
        ("90%～110%", D("90"), D("110"), "%"),
        ("90%~110%", D("90"), D("110"), "%"),
        ("90-110%", D("90"), D("110"), "%"),
        ("90%-110", D("90"), D("110"), "%"),
        ("90%至110%", D("90"), D("110"), "%"),
        ("90%到110%", D("90"), D("110"), "%"),
        ("介于 90% 和 110% 之间", D("90"), D("110"), "%"),
        ("在90%与110%之间", D("90"), D("110"), "%"),
        ("≥90%且≤110%", D("90"), D("110"), "%"),
        ("10-20人", D("10"), D("20"), "人"),
        ("1小时-2天", D("1"), D("48"), "小时"),
        ("0.5‰-1%", D("0.5"), D("10"), "‰"),
        ("-5%~5%", D("-5"), D("5"), "%"),
    ],
)
def test_range_targets(text: str, low: Decimal, high: Decimal, unit: str) -> None:
    p = parse_target(text)
    assert (p.kind, p.low, p.high, p.unit, p.error) == ("range", low, high, unit, None)


@pytest.mark.parametrize(
    ("text", "year", "deadline"),
    [
        ("2023 年\n\n9 月前", None, date(2023, 8, 31)),  # seed, project 1
        ("2023 年\n\n9 月底\n\n前", None, date(2023, 9, 30)),  # seed, project 2
        ("目标 2：2023 年 12月底前，建立办公系统并实现与市协同办公平台的对接", None, date(2023, 12, 31)),
        ("2023年9月前", 2020, date(2023, 8, 31)),
        ("2023年9月之前", None, date(2023, 8, 31)),
        ("2023年1月前", None, date(2022, 12, 31)),
        ("2023年9月底前", None, date(2023, 9, 30)),
        ("9月底前", 2023, date(2023, 9, 30)),
        ("2023年9月末前", None, date(2023, 9, 30)),
        ("2023年12月31日前", None, date(2023, 12, 31)),
        ("12月31日之前", 2023, date(2023, 12, 31)),
        ("12月31号前", 2023, date(2023, 12, 31)),
        ("12月底之前完成", 2023, date(2023, 12, 31)),
        ("十二月底前", 2023, date(2023, 12, 31)),
        ("完成时间为2022年12月30日", None, date(2022, 12, 30)),
        ("2023年12月", None, date(2023, 12, 31)),
        ("2023年12月完成", None, date(2023, 12, 31)),
        ("2023年2月", None, date(2023, 2, 28)),
        ("9月份", 2023, date(2023, 9, 30)),
        ("2023年底前", None, date(2023, 12, 31)),
        ("2023年年底前", None, date(2023, 12, 31)),
        ("年底前", 2023, date(2023, 12, 31)),
        ("年内完成", 2023, date(2023, 12, 31)),
        ("2023年", None, date(2023, 12, 31)),
        ("2024年前", None, date(2023, 12, 31)),
        ("2023-09-30前", None, date(2023, 9, 30)),
        ("2023.9.30前", None, date(2023, 9, 30)),
        ("2023/9/30", None, date(2023, 9, 30)),
        ("2023-09前", None, date(2023, 8, 31)),
        ("第三季度前", 2023, date(2023, 6, 30)),
        ("第一季度前", 2023, date(2022, 12, 31)),
        ("三季度末前", 2023, date(2023, 9, 30)),
        ("2023年第三季度", None, date(2023, 9, 30)),
        ("第4季度", 2023, date(2023, 12, 31)),
        ("上半年", 2023, date(2023, 6, 30)),
        ("上半年完成", 2023, date(2023, 6, 30)),
        ("下半年", 2023, date(2023, 12, 31)),
        ("次年3月底前", 2023, date(2024, 3, 31)),
        ("2023年9月中旬", None, date(2023, 9, 20)),
        ("2023年9月下旬前", None, date(2023, 9, 30)),
        ("2023年9月30日(含)前", None, date(2023, 9, 30)),
        ("2023年1月至2023年12月", None, date(2023, 12, 31)),
        ("2024年2月29日", None, date(2024, 2, 29)),
    ],
)
def test_deadline_targets(text: str, year: int | None, deadline: date) -> None:
    p = parse_target(text, year)
    assert (p.kind, p.deadline, p.error) == ("deadline", deadline, None)
    assert p.render() == f"截止 {deadline.isoformat()}"


@pytest.mark.parametrize(
    ("text", "year", "fragment"),
    [
        ("≥abc", None, "无法识别年度指标值“≥abc”"),
        ("≥", None, "无法识别"),
        ("%", None, "无法识别"),
        ("≥90%abc", None, "无法识别"),
        ("≥1e5", None, "无法识别"),
        ("1.2.3", None, "无法识别"),
        ("2023年2月30日", None, "日期不存在"),
        ("2023年2月29日", None, "日期不存在"),
        ("12月31日前", None, "缺少年份"),
        ("9月底前", None, "缺少年份"),
        ("110%-90%", None, "区间下限大于上限"),
        ("90%-110元", None, "单位不一致"),
        ("≥90%以内", None, "比较方向矛盾"),
        ("≥90%，≥80%", None, "多个比较数值"),
        ("≥1000000000000", None, "数值过大"),
        ("10000000000000元", None, "数值过大"),
        ("99999999999999999999999999999999999", None, "数值过大"),
        ("≥0.1234567", None, "小数位数过多"),
    ],
)
def test_invalid_targets(text: str, year: int | None, fragment: str) -> None:
    p = parse_target(text, year)
    assert p.kind == "invalid"
    assert p.error is not None and fragment in p.error
    assert p.render().startswith("无法识别：")


def test_invalid_message_lists_accepted_forms() -> None:
    error = parse_target("≥abc").error
    assert error is not None
    for example in ("≥90%", "2023年9月前", "达成预期"):
        assert example in error


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000", "\n", "-", "—", "/", "——", "N/A"])
def test_empty_targets(text: str | None) -> None:
    p = parse_target(text)
    assert p.kind == "empty" and p.error is None and p.render() == "未填写"


def test_prose_with_several_numbers_is_qualitative() -> None:
    p = parse_target("为全区 112 个社区和村配置 1套台式电脑、1台打印复印一体机、1 台高拍仪")
    assert p.kind == "qualitative"


def test_year_in_comparison_prose_is_not_a_deadline() -> None:
    assert parse_target("较2022年底有所提升").kind == "qualitative"
    assert parse_target("比2022年提高").kind == "qualitative"
    assert parse_target("较上年末有所提高", 2023).kind == "qualitative"


# --- target renderings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("≥90%", "不低于 90%"),
        ("≤10%", "不高于 10%"),
        ("=112 套", "等于 112 套"),
        ("112 套", "不低于 112 套"),
        ("≤83.65\n万元", "不高于 83.65 万元"),
        ("≤4小\n时", "不高于 4 小时"),
        ("≤3个工作日", "不高于 3 个工作日"),
        ("≥0.5‰", "不低于 千分之0.5"),
        ("90%～110%", "90% 至 110%"),
        ("2023 年\n9 月前", "截止 2023-08-31"),
        ("达成预期", "定性：达成预期"),
        ("提升。", "定性：提升。"),
        ("", "未填写"),
        ("≥abc", "无法识别：>=abc"),
    ],
)
def test_target_render(text: str, rendered: str) -> None:
    assert parse_target(text).render() == rendered


def test_render_has_no_ambiguous_width_symbols() -> None:
    for text in ("“显著”提升…", "≥≤—·", "x" * 100):
        out = parse_target(text).render()
        assert not set(out) & set("≥≤“”…—·")
        assert len(out) < 60


# --- actuals ------------------------------------------------------------------------------------------------

SEED_ACTUALS = [
    ("90%", D("90"), "%", None),
    ("14.88%", D("14.88"), "%", None),
    ("0%", D("0"), "%", None),
    ("83.33%", D("83.33"), "%", None),
    ("=100%", D("100"), "%", "="),
    ("112 套", D("112"), "套", None),
    ("≥90%", D("90"), "%", "≥"),
    ("0.05%", D("0.05"), "%", None),
    ("5万元", D("5"), "万元", None),
    ("100%", D("100"), "%", None),
    ("6%", D("6"), "%", None),
    ("95%", D("95"), "%", None),
    ("0万元", D("0"), "万元", None),
    ("0 个", D("0"), "个", None),
    ("10 小时", D("10"), "小时", None),
]
MORE_ACTUALS = [
    ("≥266米", D("266"), "米", "≥"),
    (">=95%", D("95"), "%", "≥"),
    (">95%", D("95"), "%", ">"),
    ("<5%", D("5"), "%", "<"),
    ("≤4小时", D("4"), "小时", "≤"),
    ("90%以上", D("90"), "%", "≥"),
    ("-5%", D("-5"), "%", None),
    ("1,000", D("1000"), "", None),
    ("１２３", D("123"), "", None),
    ("83．65万元", D("83.65"), "万元", None),
    ("约90%", D("90"), "%", None),
    ("完成率100%", D("100"), "%", None),
    ("已完成112套", D("112"), "套", None),
    ("5万", D("5"), "万元", None),
    ("2万人次", D("20000"), "人次", None),
    ("3个工作日", D("3"), "工作日", None),
]


@pytest.mark.parametrize(("text", "value", "unit", "op"), SEED_ACTUALS + MORE_ACTUALS)
def test_number_actuals(text: str, value: Decimal, unit: str, op: str | None) -> None:
    p = parse_actual(text, 2023)
    assert (p.kind, p.value, p.unit, p.repeated_op, p.error) == ("number", value, unit, op, None)


@pytest.mark.parametrize(
    ("text", "year", "day"),
    [
        ("2023年8月20日", None, date(2023, 8, 20)),
        ("2023-08-20", None, date(2023, 8, 20)),
        ("2023.8.20", None, date(2023, 8, 20)),
        ("2023/08/20", None, date(2023, 8, 20)),
        ("8月20日", 2023, date(2023, 8, 20)),
        ("2023年8月", None, date(2023, 8, 31)),
        ("2023年8月20日完成", None, date(2023, 8, 20)),
        ("2023 年 8 月 20 日", None, date(2023, 8, 20)),
    ],
)
def test_date_actuals(text: str, year: int | None, day: date) -> None:
    p = parse_actual(text, year)
    assert (p.kind, p.date, p.error) == ("date", day, None)
    assert p.render() == day.isoformat()


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("达成预期", "达成"),  # seed
        ("达成预期。", "达成"),
        ("达成预期指标", "达成"),
        ("达成年度指标", "达成"),
        ("已完成", "达成"),
        ("完成", "达成"),
        ("按时完成", "达成"),
        ("已完成，效果明显", "达成"),
        ("合规", "达成"),
        ("通过", "达成"),
        ("是", "达成"),
        ("有效", "达成"),
        ("良好", "达成"),
        ("较好", "达成"),
        ("好", "达成"),
        ("明显", "达成"),
        ("显著", "达成"),
        ("提升。", "达成"),
        ("已达成", "达成"),
        ("全部完成", "达成"),
        ("符合", "达成"),
        ("相关", "达成"),
        ("科学", "达成"),
        ("合理", "达成"),
        ("真实", "达成"),
        ("健全", "达成"),
        ("公开", "达成"),
        ("规范", "达成"),
        ("完整", "达成"),
        ("√", "达成"),
        ("基本达成", "部分达成"),
        ("部分达成", "部分达成"),
        ("部分完成", "部分达成"),
        ("基本完成", "部分达成"),
        ("基本合规", "部分达成"),
        ("一般", "部分达成"),
        ("有所提升", "部分达成"),
        ("未完成", "未达成"),
        ("未开展", "未达成"),
        ("协同办公平台项目未开展。", None),
        ("未达成", "未达成"),
        ("尚未完成", "未达成"),
        ("暂未开展", "未达成"),
        ("否", "未达成"),
        ("无", "未达成"),
        ("未通过", "未达成"),
        ("不合规", "未达成"),
        ("不明显", "未达成"),
        ("较差", "未达成"),
        ("差", "未达成"),
    ],
)
def test_tier_actuals(text: str, tier: str | None) -> None:
    p = parse_actual(text)
    if tier is None:
        assert p.kind == "invalid"
    else:
        assert (p.kind, p.tier, p.error) == ("tier", tier, None)
        assert p.render() == tier


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("逐步推进", "无法识别实际完成值“逐步推进”"),
        ("不断提升", "无法识别"),
        ("是否", "无法识别"),
        ("abc", "无法识别"),
        ("90%abc", "无法识别"),
        ("1e5", "无法识别"),
        ("112套(100%)", "多个数值"),
        ("8月20日", "缺少年份"),
        ("2023年2月30日", "日期不存在"),
        ("1000000000000", "数值过大"),
        ("0.0000001", "小数位数过多"),
    ],
)
def test_invalid_actuals(text: str, fragment: str) -> None:
    p = parse_actual(text)
    assert p.kind == "invalid"
    assert p.error is not None and fragment in p.error
    assert p.render().startswith("无法识别：")


def test_invalid_actual_lists_verdicts() -> None:
    error = parse_actual("逐步推进").error
    assert error is not None
    for word in ("达成预期", "基本达成", "未完成", "90%"):
        assert word in error


@pytest.mark.parametrize("text", [None, "", "  ", "—", "-", "/"])
def test_empty_actuals(text: str | None) -> None:
    p = parse_actual(text)
    assert p.kind == "empty" and p.render() == "未填写"


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("90%", "90%"),
        ("≥90%", "90%"),
        ("10 小时", "10 小时"),
        ("112 套", "112 套"),
        ("0.05%", "0.05%"),
        ("5万元", "5 万元"),
        ("2023-08-20", "2023-08-20"),
        ("达成预期", "达成"),
        ("", "未填写"),
        ("3", "3"),
    ],
)
def test_actual_render(text: str, rendered: str) -> None:
    assert parse_actual(text).render() == rendered


# --- caching, types -----------------------------------------------------------------------------------------


def test_results_are_cached_and_frozen() -> None:
    a, b = parse_target("≥90%", 2023), parse_target("≥90%", 2023)
    assert a is b
    assert isinstance(a, ParsedTarget)
    assert isinstance(parse_actual("90%"), ParsedActual)
    with pytest.raises(AttributeError):
        a.kind = "lower"  # type: ignore[misc]


# --- units --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canon"),
    [
        ("％", "%"),
        ("%", "%"),
        ("‰", "‰"),
        ("万元", "万元"),
        (" 万 元 ", "万元"),
        ("h", "小时"),
        ("H", "小时"),
        ("小时", "小时"),
        ("个小时", "小时"),
        ("日", "天"),
        ("天", "天"),
        ("个工作日", "工作日"),
        ("个月", "月"),
        ("千米", "公里"),
        ("km", "公里"),
        ("千克", "公斤"),
        ("kg", "公斤"),
        ("套", "套"),
        ("人次", "人次"),
        ("", ""),
        ("abc", None),
        ("以上", None),
        ("≥", None),
    ],
)
def test_canonical_unit(text: str, canon: str | None) -> None:
    assert canonical_unit(text) == canon


@pytest.mark.parametrize(
    ("unit", "info"),
    [
        ("元", ("money", 1)),
        ("千元", ("money", 1000)),
        ("万元", ("money", 10**4)),
        ("百万元", ("money", 10**6)),
        ("亿元", ("money", 10**8)),
        ("‰", ("ratio", 1)),
        ("%", ("ratio", 10)),
        ("分钟", ("time", 1)),
        ("小时", ("time", 60)),
        ("天", ("time", 1440)),
        ("日", ("time", 1440)),
        ("周", ("time", 10080)),
        ("工作日", ("workday", 1)),
        ("月", ("month", 1)),
        ("年", ("month", 12)),
        ("毫米", ("length", 1)),
        ("厘米", ("length", 10)),
        ("米", ("length", 1000)),
        ("公里", ("length", 10**6)),
        ("元/亩", ("money/亩", 1)),
        ("万元/公里", ("money/公里", 10**4)),
        ("平方米", ("area", 1)),
        ("克", ("mass", 1)),
        ("公斤", ("mass", 1000)),
        ("吨", ("mass", 10**6)),
        ("套", ("count:套", 1)),
        ("人次", ("count:人次", 1)),
        ("", ("", 1)),
    ],
)
def test_unit_info(unit: str, info: tuple[str, int]) -> None:
    assert unit_info(unit) == info


# --- normalisation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ("＞＝９０％", "≥90%"),
        ("≧90%", "≥90%"),
        ("⩾ 90 %", "≥90%"),
        ("=>90", "≥90"),
        ("≦10", "≤10"),
        ("=<10", "≤10"),
        ("﹦100%", "=100%"),
        ("＝1个", "=1个"),
        ("2023 年\n9 月前", "2023年9月前"),
        ("83.65 万元", "83.65万元"),
        ("1,000", "1000"),
        ("1，000，000", "1000000"),
        ("1,5", "1,5"),
        ("83．65", "83.65"),
        ("“达成预期”。", "达成预期"),
        ("\u3000提升；", "提升"),
        ("90%～110%", "90%~110%"),
    ],
)
def test_normalize(text: str, out: str) -> None:
    assert normalize(text) == out


# Wordings met in published tables of other provinces (see tests/test_real_wording.py for their sources).
@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("≥50厘米", "higher", "50", "厘米"),  # 中江: not 50 "厘" with 米 dropped
        ("≥100百分比", "higher", "100", "%"),  # 池州
        ("‹=475元/亩", "lower", "475", "元/亩"),  # 南岳: <= typed with an angle quotation mark, per-亩 cost
        ("≤3000元/平方米", "lower", "3000", "元/平方米"),
        ("≤28.40/株", "lower", "28.40", "/株"),  # 同心: 元 left out
        ("0", "lower", "0", ""),  # 衡山: zero tolerance
        ("0起", "lower", "0", "起"),
    ],
)
def test_published_wordings(text: str, kind: str, value: str, unit: str) -> None:
    target = parse_target(text, 2020)
    assert (target.kind, target.value, target.unit) == (kind, Decimal(value), unit)


def test_month_period_is_a_deadline() -> None:
    target = parse_target("1-12月", 2020)  # 大英 时效指标: the period January–December
    assert target.kind == "deadline" and target.deadline == date(2020, 12, 31)
    assert parse_target("1-12月").kind != "deadline"  # no year, no date
