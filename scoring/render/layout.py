"""The official 自评表 as a grid of placed cells (row, column, spans), shared by xlsx, docx and html.

One layout, three renderers: the 项目支出 / 部门整体支出绩效自评情况表 of the seed — title, header block,
funds block (年初预算数, 全年预算数 A, 全年执行数 B, 分值, 执行率, 得分) with its 其中 rows, goals, tasks,
资金管理情况, and the indicator grid with 一级/二级 cells merged over their rows, then 总分 and 等级.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scoring.domain.numbers import fmt2
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import EXECUTION_REASON, KIND_SHORT, SEVERITY, finding_where
from scoring.render.common import (
    goal_text,
    has_deviation_column,
    level1_weights,
    pct,
    plain,
    title,
    year_line,
)

# Cell styles: title, subtitle, label (bold, centred), head (bold, shaded), text (left, wrapped),
# num (right, '0.00'), int (right, plain number), center, total (bold).


@dataclass
class Cell:
    text: str = ""
    value: Decimal | None = None  # a number cell: written as a number in xlsx
    style: str = "text"
    colspan: int = 1
    rowspan: int = 1
    places: int = 2  # 2: two decimals; 0: as written (分值, money); -1: a percentage


@dataclass
class Placed:
    row: int
    col: int
    cell: Cell


@dataclass(frozen=True)
class Column:
    """A grid column as the print setup sizes it, in cells (a CJK character is two, a digit one)."""

    name: str
    min: int  # narrower, and the column's words no longer read
    grow: int = 0  # its share of spare width (the text columns take it)


@dataclass
class Grid:
    """Cells placed on a rows × ncols grid; each Placed is the top-left of its (merged) area."""

    columns: list[Column]
    cells: list[Placed] = field(default_factory=list)
    nrows: int = 0
    heading_rows: int = 2  # title + year: rendered outside the table in docx/html
    repeat: range | None = None  # header rows printed again at the top of every later page
    _taken: set[tuple[int, int]] = field(default_factory=set)

    @property
    def ncols(self) -> int:
        return len(self.columns)

    def add_row(self, cells: list[Cell]) -> int:
        """Place cells left to right on the next row, skipping columns covered by earlier row spans."""
        row = self.nrows
        col = 0
        for cell in cells:
            while (row, col) in self._taken:
                col += 1
            if col + cell.colspan > self.ncols:
                cell.colspan = max(self.ncols - col, 1)
            self.cells.append(Placed(row, col, cell))
            for r in range(row, row + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    self._taken.add((r, c))
            col += cell.colspan
        self.nrows = row + 1
        return row

    def rows(self) -> list[list[Placed]]:
        out: list[list[Placed]] = [[] for _ in range(self.nrows)]
        for placed in self.cells:
            out[placed.row].append(placed)
        for items in out:
            items.sort(key=lambda p: p.col)
        return out


def _n(value: Decimal | None, places: int = 2, style: str = "num") -> Cell:
    """A number cell: two decimals (得分, 偏差度) or as written (分值, money: places=0)."""
    if value is None:
        return Cell("", style=style)
    return Cell(fmt2(value) if places == 2 else plain(value), value=value, style=style, places=places)


def _pct_cell(value: Decimal | None, colspan: int = 1) -> Cell:
    """A percentage (5.68 → "5.68%"); xlsx writes it as 0.0568 with format 0.00%."""
    if value is None:
        return Cell("", style="num", colspan=colspan)
    return Cell(pct(value), value=value, style="num", places=-1, colspan=colspan)


INDICATOR_COLUMNS = (
    Column("一级指标", 8, 1),
    Column("二级指标", 8, 1),
    Column("三级指标", 12, 4),
    Column("年度指标值", 10),
    Column("实际完成值", 10),
    Column("分值", 5),
    Column("得分", 6),
)
DEVIATION_COLUMN = Column("偏差度", 7)
REASON_COLUMN = Column("偏差原因分析\n及改进措施", 12, 3)


def columns(result: EvaluationResult) -> list[Column]:
    """The indicator grid's columns; the blocks above it (funds, goals …) span these."""
    cols = list(INDICATOR_COLUMNS)
    if has_deviation_column(result):
        cols.append(DEVIATION_COLUMN)
    cols.append(REASON_COLUMN)
    return cols


