"""Finding evaluation files and scoring many of them, reporting unusable ones without stopping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .evaluate import load_case, results, score_cases
from .frame import Case
from .results import EvaluationResult, Finding


def collect(paths: Iterable[str]) -> list[Path]:
    """Files as given; folders searched (recursively) for ``*.toml`` files holding an [evaluation]."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for candidate in sorted(path.rglob("*.toml")):
                try:
                    head = candidate.read_text(encoding="utf-8-sig", errors="replace")
                except OSError:
                    head = "[evaluation]"
                if "[evaluation]" in head:
                    found.append(candidate)
        else:
            found.append(path)
    return found


def failed_result(error: InputError) -> EvaluationResult:
    """An evaluation that could not be read still appears, with its findings."""
    findings = [
        Finding(severity="error", code="input_error", message=p.message, where=p.row or "文件", line=p.line)
        for p in error.problems
    ]
    return EvaluationResult(
        file=error.path,
        kind="unknown",
        name=Path(error.path).stem,
        year=None,
        execution=None,
        indicators=[],
        reviews=[],
        subtotals=[],
        weight_total=Decimal(0),
        total=None,
        grade=None,
        findings=findings,
    )


@dataclass
class Batch:
    results: list[EvaluationResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def score_paths(paths: Iterable[str]) -> Batch:
    """Load every file (collecting the unusable ones), score the rest in one pass, keep the given order."""
    files = collect(paths)
    cases: list[Case] = []
    order: list[int | InputError] = []
    batch = Batch()
    for file in files:
        try:
            cases.append(load_case(file))
            order.append(len(cases) - 1)
        except InputError as exc:
            batch.errors.append(exc)
            order.append(exc)
    scored = results(score_cases(cases)) if cases else []
    for item in order:
        batch.results.append(failed_result(item) if isinstance(item, InputError) else scored[item])
    return batch
