"""Always on screen: rows filled / rows, 总分 and 等级, one bar per 一级指标 (score against 分值)."""

from __future__ import annotations

from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from scoring.domain.results import EvaluationResult

from ..text import score, short_level, update_static

GRADE_STYLE = {"优": "bold green", "良": "bold cyan", "中": "bold yellow", "差": "bold red"}


def bar(value: Decimal, full: Decimal, width: int) -> Text:
    """A bar drawn with coloured spaces (no block characters, whose width is ambiguous in CJK terminals)."""
    share = Decimal(0) if full <= 0 else max(Decimal(0), min(Decimal(1), value / full))
    filled = int((share * width).to_integral_value())
    text = Text()
    text.append(" " * filled, style="on green" if share >= Decimal("0.8") else "on yellow")
    text.append(" " * (width - filled), style="on grey23")
    return text


class Scoreboard(Static):
    """Progress, total, grade and the 一级指标 bars; fed by the screen after each scoring."""

    DEFAULT_CSS = """
    Scoreboard { height: auto; padding: 0 1; }
    """

    result: reactive[EvaluationResult | None] = reactive(None, always_update=True, repaint=False)

    def watch_result(self, result: EvaluationResult | None) -> None:
        update_static(self, self.render_result(result))

    def on_resize(self) -> None:
        """Bars are drawn to the width: redraw when a scrollbar or the terminal changes it."""
        self.update(self.render_result(self.result))

    def render_result(self, result: EvaluationResult | None) -> Text:
        if result is None:
            return Text("正在计分…")
        width = self.content_size.width or 24
        out = Text()
        out.append("已填 ", style="dim")
        out.append(f"{result.rows_filled}/{result.rows_total}", style="bold")
        total = Text()
        total.append("总分 ", style="dim")
        total.append(score(result.total) or "-", style="bold")
        total.append("  ")
        total.append(result.grade or "-", style=GRADE_STYLE.get(result.grade or "", "bold"))
        fits = cell_len(out.plain) + 2 + cell_len(total.plain) <= width
        out.append("  " if fits else "\n")  # on one line when it fits (120 columns), else on two
        out.append_text(total)
        lines: list[tuple[str, Decimal, Decimal, str]] = []
        if result.execution is not None:
            ex = result.execution
            lines.append(("执行率", ex.score or Decimal(0), ex.weight, score(ex.score) or "-"))
        if result.reviews:
            got = sum((r.score or Decimal(0) for r in result.reviews), Decimal(0))
            full = sum((r.weight for r in result.reviews), Decimal(0))
            lines.append(("资金管理", got, full, score(got)))
        for sub in result.subtotals:
            full = sub.declared_weight if sub.declared_weight is not None else sub.weight
            lines.append((short_level(sub.level1)[:4], sub.score, full, score(sub.score)))
        for label, got, full, shown in lines:
            figures = f" {shown:>5}/{full.normalize():f}"
            # label (8 cells) + a space + the bar + the figures: the bar gets what the width leaves
            bar_width = max(3, width - 9 - len(figures))
            out.append("\n")
            out.append(label + " " * max(0, 8 - cell_len(label)), style="dim")
            out.append(" ")
            out.append_text(bar(got, full, bar_width))
            out.append(figures)
        return out
