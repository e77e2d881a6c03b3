"""Printed figures judged at their printed precision (docs/rules.md §8).

A printed 得分, 偏差度 or 执行率 equal to the computed figure rounded to the decimals it was printed with is
right; a rate without % may be a fraction; a figure cut instead of rounded is a warning (截断而非四舍五入);
``printed = "exact"`` compares at two decimals, as before."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.api import score
from scoring.core.printed import verdict_stages
from scoring.domain.results import EvaluationResult

from .conftest import make, row


def found(result: EvaluationResult, code: str) -> list[str]:
    return [f.message for f in result.findings if f.code == code]


def sources(executed: str, printed: str) -> str:
    return (
        f"annual = 100\nexecuted = {executed}\n"
        f'[[funds.sources]]\nname = "财政拨款"\nannual = 100\nexecuted = {executed}\n'
        f'reported_rate = "{printed}"\n'
    )


def source_verdict(executed: str, printed: str, rules: str = "") -> str:
    result = score(make(row("≥1", "1", "90"), funds=sources(executed, printed), rules=rules))
    return verdict(result, "rate", about="财政拨款")


def verdict(result: EvaluationResult, figure: str, about: str = "") -> str:
    """ok / truncated / mismatch: what the findings say of a printed 得分 or 执行率 (``about``: only the
    findings whose message names it, e.g. one 资金来源)."""
    if [m for m in found(result, f"reported_{figure}_mismatch") if about in m]:
        return "mismatch"
    truncated = [m for m in found(result, f"reported_{figure}_truncated") if about in m]
    if truncated:
        assert "截断而非四舍五入" in truncated[0]
        return "truncated"
    return "ok"


@pytest.mark.parametrize(
    ("executed", "printed", "verdict"),
    [
        # 95.4951%: at whole percents 95, not the 96 that rounding its print 95.50 again would give
        ("95.4951", "95%", "ok"),
        ("95.4951", "96%", "mismatch"),
        ("95.4951", "95.5%", "ok"),
        ("95.4951", "95.50%", "ok"),
        ("95.4951", "95.49%", "truncated"),
        ("95.4951", "95.48%", "mismatch"),
        ("0.0449", "0.0%", "ok"),
        ("0.0449", "0.1%", "mismatch"),
    ],
)
def test_source_rates_are_rounded_once_from_the_exact_rate(executed: str, printed: str, verdict: str) -> None:
    assert source_verdict(executed, printed) == verdict


# --- 得分 ------------------------------------------------------------

SCORE_ROW = ("≥100台", "89台", "3.25")  # 3.25 × 89 / 100 = 2.8925 → 2.89


def score_verdict(printed: str, rules: str = "") -> str:
    result = score(make(row(*SCORE_ROW, reported_score=printed, reason='"设备未到"'), rules=rules))
    assert result.indicators[0].score is not None and str(result.indicators[0].score) == "2.89"
    return verdict(result, "score")


@pytest.mark.parametrize(
    ("printed", "verdict"),
    [
        ("2.89", "ok"),
        ("2.9", "ok"),  # one decimal: 2.8925 → 2.9
        ("3", "ok"),  # whole points: 2.8925 → 3
        ('"2.890"', "ok"),  # three decimals: compared at the two we compute
        ('"２．９"', "ok"),  # full-width, as typed
        ("2.8", "truncated"),  # 2.8925 cut at one decimal
        ("2.88", "mismatch"),
        ("2.99", "mismatch"),
        ("2", "truncated"),  # whole points cut: 2, rounded: 3
        ("3.0", "mismatch"),  # one decimal printed: 2.9, not 3.0
        ("2.90", "mismatch"),  # two decimals printed: 2.89
    ],
)
def test_printed_score_at_its_precision(printed: str, verdict: str) -> None:
    assert score_verdict(printed) == verdict


def test_a_score_cut_at_two_decimals_is_a_warning_not_an_error() -> None:
    # 3.25 × 83 / 100 = 2.6975 → 2.70; printed 2.69 is the figure cut, not rounded
    result = score(make(row("≥100台", "83台", "3.25", reported_score="2.69", reason='"x"')))
    assert found(result, "reported_score_mismatch") == []
    assert any("截断而非四舍五入" in m for m in found(result, "reported_score_truncated"))


@pytest.mark.parametrize(("printed", "verdict"), [("2.89", "ok"), ("2.9", "mismatch"), ("3", "mismatch")])
def test_the_exact_knob_compares_scores_at_two_decimals(printed: str, verdict: str) -> None:
    assert score_verdict(printed, rules='printed = "exact"') == verdict


def test_exact_knob_makes_a_truncation_an_error() -> None:
    assert score_verdict("2", rules='printed = "exact"') == "mismatch"


# --- 偏差度 ------------------------------------------------------------


def deviation_findings(printed: str, rules: str = "") -> set[str]:
    # ≥90% with 86.27%: (86.27 − 90) / 90 × 100 = −4.1444… → −4.14
    result = score(make(row("≥90%", "86.27%", reported_deviation=printed, reason='"x"'), rules=rules))
    assert str(result.indicators[0].deviation) == "-4.14"
    return {f.code for f in result.findings if f.code.startswith("reported_deviation")}


@pytest.mark.parametrize(
    ("printed", "codes"),
    [
        ("-4.14", set()),
        ("-4.1", set()),
        ("-4", set()),
        ("-4.15", {"reported_deviation_mismatch"}),
        ("-5", {"reported_deviation_mismatch"}),
        ("4.14", {"reported_deviation_mismatch"}),
    ],
)
def test_printed_deviation_at_its_precision(printed: str, codes: set[str]) -> None:
    assert deviation_findings(printed) == codes


def test_a_deviation_cut_toward_zero_is_a_truncation() -> None:
    # ≥90% with 86.23%: −4.1888… → −4.19; printed −4.18 is cut toward zero
    result = score(make(row("≥90%", "86.23%", reported_deviation="-4.18", reason='"x"')))
    assert {f.code for f in result.findings if f.code.startswith("reported_deviation")} == {
        "reported_deviation_truncated"
    }
    exact = score(
        make(row("≥90%", "86.23%", reported_deviation="-4.18", reason='"x"'), rules='printed = "exact"')
    )
    assert "reported_deviation_mismatch" in {f.code for f in exact.findings}


def test_deviation_exact_knob() -> None:
    assert deviation_findings("-4.1", rules='printed = "exact"') == {"reported_deviation_mismatch"}


# --- 执行率 ------------------------------------------------------------


def rate_verdict(printed: str, executed: str = "95.86", annual: str = "100", rules: str = "") -> str:
    funds = f'annual = {annual}\nexecuted = {executed}\nreported_rate = "{printed}"\n'
    result = score(make(row("≥1", "1", "90"), funds=funds, rules=rules))
    return verdict(result, "rate")


@pytest.mark.parametrize(
    ("printed", "verdict"),
    [
        ("95.86%", "ok"),
        ("95.9%", "ok"),
        ("96%", "ok"),
        ("９６％", "ok"),
        ("95.86", "ok"),  # a percent without its sign
        ("0.9586", "ok"),  # a fraction
        ("0.96", "ok"),
        ("0.959", "ok"),
        ("95%", "truncated"),
        ("95.8%", "truncated"),
        ("0.95", "truncated"),
        ("0.9587", "mismatch"),
        ("94%", "mismatch"),
        ("95.87%", "mismatch"),
        ("0.9586%", "mismatch"),  # with its sign it is a percent, not a fraction
    ],
)
def test_printed_rate_at_its_precision_and_as_a_fraction(printed: str, verdict: str) -> None:
    assert rate_verdict(printed) == verdict


def test_a_rate_of_one_is_read_as_a_whole_budget_spent() -> None:
    assert rate_verdict("1", executed="100") == "ok"
    assert rate_verdict("1", executed="1") == "ok"  # 1%: the percent reading
    assert rate_verdict("1", executed="50") == "mismatch"


def test_the_issue_example_a_truncated_rate_is_a_warning() -> None:
    # 97.808%: 97.80% is cut, not rounded (97.81%)
    assert rate_verdict("97.80%", executed="97.808") == "truncated"
    assert rate_verdict("97.81%", executed="97.808") == "ok"
    assert rate_verdict("97.8%", executed="97.808") == "ok"


@pytest.mark.parametrize(
    ("printed", "verdict"), [("95.86%", "ok"), ("96%", "mismatch"), ("0.9586", "mismatch")]
)
def test_the_exact_knob_compares_rates_at_two_decimals(printed: str, verdict: str) -> None:
    assert rate_verdict(printed, rules='printed = "exact"') == verdict


def test_printed_places_survive_a_save(tmp_path) -> None:
    """2.90 written back stays 2.90: the decimals a clerk printed are part of the figure."""
    from scoring.api import load, save

    path = tmp_path / "e.toml"
    path.write_text(
        '[evaluation]\nkind = "project"\nyear = 2023\nname = "x"\n'
        '[[indicators]]\nlevel1 = "产出指标"\nlevel3 = "a"\ntarget = "≥100台"\nactual = "89台"\n'
        "weight = 3.25\n"
        "reported_score = 2.90\nreported_deviation = -11.0\n",
        encoding="utf-8",
    )
    evaluation = load(path)
    assert str(evaluation.indicators[0].reported_score) == "2.90"
    save(evaluation, path)
    text = path.read_text(encoding="utf-8")
    assert "reported_score = 2.90" in text and "reported_deviation = -11.0" in text
    assert str(load(path).indicators[0].reported_score) == "2.90"


# --- the verdict against a Decimal oracle ----------------------------------------------------------------

FRACTIONS = st.tuples(st.integers(-(10**9), 10**9), st.integers(1, 10**6))


@settings(max_examples=300, deadline=None)
@given(fraction=FRACTIONS, places=st.integers(0, 2), shift=st.integers(-2, 2), exact=st.booleans())
def test_printed_verdict_matches_a_decimal_oracle(
    fraction: tuple[int, int], places: int, shift: int, exact: bool
) -> None:
    """Printed figures near the exact value num/den (its rounding, its cut, a step off), judged by the core
    expression and by Decimal arithmetic (ROUND_HALF_UP, ROUND_DOWN) at the printed decimals."""
    num, den = fraction
    value = Decimal(num) / Decimal(den)
    kept = 2 if exact else places
    step = Decimal(1).scaleb(-places)
    printed = (value.quantize(step, rounding=ROUND_HALF_UP) + shift * step).quantize(step)
    hundredths_printed = int(printed * 100)
    frame = pl.DataFrame(
        {"p": [hundredths_printed], "places": [places], "num": [num], "den": [den], "exact": [exact]},
        schema={"p": pl.Int128, "places": pl.Int32, "num": pl.Int128, "den": pl.Int128, "exact": pl.Boolean},
    )
    for stage in verdict_stages(
        "verdict", pl.col("p"), pl.col("places"), pl.col("num"), pl.col("den"), pl.col("exact")
    ):
        frame = frame.with_columns(stage)
    got = frame["verdict"].item()
    at = Decimal(1).scaleb(-kept)
    if printed == value.quantize(at, rounding=ROUND_HALF_UP):
        expected = "ok"
    elif not exact and printed == value.quantize(at, rounding=ROUND_DOWN):
        expected = "truncated"
    else:
        expected = "mismatch"
    assert got == expected, (num, den, printed, places, exact)
