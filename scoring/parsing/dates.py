"""Dates and deadlines: '2023年9月前', '9月底前', '2023-09-30', '第三季度末前', '上半年' ..."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from scoring.parsing.quantities import has_digit

__all__ = ["DateHit", "find_date"]

_YEAR = r"(?P<y>(?:19|20|21)[0-9]{2})"
_REL = r"(?P<rel>次年|明年|下一?年度?|当年|本年度?|今年)"
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
       "十": 10, "十一": 11, "十二": 12}  # fmt: skip
_BEFORE = ("之前", "以前", "前")
_SPAN_SEPS = ("至", "到", "~")

_ISO_RE = re.compile(
    rf"(?<![0-9.]){_YEAR}(?P<sep>[-./])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})(?![0-9.])"
)
_YM_DASH_RE = re.compile(rf"(?<![0-9.]){_YEAR}[-/](?P<m>[0-9]{{1,2}})(?![0-9./-])")
_MONTH_RE = re.compile(
    rf"(?:{_YEAR}年|{_REL})?(?<![0-9.])(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
    r"(?:(?P<d>[0-9]{1,2})[日号])?(?P<end>底|末|上旬|中旬|下旬|初)?"
)
_QUARTER_RE = re.compile(rf"(?:{_YEAR}年度?|{_REL})?第?(?P<q>[一二三四1-4])季度(?P<end>末|底)?")
_HALF_RE = re.compile(rf"(?:{_YEAR}年度?|{_REL})?(?P<h>上半年|下半年)")
_YEAR_RE = re.compile(rf"(?<![0-9.较比]){_YEAR}年度?(?P<end>底|末|内)?")
_BARE_YEAR_RE = re.compile(rf"(?:{_REL}|(?<![上去前往同较比])年度?)(?P<end>底|末|内)")


class DateHit(NamedTuple):
    """A date found in a cell: the day it means (or why it cannot be one) and the text around it."""

    date: dt.date | None
    error: str | None
    rest: str


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _month_before(year: int, month: int) -> dt.date:
    return dt.date(year - 1, 12, 31) if month == 1 else _last_day(year, month - 1)


def _year_of(m: re.Match[str], default: int | None) -> int | None:
    if m.groupdict().get("y"):
        return int(m.group("y"))
    rel = m.groupdict().get("rel")
    if default is None:
        return None
    if rel and rel[0] in "次明下":
        return default + 1
    return default


def _resolve(m: re.Match[str], before: bool, year: int) -> dt.date:
    """The last on-time day for one regex match (raises ValueError for impossible dates)."""
    groups = m.groupdict()
    end = groups.get("end")
    if "q" in groups:
        q = "一二三四".index(groups["q"]) + 1 if groups["q"] in "一二三四" else int(groups["q"])
        if before and not end:
            return dt.date(year - 1, 12, 31) if q == 1 else _last_day(year, 3 * (q - 1))
        return _last_day(year, 3 * q)
    if "h" in groups:
        return dt.date(year, 12, 31) if groups["h"] == "下半年" else dt.date(year, 6, 30)
    if "m" not in groups:  # year level
        return dt.date(year - 1, 12, 31) if before and not end else dt.date(year, 12, 31)
    raw = groups["m"]
    month = _CN[raw] if raw in _CN else int(raw)
    if not 1 <= month <= 12:
        raise ValueError
    if groups.get("d"):
        return dt.date(year, month, int(groups["d"]))
    if end in ("底", "末", "下旬"):
        return _last_day(year, month)
    if before:
        return _month_before(year, month)
    if end == "上旬" or end == "初":
        return dt.date(year, month, 10)
    if end == "中旬":
        return dt.date(year, month, 20)
    return _last_day(year, month)


def find_date(s: str, year: int | None) -> DateHit | None:
    """The date a normalised cell names, or None when it names none (or names it amid other numbers).

    A span of two dates ('2023年1月至2023年12月') names its end.
    """
    hit = _find_one(s, year)
    if hit is not None:
        return hit
    for sep in _SPAN_SEPS:
        head, found, tail = s.partition(sep)
        if found and head and tail:
            first, last = _find_one(head, year), _find_one(tail, year)
            if first is not None and last is not None:
                return last if first.error is None else first
    return None


def _find_one(s: str, year: int | None) -> DateHit | None:
    for regex in (_ISO_RE, _YM_DASH_RE, _MONTH_RE, _QUARTER_RE, _HALF_RE, _YEAR_RE, _BARE_YEAR_RE):
        m = regex.search(s)
        if m is None:
            continue
        rest = s[: m.start()] + s[m.end() :]
        if has_digit(rest) or s[: m.start()].endswith(("较", "比")):
            continue
        after = s[m.end() :]
        before = after.startswith(_BEFORE)
        y = _year_of(m, year)
        if y is None:
            return DateHit(
                None, f"缺少年份：“{s}”。请写明年份（如 2023年9月30日、2023年9月前），或提供评价年度", rest
            )
        try:
            return DateHit(_resolve(m, before, y), None, rest)
        except ValueError:
            return DateHit(None, f"日期不存在：“{m.group(0)}”。请检查月份和日期（如 2023年9月30日）", rest)
    return None
