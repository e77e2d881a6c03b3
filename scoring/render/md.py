"""Markdown: the 自评表 as pipe tables (no merged cells: repeated 一级/二级 are left blank)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import (
    EXECUTION_REASON,
    NO_FINDINGS,
    SEVERITY,
    finding_where,
    findings_heading,
)
from scoring.render.batch_summary import (
    GROUP_HEADERS,
    HEADERS,
    GroupRow,
    SummaryRow,
    footer,
    group_footer,
    rows_of,
)
from scoring.render.common import (
    goal_text,
    has_deviation_column,
    level1_weights,
    pct,
    title,
    year_line,
)

_MARKDOWN = str.maketrans({ch: f"\\{ch}" for ch in "\\`*_[]!#|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _cell(text: str) -> str:
    """A clerk's text as Markdown shows it and never follows it: on one line (a newline in a name would
    end a list item or a table row), every character Markdown reads as markup escaped, so raw HTML,
    ``[…](javascript:…)`` links and ``![](http://…)`` image beacons are shown as text."""
    return " ".join(str(text).split()).translate(_MARKDOWN)


def table(heads: list[str], rows: list[list[str]], aligns: str = "") -> str:
    aligns = aligns or "l" * len(heads)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(_cell(h) for h in heads) + " |",
        "| " + " | ".join(marks[a] for a in aligns) + " |",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def evaluation_md(result: EvaluationResult) -> str:
    parts = [f"## {title(result)}{year_line(result)}"]
    if result.kind == "project":
        parts.append(
            f"- 项目名称：{_cell(result.name)}\n- 主管部门：{_cell(result.authority or '')}\n"
            f"- 实施单位：{_cell(result.implementer or '')}"
        )
    else:
        parts.append(f"- 部门（单位）名称：{_cell(result.name)}")
    parts[-1] += f"\n- 文件：{_cell(result.file)}"
    ex = result.execution
    if ex is not None:
        first = "年度资金总额" if result.kind == "project" else "部门预算总额"
        rows = [
            [
                first,
                fmt_plain(ex.initial),
                fmt_plain(ex.annual),
                fmt_plain(ex.executed),
                fmt_plain(ex.weight),
                pct(ex.rate),
                fmt2(ex.score),
            ]
        ]
        for s in ex.sources:
            rows.append(
                [
                    s.name,
                    fmt_plain(s.initial),
                    fmt_plain(s.annual),
                    fmt_plain(s.executed),
                    "—",
                    pct(s.rate),
                    "—",
                ]
            )
        label = "项目资金（万元）" if result.kind == "project" else "部门整体支出情况（万元）"
        parts.append(
            f"**{label}**\n\n"
            + table(
                [
                    "",
                    "年初预算数",
                    "全年预算数（A）",
                    "全年执行数（B）",
                    "分值",
                    "执行率（B/A×100%）",
                    "得分",
                ],
                rows,
                "lrrrrrr",
            )
        )
        if ex.reason:
            parts.append(f"**{EXECUTION_REASON}**：{_cell(ex.reason)}")
    if result.reviews:
        review_weight = sum((r.weight for r in result.reviews), Decimal(0))
        parts.append(
            "**资金管理情况**\n\n"
            + table(
                ["", "情况说明", f"分值（{fmt_plain(review_weight)}）", "得分", "存在问题和改进措施"],
                [[r.name, r.note, fmt_plain(r.weight), fmt2(r.score), r.problem] for r in result.reviews],
                "llrrl",
            )
        )
    if result.goals:
        if result.kind == "project":
            parts.append(
                "**年度总体目标**\n\n"
                + table(
                    ["预期目标", "全年实际完成情况"],
                    [[goal_text(g), g.get("actual", "")] for g in result.goals],
                )
            )
        else:
            parts.append(
                "**年度履职目标**\n\n"
                + table(
                    ["目标名称", "主要内容", "目标完成情况"],
                    [[g.get("name", ""), g.get("expected", ""), g.get("actual", "")] for g in result.goals],
                )
            )
    if result.tasks:
        parts.append(
            "**年度主要任务**\n\n"
            + table(
                ["任务名称", "主要内容", "任务完成情况"],
                [[t.get("name", ""), t.get("content", ""), t.get("actual", "")] for t in result.tasks],
            )
        )
    if result.indicators:
        deviation = has_deviation_column(result)
        weights = level1_weights(result)
        heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
        heads += ["偏差度"] if deviation else []
        heads += ["偏差原因分析及改进措施"]
        rows = []
        previous = ("", "")
        for ind in result.indicators:
            weight = weights.get(ind.level1)
            level1 = ind.level1 + (f"（{fmt_plain(weight)}分）" if weight is not None else "")
            row = [
                level1 if ind.level1 != previous[0] else "",
                ind.level2 if (ind.level1, ind.level2) != previous else "",
                ind.level3,
                ind.target,
                ind.actual or "",
                fmt_plain(ind.weight),
                fmt2(ind.score),
            ]
            previous = (ind.level1, ind.level2)
            row += [fmt2(ind.deviation)] if deviation else []
            row += [ind.reason or ""]
            rows.append(row)
        aligns = "lllcc" + "rr" + ("r" if deviation else "") + "l"
        parts.append("**绩效指标**\n\n" + table(heads, rows, aligns))
    grade = _cell(result.grade or "—")
    total = f"**总分** {fmt_plain(result.weight_total)} 分制，得分 **{fmt2(result.total)}**，等级 **{grade}**"
    if result.reported_total is not None:
        total += f"（填报总分 {fmt_plain(result.reported_total)}）"
    parts.append(total)
    parts.append(findings_md(result))
    return "\n\n".join(parts)


def findings_md(result: EvaluationResult) -> str:
    if not result.findings:
        return NO_FINDINGS
    lines = [findings_heading(len(result.findings), result.errors, result.warnings), ""]
    for f in result.findings:
        place = finding_where(f.where, f.line, f.cell)
        lines.append(f"- [{SEVERITY[f.severity]}] {_cell(place)}：{_cell(f.message)}")
    return "\n".join(lines)


def summary_md(items: Sequence[EvaluationResult] | Sequence[SummaryRow]) -> str:
    rows = rows_of(items)
    out = "## 绩效自评汇总\n\n" + table(HEADERS, [r.cells() for r in rows], "lllrrcrrr")
    return out + "\n\n" + footer(rows) + "。"


def groups_md(groups: Sequence[GroupRow]) -> str:
    """The summary by 主管部门 (``--group-by``)."""
    out = "## 绩效自评汇总（按主管部门）\n\n" + table(GROUP_HEADERS, [g.cells() for g in groups], "lrrrrrlrr")
    return out + "\n\n" + group_footer(groups) + "。"


def render_md(results: list[EvaluationResult], detail: bool = True) -> str:
    parts = []
    if len(results) > 1:
        parts.append(summary_md(results))
    if len(results) == 1 or detail:
        parts.extend(evaluation_md(r) for r in results)
    return "\n\n".join(parts) + "\n"
