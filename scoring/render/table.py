"""The official 自评表 as terminal text (项目支出 / 部门整体支出绩效自评情况表), and the batch summary."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import (
    EXECUTION_REASON,
    GRID_COLUMNS,
    KIND_TITLE,
    NO_FINDINGS,
    SEVERITY,
    finding_where,
    findings_heading,
    status_label,
)
from scoring.render.textgrid import grid

if TYPE_CHECKING:
    from scoring.render.batch_summary import GroupRow, SummaryRow


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{fmt2(value)}%"


def render_evaluation(result: EvaluationResult) -> str:
    parts = [f"{KIND_TITLE.get(result.kind, result.kind)}（{result.year} 年度）"]
    if result.kind == "project":
        parts.append(f"项目名称：{result.name}")
        parts.append(f"主管部门：{result.authority or ''}    实施单位：{result.implementer or ''}")
    else:
        parts.append(f"部门（单位）名称：{result.name}")
    parts.append(f"文件：{result.file}")
    ex = result.execution
    if ex is not None:
        parts.append("资金情况（万元）")
        parts.append(
            grid(
                ["", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
                [
                    [
                        "年度资金总额" if result.kind == "project" else "部门预算总额",
                        fmt_plain(ex.initial),
                        fmt_plain(ex.annual),
                        fmt_plain(ex.executed),
                        fmt_plain(ex.weight),
                        _pct(ex.rate),
                        fmt2(ex.score),
                    ],
                    *(
                        [
                            f"其中：{s.name}",
                            fmt_plain(s.initial),
                            fmt_plain(s.annual),
                            fmt_plain(s.executed),
                            "—",
                            _pct(s.rate),
                            "—",
                        ]
                        for s in ex.sources
                    ),
                ],
                [20, 10, 14, 14, 6, 11, 8],
                ["<", ">", ">", ">", ">", ">", ">"],
            )
        )
    if ex is not None and ex.reason:
        parts.append(f"{EXECUTION_REASON}：{ex.reason}")
    if result.goals:
        label = "年度总体目标" if result.kind == "project" else "年度履职目标"
        parts.append(
            grid(
                [label, "预期目标", "实际完成情况"],
                [[g.get("name", ""), g.get("expected", ""), g.get("actual", "")] for g in result.goals],
                [12, 40, 30],
            )
        )
    if result.tasks:
        parts.append(
            grid(
                ["年度主要任务", "主要内容", "完成情况"],
                [[t.get("name", ""), t.get("content", ""), t.get("actual", "")] for t in result.tasks],
                [12, 40, 30],
            )
        )
    if result.reviews:
        parts.append(
            grid(
                ["资金管理情况", "情况说明", "分值", "得分", "存在问题和改进措施"],
                [[r.name, r.note, fmt_plain(r.weight), fmt2(r.score), r.problem] for r in result.reviews],
                [14, 30, 5, 6, 20],
                ["<", "<", ">", ">", "<"],
            )
        )
    rows = []
    previous = ("", "")
    for ind in result.indicators:
        level1 = ind.level1 if ind.level1 != previous[0] else ""
        level2 = ind.level2 if (ind.level1, ind.level2) != previous else ""
        previous = (ind.level1, ind.level2)
        rows.append(
            [
                level1,
                level2,
                ind.level3,
                ind.target,
                ind.actual or "",
                fmt_plain(ind.weight),
                fmt2(ind.score),
                fmt2(ind.deviation),
                status_label(ind.status, ind.score),
                ind.reason or "",
            ]
        )
    if rows:
        parts.append("绩效指标")
        parts.append(
            grid(
                [*GRID_COLUMNS, "偏差原因分析及改进措施"],
                rows,
                [8, 10, 18, 12, 12, 5, 6, 8, 8, 20],
                ["<", "<", "<", "<", "<", ">", ">", ">", "<", "<"],
            )
        )
    if result.subtotals:
        parts.append(
            grid(
                ["一级指标", "分值", "得分"],
                [[s.level1, fmt_plain(s.weight), fmt2(s.score)] for s in result.subtotals],
                [16, 6, 8],
                ["<", ">", ">"],
            )
        )
    grade = result.grade or ""
    total_line = f"总分 {fmt_plain(result.weight_total)} 分制    得分 {fmt2(result.total)}    等级 {grade}"
    if result.reported_total is not None:
        total_line += f"    （填报总分 {fmt_plain(result.reported_total)}）"
    parts.append(total_line)
    parts.append(render_findings(result))
    return "\n\n".join(parts)


def render_findings(result: EvaluationResult) -> str:
    if not result.findings:
        return NO_FINDINGS
    lines = [findings_heading(len(result.findings), result.errors, result.warnings)]
    for f in result.findings:
        place = finding_where(f.where, f.line, f.cell)
        lines.append(f"  [{SEVERITY[f.severity]}] {f.code}（{place}）：{f.message}")
    return "\n".join(lines)


def render_summary(items: Sequence[EvaluationResult] | Sequence[SummaryRow]) -> str:
    from scoring.render.batch_summary import HEADERS, footer, rows_of  # not needed to print one evaluation

    rows = rows_of(items)
    table = grid(
        HEADERS,
        [r.cells() for r in rows],
        [30, 8, 20, 9, 7, 4, 4, 4, 8],
        ["<", "<", "<", ">", ">", "^", ">", ">", ">"],
    )
    return table + "\n" + footer(rows)


def render_groups(groups: Sequence[GroupRow]) -> str:
    """The summary by 主管部门 (``--group-by``)."""
    from scoring.render.batch_summary import GROUP_HEADERS, group_footer

    table = grid(
        GROUP_HEADERS,
        [g.cells() for g in groups],
        [24, 6, 12, 12, 9, 12, 18, 4, 4],
        ["<", ">", ">", ">", ">", ">", "<", ">", ">"],
    )
    return table + "\n" + group_footer(groups)
