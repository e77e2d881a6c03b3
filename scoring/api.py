"""The front door: everything the CLI and the TUI do with evaluations.

Load, save and start evaluations, score one (at once or live, figures first), score many files and long
tables, summarise, export, write the 情况说明. Behind it: ``io`` (files, sets, batch), ``core`` (the one
scoring core), ``render`` (tables and documents). The CLI and the TUI import this module and
``scoring.domain`` only.

Importing it is cheap: each function imports the floor it needs when called, so ``jixiao score one.toml``
loads neither the batch machinery nor the document writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scoring.domain.errors import InputError
from scoring.domain.models import Evaluation, IndicatorSet
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import Orientation
from scoring.render import BINARY, EXTENSION, FORMATS

if TYPE_CHECKING:
    import polars as pl

    from scoring.core.convert import Known
    from scoring.io.documents.cases import DocumentOptions
    from scoring.io.documents.importer import DocumentImport
    from scoring.io.documents.mapping import Imported
    from scoring.parsing import ParsedActual, ParsedTarget
    from scoring.render.report import Report

__all__ = [
    "BINARY",
    "EXTENSION",
    "FORMATS",
    "Inputs",
    "document_lines",
    "document_toml",
    "dump",
    "export",
    "failed_result",
    "find_set",
    "gather",
    "import_document",
    "is_document",
    "json_pieces",
    "load",
    "new_from_previous",
    "new_from_set",
    "read_actual",
    "read_target",
    "render",
    "report",
    "report_docx",
    "report_text",
    "report_units",
    "safe_name",
    "safe_stem",
    "save",
    "save_refusal",
    "score",
    "score_imported",
    "score_inputs",
    "score_live",
    "sets",
    "sort_results",
    "stream_table",
    "summarize",
    "summary_csv",
    "summary_text",
]

# --- one evaluation: files, sets, new ---------------------------------------------------------------------


def load(path: str | Path) -> Evaluation:
    """An evaluation file (raises InputError with Chinese messages naming line, row and value)."""
    from scoring.io.toml_read import load_evaluation

    return load_evaluation(path)


def save(evaluation: Evaluation, path: str | Path) -> None:
    """Write atomically, keeping the comments of the file it replaces, through a symlink, keeping hard
    links (raises OSError; WriteRefused, never forcing, for a read-only or another user's file)."""
    from scoring.io.toml_write import save_evaluation

    save_evaluation(evaluation, path)


def save_refusal(path: str | Path) -> str | None:
    """Why ``save`` would refuse ``path`` (read-only, another user's, not a regular file), in Chinese, so a
    caller can ask first; None when saving may go ahead. ``save`` itself raises WriteRefused then."""
    from scoring.io.toml_write import refusal

    return refusal(path)


def dump(evaluation: Evaluation) -> str:
    """The evaluation as TOML text in the documented layout."""
    from scoring.io.toml_write import dump_evaluation

    return dump_evaluation(evaluation)


def sets() -> list[tuple[Path, IndicatorSet | InputError]]:
    """The shipped indicator sets, each read (or why it could not be)."""
    from scoring.io.sets import shipped_sets
    from scoring.io.toml_read import load_set_file

    found: list[tuple[Path, IndicatorSet | InputError]] = []
    for path in shipped_sets():
        try:
            found.append((path, load_set_file(path)))
        except InputError as exc:
            found.append((path, exc))
    return found


def is_document(path: str | Path) -> bool:
    """A document jixiao reads tables from (.xlsx, .xls, .ods, .docx, .pdf, .doc …), by its name."""
    from scoring.io.documents import is_document as document

    return document(path)


def import_document(path: str | Path, *, year: int | None = None, sets: Sequence[str] = ()) -> DocumentImport:
    """Every 自评表 / 绩效目标表 in a document as an evaluation, each with the cells it was read from and
    what could not be read (raises InputError, in Chinese, when the file holds none). ``sets`` apply by
    kind; a row only an evaluator can score takes the 得分 printed beside it."""
    from scoring.io.documents.cases import case_of, settle
    from scoring.io.documents.importer import import_document as read

    found = read(path, year=year, sets=sets)
    settle([case_of(imported, Path(path)) for imported in found.found], found.found)
    return found


def document_toml(imported: Imported) -> str:
    """An imported evaluation as TOML, headed by comments naming its source (file, table, cells) and
    what could not be read."""
    from scoring.io.documents.writing import imported_toml

    return imported_toml(imported)


def document_lines(imported: Imported) -> list[str]:
    """What an import mapped (table → evaluation, headings → fields with their cells), for printing."""
    from scoring.io.documents.writing import describe

    return describe(imported)


def score_imported(imported: Imported, near: Path | None = None) -> EvaluationResult:
    """Score an evaluation read from a document; each finding names the cell it concerns."""
    from scoring.core.convert import results
    from scoring.core.pipeline import score_cases
    from scoring.io.documents.cases import attach_cells, case_of

    result = results(score_cases([case_of(imported, near or Path(imported.file))]))[0]
    attach_cells(result, imported)
    return result


def find_set(name: str, near: Path | None = None) -> IndicatorSet:
    """A set by id (shipped) or by path (raises InputError)."""
    from scoring.io.sets import find_set as find

    return find(name, near)


def new_from_set(set_ref: str, year: int | None = None) -> Evaluation:
    """A fresh evaluation from a set, ready to fill in (raises InputError)."""
    from scoring.io.new import evaluation_from_set

    return evaluation_from_set(find_set(set_ref), set_ref, year)


def new_from_previous(path: str | Path) -> Evaluation:
    """Next year's evaluation from last year's file: structure, targets and weights carried, what was done
    cleared, the year one on (raises InputError when the file cannot be read)."""
    from scoring.io.new import next_year

    return next_year(load(path))


# --- scoring one ------------------------------------------------------------------------------------------


def score(evaluation: Evaluation, path: str | Path = "", near: Path | None = None) -> EvaluationResult:
    """Score one evaluation held in memory, findings included (``near``: where its set is looked for)."""
    from scoring.core.convert import results
    from scoring.core.pipeline import score_cases
    from scoring.io.cases import prepare

    return results(score_cases([prepare(evaluation, str(path), near)]))[0]


def score_live(
    evaluation: Evaluation, path: str | Path = "", near: Path | None = None
) -> Iterator[EvaluationResult]:
    """The TUI's road: the figures first (no findings yet), then the same result with its findings.

    One pass of the core; a caller that stops after the first (the evaluator typed again) skips the checks.
    """
    from scoring.core.convert import results
    from scoring.core.pipeline import score_stages
    from scoring.io.cases import prepare

    if len(_LIVE_ROWS) > _LIVE_ROWS_KEPT:
        _LIVE_ROWS.clear()
    for stage in score_stages(prepare(evaluation, str(path), near)):
        yield results(stage, _LIVE_ROWS)[0]


_LIVE_ROWS: Known = {}
"""The live road's indicator results by their scored row: a keystroke changes one row, the rest are reused."""
_LIVE_ROWS_KEPT = 10_000


def read_target(text: str, year: int | None = None) -> ParsedTarget:
    """How the core reads a 年度指标值 (direction, number, unit, deadline …), for showing it as typed."""
    from scoring.parsing import parse_target

    return parse_target(text, year)


def read_actual(text: str, year: int | None = None) -> ParsedActual:
    """How the core reads a 实际完成值 (number, unit, date, tier …), for showing it as typed."""
    from scoring.parsing import parse_actual

    return parse_actual(text, year)


# --- many: files, folders, long tables ----------------------------------------------------------------------


@dataclass
class Inputs:
    """What the paths on a command line hold: evaluation files and documents (folders searched once), long
    tables, and for documents the 年度 (when a table prints none) and the indicator sets to apply by kind."""

    files: list[Path] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)
    year: int | None = None
    sets: tuple[str, ...] = ()

    @property
    def documents(self) -> DocumentOptions | None:
        """How to read the documents among the files; None when there are none (their readers then stay
        unloaded: a tenth of the start-up of scoring one TOML file)."""
        from scoring.io.documents import is_document

        if not any(is_document(path) for path in self.files):
            return None
        from scoring.io.documents.cases import DocumentOptions

        return DocumentOptions(year=self.year, sets=self.sets)

    @property
    def count(self) -> int:
        return len(self.files) + len(self.tables)


