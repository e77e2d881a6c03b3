"""Exact numbers: how money, weights and scores enter the program and how they are rounded.

Every figure is a ``Decimal`` at the edges and a scaled integer (``MICRO``) inside the scoring frame,
so that no binary float ever decides a half.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MICRO = 10**6
"""Scale of the integer columns in the scoring frame: 1 point = 1_000_000."""

MAX_ABS = Decimal(10) ** 12
"""Largest magnitude accepted for any figure (keeps Int128 products far from overflow)."""
MAX_PLACES = 6
"""Most decimals a figure may carry (the scoring frame counts in millionths)."""

TWO_PLACES = Decimal("0.01")

_MONEY_UNITS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
_NUMBER_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(元|千元|万元|亿元)?$")


class NumberError(ValueError):
    """A value that is not an acceptable number; the message is Chinese and says what would be."""


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"[\s,，]", "", text)


def to_decimal(value: object, *, money: bool = False) -> Decimal:
    """Read a number from TOML (int, float, or a string such as "83.65", "８３．６５", "5万元").

    Floats are read through their shortest repr, so 85.87 stays 85.87. With ``money`` a string may carry
    元/千元/万元/亿元 and is converted to 万元.
    """
    if isinstance(value, bool):
        raise NumberError("应为数字，不是 true/false")
    if isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NumberError("应为有限的数字")
        result = Decimal(repr(value))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = _clean(value).removesuffix("分")
        match = _NUMBER_WITH_UNIT.match(text)
        if not match or (match.group(2) and not money):
            accepted = (
                "数字（如 83.65）或带单位的金额（如 5万元、50000元）" if money else "数字（如 5 或 2.5）"
            )
            raise NumberError(f"“{value}”不是数字；应填写{accepted}")
        try:
            result = Decimal(match.group(1))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
            raise NumberError(f"“{value}”不是数字") from exc
        if match.group(2):
            result = result * _MONEY_UNITS[match.group(2)]
    else:
        kind = TOML_KINDS.get(type(value).__name__, type(value).__name__)
        raise NumberError(f"应为数字（如 5 或 2.5），而不是{kind}")
    if not result.is_finite() or abs(result) >= MAX_ABS:
        raise NumberError(f"数值 {value} 过大；应小于 1 万亿")
    if result.as_tuple().exponent < -MAX_PLACES:  # type: ignore[operator]
        raise NumberError(f"数值 {value} 的小数位数过多；最多 6 位小数")
    return result


TOML_KINDS = {
    "list": "列表（[…]）",
    "tuple": "列表（[…]）",
    "dict": "表（{…}）",
    "bool": " true 或 false",
    "datetime": "日期时间",
    "date": "日期",
    "time": "时间",
}
"""What a TOML value that is not a number is, in Chinese (for messages that say what was found)."""


def to_micro(value: Decimal) -> int:
    """A decimal with at most six places as an exact integer number of millionths."""
    scaled = value * MICRO
    whole = int(scaled)
    if whole != scaled:
        raise NumberError(f"数值 {value} 的小数位数过多；最多 6 位小数")
    return whole


def round_half_up(value: Decimal, places: Decimal = TWO_PLACES) -> Decimal:
    """四舍五入 (half away from zero) to two decimals."""
    return value.quantize(places, rounding=ROUND_HALF_UP)


def fmt2(value: Decimal | None) -> str:
    """Two decimals, as printed in the 自评表 ("0.57"); empty for None."""
    return "" if value is None else f"{round_half_up(value):.2f}"


def fmt_plain(value: Decimal | None) -> str:
    """A number as a clerk writes it: 10, 2.5, 83.65 (no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def fmt_as_written(value: Decimal | None) -> str:
    """A figure the clerk printed, with the decimals it was printed with: 8.60 stays 8.60, 96 stays 96."""
    return "" if value is None else f"{value:f}"


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, two decimals, rounded half-up on exact integers (None if whole ≤ 0)."""
    if whole <= 0:
        return None
    num, den = (part * 100 * 100).as_integer_ratio()
    wnum, wden = whole.as_integer_ratio()
    # (num/den) / (wnum/wden) = num·wden / (den·wnum), in hundredths of a percent
    top, bottom = num * wden, den * wnum
    magnitude = (2 * abs(top) + bottom) // (2 * bottom)
    return Decimal(magnitude if top >= 0 else -magnitude).scaleb(-2)
