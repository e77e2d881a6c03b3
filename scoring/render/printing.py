"""Print setup shared by the docx and xlsx writers: the A4 page and its orientation, balanced column
widths, row heights, and where the pages break.

A table prints as the official one does: the header rows again at the top of every page, rows never split,
and a merged 一级/二级 cell that a page break cuts is printed again, with its label, on the next page. For
that the writers fix every row's height to what its text needs (the heights below are never less), so the
page breaks fall where they are computed here, in Word, WPS and LibreOffice alike.

Widths are counted in cells of the body font — a CJK character (and any symbol of ambiguous width, which a
CJK font draws wide) is two cells, a digit or Latin letter a little more than one (宋体 draws it one, the
fonts that stand in for 宋体 elsewhere a little wider) — and laid out in points.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from scoring.domain.vocabulary import NO_LINE_START, Orientation
from scoring.render.layout import Grid, Placed

CM = 72 / 2.54
"""Points in a centimetre."""


@dataclass(frozen=True)
class Page:
    """An A4 page and its margins, in points."""

    landscape: bool = False
    margin_x: float = 1.8 * CM
    margin_top: float = 2.0 * CM
    margin_bottom: float = 2.0 * CM

    @property
    def width(self) -> float:
        return (29.7 if self.landscape else 21.0) * CM

    @property
    def height(self) -> float:
        return (21.0 if self.landscape else 29.7) * CM

    @property
    def usable_width(self) -> float:
        return self.width - 2 * self.margin_x

    @property
    def usable_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


@dataclass(frozen=True)
class Body:
    """The table's body font and the room around a cell's text, in points."""

    size: float = 9.0  # 小五
    line: float = 12.0  # one line of text (docx sets it exactly; xlsx rows are sized by it)
    pad_x: float = 0.1 * CM  # cell margin left and right
    pad_y: float = 1.5  # cell margin top and bottom
    rule: float = 0.5  # a border
    narrow: float = 1.0  # cells a digit or Latin letter takes (1: 宋体 and Times New Roman)
    slack: float = 0.0  # room a page keeps free for what the heights do not count (docx: table joins)

    @property
    def cell(self) -> float:
        """One cell (half an em) in points."""
        return self.size / 2

    def room(self, width: float) -> int:
        """Cells of text that fit on one line of a column ``width`` points wide."""
        return max(int((width - 2 * self.pad_x - self.rule) / self.cell + 1e-9), 2)

    def row_height(self, lines: int) -> float:
        return lines * self.line + 2 * self.pad_y + self.rule


# --- measuring text ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[!-~]+|\s|.", re.S)
"""A run of printable ASCII (a number, 2023, B/A, a Latin word) breaks as one piece; CJK breaks anywhere."""


_WIDE_LATIN = frozenset("%‰@MW")
GAP = 0.5
"""Cells Word, WPS and LibreOffice put between a CJK character and a Latin letter or digit beside it
(autospace: a quarter em), as in 2023年9月."""


def cells(text: str, narrow: float = 1.0) -> float:
    """The width of ``text`` in cells: wide and ambiguous characters (≥ “ ×) and %, two; a capital, 1.4;
    any other digit, letter or sign ``narrow`` (1 in 宋体 and Times New Roman); the autospace between CJK
    and Latin text, ``GAP``."""
    width = sum(_char_cells(ch, narrow) for ch in text)
    return width + GAP * sum(_spaced(a, b) for a, b in itertools.pairwise(text))


def _char_cells(ch: str, narrow: float) -> float:
    if ch in _WIDE_LATIN or unicodedata.east_asian_width(ch) in "WFA":
        return 2.0
    return max(1.4, narrow) if "A" <= ch <= "Z" else narrow


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _spaced(left: str, right: str) -> bool:
    """Whether autospace separates two neighbours: an ideograph and an ASCII letter or digit."""
    return (_ideograph(left) and right.isascii() and right.isalnum()) or (
        _ideograph(right) and left.isascii() and left.isalnum()
    )


def longest_line(text: str, narrow: float = 1.0) -> int:
    return math.ceil(max((cells(line, narrow) for line in text.split("\n")), default=0))


MEASURED = 4_000
"""Characters of a cell measured token by token; a longer text (a pasted document, a hostile file's 1 MB
name) runs over pages whatever its exact count, and is counted as if every character were wide."""


def line_count(text: str, room: int, narrow: float = 1.0) -> int:
    """Lines ``text`` takes in a column of ``room`` cells (explicit line breaks kept)."""
    room = max(room, 2)
    if len(text) > MEASURED:  # linear and quick: an upper bound, never fewer lines than it takes
        return math.ceil(2 * len(text) / room) + text.count("\n")
    return sum(_wrapped(line, room, narrow) for line in text.split("\n"))


def _wrapped(text: str, room: int, narrow: float) -> int:
    lines, used, last = 1, 0.0, 0.0
    previous = ""
    for token in _TOKEN.findall(text):
        width = cells(token, narrow)
        gap = GAP if previous and _spaced(previous[-1], token[0]) else 0.0
        previous = token
        if used + gap + width <= room:
            used, last = used + gap + width, width
            continue
        if width > room:  # a long Latin run is broken anywhere
            spill = width - (room - used)
            lines += math.ceil(spill / room)
            used = spill % room or room
        elif token[0] in NO_LINE_START and used > last:
            lines += 1
            used = last + width
        else:
            lines += 1
            used = width
        last = width
    return lines


# --- orientation and column widths ------------------------------------------------------------------------


def _needs(grid: Grid, body: Body) -> tuple[list[int], list[int]]:
    """Each column's least and wished-for width in cells, from its spec and the text of its cells.

    A number, a header line and a 总分 line are never broken, so they set the least; any text asks for its
    longest line (capped: long text wraps).
    """
    least = [col.min for col in grid.columns]
    wish = list(least)
    spanning: list[tuple[Placed, int]] = []
    for placed in grid.cells:
        if placed.row < grid.heading_rows or not placed.cell.text:
            continue
        cell = placed.cell
        unbroken = cell.style in {"head", "num", "total"}
        longest = longest_line(cell.text, body.narrow)
        if cell.colspan > 1:
            if unbroken:
                spanning.append((placed, longest))
            continue
        if unbroken:
            least[placed.col] = max(least[placed.col], longest)
        wish[placed.col] = max(wish[placed.col], min(longest, 40))
    pad = math.floor(_pad_cells(body))  # the margins and border between two spanned columns
    for placed, longest in spanning:
        span = range(placed.col, placed.col + placed.cell.colspan)
        short = longest - sum(least[c] for c in span) - pad * (len(span) - 1)
        if short > 0:
            least[span[-1]] += short
    return least, [max(w, low) for w, low in zip(wish, least, strict=True)]


def _pad_cells(body: Body) -> float:
    return (2 * body.pad_x + body.rule) / body.cell


def fits(grid: Grid, page: Page, body: Body) -> bool:
    """Whether the grid's columns, each at its least width, fit across the page."""
    least, _ = _needs(grid, body)
    return (sum(least) + len(least) * _pad_cells(body)) * body.cell <= page.usable_width