def gather(paths: Sequence[str | Path], *, year: int | None = None, sets: Sequence[str] = ()) -> Inputs:
    """Sort the paths into evaluation files and documents, and long tables, searching each folder once.
    ``year`` and ``sets`` apply to tables read from documents (--year, --set)."""
    from scoring.io.batch import collect, is_table

    tables = [Path(p) for p in paths if is_table(p)]
    files = collect(p for p in paths if not is_table(p))
    return Inputs(files=files, tables=tables, year=year, sets=tuple(sets))


def failed_result(error: InputError) -> EvaluationResult:
    """An input that could not be read, as a result carrying its problems as findings."""
    from scoring.io.batch import failed_result as failed

    return failed(error)


def score_inputs(
    inputs: Inputs, *, stream: TextIO | None = None, on_error: Callable[[InputError], None] | None = None
) -> tuple[list[EvaluationResult], int]:
    """Full results of every evaluation in ``inputs`` and how many inputs could not be read.

    An unreadable file is kept as a result with its problems as findings, and passed to ``on_error``; an
    unreadable long table is passed to ``on_error``, or (without one) kept as such a result. A progress bar
    goes to ``stream`` when many files load on a terminal.
    """
    from scoring.core.convert import results
    from scoring.core.pipeline import score_frames
    from scoring.io.batch import failed_result as failed
    from scoring.io.progress import score_files_with_progress

    found: list[EvaluationResult] = []
    errors = 0
    if inputs.files:
        batch = score_files_with_progress(inputs.files, stream, documents=inputs.documents)
        errors += len(batch.errors)
        found.extend(batch.results)  # a file that failed is there too, its problems as findings
        if on_error is not None:
            for error in batch.errors:
                on_error(error)
    for table in inputs.tables:
        from scoring.io.long_table import read_table  # loaded only when there is a table

        try:
            scored = score_frames(read_table(table))
        except InputError as exc:
            errors += 1
            if on_error is not None:
                on_error(exc)
            else:
                found.append(failed(exc))
            continue
        scored.table_lines = True
        found.extend(results(scored))
    return found, errors


