"""String parsers for 年度指标值 (targets) and 实际完成值 (actuals); pure stdlib, no I/O."""

from scoring.parsing.actual import parse_actual
from scoring.parsing.normalize import normalize
from scoring.parsing.target import parse_target
from scoring.parsing.units import canonical_unit, unit_info
from scoring.parsing.values import ActualKind, ParsedActual, ParsedTarget, TargetKind, Tier

__all__ = [
    "ActualKind",
    "ParsedActual",
    "ParsedTarget",
    "TargetKind",
    "Tier",
    "canonical_unit",
    "normalize",
    "parse_actual",
    "parse_target",
    "unit_info",
]
