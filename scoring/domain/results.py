"""What scoring produces (docs/formats.md §6): pydantic models that the JSON, the tables and the TUI read.

No ``from __future__ import annotations``: string annotations cost pydantic a compile each at import time.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from scoring.domain.vocabulary import Section, Severity, Status

JsonNum = Annotated[
    Decimal,
    PlainSerializer(lambda v: int(v) if v == v.to_integral_value() else float(v), when_used="json"),
]


class Out(BaseModel):
    model_config = ConfigDict(frozen=False)


class Place(Out):
    """Where in an evaluation something is: a section and, for rows, the row's index in it.

    Screens read it to go there; the JSON result leaves it out (``where`` says the same in Chinese).
    """

    model_config = ConfigDict(frozen=True)

    section: Section
    index: int | None = None


class Finding(Out):
    severity: Severity
    code: str
    message: str
    where: str
    line: int | None = None
    row: int | None = None  # index of the indicator in the file's [[indicators]], when it concerns one
    cell: str | None = None  # from a document: the cell it concerns (工作表「项目自评」C14, 表 3 第 7 行)
    place: Place | None = Field(None, exclude=True)


class FundSourceResult(Out):
    """One 其中 row of the funds block (财政拨款 / 上年结转 / …); added for the exports."""

    name: str
    initial: JsonNum | None = None
    annual: JsonNum | None = None
    executed: JsonNum | None = None
    rate: JsonNum | None = None
    reported_rate: str | None = None


class Execution(Out):
    initial: JsonNum | None = None
    annual: JsonNum | None = None
    executed: JsonNum | None = None
    rate: JsonNum | None = None
    weight: JsonNum
    score: JsonNum | None = None
    reported_rate: str | None = None
    reported_score: JsonNum | None = None
    reason: str | None = None
    """偏差原因分析及改进措施 of the budget's execution (the funds block's ``reason``)."""
    sources: list[FundSourceResult] = []


class IndicatorResult(Out):
    level1: str
    level2: str
    level3: str
    target: str
    actual: str | None
    weight: JsonNum
    rule: str
    score: JsonNum | None
    deviation: JsonNum | None
    status: Status
    reason: str | None
    reported_score: JsonNum | None = None
    reported_deviation: JsonNum | None = None
    target_reading: str = ""
    actual_reading: str = ""
    tier: str | None = None
    needs_reason: bool = False
    reason_missing: bool = Field(False, exclude=True)
    """needs_reason and no reason given: the cell blank or a placeholder (无, /, 见附件 …); for screens."""
    band: tuple[Decimal, Decimal] | None = Field(None, exclude=True)
    """The points the chosen tier's band spans (达成 [lo, hi], the others [lo, hi)); for screens."""
    place: Place | None = Field(None, exclude=True)


class ReviewResult(Out):
    name: str
    weight: JsonNum
    score: JsonNum | None
    note: str = ""
    problem: str = ""


class Subtotal(Out):
    level1: str
    level2: str | None = None
    weight: JsonNum
    score: JsonNum
    declared_weight: JsonNum | None = None


class EvaluationResult(Out):
    file: str
    kind: str
    name: str
    year: int | None
    authority: str | None = None
    implementer: str | None = None
    set: str | None = None
    execution: Execution | None
    indicators: list[IndicatorResult]
    reviews: list[ReviewResult]
    subtotals: list[Subtotal]
    level2_subtotals: list[Subtotal] = []
    weight_total: JsonNum
    weights_expected: Decimal | None = Field(None, exclude=True)
    """What the 分值 should sum to under the evaluation's rules (100 unless ``weights_total`` says); for
    screens."""
    raw_total: JsonNum | None = None
    total: JsonNum | None
    grade: str | None
    reported_total: JsonNum | None = None
    rows_filled: int = 0
    rows_total: int = 0
    findings: list[Finding]
    goals: list[dict[str, str]] = []
    tasks: list[dict[str, str]] = []

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


class ScoreReport(Out):
    evaluations: list[EvaluationResult]
