"""A document to evaluations: read its grids, find the tables, map each to an evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scoring.domain.errors import InputError
from scoring.domain.models import IndicatorSet
from scoring.io.documents.layout import recognise
from scoring.io.documents.mapping import Imported, to_evaluation
from scoring.io.documents.noted import noted_totals
from scoring.io.documents.problems import Problem, refused, unreadable
from scoring.io.documents.read import read_grids

LOOKED_FOR = (
    "没有找到自评表或绩效目标表：查找的是“项目支出/部门整体支出绩效自评情况表”“绩效目标申报表”等表名，"
    "或含“一级指标、二级指标、三级指标（指标名称）、年度指标值（指标值）、分值（权重）”的表头"
)


@dataclass
class DocumentImport:
    """The evaluations found in one document, and what could not be read in it."""

    path: str
    found: list[Imported] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the document's own (scans, sheets not read)


def sets_by_kind(refs: Sequence[str], near: Path, display: str) -> dict[str, tuple[str, IndicatorSet]]:
    """The sets named with --set, by the kind of table each is for (raises InputError for an unknown one)."""
    from scoring.io.sets import find_set

    found: dict[str, tuple[str, IndicatorSet]] = {}
    for ref in refs:
        try:
            indicator_set = find_set(ref, near)
        except InputError as exc:
            raise unreadable(display, f"--set {ref}：{exc.problems[0].message}") from exc
        found.setdefault(indicator_set.set.kind, (ref, indicator_set))
    return found


def import_document(path: str | Path, *, year: int | None = None, sets: Sequence[str] = ()) -> DocumentImport:
    """Every 自评表 / 绩效目标表 in the document as an evaluation (raises InputError, in Chinese, when the
    file cannot be read or holds none). ``sets``: indicator sets (--set) applied by kind: a 项目 set to
    the 项目 tables, a 部门整体 set to the 部门整体 table."""
    display = str(path)
    chosen = sets_by_kind(sets, Path(path), display) if sets else {}
    grids, problems, independent, lines = read_grids(Path(path), display)
    forms = recognise(grids, independent=independent)
    noted = noted_totals(grids, lines)
    result = DocumentImport(display, problems=list(problems))
    blocked: list[Problem] = []
    for form in forms:
        ref, indicator_set = chosen.get(form.kind or "project", (None, None))
        mapped = to_evaluation(
            form, display, year=year, indicator_set=indicator_set, set_ref=ref, noted=noted
        )
        if isinstance(mapped, list):
            blocked.extend(mapped)
        else:
            result.found.append(mapped)
    if not result.found:
        if blocked:
            raise refused(display, [*blocked, *problems])
        read = "、".join(dict.fromkeys(grid.origin.label for grid in grids)) or "文件中没有表格"
        extra = "".join(f"；{p.render()}" for p in problems)
        raise unreadable(display, f"{LOOKED_FOR}（已读取：{read}）{extra}")
    result.problems.extend(blocked)
    return result
