"""Parse a 年度指标值 (annual target) cell."""

from __future__ import annotations

import calendar
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache

from scoring.parsing.dates import find_date
from scoring.parsing.normalize import glyph_names, is_placeholder, normalize, stray_glyphs, strip_label
from scoring.parsing.operators import Op, prefix_ops, suffix_op, tied_op
from scoring.parsing.quantities import Quantity, between, scan
from scoring.parsing.units import unit_info
from scoring.parsing.values import ParsedTarget

__all__ = ["parse_target"]

_ACCEPTED = (
    "应为数值（如 ≥90%、≤10万元、=112套）、区间（如 90%-110%）、期限（如 2023年9月前）"
    "或定性描述（如 达成预期）"
)
_OP_SYMBOLS = frozenset("≥≤=<>")
_RANGE_SEPS = frozenset({"-", "~", "至", "到", "-至", "~至"})
_PAIR_SEPS = frozenset({"和", "与", "及", "、", ","})
_BAD_SUFFIX = frozenset("≥≤=<>~%‰+-*/#@&$^|\\_")


def _invalid(text: str, reason: str | None = None) -> ParsedTarget:
    error = reason if reason else _unplaced(text, strip_label(normalize(text)))
    return ParsedTarget(text=text, kind="invalid", error=error)


def _unplaced(text: str, outside: str) -> str:
    """The error for an unreadable target, naming any symbol jixiao could not place."""
    glyphs = stray_glyphs(outside)
    if glyphs:
        return (
            f"年度指标值“{text.strip()}”中的符号{glyph_names(glyphs)}无法识别为比较符号："
            "请改写为 ≥、≤、=、>、< 之一（如 ≥90%、=100%）或文字（如 不低于90%）"
        )
    return f"无法识别年度指标值“{text.strip()}”：{_ACCEPTED}"


def _has_words(s: str) -> bool:
    return any(ch.isalpha() or unicodedata.category(ch) == "Lo" for ch in s)


