"""Print setup of the docx and xlsx exports: page, balanced columns, repeated header rows, page breaks.

The page breaks are computed (``scoring.render.printing``) and tested on their own; the files are checked
for the setup that makes Word, WPS and LibreOffice print them so; and where LibreOffice is installed
(``make look`` installs it) the files are printed to PDF and their pages counted and read.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scoring.domain.results import EvaluationResult
from scoring.io.batch import score_paths
from scoring.render.common import Options
from scoring.render.docx import write_docx
from scoring.render.layout import Cell, Column, Grid, build, simple
from scoring.render.printing import (
    Body,
    Page,
    choose_page,
    lay_out,
    line_count,
    page_breaks,
    split_at,
    widths,
)
from scoring.render.xlsx import write_xlsx

from . import office
from .conftest import ROOT

SEED = ["department.toml", "project-equipment.toml", "project-platform.toml"]


@pytest.fixture(scope="module")
def seed() -> dict[str, EvaluationResult]:
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        results = score_paths([f"examples/beiguan-2023/{name}" for name in SEED]).results
    finally:
        os.chdir(here)
    return {Path(r.file).stem: r for r in results}


# --- page breaks, computed ----------------------------------------------------------------------------------


def test_breaks_fill_each_page_and_keep_the_total_with_a_row() -> None:
    # ten rows of 10 pt, 35 pt a page: three rows a page, but the last (总分) never alone
    assert page_breaks([10.0] * 10, 35, 35) == [3, 6, 8]
    assert page_breaks([10.0] * 3, 35, 35) == []


def test_breaks_leave_room_for_the_repeated_header() -> None:
    # rows 1–2 are the header: printed again atop page 2, which then holds two rows, not four
    assert page_breaks([10.0] * 8, 45, 45, range(1, 3)) == [4, 6]


def test_header_never_alone_at_the_foot_of_a_page() -> None:
    # the header fits on page 1 but its first row does not: the header goes to page 2 with it
    assert page_breaks([30.0, 10, 10, 10, 10], 52, 100, range(1, 3)) == [1]


def test_text_measured_as_word_processors_set_it() -> None:
    """CJK two cells, digits one, % two, and the autospace Word puts between 年 and 9: 2023年9月底前 needs
    14.5 cells, so it breaks in a column of 13 (LibreOffice broke it there while a plain count said 13)."""
    from scoring.render.printing import cells

    assert cells("年度指标值") == 10 and cells("100") == 3 and cells("95%") == 4
    assert cells("2023年9月底前") == 14.5
    assert line_count("2023年9月底前", 13) == 2 and line_count("2023年9月底前", 15) == 1
    assert line_count("执行率\n（B/A×100%）", 15) == 2 and line_count("执行率\n（B/A×100%）", 14) == 3


def test_a_merged_cell_cut_by_a_break_is_repeated_with_its_label() -> None:
    grid = Grid([Column("一级指标", 8), Column("三级指标", 8)], heading_rows=0)
    grid.add_row([Cell("绩效管理", style="center", rowspan=3), Cell("甲")])
    grid.add_row([Cell("乙")])
    grid.add_row([Cell("丙")])
    split = split_at(grid, [2])
    labels = sorted((p.row, p.cell.rowspan) for p in split.cells if p.cell.text == "绩效管理")
    assert labels == [(0, 2), (2, 1)]
    assert len(grid.cells) == 4  # the grid itself is left as it was


# --- orientation and widths ---------------------------------------------------------------------------------


def test_portrait_where_the_grid_fits_else_landscape(seed: dict[str, EvaluationResult]) -> None:
    body = Body()
    assert choose_page([build(seed["project-equipment"])], "auto", body) == Page()
    wide = simple([Column(f"第{n}列", 12) for n in range(14)], [])
    assert choose_page([wide], "auto", body) == Page(landscape=True)
    assert choose_page([wide], "portrait", body) == Page()
    assert choose_page([build(seed["department"])], "landscape", body).landscape


def test_columns_balanced(seed: dict[str, EvaluationResult]) -> None:
    """Headers take at most two lines (执行率 two), numbers one; no column is wider than it needs."""
    body = Body()
    for result in seed.values():
        grid = build(result)
        sizes = widths(grid, Page().usable_width, body)
        assert sum(sizes) == pytest.approx(Page().usable_width)
        for placed in grid.cells:
            cell = placed.cell
            if placed.row < grid.heading_rows or cell.style not in {"head", "num"}:
                continue
            room = body.room(sum(sizes[placed.col : placed.col + cell.colspan]))
            lines = line_count(cell.text, room)
            assert lines <= (2 if cell.style == "head" else 1), (result.name, cell.text, lines)
            if cell.text.startswith("执行率"):
                assert lines == 2


def test_the_seed_project_table_lays_out_on_one_portrait_page(seed: dict[str, EvaluationResult]) -> None:
    printed = lay_out(build(seed["project-equipment"]), Page(), Body(), above=44)
    assert printed.breaks == [] and not printed.page.landscape


# --- the files' print setup ---------------------------------------------------------------------------------


def _row_flags(table: object) -> list[tuple[bool, bool]]:
    from docx.oxml.ns import qn

    flags = []
    for row in table.rows:  # type: ignore[attr-defined]
        trpr = row._tr.trPr
        names = {child.tag for child in trpr} if trpr is not None else set()
        flags.append((qn("w:cantSplit") in names, qn("w:tblHeader") in names))
    return flags


def test_docx_rows_keep_together_and_the_header_repeats(
    seed: dict[str, EvaluationResult], tmp_path: Path
) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    path = tmp_path / "dept.docx"
    write_docx([seed["department"]], path)
    doc = Document(str(path))
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT]
    width = doc.sections[0].page_width
    assert width is not None and round(width.cm, 1) == 21.0
    upper, indicators = doc.tables
    assert all(keep for keep, _ in _row_flags(upper) + _row_flags(indicators))
    assert not any(head for _, head in _row_flags(upper))
    # the indicator table opens with 绩效指标 and the column heads, both repeated on every page
    assert [head for _, head in _row_flags(indicators)][:3] == [True, True, False]
    assert indicators.rows[1].cells[0].text == "一级指标"


def test_docx_break_opens_the_next_page_with_the_header_and_the_label(
    seed: dict[str, EvaluationResult], tmp_path: Path
) -> None:
    from docx import Document

    path = tmp_path / "dept.docx"
    write_docx([seed["department"]], path, Options(orientation="landscape"))
    doc = Document(str(path))
    _upper, first, second = doc.tables
    assert [c.text for c in second.rows[1].cells][:3] == ["一级指标", "二级指标", "三级指标"]
    assert [head for _, head in _row_flags(second)][:3] == [True, True, False]
    # the 一级 cell the break cut is printed again, with its label, atop the second page
    assert second.rows[2].cells[0].text == first.rows[2].cells[0].text == "投入管理指标\n（30分）"
    spacer = second._tbl.getprevious()
    assert spacer.pPr is not None and spacer.pPr.pageBreakBefore is not None


def test_xlsx_every_sheet_has_its_print_setup(seed: dict[str, EvaluationResult], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "seed.xlsx"
    write_xlsx(list(seed.values()), path, Options(findings=True))
    book = load_workbook(path)
    assert book.sheetnames[-2:] == ["汇总", "问题清单"]
    for ws in book.worksheets:
        setup = ws.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
        assert setup.orientation == "portrait", ws.title
    project = book["采购政务服务自动化设备项目"]
    first, last = project.print_title_rows.replace("$", "").split(":")
    assert project.cell(int(first), 1).value == "绩效指标"
    assert project.cell(int(last), 1).value == "一级指标"
    assert book["汇总"].print_title_rows == "$2:$2"


def test_xlsx_break_and_repeated_label(seed: dict[str, EvaluationResult], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "dept.xlsx"
    write_xlsx([seed["department"]], path, Options(orientation="landscape"))
    ws = load_workbook(path).active
    assert ws is not None and ws.page_setup.orientation == "landscape"
    (brk,) = ws.row_breaks.brk
    first_on_page_2 = brk.id + 1
    assert ws.cell(first_on_page_2, 1).value == "投入管理指标\n（30分）"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith(f"A{first_on_page_2}:A") for r in merged)


# --- printed by LibreOffice ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(seed: dict[str, EvaluationResult], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    lacking = office.missing()
    if lacking:
        pytest.skip(f"LibreOffice / poppler not installed ({', '.join(lacking)}): make look installs them")
    folder = tmp_path_factory.mktemp("print")
    files = []
    for stem in ("project-equipment", "department", "project-platform"):
        write_docx([seed[stem]], folder / f"{stem}.docx")
        write_xlsx([seed[stem]], folder / f"{stem}-sheet.xlsx")
    long = _long_evaluation()
    write_docx([long], folder / "long.docx")
    write_xlsx([long], folder / "long-sheet.xlsx")
    landscape = Options(orientation="landscape")
    write_docx([seed["department"]], folder / "department-landscape.docx", landscape)
    write_xlsx([seed["department"]], folder / "department-landscape-sheet.xlsx", landscape)
    files = sorted(folder.glob("*.docx")) + sorted(folder.glob("*.xlsx"))
    return {pdf.stem: pdf for pdf in office.to_pdf(files, folder / "pdf")}


def _long_evaluation() -> EvaluationResult:
    """A generated project of 120 indicator rows (several pages)."""
    import tomllib

    import tomli_w

    from benchmarks.generate import evaluations
    from scoring.api import score
    from scoring.domain.models import Evaluation

    data = next(evaluations(1, seed=3, rows_per=120))
    return score(Evaluation.model_validate(tomllib.loads(tomli_w.dumps(data))))


@pytest.mark.parametrize(("stem", "body"), [("long", "docx"), ("long-sheet", "xlsx")])
def test_pages_break_where_computed(printed: dict[str, Path], stem: str, body: str) -> None:
    """The pages LibreOffice prints are the pages computed, each after the first opening with the header."""
    from scoring.render import docx, xlsx
    from scoring.render.common import official

    grid = build(official(_long_evaluation()))
    setup = docx.BODY if body == "docx" else xlsx.BODY
    above = docx._title_height(grid) if body == "docx" else xlsx.TITLE_HEIGHT + xlsx.SUBTITLE_HEIGHT
    breaks = lay_out(grid, Page(), setup, above=above).breaks
    pdf = printed[stem]
    assert len(breaks) >= 2 and office.pages(pdf) == len(breaks) + 1
    for page in range(2, office.pages(pdf) + 1):
        words = office.page_text(pdf, page).split()
        assert words[0] == "绩效指标" and "一级指标" in words[1:12], page


@pytest.mark.parametrize("stem", ["project-equipment", "project-equipment-sheet"])
def test_the_seed_project_table_prints_on_one_portrait_page(printed: dict[str, Path], stem: str) -> None:
    pdf = printed[stem]
    assert office.pages(pdf) == 1 and office.portrait(pdf)
    text = office.page_text(pdf, 1)
    assert "项目支出绩效自评情况表" in text and "90.87" in text and "等级：优" in text


OTHERS = ["department", "department-sheet", "project-platform", "project-platform-sheet"]


@pytest.mark.parametrize("stem", OTHERS)
def test_the_other_seed_tables_print_portrait(printed: dict[str, Path], stem: str) -> None:
    pdf = printed[stem]
    assert office.portrait(pdf) and office.pages(pdf) == 1
    assert "总分" in office.page_text(pdf, 1)


@pytest.mark.parametrize("stem", ["department-landscape", "department-landscape-sheet"])
def test_a_second_page_opens_with_the_header_and_the_label(printed: dict[str, Path], stem: str) -> None:
    pdf = printed[stem]
    assert office.pages(pdf) == 2 and not office.portrait(pdf)
    second = office.page_text(pdf, 2)
    words = second.split()
    assert words[0] == "绩效指标"
    head = words[1:12]  # the column heads (偏差原因分析 / 及改进措施 on two lines)
    assert all(name in head for name in ("一级指标", "二级指标", "三级指标", "年度指标值", "偏差度"))
    compact = "".join(words)
    assert "投入管理指标" in compact and "（30分）" in compact and "总分" in compact  # the 一级 cell again
    assert "投入管理指标" in office.page_text(pdf, 1)
