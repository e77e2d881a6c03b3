"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) through python-calamine: every visible sheet as a ``Grid``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoring.io.documents.grid import Grid, Origin
from scoring.io.documents.problems import Problem, unreadable
from scoring.io.documents.styles import ods_layout, xlsx_creator, xlsx_percent

MAX_CELLS = 200_000
"""A sheet larger than this (rows × columns) is a data dump, not a 自评表 (which has a few hundred rows):
it is named in a problem and not read, so a 10 MB workbook is answered in seconds."""


def read_workbook(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    """Every visible sheet of a workbook, in order (raises InputError when it cannot be opened)."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

    suffix = path.suffix.lower()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise unreadable(
            display,
            "文件有密码保护，无法读取；请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿）"
            "后另存为 .xlsx",
        ) from exc
    except Exception as exc:  # calamine's own errors (zip, xml, cfb) name no cell a clerk could fix
        raise unreadable(
            display,
            f"无法作为{_KIND.get(suffix, '表格')}读取（{exc}）；请在 Excel 或 WPS 中打开后另存为 .xlsx",
        ) from exc
    grids: list[Grid] = []
    problems: list[Problem] = []
    ods = ods_layout(path) if suffix in {".ods", ".fods"} else None
    made_by = xlsx_creator(path) if suffix in {".xlsx", ".xlsm"} else ""
    try:
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            origin = Origin(display, sheet=meta.name)
            if sheet.height * sheet.width > MAX_CELLS:
                problems.append(
                    Problem(
                        f"工作表有 {sheet.height} 行 × {sheet.width} 列，远大于自评表（通常几十到几百行），"
                        "未读取；"
                        "如其中确有自评表，请将它复制到单独的工作表或文件",
                        origin.label,
                    )
                )
                continue
            rows = sheet.to_python(skip_empty_area=False)
            if ods is not None:
                merges, percent_cells = ods.get(meta.name, ([], set()))
                grid = Grid(origin, rows, merges=merges)
                if percent_cells:
                    grid.percent = _member(percent_cells)
            else:
                merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
                grid = Grid(origin, rows, merges=merges)
                if suffix in {".xlsx", ".xlsm"}:
                    grid.percent = xlsx_percent(path, meta.name)
            grid.made_by = made_by
            grids.append(grid)
    finally:
        workbook.close()
    return grids, problems


def _member(cells: set[tuple[int, int]]) -> Callable[[int, int], bool]:
    return lambda row, col: (row, col) in cells


_KIND = {
    ".xlsx": " Excel 表格",
    ".xlsm": " Excel 表格",
    ".xls": " Excel 97–2003 表格",
    ".ods": " OpenDocument 表格",
}
