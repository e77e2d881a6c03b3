"""Exports of scored evaluations: table (terminal text), md, csv, json, xlsx, docx, html.

Every export prints numbers and % in half-width (``common.official``). The documents for people (docx,
xlsx) hold the official tables only unless ``Options.findings`` asks for the findings too; the machine
formats (json, csv) keep everything. Each heavy library (openpyxl, python-docx) is imported only when its
format is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from scoring.domain.results import EvaluationResult

if TYPE_CHECKING:
    from scoring.render.common import Options

FORMATS = ("table", "md", "csv", "json", "xlsx", "docx", "html")
BINARY = frozenset({"xlsx", "docx"})
EXTENSION = {
    "table": "txt",
    "md": "md",
    "csv": "csv",
    "json": "json",
    "xlsx": "xlsx",
    "docx": "docx",
    "html": "html",
}


def render_text(fmt: str, results: list[EvaluationResult], *, detail: bool = False) -> str:
    """The text of a text format (table, md, csv, json, html)."""
    from scoring.render.common import official

    results = [official(r) for r in results]
    if fmt == "json":
        from scoring.domain.results import ScoreReport

        return ScoreReport(evaluations=results).model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        from scoring.render.csv import render_csv

        return render_csv(results)
    if fmt == "md":
        from scoring.render.md import render_md

        return render_md(results, detail=detail)
    if fmt == "html":
        from scoring.render.html import render_html

        return render_html(results)
    from scoring.render.table import render_evaluation, render_summary

    if len(results) == 1:
        return render_evaluation(results[0]) + "\n"
    parts = [render_summary(results)]
    if detail:
        parts.extend(render_evaluation(r) for r in results)
    return "\n\n".join(parts) + "\n"


def json_pieces(batches: Iterable[list[EvaluationResult]]) -> Iterator[str]:
    """The json format's text in pieces, a batch of results at a time (a province's table is never held
    whole): the same text ``render_text("json", …)`` gives for all of them at once."""
    from scoring.render.common import official

    yield '{\n  "evaluations": ['
    first = True
    for batch in batches:
        for result in map(official, batch):
            body = result.model_dump_json(indent=2).replace("\n", "\n    ")
            yield ("\n    " if first else ",\n    ") + body
            first = False
    yield "]\n}\n" if first else "\n  ]\n}\n"


def write(
    fmt: str,
    results: list[EvaluationResult],
    path: str | Path,
    *,
    detail: bool = True,
    options: Options | None = None,
) -> None:
    """Write one file in ``fmt`` (raises OSError when it cannot be written)."""
    if fmt in BINARY:
        from scoring.render.common import xml_ready

        results = xml_ready(results)
        if fmt == "xlsx":
            from scoring.render.xlsx import write_xlsx

            write_xlsx(results, path, options)
        else:
            from scoring.render.docx import write_docx

            write_docx(results, path, options)
        return
    text = render_text(fmt, results, detail=detail)
    # csv carries a BOM so Excel (and WPS) open the Chinese text as UTF-8
    Path(path).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
