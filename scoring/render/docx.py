"""docx (python-docx): the official 自评表, ready for the 决算公开 document.

宋体 (w:eastAsia) / Times New Roman, 小五 in the tables; A4 portrait where the table fits (``printing``).
Every row keeps together (cantSplit) at the height its text needs; the indicator header rows are marked to
repeat (tblHeader) and begin each later page, where a merged 一级/二级 cell cut by the break is printed again
with its label. Findings, the source file and notes on printed figures only with ``Options.findings``.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import (
    FINDINGS_PART,
    NO_FINDINGS,
    evaluation_file,
    findings_heading,
    reported_total_note,
)
from scoring.render.common import Options, official
from scoring.render.layout import Grid, build, findings_grid, summary_grid
from scoring.render.printing import Body, Page, Printed, choose_page, lay_out, line_count
from scoring.render.reproducible import reproducible, source_time

FONT = "宋体"
LATIN = "Times New Roman"
BODY = Body(slack=6.0)
"""小五 on exact 12 pt lines; a page keeps 6 pt free for the paragraphs between tables and the borders."""
TITLE = (16.0, 24.0)  # 三号, its line
SUBTITLE = (10.5, 16.0)  # 五号, its line
GAP = 4.0  # after the title block
NOTE = (9.0, 13.0)


def set_run_font(run: Any, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None


def new_document(page: Page | None = None) -> Any:
    """A document whose Normal style is 宋体 (East Asian) / Times New Roman, 10.5 pt (五号), on ``page``."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = "jixiao"  # an import knows these 得分 are computed, not a clerk's
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    set_page(doc.sections[0], page or Page())
    return doc


def set_page(section: Any, page: Page) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.left_margin = section.right_margin = Pt(page.margin_x)
    section.top_margin, section.bottom_margin = Pt(page.margin_top), Pt(page.margin_bottom)


def new_section(doc: Any, page: Page, first: bool) -> None:
    """The first part uses the document's first section; every later part begins a new page."""
    from docx.enum.section import WD_SECTION

    set_page(doc.sections[0] if first else doc.add_section(WD_SECTION.NEW_PAGE), page)


def paragraph(
    doc: Any,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    center: bool = False,
    line: float | None = None,
    after: float = 0.0,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if line is not None:
        para.paragraph_format.line_spacing = Pt(line)  # exact: the page breaks are computed with it
    para.paragraph_format.space_after = Pt(after)
    set_run_font(para.add_run(text), size, bold)
    return para


def _cell_text(cell: Any, text: str, *, bold: bool, align: str, shade: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    para = cell.paragraphs[0]
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    para.paragraph_format.space_after = 0
    para.paragraph_format.line_spacing = Pt(BODY.line)
    for index, line in enumerate(lines):
        run = para.add_run(line)
        set_run_font(run, BODY.size, bold)
        if index < len(lines) - 1:
            run.add_break()
    if shade:
        tcpr = cell._element.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), "F2F2F2")
        tcpr.append(shd)


ALIGN = {
    "label": "center",
    "head": "center",
    "text": "left",
    "center": "center",
    "num": "right",
    "total": "center",
}


def _twips(points: float) -> str:
    return str(round(points * 20))


def _table(doc: Any, nrows: int, printed: Printed) -> Any:
    """An empty table of fixed column widths filling the page, with the cell margins the heights assume."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    table = doc.add_table(rows=nrows, cols=printed.grid.ncols)
    table.style = "Table Grid"
    table.autofit = False
    tblpr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), _twips(sum(printed.widths)))
    width.set(qn("w:type"), "dxa")
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblpr.append(width)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (
        ("top", BODY.pad_y),
        ("left", BODY.pad_x),
        ("bottom", BODY.pad_y),
        ("right", BODY.pad_x),
    ):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), _twips(value))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.append(margins)
    for column, points in zip(table.columns, printed.widths, strict=True):
        column.width = Pt(points)
        for cell in column.cells:
            cell.width = Pt(points)
    return table


def _row_setup(row: Any, height: float, header: bool) -> None:
    """The row's least height, never split across pages; a header row repeats on every page."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    row.height = Pt(height)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _spacer(doc: Any, page_break: bool) -> None:
    """The paragraph Word needs between two tables: one point high, or the start of a new page."""
    from docx.shared import Pt

    para = doc.add_paragraph()
    para.paragraph_format.line_spacing = Pt(1)
    para.paragraph_format.space_before = para.paragraph_format.space_after = 0
    para.paragraph_format.page_break_before = page_break
    set_run_font(para.add_run(""), 1)


