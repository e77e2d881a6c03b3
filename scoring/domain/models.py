"""Pydantic models of the files jixiao reads and writes (formats.md §1–3).

Field names are the public contract: never rename them. Unknown keys are rejected (``extra="forbid"``)
so that a typo cannot silently drop data.

No ``from __future__ import annotations`` here: pydantic would have to compile every field's annotation
from its string at import time (about 2 ms of the command's start-up).
"""

from decimal import Decimal
from typing import Annotated, Any, Literal, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema

from scoring.domain.numbers import to_decimal


class _BuiltOnce:
    """Last metadata of a shared ``Annotated`` type: pydantic builds its core schema at the first field that
    uses it; every later field gets a copy (pydantic would otherwise rebuild the whole union each time)."""

    def __init__(self) -> None:
        self._schema: CoreSchema | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        if self._schema is None:
            self._schema = handler(source)
        # a copy: an annotation wrapped around this one (a PlainSerializer) may set keys on what it gets
        return cast(CoreSchema, dict(self._schema))


Kind = Literal["project", "department"]
Tier = Literal["达成", "部分达成", "未达成"]
RuleName = Literal["higher", "lower", "equal", "range", "deadline", "qualitative", "manual"]


def _serialize_number(value: Decimal) -> int | float | str:
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


_LIMIT = Decimal(10) ** 12
# the common case (a TOML int or float within range, ≤ 6 decimals) is validated natively by pydantic-core;
# anything else (full-width digits, units, text) falls back to the Python reader and its Chinese message
_Plain = Annotated[Decimal, Field(strict=False, lt=_LIMIT, gt=-_LIMIT, decimal_places=6, allow_inf_nan=False)]
_Read = Annotated[Decimal, BeforeValidator(lambda v: to_decimal(v))]
_ReadMoney = Annotated[Decimal, BeforeValidator(lambda v: to_decimal(v, money=True))]


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("应为数字，不是 true/false")
    return value


Num = Annotated[
    _Plain | _Read,
    Field(union_mode="left_to_right"),
    BeforeValidator(_not_bool),
    PlainSerializer(_serialize_number, when_used="always"),
    _BuiltOnce(),
]
"""A number read exactly (floats through their shortest repr; strings with full-width digits too)."""


def _weight_range(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(1000):
        raise ValueError(f"分值 {value} 超出范围；应在 0 到 1000 之间")
    return value


Weight = Annotated[Num, AfterValidator(_weight_range)]
"""A 分值: 0 to 1000 (which also keeps every exact product far inside Int128)."""


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"金额 {value} 不能为负数；应填写 0 或正数（万元）")
    return value


Money = Annotated[
    _Plain | _ReadMoney,
    Field(union_mode="left_to_right"),
    BeforeValidator(_not_bool),
    AfterValidator(_not_negative),
    PlainSerializer(_serialize_number, when_used="always"),
    _BuiltOnce(),
]
"""An amount in 万元, not negative; a string may carry 元/万元/亿元 and is converted."""


def _text(value: Any) -> Any:
    """Targets and actuals are text as written; a bare TOML number is accepted and kept as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return value


Text = Annotated[str, BeforeValidator(_text)]


def _no_rows() -> list[Any]:
    """A fresh empty list. Not ``list`` itself: pydantic reads a default factory's signature, and a
    builtin's is parsed from its text by the tokenizer, whose first use compiles a large regex (~3 ms)."""
    return []


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


YEARS = range(1990, 2101)  # the 年度 an evaluation may carry


class EvaluationHeader(Strict):
    kind: Kind
    year: int = Field(ge=YEARS.start, le=YEARS.stop - 1)
    name: str
    authority: str | None = None
    implementer: str | None = None
    set: str | None = None
    reported_total: Num | None = None
    source: str | None = None


class FundSource(Strict):
    name: str
    initial: Money | None = None
    annual: Money | None = None
    executed: Money | None = None
    reported_rate: Text | None = None


class Funds(Strict):
    weight: Weight = Decimal(10)
    initial: Money | None = None
    annual: Money | None = None
    executed: Money | None = None
    reported_rate: Text | None = None
    reported_score: Num | None = None
    reason: str | None = None
    sources: list[FundSource] = Field(default_factory=_no_rows)


class Goal(Strict):
    name: str | None = None
    expected: str = ""
    actual: str = ""


class Task(Strict):
    name: str | None = None
    content: str = ""
    actual: str = ""


class Review(Strict):
    name: str
    weight: Weight
    score: Num | None = None
    note: str = ""
    problem: str = ""


class Level(Strict):
    level1: str
    weight: Weight


class Band(Strict):
    upto: Text
    score: Num


class Deduct(Strict):
    from_: Text = Field(alias="from")
    per: Text
    points: Num


class Indicator(Strict):
    level1: str
    level2: str = ""
    level3: str
    target: Text = ""
    actual: Text | None = None
    weight: Weight
    reason: str | None = None
    reported_score: Num | None = None
    reported_deviation: Num | None = None
    rule: RuleName | None = None
    tier: Tier | None = None
    score: Num | None = None
    applicable: bool = True
    target_too_low: bool = False
    bands: list[Band] | None = None
    deduct: Deduct | None = None

    @property
    def path(self) -> str:
        """The row as reviewers name it: 一级 / 二级 / 三级."""
        return " / ".join(part for part in (self.level1, self.level2, self.level3) if part)


class QualitativeBands(Strict):
    达成: tuple[Num, Num] = (Decimal("0.8"), Decimal(1))
    部分达成: tuple[Num, Num] = (Decimal("0.6"), Decimal("0.8"))
    未达成: tuple[Num, Num] = (Decimal(0), Decimal("0.6"))


