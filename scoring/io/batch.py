"""Many files: find them, load them on every core, score them in one pass, keep going past bad ones."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from scoring.core.convert import results, summary_frame
from scoring.core.frames import Case, Frames, case_frames
from scoring.core.pipeline import Scored, score_frames
from scoring.domain.errors import InputError, InputProblem
from scoring.domain.results import EvaluationResult, Finding
from scoring.io.cases import load_case
from scoring.io.documents import SUFFIXES, is_document
from scoring.io.reading import read_reason
from scoring.io.toml_read import NotAnEvaluation

if TYPE_CHECKING:
    from scoring.io.documents.cases import DocumentOptions
    from scoring.io.documents.mapping import Imported

PARALLEL_FROM = 400
"""Fewer files than this load faster in one process than it takes to start workers."""
DOCUMENT_WEIGHT = 10
"""A document (xlsx, docx, pdf …) takes about as long to read as this many TOML files."""
CHUNK = 250
TABLE_SUFFIXES = (".csv", ".parquet", ".pq")


def is_table(path: str | Path) -> bool:
    """A long table (one row per indicator, many evaluations) is told apart from evaluation files by its
    suffix; it is read by ``io.long_table``, loaded only when there is one."""
    return Path(path).suffix.lower() in TABLE_SUFFIXES


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched (recursively) for ``*.toml`` and the documents jixiao reads
    (.xlsx, .xls, .ods, .docx, .pdf, .doc …; Office's ``~$`` lock files left out). Indicator sets among
    them are skipped when they are read. A folder that cannot be read is listed too (``UnreadableFolder``):
    it is reported as an input that failed, never skipped without a word."""
    found: list[Path] = []
    for name in paths:
        path = name if isinstance(name, Path) else Path(name)
        try:
            is_folder = path.is_dir()
        except OSError:  # a name the system refuses: reading it says why
            is_folder = False
        if is_folder:
            found.extend(sorted(_search(path)))
        else:
            found.append(path)
    return found