def choose_page(grids: Sequence[Grid], orientation: Orientation, body: Body) -> Page:
    """Portrait when every grid fits A4 portrait (or when asked), landscape otherwise (or when asked)."""
    if orientation == "auto":
        portrait = Page()
        return portrait if all(fits(g, portrait, body) for g in grids) else Page(landscape=True)
    return Page(landscape=orientation == "landscape")


def widths(grid: Grid, usable: float, body: Body) -> list[float]:
    """Column widths in points filling ``usable``, balanced: from each column's least width, a character
    at a time goes to the column where it saves the most lines of the table; what no column needs goes to
    the text columns (their ``grow``). Columns that cannot all have their least share it in proportion."""
    least, wish = _needs(grid, body)
    room = usable / body.cell - len(least) * _pad_cells(body)
    if sum(least) > room:
        chosen = [low * room / sum(least) for low in least]
    else:
        chosen = [float(w) for w in _balanced(grid, least, wish, int(room), body.narrow)]
        spare = room - sum(chosen)
        grow = [col.grow for col in grid.columns]
        weights = grow if any(grow) else [1] * len(grow)
        chosen = [w + spare * g / sum(weights) for w, g in zip(chosen, weights, strict=True)]
    return [(c + _pad_cells(body)) * body.cell for c in chosen]


