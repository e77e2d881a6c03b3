"""Numbers with their unit, as found in a normalised cell."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from scoring.domain.numbers import MAX_ABS, MAX_PLACES
from scoring.parsing.units import UNIT_WORDS, canonical_unit, is_unit_char

__all__ = ["MAX_ABS", "MAX_PLACES", "Quantity", "between", "has_digit", "scan"]


_NUM_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# A unit in Latin letters as written ('TB', 'Mbps', 'KVA', '°C' from ℃, 'kΩ' from ㏀), with a power digit
# ('m2', 'km2', 'm3' from ㎡ ㎢ ㎥) kept only when the table knows the unit so spelt.
_LATIN_UNIT_RE = re.compile(r"(?:°|[A-Za-zΩ])[A-Za-zΩ]*")
_POWER_RE = re.compile(r"[23](?![0-9.])")
_DIGIT_RE = re.compile(r"[0-9]")
# A '-' or '+' right before a number is a sign only after one of these (or at the start).
_SIGN_AFTER = frozenset("≥≤=<>~(:至到为约于在是")
_MULTIPLIERS = (("千万", 10**7), ("百万", 10**6), ("万", 10**4), ("亿", 10**8), ("千", 10**3))
# A bare multiplier (no unit after it) in a budget table means money: '≤40万' is 40 万元.
_BARE_MONEY = {"千万": ("万元", 1000), "百万": ("百万元", 1), "万": ("万元", 1), "亿": ("亿元", 1)}
_MONEY_BY_FACTOR = {10**3: "千元", 10**4: "万元", 10**6: "百万元", 10**8: "亿元"}


class Quantity(NamedTuple):
    """One number in a cell: span [start, end) covers sign, number, multiplier and unit."""

    start: int
    end: int
    number: str
    value: Decimal | None
    unit: str
    error: str | None = None


def has_digit(text: str) -> bool:
    """True if the text contains an ASCII digit."""
    return _DIGIT_RE.search(text) is not None


def _unit_at(s: str, pos: int) -> tuple[str, int] | None:
    """The unit starting at pos, as (canonical unit, end): a unit word, or a unit per unit ('元/亩')."""
    found = _simple_unit_at(s, pos)
    if found is not None and found[1] < len(s) and s[found[1]] == "/":
        per = _simple_unit_at(s, found[1] + 1)
        if per is not None:
            return f"{found[0]}/{per[0]}", per[1]
    if found is None and pos < len(s) and s[pos] == "/":  # '28.40/株': 元 left out
        per = _simple_unit_at(s, pos + 1)
        if per is not None:
            return f"/{per[0]}", per[1]
    return found


def _latin_unit_at(s: str, pos: int) -> tuple[str, int] | None:
    """A unit in Latin letters at pos: its canonical name if the table knows it, else as written.

    Letters running on into a digit ('1e5', '3x4') are no unit, but for a known power ('m2').
    """
    m = _LATIN_UNIT_RE.match(s, pos)
    if m is None:
        return None
    word, end = m.group(), m.end()
    power = _POWER_RE.match(s, end)
    if power is not None and canonical_unit(word + power.group()) is not None:
        word, end = word + power.group(), power.end()
    elif end < len(s) and (s[end].isdigit() or s[end] == "."):
        return None
    return canonical_unit(word) or word, end


def _simple_unit_at(s: str, pos: int) -> tuple[str, int] | None:
    """The unit word starting at pos, as (canonical unit, end), or None."""
    if _LATIN_UNIT_RE.match(s, pos):
        return _latin_unit_at(s, pos)
    for word in UNIT_WORDS:
        if s.startswith(word, pos):
            end = pos + len(word)
            if word.isascii() and end < len(s) and s[end].isascii() and s[end].isalpha():
                continue
            canon = canonical_unit(word)
            if canon is not None:
                return canon, end
    if pos < len(s) and is_unit_char(s[pos]):
        return s[pos], pos + 1
    return None


def _skip_approx(s: str, pos: int) -> int:
    """Skip '余'/'多' ('100余人', '100多个')."""
    return pos + 1 if pos < len(s) and s[pos] in "余多" else pos


def _unit_and_scale(s: str, pos: int) -> tuple[str, int, int]:
    """(unit, multiplier, end) for the text right after a number."""
    found = _unit_at(s, pos)
    if found is not None:
        return found[0], 1, found[1]
    for word, factor in _MULTIPLIERS:
        if s.startswith(word, pos):
            after = _skip_approx(s, pos + len(word))
            found = _unit_at(s, after)
            if found is None:
                if word in _BARE_MONEY:
                    unit, scale = _BARE_MONEY[word]
                    return unit, scale, after
                return "", factor, after
            if found[0] == "元":
                if factor in _MONEY_BY_FACTOR:
                    return _MONEY_BY_FACTOR[factor], 1, found[1]
                return "万元", factor // 10**4, found[1]
            return found[0], factor, found[1]
    after = _skip_approx(s, pos)
    if after != pos:
        found = _unit_at(s, after)
        if found is not None:
            return found[0], 1, found[1]
        return "", 1, after
    return "", 1, pos


def _check(number: str, value: Decimal) -> str | None:
    """A Chinese error for numbers outside what the engine handles exactly."""
    if "." in number and len(number.split(".", 1)[1]) > MAX_PLACES:
        return f"小数位数过多：“{number}”最多保留 {MAX_PLACES} 位小数"
    if abs(value) >= MAX_ABS:
        return f"数值过大：“{number}”超出可处理范围（绝对值须小于 10^12）"
    return None


def scan(s: str) -> list[Quantity]:
    """All numbers in a normalised string, each with its canonical unit and exact Decimal value."""
    out: list[Quantity] = []
    for m in _NUM_RE.finditer(s):
        if out and m.start() < out[-1].end:  # the 2 of 'm2' belongs to the unit
            continue
        start = m.start()
        negative = False
        if start > 0 and s[start - 1] in "-+" and (start == 1 or s[start - 2] in _SIGN_AFTER):
            start -= 1
            negative = s[start] == "-"
        number = ("-" if negative else "") + m.group()
        unit, scale, end = _unit_and_scale(s, m.end())
        digits = m.group()
        if len(digits.split(".", 1)[0]) > 13:
            out.append(Quantity(start, end, number, None, unit, _check(number, MAX_ABS)))
            continue
        try:
            value = Decimal(digits) * scale
        except InvalidOperation:  # pragma: no cover - the regex only admits plain decimals
            out.append(Quantity(start, end, number, None, unit, f"无法读取数值“{number}”"))
            continue
        if negative:
            value = -value
        error = _check(digits, value)
        out.append(Quantity(start, end, number, None if error else value, unit, error))
    return out


def between(s: str, qs: list[Quantity]) -> str:
    """The text of s outside the quantities (their numbers and units)."""
    parts, pos = [], 0
    for q in qs:
        parts.append(s[pos : q.start])
        pos = max(pos, q.end)
    parts.append(s[pos:])
    return "".join(parts)
