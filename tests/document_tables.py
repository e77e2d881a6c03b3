"""Test material for the document readers, made here and never by hand: tables laid out as clerks and
platforms print them, written as .xlsx (openpyxl), .xls (xlwt), .ods (odfpy), .docx (python-docx) and
.pdf (reportlab with its built-in Chinese font STSong-Light).

A ``Table`` is rows of ``C`` cells placed left to right, skipping positions that cells merged from the rows
above cover (as a printed table is read). ``Doc`` is tables and paragraphs in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from scoring.domain.models import Evaluation, Indicator
from scoring.domain.numbers import fmt2, fmt_plain


@dataclass
class C:
    """A printed cell; ``number`` writes it as a number in spreadsheets (``percent``: shown as 0.00%)."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    number: float | None = None
    percent: bool = False


@dataclass
class Table:
    ncols: int
    rows: list[list[C]] = field(default_factory=list)
    above: list[str] = field(default_factory=list)  # title lines printed above the table
    below: list[str] = field(default_factory=list)
    widths: list[float] | None = None  # relative column widths (PDF, docx)
    sheet: str | None = None

    def add(self, *cells: C) -> None:
        self.rows.append(list(cells))

    def placed(self) -> list[tuple[int, int, C]]:
        taken: set[tuple[int, int]] = set()
        found = []
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                assert col + cell.colspan <= self.ncols, (r, col, cell)
                found.append((r, col, cell))
                for rr in range(r, r + cell.rowspan):
                    for cc in range(col, col + cell.colspan):
                        taken.add((rr, cc))
                col += cell.colspan
        return found


@dataclass
class Doc:
    parts: list[Table | str] = field(default_factory=list)


def n(value: Decimal | float | int | None, *, as_number: bool = False, places: int | None = None) -> C:
    """A number cell printed as the seed prints it (plain, or with two decimals)."""
    if value is None:
        return C("")
    text = fmt2(Decimal(str(value))) if places == 2 else fmt_plain(Decimal(str(value)))
    return C(text, number=float(value) if as_number else None)


# --- the seed's tables, laid out as printed -------------------------------------------------------------


def _level_runs(rows: list[Indicator], attr: str) -> dict[int, int]:
    """Row index → how many rows the 一级 (or 一级+二级) cell starting there spans."""
    runs: dict[int, int] = {}
    start = 0
    for i, row in enumerate(rows):
        keys = (row.level1,) if attr == "level1" else (row.level1, row.level2)
        if i == 0 or keys != (
            (rows[i - 1].level1,) if attr == "level1" else (rows[i - 1].level1, rows[i - 1].level2)
        ):
            start = i
            runs[i] = 0
        runs[start] += 1
    return runs


def _indicator_rows(
    table: Table, ev: Evaluation, *, level_weight_col: bool, numbers: bool, head_break: bool = True
) -> None:
    rows = ev.indicators
    runs1, runs2 = _level_runs(rows, "level1"), _level_runs(rows, "level2")
    declared = {level.level1: level.weight for level in ev.levels}
    for i, row in enumerate(rows):
        cells: list[C] = []
        if i in runs1:
            cells.append(C(_narrow(row.level1) if head_break else row.level1, rowspan=runs1[i]))
            if level_weight_col:
                weight = fmt_plain(declared[row.level1]) if row.level1 in declared else ""
                cells.append(C(weight, rowspan=runs1[i]))
        if i in runs2:
            cells.append(C(row.level2, rowspan=runs2[i]))
        cells += [
            C(row.level3),
            C(row.target),
            C(row.actual or ""),
            n(row.weight, as_number=numbers),
            n(row.reported_score, as_number=numbers),
            n(row.reported_deviation, places=2),
            C(row.reason or ""),
        ]
        table.add(*cells)


def _narrow(text: str) -> str:
    """ "成本指标" printed in a narrow column: "成本\\n指标" (the heading synonyms must not care)."""
    return text[:2] + "\n" + text[2:] if len(text) == 4 else text