def _balanced(grid: Grid, least: list[int], wish: list[int], room: int, narrow: float) -> list[int]:
    """Widths that make the table take few lines.

    Two greedy passes — widening from the least widths the column that saves the most lines per cell it
    costs, and narrowing from the wished-for widths the column that adds the fewest lines per cell it frees
    — and the better of the two, then width moved between two columns while that saves lines.
    """
    up = _widened(_Lines(grid, least, narrow), wish, room)
    down = _narrowed(_Lines(grid, wish, narrow), least, room)
    table = up if up.total() <= down.total() else down
    for _ in range(50):
        move: tuple[int, dict[int, int]] = (0, {})
        for col in table.by_col:
            for width in table.steps(col, wish[col]):
                cost = width - table.widths[col]
                for donor, have in enumerate(table.widths):
                    if donor != col and have - cost >= least[donor]:
                        trial = {col: width, donor: have - cost}
                        change = table.change(trial)
                        if change < move[0]:
                            move = (change, trial)
        if not move[1]:
            break
        for col, width in move[1].items():
            table.widths[col] = width
    return table.widths


def _widened(table: _Lines, wish: list[int], room: int) -> _Lines:
    while True:
        budget = room - sum(table.widths)
        best: tuple[float, int, int] = (0.0, -1, 0)
        for col in table.by_col:
            for width in table.steps(col, min(wish[col], table.widths[col] + budget)):
                rate = -table.change({col: width}) / (width - table.widths[col])
                if rate > best[0]:
                    best = (rate, col, width)
        if best[1] < 0:
            return table
        table.widths[best[1]] = best[2]


def _narrowed(table: _Lines, least: list[int], room: int) -> _Lines:
    while sum(table.widths) > room:
        best: tuple[float, int, int] = (float("inf"), -1, 0)
        for col, have in enumerate(table.widths):
            for width in range(least[col], have):
                rate = table.change({col: width}) / (have - width)
                if rate < best[0] or (rate == best[0] and width < best[2]):
                    best = (rate, col, width)
        if best[1] < 0:
            break
        table.widths[best[1]] = max(best[2], table.widths[best[1]] - (sum(table.widths) - room))
    return table


class _Lines:
    """The lines each row of a grid takes at given column widths (cells of one column and one row)."""

    def __init__(self, grid: Grid, widths: list[int], narrow: float) -> None:
        self.widths = list(widths)
        self.narrow = narrow
        self.by_col: dict[int, list[Placed]] = {}
        for placed in grid.cells:
            if placed.row >= grid.heading_rows and placed.cell.colspan == 1 and placed.cell.rowspan == 1:
                self.by_col.setdefault(placed.col, []).append(placed)
        self.rows: dict[int, dict[int, str]] = {}
        for col, cells_ in self.by_col.items():
            for p in cells_:
                self.rows.setdefault(p.row, {})[col] = p.cell.text

    def _row(self, row: int, widths: dict[int, int]) -> int:
        texts = self.rows[row]
        return max(
            _lines(text, widths.get(col, self.widths[col]), self.narrow) for col, text in texts.items()
        )

    def change(self, widths: dict[int, int]) -> int:
        """How many lines the table gains (negative: saves) with these columns at these widths."""
        rows = {p.row for col in widths for p in self.by_col.get(col, [])}
        return sum(self._row(row, widths) - self._row(row, {}) for row in rows)

    def steps(self, col: int, top: int) -> set[int]:
        """The widths up to ``top`` at which one of the column's cells first takes a line less."""
        found = set()
        now = self.widths[col]
        for p in self.by_col.get(col, []):
            lines = _lines(p.cell.text, now, self.narrow)
            step = next(
                (w for w in range(now + 1, top + 1) if _lines(p.cell.text, w, self.narrow) < lines), 0
            )
            if step:
                found.add(step)
        return found

    def total(self) -> int:
        return sum(self._row(row, {}) for row in self.rows)


@lru_cache(maxsize=4096)
def _lines(text: str, room: int, narrow: float) -> int:
    return line_count(text, room, narrow)


