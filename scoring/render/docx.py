"""docx (python-docx): the official 自评表, merged cells, 宋体 via w:eastAsia, A4 landscape."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import KIND_SHORT, NO_FINDINGS, SEVERITY, finding_where, findings_heading
from scoring.render.common import pct
from scoring.render.layout import build, columns

FONT = "宋体"
LATIN = "Times New Roman"


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


def new_document(landscape: bool = True) -> Any:
    """A document whose Normal style is 宋体 (East Asian) / Times New Roman, 10.5 pt (五号)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.author = "jixiao"  # an import knows these 得分 are computed, not a clerk's
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.6))
    section.top_margin = section.bottom_margin = Cm(1.8)
    return doc


def paragraph(
    doc: Any, text: str, *, size: float | None = None, bold: bool = False, center: bool = False
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(para.add_run(text), size, bold)
    return para


def _cell_text(cell: Any, text: str, *, bold: bool, align: str, size: float = 9, shade: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    para = cell.paragraphs[0]
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    para.paragraph_format.space_after = 0
    for index, line in enumerate(lines):
        run = para.add_run(line)
        set_run_font(run, size, bold)
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


def add_evaluation(doc: Any, result: EvaluationResult) -> None:
    from docx.shared import Cm

    grid = build(result)
    widths = [w for _, w in columns(result)]
    usable = 29.7 - 3.2
    scale = usable / sum(widths)
    heading = [p for p in grid.cells if p.row < grid.heading_rows]
    paragraph(doc, heading[0].cell.text, size=16, bold=True, center=True)
    if len(heading) > 1 and heading[1].cell.text:
        paragraph(doc, heading[1].cell.text, size=11, center=True)
    table = doc.add_table(rows=grid.nrows - grid.heading_rows, cols=grid.ncols)
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width * scale)
        for cell in column.cells:
            cell.width = Cm(width * scale)
    for placed in grid.cells:
        if placed.row < grid.heading_rows:
            continue
        cell = placed.cell
        r, c = placed.row - grid.heading_rows, placed.col
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        align = "right" if cell.style == "total" and cell.value is not None else ALIGN[cell.style]
        _cell_text(
            target,
            cell.text,
            bold=cell.style in {"label", "head", "total"},
            align=align,
            shade=cell.style in {"head", "total"},
        )
    if result.reported_total is not None:
        paragraph(doc, f"注：得分按规则计算；填报总分 {result.reported_total}。", size=9)
    if result.findings:
        paragraph(doc, findings_heading(len(result.findings), result.errors, result.warnings), size=9)
        for f in result.findings:
            place = finding_where(f.where, f.line, f.cell)
            paragraph(doc, f"[{SEVERITY[f.severity]}] {f.code}（{place}）：{f.message}", size=9)
    else:
        paragraph(doc, NO_FINDINGS, size=9)


def add_summary(doc: Any, results: list[EvaluationResult]) -> None:
    from scoring.domain.numbers import fmt2, fmt_plain
    from scoring.render.batch_summary import fund_weighted_mean, rows_of

    paragraph(doc, "绩效自评汇总", size=16, bold=True, center=True)
    heads = ["名称", "类型", "执行率", "总分", "等级", "错误", "警告", "填报总分"]
    table = doc.add_table(rows=1 + len(results), cols=len(heads))
    table.style = "Table Grid"
    for c, head in enumerate(heads):
        _cell_text(table.cell(0, c), head, bold=True, align="center", shade=True)
    for r, res in enumerate(results, start=1):
        values = [
            res.name,
            KIND_SHORT.get(res.kind, res.kind),
            pct(res.execution.rate if res.execution else None),
            fmt2(res.total),
            res.grade or "",
            str(res.errors),
            str(res.warnings),
            fmt_plain(res.reported_total),
        ]
        for c, value in enumerate(values):
            _cell_text(table.cell(r, c), value, bold=False, align="left" if c < 2 else "right")
    mean = fund_weighted_mean(rows_of(results))
    if mean is not None:
        paragraph(doc, f"共 {len(results)} 个自评；按全年预算数加权平均总分 {fmt2(mean)}。", size=10)


def write_docx(results: list[EvaluationResult], path: str | Path) -> None:
    from docx.enum.section import WD_SECTION

    doc = new_document(landscape=True)
    first = True
    if len(results) > 1:
        add_summary(doc, results)
        first = False
    for result in results:
        if not first:
            doc.add_section(WD_SECTION.NEW_PAGE)
        first = False
        add_evaluation(doc, result)
    save(doc, path)


def save(doc: Any, path: str | Path) -> None:
    """Build the file in memory, then write it at once: a failed write raises one OSError."""
    buffer = io.BytesIO()
    doc.save(buffer)
    Path(path).write_bytes(buffer.getvalue())