def seed_project(ev: Evaluation, *, numbers: bool = False) -> Table:
    """The seed's 项目支出绩效自评情况表 as printed (北关区 2023 决算, pp. 821–1188 of the text)."""
    t = Table(ncols=9, widths=[5, 7, 12, 6, 6, 3, 3, 4, 10])
    t.above = ["项目支出绩效自评情况表", f"（ {ev.evaluation.year} 年度）"]
    head = ev.evaluation
    t.add(C("项目名称"), C(head.name, colspan=8))
    t.add(
        C("主管部门"), C(head.authority or "", colspan=3), C("实施单位"), C(head.implementer or "", colspan=4)
    )
    funds = ev.funds
    assert funds is not None
    printed_sources = ["财政拨款", "财政专户管理资金", "单位资金"]
    t.add(
        C("项目资金\n（万元）", rowspan=2 + len(printed_sources)),
        C("", colspan=2),
        C("年初预算\n数"),
        C("全年 预\n算 数\n（A）"),
        C("全年执行数（B）"),
        C("分值"),
        C("执行率\n（B/Ax100%）"),
        C("得分"),
    )
    t.add(
        C("年度资金总额", colspan=2),
        n(funds.initial, as_number=numbers),
        n(funds.annual, as_number=numbers),
        n(funds.executed, as_number=numbers),
        n(funds.weight, as_number=numbers),
        C(funds.reported_rate or ""),
        n(funds.reported_score, places=2 if funds.reported_score == 0 else None),
    )
    by_name = {source.name: source for source in funds.sources}
    for name in printed_sources:
        source = by_name.get(name)
        if source is None:
            t.add(C(name, colspan=2), C("—"), C("—"), C(""), C(""), C(""), C(""))
        else:
            dash = "-" if funds.reported_rate and "%" in funds.reported_rate else "—"
            t.add(
                C(name, colspan=2),
                n(source.initial),
                n(source.annual),
                n(source.executed),
                C(dash),
                C(source.reported_rate or ""),
                C(dash),
            )
    weight = sum((r.weight for r in ev.reviews), Decimal(0))
    t.add(
        C("资金管理情况", rowspan=1 + len(ev.reviews)),
        C(""),
        C("情况说明", colspan=3),
        C(f"分值（{fmt_plain(weight)}）"),
        C("得分"),
        C("存在问题和改进措施", colspan=2),
    )
    for review in ev.reviews:
        t.add(
            C(review.name),
            C(review.note, colspan=3),
            n(review.weight),
            n(review.score),
            C(review.problem, colspan=2),
        )
    goals = ev.goals
    t.add(C("年度总体目标", rowspan=2), C("预期目标", colspan=4), C("全年实际完成情况", colspan=4))
    if len(goals) > 1:  # the platform project prints its two goals in one cell, with one 完成情况
        text = "\n".join(f"{g.name}：{g.expected}" for g in goals)
        t.add(C(text, colspan=4), C(goals[0].actual, colspan=4))
    else:
        t.add(C(goals[0].expected, colspan=4), C(goals[0].actual, colspan=4))
    t.add(C("绩效指标", colspan=9))
    t.add(
        C("一级指标"),
        C("二级指标"),
        C("三级指标"),
        C("绩效指标"),
        C("实际完成值"),
        C("分值"),
        C("得分"),
        C("偏差度"),
        C("偏差原因分析及改进措\n施"),
    )
    _indicator_rows(t, ev, level_weight_col=False, numbers=numbers)
    t.add(C("总分", colspan=5), C("100"), n(head.reported_total), C("", colspan=2))
    return t


