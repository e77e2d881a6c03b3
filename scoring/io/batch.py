"""Many files: find them, load them on every core, score them in one pass, keep going past bad ones."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from scoring.core.convert import results, summary_frame
from scoring.core.frames import Case, Frames, case_frames
from scoring.core.pipeline import Scored, score_frames
from scoring.domain.errors import InputError
from scoring.domain.results import EvaluationResult, Finding
from scoring.io.cases import load_case
from scoring.io.documents import SUFFIXES, is_document
from scoring.io.toml_read import NotAnEvaluation

if TYPE_CHECKING:
    from scoring.io.documents.cases import DocumentOptions
    from scoring.io.documents.mapping import Imported

PARALLEL_FROM = 400
"""Fewer files than this load faster in one process than it takes to start workers."""
DOCUMENT_WEIGHT = 10
"""A document (xlsx, docx, pdf …) takes about as long to read as this many TOML files."""
CHUNK = 250


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched (recursively) for ``*.toml`` and the documents jixiao reads
    (.xlsx, .xls, .ods, .docx, .pdf, .doc …; Office's ``~$`` lock files left out). Indicator sets among
    them are skipped when they are read."""
    found: list[Path] = []
    for name in paths:
        path = name if isinstance(name, Path) else Path(name)
        if path.is_dir():
            found.extend(
                FoundInFolder(p)
                for p in sorted(path.rglob("*"))
                if (p.suffix.lower() == ".toml" or p.suffix.lower() in SUFFIXES)
                and not p.name.startswith(("~$", ".~lock"))
                and p.is_file()
            )
        else:
            found.append(path)
    return found


class FoundInFolder(type(Path())):  # type: ignore[misc]
    """A path found by searching a folder: an indicator set there is skipped, not reported."""


def failed_result(error: InputError) -> EvaluationResult:
    """An evaluation that could not be read still appears, with its findings."""
    findings = [
        Finding(
            severity="error",
            code="input_error",
            message=p.message,
            where=p.row or "文件",
            line=p.line,
            cell=p.cell,
        )
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
class Loaded:
    """One chunk of files loaded (in a worker or here): their frames, and the files that failed."""

    frames: Frames
    cases: list[Case]
    order: list[int | InputError]
    imported: dict[int, Imported] = field(default_factory=dict)  # case → the document table it came from


def load_chunk(
    files: Sequence[Path], keep_cases: bool = True, documents: DocumentOptions | None = None
) -> Loaded:
    cases: list[Case] = []
    order: list[int | InputError] = []
    imported: dict[int, Imported] = {}
    for file in files:
        try:
            if is_document(file):
                from scoring.io.documents.cases import DocumentOptions, document_cases

                more, found = document_cases(file, documents or DocumentOptions())
                for case, source in zip(more, found, strict=True):
                    imported[len(cases)] = source
                    cases.append(case)
                    order.append(len(cases) - 1)
                continue
            cases.append(load_case(file, lines=keep_cases))
            order.append(len(cases) - 1)
        except NotAnEvaluation as exc:
            if not isinstance(file, FoundInFolder):
                order.append(exc)
        except InputError as exc:
            order.append(exc)
    return Loaded(case_frames(cases), cases if keep_cases else [], order, imported if keep_cases else {})


@dataclass
class Batch:
    results: list[EvaluationResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    summary: pl.DataFrame | None = None  # built only without detail (see score_paths)
    scored: Scored | None = None


def _load_all(
    files: list[Path],
    keep_cases: bool,
    progress: Callable[[int], None] | None,
    documents: DocumentOptions | None = None,
) -> list[Loaded]:
    """Load every chunk of files: in one worker process per core when there are many files."""
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    weight = sum(DOCUMENT_WEIGHT if is_document(file) else 1 for file in files)
    if weight >= PARALLEL_FROM and len(chunks) < (os.cpu_count() or 1):  # documents: smaller chunks
        size = max(len(files) // (os.cpu_count() or 1), 1)
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
    workers = min(os.cpu_count() or 1, len(chunks))
    loaded: list[Loaded] = []
    if weight < PARALLEL_FROM or workers < 2:
        for chunk in chunks:
            loaded.append(load_chunk(chunk, keep_cases, documents))
            if progress:
                progress(len(chunk))
        return loaded
    from concurrent.futures import ProcessPoolExecutor  # only here: importing it costs ~4 ms at start-up
    from multiprocessing import get_context

    # spawn, not fork: a forked child of a process that has used polars' thread pool can deadlock
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        parts = pool.map(load_chunk, chunks, [keep_cases] * len(chunks), [documents] * len(chunks))
        for chunk, part in zip(chunks, parts, strict=True):
            loaded.append(part)
            if progress:
                progress(len(chunk))
    return loaded


def _summary(scored: Scored, order: list[int | InputError]) -> pl.DataFrame:
    """One summary row per file in the given order, files that failed included."""
    errors = [item for item in order if isinstance(item, InputError)]
    summary = summary_frame(scored.evals, scored.findings)
    failed = pl.DataFrame(
        {
            "file": [e.path for e in errors],
            "name": [Path(e.path).stem for e in errors],
            "kind": ["unknown"] * len(errors),
            "errors": [len(e.problems) for e in errors],
        },
        schema={"file": pl.String, "name": pl.String, "kind": pl.String, "errors": pl.UInt32},
    )
    position = pl.Series("position", [i for i, item in enumerate(order) if isinstance(item, int)], pl.Int64)
    failed_position = pl.Series(
        "position", [i for i, item in enumerate(order) if isinstance(item, InputError)], pl.Int64
    )
    return (
        pl.concat(
            [summary.with_columns(position), failed.with_columns(failed_position)], how="diagonal_relaxed"
        )
        .sort("position")
        .drop("position")
        .with_columns(pl.col("warnings").fill_null(0))
    )


def score_paths(paths: Iterable[str | Path], *, detail: bool = True) -> Batch:
    """``score_files`` of the evaluation files among ``paths`` (folders searched)."""
    return score_files(collect(paths), detail=detail)


def score_files(
    files: Sequence[Path],
    *,
    detail: bool = True,
    progress: Callable[[int], None] | None = None,
    documents: DocumentOptions | None = None,
) -> Batch:
    """Load every file (in parallel when there are many), score them all in one pass, keep the given order.

    With ``detail`` every evaluation's full result is built (and no summary frame); without it only the
    summary frame (one row per evaluation, files that failed included), which is what a district's or a
    province's folder needs. ``documents``: the 年度 and sets for tables read from documents.
    """
    loaded = _load_all(list(files), detail, progress, documents)
    frames = Frames.concat([part.frames for part in loaded])
    cases = [case for part in loaded for case in part.cases]
    scored = score_frames(frames, cases, messages=detail)
    batch = Batch(scored=scored)
    order: list[int | InputError] = []
    imported: dict[int, Imported] = {}
    offset = 0
    for part in loaded:
        order.extend(item + offset if isinstance(item, int) else item for item in part.order)
        imported.update((item + offset, source) for item, source in part.imported.items())
        offset += part.frames.meta.height
    batch.errors = [item for item in order if isinstance(item, InputError)]
    if detail:
        scored_results = results(scored)
        if imported:
            from scoring.io.documents.cases import attach_cells

            for index, source in imported.items():
                attach_cells(scored_results[index], source)
        batch.results = [
            failed_result(item) if isinstance(item, InputError) else scored_results[item] for item in order
        ]
    else:
        batch.summary = _summary(scored, order)
    return batch
