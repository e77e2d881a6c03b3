"""Unit words: canonical names, dimensions and exact integer scale factors."""

from __future__ import annotations

import unicodedata

__all__ = ["UNIT_WORDS", "canonical_unit", "is_unit_char", "unit_info"]

# spelling -> canonical unit
_ALIASES: dict[str, str] = {
    "%": "%",
    "‰": "‰",
    "元": "元",
    "千元": "千元",
    "万元": "万元",
    "百万元": "百万元",
    "亿元": "亿元",
    "分钟": "分钟",
    "min": "分钟",
    "小时": "小时",
    "h": "小时",
    "天": "天",
    "日": "天",
    "自然日": "天",
    "工作日": "工作日",
    "周": "周",
    "星期": "周",
    "月": "月",
    "年": "年",
    "毫米": "毫米",
    "mm": "毫米",
    "厘米": "厘米",
    "cm": "厘米",
    "米": "米",
    "m": "米",
    "公里": "公里",
    "千米": "公里",
    "km": "公里",
    "平方米": "平方米",
    "m2": "平方米",
    "平米": "平方米",
    "平方": "平方米",
    "公顷": "公顷",
    "平方公里": "平方公里",
    "km2": "平方公里",
    "克": "克",
    "g": "克",
    "千克": "公斤",
    "公斤": "公斤",
    "kg": "公斤",
    "吨": "吨",
    "t": "吨",
    "百分点": "百分点",
    "百分比": "%",
    # CJK compatibility unit symbols arrive here through NFKC (㎡ → m2, ㎥ → m3, ℃ → °C, ㎾ → kW ...)
    "H": "小时",
    "平方千米": "平方公里",
    "ha": "公顷",
    "平方毫米": "平方毫米",
    "mm2": "平方毫米",
    "平方厘米": "平方厘米",
    "cm2": "平方厘米",
    "立方米": "立方米",
    "立方": "立方米",
    "m3": "立方米",
    "毫升": "毫升",
    "ml": "毫升",
    "cc": "毫升",
    "升": "升",
    "公升": "升",
    "l": "升",
    "L": "升",
    "kl": "立方米",
    "毫克": "毫克",
    "mg": "毫克",
    "瓦": "瓦",
    "千瓦": "千瓦",
    "kw": "千瓦",
    "兆瓦": "兆瓦",
    "MW": "兆瓦",
    "千瓦时": "千瓦时",
    "kwh": "千瓦时",
    "°c": "摄氏度",  # ℃ (a symbol of ambiguous width in a terminal: the reading says 摄氏度)
    "摄氏度": "摄氏度",
}

# canonical unit -> (dimension, factor relative to the dimension's smallest unit)
_INFO: dict[str, tuple[str, int]] = {
    "": ("", 1),
    "‰": ("ratio", 1),
    "%": ("ratio", 10),
    "元": ("money", 1),
    "千元": ("money", 10**3),
    "万元": ("money", 10**4),
    "百万元": ("money", 10**6),
    "亿元": ("money", 10**8),
    "分钟": ("time", 1),
    "小时": ("time", 60),
    "天": ("time", 1440),
    "周": ("time", 10080),
    "工作日": ("workday", 1),
    "月": ("month", 1),
    "年": ("month", 12),
    "毫米": ("length", 1),
    "厘米": ("length", 10),
    "米": ("length", 1000),
    "公里": ("length", 10**6),
    "平方米": ("area", 1),
    "公顷": ("area", 10**4),
    "平方公里": ("area", 10**6),
    "克": ("mass", 1),
    "公斤": ("mass", 1000),
    "吨": ("mass", 10**6),
    "毫升": ("volume", 1),
    "升": ("volume", 1000),
    "立方米": ("volume", 10**6),
    "瓦": ("power", 1),
    "千瓦": ("power", 1000),
    "兆瓦": ("power", 10**6),
    "摄氏度": ("temperature", 1),
}

# Measurements named above that the table does not scale (毫克 to 克 would take the mass dimension's factors
# past what the exact integers hold): like a unit the table does not know at all ('TB', 'Mbps', 'KVA', kept
# as written), each compares only with itself ('unit:<name>'); two different ones are a unit mismatch,
# never a number compared across units.
_UNSCALED = frozenset({"毫克", "平方毫米", "平方厘米"})

# Count-like words with more than one character (single CJK characters are accepted generically).
_COUNT_WORDS = (
    "人次", "台次", "户次", "件次", "车次", "架次", "批次", "场次", "班次", "人天", "人日",
    "课时", "学时", "台套",
)  # fmt: skip

# Characters that never act as a unit on their own (operator and function words).
_NOT_UNIT = frozenset(
    "以之及内外上下前后左右或和与至到的为是且并等约余多万亿千百十不未已达超高低少大小每共合计含即"
    "较比占率中其各该此全总均仅需应将把被从在于对向由"
)

UNIT_WORDS: tuple[str, ...] = tuple(
    sorted(
        {*_ALIASES, *_COUNT_WORDS, *("个" + w for w in ("工作日", "小时", "月", "星期", "百分点"))},
        key=len,
        reverse=True,
    )
)


def is_unit_char(ch: str) -> bool:
    """True for a single CJK character that can serve as a count unit ('套', '个', '项' ...)."""
    return len(ch) == 1 and "\u4e00" <= ch <= "\u9fff" and ch not in _NOT_UNIT


def canonical_unit(text: str) -> str | None:
    """Canonical spelling of a unit word ('％' -> '%', 'h' -> '小时'); None if unknown.

    A unit per unit ('元/亩', '万元/公里', '/株' when the clerk left out 元) keeps both parts.
    """
    s = "".join(unicodedata.normalize("NFKC", text).split())
    if s == "":
        return ""
    if "/" in s:
        top, _, bottom = s.partition("/")
        top_unit = canonical_unit(top) if top else ""
        bottom_unit = canonical_unit(bottom)
        if top_unit is None or not bottom_unit or "/" in bottom:
            return None
        return f"{top_unit}/{bottom_unit}"
    if s in _ALIASES:
        return _ALIASES[s]
    low = s.lower()
    if len(s) > 1 and low in _ALIASES:  # 'KG', 'Km', 'kWh'; one letter must match its case ('m' 米, 'M' not)
        return _ALIASES[low]
    if s in _COUNT_WORDS:
        return s
    if s.startswith("个") and len(s) > 1:
        rest = canonical_unit(s[1:])
        if rest is not None:
            return rest
    if is_unit_char(s):
        return s
    return None


def unit_info(unit: str) -> tuple[str, int]:
    """(dimension, integer factor); count-like words get dimension 'count:<word>' (another count word compares
    with a warning), units the table does not scale 'unit:<as written>' (only the same unit compares)."""
    canon = canonical_unit(unit)
    key = canon if canon is not None else "".join(unit.split())
    if "/" in key:  # 元/亩 and 万元/亩 convert (money per 亩); 元/亩 and 元/个 do not
        top, _, bottom = key.partition("/")
        dimension, factor = unit_info(top) if top else ("", 1)
        return (f"{dimension}/{bottom}", factor)
    if key in _INFO:
        return _INFO[key]
    if canon is None or key in _UNSCALED:
        return ("unit:" + key, 1)
    return ("count:" + key, 1)
