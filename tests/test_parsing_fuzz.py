"""Property tests: the parsers never raise and always return well-formed, renderable results."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.parsing import ParsedActual, ParsedTarget, parse_actual, parse_target, unit_info

FAST = settings(max_examples=300, deadline=None)
BANNED = set("≥≤“”…—·")
NUMERIC_TARGETS = {"higher", "lower", "equal"}

OPERATORS = [
    "",
    "≥",
    "≤",
    "=",
    ">",
    "<",
    "＞＝",
    "≧",
    "⩾",
    "≦",
    "<=",
    ">=",
    "=>",
    "﹦",
    "＝",
    "不低于",
    "不超过",
    "不少于",
    "至少",
    "达到",
    "控制在",
    "低于",
    "约",
    "-",
    "~",
    "至",
    "═",
    "゠",
    "≽",
    "⋜",
    "˃",
    "≥＝",
    "＜＝",
    "━",
    "─",
    "≈",
    "±",
]
UNITS = [
    "",
    "%",
    "％",
    "‰",
    "元",
    "万元",
    "亿元",
    "万",
    "小时",
    "h",
    "天",
    "日",
    "个工作日",
    "月",
    "年",
    "套",
    "个",
    "人次",
    "项",
    "米",
    "公里",
    "吨",
    "以上",
    "以内",
    "余人",
    "㎡",
    "㎞",
    "㎏",
    "㎜",
    "℃",
    "㎥",
    "㎎",
    "㎖",
    "㎾",
    "㎍",
    "TB",
    "GB",
    "Mbps",
    "KVA",
    "台套",
    "m2",
]
WORDS = [
    "达成预期",
    "完成",
    "年",
    "月",
    "日",
    "底",
    "前",
    "季度",
    "上半年",
    "提升",
    "明显",
    "未",
    "基本",
    "，",
    "。",
    " ",
    "\n",
    "\u3000",
    "“",
    "”",
    "(",
    ")",
    "介于",
    "之间",
    "和",
    "第三",
    "次年",
    "较",
    "目标1：",
    "abc",
]
DIGITS = st.text(alphabet="0123456789０１２３４５６７８９.．,，", min_size=1, max_size=8)

pieces = st.one_of(st.sampled_from(OPERATORS), st.sampled_from(UNITS), st.sampled_from(WORDS), DIGITS)
clerk_text = st.lists(pieces, max_size=8).map("".join)
any_text = st.one_of(st.text(), clerk_text)
years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2100))


def _check_render(out: str) -> None:
    assert isinstance(out, str) and out
    assert not set(out) & BANNED


@FAST
@given(any_text, years)
def test_parse_target_total(text: str, year: int | None) -> None:
    p = parse_target(text, year)
    assert isinstance(p, ParsedTarget)
    assert (p.kind == "invalid") == (p.error is not None)
    if p.kind in NUMERIC_TARGETS:
        assert p.value is not None and abs(p.value) < 10**12
    if p.kind == "range":
        assert p.low is not None and p.high is not None and p.low <= p.high
        assert abs(p.low) < 10**12 and abs(p.high) < 10**12
    if p.kind == "deadline":
        assert p.deadline is not None
    _check_render(p.render())


@FAST
@given(any_text, years)
def test_parse_actual_total(text: str, year: int | None) -> None:
    p = parse_actual(text, year)
    assert isinstance(p, ParsedActual)
    assert (p.kind == "invalid") == (p.error is not None)
    if p.kind == "number":
        assert p.value is not None and abs(p.value) < 10**12
    if p.kind == "date":
        assert p.date is not None
    if p.kind == "tier":
        assert p.tier in ("达成", "部分达成", "未达成")
    assert p.repeated_op in (None, "≥", "≤", "=", ">", "<")
    _check_render(p.render())


numbers = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1),
    st.integers(min_value=0, max_value=6),
).filter(lambda d: abs(d) < 10**12)
KNOWN_UNITS = [
    "%",
    "‰",
    "元",
    "千元",
    "万元",
    "亿元",
    "小时",
    "天",
    "分钟",
    "个工作日",
    "套",
    "个",
    "人次",
    "项",
    "米",
    "公里",
    "吨",
    "公斤",
    "户",
    "TB",
    "Mbps",
    "KVA",
    "台套",
    "",
]
CANON = {"个工作日": "工作日"}


@FAST
@given(numbers, st.sampled_from(KNOWN_UNITS), st.sampled_from(["≥", "≤", "="]))
def test_round_trip(n: Decimal, unit: str, op: str) -> None:
    written = format(n, "f")
    target = parse_target(f"{op}{written}{unit}")
    assert target.kind == {"≥": "higher", "≤": "lower", "=": "equal"}[op]
    assert target.value == n
    assert target.unit == CANON.get(unit, unit)
    actual = parse_actual(f"{op}{written}{unit}")
    assert (actual.kind, actual.value, actual.repeated_op) == ("number", n, op)


@FAST
@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(KNOWN_UNITS))
def test_render_round_trip(n: int, unit: str) -> None:
    first = parse_target(f"≥{n}{unit}")
    rendered = first.render()
    again = parse_target(rendered)
    assert (again.kind, again.value, again.unit) == (first.kind, first.value, first.unit)


# Look-alikes and the operator they stand for; glyphs no table places; unit symbols and their units.
LOOKALIKE_OPS = {"═": "=", "＝": "=", "﹦": "=", "゠": "=", "≧": "≥", "⩾": "≥", "≽": "≥", "=>": "≥",
                 ">＝": "≥", "≥＝": "≥", "≦": "≤", "⩽": "≤", "≼": "≤", "＜＝": "≤", "=<": "≤"}  # fmt: skip
STRAY = ["━", "─", "≈", "≒", "±", "→", "★", "≡"]
UNIT_SYMBOLS = {"㎡": "平方米", "㎞": "公里", "㎏": "公斤", "㎜": "毫米", "㎝": "厘米", "㎥": "立方米",
                "℃": "摄氏度", "㎎": "毫克", "㎖": "毫升", "㏄": "毫升", "㎾": "千瓦", "㎢": "平方公里",
                "㏊": "公顷"}  # fmt: skip
SHARED = ["TB", "GB", "Mbps", "KVA", "kVA", "台套", "Hz", "dB"]


@FAST
@given(numbers, st.sampled_from(sorted(LOOKALIKE_OPS)), st.sampled_from(KNOWN_UNITS))
def test_lookalike_reads_as_its_operator(n: Decimal, glyph: str, unit: str) -> None:
    written = format(n, "f")
    got = parse_target(f"{glyph}{written}{unit}")
    want = parse_target(f"{LOOKALIKE_OPS[glyph]}{written}{unit}")
    assert (got.kind, got.value, got.unit, got.explicit) == (want.kind, want.value, want.unit, True)
    got_a = parse_actual(f"{glyph}{written}{unit}")
    assert (got_a.value, got_a.repeated_op) == (n, LOOKALIKE_OPS[glyph])


@FAST
@given(numbers, st.sampled_from(STRAY), st.sampled_from(KNOWN_UNITS), st.sampled_from(["", "≥", "不低于"]))
def test_stray_glyph_is_never_a_bare_number(n: Decimal, glyph: str, unit: str, op: str) -> None:
    text = f"{op}{glyph}{format(n, 'f')}{unit}"
    for p in (parse_target(text), parse_actual(text)):
        assert p.kind == "invalid" and p.error is not None and glyph in p.error


@FAST
@given(numbers, st.sampled_from(sorted(UNIT_SYMBOLS)), st.sampled_from(["≥", "≤", "="]))
def test_unit_symbol_is_its_unit(n: Decimal, symbol: str, op: str) -> None:
    written = format(n, "f")
    target = parse_target(f"{op}{written}{symbol}")
    spelt = parse_target(f"{op}{written}{UNIT_SYMBOLS[symbol]}")
    assert (target.kind, target.value, target.unit) == (spelt.kind, n, UNIT_SYMBOLS[symbol])
    actual = parse_actual(f"{written}{symbol}")
    assert (actual.kind, actual.value, actual.unit) == ("number", n, UNIT_SYMBOLS[symbol])


@FAST
@given(numbers, st.sampled_from(SHARED), st.sampled_from(SHARED))
def test_unknown_units_compare_only_with_themselves(n: Decimal, a: str, b: str) -> None:
    target, actual = parse_target(f"≥{format(n, 'f')}{a}"), parse_actual(f"{format(n, 'f')}{b}")
    assert (target.unit, actual.unit) == (a, b)
    same_dimension = unit_info(target.unit)[0] == unit_info(actual.unit)[0]
    assert same_dimension == (a == b)
