"""Documents that cannot be used: a Chinese message naming the file (and the cell), exit 2, no traceback."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.document_tables import C, Table, seed_project, write_pdf, write_xlsx


def jixiao(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def refused(path: Path, *words: str) -> str:
    """Run import, score and check on ``path``: each exits 2 with the words in Chinese, no traceback."""
    texts = []
    for command in ("import", "score", "check"):
        done = jixiao(command, path)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout
        for word in (path.name, *words):
            assert word in done.stderr + done.stdout, (command, word, done.stderr, done.stdout)
        texts.append(done.stderr + done.stdout)
    return texts[0]


def _project() -> Table:
    from scoring import api

    return seed_project(api.load(SEED / "project-equipment.toml"))


def test_image_only_pdf_page(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    picture = tmp_path / "scan.png"
    Image.new("RGB", (400, 300), "white").save(picture)
    path = tmp_path / "扫描件.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(str(picture), 50, 400, width=400, height=300)
    page.showPage()
    page.save()
    refused(path, "第 1 页是扫描件", "OCR")


def test_password_protected_xlsx(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx([_project()], tmp_path / "plain.xlsx")
    path = tmp_path / "加密.xlsx"
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("1234", encrypted)
    path.write_bytes(encrypted.getvalue())
    refused(path, "密码保护", "另存为 .xlsx")


def test_old_word_doc(tmp_path: Path) -> None:
    """Without LibreOffice: say how to save it; with it, a broken .doc still fails in Chinese."""
    path = tmp_path / "旧格式.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    refused(path, ".doc", "另存为 .docx")


def test_sheet_with_only_a_header(tmp_path: Path) -> None:
    table = Table(ncols=6)
    table.add(*[C(h) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值")])
    path = write_xlsx([table], tmp_path / "只有表头.xlsx")
    refused(path, "只有表头", "工作表「自评表1」")


def test_level1_merged_over_the_wrong_rows(tmp_path: Path) -> None:
    """产出指标 merged one row too far, over a row whose 二级 is 经济效益指标."""
    table = _project()
    # rows: … header, then 成本(2 rows) 产出(4 rows) 效益(6 rows) 满意度(2 rows); grow 产出 by one
    start = next(i for i, row in enumerate(table.rows) if row and row[0].text == "产出\n指标")
    table.rows[start][0].rowspan += 1
    first_benefit = start + 4
    assert table.rows[first_benefit][0].text == "效益\n指标"
    table.rows[first_benefit].pop(0)
    table.rows[first_benefit + 1][0:0] = [C("效益\n指标", rowspan=5)]
    path = write_xlsx([table], tmp_path / "合并错.xlsx")
    text = refused(path, "合并", "经济效益指标", "工作表「自评表1」A")
    assert "产出指标" in text


def _big_xlsx(path: Path, rows: int) -> Path:
    """An xlsx of about 10 MB written straight as XML (a data dump, no 自评表)."""
    import random

    rnd = random.Random(5)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    for r in range(1, rows + 1):
        cells = "".join(f'<c r="{col}{r}"><v>{rnd.random():.12f}</v></c>' for col in "ABCDEFGH")
        parts.append(f'<row r="{r}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", "".join(parts))
    return path


def test_ten_megabyte_xlsx(tmp_path: Path) -> None:
    path = _big_xlsx(tmp_path / "大表.xlsx", 160_000)
    assert path.stat().st_size > 9_000_000
    refused(path, "工作表「数据」", "未读取", "没有找到自评表")


def test_a_table_that_is_no_evaluation(tmp_path: Path) -> None:
    table = Table(ncols=3)
    table.add(C("项目"), C("预算数"), C("决算数"))
    table.add(C("合计"), C("1"), C("1"))
    path = write_pdf([table], tmp_path / "收支表.pdf")
    refused(path, "没有找到自评表", "三级指标")


@pytest.mark.parametrize("name", ["空.xlsx", "空.docx", "空.pdf"])
def test_empty_or_truncated_files(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    refused(path, "文件为空")
    path.write_bytes(b"PK\x03\x04 truncated")
    done = jixiao("import", path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and name in done.stderr


def test_password_protected_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "加密.pdf"
    page = canvas.Canvas(str(path), encrypt="1234")
    page.drawString(100, 700, "secret")
    page.showPage()
    page.save()
    refused(path, "密码保护")


def _env(**values: str) -> dict[str, str]:
    import os

    return {**os.environ, **values}


def test_a_document_above_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Documents had no size limit (evaluations have 20 MB): JIXIAO_MAX_DOCUMENT_MB, 200 MB by default."""
    path = write_xlsx([_project()], tmp_path / "自评表.xlsx")
    assert path.stat().st_size > 2048
    small = _env(JIXIAO_MAX_DOCUMENT_MB="0.001")  # about 1 KB
    for command in ("import", "score", "check"):
        done = subprocess.run(
            [sys.executable, "-m", "scoring.cli", command, str(path)],
            capture_output=True, text=True, timeout=300, env=small,
        )  # fmt: skip
        said = done.stderr + done.stdout
        assert done.returncode == 2 and "Traceback" not in said, (command, said)
        assert "文件过大" in said and "JIXIAO_MAX_DOCUMENT_MB" in said and path.name in said, said
    assert jixiao("score", path).returncode == 0  # within the default limit: read as before


def test_a_zip_bomb_named_xlsx_is_refused_unopened(tmp_path: Path) -> None:
    """A few KB that unpack to far more than the document limit: refused from the zip's directory, before
    any reader inflates it."""
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 200 * 1024
    done = subprocess.run(
        [sys.executable, "-m", "scoring.cli", "check", str(path)],
        capture_output=True, text=True, timeout=300, env=_env(JIXIAO_MAX_DOCUMENT_MB="1"),
    )  # fmt: skip
    said = done.stderr + done.stdout
    assert done.returncode == 2 and "Traceback" not in said, said
    assert "解压后过大" in said and "30.0 MB" in said and "压缩炸弹" in said, said
