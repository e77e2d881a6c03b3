"""Finding 自评表 and 绩效目标表 in a document's grids by their Chinese headings, wherever they sit.

The grids are read top to bottom. A title (项目支出绩效自评情况表 …), a header label (项目名称 …) or an
indicator heading row starts a table (``Form``); heading rows switch the block being read (funds,
资金管理情况, goals, tasks, indicators) and the rows below are read by that heading's columns until the
next heading, a block label or the 总分 row. A table that goes on in the next Word table or on the next
PDF page is continued. Nothing here turns text into numbers: that is ``mapping``'s work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from scoring.domain.vocabulary import Kind
from scoring.io.documents.grid import Grid, Origin
from scoring.io.documents.headings import Block, Headings, assign, headings, key
from scoring.io.documents.problems import Problem

Mode = Literal["funds", "funds_values", "reviews", "goals", "tasks", "indicators", "after"]

Where = tuple[Origin, int, int | None]
"""A cell (or a row, without a column) as its document numbers it; picklable, said by ``say``."""


def say(where: Where) -> str:
    origin, row, col = where
    return origin.cell(row, col)


class At(NamedTuple):
    """A cell of a grid: its text and where it is."""

    grid: Grid
    row: int
    col: int

    @property
    def text(self) -> str:
        return self.grid.text(self.row, self.col).strip()

    @property
    def anchor_row(self) -> int:
        return self.grid.anchor(self.row, self.col)[0]

    @property
    def where(self) -> Where:
        row, col = self.grid.anchor(self.row, self.col)
        origin, source_row = self.grid.rows[row]
        return origin, source_row, col

    @property
    def ref(self) -> str:
        return say(self.where)


Row = dict[str, At]
"""One row of a block: field → the cell it was read from."""


@dataclass
class Form:
    """One table found: a 自评表 (or 绩效目标表) and the cells of each of its blocks."""

    kind: Kind | None = None
    targets: bool = False
    title: At | None = None
    title_lines: list[str] = field(default_factory=list)  # the title and 年度 lines above the table
    header: dict[str, At] = field(default_factory=dict)
    funds: Row | None = None
    sources: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)
    goals: list[Row] = field(default_factory=list)
    tasks: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    level_weights: list[tuple[str, At]] = field(default_factory=list)  # (一级, its 分值 cell)
    total: Row | None = None
    notes: list[str] = field(default_factory=list)  # lines under the table (注：…)
    headings: list[tuple[str, At, str]] = field(default_factory=list)  # (block, heading cell, field)
    problems: list[Problem] = field(default_factory=list)
    first: At | None = None
    last: At | None = None
    closed: bool = False  # its 总分 row was read

    left: int | None = None  # the columns the table takes on its grid (for its cell range)
    right: int = 0

    def touch(self, at: At) -> None:
        if self.first is None:
            self.first = at
        self.last = at
        self.left = at.col if self.left is None else min(self.left, at.col)
        self.right = max(self.right, at.col + at.grid.span(at.row, at.col)[1] - 1)

    @property
    def has_content(self) -> bool:
        return bool(self.indicators or self.funds or self.reviews or self.goals or self.header)

    @property
    def indicator_heading(self) -> At | None:
        return next((at for block, at, _name in self.headings if block == "indicators"), None)


_YEAR_LINE = re.compile(r"^[（(]?\s*[0-9]{4}\s*年度?\s*[）)]?$")
_DASHES = frozenset({"", "—", "——", "-", "--", "－", "/", "／", "— —", "\\"})
_LABEL_VALUE = re.compile(r"^\s*([^:：\n]{2,12})\s*[:：]\s*(.*)$", re.S)
_CONTINUE_GAP = 40  # characters of text between two tables beyond which the second starts afresh


def blank(text: str) -> bool:
    """Empty, or only a dash or slash a clerk puts in a cell that does not apply."""
    return text.strip() in _DASHES


class _Cells(NamedTuple):
    """The filled cells that start in one row, each (column, text, heading's normal form)."""

    row: int
    cells: list[tuple[int, str, str]]


def _row_cells(grid: Grid, row: int) -> _Cells:
    found = []
    cover = grid._cover
    for col, value in enumerate(grid.cells[row]):
        if value == "" or value is None or (cover and (row, col) in cover):
            continue
        if value.__class__ is str:
            text = value.strip()
            if text:
                found.append((col, text, key(text) if len(text) <= 40 else ""))
        else:  # a number or date: never a heading (its text as shown is made when a field reads it)
            found.append((col, str(value), ""))
    return _Cells(row, found)


class Scanner:
    """Reads grids in document order into ``forms``."""

    def __init__(self, words: Headings | None = None) -> None:
        self.h = words or headings()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.mode: Mode | None = None
        self.columns: dict[str, int] = {}
        self.lines: list[str] = []  # text above the grid being read (Word, PDF)

    def feed(self, grid: Grid, *, independent: bool) -> None:
        """Read one grid. ``independent``: a worksheet, which never continues the previous grid's table."""
        title = self._title_above(grid)
        form = self.form
        continues = (
            not independent
            and title is None
            and form is not None
            and not form.closed
            and form.has_content
            and grid.gap <= _CONTINUE_GAP
        )
        if not continues:
            self._close()
        self.lines = grid.before[-6:]
        if title is not None:
            self._start(title, None)
        for row in range(grid.nrows):
            cells = _row_cells(grid, row)
            if cells.cells:
                self._row(grid, cells)
        if self.form is not None and self.form.closed:
            self.form.notes.extend(grid.after[:4])
        if independent:
            self._close()

    def finish(self) -> list[Form]:
        self._close()
        return self.forms

    # --- tables starting and ending ---------------------------------------------------------------------

    def _title_above(self, grid: Grid) -> tuple[Kind, bool] | None:
        for line in reversed(grid.before[-6:]):
            title = self.h.title(line)
            if title is not None:
                return title.kind, title.targets
        return None

    def _start(self, title: tuple[Kind, bool] | None, at: At | None) -> Form:
        self._close()
        form = Form()
        if title is not None:
            form.kind, form.targets = title
        form.title = at
        form.title_lines = list(self.lines)
        self.lines = []
        if at is not None:
            form.touch(at)
        self.form, self.mode, self.columns = form, None, {}
        return form

    def _close(self) -> None:
        form = self.form
        if form is not None and (form.indicators or form.kind is not None or form.indicator_heading):
            self.forms.append(form)
        self.form, self.mode, self.columns = None, None, {}

    # --- one row ------------------------------------------------------------------------------------------

    def _row(self, grid: Grid, cells: _Cells) -> None:
        h = self.h
        words = h.words
        hits = sum(1 for _c, _t, word in cells.cells if word in words)
        col, first_text, first_word = cells.cells[0]
        if len(cells.cells) <= 2 and len(first_text) <= 60:
            title = h.title(first_text)
            if title is not None and first_word not in h.header:
                self._start((title.kind, title.targets), At(grid, cells.row, col))
                return
            if self.form is not None and _YEAR_LINE.match(first_text) and not self.form.has_content:
                self.form.title_lines.append(first_text)
                return
        colon = any(("：" in text or ":" in text) and len(text) < 60 for _c, text, _w in cells.cells)
        if (hits or colon) and self._header(grid, cells):
            return
        form = self.form
        if form is not None and first_word in h.total_rows and form.indicators:
            self._total(grid, cells)
            return
        if hits >= 2 and self._heading(grid, cells):
            return
        if form is None:
            return
        if hits and self._label(grid, cells):
            return
        self._data(grid, cells)

    def _header(self, grid: Grid, cells: _Cells) -> bool:
        """项目名称 / 主管部门 / 实施单位 / 年度 labels and the values beside them."""
        h = self.h
        found: list[tuple[str, At, At | None]] = []
        values = cells.cells
        for index, (col, text, word) in enumerate(values):
            name = h.header.get(word) or ("year" if word in h.year_labels else None)
            if name is not None:
                value = next(
                    (At(grid, cells.row, c) for c, _t, w in values[index + 1 :] if w not in h.header), None
                )
                found.append((name, At(grid, cells.row, col), value))
                continue
            match = _LABEL_VALUE.match(text) if ("：" in text or ":" in text) else None
            if match:
                label = key(match.group(1))
                name = h.header.get(label) or ("year" if label in h.year_labels else None)
                if name is not None:
                    found.append((name, At(grid, cells.row, col), At(grid, cells.row, col)))
        return bool(found) and self._header_found(found, len(values))

    def _header_found(self, found: list[tuple[str, At, At | None]], count: int) -> bool:
        h = self.h
        if self.mode == "indicators" and len(found) * 2 < count:
            return False
        form = self.form
        fresh = form is None or form.indicators or form.closed
        if not fresh and form is not None:
            fresh = any(name in form.header for name, _label, _value in found if name != "year")
        if fresh:
            form = self._start(None, None)
        assert form is not None
        for name, label, value in found:
            if name == "name" and form.kind is None and _label_word(label) in h.department_names:
                form.kind = "department"
            if value is not None:
                form.header[name] = value
                form.headings.append(("header", label, name))
            form.touch(label)
        self.mode = None
        return True

    def _total(self, grid: Grid, cells: _Cells) -> None:
        form = self.form
        assert form is not None
        col = cells.cells[0][0]
        row: Row = {"label": At(grid, cells.row, col)}
        columns = self.columns if self.mode == "indicators" else {}
        score_col, weight_col = columns.get("score"), columns.get("weight")
        others = [
            c
            for c, text, word in cells.cells[1:]
            if word not in self.h.grade_labels and not text.startswith("等级")
        ]
        if score_col is not None and grid.anchor(cells.row, score_col) == (cells.row, score_col):
            row["score"] = At(grid, cells.row, score_col)
        elif others:
            row["score"] = At(grid, cells.row, others[-1])
        if weight_col is not None and grid.anchor(cells.row, weight_col) == (cells.row, weight_col):
            row["weight"] = At(grid, cells.row, weight_col)
        form.total = row
        form.closed = True
        form.touch(row["label"])
        self.mode = "after"

    # --- heading rows ---------------------------------------------------------------------------------------

    def _heading(self, grid: Grid, cells: _Cells) -> bool:
        h = self.h
        keys = [(col, word) for col, _text, word in cells.cells if word]
        indicator = assign(keys, h.indicators.columns)
        if "level3" in indicator and ("target" in indicator or "weight" in indicator) and len(indicator) >= 3:
            self._indicator_heading(grid, cells, keys)
            return True
        if self.form is None or self.form.closed:
            return False
        words = {word for _col, word in keys}
        funds = assign(keys, h.funds.columns)
        if len({"initial", "annual", "executed", "rate"} & funds.keys()) >= 2:
            return self._block_heading("funds", grid, cells, funds)
        reviews = assign(keys, h.reviews.columns)
        if "note" in reviews and ("weight" in reviews or "score" in reviews):
            return self._block_heading("reviews", grid, cells, reviews)
        tasks = assign(keys, h.tasks.columns)
        if (words & h.tasks.labels or key("任务名称") in words) and len(tasks) >= 2:
            return self._block_heading("tasks", grid, cells, tasks)
        goals = assign(keys, h.goals.columns)
        if len(goals) >= 2 and ("expected" in goals or "name" in goals):
            return self._block_heading("goals", grid, cells, goals)
        return False

    def _block_heading(self, mode: Mode, grid: Grid, cells: _Cells, columns: dict[str, int]) -> bool:
        form = self.form
        assert form is not None
        self.mode, self.columns = mode, columns
        for name, col in columns.items():
            form.headings.append((mode, At(grid, cells.row, col), name))
        form.touch(At(grid, cells.row, cells.cells[0][0]))
        form.touch(At(grid, cells.row, cells.cells[-1][0]))
        return True

    def _indicator_heading(self, grid: Grid, cells: _Cells, keys: list[tuple[int, str]]) -> None:
        h = self.h
        if self.form is None or self.form.closed:
            self._start(None, None)
        form = self.form
        assert form is not None
        columns = assign(keys, h.indicators.columns)
        weights = [
            col for col, word in keys if any(f == "weight" for f, _r in h.indicators.columns.get(word, ()))
        ]
        if len(weights) >= 2 and "level1" in columns:
            # 一级指标 | 分值 | 二级指标 | 三级指标 … | 分值: the first 分值 is the 一级's (部门整体 layout)
            left = [col for col in weights if columns["level1"] < col < columns["level3"]]
            if left:
                columns = assign([(c, w) for c, w in keys if c != left[0]], h.indicators.columns)
                columns["level1_weight"] = left[0]
        repeated = self.mode == "indicators" and self.columns == columns
        self.mode, self.columns = "indicators", columns
        if repeated:
            return  # the heading printed again on the next page
        for name, col in columns.items():
            form.headings.append(("indicators", At(grid, cells.row, col), name))
        form.touch(At(grid, cells.row, cells.cells[0][0]))
        form.touch(At(grid, cells.row, cells.cells[-1][0]))

    # --- label rows -----------------------------------------------------------------------------------------

    def _label(self, grid: Grid, cells: _Cells) -> bool:
        """A block label alone (绩效指标, 年度绩效目标 with its text, 项目资金 with 年度资金总额：100 …)."""
        h = self.h
        form = self.form
        assert form is not None
        word = cells.cells[0][2]
        rest = cells.cells[1:]
        if word in h.goals.labels or word in h.tasks.labels:
            if rest and self.mode not in ("goals", "tasks"):
                # 年度绩效目标 | 目标1：…（a 目标表's goals in one cell)
                goals = word in h.goals.labels
                target = form.goals if goals else form.tasks
                at = At(grid, cells.row, rest[0][0])
                target.append({"expected" if goals else "content": at})
                form.touch(at)
                self.mode = None
                return True
            if not rest:
                self.mode = None
                return True
        if word in h.indicators.labels and not rest:
            if self.mode != "indicators":
                self.mode = None
            # else: the label printed again over the header rows that open the table's next page
            return True
        if word in h.funds.labels and self.mode != "funds":
            self.mode, self.columns = "funds_values", {}
            if rest:
                self._funds_values(grid, _Cells(cells.row, rest))
            return True
        return False

    # --- data rows ------------------------------------------------------------------------------------------

    def _data(self, grid: Grid, cells: _Cells) -> None:
        mode = self.mode
        if mode == "indicators":
            self._indicator(grid, cells)
        elif mode == "funds":
            self._funds(grid, cells)
        elif mode == "funds_values":
            self._funds_values(grid, cells)
        elif mode in ("reviews", "goals", "tasks"):
            self._item(mode, grid, cells)
        elif mode == "after" and self.form is not None and len(self.form.notes) < 4:
            self.form.notes.extend(text for _c, text, _w in cells.cells)

    def _name_left_of(self, grid: Grid, cells: _Cells, col: int, labels: frozenset[str]) -> At | None:
        """The row's own name: the rightmost filled cell starting in this row left of ``col``."""
        found = None
        for c, _text, word in cells.cells:
            if c >= col:
                break
            if word not in labels:
                found = At(grid, cells.row, c)
        return found

    def _funds(self, grid: Grid, cells: _Cells) -> None:
        form = self.form
        assert form is not None
        h = self.h
        label = self._name_left_of(
            grid, cells, min(self.columns.values()), h.funds.labels | {key("资金来源"), key("其中")}
        )
        row: Row = {}
        for name, col in self.columns.items():
            if grid.anchor(cells.row, col)[0] == cells.row:  # not a 分值 merged down from the total row
                row[name] = At(grid, cells.row, col)
        if label is None:
            if any(not blank(at.text) for at in row.values()):
                message = "资金情况中这一行有数字但没有名称（年度资金总额、财政拨款等），未读取"
                form.problems.append(Problem(message, grid.ref(cells.row)))
            return
        row["name"] = label
        form.touch(label)
        if key(label.text) in h.fund_totals and form.funds is None:
            form.funds = row
        elif any(not blank(row[name].text) for name in ("initial", "annual", "executed") if name in row):
            form.sources.append(row)
        # a source printed empty ("— —") is left out, as a clerk transcribing the table would

    def _funds_values(self, grid: Grid, cells: _Cells) -> None:
        """A 目标表's funds: 年度资金总额： | 100, 其中：财政拨款 | 80 (a name, then its amount)."""
        form = self.form
        assert form is not None
        values = cells.cells
        for index, (col, text, word) in enumerate(values[:-1]):
            if word in self.h.funds.labels or any(ch.isdigit() for ch in text):
                continue
            amount = At(grid, cells.row, values[index + 1][0])
            if blank(amount.text) or not any(ch.isdigit() for ch in amount.text):
                continue
            name = At(grid, cells.row, col)
            if word in self.h.fund_totals and form.funds is None:
                form.funds = {"name": name, "initial": amount}
            else:
                form.sources.append({"name": name, "initial": amount})
            form.touch(amount)

    def _item(self, mode: Mode, grid: Grid, cells: _Cells) -> None:
        form = self.form
        assert form is not None
        block: Block = {"reviews": self.h.reviews, "goals": self.h.goals, "tasks": self.h.tasks}[mode]
        row: Row = {name: At(grid, cells.row, col) for name, col in self.columns.items()}
        if mode == "reviews":
            label = self._name_left_of(grid, cells, self.columns["note"], block.labels)
            if label is None:
                if any(not blank(at.text) for at in row.values() if at.anchor_row == cells.row):
                    form.problems.append(
                        Problem("资金管理情况中这一行没有项目名称，未读取", grid.ref(cells.row))
                    )
                return
            row["name"] = label
            form.reviews.append(row)
        else:
            if "name" not in row:
                label = self._name_left_of(grid, cells, min(self.columns.values()), block.labels)
                if label is not None:
                    row["name"] = label
            if all(blank(at.text) or at.anchor_row != cells.row for at in row.values()):
                return
            (form.goals if mode == "goals" else form.tasks).append(row)
        form.touch(At(grid, cells.row, cells.cells[-1][0]))

    def _indicator(self, grid: Grid, cells: _Cells) -> None:
        form = self.form
        assert form is not None
        h = self.h
        present = {col: text for col, text, _word in cells.cells}
        row: Row = {name: At(grid, cells.row, col) for name, col in self.columns.items()}
        filled = {
            name for name, col in self.columns.items() if col in present and present[col] not in _DASHES
        }
        if not filled:
            return  # a spacer row, or one only covered by cells merged from above
        if any(word in h.subtotal_rows for _c, _t, word in cells.cells) and (
            "level3" not in filled or key(row["level3"].text) in h.subtotal_rows
        ):
            return  # 合计 / 小计
        if filled <= {"level1", "level2", "level1_weight"}:
            # a 一级 / 二级 heading row without an indicator of its own (some platforms print one)
            if "level1_weight" in filled and "level1" in row:
                form.level_weights.append((row["level1"].text, row["level1_weight"]))
            return
        form.indicators.append(row)
        form.touch(At(grid, cells.row, cells.cells[-1][0]))


def _label_word(at: At) -> str:
    match = _LABEL_VALUE.match(at.text)
    return key(match.group(1)) if match else key(at.text)


def recognise(grids: list[Grid], *, independent: bool) -> list[Form]:
    """The tables found in a document's grids, in order."""
    scanner = Scanner()
    for grid in grids:
        scanner.feed(grid, independent=independent)
    return scanner.finish()
