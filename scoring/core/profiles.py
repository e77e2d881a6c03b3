"""Rule profiles and declared 一级 weights: the same builders for files and for long tables.

A profile is the resolved ``Rules`` of an evaluation (national defaults ← its set's [rules] ← its own
[rules]). The core numbers the distinct profiles of a batch and reads their knobs as columns, joined on
``profile``: evaluations are many, profiles few.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import polars as pl

from scoring.core.schemas import INT
from scoring.domain.models import DEFAULT_RULES, IndicatorSet, Rules
from scoring.domain.numbers import to_micro
from scoring.domain.vocabulary import TIER_KEYS, Severity

c = pl.col

_LEVEL_WEIGHT_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")


def level_name_weight(name: str) -> tuple[str, Decimal | None]:
    """'产出指标(50分)' → ('产出指标', 50); a plain name → (name, None)."""
    match = _LEVEL_WEIGHT_IN_NAME.search(name)
    if not match:
        return name.strip(), None
    return name[: match.start()].strip(), Decimal(match.group(1))


def level_weights(levels: Sequence[Any]) -> dict[str, Decimal]:
    """[[levels]] (of a file or a set) as {一级 name without its printed weight: 分值}."""
    return {level_name_weight(lv.level1)[0]: lv.weight for lv in levels}


class SetProfile(NamedTuple):
    """What an indicator set brings to the evaluations that name it: its rules and its 一级 weights. (A named
    tuple: a frozen dataclass is built at every start-up, 0.8 ms.)"""

    rules: Rules
    levels: dict[str, Decimal]


def set_profile(indicator_set: IndicatorSet) -> SetProfile:
    return SetProfile(DEFAULT_RULES.merged(indicator_set.rules), level_weights(indicator_set.levels))


def declared_level(
    level1: str, own: Mapping[str, Decimal], from_set: Mapping[str, Decimal]
) -> tuple[Decimal, Severity] | None:
    """The 分值 declared for a 一级指标 and how serious a mismatch with its rows is.

    In the name (产出指标(50分)) or in the evaluation's own [[levels]]: an error (the clerk printed it).
    Only in the set: a warning (the evaluation may have its own, unprinted weights). A file with [[levels]]
    declares its 一级 weights itself; the set's are then not consulted.
    """
    base, in_name = level_name_weight(level1)
    if in_name is not None:
        return in_name, "error"
    weight = (own if own else from_set).get(base)
    if weight is None:
        return None
    return weight, "error" if own else "warning"


def row_knobs(profiles: Sequence[Rules]) -> pl.DataFrame:
    """One row per profile with the knobs the row rules read (reverse, overachievement, late, bands …)."""
    records = []
    for number, rules in enumerate(profiles):
        deduction = rules.overachievement_deduction.strip()
        share = deduction.endswith(("%", "％"))
        amount = Decimal(deduction.rstrip("%％") or "0")
        bands = rules.qualitative_bands
        records.append(
            {
                "profile": number,
                "k_linear": rules.reverse == "linear",
                "k_dev_signed": rules.deviation == "signed",
                "k_printed_exact": rules.printed == "exact",
                "k_over": to_micro(rules.overachievement_ratio),
                "k_ded_points": 0 if share else to_micro(amount),
                "k_ded_share": to_micro(amount / 100) if share else 0,
                "k_late": to_micro(rules.late),
                "k_lower_re": "|".join(re.escape(word) for word in rules.lower_levels) or None,
                **{f"k_{key}_lo": to_micro(getattr(bands, tier)[0]) for tier, key in TIER_KEYS.items()},
                **{f"k_{key}_hi": to_micro(getattr(bands, tier)[1]) for tier, key in TIER_KEYS.items()},
            }
        )
    schema: dict[str, Any] = {
        "profile": pl.Int32,
        "k_linear": pl.Boolean,
        "k_dev_signed": pl.Boolean,
        "k_printed_exact": pl.Boolean,
        "k_lower_re": pl.String,
    }
    for record in records[:1]:
        for key in record:
            schema.setdefault(key, INT)
    return pl.DataFrame(records, schema=schema)


def total_knobs(profiles: Sequence[Rules]) -> pl.DataFrame:
    """One row per profile with the knobs the totals and the evaluation checks read."""
    return pl.DataFrame(
        [
            {
                "profile": n,
                "k_weights_total": to_micro(r.weights_total),
                "k_spending_gap": to_micro(r.spending_gap),
                "k_exec_reason_below": None
                if r.execution_reason_below is None
                else to_micro(r.execution_reason_below),
                "k_rescale": r.rescale_not_applicable,
                "k_printed_exact": r.printed == "exact",
            }
            for n, r in enumerate(profiles)
        ],
        schema={
            "profile": pl.Int32,
            "k_weights_total": INT,
            "k_spending_gap": INT,
            "k_exec_reason_below": INT,
            "k_rescale": pl.Boolean,
            "k_printed_exact": pl.Boolean,
        },
    )


def by_profile(profiles: Sequence[Rules], make: Callable[[Rules], pl.Expr]) -> pl.Expr:
    """One expression per profile, chosen by the row's profile (for rules that are lists: caps, grades)."""
    if len(profiles) == 1:  # every row has profile 0 (one file, the TUI)
        return make(profiles[0])
    expr: pl.Expr = pl.lit(None)
    for number, rules in reversed(list(enumerate(profiles))):
        expr = pl.when(c("profile") == number).then(make(rules)).otherwise(expr)
    return expr


def number_profiles(rules: Sequence[Rules]) -> tuple[list[Rules], list[int]]:
    """The distinct profiles among ``rules`` (first seen first) and each one's number."""
    keys: dict[str, int] = {}
    by_id: dict[int, int] = {}
    distinct: list[Rules] = []
    numbers = []
    for item in rules:
        number = by_id.get(id(item), -1)
        if number < 0:
            key = item.model_dump_json()
            if key not in keys:
                keys[key] = len(distinct)
                distinct.append(item)
            number = by_id[id(item)] = keys[key]
        numbers.append(number)
    return distinct or [Rules()], numbers
