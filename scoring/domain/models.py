"""Pydantic models of the files jixiao reads and writes (docs/formats.md §2–4).

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

from scoring.domain.directions import accepted_directions, read_direction
from scoring.domain.numbers import MAX_ABS, MAX_PLACES, percent, to_decimal
from scoring.domain.vocabulary import Kind, RuleName, Tier


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


def _serialize_number(value: Decimal) -> int | float | str:
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


# the common case (a TOML int or float within range, ≤ 6 decimals) is validated natively by pydantic-core;
# anything else (full-width digits, units, text) falls back to the Python reader and its Chinese message
_Plain = Annotated[
    Decimal, Field(strict=False, lt=MAX_ABS, gt=-MAX_ABS, decimal_places=MAX_PLACES, allow_inf_nan=False)
]
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


def _serialize_printed(value: Decimal) -> int | float | str | Decimal:
    """A figure the clerk printed keeps its places when written back (2.90 stays 2.90, 3.0 stays 3.0)."""
    if value.as_tuple().exponent != value.normalize().as_tuple().exponent and value != 0:
        return value
    return _serialize_number(value)


Printed = Annotated[Num, PlainSerializer(_serialize_printed, when_used="always")]
"""A figure copied from the printed 自评表 (填报得分, 填报偏差度, 填报总分): read exactly, with the number of
decimals it was printed with (``places``), which decides how it is compared (docs/rules.md §8)."""


def places(value: Decimal) -> int:
    """The decimals a figure was written with: 2.9 → 1, 2.90 → 2, 96 → 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


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
    if value.__class__ is str:  # nearly always: decided first (this runs for every text of every row)
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, Decimal):  # a TOML float read exactly (io.toml_read): as written
        return f"{value:f}"
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
    kind: Kind = Field(title="类型（project 项目支出 / department 部门整体支出）")
    year: Annotated[int, BeforeValidator(_not_bool)] = Field(ge=YEARS.start, le=YEARS.stop - 1, title="年度")
    name: str = Field(title="名称")
    authority: str | None = Field(None, title="主管部门")
    implementer: str | None = Field(None, title="实施单位")
    set: str | None = Field(None, title="指标模板")
    reported_total: Printed | None = Field(None, title="填报总分")
    source: str | None = Field(None, title="来源")


class FundSource(Strict):
    name: str = Field(title="名称")
    initial: Money | None = Field(None, title="年初预算数")
    annual: Money | None = Field(None, title="全年预算数")
    executed: Money | None = Field(None, title="全年执行数")
    reported_rate: Text | None = Field(None, title="填报执行率")

    @property
    def rate(self) -> Decimal | None:
        """执行率 B/A in percent, two decimals; None without both figures or with A ≤ 0."""
        if self.annual is None or self.executed is None:
            return None
        return percent(self.executed, self.annual)


class Funds(Strict):
    weight: Weight = Field(Decimal(10), title="分值")
    initial: Money | None = Field(None, title="年初预算数")
    annual: Money | None = Field(None, title="全年预算数")
    executed: Money | None = Field(None, title="全年执行数")
    reported_rate: Text | None = Field(None, title="填报执行率")
    reported_score: Printed | None = Field(None, title="填报得分")
    reason: str | None = Field(None, title="偏差原因分析及改进措施")
    sources: list[FundSource] = Field(default_factory=_no_rows, title="资金来源")


class Goal(Strict):
    name: str | None = Field(None, title="名称")
    expected: str = Field("", title="预期目标")
    actual: str = Field("", title="实际完成值")


class Task(Strict):
    name: str | None = Field(None, title="名称")
    content: str = Field("", title="主要内容")
    actual: str = Field("", title="实际完成值")


class Review(Strict):
    name: str = Field(title="名称")
    weight: Weight = Field(title="分值")
    score: Num | None = Field(None, title="得分")
    note: str = Field("", title="情况说明")
    problem: str = Field("", title="存在问题和改进措施")


class Level(Strict):
    level1: str = Field(title="一级指标")
    weight: Weight = Field(title="分值")


class Band(Strict):
    upto: Text = Field(title="不超过")
    score: Num = Field(title="得分")


class Deduct(Strict):
    from_: Text = Field(alias="from", title="起扣值")
    per: Text = Field(title="每档")
    points: Num = Field(title="每档扣分")


def _direction(value: str | None) -> str | None:
    """A 指标方向 / 计算符号 as written, if the table (directions.toml) knows it."""
    if value is not None and value.strip() and read_direction(value) is None:
        raise ValueError(f"指标方向“{value}”无法识别；应为 {accepted_directions()}")
    return value


class Indicator(Strict):
    level1: str = Field(title="一级指标")
    level2: str = Field("", title="二级指标")
    level3: str = Field(title="三级指标")
    target: Text = Field("", title="年度指标值")
    direction: Annotated[str | None, AfterValidator(_direction)] = Field(None, title="指标方向")
    actual: Text | None = Field(None, title="实际完成值")
    weight: Weight = Field(title="分值")
    reason: str | None = Field(None, title="偏差原因分析及改进措施")
    reported_score: Printed | None = Field(None, title="填报得分")
    reported_deviation: Printed | None = Field(None, title="填报偏差度")
    rule: RuleName | None = Field(None, title="评分规则")
    tier: Tier | None = Field(None, title="定性档次")
    score: Num | None = Field(None, title="得分")
    applicable: bool = Field(True, title="是否适用")
    target_too_low: bool = Field(False, title="指标值设定偏低")
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
    below: Num = Field(title="执行率低于")
    total_max: Num = Field(title="总分上限")


