"""A thin adapter to the headless exporters in ``scoring.exports`` (found at run time).

The TUI never renders an export itself: it hands the scored result to the module that ``jixiao score``
uses. ``table`` and ``json`` fall back to the CLI's own renderers while ``scoring.exports`` is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.results import EvaluationResult, ScoreReport

FORMATS: list[tuple[str, str, str]] = [
    ("table", "终端自评表（文本）", "txt"),
    ("md", "Markdown", "md"),
    ("csv", "CSV 表格", "csv"),
    ("json", "JSON 结果", "json"),
    ("xlsx", "Excel 工作簿", "xlsx"),
    ("docx", "Word 文档", "docx"),
    ("html", "网页 HTML", "html"),
]
FORMAT_IDS = [f[0] for f in FORMATS]
EXTENSIONS = {f[0]: f[2] for f in FORMATS}


class ExportUnavailable(Exception):
    """The format has no exporter yet; the message is Chinese."""


@dataclass
class _Found:
    write: Callable[[list[EvaluationResult], Path], None]


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _writer_from(func: Callable[..., Any], fmt: str, with_format: bool) -> _Found:
    def write(results: list[EvaluationResult], path: Path) -> None:
        args: list[Any] = [results, fmt] if with_format else [results]
        try:
            out = func(*args, path)
        except TypeError:
            out = func(*args)
        if isinstance(out, bytes):
            path.write_bytes(out)
        elif isinstance(out, str):
            path.write_text(out, encoding="utf-8")

    return _Found(write)


def _lookup(fmt: str) -> _Found | None:
    package = _module("scoring.exports")
    if package is not None:
        for name in ("export", "write_export", "write"):
            func = getattr(package, name, None)
            if callable(func):
                supported = getattr(package, "FORMATS", None)
                if supported is None or fmt in supported:
                    return _writer_from(func, fmt, with_format=True)
        sub = _module(f"scoring.exports.{fmt}")
        if sub is not None:
            for name in ("write", "export", "render"):
                func = getattr(sub, name, None)
                if callable(func):
                    return _writer_from(func, fmt, with_format=False)
    if fmt == "table":
        from scoring.render_table import render_evaluation

        def table(results: list[EvaluationResult], path: Path) -> None:
            path.write_text("\n\n".join(render_evaluation(r) for r in results) + "\n", encoding="utf-8")

        return _Found(table)
    if fmt == "json":

        def json(results: list[EvaluationResult], path: Path) -> None:
            path.write_text(ScoreReport(evaluations=results).model_dump_json(indent=2), encoding="utf-8")

        return _Found(json)
    return None


def available(fmt: str) -> bool:
    return _lookup(fmt) is not None


def export(result: EvaluationResult, fmt: str, path: Path) -> None:
    found = _lookup(fmt)
    if found is None:
        raise ExportUnavailable(f"“{fmt}”格式的导出尚不可用（导出模块 scoring.exports 尚未提供该格式）")
    path.parent.mkdir(parents=True, exist_ok=True)
    found.write([result], path)
