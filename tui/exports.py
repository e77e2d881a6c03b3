"""The export modal's formats: the very writers of ``jixiao score -o`` (``scoring.api.export``)."""

from __future__ import annotations

from pathlib import Path

from scoring import api
from scoring.domain.results import EvaluationResult

NAMES = {
    "table": "终端自评表（文本）",
    "md": "Markdown",
    "csv": "CSV 表格",
    "json": "JSON 结果",
    "xlsx": "Excel 工作簿",
    "docx": "Word 文档",
    "html": "网页 HTML",
}
FORMATS: list[tuple[str, str, str]] = [(fmt, NAMES[fmt], api.EXTENSION[fmt]) for fmt in api.FORMATS]
EXTENSIONS = dict(api.EXTENSION)


def export(result: EvaluationResult, fmt: str, path: Path) -> None:
    """Write ``result`` as ``fmt`` to ``path`` (raises OSError when it cannot be written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    api.export(fmt, [result], path, detail=True)
