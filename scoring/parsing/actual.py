"""Parse a 实际完成值 (actual value) cell."""

from __future__ import annotations

from functools import lru_cache

from scoring.parsing.dates import find_date
from scoring.parsing.normalize import glyph_names, is_placeholder, normalize, stray_glyphs, strip_label
from scoring.parsing.operators import prefix_ops, suffix_op
from scoring.parsing.quantities import between, has_digit, scan
from scoring.parsing.tiers import ACCEPTED_HINT, match_tier
from scoring.parsing.values import ParsedActual

__all__ = ["parse_actual"]

_ACCEPTED = f"应为数值（如 90%、5万元、112套）、日期（如 2023年8月20日）或完成情况：{ACCEPTED_HINT}"
_BAD = frozenset("≥≤=<>~%‰+-*/#@&$^|\\_")


def _invalid(text: str, reason: str | None = None) -> ParsedActual:
    error = reason if reason else _unplaced(text, strip_label(normalize(text)))
    return ParsedActual(text=text, kind="invalid", error=error)


def _unplaced(text: str, outside: str) -> str:
    """The error for an unreadable actual, naming any symbol jixiao could not place."""
    glyphs = stray_glyphs(outside)
    if glyphs:
        return (
            f"实际完成值“{text.strip()}”中的符号{glyph_names(glyphs)}无法识别：请删去该符号，"
            "填写实际达到的数值（如 96.5%）、日期（如 2023年8月20日）或完成情况（如 达成预期）"
        )
    return f"无法识别实际完成值“{text.strip()}”：{_ACCEPTED}"


def _number(text: str, s: str) -> ParsedActual:
    qs = scan(s)
    outside = between(s, qs)
    if stray_glyphs(outside):
        return _invalid(text, _unplaced(text, outside))
    if any(q.end < len(s) and s[q.end].isascii() and s[q.end].isalpha() for q in qs):
        return _invalid(text)
    if len(qs) > 1:
        return _invalid(
            text, f"实际完成值“{text.strip()}”含有多个数值，无法确定以哪个为准：请只填写一个（如 90%）"
        )
    q = qs[0]
    if q.error or q.value is None:
        return _invalid(text, q.error)
    ops, before = prefix_ops(s[: q.start])
    sop, after = suffix_op(s[q.end :])
    if any(ch in _BAD for ch in before + after) or any(ch.isascii() and ch.isalpha() for ch in after):
        return _invalid(text)
    symbols = [sym for _, sym in ops] + ([sop[1]] if sop else [])
    return ParsedActual(
        text=text, kind="number", value=q.value, unit=q.unit, repeated_op=symbols[0] if symbols else None
    )


def _parse(text: str, year: int | None) -> ParsedActual:
    s = strip_label(normalize(text))
    if not s or is_placeholder(s):
        return ParsedActual(text=text, kind="empty")
    hit = find_date(s, year)
    if hit is not None:
        if hit.error:
            return _invalid(text, hit.error)
        if stray_glyphs(s):
            return _invalid(text, _unplaced(text, s))
        return ParsedActual(text=text, kind="date", date=hit.date)
    if not has_digit(s):
        tier = match_tier(s)
        if tier is not None:
            return ParsedActual(text=text, kind="tier", tier=tier)
        return _invalid(text)
    return _number(text, s)


@lru_cache(maxsize=65536)
def parse_actual(text: str | None, year: int | None = None) -> ParsedActual:
    """Parse a 实际完成值; never raises: unreadable text gives kind 'invalid' with a Chinese error."""
    if text is None:
        return ParsedActual(text="", kind="empty")
    if not isinstance(text, str):
        text = str(text)
    try:
        return _parse(text, year)
    except Exception as exc:  # a parser bug must not stop a batch
        return _invalid(text, f"无法识别实际完成值“{text.strip()}”（{type(exc).__name__}）：{_ACCEPTED}")
