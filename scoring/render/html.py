"""html: one standalone page (inline CSS), the official tables, an inline SVG bar chart per evaluation."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from scoring.domain.numbers import fmt2, fmt_as_written, fmt_plain
from scoring.domain.results import EvaluationResult
from scoring.domain.vocabulary import (
    KIND_SHORT,
    NO_FINDINGS,
    SEVERITY,
    finding_where,
    findings_heading,
    reported_total_note,
)
from scoring.render.common import level1_weights, pct
from scoring.render.layout import build
from scoring.render.printing import Body, Page, widths

CSS = """
body{font-family:"SimSun","宋体","Noto Serif CJK SC","Songti SC",serif;margin:24px;color:#111}
h1{font-size:20px;text-align:center;margin:24px 0 4px} .year{text-align:center;margin:0 0 8px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px;table-layout:fixed}
td,th{border:1px solid #000;padding:3px 5px;vertical-align:middle}
th,.label,.head,.total{font-weight:bold;text-align:center} .head,.total,th{background:#f2f2f2}
.center{text-align:center} .num{text-align:right;white-space:nowrap}
.text{text-align:left} .note{font-size:13px;margin:4px 0}
.findings{font-size:13px} .error{color:#b00020} .warning{color:#8a5a00}
section{page-break-after:always;margin-bottom:40px} svg{display:block;margin:8px 0}
""".strip()


def bar_chart(result: EvaluationResult) -> str:
    """Each 一级指标's score (dark bar) against its 分值 (light bar), in one small SVG."""
    weights = level1_weights(result)
    items: list[tuple[str, Decimal, Decimal]] = []
    if result.execution is not None:
        items.append(("预算执行率", result.execution.weight, result.execution.score or Decimal(0)))
    if result.reviews:
        items.append(
            (
                "资金管理情况",
                sum((r.weight for r in result.reviews), Decimal(0)),
                sum((r.score or Decimal(0) for r in result.reviews), Decimal(0)),
            )
        )
    for sub in result.subtotals:
        items.append((sub.level1, weights.get(sub.level1, sub.weight), sub.score))
    if not items:
        return ""
    top = max(max(w, s) for _, w, s in items) or Decimal(1)
    label_w, bar_w, row_h = 110, 360, 22
    height = row_h * len(items) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 120}" height="{height}" '
        f'role="img" aria-label="各一级指标得分与分值">'
    ]
    for i, (name, weight, score) in enumerate(items):
        y = 5 + i * row_h
        full = float(weight / top) * bar_w
        got = float(min(score, top) / top) * bar_w
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{full:.1f}" height="14" fill="#dde3ea"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{got:.1f}" height="14" fill="#2f5b8a"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}" font-size="12">'
            f"{fmt2(score)} / {fmt_plain(weight)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def evaluation_html(result: EvaluationResult) -> str:
    grid = build(result)
    out = ["<section>"]
    rows = grid.rows()
    out.append(f"<h1>{escape(rows[0][0].cell.text)}</h1>")
    if rows[1] and rows[1][0].cell.text:
        out.append(f'<p class="year">{escape(rows[1][0].cell.text)}</p>')
    sizes = widths(grid, Page().usable_width, Body())  # the columns balanced as the printed table's
    cols = "".join(f'<col style="width:{w / sum(sizes) * 100:.1f}%">' for w in sizes)
    out.append(f'<table border="1" cellspacing="0" cellpadding="3"><colgroup>{cols}</colgroup>')
    for items in rows[grid.heading_rows :]:
        out.append("<tr>")
        for placed in items:
            cell = placed.cell
            attrs = f' class="{cell.style}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            text = escape(cell.text).replace("\n", "<br>")
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    if result.reported_total is not None:
        note = reported_total_note(fmt_as_written(result.reported_total))
        out.append(f'<p class="note">注：{escape(note)}。</p>')
    out.append(bar_chart(result))
    out.append(_findings(result))
    out.append("</section>")
    return "\n".join(out)


def _findings(result: EvaluationResult) -> str:
    if not result.findings:
        return f'<p class="findings">{NO_FINDINGS}</p>'
    items = []
    for f in result.findings:
        items.append(
            f'<li class="{f.severity}">[{SEVERITY[f.severity]}] '
            f"{escape(finding_where(f.where, f.line, f.cell))}：{escape(f.message)}</li>"
        )
    head = findings_heading(len(result.findings), result.errors, result.warnings)
    return f'<div class="findings"><p>{head}</p><ul>{"".join(items)}</ul></div>'


def summary_html(results: list[EvaluationResult]) -> str:
    from scoring.render.batch_summary import fund_weighted_mean, rows_of

    heads = ["名称", "类型", "执行率", "总分", "等级", "错误", "警告", "填报总分"]
    out = [
        '<section><h1>绩效自评汇总</h1><table border="1" cellspacing="0" cellpadding="3"><tr>',
        *[f"<th>{h}</th>" for h in heads],
        "</tr>",
    ]
    for r in results:
        cells = [
            (r.name, "text"),
            (KIND_SHORT.get(r.kind, r.kind), "center"),
            (pct(r.execution.rate if r.execution else None), "num"),
            (fmt2(r.total), "num"),
            (r.grade or "", "center"),
            (str(r.errors), "num"),
            (str(r.warnings), "num"),
            (fmt_plain(r.reported_total), "num"),
        ]
        out.append("<tr>" + "".join(f'<td class="{c}">{escape(t)}</td>' for t, c in cells) + "</tr>")
    out.append("</table>")
    mean = fund_weighted_mean(rows_of(results))
    if mean is not None:
        out.append(f'<p class="note">共 {len(results)} 个自评；按全年预算数加权平均总分 {fmt2(mean)}。</p>')
    out.append("</section>")
    return "\n".join(out)


def render_html(results: list[EvaluationResult]) -> str:
    page_title = results[0].name if len(results) == 1 else "绩效自评汇总"
    body = []
    if len(results) > 1:
        body.append(summary_html(results))
    body.extend(evaluation_html(r) for r in results)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(page_title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
