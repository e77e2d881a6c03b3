"""Plain-text grids that line up Chinese text in a terminal (double-width characters count as two)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from scoring.domain.hidden import terminal_safe
from scoring.domain.vocabulary import cell_safe


def cell_text(text: str) -> str:
    """Text safe in a grid: no ambiguous-width symbols, no newlines, control characters as escapes (so the
    columns are measured as they will be shown)."""
    return " ".join(cell_safe(terminal_safe(str(text))).split())


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, limit: int) -> list[str]:
    """Break into lines no wider than ``limit`` display cells."""
    lines, current, used = [], "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit and current:
            lines.append(current)
            current, used = "", 0
        current += ch
        used += w
    lines.append(current)
    return lines


def pad(text: str, size: int, align: str = "<") -> str:
    gap = max(size - width(text), 0)
    if align == ">":
        return " " * gap + text
    if align == "^":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    limits: Sequence[int],
    aligns: Sequence[str] | None = None,
) -> str:
    """A boxed table; each column at most ``limits[i]`` cells wide, long cells wrapped."""
    aligns = aligns or ["<"] * len(headers)
    body = [[cell_text(h) for h in headers], *[[cell_text(v) for v in row] for row in rows]]
    widths = [min(limit, max(width(r[i]) for r in body) or 1) for i, limit in enumerate(limits)]
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep]
    for index, row in enumerate(body):
        wrapped = [wrap(cell, widths[i]) for i, cell in enumerate(row)]
        height = max(len(w) for w in wrapped)
        for line in range(height):
            parts = [
                pad(
                    wrapped[i][line] if line < len(wrapped[i]) else "",
                    widths[i],
                    "^" if index == 0 else aligns[i],
                )
                for i in range(len(row))
            ]
            out.append("| " + " | ".join(parts) + " |")
        if index == 0:
            out.append(sep.replace("-", "="))
    out.append(sep)
    return "\n".join(out)