def seed_department(ev: Evaluation, *, numbers: bool = False) -> Table:
    """The seed's 部门整体支出绩效自评情况表 as printed: 一级 with its own 分值 column, 资金来源 rows, goals
    and tasks with two heading rows, 分值/得分 of the funds merged down over the 资金来源 rows."""
    t = Table(ncols=10, widths=[6, 3, 7, 10, 5, 5, 3, 3, 4, 8])
    t.above = ["部门整体支出绩效自评情况表", f"（ {ev.evaluation.year} 年度）"]
    t.add(C("部门（单位）名称"), C(ev.evaluation.name, colspan=9))
    funds = ev.funds
    assert funds is not None
    sources = ["政府预算资金", "财政专户管理资金", "单位资金"]
    t.add(
        C("部门整体支出情况\n(万元)", rowspan=2 + len(sources)),
        C("", colspan=3),
        C("年初预算数"),
        C("全年预算\n数"),
        C("全年执行\n数"),
        C("分值"),
        C("预算执行率"),
        C("得分"),
    )
    t.add(
        C("部门预算总额", colspan=3),
        n(funds.initial, as_number=numbers),
        n(funds.annual, as_number=numbers),
        n(funds.executed, as_number=numbers),
        C(fmt_plain(funds.weight), rowspan=1 + len(sources)),
        C(funds.reported_rate or ""),
        C(fmt_plain(funds.reported_score), rowspan=1 + len(sources)),
    )
    by_name = {source.name: source for source in funds.sources}
    for index, name in enumerate(sources):
        cells = [C("资金来\n源", rowspan=len(sources))] if index == 0 else []
        source = by_name.get(name)
        if source is None:
            cells += [C(name, colspan=2), C(""), C(""), C(""), C("")]
        else:
            cells += [
                C(name, colspan=2),
                n(source.initial),
                n(source.annual),
                n(source.executed),
                C(source.reported_rate or ""),
            ]
        t.add(*cells)
    t.add(
        C("年度\n履职\n目标", rowspan=2 + len(ev.goals)),
        C("预期目标", colspan=5),
        C("实际完成情况", colspan=4),
    )
    t.add(C("目标名称"), C("主要内容", colspan=4), C("目标完成情况", colspan=4))
    for goal in ev.goals:
        t.add(C(f"{goal.name}："), C(goal.expected, colspan=4), C(goal.actual, colspan=4))
    t.add(
        C("年度\n主要\n任务", rowspan=1 + len(ev.tasks)),
        C("任务名称"),
        C("主要内容", colspan=4),
        C("任务完成情况", colspan=4),
    )
    for task in ev.tasks:
        t.add(C(f"{task.name}："), C(task.content, colspan=4), C(task.actual, colspan=4))
    t.add(C("绩效指标", colspan=10))
    t.add(
        C("一级指标"),
        C("分值"),
        C("二级指标"),
        C("三级指标"),
        C("年度指标\n值"),
        C("实际完成\n值"),
        C("分\n值"),
        C("得分"),
        C("偏差度"),
        C("偏差原因分析及改进\n措施"),
    )
    _indicator_rows(t, ev, level_weight_col=True, numbers=numbers, head_break=False)
    t.add(C("总分", colspan=6), C("100"), n(ev.evaluation.reported_total), C("", colspan=2))
    return t


# --- what budget platforms and review firms export --------------------------------------------------------

_SPLIT = re.compile(r"^(≥|≤|=|>|<)?\s*([0-9]+(?:\.[0-9]+)?)\s*([^0-9]*)$")


def split_target(text: str) -> tuple[str, str, str]:
    """ "≥95%" → ("≥", "95", "%"); a word target → ("定性", "明显", "")."""
    match = _SPLIT.match(text)
    if not match:
        return "定性", text, ""
    return match.group(1) or "", match.group(2), match.group(3)


