"""复核: the official table (its columns chosen by the width there is), 总分 and 等级, and the findings, each
leading to its row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from scoring.domain.results import EvaluationResult, IndicatorResult
from scoring.domain.vocabulary import (
    FUNDS_ROW,
    NO_FINDINGS,
    REVIEWS_LEVEL,
    SEVERITY,
    status_label,
)

from ..places import Place
from ..text import num, pct, plain, safe, score, update_static
from ..widgets.nav import mark_of
from ..widgets.wrapping import break_before_marks
from .base import Pane

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
PANE_OF_SECTION = {
    "header": "funds",
    "funds": "funds",
    "sources": "funds",
    "goals": "goals",
    "tasks": "goals",
    "indicator": "indicator",
    "review": "management",
}
"""Where the evaluator mends a finding of each section of an evaluation (``total``: nowhere in particular)."""


@dataclass(frozen=True)
class Column:
    heading: str
    rank: int  # the narrower the screen, the fewer ranks shown: 0 always
    width: int  # cells it takes (its content is cut to fit); 0 takes what is left
    cell: Callable[[IndicatorResult, int], Text | str]


COLUMNS = (
    Column("一级指标", 7, 10, lambda r, _: plain(r.level1)),
    Column("二级指标", 8, 10, lambda r, _: plain(r.level2)),
    Column("三级指标", 0, 0, lambda r, _: plain(r.level3)),
    Column("年度指标值", 1, 10, lambda r, _: plain(r.target)),
    Column("实际完成值", 2, 10, lambda r, _: plain(r.actual or "")),
    Column("分值", 3, 4, lambda r, _: num(r.weight)),
    Column("得分", 4, 6, lambda r, _: score(r.score)),
    Column("偏差度", 6, 8, lambda r, _: pct(r.deviation)),
    Column("状态", 5, 8, lambda r, _: status_label(r.status, r.score)),
)
"""The grid's columns in the 自评表's order; on a narrow screen the lowest ranks are shown, 状态 as a mark."""
SHORT_HEADINGS = {"年度指标值": "指标值", "实际完成值": "实际值"}
NAME_MIN = 12  # cells 三级指标 takes at least
NAME_ROOM = 20  # cells 三级指标 keeps before the less needed columns (偏差度, 一级, 二级) are shown
PADDING = 2  # cells DataTable adds around each column
TALL = 30  # lines of the pane from which a long 三级指标 wraps onto a second line


def wrapped(text: Text, width: int, lines: int) -> Text:
    """``text`` broken into lines of ``width`` cells (a wide character never halved, Chinese has no spaces
    to break at), at most ``lines`` of them, the last cut with … when more is left."""
    flat = " ".join(text.plain.split("\n")).replace("\r", " ")  # a name's own line breaks: spaces
    out: list[str] = []
    start = used = 0
    for at, ch in enumerate(flat):
        size = cell_len(ch)
        if used + size > width:
            brk = break_before_marks(flat, at, start)  # 、，。 never start a line
            out.append(flat[start:brk])
            start, used = brk, cell_len(flat[brk:at])
        used += size
    out.append(flat[start:])
    if len(out) > lines:
        last = out[lines - 1]
        while last and cell_len(last) + 1 > width:
            last = last[:-1]
        out = [*out[: lines - 1], last + "…"]
    return Text("\n".join(out), style=text.style)


def choose_columns(width: int) -> list[Column]:
    """The columns that fit ``width`` cells, best first (三级, 指标值, 实际值, 分值, 得分, 状态, …), shown in
    the table's order."""
    chosen: list[Column] = []
    used = NAME_MIN + PADDING
    for column in sorted((c for c in COLUMNS if c.rank > 0), key=lambda c: c.rank):
        need = column.width + PADDING
        if column.heading == "状态" and used + need > width:
            need = 2 + PADDING  # the mark alone
        if column.rank > 5:  # beyond the six that matter, only while 三级指标 keeps its room
            need += NAME_ROOM - NAME_MIN
        if used + need > width:
            break
        if column.rank > 5:
            need -= NAME_ROOM - NAME_MIN
        used += need
        chosen.append(column)
    return [c for c in COLUMNS if c.rank == 0 or c in chosen]