def add_grid(doc: Any, printed: Printed) -> None:
    """The grid's rows as tables: a new table where the indicator header begins (Word repeats only a table's
    first rows) and at every page break, each later page opening with the header rows."""
    grid = printed.grid
    repeat = grid.repeat
    starts = {grid.heading_rows, *printed.breaks}
    if repeat is not None and repeat.start > grid.heading_rows:
        starts.add(repeat.start)
    edges = [*sorted(starts), grid.nrows]
    by_row: dict[int, list[Any]] = {}
    for placed in grid.cells:
        by_row.setdefault(placed.row, []).append(placed)
    for index, (top, bottom) in enumerate(itertools.pairwise(edges)):
        if index:
            _spacer(doc, page_break=top in printed.breaks)
        rows = list(range(top, bottom))
        if repeat is not None and top >= repeat.stop:
            rows = [*repeat, *rows]
        table = _table(doc, len(rows), printed)
        # the cells looked up once (python-docx walks the whole table on every table.cell); merged areas never
        # overlap, so a cell found before an earlier merge is still the one to merge with
        found = table._cells
        at = {row: n for n, row in enumerate(rows)}
        for row in rows:
            _row_setup(table.rows[at[row]], printed.heights[row], repeat is not None and row in repeat)
            for placed in by_row.get(row, []):
                _write_cell(found, grid.ncols, at[row], placed.col, placed.cell)


def _write_cell(found: list[Any], ncols: int, r: int, c: int, cell: Any) -> None:
    target = found[r * ncols + c]
    if cell.rowspan > 1 or cell.colspan > 1:
        target = target.merge(found[(r + cell.rowspan - 1) * ncols + c + cell.colspan - 1])
    align = "right" if cell.style == "total" and cell.value is not None else ALIGN[cell.style]
    _cell_text(
        target,
        cell.text,
        bold=cell.style in {"label", "head", "total"},
        align=align,
        shade=cell.style in {"head", "total"},
    )


def _title_height(grid: Grid) -> float:
    year = next((p.cell.text for p in grid.cells if p.row == 1 and grid.heading_rows > 1), "")
    return TITLE[1] + (SUBTITLE[1] if year else 0.0) + GAP


def add_evaluation(doc: Any, result: EvaluationResult, options: Options, first: bool = True) -> None:
    grid = build(result)
    page = choose_page([grid], options.orientation, BODY)
    new_section(doc, page, first)
    printed = lay_out(grid, page, BODY, above=_title_height(grid))
    heading = [p.cell.text for p in grid.cells if p.row < grid.heading_rows]
    year = heading[1] if len(heading) > 1 else ""
    paragraph(doc, heading[0], size=TITLE[0], bold=True, center=True, line=TITLE[1], after=0 if year else GAP)
    if year:
        paragraph(doc, year, size=SUBTITLE[0], center=True, line=SUBTITLE[1], after=GAP)
    add_grid(doc, printed)


def add_summary(doc: Any, results: list[EvaluationResult], options: Options) -> None:
    from scoring.render.batch_summary import footer, rows_of

    grid = summary_grid(results, findings=options.findings)
    page = choose_page([grid], options.orientation, BODY)
    new_section(doc, page, first=True)
    paragraph(doc, "绩效自评汇总", size=TITLE[0], bold=True, center=True, line=TITLE[1], after=GAP)
    add_grid(doc, lay_out(grid, page, BODY, above=TITLE[1] + GAP))
    paragraph(doc, footer(rows_of(results)) + "。", size=NOTE[0], line=NOTE[1])


def add_findings(doc: Any, results: list[EvaluationResult], options: Options) -> None:
    """The reviewer's part (``--findings``): per evaluation its file, its notes and its findings, in words."""
    from scoring.domain.numbers import fmt_as_written

    grid = findings_grid(results)
    page = choose_page([grid], options.orientation, BODY)
    new_section(doc, page, first=False)
    paragraph(doc, FINDINGS_PART, size=TITLE[0], bold=True, center=True, line=TITLE[1], after=GAP)
    above = TITLE[1] + GAP + NOTE[1]
    for result in results:
        head = evaluation_file(result.name, result.file) + "："
        if result.findings:
            head += findings_heading(len(result.findings), result.errors, result.warnings).rstrip("：")
        else:
            head += NO_FINDINGS
        notes = [head]
        if result.reported_total is not None:
            notes.append(f"注：{reported_total_note(fmt_as_written(result.reported_total))}。")
        for note in notes:
            paragraph(doc, note, size=NOTE[0], line=NOTE[1])
            above += NOTE[1] * line_count(note, int(page.usable_width / (NOTE[0] / 2)))
    if grid.nrows > 1:
        paragraph(doc, "", size=NOTE[0], line=NOTE[1])
        add_grid(doc, lay_out(grid, page, BODY, above=above))


def write_docx(results: list[EvaluationResult], path: str | Path, options: Options | None = None) -> None:
    options = options or Options()
    results = [official(r) for r in results]
    doc = new_document()
    first = True
    if len(results) > 1:
        add_summary(doc, results, options)
        first = False
    for result in results:
        add_evaluation(doc, result, options, first)
        first = False
    if options.findings:
        add_findings(doc, results, options)
    save(doc, path, [r.file for r in results])


def save(doc: Any, path: str | Path, sources: Iterable[str] = ()) -> None:
    """Build the file in memory, then write it at once: a failed write raises one OSError. The same
    ``sources`` give the same bytes (``reproducible``)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    Path(path).write_bytes(reproducible(buffer.getvalue(), source_time(sources)))
