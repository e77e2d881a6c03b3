"""Small text helpers: terminal-safe cells, numbers, statuses (Chinese).

Every text a user wrote (names, values, file names) reaches a widget as a ``Text`` (``plain``), never as a
``str``: Textual reads a ``str`` as markup.
"""

from __future__ import annotations

from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.vocabulary import cell_safe


def safe(text: str | None) -> str:
    """Text fit for a grid cell: ambiguous-width symbols replaced (>= instead of ≥)."""
    return cell_safe(text)


def plain(text: str | None, style: str = "") -> Text:
    """User text as text: never read as markup (``[/]`` would crash, ``[@click=…]`` would be live)."""
    return Text(safe(text), style=style, end="")


def num(value: Decimal | None) -> str:
    return "" if value is None else fmt_plain(value)


def score(value: Decimal | None) -> str:
    return "" if value is None else fmt2(value)


def pct(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt2(value)}%"


def short_level(name: str) -> str:
    """成本指标 -> 成本 (bars are narrow)."""
    return name.removesuffix("指标") or name


def _lines(content: Text | str) -> list[str]:
    return (content.plain if isinstance(content, Text) else content).split("\n")


def _same(old: object, new: Text | str) -> bool:
    if isinstance(old, Text) and isinstance(new, Text):
        return old.plain == new.plain and old.spans == new.spans and old.style == new.style
    return isinstance(old, str) and isinstance(new, str) and old == new


def update_static(widget: Static, content: Text | str) -> None:
    """Show ``content`` in ``widget``, doing no more than needed: nothing when it is unchanged, and no
    layout pass (a reflow of the whole screen) when its height cannot change: same number of lines,
    none wider than the widget. Live figures change on every keystroke; a reflow each time is most of
    the repaint's cost."""
    old = widget.content
    if _same(old, content):
        return
    width = widget.content_size.width
    before = _lines(old) if isinstance(old, (Text, str)) else None
    after = _lines(content)
    steady = (
        width > 0
        and before is not None
        and len(before) == len(after)
        and all(cell_len(line) <= width for line in before + after)
    )
    widget.update(content, layout=not steady)
