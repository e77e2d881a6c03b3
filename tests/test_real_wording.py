"""Real published 年度指标值 / 实际完成值 wording, as printed in self-evaluation tables of several places.

Only pairs the parsers read correctly are pinned here; known misreadings (厘米, 百分比, 元/亩-style
compound units, "1-12月", bare 0 targets of lower-is-better rows) are reported separately and are not
asserted either way. Sources (cells copied as printed; 指标性质 + 指标值 + 度量单位 columns are joined
where a table splits them):

  池州  池州市贵池区棠溪镇 2022 委托业务项目 (安徽)  anthempetcare.com/upload_cz/download?id=502364
  廊坊  廊坊市食品工程学校 2019 暖通改造经费 (河北)  lfsp.cn/newsinfo/1158053.html
  大英  大英县司法局 2023 / 大英县 2020 (四川遂宁)  dyxrmt.cn/article-157795-21, article-147197-19
  中江  中江县水利局 2022 衔接资金 (四川德阳)        chacewang.com/newsdetail/news242266.html
  萧县  萧县张庄寨镇 2023 特色种养 (安徽宿州)        ahxx.gov.cn/grassroots/279/158998981.html
  广水  广水市交通运输局 2021 乡村道路 (湖北)        pdf.wenkuvip.com/archives/bqg98jldqkx8g2xm7pe6
  衡山  衡山县商务和粮食局 2020 储备粮 (湖南衡阳)    taowenge.com/p-72820237.html
  原州  原州区农技中心 2022 马铃薯 (宁夏固原)        bigxun.com/view/1651813082920488962
  丽江  丽江市古城区自然资源局 2020 (云南)           m.jjiadianqingjie.com.cn/changyong/13241.html
  金寨  金寨县茶谷和美丽乡村建设服务中心 2023 (安徽六安)  ahjinzhai.gov.cn/public/6624963/37545031.html
  新洲  武汉市新洲区楚剧团 2020 (湖北)               m.taowenge.com/p-96795578.html
  德阳  dyrmt.com/article-132779-22 (四川, targets only)
  南岳  衡阳市南岳区 2018 扶贫 (湖南, targets only)   nanyue.gov.cn/.../i951217.html
  同心  同心县下马关镇 2023 (宁夏, targets only)      tongxin.gov.cn/.../t20230919_4273316.html
  奉节  奉节县云雾土家族乡 2023 (重庆, target only)   cqfj.gov.cn/.../t20240201_12892054.html
  寺下  寺下镇 2019 通组道路 (targets only)           hyht-hotel.com/syxxxgk/czyjsqgnch/202103/...
  岳阳楼区 价格认证鉴定中心 2023 目标表 (湖南)       monopolymediamarketing.com/.../content_2062100.html
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from scoring.parsing import parse_actual, parse_target

D = Decimal

# (place, year, target, (kind, value, unit) | kind, actual, expected actual)
# expected actual: ("number", value, unit) | ("tier", tier) | ("date", date)
PAIRS: list[tuple[str, int, str, tuple[str, Decimal, str] | str, str, tuple[object, ...]]] = [
    ("池州", 2022, "≥50个", ("higher", D("50"), "个"), "50", ("number", D("50"), "")),
    ("池州", 2022, "严格执行相关制度规定", "qualitative", "达成预期指标", ("tier", "达成")),
    ("池州", 2022, "在项目计划完成时间内完成", "qualitative", "达成预期指标", ("tier", "达成")),
    ("池州", 2022, "≤90万元", ("lower", D("90"), "万元"), "90", ("number", D("90"), "")),
    ("池州", 2022, "符合相关规定", "qualitative", "达成预期指标", ("tier", "达成")),
    ("池州", 2022, "效果明显", "qualitative", "达成预期指标", ("tier", "达成")),
    ("廊坊", 2019, "43.2", ("higher", D("43.2"), ""), "37.24", ("number", D("37.24"), "")),
    ("廊坊", 2019, "100", ("higher", D("100"), ""), "100", ("number", D("100"), "")),
    ("大英", 2023, "≤30万元", ("lower", D("30"), "万元"), "完成", ("tier", "达成")),
    ("中江", 2022, "≥266米", ("higher", D("266"), "米"), "≥266米", ("number", D("266"), "米")),
    ("中江", 2022, "100%", ("higher", D("100"), "%"), "100%", ("number", D("100"), "%")),
    ("中江", 2022, "≥90%", ("higher", D("90"), "%"), "≥90%", ("number", D("90"), "%")),
    ("中江", 2022, "20万元", ("higher", D("20"), "万元"), "20万元", ("number", D("20"), "万元")),
    ("中江", 2022, "≥1000人", ("higher", D("1000"), "人"), "≥1000人", ("number", D("1000"), "人")),
    ("中江", 2022, "显著提升", "qualitative", "显著提升", ("tier", "达成")),
    ("中江", 2022, "≥95%", ("higher", D("95"), "%"), "≥95%", ("number", D("95"), "%")),
    ("大英", 2020, "至少全年完成2次宣传", ("higher", D("2"), "次"), "已完成100%", ("number", D("100"), "%")),
    ("大英", 2020, "按质按量完成", "qualitative", "已完成100%", ("number", D("100"), "%")),
    ("大英", 2020, "10万元", ("higher", D("10"), "万元"), "已完成100%", ("number", D("100"), "%")),
    ("大英", 2020, "不断提升", "qualitative", "已完成100%", ("number", D("100"), "%")),
    ("大英", 2020, "90%", ("higher", D("90"), "%"), "已完成100%", ("number", D("100"), "%")),
    ("萧县", 2023, "29.5亩", ("higher", D("29.5"), "亩"), "29.5亩", ("number", D("29.5"), "亩")),
    ("萧县", 2023, "1.5亩", ("higher", D("1.5"), "亩"), "1.5亩", ("number", D("1.5"), "亩")),
    ("萧县", 2023, "192只", ("higher", D("192"), "只"), "192只", ("number", D("192"), "只")),
    ("萧县", 2023, "12头", ("higher", D("12"), "头"), "12头", ("number", D("12"), "头")),
    ("萧县", 2023, "95%", ("higher", D("95"), "%"), "100%", ("number", D("100"), "%")),
    ("萧县", 2023, "≥11.376万元", ("higher", D("11.376"), "万元"), "12万元", ("number", D("12"), "万元")),
    ("萧县", 2023, "90人", ("higher", D("90"), "人"), "90人", ("number", D("90"), "人")),
    ("广水", 2021, "300 公里", ("higher", D("300"), "公里"), "300 公里", ("number", D("300"), "公里")),
    ("衡山", 2020, "100%", ("higher", D("100"), "%"), "无", ("tier", "未达成")),
    ("衡山", 2020, "高", "qualitative", "高", ("tier", "达成")),
    ("原州", 2022, "550万粒", ("higher", D("5500000"), "粒"), "550万粒", ("number", D("5500000"), "粒")),
    ("原州", 2022, "11月底完成", "deadline", "100%", ("number", D("100"), "%")),
    ("原州", 2022, "不高于市场价", "qualitative", "是", ("tier", "达成")),
    ("原州", 2022, "2%", ("higher", D("2"), "%"), "2%", ("number", D("2"), "%")),
    ("原州", 2022, "是", "qualitative", "基本达到", ("tier", "部分达成")),
    ("丽江", 2020, "﹦72890元", ("equal", D("72890"), "元"), "72890", ("number", D("72890"), "")),
    ("丽江", 2020, "﹦100%", ("equal", D("100"), "%"), "100", ("number", D("100"), "")),
    ("丽江", 2020, "≥95%", ("higher", D("95"), "%"), "95", ("number", D("95"), "")),
    ("金寨", 2023, "≤4", ("lower", D("4"), ""), "4", ("number", D("4"), "")),
    ("金寨", 2023, "≥200", ("higher", D("200"), ""), "202", ("number", D("202"), "")),
    ("金寨", 2023, "≥2000", ("higher", D("2000"), ""), "3061", ("number", D("3061"), "")),
    ("金寨", 2023, "≥95%", ("higher", D("95"), "%"), "100%", ("number", D("100"), "%")),
    ("金寨", 2023, "9月前", "deadline", "7月", ("date", date(2023, 7, 31))),
    ("金寨", 2023, "11月前", "deadline", "10月", ("date", date(2023, 10, 31))),
    ("新洲", 2020, "50件", ("higher", D("50"), "件"), "50件", ("number", D("50"), "件")),
    ("新洲", 2020, "合格", "qualitative", "合格", ("tier", "达成")),
    ("新洲", 2020, "2万元", ("higher", D("2"), "万元"), "2万元", ("number", D("2"), "万元")),
]

# Deadlines as the parser understands them ("9月前" = by the end of the month before).
DEADLINES = [
    ("原州", 2022, "11月底完成", date(2022, 11, 30)),
    ("金寨", 2023, "9月前", date(2023, 8, 31)),
    ("金寨", 2023, "11月前", date(2023, 10, 31)),
]

# Published targets without a usable actual: (place, target, kind, value, unit)
TARGETS = [
    ("德阳", "=100%", "equal", D("100"), "%"),
    ("德阳", "≤10次", "lower", D("10"), "次"),
    ("德阳", "≤5%", "lower", D("5"), "%"),
    ("南岳", ">=20平方米", "higher", D("20"), "平方米"),
    ("南岳", ">=4个", "higher", D("4"), "个"),
    ("南岳", ">=60亩", "higher", D("60"), "亩"),
    ("南岳", ">=98%", "higher", D("98"), "%"),
    ("南岳", ">=2.61万元", "higher", D("2.61"), "万元"),
    ("南岳", ">=60000人", "higher", D("60000"), "人"),
    ("同心", ">=17600株", "higher", D("17600"), "株"),
    ("同心", ">=85", "higher", D("85"), ""),
    ("同心", "≥10户", "higher", D("10"), "户"),
    ("同心", "≥80万元", "higher", D("80"), "万元"),
    ("奉节", "≤65万元", "lower", D("65"), "万元"),
    ("寺下", "≥0.565km", "higher", D("0.565"), "公里"),
    ("寺下", "≥23人", "higher", D("23"), "人"),
]

QUALITATIVE_TARGETS = [
    ("同心", "生态修复功能提高"),
    ("同心", "持续发展"),
    ("岳阳楼区", "按月安排"),
    ("岳阳楼区", "应保尽保"),
]


@pytest.mark.parametrize(("place", "year", "target", "t_exp", "actual", "a_exp"), PAIRS)
def test_real_pair(
    place: str,
    year: int,
    target: str,
    t_exp: tuple[str, Decimal, str] | str,
    actual: str,
    a_exp: tuple[object, ...],
) -> None:
    t = parse_target(target, year=year)
    assert t.error is None, (place, target, t.error)
    if isinstance(t_exp, str):
        assert t.kind == t_exp, (place, target, t.render())
    else:
        assert (t.kind, t.value, t.unit) == t_exp, (place, target, t.render())
    a = parse_actual(actual, year=year)
    assert a.error is None, (place, actual, a.error)
    if a_exp[0] == "number":
        assert (a.kind, a.value, a.unit) == a_exp, (place, actual, a.render())
    elif a_exp[0] == "tier":
        assert (a.kind, a.tier) == a_exp, (place, actual, a.render())
    else:
        assert (a.kind, a.date) == a_exp, (place, actual, a.render())


@pytest.mark.parametrize(("place", "year", "target", "deadline"), DEADLINES)
def test_real_deadline(place: str, year: int, target: str, deadline: date) -> None:
    t = parse_target(target, year=year)
    assert (t.kind, t.deadline) == ("deadline", deadline), (place, target, t.render())


@pytest.mark.parametrize(("place", "target", "kind", "value", "unit"), TARGETS)
def test_real_target(place: str, target: str, kind: str, value: Decimal, unit: str) -> None:
    t = parse_target(target)
    assert (t.kind, t.value, t.unit) == (kind, value, unit), (place, target, t.render())


@pytest.mark.parametrize(("place", "target"), QUALITATIVE_TARGETS)
def test_real_qualitative_target(place: str, target: str) -> None:
    assert parse_target(target).kind == "qualitative", place


def test_actual_restating_the_target_keeps_its_operator() -> None:
    # 中江: every 全年实际值 repeats the target with its ≥; the parser keeps the symbol for a reviewer.
    assert parse_actual("≥1000人").repeated_op == "≥"