def stream_table(path: str | Path) -> Iterator[list[EvaluationResult]]:
    """The full results of a long table, a batch of evaluations at a time (memory stays that of one batch);
    raises InputError when the table cannot be read."""
    from scoring.io.long_table import stream_results

    return stream_results(Path(path))


def json_pieces(batches: Iterable[list[EvaluationResult]]) -> Iterator[str]:
    """The json format's text, written a batch of results at a time."""
    from scoring.render import json_pieces as pieces

    return pieces(batches)


def summarize(
    inputs: Inputs, *, stream: TextIO | None = None, on_error: Callable[[InputError], None] | None = None
) -> tuple[pl.DataFrame | None, int]:
    """One summary row per evaluation (files that failed included) without building every result, and
    how many inputs could not be read; None when nothing could be summarised."""
    import polars as pl

    from scoring.io.long_table import summarize_table
    from scoring.io.progress import score_files_with_progress

    frames, failed = [], 0
    if inputs.files:
        batch = score_files_with_progress(inputs.files, stream, detail=False, documents=inputs.documents)
        for error in batch.errors:
            if on_error is not None:
                on_error(error)
        failed += len(batch.errors)
        assert batch.summary is not None
        frames.append(batch.summary)
    for table in inputs.tables:
        try:
            frames.append(summarize_table(table))
        except InputError as exc:
            if on_error is not None:
                on_error(exc)
            failed += 1
    if not frames:
        return None, failed
    return pl.concat(frames, how="diagonal_relaxed"), failed


# --- output: tables, documents, the 情况说明 ----------------------------------------------------------------


def render(fmt: str, results: list[EvaluationResult], *, detail: bool = False) -> str:
    """The text of a text format (table, md, csv, json, html)."""
    from scoring.render import render_text

    return render_text(fmt, results, detail=detail)


def export(
    fmt: str,
    results: list[EvaluationResult],
    path: str | Path,
    *,
    detail: bool = True,
    findings: bool = False,
    orientation: Orientation = "auto",
) -> None:
    """Write one file in ``fmt`` (raises OSError when it cannot be written). docx and xlsx hold the
    official tables only unless ``findings``; ``orientation``: their pages (auto: portrait where it fits)."""
    from scoring.render import write
    from scoring.render.common import Options

    write(fmt, results, path, detail=detail, options=Options(findings=findings, orientation=orientation))


def safe_name(text: str) -> str:
    """``text`` (a department's name) fit for a file name."""
    from scoring.render.common import safe_name as name

    return name(text)


def safe_stem(result: EvaluationResult, index: int) -> str:
    """A file name for one evaluation in an output folder."""
    from scoring.render.common import safe_stem as stem

    return stem(result, index)


def summary_text(
    fmt: str, summary: pl.DataFrame, *, sort: str | None = None, group_by: str | None = None
) -> str:
    """A summary frame (``summarize``) as the terminal table or Markdown; ``sort``: 总分, errors or 执行率
    (highest first); ``group_by``: 主管部门 (one row per department, fund-weighted)."""
    from scoring.render.batch_summary import group_rows, rows_from_frame, sort_rows

    rows = rows_from_frame(summary)
    if group_by is not None:
        groups = sort_rows(group_rows(rows, group_by), sort)
        if fmt == "md":
            from scoring.render.md import groups_md

            return groups_md(groups) + "\n"
        from scoring.render.table import render_groups

        return render_groups(groups) + "\n"
    rows = sort_rows(rows, sort)
    if fmt == "md":
        from scoring.render.md import summary_md

        return summary_md(rows) + "\n"
    from scoring.render.table import render_summary

    return render_summary(rows) + "\n"


def summary_csv(summary: pl.DataFrame, *, sort: str | None = None, group_by: str | None = None) -> bytes:
    """A summary frame as CSV with a BOM (Excel and WPS read it as UTF-8), sorted or by 主管部门."""
    from scoring.render import batch_summary as bs

    if group_by is not None:
        return bs.group_csv(bs.sort_rows(bs.group_rows(bs.rows_from_frame(summary), group_by), sort))
    if sort is not None:
        return bs.rows_csv(bs.sort_rows(bs.rows_from_frame(summary), sort))
    return bs.summary_csv(summary)


def sort_results(results: list[EvaluationResult], by: str | None) -> list[EvaluationResult]:
    """Evaluations in ``--sort`` order (总分, errors or 执行率, highest first)."""
    if by is None:  # as given (the summary's renderer stays unloaded)
        return list(results)
    from scoring.render.batch_summary import sort_results as ordered

    return ordered(results, by)


def report(results: list[EvaluationResult], *, notes: bool = False, unit: str | None = None) -> Report:
    """The 预算绩效情况说明 from scored evaluations (computed figures, never the printed ones); ``notes``:
    with the reviewer's notes (how the figures were computed, printed totals that differ); ``unit``: the
    department named in the title (one of several, ``report_units``)."""
    from scoring.render.report import build_report

    return build_report(results, notes=notes, unit=unit)


def report_units(results: list[EvaluationResult]) -> dict[str, list[EvaluationResult]]:
    """The evaluations by the department whose 情况说明 they go into (one report is one department's)."""
    from scoring.render.report import units

    return units(results)


def report_text(built: Report, *, markdown: bool = False) -> str:
    from scoring.render.report import render_text

    return render_text(built, markdown=markdown)


def report_docx(built: Report, path: str | Path) -> None:
    from scoring.render.report import write_docx

    write_docx(built, path)
