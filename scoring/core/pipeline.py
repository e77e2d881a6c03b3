"""The road every input takes through the core: frames → scored rows → totals → findings.

Files, long tables and the TUI's one evaluation all come here as ``Frames`` (see ``frames`` and
``long_table``); ``convert`` turns what leaves into results.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import polars as pl

from scoring.core import checks
from scoring.core.frames import Case, Frames, case_frames
from scoring.core.parsed import with_parsed
from scoring.core.profiles import row_knobs
from scoring.core.queries import collect, small
from scoring.core.row_rules import score_rows
from scoring.core.schemas import FINDING_SCHEMA
from scoring.core.totals import totals


@dataclass
class Scored:
    """The scoring core's output for a batch: the scored rows, one row per evaluation, and the findings."""

    cases: Sequence[Case]
    rows: pl.DataFrame
    evals: pl.DataFrame
    findings: pl.DataFrame
    levels: pl.DataFrame
    table_lines: bool = False


NO_FINDINGS = pl.DataFrame(schema=FINDING_SCHEMA)


def score_frames(
    frames: Frames, cases: Sequence[Case] = (), *, messages: bool = True, findings: bool = True
) -> Scored:
    """The one scoring core for every input: rows → scored rows → per-evaluation totals → findings.

    Without ``findings`` the checks are left for ``with_findings`` (the TUI shows the figures of a
    keystroke first and the findings a moment later).
    """
    profiles = frames.profiles
    scored = score_rows(with_parsed(frames.rows), frames.bands, row_knobs(profiles))
    if small(frames.rows.height):  # eager: a millisecond less than planning a query (the TUI)
        evals = totals(scored, frames.meta, profiles)
    else:
        evals = totals(scored.lazy(), frames.meta.lazy(), profiles).collect()
    done = Scored(cases=cases, rows=scored, evals=evals, findings=NO_FINDINGS, levels=frames.levels)
    return with_findings(done, frames, messages=messages) if findings else done


def with_findings(scored: Scored, frames: Frames, *, messages: bool = True) -> Scored:
    """``scored`` with every finding: notes from building the frames, row checks, evaluation checks,
    declared 一级 weights."""
    findings = collect(
        pl.concat(
            [
                checks.note_findings(frames.notes),
                checks.row_findings(scored.rows, messages=messages).lazy(),
                checks.eval_findings(scored.evals, messages=messages).lazy(),
                checks.level_findings(scored.rows.lazy(), frames.levels),
            ]
        ),
        scored.rows.height,
    )
    return replace(scored, findings=findings)


def score_cases(cases: Sequence[Case]) -> Scored:
    """Score a batch of prepared evaluations in one pass through the core."""
    return score_frames(case_frames(cases), cases)


def score_stages(case: Case) -> Iterator[Scored]:
    """The live road (the TUI): first the figures (scores, 偏差度, statuses, totals; no findings yet), then
    the same with its findings. Both from one pass of the core; stopping after the first skips the checks
    (the evaluator typed again)."""
    frames = case_frames([case])
    figures = score_frames(frames, [case], findings=False)
    yield figures
    yield with_findings(figures, frames)