# --- row heights and page breaks --------------------------------------------------------------------------


def heights(grid: Grid, col_widths: Sequence[float], body: Body) -> list[float]:
    """Each grid row's height in points (heading rows included, as one line): its tallest cell, and a merged
    cell's lines spread over the rows it spans."""
    rows = [body.row_height(1) for _ in range(grid.nrows)]
    merged: list[tuple[Placed, float]] = []
    for placed in grid.cells:
        cell = placed.cell
        width = sum(col_widths[placed.col : placed.col + cell.colspan])
        need = body.row_height(line_count(cell.text, body.room(width), body.narrow))
        if cell.rowspan == 1:
            rows[placed.row] = max(rows[placed.row], need)
        else:
            merged.append((placed, need))
    for placed, need in merged:
        span = range(placed.row, placed.row + placed.cell.rowspan)
        short = need - sum(rows[r] for r in span)
        if short > 0:
            for r in span:
                rows[r] += short / len(span)
    return rows


def page_breaks(
    row_heights: Sequence[float], first: float, later: float, repeat: range | None = None
) -> list[int]:
    """The rows that begin a new page.

    ``first`` and ``later`` are the room for rows on the first and on every later page; once the ``repeat``
    rows (the indicator header) have been printed, every later page gives them room at its top. A page
    never ends with the header rows alone: the break moves up to before them.
    """
    repeated = sum(row_heights[r] for r in repeat) if repeat is not None else 0.0
    breaks: list[int] = []
    room, used = first, 0.0
    for index, height in enumerate(row_heights):
        if used + height <= room or used == 0:
            used += height
            continue
        start = index
        if repeat is not None and repeat.start < index <= repeat.stop and repeat.start not in breaks:
            start = repeat.start
        elif index == len(row_heights) - 1 and index - 1 not in breaks and index - 1 >= _after(repeat):
            start = index - 1  # the 总分 row never stands alone on a page
        breaks.append(start)
        room = later - (repeated if repeat is not None and start > repeat.start else 0.0)
        used = sum(row_heights[start : index + 1])
    return breaks


def _after(repeat: range | None) -> int:
    return -1 if repeat is None else repeat.stop


def split_at(grid: Grid, breaks: Sequence[int]) -> Grid:
    """The grid with every merged cell that a break cuts split there, its label repeated below the break."""
    cells: list[Placed] = []
    for placed in grid.cells:
        cell = placed.cell
        cuts = [b for b in breaks if placed.row < b < placed.row + cell.rowspan]
        if not cuts:
            cells.append(placed)
            continue
        edges = [placed.row, *cuts, placed.row + cell.rowspan]
        for top, bottom in itertools.pairwise(edges):
            cells.append(Placed(top, placed.col, replace(cell, rowspan=bottom - top)))
    return replace(grid, cells=cells, _taken=set())


@dataclass(frozen=True)
class Printed:
    """A grid ready to print: its page, column widths and row heights, and the rows that begin a page."""

    grid: Grid
    page: Page
    widths: list[float]
    heights: list[float]
    breaks: list[int]


def lay_out(grid: Grid, page: Page, body: Body, above: float = 0.0) -> Printed:
    """Widths, heights and page breaks of ``grid`` on ``page``; ``above``: what the first page prints above
    the table (the title). Merged cells cut by a break are split, which may make rows taller and move a
    later break, so this settles in a few rounds."""
    col_widths = widths(grid, page.usable_width, body)
    first, later = page.usable_height - above - body.slack, page.usable_height - body.slack
    split, breaks = grid, list[int]()
    for _ in range(4):
        row_heights = heights(split, col_widths, body)
        found = page_breaks(row_heights[grid.heading_rows :], first, later, _body_range(grid))
        found = [b + grid.heading_rows for b in found]
        if found == breaks:
            break
        breaks = found
        split = split_at(grid, breaks)
    return Printed(split, page, col_widths, heights(split, col_widths, body), breaks)


def _body_range(grid: Grid) -> range | None:
    if grid.repeat is None:
        return None
    return range(grid.repeat.start - grid.heading_rows, grid.repeat.stop - grid.heading_rows)
