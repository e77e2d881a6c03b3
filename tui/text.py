"""Small text helpers: terminal-safe cells, numbers, statuses (Chinese)."""

from __future__ import annotations

from decimal import Decimal

from scoring.labels import STATUS  # noqa: F401  (re-exported)
from scoring.numbers import fmt2, fmt_plain

# One double-width CJK character per status (never an ambiguous-width symbol) and its colour.
MARK = {
    "met": ("完", "green"),
    "short": ("差", "yellow"),
    "over": ("超", "magenta"),
    "missing": ("缺", "red"),
    "judgement": ("评", "cyan"),
    "not_applicable": ("免", "bright_black"),
    "invalid": ("错", "red"),
    "reason": ("因", "red"),
}

_SAFE = str.maketrans(
    {
        "≥": ">=",
        "≤": "<=",
        "“": "「",
        "”": "」",
        "‘": "'",
        "’": "'",
        "…": "...",
        "—": "-",
        "–": "-",
        "·": ".",
        "×": "x",
        "\n": " ",
        "\r": " ",
        "\t": " ",
        "→": "->",
    }
)


def safe(text: str | None) -> str:
    """Text fit for a grid cell: ambiguous-width symbols replaced (>= instead of ≥)."""
    return (text or "").translate(_SAFE)


def num(value: Decimal | None) -> str:
    return "" if value is None else fmt_plain(value)


def score(value: Decimal | None) -> str:
    return "" if value is None else fmt2(value)


def pct(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt2(value)}%"


def short_level(name: str) -> str:
    """成本指标 -> 成本 (bars are narrow)."""
    return name.removesuffix("指标") or name
