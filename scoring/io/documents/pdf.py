"""Text PDFs through pdfplumber: the ruled tables of every page, merged cells recovered from the cells'
boxes, and the text lines above each table (its title and 年度). A page with images but no text is a scan
and is named in a problem: it needs OCR before jixiao can read it.

A 决算公开 PDF is mostly prose: every page is first looked at with pypdfium2 (pdfplumber's own renderer,
about 2 ms a page), and only pages that draw lines (a ruled table) are searched by pdfplumber (about
60 ms a page); the others give their text lines only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.io.documents.grid import Grid, Origin
from scoring.io.documents.problems import Problem, unreadable

BEFORE_LINES = 8
_TOLERANCE = 1.5  # points: cell edges closer than this are the same line
PASSWORD = "PDF 有密码保护，无法读取；请取消密码后另存，或用未加密的文件"
RULED = 4  # path objects on a page from which it may hold a ruled table


def _scan(path: Path) -> list[tuple[list[str], int, int]]:
    """Each page's text lines, path objects (lines, rectangles) and images, read quickly by pdfium."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    found = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            paths = images = 0
            for item in page.get_objects(max_depth=1):
                if item.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                    paths += 1
                elif item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    images += 1
            lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
            found.append((lines, paths, images))
            textpage.close()
            page.close()
    finally:
        document.close()
    return found


def join_lines(text: str) -> str:
    """A PDF cell's lines are where the printer wrapped it: join them (a space only between two Latin
    letters or digits), so "≤83.65\\n万元" reads "≤83.65万元"."""
    from scoring.io.documents.mapping import oneline

    return oneline(text)


def _lines(chars: list[dict[str, Any]], top: float, bottom: float) -> list[str]:
    """Text lines between two heights of a page (chars grouped by their baseline)."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        if top <= char["top"] < bottom:
            rows.setdefault(round(char["top"] / 3), []).append(char)
    return [
        "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])).strip()
        for _top, line in sorted(rows.items())
    ]


def _grid(table: Any, origin: Origin, before: list[str], gap: int) -> Grid:
    boxes = table.cells
    xs = sorted({box[0] for box in boxes})
    tops = sorted({box[1] for box in boxes})
    texts = table.extract()
    cells: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(table.rows):
        line: list[str] = []
        for c, box in enumerate(row.cells):
            if box is None:
                line.append("")
                continue
            value = texts[r][c] if r < len(texts) and c < len(texts[r]) else None
            line.append(join_lines(value or ""))
            last_col = c + sum(1 for x in xs if box[0] + _TOLERANCE < x < box[2] - _TOLERANCE)
            last_row = r + sum(1 for y in tops if box[1] + _TOLERANCE < y < box[3] - _TOLERANCE)
            if last_col > c or last_row > r:
                merges.append((r, c, last_row, last_col))
        cells.append(line)
    return Grid(origin, cells, merges=merges, before=before, gap=gap)


def read_pdf(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pages = _scan(path)
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect as exc:
        raise unreadable(display, PASSWORD) from exc
    except Exception as exc:  # pdfium's and pdfminer's parser errors name nothing a clerk can fix
        if "password" in str(exc).lower():
            raise unreadable(display, PASSWORD) from exc
        raise unreadable(
            display, f"无法作为 PDF 读取（{type(exc).__name__}）；请确认文件完整，或重新导出 PDF"
        ) from exc
    grids: list[Grid] = []
    scanned: list[int] = []
    before: list[str] = []
    gap = 0
    with pdf:
        for number, (text, paths, images) in enumerate(pages, start=1):
            if not text:
                if images:
                    scanned.append(number)
                continue
            if paths < RULED:  # prose: its lines only
                _after(grids, text, gap)
                before = [*before, *text][-BEFORE_LINES:]
                gap += sum(len(line) for line in text)
                continue
            page = pdf.pages[number - 1]
            chars = page.chars
            tables = page.find_tables() if page.edges else []
            tables.sort(key=lambda t: t.bbox[1])
            top = 0.0
            for index, table in enumerate(tables, start=1):
                lines = _lines(chars, top, table.bbox[1])
                _after(grids, lines, gap)
                before = [*before, *lines][-BEFORE_LINES:]
                gap += sum(len(line) for line in lines)
                grids.append(_grid(table, Origin(display, table=index, page=number), before, gap))
                before, gap, top = [], 0, table.bbox[3]
            lines = _lines(chars, top, page.height + 1)
            _after(grids, lines, gap)
            before = [*before, *lines][-BEFORE_LINES:]
            gap += sum(len(line) for line in lines)
            page.flush_cache()
    problems = []
    if scanned:
        pages_named = _page_list(scanned)
        message = f"{pages_named}是扫描件（只有图像，没有文字），需先做 OCR（文字识别）才能读取，未读取"
        if not grids:
            raise unreadable(display, f"{message}；请用带文字的 PDF，或 Word/Excel 原件")
        problems.append(Problem(message))
    return grids, problems


def _after(grids: list[Grid], lines: list[str], gap: int) -> None:
    """The first lines under the last table (its 注：…), while no long text has come between."""
    if grids and gap < 200:
        grids[-1].after.extend(lines[: BEFORE_LINES - len(grids[-1].after)])


def _page_list(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"第 {pages[0]} 页"
    runs: list[str] = []
    start = previous = pages[0]
    for page in [*pages[1:], None]:
        if page is not None and page == previous + 1:
            previous = page
            continue
        runs.append(f"{start}" if start == previous else f"{start}–{previous}")
        if page is not None:
            start = previous = page
    return f"第 {'、'.join(runs)} 页"
