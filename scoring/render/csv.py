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


def render_csv(results: list[EvaluationResult]) -> str:
    """The text (without BOM; the writer adds it): CRLF line ends as the csv module writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in results:
        for ind in r.indicators:
            writer.writerow(
                [
                    r.file,
                    r.name,
                    r.kind,
                    "" if r.year is None else r.year,
                    ind.level1,
                    ind.level2,
                    ind.level3,
                    ind.target,
                    ind.actual or "",
                    fmt_plain(ind.weight),
                    ind.rule,
                    fmt2(ind.score),
                    fmt2(ind.deviation),
                    ind.status,
                    ind.reason or "",
                    fmt_plain(ind.reported_score),
                ]
            )
    return buffer.getvalue()
