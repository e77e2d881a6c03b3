"""Comparison words and symbols around a number ('≥', '不低于', '以内', '控制在' ...)."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Direction", "Op", "prefix_ops", "suffix_op", "tied_op"]

Direction = Literal["higher", "lower", "equal"]
Op = tuple[Direction, str]  # (direction, symbol as the clerk meant it: '≥', '>', '≤', '<', '=')

# Words that stand before the number; longest first so '不超过' wins over '超过'.
_PREFIX_WORDS: dict[str, Op] = {
    "≥": ("higher", "≥"), ">": ("higher", ">"), "≤": ("lower", "≤"),
    "<": ("lower", "<"), "=": ("equal", "="), "等于": ("equal", "="),
    "不少于": ("higher", "≥"), "不低于": ("higher", "≥"), "不小于": ("higher", "≥"),
    "不得少于": ("higher", "≥"), "不得低于": ("higher", "≥"), "不应低于": ("higher", "≥"),
    "至少": ("higher", "≥"), "最少": ("higher", "≥"), "达到": ("higher", "≥"),
    "力争": ("higher", "≥"), "大于": ("higher", ">"), "高于": ("higher", ">"),
    "超过": ("higher", ">"), "多于": ("higher", ">"), "不超过": ("lower", "≤"),
    "不得超过": ("lower", "≤"), "不应超过": ("lower", "≤"), "不高于": ("lower", "≤"),
    "不得高于": ("lower", "≤"), "不大于": ("lower", "≤"), "不多于": ("lower", "≤"),
    "最多": ("lower", "≤"), "至多": ("lower", "≤"), "控制在": ("lower", "≤"),
    "低于": ("lower", "<"), "小于": ("lower", "<"), "少于": ("lower", "<"),
}  # fmt: skip
_PREFIX: tuple[tuple[str, Op], ...] = tuple(
    sorted(_PREFIX_WORDS.items(), key=lambda kv: len(kv[0]), reverse=True)
)
_PREFIX_RE = re.compile("|".join(re.escape(word) for word, _ in _PREFIX))

# Words that follow the number (and its unit).
_SUFFIX: tuple[tuple[str, Op], ...] = (
    ("及以上", ("higher", "≥")), ("以上", ("higher", "≥")), ("之上", ("higher", "≥")),
    ("及以下", ("lower", "≤")), ("以下", ("lower", "≤")), ("以内", ("lower", "≤")),
    ("之内", ("lower", "≤")), ("范围内", ("lower", "≤")), ("内", ("lower", "≤")),
)  # fmt: skip
_SUFFIX_LEAD = ("(含)", "含", "左右")
_PREFIX_TAIL = ("大约", "约", "为", ":", "达")


def prefix_ops(text: str) -> tuple[list[Op], str]:
    """Every comparison word in the text before a number, and what is left once they are removed."""
    found = [_PREFIX_WORDS[m.group()] for m in _PREFIX_RE.finditer(text)]
    return found, _PREFIX_RE.sub("", text) if found else text


def suffix_op(text: str) -> tuple[Op | None, str]:
    """The comparison word opening the text after a number, and the remaining text."""
    rest = text
    for lead in _SUFFIX_LEAD:
        if rest.startswith(lead):
            rest = rest[len(lead) :]
    for word, op in _SUFFIX:
        if rest.startswith(word):
            return op, rest[len(word) :]
    return None, rest


def tied_op(before: str, after: str) -> Op | None:
    """A comparison word right before or right after a number in running text, if any."""
    tail = before
    changed = True
    while changed:
        changed = False
        for word in _PREFIX_TAIL:
            if tail.endswith(word):
                tail = tail[: -len(word)]
                changed = True
    for word, op in _PREFIX:
        if tail.endswith(word):
            return op
    return suffix_op(after)[0]
