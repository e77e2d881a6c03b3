"""Qualitative verdicts written as 实际完成值 ('达成预期', '基本完成', '未开展' ...)."""

from __future__ import annotations

from scoring.parsing.values import Tier

__all__ = ["ACCEPTED_HINT", "DONE_PREFIX", "WORDING_ENDS", "match_tier"]

_ACHIEVED = (
    "达成预期指标", "达成年度指标", "达成预期目标", "达成预期", "达成目标", "达到预期", "已达成", "达成",
    "已达到", "达到", "全部完成", "全面完成", "按时完成", "如期完成", "按期完成", "提前完成",
    "超额完成", "已完成", "完成", "已实现", "实现", "合规", "合格", "通过",
    "已通过", "有效", "良好", "较好", "很好", "好", "优秀", "优",
    "显著提升", "明显提升", "显著提高", "明显提高", "明显改善", "显著", "明显", "提升",
    "提高", "改善", "满意", "非常满意", "符合", "相关", "科学", "合理",
    "真实", "健全", "公开", "规范", "完整", "及时", "准确", "高",
    "较高", "达标", "已达标", "是", "有", "√", "✓", "✔",
)  # fmt: skip
_PARTIAL = (
    "基本达成", "部分达成", "部分完成", "基本完成", "基本实现", "部分实现", "基本达到", "部分达到", "一般",
    "有所提升", "有所提高", "有所改善", "基本符合", "基本合规", "基本满意", "较为满意", "尚可",
)  # fmt: skip
_NOT = (
    "未达成", "未完成", "未开展", "未实施", "未实现", "未达到", "未达标", "未通过", "未启动",
    "尚未", "暂未", "没有", "不合规", "不符合", "不达标", "不满意", "不合格", "不通过",
    "无效", "较差", "差", "否", "无", "×", "✗", "✘",
)  # fmt: skip
_TABLE: tuple[tuple[str, Tier], ...] = tuple(
    sorted(
        [(w, "达成") for w in _ACHIEVED]
        + [(w, "部分达成") for w in _PARTIAL]
        + [(w, "未达成") for w in _NOT],
        key=lambda kv: len(kv[0]),
        reverse=True,
    )
)
_STOPS = "，,、;；:：()（）.。!！ "

_DONE = ("已全部", "全部已", "均已", "都已", "已经", "已", "均", "全部")
"""Words a clerk puts before the target's own wording to say it is done: 建立 → 已建立, 均已建立."""
DONE_PREFIX = "^(?:" + "|".join(sorted(_DONE, key=len, reverse=True)) + ")"
"""A regular expression of those words at the start of a 实际完成值."""
WORDING_ENDS = " \u3000。.；;，,！!"
"""Characters around a wording that do not change it (建立。 is 建立)."""

ACCEPTED_HINT = (
    "达成（达成预期、已完成、按时完成、合规、通过、是）、部分达成（基本达成、部分完成、一般）"
    "或未达成（未完成、未开展、否）"
)


def _starts_word(s: str, word: str) -> bool:
    """Word at the start; one-character words must stand alone or be followed by punctuation."""
    if not s.startswith(word):
        return False
    return len(word) > 1 or len(s) == 1 or s[1] in _STOPS


def match_tier(s: str) -> Tier | None:
    """The tier a normalised verdict starts with, or None."""
    if s.startswith("未"):
        return "未达成"
    modifiers: tuple[tuple[str, Tier], ...] = (("基本", "部分达成"), ("不", "未达成"))
    for prefix, tier in modifiers:
        rest = s[len(prefix) :]
        if s.startswith(prefix) and any(_starts_word(rest, w) for w in _ACHIEVED):
            return tier
    for word, tier in _TABLE:
        if _starts_word(s, word):
            return tier
    return None
