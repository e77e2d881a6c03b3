"""xlsx: one sheet per evaluation in the official layout, a 问题清单 sheet and a 汇总 sheet (openpyxl)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import KIND_SHORT, SEVERITY
from scoring.render.common import safe_stem
from scoring.render.layout import Grid, build, columns

FONT = "宋体"
MADE_BY = "jixiao"


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28] or "自评表"
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}_{n}"
        n += 1
    used.add(title)
    return title


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center", wrap_text=True)
    normal = Font(name=FONT, size=10)
    bold = Font(name=FONT, size=10, bold=True)
    shade = PatternFill("solid", fgColor="F2F2F2")
    return {
        "title": (Font(name=FONT, size=16, bold=True), wrap_center, None, None),
        "subtitle": (Font(name=FONT, size=11), wrap_center, None, None),
        "label": (bold, wrap_center, border, None),
        "head": (bold, wrap_center, border, shade),
        "text": (normal, wrap_left, border, None),
        "center": (normal, wrap_center, border, None),
        "num": (normal, right, border, None),
        "total": (bold, wrap_center, border, shade),
    }


def _write_grid(ws: Any, grid: Grid, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    styles = _styles()
    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    for placed in grid.cells:
        cell = placed.cell
        row, col = placed.row + 1, placed.col + 1
        target = ws.cell(row=row, column=col)
        if cell.value is not None and cell.places == -1:
            target.value = float(cell.value) / 100
            target.number_format = "0.00%"
        elif cell.value is not None:
            target.value = float(cell.value)
            target.number_format = "0.00" if cell.places == 2 else "General"
        else:
            target.value = cell.text
            if cell.text.startswith("="):
                target.data_type = "s"  # "=100%" is a 年度指标值, not a formula
        font, align, border, fill = styles[cell.style]
        if cell.style == "total" and cell.value is not None:
            align = styles["num"][1]
        # style every cell of a merged area so its borders show
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                each = ws.cell(row=r, column=c)
                each.font = font
                each.alignment = align
                if border is not None:
                    each.border = border
                if fill is not None:
                    each.fill = fill
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    ws.row_dimensions[1].height = 28
    _fit_heights(ws, grid, widths)


def _fit_heights(ws: Any, grid: Grid, widths: list[float]) -> None:
    """Row heights for wrapped Chinese text (Excel does not grow rows for merged cells by itself)."""
    from scoring.render.textgrid import width as display_width

    need: dict[int, float] = {}
    for placed in grid.cells:
        cell = placed.cell
        if placed.row < 2 or not cell.text:
            continue
        span = sum(widths[placed.col : placed.col + cell.colspan])
        lines = max(1, -(-display_width(cell.text) // max(int(span * 1.1) - 1, 1)))
        per_row = lines * 14.0 / cell.rowspan
        for r in range(placed.row, placed.row + cell.rowspan):
            need[r] = max(need.get(r, 15.0), per_row + 4)
    for r, height in need.items():
        ws.row_dimensions[r + 1].height = min(height, 400)


def write_xlsx(results: list[EvaluationResult], path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    wb.properties.creator = MADE_BY  # an import knows these 得分 are computed, not a clerk's
    used: set[str] = set()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for index, result in enumerate(results):
        ws = wb.create_sheet(_sheet_title(result.name or safe_stem(result, index), used))
        grid = build(result)
        _write_grid(ws, grid, [w for _, w in columns(result)])
        note_row = grid.nrows + 2
        if result.reported_total is not None:
            ws.cell(row=note_row, column=1, value=f"注：得分按规则计算；填报总分 {result.reported_total}。")
            note_row += 1
        ws.cell(
            row=note_row,
            column=1,
            value=f"文件：{result.file}；问题 {len(result.findings)} 项，见“问题清单”。",
        )
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if grid.indicator_head is not None:
            ws.print_title_rows = f"{grid.indicator_head + 1}:{grid.indicator_head + 1}"
    _findings_sheet(wb, results)
    _summary_sheet(wb, results)
    # built in memory, then written at once: a failed write raises one OSError (openpyxl writing to the
    # file itself left a half-closed zip whose destructor printed a second traceback)
    buffer = io.BytesIO()
    wb.save(buffer)
    Path(path).write_bytes(buffer.getvalue())


def _table_sheet(wb: Any, title: str, heads: list[str], rows: list[list[Any]], widths: list[float]) -> Any:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ws = wb.create_sheet(title)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(heads)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for r, row_cells in enumerate(ws.iter_rows(), start=1):
        for cell in row_cells:
            cell.border = border
            cell.font = Font(name=FONT, size=10, bold=r == 1)
            cell.alignment = Alignment(
                vertical="center", wrap_text=True, horizontal="center" if r == 1 else None
            )
            if r == 1:
                cell.fill = PatternFill("solid", fgColor="F2F2F2")
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = width
    ws.freeze_panes = "A2"
    return ws


def _findings_sheet(wb: Any, results: list[EvaluationResult]) -> None:
    rows: list[list[Any]] = []
    for result in results:
        for f in result.findings:
            rows.append([result.name, result.file, SEVERITY[f.severity], f.code, f.where, f.line, f.message])
    _table_sheet(
        wb,
        "问题清单",
        ["名称", "文件", "级别", "代码", "位置", "行号", "说明"],
        rows,
        [26, 30, 6, 22, 30, 6, 70],
    )


def _summary_sheet(wb: Any, results: list[EvaluationResult]) -> None:
    from scoring.render.batch_summary import fund_weighted_mean, rows_of

    def f(value: Any) -> float | None:
        return None if value is None else float(value)

    rows: list[list[Any]] = []
    for r in results:
        ex = r.execution
        rows.append(
            [
                r.name,
                KIND_SHORT.get(r.kind, r.kind),
                r.year,
                f(ex.annual if ex else None),
                f(ex.executed if ex else None),
                f(ex.rate if ex else None),
                f(r.total),
                r.grade or "",
                r.errors,
                r.warnings,
                f(r.reported_total),
                r.file,
            ]
        )
    ws = _table_sheet(
        wb,
        "汇总",
        [
            "名称",
            "类型",
            "年度",
            "全年预算数（万元）",
            "全年执行数（万元）",
            "执行率（%）",
            "总分",
            "等级",
            "错误",
            "警告",
            "填报总分",
            "文件",
        ],
        rows,
        [30, 9, 7, 12, 12, 10, 8, 6, 6, 6, 9, 40],
    )
    mean = fund_weighted_mean(rows_of(results))
    grades: dict[str, int] = {}
    for r in results:
        grades[r.grade or "未评"] = grades.get(r.grade or "未评", 0) + 1
    last = ws.max_row + 2
    ws.cell(row=last, column=1, value=f"共 {len(results)} 个自评")
    ws.cell(row=last + 1, column=1, value="按全年预算数加权平均总分")
    if mean is not None:
        from scoring.domain.numbers import round_half_up

        cell = ws.cell(row=last + 1, column=7, value=float(round_half_up(mean)))
        cell.number_format = "0.00"
    ws.cell(row=last + 2, column=1, value="等级分布：" + "，".join(f"{k} {v} 个" for k, v in grades.items()))
