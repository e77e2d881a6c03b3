"""Opening a document as grids: the reader chosen by the file's name, checked against its first bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NamedTuple

from scoring.io.documents import LEGACY, PDF, SPREADSHEETS, WORD
from scoring.io.documents.grid import Grid
from scoring.io.documents.problems import Problem, unreadable
from scoring.io.reading import (
    DOCUMENT_LIMIT_ENV,
    UNPACKED_FACTOR,
    check_regular,
    document_limit_bytes,
    size_text,
)

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _sniff(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8)


def _encrypted(path: Path) -> bool:
    """An Office file saved with a password is an OLE container holding an ``EncryptedPackage``."""
    with path.open("rb") as handle:
        return _ENCRYPTED in handle.read(1 << 22)


def _within_limits(path: Path, display: str, size: int) -> None:
    """Refuse a document larger than the limit, or a zip-based one (xlsx, docx, ods) that unpacks to more
    than ``UNPACKED_FACTOR`` times it (a zip bomb), before any reader opens it."""
    limit = document_limit_bytes()
    advice = f"如确需读取，请设置环境变量 {DOCUMENT_LIMIT_ENV}（单位 MB）"
    if size > limit:
        raise unreadable(display, f"文件过大（{size_text(size)}，上限 {size_text(limit)}）；{advice}")
    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(member.file_size for member in book.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip (pdf, xls), or a broken one: its reader says what is wrong with it
    if unpacked > limit * UNPACKED_FACTOR:
        raise unreadable(
            display,
            f"文件解压后过大（{size_text(size)} 解压为 {size_text(unpacked)}，上限 "
            f"{size_text(limit * UNPACKED_FACTOR)}），可能是压缩炸弹，不予读取；{advice}",
        )


class Opened(NamedTuple):
    """A document as grids: its tables, the problems met while reading it, whether its grids stand alone
    (sheets), and the text outside its tables in order (Word's paragraphs)."""

    grids: list[Grid]
    problems: list[Problem]
    independent: bool
    lines: list[str]


def read_grids(path: Path, display: str) -> Opened:
    """The document opened as grids (raises InputError, in Chinese, when it cannot be read)."""
    suffix = path.suffix.lower()
    if path.exists() and not path.is_dir():
        size = check_regular(path)  # a FIFO named x.xlsx or a link to /dev/zero: refused, never waited on
        _within_limits(path, display, size)
    try:
        head = _sniff(path)
    except FileNotFoundError as exc:
        raise unreadable(display, "文件不存在") from exc
    except IsADirectoryError as exc:
        raise unreadable(display, "这是一个文件夹，不是文件") from exc
    except OSError as exc:
        raise unreadable(display, f"无法读取文件（{exc.strerror}）") from exc
    if not head:
        raise unreadable(display, "文件为空")
    ole = head.startswith(b"\xd0\xcf\x11\xe0")
    if ole and suffix in SPREADSHEETS | WORD and _encrypted(path):
        raise unreadable(
            display,
            "文件有密码保护，无法读取；请在 Excel、Word 或 WPS 中打开并取消密码后另存为 "
            + (".docx" if suffix in WORD else ".xlsx"),
        )
    if head.lstrip().lower().startswith((b"<html", b"<!doc", b"<table", b"<?xml")) and suffix in {
        ".xls",
        ".doc",
    }:
        raise unreadable(
            display,
            "这是网页（HTML/XML）格式的表格，只是扩展名为 "
            + suffix
            + "；请在 Excel 或 WPS 中打开后另存为 .xlsx",
        )
    if suffix in SPREADSHEETS:
        from scoring.io.documents.sheets import read_workbook

        grids, problems = read_workbook(path, display)
        return Opened(grids, problems, True, [])
    if suffix in WORD:
        if ole:
            raise unreadable(
                display, "这是旧版 Word 文件（.doc），只是扩展名为 .docx；请在 Word 或 WPS 中另存为 .docx"
            )
        from scoring.io.documents.word import read_docx

        grids, problems, lines = read_docx(path, display)
        return Opened(grids, problems, False, lines)
    if suffix in PDF:
        if not head.startswith(b"%PDF"):
            raise unreadable(display, "不是 PDF 文件（文件开头没有 %PDF）；请确认文件完整")
        from scoring.io.documents.pdf import read_pdf

        grids, problems = read_pdf(path, display)
        return Opened(grids, problems, False, [])
    if suffix in LEGACY:
        from scoring.io.documents.convert import convert_legacy, temporary_folder

        with temporary_folder() as folder:
            converted = convert_legacy(path, display, Path(folder))
            return read_grids(converted, display)
    raise unreadable(display, f"不支持的文件类型“{suffix}”；可读取 .xlsx、.xls、.ods、.docx、.pdf 和 .toml")
