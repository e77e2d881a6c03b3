"""Text normalisation shared by the target and actual parsers."""

from __future__ import annotations

import re
import unicodedata

from scoring.domain.hidden import strip_hidden

__all__ = ["glyph_names", "is_placeholder", "normalize", "stray_glyphs", "strip_label"]

# Single characters mapped after NFKC (look-alikes NFKC leaves alone). NFKC already turns the full-width,
# small and super/subscript forms (＝ ﹦ ⁼ ＞ ﹥ ＜ ﹤) into = > <.
_CHARS = str.maketrans(
    {
        "═": "=",  # box-drawing double bar: tables typeset in Word/WPS print ═100% for =100%
        "゠": "=",  # katakana double hyphen, offered by Chinese IMEs beside the equals sign
        "꞊": "=",
        "⹀": "=",
        "≧": "≥",
        "⩾": "≥",
        "≽": "≥",
        "⋝": "≥",
        "≮": "≥",
        "≦": "≤",
        "⩽": "≤",
        "≼": "≤",
        "⋜": "≤",
        "≯": "≤",
        "˃": ">",  # modifier arrowheads some IMEs offer for > and <
        "˂": "<",
        "μ": "u",  # ㎍ ㎕ ㎛ (μg μl μm after NFKC) read as ug ul um
        "〜": "~",
        "～": "~",
        "—": "-",
        "–": "-",
        "‒": "-",
        "−": "-",
        "―": "-",
        "‐": "-",
        "﹣": "-",
        "％": "%",
        "﹪": "%",
        "‹": "<",  # clerks type <= with the angle quotation marks some IMEs offer
        "›": ">",
    }
)
_PAIRS = (("≥=", "≥"), ("≤=", "≤"), (">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("==", "="))
# Symbols a cell may hold around its numbers; any other symbol there (━ ─ ≈ ± → ...) is a glyph jixiao
# cannot place, and the cell is reported rather than read as a bare number.
_PLACED_SYMBOLS = frozenset("≥≤=<>~+")
_SYMBOL_CATEGORIES = frozenset({"Sm", "So", "Sk", "Pd"})
_SPACE_RE = re.compile(r"\s+")
_SHARE_RE = re.compile(r"(百分之|千分之)(-?[0-9]+(?:\.[0-9]+)?)")
_LABEL_RE = re.compile(r"^(?:目标|指标|任务)[0-9]{1,2}[:.、]")
_THOUSANDS_RE = re.compile(r"(?<![0-9.,])([0-9]{1,3})((?:,[0-9]{3})+)(?![0-9])")
_TRAILING = "。.，,;；、!！?？:："
_QUOTES = "\"'“”‘’「」『』《》〈〉【】`"
_PLACEHOLDERS = frozenset({"-", "--", "---", "/", "//", "\\", "n/a", "na", "null", "none", "-/-", "/-", "-/"})


def normalize(text: str) -> str:
    """NFKC, unify look-alike operators, drop hidden characters, whitespace and thousands commas, strip
    wrapping punctuation.

    '百分之90' and '千分之5' become '90%' and '5‰'.
    """
    # a zero-width space ("9\u200b5%") or a pasted control is no part of a number (hidden_chars says so)
    s = unicodedata.normalize("NFKC", strip_hidden(text)).translate(_CHARS)
    s = _SPACE_RE.sub("", s)
    for old, new in _PAIRS:
        s = s.replace(old, new)
    s = _THOUSANDS_RE.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), s)
    s = _SHARE_RE.sub(lambda m: m.group(2) + ("%" if m.group(1) == "百分之" else "‰"), s)
    prev = None
    while s != prev:
        prev = s
        s = s.strip(_QUOTES)
        s = s.rstrip(_TRAILING)
        if s.startswith("(") and s.endswith(")") and s.count("(") == 1 and s.count(")") == 1:
            s = s[1:-1]
    return s


def is_placeholder(s: str) -> bool:
    """True for normalised cells that only say "nothing here" ('-', '/', 'N/A' ...)."""
    return s.lower() in _PLACEHOLDERS


def stray_glyphs(s: str) -> list[str]:
    """Symbols in a normalised text that are no comparison jixiao knows (each once, in order met)."""
    found: list[str] = []
    for ch in s:
        if ch in _PLACED_SYMBOLS or ch == "-" or ch in found:
            continue
        if unicodedata.category(ch) in _SYMBOL_CATEGORIES:
            found.append(ch)
    return found


def glyph_names(glyphs: list[str]) -> str:
    """'“━”（U+2501）、“≈”（U+2248）': look-alike glyphs are told apart by their code point."""
    return "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in glyphs)


def strip_label(s: str) -> str:
    """Drop a leading item number such as '目标2：' or '指标1、' from a normalised cell."""
    return _LABEL_RE.sub("", s, count=1)