def build(result: EvaluationResult) -> Grid:
    cols = columns(result)
    n = len(cols)
    g = Grid(cols)
    g.add_row([Cell(title(result), style="title", colspan=n)])
    g.add_row([Cell(year_line(result), style="subtitle", colspan=n)])
    if result.kind == "project":
        g.add_row([Cell("项目名称", style="label"), Cell(result.name, colspan=n - 1)])
        g.add_row(
            [
                Cell("主管部门", style="label"),
                Cell(result.authority or "", colspan=3),
                Cell("实施单位", style="label"),
                Cell(result.implementer or "", colspan=n - 5),
            ]
        )
    else:
        g.add_row([Cell("部门（单位）名称", style="label"), Cell(result.name, colspan=n - 1)])

    ex = result.execution
    if ex is not None:
        # label | name | 年初 | A | B | 分值 | 执行率 (over 得分 and 偏差度) | 得分 (the last column)
        rate_span = n - 7
        label = "项目资金\n（万元）" if result.kind == "project" else "部门整体支出\n情况（万元）"
        first = "年度资金总额" if result.kind == "project" else "部门预算总额"
        g.add_row(
            [
                Cell(label, style="label", rowspan=2 + len(ex.sources) + (1 if ex.reason else 0)),
                Cell("", style="head"),
                Cell("年初预算数", style="head"),
                Cell("全年预算数\n（A）", style="head"),
                Cell("全年执行数\n（B）", style="head"),
                Cell("分值", style="head"),
                Cell("执行率\n（B/A×100%）", style="head", colspan=rate_span),
                Cell("得分", style="head"),
            ]
        )
        g.add_row(
            [
                Cell(first, style="center"),
                _n(ex.initial, 0),
                _n(ex.annual, 0),
                _n(ex.executed, 0),
                _n(ex.weight, 0),
                _pct_cell(ex.rate, rate_span),
                _n(ex.score),
            ]
        )
        for source in ex.sources:
            g.add_row(
                [
                    Cell(source.name, style="center"),
                    _n(source.initial, 0),
                    _n(source.annual, 0),
                    _n(source.executed, 0),
                    Cell("—", style="center"),
                    _pct_cell(source.rate, rate_span),
                    Cell("—", style="center"),
                ]
            )
        if ex.reason:
            g.add_row([Cell(EXECUTION_REASON, style="center"), Cell(ex.reason, colspan=n - 2)])

    if result.reviews:
        weight = sum((r.weight for r in result.reviews), Decimal(0))
        g.add_row(
            [
                Cell("资金管理情况", style="label", rowspan=1 + len(result.reviews)),
                Cell("", style="head"),
                Cell("情况说明", style="head", colspan=3),
                Cell(f"分值\n（{plain(weight)}）", style="head"),
                Cell("得分", style="head"),
                Cell("存在问题和\n改进措施", style="head", colspan=n - 7),
            ]
        )
        for review in result.reviews:
            g.add_row(
                [
                    Cell(review.name, style="center"),
                    Cell(review.note, colspan=3),
                    _n(review.weight, 0),
                    _n(review.score),
                    Cell(review.problem, colspan=n - 7),
                ]
            )

    if result.goals:
        if result.kind == "project":
            g.add_row(
                [
                    Cell("年度总体目标", style="label", rowspan=1 + len(result.goals)),
                    Cell("预期目标", style="head", colspan=4),
                    Cell("全年实际完成情况", style="head", colspan=n - 5),
                ]
            )
            for goal in result.goals:
                g.add_row([Cell(goal_text(goal), colspan=4), Cell(goal.get("actual", ""), colspan=n - 5)])
        else:
            _named_block(
                g, "年度履职目标", ("目标名称", "主要内容", "目标完成情况"), result.goals, "expected"
            )
    if result.tasks:
        _named_block(g, "年度主要任务", ("任务名称", "主要内容", "任务完成情况"), result.tasks, "content")

    if result.indicators:
        first_head = g.add_row([Cell("绩效指标", style="label", colspan=n)])
        g.add_row([Cell(col.name, style="head") for col in cols])
        g.repeat = range(first_head, g.nrows)
        _indicator_rows(g, result, has_deviation_column(result))

    g.add_row(
        [
            Cell("总分", style="total", colspan=5),
            _n(result.weight_total, 0, "total"),
            _n(result.total, 2, "total"),
            Cell(f"等级：{result.grade or '—'}", style="total", colspan=n - 7),
        ]
    )
    return g