class CheckPane(Pane):
    section = "check"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._columns: list[Column] = []
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="v-total", classes="title")
        table: DataTable[str | Text] = DataTable(id="v-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("问题清单（回车跳转到该行）", id="v-findings-title", classes="subtitle")
        yield OptionList(id="v-findings")

    def on_resize(self) -> None:
        if self.result is not None and self.display:
            self.show_result(self.result)

    def _layout(self) -> bool:
        """Choose the columns for the width there is; True when they changed (the table is rebuilt)."""
        table = self.query_one("#v-table", DataTable)
        width = max(20, self.content_size.width - 1)
        columns = choose_columns(width)
        used = sum((c.width if c.width else 0) + PADDING for c in columns)
        widths = {c.heading: c.width for c in columns}
        widths["三级指标"] = max(NAME_MIN, width - used - PADDING)
        if "状态" in widths and used > width:
            widths["状态"] = 2
        if columns == self._columns and widths == self._widths:
            return False
        self._columns, self._widths = columns, widths
        table.clear(columns=True)
        narrow = width < 90
        for c in columns:
            heading = SHORT_HEADINGS.get(c.heading, c.heading) if narrow else c.heading
            if widths[c.heading] == 2:
                heading = "状"
            table.add_column(heading, key=c.heading, width=widths[c.heading])
        return True

    def _name_lines(self) -> int:
        """Lines a 三级指标 may take: two where the screen is tall enough (120×40), so that a long name is
        read whole beside its figures; one on a small screen, where rows matter more."""
        return 2 if self.content_size.height >= TALL else 1

    def _cells(self, values: dict[str, Text | str]) -> tuple[list[Text | str], int]:
        """The row's cells cut to their columns, and its height in lines (三级指标 may wrap, see above)."""
        out: list[Text | str] = []
        height = 1
        for c in self._columns:
            value = values.get(c.heading, "")
            text = value if isinstance(value, Text) else Text(value)
            width = self._widths[c.heading]
            if c.rank == 0 and cell_len(text.plain) > width and self._name_lines() > 1:
                text = wrapped(text, width, self._name_lines())
                height = max(height, len(text.plain.split("\n")))
            elif cell_len(text.plain) > width:
                text.truncate(width)  # cut by cells (a wide character never halved)
            out.append(text)
        return out, height

    def _add(self, table: DataTable[str | Text], values: dict[str, Text | str], key: str) -> None:
        cells, height = self._cells(values)
        table.add_row(*cells, key=key, height=height)

    def show_result(self, result: EvaluationResult) -> None:
        total = Text()
        total.append("总分 ", style="dim")
        total.append(score(result.total) or "-", style="bold")
        total.append("  等级 ", style="dim")
        total.append(result.grade or "-", style="bold")
        total.append(f"  错误 {result.errors}  警告 {result.warnings}", style="dim")
        update_static(self.query_one("#v-total", Static), total)
        self._layout()
        table = self.query_one("#v-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        ex = result.execution
        if ex is not None:
            self._add(
                table,
                {
                    "一级指标": FUNDS_ROW,
                    "三级指标": FUNDS_ROW,
                    "年度指标值": num(ex.annual),
                    "实际完成值": num(ex.executed),
                    "分值": num(ex.weight),
                    "得分": score(ex.score),
                    "偏差度": pct(ex.rate),
                },
                "funds",
            )
        for i, item in enumerate(result.reviews):
            self._add(
                table,
                {
                    "一级指标": REVIEWS_LEVEL,
                    "三级指标": plain(item.name),
                    "分值": num(item.weight),
                    "得分": score(item.score),
                },
                f"review-{i}",
            )
        for i, ind in enumerate(result.indicators):
            values = {c.heading: c.cell(ind, i) for c in self._columns}
            if self._widths.get("状态") == 2:
                mark, style = mark_of(result, i)
                values["状态"] = Text(mark, style=f"bold {style}")
            self._add(table, values, f"ind-{i}")
        if 0 <= cursor < table.row_count:
            table.move_cursor(row=cursor)
        self._findings(result)

    def _findings(self, result: EvaluationResult) -> None:
        findings = self.query_one("#v-findings", OptionList)
        title = self.query_one("#v-findings-title", Static)
        shown = bool(result.findings)
        findings.display = shown
        update_static(title, "问题清单（回车跳转到该行）" if shown else Text(NO_FINDINGS, style="green"))
        highlighted = findings.highlighted
        findings.clear_options()
        for n, f in enumerate(result.findings):
            word, style = SEVERITY[f.severity], SEVERITY_STYLE[f.severity]
            prompt = Text()
            prompt.append(f"{word} ", style=f"bold {style}")
            prompt.append(safe(f.where), style="dim")
            prompt.append(" " + safe(f.message))
            findings.add_option(Option(prompt, id=f"finding-{n}"))
        if findings.option_count:  # Enter jumps at once: the first finding until another is chosen
            kept = highlighted is not None and highlighted < findings.option_count
            findings.highlighted = highlighted if kept else 0

    def place_of_finding(self, n: int) -> Place | None:
        """The pane (and row) a finding is about, from the place the scoring core gave it."""
        result = self.result
        if result is None or n >= len(result.findings) or result.findings[n].place is None:
            return None
        place = result.findings[n].place
        assert place is not None
        pane = PANE_OF_SECTION.get(place.section)
        return None if pane is None else Place(pane, place.index or 0)

    @on(OptionList.OptionSelected, "#v-findings")
    def _finding(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        place = self.place_of_finding(event.option_index)
        if place is None:
            self.notify("此问题涉及整份自评（如总分、分值合计），没有对应的单独一行", title="无法跳转")
        else:
            self.jump(place)

    @on(DataTable.RowSelected, "#v-table")
    def _row(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if key == "funds":
            self.jump(Place("funds"))
        elif key.startswith("review-"):
            self.jump(Place("management", int(key[7:])))
        elif key.startswith("ind-"):
            self.jump(Place("indicator", int(key[4:])))
