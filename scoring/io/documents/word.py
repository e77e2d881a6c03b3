"""Word documents (.docx) through python-docx: every table, in body order, with merged cells followed
through ``w:gridSpan`` (across) and ``w:vMerge`` (down), and the paragraphs above each table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.io.documents.grid import Grid, Origin
from scoring.io.documents.problems import Problem, unreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BEFORE_LINES = 8  # paragraphs kept above a table (its title, 年度, 单位)


def _text(element: Any) -> str:
    """The text of a paragraph or a cell: runs joined, breaks and paragraphs as new lines."""
    parts: list[str] = []
    for paragraph in element.iterchildren(f"{W}p") if element.tag == f"{W}tc" else [element]:
        if parts:
            parts.append("\n")
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab", f"{W}noBreakHyphen"):
            tag = node.tag
            if tag == f"{W}t":
                parts.append(node.text or "")
            elif tag == f"{W}tab":
                parts.append(" ")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            else:
                parts.append("\n")
    return "".join(parts)


def _int(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return int(found.get(f"{W}val", default))
    except ValueError:
        return default


def _grid(table: Any, origin: Origin, before: list[str], gap: int) -> Grid:
    rows = table.findall(f"{W}tr")
    widths = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    cells: list[list[str]] = []
    areas: dict[tuple[int, int], list[int]] = {}  # anchor → [last row, last column]
    open_down: dict[int, tuple[int, int]] = {}  # column → anchor of a vertical merge still going on
    for r, tr in enumerate(rows):
        texts: list[str] = []
        col = _int(tr, f"{W}trPr/{W}gridBefore", 0)
        texts.extend([""] * col)
        for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
            if tc.tag == f"{W}sdt":  # a content control around a cell
                inner = tc.find(f"{W}sdtContent/{W}tc")
                if inner is None:
                    continue
                tc = inner
            span = _int(tc, f"{W}tcPr/{W}gridSpan", 1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continuing = merge is not None and merge.get(f"{W}val", "continue") != "restart"
            if continuing and col in open_down:
                anchor = open_down[col]
                areas[anchor][0] = r
                texts.extend([""] * span)
            else:
                texts.append(_text(tc))
                texts.extend([""] * (span - 1))
                areas[(r, col)] = [r, col + span - 1]
                if merge is not None:
                    open_down[col] = (r, col)
                else:
                    open_down.pop(col, None)
            col += span
        cells.append(texts)
    width = max([widths, *(len(row) for row in cells)]) if cells else 0
    for row in cells:
        row.extend([""] * (width - len(row)))
    merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in areas.items() if r1 > r0 or c1 > c0]
    return Grid(origin, cells, merges=merges, before=before, gap=gap)


def read_docx(path: Path, display: str) -> tuple[list[Grid], list[Problem], list[str]]:
    """Every table of the document in order (tables nested in a cell are not read on their own), and the
    text of the paragraphs outside the tables, in order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise unreadable(
            display, f"无法作为 Word 文档（.docx）读取（{exc}）；请在 Word 或 WPS 中打开后另存为 .docx"
        ) from exc
    made_by = document.core_properties.author or ""
    body = document.element.body
    grids: list[Grid] = []
    lines: list[str] = []
    before: list[str] = []
    gap = 0
    number = 0
    for element in _blocks(body):
        if element.tag == f"{W}p":
            text = _text(element).strip()
            if text and grids and gap < 200 and len(grids[-1].after) < BEFORE_LINES:
                grids[-1].after.append(text)
            if text:
                lines.append(text)
                before.append(text)
                gap += len(text)
                del before[:-BEFORE_LINES]
        elif element.tag == f"{W}tbl":
            number += 1
            grids.append(_grid(element, Origin(display, table=number), before, gap))
            before, gap = [], 0
    for grid in grids:
        grid.made_by = made_by
    return grids, [], lines


def _blocks(body: Any) -> Any:
    """Paragraphs and tables of the body in order, looking inside content controls (w:sdt)."""
    for element in body.iterchildren():
        if element.tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif element.tag in (f"{W}p", f"{W}tbl"):
            yield element