def _named_block(
    g: Grid, label: str, heads: tuple[str, str, str], items: list[dict[str, str]], content: str
) -> None:
    n = g.ncols
    g.add_row(
        [
            Cell(label, style="label", rowspan=1 + len(items)),
            Cell(heads[0], style="head"),
            Cell(heads[1], style="head", colspan=3),
            Cell(heads[2], style="head", colspan=n - 5),
        ]
    )
    for index, item in enumerate(items):
        g.add_row(
            [
                Cell(item.get("name") or f"{label[-2:]} {index + 1}", style="center"),
                Cell(item.get(content, ""), colspan=3),
                Cell(item.get("actual", ""), colspan=n - 5),
            ]
        )


def _indicator_rows(g: Grid, result: EvaluationResult, deviation: bool) -> None:
    inds = result.indicators
    weights = level1_weights(result)
    # run lengths of equal 一级 and (一级, 二级) values, so the cells merge over their rows
    span1: dict[int, int] = {}
    span2: dict[int, int] = {}
    for i, ind in enumerate(inds):
        if i == 0 or inds[i - 1].level1 != ind.level1:
            start1 = i
            span1[i] = 0
        span1[start1] += 1
        if i == 0 or (inds[i - 1].level1, inds[i - 1].level2) != (ind.level1, ind.level2):
            start2 = i
            span2[i] = 0
        span2[start2] += 1
    for i, ind in enumerate(inds):
        row: list[Cell] = []
        if i in span1:
            weight = weights.get(ind.level1)
            text = ind.level1 + (f"\n（{plain(weight)}分）" if weight is not None else "")
            row.append(Cell(text, style="center", rowspan=span1[i]))
        if i in span2:
            row.append(Cell(ind.level2, style="center", rowspan=span2[i]))
        row += [
            Cell(ind.level3),
            Cell(ind.target, style="center"),
            Cell(ind.actual or "", style="center"),
            _n(ind.weight, 0),
            _n(ind.score),
        ]
        if deviation:
            row.append(_n(ind.deviation))
        row.append(Cell(ind.reason or ""))
        g.add_row(row)


# --- plain tables: the batch summary and the findings -------------------------------------------------------


def simple(cols: list[Column], rows: list[list[Cell]]) -> Grid:
    """A plain table: one header row (printed again on every page), then the rows."""
    g = Grid(list(cols), heading_rows=0)
    g.add_row([Cell(col.name, style="head") for col in cols])
    g.repeat = range(0, 1)
    for row in rows:
        g.add_row(row)
    return g


def summary_grid(results: list[EvaluationResult], findings: bool = False) -> Grid:
    """One row per evaluation: name, kind, funds, 执行率, 总分, 等级; with ``findings`` also the counts of
    errors and warnings, the printed total and the file."""
    cols = [
        Column("名称", 12, 3),
        Column("类型", 5),
        Column("全年预算数\n（万元）", 10),
        Column("全年执行数\n（万元）", 10),
        Column("执行率", 8),
        Column("总分", 6),
        Column("等级", 5),
    ]
    if findings:
        cols += [Column("错误", 5), Column("警告", 5), Column("填报总分", 8), Column("文件", 16, 2)]
    rows = []
    for r in results:
        ex = r.execution
        row = [
            Cell(r.name),
            Cell(KIND_SHORT.get(r.kind, r.kind), style="center"),
            _n(ex.annual if ex else None, 0),
            _n(ex.executed if ex else None, 0),
            _pct_cell(ex.rate if ex else None),
            _n(r.total),
            Cell(r.grade or "", style="center"),
        ]
        if findings:
            row += [
                _n(Decimal(r.errors), 0),
                _n(Decimal(r.warnings), 0),
                _n(r.reported_total, 0),
                Cell(r.file),
            ]
        rows.append(row)
    return simple(cols, rows)


def findings_grid(results: list[EvaluationResult]) -> Grid:
    """Every finding a reviewer would raise, in words (severity, place, line, what is wrong): no codes."""
    cols = [
        Column("名称", 10, 2),
        Column("级别", 5),
        Column("位置", 12, 3),
        Column("行号", 5),
        Column("说明", 20, 8),
    ]
    rows = [
        [
            Cell(result.name or result.file),
            Cell(SEVERITY[f.severity], style="center"),
            Cell(finding_where(f.where, None, f.cell)),  # a document's finding names its cell
            _n(None if f.line is None else Decimal(f.line), 0),
            Cell(f.message),
        ]
        for result in results
        for f in result.findings
    ]
    return simple(cols, rows)
