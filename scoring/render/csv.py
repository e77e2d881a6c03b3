"""csv: one row per indicator, with the evaluation's columns; UTF-8 with BOM so Excel reads Chinese."""

from __future__ import annotations

import csv
import io

from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult

COLUMNS = [
    "file",
    "name",
    "kind",
    "year",
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "weight",
    "rule",
    "score",
    "deviation",
    "status",
    "reason",
    "reported_score",
]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula begins (=HYPERLINK(…), =cmd|' /C calc'!A0, @SUM(…))."""


def neutral(text: str) -> str:
    """A text cell as a spreadsheet shows it and never runs it: one that begins like a formula gets a
    leading ' (OWASP's advice). A 年度指标值 such as "=100%" or "=112套" is then shown as the text the
    clerk wrote, which is what was meant."""
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(results: list[EvaluationResult]) -> str:
    """The text (without BOM; the writer adds it): CRLF line ends as the csv module writes them. Text
    cells are ``neutral``; the numbers jixiao computed are written as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in results:
        for ind in r.indicators:
            writer.writerow(
                [
                    neutral(r.file),
                    neutral(r.name),
                    r.kind,
                    "" if r.year is None else r.year,
                    neutral(ind.level1),
                    neutral(ind.level2),
                    neutral(ind.level3),
                    neutral(ind.target),
                    neutral(ind.actual or ""),
                    fmt_plain(ind.weight),
                    ind.rule,
                    fmt2(ind.score),
                    fmt2(ind.deviation),
                    ind.status,
                    neutral(ind.reason or ""),
                    fmt_plain(ind.reported_score),
                ]
            )
    return buffer.getvalue()