def _search(folder: Path) -> Iterator[Path]:
    """``*.toml`` files and documents under ``folder``; folders reached through a link are not entered
    (no loops)."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        yield UnreadableFolder(folder, reason=read_reason(exc))
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _search(Path(entry.path))
            elif _sought(entry.name):  # a FIFO or device among them is read as refused, not skipped
                yield FoundInFolder(entry.path)
        except OSError as exc:
            yield UnreadableFolder(entry.path, reason=read_reason(exc))


def _sought(name: str) -> bool:
    """An evaluation file or a document, not an Office lock file (``~$x.docx``, ``.~lock.x.xlsx#``)."""
    suffix = Path(name).suffix.lower()
    return (suffix == ".toml" or suffix in SUFFIXES) and not name.startswith(("~$", ".~lock"))


class FoundInFolder(type(Path())):  # type: ignore[misc]
    """A path found by searching a folder: an indicator set there is skipped, not reported."""


class UnreadableFolder(type(Path())):  # type: ignore[misc]
    """A folder (or an entry in one) that could not be searched, and why."""

    reason = ""

    def __new__(cls, *parts: str | Path, reason: str = "") -> UnreadableFolder:
        made = super().__new__(cls, *parts)
        made.reason = reason
        return made

    def __reduce__(self) -> tuple[type[UnreadableFolder], tuple[str], dict[str, str]]:
        return UnreadableFolder, (str(self),), {"reason": self.reason}  # kept when sent to a worker

    def error(self) -> InputError:
        message = f"无法读取文件夹（{self.reason}），其中的自评文件未计入"
        return InputError(str(self), [InputProblem(message)])


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


Loader = Callable[..., Case]
"""How one file becomes a case (``load_case``; the tests pass one that fails on purpose)."""

CRASHED = "读取此文件时处理进程异常终止（可能是内存不足），文件未能评分；其余文件不受影响"


def _unexpected(file: Path, exc: BaseException) -> InputError:
    """A file that broke the reader in a way no message foresaw: said, and the batch goes on."""
    if isinstance(exc, MemoryError):
        return InputError(str(file), [InputProblem("内存不足，无法读取此文件；其余文件不受影响")])
    detail = f"{type(exc).__name__}: {exc}"[:200]
    message = f"读取时出现内部错误（{detail}），请报告此文件；其余文件不受影响"
    return InputError(str(file), [InputProblem(message)])


def load_chunk(
    files: Sequence[Path],
    keep_cases: bool = True,
    documents: DocumentOptions | None = None,
    loader: Loader = load_case,
) -> Loaded:
    with _cycle_collector(False):
        return _load_chunk(files, keep_cases, documents, loader)


@contextmanager
def _cycle_collector(enabled: bool) -> Iterator[None]:
    """The cycle collector on or off for a while, then as it was. Off while a chunk of evaluation files
    loads: loading makes hundreds of thousands of objects that all live on (parsed TOML, models, rows), and
    the collector's passes over them cost a quarter of building the frames; what few cycles it leaves (an
    exception's traceback) go when it resumes. On again while a document is read: its readers' objects
    form cycles (a Word document and its parts), megabytes a document, freed only by the collector."""
    was = gc.isenabled()
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def _load_chunk(
    files: Sequence[Path], keep_cases: bool, documents: DocumentOptions | None, loader: Loader
) -> Loaded:
    cases: list[Case] = []
    order: list[int | InputError] = []
    imported: dict[int, Imported] = {}
    for file in files:
        if isinstance(file, UnreadableFolder):
            order.append(file.error())
            continue
        try:
            if is_document(file):
                from scoring.io.documents.cases import DocumentOptions, document_cases

                with _cycle_collector(True):
                    more, found = document_cases(file, documents or DocumentOptions())
                for case, source in zip(more, found, strict=True):
                    imported[len(cases)] = source
                    cases.append(case)
                    order.append(len(cases) - 1)
                continue
            cases.append(loader(file, lines=keep_cases))
            order.append(len(cases) - 1)
        except NotAnEvaluation as exc:
            if not isinstance(file, FoundInFolder):
                order.append(exc)
        except InputError as exc:
            order.append(exc)
        except Exception as exc:  # one file never sinks the batch (RecursionError, MemoryError …)
            order.append(_unexpected(file, exc))
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
    loader: Loader = load_case,
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
            loaded.append(load_chunk(chunk, keep_cases, documents, loader))
            if progress:
                progress(len(chunk))
        return loaded
    from concurrent.futures import ProcessPoolExecutor  # only here: importing it costs ~4 ms at start-up
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: a forked child of a process that has used polars' thread pool can deadlock
    with ProcessPoolExecutor(max_workers=workers, mp_context=_spawn()) as pool:
        futures = [pool.submit(load_chunk, chunk, keep_cases, documents, loader) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                loaded.append(future.result())
            except BrokenProcessPool:  # a worker was killed (out of memory…): find the file, load the rest
                loaded.append(_one_by_one(chunk, keep_cases, documents, loader))
            if progress:
                progress(len(chunk))
    return loaded


def _spawn() -> Any:
    from multiprocessing import get_context

    return get_context("spawn")


def _one_by_one(
    chunk: Sequence[Path], keep_cases: bool, documents: DocumentOptions | None, loader: Loader
) -> Loaded:
    """A chunk whose worker died, loaded a file at a time in a worker of its own, so that the file that
    kills its process is reported and every other file is scored."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    parts: list[Loaded] = []
    pool = ProcessPoolExecutor(max_workers=1, mp_context=_spawn())
    try:
        for file in chunk:
            try:
                parts.append(pool.submit(load_chunk, [file], keep_cases, documents, loader).result())
            except BrokenProcessPool:
                parts.append(Loaded(case_frames([]), [], [InputError(str(file), [InputProblem(CRASHED)])]))
                pool.shutdown(wait=False)
                pool = ProcessPoolExecutor(max_workers=1, mp_context=_spawn())
    finally:
        pool.shutdown()
    return _joined(parts)


def _joined(parts: Sequence[Loaded]) -> Loaded:
    """Loaded parts as one (their frames concatenated, their positions shifted)."""
    order: list[int | InputError] = []
    cases: list[Case] = []
    imported: dict[int, Imported] = {}
    offset = 0
    for part in parts:
        order.extend(item + offset if isinstance(item, int) else item for item in part.order)
        imported.update((item + offset, source) for item, source in part.imported.items())
        cases.extend(part.cases)
        offset += part.frames.meta.height
    return Loaded(Frames.concat([part.frames for part in parts]), cases, order, imported)


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
    loader: Loader = load_case,
) -> Batch:
    """Load every file (in parallel when there are many), score them all in one pass, keep the given order.

    With ``detail`` every evaluation's full result is built (and no summary frame); without it only the
    summary frame (one row per evaluation, files that failed included), which is what a district's or a
    province's folder needs. ``documents``: the 年度 and sets for tables read from documents.
    """
    loaded = _joined(_load_all(list(files), detail, progress, documents, loader))
    order, imported = loaded.order, loaded.imported
    scored = score_frames(loaded.frames, loaded.cases, messages=detail)
    batch = Batch(scored=scored)
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
