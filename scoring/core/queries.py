"""How the core runs a query: one evaluation (the live screen's keystroke) unoptimised on the in-memory
engine, a batch optimised; which is which is decided by its rows."""

from __future__ import annotations

import polars as pl

SMALL_QUERY = 5000  # rows: below this, planning a query costs more than the optimiser saves


def collect(plan: pl.LazyFrame, rows: int, *, in_memory: bool = False) -> pl.DataFrame:
    """Run a plan over ``rows`` rows: for one evaluation unoptimised on the in-memory engine, for a batch
    optimised, on the default engine (``in_memory``: on the in-memory engine, quicker for a batch's joins,
    sums and columns over frames already in memory).

    Neither choice changes a result, only the time: on a TUI keystroke's 200 rows, the optimiser's passes
    cost a fifth of the scoring time and the streaming engine's set-up another tenth; on a province's
    table they pay for themselves many times over.
    """
    if small(rows):
        return plan.collect(optimizations=pl.QueryOptFlags.none(), engine="in-memory")
    return plan.collect(engine="in-memory" if in_memory else "auto")


def small(rows: int) -> bool:
    """One evaluation or a few, not a batch: run eagerly and unoptimised."""
    return rows < SMALL_QUERY
