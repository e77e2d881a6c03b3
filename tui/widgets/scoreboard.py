"""Always on screen: rows filled / rows, 总分 and 等级, one bar per 一级指标 (score against 分值)."""

from __future__ import annotations

from decimal import Decimal

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

    result: reactive[EvaluationResult | None] = reactive(None, always_update=True)

    def watch_result(self, result: EvaluationResult | None) -> None:
        update_static(self, self.render_result(result))

    def on_resize(self) -> None:
        """Bars are drawn to the width: redraw when a scrollbar or the terminal changes it."""
        self.update(self.render_result(self.result))

    def render_result(self, result: EvaluationResult | None) -> Text:
        if result is None:
            return Text("正在计分…")
        # label (8 cells) + spaces + " 25.30/30" take 19 cells; the bar gets the rest of the content width
        width = max(4, (self.content_size.width or 24) - 19)
        out = Text()
        out.append("已填 ", style="dim")
        out.append(f"{result.rows_filled}/{result.rows_total}", style="bold")
        out.append("  总分 ", style="dim")
        out.append(score(result.total) or "-", style="bold")
        out.append("  ")
        out.append(result.grade or "-", style=GRADE_STYLE.get(result.grade or "", "bold"))
        out.append("\n")
        if result.execution is not None:
            ex = result.execution
            out.append(f"{'执行率':<4}", style="dim")
            out.append(" ")
            out.append_text(bar(ex.score or Decimal(0), ex.weight, width))
            out.append(f" {score(ex.score) or '-':>5}/{ex.weight.normalize():f}\n")
        if result.reviews:
            got = sum((r.score or Decimal(0) for r in result.reviews), Decimal(0))
            full = sum((r.weight for r in result.reviews), Decimal(0))
            out.append("资金管理", style="dim")
            out.append(" ")
            out.append_text(bar(got, full, width))
            out.append(f" {score(got):>5}/{full.normalize():f}\n")
        for sub in result.subtotals:
            full = sub.declared_weight if sub.declared_weight is not None else sub.weight
            label = short_level(sub.level1)[:4]
            pad = 8 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in label)
            out.append(label + " " * max(0, pad), style="dim")
            out.append(" ")
            out.append_text(bar(sub.score, full, width))
            out.append(f" {score(sub.score):>5}/{full.normalize():f}\n")
        out.rstrip()
        return out