class Grade(Strict):
    min: Num | None = Field(None, title="最低分")
    grade: str = Field(title="等级")


def _share(value: Any) -> Any:
    """A share written as "90%" or 0.9."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        return to_decimal(value.strip()[:-1]) / 100
    return value


Share = Annotated[Num, BeforeValidator(_share)]


class RuleOverrides(Strict):
    """``[rules]`` as written in a set or an evaluation: every knob optional."""

    reverse: Literal["ratio", "linear"] | None = Field(None, title="越低越好指标的计分方式")
    overachievement_ratio: Share | None = Field(None, title="超额标记倍数")
    overachievement_deduction: Text | None = Field(None, title="指标值偏低时的调减")
    late: Share | None = Field(None, title="逾期得分比例")
    qualitative_bands: QualitativeBands | None = Field(None, title="定性档次分值区间")
    execution_reason_below: Share | None = Field(None, title="须说明原因的执行率")
    execution_caps: list[ExecutionCap] | None = Field(None, title="执行率封顶")
    spending_gap: Share | None = Field(None, title="支出预警差距")
    grades: list[Grade] | None = Field(None, title="等级")
    rescale_not_applicable: bool | None = Field(None, title="不适用指标折算")
    weights_total: Num | None = Field(None, title="分值合计")
    lower_levels: list[str] | None = Field(None, title="越低越好的一级/二级指标")
    deviation: Literal["shortfall", "signed"] | None = Field(None, title="偏差度的填列方式")
    printed: Literal["as_printed", "exact"] | None = Field(None, title="填报数的比较精度")

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
    """The resolved rule profile (national defaults ← set ← evaluation; docs/formats.md §4)."""

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
    deviation: Literal["shortfall", "signed"] = "shortfall"
    """偏差度 as the 自评表 prints it: 0.00 on a met row, signed on a shortfall ("shortfall"); or signed on
    every row that has a number, met rows too ("signed": ≤83.65万元 with 5万元 printed as −94.02)."""
    printed: Literal["as_printed", "exact"] = "as_printed"
    """How a printed 得分 / 偏差度 / 执行率 is compared with the computed one: at the decimals it was printed
    with, a rate without % also as a fraction, a cut figure a warning ("as_printed"); or at two decimals,
    exactly ("exact")."""

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
"""The national defaults (docs/rules.md), shared: resolving a file without [rules] or a set costs nothing."""


class Tables(Strict):
    """What evaluations and indicator sets share: rules, funds block, levels, goals, tasks, reviews, rows."""

    rules: RuleOverrides | None = Field(None, title="[rules] 评分规则")
    funds: Funds | None = Field(None, title="[funds] 资金情况")
    levels: list[Level] = Field(default_factory=_no_rows, title="一级指标分值")
    goals: list[Goal] = Field(default_factory=_no_rows, title="年度目标")
    tasks: list[Task] = Field(default_factory=_no_rows, title="年度主要任务")
    reviews: list[Review] = Field(default_factory=_no_rows, title="资金管理情况")
    indicators: list[Indicator] = Field(default_factory=_no_rows, title="绩效指标")


class Evaluation(Tables):
    """One self-evaluation file (its [evaluation] header is written first: io.toml_write.dump_evaluation)."""

    evaluation: EvaluationHeader = Field(title="[evaluation] 基本信息")


class SetHeader(Strict):
    id: str = Field(title="模板标识")
    title: str = Field(title="标题")
    kind: Kind = Field(title="类型（project 项目支出 / department 部门整体支出）")
    source: str = Field(title="来源")
    note: str | None = Field(None, title="说明")


class IndicatorSet(Tables):
    set: SetHeader = Field(title="[set] 指标模板")

    @property
    def weight_total(self) -> Decimal:
        funds = self.funds.weight if self.funds else Decimal(0)
        return (
            funds
            + sum((r.weight for r in self.reviews), Decimal(0))
            + sum((i.weight for i in self.indicators), Decimal(0))
        )


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds: ``Funds``, ``list[Review]``, ``Deduct | None`` → the model class."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def field_model(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel]:
    """The model whose fields a location inside ``root`` names (the last table the path enters)."""
    model = root
    for part in loc:
        if not isinstance(part, str):
            continue
        info = model.model_fields.get(part) or next(
            (i for i in model.model_fields.values() if i.alias == part), None
        )
        inner = _inner_model(info.annotation) if info is not None else None
        if inner is None:
            break
        model = inner
    return model


def field_title(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    """The Chinese title of the field a location inside ``root`` ends at (the field's name when untitled)."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return ""
    model = field_model(root, tuple(loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))]))
    info = model.model_fields.get(names[-1]) or next(
        (i for i in model.model_fields.values() if i.alias == names[-1]), None
    )
    return (info.title if info is not None and info.title else None) or names[-1]
