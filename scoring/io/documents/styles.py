"""What python-calamine does not tell: which number cells are shown as percentages (xlsx, ods) and where
an OpenDocument sheet merges cells.

A clerk who types 95% into Excel stores 0.95 with a percent format; read as the bare number it would be
a different 年度指标值 and a false 执行率 mismatch. These look-ups read only the parts of the file they
need, and only when a number cell in such a column is met.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTR_R = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_ATTR_S = re.compile(rb'\bs="([0-9]+)"')

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _percent_styles(book: zipfile.ZipFile) -> set[int]:
    """The cell-format indices (``s``) whose number format shows a percentage."""
    try:
        root = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {
        int(fmt.get("numFmtId", "-1")): _QUOTED.sub("", fmt.get("formatCode", ""))
        for fmt in root.iter(f"{MAIN}numFmt")
    }
    found: set[int] = set()
    cell_xfs = root.find(f"{MAIN}cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
        number = int(xf.get("numFmtId", "0"))
        if number in _BUILTIN_PERCENT or "%" in custom.get(number, ""):
            found.add(index)
    return found


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{REL}id") for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == sheet), None)
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(
        (r.get("Target") for r in rels.iter(f"{PKG_REL}Relationship") if r.get("Id") == rel_id), None
    )
    if target is None:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath("xl") / target)


def _xlsx_percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    try:
        with zipfile.ZipFile(path) as book:
            styles = _percent_styles(book)
            part = _sheet_part(book, sheet) if styles else None
            data = book.read(part) if part else b""
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return set()
    found: set[tuple[int, int]] = set()
    wanted = {str(s).encode() for s in styles}
    for match in _CELL.finditer(data):
        attrs = match.group(1)
        style = _ATTR_S.search(attrs)
        if style is None or style.group(1) not in wanted:
            continue
        where = _ATTR_R.search(attrs)
        if where is not None:
            found.add((int(where.group(2)) - 1, _column(where.group(1))))
    return found


def xlsx_percent(path: Path, sheet: str) -> Callable[[int, int], bool]:
    """Whether a cell (0-based row, column) of ``sheet`` has a percent format; read on first question."""

    @cache
    def cells() -> set[tuple[int, int]]:
        return _xlsx_percent_cells(path, sheet)

    return lambda row, col: (row, col) in cells()


TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def ods_layout(path: Path) -> dict[str, tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]]:
    """Each sheet's merged areas (r0, c0, r1, c1) and percentage cells, from content.xml."""
    found: dict[str, tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]] = {}
    try:
        with zipfile.ZipFile(path) as book:
            root = ElementTree.fromstring(book.read("content.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return found
    for table in root.iter(f"{TABLE}table"):
        merges: list[tuple[int, int, int, int]] = []
        percent: set[tuple[int, int]] = set()
        row = 0
        for row_element in table.iter(f"{TABLE}table-row"):
            rows = int(row_element.get(f"{TABLE}number-rows-repeated", "1"))
            col = 0
            for cell in row_element:
                if cell.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
                across = int(cell.get(f"{TABLE}number-columns-spanned", "1"))
                down = int(cell.get(f"{TABLE}number-rows-spanned", "1"))
                if across > 1 or down > 1:
                    merges.append((row, col, row + down - 1, col + across - 1))
                if cell.get(f"{OFFICE}value-type") == "percentage":
                    percent.add((row, col))
                col += repeat
            row += rows
        found[table.get(f"{TABLE}name", "")] = (merges, percent)
    return found


_CREATOR = re.compile(rb"<dc:creator[^>]*>([^<]*)</dc:creator>")


def xlsx_creator(path: Path) -> str:
    """Who wrote the workbook (docProps/core.xml), when it says."""
    try:
        with zipfile.ZipFile(path) as book:
            data = book.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    match = _CREATOR.search(data)
    return match.group(1).decode("utf-8", "replace").strip() if match else ""
