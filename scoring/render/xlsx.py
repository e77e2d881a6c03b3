"""xlsx (openpyxl): one sheet per evaluation in the official layout, ready to print.

Each sheet: A4 portrait where the table fits (``printing``), fit to the page width, the indicator header
rows as print titles, every row at the height its text needs, a page break where ``printing`` puts it (a
merged 一级/二级 cell cut there printed again with its label). With several evaluations a 汇总 sheet; the
问题清单 sheet, the source files and the notes on printed figures only with ``Options.findings``. Every
sheet has its own print setup.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import FINDINGS_PART, evaluation_file, reported_total_note
from scoring.render.common import Options, official, safe_stem
from scoring.render.layout import Grid, build, findings_grid, summary_grid
from scoring.render.printing import Body, Printed, choose_page, lay_out, line_count
from scoring.render.reproducible import reproducible, source_time

FONT = "宋体"
MADE_BY = "jixiao"

BODY = Body(line=13.0, pad_x=2.0, pad_y=1.0, narrow=1.15)
"""A line of 宋体 9 pt as spreadsheets draw it (a CJK font standing in for 宋体 draws 1.45 em, and its digits
a little wider than 宋体's); Excel's cell margin."""
TITLE_HEIGHT, SUBTITLE_HEIGHT = 26.0, 18.0


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
    normal = Font(name=FONT, size=BODY.size)
    bold = Font(name=FONT, size=BODY.size, bold=True)
    shade = PatternFill("solid", fgColor="F2F2F2")
    return {
        "title": (Font(name=FONT, size=16, bold=True), wrap_center, None, None),
        "subtitle": (Font(name=FONT, size=10.5), wrap_center, None, None),
        "label": (bold, wrap_center, border, None),
        "head": (bold, wrap_center, border, shade),
        "text": (normal, wrap_left, border, None),
        "center": (normal, wrap_center, border, None),
        "num": (normal, right, border, None),
        "total": (bold, wrap_center, border, shade),
        "note": (normal, Alignment(horizontal="left", vertical="top", wrap_text=True), None, None),
    }


def _column_width(points: float) -> float:
    """A width in points as Excel's column width: characters of the default font's digit (7 px at 96 dpi),
    plus its 5 px of margin."""
    return round(max(points * 96 / 72 - 5, 0) / 7, 2)


def _write_grid(ws: Any, printed: Printed, top: int = 0) -> None:
    """The printed grid's cells from sheet row ``top`` + 1 down: values, styles, merges, widths, heights."""
    from openpyxl.utils import get_column_letter

    styles = _styles()
    grid = printed.grid
    for index, width in enumerate(printed.widths):
        ws.column_dimensions[get_column_letter(index + 1)].width = _column_width(width)
    for placed in grid.cells:
        cell = placed.cell
        row, col = top + placed.row + 1, placed.col + 1
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
    for index, height in enumerate(printed.heights):
        ws.row_dimensions[top + index + 1].height = round(height, 2)
    if grid.heading_rows:
        ws.row_dimensions[top + 1].height = TITLE_HEIGHT
    if grid.heading_rows > 1:
        ws.row_dimensions[top + 2].height = SUBTITLE_HEIGHT


def _print_setup(ws: Any, printed: Printed, top: int = 0) -> None:
    """A4 in the page's orientation, fit to its width, header rows as print titles, the computed breaks."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break

    page, grid = printed.page, printed.grid
    ws.page_setup.orientation = "landscape" if page.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    inch = 72.0
    ws.page_margins = PageMargins(
        left=page.margin_x / inch,
        right=page.margin_x / inch,
        top=page.margin_top / inch,
        bottom=page.margin_bottom / inch,
        header=0.3,
        footer=0.3,
    )
    if grid.repeat is not None:
        ws.print_title_rows = f"{top + grid.repeat.start + 1}:{top + grid.repeat.stop}"
    for row in printed.breaks:
        ws.row_breaks.append(Break(id=top + row))  # a break after sheet row ``top + row``


def _sheet(
    wb: Any, title: str, grid: Grid, options: Options, above: float, top: int = 0
) -> tuple[Any, Printed]:
    ws = wb.create_sheet(title)
    page = choose_page([grid], options.orientation, BODY)
    printed = lay_out(grid, page, BODY, above=above)
    _write_grid(ws, printed, top)
    _print_setup(ws, printed, top)
    return ws, printed


def write_xlsx(results: list[EvaluationResult], path: str | Path, options: Options | None = None) -> None:
    from openpyxl import Workbook

    options = options or Options()
    results = [official(r) for r in results]
    wb = Workbook()
    wb.properties.creator = MADE_BY  # an import knows these 得分 are computed, not a clerk's
    used: set[str] = set()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for index, result in enumerate(results):
        grid = build(result)
        above = TITLE_HEIGHT + (SUBTITLE_HEIGHT if grid.heading_rows > 1 else 0.0)
        _sheet(wb, _sheet_title(result.name or safe_stem(result, index), used), grid, options, above)
    if len(results) > 1:
        _summary_sheet(wb, results, options)
    if options.findings:
        _findings_sheet(wb, results, options)
    # built in memory, then written at once: a failed write raises one OSError (openpyxl writing to the
    # file itself left a half-closed zip whose destructor printed a second traceback)
    buffer = io.BytesIO()
    wb.save(buffer)
    Path(path).write_bytes(reproducible(buffer.getvalue(), source_time(r.file for r in results)))


def _title_row(ws: Any, text: str, ncols: int) -> None:
    styles = _styles()
    cell = ws.cell(row=1, column=1, value=text)
    cell.font, cell.alignment = styles["title"][0], styles["title"][1]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = TITLE_HEIGHT


def _notes(ws: Any, printed: Printed, lines: list[str]) -> None:
    """Lines below a table, each merged across it and wrapped (text running past the last column would
    widen what prints and shrink the page)."""
    font, align, _, _ = _styles()["note"]
    width = sum(printed.widths)
    row = ws.max_row + 1
    for text in lines:
        cell = ws.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, align
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=printed.grid.ncols)
        ws.row_dimensions[row].height = BODY.row_height(line_count(text, BODY.room(width), BODY.narrow))
        row += 1


def _summary_sheet(wb: Any, results: list[EvaluationResult], options: Options) -> None:
    from scoring.render.batch_summary import footer, rows_of

    grid = summary_grid(results, findings=options.findings)
    ws, printed = _sheet(wb, "汇总", grid, options, above=TITLE_HEIGHT, top=1)
    _title_row(ws, "绩效自评汇总", grid.ncols)
    _notes(ws, printed, [footer(rows_of(results)) + "。"])


def _findings_sheet(wb: Any, results: list[EvaluationResult], options: Options) -> None:
    from scoring.domain.numbers import fmt_as_written

    grid = findings_grid(results)
    ws, printed = _sheet(wb, FINDINGS_PART, grid, options, above=TITLE_HEIGHT, top=1)
    _title_row(ws, FINDINGS_PART, grid.ncols)
    notes = []
    for result in results:
        line = evaluation_file(result.name, result.file)
        if result.reported_total is not None:
            line += "：" + reported_total_note(fmt_as_written(result.reported_total))
        notes.append(line + "。")
    _notes(ws, printed, notes)
