"""Reading the tables people already have: 自评表 and 绩效目标表 from Excel, WPS, Word and PDF files.

``read`` opens a document as grids of cells (python-calamine, python-docx, pdfplumber; each imported only
when such a file is read), ``layout`` finds the tables by their Chinese headings (``headings.toml``),
``mapping`` turns each into an ``Evaluation`` with the cell every value came from, and ``importer`` ties
them together. Importing this package costs nothing.
"""

from __future__ import annotations

from pathlib import Path

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
WORD = frozenset({".docx", ".docm"})
PDF = frozenset({".pdf"})
LEGACY = frozenset({".doc", ".wps", ".et"})
SUFFIXES = SPREADSHEETS | WORD | PDF | LEGACY
"""The documents jixiao reads (by name; the content is checked when read)."""


def is_document(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES
