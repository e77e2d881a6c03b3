"""Documents on the road every evaluation takes: imported tables as prepared cases for the core, the 得分
a clerk printed for rows only an evaluator can score, and findings pointed back at their cells."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scoring.core.frames import Case
from scoring.domain.results import EvaluationResult
from scoring.io.cases import prepare
from scoring.io.documents.importer import import_document
from scoring.io.documents.mapping import Imported

PROBLEM_CODE = "document_problem"
"""Findings for what could not be read or placed in a document (each with its cell)."""


@dataclass(frozen=True)
class DocumentOptions:
    """What the command line says about documents: the 年度 when a table prints none, the sets by kind."""

    year: int | None = None
    sets: tuple[str, ...] = ()


def document_cases(
    path: Path, options: DocumentOptions = DocumentOptions()
) -> tuple[list[Case], list[Imported]]:
    """The evaluations of one document, prepared for the core (raises InputError), and what each was read
    from. The document's own problems (a scanned page …) go with its first evaluation."""
    read = import_document(path, year=options.year, sets=options.sets)
    cases = [case_of(imported, path) for imported in read.found]
    if cases:
        cases[0].notes.extend(("warning", PROBLEM_CODE, p.render()) for p in read.problems)
    settle(cases, read.found)
    return cases, read.found


def case_of(imported: Imported, path: Path) -> Case:
    case = prepare(imported.evaluation, str(path), near=path)
    case.notes.extend(
        ("warning", PROBLEM_CODE, p.message if p.cell else p.render()) for p in imported.problems
    )
    return case


def settle(cases: Sequence[Case], found: Sequence[Imported]) -> None:
    """A row whose score needs the evaluator (a qualitative row the rules cannot score by themselves) takes
    the 得分 printed beside it as the evaluator's score: that is what the printed figure is.

    Found by the core itself (status ``judgement``), one pass for all the cases given.
    """
    chosen = [i for i, imported in enumerate(found) if imported.printed]
    if not chosen:
        return
    import polars as pl

    from scoring.core.frames import case_frames
    from scoring.core.pipeline import score_frames

    batch = [cases[i] for i in chosen]
    scored = score_frames(case_frames(batch), batch, findings=False)
    judged = scored.rows.filter((pl.col("section") == "indicator") & (pl.col("status") == "judgement"))
    for ev, item in judged.select("ev", "item").iter_rows():
        index = chosen[ev]
        printed = found[index].printed.get(item)
        if printed is not None:
            cases[index].evaluation.indicators[item].score = printed


def attach_cells(result: EvaluationResult, imported: Imported) -> None:
    """Each finding of an imported evaluation names the cell it concerns (工作表「项目自评」C14)."""
    problems = {p.message: p.cell for p in imported.problems if p.cell}
    for finding in result.findings:
        if finding.code == PROBLEM_CODE:
            finding.cell = problems.get(finding.message)
        elif finding.place is not None:
            place = finding.place
            finding.cell = (
                imported.cell(place.section, place.index)
                or imported.cell(place.section)
                or imported.cell("header")
            )


def safe_name(imported: Imported) -> str:
    """A file name for an imported evaluation: its name, without characters file systems refuse."""
    from scoring.domain.file_names import file_stem

    return file_stem(imported.evaluation.evaluation.name or Path(imported.file).stem, "自评")
