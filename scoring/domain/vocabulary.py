"""The Chinese words the tables, exports and the TUI print for codes (one place for all of them)."""

from __future__ import annotations

KIND_TITLE = {"project": "项目支出绩效自评情况表", "department": "部门整体支出绩效自评情况表"}
KIND_SHORT = {"project": "项目", "department": "部门整体", "unknown": "无法读取"}
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS = {
    "met": "达成",
    "short": "未达成",
    "over": "超额",
    "missing": "未填",
    "judgement": "待评分",
    "not_applicable": "不适用",
    "invalid": "无法评分",
}


NO_FINDINGS = "未发现问题。"


def findings_heading(total: int, errors: int, warnings: int) -> str:
    """The line above a findings list, the same in every table and export."""
    return f"发现问题 {total} 项（错误 {errors}，警告 {warnings}）："


def finding_where(where: str, line: int | None) -> str:
    """Where a finding is: the row, and for a file its line ("产出指标 / … ，第 12 行")."""
    return f"{where}，第 {line} 行" if line else where


def status_label(status: str, score: object = None) -> str:
    """The 状态 word for a row: a shortfall with some points is 部分达成, with none 未达成."""
    if status == "short" and score is not None and score != 0:
        return "部分达成"
    return STATUS.get(status, status)


GRID_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差度",
    "状态",
)
"""The indicator grid's columns (the 自评表's, plus 状态), before 偏差原因分析及改进措施."""