def platform_list(ev: Evaluation, *, blank_repeats: bool = True) -> Table:
    """A flat indicator list as budget platforms export it: the project name above the header row, 计算符号
    and 度量单位 in their own columns, 一级/二级 printed once (blank below), a 合计 row."""
    heads = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "计算符号",
        "指标值",
        "度量单位",
        "权重",
        "自评完成值",
        "自评得分",
        "偏离度",
        "备注",
    ]
    t = Table(ncols=len(heads), sheet="绩效指标")
    t.add(C(f"{ev.evaluation.year}年度项目支出绩效自评表", colspan=len(heads)))
    t.add(
        C(f"项目名称：{ev.evaluation.name}", colspan=6),
        C(f"实施单位：{ev.evaluation.implementer or ''}", colspan=6),
    )
    t.add(*[C("") for _ in heads])  # a blank spacer row
    t.add(*[C(h) for h in heads])
    previous = ("", "")
    for row in ev.indicators:
        operator, value, unit = split_target(row.target)
        actual = row.actual or ""
        if unit and actual.endswith(unit) and re.fullmatch(r"[0-9.]+", actual[: -len(unit)] or "x"):
            actual = actual[: -len(unit)]
        level1 = "" if blank_repeats and row.level1 == previous[0] else row.level1
        level2 = "" if blank_repeats and (row.level1, row.level2) == previous else row.level2
        previous = (row.level1, row.level2)
        t.add(
            C(level1),
            C(level2),
            C(row.level3),
            C("定性" if operator == "定性" else "定量"),
            C(operator),
            C(value),
            C(unit),
            C(fmt_plain(row.weight)),
            C(actual),
            C(fmt_plain(row.reported_score) if row.reported_score is not None else ""),
            C(fmt2(row.reported_deviation) if row.reported_deviation is not None else ""),
            C(row.reason or ""),
        )
    total = sum((r.weight for r in ev.indicators), Decimal(0))
    t.add(C("合计", colspan=7), C(fmt_plain(total)), C(""), C(""), C(""), C(""))
    return t


def target_form(ev: Evaluation, *, weights: bool = True) -> Table:
    """A 项目支出绩效目标申报表: funds as name/amount pairs, 年度绩效目标 in one cell, indicators with 指标值
    (and 分值 where the province prints it)."""
    cols = 6 if weights else 5
    t = Table(ncols=cols)
    t.above = ["项目支出绩效目标申报表", f"（{ev.evaluation.year}年度）"]
    t.add(C("项目名称"), C(ev.evaluation.name, colspan=cols - 1))
    t.add(
        C("主管部门"),
        C(ev.evaluation.authority or "", colspan=2),
        C("实施单位"),
        C(ev.evaluation.implementer or "", colspan=cols - 4),
    )
    funds = ev.funds
    assert funds is not None
    t.add(
        C("项目资金\n（万元）", rowspan=2), C("年度资金总额："), C(fmt_plain(funds.initial), colspan=cols - 2)
    )
    t.add(C("其中：财政拨款"), C(fmt_plain(funds.initial), colspan=cols - 2))
    goals = "\n".join(f"目标{i + 1}：{g.expected}" for i, g in enumerate(ev.goals))
    t.add(C("年度绩效目标"), C(goals, colspan=cols - 1))
    heads = ["一级指标", "二级指标", "三级指标", "指标值"] + (["分值"] if weights else [])
    t.add(C("绩效\n指标", rowspan=1 + len(ev.indicators)), *[C(h) for h in heads])
    runs1 = _level_runs(ev.indicators, "level1")
    runs2 = _level_runs(ev.indicators, "level2")
    for i, row in enumerate(ev.indicators):
        cells = []
        if i in runs1:
            cells.append(C(row.level1, rowspan=runs1[i]))
        if i in runs2:
            cells.append(C(row.level2, rowspan=runs2[i]))
        cells += [C(row.level3), C(row.target)] + ([C(fmt_plain(row.weight))] if weights else [])
        t.add(*cells)
    return t


def accounts_table() -> Table:
    """A table every 决算公开 document has and that is no 自评表 (收入支出决算总表)."""
    t = Table(ncols=4)
    t.above = ["收入支出决算总表"]
    t.add(C("项目"), C("预算数"), C("决算数"), C("备注"))
    t.add(C("一般公共预算财政拨款收入"), C("162.25"), C("162.25"), C(""))
    t.add(C("合计"), C("162.25"), C("162.25"), C(""))
    return t