def _same_unit(a: Quantity, b: Quantity) -> tuple[Decimal, Decimal, str] | str:
    """Both values in one unit (a missing unit borrows the other's), or a Chinese error."""
    assert a.value is not None and b.value is not None
    ua, ub = a.unit or b.unit, b.unit or a.unit
    if ua == ub:
        return a.value, b.value, ua
    (da, fa), (db, fb) = unit_info(ua), unit_info(ub)
    if da != db:
        return f"区间两端单位不一致：“{ua}”与“{ub}”，无法比较"
    if fa <= fb:
        return a.value, b.value * (fb // fa), ua
    return a.value * (fa // fb), b.value, ub


def _range(text: str, low_q: Quantity, high_q: Quantity) -> ParsedTarget:
    for q in (low_q, high_q):
        if q.error:
            return _invalid(text, q.error)
    unified = _same_unit(low_q, high_q)
    if isinstance(unified, str):
        return _invalid(text, unified)
    low, high, unit = unified
    if low > high:
        return _invalid(text, f"区间下限大于上限：“{text.strip()}”，应写作 较小值-较大值（如 90%-110%）")
    return ParsedTarget(text=text, kind="range", low=low, high=high, unit=unit, explicit=True)


def _single(text: str, q: Quantity, ops: list[Op]) -> ParsedTarget:
    if q.error or q.value is None:
        return _invalid(text, q.error)
    directions = {d for d, _ in ops}
    if {"higher", "lower"} <= directions:
        return _invalid(
            text,
            f"比较方向矛盾：“{text.strip()}”同时含有“不低于”和“不高于”类用语，"
            "请只保留一种（如 ≥90% 或 ≤10%）",
        )
    if len(directions) > 1:
        directions.discard("equal")
    # a bare 0 (0起, 0次) is zero tolerance: nothing may happen, so lower is better
    kind = directions.pop() if directions else ("lower" if q.value == 0 else "higher")
    return ParsedTarget(text=text, kind=kind, value=q.value, unit=q.unit, explicit=bool(ops))


def _is_year(q: Quantity) -> bool:
    return (
        q.unit == "年"
        and q.value is not None
        and q.value == q.value.to_integral_value()
        and 1900 <= q.value < 2200
    )


def _one(text: str, s: str, q: Quantity) -> ParsedTarget:
    ops, before = prefix_ops(s[: q.start])
    sop, after = suffix_op(s[q.end :])
    if any(ch in _OP_SYMBOLS for ch in before) or any(
        ch in _BAD_SUFFIX or (ch.isascii() and ch.isalpha()) for ch in after
    ):
        return _invalid(text)
    if _is_year(q) and not ops and sop is None:
        return ParsedTarget(text=text, kind="qualitative")
    return _single(text, q, [*ops, sop] if sop else ops)


def _month_span(text: str, a: Quantity, b: Quantity, year: int | None) -> ParsedTarget | None:
    """'1-12月' in a 时效 cell is the period January to December: done by the end of the last month."""
    months = [q.value for q in (a, b)]
    if a.unit not in ("", "月") or b.unit != "月" or year is None:
        return None
    if not all(m is not None and m == m.to_integral_value() and 1 <= m <= 12 for m in months):
        return None
    first, last = (int(m) for m in months if m is not None)
    if first >= last:
        return None
    end = date(year, last, calendar.monthrange(year, last)[1])
    return ParsedTarget(text=text, kind="deadline", deadline=end, explicit=True)


def _two(text: str, s: str, a: Quantity, b: Quantity, year: int | None) -> ParsedTarget | None:
    gap = s[a.end : b.start]
    before, after = s[: a.start], s[b.end :]
    if gap in _RANGE_SEPS and not before and not after:
        span = _month_span(text, a, b, year)
        if span is not None:
            return span
    if gap in _RANGE_SEPS or (
        gap in _PAIR_SEPS and ("介于" in before or before.endswith("在")) and after.startswith(("之间", "间"))
    ):
        return _range(text, a, b)
    return None


def _many(text: str, s: str, qs: list[Quantity]) -> ParsedTarget:
    if any(q.end < len(s) and s[q.end].isascii() and s[q.end].isalpha() for q in qs):
        return _invalid(text)
    tied: list[tuple[Quantity, Op]] = []
    for i, q in enumerate(qs):
        start = qs[i - 1].end if i else 0
        stop = qs[i + 1].start if i + 1 < len(qs) else len(s)
        op = tied_op(s[start : q.start], s[q.end : stop])
        if op is not None:
            tied.append((q, op))
    if len(tied) == 1:
        return _single(text, tied[0][0], [tied[0][1]])
    if len(tied) == 2 and {tied[0][1][0], tied[1][1][0]} == {"higher", "lower"}:
        low, high = (tied[0][0], tied[1][0]) if tied[0][1][0] == "higher" else (tied[1][0], tied[0][0])
        return _range(text, low, high)
    if len(tied) > 1:
        return _invalid(
            text,
            f"年度指标值“{text.strip()}”含有多个比较数值，请只保留一个（如 ≥90%）或写成区间（如 90%-110%）",
        )
    if not any(unicodedata.category(ch) == "Lo" for ch in s):
        return _invalid(text)
    return ParsedTarget(text=text, kind="qualitative")


def _parse(text: str, year: int | None) -> ParsedTarget:
    s = strip_label(normalize(text))
    if not s or is_placeholder(s):
        return ParsedTarget(text=text, kind="empty")
    hit = find_date(s, year)
    if hit is not None:
        if hit.error:
            return _invalid(text, hit.error)
        if stray_glyphs(s):
            return _invalid(text, _unplaced(text, s))
        return ParsedTarget(text=text, kind="deadline", deadline=hit.date, explicit=True)
    qs = scan(s)
    if not qs:
        if any(ch in _OP_SYMBOLS for ch in s) or not _has_words(s):
            return _invalid(text)
        return ParsedTarget(text=text, kind="qualitative")
    outside = between(s, qs)
    if stray_glyphs(outside):  # a glyph beside a number may be its comparison: never read it as bare
        return _invalid(text, _unplaced(text, outside))
    if len(qs) == 1:
        return _one(text, s, qs[0])
    if len(qs) == 2:
        pair = _two(text, s, qs[0], qs[1], year)
        if pair is not None:
            return pair
    return _many(text, s, qs)


@lru_cache(maxsize=65536)
def parse_target(text: str | None, year: int | None = None) -> ParsedTarget:
    """Parse a 年度指标值; never raises: unreadable text gives kind 'invalid' with a Chinese error."""
    if text is None:
        return ParsedTarget(text="", kind="empty")
    if not isinstance(text, str):
        text = str(text)
    try:
        return _parse(text, year)
    except Exception as exc:  # a parser bug must not stop a batch
        return _invalid(text, f"无法识别年度指标值“{text.strip()}”（{type(exc).__name__}）：{_ACCEPTED}")
