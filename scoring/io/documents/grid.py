"""A table as read from a document: cells on a grid, merged areas, and where every cell came from.

Every reader (spreadsheets, Word, PDF) produces ``Grid``s; the layout recognition reads only these. A cell
reference is said the way a reviewer finds it again: ``工作表「项目自评」C14``, ``表 3 第 7 行``,
``第 42 页 表 1 第 7 行``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (spreadsheet column names)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def number_text(value: float | int) -> str:
    """A stored number as Excel shows it in General format (at most 15 significant digits): 85.87, 5."""
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if len(text) > 17 or "e" in text or "inf" in text or "nan" in text:
        text = f"{Decimal(f'{value:.15g}'):f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text in ("-0", "") else text


def value_text(value: Any) -> str:
    """What a spreadsheet cell shows: numbers as in General format, dates as 2023年9月30日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


@dataclass(frozen=True, slots=True)
class Origin:
    """The table a cell came from: a worksheet, the n-th table of a Word document, a table on a PDF page."""

    file: str
    sheet: str | None = None
    table: int | None = None  # 1-based, among the document's tables (Word) or the page's (PDF)
    page: int | None = None  # 1-based

    @property
    def label(self) -> str:
        if self.sheet is not None:
            return f"工作表「{self.sheet}」"
        if self.page is not None:
            return f"第 {self.page} 页 表 {self.table}"
        return f"表 {self.table}"

    def cell(self, row: int, col: int | None = None) -> str:
        """A cell (``C14``, ``表 3 第 7 行第 2 列``) or, without a column, a row; row and col 0-based."""
        if self.sheet is not None:
            if col is None:
                return f"{self.label}第 {row + 1} 行"
            return f"{self.label}{column_letter(col)}{row + 1}"
        text = f"{self.label} 第 {row + 1} 行"
        return text if col is None else f"{text}第 {col + 1} 列"

    def span(self, first: tuple[int, int], last: tuple[int, int]) -> str:
        """A range of cells: ``工作表「项目自评」A1:I34`` or ``表 3 第 1–34 行``."""
        if self.sheet is not None:
            start = f"{column_letter(first[1])}{first[0] + 1}"
            return f"{self.label}{start}:{column_letter(last[1])}{last[0] + 1}"
        return f"{self.label} 第 {first[0] + 1}–{last[0] + 1} 行"


@dataclass
class Grid:
    """Cells on a rows × columns grid. A merged area keeps its value at its top-left cell (its anchor);
    ``text`` of any cell inside the area gives the anchor's text.

    ``cells`` holds what the reader found: text, or for spreadsheets the stored number or date (shown as
    text only when asked). Rows of a table that goes on on the next PDF page are appended to the first
    part (``extend``), so each row remembers where it came from (``rows``).
    """

    origin: Origin
    cells: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1), inclusive
    before: list[str] = field(default_factory=list)  # text lines above the table (titles, 年度)
    gap: int = 0  # characters of text between the previous table and this one (Word, PDF)
    after: list[str] = field(default_factory=list)  # text lines right under the table (注：…)
    percent: Callable[[int, int], bool] | None = None  # is a number cell (sheet row, col) a percentage?
    made_by: str = ""  # the program that wrote the file, when it says ("jixiao": its 得分 are computed)
    rows: list[tuple[Origin, int]] = field(default_factory=list)
    ncols: int = 0
    _cover: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _span: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _texts: dict[tuple[int, int], str] = field(default_factory=dict)  # numbers and dates as shown

    def __post_init__(self) -> None:
        self.ncols = max((len(row) for row in self.cells), default=0)
        for row in self.cells:
            if len(row) < self.ncols:
                row.extend([""] * (self.ncols - len(row)))
        if not self.rows:
            self.rows = [(self.origin, r) for r in range(len(self.cells))]
        merges, self.merges = self.merges, []
        for area in merges:
            self.merge(*area)

    @property
    def nrows(self) -> int:
        return len(self.cells)

    def merge(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """Record a merged area (clipped to the grid); cells inside it other than the anchor are covered."""
        r1, c1 = min(r1, self.nrows - 1), min(c1, self.ncols - 1)
        if r1 < r0 or c1 < c0 or (r0 == r1 and c0 == c1) or (r0, c0) in self._cover:
            return
        self.merges.append((r0, c0, r1, c1))
        self._span[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    self._cover[(r, c)] = (r0, c0)

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        """The top-left cell of the merged area that holds (row, col), or the cell itself."""
        return self._cover.get((row, col), (row, col))

    def is_anchor(self, row: int, col: int) -> bool:
        return (row, col) not in self._cover

    def span(self, row: int, col: int) -> tuple[int, int]:
        """(rows, columns) an anchor covers."""
        return self._span.get((row, col), (1, 1))

    def text(self, row: int, col: int) -> str:
        r, c = self._cover.get((row, col), (row, col)) if self._cover else (row, col)
        value = self.cells[r][c]
        if value.__class__ is str:
            return value
        text = self._texts.get((r, c))
        if text is None:
            text = self._texts[(r, c)] = value_text(value)
        return text

    def number(self, row: int, col: int) -> Decimal | None:
        """The number a spreadsheet cell stores (None for text, even text that reads as a number)."""
        r, c = self._cover.get((row, col), (row, col)) if self._cover else (row, col)
        value = self.cells[r][c]
        if value.__class__ is str or isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return Decimal(number_text(value))

    def is_percent(self, row: int, col: int) -> bool:
        """A number cell shown as a percentage (0.0568 shown 5.68%); spreadsheets only."""
        if self.percent is None:
            return False
        r, c = self._cover.get((row, col), (row, col)) if self._cover else (row, col)
        value = self.cells[r][c]
        if value.__class__ is str or isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return self.percent(r, c)

    def ref(self, row: int, col: int | None = None) -> str:
        """Where a cell (or, without a column, a row) is in its document."""
        if col is not None:
            row, col = self.anchor(row, col)
        origin, source_row = self.rows[row]
        return origin.cell(source_row, col)

    def range_ref(self, first: int, last: int, left: int = 0, right: int | None = None) -> str:
        """Rows ``first``..``last``, columns ``left``..``right``: ``工作表「项目自评」A1:I34``."""
        origin, start = self.rows[first]
        end_origin, end = self.rows[last]
        right = self.ncols - 1 if right is None else right
        if end_origin != origin:
            return f"{origin.span((start, left), (start, right))} 至 {end_origin.label}"
        return origin.span((start, left), (end, right))
