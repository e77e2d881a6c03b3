"""An imported evaluation written as TOML: the documented layout, headed by where it came from."""

from __future__ import annotations

from scoring.io.documents.mapping import Imported
from scoring.io.toml_write import dump_evaluation


def imported_toml(imported: Imported) -> str:
    """The TOML text, starting with comments that name the source file, its table and cell range, and
    every problem met while reading it (each with its cell)."""
    ev = imported.evaluation
    lines = [f"# 导入自：{imported.source}（jixiao import）"]
    if imported.targets:
        lines.append("# 由绩效目标表导入：请填写实际完成值（actual）后再评分。")
    for problem in imported.problems:
        lines.append(f"# 注意：{problem.render()}")
    if ev.evaluation.set is None:
        lines.append(
            "# 未指定指标模板（set）：按全国默认规则计分；如属某省格式，请填写 set（如 henan-project）。"
        )
    return "\n".join(lines) + "\n\n" + dump_evaluation(ev)


BLOCKS = {
    "header": "表头",
    "funds": "资金情况",
    "reviews": "资金管理情况",
    "goals": "年度目标",
    "tasks": "年度主要任务",
    "indicators": "绩效指标",
}


def describe(imported: Imported) -> list[str]:
    """What was mapped, for ``jixiao import`` to print: the table → the evaluation, headings → fields (each
    with its cell), what was read, and what could not be."""
    from scoring.domain.vocabulary import KIND_SHORT
    from scoring.io.documents.layout import say

    ev = imported.evaluation
    head = ev.evaluation
    kind = "绩效目标表" if imported.targets else KIND_SHORT.get(head.kind, head.kind)
    lines = [f"{imported.source} → {kind}「{head.name}」（{head.year} 年度）"]
    for block, title in BLOCKS.items():
        pairs = [
            f"{text}（{say(where)}）→ {name}"
            for part, text, where, name in imported.headings
            if part == block
        ]
        if pairs:
            lines.append(f"  {title}：" + "、".join(pairs))
    read = []
    if ev.funds is not None:
        read.append("资金情况 1 行" + (f"、资金来源 {len(ev.funds.sources)} 行" if ev.funds.sources else ""))
    for label, items in (
        ("资金管理情况", ev.reviews),
        ("年度目标", ev.goals),
        ("年度主要任务", ev.tasks),
        ("一级指标分值", ev.levels),
        ("绩效指标", ev.indicators),
    ):
        if items:
            read.append(f"{label} {len(items)} {'行' if label == '绩效指标' else '项'}")
    if head.reported_total is not None:
        read.append(f"填报总分 {head.reported_total}")
    if head.set:
        read.append(f"指标模板 {head.set}")
    lines.append("  读取：" + "、".join(read))
    judged = [row.level3 for row in ev.indicators if row.score is not None]
    if judged:
        lines.append(f"  需评价人打分的 {len(judged)} 行取表中得分为评分：" + "、".join(judged))
    lines.extend(f"  注意：{problem.render()}" for problem in imported.problems)
    return lines