PROSE = (
    "2023 年度收、支总计均为 162.25 万元。与上年度相比，收、支总计各减少 60.03 万元，下降 27.01%。"
    "主要原因是我单位厉行节约。"
)


def final_accounts(tables: list[Table], prose_pages: int = 1) -> Doc:
    """A 决算公开 document: prose, an accounts table, then the 自评表 with headings between them."""
    doc = Doc()
    doc.parts.append("安阳市北关区便民服务中心 2023 年度部门决算")
    for _ in range(prose_pages):
        doc.parts.append("第一部分 部门概况")
        doc.parts.extend([PROSE] * 6)
    doc.parts.append(accounts_table())
    doc.parts.append("第三部分 绩效自评情况")
    for table in tables:
        doc.parts.append(table)
        doc.parts.append("")
    doc.parts.append(PROSE)
    return doc


# --- writers ------------------------------------------------------------------------------------------------


def write_xlsx(
    tables: list[Table], path: Path, *, one_sheet: bool = False, offset: tuple[int, int] = (0, 0)
) -> Path:
    """Each table on its own sheet (its title lines merged across above it), or all on one sheet with blank
    rows between; ``offset`` moves everything down and right."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    top = offset[0]
    for index, table in enumerate(tables):
        if index and not one_sheet:
            ws = wb.create_sheet()
            top = offset[0]
        ws.title = table.sheet or (f"自评表{index + 1}" if not one_sheet else "自评表")
        left = offset[1]
        for line in table.above:
            ws.cell(row=top + 1, column=left + 1, value=line)
            ws.merge_cells(
                start_row=top + 1, start_column=left + 1, end_row=top + 1, end_column=left + table.ncols
            )
            top += 1
        for r, c, cell in table.placed():
            target = ws.cell(row=top + r + 1, column=left + c + 1)
            if cell.number is not None:
                target.value = cell.number
                if cell.percent:
                    target.number_format = "0.00%"
            else:
                target.value = cell.text
                target.data_type = "s"
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=top + r + 1,
                    start_column=left + c + 1,
                    end_row=top + r + cell.rowspan,
                    end_column=left + c + cell.colspan,
                )
        top += len(table.rows)
        for line in table.below:
            ws.cell(row=top + 1, column=left + 1, value=line)
            top += 1
        top += 3  # blank rows before a second table on the same sheet
    wb.save(path)
    return path


def write_xls(tables: list[Table], path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    percent = xlwt.easyxf(num_format_str="0.00%")
    for index, table in enumerate(tables):
        ws = wb.add_sheet(table.sheet or f"自评表{index + 1}")
        top = 0
        for line in table.above:
            ws.write_merge(top, top, 0, table.ncols - 1, line)
            top += 1
        for r, c, cell in table.placed():
            value: object = cell.number if cell.number is not None else cell.text
            args = (percent,) if cell.percent else ()
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.write_merge(top + r, top + r + cell.rowspan - 1, c, c + cell.colspan - 1, value, *args)
            else:
                ws.write(top + r, c, value, *args)
    wb.save(str(path))
    return path


def write_ods(tables: list[Table], path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, TableCell, TableRow
    from odf.table import Table as OdsTable
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for index, table in enumerate(tables):
        sheet = OdsTable(name=table.sheet or f"自评表{index + 1}")
        grid: dict[tuple[int, int], C | None] = {}
        for r, c, cell in table.placed():
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    grid[(rr, cc)] = None
            grid[(r, c)] = cell
        for line in table.above:
            row = TableRow()
            element = TableCell(valuetype="string", numbercolumnsspanned=table.ncols)
            element.addElement(P(text=line))
            row.addElement(element)
            for _ in range(table.ncols - 1):
                row.addElement(CoveredTableCell())
            sheet.addElement(row)
        for r in range(len(table.rows)):
            row = TableRow()
            for c in range(table.ncols):
                if (r, c) not in grid:
                    row.addElement(TableCell())
                    continue
                found = grid[(r, c)]
                if found is None:
                    row.addElement(CoveredTableCell())
                    continue
                cell = found
                spans = {}
                if cell.colspan > 1:
                    spans["numbercolumnsspanned"] = cell.colspan
                if cell.rowspan > 1:
                    spans["numberrowsspanned"] = cell.rowspan
                if cell.number is not None:
                    kind = "percentage" if cell.percent else "float"
                    element = TableCell(valuetype=kind, value=str(cell.number), **spans)
                    shown = f"{cell.number * 100:.2f}%" if cell.percent else cell.text
                    element.addElement(P(text=shown))
                else:
                    element = TableCell(valuetype="string", **spans)
                    for part in cell.text.split("\n"):
                        element.addElement(P(text=part))
                row.addElement(element)
            sheet.addElement(row)
        doc.spreadsheet.addElement(sheet)
    doc.save(str(path))
    return path


def write_docx(doc: Doc | list[Table], path: Path) -> Path:
    import docx
    from docx.shared import Pt

    parts = doc.parts if isinstance(doc, Doc) else [p for t in doc for p in (t, "")]
    document = docx.Document()
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        for line in part.above:
            document.add_paragraph(line)
        table = document.add_table(rows=len(part.rows), cols=part.ncols)
        table.style = "Table Grid"
        for r, c, cell in part.placed():
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            lines = cell.text.split("\n")
            paragraph = target.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.font.size = Pt(8)
                if index < len(lines) - 1:
                    run.add_break()
        for line in part.below:
            document.add_paragraph(line)
    document.save(str(path))
    return path


_FONT = "STSong-Light"


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters, broken only between two Chinese characters (so no space or
    Latin word is cut: the PDF reader joins the lines back without guessing)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for index, char in enumerate(paragraph):
            line += char
            following = paragraph[index + 1] if index + 1 < len(paragraph) else ""
            if (
                len(line) >= width
                and following
                and not char.isascii()
                and not following.isascii()
                and char != " "
            ):
                out.append(line)
                line = ""
        out.append(line)
    return "\n".join(out)


def write_pdf(doc: Doc | list[Table], path: Path, *, font_size: float = 6.5) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    style = ParagraphStyle(
        "cell", fontName=_FONT, fontSize=font_size, leading=font_size * 1.25, wordWrap="CJK"
    )
    text_style = ParagraphStyle("text", fontName=_FONT, fontSize=10, leading=14, wordWrap="CJK")
    page = landscape(A4)
    usable = page[0] - 60
    parts = doc.parts if isinstance(doc, Doc) else [p for t in doc for p in (t, "")]
    story: list[object] = []
    for part in parts:
        if isinstance(part, str):
            story.append(Paragraph(escape(part), text_style) if part else Spacer(1, 12))
            continue
        for line in part.above:
            story.append(Paragraph(escape(line), text_style))
        widths = part.widths or [1.0] * part.ncols
        scale = usable / sum(widths)
        col_widths = [w * scale for w in widths]
        data: list[list[object]] = [["" for _ in range(part.ncols)] for _ in part.rows]
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for r, c, cell in part.placed():
            span_width = sum(col_widths[c : c + cell.colspan])
            chars = max(int(span_width / font_size) - 1, 2)
            wrapped = _wrap(cell.text, chars)
            data[r][c] = Paragraph(escape(wrapped).replace("\n", "<br/>"), style) if cell.text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        table = PdfTable(data, colWidths=col_widths)
        table.setStyle(TableStyle(commands))
        story.append(table)
        for line in part.below:
            story.append(Paragraph(escape(line), text_style))
    SimpleDocTemplate(
        str(path), pagesize=page, leftMargin=30, rightMargin=30, topMargin=30, bottomMargin=30
    ).build(story)
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "docx": write_docx, "pdf": write_pdf}
