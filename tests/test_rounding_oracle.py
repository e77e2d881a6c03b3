"""The engine against a tiny exact oracle (fractions.Fraction): 四舍五入 to cents, never a float."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.api import score as score_evaluation

from .conftest import make, row


def oracle_round(value: Fraction) -> Decimal:
    """Half away from zero to two decimals, on exact fractions."""
    scaled = abs(value) * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole if value >= 0 else -whole).scaleb(-2)


def oracle(rule: str, weight: Fraction, target: Fraction, actual: Fraction) -> Fraction:
    if rule == "higher":
        return weight if actual >= target else weight * max(actual, Fraction(0)) / target
    if actual <= target:
        return weight
    if rule == "ratio":
        return weight * target / actual
    return weight * max(Fraction(0), 1 - (actual - target) / target)  # linear


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2, allow_nan=False)
weights = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("30"), places=1, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(
    weight=weights,
    target=amounts,
    actual=amounts,
    rule=st.sampled_from(["higher", "ratio", "linear"]),
    deviation=st.sampled_from(["shortfall", "signed"]),
)
def test_row_scores_match_the_fraction_oracle(
    weight: Decimal, target: Decimal, actual: Decimal, rule: str, deviation: str
) -> None:
    op = "≥" if rule == "higher" else "≤"
    rules = f'deviation = "{deviation}"' + ("" if rule == "higher" else f'\nreverse = "{rule}"')
    evaluation = make(row(f"{op}{target}万元", f"{actual}万元", str(weight)), rules=rules)
    result = score_evaluation(evaluation)
    expected = oracle_round(oracle(rule, Fraction(weight), Fraction(target), Fraction(actual)))
    assert result.indicators[0].score == expected
    met = actual >= target if rule == "higher" else actual <= target
    signed = oracle_round((Fraction(actual) - Fraction(target)) / Fraction(target) * 100)
    # the form prints 0.00 on a met row; the knob "signed" keeps the figure there too
    assert result.indicators[0].deviation == (Decimal("0.00") if met and deviation == "shortfall" else signed)


@settings(max_examples=100, deadline=None)
@given(annual=amounts, executed=amounts, weight=weights)
def test_execution_score_and_rate_match_the_oracle(
    annual: Decimal, executed: Decimal, weight: Decimal
) -> None:
    evaluation = make("", funds=f"weight = {weight}\nannual = {annual}\nexecuted = {executed}")
    result = score_evaluation(evaluation)
    assert result.execution is not None
    rate = Fraction(executed) / Fraction(annual)
    assert result.execution.rate == oracle_round(rate * 100)
    assert result.execution.score == oracle_round(Fraction(weight) * min(rate, Fraction(1)))


def test_half_is_decided_exactly() -> None:
    # 1.5 × 113/300 = 0.565 exactly: float gives 0.56499…, banker's rounding 0.56; 四舍五入 gives 0.57
    result = score_evaluation(make(row("≥300", "113", "1.5")))
    assert result.indicators[0].score == Decimal("0.57")
    # 2.675 (a float stores 2.67499999…) must round to 2.68
    result = score_evaluation(make(row("≥1000", "535", "5")))
    assert result.indicators[0].score == Decimal("2.68")


def test_total_is_the_sum_of_rounded_rows() -> None:
    rows = "".join(row("≥3", "1", "1") for _ in range(3))  # each 0.333… → 0.33
    result = score_evaluation(make(rows, funds="weight = 97\nannual = 1\nexecuted = 1"))
    assert [i.score for i in result.indicators] == [Decimal("0.33")] * 3
    assert result.total == Decimal("97.99")