class ExecutionCap(Strict):
    below: Num
    total_max: Num


class Grade(Strict):
    min: Num | None = None
    grade: str


def _share(value: Any) -> Any:
    """A share written as "90%" or 0.9."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        return to_decimal(value.strip()[:-1]) / 100
    return value


Share = Annotated[Num, BeforeValidator(_share)]


class RuleOverrides(Strict):
    """``[rules]`` as written in a set or an evaluation: every knob optional."""

    reverse: Literal["ratio", "linear"] | None = None
    overachievement_ratio: Share | None = None
    overachievement_deduction: Text | None = None
    late: Share | None = None
    qualitative_bands: QualitativeBands | None = None
    execution_reason_below: Share | None = None
    execution_caps: list[ExecutionCap] | None = None
    spending_gap: Share | None = None
    grades: list[Grade] | None = None
    rescale_not_applicable: bool | None = None
    weights_total: Num | None = None
    lower_levels: list[str] | None = None

    @field_validator("overachievement_deduction", mode="before")
    @classmethod
    def _deduction(cls, value: Any) -> Any:
        """Points ("2", 2) or a share of 分值 ("20%"); anything else is refused here, not mid-batch."""
        text = _text(value)
        if isinstance(text, str):
            body = text.strip()
            share = body.endswith(("%", "％"))
            amount = to_decimal(body.rstrip("%％") or "x")
            if amount < 0 or (share and amount > 100):
                raise ValueError(f"调减“{body}”超出范围；应为不小于 0 的分数，或 0%–100% 的比例")
            return f"{amount}%" if share else str(amount)
        return text

    @model_validator(mode="after")
    def _shares_in_range(self) -> "RuleOverrides":
        """Shares are fractions of 分值 or of 100%: between 0 and 1 (bands also low ≤ high)."""
        for name in ("late", "spending_gap", "execution_reason_below"):
            value = getattr(self, name)
            if value is not None and not Decimal(0) <= value <= Decimal(1):
                raise ValueError(f"{name} = {value} 超出范围；应在 0 到 1 之间（或 0%–100%）")
        if self.overachievement_ratio is not None and self.overachievement_ratio < 1:
            raise ValueError(f"overachievement_ratio = {self.overachievement_ratio} 应不小于 1（如 1.2）")
        if self.qualitative_bands is not None:
            for tier, (low, high) in self.qualitative_bands.model_dump().items():
                if not Decimal(0) <= low <= high <= Decimal(1):
                    raise ValueError(
                        f"qualitative_bands 的“{tier}”区间 [{low}, {high}] 应在 0 到 1 之间且下限不大于上限"
                    )
        return self


class Rules(Strict):
    """The resolved rule profile (domain.md defaults ← set ← evaluation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reverse: Literal["ratio", "linear"] = "ratio"
    overachievement_ratio: Decimal = Decimal("1.2")
    overachievement_deduction: str = "0"
    late: Decimal = Decimal(0)
    qualitative_bands: QualitativeBands = QualitativeBands()
    execution_reason_below: Decimal | None = None
    execution_caps: tuple[ExecutionCap, ...] = ()
    spending_gap: Decimal = Decimal("0.05")
    grades: tuple[Grade, ...] = (
        Grade(min=Decimal(90), grade="优"),
        Grade(min=Decimal(80), grade="良"),
        Grade(min=Decimal(60), grade="中"),
        Grade(grade="差"),
    )
    rescale_not_applicable: bool = True
    weights_total: Decimal = Decimal(100)
    lower_levels: tuple[str, ...] = ("成本",)
    """Words of 一级/二级指标 names under which a bare number (no ≥/≤) is a ceiling: 成本指标 "20万元"."""

    def merged(self, overrides: RuleOverrides | None) -> "Rules":
        if overrides is None:
            return self
        changes = {k: v for k, v in overrides.model_dump(exclude_none=True).items()}
        if "qualitative_bands" in changes:
            changes["qualitative_bands"] = overrides.qualitative_bands
        if "execution_caps" in changes:
            changes["execution_caps"] = tuple(overrides.execution_caps or ())
        if "grades" in changes:
            changes["grades"] = tuple(overrides.grades or ())
        if "lower_levels" in changes:
            changes["lower_levels"] = tuple(overrides.lower_levels or ())
        for key in (
            "overachievement_ratio",
            "late",
            "execution_reason_below",
            "spending_gap",
            "weights_total",
        ):
            if key in changes:
                changes[key] = getattr(overrides, key)
        return self.model_copy(update=changes)


DEFAULT_RULES = Rules()
"""The national defaults (domain.md), shared: resolving a file without [rules] or a set costs nothing."""


class Tables(Strict):
    """What evaluations and indicator sets share: rules, funds block, levels, goals, tasks, reviews, rows."""

    rules: RuleOverrides | None = None
    funds: Funds | None = None
    levels: list[Level] = Field(default_factory=_no_rows)
    goals: list[Goal] = Field(default_factory=_no_rows)
    tasks: list[Task] = Field(default_factory=_no_rows)
    reviews: list[Review] = Field(default_factory=_no_rows)
    indicators: list[Indicator] = Field(default_factory=_no_rows)


class Evaluation(Tables):
    """One self-evaluation file (its [evaluation] header is written first, see loading.dump_evaluation)."""

    evaluation: EvaluationHeader


class SetHeader(Strict):
    id: str
    title: str
    kind: Kind
    source: str
    note: str | None = None


class IndicatorSet(Tables):
    set: SetHeader

    @property
    def weight_total(self) -> Decimal:
        funds = self.funds.weight if self.funds else Decimal(0)
        return (
            funds
            + sum((r.weight for r in self.reviews), Decimal(0))
            + sum((i.weight for i in self.indicators), Decimal(0))
        )
