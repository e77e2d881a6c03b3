"""预算绩效情况说明 (the seed's 第三部分 十三 （二）（三）) written from scored evaluations.

Every figure is the computed one (funds as entered, 执行率 and 得分 as the engine scored them), never
the printed 总分. Problems and measures are drawn from the rows' 偏差原因分析及改进措施 and the
资金管理情况 problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from scoring.domain.hidden import xml_safe
from scoring.domain.numbers import fmt2, fmt_plain
from scoring.domain.results import EvaluationResult, IndicatorResult
from scoring.domain.vocabulary import KINDS, OPEN_STATUSES
from scoring.render.common import official

SHORT = {"short", *OPEN_STATUSES}
"""Rows that fell short or are still open: their 偏差原因 and names go into the prose."""


@dataclass
class Block:
    kind: str  # "title" | "heading" | "para" | "note"
    text: str


@dataclass
class Report:
    blocks: list[Block] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the files it was written from (their time stamps it)

    def add(self, kind: str, text: str) -> None:
        self.blocks.append(Block(kind, text))


def _money(value: Decimal | None) -> str:
    return "—" if value is None else fmt2(value)


def _with_done(items: list[dict[str, str]], what: str) -> str:
    """「内容，完成情况：实际」 for each task or goal, joined by ；."""
    return "；".join(
        _sentence(item.get(what, "")).rstrip("。")
        + "，完成情况："
        + _sentence(item.get("actual", "") or "未填报")
        for item in items
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip("；;，,")
    return text if not text or text[-1] in "。！？.!?" else text + "。"


def _row_shortfall(ind: IndicatorResult) -> str:
    name = f"{ind.level2}“{ind.level3}”"
    actual = ind.actual if ind.actual else "未填报"
    if ind.status == "missing":
        return f"{name}未填报实际完成值"
    if ind.status in {"judgement", "invalid"}:
        return f"{name}（年度指标值 {ind.target}，实际完成值 {actual}）尚待评分"
    score = f"得分 {fmt2(ind.score)}（分值 {fmt_plain(ind.weight)}）"
    return f"{name}年度指标值 {ind.target}，实际完成值 {actual}，{score}"


def _reasons(result: EvaluationResult) -> list[str]:
    seen: list[str] = []
    texts = [result.execution.reason] if result.execution and result.execution.reason else []
    texts += [i.reason for i in result.indicators if i.status in SHORT | {"over"} and i.reason]
    texts += [r.problem for r in result.reviews if r.problem]
    for text in texts:
        clean = _sentence(text or "")
        if clean and clean not in seen:
            seen.append(clean)
    return seen


def _execution(
    result: EvaluationResult,
) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    ex = result.execution
    if ex is None:
        return None, None, None, None
    return ex.initial, ex.annual, ex.executed, ex.rate


def _total(result: EvaluationResult) -> str:
    grade = f"，等级为“{result.grade}”" if result.grade else ""
    return f"{fmt2(result.total) or '—'} 分{grade}"


def department_paragraphs(result: EvaluationResult) -> list[str]:
    initial, annual, executed, rate = _execution(result)
    year = result.year or ""
    paras = [
        f"我部门 {year} 年度整体支出预算总额（年初预算数）{_money(initial)} 万元，全年预算数（调整后）"
        f"{_money(annual)} 万元，决算总额（全年执行数）{_money(executed)} 万元，预算执行率 "
        f"{fmt2(rate) or '—'}%，部门绩效自评得分 {_total(result)}。"
    ]
    if result.tasks:
        paras.append(f"其中，年度主要任务及完成情况：{_with_done(result.tasks, 'content')}")
    if result.goals:
        paras.append(f"年度履职目标及完成情况：{_with_done(result.goals, 'expected')}")
    short = [i for i in result.indicators if i.status in SHORT]
    if short:
        paras.append(
            "绩效指标设定及完成情况："
            + "；".join(_row_shortfall(i) for i in short)
            + "，未达到年度指标值；其余指标均已完成。"
        )
    elif result.indicators:
        paras.append("绩效指标设定及完成情况：各项绩效指标均已达到年度指标值。")
    reasons = _reasons(result)
    if reasons:
        paras.append("发现的主要问题、原因分析及改进措施：" + "".join(reasons))
    return paras


def project_paragraph(index: int, result: EvaluationResult) -> str:
    initial, annual, executed, rate = _execution(result)
    year = result.year or ""
    text = (
        f"{index}.{result.name}，项目 {year} 年年初预算数 {_money(initial)} 万元，"
        f"全年预算数 {_money(annual)} 万元，决算数 {_money(executed)} 万元，"
        f"预算执行率 {fmt2(rate) or '—'}%，自评得分 {_total(result)}。"
    )
    goals = [g.get("expected", "") for g in result.goals if g.get("expected")]
    if goals:
        text += "项目总体目标为：" + "".join(_sentence(g) for g in goals)
    short = [i for i in result.indicators if i.status in SHORT]
    if executed is not None and executed == 0:
        text += f"该项目 {year} 年度资金未支出。"
    if short:
        text += "未完成的指标：" + "；".join(_row_shortfall(i) for i in short) + "。"
    elif result.indicators:
        text += "各项绩效指标均已达到年度指标值。"
    reasons = _reasons(result)
    if reasons:
        text += "原因分析及改进措施：" + "".join(reasons)
    return text


NO_UNIT = "（未填主管部门）"


def units(results: list[EvaluationResult]) -> dict[str, list[EvaluationResult]]:
    """The evaluations by the department whose 情况说明 they go into, in the order first seen.

    A 部门整体 evaluation is its own department's. A project goes to a department among the evaluations
    that is its 主管部门 or its 实施单位 (the seed's projects, 主管 by 政务服务和大数据管理局 and carried out
    by 便民服务中心, go into 便民服务中心's), else to its 主管部门 (its 实施单位 when none is written).
    """
    usable = [r for r in results if r.kind in KINDS]
    departments = {r.name for r in usable if r.kind == "department"}
    found: dict[str, list[EvaluationResult]] = {}
    for result in usable:
        if result.kind == "department":
            key = result.name
        else:
            named = [n for n in (result.authority, result.implementer) if n]
            key = next((n for n in named if n in departments), named[0] if named else NO_UNIT)
        found.setdefault(key, []).append(result)
    return found


def build_report(results: list[EvaluationResult], *, notes: bool = False, unit: str | None = None) -> Report:
    """The 情况说明 as it goes into the 决算公开 document; ``notes`` adds the reviewer's notes (that the
    figures are computed ones, and which printed totals differ); ``unit`` names the department in the title
    (one 情况说明 of several, ``--split``)."""
    report = Report(sources=[r.file for r in results])
    usable = [official(r) for r in results if r.kind in KINDS]
    departments = [r for r in usable if r.kind == "department"]
    projects = [r for r in usable if r.kind == "project"]
    years = sorted({r.year for r in usable if r.year})
    year = "、".join(str(y) for y in years)
    report.add("title", f"预算绩效情况说明（{unit}）" if unit else "预算绩效情况说明")
    if notes:
        report.add(
            "note",
            "（本说明由 jixiao 按自评表计算结果生成：金额取自评表资金情况，得分为按规则计算的得分，"
            "并非填报得分；（一）绩效管理工作开展情况、（四）重点绩效评价结果由单位另行撰写。）",
        )
    report.add("heading", "（二）整体绩效自评结果")
    if departments:
        for dept in departments:
            for para in department_paragraphs(dept):
                report.add("para", para)
    else:
        report.add("para", "未提供部门整体支出绩效自评表。")
    report.add("heading", "（三）项目绩效自评结果")
    if projects:
        annual = sum((p.execution.annual or Decimal(0) for p in projects if p.execution), Decimal(0))
        executed = sum((p.execution.executed or Decimal(0) for p in projects if p.execution), Decimal(0))
        report.add(
            "para",
            f"我部门进行自评的 {year} 年项目支出共 {len(projects)} 个，全年预算数共 {fmt2(annual)} 万元，"
            f"决算资金共 {fmt2(executed)} 万元。",
        )
        for index, project in enumerate(projects, start=1):
            report.add("para", project_paragraph(index, project))
    else:
        report.add("para", "未提供项目支出绩效自评表。")
    mismatched = [
        r
        for r in usable
        if r.reported_total is not None and r.total is not None and r.reported_total != r.total
    ]
    if mismatched and notes:
        said = "；".join(
            f"{r.name}填报总分 {fmt_plain(r.reported_total)}，计算得分 {fmt2(r.total)}" for r in mismatched
        )
        report.add("note", f"附注（复核）：{said}。以上说明采用计算得分。")
    return report


def render_text(report: Report, *, markdown: bool = False) -> str:
    lines: list[str] = []
    for block in report.blocks:
        if block.kind == "title":
            lines.append(f"# {block.text}" if markdown else block.text)
        elif block.kind == "heading":
            lines.append(f"## {block.text}" if markdown else block.text)
        elif block.kind == "note":
            lines.append(f"> {block.text}" if markdown else block.text)
        else:
            lines.append(block.text if markdown else "    " + block.text)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_docx(report: Report, path: str | Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from scoring.render.docx import new_document, save, set_run_font

    doc = new_document()
    for block in report.blocks:
        block = Block(block.kind, xml_safe(block.text))  # a control character pasted from Word: dropped
        para = doc.add_paragraph()
        if block.kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(para.add_run(block.text), 16, bold=True)
        elif block.kind == "heading":
            set_run_font(para.add_run(block.text), 14, bold=True)
        elif block.kind == "note":
            set_run_font(para.add_run(block.text), 10)
        else:
            para.paragraph_format.first_line_indent = Pt(28)
            para.paragraph_format.line_spacing = 1.5
            set_run_font(para.add_run(block.text), 14)
    save(doc, path, report.sources)
