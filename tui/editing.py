"""Changes to an evaluation's structure, as the editor makes them: rows, 一级/二级 groups, 分值, items.

Plain functions on the model (no screen): a pane calls ``Session.record`` first (so the change can be
undone), then one of these, then posts ``Edited(structure=True)``. Rows stay grouped as the official table
prints them: the rows of one 一级指标 together, and within it the rows of one 二级指标.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from scoring.domain.models import Evaluation, Indicator, Level

CENT = Decimal("0.01")


def blank_row(level1: str, level2: str) -> Indicator:
    """A row to fill in: no name, no target, 分值 0 (the level's sum shows what is left to give)."""
    return Indicator(level1=level1, level2=level2, level3="", weight=Decimal(0))


def add_row(evaluation: Evaluation, after: int) -> int:
    """A blank row right below row ``after``, in its 一级/二级; its index."""
    rows = evaluation.indicators
    if not rows:
        raise ValueError("no row to add after")
    here = rows[after]
    rows.insert(after + 1, blank_row(here.level1, here.level2))
    return after + 1


def duplicate_row(evaluation: Evaluation, index: int) -> int:
    """A copy of row ``index`` right below it (the printed figures of the original are not copied)."""
    rows = evaluation.indicators
    copy = rows[index].model_copy(update={"reported_score": None, "reported_deviation": None})
    rows.insert(index + 1, copy)
    return index + 1


def delete_row(evaluation: Evaluation, index: int) -> None:
    del evaluation.indicators[index]


def move_row(evaluation: Evaluation, index: int, delta: int) -> int | None:
    """Move a row one place up (``delta`` -1) or down (+1) within its 一级指标; its new index, or None at the
    edge of its 一级指标.

    At the edge of its 二级指标 the row first joins the neighbouring 二级 (as in an outline): the rows of one
    二级 stay together.
    """
    rows = evaluation.indicators
    other = index + delta
    if not 0 <= other < len(rows) or rows[other].level1 != rows[index].level1:
        return None
    row, neighbour = rows[index], rows[other]
    if neighbour.level2 != row.level2:
        rows[index] = row.model_copy(update={"level2": neighbour.level2})
        return index
    rows[index], rows[other] = neighbour, row
    return other


def group_end(evaluation: Evaluation, level1: str, level2: str | None = None) -> int:
    """Where a row added to a group goes: after the group's last row (the table's end for a new group)."""
    end = None
    for i, row in enumerate(evaluation.indicators):
        if row.level1 == level1 and (level2 is None or row.level2 == level2):
            end = i + 1
    if end is None and level2 is not None:
        return group_end(evaluation, level1)
    return len(evaluation.indicators) if end is None else end


def add_to_group(evaluation: Evaluation, level1: str, level2: str) -> int:
    """A blank row at the end of 一级 ``level1`` / 二级 ``level2`` (either may be new); its index."""
    at = group_end(evaluation, level1, level2)
    evaluation.indicators.insert(at, blank_row(level1, level2))
    return at


def regroup(evaluation: Evaluation) -> list[int]:
    """Put the rows of each 一级 (and within it each 二级) together, in the order they first appear; returns,
    for each new position, the row's old index."""
    rows = evaluation.indicators
    first1: dict[str, int] = {}
    first2: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        first1.setdefault(row.level1, i)
        first2.setdefault((row.level1, row.level2), i)
    order = sorted(
        range(len(rows)),
        key=lambda i: (first1[rows[i].level1], first2[(rows[i].level1, rows[i].level2)], i),
    )
    evaluation.indicators = [rows[i] for i in order]
    return order


def rename_level1(evaluation: Evaluation, old: str, new: str) -> None:
    """Rename a 一级指标 on every row and in the declared 一级 weights."""
    evaluation.indicators = [
        row.model_copy(update={"level1": new}) if row.level1 == old else row for row in evaluation.indicators
    ]
    for level in evaluation.levels:
        if level.level1 == old:
            level.level1 = new


def rename_level2(evaluation: Evaluation, level1: str, old: str, new: str) -> None:
    """Rename a 二级指标 on every row of its 一级指标."""
    evaluation.indicators = [
        row.model_copy(update={"level2": new}) if row.level1 == level1 and row.level2 == old else row
        for row in evaluation.indicators
    ]


def split_evenly(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` shares as equal as can be: whole points when the total is whole (25 in 6:
    5, 4, 4, 4, 4, 4), else cents; the first shares take the remainder. They sum to ``total`` exactly."""
    if count <= 0:
        return []
    unit = Decimal(1) if total == total.to_integral_value() else CENT
    units = int((total / unit).to_integral_value())
    base, extra = divmod(units, count)
    return [(base + (1 if i < extra else 0)) * unit for i in range(count)]


def rebalance(evaluation: Evaluation, level1: str, total: Decimal) -> int:
    """Give the rows of 一级 ``level1`` equal 分值 summing to ``total``; how many rows share it.

    不适用 rows share it too: the scoring core takes them out and rescales the total.
    """
    rows = [i for i, row in enumerate(evaluation.indicators) if row.level1 == level1]
    for i, weight in zip(rows, split_evenly(total, len(rows)), strict=True):
        evaluation.indicators[i] = evaluation.indicators[i].model_copy(update={"weight": weight})
    return len(rows)


def set_level_weight(
    evaluation: Evaluation, level1: str, weight: Decimal, declared: Mapping[str, Decimal]
) -> None:
    """Declare 一级 ``level1``'s 分值 in the evaluation's own [[levels]].

    A file that declares none takes its set's; declaring one then declares all (``declared``: the 一级
    weights in force now, as the scoring core reports them), so the others are not lost.
    """
    if not evaluation.levels:
        evaluation.levels = [Level(level1=name, weight=value) for name, value in declared.items()]
    for level in evaluation.levels:
        if level.level1 == level1:
            level.weight = weight
            return
    evaluation.levels.append(Level(level1=level1, weight=weight))
