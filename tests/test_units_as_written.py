"""Units as written: CJK compatibility unit symbols (㎡ ㎞ ㎏ ℃ ...) are their units; a unit the scale table
does not know ('TB', 'Mbps', 'KVA') compares as a number in that unit when both sides share it, and two
different ones are a unit mismatch, never numbers compared across units.

Before: '1000㎡' (NFKC 'm2') was read as 1000 米 and a second number 2 ('含有多个数值'), and any Latin
unit but a handful made the cell unreadable.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.api import score
from scoring.domain.results import EvaluationResult
from scoring.parsing import canonical_unit, parse_actual, parse_target, unit_info

from .conftest import codes, make

D = Decimal

# (as written, value, canonical unit)
SYMBOLS = [
    ("1000㎡", "1000", "平方米"),
    ("5㎞", "5", "公里"),
    ("5㏎", "5", "公里"),
    ("2.5㎏", "2.5", "公斤"),
    ("5㎜", "5", "毫米"),
    ("3㎝", "3", "厘米"),
    ("100㎥", "100", "立方米"),
    ("20℃", "20", "摄氏度"),
    ("20°C", "20", "摄氏度"),
    ("5㎎", "5", "毫克"),
    ("5㎖", "5", "毫升"),
    ("5㏄", "5", "毫升"),
    ("5㎘", "5", "立方米"),
    ("5㎾", "5", "千瓦"),
    ("5㎿", "5", "兆瓦"),
    ("2㎢", "2", "平方公里"),
    ("3㏊", "3", "公顷"),
    ("4㎟", "4", "平方毫米"),
    ("1,000 ㎡", "1000", "平方米"),
    ("１０００㎡", "1000", "平方米"),
    ("5KG", "5", "公斤"),
    ("5Km", "5", "公里"),
    ("5kWh", "5", "千瓦时"),
    ("5L", "5", "升"),
]

# Latin or unknown units kept as written
AS_WRITTEN = [
    ("25TB", "25", "TB"),
    ("2GB", "2", "GB"),
    ("100Mbps", "100", "Mbps"),
    ("1250KVA", "1250", "KVA"),
    ("1250kVA", "1250", "kVA"),
    ("3台套", "3", "台套"),
    ("5M", "5", "M"),  # one letter keeps its case: 'M' is not 米 ('m' is)
    ("5㎍", "5", "ug"),
]


@pytest.mark.parametrize(("written", "value", "unit"), SYMBOLS + AS_WRITTEN)
def test_unit_read_as_written(written: str, value: str, unit: str) -> None:
    target = parse_target("≥" + written)
    assert (target.kind, target.value, target.unit, target.error) == ("higher", D(value), unit, None)
    actual = parse_actual(written)
    assert (actual.kind, actual.value, actual.unit, actual.error) == ("number", D(value), unit, None)


def test_one_letter_units_keep_their_case() -> None:
    assert parse_actual("5m").unit == "米" and parse_actual("5M").unit == "M"
    assert parse_actual("5t").unit == "吨" and parse_actual("5T").unit == "T"


@pytest.mark.parametrize("text", ["≥1e5", "1e2", "3x4", "≥90%abc"])
def test_letters_running_into_digits_are_no_unit(text: str) -> None:
    assert parse_target(text).kind == "invalid"


@pytest.mark.parametrize(
    ("unit", "info"),
    [
        ("TB", ("unit:TB", 1)),
        ("Mbps", ("unit:Mbps", 1)),
        ("台套", ("count:台套", 1)),
        ("毫升", ("volume", 1)),
        ("升", ("volume", 1000)),
        ("立方米", ("volume", 10**6)),
        ("瓦", ("power", 1)),
        ("千瓦", ("power", 1000)),
        ("兆瓦", ("power", 10**6)),
        ("摄氏度", ("temperature", 1)),
        ("平方米", ("area", 1)),
        ("毫克", ("unit:毫克", 1)),
        ("平方毫米", ("unit:平方毫米", 1)),
        ("百分点", ("count:百分点", 1)),
    ],
)
def test_unit_info_of_new_units(unit: str, info: tuple[str, int]) -> None:
    assert unit_info(unit) == info


def test_canonical_spellings() -> None:
    spellings = {"㎡": "平方米", "m3": "立方米", "°C": "摄氏度", "MW": "兆瓦", "kw": "千瓦", "H": "小时"}
    for written, canon in spellings.items():
        assert canonical_unit(written) == canon
    assert canonical_unit("TB") is None and canonical_unit("mW") is None


def _scored(target: str, actual: str) -> EvaluationResult:
    return score(
        make(
            f"""[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "建设规模"
target = "{target}"
actual = "{actual}"
weight = 10
"""
        )
    )


@pytest.mark.parametrize(
    ("target", "actual", "points"),
    [
        ("≥1000平方米", "1000㎡", "10.00"),
        ("≥1000㎡", "1000平方米", "10.00"),
        ("≥1000平方米", "990㎡", "9.90"),
        ("≤5㎞", "5000米", "10.00"),
        ("≤5㎞", "10公里", "5.00"),
        ("≥2吨", "1500㎏", "7.50"),
        ("≥100㎥", "100000升", "10.00"),
        ("≥5千瓦", "4000瓦", "8.00"),
        ("≥20℃", "18°C", "9.00"),
        ("25TB", "25TB", "10.00"),
        ("=25TB", "25TB", "10.00"),
        ("≥2GB", "1.5GB", "7.50"),
        ("≥100Mbps", "110Mbps", "10.00"),
        ("≥100Mbps", "50Mbps", "5.00"),
        ("≥1250KVA", "1000KVA", "8.00"),
        ("≤1250KVA", "1000KVA", "10.00"),
        ("3台套", "3台套", "10.00"),
        ("≥3台套", "2台套", "6.67"),
        ("≥25TB", "25", "10.00"),  # an actual without a unit takes the target's
    ],
)
def test_shared_unit_compares_as_a_number(target: str, actual: str, points: str) -> None:
    result = _scored(target, actual)
    assert result.indicators[0].score == D(points)
    assert "unit_mismatch" not in codes(result)


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("≥2TB", "2048GB"),
        ("≥1250KVA", "1250kVA"),
        ("≥100Mbps", "100MB"),
        ("≥25TB", "25台"),
        ("≥1000㎡", "1000㎥"),
        ("≥5千瓦", "5千瓦时"),
        ("≥5毫克", "5克"),
        ("≥5毫克", "5个"),
    ],
)
def test_different_units_are_a_mismatch(target: str, actual: str) -> None:
    result = _scored(target, actual)
    row = result.indicators[0]
    assert row.status == "invalid" and row.score is None
    errors = [f for f in result.findings if f.code == "unit_mismatch"]
    assert errors and errors[0].severity == "error" and "建设规模" in errors[0].message


def test_count_words_differ_softly() -> None:
    result = _scored("≥3台套", "3台")
    assert result.indicators[0].score == D("10.00")
    soft = [f for f in result.findings if f.code == "unit_mismatch"]
    assert soft and soft[0].severity == "warning"
