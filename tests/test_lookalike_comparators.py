"""Look-alike comparators: glyphs clerks type for = ≥ ≤ read as the operator they stand for, and a glyph
jixiao cannot place reported by name, never dropped to leave a bare number.

Before the glyph table knew ═ (box-drawing double bar), '═100%' under 成本指标 read as a bare 100% (lower is
better there) and '═100%' against 102% lost points instead of raising equal_mismatch as '=100%' does.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.api import score
from scoring.domain.results import EvaluationResult
from scoring.parsing import parse_actual, parse_target

from .conftest import codes, make

D = Decimal

# (as written, the operator it stands for)
LOOKALIKES = [
    ("═100%", "=100%"),
    ("＝100%", "=100%"),
    ("﹦100%", "=100%"),
    ("⁼100%", "=100%"),
    ("゠100%", "=100%"),
    ("꞊100%", "=100%"),
    ("═ 112套", "=112套"),
    ("≧90%", "≥90%"),
    ("⩾90%", "≥90%"),
    ("≽90%", "≥90%"),
    ("⋝90%", "≥90%"),
    ("=>90%", "≥90%"),
    ("═>90%", "≥90%"),
    (">＝90%", "≥90%"),
    ("＞＝90%", "≥90%"),
    ("≥＝90%", "≥90%"),
    ("≧＝90%", "≥90%"),
    ("≥═90%", "≥90%"),
    ("˃90%", ">90%"),
    ("≦10%", "≤10%"),
    ("⩽10%", "≤10%"),
    ("≼10%", "≤10%"),
    ("⋜10%", "≤10%"),
    ("＜＝10%", "≤10%"),
    ("<═10%", "≤10%"),
    ("=<10%", "≤10%"),
    ("˂=10%", "≤10%"),
    ("˂10%", "<10%"),
]

# (as written, the glyph the message must name)
UNPLACED = [
    ("━100%", "━"),
    ("─100%", "─"),
    ("≈100%", "≈"),
    ("≒100%", "≒"),
    ("≡100%", "≡"),
    ("±5%", "±"),
    ("→90%", "→"),
    ("★≥90%", "★"),
    ("90%━110%", "━"),
    ("≥90%，━80%", "━"),
    ("━ 100 万元", "━"),
]


@pytest.mark.parametrize(("written", "meant"), LOOKALIKES)
def test_lookalike_target_reads_as_its_operator(written: str, meant: str) -> None:
    got, want = parse_target(written), parse_target(meant)
    assert want.explicit and want.error is None
    assert (got.kind, got.value, got.unit, got.explicit, got.error) == (
        want.kind,
        want.value,
        want.unit,
        True,
        None,
    )


@pytest.mark.parametrize(("written", "meant"), LOOKALIKES)
def test_lookalike_actual_keeps_the_operator_it_repeats(written: str, meant: str) -> None:
    got, want = parse_actual(written), parse_actual(meant)
    assert want.repeated_op is not None
    assert got.kind == "number"
    assert (got.value, got.unit, got.repeated_op) == (want.value, want.unit, want.repeated_op)


@pytest.mark.parametrize(("written", "glyph"), UNPLACED)
def test_unplaced_glyph_in_a_target_is_named(written: str, glyph: str) -> None:
    p = parse_target(written)
    assert p.kind == "invalid" and p.value is None
    assert p.error is not None
    assert f"“{glyph}”（U+{ord(glyph):04X}）" in p.error and "比较符号" in p.error
    assert written.strip() in p.error


@pytest.mark.parametrize(("written", "glyph"), UNPLACED)
def test_unplaced_glyph_in_an_actual_is_named(written: str, glyph: str) -> None:
    p = parse_actual(written)
    assert p.kind == "invalid" and p.value is None
    assert p.error is not None and f"“{glyph}”（U+{ord(glyph):04X}）" in p.error


@pytest.mark.parametrize("written", ["━2023年9月前", "≈2023年9月20日", "2023年9月底前→"])
def test_unplaced_glyph_beside_a_date_is_named(written: str) -> None:
    for p in (parse_target(written, 2023), parse_actual(written, 2023)):
        assert p.kind == "invalid" and p.error is not None and "（U+" in p.error, written
    assert parse_target("2023年9月前", 2023).kind == "deadline"
    assert parse_actual("2023-09-20", 2023).kind == "date"


def test_a_glyph_with_no_number_is_named_too() -> None:
    error = parse_target("━━").error
    assert error is not None and "“━”（U+2501）" in error
    assert "“━”" not in (parse_target("≥abc").error or "")


def test_placed_symbols_are_not_reported() -> None:
    for text in ("90%-110%", "90%~110%", "≥90%", "-5%", "≤28.40/株"):
        assert parse_target(text).kind != "invalid", text


def _scored(target: str, actual: str, level2: str = "成本指标") -> EvaluationResult:
    return score(
        make(
            f"""[[indicators]]
level1 = "产出指标"
level2 = "{level2}"
level3 = "单位成本"
target = "{target}"
actual = "{actual}"
weight = 10
"""
        )
    )


@pytest.mark.parametrize("target", ["═100%", "=100%", "＝100%", "﹦100%"])
def test_equal_lookalike_under_cost_is_equal(target: str) -> None:
    mismatch = _scored(target, "102%")
    row = mismatch.indicators[0]
    assert (row.rule, row.score) == ("equal", D("10.00"))
    assert "equal_mismatch" in codes(mismatch)
    message = next(f.message for f in mismatch.findings if f.code == "equal_mismatch")
    assert target in message and "102%" in message
    matched = _scored(target, "100%")
    assert matched.indicators[0].status == "met" and "equal_mismatch" not in codes(matched)


def test_bare_number_under_cost_stays_lower_is_better() -> None:
    row = _scored("100%", "102%").indicators[0]
    assert row.rule == "lower" and row.score == D("9.80")


def test_equal_lookalike_short_of_a_count() -> None:
    short = _scored("═112套", "110套", level2="数量指标")
    assert short.indicators[0].score == D("9.82") and "equal_mismatch" in codes(short)
    met = _scored("═112套", "112套", level2="数量指标")
    assert met.indicators[0].score == D("10.00") and "equal_mismatch" not in codes(met)


def test_lookalike_ceiling_under_cost() -> None:
    assert _scored("≦10%", "8%").indicators[0].status == "met"
    short = _scored("＜＝10%", "20%").indicators[0]
    assert (short.rule, short.score) == ("lower", D("5.00"))


def test_unplaced_glyph_is_a_finding_not_a_score() -> None:
    result = _scored("━100%", "102%")
    row = result.indicators[0]
    assert row.status == "invalid" and row.score is None
    found = [f for f in result.findings if f.code == "target_unparsed"]
    assert found and "“━”（U+2501）" in found[0].message and "单位成本" in found[0].message
    actual = _scored("≤100%", "≈98%")
    assert actual.indicators[0].status == "invalid"
    assert any("“≈”（U+2248）" in f.message for f in actual.findings if f.code == "actual_unparsed")
